//! The `caddy fmt` state machine: one [`Formatter`] value, one method per kind of character.
//!
//! The fields are the whole state. Layout (`nesting`, `newlines`, `space`, `bol`, `brace`)
//! follows what `caddy fmt` does; `token_start`, `carry_escape` and `lt_token` follow what
//! Caddy's *lexer* sees, so that quotes, backticks and heredocs start exactly where the lexer
//! starts them (see the module docs of [`super`] for why the two differ).

use std::ops::Range;

mod lines;
mod literal;
mod normal;
mod scan;

/// Indentation stops growing past this many levels (`caddy fmt` caps it the same way, so a
/// deeply nested file does not grow quadratically); closing braces still dedent.
const MAX_INDENT: usize = 10;

/// Two newlines and `MAX_INDENT` tabs: what goes before a token at the start of a line is a
/// slice of it (`&LAYOUT[2 - newlines..2 + nesting]`), written with one `push_str`.
const LAYOUT: &str = "\n\n\t\t\t\t\t\t\t\t\t\t";

/// `WORD[b]` is true for the ASCII bytes that simply continue a word: everything except
/// whitespace and the characters with a meaning of their own (`{`, `}`, `\`, `#`, `"`, `` ` ``,
/// `<`). Bytes from 0x80 up are false here: they are decoded and checked for Unicode
/// whitespace one character at a time.
static WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = true;
        byte += 1;
    }
    let special = b" \t\n\x0b\x0c\r{}\\#\"`<";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = false;
        i += 1;
    }
    table
};

/// What kind of text the next character belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Words, whitespace and braces: this is where layout happens.
    Normal,
    /// From `#` to the end of the line, copied verbatim.
    Comment,
    /// Inside `"…"` (with `\` escapes) or `` `…` `` (no escapes), copied verbatim.
    Quoted(u8),
    /// Right after `<<` at the start of a token: the heredoc marker, up to the end of the line.
    HeredocMarker,
    /// A heredoc body, copied verbatim until the marker followed by whitespace.
    HeredocBody,
}

/// The state of the last `{` read in [`Mode::Normal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    /// No `{` is waiting, and no word `{` was written since the last block opened.
    None,
    /// A `{` was read but not written: whitespace after it makes it a block opener, anything
    /// else makes it the first character of a word (`{$PORT}`, `{}`).
    Pending {
        /// Newlines read between the previous token and the `{`.
        newlines_before: usize,
        /// The `{` continues a word (`x{`): at the end of the file it stays part of it.
        in_word: bool,
    },
    /// A `{` was written as part of a word. Until the next block opens, a `}` glued to the text
    /// before it is text too (`foo{bar}`); `caddy fmt` behaves the same way.
    InWord,
}

/// The result of one pass over the input.
pub(super) struct Outcome {
    /// The formatted text.
    pub(super) text: String,
    /// The pass kept a glued `}` as text, but the file's braces do not balance: `caddy fmt`
    /// would split it, so the caller formats again in repair mode.
    pub(super) needs_repair: bool,
}

/// The formatter's state while it walks the input once, front to back.
pub(super) struct Formatter<'a> {
    /// The input, with leading whitespace removed.
    src: &'a str,
    /// Byte offset of the next character of `src` to read.
    pos: usize,
    /// The output so far; pre-sized, appended to only.
    out: String,
    /// What kind of text we are in.
    mode: Mode,
    /// Split a `}` glued to other text onto its own line, as `caddy fmt` does. Only used when
    /// the braces of the file do not balance without it.
    repair: bool,
    /// Whether lines already in simple form are copied by the fast path
    /// ([`Formatter::simple_lines`]); off only to test that it changes nothing.
    fast: bool,
    /// Indentation level, capped at [`MAX_INDENT`].
    nesting: usize,
    /// Open blocks, uncapped; used only to decide whether the braces balance.
    depth: usize,
    /// A `}` closed a block at depth 0.
    unbalanced: bool,
    /// A glued `}` was kept as text where `caddy fmt` would have split it.
    would_split: bool,
    /// Newlines read since the last token was written (written later, at most two).
    newlines: usize,
    /// The previous character read was whitespace (`caddy fmt`'s notion of a word gap).
    space: bool,
    /// The next character starts a token as Caddy's lexer sees it: after whitespace, at the
    /// start of the file, or right after a closing quote.
    token_start: bool,
    /// A `\` followed by whitespace escapes the first character of the next token in Caddy's
    /// lexer (so `\ <<EOF` is no heredoc). Cleared by a newline or by that character.
    carry_escape: bool,
    /// The output is at the beginning of a line (only indentation may follow).
    bol: bool,
    /// The last `{` read.
    brace: Brace,
    /// The last character written is a `<` that starts a token: a second `<` opens a heredoc.
    lt_token: bool,
    /// The last thing written is a `<<…` word that ended at a space: a newline right after it
    /// would turn it into a heredoc opener, so [`Self::newline`] keeps one space before it.
    guard: bool,
    /// The last character written is a glued `}` kept as text (see [`Self::on_close_brace`]).
    kept_close: bool,
    /// The rest of the line after a `#` inside a word is copied verbatim, as `caddy fmt` does,
    /// while quotes and heredocs still open where the lexer opens them.
    verbatim_line: bool,
    /// The heredoc marker, as a range of `out`.
    marker: Range<usize>,
    /// Offset in `src` where the current heredoc body line starts.
    body_line: usize,
}

