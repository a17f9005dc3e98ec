//! The YAML tree: [`Node`]s with byte ranges, built from `saphyr-parser` events.

use std::num::NonZeroU32;

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use crate::Spanned;

/// One YAML document of a file, or a node inside it.
///
/// `range` covers the node's content only: for a quoted scalar its quotes, for a block scalar
/// its `|`/`>` header through the end of its last content line, for a flow collection its
/// brackets, for a block collection its first key or `-` through the end of its last value.
/// Properties (`&anchor`, `!tag`) have their own ranges; [`Node::full_range`] includes them.
///
/// A node is 32 bytes: a scalar's value is stored inline up to 15 bytes, collections hold a
/// single pointer, and the rare properties live in a table of the file
/// ([`YamlFile::props`]), which the node refers to by a 4-byte [`PropsId`] kept in the
/// padding of its value. Reading them takes the file: [`Node::anchor`], [`Node::tag`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The content range.
    pub range: TextRange,
    /// What the node holds.
    pub value: NodeValue,
}

/// A node's properties: `&anchor` and `!tag`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeProps {
    /// `&name`: the name without `&`, ranged over `&name`.
    pub anchor: Option<Spanned<String>>,
    /// The tag as written (`!reset`, `!!merge`), ranged over it.
    pub tag: Option<Spanned<String>>,
}

/// Where a node's properties are in [`YamlFile::props`].
///
/// Only meaningful for the file the node belongs to. Four bytes, with a niche: a node without
/// properties holds `None` at no extra cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PropsId(NonZeroU32);

impl PropsId {
    /// The id of `props[index]`; `None` past `u32::MAX - 1` (a file has fewer properties than
    /// bytes, and [`parse`](super::parse) takes files under 4 GiB).
    pub(crate) fn new(index: usize) -> Option<Self> {
        let index = u32::try_from(index).ok()?;
        NonZeroU32::new(index.checked_add(1)?).map(Self)
    }

    /// Returns the index into [`YamlFile::props`].
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }
}

/// The four kinds of YAML node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeValue {
    /// A scalar (string, number, boolean, null: YAML types are not resolved here).
    Scalar(Scalar),
    /// A mapping.
    Mapping(Mapping),
    /// A sequence.
    Sequence(Sequence),
    /// `*name`, a reference to an anchored node (boxed: aliases are rare).
    Alias(Box<Alias>),
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

/// A scalar and its YAML value (escapes decoded, lines folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// How the scalar is written.
    pub style: ScalarStyle,
    /// The node's anchor and tag, if it has either (read them with [`Node::props`]).
    pub props: Option<PropsId>,
    /// The decoded value. An empty plain scalar is YAML null (`key:` with nothing after it).
    /// Inline up to 15 bytes; longer values are shared (cloning one does not copy it).
    pub value: EcoString,
}

impl Scalar {
    /// Returns whether the scalar is a YAML null (`~`, `null`, `Null`, `NULL` or empty, plain).
    pub fn is_null(&self) -> bool {
        self.style == ScalarStyle::Plain
            && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }
}

/// A mapping: its entries in source order, duplicates included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Written `{…}` rather than as an indented block.
    pub flow: bool,
    /// The node's anchor and tag, if it has either (read them with [`Node::props`]).
    pub props: Option<PropsId>,
    /// The entries in source order.
    pub entries: ThinVec<Entry>,
}

/// A `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key node (usually a plain scalar).
    pub key: Node,
    /// The value node; `key:` alone gives an empty plain scalar.
    pub value: Node,
}

impl Entry {
    /// Returns the range of the whole entry, from the key (with its properties) to the end of
    /// the value. `file` is the file holding the entry.
    pub fn range(&self, file: &YamlFile) -> TextRange {
        self.key.full_range(file).cover(self.value.range)
    }

