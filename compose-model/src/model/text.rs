//! [`Text`]: a scalar of the compose file, as written and as interpolated.

use std::num::NonZeroU32;
use std::sync::{Arc, LazyLock};

use ecow::EcoString;
use text_size::{TextRange, TextSize};

use crate::Spanned;
use crate::interpolate::{VarRef, references};
use crate::yaml::ScalarStyle;

/// A scalar value of a compose file: its YAML value as written, its interpolated value, and
/// the variables it references.
///
/// Every scalar is a `Text`, numbers and booleans included (compose interpolates before it
/// reads types). Keys are `Text`s too, never interpolated.
///
/// A `Text` is 32 bytes and usually owns no heap memory: the raw value is inline up to 15
/// bytes and shares the YAML tree's string beyond, and how it is written is shared with other
/// texts; only a value that interpolation changed allocates, once, for the interpolated value. The variable references are read
/// from the raw value when asked for ([`Text::vars`]): a large file has thousands of them,
/// and the rules read few.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The YAML value before interpolation, with the range of the scalar as written (quotes
    /// and block header included). A value reached through an alias or a `<<` merge has the
    /// range of the anchored text.
    pub raw: Spanned<EcoString>,
    /// How the scalar is written, and what `$` brings.
    meta: Arc<Meta>,
}

/// The parts of a [`Text`] beside its raw value. Texts that interpolation did not change
/// point to one of the thirty shared metas (one per style, value position and kind), so
/// only those it changed allocate one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meta {
    /// How the scalar is written.
    style: ScalarStyle,
    /// Where the raw value's first byte is (see [`Text::value_start`]).
    at: ValueAt,
    /// A key: never interpolated, so `$` in it is no variable reference.
    literal: bool,
    /// The value after interpolation, when interpolation changed it.
    interpolated: Option<Box<str>>,
}

/// The metas of texts that interpolation did not change, by style, value position and
/// kind (see [`shared_meta`]).
static SHARED_METAS: LazyLock<[Arc<Meta>; 30]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        let style = match i % 15 / 3 {
            0 => ScalarStyle::Plain,
            1 => ScalarStyle::SingleQuoted,
            2 => ScalarStyle::DoubleQuoted,
            3 => ScalarStyle::Literal,
            _ => ScalarStyle::Folded,
        };
        let at = match i % 3 {
            0 => ValueAt::Inexact,
            1 => ValueAt::Start,
            _ => ValueAt::AfterQuote,
        };
        Arc::new(Meta {
            style,
            at,
            literal: i >= 15,
            interpolated: None,
        })
    })
});

/// The shared meta of a text that interpolation did not change.
fn shared_meta(style: ScalarStyle, at: ValueAt, literal: bool) -> Arc<Meta> {
    let style_index = match style {
        ScalarStyle::Plain => 0,
        ScalarStyle::SingleQuoted => 1,
        ScalarStyle::DoubleQuoted => 2,
        ScalarStyle::Literal => 3,
        ScalarStyle::Folded => 4,
    };
    let at_index = match at {
        ValueAt::Inexact => 0,
        ValueAt::Start => 1,
        ValueAt::AfterQuote => 2,
    };
    SHARED_METAS
        .get(usize::from(literal) * 15 + style_index * 3 + at_index)
        .map_or_else(
            || {
                Arc::new(Meta {
                    style,
                    at,
                    literal,
                    interpolated: None,
                })
            },
            Arc::clone,
        )
}

/// Where a [`Text`]'s raw value starts, relative to its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueAt {
    /// The value is not written byte for byte (escapes, quotes doubled, folded lines, block
    /// scalars): sub-ranges are the whole scalar's range.
    Inexact,
    /// At the range's start (plain scalars, and parts split off any scalar written byte for
    /// byte).
    Start,
    /// One byte after the range's start, past the opening quote.
    AfterQuote,
}

impl Text {
    /// A text from its parts; `value_start` must be the range's start, one byte after it,
    /// or `None`. `interpolated` is the value after interpolation when it differs from the
    /// raw value.
    pub(crate) fn new(
        raw: Spanned<EcoString>,
        style: ScalarStyle,
        value_start: Option<TextSize>,
        interpolated: Option<Box<str>>,
    ) -> Self {
        let at = match value_start {
            Some(start) if start == raw.range.start() => ValueAt::Start,
            Some(start) if start == raw.range.start() + TextSize::new(1) => ValueAt::AfterQuote,
            _ => ValueAt::Inexact,
        };
        let meta = if interpolated.is_some() {
            Arc::new(Meta {
                style,
                at,
                literal: false,
                interpolated,
            })
        } else {
            shared_meta(style, at, false)
        };
        Self { raw, meta }
    }

