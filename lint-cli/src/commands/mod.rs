//! The subcommands, and what they share: exit statuses, config loading, error printing.

pub mod check;
pub mod fmt;
pub mod retire;
pub mod rule;
pub mod since;

use std::path::Path;

use crate::cli::{Cli, Command};
use crate::config::ConfigFile;

/// How a run ended (DESIGN.md: 0 nothing found, 1 findings remain, 2 usage, I/O or internal
/// error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing found (or `--exit-zero`).
    Success = 0,
    /// Findings remain, or files would change (`--check`, `--diff`).
    Failure = 1,
    /// Usage, I/O or internal error.
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}

/// Runs the command line.
pub fn run(cli: &Cli) -> ExitStatus {
    match &cli.command {
        None => check::run(&cli.check),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Fmt(args)) => fmt::run(args),
        Some(Command::Retire(args)) => retire::run(args),
        Some(Command::Rule(args)) => rule::run(args),
    }
}

/// Prints an error line to stderr.
pub(crate) fn print_error(message: &str) {
    eprintln!("cfglint: error: {message}");
}

/// Prints a miette diagnostic to stderr.
pub(crate) fn print_report(error: impl miette::Diagnostic + Send + Sync + 'static) {
    let report = miette::Report::new(error);
    let handler = miette::GraphicalReportHandler::new_themed(
        if use_color(std::io::IsTerminal::is_terminal(&std::io::stderr())) {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        },
    )
    .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_ok() {
        eprint!("{out}");
    } else {
        print_error(&report.to_string());
    }
}

/// Whether to colour output going to a stream that `is_terminal`: never with `NO_COLOR`.
pub(crate) fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The width to wrap the full format at: `COLUMNS`, else 100.
pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Reads `--config FILE`, or the nearest `cfglint.toml` above `start`, or the defaults.
/// Prints the error and returns `None` when the file is unreadable or invalid.
pub(crate) fn load_config(explicit: Option<&Path>, start: &Path) -> Option<ConfigFile> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match ConfigFile::find(start) {
            Some(path) => path,
            None => return Some(ConfigFile::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            print_error(&format!("reading `{}`: {error}", path.display()));
            return None;
        }
    };
    match ConfigFile::parse(&text, &path) {
        Ok(config) => Some(config),
        Err(error) => {
            print_report(*error);
            None
        }
    }
}
