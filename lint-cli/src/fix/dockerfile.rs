//! Dockerfile edits on the lossless instruction list of [`Dockerfile`]: delete names of an
//! `ARG`, pairs of an `ENV`, or whole instructions, keeping line continuations intact.
//!
//! - When every word of an instruction goes, the instruction goes whole (all its
//!   continuation lines), with the comment lines attached above it: a comment block that
//!   follows another line of the same paragraph (a run of non-blank lines). A comment block
//!   that opens a paragraph is its header and stays while the paragraph keeps an instruction.
//! - A paragraph left without instructions goes whole, with the blank line that separated it.
//! - When only some words of an instruction go (`ARG A B`, `ENV A=1 B=2`), each goes with
//!   the separator before it (or after it, when it is the first word kept…), so `ARG A \`
//!   / `    B` loses `B` as `ARG A`, never leaving a dangling `\`.
//!
//! Parser directives (`# syntax=…`) are never deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use compose_model::dockerfile::{ArgDecl, DockerLineKind, Dockerfile, InstructionKind};
use text_size::TextRange;

use super::edits::Deletion;

/// One word of an `ARG` (a name) or `ENV` (a pair): the instruction's index in
/// [`Dockerfile::instructions`] and the word's index among its names or pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word {
    /// Index of the instruction.
    pub instruction: usize,
    /// Index of the `ArgDef` or `EnvDef` in it.
    pub index: usize,
}

/// The ranges of the words of instruction `i` (`ARG` names, `ENV` pairs); empty for others.
fn word_ranges(file: &Dockerfile, i: usize) -> Vec<TextRange> {
    match file.kind(i) {
        InstructionKind::Arg(defs) => defs.iter().map(|d| d.range).collect(),
        InstructionKind::Env(defs) => defs.iter().map(|d| d.range).collect(),
        _ => Vec::new(),
    }
}

/// The `ENV` pairs that only re-export the `ARG` `decl` (`ENV X=$X`, `ENV URL=${X}`, legacy
/// `ENV X $X`), in the `ARG`'s scope.
pub fn reexports(file: &Dockerfile, decl: &ArgDecl) -> Vec<Word> {
    let name = decl.name.value.as_str();
    let plain = format!("${name}");
    let braced = format!("${{{name}}}");
    let uses: Vec<TextRange> = file.arg_uses(decl).iter().map(|u| u.range).collect();
    let mut out = Vec::new();
    for i in 0..file.instructions.len() {
        let InstructionKind::Env(defs) = file.kind(i) else {
            continue;
        };
        for (index, def) in defs.iter().enumerate() {
            let value = def.value.value.as_str();
            let in_scope = uses.iter().any(|u| def.range.contains_range(*u));
            if in_scope && (value == plain || value == braced) {
                out.push(Word {
                    instruction: i,
                    index,
                });
            }
        }
    }
    out
}

/// Deletes the words `victims` of `file` (the text `text`); see the module docs.
pub fn delete_words(text: &str, file: &Dockerfile, victims: &[Word]) -> Deletion {
    let mut by_instruction: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for w in victims {
        by_instruction
            .entry(w.instruction)
            .or_default()
            .insert(w.index);
    }
    let mut whole: BTreeSet<usize> = BTreeSet::new();
    let mut ranges = Vec::new();
    let mut removes_comment = false;
    for (&i, indices) in &by_instruction {
        let words = word_ranges(file, i);
        if words.is_empty() {
            continue;
        }
        if (0..words.len()).all(|k| indices.contains(&k)) {
            whole.insert(i);
            continue;
        }
        for &k in indices {
            let Some(word) = words.get(k) else { continue };
            let kept_before = (0..k).rev().find(|j| !indices.contains(j));
            let range = if let Some(j) = kept_before {
                TextRange::new(words[j].end(), word.end())
            } else {
                let next_kept = (k + 1..words.len()).find(|j| !indices.contains(j));
                let end = next_kept.map_or(word.end(), |j| words[j].start());
                TextRange::new(word.start(), end)
            };
            removes_comment |= has_comment_line(&text[range]);
            ranges.push(range);
        }
    }
    let whole = delete_instructions(text, file, &whole);
    let mut deletion = Deletion::new(ranges, removes_comment);
    deletion.extend(whole);
    deletion
}

