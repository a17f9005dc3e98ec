//! The formatter gives the same bytes with and without its fast path for lines already in
//! simple form, on generated inputs and on every corpus file: the fast path changes how fast
//! it is, never what it writes. (What it writes is pinned to Caddy's output by the corpus and
//! differential tests.)

use std::fmt::Write as _;
use std::path::Path;

use caddyfile_parser::format;
use caddyfile_parser::format::format_without_fast_path;
use proptest::prelude::*;

/// Line starts: the indentation the fast paths copy or replace, and the awkward variants.
const INDENTS: &[&str] = &[
    "",
    "",
    "\t",
    "\t",
    "\t\t",
    "\t\t\t",
    "\t\t\t\t\t\t\t\t\t\t\t\t",
    " ",
    "    ",
    "\t \t",
    "\r",
    "\u{a0}",
    "\x0b",
    "\n",
];

/// Words: plain ones (the fast paths), and ones with the characters that end a plain run.
const WORDS: &[&str] = &[
    "a",
    "bb",
    "example.com",
    "www.example.com,",
    ":80",
    "@api",
    "/api/*",
    "*.css",
    "app:8080",
    "import",
    "common",
    "handle",
    "EOF",
    "x{",
    "{$X}",
    "}y",
    "a}",
    "{}",
    "{b}",
    "e#f",
    "\"q  x\"",
    "`b  t`",
    "\"",
    "`",
    "\\",
    "\\ ",
    "\\\"",
    "<<EOF",
    "<<",
    "<",
    "#c",
    "é",
    "a\u{3000}b",
    "\0",
    "{",
    "}",
];

/// Between words: the single space the fast path joins, and everything it must not.
const GAPS: &[&str] = &[" ", " ", " ", "  ", "\t", " \t", "\r ", "\u{a0}", ""];

/// Line ends, with an opening or a closing brace, trailing blanks, CRs, blank lines.
const ENDS: &[&str] = &[
    "\n", "\n", "\n", " {\n", " {\n", "{\n", " }\n", "\n}\n", "\n\t}\n", " \t\n", "\r\n", "\n\n",
    "\n\n\n", " \\\n", " {", "",
];

fn line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(INDENTS),
        prop::collection::vec(
            (prop::sample::select(GAPS), prop::sample::select(WORDS)),
            0..6,
        ),
        prop::sample::select(ENDS),
    )
        .prop_map(|(indent, words, end)| {
            let mut line = indent.to_owned();
            for (i, (gap, word)) in words.into_iter().enumerate() {
                if i > 0 {
                    line.push_str(gap);
                }
                line.push_str(word);
            }
            line.push_str(end);
            line
        })
}

fn lines() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..16).prop_map(|lines| lines.concat())
}

fn characters() -> impl Strategy<Value = String> {
    "[a-z{}\"`\\\\#<$ \t\r\n\u{feff}\u{a0}\0]{0,80}"
}

/// Asserts that both paths agree on `input` and on its formatted text, which is what the
/// fast path for lines already in simple form sees most.
fn assert_same(input: &str) {
    let expected = format_without_fast_path(input);
    assert_eq!(format(input), expected, "input: {input:?}");
    assert_eq!(
        format(&expected),
        format_without_fast_path(&expected),
        "formatted: {expected:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    #[test]
    fn generated_lines_format_as_before(input in lines()) {
        assert_same(&input);
    }

    #[test]
    fn generated_characters_format_as_before(input in characters()) {
        assert_same(&input);
    }

    #[test]
    fn any_text_formats_as_before(input in any::<String>()) {
        assert_same(&input);
    }
}

/// A formatted Caddyfile of a few sites like the benchmark's, then re-indented.
#[test]
fn benchmark_like_files_format_as_before() {
    let mut formatted = String::from("{\n\temail admin@example.com\n}\n");
    for site in 0..40 {
        // `write!` to a `String` cannot fail.
        let _ = write!(
            formatted,
            "\nsite{site}.example.com, www.site{site}.example.com {{\n\timport common\n\
             \t# API traffic\n\t@static {{\n\t\tpath *.css *.js\n\t}}\n\thandle @api {{\n\
             \t\treverse_proxy app{site}:8080 {{\n\t\t\tlb_policy round_robin\n\t\t}}\n\t}}\n\
             \theader @static Cache-Control \"public, max-age=3600\"\n}}\n"
        );
    }
    assert_same(&formatted);
    let mut messy = String::new();
    for (i, line) in formatted.lines().enumerate() {
        let indent = ["", " ", "  ", "\t \t", "\t"][i % 5];
        let trailing = ["", " ", "\t  "][i % 3];
        let _ = writeln!(messy, "{indent}{}{trailing}", line.trim_start());
    }
    assert_same(&messy);
}

/// Every Caddyfile of the corpus, when it is there.
#[test]
fn corpus_files_format_as_before() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/caddy"
    ));
    if !dir.is_dir() {
        eprintln!("skipped: corpus not found at {}", dir.display());
        return;
    }
    let mut pending = vec![dir.to_path_buf()];
    let mut count = 0;
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable corpus folder") {
            let path = entry.expect("readable corpus entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "Caddyfile") {
                let text = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
                assert_same(&text);
                count += 1;
            }
        }
    }
    assert!(count > 300, "only {count} corpus Caddyfiles");
}
