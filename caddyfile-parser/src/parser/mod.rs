//! The parser: lossless tokens in, a [`Document`] plus [`SyntaxError`]s out.
//!
//! It follows Caddy's own parser (`caddyconfig/caddyfile/parse.go`, described in
//! `reference/caddyfile.md` §4–5) for what is an error, but recovers and goes on where Caddy
//! stops, so one run reports every problem and always yields a tree. It does not expand
//! imports or env placeholders (see [`crate::expand`]).

mod address;
mod directive;
mod site;

use std::borrow::Cow;

use text_size::{TextRange, TextSize};

pub use address::{Address, STANDARD_DIRECTIVES, parse_address};

use crate::error::{SyntaxError, span};
use crate::lexer::{CaddyLines, Quote, TokenKind, Tokens, lex_error, line_breaks, value};
use crate::syntax::{BlockKind, Document, ServerBlock, Word, WordKind};

/// The deepest block nesting the parser follows; deeper blocks are reported and kept flat.
pub const MAX_NESTING: u32 = 128;

/// The result of a parse: always a tree, plus the problems found.
///
/// The lossless tokens are not kept beside the tree (nothing reads them once it is built);
/// [`lex`](crate::lex) gives them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse<T> {
    /// The tree (complete even when there are errors).
    pub tree: T,
    /// Syntax problems, sorted by position.
    pub errors: Vec<SyntaxError>,
}

/// Parses a Caddyfile into a [`Document`]. Never fails: problems are returned in
/// [`Parse::errors`] next to a complete tree.
///
/// # Example
/// ```
/// use caddyfile_parser::{parse, print};
/// let text = "example.com {\n\treverse_proxy app:8080 # upstream\n}\n";
/// let parsed = parse(text);
/// assert!(parsed.errors.is_empty());
/// let site = parsed.tree.sites().next().unwrap();
/// assert_eq!(site.keys[0].value(text), "example.com");
/// assert_eq!(site.directives()[0].args()[0].value(text), "app:8080");
/// assert_eq!(print(&parsed.tree, text), text);
/// ```
pub fn parse(text: &str) -> Parse<Document> {
    let mut parser = Parser::new(text);
    let blocks = parser.document();
    let mut errors = parser.errors;
    check_document(text, &blocks, &mut errors);
    errors.sort_by_key(|e| e.range().start());
    errors.shrink_to_fit();
    let tree = Document {
        blocks,
        range: TextRange::up_to(TextSize::of(text)),
    };
    Parse { tree, errors }
}

/// A significant token, with what the parser needs to know about it.
#[derive(Debug)]
struct Sig<'t> {
    kind: TokenKind,
    range: TextRange,
    /// Caddy's value, borrowed from the text when it is a slice of it.
    value: Cow<'t, str>,
    line: u32,
    quote: Quote,
    /// Whether Caddy sees this token on a new line relative to the previous one.
    new_line: bool,
}

/// A word taken from the tokens, before it goes into the tree (keys are trimmed first).
struct RawWord<'t> {
    kind: WordKind,
    range: TextRange,
    value: Cow<'t, str>,
    line: u32,
}

impl RawWord<'_> {
    /// The tree's word, which stores the value only when it is not a slice of `text`.
    fn finish(&self, text: &str) -> Word {
        Word::new(self.kind, self.range, self.line, &self.value, text)
    }

    /// Drops the value's last char.
    fn pop(&mut self) {
        match &mut self.value {
            Cow::Borrowed(s) => {
                let end = s.char_indices().next_back().map_or(0, |(i, _)| i);
                *s = &s[..end];
            }
            Cow::Owned(s) => {
                s.pop();
            }
        }
    }
}

impl Sig<'_> {
    fn is_open(&self) -> bool {
        self.kind == TokenKind::OpenBrace
    }

    fn is_close(&self) -> bool {
        self.kind == TokenKind::CloseBrace
    }
}

