//! Aliases and `<<` merge keys, resolved as views over the tree (nothing is copied).
//!
//! A [`View`] is a node seen with aliases followed; [`View::entries`] lists a mapping's
//! effective entries: its own, plus those merged in by `<<: *a` / `<<: [*a, *b]` that its own
//! keys do not override (earlier merge sources win over later ones, as in YAML 1.1's merge
//! type). Every entry keeps pointing at the node it was written as, so a value used only
//! through a merged anchor carries the range of the anchor's text.
//!
//! Expansion is bounded: each node produced through a view costs one unit of a budget
//! (default: the larger of 1,000,000 and 100 × the number of nodes in the file), and merge
//! chains are at most [`MAX_MERGE_DEPTH`] deep. Past either, views come back empty and
//! [`Resolver::errors`] reports it, so an alias bomb ends in an error, not in memory
//! exhaustion or a hang.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use text_size::{TextRange, TextSize};

use super::node::{Entry, Node, NodeValue, Scalar, YamlFile};
use crate::error::{SyntaxError, span};

/// How many `<<` merges may chain (a mapping merging one that merges another …).
pub const MAX_MERGE_DEPTH: usize = 64;

/// Follows aliases and applies merge keys for one [`YamlFile`].
#[derive(Debug)]
pub struct Resolver<'a> {
    file: &'a YamlFile,
    /// Anchored nodes by the start of their `&name`.
    anchors: HashMap<TextSize, &'a Node>,
    budget: u64,
    /// Nodes in the file.
    nodes: usize,
    used: Cell<u64>,
    /// Problems found up front: merge values that are not mappings.
    errors: Vec<SyntaxError>,
    /// Problems found while viewing: budget or merge depth exceeded (at most one each).
    late_errors: RefCell<Vec<SyntaxError>>,
}

impl<'a> Resolver<'a> {
    /// Prepares `file` for viewing with the default budget.
    pub fn new(file: &'a YamlFile) -> Self {
        Self::build(file, None)
    }

    /// Prepares `file` for viewing; views may produce at most `budget` nodes in total.
    pub fn with_budget(file: &'a YamlFile, budget: u64) -> Self {
        Self::build(file, Some(budget))
    }

    /// One walk over the tree: counts nodes, indexes anchors, checks merge values. Aliases
    /// only refer to anchors before them, which a pre-order walk has already seen.
    fn build(file: &'a YamlFile, budget: Option<u64>) -> Self {
        let mut resolver = Self {
            file,
            anchors: HashMap::new(),
            budget: budget.unwrap_or(0),
            nodes: 0,
            used: Cell::new(0),
            errors: Vec::new(),
            late_errors: RefCell::new(Vec::new()),
        };
        let mut errors = Vec::new();
        // Pre-order, like `Node::descendants`, but only collections go through the stack:
        // scalars and aliases (most nodes) are counted where their parent is.
        let mut stack: Vec<&'a Node> = Vec::new();
        for document in file.documents.iter().rev() {
            resolver.leaf_or_push(document, &mut stack);
        }
        while let Some(node) = stack.pop() {
            match &node.value {
                NodeValue::Mapping(mapping) => {
                    for entry in mapping.entries.iter().filter(|e| e.is_merge(file)) {
                        if !resolver.is_valid_merge(&entry.value) {
                            errors.push(SyntaxError::InvalidMerge {
                                span: span(entry.value.range),
                            });
                        }
                    }
                    for entry in mapping.entries.iter().rev() {
                        resolver.leaf_or_push(&entry.value, &mut stack);
                        resolver.leaf_or_push(&entry.key, &mut stack);
                    }
                }
                NodeValue::Sequence(sequence) => {
                    for item in sequence.items.iter().rev() {
                        resolver.leaf_or_push(item, &mut stack);
                    }
                }
                NodeValue::Scalar(_) | NodeValue::Alias(_) => {}
            }
        }
        if budget.is_none() {
            resolver.budget = (resolver.nodes as u64).saturating_mul(100).max(1_000_000);
        }
        resolver.errors = errors;
        resolver
    }

    /// Counts `node` and indexes its anchor; pushes it to be walked when it is a collection.
    fn leaf_or_push(&mut self, node: &'a Node, stack: &mut Vec<&'a Node>) {
        self.nodes += 1;
        if let Some(anchor) = node.anchor(self.file) {
            self.anchors.insert(anchor.range.start(), node);
        }
        if matches!(node.value, NodeValue::Mapping(_) | NodeValue::Sequence(_)) {
            stack.push(node);
        }
    }

