//! Caddy's adapter test inputs (`../shared/corpus/caddy/adapt`, read in place) through every
//! cfglint rule. Each input is copied at test time into a temporary folder as `Caddyfile`,
//! next to a copy of the corpus' `testdata/` (which three inputs import), and checked, then
//! fixed with unsafe fixes, through the library API.
//!
//! - The 211 inputs Caddy adapts give no `caddyfile-syntax` finding, and none of the
//!   Caddyfile errors Caddy would refuse them for (`unknown-directive`, `undefined-matcher`,
//!   `undefined-snippet`, `duplicate-site-address`). `caddyfile-format` fires exactly on
//!   those whose `caddy fmt` (HEAD) output differs from the input.
//! - Of the 28 inputs Caddy rejects, the syntax errors (the caddyfile-parser crate's
//!   `conformance_adapt.rs` classification) give a `caddyfile-syntax` finding, and the two
//!   that are lint findings give theirs.
//! - Nothing panics, and no fix breaks a file.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use cfglint::checker::Settings;
use cfglint::commands::check::{FixMode, check_and_fix};
use cfglint::config::ConfigFile;
use cfglint::project::Overlay;

/// The expected-error inputs whose error is not a syntax error (as classified by
/// `caddyfile-parser/tests/conformance_adapt.rs`, `OUT_OF_SCOPE`).
const NOT_SYNTAX: &[&str] = &[
    "acme_dns_naked_without_dns",
    "ambiguous_site_definition",
    "ambiguous_site_definition_duplicate_key",
    "duplicate_listener_address_global",
    "forward_auth_duplicate_uri",
    "heredoc_missing_marker",
    "import_block_snippet_invalid_subdirective",
    "intercept_handle_response_too_many_args",
    "invoke_nested_undefined_named_route",
    "invoke_undefined_named_route",
    "reverse_proxy_handle_response_too_many_args",
    "tls_dns_multiple_options_without_provider",
    "tls_dns_propagation_timeout_without_provider",
    "tls_dns_propagation_without_provider",
];

/// Expected-error inputs whose error is a lint rule's, and that rule.
const LINT_ERRORS: &[(&str, &str)] = &[
    ("ambiguous_site_definition", "unknown-directive"),
    ("heredoc_missing_marker", "unknown-directive"),
    (
        "ambiguous_site_definition_duplicate_key",
        "duplicate-site-address",
    ),
];

/// Findings in an imported file of an input Caddy adapts, known to be false positives of a
/// rule this test does not own: `caddyfile-syntax` parses `testdata/import_respond.txt`
/// (one `respond` line, imported into a site block) on its own, as a Caddyfile whose first
/// line would be a site address, and reports `respond` as a directive used as an address.
/// The test fails when this list goes stale.
const KNOWN_IMPORTED: &[(&str, &str, &str)] = &[(
    "import_args_file",
    "caddyfile-syntax",
    "testdata/import_respond.txt",
)];

/// Rules whose findings are errors Caddy refuses a file for.
const REFUSED_BY_CADDY: &[&str] = &[
    "caddyfile-syntax",
    "unknown-directive",
    "undefined-matcher",
    "undefined-snippet",
    "duplicate-site-address",
];

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy/adapt"
    ));
    dir.is_dir().then_some(dir)
}

/// The input names (`NAME.Caddyfile`, without the `fmt-*` outputs), sorted.
fn inputs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_str()?.to_owned();
            let stem = name.strip_suffix(".Caddyfile")?;
            (!stem.contains(".fmt-")).then(|| stem.to_owned())
        })
        .collect();
    names.sort();
    names
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// What checking (and fixing) one input gave.
struct Outcome {
    /// Rule ids that fired in the input itself, with counts.
    rules: BTreeMap<String, usize>,
    /// Rule ids that fired in an imported file (`testdata/…`), with the file.
    imported: BTreeSet<(String, String)>,
    /// A problem: panic, or a fix that broke the file.
    failure: Option<String>,
}

