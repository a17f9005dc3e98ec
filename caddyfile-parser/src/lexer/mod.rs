//! The lossless lexer: `lex(text)` splits the input into [`Token`]s, trivia included, so that
//! concatenating every token's slice gives the input back.
//!
//! Token boundaries follow Caddy's own lexer (`caddyconfig/caddyfile/lexer.go`), so each
//! significant token (`Word`, `Quoted`, `Backtick`, `Heredoc`, `OpenBrace`, `CloseBrace`,
//! `Error`) is exactly one of Caddy's tokens; [`tokenize`] turns them into Caddy's values.

// grammar rules keep nom's `IResult` shape even where they cannot fail
#![allow(clippy::unnecessary_wraps)]

mod caddy;
mod heredoc;
#[cfg(test)]
mod tests;
mod value;

use nom::bytes::complete::take_till;
use nom::character::complete::char;
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};
use text_size::{TextRange, TextSize};

pub(crate) use caddy::{CaddyLines, lex_error, line_breaks};
pub use caddy::{CaddyToken, Quote, tokenize};
pub use value::token_value;
pub(crate) use value::value;

/// One lexed token: what it is and the bytes it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// The bytes of the input the token covers.
    pub range: TextRange,
    /// The problem Caddy would report for this token, if any.
    pub error: Option<LexError>,
}

/// The kind of a [`Token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A byte order mark (U+FEFF) at the start of the input; Caddy drops it.
    Bom,
    /// A run of whitespace other than a line feed (spaces, tabs, lone CRs, Unicode spaces).
    Whitespace,
    /// A line feed, with the CR before it when there is one.
    Newline,
    /// `#` at the start of a token, up to the end of the line (the CR of a CRLF excluded).
    Comment,
    /// A backslash that escapes the end of a line (the line feed is included), or the end of
    /// the input. Whitespace and a comment between the backslash and the line end are included.
    LineContinuation,
    /// An unquoted token. A CR inside it stays in its range (Caddy deletes it from the
    /// value without ending the token); a backslash and spaces leading it (`\ b`, which
    /// Caddy reads as `\b`) are in its range too.
    Word,
    /// A `"…"` token (possibly led by an escaping backslash).
    Quoted,
    /// A `` `…` `` token.
    Backtick,
    /// A `<<MARKER` heredoc, from `<<` to the end of the closing marker.
    Heredoc,
    /// An unquoted `{` standing alone.
    OpenBrace,
    /// An unquoted `}` standing alone.
    CloseBrace,
    /// A heredoc opener that Caddy rejects (`<<` with no marker, `<<<X`, an invalid marker).
    Error,
}

impl TokenKind {
    /// Returns `true` for tokens that carry no value for Caddy (whitespace, comments, …).
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            Self::Bom | Self::Whitespace | Self::Newline | Self::Comment | Self::LineContinuation
        )
    }
}

/// A problem the lexer found in a token. The token is still produced and lexing goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexError {
    /// A `"` or `` ` `` that is never closed: Caddy reads to the end of the input.
    UnclosedQuote,
    /// `<<` directly followed by the end of the line.
    HeredocMissingMarker,
    /// `<<<…` followed by the end of the line.
    HeredocTooManyAngles,
    /// A heredoc marker with characters other than `[A-Za-z0-9_-]`.
    HeredocInvalidMarker,
    /// A heredoc whose closing marker never comes.
    HeredocUnclosed,
    /// A heredoc body line that does not start with the closing marker's indentation.
    HeredocMismatchedIndent,
}

/// The lexer's nom error: where a grammar rule failed and what it expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexErr<'a> {
    input: &'a str,
    expected: Expected,
}

/// What a failing grammar rule expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    Newline,
    Whitespace,
    Comment,
    Nom(ErrorKind),
}

