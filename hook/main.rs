//! `cfglint-hook`: the `cfglint` command for pre-commit.
//!
//! pre-commit installs a `language: rust` hook with `cargo install --path .` at the
//! repository root, which needs a package there (the workspace root is otherwise virtual).
//! This binary is that package's: the same command line as `cfglint`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cfglint::cli::Cli::parse();
    cfglint::commands::run(&cli).into()
}
