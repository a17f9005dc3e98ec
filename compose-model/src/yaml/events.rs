//! Building the [`YamlFile`] tree from `saphyr-parser` events.
//!
//! The builder keeps an explicit stack of open collections (no recursion), bounded by
//! [`MAX_DEPTH`]. Each event's span is converted to bytes by [`Offsets::byte`] and then
//! corrected against the source text (see [`super::source`]).

use std::borrow::Cow;

use ecow::EcoString;
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, ScanError, Span, Tag};
use text_size::TextRange;
use thin_vec::ThinVec;

use super::node::{
    Alias, Entry, Mapping, Node, NodeProps, NodeValue, PropsId, Scalar, ScalarStyle, Sequence,
    YamlFile,
};
use super::offsets::Offsets;
use super::source::{self, Props, range};
use crate::error::{Parse, SyntaxError, span};

/// How deep collections may nest. Past it, parsing stops with [`SyntaxError::TooDeep`].
pub const MAX_DEPTH: usize = 256;

/// Parses `text` into its YAML documents.
///
/// Always returns a tree: after a syntax error it holds the nodes read before it, with open
/// collections closed. Duplicate keys and recursive aliases are reported and kept.
///
/// # Example
///
/// ```
/// let parse = compose_model::yaml::parse("services:\n  web:\n    image: nginx\n");
/// assert!(parse.errors.is_empty());
/// let root = parse.tree.documents[0].as_mapping().unwrap();
/// assert_eq!(root.entries[0].key_str(), Some("services"));
/// ```
pub fn parse(text: &str) -> Parse<YamlFile> {
    if u32::try_from(text.len()).is_err() {
        return Parse {
            tree: YamlFile::default(),
            errors: vec![SyntaxError::Yaml {
                message: "file is larger than 4 GiB".to_owned(),
                span: span(TextRange::default()),
            }],
        };
    }
    let mut patched: Option<String> = None;
    for _ in 0..MAX_FLOW_PATCHES {
        let source = patched.as_deref().unwrap_or(text);
        let mut builder = Builder::new(source);
        builder.run();
        if let Some((from, to)) = builder.flow_indent_error
            && let Some(next) = unindent_flow(source, from, to)
        {
            patched = Some(next);
            continue;
        }
        let (tree, errors) = builder.finish();
        return Parse { tree, errors };
    }
    let mut builder = Builder::new(patched.as_deref().unwrap_or(text));
    builder.run();
    Parse {
        tree: builder.file,
        errors: builder.errors,
    }
}

/// How many flow-indentation repairs [`parse`] tries before it reports the error.
const MAX_FLOW_PATCHES: usize = 32;

/// Repairs a flow collection token that sits left of its block's indentation, which saphyr
/// rejects ("invalid indentation") and Docker Compose's YAML reader (go-yaml) accepts:
///
/// ```yaml
///     test: [
///       "CMD", "true",
///     ]
/// ```
///
/// Returns a copy of `text` where the line breaks and comments between the last token
/// (`from`) and the offending one (`to`) are spaces, which moves the token onto the previous
/// line. Byte offsets do not change, so the tree's ranges hold for the original text; inside a
/// flow collection, line breaks between tokens are plain separators. Returns `None` when
/// anything but blanks, `,` and comments lies between the two tokens.
fn unindent_flow(text: &str, from: usize, to: usize) -> Option<String> {
    let gap = text.as_bytes().get(from..to)?;
    let mut out = Vec::with_capacity(gap.len());
    let mut in_comment = false;
    let mut changed = false;
    for (i, &byte) in gap.iter().enumerate() {
        let after_blank = i == 0 || gap.get(i - 1).is_some_and(u8::is_ascii_whitespace);
        if byte == b'#' && after_blank {
            in_comment = true;
        }
        let blank = match byte {
            b'\n' => {
                in_comment = false;
                true
            }
            b'\r' => true,
            _ if in_comment => true,
            b' ' | b'\t' | b',' => false,
            _ => return None,
        };
        changed |= blank;
        out.push(if blank { b' ' } else { byte });
    }
    if !changed {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    bytes.get_mut(from..to)?.copy_from_slice(&out);
    // Whole characters (ASCII line breaks, whole comment lines) were replaced by spaces.
    String::from_utf8(bytes).ok()
}

/// An open collection.
struct Frame {
    /// The collection's anchor and tag, already in the file's table.
    props: Option<PropsId>,
    /// The byte after the collection's last property (its start when it has none).
    props_end: usize,
    anchor_id: usize,
    /// Where the content starts when known from the start event (brackets, `-`).
    start: Option<usize>,
    /// Written with brackets (`{`/`[`), so the end event carries the closing bracket.
    bracketed: bool,
    /// Inside a flow collection (an implicit `[a: 1]` pair counts as flow).
    flow: bool,
    kind: FrameKind,
}

/// An open collection's children accumulate on the builder's shared `entries`/`items` stacks
/// from `start`; closing moves them into one exactly sized `Vec`.
enum FrameKind {
    Mapping { start: usize, key: Option<Node> },
    Sequence { start: usize },
}

/// An anchor seen so far, by saphyr anchor id.
#[derive(Clone, Copy)]
struct AnchorSlot {
    range: TextRange,
    /// The anchored collection is still open: an alias to it is recursive.
    open: bool,
}

struct Builder<'t> {
    text: &'t str,
    offsets: Offsets<'t>,
    /// The documents finished so far, and the properties read so far.
    file: YamlFile,
    stack: Vec<Frame>,
    /// Entries of the open mappings, innermost last.
    entries: Vec<Entry>,
    /// Items of the open sequences, innermost last.
    items: Vec<Node>,
    anchors: Vec<Option<AnchorSlot>>,
    errors: Vec<SyntaxError>,
    /// Byte end of the last token consumed; block scalar headers are searched from here.
    last_end: usize,
    /// Set when saphyr stops with "invalid indentation" inside a flow collection: the end of
    /// the last token and the offset of the rejected one (see [`unindent_flow`]).
    flow_indent_error: Option<(usize, usize)>,
    /// The scalars longer than [`EcoString`]'s inline size, by range in source order: their
    /// strings are made once the tree is built (see [`Deferred`]).
    deferred: Vec<(TextRange, Deferred)>,
}