    /// A key's text: like [`Text::new`], never interpolated and without variable references.
    pub(crate) fn literal(
        raw: Spanned<EcoString>,
        style: ScalarStyle,
        value_start: Option<TextSize>,
    ) -> Self {
        let mut text = Self::new(raw, style, value_start, None);
        text.meta = shared_meta(style, text.meta.at, true);
        text
    }

    /// Returns whether this is a key's text, which compose never interpolates.
    pub fn is_literal(&self) -> bool {
        self.meta.literal
    }

    /// Returns how the scalar is written.
    pub fn style(&self) -> ScalarStyle {
        self.meta.style
    }

    /// Returns the value: interpolated if the file was loaded with a lookup, else as written.
    pub fn as_str(&self) -> &str {
        self.interpolated().unwrap_or(&self.raw.value)
    }

    /// Returns the value after interpolation, when interpolation changed it (`None`: the
    /// value is `raw.value`). Read the value with [`Text::as_str`].
    pub fn interpolated(&self) -> Option<&str> {
        self.meta.interpolated.as_deref()
    }

    /// Returns the variable references in the raw value (read from it on each call). For
    /// plain and single-quoted scalars written byte for byte, each reference's ranges are
    /// exact; for others (escapes, line folding, block scalars) every range is the whole
    /// scalar's range. A value whose `$` syntax is invalid has none (the model reports it).
    pub fn vars(&self) -> Vec<VarRef> {
        if self.meta.literal || !self.raw.value.contains('$') {
            return Vec::new();
        }
        let Ok(mut refs) = references(&self.raw.value) else {
            return Vec::new();
        };
        let base = self.value_start();
        for r in &mut refs {
            r.map_ranges(&mut |r| base.map_or(self.raw.range, |base| r + base));
        }
        refs
    }

    /// Returns where the raw value's first byte is in the file, when the value is written
    /// byte for byte (no escapes, quotes doubled or folded lines); sub-ranges are then exact.
    pub fn value_start(&self) -> Option<TextSize> {
        let start = self.raw.range.start();
        match self.meta.at {
            ValueAt::Start => Some(start),
            ValueAt::AfterQuote => Some(start + TextSize::new(1)),
            ValueAt::Inexact => None,
        }
    }

    /// Returns the value (see [`Text::as_str`]) with the scalar's range.
    pub fn spanned(&self) -> Spanned<EcoString> {
        let value = match self.interpolated() {
            Some(value) => crate::spanned::eco(value),
            None => self.raw.value.clone(),
        };
        Spanned::new(value, self.raw.range)
    }

    /// Returns the range of the scalar as written.
    pub fn range(&self) -> TextRange {
        self.raw.range
    }

    /// Returns whether interpolation changed the value.
    pub fn is_interpolated(&self) -> bool {
        self.interpolated().is_some()
    }

    /// Returns whether the raw value mentions a variable (`$VAR`, `${…}`).
    pub fn has_vars(&self) -> bool {
        !self.meta.literal && self.raw.value.contains('$') && !self.vars().is_empty()
    }

