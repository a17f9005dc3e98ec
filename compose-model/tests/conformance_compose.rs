//! Conformance against the compose corpus (`../shared/corpus/compose`), read in place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use compose_model::model::ComposeFile;
use compose_model::yaml;

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

#[test]
fn every_corpus_file_loads_and_accepted_files_have_no_yaml_error() {
    let Some(root) = corpus() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let cases = cases(&root);
    assert_eq!(cases.len(), 1011);
    let mut failures = Vec::new();
    let mut accepted = 0;
    for case in &cases {
        let text = std::fs::read_to_string(&case.path).expect("corpus file is UTF-8");
        let parse = yaml::parse(&text);
        let resolver = yaml::Resolver::new(&parse.tree);
        let mut errors: Vec<String> = parse.errors.iter().map(ToString::to_string).collect();
        errors.extend(resolver.errors().iter().map(ToString::to_string));
        let env = dot_env(case.path.parent().expect("corpus files are in folders"));
        let lookup = |name: &str| env.get(name).cloned();
        let (_, model_errors) = ComposeFile::load(&parse.tree, &text, Some(&lookup));
        errors.extend(model_errors.iter().map(ToString::to_string));
        if case.v2_accepts {
            accepted += 1;
            if !errors.is_empty() {
                failures.push(format!("{}: {errors:?}", case.name));
            }
        }
    }
    eprintln!("{} files loaded, {accepted} accepted by v2", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A minimal `.env` reading (`KEY=VALUE` lines, optional quotes) for the interpolation lookup.
fn dot_env(dir: &Path) -> HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join(".env")) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            if line.starts_with('#') {
                return None;
            }
            let (key, value) = line.split_once('=')?;
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            Some((key.trim().to_owned(), value.to_owned()))
        })
        .collect()
}
