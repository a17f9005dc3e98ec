//! [`Service`] and the parts of a service definition that name something.

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use super::any::{Any, Field, Key};
use super::keys::KeyList;
use super::kv::{KeyValue, key_values};
use super::load::{Loader, Path, fit};
use super::mounts::{Mount, mounts};
use super::ports::{Port, ports};
use super::text::Text;
use crate::Spanned;
use crate::yaml::{View, ViewEntry};

/// One service of a compose file.
///
/// Fields that most services leave unset (`hostname`, `links`, `extends`, `volumes_from`,
/// `network_mode`, `ipc`, `pid`, `uts`, `cgroup`, `secrets`, `configs`, `profiles`,
/// `label_file`) are read with methods and kept together in one box ([`RareFields`]), which
/// a service without any of them does not allocate; `build` is boxed too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The service name (its key under `services:`).
    pub name: Spanned<EcoString>,
    /// The whole `name: …` entry (for fixes that delete the service).
    pub entry_range: TextRange,
    /// The service's value.
    pub range: TextRange,
    /// Every key of the service, in order (merged keys included): see [`Service::keys`].
    keys: KeyList,
    /// `image`.
    pub image: Option<Text>,
    /// `build`.
    pub build: Option<Box<Build>>,
    /// `container_name`.
    pub container_name: Option<Text>,
    /// `depends_on`, list or map.
    pub depends_on: ThinVec<DependsOn>,
    /// `networks`, list or map.
    pub networks: ThinVec<ServiceNetwork>,
    /// `ports`.
    pub ports: ThinVec<Port>,
    /// `expose`.
    pub expose: ThinVec<Text>,
    /// `volumes`.
    pub volumes: ThinVec<Mount>,
    /// `env_file`: a string, or a list of strings and `{path, required, format}`.
    pub env_file: ThinVec<EnvFileRef>,
    /// `environment`, list or map.
    pub environment: ThinVec<KeyValue>,
    /// `labels`, list or map.
    pub labels: ThinVec<KeyValue>,
    /// The fields most services leave unset; `None` when all are.
    rare: Option<Box<RareFields>>,
    /// Every other key (`command`, `healthcheck`, `x-*`…), kept generically.
    pub extra: ThinVec<Field>,
}

/// The fields of a [`Service`] that most services leave unset, read with the service's
/// methods of the same names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RareFields {
    /// `hostname`.
    pub hostname: Option<Box<Text>>,
    /// `links`.
    pub links: ThinVec<Link>,
    /// `extends`.
    pub extends: Option<Box<Extends>>,
    /// `volumes_from`.
    pub volumes_from: ThinVec<VolumesFrom>,
    /// `network_mode` (`host`, `none`, `service:x`, `container:x`…).
    pub network_mode: Option<Box<Text>>,
    /// `ipc`.
    pub ipc: Option<Box<Text>>,
    /// `pid`.
    pub pid: Option<Box<Text>>,
    /// `uts`.
    pub uts: Option<Box<Text>>,
    /// `cgroup`.
    pub cgroup: Option<Box<Text>>,
    /// `secrets`.
    pub secrets: ThinVec<FileRef>,
    /// `configs`.
    pub configs: ThinVec<FileRef>,
    /// `profiles`.
    pub profiles: ThinVec<Text>,
    /// `label_file`.
    pub label_file: ThinVec<Text>,
}

/// `build:` of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// The value (a string or a mapping).
    pub range: TextRange,
    /// Written as a string: the context only.
    pub short: bool,
    /// The build context (the string form, or `context:`).
    pub context: Option<Text>,
    /// `dockerfile`, relative to the context.
    pub dockerfile: Option<Text>,
    /// `dockerfile_inline`.
    pub dockerfile_inline: Option<Box<Text>>,
    /// `args`, list or map; an arg may have no value.
    pub args: ThinVec<KeyValue>,
    /// `additional_contexts`, list or map (`name: service:x` names a service).
    pub additional_contexts: ThinVec<KeyValue>,
    /// `secrets` (build secrets), which name top-level secrets.
    pub secrets: ThinVec<FileRef>,
    /// `target`.
    pub target: Option<Box<Text>>,
    /// `labels`.
    pub labels: ThinVec<KeyValue>,
    /// Every key of the mapping form, in order: see [`Build::keys`].
    keys: KeyList,
    /// Other keys.
    pub extra: ThinVec<Field>,
}