    /// Returns the interpolated value read as a boolean: `true`/`false` in YAML 1.2 and Go
    /// spellings (`True`, `TRUE`, `1`, `t`…), and YAML 1.1's `yes`/`no`/`on`/`off`.
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(self.as_str())
    }

    /// Returns `value[start..end]` with its exact range when the value is the raw value written
    /// byte for byte, else with the whole scalar's range.
    pub fn part(&self, start: usize, end: usize) -> Spanned<EcoString> {
        let value = self.as_str().get(start..end).unwrap_or_default();
        Spanned::new(crate::spanned::eco(value), self.value_range(start, end))
    }

    /// Like [`Text::part`], borrowing the value instead of copying it.
    pub fn part_str(&self, start: usize, end: usize) -> Spanned<&str> {
        let value = self.as_str().get(start..end).unwrap_or_default();
        Spanned::new(value, self.value_range(start, end))
    }

    /// Returns the value (see [`Text::as_str`]) with the scalar's range, borrowed.
    pub fn spanned_str(&self) -> Spanned<&str> {
        Spanned::new(self.as_str(), self.raw.range)
    }

    /// The range of `value[start..end]`, exact when possible (see [`Text::part`]).
    fn value_range(&self, start: usize, end: usize) -> TextRange {
        match self.value_start() {
            Some(base) if !self.is_interpolated() => {
                let start = TextSize::try_from(start).unwrap_or_default();
                let end = TextSize::try_from(end).unwrap_or_default();
                TextRange::new(base + start, base + end.max(start))
            }
            _ => self.raw.range,
        }
    }

    /// Splits at the first `sep` of the raw value and of the interpolated value (`K=V` list
    /// entries). The parts keep exact ranges and their own variable references where the
    /// scalar is written byte for byte. `None` when the value has no `sep`.
    pub fn split_once(&self, sep: char) -> Option<(Text, Text)> {
        self.as_str()
            .contains(sep)
            .then(|| self.clone().split_off(sep).ok())?
    }

    /// Like [`Text::split_once`], taking this text; gives the text back unchanged when its
    /// value has no `sep`.
    pub fn split_off(self, sep: char) -> Result<(Text, Text), Text> {
        let Some(value_at) = self.as_str().find(sep) else {
            return Err(self);
        };
        let after_value = value_at + sep.len_utf8();
        let Some(raw_at) = self.raw.value.find(sep) else {
            // The separator came from a variable: keep the whole raw value on both sides.
            let value = self.as_str();
            let head: Box<str> = value.get(..value_at).unwrap_or_default().into();
            let tail: Box<str> = value.get(after_value..).unwrap_or_default().into();
            let mut first = self.clone();
            first.set_interpolated(head);
            let mut second = self;
            second.set_interpolated(tail);
            return Ok((first, second));
        };
        let after = raw_at + sep.len_utf8();
        let raw = self.raw.value.as_str();
        let head_raw = raw.get(..raw_at).unwrap_or_default();
        let tail_raw = raw.get(after..).unwrap_or_default();
        // The interpolated parts, when they differ from the raw ones.
        let (head_value, tail_value) = match self.interpolated() {
            Some(value) => {
                let head = value.get(..value_at).unwrap_or_default();
                let tail = value.get(after_value..).unwrap_or_default();
                (
                    (head != head_raw).then(|| head.into()),
                    (tail != tail_raw).then(|| tail.into()),
                )
            }
            None => (None, None),
        };
        let value_start = self.value_start();
        let (head_range, tail_range, tail_start) = match value_start {
            Some(base) => {
                let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
                let end = base + size(raw.len());
                let split = base + size(raw_at);
                let tail_start = base + size(after);
                (
                    TextRange::new(base, split),
                    TextRange::new(tail_start, end),
                    Some(tail_start),
                )
            }
            None => (self.raw.range, self.raw.range, None),
        };
        let style = self.style();
        let part = |raw: Spanned<EcoString>, start, value| {
            if self.meta.literal {
                Text::literal(raw, style, start)
            } else {
                Text::new(raw, style, start, value)
            }
        };
        let tail = part(
            Spanned::new(crate::spanned::eco(tail_raw), tail_range),
            tail_start,
            tail_value,
        );
        let head = part(
            Spanned::new(crate::spanned::eco(head_raw), head_range),
            value_start,
            head_value,
        );
        Ok((head, tail))
    }

    /// Sets the interpolated value.
    fn set_interpolated(&mut self, value: Box<str>) {
        Arc::make_mut(&mut self.meta).interpolated = Some(value);
    }
}

/// Where a part of a short-syntax value (`8080` of `127.0.0.1:8080:80`) is: byte offsets
/// into [`Text::as_str`] of the value, 8 bytes even as an `Option` (a part kept as its own
/// string took 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    /// The start offset plus one (so that `Option<Part>` needs no more room).
    start: NonZeroU32,
    /// The end offset.
    end: u32,
}

impl Part {
    /// The part `start..end`; `None` for offsets past 4 GiB (a value that long has no port or
    /// mount parts worth reading).
    pub(crate) fn new(start: usize, end: usize) -> Option<Part> {
        let start = u32::try_from(start).ok()?.checked_add(1)?;
        Some(Part {
            start: NonZeroU32::new(start)?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// Reads the part of `text`, ranged as [`Text::part`] ranges it.
    pub(crate) fn of(self, text: &Text) -> Spanned<&str> {
        let start = self.start.get() as usize - 1;
        text.part_str(start, self.end as usize)
    }
}

/// Reads a boolean the way compose accepts it (see [`Text::as_bool`]).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" | "t" | "T" | "1" | "yes" | "Yes" | "YES" | "y" | "Y" | "on"
        | "On" | "ON" => Some(true),
        "false" | "False" | "FALSE" | "f" | "F" | "0" | "no" | "No" | "NO" | "n" | "N" | "off"
        | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn texts_stay_compact() {
        // A model holds one `Text` per scalar: keep it at four words, and an optional one no
        // larger.
        assert_eq!(std::mem::size_of::<Text>(), 32);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 32);
    }

    #[test]
    fn shared_metas_keep_style_and_value_start() {
        let styles = [
            ScalarStyle::Plain,
            ScalarStyle::SingleQuoted,
            ScalarStyle::DoubleQuoted,
            ScalarStyle::Literal,
            ScalarStyle::Folded,
        ];
        let range = TextRange::new(TextSize::new(10), TextSize::new(20));
        for style in styles {
            for offset in [None, Some(0), Some(1)] {
                let raw = Spanned::new(EcoString::from("x"), range);
                let start = offset.map(|o| range.start() + TextSize::new(o));
                let text = Text::new(raw, style, start, None);
                assert_eq!((text.style(), text.value_start()), (style, start));
                assert!(!text.is_interpolated() && text.vars().is_empty());
            }
        }
    }
}
