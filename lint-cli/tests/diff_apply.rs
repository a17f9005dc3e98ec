//! `--diff` is a real patch: on every fixture stack, `git apply` of the output of `check --diff
//! --unsafe-fixes` on a fresh copy gives the same files as `check --fix --unsafe-fixes`.
//! Env files are the exception by design: their hunks would print secrets, so `--diff` names
//! them on stderr instead, and they are compared as unchanged by the patch.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use common::{copy_tree, fixture_stacks, read_all};

mod common;

fn is_env(path: &Path) -> bool {
    cfglint::FileKind::from_path(path) == Some(cfglint::FileKind::Env)
}

#[test]
fn diff_output_applies_with_git_and_equals_fix() {
    let mut patched_stacks = 0;
    for stack in fixture_stacks() {
        let work = tempfile::tempdir().unwrap();
        let by_diff = work.path().join("diff");
        let by_fix = work.path().join("fix");
        copy_tree(&stack, &by_diff);
        copy_tree(&stack, &by_fix);
        let original = read_all(&by_diff);

        let diff = Command::cargo_bin("cfglint")
            .unwrap()
            .current_dir(&by_diff)
            .args([
                "check",
                "--diff",
                "--unsafe-fixes",
                "--output-format",
                "concise",
                ".",
            ])
            .output()
            .unwrap();
        let patch = String::from_utf8(diff.stdout).unwrap();
        let fixed = Command::cargo_bin("cfglint")
            .unwrap()
            .current_dir(&by_fix)
            .args([
                "check",
                "--fix",
                "--unsafe-fixes",
                "--exit-zero",
                "--output-format",
                "concise",
                ".",
            ])
            .output()
            .unwrap();
        assert!(fixed.status.success(), "{}", stack.display());
        if !patch.is_empty() {
            assert_eq!(
                diff.status.code(),
                Some(1),
                "{}: --diff exits 1 when files would change",
                stack.display()
            );
            patched_stacks += 1;
            std::fs::write(work.path().join("fix.patch"), &patch).unwrap();
            let apply = Command::new("git")
                .current_dir(&by_diff)
                .args(["apply", "--unsafe-paths", "-p1"])
                .arg(work.path().join("fix.patch"))
                .output()
                .unwrap();
            assert!(
                apply.status.success(),
                "{}: git apply failed: {}\n{patch}",
                stack.display(),
                String::from_utf8_lossy(&apply.stderr)
            );
        }
        let applied = read_all(&by_diff);
        let expected = read_all(&by_fix);
        for ((path, bytes), (fix_path, fix_bytes)) in applied.iter().zip(&expected) {
            assert_eq!(path, fix_path);
            if is_env(path) {
                let before = &original.iter().find(|(p, _)| p == path).unwrap().1;
                assert_eq!(
                    bytes,
                    before,
                    "{}: --diff must not touch {}",
                    stack.display(),
                    path.display()
                );
            } else {
                assert_eq!(
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(fix_bytes),
                    "{}: {} differs between --diff + git apply and --fix",
                    stack.display(),
                    path.display()
                );
            }
        }
    }
    assert!(
        patched_stacks > 20,
        "only {patched_stacks} fixture stacks had fixes"
    );
}