impl<'a> Formatter<'a> {
    /// Prepares a pass over `input`. `repair` selects `caddy fmt`'s splitting of glued `}`.
    pub(super) fn new(input: &'a str, repair: bool, fast: bool) -> Self {
        // caddy: Format() trims the input with TrimSpace first. We trim only the start: trailing
        // whitespace inside an unterminated quote is part of its token (see `finish`).
        let src = input.trim_start_matches(char::is_whitespace);
        let mut formatter = Self {
            src,
            pos: 0,
            out: String::with_capacity(src.len() + src.len() / 16 + 16),
            mode: Mode::Normal,
            repair,
            fast,
            nesting: 0,
            depth: 0,
            unbalanced: false,
            would_split: false,
            newlines: 0,
            space: true,
            token_start: true,
            carry_escape: false,
            bol: true,
            brace: Brace::None,
            lt_token: false,
            guard: false,
            verbatim_line: false,
            kept_close: false,
            marker: 0..0,
            body_line: 0,
        };
        if src.starts_with('\u{feff}') {
            // `caddy fmt` writes a leading BOM like a word character; the lexer drops it, so
            // the first real character still starts a token.
            formatter.out.push('\u{feff}');
            formatter.pos = '\u{feff}'.len_utf8();
            formatter.space = false;
            formatter.bol = false;
        }
        formatter
    }

    /// Formats the whole input.
    pub(super) fn run(mut self) -> Outcome {
        while self.pos < self.src.len() {
            match self.mode {
                Mode::Normal => self.normal(),
                Mode::Comment => self.comment(),
                Mode::Quoted(quote) => self.quoted(quote),
                Mode::HeredocMarker => self.heredoc_marker(),
                Mode::HeredocBody => self.heredoc_body(),
            }
        }
        self.finish()
    }

    /// Reads the whitespace flag for a non-space character and opens a waiting block if
    /// whitespace separated it from the `{`.
    fn take_space(&mut self) -> bool {
        let space_prior = self.space;
        self.space = false;
        self.kept_close = false;
        self.token_start = false;
        self.carry_escape = false;
        self.lt_token = false;
        if space_prior && matches!(self.brace, Brace::Pending { .. }) {
            self.open_block();
        }
        space_prior
    }

    /// Writes what goes before a token: pending newlines (at most one blank line), the
    /// indentation or a single space, and a waiting `{` that turned out to start the word.
    fn start_token(&mut self, space_prior: bool) {
        let newlines = self.newlines.min(2);
        if newlines > 0 {
            self.newlines = 0;
            if self.guard {
                self.newline();
                self.out.push_str(&LAYOUT[3 - newlines..2 + self.nesting]);
            } else {
                self.out.push_str(&LAYOUT[2 - newlines..2 + self.nesting]);
            }
        } else if self.bol {
            self.indent();
            // caddy: a token on the same line as a top-level `}` starts a new block, after a
            // blank line (`}ghi` → `}`, blank, `ghi`).
            if self.nesting == 0 && self.out.ends_with('}') {
                self.out.push_str("\n\n");
            }
        } else if space_prior {
            self.out.push(' ');
        }
        if let Brace::Pending { .. } = self.brace {
            self.out.push('{');
            self.brace = Brace::InWord;
        }
        self.bol = false;
        self.guard = false;
        self.token_start = false;
        self.carry_escape = false;
        self.lt_token = false;
    }

