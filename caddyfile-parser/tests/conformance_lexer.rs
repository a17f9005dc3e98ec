//! Caddy's lexer test vectors (`../shared/corpus/caddy/lexer`): token texts and lines, or
//! the exact error message.

use std::path::PathBuf;

use caddyfile_parser::tokenize;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy/lexer"
    ));
    dir.is_dir().then_some(dir)
}

#[test]
fn tokenize_matches_caddy_on_all_lexer_vectors() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/caddy/lexer is absent");
        return;
    };
    let mut failures = Vec::new();
    let mut total = 0;
    for n in 1..=50 {
        let input_path = dir.join(format!("{n:02}.in.Caddyfile"));
        let Ok(bytes) = std::fs::read(&input_path) else {
            continue;
        };
        total += 1;
        // Caddy reads invalid UTF-8 as U+FFFD; our API takes `&str`
        let input = String::from_utf8_lossy(&bytes);
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{n:02}.tokens.json"))).unwrap(),
        )
        .unwrap();
        let got = tokenize(&input);
        let ok = match (&got, expected.get("error")) {
            (Err(e), Some(msg)) => e.to_string() == msg.as_str().unwrap(),
            (Ok(tokens), None) => {
                let want: Vec<(u64, String)> = expected["tokens"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| {
                        (
                            t["line"].as_u64().unwrap(),
                            t["text"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                let have: Vec<(u64, String)> = tokens
                    .iter()
                    .map(|t| (u64::from(t.line), t.text.clone()))
                    .collect();
                have == want
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{n:02}: input {input:?}\n  expected {expected}\n  got {got:?}"
            ));
        }
    }
    assert_eq!(total, 50, "expected 50 lexer vectors");
    assert!(
        failures.is_empty(),
        "{} of {total} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
