//! Top-level resources ([`Resource`]: volumes, networks, secrets, configs) and [`Include`].

use text_size::TextRange;

use super::any::{Field, Key};
use super::kv::{KeyValue, key_values};
use super::load::{Loader, Path};
use super::text::Text;
use crate::Spanned;
use crate::yaml::{View, ViewEntry};

/// A top-level volume, network, secret or config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource's key.
    pub name: Spanned<String>,
    /// The whole `name: …` entry (for fixes that delete it).
    pub entry_range: TextRange,
    /// The value (often null: `data:`).
    pub range: TextRange,
    /// Every key of the definition, in order.
    pub keys: Vec<Key>,
    /// `external`: a boolean, or the legacy `{name: …}` mapping (then `external_name`).
    pub external: Option<Text>,
    /// The legacy `external: {name: …}`.
    pub external_name: Option<Text>,
    /// `name`: the engine-side name.
    pub explicit_name: Option<Text>,
    /// `driver` (volumes, networks).
    pub driver: Option<Text>,
    /// `file` (secrets, configs), relative to the compose file.
    pub file: Option<Text>,
    /// `environment` (secrets, configs): the variable holding the content.
    pub environment: Option<Text>,
    /// `content` (configs).
    pub content: Option<Text>,
    /// `labels`.
    pub labels: Vec<KeyValue>,
    /// Other keys.
    pub extra: Vec<Field>,
}

impl Resource {
    /// Returns whether the resource is external (created outside the project).
    pub fn is_external(&self) -> bool {
        self.external_name.is_some() || self.external.as_ref().and_then(Text::as_bool) == Some(true)
    }
}

pub(crate) fn resources(ld: &mut Loader<'_>, view: View<'_>, section: &str) -> Vec<Resource> {
    let mut out = Vec::new();
    for entry in ld.entries(view, &Path::Root(section)) {
        if let Some(resource) = resource(ld, &entry, section) {
            out.push(resource);
        }
    }
    out
}

fn resource(ld: &mut Loader<'_>, entry: &ViewEntry<'_>, section: &str) -> Option<Resource> {
    let name = entry.key_str()?;
    let section = Path::Root(section);
    let path = section.key(name);
    let mut res = Resource {
        name: Spanned::new(name.to_owned(), entry.key().range),
        entry_range: entry.entry.range(),
        range: entry.value.node().range,
        keys: Vec::new(),
        external: None,
        external_name: None,
        explicit_name: None,
        driver: None,
        file: None,
        environment: None,
        content: None,
        labels: Vec::new(),
        extra: Vec::new(),
    };
    for field in ld.entries(entry.value, &path) {
        let Some(key) = Loader::key(&field) else {
            continue;
        };
        let p = path.key(key.as_str());
        let value = field.value;
        match key.as_str() {
            "external" if value.is_mapping() => {
                for option in value.entries() {
                    if option.key_str() == Some("name") {
                        res.external_name = ld.scalar(option.value, &p.key("name"));
                    }
                }
            }
            "external" => res.external = ld.scalar(value, &p),
            "name" => res.explicit_name = ld.scalar(value, &p),
            "driver" => res.driver = ld.scalar(value, &p),
            "file" => res.file = ld.scalar(value, &p),
            "environment" => res.environment = ld.scalar(value, &p),
            "content" => res.content = ld.scalar(value, &p),
            "labels" => res.labels = key_values(ld, value, &p, '='),
            _ => {
                let any = ld.any(value, &p, 0);
                res.extra.push(Field {
                    key: key.clone(),
                    value: any,
                });
            }
        }
        res.keys.push(key);
    }
    Some(res)
}

/// One `include` entry: a path (short), or `{path, project_directory, env_file}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The list item.
    pub range: TextRange,
    /// The compose file(s) to include (several are merged as one project), relative to this
    /// file's directory.
    pub paths: Vec<Text>,
    /// `project_directory`.
    pub project_directory: Option<Text>,
    /// `env_file`: the included project's env files (instead of its `.env`).
    pub env_file: Vec<Text>,
}

pub(crate) fn includes(ld: &mut Loader<'_>, view: View<'_>) -> Vec<Include> {
    let mut out = Vec::new();
    let include = Path::Root("include");
    for (i, item) in ld.items(view, &include).enumerate() {
        let p = include.index(i);
        let range = item.node().range;
        if item.is_mapping() {
            let mut include = Include {
                range,
                paths: Vec::new(),
                project_directory: None,
                env_file: Vec::new(),
            };
            for entry in item.entries() {
                match entry.key_str() {
                    Some("path") => include.paths = ld.strings(entry.value, &p.key("path")),
                    Some("project_directory") => {
                        include.project_directory =
                            ld.scalar(entry.value, &p.key("project_directory"));
                    }
                    Some("env_file") => {
                        include.env_file = ld.strings(entry.value, &p.key("env_file"));
                    }
                    _ => {}
                }
            }
            out.push(include);
        } else if let Some(path) = ld.scalar(item, &p) {
            out.push(Include {
                range,
                paths: vec![path],
                project_directory: None,
                env_file: Vec::new(),
            });
        }
    }
    out
}
