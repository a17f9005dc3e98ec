//! Losslessness: lexing tiles the input, and printing the tree gives the input back, for the
//! Caddy corpus, our fixtures and generated inputs.

use std::path::{Path, PathBuf};

use caddyfile_parser::{TextRange, lex, parse, print};
use proptest::prelude::*;

/// Checks the three lossless properties of one text.
#[track_caller]
fn assert_lossless(text: &str, what: &str) {
    // tokens tile the input
    let tokens = lex(text);
    let mut at = 0;
    for t in &tokens {
        assert_eq!(usize::from(t.range.start()), at, "{what}: gap before {t:?}");
        assert!(!t.range.is_empty(), "{what}: empty token {t:?}");
        at = usize::from(t.range.end());
    }
    assert_eq!(at, text.len(), "{what}: tokens stop early");
    let concatenated: String = tokens.iter().map(|t| &text[t.range]).collect();
    assert_eq!(concatenated, text, "{what}: token concatenation");
    // printing the tree reproduces the input
    let parsed = parse(text);
    assert_eq!(print(&parsed.tree, text), text, "{what}: print(parse(x))");
    // and the tree's leaves cover exactly the significant tokens (the rest is trivia)
    let covered = merge(parsed.tree.leaves());
    let significant = merge(
        tokens
            .iter()
            .filter(|t| !t.kind.is_trivia())
            .map(|t| t.range)
            .collect(),
    );
    assert_eq!(
        covered, significant,
        "{what}: tree leaves vs significant tokens"
    );
}

/// Merges touching ranges.
fn merge(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.sort_by_key(|r| r.start());
    let mut out: Vec<TextRange> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if last.end() >= r.start() => *last = last.cover(r),
            _ => out.push(r),
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "Caddyfile") {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_input_round_trips() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy/adapt"
    ));
    if !dir.is_dir() {
        eprintln!("skipped: ../shared/corpus/caddy/adapt is absent");
        return;
    }
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.retain(|p| !p.to_string_lossy().contains(".fmt-"));
    assert_eq!(paths.len(), 239);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_lossless(&text, &path.display().to_string());
    }
}

#[test]
fn every_fixture_round_trips() {
    let mut paths = Vec::new();
    files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut paths,
    );
    assert!(paths.len() > 40);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_lossless(&text, &path.display().to_string());
    }
}

/// Pieces that exercise every lexer and parser path.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z:./*@_-]{1,6}".prop_map(String::from),
        2 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        1 => Just("\t".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("\r\n".to_owned()),
        2 => Just("{".to_owned()),
        2 => Just("}".to_owned()),
        1 => Just("{}".to_owned()),
        1 => Just("\"".to_owned()),
        1 => Just("\"q w\"".to_owned()),
        1 => Just("`".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("\\\n".to_owned()),
        1 => Just("#".to_owned()),
        1 => Just("# c\n".to_owned()),
        1 => Just("<<EOF\n".to_owned()),
        1 => Just("EOF".to_owned()),
        1 => Just("<<".to_owned()),
        1 => Just("(s)".to_owned()),
        1 => Just("&(r)".to_owned()),
        1 => Just("import".to_owned()),
        1 => Just(",".to_owned()),
        1 => Just("{$X:y}".to_owned()),
        1 => Just("é\u{a0}日".to_owned()),
        1 => Just("\u{feff}".to_owned()),
        1 => Just("\0".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_inputs_are_lossless(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        assert_lossless(&text, &format!("{text:?}"));
    }

    #[test]
    fn arbitrary_strings_are_lossless(text in any::<String>()) {
        assert_lossless(&text, &format!("{text:?}"));
    }
}
