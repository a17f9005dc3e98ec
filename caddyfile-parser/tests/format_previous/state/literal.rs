//! The literal modes: comments, quoted strings and heredocs, copied as they are.

use super::{Formatter, Mode};

impl Formatter<'_> {
    /// Copies a comment up to and including its newline.
    pub(super) fn comment(&mut self) {
        let rest = &self.src[self.pos..];
        let Some(len) = rest.find('\n') else {
            self.out.push_str(rest);
            self.pos = self.src.len();
            return;
        };
        self.out.push_str(&rest[..len]);
        self.pos += len + 1;
        self.mode = Mode::Normal;
        self.verbatim_line = false;
        // caddy: the comment's newline is written at once and not counted, so up to two blank
        // lines may follow a comment.
        self.newline();
        self.space = true;
        self.token_start = true;
        self.carry_escape = false;
    }

    /// Copies quoted text up to and including the closing quote.
    pub(super) fn quoted(&mut self, quote: u8) {
        let rest = &self.src.as_bytes()[self.pos..];
        let stop = rest
            .iter()
            .position(|&b| b == quote || (quote == b'"' && b == b'\\'));
        let Some(len) = stop else {
            self.out.push_str(&self.src[self.pos..]);
            self.pos = self.src.len();
            return;
        };
        let end = self.pos + len + 1;
        if rest[..len].contains(&b'\n') {
            self.verbatim_line = false;
        }
        self.out.push_str(&self.src[self.pos..end]);
        self.pos = end;
        if rest[len] == b'\\' {
            // `\"` and `\\` inside double quotes: the escaped character is copied too.
            if let Some(ch) = self.src[end..].chars().next() {
                self.out.push(ch);
                self.pos += ch.len_utf8();
            }
        } else {
            // The lexer ends the token at the closing quote; `caddy fmt` adds no space after it.
            self.mode = Mode::Normal;
            self.token_start = true;
        }
    }

    /// Reads the heredoc marker after `<<`, as the lexer does: up to a space (then `<<…` was
    /// an ordinary word) or a newline (then it opens a heredoc if the marker is valid).
    pub(super) fn heredoc_marker(&mut self) {
        match self.src.as_bytes()[self.pos] {
            b' ' => {
                self.mode = Mode::Normal;
                self.guard = true;
            }
            b'\n' => {
                self.pos += 1;
                self.verbatim_line = false;
                self.mode = if is_heredoc_marker(&self.out[self.marker.clone()]) {
                    self.out.push('\n');
                    self.body_line = self.pos;
                    Mode::HeredocBody
                } else {
                    // caddy: an invalid marker's newline is written at once, not counted.
                    self.newline();
                    self.space = true;
                    self.token_start = true;
                    self.carry_escape = false;
                    Mode::Normal
                };
            }
            // caddy's lexer skips CR here (`<<EOF\r\n` opens a heredoc); `caddy fmt` does not.
            b'\r' => self.pos += 1,
            // Tabs and other whitespace stay in the word, as in the lexer.
            _ => {
                let ch = self.char_at(self.pos);
                self.out.push(ch);
                self.pos += ch.len_utf8();
                self.marker.end = self.out.len();
            }
        }
    }

    /// Copies a heredoc body verbatim. It ends at whitespace that follows the marker on the
    /// same line; that whitespace is then read in [`Mode::Normal`] (`EOF 200` stays one line).
    pub(super) fn heredoc_body(&mut self) {
        let start = self.pos;
        let marker = self.out[self.marker.clone()].as_bytes();
        let mut closed_at = None;
        for (offset, ch) in self.src[start..].char_indices() {
            let at = start + offset;
            if ch.is_whitespace() && self.src.as_bytes()[self.body_line..at].ends_with(marker) {
                closed_at = Some(at);
                break;
            }
            if ch == '\n' {
                self.body_line = at + 1;
            }
        }
        let end = closed_at.unwrap_or(self.src.len());
        self.out.push_str(&self.src[start..end]);
        self.pos = end;
        if closed_at.is_some() {
            // The whitespace after the marker is read again in normal mode. It separates the
            // next token even when it is a CR, which normal mode drops: `caddy fmt` only sees
            // the end of a heredoc at a marker followed by whitespace.
            self.mode = Mode::Normal;
            self.space = true;
            self.token_start = true;
        }
    }
}

/// `marker := [A-Za-z0-9_-]+`, the heredoc markers Caddy's lexer accepts.
fn is_heredoc_marker(marker: &str) -> bool {
    !marker.is_empty()
        && marker
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
