//! Writes a generated Caddyfile to stdout: `gen-caddyfile [BYTES] [--messy SEED]`.
//!
//! `BYTES` defaults to 2,170,000 (the size `caddy fmt` was timed on). With `--messy`, the
//! lines are re-indented at random (see `cfglint_benches::messy_caddyfile`).

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = match args.first().map(|arg| arg.parse::<usize>()) {
        None => 2_170_000,
        Some(Ok(bytes)) => bytes,
        Some(Err(_)) => {
            eprintln!("usage: gen-caddyfile [BYTES] [--messy SEED]");
            return ExitCode::from(2);
        }
    };
    let mut text = cfglint_benches::generate_caddyfile(bytes);
    if let Some(position) = args.iter().position(|arg| arg == "--messy") {
        let seed = args
            .get(position + 1)
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(1);
        text = cfglint_benches::messy_caddyfile(&text, seed);
    }
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen-caddyfile: {error}");
            ExitCode::FAILURE
        }
    }
}