impl Build {
    /// Returns every key of the mapping form, in order (none for the string form).
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.keys.iter(BUILD_FIELDS, &self.extra)
    }
}

/// One `depends_on` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependsOn {
    /// The list item or map entry.
    pub range: TextRange,
    /// The service depended on.
    pub service: Text,
    /// `condition` (map form).
    pub condition: Option<Text>,
    /// `required` (map form).
    pub required: Option<Box<Text>>,
    /// `restart` (map form).
    pub restart: Option<Box<Text>>,
}

impl DependsOn {
    /// Returns `required`, `true` when not given. `required: false` only excuses a service
    /// that a profile disables, never a missing one.
    pub fn is_required(&self) -> bool {
        self.required
            .as_deref()
            .and_then(Text::as_bool)
            .unwrap_or(true)
    }
}

/// One `links` entry: `SERVICE[:ALIAS]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The entry as written.
    pub text: Text,
    /// The linked service.
    pub service: Spanned<EcoString>,
    /// The alias other containers may use.
    pub alias: Option<Spanned<EcoString>>,
}

/// `extends`: `base` or `{service, file}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extends {
    /// The value.
    pub range: TextRange,
    /// The extended service.
    pub service: Option<Text>,
    /// The file holding it, relative to this compose file; `None` for this file.
    pub file: Option<Text>,
}

/// Where `volumes_from` takes volumes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumesFromSource {
    /// Another service of the project.
    Service(Spanned<EcoString>),
    /// `container:NAME`, a container outside the project.
    Container(Spanned<EcoString>),
}

/// One `volumes_from` entry: `SERVICE[:ro|rw]` or `container:NAME[:ro|rw]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumesFrom {
    /// The entry as written.
    pub text: Text,
    /// Where the volumes come from.
    pub source: VolumesFromSource,
    /// `ro` or `rw`.
    pub mode: Option<Spanned<EcoString>>,
}

/// One entry of a service's `networks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceNetwork {
    /// The list item or map entry.
    pub range: TextRange,
    /// The network (a key of top-level `networks`, or the implicit `default`).
    pub name: Text,
    /// `aliases`: more names other containers on this network resolve to the service.
    pub aliases: ThinVec<Text>,
    /// `ipv4_address`.
    pub ipv4_address: Option<Box<Text>>,
    /// `ipv6_address`.
    pub ipv6_address: Option<Box<Text>>,
    /// Other keys (`priority`, `mac_address`…).
    pub extra: ThinVec<Field>,
}

/// One `env_file` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFileRef {
    /// The list item (or the whole value for the string form).
    pub range: TextRange,
    /// The path, relative to the compose file's directory.
    pub path: Text,
    /// `required` (long form).
    pub required: Option<Text>,
    /// `format` (long form; `raw` disables interpolation inside the file).
    pub format: Option<Text>,
}

impl EnvFileRef {
    /// Returns `required`, `true` when not given.
    pub fn is_required(&self) -> bool {
        self.required
            .as_ref()
            .and_then(Text::as_bool)
            .unwrap_or(true)
    }
}

/// One `secrets` or `configs` entry of a service (or of `build.secrets`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// The list item.
    pub range: TextRange,
    /// The top-level secret or config used (the short form, or `source:`).
    pub source: Option<Text>,
    /// `target`.
    pub target: Option<Text>,
    /// Written as a mapping.
    pub long: bool,
    /// Other keys (`uid`, `gid`, `mode`).
    pub extra: ThinVec<Field>,
}

