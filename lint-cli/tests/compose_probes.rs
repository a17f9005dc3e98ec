//! The reference probes of the corpus (`compose/probes/references/*.yaml`, with Docker Compose
//! v2.40.3's verdict on each in `expected.tsv`), checked with cfglint's compose rules: where
//! v2 rejects a file for a reference to nothing, the matching rule reports it; where v2
//! accepts, no compose rule reports an error. Cases outside the compose rules' catalogue are
//! listed with the reason, and must give no false finding. Each probe is copied to a
//! temporary folder as `compose.yaml` (a stack of its own) at test time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cfglint::Severity;
use cfglint::checker::Settings;
use cfglint::commands::check::{FixMode, check_and_fix};
use cfglint::config::ConfigFile;
use cfglint::project::Overlay;
use common::{COMPOSE_RULES, rule_for_v2_error};

mod common;

/// What cfglint must make of a probe.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// v2 rejects it; this rule reports it, and no other compose rule reports an error.
    Finds(&'static str),
    /// v2 accepts it; no compose rule reports an error, and exactly these rules warn
    /// (`unpinned-image` aside, which most probes trigger with `image: nginx`).
    Accepts(&'static [&'static str]),
    /// v2 rejects it for a reason no compose rule covers (the reason says why); no compose
    /// rule reports an error.
    OutOfScope(&'static str),
}

const CASES: &[(&str, Expect)] = &[
    (
        "additional_contexts_service",
        Expect::Finds("unknown-service"),
    ),
    (
        "bad_service_name",
        Expect::OutOfScope("service key syntax (`web app`) is not checked by any rule"),
    ),
    ("build_secret_undefined", Expect::Finds("undefined-secret")),
    ("config_undefined", Expect::Finds("undefined-config")),
    (
        "container_name_dup",
        Expect::Finds("duplicate-container-name"),
    ),
    (
        "cycle",
        Expect::OutOfScope("dependency cycles are not one of the compose rules of this catalogue"),
    ),
    ("depends_on_list", Expect::Finds("unknown-service")),
    ("depends_on_map", Expect::Finds("unknown-service")),
    ("depends_on_not_required", Expect::Finds("unknown-service")),
    ("duplicate_key", Expect::Finds("compose-syntax")),
    (
        "env_file_missing",
        Expect::OutOfScope("a missing env_file is the cross-file rule `missing-mount-source`"),
    ),
    ("env_file_optional", Expect::Accepts(&[])),
    (
        "extends_missing_file",
        Expect::OutOfScope("a missing extends file is the cross-file rule `missing-mount-source`"),
    ),
    ("extends_missing_service", Expect::Finds("unknown-service")),
    ("extends_string_form", Expect::Accepts(&[])),
    ("external_with_driver", Expect::Accepts(&[])),
    (
        "include_missing",
        Expect::OutOfScope("a missing include is the cross-file rule `missing-mount-source`"),
    ),
    ("ipc_service", Expect::Finds("unknown-service")),
    ("links", Expect::Finds("unknown-service")),
    ("merge_sequence", Expect::Finds("compose-syntax")),
    (
        "network_alias_undefined",
        Expect::Finds("undefined-network"),
    ),
    (
        "network_mode_and_networks",
        Expect::OutOfScope("`network_mode` beside `networks` is not in the catalogue"),
    ),
    ("network_mode_service", Expect::Finds("unknown-service")),
    ("network_undefined", Expect::Finds("undefined-network")),
    (
        "no_image_no_build",
        Expect::OutOfScope("a service with neither image nor build is not in the catalogue"),
    ),
    ("pid_service", Expect::Finds("unknown-service")),
    (
        "profile_disabled_dep",
        Expect::OutOfScope(
            "`db` exists, disabled by a profile: cfglint checks the stack under every profile",
        ),
    ),
    ("secret_file_missing", Expect::Accepts(&[])),
    ("secret_undefined", Expect::Finds("undefined-secret")),
    (
        "self_dep",
        Expect::OutOfScope("dependency cycles are not one of the compose rules of this catalogue"),
    ),
    (
        "unused_toplevel",
        Expect::Accepts(&["unused-network", "unused-secret", "unused-volume"]),
    ),
    ("volume_bind_relative_ok", Expect::Accepts(&[])),
    ("volume_empty_var", Expect::Finds("compose-syntax")),
    ("volume_long_undefined", Expect::Finds("undefined-volume")),
    ("volume_undefined", Expect::Finds("undefined-volume")),
    ("volumes_from", Expect::Finds("unknown-service")),
];

