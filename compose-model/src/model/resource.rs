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
/// The settings read with methods (`external`, `driver`, `file`…) share one list: most
/// resources set none of them (`data:`), the others one or two.
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
    /// `labels`.
    pub labels: ThinVec<KeyValue>,
    /// Other keys.
    pub extra: ThinVec<Field>,
    /// The settings given, in order.
    settings: ThinVec<(Setting, Text)>,
}

/// A setting of a [`Resource`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    External,
    ExternalName,
    ExplicitName,
    Driver,
    File,
    Environment,
    Content,
}

impl Setting {
    /// The setting a key of the definition gives, if it is one.
    fn of(key: &str) -> Option<Setting> {
        Some(match key {
            "external" => Setting::External,
            "name" => Setting::ExplicitName,
            "driver" => Setting::Driver,
            "file" => Setting::File,
            "environment" => Setting::Environment,
            "content" => Setting::Content,
            _ => return None,
        })
    }
}

impl Resource {
    /// Returns the setting `which` (the last one, as later keys win).
    fn setting(&self, which: Setting) -> Option<&Text> {
        self.settings
            .iter()
            .rev()
            .find(|(setting, _)| *setting == which)
            .map(|(_, text)| text)
    }

    /// Returns `external`: a boolean, or nothing for the legacy `{name: …}` mapping (see
    /// [`Resource::external_name`]).
    pub fn external(&self) -> Option<&Text> {
        self.setting(Setting::External)
    }

    /// Returns the legacy `external: {name: …}`.
    pub fn external_name(&self) -> Option<&Text> {
        self.setting(Setting::ExternalName)
    }

    /// Returns `name`: the engine-side name.
    pub fn explicit_name(&self) -> Option<&Text> {
        self.setting(Setting::ExplicitName)
    }

    /// Returns `driver` (volumes, networks).
    pub fn driver(&self) -> Option<&Text> {
        self.setting(Setting::Driver)
    }

    /// Returns `file` (secrets, configs), relative to the compose file.
    pub fn file(&self) -> Option<&Text> {
        self.setting(Setting::File)
    }

    /// Returns `environment` (secrets, configs): the variable holding the content.
    pub fn environment(&self) -> Option<&Text> {
        self.setting(Setting::Environment)
    }

    /// Returns `content` (configs).
    pub fn content(&self) -> Option<&Text> {
        self.setting(Setting::Content)
    }

    /// Returns whether the resource is external (created outside the project).
    pub fn is_external(&self) -> bool {
        self.external_name().is_some() || self.external().and_then(Text::as_bool) == Some(true)
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
        entry_range: entry.range(),
        range: entry.value.node().range,
        keys: ThinVec::new(),
        labels: ThinVec::new(),
        extra: ThinVec::new(),
        settings: ThinVec::new(),
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
                        let name = ld.scalar(option.value, &p.key("name"));
                        res.set(Setting::ExternalName, name);
                    }
                }
            }
            "labels" => res.labels = key_values(ld, value, &p, '='),
            name => {
                if let Some(setting) = Setting::of(name) {
                    let text = ld.scalar(value, &p);
                    res.set(setting, text);
                } else {
                    let any = ld.any(value, &p, 0);
                    res.extra.push(Field {
                        key: key.clone(),
                        value: any,
                    });
                }
            }
        }
        res.keys.push(key);
    }
    fit(&mut res.keys);
    fit(&mut res.extra);
    fit(&mut res.settings);
    Some(res)
}

impl Resource {
    /// Sets `setting` to `text`; `None` (a null value) clears an earlier one, as a later
    /// key replaces an earlier one.
    fn set(&mut self, setting: Setting, text: Option<Text>) {
        self.settings.retain(|(s, _)| *s != setting);
        if let Some(text) = text {
            self.settings.push((setting, text));
        }
    }
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