    /// Returns how many nodes the file has (aliases not followed).
    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// Returns the root of document `index`.
    pub fn document(&self, index: usize) -> Option<View<'_>> {
        self.file.documents.get(index).map(|node| self.view(node))
    }

    /// Returns the roots of all documents.
    pub fn documents(&self) -> impl Iterator<Item = View<'_>> {
        self.file.documents.iter().map(|node| self.view(node))
    }

    /// Views `node` (following it if it is an alias).
    pub fn view<'r>(&'r self, node: &'r Node) -> View<'r> {
        match self.target(node) {
            Some(target) => View {
                resolver: self,
                node: target,
                alias: Some(node),
            },
            None => View {
                resolver: self,
                node,
                alias: None,
            },
        }
    }

    /// Returns the node an alias refers to; `None` when `node` is not an alias or its target is
    /// unknown (a recursive alias).
    pub fn target(&self, node: &Node) -> Option<&'a Node> {
        let alias = node.as_alias()?;
        self.anchors.get(&alias.target?.start()).copied()
    }

    /// Returns the problems found so far: invalid merge values, and an exhausted budget or
    /// too deep merge chain if viewing met one.
    pub fn errors(&self) -> Vec<SyntaxError> {
        let mut errors = self.errors.clone();
        errors.extend(self.late_errors.borrow().iter().cloned());
        errors
    }

    /// Returns whether the node budget ran out; views are incomplete from then on.
    pub fn exhausted(&self) -> bool {
        self.used.get() > self.budget
    }

    /// Takes `n` units of the budget; returns `false` (and reports once) when it is spent.
    fn charge(&self, n: u64, at: TextRange) -> bool {
        let used = self.used.get().saturating_add(n);
        self.used.set(used);
        if used <= self.budget {
            return true;
        }
        let mut late = self.late_errors.borrow_mut();
        if !late
            .iter()
            .any(|e| matches!(e, SyntaxError::AliasBudget { .. }))
        {
            late.push(SyntaxError::AliasBudget {
                budget: self.budget,
                span: span(at),
            });
        }
        false
    }

    /// Returns whether a `<<` value is a mapping or a sequence of mappings (aliases followed).
    fn is_valid_merge(&self, value: &Node) -> bool {
        let value = self.deref(value);
        match &value.value {
            NodeValue::Mapping(_) => true,
            NodeValue::Sequence(s) => s
                .items
                .iter()
                .all(|item| self.deref(item).as_mapping().is_some()),
            NodeValue::Scalar(_) | NodeValue::Alias(_) => false,
        }
    }

    fn deref<'r>(&'r self, node: &'r Node) -> &'r Node {
        self.target(node).unwrap_or(node)
    }

    /// The effective entries of `mapping` (see [`View::entries`]).
    fn entries<'r>(&'r self, node: &'r Node, depth: usize, out: &mut Vec<ViewEntry<'r>>) {
        let Some(mapping) = node.as_mapping() else {
            return;
        };
        if !self.charge(mapping.entries.len() as u64, node.range) {
            return;
        }
        let file = self.file;
        if !mapping.entries.iter().any(|e| e.is_merge(file)) {
            out.extend(mapping.entries.iter().map(|entry| ViewEntry {
                entry,
                value: self.view(&entry.value),
                merged_by: None,
            }));
            return;
        }
        if depth >= MAX_MERGE_DEPTH {
            let mut late = self.late_errors.borrow_mut();
            if !late
                .iter()
                .any(|e| matches!(e, SyntaxError::TooDeep { .. }))
            {
                late.push(SyntaxError::TooDeep {
                    limit: MAX_MERGE_DEPTH,
                    span: span(node.range),
                });
            }
            return;
        }
        out.reserve(mapping.entries.len() * 2);
        let mut seen = KeySet::new();
        for key in mapping
            .entries
            .iter()
            .filter(|e| !e.is_merge(file))
            .filter_map(Entry::key_str)
        {
            seen.insert(key);
        }
        for entry in &mapping.entries {
            if !entry.is_merge(file) {
                out.push(ViewEntry {
                    entry,
                    value: self.view(&entry.value),
                    merged_by: None,
                });
                continue;
            }
            let value = self.deref(&entry.value);
            match &value.value {
                NodeValue::Sequence(s) => {
                    for item in &s.items {
                        self.merge_source(self.deref(item), entry, depth, &mut seen, out);
                    }
                }
                _ => self.merge_source(value, entry, depth, &mut seen, out),
            }
        }
    }

    /// Appends the entries of one `<<` source whose keys are not `seen` yet.
    fn merge_source<'r>(
        &'r self,
        source: &'r Node,
        merge: &'r Entry,
        depth: usize,
        seen: &mut KeySet<'r>,
        out: &mut Vec<ViewEntry<'r>>,
    ) {
        let Some(mapping) = source.as_mapping() else {
            return;
        };
        if mapping.entries.iter().any(|e| e.is_merge(self.file)) {
            let mut inner = Vec::new();
            self.entries(source, depth + 1, &mut inner);
            for merged in inner {
                if merged.key_str().is_none_or(|key| seen.insert(key)) {
                    out.push(ViewEntry {
                        merged_by: merged.merged_by.or(Some(merge)),
                        ..merged
                    });
                }
            }
        } else if self.charge(mapping.entries.len() as u64, source.range) {
            for entry in &mapping.entries {
                if entry.key_str().is_none_or(|key| seen.insert(key)) {
                    out.push(ViewEntry {
                        entry,
                        value: self.view(&entry.value),
                        merged_by: Some(merge),
                    });
                }
            }
        }
    }
}

