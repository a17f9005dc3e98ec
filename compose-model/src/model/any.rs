//! [`Key`], [`Field`] and [`Any`]: generic values for keys the model does not type.

use std::sync::{Arc, LazyLock};

use ecow::EcoString;
use ecow::EcoVec;
use text_size::TextRange;

use super::text::Text;
use crate::Spanned;

/// A mapping key with where its entry is.
///
/// 40 bytes: the rare parts (a tag, an entry merged in by `<<`) share one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key, ranged over the key scalar (sharing the YAML tree's string).
    pub name: Spanned<EcoString>,
    /// The whole `key: value` entry (for fixes that delete it).
    pub entry_range: TextRange,
    /// The tag and the merge flag; `None` for an untagged entry of the mapping itself.
    meta: Option<Arc<KeyMeta>>,
}

/// What few keys have (see [`Key::tag`], [`Key::merged`]).
#[derive(Debug, PartialEq, Eq)]
struct KeyMeta {
    tag: Option<Spanned<String>>,
    merged: bool,
}

/// The meta of every untagged merged key, shared: merges are common, so they allocate none.
static MERGED: LazyLock<Arc<KeyMeta>> = LazyLock::new(|| {
    Arc::new(KeyMeta {
        tag: None,
        merged: true,
    })
});

impl Key {
    /// A key named `name`, with the value's tag (`!reset`, `!override`) if any, and whether
    /// the entry came in through a `<<` merge.
    pub(crate) fn new(
        name: Spanned<EcoString>,
        entry_range: TextRange,
        tag: Option<Spanned<String>>,
        merged: bool,
    ) -> Self {
        let meta = match (tag, merged) {
            (None, false) => None,
            (None, true) => Some(Arc::clone(&MERGED)),
            (tag, merged) => Some(Arc::new(KeyMeta { tag, merged })),
        };
        Self {
            name,
            entry_range,
            meta,
        }
    }

    /// Returns the key's name.
    pub fn as_str(&self) -> &str {
        &self.name.value
    }

    /// Returns the value's tag as written (`!reset`, `!override`), if any.
    pub fn tag(&self) -> Option<&Spanned<String>> {
        self.meta.as_ref()?.tag.as_ref()
    }

    /// Returns whether the entry came in through a `<<` merge: its ranges are then in the
    /// anchored text.
    pub fn merged(&self) -> bool {
        self.meta.as_ref().is_some_and(|m| m.merged)
    }
}

/// A key and its generic value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The key.
    pub key: Key,
    /// The value.
    pub value: Any,
}

/// A value of any shape, with aliases and merges resolved and scalars interpolated.
///
/// Collections are shared lists ([`EcoVec`]): every use of an alias of the same anchored
/// collection (`logging: *default-logging` in each service) shares one copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Any {
    /// A YAML null (`~`, `null`, or nothing), with the range where it is.
    Null(TextRange),
    /// A scalar.
    Scalar(Text),
    /// A sequence, ranged over the whole sequence.
    Sequence(Spanned<EcoVec<Any>>),
    /// A mapping, ranged over the whole mapping.
    Mapping(Spanned<EcoVec<Field>>),
}

impl Any {
    /// Returns the range of the value.
    pub fn range(&self) -> TextRange {
        match self {
            Self::Null(range) => *range,
            Self::Scalar(text) => text.range(),
            Self::Sequence(s) => s.range,
            Self::Mapping(m) => m.range,
        }
    }

    /// Returns the scalar, if this is one.
    pub fn as_text(&self) -> Option<&Text> {
        match self {
            Self::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the value of `key`, if this is a mapping that has it (the last one).
    pub fn get(&self, key: &str) -> Option<&Any> {
        match self {
            Self::Mapping(m) => m
                .value
                .iter()
                .rev()
                .find(|f| f.key.as_str() == key)
                .map(|f| &f.value),
            _ => None,
        }
    }

    /// Returns how many levels of collections are below this value (0 for a scalar or an
    /// empty collection).
    pub(crate) fn height(&self) -> usize {
        let below = match self {
            Self::Null(_) | Self::Scalar(_) => return 0,
            Self::Sequence(s) => s.value.iter().map(Any::height).max(),
            Self::Mapping(m) => m.value.iter().map(|f| f.value.height()).max(),
        };
        below.map_or(0, |h| h + 1)
    }

    /// Returns the items, if this is a sequence.
    pub fn items(&self) -> &[Any] {
        match self {
            Self::Sequence(s) => &s.value,
            _ => &[],
        }
    }
}
