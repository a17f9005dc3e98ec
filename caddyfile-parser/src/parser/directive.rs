//! Blocks and directives: Caddy's `directives()` and `directive()` with error recovery.

use text_size::TextRange;

use super::{MAX_NESTING, Parser};
use crate::error::{SyntaxError, span};
use crate::syntax::{Block, Directive};

impl Parser<'_> {
    /// `block_contents := directive* "}"?` — directives up to the `}` that closes the block
    /// (returned) or the end of the input.
    ///
    /// `in_import`: the block is an `import`'s block, where Caddy reports a `{` line as an
    /// anonymous block.
    pub(super) fn block_contents(
        &mut self,
        depth: u32,
        in_import: bool,
    ) -> (Box<[Directive]>, Option<TextRange>) {
        let mut directives = Vec::new();
        let close = loop {
            match self.peek() {
                None => break None,
                Some(sig) if sig.is_close() => break Some(self.bump_range()),
                Some(_) => directives.push(self.directive(depth, in_import)),
            }
        };
        (directives.into_boxed_slice(), close)
    }

    /// `braced := "{" block_contents "}"`, the `{` already taken. `depth` is the nesting of
    /// the contents (0 for a server block's body).
    pub(super) fn braced_block(&mut self, open: TextRange, depth: u32, in_import: bool) -> Block {
        let (directives, close) = self.block_contents(depth, in_import);
        if close.is_none() {
            let last = self.sig.len().saturating_sub(1);
            let line = self.line_at(last);
            if depth == 0 {
                // Caddy: closeCurlyBrace at the end of the input
                let found = self.last_value.to_string();
                self.error(SyntaxError::UnexpectedToken {
                    found,
                    expected: '}',
                    span: span(open),
                    line,
                });
            } else {
                self.error(SyntaxError::UnexpectedEof {
                    span: span(open),
                    line,
                });
            }
        }
        let end = close
            .map(TextRange::end)
            .or_else(|| directives.last().map(|d| d.range().end()))
            .unwrap_or(open.end());
        Block::new(
            Some(open),
            close,
            directives,
            TextRange::new(open.start(), end),
        )
    }

    /// `directive := word+ ("{" block_contents "}")?` on one line (Caddy's line rules).
    ///
    /// Caddy's errors: a `{` followed by more on its line, a `{` starting a line, an unquoted
    /// `{}` ending a line, a `}` on a directive's line at the top nesting level.
    pub(super) fn directive(&mut self, depth: u32, in_import: bool) -> Directive {
        self.directive_line(depth, in_import, true)
    }

    /// [`Parser::directive`]; `brace_below`: take a `{` starting the next line as this
    /// directive's (misplaced) block. Not for a top-level `import`, after which such a `{`
    /// opens the next server block (global options after imported snippets).
    pub(super) fn directive_line(
        &mut self,
        depth: u32,
        in_import: bool,
        brace_below: bool,
    ) -> Directive {
        let mut words = Vec::new();
        let mut block = None;
        let starts_with_brace = self.peek().is_some_and(super::Sig::is_open);
        let starts_line = self.peek().is_some_and(|s| s.new_line);
        // after a nested block's `}` on the same line, Caddy's segment goes on: a `{` there
        // opens a block again
        let after_block = self.pos > 0 && self.sig[self.pos - 1].is_close();
        if starts_with_brace && (depth > 0 || starts_line || after_block) {
            // a line that starts with `{`: Caddy reads `{` as a directive name at the top
            // level and rejects it in nested blocks; either way it is an error, and the
            // block it opens is kept as this directive's
            if starts_line {
                self.misplaced_open_brace(in_import);
            } else {
                self.token_after_open_brace();
            }
            let word = self.bump_word();
            let open = word.range;
            words.push(word);
            block = Some(Box::new(self.nested_block(open, depth, false)));
        } else {
            // at the top level, a `{` right after the block's own `{` is a directive name
            // for Caddy; the unknown-directive check is a lint rule's
            words.push(self.bump_word());
            while self.peek().is_some() {
                // Caddy checks for `{` and `{}` before it looks for the end of the line
                self.empty_braces_at_line_end();
                let Some(sig) = self.peek() else { break };
                if sig.new_line {
                    if sig.is_open() && brace_below {
                        self.misplaced_open_brace(in_import);
                        let open = self.bump_range();
                        let is_import = words[0].value(self.text) == "import";
                        block = Some(Box::new(self.nested_block(open, depth, is_import)));
                    }
                    break;
                }
                if sig.is_open() {
                    self.token_after_open_brace();
                    let open = self.bump_range();
                    let is_import = words[0].value(self.text) == "import";
                    block = Some(Box::new(self.nested_block(open, depth, is_import)));
                    break;
                }
                if sig.is_close() {
                    if depth == 0 {
                        let (span, line) = self.where_at(self.pos);
                        self.error(SyntaxError::UnmatchedCloseBrace { span, line });
                    }
                    break;
                }
                words.push(self.bump_word());
            }
        }
        if block.is_some() {
            // Caddy's segment loop goes on after the block's `}` and checks the next token
            self.empty_braces_at_line_end();
        }
        if words[0].value(self.text) == "import" {
            self.check_import(&words);
        }
        Directive {
            words: words.into_boxed_slice(),
            block,
        }
    }

    /// Caddy: a `{` must end its line.
    fn token_after_open_brace(&mut self) {
        if self
            .peek_at(self.pos + 1)
            .is_some_and(|next| !next.new_line)
        {
            let (span, line) = self.where_at(self.pos);
            self.error(SyntaxError::TokenAfterOpenBrace { span, line });
        }
    }

    /// Caddy: an unquoted `{}` may not end a line. Like Caddy, this looks at the token after
    /// a directive's words even when it is on the next line.
    fn empty_braces_at_line_end(&mut self) {
        let Some(sig) = self.peek() else { return };
        if sig.quote == crate::lexer::Quote::None
            && sig.kind == crate::lexer::TokenKind::Word
            && sig.value == "{}"
            && self.peek_at(self.pos + 1).is_none_or(|next| next.new_line)
        {
            let (span, line) = self.where_at(self.pos);
            self.error(SyntaxError::EmptyBracesAtLineEnd { span, line });
        }
    }

    /// A `{` starting a line. Caddy checks first that nothing follows it on its line.
    fn misplaced_open_brace(&mut self, in_import: bool) {
        let (span, line) = self.where_at(self.pos);
        if self
            .peek_at(self.pos + 1)
            .is_some_and(|next| !next.new_line)
        {
            self.error(SyntaxError::TokenAfterOpenBrace { span, line });
        }
        self.error(if in_import {
            SyntaxError::AnonymousBlock { span, line }
        } else {
            SyntaxError::OpenBraceOnNewLine { span, line }
        });
    }

    /// Caddy's argument checks on `import` (`doImport`).
    fn check_import(&mut self, words: &[crate::syntax::Word]) {
        match words.get(1) {
            None => self.error(SyntaxError::ImportWithoutArgument {
                span: span(words[0].range),
                line: words[0].line,
            }),
            Some(path) if path.value(self.text).is_empty() => {
                self.error(SyntaxError::ImportEmptyPath {
                    span: span(path.range),
                    line: path.line,
                });
            }
            Some(_) => {}
        }
    }

    /// A block opened by a directive at `depth`: parsed normally, or kept flat past
    /// [`MAX_NESTING`].
    fn nested_block(&mut self, open: TextRange, depth: u32, in_import: bool) -> Block {
        if depth + 1 > MAX_NESTING {
            return self.flat_block(open);
        }
        self.braced_block(open, depth + 1, in_import)
    }

    /// Past the nesting limit: reports it once, then takes every token up to the matching
    /// `}` as the words of one directive, without recursing.
    fn flat_block(&mut self, open: TextRange) -> Block {
        if !self.too_deep {
            self.too_deep = true;
            self.error(SyntaxError::NestingTooDeep {
                limit: MAX_NESTING,
                span: span(open),
                line: self.line_at(self.pos.saturating_sub(1)),
            });
        }
        let mut nesting = 1_u32;
        let mut words = Vec::new();
        let mut close = None;
        while let Some(sig) = self.peek() {
            if sig.is_close() {
                nesting -= 1;
                if nesting == 0 {
                    close = Some(self.bump_range());
                    break;
                }
            } else if sig.is_open() {
                nesting += 1;
            }
            words.push(self.bump_word());
        }
        if close.is_none() {
            let last = self.sig.len().saturating_sub(1);
            self.error(SyntaxError::UnexpectedEof {
                span: span(open),
                line: self.line_at(last),
            });
        }
        let end = close
            .map(TextRange::end)
            .or_else(|| words.last().map(|w| w.range.end()))
            .unwrap_or(open.end());
        let directives: Box<[Directive]> = if words.is_empty() {
            Box::default()
        } else {
            Box::new([Directive {
                words: words.into_boxed_slice(),
                block: None,
            }])
        };
        Block::new(
            Some(open),
            close,
            directives,
            TextRange::new(open.start(), end),
        )
    }
}
