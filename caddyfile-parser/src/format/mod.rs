//! The Caddyfile formatter: output identical to `caddy fmt` (Caddy HEAD), byte for byte,
//! except where `caddy fmt` would change the file's tokens.
//!
//! [`format`] lays a Caddyfile out the way `caddy fmt` does: one tab per nesting level, one
//! space between the words of a line, `{` at the end of the line that opens a block, `}` alone
//! on its own line, at most one blank line in a row and none just inside braces, comments,
//! quoted strings and heredoc bodies copied verbatim, and exactly one newline at the end.
//!
//! # Characteristics
//!
//! - **Works on raw characters.** Like `caddy fmt` it never builds a syntax tree, so it formats
//!   files the parser rejects (unbalanced braces, bad heredocs, stray quotes).
//! - **Total.** Any `&str` gives an output: no panics, no recursion, NUL bytes, lone CRs, a
//!   BOM and unbalanced braces included.
//! - **Idempotent.** `format(format(x)) == format(x)`; tested on the whole corpus and with
//!   proptest.
//! - **Keeps the tokens.** The words Caddy's lexer reads from the output are the words it
//!   reads from the input, with the exceptions listed under
//!   [Differences from caddy fmt](#differences-from-caddy-fmt) (Caddy's own vectors repair
//!   glued braces in broken files).
//! - **Fast.** One pass, runs of word characters copied as `&str` slices into one pre-sized
//!   `String` (see `benches/benches/caddyfile_format.rs`).
//!
//! # The state machine
//!
//! A [`state::Formatter`] walks the input once. Its fields are the whole state:
//!
//! - `mode`: normal text, a comment, a quoted string (`"` or `` ` ``), a heredoc marker
//!   (after `<<`) or a heredoc body;
//! - layout: `nesting` (tabs to write, capped at 10 like Caddy), `newlines` read but not yet
//!   written, `space` (whitespace came before this character), `bol` (the output is at the
//!   beginning of a line), `brace` (a `{` waiting for the next character to say whether it
//!   opens a block or starts a word like `{$PORT}`);
//! - lexer view: `token_start`, `carry_escape`, `lt_token`, which say where Caddy's lexer
//!   starts a token, so quotes and heredocs open exactly where the lexer opens them;
//! - safety: `guard` (a `<<…` word must not end its line), `depth`/`unbalanced`/`would_split`
//!   (see below).
//!
//! There is one method per kind of character: `on_space`, `on_newline`, `on_open_brace`,
//! `on_close_brace`, `on_hash`, `on_backslash`, `on_quote`, `on_less_than`, `on_word`, and one
//! per verbatim mode (`comment`, `quoted`, `heredoc_marker`, `heredoc_body`). Whitespace is
//! never written when read: a word writes the newlines and the single space it needs in front
//! of itself (`start_token`), so trailing whitespace vanishes by construction.
//!
//! **Glued closing braces.** `caddy fmt` splits `c}` into `c` and a `}` on the next line, and
//! `}ghi` into `}`, a blank line and `ghi`. Caddy's lexer reads `c}` as one word, so in a file
//! whose braces balance this changes its meaning. [`format`] first formats with glued `}` kept
//! as text; if it met one that `caddy fmt` would split *and* the braces of the file do not
//! balance (a `}` closes nothing, or a block stays open), it formats again in `caddy fmt`'s
//! repair mode. Caddy's own vectors (`04-advanced-spacing`, `10-bad-nesting-too-many-close`,
//! `15-placeholders-and-malformed-braces`) are all of the second kind.
//!
//! # Differences from caddy fmt
//!
//! Each difference keeps the tokens Caddy's lexer reads where `caddy fmt` changes them, and
//! formats like `caddy fmt` otherwise.
//!
//! ## Shown by the corpus
//!
//! Of the 239 `adapt` inputs, HEAD's output changes the tokens of exactly one (compared token
//! by token with a model of HEAD's lexer; `acme_dns_naked_use_dns_defaults` only loses a blank
//! line, which shifts line numbers but keeps every token and every same-line relation):
//!
//! - **`heredoc_missing_marker`**: the line `    respond << ` ends with a space. The lexer
//!   reads `<<` as an ordinary word (a space after `<<` means "not a heredoc") and the next
//!   lines as directives. HEAD trims the space, and `<<` followed by a newline opens a heredoc
//!   with an empty marker, a lexer error. We keep one space after a `<<…` word that ends a
//!   line (`\trespond << `); all other lines are formatted like HEAD.
//!
//! ## Not in the corpus
//!
//! Found by reasoning from the reference, by running `caddy fmt` 2.6.2, and by comparing the
//! lexer's tokens before and after on generated inputs:
//!
//! - **Glued `}`** (`c}`, `}c`, `}}`, `}#c`): kept as text when the braces balance without
//!   splitting them (see above); `caddy fmt` always splits them.
//! - **`<<…` words**: a `<<EOF ` that ends its line keeps a trailing space (also before a `}`
//!   that `caddy fmt` moves to the next line), and a file that ends in a `<<…` word gets no
//!   final newline: in both cases a newline right after the word would open a heredoc. Tabs
//!   after `<<` stay part of the word, as in the lexer (`caddy fmt` turns them into a space).
//!   `<<EOF` followed by CRLF opens a heredoc, as in the lexer (`caddy fmt` needs LF).
//! - **Unterminated quote at the end of the file**: copied to the end as it is, without
//!   trimming and without a final newline (the lexer's token runs to the end of the file;
//!   `caddy fmt` adds a newline to it).
//! - **`{` at the end of the file**: written as a block opener (`a {`); `caddy fmt` drops it.
//!   **`{{`**: both braces are kept (`{{b}}`); `caddy fmt` drops the first.
//! - **Lone CR**: deleted, as the lexer does (`a\rb` is the word `ab`); `caddy fmt` treats it
//!   as a space (`a b`). CRLF line ends are unaffected (both drop the CR).
//! - **Backslash escapes**: laid out like any other word character. `caddy fmt` writes an
//!   escape without first writing pending newlines, indentation or a waiting `{`: a line
//!   starting with `\` is joined to the line before (`a` + newline + `\b c` → `a \b` +
//!   newline + `c`), the token after it can lose its space (`# c` + newline + `\x y` →
//!   ` \xy`), and `{\x` becomes `\x{`. We keep the line, the space and the brace.
//! - **Token starts**: like the lexer, a `"`, a `` ` `` or a `<<` right after a closing quote
//!   (`"a""b  c"`), after an escaped space, or after a leading BOM starts a quoted string or a
//!   heredoc; `caddy fmt` only starts them after whitespace. `caddy fmt` HEAD also opens a
//!   heredoc at `<` + whitespace + `<` and drops the space in `a< b`; we only open one where
//!   a token starts with `<<`, and keep the space.
//! - **Backticks**: no escapes inside `` `…` ``, as in the lexer (the corpus does not show
//!   what HEAD does with `` \` ``).
//!
//! # Limitations
//!
//! - The lexer quirk that `\"` at the start of a token opens a quoted string is not modelled:
//!   like `caddy fmt`, we treat `\"` as an escaped quote, and Caddy's vector
//!   `12-escaping-after-spaces` (`foo \"literal\"`, an unterminated quote to the lexer) needs
//!   that, final newline included.
//! - A heredoc body line like `EOFX` ends the heredoc for the lexer but not for `caddy fmt`
//!   (it needs whitespace after the marker); the rest is copied verbatim until a line with the
//!   marker and whitespace, as `caddy fmt` does. Only a marker followed by whitespace *inside a
//!   quoted string* of that verbatim stretch could then change a token.
//! - A BOM that is not the first character of the input (after leading whitespace) becomes the
//!   first character of the output, where the lexer drops it.
//! - Repair mode is `caddy fmt`'s: in a file whose braces do not balance, glued braces are
//!   split and the tokens change (`03-block-spacing` turns `a{` into `a {`; `a{` followed by
//!   whitespace is always a block opener, as in `caddy fmt`).

mod state;
#[cfg(test)]
mod tests;

use state::Formatter;

/// Formats a Caddyfile as `caddy fmt` does.
///
/// Never fails and never panics: text that does not parse is formatted too. The result ends
/// with exactly one newline (unless the file ends inside a quoted string or in a `<<…` word,
/// see the module docs), and formatting it again changes nothing.
///
/// # Example
///
/// ```
/// let input = "example.com{\n    reverse_proxy   app:8080\n\n\n}";
/// assert_eq!(
///     caddyfile_parser::format(input),
///     "example.com {\n\treverse_proxy app:8080\n}\n",
/// );
/// ```
pub fn format(input: &str) -> String {
    let faithful = Formatter::new(input, false).run();
    if faithful.needs_repair {
        Formatter::new(input, true).run().text
    } else {
        faithful.text
    }
}