/// Whether `text` holds a comment line (inside an instruction's continuation).
fn has_comment_line(text: &str) -> bool {
    text.lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with('#'))
}

/// Deletes whole instructions (indices into [`Dockerfile::instructions`]).
fn delete_instructions(text: &str, file: &Dockerfile, victims: &BTreeSet<usize>) -> Deletion {
    let all = file.lines(text);
    let line_of = |i: usize| {
        all.iter()
            .position(|l| l.kind == DockerLineKind::Instruction(i))
    };
    let blank = |k: usize| all.get(k).is_none_or(|l| l.kind == DockerLineKind::Blank);
    let paragraph = |k: usize| -> Range<usize> {
        let mut start = k;
        while start > 0 && !blank(start - 1) {
            start -= 1;
        }
        let mut end = k;
        while !blank(end) {
            end += 1;
        }
        start..end
    };
    let mut ranges = Vec::new();
    let mut removes_comment = false;
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for &victim in victims {
        let Some(k) = line_of(victim) else { continue };
        let para = paragraph(k);
        if !done.insert(para.start) {
            continue;
        }
        let lines = &all[para.clone()];
        let emptied = lines.iter().all(|l| match l.kind {
            DockerLineKind::Instruction(i) => victims.contains(&i),
            DockerLineKind::Directive => false,
            DockerLineKind::Blank | DockerLineKind::Comment => true,
        });
        if emptied {
            let start = lines.first().map_or(0.into(), |l| l.range.start());
            let end = lines.last().map_or(start, |l| l.range.end());
            removes_comment |= lines.iter().any(|l| l.kind == DockerLineKind::Comment)
                || lines.iter().any(|l| has_comment_line(&text[l.range]));
            let range = if para.start > 0 {
                TextRange::new(all[para.start - 1].range.start(), end)
            } else {
                match all.get(para.end) {
                    Some(below) if below.kind == DockerLineKind::Blank => {
                        TextRange::new(start, below.range.end())
                    }
                    _ => TextRange::new(start, end),
                }
            };
            ranges.push(range);
            continue;
        }
        for (offset, l) in lines.iter().enumerate() {
            let DockerLineKind::Instruction(i) = l.kind else {
                continue;
            };
            if !victims.contains(&i) {
                continue;
            }
            let at = para.start + offset;
            let mut top = at;
            while top > para.start && all[top - 1].kind == DockerLineKind::Comment {
                top -= 1;
            }
            let mut range = l.range;
            if top < at && top > para.start {
                range = TextRange::new(all[top].range.start(), range.end());
                removes_comment = true;
            }
            removes_comment |= has_comment_line(&text[l.range]);
            ranges.push(range);
        }
    }
    Deletion::new(ranges, removes_comment)
}

#[cfg(test)]
mod tests {
    use compose_model::dockerfile;

    use super::*;

    fn apply(text: &str, deletion: &Deletion) -> String {
        let mut out = text.to_owned();
        for range in deletion.ranges.iter().rev() {
            out.replace_range(std::ops::Range::<usize>::from(*range), "");
        }
        out
    }

    /// Deletes the `ARG` names `names` and their re-exports.
    fn delete_args(text: &str, names: &[&str]) -> (String, bool) {
        let parse = dockerfile::parse(text);
        let file = &parse.tree;
        let mut victims = Vec::new();
        for decl in file.args() {
            if !names.contains(&decl.name.value.as_str()) {
                continue;
            }
            let InstructionKind::Arg(defs) = file.kind(decl.instruction) else {
                unreachable!("args() lists ARG instructions");
            };
            let index = defs.iter().position(|d| d.name == decl.name).unwrap();
            victims.push(Word {
                instruction: decl.instruction,
                index,
            });
            victims.extend(reexports(file, &decl));
        }
        let deletion = delete_words(text, file, &victims);
        (apply(text, &deletion), deletion.removes_comment)
    }

