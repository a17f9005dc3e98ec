//! Hostile input through the real binary: every case ends with a clear finding or error that
//! names the file (with line and column where there is one), exit status 1 or 2, and never a
//! panic. Inputs are generated in temporary folders.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cfglint(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("cfglint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "cfglint panicked on {args:?}:\n{}",
        run.stderr
    );
    run
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Checks one file in a fresh folder and returns the concise output.
#[track_caller]
fn check_one(name: &str, contents: impl AsRef<[u8]>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), name, contents);
    let run = cfglint(dir.path(), &["check", "--output-format", "concise", "."]);
    assert!(
        matches!(run.code, 1 | 2),
        "{name}: exit {}\n{}",
        run.code,
        run.stdout
    );
    run
}

#[track_caller]
fn assert_finding(run: &Run, prefix: &str) {
    assert!(
        run.stdout.lines().any(|l| l.starts_with(prefix)),
        "expected a line starting with `{prefix}`:\n{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn caddyfile_syntax_errors_have_file_line_and_column() {
    let cases = [
        (
            "unclosed brace",
            "example.com {\n\treverse_proxy a:1\n",
            "Caddyfile:",
        ),
        (
            "stray close",
            "example.com {\n\trespond ok\n}\n}\n",
            "Caddyfile:4:1: error[caddyfile-syntax]",
        ),
        (
            "unclosed heredoc",
            "example.com {\n\trespond <<EOF\n\thi\n}\n",
            "Caddyfile:2:",
        ),
        (
            "open brace mid-line",
            "example.com {\n\thandle { respond x }\n}\n",
            "Caddyfile:2:",
        ),
    ];
    for (what, text, prefix) in cases {
        let run = check_one("Caddyfile", text);
        assert_finding(&run, prefix);
        assert!(
            run.stdout.contains("caddyfile-syntax"),
            "{what}: {}",
            run.stdout
        );
    }
}

#[test]
fn an_unclosed_quote_is_not_a_crash() {
    let run = check_one("Caddyfile", "example.com {\n\trespond \"unclosed\n}\n");
    assert!(run.stdout.contains("Caddyfile:"), "{}", run.stdout);
}

#[test]
fn nesting_100000_deep_is_an_error_not_a_stack_overflow() {
    let text = format!("example.com {}\n", "{\n".repeat(100_000));
    let run = check_one("Caddyfile", text);
    assert_finding(&run, "Caddyfile:");
    assert!(run.stdout.contains("caddyfile-syntax"));
    let yaml = format!("services:\n  a: {}\n", "[".repeat(100_000));
    let run = check_one("compose.yaml", yaml);
    assert_finding(&run, "compose.yaml:");
    assert!(run.stdout.contains("compose-syntax"));
}

#[test]
fn a_50_mb_caddyfile_is_read_and_checked() {
    let site = "site.example.com {\n\tencode gzip\n\treverse_proxy 127.0.0.1:8080\n}\n\n";
    let mut text = String::with_capacity(50 * 1024 * 1024 + site.len());
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&site.replace("site.", &format!("s{i}.")));
        i += 1;
    }
    text.push_str("broken {\n");
    let run = check_one("Caddyfile", text);
    assert!(run.stdout.contains("caddyfile-syntax"), "{}", run.stdout);
}

#[test]
fn non_utf8_and_nul_bytes_are_findings_with_a_position() {
    let run = check_one("Caddyfile", b"example.com {\n\trespond \xff\xfe\n}\n");
    assert_finding(
        &run,
        "Caddyfile:2:10: error[caddyfile-syntax] Caddyfile is not valid UTF-8",
    );
    let run = check_one("compose.yaml", b"services:\n  web:\n    image: \xc3\x28\n");
    assert_finding(
        &run,
        "compose.yaml:3:12: error[compose-syntax] compose file is not valid UTF-8",
    );
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Caddyfile",
        "example.com {\n\trespond \0\0\n}\n",
    );
    let run = cfglint(dir.path(), &["check", "--output-format", "concise", "."]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
}