/// How many keys a [`KeySet`] holds inline before it hashes them.
const INLINE_KEYS: usize = 16;

/// A set of keys: an inline list while small (most mappings), hashed past [`INLINE_KEYS`].
struct KeySet<'a> {
    list: [&'a str; INLINE_KEYS],
    len: usize,
    hashed: Option<HashSet<&'a str>>,
}

impl<'a> KeySet<'a> {
    fn new() -> Self {
        Self {
            list: [""; INLINE_KEYS],
            len: 0,
            hashed: None,
        }
    }

    /// Adds `key`; returns `false` if it was already there.
    fn insert(&mut self, key: &'a str) -> bool {
        if let Some(hashed) = &mut self.hashed {
            return hashed.insert(key);
        }
        let list = self.list.get(..self.len).unwrap_or_default();
        if list.contains(&key) {
            return false;
        }
        if let Some(slot) = self.list.get_mut(self.len) {
            *slot = key;
            self.len += 1;
        } else {
            let mut hashed: HashSet<&'a str> = self.list.iter().copied().collect();
            hashed.insert(key);
            self.hashed = Some(hashed);
        }
        true
    }
}

/// A node seen through a [`Resolver`]: aliases followed, merges applied.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    resolver: &'a Resolver<'a>,
    node: &'a Node,
    alias: Option<&'a Node>,
}

impl<'a> View<'a> {
    /// Returns the node viewed: for an alias, the anchored node it refers to.
    pub fn node(&self) -> &'a Node {
        self.node
    }

    /// Returns the file the viewed node belongs to (for its [`Node::props`]).
    pub fn file(&self) -> &'a YamlFile {
        self.resolver.file
    }

    /// Returns the alias node this view was reached through, if any.
    pub fn alias(&self) -> Option<&'a Node> {
        self.alias
    }

    /// Returns the range written at the place of use: the alias (`*a`) if reached through
    /// one, else the node's own content range.
    pub fn use_range(&self) -> TextRange {
        self.alias.map_or(self.node.range, |a| a.range)
    }

    /// Returns the scalar, if the viewed node is one.
    pub fn as_scalar(&self) -> Option<&'a Scalar> {
        self.node.as_scalar()
    }

    /// Returns whether the viewed node is a mapping.
    pub fn is_mapping(&self) -> bool {
        self.node.as_mapping().is_some()
    }

    /// Returns whether the viewed node is a sequence.
    pub fn is_sequence(&self) -> bool {
        self.node.as_sequence().is_some()
    }

    /// Returns whether the viewed node is a YAML null (`~`, `null`, empty).
    pub fn is_null(&self) -> bool {
        self.node.as_scalar().is_some_and(Scalar::is_null)
    }

    /// Returns the tag as written (`!reset`), if any.
    pub fn tag(&self) -> Option<&'a str> {
        self.node.tag(self.resolver.file).map(|t| t.value.as_str())
    }

    /// Returns a mapping's effective entries: own entries in source order, with the entries
    /// of `<<` merges spliced in at the merge key, minus keys the mapping sets itself or an
    /// earlier merge source already gave. Empty for anything but a mapping, and once the
    /// budget is spent.
    pub fn entries(&self) -> ViewEntries<'a> {
        let resolver = self.resolver;
        let inner = match self.node.as_mapping() {
            None => EntriesInner::Merged(Vec::new().into_iter()),
            Some(mapping) if !mapping.entries.iter().any(|e| e.is_merge(resolver.file)) => {
                if resolver.charge(mapping.entries.len() as u64, self.node.range) {
                    EntriesInner::Direct(resolver, mapping.entries.iter())
                } else {
                    EntriesInner::Merged(Vec::new().into_iter())
                }
            }
            Some(_) => {
                let mut out = Vec::new();
                resolver.entries(self.node, 0, &mut out);
                EntriesInner::Merged(out.into_iter())
            }
        };
        ViewEntries { inner }
    }

    /// Returns the effective value of `key` in a mapping (the last entry with that key).
    pub fn get(&self, key: &str) -> Option<View<'a>> {
        self.entry(key).map(|e| e.value)
    }

    /// Returns the effective entry of `key` in a mapping (the last entry with that key).
    pub fn entry(&self, key: &str) -> Option<ViewEntry<'a>> {
        self.entries().rev().find(|e| e.key_str() == Some(key))
    }

    /// Returns a sequence's items, aliases followed. Empty for anything but a sequence, and
    /// once the budget is spent.
    pub fn items(&self) -> ViewItems<'a> {
        let items: &'a [Node] = match self.node.as_sequence() {
            Some(sequence)
                if self
                    .resolver
                    .charge(sequence.items.len() as u64, self.node.range) =>
            {
                &sequence.items
            }
            _ => &[],
        };
        ViewItems {
            resolver: self.resolver,
            iter: items.iter(),
        }
    }

    /// Names the viewed node's kind for messages (`a mapping`, `null`…).
    pub fn kind_name(&self) -> &'static str {
        self.node.kind_name()
    }
}

