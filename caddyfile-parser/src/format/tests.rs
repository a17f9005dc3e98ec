//! Unit tests for the formatter, one behaviour each.
//!
//! Snapshots show the output like `cat -A`: `$` ends each line, a tab is `\t`, a CR is `\r`,
//! so trailing whitespace and the final newline are visible.

use super::format;

/// Formats `input` and renders the output for a snapshot.
fn fmt(input: &str) -> String {
    let output = format(input);
    assert_eq!(format(&output), output, "not idempotent on {input:?}");
    render(&output)
}

/// Makes tabs, CRs and line ends visible.
fn render(text: &str) -> String {
    let mut shown = text
        .replace('\t', "\\t")
        .replace('\r', "\\r")
        .replace('\0', "\\0")
        .replace('\u{feff}', "\\u{feff}");
    shown = shown.replace('\n', "$\n");
    shown
}

// ---- layout, as `caddy fmt` does it -------------------------------------------------------

#[test]
fn nesting_is_one_tab_per_level() {
    insta::assert_snapshot!(fmt("a {\n    b {\n  c\n        }\n}"), @r"
    a {$
    \tb {$
    \t\tc$
    \t}$
    }$
    ");
}

#[test]
fn whitespace_between_words_collapses_to_one_space() {
    insta::assert_snapshot!(fmt("a  \t b\u{a0}\u{3000}c   \n"), @"a b c$");
}

#[test]
fn blank_lines_collapse_and_vanish_next_to_braces() {
    insta::assert_snapshot!(fmt("a {\n\n\n\tb\n\n\n\n\tc\n\n}\n\n\n\nd"), @r"
    a {$
    \tb$
    $
    \tc$
    }$
    $
    d$
    ");
}

#[test]
fn open_brace_joins_the_line_before() {
    insta::assert_snapshot!(fmt("example.com\n\n{\nrespond 200\n}"), @r"
    example.com {$
    \trespond 200$
    }$
    ");
}

#[test]
fn words_after_an_open_brace_go_to_the_next_line() {
    insta::assert_snapshot!(fmt("a { b c }"), @r"
    a {$
    \tb c$
    }$
    ");
}

#[test]
fn word_after_a_top_level_close_brace_starts_a_new_block() {
    insta::assert_snapshot!(fmt("a {\n} b {\n}"), @r"
    a {$
    }$
    $
    b {$
    }$
    ");
}

#[test]
fn word_after_a_nested_close_brace_gets_a_tab() {
    insta::assert_snapshot!(fmt("a {\n\tb {\n\t} c\n}"), @r"
    a {$
    \tb {$
    \t}\tc$
    }$
    ");
}

#[test]
fn comments_are_reindented_and_keep_their_text() {
    insta::assert_snapshot!(fmt("a {\n      #  two  spaces  \n b # end {\n}"), @r"
    a {$
    \t#  two  spaces  $
    \tb # end {$
    }$
    ");
}

#[test]
fn comment_newline_is_not_counted_with_blank_lines() {
    insta::assert_snapshot!(fmt("# c\n\n\n\n\nx"), @r"
    # c$
    $
    $
    x$
    ");
}

#[test]
fn hash_inside_a_word_copies_the_rest_of_the_line() {
    // The `{` is copied too, so it opens no block for the layout.
    insta::assert_snapshot!(fmt("a {\n  redir /x#y   /z {\n}"), @r"
    a {$
    \tredir /x#y   /z {$
    }$
    ");
}

#[test]
fn quoted_string_is_copied_across_lines() {
    insta::assert_snapshot!(fmt("a {\n  respond \"x  {\n    y\\\"  }\"   200\n}"), @r#"
    a {$
    \trespond "x  {$
        y\"  }" 200$
    }$
    "#);
}

#[test]
fn backtick_string_is_copied_verbatim() {
    insta::assert_snapshot!(fmt("@m   `{x}  ==  \"y\"`\n"), @r#"@m `{x}  ==  "y"`$"#);
}

#[test]
fn heredoc_body_and_closing_line_are_verbatim() {
    insta::assert_snapshot!(fmt("a {\n respond   <<EOF\n   x  y\n   EOF   200\n}"), @r"
    a {$
    \trespond <<EOF$
       x  y$
       EOF 200$
    }$
    ");
}

#[test]
fn heredoc_with_invalid_marker_is_formatted_as_lines() {
    insta::assert_snapshot!(fmt("a {\n respond <<END!\n   x  y\n   END!\n}"), @r"
    a {$
    \trespond <<END!$
    \tx y$
    \tEND!$
    }$
    ");
}

#[test]
fn escaped_heredoc_is_an_ordinary_word() {
    insta::assert_snapshot!(fmt("a {\n respond \\<<EOF\n   x  y\n}"), @r"
    a {$
    \trespond \<<EOF$
    \tx y$
    }$
    ");
}

#[test]
fn continuation_line_starts_with_one_space() {
    insta::assert_snapshot!(fmt("a {\n\tb c \\\n\t\t\td\n}"), @r"
    a {$
    \tb c \$
     d$
    }$
    ");
}

#[test]
fn braces_inside_words_are_not_blocks() {
    insta::assert_snapshot!(fmt("{$HOST:localhost} {\n\trespond {} foo{bar}baz {http.request.uri}\n}"), @r"
    {$HOST:localhost} {$
    \trespond {} foo{bar}baz {http.request.uri}$
    }$
    ");
}

#[test]
fn placeholder_at_line_start_leaves_no_trailing_space() {
    insta::assert_snapshot!(fmt("{\n\ta\n\n\t{$ENV_VAR}\n}"), @r"
    {$
    \ta$
    $
    \t{$ENV_VAR}$
    }$
    ");
}

#[test]
fn open_brace_on_a_later_line_than_a_top_level_brace_word_stands_alone() {
    // HEAD writes no space before a `{` on a later line, so the `}` of `{$SITE}` counts as a
    // block's end and the opener gets a blank line.
    insta::assert_snapshot!(fmt("{$SITE}\n{\n\tfile_server\n}"), @r"
    {$SITE}$
    $
    {$
    \tfile_server$
    }$
    ");
}

#[test]
fn open_brace_after_top_level_import_stays_on_its_line() {
    insta::assert_snapshot!(fmt("import a\nimport b\n{\n\tdebug\n}"), @r"
    import a$
    import b$
    {$
    \tdebug$
    }$
    ");
}

#[test]
fn open_brace_after_a_blank_line_joins_the_import() {
    insta::assert_snapshot!(fmt("import a\n\n{\n\tdebug\n}"), @r"
    import a {$
    \tdebug$
    }$
    ");
}

#[test]
fn indentation_stops_growing_after_ten_levels() {
    let input = format!("{}x{}", "a {\n".repeat(12), "\n}".repeat(12));
    let output = format(&input);
    let deepest = output
        .lines()
        .find(|line| line.trim() == "x")
        .unwrap_or_default();
    assert_eq!(deepest, format!("{}x", "\t".repeat(10)));
    assert_eq!(output.lines().filter(|line| line.trim() == "}").count(), 12);
    assert_eq!(format(&output), output);
}

#[test]
fn crlf_line_ends_become_lf_except_in_comments() {
    insta::assert_snapshot!(fmt("a {\r\n\tb # c\r\n}\r\n"), @r"
    a {$
    \tb # c\r$
    }$
    ");
}

#[test]
fn leading_bom_is_kept_like_a_word_character() {
    insta::assert_snapshot!(fmt("\u{feff}a  b {\nc\n}"), @r"
    \u{feff}a b {$
    \tc$
    }$
    ");
}

#[test]
fn empty_input_gives_one_newline() {
    assert_eq!(format(""), "\n");
    assert_eq!(format(" \n\t\n"), "\n");
}

#[test]
fn nul_bytes_are_word_characters() {
    insta::assert_snapshot!(fmt("a\0b  \0 {\n\0\n}"), @r"
    a\0b \0 {$
    \t\0$
    }$
    ");
}

// ---- where we keep the tokens and `caddy fmt` does not -------------------------------------

#[test]
fn space_after_a_heredoc_opener_word_is_kept() {
    insta::assert_snapshot!(fmt("a {\n    respond << \n    Hello\n}"), @r"
    a {$
    \trespond << $
    \tHello$
    }$
    ");
}

#[test]
fn heredoc_opener_word_keeps_a_space_before_a_moved_close_brace() {
    insta::assert_snapshot!(fmt("a {\n\trespond <<EOF }"), @r"
    a {$
    \trespond <<EOF $
    }$
    ");
}

#[test]
fn file_ending_in_a_heredoc_opener_word_gets_no_newline() {
    assert_eq!(format("respond <<EOF"), "respond <<EOF");
    assert_eq!(format("respond <<EOF  "), "respond <<EOF");
}

#[test]
fn tab_after_heredoc_opener_stays_in_the_word() {
    insta::assert_snapshot!(fmt("respond <<EOF\tx  y\n"), @r"respond <<EOF\tx y$");
}

#[test]
fn crlf_after_heredoc_marker_opens_a_heredoc() {
    insta::assert_snapshot!(fmt("a {\r\n\trespond <<EOF\r\n\t  x  y\r\n\tEOF\r\n}\r\n"), @r"
    a {$
    \trespond <<EOF$
    \t  x  y\r$
    \tEOF$
    }$
    ");
}

#[test]
fn unterminated_quote_at_the_end_is_left_as_is() {
    assert_eq!(format("respond \"abc  \n\n"), "respond \"abc  \n\n");
    assert_eq!(format("respond `abc"), "respond `abc");
}

#[test]
fn open_brace_at_the_end_is_kept() {
    assert_eq!(format("a {"), "a {\n");
    assert_eq!(format("a {\n\n"), "a {\n");
    assert_eq!(format("a{\n"), "a{\n");
}

#[test]
fn double_open_brace_is_text() {
    insta::assert_snapshot!(fmt("a {{b}} {{ c }}"), @"a {{b}} {{ c }}$");
}

#[test]
fn lone_cr_is_deleted_like_the_lexer_does() {
    insta::assert_snapshot!(fmt("a\rb c\r \rd"), @"ab c d$");
}

#[test]
fn escape_at_line_start_keeps_its_line() {
    insta::assert_snapshot!(fmt("a {\n\tb\n\\c d\n}"), @r"
    a {$
    \tb$
    \t\c d$
    }$
    ");
}

#[test]
fn escape_after_open_brace_keeps_the_brace_first() {
    insta::assert_snapshot!(fmt("a {\\x y\n}"), @r"
    a {\x y$
    }$
    ");
}

#[test]
fn quote_right_after_a_closing_quote_opens_a_string() {
    insta::assert_snapshot!(fmt("a \"x\"\"y  z\"   w"), @r#"a "x""y  z" w$"#);
}

#[test]
fn escaped_hash_at_a_token_start_is_a_comment() {
    insta::assert_snapshot!(fmt("a {\n\t\\#  not {  a block\n}"), @r"
    a {$
    \t\#  not {  a block$
    }$
    ");
}

#[test]
fn less_than_ending_a_word_keeps_its_space() {
    insta::assert_snapshot!(fmt("a< b <c"), @"a< b <c$");
}

#[test]
fn glued_close_brace_is_text_when_braces_balance() {
    insta::assert_snapshot!(fmt("a {\n\tb c}\n}"), @r"
    a {$
    \tb c}$
    }$
    ");
}

#[test]
fn glued_close_brace_is_split_when_braces_do_not_balance() {
    insta::assert_snapshot!(fmt("a {\n\tb c}"), @r"
    a {$
    \tb c$
    }$
    ");
}

#[test]
fn glued_open_brace_before_whitespace_opens_a_block() {
    insta::assert_snapshot!(fmt("a{\n\tb\n}"), @r"
    a {$
    \tb$
    }$
    ");
}

// ---- where `caddy fmt` is not idempotent -------------------------------------------------

#[test]
fn second_glued_close_brace_closes_too() {
    // `caddy fmt`: `}`, blank line, `}`, and `}`, `}` on the next run.
    insta::assert_snapshot!(fmt("x {\na {b}\n}}"), @r"
    x {$
    \ta {b}$
    }$
    }$
    ");
}

#[test]
fn close_brace_starting_a_continuation_line_closes() {
    // `caddy fmt` closes here on the first run (a space came before the `}`) but not on the
    // second (it wrote the `}` without the space), so `c` moves in.
    insta::assert_snapshot!(fmt("a {\n\tb {x} \\\n  }\nc\n}"), @r"
    a {$
    \tb {x} \$
    }$
    c$
    }$
    ");
}
