//! pre-commit for real: `pre-commit try-repo` of this repository (which builds the hook with
//! `cargo install`, as users get it) on a scratch git repository. A staged change to the
//! Caddyfile alone whose upstream names a service the unchanged compose file lacks fails the
//! hook with that finding; a clean change passes.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, program: &str, args: &[&str], home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"))
}

#[track_caller]
fn git(dir: &Path, args: &[&str], home: &Path) {
    let out = run(dir, "git", args, home);
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn pre_commit_hook_fails_on_a_dangling_upstream_and_passes_a_clean_change() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: pre-commit is not installed (`pip install pre-commit`; .ci/run does)");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("deploy")).unwrap();
    std::fs::write(
        dir.join("deploy/compose.yaml"),
        "services:\n  caddy:\n    image: caddy:2.8\n    volumes:\n      - ./Caddyfile:/etc/caddy/Caddyfile:ro\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deploy/Caddyfile"),
        "example.com {\n\treverse_proxy web:80\n}\n",
    )
    .unwrap();
    git(dir, &["init", "-q"], home.path());
    git(dir, &["add", "-A"], home.path());
    git(dir, &["commit", "-qm", "stack"], home.path());

    // A staged change to the Caddyfile only: its new upstream is no service.
    std::fs::write(
        dir.join("deploy/Caddyfile"),
        "example.com {\n\treverse_proxy web:80\n}\n\napi.example.com {\n\treverse_proxy api:8080\n}\n",
    )
    .unwrap();
    git(dir, &["add", "deploy/Caddyfile"], home.path());
    let repo_arg = repo.to_str().unwrap();
    let failed = run(
        dir,
        "pre-commit",
        &["try-repo", repo_arg, "cfglint"],
        home.path(),
    );
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert!(!failed.status.success(), "the hook must fail:\n{stdout}");
    assert!(
        stdout.contains("deploy/Caddyfile:6:16: error[dangling-upstream]")
            && stdout.contains("`api:8080` names no service"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&failed.stderr)
    );

    // A clean change passes.
    std::fs::write(
        dir.join("deploy/Caddyfile"),
        "example.com {\n\treverse_proxy web:80\n\tencode gzip\n}\n",
    )
    .unwrap();
    git(dir, &["add", "deploy/Caddyfile"], home.path());
    let passed = run(
        dir,
        "pre-commit",
        &["try-repo", repo_arg, "cfglint"],
        home.path(),
    );
    assert!(
        passed.status.success(),
        "{}",
        String::from_utf8_lossy(&passed.stdout)
    );
}