/// What kind of field a [`ServiceRef`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceRefKind {
    /// `depends_on`.
    DependsOn,
    /// `links`.
    Link,
    /// `volumes_from`.
    VolumesFrom,
    /// `network_mode: service:x`.
    NetworkMode,
    /// `ipc: service:x`.
    Ipc,
    /// `pid: service:x`.
    Pid,
    /// `uts: service:x`.
    Uts,
    /// `cgroup: service:x`.
    Cgroup,
    /// `extends` without `file` (a service of the same file).
    Extends,
    /// `build.additional_contexts` value `service:x`.
    AdditionalContext,
}

/// A reference from one service to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRef {
    /// Where it comes from.
    pub kind: ServiceRefKind,
    /// The service named, ranged over the name where the scalar allows it.
    pub name: Spanned<EcoString>,
    /// The whole entry (list item, map entry, or scalar) holding the reference.
    pub range: TextRange,
}

impl Service {
    fn new(name: Spanned<EcoString>, entry_range: TextRange, range: TextRange) -> Self {
        Self {
            name,
            entry_range,
            range,
            keys: KeyList::default(),
            image: None,
            build: None,
            container_name: None,
            depends_on: ThinVec::new(),
            networks: ThinVec::new(),
            ports: ThinVec::new(),
            expose: ThinVec::new(),
            volumes: ThinVec::new(),
            env_file: ThinVec::new(),
            environment: ThinVec::new(),
            labels: ThinVec::new(),
            rare: None,
            extra: ThinVec::new(),
        }
    }

    /// The rarely set fields, made when the first of them is read in.
    fn rare_mut(&mut self) -> &mut RareFields {
        self.rare.get_or_insert_default()
    }

    /// `hostname`.
    pub fn hostname(&self) -> Option<&Text> {
        self.rare.as_ref()?.hostname.as_deref()
    }

    /// `links`.
    pub fn links(&self) -> &[Link] {
        self.rare.as_ref().map_or(&[], |r| &r.links)
    }

    /// `extends`.
    pub fn extends(&self) -> Option<&Extends> {
        self.rare.as_ref()?.extends.as_deref()
    }

    /// `volumes_from`.
    pub fn volumes_from(&self) -> &[VolumesFrom] {
        self.rare.as_ref().map_or(&[], |r| &r.volumes_from)
    }

    /// `network_mode` (`host`, `none`, `service:x`, `container:x`…).
    pub fn network_mode(&self) -> Option<&Text> {
        self.rare.as_ref()?.network_mode.as_deref()
    }

    /// `ipc`.
    pub fn ipc(&self) -> Option<&Text> {
        self.rare.as_ref()?.ipc.as_deref()
    }

    /// `pid`.
    pub fn pid(&self) -> Option<&Text> {
        self.rare.as_ref()?.pid.as_deref()
    }

    /// `uts`.
    pub fn uts(&self) -> Option<&Text> {
        self.rare.as_ref()?.uts.as_deref()
    }

    /// `cgroup`.
    pub fn cgroup(&self) -> Option<&Text> {
        self.rare.as_ref()?.cgroup.as_deref()
    }

    /// `secrets`.
    pub fn secrets(&self) -> &[FileRef] {
        self.rare.as_ref().map_or(&[], |r| &r.secrets)
    }

    /// `configs`.
    pub fn configs(&self) -> &[FileRef] {
        self.rare.as_ref().map_or(&[], |r| &r.configs)
    }

    /// `profiles`.
    pub fn profiles(&self) -> &[Text] {
        self.rare.as_ref().map_or(&[], |r| &r.profiles)
    }

    /// `label_file`.
    pub fn label_file(&self) -> &[Text] {
        self.rare.as_ref().map_or(&[], |r| &r.label_file)
    }

