//! The `cfglint` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cfglint::cli::Cli::parse();
    cfglint::commands::run(&cli).into()
}
