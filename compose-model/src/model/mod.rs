//! The typed compose model: what a compose file names, read from the resolved YAML tree,
//! every value with its range.
//!
//! Characteristics:
//! - **Ranges everywhere.** Each scalar is a [`Text`]: the raw YAML value with the range of
//!   the scalar as written, the interpolated value, and its `${VAR}` references with their
//!   own ranges (exact for scalars written byte for byte). Services, resources and fields
//!   keep the range of their key and of their whole entry, for fixes that delete them. A
//!   value that reaches a service through an alias or a `<<` merge has the range of the
//!   anchored text.
//! - **Errors are data.** Values of the wrong shape (`ports: 80`, `services: []`), short
//!   syntax compose cannot read, invalid `${…}` are [`ModelError`]s with a span; the model is
//!   built anyway. No panic, bounded recursion, bounded alias expansion.
//! - **Nothing lost.** Keys the model does not type (`command`, `healthcheck`, `x-*`,
//!   unknown keys) stay reachable as generic [`Field`]s (`Service::extra`,
//!   `ComposeFile::extensions`).
//!
//! Phases: [`ComposeFile::from_yaml`] reads one file's documents; [`ComposeFile::load`] also
//! interpolates every string value (never keys) with a variable lookup, as compose does per
//! file before merging; [`Project::merge`] merges files with compose's override rules,
//! borrowing the per-file models.
//!
//! Typed: services with their `image`, `build`, `container_name`, `hostname`, `depends_on`,
//! `links`, `extends`, `volumes_from`, `network_mode`/`ipc`/`pid`/`uts`/`cgroup`,
//! `networks`, `ports`, `expose`, `volumes`, `env_file`, `environment`, `secrets`,
//! `configs`, `profiles`, `labels`, `label_file`; top-level `name`, `volumes`, `networks`,
//! `secrets`, `configs` and `include`. [`Service::service_refs`] lists every reference to
//! another service.
//!
//! # Example
//!
//! ```
//! use compose_model::model::ComposeFile;
//! use compose_model::yaml;
//!
//! let text = "services:\n  web:\n    image: nginx:${TAG:-1}\n    depends_on: [db]\n";
//! let parse = yaml::parse(text);
//! let lookup = |name: &str| (name == "TAG").then(|| "1.27".to_owned());
//! let (file, errors) = ComposeFile::load(&parse.tree, text, Some(&lookup));
//! assert!(errors.is_empty());
//! let web = &file.services[0];
//! let image = web.image.as_ref().unwrap();
//! assert_eq!((image.raw.value.as_str(), image.as_str()), ("nginx:${TAG:-1}", "nginx:1.27"));
//! assert_eq!(&text[image.vars()[0].range], "${TAG:-1}");
//! assert_eq!(web.depends_on[0].service.as_str(), "db");
//! ```
//!
//! ## Limitations
//! - `include` and `extends` with a `file` are not followed: the caller loads those files
//!   (with their own directory and `.env`) and adds them with [`Project::include`].
//! - YAML types are not resolved: values stay as written (`1.50` stays `1.50` where compose
//!   prints `1.5`); [`Text::as_bool`] and [`port_range`] read the types rules need.
//! - Short-syntax parts (port numbers, volume source) have exact ranges only when the
//!   scalar is written byte for byte and interpolation did not change it; otherwise they
//!   carry the whole scalar's range.
//! - Merged generic fields (`healthcheck` from two files) are kept per definition, not
//!   merged key by key.

mod any;
mod keys;
mod kv;
mod load;
mod mounts;
mod ports;
mod project;
mod resource;
mod service;
mod text;

pub use any::{Any, Field, Key};
pub use kv::KeyValue;
pub use load::{Lookup, variable_references};
pub use mounts::{Mount, MountKind, is_path_like};
pub use ports::{Port, port_range};
pub use project::{
    InFile, InFiles, InFilesIter, Project, ProjectBuild, ProjectResource, ProjectService,
};
pub use resource::{Include, Resource};
pub use service::{
    Build, DependsOn, EnvFileRef, Extends, FileRef, Link, RareFields, Service, ServiceNetwork,
    ServiceRef, ServiceRefKind, VolumesFrom, VolumesFromSource, service_mode,
};
pub use text::{Text, parse_bool};

use load::{Loader, Path};
use text_size::TextRange;
use thin_vec::ThinVec;

use crate::yaml::{Resolver, View, YamlFile};
use crate::{ModelError, Spanned};

