//! Server blocks: the key line(s), then a `{ … }` body, a brace-less body, or nothing.

use text_size::{TextRange, TextSize};
use thin_vec::ThinVec;

use super::{Parser, RawWord};
use crate::error::{SyntaxError, span};
use crate::syntax::{Block, BlockKind, ServerBlock, Word, WordKind};

/// The keys of a server block as read by [`Parser::keys`].
struct Keys {
    words: Vec<Word>,
    separators: ThinVec<TextRange>,
    /// The `{` that ended the keys, when on the key line.
    open: Option<TextRange>,
}

impl Parser<'_> {
    /// `document := server_block*`
    pub(super) fn document(&mut self) -> Box<[ServerBlock]> {
        let mut blocks = Vec::new();
        while !self.at_end() {
            blocks.push(self.server_block());
        }
        blocks.into_boxed_slice()
    }

    /// `server_block := import_line | keys ("{" block_contents "}")? | keys block_contents`
    fn server_block(&mut self) -> ServerBlock {
        // Caddy: `import` at the start of a line, where keys would start, is an import
        let first = self.pos;
        if self
            .peek()
            .is_some_and(|s| s.value == "import" && s.new_line && !s.is_open())
        {
            return self.top_level_import();
        }
        let keys = self.keys();
        let kind = match keys.words.as_slice() {
            [] => BlockKind::Global,
            [key] if is_named_route(key.value(self.text)) => BlockKind::NamedRoute,
            [key] if is_snippet(key.value(self.text)) => BlockKind::Snippet,
            _ => BlockKind::Site,
        };
        let open = keys.open.or_else(|| {
            // Caddy: the `{` may be on the line after the keys
            self.peek()
                .is_some_and(super::Sig::is_open)
                .then(|| self.bump_range())
        });
        let body = match open {
            Some(open) => Some(self.braced_block(open, 0, false)),
            None if matches!(kind, BlockKind::Snippet | BlockKind::NamedRoute) => {
                let (span, line) = self.where_at(self.pos);
                let found = self
                    .peek()
                    .map_or_else(|| self.last_value.to_string(), |s| s.value.to_string());
                self.error(SyntaxError::UnexpectedToken {
                    found,
                    expected: '{',
                    span,
                    line,
                });
                None
            }
            None if self.at_end() => None,
            None => Some(self.braceless_block()),
        };
        let start = self
            .sig
            .get(first)
            .map_or(TextSize::new(0), |s| s.range.start());
        let end = body
            .as_ref()
            .map(|b| b.range.end())
            .into_iter()
            .chain(keys.words.iter().map(|w| w.range.end()))
            .chain(keys.separators.iter().map(|r| r.end()))
            .max()
            .unwrap_or(start);
        ServerBlock {
            kind,
            keys: keys.words.into_boxed_slice(),
            separators: keys.separators,
            body,
            range: TextRange::new(start, end.max(start)),
        }
    }

    /// `keys := key ((","? key) | "," newline key)*`, up to an unquoted `{` or the end of the
    /// line (a key ending in `,` continues on the next line). Caddy's `addresses()`.
    fn keys(&mut self) -> Keys {
        let mut keys = Keys {
            words: Vec::new(),
            separators: ThinVec::new(),
            open: None,
        };
        let mut expecting_another = false;
        while let Some(sig) = self.peek() {
            if sig.is_open() {
                if expecting_another {
                    let (span, line) = self.where_at(self.pos);
                    self.error(SyntaxError::ExpectedAnotherAddress { span, line });
                }
                keys.open = Some(self.bump_range());
                return keys;
            }
            let bare = sig.quote == crate::lexer::Quote::None;
            let is_close = sig.is_close();
            let starts_with_at = sig.value.starts_with('@');
            if is_close {
                // Caddy takes a stray `}` as a site address; it is never meant as one
                let (span, line) = self.where_at(self.pos);
                self.error(SyntaxError::UnmatchedCloseBrace { span, line });
            }
            if starts_with_at {
                let (span, line) = self.where_at(self.pos);
                let name = self.sig[self.pos].value.to_string();
                self.error(SyntaxError::GlobalMatcher { name, span, line });
            }
            let mut word = self.bump_raw_word();
            if bare && word.value.len() > 1 && word.value.ends_with('{') {
                // `a.com{`: report, then read it as `a.com {` to recover
                self.error(SyntaxError::AddressEndsWithBrace {
                    address: word.value.to_string(),
                    span: span(word.range),
                    line: word.line,
                });
                if word.range.len() == TextSize::of(&*word.value) {
                    let brace =
                        TextRange::at(word.range.end() - TextSize::new(1), TextSize::new(1));
                    word.pop();
                    word.range = TextRange::new(word.range.start(), brace.start());
                    self.push_key(&mut keys, word, &mut expecting_another);
                    keys.open = Some(brace);
                    return keys;
                }
            }
            self.push_key(&mut keys, word, &mut expecting_another);
            match self.peek() {
                None => {
                    if expecting_another {
                        let (span, line) = self.where_at(self.pos);
                        self.error(SyntaxError::UnexpectedEof { span, line });
                    }
                    return keys;
                }
                Some(next) if next.new_line && !expecting_another => return keys,
                Some(_) => {}
            }
        }
        keys
    }

    /// Adds one key-line token: strips a trailing comma separator, reports a comma inside.
    fn push_key(&mut self, keys: &mut Keys, mut word: RawWord<'_>, expecting_another: &mut bool) {
        if word.value.is_empty() {
            keys.separators.push(word.range);
            return;
        }
        *expecting_another = word.value.ends_with(',');
        if *expecting_another {
            word.pop();
            if word.kind == WordKind::Bare
                && word.range.len() == TextSize::of(&*word.value) + TextSize::new(1)
            {
                let comma = TextRange::at(word.range.end() - TextSize::new(1), TextSize::new(1));
                word.range = TextRange::new(word.range.start(), comma.start());
                keys.separators.push(comma);
            }
        }
        if word.value.contains(',') {
            self.error(SyntaxError::AddressContainsComma {
                address: word.value.to_string(),
                span: span(word.range),
                line: word.line,
            });
        }
        if word.value.is_empty() {
            if !word.range.is_empty() {
                keys.separators.push(word.range);
            }
        } else {
            keys.words.push(word.finish(self.text));
        }
    }

    /// `import_line := "import" arg* ("{" import_block "}")?` at the top level.
    fn top_level_import(&mut self) -> ServerBlock {
        let directive = self.directive_line(0, false, false);
        let range = directive.range();
        ServerBlock {
            kind: BlockKind::Import,
            keys: directive.words,
            separators: ThinVec::new(),
            body: directive.block.map(|b| *b),
            range,
        }
    }

    /// `braceless := directive*` up to the end of the input or a stray top-level `}`, which
    /// Caddy swallows silently and we report.
    fn braceless_block(&mut self) -> Block {
        let (directives, close) = self.block_contents(0, false);
        if let Some(close) = close {
            self.error(SyntaxError::UnmatchedCloseBrace {
                span: span(close),
                line: self.line_at(self.pos.saturating_sub(1)),
            });
        }
        let start = directives
            .first()
            .map_or(TextSize::new(0), |d| d.range().start());
        let end = close
            .map(TextRange::end)
            .or_else(|| directives.last().map(|d| d.range().end()))
            .unwrap_or(start);
        let start = if directives.is_empty() {
            close.map_or(start, TextRange::start)
        } else {
            start
        };
        Block::new(None, close, directives, TextRange::new(start, end))
    }
}

/// `(name)`: a snippet key.
fn is_snippet(key: &str) -> bool {
    key.len() >= 2 && key.starts_with('(') && key.ends_with(')')
}

/// `&(name)`: a named-route key.
fn is_named_route(key: &str) -> bool {
    key.len() >= 3 && key.starts_with("&(") && key.ends_with(')')
}