    /// Returns every key of the service, in order (merged keys included).
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.keys.iter(SERVICE_FIELDS, &self.extra)
    }

    /// Returns the key entry of `name`, if the service sets it.
    pub fn key(&self, name: &str) -> Option<Key> {
        self.keys().filter(|k| k.as_str() == name).last()
    }

    /// Returns the keys that have a tag (`!reset`, `!override`), which change how the
    /// service merges.
    pub fn tagged_keys(&self) -> impl Iterator<Item = &Key> {
        self.keys.tagged(&self.extra)
    }

    /// Returns a generic field (`command`, `healthcheck`, `x-*`…).
    pub fn field(&self, name: &str) -> Option<&Any> {
        self.extra
            .iter()
            .rev()
            .find(|f| f.key.as_str() == name)
            .map(|f| &f.value)
    }

    /// Returns every reference this service makes to another service of the project, in
    /// field order. `extends` with a `file` and `volumes_from: container:x` are not included
    /// (they point outside the project's services).
    pub fn service_refs(&self) -> Vec<ServiceRef> {
        let mut out = Vec::new();
        for dep in &self.depends_on {
            out.push(ServiceRef {
                kind: ServiceRefKind::DependsOn,
                name: dep.service.spanned(),
                range: dep.range,
            });
        }
        for link in self.links() {
            out.push(ServiceRef {
                kind: ServiceRefKind::Link,
                name: link.service.clone(),
                range: link.text.range(),
            });
        }
        for from in self.volumes_from() {
            if let VolumesFromSource::Service(name) = &from.source {
                out.push(ServiceRef {
                    kind: ServiceRefKind::VolumesFrom,
                    name: name.clone(),
                    range: from.text.range(),
                });
            }
        }
        let modes = [
            (ServiceRefKind::NetworkMode, self.network_mode()),
            (ServiceRefKind::Ipc, self.ipc()),
            (ServiceRefKind::Pid, self.pid()),
            (ServiceRefKind::Uts, self.uts()),
            (ServiceRefKind::Cgroup, self.cgroup()),
        ];
        for (kind, text) in modes {
            if let Some(text) = text
                && let Some(name) = service_mode(text)
            {
                out.push(ServiceRef {
                    kind,
                    name,
                    range: text.range(),
                });
            }
        }
        if let Some(extends) = self.extends()
            && extends.file.is_none()
            && let Some(service) = &extends.service
        {
            out.push(ServiceRef {
                kind: ServiceRefKind::Extends,
                name: service.spanned(),
                range: extends.range,
            });
        }
        if let Some(build) = &self.build {
            for context in &build.additional_contexts {
                if let Some(value) = &context.value
                    && let Some(name) = service_mode(value)
                {
                    out.push(ServiceRef {
                        kind: ServiceRefKind::AdditionalContext,
                        name,
                        range: context.range,
                    });
                }
            }
        }
        out
    }

    /// Returns the names this service's container answers to on its networks: the service
    /// name, `container_name`, network `aliases` and the aliases other services' `links`
    /// give it are not included here (see the project for those).
    pub fn own_names(&self) -> Vec<Spanned<EcoString>> {
        let mut out = vec![self.name.clone()];
        if let Some(name) = &self.container_name {
            out.push(name.spanned());
        }
        for network in &self.networks {
            for alias in &network.aliases {
                out.push(alias.spanned());
            }
        }
        out
    }
}

/// Reads `service:NAME` (from `network_mode`, `ipc`, `pid`, `uts`, `cgroup`, or an
/// additional context), giving the name with its range.
pub fn service_mode(text: &Text) -> Option<Spanned<EcoString>> {
    let name = text.as_str().strip_prefix("service:")?;
    let start = text.as_str().len() - name.len();
    Some(text.part(start, text.as_str().len()))
}

/// The service keys the model types, each read into its own field by [`service`]; every
/// other key is an `extra` field.
pub(crate) const SERVICE_FIELDS: &[&str] = &[
    "image",
    "build",
    "container_name",
    "hostname",
    "depends_on",
    "links",
    "extends",
    "volumes_from",
    "network_mode",
    "ipc",
    "pid",
    "uts",
    "cgroup",
    "networks",
    "ports",
    "expose",
    "volumes",
    "env_file",
    "environment",
    "secrets",
    "configs",
    "profiles",
    "labels",
    "label_file",
];

