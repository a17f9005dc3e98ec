//! Command-line arguments (clap derive types only).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::OutputFormat;

const AFTER_HELP: &str = "\
Examples:
  cfglint                          check the stack in the current folder
  cfglint check deploy/            check the stack rooted at deploy/
  cfglint --fix --unsafe-fixes     remove every leftover reference
  cfglint --diff                   show what --fix would change, write nothing
  cfglint fmt deploy/Caddyfile     format a Caddyfile in place, as `caddy fmt -w`
  cfglint retire spacetimedb --alias stdb --dry-run
  cfglint rule dangling-upstream   explain one rule

Exit status: 0 nothing found (or --exit-zero), 1 findings remain, 2 usage, I/O or internal error.";

/// Finds the references in your docker-compose files, Caddyfiles, Dockerfiles and .env files
/// that point at nothing, and fixes them without touching anything else.
#[derive(Debug, Parser)]
#[command(
    name = "cfglint",
    version,
    about,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    /// What to do; `check` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options of `check`, also accepted without the word `check`.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a stack (the default): every reference that points at nothing, and more.
    Check(CheckArgs),
    /// Format Caddyfiles in place exactly as `caddy fmt` does.
    Fmt(FmtArgs),
    /// Remove a service and every reference to it across the stack.
    Retire(RetireArgs),
    /// Explain one rule, or list all rules.
    Rule(RuleArgs),
}

/// Options of `cfglint check`.
#[derive(Debug, Args, Default, Clone)]
pub struct CheckArgs {
    /// Files or folders to check. A file finds its stack by walking up to the nearest compose
    /// file, so cross-file rules still work when a pre-commit hook passes one changed file.
    ///
    /// Files are known by name: `Caddyfile`, `Caddyfile.*`, `*.caddyfile`; `compose.yaml`,
    /// `docker-compose.yml` and their `*.yaml`/`*.yml` variants (`compose.prod.yaml`,
    /// `app.compose.yml`); `Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile`;
    /// `.env`, `.env.*`, `*.env`, `env.example`. A `*.yml` or `*.yaml` file named here is read
    /// as a compose file on its own, as `docker compose -f FILE` would; other names are skipped
    /// with a warning.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Apply safe fixes and write the files.
    #[arg(long)]
    pub fix: bool,

    /// Also offer (with --fix: apply) fixes that change behaviour or delete comments.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the changes fixes would make as a unified diff (for `git apply`); write nothing.
    /// Exits 1 when anything would change.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// List the fixes that were applied.
    #[arg(long)]
    pub show_fixes: bool,

    /// How findings are printed.
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub output_format: OutputFormat,

    /// Run only these rules (comma-separated ids; see `cfglint rule`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// Never run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Read configuration from FILE instead of the nearest cfglint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Exit 0 even when findings remain.
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each rule made instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Services removed since this git revision count as retired (their leftovers are
    /// reported by `retired-reference`).
    #[arg(long, value_name = "GIT-REV")]
    pub since: Option<String>,

    /// Read one file from standard input, as if it were at this path.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

/// Options of `cfglint fmt`.
#[derive(Debug, Args, Default, Clone)]
pub struct FmtArgs {
    /// Caddyfiles or folders to format; `-` reads standard input and writes standard output.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write nothing; exit 1 when a file is not formatted.
    #[arg(long)]
    pub check: bool,

    /// Write nothing; print a unified diff of the changes and exit 1 when there are any.
    #[arg(long)]
    pub diff: bool,

    /// With `-`: the path to report the standard input as.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

/// Options of `cfglint retire`.
#[derive(Debug, Args, Default, Clone)]
pub struct RetireArgs {
    /// The compose service to remove.
    pub service: String,

    /// Another name the service goes by in variables and hosts (e.g. `stdb`); repeatable.
    #[arg(long = "alias", value_name = "NAME")]
    pub aliases: Vec<String>,

    /// Print the summary and the diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// The stack to edit (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read configuration from FILE instead of the nearest cfglint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Options of `cfglint rule`.
#[derive(Debug, Args, Default, Clone)]
pub struct RuleArgs {
    /// The rule to explain; all rules are listed when omitted.
    pub name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn check_is_the_default_command() {
        let cli = Cli::try_parse_from(["cfglint", "--fix", "deploy"]).unwrap();
        assert!(cli.command.is_none());
        assert!(cli.check.fix);
        assert_eq!(cli.check.paths, [PathBuf::from("deploy")]);
        let cli = Cli::try_parse_from(["cfglint", "check", "--select", "a,b"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("expected check");
        };
        assert_eq!(args.select, ["a", "b"]);
    }
}
