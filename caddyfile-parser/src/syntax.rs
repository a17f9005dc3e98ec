//! The syntax tree: plain data with byte ranges into the source text.
//!
//! Nodes hold their significant tokens as [`Word`]s and brace ranges; whitespace, comments
//! and line continuations between a node's children belong to that node and are not stored:
//! [`print`] walks the tree and copies them from the text. A word's value is a slice of the
//! text too ([`Word::value`]), unless quotes, escapes or heredoc padding make it differ.
//!
//! Lists are boxed slices built at their exact size and a nested block is boxed, so the
//! tree stays small: about 3.6 bytes per byte of text for 2,000 sites of two directives
//! each (the node sizes are pinned by a test at the bottom).

use text_size::{TextRange, TextSize};
use thin_vec::ThinVec;

use crate::env::{EnvPlaceholder, env_placeholders_in};

/// A parsed Caddyfile: its server blocks in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Every top-level block: global options, sites, snippets, named routes, imports.
    pub blocks: Box<[ServerBlock]>,
    /// The whole text.
    pub range: TextRange,
}

impl Document {
    /// Returns the site blocks in source order.
    pub fn sites(&self) -> impl Iterator<Item = &ServerBlock> {
        self.blocks_of(BlockKind::Site)
    }

    /// Returns the snippet definitions (`(name) { … }`) in source order.
    pub fn snippets(&self) -> impl Iterator<Item = &ServerBlock> {
        self.blocks_of(BlockKind::Snippet)
    }

    /// Returns the named routes (`&(name) { … }`) in source order.
    pub fn named_routes(&self) -> impl Iterator<Item = &ServerBlock> {
        self.blocks_of(BlockKind::NamedRoute)
    }

    /// Returns the top-level `import` lines in source order.
    pub fn imports(&self) -> impl Iterator<Item = &ServerBlock> {
        self.blocks_of(BlockKind::Import)
    }

    /// Returns the global options block, if the file has one.
    pub fn global_options(&self) -> Option<&ServerBlock> {
        self.blocks_of(BlockKind::Global).next()
    }

    /// Every leaf range of the tree (words, braces, separators), sorted by position.
    /// Everything between them is trivia.
    pub fn leaves(&self) -> Vec<TextRange> {
        let mut leaves = Vec::new();
        for block in &self.blocks {
            block_leaves(block, &mut leaves);
        }
        leaves.sort_by_key(|r| r.start());
        leaves
    }

    fn blocks_of(&self, kind: BlockKind) -> impl Iterator<Item = &ServerBlock> {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// What a top-level block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A block with no keys: `{ … }` global options.
    Global,
    /// A site: addresses and directives.
    Site,
    /// `(name) { … }`: a snippet, stored and imported by name.
    Snippet,
    /// `&(name) { … }`: a named route, used with `invoke name`.
    NamedRoute,
    /// A top-level `import …` line (its words are the keys; an import block is the body).
    Import,
}

/// A top-level block: keys (addresses, a snippet name, …) and an optional body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBlock {
    /// What the block is.
    pub kind: BlockKind,
    /// The keys: site addresses (a trailing `,` separator is not part of the word), the
    /// snippet or route name token, or the `import` line's words.
    pub keys: Box<[Word]>,
    /// Key-line pieces that are not keys: `,` separators and empty `""` tokens (usually
    /// none, which a `ThinVec` keeps without allocating in 8 bytes).
    pub separators: ThinVec<TextRange>,
    /// The body. For a site written without braces (single-site form) the block has no
    /// brace ranges and runs to the end of the file.
    pub body: Option<Block>,
    /// From the first key to the end of the body.
    pub range: TextRange,
}

impl ServerBlock {
    /// The snippet or named-route name, without `(`, `)` and `&`. `text` is the parsed
    /// text (see [`Word::value`]).
    pub fn name<'a>(&'a self, text: &'a str) -> Option<&'a str> {
        self.name_and_range(text).map(|(name, _)| name)
    }

    /// The range of the name returned by [`ServerBlock::name`] (inside the key token).
    pub fn name_range(&self, text: &str) -> Option<TextRange> {
        self.name_and_range(text).map(|(_, range)| range)
    }