/// The effective entries of a mapping [`View`] (see [`View::entries`]).
#[derive(Debug, Clone)]
pub struct ViewEntries<'a> {
    inner: EntriesInner<'a>,
}

#[derive(Debug, Clone)]
enum EntriesInner<'a> {
    /// A mapping without merge keys: its own entries, nothing to allocate.
    Direct(&'a Resolver<'a>, std::slice::Iter<'a, Entry>),
    /// Entries computed with merges applied.
    Merged(std::vec::IntoIter<ViewEntry<'a>>),
}

fn direct<'a>(resolver: &'a Resolver<'a>, entry: &'a Entry) -> ViewEntry<'a> {
    ViewEntry {
        entry,
        value: resolver.view(&entry.value),
        merged_by: None,
    }
}

impl<'a> Iterator for ViewEntries<'a> {
    type Item = ViewEntry<'a>;

    fn next(&mut self) -> Option<ViewEntry<'a>> {
        match &mut self.inner {
            EntriesInner::Direct(resolver, iter) => iter.next().map(|e| direct(resolver, e)),
            EntriesInner::Merged(iter) => iter.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            EntriesInner::Direct(_, iter) => iter.size_hint(),
            EntriesInner::Merged(iter) => iter.size_hint(),
        }
    }
}

impl DoubleEndedIterator for ViewEntries<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            EntriesInner::Direct(resolver, iter) => iter.next_back().map(|e| direct(resolver, e)),
            EntriesInner::Merged(iter) => iter.next_back(),
        }
    }
}

impl ExactSizeIterator for ViewEntries<'_> {}

/// The items of a sequence [`View`], aliases followed (see [`View::items`]).
#[derive(Debug, Clone)]
pub struct ViewItems<'a> {
    resolver: &'a Resolver<'a>,
    iter: std::slice::Iter<'a, Node>,
}

impl<'a> Iterator for ViewItems<'a> {
    type Item = View<'a>;

    fn next(&mut self) -> Option<View<'a>> {
        self.iter.next().map(|item| self.resolver.view(item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl<'a> DoubleEndedIterator for ViewItems<'a> {
    fn next_back(&mut self) -> Option<View<'a>> {
        self.iter.next_back().map(|item| self.resolver.view(item))
    }
}

impl ExactSizeIterator for ViewItems<'_> {}

/// One effective entry of a mapping [`View`].
#[derive(Debug, Clone, Copy)]
pub struct ViewEntry<'a> {
    /// The entry as written (in the anchored mapping, for a merged entry).
    pub entry: &'a Entry,
    /// The value, aliases followed.
    pub value: View<'a>,
    /// The `<<` entry of the viewed mapping that brought this entry in; `None` for its own.
    pub merged_by: Option<&'a Entry>,
}

impl<'a> ViewEntry<'a> {
    /// Returns the key node as written.
    pub fn key(&self) -> &'a Node {
        &self.entry.key
    }

    /// Returns the key's value when it is a scalar.
    pub fn key_str(&self) -> Option<&'a str> {
        self.entry.key_str()
    }

    /// Returns the range of the entry as written (see [`Entry::range`]).
    pub fn range(&self) -> TextRange {
        self.entry.range(self.value.resolver.file)
    }
}
