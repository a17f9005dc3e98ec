//! [`Project`]: several compose files merged the way `docker compose -f a -f b` merges them.
//!
//! Merge rules (Docker Compose v2, checked with `docker compose config`): scalars are
//! replaced by later files; mappings merge by key (`environment`, `labels`, `build.args`,
//! `depends_on`; `networks` keep one entry per file, so `aliases` add up); `ports` are unique by their whole
//! spec, `volumes` by target, `secrets`/`configs` by target (default `/run/secrets/<source>`,
//! `/<source>`); `expose`,
//! `links`, `volumes_from`, `profiles`, `env_file` append without duplicates. A key tagged
//! `!reset` in a later file removes the earlier value, `!override` replaces it instead of
//! merging. Generic keys (`command`, `healthcheck`…) keep every surviving definition.
//!
//! Every merged value is an [`InFile`] reference into the per-file model: it says which file
//! (an index into [`Project::files`]) its ranges belong to. A project borrows its files and
//! copies nothing, so building one is cheap.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Deref;

use thin_vec::ThinVec;

use super::ComposeFile;
use super::any::Field;
use super::kv::KeyValue;
use super::mounts::Mount;
use super::ports::Port;
use super::resource::{Include, Resource};
use super::service::{
    Build, DependsOn, EnvFileRef, Extends, FileRef, Link, Service, ServiceNetwork, ServiceRef,
    VolumesFrom,
};
use super::text::Text;

/// A value and the index (in [`Project::files`]) of the file whose ranges it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFile<T> {
    /// Index of the file in [`Project::files`] (not called `file`, which would hide the
    /// `file` fields of `Extends` and `Resource`).
    pub file_index: usize,
    /// The value (named `item` so that it does not hide the `value` fields of the model
    /// types it wraps; `Deref` reaches those directly).
    pub item: T,
}

impl<T> InFile<T> {
    /// Pairs `value` with the index of its file.
    pub fn new(file: usize, value: T) -> Self {
        Self {
            file_index: file,
            item: value,
        }
    }
}

impl<T> Deref for InFile<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.item
    }
}

/// Compose files merged into one project. It borrows the files' models.
#[derive(Debug, Clone, Default)]
pub struct Project<'a> {
    /// The files, in load order (base first, overrides after, included files last).
    pub files: Vec<&'a ComposeFile>,
    /// `name`, from the last file that sets it.
    pub name: Option<InFile<&'a Text>>,
    /// The merged services, in order of first definition.
    pub services: Vec<ProjectService<'a>>,
    /// Top-level volumes.
    pub volumes: Vec<ProjectResource<'a>>,
    /// Top-level networks (the implicit `default` is not added; see
    /// [`Project::uses_default_network`]).
    pub networks: Vec<ProjectResource<'a>>,
    /// Top-level secrets.
    pub secrets: Vec<ProjectResource<'a>>,
    /// Top-level configs.
    pub configs: Vec<ProjectResource<'a>>,
    /// Every `include` entry of every file (resolved by the caller, see [`Project::include`]).
    pub include: Vec<InFile<&'a Include>>,
    /// Position of each service in `services`, by name.
    index: HashMap<&'a str, usize>,
}

/// A top-level volume, network, secret or config, with every file's definition of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectResource<'a> {
    /// The resource's key.
    pub name: &'a str,
    /// Its definitions, in load order.
    pub definitions: Vec<InFile<&'a Resource>>,
}

impl ProjectResource<'_> {
    /// Returns whether the last definition that says so makes it external.
    pub fn is_external(&self) -> bool {
        self.definitions
            .iter()
            .rev()
            .find(|d| d.external.is_some() || d.external_name.is_some())
            .is_some_and(|d| d.is_external())
    }
}

