//! The merge itself: [`MergedService`] and [`MergedBuild`] take each file's definition in
//! turn, with compose's override rules (see the [parent module](super)).

use std::borrow::Cow;

use thin_vec::ThinVec;

use super::InFile;
use crate::model::any::Field;
use crate::model::kv::KeyValue;
use crate::model::mounts::Mount;
use crate::model::ports::Port;
use crate::model::service::{
    Build, DependsOn, EnvFileRef, Extends, FileRef, Link, Service, ServiceNetwork, VolumesFrom,
};
use crate::model::text::Text;

/// `build:` merged across files (read through [`ProjectBuild`](super::ProjectBuild)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct MergedBuild<'a> {
    /// Every file's `build` value, in load order.
    pub(super) definitions: ThinVec<InFile<&'a Build>>,
    /// The context.
    pub(super) context: Option<InFile<&'a Text>>,
    /// `dockerfile`.
    pub(super) dockerfile: Option<InFile<&'a Text>>,
    /// `dockerfile_inline`.
    pub(super) dockerfile_inline: Option<InFile<&'a Text>>,
    /// `target`.
    pub(super) target: Option<InFile<&'a Text>>,
    /// `args`, merged by name.
    pub(super) args: ThinVec<InFile<&'a KeyValue>>,
    /// `additional_contexts`, merged by name.
    pub(super) additional_contexts: ThinVec<InFile<&'a KeyValue>>,
    /// `secrets`, unique by target.
    pub(super) secrets: ThinVec<InFile<&'a FileRef>>,
    /// `labels`, merged by name.
    pub(super) labels: ThinVec<InFile<&'a KeyValue>>,
}

/// A service merged across files (read through [`ProjectService`](super::ProjectService)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct MergedService<'a> {
    /// Where it is defined: the file and the index in that file's `services`.
    pub(super) definitions: ThinVec<InFile<usize>>,
    /// `image`.
    pub(super) image: Option<InFile<&'a Text>>,
    /// `build`.
    pub(super) build: Option<MergedBuild<'a>>,
    /// `container_name`.
    pub(super) container_name: Option<InFile<&'a Text>>,
    /// `hostname`.
    pub(super) hostname: Option<InFile<&'a Text>>,
    /// `depends_on`, by service.
    pub(super) depends_on: ThinVec<InFile<&'a DependsOn>>,
    /// `links`.
    pub(super) links: ThinVec<InFile<&'a Link>>,
    /// `extends`.
    pub(super) extends: Option<InFile<&'a Extends>>,
    /// `volumes_from`.
    pub(super) volumes_from: ThinVec<InFile<&'a VolumesFrom>>,
    /// `network_mode`.
    pub(super) network_mode: Option<InFile<&'a Text>>,
    /// `ipc`.
    pub(super) ipc: Option<InFile<&'a Text>>,
    /// `pid`.
    pub(super) pid: Option<InFile<&'a Text>>,
    /// `uts`.
    pub(super) uts: Option<InFile<&'a Text>>,
    /// `cgroup`.
    pub(super) cgroup: Option<InFile<&'a Text>>,
    /// `networks`: one entry per file and network (a network listed by an override too
    /// appears twice; see [`ProjectService::network_names`](super::ProjectService::network_names)).
    pub(super) networks: ThinVec<InFile<&'a ServiceNetwork>>,
    /// Whether any definition has a `networks` key (even an empty one).
    pub(super) has_networks_key: bool,
    /// `ports`, unique by spec.
    pub(super) ports: ThinVec<InFile<&'a Port>>,
    /// `expose`.
    pub(super) expose: ThinVec<InFile<&'a Text>>,
    /// `volumes`, unique by target.
    pub(super) volumes: ThinVec<InFile<&'a Mount>>,
    /// `env_file`.
    pub(super) env_file: ThinVec<InFile<&'a EnvFileRef>>,
    /// `environment`, by name.
    pub(super) environment: ThinVec<InFile<&'a KeyValue>>,
    /// `secrets`, unique by target.
    pub(super) secrets: ThinVec<InFile<&'a FileRef>>,
    /// `configs`, unique by target.
    pub(super) configs: ThinVec<InFile<&'a FileRef>>,
    /// `profiles`.
    pub(super) profiles: ThinVec<InFile<&'a Text>>,
    /// `labels`, by name.
    pub(super) labels: ThinVec<InFile<&'a KeyValue>>,
    /// `label_file`.
    pub(super) label_file: ThinVec<InFile<&'a Text>>,
    /// Generic keys: every definition that survives `!reset`/`!override`, in load order.
    pub(super) extra: ThinVec<InFile<&'a Field>>,
}

