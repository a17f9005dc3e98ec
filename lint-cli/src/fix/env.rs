//! `.env` edits on the lossless line list of [`EnvFile`]: delete variables with the comment
//! lines attached to them, and a whole section (a run of non-blank lines) when no variable
//! is left in it. Every other byte stays as it was, line endings (CRLF) included.
//!
//! A comment block directly above a variable is *attached* to it when another line of the
//! same section comes before the block: `# the admin password` between two variables goes
//! with the variable below it. A comment block that opens a section (`# --- Database ---`
//! after a blank line or at the top of the file) is the section's header: it stays while
//! the section keeps a variable, and goes with the section when none is left.

use std::collections::BTreeSet;
use std::ops::Range;

use compose_model::dotenv::{EnvFile, LineKind};
use text_size::{TextRange, TextSize};

use super::edits::Deletion;

/// The indices into `file.lines` of the section holding line `line`: the maximal run of
/// non-blank lines around it.
fn section_lines(file: &EnvFile, line: usize) -> Range<usize> {
    let blank = |i: usize| file.lines.get(i).is_none_or(|l| l.kind == LineKind::Blank);
    let mut start = line;
    while start > 0 && !blank(start - 1) {
        start -= 1;
    }
    let mut end = line;
    while end < file.lines.len() && !blank(end) {
        end += 1;
    }
    start..end
}

/// The index into `file.lines` of the line holding entry `entry`.
fn line_of(file: &EnvFile, entry: usize) -> Option<usize> {
    file.lines.iter().position(|l| l.entries.contains(&entry))
}

/// The entries (indices into `file.entries`) of the section holding entry `entry`: the
/// variables that share its run of non-blank lines. Empty when `entry` is out of range.
///
/// A rule that deletes several variables of one file passes all of a section's flagged
/// entries to [`delete_entries`] when they are the whole section, so that one fix removes
/// the section with its header instead of leaving the header behind.
pub fn section_entries(file: &EnvFile, entry: usize) -> Vec<usize> {
    let Some(line) = line_of(file, entry) else {
        return Vec::new();
    };
    section_lines(file, line)
        .flat_map(|i| file.lines[i].entries.clone())
        .collect()
}

/// Deletes the entries `victims` (indices into `file.entries`) of the env file `text`.
///
/// - A line whose entries are all victims goes whole, with the comment lines attached above
///   it (see the module docs).
/// - A victim sharing its line with a kept entry (`A="x" B=1`) loses only its statement and
///   the blanks after it (before it, when it is the last on the line).
/// - A section left with no variable (and no invalid line) goes whole, header and trailing
///   comments included, with the blank line that separated it from the previous section
///   (or from the next one, when it is the first).
pub fn delete_entries(text: &str, file: &EnvFile, victims: &[usize]) -> Deletion {
    let victims: BTreeSet<usize> = victims
        .iter()
        .copied()
        .filter(|v| *v < file.entries.len())
        .collect();
    let mut ranges: Vec<TextRange> = Vec::new();
    let mut removes_comment = false;
    let mut done_sections: BTreeSet<usize> = BTreeSet::new();
    for &victim in &victims {
        let Some(line) = line_of(file, victim) else {
            continue;
        };
        let section = section_lines(file, line);
        if !done_sections.insert(section.start) {
            continue;
        }
        let lines = &file.lines[section.clone()];
        let emptied = lines.iter().all(|l| match l.kind {
            LineKind::Entries => l.entries.clone().all(|e| victims.contains(&e)),
            LineKind::Invalid => false,
            LineKind::Blank | LineKind::Comment => true,
        });
        if emptied {
            let first = lines.first().map_or(0.into(), |l| l.range.start());
            let last = lines.last().map_or(first, |l| l.range.end());
            removes_comment |= lines.iter().any(|l| {
                l.kind == LineKind::Comment
                    || l.entries
                        .clone()
                        .any(|e| has_trailing_comment(text, file, e))
            });
            ranges.push(with_separating_blank(
                file,
                section,
                TextRange::new(first, last),
            ));
            continue;
        }
        for (offset, l) in lines.iter().enumerate() {
            let index = section.start + offset;
            if l.kind != LineKind::Entries || !l.entries.clone().any(|e| victims.contains(&e)) {
                continue;
            }
            if l.entries.clone().all(|e| victims.contains(&e)) {
                let mut range = l.range;
                // Comment lines directly above, attached when an earlier line of the section
                // precedes them (otherwise they are the section's header).
                let mut top = index;
                while top > section.start && file.lines[top - 1].kind == LineKind::Comment {
                    top -= 1;
                }
                if top < index && top > section.start {
                    range = TextRange::new(file.lines[top].range.start(), range.end());
                    removes_comment = true;
                }
                removes_comment |= l
                    .entries
                    .clone()
                    .any(|e| has_trailing_comment(text, file, e));
                ranges.push(range);
            } else {
                for e in l.entries.clone().filter(|e| victims.contains(e)) {
                    ranges.push(statement_with_blanks(text, file, e, l.entries.end - 1 == e));
                }
            }
        }
    }
    // A BOM stays at the start of the file.
    let bom = TextSize::of(if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    });
    for range in &mut ranges {
        if range.start() < bom {
            *range = TextRange::new(bom, range.end().max(bom));
        }
    }
    Deletion::new(ranges, removes_comment)
}