/// `build:` merged across files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectBuild<'a> {
    /// Every file's `build` value, in load order.
    pub definitions: ThinVec<InFile<&'a Build>>,
    /// The context.
    pub context: Option<InFile<&'a Text>>,
    /// `dockerfile`.
    pub dockerfile: Option<InFile<&'a Text>>,
    /// `dockerfile_inline`.
    pub dockerfile_inline: Option<InFile<&'a Text>>,
    /// `target`.
    pub target: Option<InFile<&'a Text>>,
    /// `args`, merged by name.
    pub args: ThinVec<InFile<&'a KeyValue>>,
    /// `additional_contexts`, merged by name.
    pub additional_contexts: ThinVec<InFile<&'a KeyValue>>,
    /// `secrets`, unique by target.
    pub secrets: ThinVec<InFile<&'a FileRef>>,
    /// `labels`, merged by name.
    pub labels: ThinVec<InFile<&'a KeyValue>>,
}

/// A service merged across files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectService<'a> {
    /// The service name.
    pub name: &'a str,
    /// Where it is defined: the file and the index in that file's `services`.
    pub definitions: ThinVec<InFile<usize>>,
    /// `image`.
    pub image: Option<InFile<&'a Text>>,
    /// `build`.
    pub build: Option<ProjectBuild<'a>>,
    /// `container_name`.
    pub container_name: Option<InFile<&'a Text>>,
    /// `hostname`.
    pub hostname: Option<InFile<&'a Text>>,
    /// `depends_on`, by service.
    pub depends_on: ThinVec<InFile<&'a DependsOn>>,
    /// `links`.
    pub links: ThinVec<InFile<&'a Link>>,
    /// `extends`.
    pub extends: Option<InFile<&'a Extends>>,
    /// `volumes_from`.
    pub volumes_from: ThinVec<InFile<&'a VolumesFrom>>,
    /// `network_mode`.
    pub network_mode: Option<InFile<&'a Text>>,
    /// `ipc`.
    pub ipc: Option<InFile<&'a Text>>,
    /// `pid`.
    pub pid: Option<InFile<&'a Text>>,
    /// `uts`.
    pub uts: Option<InFile<&'a Text>>,
    /// `cgroup`.
    pub cgroup: Option<InFile<&'a Text>>,
    /// `networks`: one entry per file and network (a network listed by an override too
    /// appears twice; see [`ProjectService::network_names`]).
    pub networks: ThinVec<InFile<&'a ServiceNetwork>>,
    /// Whether any definition has a `networks` key (even an empty one).
    pub has_networks_key: bool,
    /// `ports`, unique by spec.
    pub ports: ThinVec<InFile<&'a Port>>,
    /// `expose`.
    pub expose: ThinVec<InFile<&'a Text>>,
    /// `volumes`, unique by target.
    pub volumes: ThinVec<InFile<&'a Mount>>,
    /// `env_file`.
    pub env_file: ThinVec<InFile<&'a EnvFileRef>>,
    /// `environment`, by name.
    pub environment: ThinVec<InFile<&'a KeyValue>>,
    /// `secrets`, unique by target.
    pub secrets: ThinVec<InFile<&'a FileRef>>,
    /// `configs`, unique by target.
    pub configs: ThinVec<InFile<&'a FileRef>>,
    /// `profiles`.
    pub profiles: ThinVec<InFile<&'a Text>>,
    /// `labels`, by name.
    pub labels: ThinVec<InFile<&'a KeyValue>>,
    /// `label_file`.
    pub label_file: ThinVec<InFile<&'a Text>>,
    /// Generic keys: every definition that survives `!reset`/`!override`, in load order.
    pub extra: ThinVec<InFile<&'a Field>>,
}

impl<'a> ProjectService<'a> {
    /// Returns whether the service runs when the given profiles are enabled: it has no
    /// `profiles`, or one of them is enabled (`*` enables all).
    pub fn is_enabled(&self, enabled: &[&str]) -> bool {
        self.profiles.is_empty()
            || enabled.contains(&"*")
            || self.profiles.iter().any(|p| enabled.contains(&p.as_str()))
    }

    /// Returns whether the service is attached to the implicit `default` network: it has no
    /// `networks` and no `network_mode`, or lists `default`.
    pub fn uses_default_network(&self) -> bool {
        (self.networks.is_empty() && self.network_mode.is_none() && !self.has_networks_key)
            || self.networks.iter().any(|n| n.name.as_str() == "default")
    }