    fn name_and_range<'a>(&'a self, text: &'a str) -> Option<(&'a str, TextRange)> {
        let key = self.keys.first()?;
        let prefix = match self.kind {
            BlockKind::Snippet => "(",
            BlockKind::NamedRoute => "&(",
            _ => return None,
        };
        let value = key.value(text);
        let name = value.strip_prefix(prefix)?.strip_suffix(')')?;
        let range = if key.range.len() == TextSize::of(value) {
            let start = key.range.start() + TextSize::of(prefix);
            TextRange::at(start, TextSize::of(name))
        } else {
            key.range
        };
        Some((name, range))
    }

    /// The directives of the body (none without a body).
    pub fn directives(&self) -> &[Directive] {
        self.body.as_ref().map_or(&[], |b| &b.directives)
    }

    /// Every directive of the body at any depth, in source order (a directive before the
    /// directives of its block).
    pub fn all_directives(&self) -> AllDirectives<'_> {
        AllDirectives {
            stack: vec![self.directives().iter()],
        }
    }

    /// The named matcher definitions (`@name …`) at any depth of the body.
    pub fn matchers<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Matcher<'a>> {
        self.all_directives()
            .filter(move |d| d.is_matcher_definition(text))
            .map(|definition| Matcher { definition })
    }

    /// Returns `true` if a word other than a definition's own name is `@name` (`name`
    /// given without the `@`).
    pub fn uses_matcher(&self, text: &str, name: &str) -> bool {
        self.all_directives().any(|d| {
            let words = if d.is_matcher_definition(text) {
                d.args()
            } else {
                &d.words[..]
            };
            words
                .iter()
                .any(|w| w.value(text).strip_prefix('@') == Some(name))
        })
    }
}

/// Iterator over the directives of a block tree, depth first, without recursion.
#[derive(Debug, Clone)]
pub struct AllDirectives<'a> {
    stack: Vec<std::slice::Iter<'a, Directive>>,
}

impl<'a> Iterator for AllDirectives<'a> {
    type Item = &'a Directive;

    fn next(&mut self) -> Option<&'a Directive> {
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                Some(directive) => {
                    if let Some(block) = &directive.block {
                        self.stack.push(block.directives.iter());
                    }
                    return Some(directive);
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

/// A named matcher definition: `@name matcher args…`, `@name "expression"` or
/// `@name { … }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matcher<'a> {
    /// The defining directive.
    pub definition: &'a Directive,
}

impl<'a> Matcher<'a> {
    /// The name, without `@`.
    pub fn name(&self, text: &'a str) -> &'a str {
        self.definition.matcher_name(text).unwrap_or_default()
    }

    /// The range of the name (after the `@`) when the token is written plainly, else the
    /// whole token.
    pub fn name_range(&self, text: &str) -> TextRange {
        let word = self.definition.name();
        if word.kind == WordKind::Bare && word.range.len() == TextSize::of(word.value(text)) {
            TextRange::new(word.range.start() + TextSize::new(1), word.range.end())
        } else {
            word.range
        }
    }

    /// The whole definition, block included.
    pub fn range(&self) -> TextRange {
        self.definition.range()
    }
}

/// A `{ … }` block, or the brace-less body of a single-site file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The directives, one per line (a line's nested block included).
    pub directives: Box<[Directive]>,
    /// From `{` to `}` (or over the directives when there are no braces).
    pub range: TextRange,
    /// Where the `{` is, or [`NO_BRACE`]: a brace is one byte, so its offset is enough
    /// (4 bytes where an `Option<TextRange>` takes 12).
    open: u32,
    /// Where the `}` is, or [`NO_BRACE`].
    close: u32,
}

/// The offset of a brace that is not there (no text is that long: files end before
/// `u32::MAX`).
const NO_BRACE: u32 = u32::MAX;

impl Block {
    /// A block; `open` and `close` are one-byte brace ranges.
    pub(crate) fn new(
        open: Option<TextRange>,
        close: Option<TextRange>,
        directives: Box<[Directive]>,
        range: TextRange,
    ) -> Self {
        let offset = |brace: Option<TextRange>| brace.map_or(NO_BRACE, |r| u32::from(r.start()));
        Self {
            directives,
            range,
            open: offset(open),
            close: offset(close),
        }
    }

    /// The `{`, if any.
    pub fn open(&self) -> Option<TextRange> {
        brace(self.open)
    }

    /// The `}`, if any (missing when the block is unclosed or brace-less).
    pub fn close(&self) -> Option<TextRange> {
        brace(self.close)
    }
}

fn brace(offset: u32) -> Option<TextRange> {
    (offset != NO_BRACE).then(|| TextRange::at(TextSize::new(offset), TextSize::new(1)))
}

/// A directive: the words of one line, and the block that ends the line, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The name and arguments (never empty).
    pub words: Box<[Word]>,
    /// The nested block opened at the end of the line (boxed: most lines have none).
    pub block: Option<Box<Block>>,
}

impl Directive {
    /// From the name to the end of the last word or of the block.
    pub fn range(&self) -> TextRange {
        let start = self
            .words
            .first()
            .map_or(TextSize::new(0), |w| w.range.start());
        let end = self
            .block
            .as_ref()
            .map(|b| b.range.end())
            .into_iter()
            .chain(self.words.last().map(|w| w.range.end()))
            .max()
            .unwrap_or(start);
        TextRange::new(start, end.max(start))
    }

