//! YAML edits on the span-carrying tree of `compose_model::yaml`: delete a mapping entry or a
//! sequence item, and widen a deletion over the keys it leaves empty. Everything outside the
//! deleted range stays byte for byte: indentation, quoting, line endings (a CRLF file stays
//! CRLF, since whole lines are taken with their own line ending) and the other comments.
//!
//! - **Block style** takes whole lines: the entry's lines, the comment at the end of its last
//!   line, the comment lines directly above it at its own indentation (they document it; a
//!   comment indented deeper belongs to the entry above, one indented less to the section), and
//!   the comment lines directly below it indented deeper (its commented-out content).
//! - **Flow style** (`{a: 1, b: 2}`, `[a, b]`) takes the element and one comma.
//!
//! A deletion is refused (`None`) where the layout is one these helpers do not edit safely:
//! an element sharing its line with something other than its own `- ` (`- - a`), code after it
//! on its last line, or an `&anchor` inside it (an alias elsewhere may need it).

use compose_model::yaml::{Entry, Mapping, Node, NodeValue, Sequence, YamlFile};
use text_size::{TextRange, TextSize};

use super::edits::{line_end_inclusive, line_start, whole_lines, with_one_blank_line_removed};
use super::{Applicability, Edit, Fix};
use crate::source::FileId;

/// A range to delete, and whether a comment goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deletion {
    /// The bytes to delete.
    pub range: TextRange,
    /// Whether a comment lies (partly) inside `range`: the fix is then unsafe.
    pub deletes_comment: bool,
}

impl Deletion {
    /// The deletion as an edit of `file`.
    pub fn edit(&self, file: FileId) -> Edit {
        Edit::delete(file, self.range)
    }

    /// A fix of one deletion: safe unless it takes a comment.
    pub fn fix(&self, file: FileId, message: impl Into<String>) -> Fix {
        let applicability = if self.deletes_comment {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        Fix::new(applicability, message, [self.edit(file)])
    }
}

/// One level of a path into the tree: an element of a container.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// Entry `index` of a mapping.
    Entry(&'a Mapping, usize),
    /// Item `index` of a sequence.
    Item(&'a Sequence, usize),
}

impl<'a> Step<'a> {
    /// How many elements the container holds.
    fn len(self) -> usize {
        match self {
            Step::Entry(m, _) => m.entries.len(),
            Step::Item(s, _) => s.items.len(),
        }
    }

    /// The node holding the rest of the path (the entry's value, or the item).
    pub fn node(self) -> Option<&'a Node> {
        match self {
            Step::Entry(m, i) => m.entries.get(i).map(|e| &e.value),
            Step::Item(s, i) => s.items.get(i),
        }
    }

    /// The mapping entry this step selects, if it is one.
    pub fn entry(self) -> Option<&'a Entry> {
        match self {
            Step::Entry(m, i) => m.entries.get(i),
            Step::Item(..) => None,
        }
    }

    fn delete(self, tree: &YamlFile, text: &str, comments: &[TextRange]) -> Option<Deletion> {
        match self {
            Step::Entry(m, i) => delete_mapping_entry(tree, text, comments, m, i),
            Step::Item(s, i) => delete_sequence_item(tree, text, comments, s, i),
        }
    }
}

/// Finds the element whose range is `range` — a mapping entry ([`Entry::range`] or its key's
/// range) or a sequence item (its range, with or without properties) — and returns the path
/// to it from a document root, outermost first. Aliases are not followed: the path leads to
/// where the text is written.
pub fn locate(file: &YamlFile, range: TextRange) -> Option<Vec<Step<'_>>> {
    let doc = file
        .documents
        .iter()
        .find(|d| d.full_range(file).contains_range(range))?;
    let mut path = Vec::new();
    let mut node = doc;
    loop {
        let next = match &node.value {
            NodeValue::Mapping(m) => {
                // Entries are in source order: the only one that may hold `range` is the
                // first that ends at or after it.
                let i = m
                    .entries
                    .partition_point(|e| e.range(file).end() < range.end());
                let entry = m.entries.get(i).filter(|e| {
                    e.range(file).contains_range(range)
                        && (e.value.full_range(file).contains_range(range)
                            || e.range(file) == range
                            || e.key.range == range)
                })?;
                path.push(Step::Entry(m, i));
                if entry.range(file) == range || entry.key.range == range {
                    return Some(path);
                }
                &entry.value
            }
            NodeValue::Sequence(s) => {
                let i = s
                    .items
                    .partition_point(|item| item.full_range(file).end() < range.end());
                let item = s
                    .items
                    .get(i)
                    .filter(|item| item.full_range(file).contains_range(range))?;
                path.push(Step::Item(s, i));
                if item.range == range || item.full_range(file) == range {
                    return Some(path);
                }
                item
            }
            NodeValue::Scalar(_) | NodeValue::Alias(_) => return None,
        };
        node = next;
    }
}

