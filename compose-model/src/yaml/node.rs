//! The YAML tree: [`Node`]s with byte ranges, built from `saphyr-parser` events.

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
/// A node is 40 bytes: the rare properties share one box, a scalar's value is stored inline
/// up to 15 bytes, and collections hold a single pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The content range.
    pub range: TextRange,
    /// The anchor and tag, when the node has either (boxed: both are rare). Read them with
    /// [`Node::anchor`] and [`Node::tag`].
    pub props: Option<Box<NodeProps>>,
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

impl NodeProps {
    /// Boxes `anchor` and `tag` when there is either, for [`Node::props`].
    pub fn boxed(
        anchor: Option<Spanned<String>>,
        tag: Option<Spanned<String>>,
    ) -> Option<Box<Self>> {
        (anchor.is_some() || tag.is_some()).then(|| Box::new(Self { anchor, tag }))
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
    /// the value.
    pub fn range(&self) -> TextRange {
        self.key.full_range().cover(self.value.range)
    }

    /// Returns the key's value when the key is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_scalar().map(|s| s.value.as_str())
    }

    /// Returns whether this is a `<<` merge key (plain `<<`, or any `<<` tagged `!!merge`).
    pub fn is_merge(&self) -> bool {
        match &self.key.value {
            NodeValue::Scalar(s) if s.value == "<<" => {
                s.style == ScalarStyle::Plain
                    || self.key.tag().is_some_and(|t| t.value == "!!merge")
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
    pub fn full_range(&self) -> TextRange {
        let mut range = self.range;
        if let Some(anchor) = self.anchor() {
            range = range.cover(anchor.range);
        }
        if let Some(tag) = self.tag() {
            range = range.cover(tag.range);
        }
        range
    }

    /// `&name`: the name without `&`, ranged over `&name`, if the node is anchored.
    pub fn anchor(&self) -> Option<&Spanned<String>> {
        self.props.as_ref()?.anchor.as_ref()
    }

    /// The tag as written (`!reset`, `!!merge`), ranged over it, if the node has one.
    pub fn tag(&self) -> Option<&Spanned<String>> {
        self.props.as_ref()?.tag.as_ref()
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_compact() {
        // The tree of a large file is mostly nodes: keep them at five words.
        assert_eq!(std::mem::size_of::<Node>(), 40);
        assert_eq!(std::mem::size_of::<Entry>(), 80);
    }
}
