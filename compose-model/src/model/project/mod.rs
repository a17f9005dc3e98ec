//! [`Project`]: several compose files merged the way `docker compose -f a -f b` merges them.
//!
//! Merge rules (Docker Compose v2, checked with `docker compose config`): scalars are
//! replaced by later files; mappings merge by key (`environment`, `labels`, `build.args`,
//! `depends_on`; `networks` keep one entry per file, so `aliases` add up); `ports` are unique
//! by their whole spec, `volumes` by target, `secrets`/`configs` by target (default
//! `/run/secrets/<source>`, `/<source>`); `expose`, `links`, `volumes_from`, `profiles`,
//! `env_file` append without duplicates. A key tagged `!reset` in a later file removes the
//! earlier value, `!override` replaces it instead of merging. Generic keys (`command`,
//! `healthcheck`…) keep every surviving definition.
//!
//! Every merged value is an [`InFile`] reference into the per-file model: it says which file
//! (an index into [`Project::files`]) its ranges belong to. A project borrows its files and
//! copies nothing. A service whose merge is its one definition as written (the usual case)
//! is read from that definition, so it costs five words; only services that several files
//! define, or that lose entries to `!reset` or duplicates, keep merged lists.

mod in_file;
mod merge;

use std::collections::BTreeMap;

pub use in_file::{InFile, InFiles, InFilesIter};
use merge::{MergedBuild, MergedService, shift_service};

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
    /// Position of each service in `services`, by name (a tree, not a hash table: a large
    /// project has thousands of services, and a tree grows in small nodes instead of one
    /// table that is reallocated whole).
    index: BTreeMap<&'a str, usize>,
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
            .find(|d| d.external().is_some() || d.external_name().is_some())
            .is_some_and(|d| d.is_external())
    }
}

/// A service merged across files. Its fields are read through methods: each value with the
/// file it comes from ([`InFile`]), each list as [`InFiles`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectService<'a> {
    /// The service name.
    pub name: &'a str,
    /// Its one definition, or the merge of several.
    defs: Defs<'a>,
}

