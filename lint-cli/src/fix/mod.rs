//! Fixes: byte-range edits of the text as it was read, never re-serialisation.
//!
//! A [`Fix`] groups the [`Edit`]s of one finding with an [`Applicability`]. Its edits are kept
//! sorted and non-overlapping (the invariant [`Fix::new`] establishes), and may touch several
//! files. [`apply`] applies a set of fixes to the texts; the command layer repeats
//! check-and-apply until nothing changes.

pub mod apply;
pub mod caddy;
pub mod dockerfile;
pub mod edits;
pub mod env;
pub mod yaml;

use text_size::{TextRange, TextSize};

use crate::source::FileId;

/// Whether a fix may be applied without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes behaviour, deletes a comment, or edits another file: only with `--unsafe-fixes`.
    Unsafe,
    /// Keeps meaning and comments: applied by `--fix`.
    Safe,
}

impl Applicability {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// Replaces one byte range of one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The file edited.
    pub file: FileId,
    /// The bytes replaced (empty for an insertion).
    pub range: TextRange,
    /// The replacement text (empty for a deletion).
    pub text: String,
}

impl Edit {
    /// Replaces `range` of `file` with `text`.
    pub fn replace(file: FileId, range: TextRange, text: impl Into<String>) -> Self {
        Self {
            file,
            range,
            text: text.into(),
        }
    }

    /// Inserts `text` at `offset`; the range is empty.
    pub fn insert(file: FileId, offset: TextSize, text: impl Into<String>) -> Self {
        Self::replace(file, TextRange::empty(offset), text)
    }

    /// Deletes `range`; the replacement text is empty.
    pub fn delete(file: FileId, range: TextRange) -> Self {
        Self::replace(file, range, String::new())
    }

    /// Whether this edit and `other` touch the same bytes of the same file. Two insertions at
    /// the same offset overlap (their order would be ambiguous).
    pub fn overlaps(&self, other: &Edit) -> bool {
        self.file == other.file
            && (self.range.start() < other.range.end() && other.range.start() < self.range.end()
                || self.range.start() == other.range.start())
    }
}

/// The edits that fix one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    applicability: Applicability,
    message: String,
    edits: Vec<Edit>,
}

impl Fix {
    /// Creates a fix. Edits are sorted by file and position; overlapping edits are merged into
    /// the first, dropping the later one's text.
    ///
    /// # Panics
    /// In debug builds, when edits overlap: a rule produced an ambiguous fix.
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        edits: impl IntoIterator<Item = Edit>,
    ) -> Self {
        let mut edits: Vec<Edit> = edits.into_iter().collect();
        edits.sort_by_key(|e| (e.file, e.range.start(), e.range.end()));
        edits.dedup();
        let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
        for edit in edits {
            match kept.last_mut() {
                Some(last) if last.file == edit.file && edit.range.start() < last.range.end() => {
                    // Deletions that overlap (two entries whose lines touch) merge cleanly.
                    debug_assert!(
                        last.text.is_empty() && edit.text.is_empty(),
                        "overlapping edits with replacement text: {last:?} {edit:?}"
                    );
                    last.range = last.range.cover(edit.range);
                }
                _ => kept.push(edit),
            }
        }
        Self {
            applicability,
            message: message.into(),
            edits: kept,
        }
    }

    /// A fix that keeps meaning and comments.
    pub fn safe(message: impl Into<String>, edits: impl IntoIterator<Item = Edit>) -> Self {
        Self::new(Applicability::Safe, message, edits)
    }

    /// A fix that needs `--unsafe-fixes`.
    pub fn unsafe_edits(message: impl Into<String>, edits: impl IntoIterator<Item = Edit>) -> Self {
        Self::new(Applicability::Unsafe, message, edits)
    }

    /// Whether the fix may be applied without `--unsafe-fixes`.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// What the fix does, as an imperative (`remove the upstream`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The edits, sorted by file then position, non-overlapping.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Makes the fix unsafe (e.g. because it edits a file other than the finding's).
    #[must_use]
    pub fn into_unsafe(mut self) -> Self {
        self.applicability = Applicability::Unsafe;
        self
    }

    /// Whether any edit of this fix overlaps any edit of `other`.
    pub fn overlaps(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|a| other.edits.iter().any(|b| a.overlaps(b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(a: u32, b: u32) -> TextRange {
        TextRange::new(a.into(), b.into())
    }

    #[test]
    fn fix_sorts_edits_and_merges_touching_deletions() {
        let f = FileId(0);
        let fix = Fix::safe(
            "x",
            [
                Edit::delete(f, range(10, 20)),
                Edit::delete(f, range(0, 5)),
                Edit::delete(f, range(15, 25)),
            ],
        );
        assert_eq!(
            fix.edits(),
            &[Edit::delete(f, range(0, 5)), Edit::delete(f, range(10, 25))]
        );
    }

    #[test]
    fn insertions_at_one_offset_overlap() {
        let a = Edit::insert(FileId(0), 3.into(), "a");
        let b = Edit::insert(FileId(0), 3.into(), "b");
        assert!(a.overlaps(&b));
        let c = Edit::delete(FileId(0), range(3, 4));
        let d = Edit::delete(FileId(0), range(4, 5));
        assert!(!c.overlaps(&d));
        assert!(!c.overlaps(&Edit::delete(FileId(1), range(3, 4))));
    }
}
