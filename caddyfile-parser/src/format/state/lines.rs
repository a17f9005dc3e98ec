//! The fast path: whole lines in a simple form, laid out without going through the character
//! methods.
//!
//! Most lines of a Caddyfile are indentation followed by one of: plain words and `"…"`
//! strings separated by single spaces (perhaps ending in ` {`), a lone `}`, or a comment.
//! For those, what the character methods would do is known in advance, so
//! [`Formatter::simple_lines`] works it out line by line, with the state it needs kept in
//! locals, and stores the state the methods would have left when it stops. A line it does
//! not recognise ends the fast path *before* that line, so the character methods read it,
//! starting from exactly the state they would have reached on their own.
//!
//! Output is copied from the input wherever they agree: a line whose indentation and
//! preceding newlines already are what would be written extends the current stretch of
//! input, and a file that is already formatted is copied with a single `push_str`.

use super::scan::{self, Blanks};
use super::{Brace, Formatter, LAYOUT, MAX_INDENT, WORD};

/// What a line handled by the fast path ended with: it decides the state left after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A word: a token that ended at a plain word character.
    Word,
    /// A `"…"` string: the lexer starts a token right after it.
    Quote,
    /// ` {`: a block opener waiting for the next token (`Brace::Pending`).
    Open,
    /// A `}` that closed a block.
    Close,
    /// A comment, with its newline written.
    Comment,
}

impl Formatter<'_> {
    /// Handles the lines in a simple form that start at `self.pos`, a whitespace character in
    /// [`super::Mode::Normal`] outside a verbatim line, and leaves the state the character
    /// methods would have left after them. Does nothing if the first line is not simple.
    // Not inlined into `run`: its loop keeps its own state in registers.
    #[inline(never)]
    pub(super) fn simple_lines(&mut self) {
        if self.newlines != 0 || self.guard {
            return;
        }
        // A `{` waiting at the end of the previous line (` {`, the space already written) is
        // written like the next token writes it: `{` and a newline, nothing else.
        let mut pending = match self.brace {
            Brace::None | Brace::InWord => false,
            Brace::Pending {
                newlines_before: 0,
                in_word: false,
            } if !self.bol && self.out.ends_with(' ') => true,
            Brace::Pending { .. } => return,
        };
        let src = self.src;
        let bytes = src.as_bytes();
        // The state as of the end of the last line handled, in locals.
        let mut pos = self.pos;
        let mut nesting = self.nesting;
        let mut depth = self.depth;
        let mut bol = self.bol;
        let mut ends_newline = self.out.ends_with('\n');
        let mut brace_reset = false;
        let mut last = None;
        // Input text equal to the output not written yet.
        let mut copy = pos..pos;
        // The last line was laid out already.
        let mut formatted = false;
        loop {
            // The whitespace before the token. It is the layout `"\n" * newlines + "\t" * tabs`
            // if it has no space and nothing but newlines before its last line.
            let start = pos;
            let Blanks {
                end: at,
                newlines,
                line,
                spaces,
            } = scan::blanks(bytes, start, formatted);
            let Some(&first) = bytes.get(at) else { break };
            // The token must start one: whitespace before it, or the newline of a comment.
            if at == start && last != Some(End::Comment) {
                break;
            }
            // Opening a waiting `{` (in `take_space`) writes `{` and a newline, and drops the
            // newlines read after it.
            let (mut level, mut open) = (nesting, depth);
            let (mut at_line_start, mut out_newline, mut newlines_left) =
                (bol && ends_newline, ends_newline, newlines);
            if pending {
                if level < MAX_INDENT {
                    level += 1;
                }
                open += 1;
                (at_line_start, out_newline, newlines_left) = (true, true, 0);
            }
            // The token, and the newlines written before its indentation.
            let (written, token_end, end) = if first == b'}' {
                // `on_close_brace` on a standalone `}` that closes: `close_block`.
                if open == 0 || !matches!(bytes.get(at + 1), Some(b' ' | b'\t' | b'\n')) {
                    break;
                }
                level = level.saturating_sub(1);
                open -= 1;
                (usize::from(!out_newline), at + 1, End::Close)
            } else {
                // `start_token` at the start of a line: the newlines read (at most two), or
                // none right after a newline was written.
                let written = match newlines_left {
                    0 if at_line_start => 0,
                    0 => break,
                    n => n.min(2),
                };
                let (token_end, end) = if first == b'#' {
                    // `comment`: up to and including its newline.
                    let Some(len) = src[at..].find('\n') else {
                        break;
                    };
                    (at + len + 1, End::Comment)
                } else if first == b'"' || WORD[usize::from(first)] {
                    let Some(tokens) = simple_tokens(bytes, at) else {
                        break;
                    };
                    tokens
                } else {
                    break;
                };
                (written, token_end, end)
            };
            // Write the layout before the token (after the `{` and newline of a waiting
            // opener), or take it from the input where they agree.
            let brace = usize::from(pending);
            let written = written + brace;
            let in_place = !spaces
                && line - start == newlines
                && newlines == written
                && at - line == level
                && if copy.is_empty() {
                    !pending || bytes.get(start.wrapping_sub(1)) == Some(&b'{')
                } else {
                    copy.end + brace == start
                };
            formatted = in_place;
            if in_place {
                if copy.is_empty() {
                    copy.start = start - brace;
                }
            } else {
                self.out.push_str(&src[copy]);
                if pending {
                    self.out.push('{');
                }
                self.out.push_str(&LAYOUT[2 - written..2 + level]);
                copy = at..at;
            }
            copy.end = token_end;
            // After ` {`, the `{` is read but not written.
            pos = token_end + usize::from(end == End::Open);
            nesting = level;
            depth = open;
            brace_reset |= pending || end == End::Close;
            pending = end == End::Open;
            (bol, ends_newline) = match end {
                End::Word | End::Quote | End::Open => (false, false),
                End::Close => (true, false),
                End::Comment => (true, true),
            };
            last = Some(end);
        }
        let Some(end) = last else { return };
        self.out.push_str(&src[copy]);
        self.pos = pos;
        self.nesting = nesting;
        self.depth = depth;
        if pending {
            self.brace = Brace::Pending {
                newlines_before: 0,
                in_word: false,
            };
        } else if brace_reset {
            self.brace = Brace::None;
        }
        self.bol = bol;
        self.newlines = 0;
        self.kept_close = false;
        self.carry_escape = false;
        self.lt_token = false;
        (self.space, self.token_start) = match end {
            End::Word | End::Open => (false, false),
            End::Quote | End::Close => (false, true),
            End::Comment => (true, true),
        };
    }
}

