//! Conformance: Caddy's own formatter vectors and the HEAD outputs of the adapt corpus, read
//! in place from `../shared/corpus/caddy` (skipped when absent).

use std::path::{Path, PathBuf};

use caddyfile_parser::format;

/// An adapt input where we deliberately differ from `caddy fmt` HEAD (see the module docs of
/// `caddyfile_parser::format`, "Differences from caddy fmt").
struct Difference {
    /// The corpus input, `adapt/NAME.Caddyfile`.
    name: &'static str,
    /// Our expected output, derived from HEAD's output.
    ours: fn(&str) -> String,
}

const DIFFERENCES: &[Difference] = &[Difference {
    // `respond << ` ends with a space, so the lexer reads `<<` as a word. HEAD trims the
    // space and `<<` + newline opens a heredoc; we keep the space.
    name: "heredoc_missing_marker",
    ours: |head| head.replace("respond <<\n", "respond << \n"),
}];

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipped: corpus not found at {}", dir.display());
        None
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `(stem, path)` of the files in `dir` named `STEM{suffix}`, sorted.
fn cases(dir: &Path, suffix: &str) -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable corpus folder").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let stem = name.strip_suffix(suffix)?;
            (!stem.contains(".fmt-")).then(|| (stem.to_owned(), path.clone()))
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn caddy_formatter_vectors_match_byte_for_byte() {
    let Some(corpus) = corpus() else { return };
    let vectors = cases(&corpus.join("fmt"), ".in.Caddyfile");
    assert_eq!(vectors.len(), 30, "Caddy's TestFormatter has 30 vectors");
    let mut differ = Vec::new();
    for (stem, path) in &vectors {
        let expected = read(&path.with_file_name(format!("{stem}.out.Caddyfile")));
        let got = format(&read(path));
        if got != expected {
            differ.push(format!(
                "{stem}:\n  got      {got:?}\n  expected {expected:?}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of 30 vectors differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn adapt_inputs_match_head_except_documented_differences() {
    let Some(corpus) = corpus() else { return };
    let inputs = cases(&corpus.join("adapt"), ".Caddyfile");
    assert_eq!(inputs.len(), 239, "the adapt corpus has 239 inputs");
    let mut identical = 0;
    let mut differ = Vec::new();
    for (stem, path) in &inputs {
        let head = read(&path.with_file_name(format!("{stem}.fmt-HEAD.Caddyfile")));
        let got = format(&read(path));
        match DIFFERENCES
            .iter()
            .find(|difference| difference.name == stem)
        {
            Some(difference) => {
                let ours = (difference.ours)(&head);
                assert_ne!(
                    ours, head,
                    "{stem}: the documented difference changes nothing"
                );
                assert_eq!(got, ours, "{stem}: not the documented output");
            }
            None if got == head => identical += 1,
            None => differ.push(format!("{stem}:\n  got  {got:?}\n  HEAD {head:?}")),
        }
    }
    eprintln!(
        "adapt: {identical}/{} identical to HEAD, {} documented differences",
        inputs.len(),
        DIFFERENCES.len()
    );
    assert!(
        differ.is_empty(),
        "{} inputs differ from HEAD:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert_eq!(identical + DIFFERENCES.len(), inputs.len());
}

#[test]
fn formatting_corpus_inputs_twice_changes_nothing() {
    let Some(corpus) = corpus() else { return };
    let mut inputs = cases(&corpus.join("adapt"), ".Caddyfile");
    inputs.extend(cases(&corpus.join("fmt"), ".in.Caddyfile"));
    inputs.extend(cases(&corpus.join("lexer"), ".in.Caddyfile"));
    assert_eq!(inputs.len(), 239 + 30 + 50);
    for (stem, path) in &inputs {
        let once = format(&read(path));
        assert_eq!(
            format(&once),
            once,
            "{stem} ({}) is not idempotent",
            path.display()
        );
    }
}
