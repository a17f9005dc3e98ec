//! Killing `cfglint check --fix` at random moments never leaves a half-written file: every
//! file is afterwards either exactly as before or exactly as a complete run leaves it.
//! (Writes go to a temporary file in the same folder and are renamed over the original.)

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use common::copy_tree;

mod common;

const STACKS: usize = 24;
const SITES: usize = 400;
const KILLS: usize = 40;

fn make_stacks(root: &Path) {
    for s in 0..STACKS {
        let dir = root.join(format!("stack{s:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("compose.yaml"),
            "services:\n  caddy:\n    image: caddy:2.8\n    volumes:\n      - ./Caddyfile:/etc/caddy/Caddyfile:ro\n  web:\n    image: nginx:1.27\n",
        )
        .unwrap();
        let mut caddyfile = String::new();
        for i in 0..SITES {
            let upstream = if i % 2 == 0 { "web:80" } else { "gone:80" };
            let _ = write!(
                caddyfile,
                "# site {i}\ns{i}.example.com {{\n\tencode gzip\n\treverse_proxy {upstream}\n}}\n\n"
            );
        }
        std::fs::write(dir.join("Caddyfile"), caddyfile).unwrap();
    }
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for s in 0..STACKS {
        let dir = root.join(format!("stack{s:02}"));
        for name in ["compose.yaml", "Caddyfile"] {
            let path = dir.join(name);
            out.insert(
                path.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    out
}

fn fix(root: &Path) -> Command {
    let mut command = Command::new(cargo_bin("cfglint"));
    command
        .current_dir(root)
        .args([
            "check",
            "--fix",
            "--unsafe-fixes",
            "--exit-zero",
            "--output-format",
            "concise",
            ".",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn a_killed_fix_leaves_every_file_old_or_new() {
    let template = tempfile::tempdir().unwrap();
    make_stacks(template.path());
    let before = snapshot(template.path());

    // A complete run gives the "new" state, and how long a run takes.
    let complete = tempfile::tempdir().unwrap();
    copy_tree(template.path(), complete.path());
    let started = Instant::now();
    assert!(fix(complete.path()).status().unwrap().success());
    let full_run = started.elapsed();
    let after = snapshot(complete.path());
    let changed = before.iter().filter(|(p, b)| after[*p] != **b).count();
    assert_eq!(
        changed, STACKS,
        "every Caddyfile is fixed by a complete run"
    );

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut mixed = 0;
    for _ in 0..KILLS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Writes come last: aim most kills at the second half of the run.
        let span = full_run.as_micros() as u64 + 1;
        let delay = Duration::from_micros(span * 2 / 5 + seed % (span * 7 / 10 + 1));
        let work = tempfile::tempdir().unwrap();
        copy_tree(template.path(), work.path());
        let mut child = fix(work.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(work.path());
        let mut new = 0;
        for (path, bytes) in &now {
            assert!(
                *bytes == before[path] || *bytes == after[path],
                "{} is neither the old nor the new file after a kill at {delay:?}",
                path.display()
            );
            if *bytes != before[path] {
                new += 1;
            }
        }
        if new > 0 && new < STACKS {
            mixed += 1;
        }
    }
    eprintln!("{KILLS} kills over a {full_run:?} run; {mixed} left some files old and some new");
}