fn run(dir: &Path, name: &str, settings: &Settings) -> Outcome {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.join(format!("{name}.Caddyfile")),
        tmp.path().join("Caddyfile"),
    )
    .unwrap();
    let testdata = dir.join("testdata");
    if testdata.is_dir() {
        copy_dir(&testdata, &tmp.path().join("testdata"));
    }
    let paths = [PathBuf::from(".")];
    let checked = catch_unwind(AssertUnwindSafe(|| {
        check_and_fix(
            &paths,
            tmp.path(),
            settings,
            Overlay::default(),
            FixMode::None,
        )
    }));
    let mut rules = BTreeMap::new();
    let mut imported = BTreeSet::new();
    let failure = match checked {
        Err(_) => Some("check panicked".to_owned()),
        Ok(Err(e)) => Some(format!("check failed: {e}")),
        Ok(Ok(checked)) => {
            for d in &checked.diagnostics {
                let file = checked.project.sources.get(d.file).display();
                if file == "Caddyfile" {
                    *rules.entry(d.rule.name.to_owned()).or_default() += 1;
                } else {
                    imported.insert((d.rule.name.to_owned(), file.to_owned()));
                }
            }
            let fixed = catch_unwind(AssertUnwindSafe(|| {
                check_and_fix(
                    &paths,
                    tmp.path(),
                    settings,
                    Overlay::default(),
                    FixMode::Apply { unsafe_fixes: true },
                )
            }));
            match fixed {
                Err(_) => Some("fixing panicked".to_owned()),
                Ok(Err(e)) => Some(format!("fixing failed: {e}")),
                Ok(Ok(_)) => None,
            }
        }
    };
    Outcome {
        rules,
        imported,
        failure,
    }
}

#[test]
fn adapt_inputs_through_every_rule() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/caddy/adapt is absent");
        return;
    };
    let settings = Settings::new(ConfigFile::default(), &[], &[]).unwrap();
    let names = inputs(&dir);
    assert_eq!(names.len(), 239, "the corpus has 239 adapt inputs");
    let mut failures = Vec::new();
    let mut adapted = 0;
    let mut syntax_cases = 0;
    let mut format_findings = 0;
    let mut fired: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        let outcome = run(&dir, name, &settings);
        if let Some(failure) = &outcome.failure {
            failures.push(format!("{name}: {failure}"));
        }
        for rule in outcome.rules.keys() {
            fired.entry(rule.clone()).or_default().insert(name.clone());
        }
        for (rule, file) in &outcome.imported {
            eprintln!("  {name}: `{rule}` in imported {file}");
            let known = KNOWN_IMPORTED.contains(&(name.as_str(), rule.as_str(), file.as_str()));
            if REFUSED_BY_CADDY.contains(&rule.as_str()) && !known {
                failures.push(format!("{name}: `{rule}` fired in imported {file}"));
            }
        }
        for (_, rule, file) in KNOWN_IMPORTED.iter().filter(|k| k.0 == name) {
            if !outcome
                .imported
                .contains(&((*rule).to_owned(), (*file).to_owned()))
            {
                failures.push(format!(
                    "{name}: the known `{rule}` finding in {file} is gone; update KNOWN_IMPORTED"
                ));
            }
        }
        let has = |rule: &str| outcome.rules.contains_key(rule);
        if dir.join(format!("{name}.json")).is_file() {
            adapted += 1;
            for rule in REFUSED_BY_CADDY.iter().filter(|r| has(r)) {
                failures.push(format!("{name}: Caddy adapts it, but `{rule}` fired"));
            }
            let input = std::fs::read_to_string(dir.join(format!("{name}.Caddyfile"))).unwrap();
            let head = std::fs::read_to_string(dir.join(format!("{name}.fmt-HEAD.Caddyfile")))
                .unwrap_or_else(|_| input.clone());
            let unformatted = head != input;
            format_findings += usize::from(has("caddyfile-format"));
            if has("caddyfile-format") != unformatted {
                failures.push(format!(
                    "{name}: `caddy fmt` changes it: {unformatted}, caddyfile-format fired: {}",
                    has("caddyfile-format")
                ));
            }
        } else if NOT_SYNTAX.contains(&name.as_str()) {
            if has("caddyfile-syntax") {
                failures.push(format!(
                    "{name}: not a syntax error, but caddyfile-syntax fired"
                ));
            }
            let expected: Vec<&str> = LINT_ERRORS
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, rule)| *rule)
                .collect();
            for rule in &expected {
                if !has(rule) {
                    failures.push(format!("{name}: expected `{rule}`"));
                }
            }
            for rule in REFUSED_BY_CADDY
                .iter()
                .filter(|r| has(r) && !expected.contains(r))
            {
                failures.push(format!(
                    "{name}: `{rule}` fired, but Caddy's error is another"
                ));
            }
        } else {
            syntax_cases += 1;
            if !has("caddyfile-syntax") {
                failures.push(format!(
                    "{name}: a syntax error, but caddyfile-syntax is silent"
                ));
            }
        }
    }
    eprintln!(
        "{} inputs: {adapted} adapted by Caddy, {syntax_cases} syntax errors, {} other errors; \
         caddyfile-format fired on {format_findings} adapted inputs",
        names.len(),
        NOT_SYNTAX.len()
    );
    for (rule, cases) in &fired {
        let list: Vec<&str> = cases.iter().map(String::as_str).collect();
        eprintln!("  {rule}: {} inputs: {}", cases.len(), list.join(" "));
    }
    assert_eq!(adapted, 211);
    assert_eq!(syntax_cases, 14);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