    /// The directive name (first word).
    pub fn name(&self) -> &Word {
        // invariant: the parser never builds a directive without words
        &self.words[0]
    }

    /// The arguments (all words after the name).
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Returns `true` for a named matcher definition (`@name …`). `text` is the parsed
    /// text (see [`Word::value`]).
    pub fn is_matcher_definition(&self, text: &str) -> bool {
        self.name().value(text).starts_with('@')
    }

    /// The matcher name of a definition (`@api` gives `api`).
    pub fn matcher_name<'a>(&'a self, text: &'a str) -> Option<&'a str> {
        self.name().value(text).strip_prefix('@')
    }

    /// Returns `true` for an `import` line.
    pub fn is_import(&self, text: &str) -> bool {
        self.name().value(text) == "import"
    }

    /// The matcher token of a directive: its first argument when that is `*`, starts with `/`
    /// or starts with `@` (Caddy's rule for matcher tokens).
    pub fn matcher_token(&self, text: &str) -> Option<&Word> {
        if self.is_matcher_definition(text) {
            return None;
        }
        self.args().first().filter(|w| {
            let value = w.value(text);
            value == "*" || value.starts_with('/') || value.starts_with('@')
        })
    }
}

/// How a word was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// Unquoted.
    Bare,
    /// `"…"`.
    Quoted,
    /// `` `…` ``.
    Backtick,
    /// `<<MARKER … MARKER`.
    Heredoc,
}

/// One token with its value as Caddy sees it.
///
/// The value is not stored when it is the token's own text (a bare word) or the text
/// between its quotes, which is the case for nearly every word: [`Word::value`] slices it
/// from the source then. Other values (escapes, CRs, heredocs, a key's trailing comma
/// removed) are kept, boxed so that the word stays 24 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// How the word was written.
    pub kind: WordKind,
    /// The bytes in the source.
    pub range: TextRange,
    /// Caddy's line number (continuation lines share the number of the line they continue).
    pub line: u32,
    /// Caddy's value when it is not the slice `plain` gives. Boxed twice for a thin
    /// pointer: 8 bytes, where an `Option<Box<str>>` takes 16.
    decoded: Option<Box<Box<str>>>,
}

impl Word {
    /// A word whose value is `value`; `text` is the text the range points into.
    pub(crate) fn new(
        kind: WordKind,
        range: TextRange,
        line: u32,
        value: &str,
        text: &str,
    ) -> Self {
        let mut word = Self {
            kind,
            range,
            line,
            decoded: None,
        };
        if word.plain(text) != value {
            word.decoded = Some(Box::new(value.into()));
        }
        word
    }

    /// Caddy's value: quotes removed, escapes applied, heredoc padding stripped.
    ///
    /// `text` must be the text the word was parsed from (the tree keeps no copy of it); for
    /// another text the result is meaningless, though never a panic.
    pub fn value<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.decoded {
            Some(value) => value,
            None => self.plain(text),
        }
    }

    /// The value when it is stored as text: the word's bytes, or for a quoted word the
    /// bytes between its quotes.
    fn plain<'a>(&self, text: &'a str) -> &'a str {
        let raw = text
            .get(usize::from(self.range.start())..usize::from(self.range.end()))
            .unwrap_or_default();
        match self.kind {
            WordKind::Bare | WordKind::Heredoc => raw,
            WordKind::Quoted | WordKind::Backtick => raw
                .get(1..raw.len().saturating_sub(1).max(1))
                .unwrap_or_default(),
        }
    }

    /// Returns `true` if the word was quoted in any way.
    pub fn is_quoted(&self) -> bool {
        self.kind != WordKind::Bare
    }

    /// The `{$VAR}` / `{$VAR:default}` placeholders in the word's value. Ranges point into
    /// the source when the value maps byte for byte onto it (no escapes); otherwise they are
    /// the whole word's range.
    pub fn env_placeholders(&self, text: &str) -> Vec<EnvPlaceholder> {
        let value = self.value(text);
        let len = TextSize::of(value);
        let exact = match self.kind {
            WordKind::Bare => (self.range.len() == len).then_some(self.range.start()),
            WordKind::Quoted | WordKind::Backtick => (self.range.len() == len + TextSize::new(2))
                .then(|| self.range.start() + TextSize::new(1)),
            WordKind::Heredoc => None,
        };
        let mut found = env_placeholders_in(value, exact.unwrap_or_default());
        if exact.is_none() {
            for p in &mut found {
                p.range = self.range;
                p.name_range = self.range;
            }
        }
        found
    }
}