/// Extends the range of a whole section over the blank line above it, or when there is
/// none (the section opens the file), over the blank line below it.
fn with_separating_blank(file: &EnvFile, section: Range<usize>, range: TextRange) -> TextRange {
    if section.start > 0 {
        if let Some(above) = file.lines.get(section.start - 1) {
            return TextRange::new(above.range.start(), range.end());
        }
    }
    match file.lines.get(section.end) {
        Some(below) if below.kind == LineKind::Blank => {
            TextRange::new(range.start(), below.range.end())
        }
        _ => range,
    }
}

/// Whether a `# …` comment follows entry `entry` on its line.
fn has_trailing_comment(text: &str, file: &EnvFile, entry: usize) -> bool {
    let Some(e) = file.entries.get(entry) else {
        return false;
    };
    text.get(usize::from(e.range.end())..usize::from(e.line_range.end()))
        .is_some_and(|rest| rest.trim_start().starts_with('#'))
}

/// The statement of entry `entry` with the blanks after it, or for the last statement of
/// its line, with the blanks before it.
fn statement_with_blanks(text: &str, file: &EnvFile, entry: usize, last: bool) -> TextRange {
    let e = &file.entries[entry];
    let bytes = text.as_bytes();
    let blank = |b: u8| b == b' ' || b == b'\t';
    let (mut start, mut end) = (usize::from(e.range.start()), usize::from(e.range.end()));
    if last {
        let line_start = usize::from(e.line_range.start());
        while start > line_start && bytes.get(start - 1).copied().is_some_and(blank) {
            start -= 1;
        }
    } else {
        while bytes.get(end).copied().is_some_and(blank) {
            end += 1;
        }
    }
    let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    TextRange::new(size(start), size(end))
}

#[cfg(test)]
mod tests {
    use compose_model::dotenv;

    use super::*;

    /// Applies the deletion of the entries named `keys` and returns the text left.
    fn delete(text: &str, keys: &[&str]) -> (String, bool) {
        let parse = dotenv::parse(text);
        let victims: Vec<usize> = parse
            .tree
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| keys.contains(&e.key.value.as_str()))
            .map(|(i, _)| i)
            .collect();
        let deletion = delete_entries(text, &parse.tree, &victims);
        let mut out = text.to_owned();
        for range in deletion.ranges.iter().rev() {
            out.replace_range(std::ops::Range::<usize>::from(*range), "");
        }
        (out, deletion.removes_comment)
    }

    #[test]
    fn a_variable_goes_with_its_attached_comment_but_not_the_section_header() {
        let text = "# --- Db ---\nA=1\n# the password\nB=2\nC=3\n";
        assert_eq!(
            delete(text, &["B"]),
            ("# --- Db ---\nA=1\nC=3\n".to_owned(), true)
        );
        assert_eq!(
            delete(text, &["A"]),
            ("# --- Db ---\n# the password\nB=2\nC=3\n".to_owned(), false)
        );
    }

    #[test]
    fn an_emptied_section_goes_with_its_header_and_one_blank_line() {
        let text = "A=1\n\n# --- Realtime ---\nRT_URL=x\nRT_MODULE=y\n\nB=2\n";
        assert_eq!(
            delete(text, &["RT_URL", "RT_MODULE"]),
            ("A=1\n\nB=2\n".to_owned(), true)
        );
        let last = "A=1\n\n# --- Realtime ---\nRT_URL=x\n";
        assert_eq!(delete(last, &["RT_URL"]), ("A=1\n".to_owned(), true));
        let first = "# --- Realtime ---\nRT_URL=x\n\nA=1\n";
        assert_eq!(delete(first, &["RT_URL"]), ("A=1\n".to_owned(), true));
    }

    #[test]
    fn crlf_lines_stay_crlf() {
        let text = "A=1\r\nB=2\r\nC=3\r\n";
        assert_eq!(delete(text, &["B"]).0, "A=1\r\nC=3\r\n");
        let sections = "A=1\r\n\r\n# x\r\nB=2\r\n";
        assert_eq!(delete(sections, &["B"]).0, "A=1\r\n");
    }

    #[test]
    fn a_statement_sharing_its_line_goes_alone() {
        assert_eq!(delete("A=\"x\" B=1\n", &["A"]).0, "B=1\n");
        assert_eq!(delete("A=\"x\" B=\"y\"\nC=1\n", &["B"]).0, "A=\"x\"\nC=1\n");
    }

    #[test]
    fn a_trailing_comment_counts_as_a_comment_and_invalid_lines_keep_a_section() {
        assert_eq!(
            delete("A=1\nB=2 # old\n", &["B"]),
            ("A=1\n".to_owned(), true)
        );
        assert_eq!(delete("# h\nA=1\nB C=2\n", &["A"]).0, "# h\nB C=2\n");
    }

    #[test]
    fn a_bom_stays() {
        assert_eq!(delete("\u{feff}A=1\nB=2\n", &["A"]).0, "\u{feff}B=2\n");
    }

    #[test]
    fn section_entries_are_the_variables_between_blank_lines() {
        let parse = dotenv::parse("A=1\n\n# h\nB=2\nC=3\n\nD=4\n");
        assert_eq!(section_entries(&parse.tree, 1), [1, 2]);
        assert_eq!(section_entries(&parse.tree, 0), [0]);
        assert!(section_entries(&parse.tree, 9).is_empty());
    }
}