/// Reads the tokens of a line from `at`, a word character or `"`: plain words and `"…"`
/// strings (without `\` or a newline inside), separated by single spaces, perhaps followed
/// by ` {` and whitespace. Returns where the text written for them ends (after the space
/// before `{`, which is read but not written yet) and how they end, or `None` if the line
/// is not like that.
#[inline]
fn simple_tokens(bytes: &[u8], mut at: usize) -> Option<(usize, End)> {
    loop {
        let (end, kind) = if bytes.get(at) == Some(&b'"') {
            // `on_quote` at a token start and `quoted`, which ends at the closing quote.
            let len = bytes
                .get(at + 1..)?
                .iter()
                .position(|&b| matches!(b, b'"' | b'\\' | b'\n'))?;
            let close = at + 1 + len;
            if bytes.get(close) != Some(&b'"') {
                return None;
            }
            // The lexer starts a token right after the quote; a single space before the next
            // token is what `start_token` writes.
            let end = close + 1;
            if bytes.get(end) != Some(&b' ') {
                return Some((end, End::Quote));
            }
            (end + 1, End::Quote)
        } else {
            // `on_word`, which copies the word and what follows a single space.
            let end = scan::words(bytes, at);
            if bytes.get(end - 1) != Some(&b' ') {
                return Some((end, End::Word));
            }
            (end, End::Word)
        };
        // `end` follows a single space after the last token: a next token continues the
        // line, ` {` and whitespace ends it with an opener, and anything else ends it before
        // the space, where the character methods take over (they read whitespace there).
        match bytes.get(end) {
            Some(b'{') if matches!(bytes.get(end + 1), Some(b' ' | b'\t' | b'\n')) => {
                return Some((end, End::Open));
            }
            Some(&b) if b == b'"' || WORD[usize::from(b)] => at = end,
            _ => return Some((end - 1, kind)),
        }
    }
}