/// Prints a document back to text by walking the tree: every leaf (word, brace, separator)
/// is copied from `text`, and so is the trivia between leaves, which belongs to the
/// enclosing node. For a tree from [`crate::parse`]`(text)`, the result equals `text`.
pub fn print(doc: &Document, text: &str) -> String {
    let leaves = doc.leaves();
    let mut out = String::with_capacity(text.len());
    let mut at = doc.range.start();
    for leaf in leaves {
        if leaf.start() > at {
            out.push_str(slice(text, at, leaf.start()));
        }
        let from = leaf.start().max(at);
        if leaf.end() > from {
            out.push_str(slice(text, from, leaf.end()));
            at = leaf.end();
        }
    }
    if doc.range.end() > at {
        out.push_str(slice(text, at, doc.range.end()));
    }
    out
}

fn slice(text: &str, from: TextSize, to: TextSize) -> &str {
    text.get(usize::from(from)..usize::from(to))
        .unwrap_or_default()
}

/// Collects the leaf ranges of a server block, in tree order.
fn block_leaves(block: &ServerBlock, out: &mut Vec<TextRange>) {
    out.extend(block.keys.iter().map(|w| w.range));
    out.extend(block.separators.iter().copied());
    if let Some(body) = &block.body {
        body_leaves(body, out);
    }
}

fn body_leaves(block: &Block, out: &mut Vec<TextRange>) {
    // iterative: the tree may be deep
    let mut stack = vec![block];
    while let Some(block) = stack.pop() {
        out.extend(block.open());
        out.extend(block.close());
        for d in &block.directives {
            out.extend(d.words.iter().map(|w| w.range));
            if let Some(b) = &d.block {
                stack.push(b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Block, Directive, ServerBlock, Word};
    use crate::parse;

    #[test]
    fn matchers_are_found_at_any_depth_with_their_name_range() {
        let text = "a.com {\n\t@unused path /x\n\treverse_proxy app {\n\t\t@err status 500\n\t\thandle_response @err\n\t}\n}\n";
        let parsed = parse(text);
        let site = parsed.tree.sites().next().unwrap();
        let found: Vec<_> = site
            .matchers(text)
            .map(|m| (m.name(text), &text[m.name_range(text)]))
            .collect();
        assert_eq!(found, [("unused", "unused"), ("err", "err")]);
        assert!(!site.uses_matcher(text, "unused"));
        assert!(site.uses_matcher(text, "err"));
    }

    #[test]
    fn snippet_and_route_names_point_inside_the_key() {
        let text = "(snip) {\n}\n&(route) {\n}\n";
        let doc = parse(text).tree;
        let snippet = doc.snippets().next().unwrap();
        assert_eq!(&text[snippet.name_range(text).unwrap()], "snip");
        let route = doc.named_routes().next().unwrap();
        assert_eq!(route.name(text), Some("route"));
        assert_eq!(&text[route.name_range(text).unwrap()], "route");
    }

    #[test]
    fn env_placeholders_of_a_quoted_word_map_into_the_source() {
        let text = "a.com {\n\trespond \"{$GREETING:hi} there\"\n}\n";
        let doc = parse(text).tree;
        let word = &doc.sites().next().unwrap().directives()[0].args()[0];
        let found = word.env_placeholders(text);
        assert_eq!(found[0].name, "GREETING");
        assert_eq!(&text[found[0].range], "{$GREETING:hi}");
        assert_eq!(&text[found[0].name_range], "GREETING");
    }

    #[test]
    fn values_are_sliced_from_the_text_unless_caddy_changes_them() {
        let text = "a.com, \"b.com\", `c` {\n\trespond \"x \\\"y\\\"\" a\\<b\n}\n";
        let doc = parse(text).tree;
        let site = doc.sites().next().unwrap();
        let keys: Vec<&str> = site.keys.iter().map(|k| k.value(text)).collect();
        assert_eq!(keys, ["a.com", "b.com", "c"]);
        assert!(site.keys.iter().all(|k| k.decoded.is_none()));
        let args = site.directives()[0].args();
        assert_eq!(args[0].value(text), "x \"y\"");
        assert_eq!(args[1].value(text), "a<b");
        assert!(args.iter().all(|w| w.decoded.is_some()));
    }

    /// The tree of a typical Caddyfile is mostly words and directives: keep them small.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_compact() {
        use std::mem::size_of;
        assert_eq!(size_of::<Word>(), 24);
        assert_eq!(size_of::<Directive>(), 24);
        assert_eq!(size_of::<Block>(), 32);
        assert_eq!(size_of::<ServerBlock>(), 72);
    }
}