pub(crate) struct Parser<'t> {
    text: &'t str,
    sig: Vec<Sig<'t>>,
    pos: usize,
    errors: Vec<SyntaxError>,
    /// Whether a `NestingTooDeep` error was already reported.
    too_deep: bool,
    /// The value of the last token.
    last_value: Cow<'t, str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        let mut lines = CaddyLines::new();
        // Read one at a time: a large file's list of every token (trivia included) would be
        // its largest block. About one significant token per eight bytes in typical files;
        // the list grows if there are more.
        let mut sig: Vec<Sig<'t>> = Vec::with_capacity(text.len() / 8 + 16);
        let mut errors = Vec::new();
        let mut prev_end: Option<u32> = None;
        for token in Tokens::new(text) {
            let token = &token;
            let raw = &text[token.range];
            let line = lines.advance(token.kind, raw);
            if token.kind.is_trivia() {
                continue;
            }
            if let Some(error) = lex_error(text, token, line) {
                errors.push(error);
            }
            let quote = Quote::of(token);
            let value = value(token.kind, raw);
            let new_line = prev_end.is_none_or(|end| end < line);
            prev_end = Some(line + line_breaks(&value, quote));
            sig.push(Sig {
                kind: token.kind,
                range: token.range,
                value,
                line,
                quote,
                new_line,
            });
        }
        let last_value = sig.last().map(|s| s.value.clone()).unwrap_or_default();
        Self {
            text,
            sig,
            pos: 0,
            errors,
            too_deep: false,
            last_value,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.sig.len()
    }

    fn peek(&self) -> Option<&Sig<'t>> {
        self.sig.get(self.pos)
    }

    fn peek_at(&self, i: usize) -> Option<&Sig<'t>> {
        self.sig.get(i)
    }

    /// Takes the current token as a word.
    fn bump_word(&mut self) -> Word {
        self.bump_raw_word().finish(self.text)
    }

    /// Takes the current token as a word that may still change (a key).
    fn bump_raw_word(&mut self) -> RawWord<'t> {
        let sig = &mut self.sig[self.pos];
        self.pos += 1;
        RawWord {
            kind: match sig.kind {
                TokenKind::Quoted if sig.quote == Quote::Double => WordKind::Quoted,
                TokenKind::Backtick if sig.quote == Quote::Backtick => WordKind::Backtick,
                TokenKind::Heredoc => WordKind::Heredoc,
                _ => WordKind::Bare,
            },
            range: sig.range,
            value: std::mem::take(&mut sig.value),
            line: sig.line,
        }
    }

    /// Takes the current token as a bare range (a brace).
    fn bump_range(&mut self) -> TextRange {
        let range = self.sig[self.pos].range;
        self.pos += 1;
        range
    }

    fn line_at(&self, i: usize) -> u32 {
        self.sig
            .get(i)
            .or_else(|| self.sig.last())
            .map_or(1, |s| s.line)
    }

    fn error(&mut self, error: SyntaxError) {
        self.errors.push(error);
    }

    /// The `span`/`line` pair for the token at `i` (or the last token at the end).
    fn where_at(&self, i: usize) -> (miette::SourceSpan, u32) {
        let range = self
            .sig
            .get(i)
            .or_else(|| self.sig.last())
            .map_or(TextRange::default(), |s| s.range);
        (span(range), self.line_at(i))
    }
}

/// Checks that need the whole document: redeclared snippets and routes, the place of the
/// global options block, and site addresses.
fn check_document(text: &str, blocks: &[ServerBlock], errors: &mut Vec<SyntaxError>) {
    let mut snippets = std::collections::HashSet::new();
    let mut routes = std::collections::HashSet::new();
    let mut emitted = 0;
    for block in blocks {
        let key = block.keys.first();
        match block.kind {
            BlockKind::Snippet => {
                if let (Some(name), Some(key)) = (block.name(text), key) {
                    if !snippets.insert(name.to_owned()) {
                        errors.push(SyntaxError::SnippetRedeclared {
                            name: name.to_owned(),
                            span: span(key.range),
                            line: key.line,
                        });
                    }
                }
            }
            BlockKind::NamedRoute => {
                if let (Some(name), Some(key)) = (block.name(text), key) {
                    if !routes.insert(name.to_owned()) {
                        errors.push(SyntaxError::NamedRouteRedeclared {
                            name: name.to_owned(),
                            span: span(key.range),
                            line: key.line,
                        });
                    }
                }
                emitted += 1;
            }
            BlockKind::Global => {
                // Caddy drops an empty keyless block; one with content must come first
                let has_content = !block.directives().is_empty();
                if has_content && emitted > 0 {
                    let open = block
                        .body
                        .as_ref()
                        .map_or(block.range, |b| b.open().unwrap_or(b.range));
                    errors.push(SyntaxError::GlobalOptionsNotFirst {
                        span: span(open),
                        line: block
                            .body
                            .as_ref()
                            .and_then(|b| b.directives.first())
                            .map_or(1, |d| d.name().line),
                    });
                }
                if has_content {
                    emitted += 1;
                }
            }
            BlockKind::Site => {
                emitted += 1;
                for key in &block.keys {
                    address::check_site_key(key, text, errors);
                }
            }
            BlockKind::Import => {}
        }
    }
}
