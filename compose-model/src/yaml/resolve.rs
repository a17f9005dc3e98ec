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
    used: Cell<u64>,
    /// Problems found up front: merge values that are not mappings.
    errors: Vec<SyntaxError>,
    /// Problems found while viewing: budget or merge depth exceeded (at most one each).
    late_errors: RefCell<Vec<SyntaxError>>,
}

impl<'a> Resolver<'a> {
    /// Prepares `file` for viewing with the default budget.
    pub fn new(file: &'a YamlFile) -> Self {
        let nodes = file.documents.iter().flat_map(|d| d.descendants()).count();
        let budget = (nodes as u64).saturating_mul(100).max(1_000_000);
        Self::with_budget(file, budget)
    }

    /// Prepares `file` for viewing; views may produce at most `budget` nodes in total.
    pub fn with_budget(file: &'a YamlFile, budget: u64) -> Self {
        let mut anchors = HashMap::new();
        for node in file.documents.iter().flat_map(|d| d.descendants()) {
            if let Some(anchor) = &node.anchor {
                anchors.insert(anchor.range.start(), node);
            }
        }
        let mut resolver = Self {
            file,
            anchors,
            budget,
            used: Cell::new(0),
            errors: Vec::new(),
            late_errors: RefCell::new(Vec::new()),
        };
        resolver.errors = resolver.check_merges();
        resolver
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

    /// Checks every `<<` value: a mapping, or a sequence of mappings (aliases followed).
    fn check_merges(&self) -> Vec<SyntaxError> {
        let mut errors = Vec::new();
        for node in self.file.documents.iter().flat_map(|d| d.descendants()) {
            let Some(mapping) = node.as_mapping() else {
                continue;
            };
            for entry in mapping.entries.iter().filter(|e| e.is_merge()) {
                let value = self.deref(&entry.value);
                let ok = match &value.value {
                    NodeValue::Mapping(_) => true,
                    NodeValue::Sequence(s) => s
                        .items
                        .iter()
                        .all(|item| self.deref(item).as_mapping().is_some()),
                    NodeValue::Scalar(_) | NodeValue::Alias(_) => false,
                };
                if !ok {
                    errors.push(SyntaxError::InvalidMerge {
                        span: span(entry.value.range),
                    });
                }
            }
        }
        errors
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
        if !mapping.entries.iter().any(Entry::is_merge) {
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
        let own: HashSet<&str> = mapping
            .entries
            .iter()
            .filter(|e| !e.is_merge())
            .filter_map(Entry::key_str)
            .collect();
        let mut merged_keys: HashSet<String> = HashSet::new();
        for entry in &mapping.entries {
            if !entry.is_merge() {
                out.push(ViewEntry {
                    entry,
                    value: self.view(&entry.value),
                    merged_by: None,
                });
                continue;
            }
            let value = self.deref(&entry.value);
            let sources: Vec<&Node> = match &value.value {
                NodeValue::Sequence(s) => s.items.iter().map(|item| self.deref(item)).collect(),
                _ => vec![value],
            };
            for source in sources {
                let mut inner = Vec::new();
                self.entries(source, depth + 1, &mut inner);
                for merged in inner {
                    let key = merged.key_str();
                    if key.is_some_and(|k| own.contains(k) || merged_keys.contains(k)) {
                        continue;
                    }
                    if let Some(key) = key {
                        merged_keys.insert(key.to_owned());
                    }
                    out.push(ViewEntry {
                        merged_by: merged.merged_by.or(Some(entry)),
                        ..merged
                    });
                }
            }
        }
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
        self.node.tag.as_ref().map(|t| t.value.as_str())
    }

    /// Returns a mapping's effective entries: own entries in source order, with the entries
    /// of `<<` merges spliced in at the merge key, minus keys the mapping sets itself or an
    /// earlier merge source already gave. Empty for anything but a mapping, and once the
    /// budget is spent.
    pub fn entries(&self) -> Vec<ViewEntry<'a>> {
        let mut out = Vec::new();
        self.resolver.entries(self.node, 0, &mut out);
        out
    }

    /// Returns the effective value of `key` in a mapping (the last entry with that key).
    pub fn get(&self, key: &str) -> Option<View<'a>> {
        self.entry(key).map(|e| e.value)
    }

    /// Returns the effective entry of `key` in a mapping (the last entry with that key).
    pub fn entry(&self, key: &str) -> Option<ViewEntry<'a>> {
        self.entries()
            .into_iter()
            .rev()
            .find(|e| e.key_str() == Some(key))
    }

    /// Returns a sequence's items, aliases followed. Empty for anything but a sequence, and
    /// once the budget is spent.
    pub fn items(&self) -> Vec<View<'a>> {
        let Some(sequence) = self.node.as_sequence() else {
            return Vec::new();
        };
        if !self
            .resolver
            .charge(sequence.items.len() as u64, self.node.range)
        {
            return Vec::new();
        }
        sequence
            .items
            .iter()
            .map(|item| self.resolver.view(item))
            .collect()
    }

    /// Names the viewed node's kind for messages (`a mapping`, `null`…).
    pub fn kind_name(&self) -> &'static str {
        self.node.kind_name()
    }
}

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
}
