//! Text helpers for building edits, so rule files don't compute byte offsets by hand.
//!
//! Format-specific helpers (YAML entries, Caddyfile directives, env lines, Dockerfile
//! instructions) live next to the format's index code and build on these.

use text_size::{TextRange, TextSize};

/// Extends `range` to whole lines: from the start of its first line to just past the line
/// ending of its last line (or the end of the text).
pub fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = line_start(text, range.start());
    let end = if range.is_empty() {
        line_end_inclusive(text, range.end())
    } else {
        // A range ending right after a newline already ends its last line.
        let last = range.end() - TextSize::new(1);
        line_end_inclusive(text, last)
    };
    TextRange::new(start, end.max(start))
}

/// The offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: TextSize) -> TextSize {
    let offset = usize::from(offset).min(text.len());
    let start = text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    TextSize::new(start as u32)
}

/// The offset just past the newline ending the line holding `offset` (or the text's end).
pub fn line_end_inclusive(text: &str, offset: TextSize) -> TextSize {
    let offset = usize::from(offset).min(text.len());
    let end = text.as_bytes()[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i + 1);
    TextSize::new(end as u32)
}

/// The offset of the line ending (`\r\n` or `\n`) of the line holding `offset`, or the end.
pub fn line_end_exclusive(text: &str, offset: TextSize) -> TextSize {
    let end = usize::from(line_end_inclusive(text, offset));
    let bytes = text.as_bytes();
    let mut e = end;
    if e > 0 && bytes.get(e - 1) == Some(&b'\n') {
        e -= 1;
        if e > 0 && bytes.get(e - 1) == Some(&b'\r') {
            e -= 1;
        }
    }
    TextSize::new(e.max(usize::from(line_start(text, offset))) as u32)
}

/// The leading spaces and tabs of the line holding `offset`.
pub fn indent_at(text: &str, offset: TextSize) -> &str {
    let start = usize::from(line_start(text, offset));
    let rest = &text[start..];
    let len = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..len]
}

/// The file's line ending: `\r\n` when its first line ends that way, else `\n`.
pub fn line_ending_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Whether the line holding `offset` has only whitespace before `offset`.
pub fn only_whitespace_before(text: &str, offset: TextSize) -> bool {
    let start = usize::from(line_start(text, offset));
    text[start..usize::from(offset).min(text.len())]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// Whether the line holding `offset` has only whitespace (or a line ending) after `offset`.
pub fn only_whitespace_after(text: &str, offset: TextSize) -> bool {
    let end = usize::from(line_end_inclusive(text, offset));
    text[usize::from(offset).min(text.len())..end]
        .chars()
        .all(char::is_whitespace)
}

/// Whether the line holding `offset` is blank.
pub fn is_blank_line(text: &str, offset: TextSize) -> bool {
    let range = whole_lines(text, TextRange::empty(offset));
    text[range].trim().is_empty()
}

/// Extends a whole-line `range` upward over the comment lines (starting with `#`) directly
/// above it, so a deletion takes the comment that documents the deleted thing. Stops at a blank
/// line or code.
pub fn with_comment_lines_above(text: &str, range: TextRange) -> TextRange {
    let mut start = range.start();
    while start > TextSize::new(0) {
        let prev = line_start(text, start - TextSize::new(1));
        let line = &text[usize::from(prev)..usize::from(start)];
        if line.trim_start().starts_with('#') {
            start = prev;
        } else {
            break;
        }
    }
    TextRange::new(start, range.end())
}

/// Extends a whole-line `range` that leaves two blank lines touching (one above, one below)
/// over the blank line below, so removing a block does not leave a double gap.
pub fn with_one_blank_line_removed(text: &str, range: TextRange) -> TextRange {
    let above_blank =
        range.start() == TextSize::new(0) || is_blank_line(text, range.start() - TextSize::new(1));
    if usize::from(range.end()) >= text.len() {
        // Removing the last lines: take the blank line above instead, so no trailing gap stays.
        if range.start() > TextSize::new(0) && is_blank_line(text, range.start() - TextSize::new(1))
        {
            let prev = line_start(text, range.start() - TextSize::new(1));
            return TextRange::new(prev, range.end());
        }
        return range;
    }
    if above_blank && is_blank_line(text, range.end()) {
        let below = whole_lines(text, TextRange::empty(range.end()));
        return TextRange::new(range.start(), below.end());
    }
    range
}

/// Byte ranges that delete something from one file, and whether a comment goes with them
/// (which makes a fix unsafe). Built by the format helpers (`fix::env`, `fix::dockerfile`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deletion {
    /// Ranges to delete, sorted and non-overlapping.
    pub ranges: Vec<TextRange>,
    /// Whether a comment is deleted.
    pub removes_comment: bool,
}

impl Deletion {
    /// Sorts `ranges` and merges the ones that overlap or touch.
    pub fn new(mut ranges: Vec<TextRange>, removes_comment: bool) -> Self {
        ranges.sort_by_key(|r| (r.start(), r.end()));
        let mut merged: Vec<TextRange> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start() <= last.end() => *last = last.cover(range),
                _ => merged.push(range),
            }
        }
        Self {
            ranges: merged,
            removes_comment,
        }
    }

    /// Adds the ranges of `other`.
    pub fn extend(&mut self, other: Deletion) {
        let mut ranges = std::mem::take(&mut self.ranges);
        ranges.extend(other.ranges);
        *self = Self::new(ranges, self.removes_comment || other.removes_comment);
    }

    /// The deletions as edits of `file`.
    pub fn edits(&self, file: crate::source::FileId) -> Vec<crate::fix::Edit> {
        self.ranges
            .iter()
            .map(|r| crate::fix::Edit::delete(file, *r))
            .collect()
    }

    /// Whether there is nothing to delete.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: u32, b: u32) -> TextRange {
        TextRange::new(a.into(), b.into())
    }

    #[test]
    fn whole_lines_covers_the_line_ending() {
        let text = "ab\ncd\r\nef";
        assert_eq!(&text[whole_lines(text, r(4, 5))], "cd\r\n");
        assert_eq!(&text[whole_lines(text, r(0, 3))], "ab\n");
        assert_eq!(&text[whole_lines(text, r(8, 8))], "ef");
        assert_eq!(&text[whole_lines(text, r(1, 4))], "ab\ncd\r\n");
    }

    #[test]
    fn line_endings_and_indent_are_read_from_the_text() {
        assert_eq!(line_ending_of("a\r\nb"), "\r\n");
        assert_eq!(line_ending_of("a\nb\r\n"), "\n");
        assert_eq!(indent_at("x\n\t  y", 5.into()), "\t  ");
        assert_eq!(
            &"a\r\nb"[usize::from(line_end_exclusive("a\r\nb", 0.into()))..],
            "\r\nb"
        );
    }

    #[test]
    fn comment_lines_above_go_with_a_deletion() {
        let text = "keep\n\n# about x\n# more\nx: 1\n";
        let x = whole_lines(text, r(23, 24));
        assert_eq!(
            &text[with_comment_lines_above(text, x)],
            "# about x\n# more\nx: 1\n"
        );
    }

    #[test]
    fn removing_a_block_between_blank_lines_leaves_one() {
        let text = "a\n\nb\n\nc\n";
        let b = whole_lines(text, r(3, 4));
        assert_eq!(&text[with_one_blank_line_removed(text, b)], "b\n\n");
        let c = whole_lines(text, r(6, 7));
        assert_eq!(&text[with_one_blank_line_removed(text, c)], "\nc\n");
    }
}