impl<'a> MergedService<'a> {
    /// Empties the field `key` (for `!reset` and `!override`).
    fn clear(&mut self, key: &str) {
        match key {
            "image" => self.image = None,
            "build" => self.build = None,
            "container_name" => self.container_name = None,
            "hostname" => self.hostname = None,
            "depends_on" => self.depends_on.clear(),
            "links" => self.links.clear(),
            "extends" => self.extends = None,
            "volumes_from" => self.volumes_from.clear(),
            "network_mode" => self.network_mode = None,
            "ipc" => self.ipc = None,
            "pid" => self.pid = None,
            "uts" => self.uts = None,
            "cgroup" => self.cgroup = None,
            "networks" => self.networks.clear(),
            "ports" => self.ports.clear(),
            "expose" => self.expose.clear(),
            "volumes" => self.volumes.clear(),
            "env_file" => self.env_file.clear(),
            "environment" => self.environment.clear(),
            "secrets" => self.secrets.clear(),
            "configs" => self.configs.clear(),
            "profiles" => self.profiles.clear(),
            "labels" => self.labels.clear(),
            "label_file" => self.label_file.clear(),
            other => self.extra.retain(|f| f.key.as_str() != other),
        }
    }

    /// Merges one file's definition of the service into this one.
    pub(super) fn merge(&mut self, file: usize, index: usize, svc: &'a Service) {
        if self.definitions.is_empty() {
            self.definitions.reserve_exact(1);
            self.extra.reserve_exact(svc.extra.len());
            self.networks.reserve_exact(svc.networks.len());
        }
        self.definitions.push(InFile::new(file, index));
        let mut skipped: Vec<&str> = Vec::new();
        for key in svc.tagged_keys() {
            match key.tag().map(|t| t.value.as_str()) {
                Some("!reset") => {
                    self.clear(key.as_str());
                    skipped.push(key.as_str());
                }
                Some("!override") => self.clear(key.as_str()),
                _ => {}
            }
        }
        let set = |slot: &mut Option<InFile<&'a Text>>, value: Option<&'a Text>, key: &str| {
            if let Some(value) = value
                && !skipped.contains(&key)
            {
                *slot = Some(InFile::new(file, value));
            }
        };
        set(&mut self.image, svc.image.as_ref(), "image");
        set(
            &mut self.container_name,
            svc.container_name.as_ref(),
            "container_name",
        );
        set(&mut self.hostname, svc.hostname(), "hostname");
        set(&mut self.network_mode, svc.network_mode(), "network_mode");
        set(&mut self.ipc, svc.ipc(), "ipc");
        set(&mut self.pid, svc.pid(), "pid");
        set(&mut self.uts, svc.uts(), "uts");
        set(&mut self.cgroup, svc.cgroup(), "cgroup");
        if let Some(extends) = svc.extends() {
            self.extends = Some(InFile::new(file, extends));
        }
        if let Some(build) = &svc.build
            && !skipped.contains(&"build")
        {
            self.build
                .get_or_insert_with(MergedBuild::default)
                .merge(file, build);
        }
        keyed(&mut self.depends_on, &svc.depends_on, file, |d| {
            Cow::Borrowed(d.service.as_str())
        });
        keyed(&mut self.links, svc.links(), file, |l| {
            Cow::Borrowed(l.text.as_str())
        });
        keyed(&mut self.volumes_from, svc.volumes_from(), file, |v| {
            Cow::Borrowed(v.text.as_str())
        });
        self.has_networks_key |= svc.key("networks").is_some();
        // A network listed by several files stays once per file, so each entry's ranges
        // belong to its file; the service's aliases on it are the union.
        for network in &svc.networks {
            let entry = InFile::new(file, network);
            match self
                .networks
                .iter_mut()
                .find(|n| n.file_index == file && n.name.as_str() == network.name.as_str())
            {
                Some(existing) => *existing = entry,
                None => self.networks.push(entry),
            }
        }
        keyed(&mut self.ports, &svc.ports, file, port_key);
        keyed(&mut self.expose, &svc.expose, file, |t| {
            Cow::Borrowed(t.as_str())
        });
        keyed(&mut self.volumes, &svc.volumes, file, |m| {
            let target = m.target().map_or("", |t| t.value);
            // Compose compares cleaned paths: `/data/` and `/data` are one target.
            Cow::Borrowed(if target.len() > 1 {
                target.trim_end_matches('/')
            } else {
                target
            })
        });
        keyed(&mut self.env_file, &svc.env_file, file, |e| {
            Cow::Borrowed(e.path.as_str())
        });
        keyed(&mut self.environment, &svc.environment, file, |e| {
            Cow::Borrowed(e.name())
        });
        keyed(&mut self.secrets, svc.secrets(), file, secret_key);
        keyed(&mut self.configs, svc.configs(), file, config_key);
        keyed(&mut self.profiles, svc.profiles(), file, |t| {
            Cow::Borrowed(t.as_str())
        });
        keyed(&mut self.labels, &svc.labels, file, |e| {
            Cow::Borrowed(e.name())
        });
        keyed(&mut self.label_file, svc.label_file(), file, |t| {
            Cow::Borrowed(t.as_str())
        });
        for field in &svc.extra {
            if !skipped.contains(&field.key.as_str()) {
                if replaced_whole(field.key.as_str()) {
                    self.clear(field.key.as_str());
                }
                self.extra.push(InFile::new(file, field));
            }
        }
    }

