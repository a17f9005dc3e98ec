//! Top-level resources ([`Resource`]: volumes, networks, secrets, configs) and [`Include`].

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use super::any::{Field, Key};
use super::kv::{KeyValue, key_values};
use super::load::{Loader, Path, fit};
use super::text::Text;
use crate::Spanned;
use crate::yaml::{View, ViewEntry};

/// A top-level volume, network, secret or config.
///
/// The optional settings are boxed: most resources set none of them (`data:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource's key.
    pub name: Spanned<EcoString>,
    /// The whole `name: …` entry (for fixes that delete it).
    pub entry_range: TextRange,
    /// The value (often null: `data:`).
    pub range: TextRange,
    /// Every key of the definition, in order.
    pub keys: ThinVec<Key>,
    /// `external`: a boolean, or the legacy `{name: …}` mapping (then `external_name`).
    pub external: Option<Box<Text>>,
    /// The legacy `external: {name: …}`.
    pub external_name: Option<Box<Text>>,
    /// `name`: the engine-side name.
    pub explicit_name: Option<Box<Text>>,
    /// `driver` (volumes, networks).
    pub driver: Option<Box<Text>>,
    /// `file` (secrets, configs), relative to the compose file.
    pub file: Option<Box<Text>>,
    /// `environment` (secrets, configs): the variable holding the content.
    pub environment: Option<Box<Text>>,
    /// `content` (configs).
    pub content: Option<Box<Text>>,
    /// `labels`.
    pub labels: ThinVec<KeyValue>,
    /// Other keys.
    pub extra: ThinVec<Field>,
}

impl Resource {
    /// Returns whether the resource is external (created outside the project).
    pub fn is_external(&self) -> bool {
        self.external_name.is_some()
            || self.external.as_deref().and_then(Text::as_bool) == Some(true)
    }
}

pub(crate) fn resources(ld: &mut Loader<'_>, view: View<'_>, section: &str) -> ThinVec<Resource> {
    let entries = ld.entries(view, &Path::Root(section));
    let mut out = ThinVec::with_capacity(entries.len());
    for entry in entries {
        if let Some(resource) = resource(ld, &entry, section) {
            out.push(resource);
        }
    }
    fit(&mut out);
    out
}

fn resource(ld: &mut Loader<'_>, entry: &ViewEntry<'_>, section: &str) -> Option<Resource> {
    let name = &entry.key().as_scalar()?.value;
    let section = Path::Root(section);
    let path = section.key(name);
    let mut res = Resource {
        name: Spanned::new(name.clone(), entry.key().range),
        entry_range: entry.entry.range(),
        range: entry.value.node().range,
        keys: ThinVec::new(),
        external: None,
        external_name: None,
        explicit_name: None,
        driver: None,
        file: None,
        environment: None,
        content: None,
        labels: ThinVec::new(),
        extra: ThinVec::new(),
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
                        res.external_name = ld.scalar(option.value, &p.key("name")).map(Box::new);
                    }
                }
            }
            "external" => res.external = ld.scalar(value, &p).map(Box::new),
            "name" => res.explicit_name = ld.scalar(value, &p).map(Box::new),
            "driver" => res.driver = ld.scalar(value, &p).map(Box::new),
            "file" => res.file = ld.scalar(value, &p).map(Box::new),
            "environment" => res.environment = ld.scalar(value, &p).map(Box::new),
            "content" => res.content = ld.scalar(value, &p).map(Box::new),
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
    fit(&mut res.keys);
    fit(&mut res.extra);
    Some(res)
}

/// One `include` entry: a path (short), or `{path, project_directory, env_file}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The list item.
    pub range: TextRange,
    /// The compose file(s) to include (several are merged as one project), relative to this
    /// file's directory.
    pub paths: ThinVec<Text>,
    /// `project_directory`.
    pub project_directory: Option<Text>,
    /// `env_file`: the included project's env files (instead of its `.env`).
    pub env_file: ThinVec<Text>,
}

pub(crate) fn includes(ld: &mut Loader<'_>, view: View<'_>) -> ThinVec<Include> {
    let include = Path::Root("include");
    let items = ld.items(view, &include);
    let mut out = ThinVec::with_capacity(items.len());
    for (i, item) in items.enumerate() {
        let p = include.index(i);
        let range = item.node().range;
        if item.is_mapping() {
            let mut include = Include {
                range,
                paths: ThinVec::new(),
                project_directory: None,
                env_file: ThinVec::new(),
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
                paths: thin_vec::thin_vec![path],
                project_directory: None,
                env_file: ThinVec::new(),
            });
        }
    }
    fit(&mut out);
    out
}