#[test]
fn import_cycles_and_missing_imports_point_at_the_import() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Caddyfile", "import a.caddy\n");
    write(dir.path(), "a.caddy", "import b.caddy\n");
    write(dir.path(), "b.caddy", "import a.caddy\n");
    let run = cfglint(
        dir.path(),
        &["check", "--output-format", "concise", "Caddyfile"],
    );
    assert!(run.stdout.contains("a cycle of imports"), "{}", run.stdout);

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Caddyfile",
        "example.com {\n\timport sites/missing.caddy\n}\n",
    );
    let run = cfglint(
        dir.path(),
        &["check", "--output-format", "concise", "Caddyfile"],
    );
    assert!(
        run.stdout.contains("Caddyfile:2:") && run.stdout.contains("missing.caddy"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn malformed_compose_files_are_compose_syntax_findings() {
    let cases = [
        ("services:\n  web:\n    image: [unclosed\n", "compose.yaml:"),
        (
            "services:\n  web:\n    image: a\n    image: b\n",
            "compose.yaml:4:5: error[compose-syntax]",
        ),
        (
            "services:\n  web:\n    image: nginx\n    ports: 80\n",
            "compose.yaml:4:12: error[compose-syntax]",
        ),
        (
            "services:\n  web:\n    image: \"${TAG\"\n",
            "compose.yaml:3:",
        ),
    ];
    for (text, prefix) in cases {
        let run = check_one("compose.yaml", text);
        assert_finding(&run, prefix);
    }
}

#[test]
fn an_alias_bomb_is_stopped() {
    let mut text = String::from("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut previous = 'a';
    for name in 'b'..='k' {
        let _ = writeln!(
            text,
            "x-{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]"
        );
        previous = name;
    }
    text.push_str("services:\n  web:\n    image: nginx:1\n    command: *k\n");
    let run = check_one("compose.yaml", text);
    assert!(run.stdout.contains("compose-syntax"), "{}", run.stdout);
}

#[test]
fn a_10_mb_compose_file_is_checked() {
    let mut text = String::from("services:\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        let _ = write!(
            text,
            "  s{i}:\n    image: nginx:1.27\n    environment:\n      A: b\n    depends_on: [gone{i}]\n"
        );
        i += 1;
    }
    let run = check_one("compose.yaml", text);
    assert!(
        run.stdout.contains("unknown-service"),
        "{}",
        &run.stdout[..run.stdout.len().min(500)]
    );
}

#[test]
fn a_missing_dockerfile_is_reported_and_an_unreadable_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    build: ./web\n    env_file: ./secret.env\n",
    );
    write(dir.path(), "secret.env", "TOKEN=very-secret-token-value\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.path().join("secret.env"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
    }
    let run = cfglint(dir.path(), &["check", "--output-format", "concise", "."]);
    assert!(
        run.stdout.contains("missing-mount-source"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("very-secret-token-value"));
    assert!(!run.stderr.contains("very-secret-token-value"));
    // Root reads anything; the permission check only bites for other users.
    if run.code == 2 {
        assert!(run.stderr.contains("secret.env"), "{}", run.stderr);
    }
}

#[test]
fn a_file_named_on_the_command_line_is_checked_or_said_to_be_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let compose = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [gone]\n";
    // Any `*.yml` named on the command line is a compose file, as with `docker compose -f`.
    write(dir.path(), "prod.yml", compose);
    write(dir.path(), "notes.txt", "services: nothing here\n");
    write(dir.path(), "cfglint.toml", "");
    let run = cfglint(
        dir.path(),
        &["check", "--output-format", "concise", "prod.yml"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("prod.yml:4:18: error[unknown-service]"),
        "{}",
        run.stdout
    );
    // Walking a folder reads only known names: `prod.yml` is not a compose file name.
    let run = cfglint(dir.path(), &["check", "--output-format", "concise", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // Other names are skipped, with a warning that says so; the config file silently.
    let run = cfglint(
        dir.path(),
        &[
            "check",
            "--output-format",
            "concise",
            "notes.txt",
            "cfglint.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "cfglint: warning: `notes.txt` is not checked: its name is not one of a Caddyfile, \
         compose file, Dockerfile or env file (see `cfglint check --help`)"
    );
}