impl<'a> ParseError<&'a str> for LexErr<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        Self {
            input,
            expected: Expected::Nom(kind),
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

type LexResult<'a> = IResult<&'a str, (TokenKind, Option<LexError>), LexErr<'a>>;

fn fail(input: &str, expected: Expected) -> nom::Err<LexErr<'_>> {
    nom::Err::Error(LexErr { input, expected })
}

/// Splits `text` into tokens. Total: every byte is in exactly one token, and any input gives
/// tokens (problems are recorded in [`Token::error`]).
///
/// # Example
/// ```
/// use caddyfile_parser::{lex, TokenKind};
/// let kinds: Vec<_> = lex("a {\n}\n").iter().map(|t| t.kind).collect();
/// assert_eq!(kinds, [TokenKind::Word, TokenKind::Whitespace, TokenKind::OpenBrace,
///     TokenKind::Newline, TokenKind::CloseBrace, TokenKind::Newline]);
/// ```
pub fn lex(text: &str) -> Vec<Token> {
    // Its own loop rather than `Tokens` collected: the rest of the text stays in a register,
    // which keeps this loop a fifth faster.
    let mut tokens = Vec::with_capacity(text.len() / 3 + 1);
    let mut rest = text;
    if let Some((bom, after)) = bom(rest) {
        tokens.push(bom);
        rest = after;
    }
    while !rest.is_empty() {
        let (token, after) = next_token(text, rest);
        tokens.push(token);
        rest = after;
    }
    tokens
}

/// The byte order mark token at the start of `text`, if there is one, and the text after it.
fn bom(text: &str) -> Option<(Token, &str)> {
    let after = text.strip_prefix('\u{feff}')?;
    let token = Token {
        kind: TokenKind::Bom,
        range: TextRange::new(0.into(), TextSize::of('\u{feff}')),
        error: None,
    };
    Some((token, after))
}

/// The token at the start of `rest`, a non-empty tail of `text`, and the text after it.
#[allow(clippy::inline_always)] // see `token`
#[inline(always)]
fn next_token<'t>(text: &str, rest: &'t str) -> (Token, &'t str) {
    let start = text.len() - rest.len();
    let (after, (kind, error)) = match token(rest) {
        Ok(ok) => ok,
        // invariant: `token` accepts every non-empty input; keep totality even so.
        Err(_) => (
            &rest[rest.chars().next().map_or(1, char::len_utf8)..],
            (TokenKind::Error, None),
        ),
    };
    let end = text.len() - after.len();
    let token = Token {
        kind,
        range: TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32)),
        error,
    };
    (token, after)
}

/// The tokens of a text one at a time, as [`lex`] lists them: for readers that look at each
/// token once and need not hold them all (a large Caddyfile has hundreds of thousands).
///
/// # Example
/// ```
/// use caddyfile_parser::{Tokens, lex};
/// let text = "\u{feff}a {\n\tb \"c d\"\n}\n";
/// assert!(Tokens::new(text).eq(lex(text)));
/// assert_eq!(Tokens::new(text).map(|t| &text[t.range]).collect::<String>(), text);
/// ```
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    rest: &'t str,
}

impl<'t> Tokens<'t> {
    /// The tokens of `text`.
    pub fn new(text: &'t str) -> Self {
        Self { text, rest: text }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.rest.is_empty() {
            return None;
        }
        let at_start = self.rest.len() == self.text.len();
        let (token, after) = match bom(self.rest).filter(|_| at_start) {
            Some(bom) => bom,
            None => next_token(self.text, self.rest),
        };
        self.rest = after;
        Some(token)
    }
}

