//! The value Caddy gives each kind of token: quotes removed, escapes applied, heredoc
//! padding stripped.
//!
//! Most values are a slice of the token (a bare word without escapes or CRs, a quoted
//! token without backslashes), so [`value`] borrows them and allocates only for the rest.

use std::borrow::Cow;

use super::heredoc::heredoc_value;
use super::{TokenKind, is_space};

/// Returns the text Caddy gives a token, from the token's kind and its slice of the input.
/// Trivia give an empty string.
///
/// # Example
/// ```
/// use caddyfile_parser::{token_value, TokenKind};
/// assert_eq!(token_value(TokenKind::Quoted, r#""a \"b\" c""#), r#"a "b" c"#);
/// assert_eq!(token_value(TokenKind::Word, "a\r\nb".split('\n').next().unwrap()), "a");
/// ```
pub fn token_value(kind: TokenKind, raw: &str) -> String {
    value(kind, raw).into_owned()
}

/// [`token_value`], borrowed from `raw` when the value is a slice of it.
pub(crate) fn value(kind: TokenKind, raw: &str) -> Cow<'_, str> {
    match kind {
        TokenKind::Word | TokenKind::OpenBrace | TokenKind::CloseBrace => word_value(raw),
        TokenKind::Quoted => quoted_value(raw),
        TokenKind::Backtick => Cow::Borrowed(backtick_value(raw)),
        TokenKind::Heredoc => Cow::Owned(heredoc_value(raw)),
        TokenKind::Error => without_cr(raw),
        TokenKind::Bom
        | TokenKind::Whitespace
        | TokenKind::Newline
        | TokenKind::Comment
        | TokenKind::LineContinuation => Cow::Borrowed(""),
    }
}

/// `raw` with its CRs deleted (borrowed when it has none).
fn without_cr(raw: &str) -> Cow<'_, str> {
    if raw.contains('\r') {
        Cow::Owned(raw.replace('\r', ""))
    } else {
        Cow::Borrowed(raw)
    }
}

/// An unquoted token: CRs deleted; `\<` gives `<`; any other escaped char keeps its
/// backslash; a backslash escaping nothing (end of token) vanishes. A word starting `<<` is
/// a heredoc opener that met a space: Caddy copies it verbatim (minus CRs).
fn word_value(raw: &str) -> Cow<'_, str> {
    if raw.starts_with("<<") {
        return without_cr(raw);
    }
    if !raw.contains(['\\', '\r']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut escaped = false;
    for c in raw.chars() {
        if c == '\r' {
            continue;
        }
        if escaped {
            if is_space(c) {
                // a backslash standing alone keeps its escape across spaces (`\ b` → `\b`)
                continue;
            }
            escaped = false;
            if c != '<' {
                out.push('\\');
            }
            out.push(c);
        } else if c == '\\' {
            escaped = true;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A `"…"` token: `\"` gives `"`, every other backslash pair is kept verbatim, CRs and line
/// feeds are kept. A leading escaping backslash (`\"x"`) escapes the first char inside.
/// An unclosed quote runs to the end of the input.
fn quoted_value(raw: &str) -> Cow<'_, str> {
    let (mut escaped, inner) = match raw.find('"') {
        Some(open) => (raw.starts_with('\\'), &raw[open + 1..]),
        None => (false, raw),
    };
    if !escaped {
        // without a backslash the value is everything up to the closing quote
        let end = inner.find(['"', '\\']).unwrap_or(inner.len());
        if inner.as_bytes().get(end) != Some(&b'\\') {
            return Cow::Borrowed(&inner[..end]);
        }
    }
    let mut out = String::with_capacity(inner.len());
    for c in inner.chars() {
        if escaped {
            escaped = false;
            if c != '"' {
                out.push('\\');
            }
            out.push(c);
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            break;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A `` `…` `` token: everything between the backticks, verbatim.
fn backtick_value(raw: &str) -> &str {
    let inner = raw.find('`').map_or(raw, |open| &raw[open + 1..]);
    inner.strip_suffix('`').unwrap_or(inner)
}
