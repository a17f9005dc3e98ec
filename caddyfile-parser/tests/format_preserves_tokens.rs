//! The formatter never changes the token stream Caddy reads: on every corpus input that lexes,
//! the formatted text lexes to the same token values and quote kinds (lines may move).

use std::path::Path;

use caddyfile_parser::{format, tokenize};

fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/caddy");
    dir.is_dir().then_some(dir)
}

fn inputs(dir: &Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(suffix) && !name.contains(".fmt-")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn formatting_keeps_every_token_of_the_corpus() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let mut checked = 0;
    let files = inputs(&corpus.join("adapt"), ".Caddyfile")
        .into_iter()
        .chain(inputs(&corpus.join("lexer"), ".in.Caddyfile"));
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Ok(before) = tokenize(&text) else {
            continue;
        };
        let formatted = format(&text);
        let after = tokenize(&formatted)
            .unwrap_or_else(|e| panic!("{}: formatted text no longer lexes: {e}", path.display()));
        let values = |tokens: &[caddyfile_parser::CaddyToken]| {
            tokens
                .iter()
                .map(|t| (t.text.clone(), t.quote))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            values(&before),
            values(&after),
            "{}: formatting changed the tokens",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 279, "only {checked} corpus inputs were checked");
}
