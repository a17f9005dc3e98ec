//! [`Spanned`]: a value together with the byte range it came from.

use ecow::EcoString;
use text_size::TextRange;

/// A value plus the [`TextRange`] of the source text it was read from.
///
/// The range is in bytes of the file the value came from; `&text[range]` gives the source
/// slice (quotes included for quoted YAML scalars).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is written in the source.
    pub range: TextRange,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `range`.
    pub fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }

    /// Applies `f` to the value and keeps the range.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            range: self.range,
        }
    }

    /// Borrows the value, keeping the range.
    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned {
            value: &self.value,
            range: self.range,
        }
    }
}

impl Spanned<String> {
    /// Returns the value as a string slice.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl Spanned<EcoString> {
    /// Returns the value as a string slice.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// Copies `text` into an [`EcoString`]: inline up to 15 bytes, else one exact allocation.
///
/// Faster than `EcoString::from` for short strings, which copies them byte by byte.
pub(crate) fn eco(text: &str) -> EcoString {
    if text.len() <= EcoString::INLINE_LIMIT {
        let mut out = EcoString::new();
        out.push_str(text);
        out
    } else {
        EcoString::from(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eco_copies_short_and_long_strings() {
        for text in [
            "",
            "svc",
            "exactly15bytes!",
            "sixteen bytes!!!",
            &"ø".repeat(40),
        ] {
            let copy = eco(text);
            assert_eq!(copy.as_str(), text);
            assert_eq!(
                copy.is_inline(),
                text.len() <= EcoString::INLINE_LIMIT,
                "{text}"
            );
        }
    }
}
