//! Converting `saphyr-parser` positions to byte offsets.
//!
//! saphyr 0.3.4's `Marker::index()` counts *characters* (its field doc says so; the accessor's
//! doc says bytes, which is wrong). [`Offsets::byte`] is the one place that converts.

use saphyr_parser::Marker;

/// Characters between two checkpoints of the char → byte table.
const STRIDE: usize = 64;

/// Maps saphyr character indexes to byte offsets of one text.
#[derive(Debug)]
pub(crate) struct Offsets<'t> {
    text: &'t str,
    /// `None` for ASCII text, where characters and bytes coincide. Otherwise the byte offset of
    /// every [`STRIDE`]th character.
    checkpoints: Option<Vec<usize>>,
}

impl<'t> Offsets<'t> {
    /// Builds the table for `text`; ASCII text needs none.
    pub(crate) fn new(text: &'t str) -> Self {
        let checkpoints = (!text.is_ascii()).then(|| {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(byte, _)| byte)
                .collect()
        });
        Self { text, checkpoints }
    }

    /// Returns the byte offset of `marker`, clamped to the end of the text.
    pub(crate) fn byte(&self, marker: &Marker) -> usize {
        let chars = marker.index();
        let Some(checkpoints) = &self.checkpoints else {
            return chars.min(self.text.len());
        };
        let Some(&base) = checkpoints.get(chars / STRIDE) else {
            return self.text.len();
        };
        let rest = self.text.get(base..).unwrap_or_default();
        rest.char_indices()
            .nth(chars % STRIDE)
            .map_or(self.text.len(), |(byte, _)| base + byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_index_is_the_byte_offset() {
        let offsets = Offsets::new("key: value\n");
        assert_eq!(offsets.byte(&Marker::new(5, 1, 5)), 5);
        assert_eq!(offsets.byte(&Marker::new(99, 1, 99)), 11);
    }

    #[test]
    fn non_ascii_index_counts_characters() {
        // `æøå: "ø"`: saphyr ends the key at character 3, which is byte 6.
        let text = "æøå: \"ø\"";
        let offsets = Offsets::new(text);
        assert_eq!(offsets.byte(&Marker::new(3, 1, 3)), 6);
        assert_eq!(offsets.byte(&Marker::new(5, 1, 5)), 8);
        assert_eq!(offsets.byte(&Marker::new(8, 1, 8)), text.len());
    }

    #[test]
    fn non_ascii_past_a_checkpoint() {
        let text = format!("{}x", "ø".repeat(200));
        let offsets = Offsets::new(&text);
        assert_eq!(offsets.byte(&Marker::new(130, 1, 130)), 260);
        assert_eq!(offsets.byte(&Marker::new(200, 1, 200)), 400);
        assert_eq!(offsets.byte(&Marker::new(201, 1, 201)), 401);
        assert_eq!(offsets.byte(&Marker::new(5000, 1, 5000)), 401);
    }
}
