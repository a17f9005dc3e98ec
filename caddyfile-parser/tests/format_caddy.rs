//! Differential test: `format` against the real `caddy fmt` on our own fixtures.
//!
//! The fixtures in `tests/fixtures/format/` are written in Caddy 2.6.2 syntax (Debian's
//! `/usr/bin/caddy`) and avoid what changed in `caddy fmt` after 2.6.2 (heredocs, backtick
//! strings with braces or runs of spaces, `{$ENV}` starting a line, a standalone `{` after
//! `import`) and the places where we keep tokens `caddy fmt` changes (see the module docs of
//! `caddyfile_parser::format`). Set `CADDY` to use another binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use caddyfile_parser::format;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/format"
    ));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder exists")
        .map(|entry| entry.expect("readable fixture folder").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "Caddyfile"))
        .collect();
    paths.sort();
    paths
}

fn caddy() -> Option<PathBuf> {
    let path =
        std::env::var_os("CADDY").map_or_else(|| PathBuf::from("/usr/bin/caddy"), PathBuf::from);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: caddy not installed ({})", path.display());
        None
    }
}

#[test]
fn fixtures_format_like_caddy_fmt() {
    let paths = fixtures();
    assert!(
        paths.len() >= 15,
        "expected at least 15 fixtures, found {}",
        paths.len()
    );
    let Some(caddy) = caddy() else { return };
    let mut differ = Vec::new();
    for path in &paths {
        let input = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let run = Command::new(&caddy)
            .arg("fmt")
            .arg(path)
            .output()
            .expect("caddy runs");
        assert!(
            run.status.success(),
            "caddy fmt failed on {}",
            path.display()
        );
        let expected = String::from_utf8(run.stdout).expect("caddy prints UTF-8");
        if format(&input) != expected {
            differ.push(path.display().to_string());
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} fixtures differ from caddy fmt: {differ:#?}",
        differ.len(),
        paths.len()
    );
}

#[test]
fn fixtures_need_formatting_and_stay_formatted() {
    for path in fixtures() {
        let input = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let output = format(&input);
        assert_ne!(
            output,
            input,
            "{} is already formatted: it tests nothing",
            path.display()
        );
        assert_eq!(
            format(&output),
            output,
            "{} is not idempotent",
            path.display()
        );
    }
}
