use std::fmt::Write;

use super::*;

/// One line per token: kind, range, raw slice, and the error if any.
fn dump(text: &str) -> String {
    let mut out = String::new();
    for t in lex(text) {
        let _ = write!(out, "{:?}@{:?} {:?}", t.kind, t.range, &text[t.range]);
        if let Some(e) = t.error {
            let _ = write!(out, " !{e:?}");
        }
        out.push('\n');
    }
    out
}

fn values(text: &str) -> Vec<String> {
    tokenize(text)
        .unwrap()
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[test]
fn site_with_block_lexes_into_words_braces_and_trivia() {
    insta::assert_snapshot!(dump("a.com {\n\treverse_proxy app:80 # x\n}\n"), @r##"
    Word@0..5 "a.com"
    Whitespace@5..6 " "
    OpenBrace@6..7 "{"
    Newline@7..8 "\n"
    Whitespace@8..9 "\t"
    Word@9..22 "reverse_proxy"
    Whitespace@22..23 " "
    Word@23..29 "app:80"
    Whitespace@29..30 " "
    Comment@30..33 "# x"
    Newline@33..34 "\n"
    CloseBrace@34..35 "}"
    Newline@35..36 "\n"
    "##);
}

#[test]
fn crlf_newlines_keep_the_cr_and_cr_inside_words_stays_in_the_word() {
    insta::assert_snapshot!(dump("a\r\nb\rc # d\r\n"), @r##"
    Word@0..1 "a"
    Newline@1..3 "\r\n"
    Word@3..6 "b\rc"
    Whitespace@6..7 " "
    Comment@7..10 "# d"
    Newline@10..12 "\r\n"
    "##);
    assert_eq!(values("a\r\nb\rc # d\r\n"), ["a", "bc"]);
}

#[test]
fn bom_is_its_own_token_and_not_a_value() {
    insta::assert_snapshot!(dump("\u{feff}:80"), @r##"
    Bom@0..3 "\u{feff}"
    Word@3..6 ":80"
    "##);
}

#[test]
fn line_continuation_takes_the_backslash_and_line_feed() {
    insta::assert_snapshot!(dump("a\\\nb \\ \nc"), @r##"
    Word@0..1 "a"
    LineContinuation@1..3 "\\\n"
    Word@3..4 "b"
    Whitespace@4..5 " "
    LineContinuation@5..8 "\\ \n"
    Word@8..9 "c"
    "##);
    let lines: Vec<_> = tokenize("a\\\nb \\ \nc\nd")
        .unwrap()
        .iter()
        .map(|t| t.line)
        .collect();
    assert_eq!(lines, [1, 1, 1, 4]);
}

#[test]
fn standalone_backslash_carries_over_spaces_into_the_next_word() {
    insta::assert_snapshot!(dump("a \\ b"), @r##"
    Word@0..1 "a"
    Whitespace@1..2 " "
    Word@2..5 "\\ b"
    "##);
    assert_eq!(values("a \\ b"), ["a", "\\b"]);
}

#[test]
fn escaped_comment_still_continues_the_line() {
    let tokens = tokenize("a \\#c\nb\nd").unwrap();
    let lines: Vec<_> = tokens.iter().map(|t| (t.text.as_str(), t.line)).collect();
    assert_eq!(lines, [("a", 1), ("b", 1), ("d", 3)]);
}

#[test]
fn backslash_before_space_after_a_word_vanishes_and_does_not_continue() {
    let tokens = tokenize("a\\ \nb").unwrap();
    let lines: Vec<_> = tokens.iter().map(|t| (t.text.as_str(), t.line)).collect();
    assert_eq!(lines, [("a", 1), ("b", 2)]);
}

#[test]
fn quotes_open_only_at_token_start_and_close_the_token() {
    assert_eq!(values(r#"a"b c" "x"y"#), [r#"a"b"#, r#"c""#, "x", "y"]);
}

#[test]
fn escaped_quote_opening_keeps_the_backslash_on_the_first_char() {
    assert_eq!(values(r#"\"y" \"\"z""#), ["\\y", "\\\\", "z\""]);
}

#[test]
fn backslash_less_than_suppresses_the_heredoc_and_drops_the_backslash() {
    assert_eq!(values("\\<<EOF\nx"), ["<<EOF", "x"]);
    assert_eq!(values("a\\<b c\\\\d"), ["a<b", "c\\\\d"]);
}

#[test]
fn unclosed_quote_runs_to_the_end_and_is_flagged() {
    insta::assert_snapshot!(dump("a \"b\nc"), @r##"
    Word@0..1 "a"
    Whitespace@1..2 " "
    Quoted@2..6 "\"b\nc" !UnclosedQuote
    "##);
    let tokens = tokenize("a \"b\nc").unwrap();
    assert_eq!(tokens[1].quote, Quote::None);
    assert_eq!(tokens[1].text, "b\nc");
}

#[test]
fn heredoc_token_spans_opener_body_and_marker() {
    insta::assert_snapshot!(dump("respond <<EOF\n\thi\n\tEOF 200\n"), @r##"
    Word@0..7 "respond"
    Whitespace@7..8 " "
    Heredoc@8..22 "<<EOF\n\thi\n\tEOF"
    Whitespace@22..23 " "
    Word@23..26 "200"
    Newline@26..27 "\n"
    "##);
    assert_eq!(
        values("respond <<EOF\n\thi\n\tEOF 200\n"),
        ["respond", "hi", "200"]
    );
}

#[test]
fn heredoc_opener_followed_by_space_is_a_word() {
    insta::assert_snapshot!(dump("<<EOF x\n"), @r##"
    Word@0..5 "<<EOF"
    Whitespace@5..6 " "
    Word@6..7 "x"
    Newline@7..8 "\n"
    "##);
}

#[test]
fn rejected_heredoc_openers_become_error_tokens_and_lexing_goes_on() {
    insta::assert_snapshot!(dump("a <<\nb <<<X\r\nc <<E.F\n"), @r##"
    Word@0..1 "a"
    Whitespace@1..2 " "
    Error@2..4 "<<" !HeredocMissingMarker
    Newline@4..5 "\n"
    Word@5..6 "b"
    Whitespace@6..7 " "
    Error@7..11 "<<<X" !HeredocTooManyAngles
    Newline@11..13 "\r\n"
    Word@13..14 "c"
    Whitespace@14..15 " "
    Error@15..20 "<<E.F" !HeredocInvalidMarker
    Newline@20..21 "\n"
    "##);
}

#[test]
fn unclosed_heredoc_runs_to_the_end_and_is_flagged() {
    insta::assert_snapshot!(dump("a <<EOF\nb\n"), @r##"
    Word@0..1 "a"
    Whitespace@1..2 " "
    Heredoc@2..10 "<<EOF\nb\n" !HeredocUnclosed
    "##);
}

#[test]
fn heredoc_with_crlf_drops_crs_from_the_value() {
    assert_eq!(
        values("x <<EOF\r\n  a\r\n\r\n  b\r\n  EOF\r\n"),
        ["x", "a\n\nb"]
    );
}

#[test]
fn non_ascii_spaces_separate_words() {
    assert_eq!(values("a\u{a0}b\u{3000}c é"), ["a", "b", "c", "é"]);
}

#[test]
fn braces_glued_to_text_are_words() {
    insta::assert_snapshot!(dump("{$X} {} a{"), @r##"
    Word@0..4 "{$X}"
    Whitespace@4..5 " "
    Word@5..7 "{}"
    Whitespace@7..8 " "
    Word@8..10 "a{"
    "##);
}
