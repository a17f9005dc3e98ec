//! `cfglint.toml`: rule selection and severities, retired services, known hosts and variables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A rule's configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Don't run the rule.
    Off,
}

/// The contents of a `cfglint.toml` file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigFile {
    /// Run only these rules (ids); all rules when absent.
    pub select: Option<Vec<String>>,
    /// Never run these rules.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per rule id: `"error"`, `"warning"` or `"off"`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Services that were removed; any name that mentions them is a leftover.
    #[serde(default)]
    pub retired: Vec<String>,
    /// Other names of retired services (`spacetimedb = ["stdb"]`).
    #[serde(default)]
    pub retired_aliases: BTreeMap<String, Vec<String>>,
    /// Host names that are not services of the stack but are known to resolve.
    #[serde(default)]
    pub external_hosts: Vec<String>,
    /// Variables the environment provides at deploy time (not in any env file).
    #[serde(default)]
    pub known_variables: Vec<String>,
    /// Globs of paths never read.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Caddyfile directives added by plugins.
    #[serde(default)]
    pub extra_directives: Vec<String>,
}

/// An error in a config file, pointing at the offending text.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("invalid configuration in `{path}`: {message}")]
#[diagnostic(
    code(cfglint::config),
    help("see `cfglint --help` and README.md for the keys")
)]
pub struct ConfigError {
    path: String,
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("here")]
    span: Option<SourceSpan>,
}

/// The name of the config file searched upward.
pub const CONFIG_FILE_NAME: &str = "cfglint.toml";

impl ConfigFile {
    /// Parses config text read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Self, Box<ConfigError>> {
        toml::from_str(text).map_err(|error| {
            Box::new(ConfigError {
                path: path.display().to_string(),
                message: error.message().to_owned(),
                source_code: NamedSource::new(path.display().to_string(), text.to_owned()),
                span: error.span().map(SourceSpan::from),
            })
        })
    }

    /// Looks for `cfglint.toml` in `start` and its ancestors.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Every retired name with its aliases, lower-cased: `spacetimedb` → `{spacetimedb, stdb}`.
    pub fn retired_names(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for service in &self.retired {
            out.entry(service.to_ascii_lowercase())
                .or_default()
                .insert(service.to_ascii_lowercase());
        }
        for (service, aliases) in &self.retired_aliases {
            let entry = out.entry(service.to_ascii_lowercase()).or_default();
            entry.insert(service.to_ascii_lowercase());
            entry.extend(aliases.iter().map(|a| a.to_ascii_lowercase()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let text = r#"
select = ["dangling-upstream"]
ignore = ["unpinned-image"]
retired = ["spacetimedb"]
external-hosts = ["api.example.com"]
known-variables = ["HOME"]
exclude = ["legacy/**"]
extra-directives = ["crowdsec"]

[rules]
unused-variable = "off"
dangling-url = "warning"

[retired-aliases]
spacetimedb = ["stdb"]
"#;
        let config = ConfigFile::parse(text, Path::new("cfglint.toml")).unwrap();
        assert_eq!(config.rules["unused-variable"], RuleLevel::Off);
        assert_eq!(
            config.retired_names()["spacetimedb"],
            BTreeSet::from(["spacetimedb".to_owned(), "stdb".to_owned()])
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_a_span() {
        let error = ConfigFile::parse("retierd = []\n", Path::new("cfglint.toml")).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `retierd`"),
            "{error}"
        );
        assert_eq!(error.span.map(|s| s.offset()), Some(0));
    }
}
