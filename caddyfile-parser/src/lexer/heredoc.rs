//! Heredocs: `<<MARKER` + line feed, a body, and the closing `MARKER`.
//!
//! Behaviour copied from Caddy (absent in 2.6.2, added in v2.7.0; see
//! `reference/caddyfile.md` §1): the opener is an unquoted token starting `<<` that reaches
//! the end of its line without a space; the body ends as soon as it ends with the marker
//! (anywhere, even mid-line); the text between the last line feed and the closing marker is
//! the padding every non-empty body line must start with.

use super::{LexError, LexResult, TokenKind};

/// `heredoc := "<<" marker "\r"* "\n" body marker`, or a plain word when a space comes
/// before the line end.
///
/// While reading the opener Caddy takes every char except a space (which ends the token) or
/// a line feed (which completes the opener); CRs are skipped. An opener Caddy rejects
/// becomes an [`TokenKind::Error`] token that stops before the line end, and lexing goes on
/// on the next line.
pub(super) fn heredoc_or_word(input: &str) -> LexResult<'_> {
    let bytes = input.as_bytes();
    let mut i = 2;
    while i < bytes.len() && bytes[i] != b' ' && bytes[i] != b'\n' {
        i += 1;
    }
    // trailing CRs are not part of the opener (they are skipped by Caddy)
    let mut end = i;
    while end > 2 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    if bytes.get(i) != Some(&b'\n') {
        return Ok((&input[end..], (TokenKind::Word, None)));
    }
    let marker_raw = &input[2..end];
    if let Some(problem) = opener_problem(marker_raw) {
        return Ok((&input[end..], (TokenKind::Error, Some(problem))));
    }
    let body_start = i + 1;
    let body = &input[body_start..];
    // `input[2..end]` is checked to be ASCII marker chars, but CRs may sit inside it
    let marker: String = marker_raw.chars().filter(|&c| c != '\r').collect();
    match body.find(marker.as_str()) {
        Some(at) => {
            let close = body_start + at + marker.len();
            let error = mismatched_line(&input[body_start..close], &marker)
                .map(|_| LexError::HeredocMismatchedIndent);
            Ok((&input[close..], (TokenKind::Heredoc, error)))
        }
        None => Ok(("", (TokenKind::Heredoc, Some(LexError::HeredocUnclosed)))),
    }
}

/// Checks an opener's marker (the text after `<<`, CRs not yet removed).
fn opener_problem(marker_raw: &str) -> Option<LexError> {
    let marker: String = marker_raw.chars().filter(|&c| c != '\r').collect();
    if marker.is_empty() {
        Some(LexError::HeredocMissingMarker)
    } else if marker.starts_with('<') {
        Some(LexError::HeredocTooManyAngles)
    } else if !marker
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Some(LexError::HeredocInvalidMarker)
    } else {
        None
    }
}

/// The marker of a heredoc token's raw text (`<<EOF\n…EOF` gives `EOF`), CRs removed.
pub(super) fn marker_of(raw: &str) -> String {
    let opener = raw.split('\n').next().unwrap_or("");
    opener
        .trim_start_matches("<<")
        .chars()
        .filter(|&c| c != '\r')
        .collect()
}

/// Splits a heredoc token's raw text into `(marker, body)`; the body runs from after the
/// opener's line feed to the end of the token (the closing marker included when present).
pub(super) fn split_heredoc(raw: &str) -> (String, &str) {
    let marker = marker_of(raw);
    let body = raw.find('\n').map_or("", |nl| &raw[nl + 1..]);
    (marker, body)
}

/// The padding and body lines of a closed heredoc body (`body` ends with the marker).
fn lines_and_padding<'b>(body: &'b str, marker: &str) -> (Vec<&'b str>, &'b str) {
    let content_end = body.len() - marker.len();
    let last_nl = body[..content_end].rfind('\n');
    let padding = match last_nl {
        Some(nl) => &body[nl + 1..content_end],
        None => &body[..content_end],
    };
    let lines = match last_nl {
        Some(nl) => body[..nl].split('\n').collect(),
        None => Vec::new(),
    };
    (lines, padding)
}

/// Index of the first non-empty body line that does not start with the padding.
pub(super) fn mismatched_line(body: &str, marker: &str) -> Option<(usize, String, String)> {
    let (lines, padding) = lines_and_padding(body, marker);
    lines.iter().enumerate().find_map(|(n, line)| {
        let blank = line.is_empty() || *line == "\r";
        (!blank && !line.starts_with(padding)).then(|| {
            (
                n,
                line.trim_end_matches(['\r', '\n']).to_owned(),
                padding.to_owned(),
            )
        })
    })
}

/// The value Caddy gives a closed heredoc: padding stripped from each line, CRs removed,
/// final line feed dropped. An unclosed body is returned as is (minus CRs).
pub(super) fn heredoc_value(raw: &str) -> String {
    let (marker, body) = split_heredoc(raw);
    if marker.is_empty() || !body.ends_with(marker.as_str()) {
        return body.replace('\r', "");
    }
    let (lines, padding) = lines_and_padding(body, &marker);
    let mut out = String::with_capacity(body.len());
    for line in lines {
        if line.is_empty() || line == "\r" {
            out.push('\n');
            continue;
        }
        let stripped = line.strip_prefix(padding).unwrap_or(line);
        out.extend(stripped.chars().filter(|&c| c != '\r'));
        out.push('\n');
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}
