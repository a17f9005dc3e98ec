//! The syntax tree: plain data with byte ranges into the source text.
//!
//! Nodes hold their significant tokens as [`Word`]s (with Caddy's value) and brace ranges;
//! whitespace, comments and line continuations between a node's children belong to that
//! node and are not stored: [`print`] walks the tree and copies them from the text.

use text_size::TextRange;

use crate::env::{EnvPlaceholder, env_placeholders_in};

/// A parsed Caddyfile: its server blocks in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Every top-level block: global options, sites, snippets, named routes, imports.
    pub blocks: Vec<ServerBlock>,
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
    pub keys: Vec<Word>,
    /// Key-line pieces that are not keys: `,` separators and empty `""` tokens.
    pub separators: Vec<TextRange>,
    /// The body. For a site written without braces (single-site form) the block has no
    /// brace ranges and runs to the end of the file.
    pub body: Option<Block>,
    /// From the first key to the end of the body.
    pub range: TextRange,
}

impl ServerBlock {
    /// The snippet or named-route name, without `(`, `)` and `&`.
    pub fn name(&self) -> Option<&str> {
        self.name_and_range().map(|(name, _)| name)
    }

    /// The range of the name returned by [`ServerBlock::name`] (inside the key token).
    pub fn name_range(&self) -> Option<TextRange> {
        self.name_and_range().map(|(_, range)| range)
    }

    fn name_and_range(&self) -> Option<(&str, TextRange)> {
        let key = self.keys.first()?;
        let prefix = match self.kind {
            BlockKind::Snippet => "(",
            BlockKind::NamedRoute => "&(",
            _ => return None,
        };
        let name = key.value.strip_prefix(prefix)?.strip_suffix(')')?;
        let range = if key.range.len() == text_size::TextSize::of(key.value.as_str()) {
            let start = key.range.start() + text_size::TextSize::of(prefix);
            TextRange::at(start, text_size::TextSize::of(name))
        } else {
            key.range
        };
        Some((name, range))
    }

    /// The directives of the body (none without a body).
    pub fn directives(&self) -> &[Directive] {
        self.body.as_ref().map_or(&[], |b| b.directives.as_slice())
    }

    /// Every directive of the body at any depth, in source order (a directive before the
    /// directives of its block).
    pub fn all_directives(&self) -> AllDirectives<'_> {
        AllDirectives {
            stack: vec![self.directives().iter()],
        }
    }

    /// The named matcher definitions (`@name …`) at any depth of the body.
    pub fn matchers(&self) -> impl Iterator<Item = Matcher<'_>> {
        self.all_directives()
            .filter(|d| d.is_matcher_definition())
            .map(|definition| Matcher { definition })
    }

    /// Returns `true` if a word other than a definition's own name is `@name` (`name`
    /// given without the `@`).
    pub fn uses_matcher(&self, name: &str) -> bool {
        self.all_directives().any(|d| {
            let words = if d.is_matcher_definition() {
                d.args()
            } else {
                &d.words[..]
            };
            words
                .iter()
                .any(|w| w.value.strip_prefix('@') == Some(name))
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
    pub fn name(&self) -> &'a str {
        self.definition.matcher_name().unwrap_or_default()
    }

    /// The range of the name (after the `@`) when the token is written plainly, else the
    /// whole token.
    pub fn name_range(&self) -> TextRange {
        let word = self.definition.name();
        if word.kind == WordKind::Bare
            && word.range.len() == text_size::TextSize::of(word.value.as_str())
        {
            TextRange::new(
                word.range.start() + text_size::TextSize::new(1),
                word.range.end(),
            )
        } else {
            word.range
        }
    }

    /// The whole definition, block included.
    pub fn range(&self) -> TextRange {
        self.definition.range
    }
}

/// A `{ … }` block, or the brace-less body of a single-site file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The `{`, if any.
    pub open: Option<TextRange>,
    /// The `}`, if any (missing when the block is unclosed or brace-less).
    pub close: Option<TextRange>,
    /// The directives, one per line (a line's nested block included).
    pub directives: Vec<Directive>,
    /// From `{` to `}` (or over the directives when there are no braces).
    pub range: TextRange,
}