/// Where a [`ProjectService`]'s values are.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Defs<'a> {
    /// In its one definition (file and index in that file's `services`), which is the
    /// merged service as written.
    One(InFile<usize>, &'a Service),
    /// In a merge of its definitions (boxed: merged services are few).
    Many(Box<MergedService<'a>>),
}

/// Reads an optional text of a [`ProjectService`]: `$get` from its one definition `$svc`, or
/// the merged field of the same name.
macro_rules! service_texts {
    ($($(#[$doc:meta])* $name:ident => |$svc:ident| $get:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> Option<InFile<&'a Text>> {
            match self.defs {
                Defs::One(at, $svc) => {
                    let value: Option<&'a Text> = $get;
                    value.map(|v| InFile::new(at.file_index, v))
                }
                Defs::Many(ref merged) => merged.$name,
            }
        }
    )*};
}

/// Reads a list of a [`ProjectService`]: its one definition's, or the merged one.
macro_rules! service_lists {
    ($($(#[$doc:meta])* $name:ident: $item:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> InFiles<'_, 'a, $item> {
            match self.defs {
                Defs::One(at, svc) => InFiles::one(at.file_index, &svc.$name),
                Defs::Many(ref merged) => InFiles::many(&merged.$name),
            }
        }
    )*};
}

/// Like `service_lists!`, for the lists a [`Service`] keeps among its rare fields (read with
/// its methods).
macro_rules! rare_service_lists {
    ($($(#[$doc:meta])* $name:ident: $item:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> InFiles<'_, 'a, $item> {
            match self.defs {
                Defs::One(at, svc) => InFiles::one(at.file_index, svc.$name()),
                Defs::Many(ref merged) => InFiles::many(&merged.$name),
            }
        }
    )*};
}

impl<'a> ProjectService<'a> {
    /// The service `name` defined (so far) by `svc`, item `index` of file `file`.
    fn new(name: &'a str, file: usize, index: usize, svc: &'a Service) -> Self {
        let mut merged = MergedService::default();
        merged.merge(file, index, svc);
        let defs = if merged.is_as_written(svc) {
            Defs::One(InFile::new(file, index), svc)
        } else {
            Defs::Many(Box::new(merged))
        };
        Self { name, defs }
    }

    /// Merges one more file's definition of the service into this one.
    fn merge(&mut self, file: usize, index: usize, svc: &'a Service) {
        match &mut self.defs {
            Defs::One(at, first) => {
                let (at, first) = (*at, *first);
                let mut merged = MergedService::default();
                merged.merge(at.file_index, at.item, first);
                merged.merge(file, index, svc);
                self.defs = Defs::Many(Box::new(merged));
            }
            Defs::Many(merged) => merged.merge(file, index, svc),
        }
    }

    /// Returns where the service is defined: the file and the index in that file's
    /// `services`.
    pub fn definitions(&self) -> &[InFile<usize>] {
        match &self.defs {
            Defs::One(at, _) => std::slice::from_ref(at),
            Defs::Many(merged) => &merged.definitions,
        }
    }

    service_texts! {
        /// Returns `image`.
        image => |svc| svc.image.as_ref();
        /// Returns `container_name`.
        container_name => |svc| svc.container_name.as_ref();
        /// Returns `hostname`.
        hostname => |svc| svc.hostname();
        /// Returns `network_mode`.
        network_mode => |svc| svc.network_mode();
        /// Returns `ipc`.
        ipc => |svc| svc.ipc();
        /// Returns `pid`.
        pid => |svc| svc.pid();
        /// Returns `uts`.
        uts => |svc| svc.uts();
        /// Returns `cgroup`.
        cgroup => |svc| svc.cgroup();
    }

    /// Returns `build`.
    pub fn build(&self) -> Option<ProjectBuild<'_, 'a>> {
        let repr = match self.defs {
            Defs::One(at, svc) => BuildRepr::One(InFile::new(at.file_index, svc.build.as_deref()?)),
            Defs::Many(ref merged) => BuildRepr::Many(merged.build.as_ref()?),
        };
        Some(ProjectBuild { repr })
    }

    /// Returns `extends`.
    pub fn extends(&self) -> Option<InFile<&'a Extends>> {
        match self.defs {
            Defs::One(at, svc) => svc.extends().map(|e| InFile::new(at.file_index, e)),
            Defs::Many(ref merged) => merged.extends,
        }
    }

    service_lists! {
        /// Returns `depends_on`, by service.
        depends_on: DependsOn;
        /// Returns `networks`: one entry per file and network (a network listed by an
        /// override too appears twice; see [`ProjectService::network_names`]).
        networks: ServiceNetwork;
        /// Returns `ports`, unique by spec.
        ports: Port;
        /// Returns `expose`.
        expose: Text;
        /// Returns `volumes`, unique by target.
        volumes: Mount;
        /// Returns `env_file`.
        env_file: EnvFileRef;
        /// Returns `environment`, by name.
        environment: KeyValue;
        /// Returns `labels`, by name.
        labels: KeyValue;
        /// Returns the generic keys: every definition that survives `!reset`/`!override`, in
        /// load order.
        extra: Field;
    }

    rare_service_lists! {
        /// Returns `links`.
        links: Link;
        /// Returns `volumes_from`.
        volumes_from: VolumesFrom;
        /// Returns `secrets`, unique by target.
        secrets: FileRef;
        /// Returns `configs`, unique by target.
        configs: FileRef;
        /// Returns `profiles`.
        profiles: Text;
        /// Returns `label_file`.
        label_file: Text;
    }

    /// Returns whether any definition has a `networks` key (even an empty one).
    pub fn has_networks_key(&self) -> bool {
        match &self.defs {
            Defs::One(_, svc) => svc.key("networks").is_some(),
            Defs::Many(merged) => merged.has_networks_key,
        }
    }

    /// Returns whether the service runs when the given profiles are enabled: it has no
    /// `profiles`, or one of them is enabled (`*` enables all).
    pub fn is_enabled(&self, enabled: &[&str]) -> bool {
        let profiles = self.profiles();
        profiles.is_empty()
            || enabled.contains(&"*")
            || profiles.iter().any(|p| enabled.contains(&p.as_str()))
    }

    /// Returns whether the service is attached to the implicit `default` network: it has no
    /// `networks` and no `network_mode`, or lists `default`.
    pub fn uses_default_network(&self) -> bool {
        let networks = self.networks();
        (networks.is_empty() && self.network_mode().is_none() && !self.has_networks_key())
            || networks.iter().any(|n| n.name.as_str() == "default")
    }

    /// Returns the names of the networks the service is attached to, without duplicates.
    pub fn network_names(&self) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = Vec::new();
        for network in self.networks() {
            let name = network.item.name.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Returns the definitions of generic key `key` (`command`, `healthcheck`…).
    pub fn field(&self, key: &str) -> impl Iterator<Item = InFile<&'a Field>> {
        self.extra()
            .into_iter()
            .filter(move |f| f.key.as_str() == key)
    }
}

