//! Interpolation against `probes/interpolation/`: a compose file and `.env` exercising every
//! form, with what `docker compose config` v2.40.3 printed for them.

use std::collections::HashMap;
use std::path::Path;

use compose_model::{dotenv, interpolate};

/// Reads the `KEY: value` lines indented by `indent` spaces under a `section:` line, with the
/// few scalar styles the probe files use: plain, `"…"` without escapes, `'…'`, and `|-`.
fn entries(yaml: &str, section: &str, indent: usize) -> Vec<(String, String)> {
    let pad = " ".repeat(indent);
    let mut lines = yaml
        .lines()
        .skip_while(|l| l.trim() != section)
        .skip(1)
        .take_while(|l| l.starts_with(&pad))
        .peekable();
    let mut out = Vec::new();
    while let Some(line) = lines.next() {
        let (key, value) = line.trim().split_once(": ").expect("`KEY: value` line");
        let value = if value == "|-" {
            let body_pad = " ".repeat(indent + 2);
            let mut body = Vec::new();
            while let Some(next) = lines.next_if(|l| l.starts_with(&body_pad)) {
                body.push(&next[indent + 2..]);
            }
            body.join("\n")
        } else if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            assert!(
                !inner.contains('\\'),
                "the probe's double-quoted values have no escapes"
            );
            inner.to_owned()
        } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            inner.replace("''", "'")
        } else {
            value.to_owned()
        };
        out.push((key.to_owned(), value));
    }
    out
}

#[test]
fn environment_values_match_compose_v2() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/compose/probes/interpolation"
    ));
    if !dir.is_dir() {
        eprintln!("skipped: corpus not found at {}", dir.display());
        return;
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("probe file");
    let (compose, env, expected) = (
        read("compose.yaml"),
        read(".env"),
        read("expected-compose-v2.40.3.yaml"),
    );

    // SOURCE.md: the expectation was produced with `env -i … INHERIT=from-shell`.
    let shell = |name: &str| (name == "INHERIT").then(|| "from-shell".to_owned());
    let parse = dotenv::parse(&env);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let dotenv_values: HashMap<String, String> = dotenv::try_resolve(&parse.tree, &shell)
        .expect("the probe's .env resolves")
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    // Precedence: shell, then `.env`.
    let lookup = |name: &str| shell(name).or_else(|| dotenv_values.get(name).cloned());

    // `config` prints `$` as `$$`.
    let want: HashMap<String, String> = entries(&expected, "environment:", 6)
        .into_iter()
        .map(|(k, v)| (k, v.replace("$$", "$")))
        .collect();
    let inputs = entries(&compose, "environment:", 6);
    assert_eq!(inputs.len(), 20);
    for (key, template) in &inputs {
        let got = interpolate::substitute(template, &lookup)
            .unwrap_or_else(|e| panic!("{key}: {}", e.compose_message(key)));
        assert_eq!(Some(&got), want.get(key), "{key}: {template:?}");
        let refs = interpolate::references(template).expect("valid template");
        for r in interpolate::flatten(&refs) {
            assert_eq!(
                &template[r.name_range], r.name,
                "name range slices the input"
            );
        }
    }
    let image = compose
        .lines()
        .find_map(|l| l.trim().strip_prefix("image: "))
        .expect("image line");
    let image = interpolate::substitute(image.trim_matches('"'), &lookup).expect("valid");
    assert!(expected.contains(&format!("image: {image}\n")), "{image}");
}
