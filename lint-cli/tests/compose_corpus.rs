//! cfglint's compose rules over every compose file of the corpus, against Docker Compose
//! v2.40.3's verdict on each (`compose/PEER_RESULTS.tsv`, `v2_rc` and `v2_error`):
//!
//! - checking never panics;
//! - no file v2 accepts gets a `compose-syntax` finding, nor an error from a rule that
//!   reports references to nothing;
//! - every file v2 rejects for a reference to nothing (`depends on undefined service`,
//!   `refers to undefined volume|network|secret|config`, …) gets the matching rule's finding.
//!
//! v2 checked each file as `docker compose -f FILE config` from the file's folder: that file
//! alone, with the folder's `.env`. A file that cfglint would read the same way in place (the
//! folder's default compose file, with no override or other compose file beside it) is
//! checked in place; any other is checked through a temporary folder holding it as
//! `compose.yaml` and copies of its siblings (`common::scratch_copy`), so relative paths still
//! resolve.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use cfglint::checker::Settings;
use cfglint::commands::check::{FixMode, check_and_fix};
use cfglint::config::ConfigFile;
use cfglint::discover::default_compose_file;
use cfglint::project::Overlay;
use cfglint::source::FileKind;
use common::{COMPOSE_RULES, rule_for_v2_error, scratch_copy};

mod common;

/// Rules that report references to nothing (errors a v2-accepted file should not get).
const REFERENCE_RULES: &[&str] = &[
    "duplicate-container-name",
    "undefined-config",
    "undefined-network",
    "undefined-secret",
    "undefined-volume",
    "unknown-service",
];

/// Whether cfglint, given `file`, reads it alone as `-f FILE` would: it is its folder's
/// default compose file, nothing else compose-named sits beside it, and the `.env` does not
/// name other files with `COMPOSE_FILE`.
fn reads_alone(file: &Path) -> bool {
    let Some(dir) = file.parent() else {
        return false;
    };
    if default_compose_file(dir).as_deref() != Some(file) {
        return false;
    }
    let others = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.path() != file && FileKind::from_path(&e.path()) == Some(FileKind::Compose));
    let env = std::fs::read_to_string(dir.join(".env")).unwrap_or_default();
    !others
        && !env
            .lines()
            .any(|l| l.trim_start().starts_with("COMPOSE_FILE"))
}

/// What one file gave: rule ids of the findings, with a count each.
type Found = BTreeMap<&'static str, usize>;

fn check_file(file: &Path, settings: &Settings) -> (Found, bool) {
    let alone = reads_alone(file);
    let mirrored = (!alone).then(|| scratch_copy(file));
    let (cwd, path) = match &mirrored {
        Some(dir) => (dir.path().to_path_buf(), PathBuf::from("compose.yaml")),
        None => (
            file.parent().expect("a file has a folder").to_path_buf(),
            PathBuf::from(file.file_name().expect("a file has a name")),
        ),
    };
    let checked = check_and_fix(&[path], &cwd, settings, Overlay::default(), FixMode::None)
        .expect("checking never fails");
    let mut found = Found::new();
    for d in &checked.diagnostics {
        *found.entry(d.rule.name).or_default() += 1;
    }
    (found, alone)
}

#[test]
fn compose_corpus_agrees_with_compose_v2() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/compose");
    let Ok(tsv) = std::fs::read_to_string(root.join("PEER_RESULTS.tsv")) else {
        eprintln!("skipped: {} is absent", root.display());
        return;
    };
    let select: Vec<String> = COMPOSE_RULES.iter().map(|r| (*r).to_owned()).collect();
    let settings = Settings::new(ConfigFile::default(), &select, &[]).expect("known rules");
    let mut failures: Vec<String> = Vec::new();
    let mut stats: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = |key: String| *stats.entry(key).or_default() += 1;
    let mut findings: BTreeMap<&'static str, usize> = BTreeMap::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [corpus, path, _, _, _, v2_rc, _, v2_error, ..] = columns[..] else {
            failures.push(format!("malformed row: {line}"));
            continue;
        };
        let file = root.join(corpus).join(path);
        if !file.is_file() {
            count("missing from the corpus".to_owned());
            continue;
        }
        let name = format!("{corpus}/{path}");
        let Ok((found, alone)) =
            std::panic::catch_unwind(AssertUnwindSafe(|| check_file(&file, &settings)))
        else {
            failures.push(format!("{name}: panicked"));
            continue;
        };
        count(
            if alone {
                "checked in place"
            } else {
                "checked in a scratch copy"
            }
            .to_owned(),
        );
        for (rule, n) in &found {
            *findings.entry(rule).or_default() += n;
        }
        if v2_rc == "0" {
            count("v2 accepts".to_owned());
            if found.contains_key("compose-syntax") {
                failures.push(format!(
                    "{name}: v2 accepts it, cfglint finds compose-syntax"
                ));
            }
            for rule in REFERENCE_RULES.iter().filter(|r| found.contains_key(*r)) {
                failures.push(format!("{name}: v2 accepts it, cfglint finds {rule}"));
            }
            continue;
        }
        count("v2 rejects".to_owned());
        let Some(rule) = rule_for_v2_error(v2_error) else {
            continue;
        };
        count(format!("v2 rejects: {rule} ({corpus})"));
        if found.contains_key(rule) {
            count(format!("v2 rejects: {rule} ({corpus}), found"));
        } else {
            failures.push(format!(
                "{name}: v2 says `{v2_error}`, cfglint misses `{rule}`"
            ));
        }
    }
    eprintln!("compose corpus: {stats:#?}\nfindings by rule: {findings:#?}");
    assert!(failures.is_empty(), "{failures:#?}");
}