/// A directive: the words of one line, and the block that ends the line, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The name and arguments (never empty).
    pub words: Vec<Word>,
    /// The nested block opened at the end of the line.
    pub block: Option<Block>,
    /// From the name to the end of the last word or of the block.
    pub range: TextRange,
}

impl Directive {
    /// The directive name (first word).
    pub fn name(&self) -> &Word {
        // invariant: the parser never builds a directive without words
        &self.words[0]
    }

    /// The arguments (all words after the name).
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// Returns `true` for a named matcher definition (`@name …`).
    pub fn is_matcher_definition(&self) -> bool {
        self.name().value.starts_with('@')
    }

    /// The matcher name of a definition (`@api` gives `api`).
    pub fn matcher_name(&self) -> Option<&str> {
        self.name().value.strip_prefix('@')
    }

    /// Returns `true` for an `import` line.
    pub fn is_import(&self) -> bool {
        self.name().value == "import"
    }

    /// The matcher token of a directive: its first argument when that is `*`, starts with `/`
    /// or starts with `@` (Caddy's rule for matcher tokens).
    pub fn matcher_token(&self) -> Option<&Word> {
        if self.is_matcher_definition() {
            return None;
        }
        self.args()
            .first()
            .filter(|w| w.value == "*" || w.value.starts_with('/') || w.value.starts_with('@'))
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// How the word was written.
    pub kind: WordKind,
    /// The bytes in the source.
    pub range: TextRange,
    /// Caddy's value: quotes removed, escapes applied, heredoc padding stripped.
    pub value: String,
    /// Caddy's line number (continuation lines share the number of the line they continue).
    pub line: u32,
}

impl Word {
    /// Returns `true` if the word was quoted in any way.
    pub fn is_quoted(&self) -> bool {
        self.kind != WordKind::Bare
    }

    /// The `{$VAR}` / `{$VAR:default}` placeholders in the word's value. Ranges point into
    /// the source when the value maps byte for byte onto it (no escapes); otherwise they are
    /// the whole word's range.
    pub fn env_placeholders(&self) -> Vec<EnvPlaceholder> {
        let len = text_size::TextSize::of(self.value.as_str());
        let exact = match self.kind {
            WordKind::Bare => (self.range.len() == len).then_some(self.range.start()),
            WordKind::Quoted | WordKind::Backtick => (self.range.len()
                == len + text_size::TextSize::new(2))
            .then(|| self.range.start() + text_size::TextSize::new(1)),
            WordKind::Heredoc => None,
        };
        let mut found = env_placeholders_in(&self.value, exact.unwrap_or_default());
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

fn slice(text: &str, from: text_size::TextSize, to: text_size::TextSize) -> &str {
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
        out.extend(block.open);
        out.extend(block.close);
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
    use crate::parse;

    #[test]
    fn matchers_are_found_at_any_depth_with_their_name_range() {
        let text = "a.com {\n\t@unused path /x\n\treverse_proxy app {\n\t\t@err status 500\n\t\thandle_response @err\n\t}\n}\n";
        let parsed = parse(text);
        let site = parsed.tree.sites().next().unwrap();
        let found: Vec<_> = site
            .matchers()
            .map(|m| (m.name(), &text[m.name_range()]))
            .collect();
        assert_eq!(found, [("unused", "unused"), ("err", "err")]);
        assert!(!site.uses_matcher("unused"));
        assert!(site.uses_matcher("err"));
    }

    #[test]
    fn snippet_and_route_names_point_inside_the_key() {
        let text = "(snip) {\n}\n&(route) {\n}\n";
        let doc = parse(text).tree;
        let snippet = doc.snippets().next().unwrap();
        assert_eq!(&text[snippet.name_range().unwrap()], "snip");
        let route = doc.named_routes().next().unwrap();
        assert_eq!(route.name(), Some("route"));
        assert_eq!(&text[route.name_range().unwrap()], "route");
    }

    #[test]
    fn env_placeholders_of_a_quoted_word_map_into_the_source() {
        let text = "a.com {\n\trespond \"{$GREETING:hi} there\"\n}\n";
        let doc = parse(text).tree;
        let word = &doc.sites().next().unwrap().directives()[0].args()[0];
        let found = word.env_placeholders();
        assert_eq!(found[0].name, "GREETING");
        assert_eq!(&text[found[0].range], "{$GREETING:hi}");
        assert_eq!(&text[found[0].name_range], "GREETING");
    }
}