/// The `build` keys the model types (see [`SERVICE_FIELDS`]).
const BUILD_FIELDS: &[&str] = &[
    "context",
    "dockerfile",
    "dockerfile_inline",
    "args",
    "additional_contexts",
    "secrets",
    "target",
    "labels",
];

pub(crate) fn service(
    ld: &mut Loader<'_>,
    entry: &ViewEntry<'_>,
    name: Spanned<EcoString>,
) -> Service {
    let services = Path::Root("services");
    let path = services.key(entry.key_str().unwrap_or_default());
    let mut svc = Service::new(name, entry.range(), entry.value.node().range);
    let fields = ld.entries(entry.value, &path);
    svc.keys.reserve_exact(fields.len());
    for field in fields {
        let Some(key) = Loader::key(&field) else {
            continue;
        };
        svc.keys.push(&key, SERVICE_FIELDS);
        let p = path.key(key.as_str());
        let value = field.value;
        match key.as_str() {
            "image" => svc.image = ld.scalar(value, &p),
            "build" => svc.build = build(ld, value, &p).map(Box::new),
            "container_name" => svc.container_name = ld.scalar(value, &p),
            "hostname" => svc.rare_mut().hostname = ld.scalar(value, &p).map(Box::new),
            "depends_on" => svc.depends_on = depends_on(ld, value, &p),
            "links" => svc.rare_mut().links = links(ld, value, &p),
            "extends" => svc.rare_mut().extends = extends(ld, value, &p).map(Box::new),
            "volumes_from" => svc.rare_mut().volumes_from = volumes_from(ld, value, &p),
            "network_mode" => svc.rare_mut().network_mode = ld.scalar(value, &p).map(Box::new),
            "ipc" => svc.rare_mut().ipc = ld.scalar(value, &p).map(Box::new),
            "pid" => svc.rare_mut().pid = ld.scalar(value, &p).map(Box::new),
            "uts" => svc.rare_mut().uts = ld.scalar(value, &p).map(Box::new),
            "cgroup" => svc.rare_mut().cgroup = ld.scalar(value, &p).map(Box::new),
            "networks" => svc.networks = networks(ld, value, &p),
            "ports" => svc.ports = ports(ld, value, &p),
            "expose" => svc.expose = ld.strings(value, &p),
            "volumes" => svc.volumes = mounts(ld, value, &p),
            "env_file" => svc.env_file = env_files(ld, value, &p),
            "environment" => svc.environment = key_values(ld, value, &p, '='),
            "secrets" => svc.rare_mut().secrets = file_refs(ld, value, &p),
            "configs" => svc.rare_mut().configs = file_refs(ld, value, &p),
            "profiles" => svc.rare_mut().profiles = ld.strings(value, &p),
            "labels" => svc.labels = key_values(ld, value, &p, '='),
            "label_file" => svc.rare_mut().label_file = ld.strings(value, &p),
            _ => {
                let any = ld.any(value, &p, 0);
                svc.extra.push(Field { key, value: any });
            }
        }
    }
    svc.keys.fit();
    fit(&mut svc.extra);
    svc
}

