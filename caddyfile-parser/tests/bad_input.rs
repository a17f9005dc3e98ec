//! Hostile inputs: each gives an error with a range, never a panic or a stack overflow.

use std::path::Path;

use caddyfile_parser::expand::{ExpandErrorKind, FsLoader, expand};
use caddyfile_parser::{MAX_NESTING, SyntaxError, parse, print};

#[track_caller]
fn first_error(text: &str) -> SyntaxError {
    let parsed = parse(text);
    assert_eq!(print(&parsed.tree, text), text);
    let error = parsed.errors.into_iter().next().expect("an error");
    assert!(usize::from(error.range().end()) <= text.len());
    error
}

#[test]
fn unclosed_quote_is_reported_at_the_quote() {
    let error = first_error("a.com {\n\trespond \"hi\n}\n");
    let errors = parse("a.com {\n\trespond \"hi\n}\n").errors;
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SyntaxError::UnclosedQuote { .. }))
    );
    assert_eq!(error.caddy_line(), 2);
}

#[test]
fn unclosed_brace_is_reported_at_the_brace_with_caddys_line() {
    let error = first_error("a.com {\n\trespond hi\n");
    assert_eq!(
        error.to_string(),
        "syntax error: unexpected token 'hi', expecting '}'"
    );
    assert_eq!(usize::from(error.range().start()), 6);
    assert_eq!(error.caddy_line(), 2);
}

#[test]
fn unclosed_heredoc_is_reported() {
    let error = first_error("a.com {\n\trespond <<EOF\n\thi\n}\n");
    let all = parse("a.com {\n\trespond <<EOF\n\thi\n}\n").errors;
    assert!(all.iter().any(
        |e| e.to_string() == "incomplete heredoc <<EOF on line #5, expected ending marker EOF"
    ));
    assert!(!error.range().is_empty());
}

#[test]
fn hundred_thousand_nested_braces_give_a_nesting_error_without_overflow() {
    let mut text = String::from("a.com {\n");
    for _ in 0..100_000 {
        text.push_str("x {\n");
    }
    for _ in 0..100_000 {
        text.push_str("}\n");
    }
    text.push_str("}\n");
    let parsed = parse(&text);
    assert_eq!(print(&parsed.tree, &text), text);
    let deep: Vec<_> = parsed
        .errors
        .iter()
        .filter(|e| matches!(e, SyntaxError::NestingTooDeep { .. }))
        .collect();
    assert_eq!(deep.len(), 1);
    assert_eq!(deep[0].caddy_line(), MAX_NESTING + 2);
    assert_eq!(parsed.errors.len(), 1);
}

#[test]
fn hundred_thousand_bare_open_braces_do_not_overflow() {
    let text = "{\n".repeat(100_000);
    let parsed = parse(&text);
    assert_eq!(print(&parsed.tree, &text), text);
    assert!(
        parsed
            .errors
            .iter()
            .any(|e| matches!(e, SyntaxError::NestingTooDeep { .. }))
    );
    let expanded = expand(Path::new("Caddyfile"), &text, &FsLoader);
    assert!(expanded.blocks.len() <= 1);
}

#[test]
fn fifty_megabyte_file_parses() {
    let site =
        "site.example.com {\n\treverse_proxy app:8080 {\n\t\tlb_policy first\n\t}\n\t\"unclosed\n";
    let mut text = String::with_capacity(50 * 1024 * 1024 + site.len());
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(site);
    }
    let parsed = parse(&text);
    assert!(!parsed.errors.is_empty());
    // the tree covers every byte
    assert!(print(&parsed.tree, &text) == text);
}

#[test]
fn nul_bytes_are_ordinary_word_characters() {
    let text = "a.com {\n\trespond \0 \"\0\"\n}\0\n";
    let error = first_error(text);
    // `}\0` is a word, so the site block never closes
    assert!(matches!(
        error,
        SyntaxError::UnexpectedToken { expected: '}', .. }
    ));
}

#[test]
fn import_cycle_through_files_is_reported() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/expand/cycle"
    ));
    let main = dir.join("Caddyfile");
    let text = std::fs::read_to_string(&main).unwrap();
    let out = expand(&main, &text, &FsLoader);
    let cycle: Vec<_> = out
        .errors
        .iter()
        .filter(|e| e.kind == ExpandErrorKind::ImportCycle)
        .collect();
    assert_eq!(cycle.len(), 1);
    assert!(
        cycle[0]
            .message
            .starts_with("a cycle of imports exists between ")
    );
    assert!(!cycle[0].range.is_empty());
}

#[test]
fn import_of_a_missing_file_is_reported_at_the_path() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/expand/missing"
    ));
    let main = dir.join("Caddyfile");
    let text = std::fs::read_to_string(&main).unwrap();
    let out = expand(&main, &text, &FsLoader);
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].kind, ExpandErrorKind::FileNotFound);
    assert_eq!(
        out.errors[0].message,
        "File to import not found: does-not-exist.caddy"
    );
    assert_eq!(&text[out.errors[0].range], "does-not-exist.caddy");
    assert_eq!(out.errors[0].line, 2);
}

#[test]
fn real_files_expand_with_relative_imports_and_globs() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/expand/tree"
    ));
    let main = dir.join("Caddyfile");
    let text = std::fs::read_to_string(&main).unwrap();
    let out = expand(&main, &text, &FsLoader);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let sites: Vec<Vec<&str>> = out
        .blocks
        .iter()
        .map(|b| {
            b.directives
                .iter()
                .map(|d| d.tokens[0].text.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        sites,
        [
            vec!["encode", "header", "reverse_proxy"],
            vec!["encode", "header", "respond"]
        ]
    );
    let header = &out.blocks[1].directives[1].tokens[1];
    assert_eq!(header.text, "X-Site-b.test");
    let source = &out.sources[header.source as usize];
    assert!(source.path.ends_with("snippets/headers.caddy"));
    assert_eq!(&source.text[header.range], "X-Site-{args[0]}");
    let respond = &out.blocks[1].directives[2].tokens[0];
    assert!(
        out.sources[respond.source as usize]
            .path
            .ends_with("tree/extra/respond.caddy")
    );
    let chain: Vec<&str> = out
        .chain(respond.via())
        .iter()
        .map(|s| s.target.as_str())
        .collect();
    assert_eq!(
        chain,
        ["../snippets/../extra/respond.caddy", "sites/*.caddy"]
    );
}

#[test]
fn brace_starting_a_line_with_more_after_it_reports_the_token_after_it_first() {
    // Caddy checks "next token on the same line" before "on a new line"
    let errors = parse("{ a.test\n{ { respond x\n}\n}\n}\n").errors;
    assert_eq!(
        errors[0].to_string(),
        "Unexpected next token after '{' on same line"
    );
    assert_eq!(errors[0].caddy_line(), 2);
}

#[test]
fn brace_right_after_a_site_brace_is_a_directive_name_as_for_caddy() {
    let text = "x { { b.test }\n";
    let errors = parse(text).errors;
    assert_eq!(
        errors[0].to_string(),
        "Unexpected '}' because no matching opening brace"
    );
    assert_eq!(errors.len(), 1);
}

#[test]
fn empty_braces_starting_the_next_line_are_reported_like_caddy() {
    // Caddy looks at the token after a directive's words before it checks for a new line
    let errors = parse("{\n\trespond handle\n\n{}\n}\n").errors;
    assert_eq!(errors[0].to_string(), "Unexpected '{}' at end of line");
    assert_eq!(errors[0].caddy_line(), 4);
}