/// One compose file, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComposeFile {
    /// Every top-level key, in order.
    pub keys: ThinVec<Key>,
    /// `name`: the project name.
    pub name: Option<Text>,
    /// `version` (obsolete, ignored by compose v2).
    pub version: Option<Text>,
    /// `services`, in order.
    pub services: ThinVec<Service>,
    /// Top-level `volumes`.
    pub volumes: ThinVec<Resource>,
    /// Top-level `networks`.
    pub networks: ThinVec<Resource>,
    /// Top-level `secrets`.
    pub secrets: ThinVec<Resource>,
    /// Top-level `configs`.
    pub configs: ThinVec<Resource>,
    /// `include`.
    pub include: ThinVec<Include>,
    /// Top-level `x-*` keys.
    pub extensions: ThinVec<Field>,
    /// Other top-level keys (`models`, unknown keys).
    pub extra: ThinVec<Field>,
}

impl ComposeFile {
    /// Builds the model of `yaml` (the parse of `text`) without interpolation: every
    /// [`Text::as_str`] is the raw value, and `${VAR}` references are listed.
    pub fn from_yaml(yaml: &YamlFile, text: &str) -> (ComposeFile, Vec<ModelError>) {
        Self::load(yaml, text, None)
    }

    /// Builds the model of `yaml` (the parse of `text`), interpolating every string value
    /// with `lookup` when given.
    ///
    /// Several YAML documents are read in order; a later document's services and resources
    /// are added after the earlier ones. Problems
    /// of alias resolution (invalid merges, an alias bomb) come first in the errors, as
    /// [`ModelError::Yaml`].
    pub fn load(
        yaml: &YamlFile,
        text: &str,
        lookup: Option<Lookup<'_>>,
    ) -> (ComposeFile, Vec<ModelError>) {
        let resolver = Resolver::new(yaml);
        let mut ld = Loader::new(text, lookup, resolver.node_count());
        let mut file = ComposeFile::default();
        for root in resolver.documents() {
            file.read_document(&mut ld, root);
        }
        file.fit();
        let mut errors: Vec<ModelError> = resolver
            .errors()
            .into_iter()
            .map(ModelError::Yaml)
            .collect();
        errors.append(&mut ld.errors);
        (file, errors)
    }

    fn read_document(&mut self, ld: &mut Loader<'_>, root: View<'_>) {
        let top = Path::Root("");
        for entry in ld.entries(root, &top) {
            let Some(key) = Loader::key(&entry) else {
                continue;
            };
            let value = entry.value;
            match key.as_str() {
                "name" => self.name = ld.scalar(value, &top.key("name")),
                "version" => self.version = ld.scalar(value, &top.key("version")),
                "services" => {
                    let entries = ld.entries(value, &top.key("services"));
                    self.services.reserve(entries.len());
                    for service in entries {
                        if let Some(name) = service.key().as_scalar() {
                            let name = Spanned::new(name.value.clone(), service.key().range);
                            self.services.push(service::service(ld, &service, name));
                        }
                    }
                }
                "volumes" => append(&mut self.volumes, resource::resources(ld, value, "volumes")),
                "networks" => append(
                    &mut self.networks,
                    resource::resources(ld, value, "networks"),
                ),
                "secrets" => append(&mut self.secrets, resource::resources(ld, value, "secrets")),
                "configs" => append(&mut self.configs, resource::resources(ld, value, "configs")),
                "include" => append(&mut self.include, resource::includes(ld, value)),
                name => {
                    let any = ld.any(value, &top.key(name), 0);
                    let field = Field {
                        key: key.clone(),
                        value: any,
                    };
                    if name.starts_with("x-") {
                        self.extensions.push(field);
                    } else {
                        self.extra.push(field);
                    }
                }
            }
            self.keys.push(key);
        }
    }

    /// Gives back the unused capacity of the top-level lists.
    fn fit(&mut self) {
        load::fit(&mut self.keys);
        load::fit(&mut self.services);
        load::fit(&mut self.extensions);
        load::fit(&mut self.extra);
    }

    /// Returns the service called `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name.value == name)
    }

    /// Returns the range of the top-level key `name` (e.g. `services`), if present.
    pub fn key_range(&self, name: &str) -> Option<TextRange> {
        self.keys
            .iter()
            .find(|k| k.as_str() == name)
            .map(Key::range)
    }
}

/// Appends `more` to `list`, taking `more` as it is when `list` is empty.
fn append<T>(list: &mut ThinVec<T>, more: ThinVec<T>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}

#[cfg(test)]
mod tests;