/// `token := newline | whitespace | comment | escaped | quoted | backtick | heredoc | word`
///
/// Dispatches on the first byte rather than trying the branches in turn with `alt`: the
/// first byte decides the branch, and this loop runs once per token. Every branch consumes
/// at least one byte. `word`, `quoted` and `whitespace` scan bytes with an ASCII fast path
/// (a char is decoded only for bytes >= 0x80): they carry most of the input.
// Inlined into both readers (`lex` and `Tokens`): called out of line, it makes lexing a
// fifth slower (criterion `lex_2mb`, 408 against 325 MiB/s).
#[allow(clippy::inline_always)]
#[inline(always)]
fn token(input: &str) -> LexResult<'_> {
    match input.as_bytes().first() {
        Some(b'\n') => newline(input),
        Some(b'\r') if input.as_bytes().get(1) == Some(&b'\n') => newline(input),
        Some(b'#') => comment(input),
        Some(b'"') => quoted(input, 1, false),
        Some(b'`') => backtick(input, 1),
        Some(b'\\') => escaped(input),
        Some(b'<') if input.as_bytes().get(1) == Some(&b'<') => heredoc::heredoc_or_word(input),
        Some(_) if starts_with_space(input) => whitespace(input),
        Some(_) => word(input, 0),
        None => Err(fail(input, Expected::Nom(ErrorKind::Eof))),
    }
}

/// Returns `true` if `c` is whitespace for Caddy (Go's `unicode.IsSpace`, the same set as
/// Rust's `char::is_whitespace`).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn starts_with_space(input: &str) -> bool {
    input.chars().next().is_some_and(is_space)
}

/// `newline := "\r"? "\n"`
///
/// Checked by hand: nom's `alt((tag("\r\n"), tag("\n")))` builds an error for every LF-only
/// newline and costs a fifth of the lexer's speed on a typical file.
fn newline(input: &str) -> LexResult<'_> {
    let n = if input.starts_with("\r\n") {
        2
    } else if input.starts_with('\n') {
        1
    } else {
        return Err(fail(input, Expected::Newline));
    };
    Ok((&input[n..], (TokenKind::Newline, None)))
}

/// `whitespace := (space except "\n")+`, stopping before the CR of a CRLF.
///
/// Caddy skips CRs outside quotes (`lexer.go`: "skip CR, we only care about LF"), so a lone
/// CR between tokens is whitespace.
fn whitespace(input: &str) -> LexResult<'_> {
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => break,
            b' ' | b'\t' | 0x0b | 0x0c | b'\r' => i += 1,
            b if b < 0x80 => break,
            _ => match input[i..].chars().next() {
                Some(c) if is_space(c) => i += c.len_utf8(),
                _ => break,
            },
        }
    }
    if i == 0 {
        return Err(fail(input, Expected::Whitespace));
    }
    Ok((&input[i..], (TokenKind::Whitespace, None)))
}

/// `comment := "#" (any char except "\n")*`, the CR of a CRLF excluded.
///
/// Caddy starts a comment only where a token starts (`lexer.go`: "comments must be at the
/// start of a token"), so `a#b` is one word. The dispatcher checks that.
fn comment(input: &str) -> LexResult<'_> {
    let (rest, _) =
        nom::sequence::preceded(char::<&str, LexErr<'_>>('#'), take_till(|c| c == '\n'))
            .parse(input)
            .map_err(|_: nom::Err<LexErr<'_>>| fail(input, Expected::Comment))?;
    let end = input.len() - rest.len();
    let end = if rest.starts_with('\n') && input[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    Ok((&input[end..], (TokenKind::Comment, None)))
}

/// `quoted := "\"" (("\\" any) | any except "\"")* "\""?`
///
/// Starts at byte `open + 1` of `input` (after the quote). A backslash escapes the next
/// character, which only matters for `\"`; Caddy keeps every other pair verbatim. When
/// `first_escaped`, the first character is escaped too (a `\"` opening, `lexer.go` quirk).
/// A quote never closed runs to the end of the input.
fn quoted(input: &str, open: usize, first_escaped: bool) -> LexResult<'_> {
    let bytes = input.as_bytes();
    let mut i = open;
    if first_escaped {
        i += char_len_at(input, i);
    }
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok((&input[i + 1..], (TokenKind::Quoted, None))),
            b'\\' => i += 1 + char_len_at(input, i + 1),
            _ => i += 1,
        }
    }
    Ok(("", (TokenKind::Quoted, Some(LexError::UnclosedQuote))))
}

