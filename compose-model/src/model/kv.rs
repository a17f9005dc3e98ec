//! [`KeyValue`]: entries of list-or-map fields (`environment`, `labels`, `build.args`…).

use text_size::TextRange;
use thin_vec::ThinVec;

use super::load::{Loader, Path, fit};
use super::text::Text;
use crate::yaml::View;

/// One entry of a list-or-map field: `KEY=value` / `KEY` in a list, `KEY: value` in a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The list item or the map entry (for fixes that delete it).
    pub range: TextRange,
    /// The key. From a list item it is the part before `=` of the interpolated item.
    pub key: Text,
    /// The value; `None` when absent (`- KEY`, `KEY:` or `KEY: null`): compose then takes it
    /// from the project environment (or drops it).
    pub value: Option<Text>,
}

impl KeyValue {
    /// Returns whether the entry is written as a list item (`- KEY=value`) rather than a map
    /// entry. The key tells: a mapping key is a literal, never interpolated, while a list
    /// item's key is part of the interpolated item. (Not a field: a large file has tens of
    /// thousands of entries, and the flag would cost each of them 8 bytes of padding.)
    pub fn from_list(&self) -> bool {
        !self.key.is_literal()
    }

    /// Returns the key's name.
    pub fn name(&self) -> &str {
        self.key.as_str()
    }
}

/// Reads a list-or-map field. `sep` splits list items (`=` for most fields).
pub(crate) fn key_values(
    ld: &mut Loader<'_>,
    view: View<'_>,
    path: &Path<'_>,
    sep: char,
) -> ThinVec<KeyValue> {
    let mut out = ThinVec::new();
    if view.is_sequence() {
        let items = view.items();
        out.reserve_exact(items.len());
        for (i, item) in items.enumerate() {
            let item_path = path.index(i);
            let Some(text) = ld.scalar(item, &item_path) else {
                continue;
            };
            let range = text.range();
            let (key, value) = match text.split_off(sep) {
                Ok((key, value)) => (key, Some(value)),
                Err(text) => (text, None),
            };
            out.push(KeyValue { range, key, value });
        }
    } else if view.is_mapping() {
        let entries = view.entries();
        out.reserve_exact(entries.len());
        for entry in entries {
            let Some(key) = ld.key_text(entry.key()) else {
                continue;
            };
            let value_path = path.key(entry.key_str().unwrap_or_default());
            let value = ld.scalar(entry.value, &value_path);
            out.push(KeyValue {
                range: entry.range(),
                key,
                value,
            });
        }
    } else if !view.is_null() {
        ld.wrong_type(path, "a mapping or a sequence", view);
    }
    fit(&mut out);
    out
}
