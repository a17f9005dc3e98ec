//! [`Text`]: a scalar of the compose file, as written and as interpolated.

use text_size::{TextRange, TextSize};

use crate::Spanned;
use crate::interpolate::VarRef;
use crate::yaml::ScalarStyle;

/// A scalar value of a compose file: its YAML value as written, its interpolated value, and
/// the variables it references.
///
/// Every scalar is a `Text`, numbers and booleans included (compose interpolates before it
/// reads types). Keys are `Text`s too, never interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The YAML value before interpolation, with the range of the scalar as written (quotes
    /// and block header included). A value reached through an alias or a `<<` merge has the
    /// range of the anchored text.
    pub raw: Spanned<String>,
    /// The value after interpolation; equal to `raw.value` when the file was loaded without a
    /// lookup (or the value has no `$`).
    pub value: String,
    /// How the scalar is written.
    pub style: ScalarStyle,
    /// Variable references in the raw value. For plain and single-quoted scalars written byte
    /// for byte, each reference's ranges are exact; for others (escapes, line folding, block
    /// scalars) every range is the whole scalar's range.
    pub vars: Vec<VarRef>,
    /// Where the raw value's first byte is in the file, when the value is written byte for
    /// byte (no escapes, quotes doubled or folded lines); sub-ranges are then exact.
    pub value_start: Option<TextSize>,
}

impl Text {
    /// Returns the interpolated value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Returns the range of the scalar as written.
    pub fn range(&self) -> TextRange {
        self.raw.range
    }

    /// Returns whether interpolation changed the value.
    pub fn is_interpolated(&self) -> bool {
        self.value != self.raw.value
    }

    /// Returns whether the raw value mentions a variable (`$VAR`, `${…}`).
    pub fn has_vars(&self) -> bool {
        !self.vars.is_empty()
    }

    /// Returns the interpolated value read as a boolean: `true`/`false` in YAML 1.2 and Go
    /// spellings (`True`, `TRUE`, `1`, `t`…), and YAML 1.1's `yes`/`no`/`on`/`off`.
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(&self.value)
    }

    /// Returns `value[start..end]` with its exact range when the value is the raw value written
    /// byte for byte, else with the whole scalar's range.
    pub fn part(&self, start: usize, end: usize) -> Spanned<String> {
        let value = self.value.get(start..end).unwrap_or_default().to_owned();
        Spanned::new(value, self.value_range(start, end))
    }

    /// The range of `value[start..end]`, exact when possible (see [`Text::part`]).
    fn value_range(&self, start: usize, end: usize) -> TextRange {
        match self.value_start {
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
    /// scalar is written byte for byte.
    pub fn split_once(&self, sep: char) -> Option<(Text, Text)> {
        let (value_head, value_tail) = self.value.split_once(sep)?;
        let Some(at) = self.raw.value.find(sep) else {
            // The separator came from a variable: keep the whole raw value on both sides.
            let head = Text {
                value: value_head.to_owned(),
                ..self.clone()
            };
            let tail = Text {
                value: value_tail.to_owned(),
                ..self.clone()
            };
            return Some((head, tail));
        };
        let after = at + sep.len_utf8();
        Some((
            self.raw_slice(0, at, value_head),
            self.raw_slice(after, self.raw.value.len(), value_tail),
        ))
    }

    /// A `Text` for `raw.value[start..end]` whose interpolated value is `value`.
    fn raw_slice(&self, start: usize, end: usize, value: &str) -> Text {
        let raw = self
            .raw
            .value
            .get(start..end)
            .unwrap_or_default()
            .to_owned();
        let (range, value_start) = match self.value_start {
            Some(base) => {
                let s = base + TextSize::try_from(start).unwrap_or_default();
                let e = base + TextSize::try_from(end).unwrap_or_default();
                (TextRange::new(s, e.max(s)), Some(s))
            }
            None => (self.raw.range, None),
        };
        let vars = if self.value_start.is_some() {
            self.vars
                .iter()
                .filter(|v| range.contains_range(v.range))
                .cloned()
                .collect()
        } else {
            self.vars.clone()
        };
        Text {
            raw: Spanned::new(raw, range),
            value: value.to_owned(),
            style: self.style,
            vars,
            value_start,
        }
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