fn build(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> Option<Build> {
    let mut build = Build {
        range: view.node().range,
        short: !view.is_mapping(),
        context: None,
        dockerfile: None,
        dockerfile_inline: None,
        args: ThinVec::new(),
        additional_contexts: ThinVec::new(),
        secrets: ThinVec::new(),
        target: None,
        labels: ThinVec::new(),
        keys: KeyList::default(),
        extra: ThinVec::new(),
    };
    if !view.is_mapping() {
        build.context = Some(ld.scalar(view, path)?);
        return Some(build);
    }
    let entries = view.entries();
    build.keys.reserve_exact(entries.len());
    for entry in entries {
        let Some(key) = Loader::key(&entry) else {
            continue;
        };
        build.keys.push(&key, BUILD_FIELDS);
        let p = path.key(key.as_str());
        let value = entry.value;
        match key.as_str() {
            "context" => build.context = ld.scalar(value, &p),
            "dockerfile" => build.dockerfile = ld.scalar(value, &p),
            "dockerfile_inline" => {
                build.dockerfile_inline = ld.scalar(value, &p).map(Box::new);
            }
            "args" => build.args = key_values(ld, value, &p, '='),
            "additional_contexts" => build.additional_contexts = key_values(ld, value, &p, '='),
            "secrets" => build.secrets = file_refs(ld, value, &p),
            "target" => build.target = ld.scalar(value, &p).map(Box::new),
            "labels" => build.labels = key_values(ld, value, &p, '='),
            _ => {
                let any = ld.any(value, &p, 0);
                build.extra.push(Field { key, value: any });
            }
        }
    }
    build.keys.fit();
    fit(&mut build.extra);
    Some(build)
}

fn depends_on(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<DependsOn> {
    let mut out;
    if view.is_mapping() {
        let entries = view.entries();
        out = ThinVec::with_capacity(entries.len());
        for entry in entries {
            let Some(service) = ld.key_text(entry.key()) else {
                continue;
            };
            let mut dep = DependsOn {
                range: entry.range(),
                service,
                condition: None,
                required: None,
                restart: None,
            };
            let p = path.key(dep.service.as_str());
            for option in ld.entries(entry.value, &p) {
                let Some(key) = option.key_str() else {
                    continue;
                };
                let mut value = || ld.scalar(option.value, &p.key(key));
                match key {
                    "condition" => dep.condition = value(),
                    "required" => dep.required = value().map(Box::new),
                    "restart" => dep.restart = value().map(Box::new),
                    _ => {}
                }
            }
            out.push(dep);
        }
    } else {
        let items = ld.items(view, path);
        out = ThinVec::with_capacity(items.len());
        for (i, item) in items.enumerate() {
            if let Some(service) = ld.scalar(item, &path.index(i)) {
                out.push(DependsOn {
                    range: service.range(),
                    service,
                    condition: None,
                    required: None,
                    restart: None,
                });
            }
        }
    }
    fit(&mut out);
    out
}

fn links(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<Link> {
    ld.strings(view, path)
        .into_iter()
        .map(|text| {
            let (service, alias) = match text.as_str().find(':') {
                Some(colon) => (
                    text.part(0, colon),
                    Some(text.part(colon + 1, text.as_str().len())),
                ),
                None => (text.part(0, text.as_str().len()), None),
            };
            Link {
                text,
                service,
                alias,
            }
        })
        .collect()
}

fn extends(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> Option<Extends> {
    let range = view.node().range;
    if !view.is_mapping() {
        let service = ld.scalar(view, path)?;
        return Some(Extends {
            range,
            service: Some(service),
            file: None,
        });
    }
    let mut extends = Extends {
        range,
        service: None,
        file: None,
    };
    for entry in view.entries() {
        match entry.key_str() {
            Some("service") => extends.service = ld.scalar(entry.value, &path.key("service")),
            Some("file") => extends.file = ld.scalar(entry.value, &path.key("file")),
            _ => {}
        }
    }
    Some(extends)
}

fn volumes_from(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<VolumesFrom> {
    ld.strings(view, path)
        .into_iter()
        .map(|text| {
            let value = text.as_str();
            let (is_container, name_start) = match value.strip_prefix("container:") {
                Some(_) => (true, "container:".len()),
                None => (false, 0),
            };
            let rest = value.get(name_start..).unwrap_or_default();
            let (name_end, mode) = match rest.rfind(':') {
                Some(colon) if matches!(rest.get(colon + 1..), Some("ro" | "rw")) => (
                    name_start + colon,
                    Some(text.part(name_start + colon + 1, value.len())),
                ),
                _ => (value.len(), None),
            };
            let name = text.part(name_start, name_end);
            let source = if is_container {
                VolumesFromSource::Container(name)
            } else {
                VolumesFromSource::Service(name)
            };
            VolumesFrom { text, source, mode }
        })
        .collect()
}

fn networks(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<ServiceNetwork> {
    let mut out;
    if view.is_mapping() {
        let entries = view.entries();
        out = ThinVec::with_capacity(entries.len());
        for entry in entries {
            let Some(name) = ld.key_text(entry.key()) else {
                continue;
            };
            let p = path.key(entry.key_str().unwrap_or_default());
            let mut network = ServiceNetwork {
                range: entry.range(),
                name,
                aliases: ThinVec::new(),
                ipv4_address: None,
                ipv6_address: None,
                extra: ThinVec::new(),
            };
            for option in ld.entries(entry.value, &p) {
                let Some(key) = Loader::key(&option) else {
                    continue;
                };
                let op = p.key(key.as_str());
                match key.as_str() {
                    "aliases" => network.aliases = ld.strings(option.value, &op),
                    "ipv4_address" => {
                        network.ipv4_address = ld.scalar(option.value, &op).map(Box::new);
                    }
                    "ipv6_address" => {
                        network.ipv6_address = ld.scalar(option.value, &op).map(Box::new);
                    }
                    _ => {
                        let value = ld.any(option.value, &op, 0);
                        network.extra.push(Field { key, value });
                    }
                }
            }
            fit(&mut network.extra);
            out.push(network);
        }
    } else {
        let items = ld.items(view, path);
        out = ThinVec::with_capacity(items.len());
        for (i, item) in items.enumerate() {
            if let Some(name) = ld.scalar(item, &path.index(i)) {
                out.push(ServiceNetwork {
                    range: name.range(),
                    name,
                    aliases: ThinVec::new(),
                    ipv4_address: None,
                    ipv6_address: None,
                    extra: ThinVec::new(),
                });
            }
        }
    }
    fit(&mut out);
    out
}

fn env_files(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<EnvFileRef> {
    let items: Vec<View<'_>> = if view.is_sequence() {
        view.items().collect()
    } else {
        vec![view]
    };
    let mut out = ThinVec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let p = path.index(i);
        if item.is_mapping() {
            let mut path_text = None;
            let mut required = None;
            let mut format = None;
            for entry in item.entries() {
                let Some(key) = entry.key_str() else { continue };
                let slot = match key {
                    "path" => &mut path_text,
                    "required" => &mut required,
                    "format" => &mut format,
                    _ => continue,
                };
                *slot = ld.scalar(entry.value, &p.key(key));
            }
            match path_text {
                Some(path_text) => out.push(EnvFileRef {
                    range: item.node().range,
                    path: path_text,
                    required,
                    format,
                }),
                None => ld.invalid(&p, "an env_file entry needs a `path`", item.node().range),
            }
        } else if let Some(text) = ld.scalar(item, &p) {
            out.push(EnvFileRef {
                range: text.range(),
                path: text,
                required: None,
                format: None,
            });
        }
    }
    fit(&mut out);
    out
}

fn file_refs(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<FileRef> {
    let items = ld.items(view, path);
    let mut out = ThinVec::with_capacity(items.len());
    for (i, item) in items.enumerate() {
        let p = path.index(i);
        if item.is_mapping() {
            let mut file = FileRef {
                range: item.node().range,
                source: None,
                target: None,
                long: true,
                extra: ThinVec::new(),
            };
            for entry in item.entries() {
                let Some(key) = Loader::key(&entry) else {
                    continue;
                };
                let kp = p.key(key.as_str());
                match key.as_str() {
                    "source" => file.source = ld.scalar(entry.value, &kp),
                    "target" => file.target = ld.scalar(entry.value, &kp),
                    _ => {
                        let value = ld.any(entry.value, &kp, 0);
                        file.extra.push(Field { key, value });
                    }
                }
            }
            fit(&mut file.extra);
            out.push(file);
        } else if let Some(text) = ld.scalar(item, &p) {
            out.push(FileRef {
                range: text.range(),
                source: Some(text),
                target: None,
                long: false,
                extra: ThinVec::new(),
            });
        }
    }
    fit(&mut out);
    out
}
