//! The value Caddy gives each kind of token: quotes removed, escapes applied, heredoc
//! padding stripped.

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
    match kind {
        TokenKind::Word | TokenKind::OpenBrace | TokenKind::CloseBrace => word_value(raw),
        TokenKind::Quoted => quoted_value(raw),
        TokenKind::Backtick => backtick_value(raw),
        TokenKind::Heredoc => heredoc_value(raw),
        TokenKind::Error => raw.replace('\r', ""),
        TokenKind::Bom
        | TokenKind::Whitespace
        | TokenKind::Newline
        | TokenKind::Comment
        | TokenKind::LineContinuation => String::new(),
    }
}

/// An unquoted token: CRs deleted; `\<` gives `<`; any other escaped char keeps its
/// backslash; a backslash escaping nothing (end of token) vanishes. A word starting `<<` is
/// a heredoc opener that met a space: Caddy copies it verbatim (minus CRs).
fn word_value(raw: &str) -> String {
    if raw.starts_with("<<") {
        return raw.replace('\r', "");
    }
    if !raw.contains(['\\', '\r']) {
        return raw.to_owned();
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
    out
}

/// A `"…"` token: `\"` gives `"`, every other backslash pair is kept verbatim, CRs and line
/// feeds are kept. A leading escaping backslash (`\"x"`) escapes the first char inside.
/// An unclosed quote runs to the end of the input.
fn quoted_value(raw: &str) -> String {
    let (mut escaped, inner) = match raw.find('"') {
        Some(open) => (raw.starts_with('\\'), &raw[open + 1..]),
        None => (false, raw),
    };
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
    out
}

/// A `` `…` `` token: everything between the backticks, verbatim.
fn backtick_value(raw: &str) -> String {
    let inner = raw.find('`').map_or(raw, |open| &raw[open + 1..]);
    inner.strip_suffix('`').unwrap_or(inner).to_owned()
}