    /// Writes a waiting `{` as a block opener: at the end of the current line, or alone on its
    /// line after a comment, after a top-level `}`, or after top-level `import` lines.
    fn open_block(&mut self) {
        let Brace::Pending {
            newlines_before, ..
        } = self.brace
        else {
            return;
        };
        self.brace = Brace::None;
        if self.nesting == 0 && self.out.ends_with('}') {
            self.newline();
            self.newline();
        }
        if self.bol {
            self.indent();
        } else if self.nesting == 0 && newlines_before == 1 && self.line_is_import() {
            // caddy HEAD (v2.11.3+): a `{` on the line after a top-level `import` stays there,
            // so global options are not glued to the import.
            self.newline();
        } else if !self.out.ends_with(' ') {
            self.guard = false;
            self.out.push(' ');
        }
        self.out.push('{');
        self.newline();
        self.newlines = 0;
        if self.nesting < MAX_INDENT {
            self.nesting += 1;
        }
        self.depth += 1;
    }

    /// Writes a `}` on its own line, one level out.
    fn close_block(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
        match self.depth.checked_sub(1) {
            Some(depth) => self.depth = depth,
            None => self.unbalanced = true,
        }
        if self.out.ends_with('\n') {
            self.indent();
        } else if self.guard {
            self.newline();
            self.indent();
        } else {
            self.out.push_str(&LAYOUT[1..2 + self.nesting]);
        }
        self.out.push('}');
        self.newlines = 0;
        // Like after the newline above: a token on the same line is set apart (`}\tc`, or a
        // blank line at the top level). After a continuation `caddy fmt` glues it instead.
        self.bol = true;
        // Whatever follows goes after a newline or a tab: it starts a token in the output, so
        // it must here too, or formatting the output again would open a quote `caddy fmt`
        // did not see.
        self.token_start = true;
        // `caddy fmt` keeps a word `{` open across the `}`, so a second glued `}` is text that
        // lands on a line of its own, where the next pass closes with it: not idempotent.
        self.brace = Brace::None;
    }

    /// Ends the output: opens a `{` still waiting, trims, and adds the final newline unless
    /// that newline would change the last token.
    fn finish(mut self) -> Outcome {
        if self.mode == Mode::Normal {
            // `caddy fmt` drops a `{` at the very end; we keep it, as part of the word it ends
            // (`x{`) or as a block opener.
            if let Brace::Pending { in_word: true, .. } = self.brace {
                self.out.push('{');
                self.brace = Brace::InWord;
            }
            self.open_block();
        }
        // An unterminated quote runs to the end of the file in the lexer, and a final `<<…`
        // word followed by a newline would open a heredoc: leave the end of those alone.
        let literal_end = matches!(self.mode, Mode::Quoted(_) | Mode::HeredocMarker);
        if !literal_end {
            let trimmed = self.out.trim_end_matches(char::is_whitespace).len();
            self.out.truncate(trimmed);
            if !self.guard {
                self.out.push('\n');
            }
        }
        let leading = self.out.len() - self.out.trim_start_matches(char::is_whitespace).len();
        if leading > 0 {
            self.out.drain(..leading);
        }
        if self.out.is_empty() {
            self.out.push('\n');
        }
        Outcome {
            needs_repair: !self.repair && self.would_split && (self.unbalanced || self.depth > 0),
            text: self.out,
        }
    }

    /// Writes a newline, keeping a space after a guarded `<<…` word.
    fn newline(&mut self) {
        if self.guard && !self.out.ends_with(' ') {
            self.out.push(' ');
        }
        self.guard = false;
        self.out.push('\n');
        self.bol = true;
    }

    /// Writes one tab per nesting level.
    fn indent(&mut self) {
        self.out.push_str(&LAYOUT[2..2 + self.nesting]);
    }

    /// Whether the current output line is a top-level `import` line.
    fn line_is_import(&self) -> bool {
        let line_start = self.out.rfind('\n').map_or(0, |newline| newline + 1);
        self.out[line_start..]
            .strip_prefix("import")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    }

    /// Whether the lexer ends a token at `at`: at whitespace, at the end of the file, or at a
    /// `\` before either (the backslash vanishes there). CRs are skipped, as the lexer does.
    fn next_is_space_or_eof(&self, at: usize) -> bool {
        match self.src.as_bytes().get(at) {
            None | Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c) => return true,
            Some(&byte) if WORD[usize::from(byte)] => return false,
            _ => {}
        }
        let rest = self.src[at..].trim_start_matches('\r');
        let rest = rest
            .strip_prefix('\\')
            .map_or(rest, |rest| rest.trim_start_matches('\r'));
        rest.chars().next().is_none_or(char::is_whitespace)
    }

    /// The character starting at byte `at`, which is always a character boundary.
    fn char_at(&self, at: usize) -> char {
        self.src[at..].chars().next().unwrap_or('\0')
    }
}
