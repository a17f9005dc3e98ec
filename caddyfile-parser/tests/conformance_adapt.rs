//! Caddy's adapter test inputs (`../shared/corpus/caddy/adapt`): the ones Caddy adapts parse
//! without error; the syntax-level errors Caddy reports are ours too, with its line.

use std::path::{Path, PathBuf};

use caddyfile_parser::expand::{FsLoader, expand};
use caddyfile_parser::parse;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy/adapt"
    ));
    dir.is_dir().then_some(dir)
}

/// Expected errors that are not syntax: directive arguments, semantics the adapter or a
/// lint rule checks. Each must give no syntax error.
const OUT_OF_SCOPE: &[(&str, &str)] = &[
    (
        "acme_dns_naked_without_dns",
        "global option argument check (acme_dns needs a provider)",
    ),
    (
        "ambiguous_site_definition",
        "unknown directive `example.com` in a brace-less site: rule unknown-directive",
    ),
    (
        "ambiguous_site_definition_duplicate_key",
        "duplicate site address: rule duplicate-site-address",
    ),
    (
        "duplicate_listener_address_global",
        "`servers` global option argument check",
    ),
    (
        "forward_auth_duplicate_uri",
        "forward_auth subdirective check",
    ),
    (
        "heredoc_missing_marker",
        "`<< ` is a plain word in Caddy too; the error is the unknown subdirective `Hello`",
    ),
    (
        "import_block_snippet_invalid_subdirective",
        "reverse_proxy subdirective check after a valid import",
    ),
    (
        "intercept_handle_response_too_many_args",
        "intercept subdirective argument count",
    ),
    (
        "invoke_nested_undefined_named_route",
        "undefined named route: invoke's argument, a reference check",
    ),
    (
        "invoke_undefined_named_route",
        "undefined named route: invoke's argument, a reference check",
    ),
    (
        "reverse_proxy_handle_response_too_many_args",
        "reverse_proxy subdirective argument count",
    ),
    (
        "tls_dns_multiple_options_without_provider",
        "tls subdirective check",
    ),
    (
        "tls_dns_propagation_timeout_without_provider",
        "tls subdirective check",
    ),
    (
        "tls_dns_propagation_without_provider",
        "tls subdirective check",
    ),
];

/// Expected errors that only expansion finds.
const FROM_EXPANSION: &[&str] = &["import_cycle"];

/// Splits Caddy's expected text into the message and its line, if it names one
/// (`MSG, at Caddyfile:N` or `Caddyfile:N: MSG`).
fn message_and_line(expected: &str) -> (String, Option<u32>) {
    if let Some((msg, at)) = expected.rsplit_once(", at Caddyfile:") {
        let line: String = at.chars().take_while(char::is_ascii_digit).collect();
        return (msg.to_owned(), line.parse().ok());
    }
    if let Some(rest) = expected.strip_prefix("Caddyfile:") {
        if let Some((line, msg)) = rest.split_once(": ") {
            return (msg.to_owned(), line.parse().ok());
        }
    }
    (expected.to_owned(), None)
}

fn names(dir: &Path, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(ext)
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn inputs_caddy_adapts_parse_and_expand_without_errors() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/caddy/adapt is absent");
        return;
    };
    let names = names(&dir, ".json");
    let mut failures = Vec::new();
    for name in &names {
        let path = dir.join(format!("{name}.Caddyfile"));
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = parse(&text);
        if !parsed.errors.is_empty() {
            failures.push(format!("{name}: parse: {:?}", parsed.errors));
        }
        let expanded = expand(&path, &text, &FsLoader);
        let errors: Vec<_> = expanded
            .errors
            .iter()
            .filter(|e| !e.kind.is_warning())
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{name}: expand: {errors:?}"));
        }
    }
    assert_eq!(names.len(), 211);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn syntax_errors_caddy_reports_are_reported_with_its_message_and_line() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/caddy/adapt is absent");
        return;
    };
    let names = names(&dir, ".expected-error.txt");
    assert_eq!(names.len(), 28);
    let mut failures = Vec::new();
    let mut in_scope = 0;
    for name in &names {
        let expected =
            std::fs::read_to_string(dir.join(format!("{name}.expected-error.txt"))).unwrap();
        let path = dir.join(format!("{name}.Caddyfile"));
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = parse(&text);
        if let Some((_, reason)) = OUT_OF_SCOPE.iter().find(|(n, _)| n == name) {
            if !parsed.errors.is_empty() {
                failures.push(format!(
                    "{name} (out of scope: {reason}) has syntax errors: {:?}",
                    parsed.errors
                ));
            }
            continue;
        }
        in_scope += 1;
        let (message, line) = message_and_line(&expected);
        let found: Vec<(String, u32)> = if FROM_EXPANSION.contains(&name.as_str()) {
            let relative = PathBuf::from("Caddyfile");
            expand(&relative, &text, &FsLoader)
                .errors
                .iter()
                .map(|e| (e.message.clone(), e.line))
                .collect()
        } else {
            parsed
                .errors
                .iter()
                .map(|e| (e.to_string(), e.caddy_line()))
                .collect()
        };
        let hit = found
            .iter()
            .any(|(msg, at)| msg.contains(&message) && line.is_none_or(|line| line == *at));
        if !hit {
            failures.push(format!(
                "{name}: expected {message:?} at {line:?}, got {found:?}"
            ));
        }
    }
    assert_eq!(in_scope + OUT_OF_SCOPE.len(), 28);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