    /// Returns whether this merge of one definition, `svc`, is `svc` as written: every field
    /// it sets is here (no `!reset`), and no list lost an entry to a duplicate. The service
    /// can then be read from its definition.
    ///
    /// Merging only ever replaces an entry in place or appends one, so equal lengths mean
    /// equal lists.
    pub(super) fn is_as_written(&self, svc: &Service) -> bool {
        let build = match (&self.build, &svc.build) {
            (None, None) => true,
            (Some(merged), Some(build)) => merged.is_as_written(build),
            _ => false,
        };
        build
            && self.image.is_some() == svc.image.is_some()
            && self.container_name.is_some() == svc.container_name.is_some()
            && self.hostname.is_some() == svc.hostname().is_some()
            && self.extends.is_some() == svc.extends().is_some()
            && self.network_mode.is_some() == svc.network_mode().is_some()
            && self.ipc.is_some() == svc.ipc().is_some()
            && self.pid.is_some() == svc.pid().is_some()
            && self.uts.is_some() == svc.uts().is_some()
            && self.cgroup.is_some() == svc.cgroup().is_some()
            && self.depends_on.len() == svc.depends_on.len()
            && self.links.len() == svc.links().len()
            && self.volumes_from.len() == svc.volumes_from().len()
            && self.networks.len() == svc.networks.len()
            && self.ports.len() == svc.ports.len()
            && self.expose.len() == svc.expose.len()
            && self.volumes.len() == svc.volumes.len()
            && self.env_file.len() == svc.env_file.len()
            && self.environment.len() == svc.environment.len()
            && self.secrets.len() == svc.secrets().len()
            && self.configs.len() == svc.configs().len()
            && self.profiles.len() == svc.profiles().len()
            && self.labels.len() == svc.labels.len()
            && self.label_file.len() == svc.label_file().len()
            && self.extra.len() == svc.extra.len()
    }
}

/// Keys whose value a later file replaces rather than merges.
fn replaced_whole(key: &str) -> bool {
    matches!(key, "command" | "entrypoint")
}

impl<'a> MergedBuild<'a> {
    fn merge(&mut self, file: usize, build: &'a Build) {
        if self.definitions.is_empty() {
            self.definitions.reserve_exact(1);
        }
        self.definitions.push(InFile::new(file, build));
        let set = |slot: &mut Option<InFile<&'a Text>>, value: Option<&'a Text>| {
            if let Some(value) = value {
                *slot = Some(InFile::new(file, value));
            }
        };
        set(&mut self.context, build.context.as_ref());
        set(&mut self.dockerfile, build.dockerfile.as_ref());
        set(
            &mut self.dockerfile_inline,
            build.dockerfile_inline.as_deref(),
        );
        set(&mut self.target, build.target.as_deref());
        keyed(&mut self.args, &build.args, file, |e| {
            Cow::Borrowed(e.name())
        });
        keyed(
            &mut self.additional_contexts,
            &build.additional_contexts,
            file,
            |e| Cow::Borrowed(e.name()),
        );
        keyed(&mut self.secrets, &build.secrets, file, secret_key);
        keyed(&mut self.labels, &build.labels, file, |e| {
            Cow::Borrowed(e.name())
        });
    }
    /// Returns whether this merge of one definition is `build` as written (see
    /// [`MergedService::is_as_written`]).
    fn is_as_written(&self, build: &Build) -> bool {
        self.context.is_some() == build.context.is_some()
            && self.dockerfile.is_some() == build.dockerfile.is_some()
            && self.dockerfile_inline.is_some() == build.dockerfile_inline.is_some()
            && self.target.is_some() == build.target.is_some()
            && self.args.len() == build.args.len()
            && self.additional_contexts.len() == build.additional_contexts.len()
            && self.secrets.len() == build.secrets.len()
            && self.labels.len() == build.labels.len()
    }
}