    #[test]
    fn an_arg_and_its_reexport_go_as_a_paragraph() {
        let text = "FROM node AS build\nWORKDIR /app\n\nARG URL\nENV URL=$URL\n\nRUN npm ci\n";
        assert_eq!(
            delete_args(text, &["URL"]),
            (
                "FROM node AS build\nWORKDIR /app\n\nRUN npm ci\n".to_owned(),
                false
            )
        );
    }

    #[test]
    fn one_name_of_a_multi_name_arg_goes_with_its_separator() {
        assert_eq!(
            delete_args("FROM a\nARG A B=1 C\n", &["B"]).0,
            "FROM a\nARG A C\n"
        );
        assert_eq!(
            delete_args("FROM a\nARG A B C\n", &["A"]).0,
            "FROM a\nARG B C\n"
        );
        assert_eq!(
            delete_args("FROM a\nARG A B C\n", &["A", "B"]).0,
            "FROM a\nARG C\n"
        );
        assert_eq!(
            delete_args("FROM a\nARG A B C\n", &["B", "C"]).0,
            "FROM a\nARG A\n"
        );
    }

    #[test]
    fn continuations_stay_intact() {
        let text = "FROM a\nARG A \\\n    B\nRUN x\n";
        assert_eq!(delete_args(text, &["B"]).0, "FROM a\nARG A\nRUN x\n");
        assert_eq!(delete_args(text, &["A"]).0, "FROM a\nARG B\nRUN x\n");
        let crlf = "FROM a\r\nARG A \\\r\n    B\r\nRUN x\r\n";
        assert_eq!(delete_args(crlf, &["A", "B"]).0, "FROM a\r\nRUN x\r\n");
    }

    #[test]
    fn an_attached_comment_goes_but_a_paragraph_header_stays() {
        let text = "FROM a\nWORKDIR /x\n# the endpoint\nARG URL\nRUN b\n";
        assert_eq!(
            delete_args(text, &["URL"]),
            ("FROM a\nWORKDIR /x\nRUN b\n".to_owned(), true)
        );
        let header = "FROM a\n\n# build settings\nARG URL\nARG MODE\n";
        assert_eq!(
            delete_args(header, &["URL"]),
            ("FROM a\n\n# build settings\nARG MODE\n".to_owned(), false)
        );
        assert_eq!(
            delete_args(header, &["URL", "MODE"]),
            ("FROM a\n".to_owned(), true)
        );
    }

    #[test]
    fn reexports_are_env_pairs_whose_value_is_only_the_arg() {
        let text = "FROM a\nARG X\nENV X=$X Y=${X} Z=$X/api W=1\nENV V $X\n";
        let parse = dockerfile::parse(text);
        let decl = &parse.tree.args()[0];
        let found = reexports(&parse.tree, decl);
        assert_eq!(
            found,
            [
                Word {
                    instruction: 2,
                    index: 0
                },
                Word {
                    instruction: 2,
                    index: 1
                },
                Word {
                    instruction: 3,
                    index: 0
                },
            ]
        );
        assert_eq!(delete_args(text, &["X"]).0, "FROM a\nENV Z=$X/api W=1\n");
    }

    #[test]
    fn a_global_arg_has_no_reexports_in_stages() {
        let text = "ARG X\nFROM a\nENV X=$X\n";
        let parse = dockerfile::parse(text);
        assert!(reexports(&parse.tree, &parse.tree.args()[0]).is_empty());
    }

    #[test]
    fn directives_are_never_deleted() {
        let text = "# syntax=docker/dockerfile:1\nARG X\nFROM a\n";
        assert_eq!(
            delete_args(text, &["X"]).0,
            "# syntax=docker/dockerfile:1\nFROM a\n"
        );
    }
}
