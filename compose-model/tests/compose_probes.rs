//! The compose probes of the corpus (`probes/references`, `probes/interpolation`), read in
//! place: the model must expose the facts that decide Docker Compose v2's verdict.
//!
//! For `probes/references`, a small checker below (not the lint rules, which live in
//! `cfglint`) turns model facts into findings; each probe that v2 rejects must produce the
//! finding named in the table, and each probe v2 accepts must produce none.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use compose_model::dotenv;
use compose_model::model::{ComposeFile, Project, ProjectService, ServiceRefKind, Text};
use compose_model::yaml;

fn probes() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/compose/probes"
    ));
    dir.is_dir().then(|| dir.to_path_buf())
}

/// Loads a probe without variables set (as v2 ran them, in an empty environment).
fn load(path: &Path) -> (ComposeFile, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("probe file");
    let parse = yaml::parse(&text);
    let (file, errors) = ComposeFile::load(&parse.tree, &text, Some(&|_| None));
    let mut problems: Vec<String> = parse.errors.iter().map(|e| format!("yaml: {e}")).collect();
    problems.extend(errors.iter().map(|e| format!("model: {e}")));
    (file, problems)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Turns model facts into findings, the way a linter would (profiles: none enabled).
fn findings(project: &Project<'_>, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let enabled: Vec<&ProjectService<'_>> = project
        .services
        .iter()
        .filter(|s| s.is_enabled(&[]))
        .collect();
    let declared = |list: &[compose_model::model::ProjectResource<'_>], name: &str| {
        list.iter().any(|r| r.name == name)
    };
    for include in &project.include {
        for path in &include.paths {
            if !dir.join(path.as_str()).exists() {
                out.push(format!("include missing {}", path.as_str()));
            }
        }
    }
    let mut container_names: HashMap<&str, &str> = HashMap::new();
    for service in &project.services {
        if !valid_name(service.name) {
            out.push(format!("bad service name {:?}", service.name));
        }
    }
    for service in &enabled {
        let name = service.name;
        for r in project.service_refs(service) {
            let target = r.name.value.as_str();
            match project.service(target) {
                None => out.push(format!("{name}: undefined service {target} ({:?})", r.kind)),
                Some(other) if !other.is_enabled(&[]) => {
                    out.push(format!(
                        "{name}: service {target} is disabled by profiles ({:?})",
                        r.kind
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(extends) = service.extends() {
            match (&extends.file, &extends.service) {
                (Some(file), _) if !dir.join(file.as_str()).exists() => {
                    out.push(format!("{name}: extends file missing {}", file.as_str()));
                }
                _ => {}
            }
        }
        for mount in service.volumes() {
            if let Some(volume) = mount.volume_name()
                && !declared(&project.volumes, volume.value)
            {
                out.push(format!("{name}: undefined volume {}", volume.value));
            }
        }
        for network in service.network_names() {
            if network != "default" && !declared(&project.networks, network) {
                out.push(format!("{name}: undefined network {network}"));
            }
        }
        let sources =
            |refs: compose_model::model::InFiles<'_, '_, compose_model::model::FileRef>| {
                refs.iter()
                    .filter_map(|r| r.source.as_ref().map(|s| s.as_str().to_owned()))
                    .collect::<Vec<_>>()
            };
        for secret in sources(service.secrets()) {
            if !declared(&project.secrets, &secret) {
                out.push(format!("{name}: undefined secret {secret}"));
            }
        }
        for config in sources(service.configs()) {
            if !declared(&project.configs, &config) {
                out.push(format!("{name}: undefined config {config}"));
            }
        }
        if let Some(build) = service.build() {
            for secret in sources(build.secrets()) {
                if !declared(&project.secrets, &secret) {
                    out.push(format!("{name}: undefined build secret {secret}"));
                }
            }
        }
        if let Some(container) = service.container_name() {
            if let Some(first) = container_names.insert(container.as_str(), name) {
                out.push(format!(
                    "{name}: container name {} already used by {first}",
                    container.as_str()
                ));
            }
        }
        if service.network_mode().is_some() && service.has_networks_key() {
            out.push(format!("{name}: network_mode and networks"));
        }
        if service.image().is_none() && service.build().is_none() && service.extends().is_none() {
            out.push(format!("{name}: neither image nor build"));
        }
        for env_file in service.env_file() {
            if env_file.is_required() && !dir.join(env_file.path.as_str()).exists() {
                out.push(format!(
                    "{name}: env file missing {}",
                    env_file.path.as_str()
                ));
            }
        }
    }
    // Same-file `extends` of a missing service is a ServiceRef (above); dependency cycles:
    let deps: BTreeMap<&str, Vec<&str>> = enabled
        .iter()
        .map(|s| {
            (
                s.name,
                s.depends_on()
                    .iter()
                    .map(|d| d.item.service.as_str())
                    .collect(),
            )
        })
        .collect();
    if let Some(cycle) = find_cycle(&deps) {
        out.push(format!("cycle {}", cycle.join(" -> ")));
    }
    out
}

/// Returns a dependency cycle, if any (iterative DFS with colours: linear time).
fn find_cycle<'a>(deps: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<Vec<&'a str>> {
    let mut state: HashMap<&str, u8> = HashMap::new(); // 1 = on the path, 2 = done
    for &start in deps.keys() {
        if state.contains_key(start) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            let Some(&child) = deps.get(node).and_then(|d| d.get(*next)) else {
                state.insert(node, 2);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(child) {
                Some(1) => {
                    let from = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(child);
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    state.insert(child, 1);
                    path.push((child, 0));
                }
            }
        }
    }
    None
}

/// The finding each probe v2 rejects must produce (in the checker's words).
const EXPECTED: &[(&str, &str)] = &[
    (
        "additional_contexts_service",
        "web: undefined service basebuild (AdditionalContext)",
    ),
    ("bad_service_name", "bad service name \"web app\""),
    (
        "build_secret_undefined",
        "web: undefined build secret npmrc",
    ),
    ("config_undefined", "web: undefined config nginx_conf"),
    (
        "container_name_dup",
        "b: container name same already used by a",
    ),
    ("cycle", "cycle a -> b -> a"),
    ("depends_on_list", "web: undefined service db (DependsOn)"),
    ("depends_on_map", "web: undefined service db (DependsOn)"),
    (
        "depends_on_not_required",
        "web: undefined service db (DependsOn)",
    ),
    (
        "duplicate_key",
        "yaml: mapping key `image` is already defined",
    ),
    ("env_file_missing", "web: env file missing ./missing.env"),
    (
        "extends_missing_file",
        "web: extends file missing common.yaml",
    ),
    (
        "extends_missing_service",
        "web: undefined service base (Extends)",
    ),
    ("include_missing", "include missing ./other/compose.yaml"),
    ("ipc_service", "web: undefined service shm (Ipc)"),
    ("links", "web: undefined service db (Link)"),
    (
        "merge_sequence",
        "model: map merge requires a mapping or a sequence of mappings as the value",
    ),
    ("network_alias_undefined", "web: undefined network backend"),
    (
        "network_mode_and_networks",
        "web: network_mode and networks",
    ),
    (
        "network_mode_service",
        "web: undefined service vpn (NetworkMode)",
    ),
    ("network_undefined", "web: undefined network backend"),
    ("no_image_no_build", "web: neither image nor build"),
    ("pid_service", "web: undefined service init (Pid)"),
    (
        "profile_disabled_dep",
        "web: service db is disabled by profiles (DependsOn)",
    ),
    ("secret_undefined", "web: undefined secret api_key"),
    ("self_dep", "cycle a -> a"),
    (
        "volume_empty_var",
        "model: `services.web.volumes[0]`: invalid volume spec `:/data`: empty section between colons",
    ),
    ("volume_long_undefined", "web: undefined volume data"),
    ("volume_undefined", "web: undefined volume data"),
    ("volumes_from", "web: undefined service data (VolumesFrom)"),
];

#[test]
fn reference_probes_expose_what_decides_compose_v2s_verdict() {
    let Some(probes) = probes() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let dir = probes.join("references");
    let table = std::fs::read_to_string(dir.join("expected.tsv")).expect("expected.tsv");
    let mut checked = 0;
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (probe, v2_rc) = (cols[0], cols[1]);
        let (file, problems) = load(&dir.join(format!("{probe}.yaml")));
        let project = Project::merge([&file]);
        let mut found = problems;
        found.extend(findings(&project, &dir));
        let expected = EXPECTED.iter().find(|(p, _)| *p == probe).map(|(_, f)| *f);
        match (v2_rc, expected) {
            ("0", None) => assert!(
                found.is_empty(),
                "{probe}: v2 accepts it, we found {found:?}"
            ),
            ("1", Some(finding)) => assert!(
                found.iter().any(|f| f == finding),
                "{probe}: expected {finding:?}, found {found:?}"
            ),
            _ => panic!("{probe}: v2 exit code {v2_rc} but expectation {expected:?}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 36);
    assert_eq!(EXPECTED.len(), 30);
}

#[test]
fn reference_facts_carry_ranges() {
    let Some(probes) = probes() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let path = probes.join("references/links.yaml");
    let text = std::fs::read_to_string(&path).expect("probe file");
    let (file, _) = load(&path);
    let project = Project::merge([&file]);
    let web = project.service("web").expect("web");
    let refs = project.service_refs(web);
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].kind, ServiceRefKind::Link);
    assert_eq!(&text[refs[0].name.range], "db");
    assert_eq!(&text[refs[0].range], "db:database");
    assert_eq!(
        web.links()
            .get(0)
            .unwrap()
            .item
            .alias
            .as_ref()
            .map(|a| &text[a.range]),
        Some("database")
    );
}

/// Flattens `services.t.environment`/`labels`/`image` of a model into `path = value`.
fn printed_values(project: &Project<'_>, escape: bool) -> BTreeMap<String, String> {
    let shown = |t: &Text| {
        if escape {
            t.as_str().replace('$', "$$")
        } else {
            t.as_str().to_owned()
        }
    };
    let mut out = BTreeMap::new();
    for service in &project.services {
        let base = format!("services.{}", service.name);
        if let Some(image) = service.image() {
            out.insert(format!("{base}.image"), shown(image.item));
        }
        for (section, entries) in [
            ("environment", service.environment()),
            ("labels", service.labels()),
        ] {
            for entry in entries {
                let key = if escape {
                    entry.name().replace('$', "$$")
                } else {
                    entry.name().to_owned()
                };
                let value = entry.value.as_ref().map_or_else(String::new, shown);
                out.insert(format!("{base}.{section}.{key}"), value);
            }
        }
    }
    out
}

#[test]
fn interpolation_probe_matches_compose_v2_through_the_model() {
    let Some(probes) = probes() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let dir = probes.join("interpolation");
    // v2 ran with `env -i PATH=… HOME=/tmp INHERIT=from-shell`.
    let shell = |name: &str| match name {
        "INHERIT" => Some("from-shell".to_owned()),
        "HOME" => Some("/tmp".to_owned()),
        _ => None,
    };
    let env_text = std::fs::read_to_string(dir.join(".env")).expect(".env");
    let mut env: HashMap<String, String> = HashMap::new();
    for (key, value) in dotenv::resolve(&dotenv::parse(&env_text).tree, &shell) {
        if let Some(value) = value {
            env.insert(key, value);
        }
    }
    let lookup = |name: &str| shell(name).or_else(|| env.get(name).cloned());
    let text = std::fs::read_to_string(dir.join("compose.yaml")).expect("compose.yaml");
    let parse = yaml::parse(&text);
    let (file, errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
    assert!(
        parse.errors.is_empty() && errors.is_empty(),
        "{:?} {errors:?}",
        parse.errors
    );
    let ours = printed_values(&Project::merge([&file]), true);

    // The expected output is YAML too: read it with our own parser and model.
    let expected_text =
        std::fs::read_to_string(dir.join("expected-compose-v2.40.3.yaml")).expect("expected");
    let expected_parse = yaml::parse(&expected_text);
    let (expected_file, errors) = ComposeFile::from_yaml(&expected_parse.tree, &expected_text);
    assert!(errors.is_empty(), "{errors:?}");
    let theirs = printed_values(&Project::merge([&expected_file]), false);
    assert_eq!(ours.len(), 22, "image, 20 environment entries, 1 label");
    assert_eq!(ours, theirs);
}
