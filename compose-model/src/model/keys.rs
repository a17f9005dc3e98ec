//! [`KeyList`]: the keys of a typed mapping (a service, a `build`), in order, compactly.

use text_size::TextRange;
use thin_vec::ThinVec;

use super::any::{Field, Key, KeyShape};
use super::load::fit;

/// The keys of a mapping the model types, in source order, merged keys included.
///
/// A large file has tens of thousands of them, so most take 12 bytes: a key named after
/// one of the mapping's typed fields (`image`), written plain or quoted at the start of its
/// entry and without a tag, is kept as its entry range and the field's number. Other keys are
/// the `extra` fields' own keys, and the rare typed key with a tag or an anchor is kept
/// whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyList {
    slots: ThinVec<Slot>,
    whole: ThinVec<Key>,
}

/// One key of a [`KeyList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    entry_range: TextRange,
    kind: SlotKind,
}

/// What a [`Slot`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotKind {
    /// The typed field `names[field]`.
    Typed {
        field: u8,
        quoted: bool,
        merged: bool,
    },
    /// The key of the next `extra` field.
    Extra,
    /// The next key of [`KeyList::whole`].
    Whole,
}

impl KeyList {
    /// Makes room for `additional` keys.
    pub(crate) fn reserve_exact(&mut self, additional: usize) {
        self.slots.reserve_exact(additional);
    }

    /// Adds `key`. A key named in `names` is that typed field's; any other is the key of the
    /// next `extra` field, which the caller adds (the loaders put every key they do not type
    /// there, in order).
    pub(crate) fn push(&mut self, key: &Key, names: &[&str]) {
        let field = names.iter().position(|n| *n == key.as_str());
        let kind = if field.is_none() {
            SlotKind::Extra
        } else if let (Some(Ok(field)), Some(KeyShape { quoted, merged })) =
            (field.map(u8::try_from), key.shape())
        {
            SlotKind::Typed {
                field,
                quoted,
                merged,
            }
        } else {
            self.whole.push(key.clone());
            SlotKind::Whole
        };
        self.slots.push(Slot {
            entry_range: key.entry_range,
            kind,
        });
    }

    /// Gives back spare capacity once every key is in.
    pub(crate) fn fit(&mut self) {
        fit(&mut self.slots);
        fit(&mut self.whole);
    }

    /// The keys in order. `names` and `extra` must be the ones the list was built with.
    pub(crate) fn iter<'a>(
        &'a self,
        names: &'static [&'static str],
        extra: &'a [Field],
    ) -> impl Iterator<Item = Key> + 'a {
        let mut extra = extra.iter();
        let mut whole = self.whole.iter();
        self.slots.iter().filter_map(move |slot| match slot.kind {
            SlotKind::Typed {
                field,
                quoted,
                merged,
            } => names
                .get(usize::from(field))
                .map(|name| Key::shaped(name, slot.entry_range, KeyShape { quoted, merged })),
            SlotKind::Extra => extra.next().map(|f| f.key.clone()),
            SlotKind::Whole => whole.next().cloned(),
        })
    }

    /// The keys with a tag (`!reset`, `!override`), by reference: only whole keys and the
    /// `extra` fields' keys can have one.
    pub(crate) fn tagged<'a>(&'a self, extra: &'a [Field]) -> impl Iterator<Item = &'a Key> {
        self.whole
            .iter()
            .chain(extra.iter().map(|f| &f.key))
            .filter(|k| k.tag().is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn slots_stay_compact() {
        // A service of a large file has a dozen keys: keep each at 12 bytes.
        assert_eq!(std::mem::size_of::<Slot>(), 12);
    }
}