/// `build:` merged across files: a view into a [`ProjectService`], cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectBuild<'s, 'a> {
    repr: BuildRepr<'s, 'a>,
}

/// Where a [`ProjectBuild`]'s values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BuildRepr<'s, 'a> {
    /// In the one definition of the service.
    One(InFile<&'a Build>),
    /// In a merge.
    Many(&'s MergedBuild<'a>),
}

/// Reads an optional text of a [`ProjectBuild`], as `service_texts!` does.
macro_rules! build_texts {
    ($($(#[$doc:meta])* $name:ident => |$build:ident| $get:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> Option<InFile<&'a Text>> {
            match self.repr {
                BuildRepr::One(at) => {
                    let $build: &'a Build = at.item;
                    let value: Option<&'a Text> = $get;
                    value.map(|v| InFile::new(at.file_index, v))
                }
                BuildRepr::Many(merged) => merged.$name,
            }
        }
    )*};
}

/// Reads a list of a [`ProjectBuild`], as `service_lists!` does.
macro_rules! build_lists {
    ($($(#[$doc:meta])* $name:ident: $item:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> InFiles<'s, 'a, $item> {
            match self.repr {
                BuildRepr::One(at) => InFiles::one(at.file_index, &at.item.$name),
                BuildRepr::Many(merged) => InFiles::many(&merged.$name),
            }
        }
    )*};
}

impl<'s, 'a> ProjectBuild<'s, 'a> {
    /// Returns every file's `build` value, in load order.
    pub fn definitions(&self) -> InFiles<'s, 'a, Build> {
        match self.repr {
            BuildRepr::One(at) => InFiles::one(at.file_index, std::slice::from_ref(at.item)),
            BuildRepr::Many(merged) => InFiles::many(&merged.definitions),
        }
    }

    build_texts! {
        /// Returns the context.
        context => |build| build.context.as_ref();
        /// Returns `dockerfile`.
        dockerfile => |build| build.dockerfile.as_ref();
        /// Returns `dockerfile_inline`.
        dockerfile_inline => |build| build.dockerfile_inline.as_deref();
        /// Returns `target`.
        target => |build| build.target.as_deref();
    }

    build_lists! {
        /// Returns `args`, merged by name.
        args: KeyValue;
        /// Returns `additional_contexts`, merged by name.
        additional_contexts: KeyValue;
        /// Returns `secrets`, unique by target.
        secrets: FileRef;
        /// Returns `labels`, merged by name.
        labels: KeyValue;
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
    /// let image = web.image().unwrap();
    /// assert_eq!((image.file_index, image.as_str()), (1, "httpd"));
    /// assert_eq!(web.ports().len(), 2);
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
            match &mut service.defs {
                Defs::One(at, _) => at.file_index = shift(at.file_index),
                Defs::Many(merged) => shift_service(merged, shift),
            }
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
            if let Some(&pos) = self.index.get(name) {
                if let Some(service) = self.services.get_mut(pos) {
                    service.merge(index, i, svc);
                }
            } else {
                self.index.insert(name, self.services.len());
                self.services.push(ProjectService::new(name, index, i, svc));
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
            let mut positions: BTreeMap<&str, usize> = BTreeMap::new();
            positions.extend(dst.iter().enumerate().map(|(i, r)| (r.name, i)));
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
            .definitions()
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
