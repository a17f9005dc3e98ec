//! End to end: the real binary on `fixtures/sidelinja` (the seed's deployment right after
//! `SpacetimeDB` left compose), stdout and exit status snapshotted in every output format.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn run(args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::cargo_bin("cfglint")
        .unwrap()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    format!(
        "exit status: {}\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap()
    )
}

#[test]
fn sidelinja_in_every_output_format() {
    for format in ["full", "concise", "json", "sarif", "github"] {
        let stdout = run(&["check", "fixtures/sidelinja", "--output-format", format]);
        // The SARIF log names the tool's version; keep snapshots stable across releases.
        let stdout = stdout.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("sidelinja_{format}"), stdout);
    }
}

#[test]
fn sidelinja_statistics() {
    insta::assert_snapshot!(run(&["check", "fixtures/sidelinja", "--statistics"]));
}

#[test]
fn sidelinja_finds_every_leftover_of_the_seed() {
    let concise = run(&["check", "fixtures/sidelinja", "--output-format", "concise"]);
    let leftovers = [
        // the Caddy site and route still proxying to the removed container
        "config/caddy/Caddyfile:38:17: error[dangling-upstream]",
        "config/caddy/Caddyfile:52:16: error[dangling-upstream]",
        // the build arg and the Dockerfile ARG/ENV
        "docker-compose.yml:100:9: error[retired-reference] build arg `VITE_SPACETIMEDB_URL`",
        "web/Dockerfile:5:5: error[retired-reference] Dockerfile `ARG` `VITE_SPACETIMEDB_URL`",
        "web/Dockerfile:6:5: error[retired-reference] Dockerfile `ENV` variable `VITE_SPACETIMEDB_URL`",
        // STDB_IP and SPACETIMEDB_* in the worker's env file and in .env.example
        "config/worker.env:6:1: error[retired-reference] variable `STDB_IP`",
        "config/worker.env:7:1: error[retired-reference] variable `SPACETIMEDB_URL`",
        "config/worker.env:8:1: error[retired-reference] variable `SPACETIMEDB_MODULE`",
        ".env.example:37:1: error[retired-reference] variable `SPACETIMEDB_URL`",
        ".env.example:38:1: error[retired-reference] variable `SPACETIMEDB_MODULE`",
    ];
    for leftover in leftovers {
        assert!(
            concise.contains(&format!("fixtures/sidelinja/{leftover}")),
            "missing `{leftover}` in:\n{concise}"
        );
    }
    // Everything found is about SpacetimeDB, except the two true `:latest` warnings.
    for line in concise.lines().filter(|l| l.starts_with("fixtures/")) {
        assert!(
            line.to_ascii_lowercase().contains("spacetime")
                || line.contains("STDB")
                || line.contains("all gone")
                || line.contains("unpinned-image] image `ghcr.io/goauthentik/server:latest`"),
            "a finding that is no leftover: {line}"
        );
    }
}