/// Merges `src` into `dst`: an item whose key is already there replaces it in place, others
/// are appended.
fn keyed<'a, T>(
    dst: &mut ThinVec<InFile<&'a T>>,
    src: &'a [T],
    file: usize,
    key: impl for<'t> Fn(&'t T) -> Cow<'t, str>,
) {
    if dst.is_empty() {
        // The usual case (a service defined once): allocate exactly.
        dst.reserve_exact(src.len());
    }
    for item in src {
        let k = key(item);
        match dst.iter_mut().find(|d| key(d.item) == k) {
            Some(existing) => *existing = InFile::new(file, item),
            None => dst.push(InFile::new(file, item)),
        }
    }
}

fn port_key(port: &Port) -> Cow<'_, str> {
    fn part(s: Option<crate::Spanned<&str>>) -> &str {
        s.map_or("", |s| s.value)
    }
    Cow::Owned(format!(
        "{}|{}|{}|{}",
        part(port.host_ip()),
        part(port.published()),
        part(port.target()),
        port.protocol()
    ))
}

/// The target of a secret: as written, else `/run/secrets/<source>`.
fn secret_key(file: &FileRef) -> Cow<'_, str> {
    target_or(file, "/run/secrets/")
}

/// The target of a config: as written, else `/<source>`.
fn config_key(file: &FileRef) -> Cow<'_, str> {
    target_or(file, "/")
}

fn target_or<'t>(file: &'t FileRef, prefix: &str) -> Cow<'t, str> {
    match (&file.target, &file.source) {
        (Some(target), _) => Cow::Borrowed(target.as_str()),
        (None, Some(source)) => Cow::Owned(format!("{prefix}{}", source.as_str())),
        (None, None) => Cow::Borrowed(""),
    }
}

/// Moves every file index of `service` by `shift` (for [`Project::include`](super::Project::include)).
pub(super) fn shift_service(service: &mut MergedService<'_>, shift: impl Fn(usize) -> usize) {
    macro_rules! shift_all {
        ($($field:ident),*) => {
            $(for item in &mut service.$field { item.file_index = shift(item.file_index); })*
        };
    }
    macro_rules! shift_one {
        ($($field:ident),*) => {
            $(if let Some(item) = &mut service.$field { item.file_index = shift(item.file_index); })*
        };
    }
    shift_all!(
        definitions,
        depends_on,
        links,
        volumes_from,
        networks,
        ports,
        expose,
        volumes,
        env_file,
        environment,
        secrets,
        configs,
        profiles,
        labels,
        label_file,
        extra
    );
    shift_one!(
        image,
        container_name,
        hostname,
        extends,
        network_mode,
        ipc,
        pid,
        uts,
        cgroup
    );
    if let Some(build) = &mut service.build {
        shift_all_build(build, &shift);
    }
}

fn shift_all_build(build: &mut MergedBuild<'_>, shift: &impl Fn(usize) -> usize) {
    for d in &mut build.definitions {
        d.file_index = shift(d.file_index);
    }
    for slot in [
        &mut build.context,
        &mut build.dockerfile,
        &mut build.dockerfile_inline,
        &mut build.target,
    ]
    .into_iter()
    .flatten()
    {
        slot.file_index = shift(slot.file_index);
    }
    for list in [
        &mut build.args,
        &mut build.additional_contexts,
        &mut build.labels,
    ] {
        for item in list {
            item.file_index = shift(item.file_index);
        }
    }
    for item in &mut build.secrets {
        item.file_index = shift(item.file_index);
    }
}
