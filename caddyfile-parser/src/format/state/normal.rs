//! Normal mode: words, whitespace, braces, and the characters that start the other modes.

use super::{Brace, Formatter, Mode, WORD};

impl Formatter<'_> {
    /// Dispatches one character (or one run of word characters) in [`Mode::Normal`].
    pub(super) fn normal(&mut self) {
        let byte = self.src.as_bytes()[self.pos];
        if self.verbatim_line {
            self.verbatim(byte);
            return;
        }
        match byte {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c => self.on_blanks(),
            // caddy: the lexer deletes CR outside quotes without ending the token, so `a\rb`
            // is the word `ab`, and CRLF files read like LF files. We drop it too.
            b'\r' => self.pos += 1,
            b'{' => self.on_open_brace(),
            b'}' => self.on_close_brace(),
            b'#' => self.on_hash(),
            b'\\' => self.on_backslash(),
            b'"' | b'`' => self.on_quote(byte),
            b'<' => self.on_less_than(),
            0x80.. => {
                let ch = self.char_at(self.pos);
                if ch.is_whitespace() {
                    self.pos += ch.len_utf8();
                    self.on_space();
                } else {
                    let space_prior = self.take_space();
                    self.on_word(space_prior);
                }
            }
            _ => {
                let space_prior = self.take_space();
                self.on_word(space_prior);
            }
        }
    }

    /// Dispatches one character of a verbatim line (after a `#` inside a word): whitespace and
    /// braces are copied as they are; quotes, escapes, heredocs and comments work as usual.
    fn verbatim(&mut self, byte: u8) {
        match byte {
            b'\n' => {
                self.pos += 1;
                self.verbatim_line = false;
                // caddy: like a comment's newline, written at once and not counted.
                self.newline();
                self.on_newline();
                self.newlines = 0;
            }
            b' ' | b'\t' | 0x0b | 0x0c | b'\r' => {
                self.out.push(char::from(byte));
                self.pos += 1;
                self.token_start = true;
                self.lt_token = false;
            }
            b'{' | b'}' => {
                // Not structural for `caddy fmt` here, but Caddy's lexer may read a block
                // brace: count it for the balance check only.
                if self.token_start && self.next_is_space_or_eof(self.pos + 1) {
                    if byte == b'{' {
                        self.depth += 1;
                    } else if let Some(depth) = self.depth.checked_sub(1) {
                        self.depth = depth;
                    } else {
                        self.unbalanced = true;
                    }
                }
                self.on_word(false);
            }
            b'#' if !self.token_start => self.on_word(false),
            b'#' => self.on_hash(),
            // caddy: the verbatim line ends at the newline, even after a backslash.
            b'\\' if self.src.as_bytes().get(self.pos + 1) == Some(&b'\n') => {
                self.out.push('\\');
                self.pos += 1;
            }
            b'\\' => self.on_backslash(),
            b'"' | b'`' => self.on_quote(byte),
            b'<' => self.on_less_than(),
            _ => {
                let ch = self.char_at(self.pos);
                if ch.is_whitespace() {
                    self.out.push(ch);
                    self.pos += ch.len_utf8();
                    self.token_start = true;
                    self.lt_token = false;
                } else {
                    let space_prior = self.take_space();
                    self.on_word(space_prior);
                }
            }
        }
    }

    /// A run of ASCII whitespace (CRs inside it dropped), read in one go: nothing is written,
    /// newlines are counted.
    fn on_blanks(&mut self) {
        if self.fast {
            self.simple_lines();
        }
        let bytes = self.src.as_bytes();
        if !matches!(
            bytes.get(self.pos),
            Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c)
        ) {
            // `simple_lines` stopped before a token, with the state it leaves.
            return;
        }
        let mut newlines = 0;
        while let Some(&byte) = bytes.get(self.pos) {
            match byte {
                b' ' | b'\t' | 0x0b | 0x0c | b'\r' => {}
                b'\n' => newlines += 1,
                _ => break,
            }
            self.pos += 1;
        }
        // The run starts with a blank (never with a CR): what `on_space` and, for each newline,
        // `on_newline` would set.
        self.on_space();
        if newlines > 0 {
            self.newlines += newlines;
            self.carry_escape = false;
        }
    }

    /// Whitespace other than a newline (Go's `unicode.IsSpace` is Rust's `char::is_whitespace`).
    fn on_space(&mut self) {
        self.space = true;
        self.token_start = true;
        self.lt_token = false;
    }

    /// A newline: counted now, written before the next token.
    fn on_newline(&mut self) {
        self.newlines += 1;
        self.space = true;
        self.token_start = true;
        self.carry_escape = false;
        self.lt_token = false;
    }

    /// `{`: decided by the next character (see [`Brace::Pending`]).
    fn on_open_brace(&mut self) {
        let in_word = !self.token_start;
        let after_kept_close = self.kept_close;
        let space_prior = self.take_space();
        self.pos += 1;
        let after_brace = after_kept_close
            || match self.brace {
                Brace::Pending { .. } => true,
                Brace::InWord => self.out.ends_with('{'),
                Brace::None => false,
            };
        if !space_prior && after_brace {
            // `{{`: both braces are text, so `{{` never opens a block. (`caddy fmt` drops the
            // first one, which changes the token.) Likewise `}{` after a `}` kept as text: an
            // opener there would leave the `}` alone on its line, to close a block next time.
            self.start_token(false);
            self.out.push('{');
            self.brace = Brace::InWord;
            return;
        }
        if space_prior && !self.bol && self.newlines == 0 {
            // caddy: the space before a `{` on the same line is written at once (HEAD does
            // not write it when the `{` is on a later line: no trailing space before `{$ENV}`).
            self.guard = false;
            self.out.push(' ');
        }
        self.brace = Brace::Pending {
            newlines_before: self.newlines,
            in_word,
        };
    }

    /// `}`: closes a block, or is text.
    fn on_close_brace(&mut self) {
        let standalone = self.token_start && self.next_is_space_or_eof(self.pos + 1);
        let space_prior = self.take_space();
        // caddy: a `}` closes a block when whitespace precedes it or no word `{` is open. We
        // also close at the start of a continuation line, which `caddy fmt` writes without
        // the space it read there (so the next pass would not close).
        let closes = space_prior
            || self.brace == Brace::None
            || (self.brace == Brace::InWord && self.out.ends_with("\\\n"));
        if closes && (standalone || self.repair) {
            self.pos += 1;
            self.close_block();
        } else {
            // A glued `}` (`c}`, `}c`) is text to Caddy's lexer. Keep it; if the braces of the
            // file then do not balance, `format` runs again with `repair` set.
            self.would_split |= closes;
            self.on_word(space_prior);
            self.kept_close = self.out.ends_with('}');
        }
    }

    /// `#`: at a token start, a comment that runs to the end of the line, copied verbatim.
    /// Inside a word the lexer reads `#` as text, but `caddy fmt` copies the rest of the line
    /// verbatim all the same (`e#f  g` keeps both spaces): a verbatim line.
    fn on_hash(&mut self) {
        let comment = self.token_start;
        let space_prior = self.take_space();
        self.start_token(space_prior);
        if comment {
            self.mode = Mode::Comment;
        } else {
            self.out.push('#');
            self.pos += 1;
            self.verbatim_line = true;
        }
    }

    /// `\`: the backslash and the character after it are copied as they are.
    fn on_backslash(&mut self) {
        let at_token_start = self.token_start;
        // `{\` + whitespace: the backslash vanishes and the lexer reads a block `{`.
        let lexer_opener = matches!(self.brace, Brace::Pending { in_word: false, .. })
            && !self.space
            && self.next_is_space_or_eof(self.pos);
        let space_prior = self.take_space();
        // `caddy fmt` writes an escape without flushing newlines or a waiting `{`, which can
        // join lines or move the brace; we lay it out like any other word character.
        self.start_token(space_prior);
        if lexer_opener {
            // Written as text, like `caddy fmt` would not open a block there either; counted
            // for the balance check.
            self.depth += 1;
        }
        self.out.push('\\');
        self.pos += 1;
        let next = self.src.as_bytes().get(self.pos).copied();
        if at_token_start && matches!(next, Some(b'#' | b'`')) {
            // caddy: the lexer still starts a comment at `\#` and a backtick string at `\``
            // when they begin a token. (`\"` is not modelled: see Limitations.)
            if next == Some(b'#') {
                self.mode = Mode::Comment;
            } else {
                self.out.push('`');
                self.pos += 1;
                self.mode = Mode::Quoted(b'`');
            }
            return;
        }
        if let Some(ch) = self.src[self.pos..].chars().next() {
            self.out.push(ch);
            self.pos += ch.len_utf8();
            if ch == '\n' {
                // Line continuation: the token ends; the next line gets one space, no indent.
                self.token_start = true;
            } else if ch != '\r' && ch.is_whitespace() {
                self.token_start = true;
                self.carry_escape = true;
            }
        }
    }

    /// `"` or `` ` ``: opens a quoted token at a token start; inside a word it is text.
    fn on_quote(&mut self, quote: u8) {
        let at_token_start = self.token_start;
        let space_prior = self.take_space();
        if at_token_start {
            self.start_token(space_prior);
            self.out.push(char::from(quote));
            self.pos += 1;
            self.mode = Mode::Quoted(quote);
        } else {
            self.on_word(space_prior);
        }
    }

    /// `<`: a second `<` right after a `<` that starts a token opens a heredoc.
    fn on_less_than(&mut self) {
        if self.lt_token {
            self.lt_token = false;
            self.out.push('<');
            self.pos += 1;
            self.mode = Mode::HeredocMarker;
            self.marker = self.out.len()..self.out.len();
            return;
        }
        let starts_heredoc = self.token_start && !self.carry_escape;
        let space_prior = self.take_space();
        self.start_token(space_prior);
        self.out.push('<');
        self.pos += 1;
        self.lt_token = starts_heredoc;
    }

    /// A run of word characters. The first character is taken whatever it is (the callers
    /// decided it is text); the run stops before whitespace or a special character.
    ///
    /// A single space followed by a plain word character does not stop it: the next word
    /// would be written after exactly one space, with nothing else to do (no newline is
    /// pending and no `{` is waiting after `start_token`), so it is copied with this one.
    fn on_word(&mut self, space_prior: bool) {
        self.start_token(space_prior);
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut end = start + self.char_at(start).len_utf8();
        let mut joined = false;
        loop {
            match bytes.get(end) {
                Some(&byte) if WORD[usize::from(byte)] => end += 1,
                Some(b' ')
                    if bytes
                        .get(end + 1)
                        .is_some_and(|&next| WORD[usize::from(next)]) =>
                {
                    end += 2;
                    joined = true;
                }
                Some(0x80..) => {
                    let ch = self.char_at(end);
                    if ch.is_whitespace() {
                        break;
                    }
                    end += ch.len_utf8();
                }
                _ => break,
            }
        }
        self.out.push_str(&self.src[start..end]);
        self.pos = end;
        if joined {
            // What reading the space and the next word's first character would have set.
            self.space = false;
            self.kept_close = false;
            self.token_start = false;
            self.carry_escape = false;
            self.lt_token = false;
        }
    }
}
