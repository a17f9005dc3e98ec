//! A value with the byte range it came from.
use text_size::TextRange;
/// A value plus the byte range of the source text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is in the source text.
    pub range: TextRange,
}
impl<T> Spanned<T> {
    /// Pairs `value` with `range`.
    pub fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }
}
