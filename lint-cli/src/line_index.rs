//! Byte offset → 1-based line and character column, built once per file.
//!
//! Ranges everywhere in cfglint are byte offsets ([`TextRange`]); lines and columns are only
//! computed when a diagnostic is printed (ruff's `LineIndex` works the same way).

use text_size::{TextRange, TextSize};

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    /// 1-based line number (only `\n` ends a line).
    pub line: u32,
    /// 1-based column, counting characters (not bytes) from the start of the line.
    pub column: u32,
}

/// The start offset of every line of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Box<[TextSize]>,
    ascii: bool,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        // Counted first: a large file's list is sized once rather than doubled.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(TextSize::new(0));
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(TextSize::new(i as u32 + 1));
            }
        }
        Self {
            line_starts: line_starts.into_boxed_slice(),
            ascii: text.is_ascii(),
        }
    }

    /// Returns the number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Returns the 0-based line holding `offset`.
    pub fn line_of(&self, offset: TextSize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Returns the byte offset where the 0-based `line` starts, or the text's end for a line past it.
    pub fn line_start(&self, line: usize, text: &str) -> TextSize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or_else(|| TextSize::of(text))
    }

    /// Returns the range of the 0-based `line`, including its line ending.
    pub fn line_range(&self, line: usize, text: &str) -> TextRange {
        let start = self.line_start(line, text);
        let end = self.line_start(line + 1, text);
        TextRange::new(start, end.max(start))
    }

    /// Converts a byte offset of `text` to a 1-based line and character column.
    ///
    /// An offset inside a multi-byte character counts as that character's column.
    pub fn line_column(&self, offset: TextSize, text: &str) -> LineColumn {
        let offset = offset.min(TextSize::of(text));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = if self.ascii {
            u32::from(offset - start)
        } else {
            let end = usize::from(offset);
            let mut end = end;
            while end > usize::from(start) && !text.is_char_boundary(end) {
                end -= 1;
            }
            text[usize::from(start)..end].chars().count() as u32
        };
        LineColumn {
            line: line as u32 + 1,
            column: column + 1,
        }
    }

    /// Converts a 1-based line and character column back to a byte offset, clamped to the text.
    pub fn offset(&self, position: LineColumn, text: &str) -> TextSize {
        let line = (position.line as usize).saturating_sub(1);
        let start = self.line_start(line, text);
        let end = self.line_start(line + 1, text);
        let slice = &text[usize::from(start)..usize::from(end.max(start))];
        let column = (position.column as usize).saturating_sub(1);
        let bytes = slice
            .char_indices()
            .nth(column)
            .map_or(slice.len(), |(i, _)| i);
        start + TextSize::new(bytes as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "æøå: x\nb: ø y\n";
        let index = LineIndex::new(text);
        let x = TextSize::new(text.find('x').unwrap() as u32);
        assert_eq!(
            index.line_column(x, text),
            LineColumn { line: 1, column: 6 }
        );
        let y = TextSize::new(text.find('y').unwrap() as u32);
        assert_eq!(
            index.line_column(y, text),
            LineColumn { line: 2, column: 6 }
        );
    }

    #[test]
    fn offset_round_trips_line_column() {
        let text = "a\r\nbø c\n\nd";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let offset = TextSize::new(offset as u32);
            let position = index.line_column(offset, text);
            assert_eq!(index.offset(position, text), offset, "{position:?}");
        }
    }

    #[test]
    fn offset_at_end_is_on_the_last_line() {
        let text = "a\nb\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.line_column(TextSize::of(text), text),
            LineColumn { line: 3, column: 1 }
        );
    }
}