/// ``backtick := "`" (any except "`")* "`"?`` — no escapes at all.
///
/// Starts at byte `open` of `input` (after the backtick; a leading escape is ignored, as
/// Caddy 2.6.2 does). A backtick never closed runs to the end of the input.
fn backtick(input: &str, open: usize) -> LexResult<'_> {
    // `str::find` on an ASCII char is a memchr: faster than nom's char-by-char `take_till`
    match input[open..].find('`') {
        Some(at) => Ok((&input[open + at + 1..], (TokenKind::Backtick, None))),
        None => Ok(("", (TokenKind::Backtick, Some(LexError::UnclosedQuote)))),
    }
}

/// Length in bytes of the char at byte `i` (0 at the end of the input).
fn char_len_at(input: &str, i: usize) -> usize {
    input
        .get(i..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8)
}

/// `escaped := "\\" space* (line-end | comment line-end | quoted | backtick | word)`
///
/// A backslash where a token would start. Caddy keeps its escape pending across spaces
/// (`a \ b` gives `\b`), lets it escape a line feed even after a comment (`\#c` + LF joins
/// the lines), suppresses a heredoc for `\<<`, and makes the first char of a quote escaped.
fn escaped(input: &str) -> LexResult<'_> {
    let bytes = input.as_bytes();
    let mut i = 1;
    loop {
        match bytes.get(i) {
            None => return Ok(("", (TokenKind::LineContinuation, None))),
            Some(b'\n') => return Ok((&input[i + 1..], (TokenKind::LineContinuation, None))),
            Some(b'#') => {
                return match input[i..].find('\n') {
                    Some(at) => Ok((&input[i + at + 1..], (TokenKind::LineContinuation, None))),
                    None => Ok(("", (TokenKind::LineContinuation, None))),
                };
            }
            Some(b'"') => return quoted(input, i + 1, true),
            Some(b'`') => return backtick(input, i + 1),
            Some(_) => {
                let c = input[i..].chars().next().unwrap_or('\0');
                if is_space(c) {
                    i += c.len_utf8();
                } else {
                    // the escaped char is taken whatever it is (`\<`, `\\`, `\{`)
                    return word(input, i + c.len_utf8());
                }
            }
        }
    }
}

/// `word := (char except space | "\r"+ char except space | "\\" char)+`
///
/// Scans from byte `from` to the end of an unquoted token. CRs inside a word are part of it
/// (Caddy deletes them without ending the token); trailing CRs are not. A backslash before a
/// line feed is left out: it starts a [`TokenKind::LineContinuation`]. A lone `{`/`}` is a brace.
fn word(input: &str, from: usize) -> LexResult<'_> {
    let bytes = input.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c => break,
            b'\r' => {
                let j = skip_cr(bytes, i);
                if j < bytes.len() && !starts_with_space(&input[j..]) {
                    i = j;
                } else {
                    break;
                }
            }
            b'\\' => {
                let j = skip_cr(bytes, i + 1);
                match bytes.get(j) {
                    Some(b'\n') => break,
                    None => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        if starts_with_space(&input[j..]) {
                            i += 1;
                            break;
                        }
                        i = j + char_len_at(input, j);
                    }
                }
            }
            b if b < 0x80 => i += 1,
            _ => {
                let c = input[i..].chars().next().unwrap_or('\0');
                if is_space(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
    }
    let kind = match &input[..i] {
        "{" => TokenKind::OpenBrace,
        "}" => TokenKind::CloseBrace,
        _ => TokenKind::Word,
    };
    Ok((&input[i..], (kind, None)))
}

fn skip_cr(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    i
}
