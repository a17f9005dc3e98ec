//! [`Key`], [`Field`] and [`Any`]: generic values for keys the model does not type.

use std::sync::{Arc, LazyLock};

use ecow::EcoString;
use ecow::EcoVec;
use text_size::{TextRange, TextSize};

use super::text::Text;
use crate::Spanned;

/// A mapping key with where its entry is.
///
/// 32 bytes: the name shares the YAML tree's string, and the rest (where the key scalar is
/// in the entry, a tag, an entry merged in by `<<`) is one `Arc`, shared by the keys that
/// have no tag and start their entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key's name (see [`Key::name`]).
    name: EcoString,
    /// The whole `key: value` entry (for fixes that delete it).
    pub entry_range: TextRange,
    /// Where the key scalar is, its tag and its merge flag.
    meta: Arc<KeyMeta>,
}

/// The parts of a [`Key`] beside its name and entry (see [`Key::range`], [`Key::tag`],
/// [`Key::merged`]).
#[derive(Debug, PartialEq, Eq)]
struct KeyMeta {
    at: KeyAt,
    tag: Option<Spanned<String>>,
    merged: bool,
}

/// How a [`Key`] without a tag, at the start of its entry, is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyShape {
    /// Quoted rather than plain.
    pub(crate) quoted: bool,
    /// Merged in by `<<`.
    pub(crate) merged: bool,
}

/// Where a [`Key`]'s scalar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAt {
    /// At the entry's start, as long as the name (a plain key written byte for byte).
    Plain,
    /// At the entry's start, two bytes longer than the name (a quoted key).
    Quoted,
    /// Elsewhere (a key with an anchor or a tag, escapes, a complex key).
    Range(TextRange),
}

/// The metas of untagged keys at the start of their entry: plain or quoted, merged or not.
static SHARED_KEY_METAS: LazyLock<[Arc<KeyMeta>; 4]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        Arc::new(KeyMeta {
            at: if i / 2 == 0 {
                KeyAt::Plain
            } else {
                KeyAt::Quoted
            },
            tag: None,
            merged: i % 2 == 1,
        })
    })
});

impl Key {
    /// A key named `name` (its scalar at `name.range`), with the value's tag (`!reset`,
    /// `!override`) if any, and whether the entry came in through a `<<` merge.
    pub(crate) fn new(
        name: Spanned<EcoString>,
        entry_range: TextRange,
        tag: Option<Spanned<String>>,
        merged: bool,
    ) -> Self {
        let start = entry_range.start();
        let len = TextSize::try_from(name.value.len()).unwrap_or_default();
        let at = if name.range == TextRange::at(start, len) {
            KeyAt::Plain
        } else if name.range == TextRange::at(start, len + TextSize::new(2)) {
            KeyAt::Quoted
        } else {
            KeyAt::Range(name.range)
        };
        let shared = match at {
            KeyAt::Plain if tag.is_none() => SHARED_KEY_METAS.get(usize::from(merged)),
            KeyAt::Quoted if tag.is_none() => SHARED_KEY_METAS.get(2 + usize::from(merged)),
            _ => None,
        };
        let meta = shared.map_or_else(|| Arc::new(KeyMeta { at, tag, merged }), Arc::clone);
        Self {
            name: name.value,
            entry_range,
            meta,
        }
    }

    /// A key written plain or quoted at the start of its entry, without a tag (as
    /// [`Key::shape`] describes it).
    pub(crate) fn shaped(name: &str, entry_range: TextRange, shape: KeyShape) -> Self {
        let index = 2 * usize::from(shape.quoted) + usize::from(shape.merged);
        let meta = SHARED_KEY_METAS.get(index).map_or_else(
            || {
                Arc::new(KeyMeta {
                    at: if shape.quoted {
                        KeyAt::Quoted
                    } else {
                        KeyAt::Plain
                    },
                    tag: None,
                    merged: shape.merged,
                })
            },
            Arc::clone,
        );
        Self {
            name: crate::spanned::eco(name),
            entry_range,
            meta,
        }
    }

    /// How the key is written, when [`Key::shaped`] can make it again from its name and
    /// entry: plain or quoted at the entry's start, without a tag. `None` otherwise.
    pub(crate) fn shape(&self) -> Option<KeyShape> {
        if self.meta.tag.is_some() {
            return None;
        }
        let quoted = match self.meta.at {
            KeyAt::Plain => false,
            KeyAt::Quoted => true,
            KeyAt::Range(_) => return None,
        };
        Some(KeyShape {
            quoted,
            merged: self.meta.merged,
        })
    }

    /// Returns the key's name.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Returns the key's name with the range of the key scalar.
    pub fn name(&self) -> Spanned<&str> {
        Spanned::new(&self.name, self.range())
    }

    /// Returns the range of the key scalar (quotes included).
    pub fn range(&self) -> TextRange {
        let start = self.entry_range.start();
        let len = TextSize::try_from(self.name.len()).unwrap_or_default();
        match self.meta.at {
            KeyAt::Plain => TextRange::at(start, len),
            KeyAt::Quoted => TextRange::at(start, len + TextSize::new(2)),
            KeyAt::Range(range) => range,
        }
    }

    /// Returns the value's tag as written (`!reset`, `!override`), if any.
    pub fn tag(&self) -> Option<&Spanned<String>> {
        self.meta.tag.as_ref()
    }

    /// Returns whether the entry came in through a `<<` merge: its ranges are then in the
    /// anchored text.
    pub fn merged(&self) -> bool {
        self.meta.merged
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
