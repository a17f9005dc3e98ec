//! The library entry point: check paths, get typed findings.

use std::path::{Path, PathBuf};

use crate::checker::{Settings, UnknownRule};
use crate::commands::check::{FixMode, check_and_fix};
use crate::config::ConfigFile;
use crate::diagnostic::Diagnostic;
use crate::line_index::LineColumn;
use crate::project::Overlay;
use crate::report::Report;

/// What [`check_paths`] runs.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The folder paths are relative to and shown relative to; the process's working folder
    /// when `None`.
    pub cwd: Option<PathBuf>,
    /// The configuration; the nearest `cfglint.toml` above the first path when `None`.
    pub config: Option<ConfigFile>,
    /// Run only these rules (all when empty).
    pub select: Vec<String>,
    /// Never run these rules.
    pub ignore: Vec<String>,
}

/// Why [`check_paths`] could not run.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum CheckError {
    /// A rule id that names no rule.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownRule(#[from] UnknownRule),
    /// The configuration file could not be read or parsed.
    #[error("configuration `{path}`: {message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// The working folder could not be read.
    #[error("working folder: {0}")]
    Cwd(#[from] std::io::Error),
}

/// Where a finding points, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location<'a> {
    /// The path as shown (relative to the working folder where possible, `/` separators).
    pub file: &'a str,
    /// 1-based line and character column of the start.
    pub start: LineColumn,
    /// 1-based line and character column of the end.
    pub end: LineColumn,
}

impl Report {
    /// Where `diagnostic` (one of this report's) points.
    pub fn location(&self, diagnostic: &Diagnostic) -> Location<'_> {
        let file = self.sources.get(diagnostic.file);
        Location {
            file: file.display(),
            start: file.line_column(diagnostic.span.start()),
            end: file.line_column(diagnostic.span.end()),
        }
    }
}

/// Checks the stacks and files at `paths`, as `cfglint check` does, without writing anything
/// and without printing. Findings come sorted by file, position and rule.
///
/// # Example
/// ```
/// use cfglint::api::{CheckOptions, check_paths};
///
/// let stack = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/sidelinja");
/// let options = CheckOptions {
///     select: vec!["dangling-upstream".to_owned()],
///     ..CheckOptions::default()
/// };
/// let report = check_paths(&[stack], &options)?;
/// let finding = &report.diagnostics[0];
/// assert_eq!(finding.rule_id(), "dangling-upstream");
/// assert!(finding.message.contains("spacetimedb:3000"));
/// assert!(report.location(finding).file.ends_with("config/caddy/Caddyfile"));
/// # Ok::<(), cfglint::api::CheckError>(())
/// ```
pub fn check_paths(
    paths: &[impl AsRef<Path>],
    options: &CheckOptions,
) -> Result<Report, CheckError> {
    let cwd = match &options.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir()?,
    };
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    let config = if let Some(config) = &options.config {
        config.clone()
    } else {
        let start = paths.first().map_or_else(|| cwd.clone(), |p| cwd.join(p));
        match ConfigFile::find(&start) {
            Some(path) => {
                let failed = |message: String| CheckError::Config {
                    path: path.clone(),
                    message,
                };
                let text = std::fs::read_to_string(&path).map_err(|e| failed(e.to_string()))?;
                ConfigFile::parse(&text, &path).map_err(|e| failed(e.to_string()))?
            }
            None => ConfigFile::default(),
        }
    };
    let settings = Settings::new(config, &options.select, &options.ignore)?;
    let checked = check_and_fix(&paths, &cwd, &settings, Overlay::default(), FixMode::None)
        .unwrap_or_else(|_| unreachable!("no fixes are applied without FixMode::Apply"));
    let mut report = Report {
        sources: checked.project.sources,
        diagnostics: checked.diagnostics,
        ..Report::default()
    };
    report.sort();
    Ok(report)
}