/// Deletes the last element of `path` and, while that leaves its container empty, the
/// element holding the container, up to the first step of `path` (pass only the levels that
/// may go). When a wider deletion is refused, a narrower one is tried.
///
/// `tree` is the file's YAML tree (the one `path` was [`locate`]d in), `comments` its comment
/// ranges (`ComposeData::comments`).
pub fn delete_with_empty_parents(
    tree: &YamlFile,
    text: &str,
    comments: &[TextRange],
    path: &[Step<'_>],
) -> Option<Deletion> {
    let last = path.len().checked_sub(1)?;
    let mut widest = last;
    while widest > 0 && path[widest].len() == 1 {
        widest -= 1;
    }
    (widest..=last).find_map(|level| path[level].delete(tree, text, comments))
}

/// Deletes entry `index` of `mapping` (see the module docs for what goes with it); `tree` is
/// the file's YAML tree, which holds `mapping`.
pub fn delete_mapping_entry(
    tree: &YamlFile,
    text: &str,
    comments: &[TextRange],
    mapping: &Mapping,
    index: usize,
) -> Option<Deletion> {
    let entry = mapping.entries.get(index)?;
    if has_anchor(tree, &entry.key) || has_anchor(tree, &entry.value) {
        return None;
    }
    let range = entry.range(tree);
    let ranges: Vec<TextRange> = mapping.entries.iter().map(|e| e.range(tree)).collect();
    if mapping.flow || opened_by(text, &ranges, b'{') {
        return flow(text, comments, &ranges, index);
    }
    let start = range.start();
    let prefix = &text[usize::from(line_start(text, start))..usize::from(start)];
    if !prefix.trim().is_empty() {
        // `- key: v` (a mapping that is a sequence item): its first entry shares the line
        // with the `-`. Delete up to the next entry's key, which then follows the `-`.
        if prefix.trim() != "-" || index != 0 {
            return None;
        }
        let next = mapping.entries.get(1)?.key.full_range(tree).start();
        return Some(deletion(comments, TextRange::new(start, next)));
    }
    block(text, comments, range)
}

/// Deletes item `index` of `sequence` (see the module docs for what goes with it); `tree` is
/// the file's YAML tree, which holds `sequence`.
pub fn delete_sequence_item(
    tree: &YamlFile,
    text: &str,
    comments: &[TextRange],
    sequence: &Sequence,
    index: usize,
) -> Option<Deletion> {
    let item = sequence.items.get(index)?;
    if has_anchor(tree, item) {
        return None;
    }
    let ranges: Vec<TextRange> = sequence.items.iter().map(|n| n.full_range(tree)).collect();
    if sequence.flow || opened_by(text, &ranges, b'[') {
        return flow(text, comments, &ranges, index);
    }
    let range = item.full_range(tree);
    // The `-` before the item, on its line or (`-` alone) on a line above.
    let before = &text[..usize::from(range.start())];
    let dash = before.trim_end_matches([' ', '\t', '\r', '\n']);
    if !dash.ends_with('-') {
        return None;
    }
    let dash = TextSize::try_from(dash.len() - 1).ok()?;
    if !text[usize::from(line_start(text, dash))..usize::from(dash)]
        .trim()
        .is_empty()
    {
        return None;
    }
    block(text, comments, TextRange::new(dash, range.end()))
}

/// Whether the first element at `ranges` follows `bracket` (blanks between): a flow collection
/// whose tree says otherwise (compose-model marks `{ a: 1 }`, with a blank after the bracket,
/// as block style and ranges it without its brackets).
fn opened_by(text: &str, ranges: &[TextRange], bracket: u8) -> bool {
    ranges.first().is_some_and(|first| {
        text[..usize::from(first.start())]
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .as_bytes()
            .last()
            == Some(&bracket)
    })
}

/// Whether `node` (of `tree`) or anything below it carries an `&anchor`.
fn has_anchor(tree: &YamlFile, node: &Node) -> bool {
    node.descendants().any(|n| n.anchor(tree).is_some())
}

/// The element `index` of a flow collection whose elements are at `ranges`, with one comma.
fn flow(
    text: &str,
    comments: &[TextRange],
    ranges: &[TextRange],
    index: usize,
) -> Option<Deletion> {
    let this = *ranges.get(index)?;
    let range = if let Some(next) = ranges.get(index + 1) {
        TextRange::new(this.start(), next.start())
    } else if let Some(prev) = index.checked_sub(1).and_then(|i| ranges.get(i)) {
        TextRange::new(prev.end(), this.end())
    } else {
        this
    };
    // Only separators, whitespace and comments may lie between the elements.
    let gap = |a: TextSize, b: TextSize| {
        let between = TextRange::new(a, b.max(a));
        strip_comments(&text[between], between.start(), comments)
            .chars()
            .all(|c| c == ',' || c.is_whitespace())
    };
    let clean = if range.start() == this.start() {
        gap(this.end(), range.end())
    } else {
        gap(range.start(), this.start())
    };
    clean.then(|| deletion(comments, range))
}

/// `slice` (starting at `offset` in the file) with the comments in it blanked out.
fn strip_comments(slice: &str, offset: TextSize, comments: &[TextRange]) -> String {
    let mut out = slice.to_owned();
    let span = TextRange::at(offset, TextSize::of(slice));
    for comment in comments {
        if let Some(inside) = span.intersect(*comment) {
            let local = inside - offset;
            out.replace_range(
                usize::from(local.start())..usize::from(local.end()),
                &" ".repeat(usize::from(local.len())),
            );
        }
    }
    out
}

/// Whole lines for a block element starting at `range.start()` (a key or a `-`), with the
/// comment lines that belong to it.
fn block(text: &str, comments: &[TextRange], range: TextRange) -> Option<Deletion> {
    // Nothing but a comment may follow the element on its last line.
    let end = usize::from(range.end());
    let ends_line = end > 0 && text.as_bytes().get(end - 1) == Some(&b'\n');
    if !ends_line {
        let rest_end = usize::from(line_end_inclusive(text, range.end()));
        let rest = text[end..rest_end].trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            return None;
        }
    }
    let column = usize::from(range.start() - line_start(text, range.start()));
    let mut lines = whole_lines(text, range);
    // Comment lines directly above, at the element's own indentation.
    while lines.start() > TextSize::new(0) {
        let above = line_start(text, lines.start() - TextSize::new(1));
        let line = &text[usize::from(above)..usize::from(lines.start())];
        if comment_indent(line) == Some(column) {
            lines = TextRange::new(above, lines.end());
        } else {
            break;
        }
    }
    // Comment lines directly below, indented deeper: the element's commented-out content.
    while usize::from(lines.end()) < text.len() {
        let below = line_end_inclusive(text, lines.end());
        let line = &text[usize::from(lines.end())..usize::from(below)];
        if comment_indent(line).is_some_and(|indent| indent > column) {
            lines = TextRange::new(lines.start(), below);
        } else {
            break;
        }
    }
    let lines = with_one_blank_line_removed(text, lines);
    Some(deletion(comments, lines))
}

/// The indentation of a line holding only a comment.
fn comment_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    trimmed.starts_with('#').then(|| line.len() - trimmed.len())
}

fn deletion(comments: &[TextRange], range: TextRange) -> Deletion {
    Deletion {
        range,
        deletes_comment: comments
            .iter()
            .any(|c| c.intersect(range).is_some_and(|i| !i.is_empty())),
    }
}

#[cfg(test)]
mod tests;