/// Runs the compose rules on `yaml` as the `compose.yaml` of a fresh folder; returns
/// `(rule, severity)` per finding.
fn check(yaml: &Path, settings: &Settings) -> Vec<(&'static str, Severity)> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(yaml, dir.path().join("compose.yaml")).expect("copy the probe");
    let checked = check_and_fix(
        &[PathBuf::from("compose.yaml")],
        dir.path(),
        settings,
        Overlay::default(),
        FixMode::None,
    )
    .expect("checking never fails");
    assert!(
        checked.project.errors.is_empty(),
        "{:?}",
        checked.project.errors
    );
    checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.name, d.severity))
        .collect()
}

#[test]
fn reference_probes_match_compose_v2() {
    let probes =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/compose/probes/references");
    let Ok(tsv) = std::fs::read_to_string(probes.join("expected.tsv")) else {
        eprintln!("skipped: {} is absent", probes.display());
        return;
    };
    let select: Vec<String> = COMPOSE_RULES.iter().map(|r| (*r).to_owned()).collect();
    let settings = Settings::new(ConfigFile::default(), &select, &[]).expect("known rules");
    let cases: BTreeMap<&str, Expect> = CASES.iter().copied().collect();
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = 0;
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (name, rc, message) = (columns[0], columns[1], columns[2]);
        seen += 1;
        let Some(expect) = cases.get(name).copied() else {
            failures.push(format!("{name}: probe missing from CASES"));
            continue;
        };
        // The table agrees with v2's verdict.
        let v2_rejects = rc != "0";
        match expect {
            Expect::Accepts(_) if v2_rejects => failures.push(format!("{name}: v2 rejects it")),
            Expect::Finds(_) | Expect::OutOfScope(_) if !v2_rejects => {
                failures.push(format!("{name}: v2 accepts it"));
            }
            _ => {}
        }
        if let Some(rule) = rule_for_v2_error(message)
            && !matches!(expect, Expect::Finds(r) if r == rule)
            && !matches!(expect, Expect::OutOfScope(_))
        {
            failures.push(format!("{name}: v2 says `{message}`, which is `{rule}`"));
        }
        let found = check(&probes.join(format!("{name}.yaml")), &settings);
        let errors: Vec<&str> = found
            .iter()
            .filter(|(_, s)| *s == Severity::Error)
            .map(|(r, _)| *r)
            .collect();
        let mut warnings: Vec<&str> = found
            .iter()
            .filter(|(r, s)| *s == Severity::Warning && *r != "unpinned-image")
            .map(|(r, _)| *r)
            .collect();
        warnings.sort_unstable();
        warnings.dedup();
        let verdict = match expect {
            Expect::Finds(rule) => {
                *counts.entry("found").or_default() += 1;
                (errors.contains(&rule) && errors.iter().all(|r| *r == rule))
                    .then_some(())
                    .ok_or(format!("expected only `{rule}` errors, got {errors:?}"))
            }
            Expect::Accepts(warned) => {
                *counts.entry("accepted").or_default() += 1;
                (errors.is_empty() && warnings == warned)
                    .then_some(())
                    .ok_or(format!(
                        "expected no errors and warnings {warned:?}, got {errors:?} {warnings:?}"
                    ))
            }
            Expect::OutOfScope(reason) => {
                *counts.entry("out of scope").or_default() += 1;
                eprintln!("out of scope: {name}: {reason}");
                errors
                    .is_empty()
                    .then_some(())
                    .ok_or(format!("out of scope ({reason}), yet errors {errors:?}"))
            }
        };
        if let Err(problem) = verdict {
            failures.push(format!("{name}: {problem}"));
        }
    }
    eprintln!("compose probes: {seen} cases, {counts:?}");
    assert_eq!(seen, CASES.len(), "every case of CASES is a probe");
    assert!(failures.is_empty(), "{failures:#?}");
}