    /// Returns the names of the networks the service is attached to, without duplicates.
    pub fn network_names(&self) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = Vec::new();
        for network in &self.networks {
            let name = network.item.name.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Returns the definitions of generic key `key` (`command`, `healthcheck`…).
    pub fn field(&self, key: &str) -> impl Iterator<Item = &InFile<&'a Field>> {
        self.extra.iter().filter(move |f| f.key.as_str() == key)
    }

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
    fn merge(&mut self, file: usize, index: usize, svc: &'a Service) {
        if self.definitions.is_empty() {
            self.definitions.reserve_exact(1);
            self.extra.reserve_exact(svc.extra.len());
            self.networks.reserve_exact(svc.networks.len());
        }
        self.definitions.push(InFile::new(file, index));
        let mut skipped: Vec<&str> = Vec::new();
        for key in &svc.keys {
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
        set(&mut self.hostname, svc.hostname.as_deref(), "hostname");
        set(
            &mut self.network_mode,
            svc.network_mode.as_deref(),
            "network_mode",
        );
        set(&mut self.ipc, svc.ipc.as_deref(), "ipc");
        set(&mut self.pid, svc.pid.as_deref(), "pid");
        set(&mut self.uts, svc.uts.as_deref(), "uts");
        set(&mut self.cgroup, svc.cgroup.as_deref(), "cgroup");
        if let Some(extends) = &svc.extends {
            self.extends = Some(InFile::new(file, &**extends));
        }
        if let Some(build) = &svc.build
            && !skipped.contains(&"build")
        {
            self.build
                .get_or_insert_with(ProjectBuild::default)
                .merge(file, build);
        }
        keyed(&mut self.depends_on, &svc.depends_on, file, |d| {
            Cow::Borrowed(d.service.as_str())
        });
        keyed(&mut self.links, &svc.links, file, |l| {
            Cow::Borrowed(l.text.as_str())
        });
        keyed(&mut self.volumes_from, &svc.volumes_from, file, |v| {
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
        keyed(&mut self.secrets, &svc.secrets, file, secret_key);
        keyed(&mut self.configs, &svc.configs, file, config_key);
        keyed(&mut self.profiles, &svc.profiles, file, |t| {
            Cow::Borrowed(t.as_str())
        });
        keyed(&mut self.labels, &svc.labels, file, |e| {
            Cow::Borrowed(e.name())
        });
        keyed(&mut self.label_file, &svc.label_file, file, |t| {
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
}

/// Keys whose value a later file replaces rather than merges.
fn replaced_whole(key: &str) -> bool {
    matches!(key, "command" | "entrypoint")
}

impl<'a> ProjectBuild<'a> {
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

impl<'a> Project<'a> {
    /// Merges `files` in order: the first is the base, each later one overrides it.
    /// Several YAML documents in one file merge the same way.
    ///
    /// Interpolation happens per file before this (see [`ComposeFile::load`]).
    ///
    /// # Example
    ///
    /// ```
    /// use compose_model::model::{ComposeFile, Project};
    /// use compose_model::yaml;
    ///
    /// let load = |text: &str| ComposeFile::from_yaml(&yaml::parse(text).tree, text).0;
    /// let files = [
    ///     load("services:\n  web:\n    image: nginx\n    ports: [\"80:80\"]\n"),
    ///     load("services:\n  web:\n    image: httpd\n    ports: [\"443:443\"]\n"),
    /// ];
    /// let project = Project::merge(&files);
    /// let web = project.service("web").unwrap();
    /// let image = web.image.as_ref().unwrap();
    /// assert_eq!((image.file_index, image.as_str()), (1, "httpd"));
    /// assert_eq!(web.ports.len(), 2);
    /// ```
    pub fn merge(files: impl IntoIterator<Item = &'a ComposeFile>) -> Project<'a> {
        let mut project = Project::default();
        for file in files {
            project.add_file(file);
        }
        project
    }

    /// Adds the services and resources of an included project (loaded by the caller with its
    /// own directory and `.env`). As in compose, the including project keeps its own
    /// definitions: an included service or resource with a name already defined here is not
    /// added.
    pub fn include(&mut self, included: Project<'a>) {
        let offset = self.files.len();
        let shift = |i: usize| i + offset;
        self.files.extend(included.files);
        for mut service in included.services {
            if self.index.contains_key(service.name) {
                continue;
            }
            shift_service(&mut service, shift);
            self.index.insert(service.name, self.services.len());
            self.services.push(service);
        }
        let sections = [
            (&mut self.volumes, included.volumes),
            (&mut self.networks, included.networks),
            (&mut self.secrets, included.secrets),
            (&mut self.configs, included.configs),
        ];
        for (dst, src) in sections {
            for mut resource in src {
                if dst.iter().any(|r| r.name == resource.name) {
                    continue;
                }
                for d in &mut resource.definitions {
                    d.file_index = shift(d.file_index);
                }
                dst.push(resource);
            }
        }
        for mut include in included.include {
            include.file_index = shift(include.file_index);
            self.include.push(include);
        }
    }

    fn add_file(&mut self, file: &'a ComposeFile) {
        let index = self.files.len();
        if let Some(name) = &file.name {
            self.name = Some(InFile::new(index, name));
        }
        if self.services.is_empty() {
            self.services.reserve_exact(file.services.len());
        }
        for (i, svc) in file.services.iter().enumerate() {
            let name = svc.name.value.as_str();
            let pos = *self.index.entry(name).or_insert_with(|| {
                self.services.push(ProjectService {
                    name,
                    ..ProjectService::default()
                });
                self.services.len() - 1
            });
            if let Some(service) = self.services.get_mut(pos) {
                service.merge(index, i, svc);
            }
        }
        let sections = [
            (&mut self.volumes, &file.volumes),
            (&mut self.networks, &file.networks),
            (&mut self.secrets, &file.secrets),
            (&mut self.configs, &file.configs),
        ];
        for (dst, src) in sections {
            if dst.is_empty() {
                dst.reserve_exact(src.len());
            }
            // Positions by name, for files with many resources.
            let mut positions: HashMap<&str, usize> =
                dst.iter().enumerate().map(|(i, r)| (r.name, i)).collect();
            for resource in src {
                let name = resource.name.value.as_str();
                let definition = InFile::new(index, resource);
                if let Some(&pos) = positions.get(name)
                    && let Some(existing) = dst.get_mut(pos)
                {
                    existing.definitions.push(definition);
                } else {
                    positions.insert(name, dst.len());
                    dst.push(ProjectResource {
                        name,
                        definitions: vec![definition],
                    });
                }
            }
        }
        for include in &file.include {
            self.include.push(InFile::new(index, include));
        }
        self.files.push(file);
    }

    /// Returns the service called `name`.
    pub fn service(&self, name: &str) -> Option<&ProjectService<'a>> {
        self.services.get(*self.index.get(name)?)
    }

    /// Returns one definition of a service as written in its file.
    pub fn definition(&self, at: &InFile<usize>) -> Option<&'a Service> {
        self.files.get(at.file_index)?.services.get(at.item)
    }

    /// Returns every reference `service` makes to other services (see
    /// [`Service::service_refs`]), from each of its definitions, with the file it is in.
    pub fn service_refs(&self, service: &ProjectService<'_>) -> Vec<InFile<ServiceRef>> {
        service
            .definitions
            .iter()
            .filter_map(|at| Some((at.file_index, self.definition(at)?)))
            .flat_map(|(file, def)| {
                def.service_refs()
                    .into_iter()
                    .map(move |r| InFile::new(file, r))
            })
            .collect()
    }

    /// Returns whether some service enabled by `profiles` uses the implicit `default` network.
    pub fn uses_default_network(&self, profiles: &[&str]) -> bool {
        self.services
            .iter()
            .any(|s| s.is_enabled(profiles) && s.uses_default_network())
    }
}

/// Moves every file index of `service` by `shift` (for [`Project::include`]).
fn shift_service(service: &mut ProjectService<'_>, shift: impl Fn(usize) -> usize) {
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

fn shift_all_build(build: &mut ProjectBuild<'_>, shift: &impl Fn(usize) -> usize) {
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
