//! Rule fixtures: `fixtures/rules/<rule-id>/<case>/` is a small stack. Each case runs only
//! that rule and snapshots what a user sees — the findings in the full format — followed by
//! the diff that `--fix --unsafe-fixes` makes. The harness also checks, for every case, the
//! invariants every rule keeps (ruff's `test_contents`): fixes converge within 10 rounds,
//! fixed files still parse, a rule declared `fix: None` never fixes and `fix: Always` always
//! does, and every fix has a title.

use std::path::Path;

use cfglint::checker::Settings;
use cfglint::commands::check::{FixMode, check_and_fix};
use cfglint::config::ConfigFile;
use cfglint::diff::unified_diff;
use cfglint::output::{self, OutputFormat, PrintOptions};
use cfglint::project::Overlay;
use cfglint::registry::FixAvailability;
use cfglint::report::Report;
use cfglint::rules::rule_by_name;

#[test]
fn rule_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/rules");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .flatten()
        .flat_map(|rule| {
            std::fs::read_dir(rule.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|case| case.path())
        .filter(|case| case.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let rule_id = case
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .expect("fixture folders are named after rules")
            .to_owned();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let rule = rule_by_name(&rule_id)
            .unwrap_or_else(|| panic!("fixtures/rules/{rule_id}: no such rule"));
        let availability = rule.meta().fix;
        let result = std::panic::catch_unwind(|| {
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_suffix(format!("{rule_id}__{name}"));
            settings.set_input_file(case);
            settings.set_prepend_module_to_snapshot(false);
            settings.bind(|| {
                insta::assert_snapshot!(run_case(case, &rule_id, availability));
            });
        });
        if result.is_err() {
            failures.push(format!("{rule_id}/{name}"));
        }
    }
    assert!(failures.is_empty(), "failing rule fixtures: {failures:?}");
}

#[track_caller]
fn run_case(case: &Path, rule_id: &str, availability: FixAvailability) -> String {
    let config = match std::fs::read_to_string(case.join("cfglint.toml")) {
        Ok(text) => ConfigFile::parse(&text, &case.join("cfglint.toml")).unwrap(),
        Err(_) => ConfigFile::default(),
    };
    let settings = Settings::new(config, &[rule_id.to_owned()], &[]).unwrap();
    let paths = [std::path::PathBuf::from(".")];
    let checked = check_and_fix(&paths, case, &settings, Overlay::default(), FixMode::None)
        .expect("checking never fails");
    assert!(
        checked.project.errors.is_empty(),
        "{}: {:?}",
        case.display(),
        checked.project.errors
    );
    for d in &checked.diagnostics {
        assert_eq!(d.rule.name, rule_id, "only the selected rule runs");
        match (&d.fix, availability) {
            (Some(_), FixAvailability::None) => {
                panic!("{rule_id} is declared `fix: None` but fixed: {}", d.message)
            }
            (None, FixAvailability::Always) => {
                panic!(
                    "{rule_id} is declared `fix: Always` but did not fix: {}",
                    d.message
                )
            }
            (Some(fix), _) => assert!(!fix.message().is_empty(), "every fix has a title"),
            _ => {}
        }
    }
    let mut report = Report {
        sources: checked.project.sources,
        diagnostics: checked.diagnostics,
        ..Report::default()
    };
    report.sort();
    let mut out = Vec::new();
    let options = PrintOptions {
        width: 100,
        unsafe_fixes: true,
        ..PrintOptions::default()
    };
    output::print(&report, OutputFormat::Full, options, &mut out).unwrap();
    let mut snapshot = String::from_utf8(out).unwrap();

    let fixed = check_and_fix(
        &paths,
        case,
        &settings,
        Overlay::default(),
        FixMode::Apply { unsafe_fixes: true },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    snapshot.push_str("\n----- after --fix --unsafe-fixes -----\n");
    for (id, (text, original)) in &fixed.changed {
        let file = fixed.project.sources.get(*id);
        let old = String::from_utf8_lossy(original.as_deref().unwrap_or_default());
        snapshot.push_str(&unified_diff(file.display(), &old, text));
    }
    assert!(
        fixed.diagnostics.iter().all(|d| d.fix.is_none()),
        "{}: fixes did not converge within 10 rounds",
        case.display()
    );
    // Fixing again changes nothing.
    let mut overlay = Overlay::default();
    for (id, (text, _)) in &fixed.changed {
        overlay
            .texts
            .insert(fixed.project.sources.get(*id).path.clone(), text.clone());
    }
    let again = check_and_fix(
        &paths,
        case,
        &settings,
        overlay,
        FixMode::Apply { unsafe_fixes: true },
    )
    .unwrap();
    assert!(
        again.changed.is_empty(),
        "{}: a second --fix changed files",
        case.display()
    );
    snapshot
}