    /// Returns the key's value when the key is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_scalar().map(|s| s.value.as_str())
    }

    /// Returns whether this is a `<<` merge key (plain `<<`, or any `<<` tagged `!!merge`).
    /// `file` is the file holding the entry.
    pub fn is_merge(&self, file: &YamlFile) -> bool {
        match &self.key.value {
            NodeValue::Scalar(s) if s.value == "<<" => {
                s.style == ScalarStyle::Plain
                    || self.key.tag(file).is_some_and(|t| t.value == "!!merge")
            }
            _ => false,
        }
    }
}

/// A sequence: its items in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    /// Written `[…]` rather than as `- ` items.
    pub flow: bool,
    /// The node's anchor and tag, if it has either (read them with [`Node::props`]).
    pub props: Option<PropsId>,
    /// The items.
    pub items: ThinVec<Node>,
}

/// `*name`: a reference to the node anchored `&name` before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The anchor name, without `*`.
    pub name: EcoString,
    /// The range of the `&name` it refers to; `None` for a recursive alias (reported as an
    /// error).
    pub target: Option<TextRange>,
}

impl Node {
    /// Returns the range from the first property (`&anchor`, `!tag`) to the end of the content.
    /// `file` is the file holding the node.
    pub fn full_range(&self, file: &YamlFile) -> TextRange {
        let mut range = self.range;
        if let Some(props) = self.props(file) {
            if let Some(anchor) = &props.anchor {
                range = range.cover(anchor.range);
            }
            if let Some(tag) = &props.tag {
                range = range.cover(tag.range);
            }
        }
        range
    }

    /// Returns where the node's properties are in its file, if it has any (an alias never
    /// has).
    pub fn props_id(&self) -> Option<PropsId> {
        match &self.value {
            NodeValue::Scalar(s) => s.props,
            NodeValue::Mapping(m) => m.props,
            NodeValue::Sequence(s) => s.props,
            NodeValue::Alias(_) => None,
        }
    }

    /// Returns the node's anchor and tag, if it has either. `file` is the file holding the
    /// node.
    pub fn props<'f>(&self, file: &'f YamlFile) -> Option<&'f NodeProps> {
        file.props.get(self.props_id()?.index())
    }

    /// `&name`: the name without `&`, ranged over `&name`, if the node is anchored. `file` is
    /// the file holding the node.
    pub fn anchor<'f>(&self, file: &'f YamlFile) -> Option<&'f Spanned<String>> {
        self.props(file)?.anchor.as_ref()
    }

    /// The tag as written (`!reset`, `!!merge`), ranged over it, if the node has one. `file`
    /// is the file holding the node.
    pub fn tag<'f>(&self, file: &'f YamlFile) -> Option<&'f Spanned<String>> {
        self.props(file)?.tag.as_ref()
    }

    /// Returns the scalar, if this node is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            NodeValue::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the mapping, if this node is one.
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.value {
            NodeValue::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// Returns the sequence, if this node is one.
    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.value {
            NodeValue::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the alias, if this node is one.
    pub fn as_alias(&self) -> Option<&Alias> {
        match &self.value {
            NodeValue::Alias(a) => Some(a),
            _ => None,
        }
    }

    /// Names the node's kind for messages: `a string`, `a mapping`, `a sequence`, `an alias`,
    /// `null`.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Scalar(s) if s.is_null() => "null",
            NodeValue::Scalar(_) => "a scalar",
            NodeValue::Mapping(_) => "a mapping",
            NodeValue::Sequence(_) => "a sequence",
            NodeValue::Alias(_) => "an alias",
        }
    }
}

/// The documents of a YAML file (several when separated by `---`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlFile {
    /// The root node of each document, in order. An empty file has none.
    pub documents: Vec<Node>,
    /// The properties of every node that has any, in the order they were read; a node refers
    /// to its own by [`PropsId`] (see [`Node::props`]).
    pub props: Vec<NodeProps>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_compact() {
        // The tree of a large file is mostly nodes: keep them at four words (the props id
        // fits in the padding of each value).
        assert_eq!(std::mem::size_of::<NodeValue>(), 24);
        assert_eq!(std::mem::size_of::<Node>(), 32);
        assert_eq!(std::mem::size_of::<Entry>(), 64);
    }
}
