//! Applying fixes: pick non-overlapping fixes, splice their edits into the texts.
//!
//! As ruff's `apply_fixes`: fixes are taken in order of their first edit; a fix that overlaps
//! one already taken this round is skipped (the next round, after re-checking, offers it again
//! if it still applies). Text between edits is copied untouched.

use std::collections::{BTreeMap, HashMap};

use text_size::{TextRange, TextSize};

use super::{Edit, Fix};
use crate::source::FileId;

/// The outcome of one round of applying fixes.
#[derive(Debug, Default)]
pub struct AppliedFixes {
    /// The new text of every file that changed.
    pub texts: HashMap<FileId, String>,
    /// How many fixes were applied, per rule id.
    pub applied: BTreeMap<&'static str, usize>,
}

/// Non-overlapping edit ranges already taken in one file, keyed by start.
#[derive(Default)]
struct Taken(BTreeMap<TextSize, TextSize>);

impl Taken {
    fn overlaps(&self, range: TextRange) -> bool {
        // The last taken edit starting at or before `range.end()` is the only candidate that
        // can reach into `range`, because taken ranges do not overlap each other.
        if let Some((&start, &end)) = self.0.range(..=range.end()).next_back() {
            if start == range.start() {
                return true;
            }
            if start < range.end() && range.start() < end {
                return true;
            }
            if start == range.end() && range.is_empty() {
                return true;
            }
        }
        false
    }

    fn insert(&mut self, range: TextRange) {
        self.0.insert(range.start(), range.end());
    }
}

/// Applies as many of `fixes` as do not overlap, to the texts given by `text_of`.
pub fn apply_fixes<'a>(
    fixes: impl IntoIterator<Item = (&'static str, &'a Fix)>,
    text_of: impl Fn(FileId) -> &'a str,
) -> AppliedFixes {
    let mut fixes: Vec<(&'static str, &Fix)> = fixes.into_iter().collect();
    fixes.sort_by_key(|(rule, fix)| {
        let first = fix.edits().first();
        (
            first.map(|e| (e.file, e.range.start(), e.range.end())),
            *rule,
        )
    });

    let mut taken: HashMap<FileId, Taken> = HashMap::new();
    let mut edits: HashMap<FileId, Vec<&Edit>> = HashMap::new();
    let mut result = AppliedFixes::default();
    for (rule, fix) in fixes {
        if fix.edits().is_empty() {
            continue;
        }
        let clash = fix.edits().iter().any(|edit| {
            taken
                .get(&edit.file)
                .is_some_and(|t| t.overlaps(edit.range))
        });
        if clash {
            continue;
        }
        for edit in fix.edits() {
            taken.entry(edit.file).or_default().insert(edit.range);
            edits.entry(edit.file).or_default().push(edit);
        }
        *result.applied.entry(rule).or_default() += 1;
    }

    for (file, mut file_edits) in edits {
        file_edits.sort_by_key(|e| (e.range.start(), e.range.end()));
        result
            .texts
            .insert(file, splice(text_of(file), file_edits.iter().copied()));
    }
    result
}

/// Replaces the ranges of sorted, non-overlapping `edits` in `text`.
pub fn splice<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0usize;
    for edit in edits {
        let start = usize::from(edit.range.start()).min(text.len());
        let end = usize::from(edit.range.end()).min(text.len());
        // invariant: edits are sorted and non-overlapping (Fix::new, Taken)
        debug_assert!(start >= last, "edits overlap or are unsorted");
        let start = start.max(last);
        out.push_str(&text[last..start]);
        out.push_str(&edit.text);
        last = end.max(start);
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;

    fn range(a: u32, b: u32) -> TextRange {
        TextRange::new(a.into(), b.into())
    }

    #[test]
    fn overlapping_fixes_are_deferred_to_the_next_round() {
        let f = FileId(0);
        let text = "0123456789";
        let a = Fix::new(
            Applicability::Safe,
            "a",
            [Edit::replace(f, range(1, 4), "A")],
        );
        let b = Fix::new(
            Applicability::Safe,
            "b",
            [Edit::replace(f, range(3, 6), "B")],
        );
        let c = Fix::new(Applicability::Safe, "c", [Edit::delete(f, range(8, 9))]);
        let out = apply_fixes([("r", &b), ("r", &a), ("r", &c)], |_| text);
        assert_eq!(out.texts[&f], "0A45679");
        assert_eq!(out.applied["r"], 2);
    }

    #[test]
    fn bytes_outside_edits_are_unchanged() {
        let f = FileId(0);
        let text = "keep\nDROP\nkeep\n";
        let fix = Fix::new(Applicability::Safe, "d", [Edit::delete(f, range(5, 10))]);
        let out = apply_fixes([("r", &fix)], |_| text);
        assert_eq!(out.texts[&f], "keep\nkeep\n");
    }

    #[test]
    fn a_fix_touching_two_files_edits_both() {
        let text_a = "aaa";
        let text_b = "bbb";
        let fix = Fix::new(
            Applicability::Unsafe,
            "two",
            [
                Edit::delete(FileId(1), range(0, 1)),
                Edit::insert(FileId(0), 3.into(), "!"),
            ],
        );
        let out = apply_fixes(
            [("r", &fix)],
            |id| if id == FileId(0) { text_a } else { text_b },
        );
        assert_eq!(out.texts[&FileId(0)], "aaa!");
        assert_eq!(out.texts[&FileId(1)], "bb");
    }
}
