//! Caddy's own token view: values, quote kinds and line numbers as Caddy's lexer gives them.

use text_size::TextRange;

use super::heredoc::{marker_of, mismatched_line, split_heredoc};
use super::{LexError, Token, TokenKind, Tokens, token_value};
use crate::error::{SyntaxError, span};

/// How a token was quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Quote {
    /// Not quoted (also an unclosed quote, which Caddy reports as unquoted).
    #[default]
    None,
    /// `"…"`.
    Double,
    /// `` `…` ``.
    Backtick,
    /// `<<MARKER … MARKER`.
    Heredoc,
}

impl Quote {
    /// The quote kind of a lexed token.
    pub(crate) fn of(token: &Token) -> Self {
        if token.error == Some(LexError::UnclosedQuote) {
            return Self::None;
        }
        match token.kind {
            TokenKind::Quoted => Self::Double,
            TokenKind::Backtick => Self::Backtick,
            TokenKind::Heredoc => Self::Heredoc,
            _ => Self::None,
        }
    }
}

/// One token as Caddy's lexer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaddyToken {
    /// The value: quotes removed, escapes applied, heredoc padding stripped.
    pub text: String,
    /// How the token was quoted.
    pub quote: Quote,
    /// Caddy's line number: 1-based, line feeds only, continuation lines share a number.
    pub line: u32,
    /// The bytes of the input the token came from.
    pub range: TextRange,
}

impl CaddyToken {
    /// The number of line breaks Caddy counts in this token (line feeds in its value, plus
    /// two for a heredoc), used to tell whether the next token is on a new line.
    pub fn line_breaks(&self) -> u32 {
        line_breaks(&self.text, self.quote)
    }
}

/// Line breaks Caddy counts in a token of value `text`.
pub(crate) fn line_breaks(text: &str, quote: Quote) -> u32 {
    let newlines = text.bytes().filter(|&b| b == b'\n').count() as u32;
    newlines + if quote == Quote::Heredoc { 2 } else { 0 }
}

/// Tracks Caddy's line counter over lossless tokens.
///
/// Caddy counts line feeds, except that a line feed escaped by a line continuation is
/// counted only when the next unescaped line feed (or the end of a quoted token's line, or a
/// heredoc) comes, so continued lines share a number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CaddyLines {
    line: u32,
    skipped: u32,
}

impl CaddyLines {
    pub(crate) fn new() -> Self {
        Self {
            line: 1,
            skipped: 0,
        }
    }

    /// Moves past a token and returns the line Caddy gives it.
    pub(crate) fn advance(&mut self, kind: TokenKind, raw: &str) -> u32 {
        let at = self.line;
        match kind {
            TokenKind::Newline => {
                self.line += 1 + self.skipped;
                self.skipped = 0;
            }
            TokenKind::LineContinuation if raw.ends_with('\n') => self.skipped += 1,
            TokenKind::Quoted | TokenKind::Backtick => {
                for _ in raw.bytes().filter(|&b| b == b'\n') {
                    self.line += 1 + self.skipped;
                    self.skipped = 0;
                }
            }
            TokenKind::Heredoc => {
                self.skipped += raw.bytes().filter(|&b| b == b'\n').count() as u32;
                self.line += self.skipped;
                self.skipped = 0;
            }
            _ => {}
        }
        at
    }
}

/// Builds the error Caddy's lexer reports for `token` (at Caddy line `line`), if any.
/// `UnclosedQuote` is not a Caddy error; it is built too, for the parser.
pub(crate) fn lex_error(text: &str, token: &Token, line: u32) -> Option<SyntaxError> {
    let raw = &text[token.range];
    let span = span(token.range);
    Some(match token.error? {
        LexError::UnclosedQuote => SyntaxError::UnclosedQuote { span, line },
        LexError::HeredocMissingMarker => SyntaxError::HeredocMissingMarker { span, line },
        LexError::HeredocTooManyAngles => SyntaxError::HeredocTooManyAngles { span, line },
        LexError::HeredocInvalidMarker => SyntaxError::HeredocInvalidMarker {
            marker: marker_of(raw),
            span,
            line,
        },
        LexError::HeredocUnclosed => SyntaxError::HeredocUnclosed {
            marker: marker_of(raw),
            span,
            // Caddy reports the line it reached: the end of the input
            line: 1 + text.bytes().filter(|&b| b == b'\n').count() as u32,
        },
        LexError::HeredocMismatchedIndent => {
            let (marker, body) = split_heredoc(raw);
            let (n, text, padding) = mismatched_line(body, &marker)?;
            SyntaxError::HeredocMismatchedIndent {
                marker,
                text,
                padding,
                span,
                line: line + n as u32 + 1,
            }
        }
    })
}

/// Lexes `text` the way Caddy does and returns its tokens, or the first error Caddy's lexer
/// reports (heredoc problems; an unclosed quote is not one). No env substitution is done.
///
/// # Example
/// ```
/// use caddyfile_parser::{tokenize, Quote};
/// let tokens = tokenize("a \"b c\" \\\nd").unwrap();
/// let seen: Vec<_> = tokens.iter().map(|t| (t.text.as_str(), t.quote, t.line)).collect();
/// assert_eq!(seen, [("a", Quote::None, 1), ("b c", Quote::Double, 1), ("d", Quote::None, 1)]);
/// ```
pub fn tokenize(text: &str) -> Result<Vec<CaddyToken>, SyntaxError> {
    let mut lines = CaddyLines::new();
    let mut out = Vec::new();
    for token in Tokens::new(text) {
        let raw = &text[token.range];
        let line = lines.advance(token.kind, raw);
        if token.kind.is_trivia() {
            continue;
        }
        if token.error.is_some() && token.error != Some(LexError::UnclosedQuote) {
            if let Some(error) = lex_error(text, &token, line) {
                return Err(error);
            }
        }
        out.push(CaddyToken {
            text: token_value(token.kind, raw),
            quote: Quote::of(&token),
            line,
            range: token.range,
        });
    }
    Ok(out)
}