/// The value of a long scalar, kept aside while the tree is built: its nodes are allocated
/// first and the strings after them, all together. The model shares these strings; when the
/// tree is dropped, its nodes then leave one large free region rather than a sieve of holes
/// between strings that later allocations could not use.
enum Deferred {
    /// The value is these bytes of the source (nearly every long value).
    Slice(u32, u32),
    /// The value as decoded (escapes, folded lines, block scalars).
    Owned(Box<str>),
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            offsets: Offsets::new(text),
            file: YamlFile::default(),
            stack: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
            anchors: Vec::new(),
            errors: Vec::new(),
            last_end: 0,
            flow_indent_error: None,
            deferred: Vec::new(),
        }
    }

    /// The value of the deferred scalar at `range`, while the tree is being built.
    fn deferred_value(&self, range: TextRange) -> Option<&str> {
        let at = self
            .deferred
            .binary_search_by_key(&range.start(), |(r, _)| r.start())
            .ok()?;
        match self.deferred.get(at)? {
            (r, Deferred::Slice(start, end)) if *r == range => {
                self.text.get(*start as usize..*end as usize)
            }
            (r, Deferred::Owned(value)) if *r == range => Some(value),
            _ => None,
        }
    }

    /// Gives the deferred scalars their strings, in source order, and returns the tree.
    fn finish(mut self) -> (YamlFile, Vec<SyntaxError>) {
        let mut deferred = std::mem::take(&mut self.deferred).into_iter().peekable();
        let text = self.text;
        let mut stack: Vec<&mut Node> = self.file.documents.iter_mut().rev().collect();
        // Stops once every deferred value has its string (most small files have none).
        while deferred.peek().is_some()
            && let Some(node) = stack.pop()
        {
            match &mut node.value {
                NodeValue::Mapping(mapping) => {
                    for entry in mapping.entries.iter_mut().rev() {
                        stack.push(&mut entry.value);
                        stack.push(&mut entry.key);
                    }
                }
                NodeValue::Sequence(sequence) => stack.extend(sequence.items.iter_mut().rev()),
                NodeValue::Scalar(scalar) => {
                    // Skip values of nodes the builder dropped (after a syntax error).
                    while deferred
                        .next_if(|(r, _)| r.start() < node.range.start())
                        .is_some()
                    {}
                    if let Some((_, value)) = deferred.next_if(|(r, _)| *r == node.range) {
                        scalar.value = match value {
                            Deferred::Slice(start, end) => crate::spanned::eco(
                                text.get(start as usize..end as usize).unwrap_or_default(),
                            ),
                            Deferred::Owned(value) => crate::spanned::eco(&value),
                        };
                    }
                }
                NodeValue::Alias(_) => {}
            }
        }
        (self.file, self.errors)
    }

    fn run(&mut self) {
        let mut parser = Parser::new_from_str(self.text);
        loop {
            match parser.next_event() {
                None => break,
                Some(Err(error)) => {
                    self.scan_error(&error);
                    break;
                }
                Some(Ok((event, span))) => {
                    if !self.event(event, span) {
                        break;
                    }
                }
            }
        }
        while !self.stack.is_empty() {
            self.close(None);
        }
    }

    /// Handles one event; returns `false` to stop parsing.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        let (start, end) = (self.offsets.byte(&span.start), self.offsets.byte(&span.end));
        match event {
            Event::Scalar(value, style, anchor_id, tag) => {
                let node = self.scalar(&value, style, anchor_id, tag.as_ref(), start, end);
                self.attach(node);
            }
            Event::Alias(id) => {
                let node = self.alias(id, start, end);
                self.attach(node);
            }
            Event::MappingStart(anchor_id, tag) => {
                return self.open(true, anchor_id, tag.as_ref(), start, end);
            }
            Event::SequenceStart(anchor_id, tag) => {
                return self.open(false, anchor_id, tag.as_ref(), start, end);
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(Some(end)),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {}
        }
        true
    }

    fn scan_error(&mut self, error: &ScanError) {
        let at = self.offsets.byte(error.marker());
        let next = self.text.get(at..).and_then(|s| s.chars().next());
        let len = next.map_or(0, char::len_utf8);
        if error.info() == "invalid indentation" && self.stack.last().is_some_and(|f| f.flow) {
            self.flow_indent_error = Some((self.last_end, at));
        }
        self.errors.push(SyntaxError::Yaml {
            message: error.info().to_owned(),
            span: span(range(at, at + len)),
        });
    }

    /// Reads properties when the event has any; saphyr then starts the span at the first one.
    fn props(&self, anchor_id: usize, tag: Option<&Cow<'_, Tag>>, start: usize) -> Props {
        if anchor_id == 0 && tag.is_none() {
            Props {
                end: start,
                ..Props::default()
            }
        } else {
            source::props(self.text, start)
        }
    }

    fn scalar(
        &mut self,
        value: &str,
        style: SaphyrStyle,
        anchor_id: usize,
        tag: Option<&Cow<'_, Tag>>,
        start: usize,
        end: usize,
    ) -> Node {
        let bytes = self.text.as_bytes();
        let props = self.props(anchor_id, tag, start);
        let has_props = props.anchor.is_some() || props.tag.is_some();
        let content = if has_props {
            source::skip_blank_and_comments(bytes, props.end)
        } else {
            start
        };
        let (style, range) = match style {
            SaphyrStyle::Plain if value.is_empty() => {
                // An empty value sits where saphyr puts it: on the `:` after its key (`a:`),
                // after properties (`- &x`); the range goes after the `:`.
                let at = if has_props {
                    props.end
                } else if bytes.get(start) == Some(&b':') {
                    start + 1
                } else {
                    start
                };
                (ScalarStyle::Plain, range(at, at))
            }
            SaphyrStyle::Plain => (ScalarStyle::Plain, range(content, end)),
            SaphyrStyle::SingleQuoted | SaphyrStyle::DoubleQuoted => {
                let style = if style == SaphyrStyle::SingleQuoted {
                    ScalarStyle::SingleQuoted
                } else {
                    ScalarStyle::DoubleQuoted
                };
                (style, range(content, source::quoted_end(bytes, content)))
            }
            SaphyrStyle::Literal | SaphyrStyle::Folded => {
                let style = if style == SaphyrStyle::Literal {
                    ScalarStyle::Literal
                } else {
                    ScalarStyle::Folded
                };
                let from = if has_props { props.end } else { self.last_end };
                let header = source::block_header(bytes, from, end.max(start)).unwrap_or(start);
                (style, range(header, source::block_end(bytes, header, end)))
            }
        };
        self.last_end = usize::from(range.end());
        self.define_anchor(anchor_id, &props, false);
        let value = if value.len() > EcoString::INLINE_LIMIT {
            let source = self.slice_of(value, range).map_or_else(
                || Deferred::Owned(value.into()),
                |(start, end)| Deferred::Slice(start, end),
            );
            self.deferred.push((range, source));
            EcoString::new()
        } else {
            crate::spanned::eco(value)
        };
        Node {
            range,
            value: NodeValue::Scalar(Scalar {
                style,
                props: self.add_props(props),
                value,
            }),
        }
    }

    /// Where `value` is written verbatim in the scalar at `range` (plain, or inside quotes).
    fn slice_of(&self, value: &str, range: TextRange) -> Option<(u32, u32)> {
        let (start, end) = (u32::from(range.start()), u32::from(range.end()));
        [(start, end), (start + 1, end.saturating_sub(1))]
            .into_iter()
            .find(|&(a, b)| self.text.get(a as usize..b as usize) == Some(value))
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) -> Node {
        let name = crate::spanned::eco(self.text.get(start + 1..end).unwrap_or_default());
        let node_range = range(start, end);
        self.last_end = end;
        let target = match self.anchors.get(id).copied().flatten() {
            Some(slot) if slot.open => {
                self.errors.push(SyntaxError::RecursiveAlias {
                    name: name.to_string(),
                    span: span(node_range),
                });
                None
            }
            Some(slot) => Some(slot.range),
            None => None,
        };
        Node {
            range: node_range,
            value: NodeValue::Alias(Box::new(Alias { name, target })),
        }
    }

    /// Adds `props` to the file's table when there is an anchor or a tag; returns where.
    fn add_props(&mut self, props: Props) -> Option<PropsId> {
        let Props { anchor, tag, .. } = props;
        if anchor.is_none() && tag.is_none() {
            return None;
        }
        let id = PropsId::new(self.file.props.len())?;
        self.file.props.push(NodeProps { anchor, tag });
        Some(id)
    }

    fn define_anchor(&mut self, anchor_id: usize, props: &Props, open: bool) {
        let Some(anchor) = &props.anchor else { return };
        if anchor_id == 0 {
            return;
        }
        if self.anchors.len() <= anchor_id {
            self.anchors.resize(anchor_id + 1, None);
        }
        if let Some(slot) = self.anchors.get_mut(anchor_id) {
            *slot = Some(AnchorSlot {
                range: anchor.range,
                open,
            });
        }
    }

    /// Opens a collection; returns `false` (stop parsing) past [`MAX_DEPTH`].
    fn open(
        &mut self,
        mapping: bool,
        anchor_id: usize,
        tag: Option<&Cow<'_, Tag>>,
        start: usize,
        end: usize,
    ) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            self.errors.push(SyntaxError::TooDeep {
                limit: MAX_DEPTH,
                span: span(range(start, end)),
            });
            return false;
        }
        let bytes = self.text.as_bytes();
        let props = self.props(anchor_id, tag, start);
        let bracket = if mapping { b'{' } else { b'[' };
        let bracketed = end > start && bytes.get(end - 1) == Some(&bracket);
        let content_start = if bracketed {
            Some(end - 1)
        } else if mapping {
            None
        } else if props.anchor.is_some() || props.tag.is_some() {
            Some(source::skip_blank_and_comments(bytes, props.end))
        } else {
            Some(source::dash_before(bytes, start))
        };
        self.last_end = if bracketed {
            end
        } else {
            content_start.unwrap_or(end)
        };
        self.define_anchor(anchor_id, &props, true);
        let flow = bracketed || self.stack.last().is_some_and(|f| f.flow);
        let props_end = props.end;
        let props = self.add_props(props);
        self.stack.push(Frame {
            props,
            props_end,
            anchor_id,
            start: content_start,
            bracketed,
            flow,
            kind: if mapping {
                FrameKind::Mapping {
                    start: self.entries.len(),
                    key: None,
                }
            } else {
                FrameKind::Sequence {
                    start: self.items.len(),
                }
            },
        });
        true
    }

    /// Closes the innermost collection. `end` is the end event's byte end (the closing
    /// bracket of a flow collection); `None` when closing after an error.
    fn close(&mut self, end: Option<usize>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (value, first, last) = match frame.kind {
            FrameKind::Mapping { start, key } => {
                if let Some(key) = key {
                    let at = usize::from(key.range.end());
                    self.entries.push(Entry {
                        key,
                        value: empty_scalar(at),
                    });
                }
                let entries = drain_exact(&mut self.entries, start);
                self.check_duplicates(&entries);
                let first = entries
                    .first()
                    .map(|e| usize::from(e.range(&self.file).start()));
                let last = entries
                    .last()
                    .map(|e| usize::from(e.range(&self.file).end()));
                let mapping = Mapping {
                    flow: frame.flow,
                    props: frame.props,
                    entries,
                };
                (NodeValue::Mapping(mapping), first, last)
            }
            FrameKind::Sequence { start } => {
                let items = drain_exact(&mut self.items, start);
                let first = items
                    .first()
                    .map(|n| usize::from(n.full_range(&self.file).start()));
                let last = items.last().map(|n| usize::from(n.range.end()));
                let sequence = Sequence {
                    flow: frame.flow,
                    props: frame.props,
                    items,
                };
                (NodeValue::Sequence(sequence), first, last)
            }
        };
        let start = frame.start.or(first).unwrap_or(frame.props_end);
        let end = match end {
            Some(end) if frame.bracketed => end,
            _ => last.unwrap_or(start),
        };
        if let Some(Some(slot)) = self.anchors.get_mut(frame.anchor_id) {
            slot.open = false;
        }
        self.last_end = end.max(self.last_end);
        let node = Node {
            range: range(start, end),
            value,
        };
        self.attach(node);
    }

    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.file.documents.push(node),
            Some(Frame {
                kind: FrameKind::Sequence { .. },
                ..
            }) => self.items.push(node),
            Some(Frame {
                kind: FrameKind::Mapping { key, .. },
                ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(key) => self.entries.push(Entry { key, value: node }),
            },
        }
    }

    /// Reports scalar keys defined twice (merge keys excepted). Both entries stay.
    /// The key of `entry` when it is a scalar, deferred or not.
    fn key_value<'e>(&'e self, entry: &'e Entry) -> Option<&'e str> {
        let key = entry.key_str()?;
        if key.is_empty() {
            return self.deferred_value(entry.key.range).or(Some(key));
        }
        Some(key)
    }

    fn check_duplicates(&mut self, entries: &[Entry]) {
        // Most mappings are small: compare pairs of keys held on the stack.
        const SMALL: usize = 16;
        if entries.len() <= SMALL {
            let mut keys: [Option<&str>; SMALL] = [None; SMALL];
            for (slot, e) in keys.iter_mut().zip(entries) {
                *slot = self.key_value(e).filter(|_| !e.is_merge(&self.file));
            }
            let keys = keys.get(..entries.len()).unwrap_or_default();
            let repeated = keys
                .iter()
                .enumerate()
                .any(|(i, k)| k.is_some_and(|k| keys.iter().skip(i + 1).any(|o| *o == Some(k))));
            if !repeated {
                return;
            }
        }
        let mut keys: Vec<(&str, usize)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_merge(&self.file))
            .filter_map(|(i, e)| self.key_value(e).map(|k| (k, i)))
            .collect();
        if keys.len() < 2 {
            return;
        }
        // A stable sort keeps source order among equal keys: the first of a run is the first
        // definition.
        keys.sort_by(|a, b| a.0.cmp(b.0));
        let mut errors: Vec<(usize, SyntaxError)> = Vec::new();
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            let Some(((key, first), repeats)) = run.split_first() else {
                continue;
            };
            for (_, second) in repeats {
                if let (Some(a), Some(b)) = (entries.get(*first), entries.get(*second)) {
                    errors.push((
                        *second,
                        SyntaxError::DuplicateKey {
                            key: (*key).to_owned(),
                            span: span(b.key.range),
                            first: span(a.key.range),
                        },
                    ));
                }
            }
        }
        errors.sort_by_key(|(i, _)| *i);
        self.errors.extend(errors.into_iter().map(|(_, e)| e));
    }
}

/// Moves `stack[start..]` into a list of exactly that many elements.
fn drain_exact<T>(stack: &mut Vec<T>, start: usize) -> ThinVec<T> {
    let start = start.min(stack.len());
    let mut out = ThinVec::with_capacity(stack.len() - start);
    out.extend(stack.drain(start..));
    out
}

fn empty_scalar(at: usize) -> Node {
    Node {
        range: range(at, at),
        value: NodeValue::Scalar(Scalar {
            style: ScalarStyle::Plain,
            props: None,
            value: EcoString::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::unindent_flow;

    #[test]
    fn unindent_flow_blanks_line_breaks_and_comments_only() {
        let text = "[\"a\", # ø\n  ]";
        let fixed = unindent_flow(text, 4, text.len() - 1).unwrap();
        assert_eq!(fixed, "[\"a\",        ]");
        assert_eq!(fixed.len(), text.len());
        // A scalar between the two tokens is never rewritten.
        assert_eq!(unindent_flow("[\"a\nb\"]", 1, 6), None);
        // Nothing to blank: no repair.
        assert_eq!(unindent_flow("[a,  ]", 2, 5), None);
    }
}
