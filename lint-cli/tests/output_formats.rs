//! Output formats through the real binary: the JSON contract of DESIGN.md field for field,
//! SARIF 2.1.0 accepted by the official validator, GitHub annotations, and that no value
//! from an env file appears in any format.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(name)
}

/// Runs `cfglint check` in the workspace root (so paths print as `fixtures/…`).
fn check(args: &[&str]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::cargo_bin("cfglint")
        .unwrap()
        .current_dir(root)
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn json_output_matches_the_design_contract_field_for_field() {
    let (code, stdout, _) = check(&["fixtures/sidelinja", "--output-format", "json"]);
    assert_eq!(code, 1, "findings remain");
    let document: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(keys(&document), ["diagnostics", "summary", "version"]);
    assert_eq!(document["version"], 1);
    assert_eq!(
        keys(&document["summary"]),
        ["diagnostics", "files", "fixable"]
    );
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert_eq!(
        document["summary"]["diagnostics"].as_u64().unwrap() as usize,
        diagnostics.len()
    );
    assert!(!diagnostics.is_empty());
    let mut with_fix = 0;
    for d in diagnostics {
        assert_eq!(
            keys(d),
            ["end", "file", "fix", "message", "rule", "severity", "start"]
        );
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")));
        for position in [&d["start"], &d["end"]] {
            assert_eq!(keys(position), ["column", "line"]);
            assert!(position["line"].as_u64().unwrap() >= 1);
            assert!(position["column"].as_u64().unwrap() >= 1);
        }
        assert!(!d["file"].as_str().unwrap().contains('\\'));
        if d["fix"].is_null() {
            continue;
        }
        with_fix += 1;
        let fix = &d["fix"];
        assert_eq!(keys(fix), ["applicability", "edits", "message"]);
        assert!(matches!(
            fix["applicability"].as_str(),
            Some("safe" | "unsafe")
        ));
        for edit in fix["edits"].as_array().unwrap() {
            assert_eq!(keys(edit), ["content", "end", "file", "start"]);
        }
    }
    assert_eq!(document["summary"]["fixable"].as_u64().unwrap(), with_fix);
    let upstream = diagnostics
        .iter()
        .find(|d| d["rule"] == "dangling-upstream")
        .expect("the leftover Caddy upstream is found");
    assert_eq!(
        upstream["file"],
        "fixtures/sidelinja/config/caddy/Caddyfile"
    );
}

#[test]
fn sarif_output_passes_the_official_validator() {
    let (_, stdout, _) = check(&["fixtures/sidelinja", "--output-format", "sarif"]);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "dangling-upstream" && r["relatedLocations"].is_array()),
        "a cross-file finding names the other file as a related location"
    );
    let validator = std::env::var_os("SARIF_MULTITOOL").map_or_else(
        || PathBuf::from("/opt/peers/node_modules/.bin/sarif-multitool"),
        PathBuf::from,
    );
    if !validator.exists() {
        eprintln!("skipped: sarif-multitool not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cfglint.sarif");
    let verdict = dir.path().join("verdict.sarif");
    std::fs::write(&input, &stdout).unwrap();
    let status = Command::new(&validator)
        .arg("validate")
        .arg(&input)
        .arg("-o")
        .arg(&verdict)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let verdict: Value = serde_json::from_str(&std::fs::read_to_string(&verdict).unwrap()).unwrap();
    let problems = verdict["runs"][0]["results"].as_array().unwrap();
    assert!(
        problems.is_empty(),
        "the validator found problems: {}",
        serde_json::to_string_pretty(problems).unwrap()
    );
}

#[test]
fn github_annotations_name_file_line_and_rule() {
    let (_, stdout, _) = check(&["fixtures/sidelinja", "--output-format", "github"]);
    let line = stdout
        .lines()
        .find(|l| l.contains("dangling-upstream"))
        .unwrap();
    assert!(
        line.starts_with(
            "::error title=cfglint (dangling-upstream),file=fixtures/sidelinja/config/caddy/Caddyfile,line="
        ),
        "{line}"
    );
}

#[test]
fn no_env_value_appears_in_any_output() {
    let env = std::fs::read_to_string(fixture("sidelinja/.env")).unwrap();
    let worker = std::fs::read_to_string(fixture("sidelinja/config/worker.env")).unwrap();
    let public: String = [
        "docker-compose.yml",
        "config/caddy/Caddyfile",
        "web/Dockerfile",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(fixture("sidelinja").join(f)).unwrap())
    .collect();
    let values: Vec<String> = env
        .lines()
        .chain(worker.lines())
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.trim().to_owned()))
        .filter(|v| v.len() >= 6)
        // Values also written in other files (domains in the Caddyfile) are not secrets.
        .filter(|v| !public.contains(v.as_str()))
        .collect();
    assert!(values.len() > 10);
    for format in ["full", "concise", "json", "sarif", "github"] {
        for extra in [&[][..], &["--statistics"], &["--unsafe-fixes"]] {
            let mut args = vec!["fixtures/sidelinja", "--output-format", format];
            args.extend_from_slice(extra);
            let (_, stdout, stderr) = check(&args);
            for value in &values {
                assert!(
                    !stdout.contains(value.as_str()) && !stderr.contains(value.as_str()),
                    "a value from an env file is printed by --output-format {format} {extra:?}"
                );
            }
        }
    }
    let (_, stdout, stderr) = check(&["fixtures/sidelinja", "--diff", "--unsafe-fixes"]);
    for value in &values {
        assert!(
            !stdout.contains(value.as_str()) && !stderr.contains(value.as_str()),
            "--diff prints a value from an env file"
        );
    }
}
