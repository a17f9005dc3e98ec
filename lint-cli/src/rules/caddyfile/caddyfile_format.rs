//! `caddyfile-format`

use similar::{DiffOp, TextDiff};
use text_size::{TextRange, TextSize};

use crate::checker::Checker;
use crate::fix::edits::{line_end_exclusive, line_ending_of};
use crate::fix::{Edit, Fix};
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::is_structural;
use crate::source::FileId;

declare_rule! {
    /// ## What it does
    /// Flags a Caddyfile that `caddy fmt` would change: indentation other than one tab per
    /// level, runs of spaces between words, blank lines right inside braces or more than one
    /// in a row, a `{` on its own line, trailing whitespace, a missing final newline. The
    /// finding points at the first line that differs. Imported files are checked too.
    ///
    /// Files with structural syntax errors (unbalanced braces, an unclosed quote, a bad
    /// heredoc) are not checked: `caddy fmt` formats them, but may change their tokens while
    /// doing so, so fix the `caddyfile-syntax` finding first.
    ///
    /// A file with CRLF line endings is compared line by line ignoring them (as `caddy
    /// adapt` does before it warns), and keeps them when fixed.
    ///
    /// ## Why is this bad?
    /// `caddy adapt` and `caddy run` warn on every start (`Caddyfile input is not formatted;
    /// run 'caddy fmt --overwrite' to fix inconsistencies`), and unformatted files make
    /// diffs and reviews noisy.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com
    /// {
    ///   reverse_proxy    app:8080
    ///
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    /// 	reverse_proxy app:8080
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// The fix rewrites the lines that differ into what `caddy fmt` prints (`cfglint fmt`
    /// does the same for the whole file). It keeps every token and comment, so it is safe.
    ///
    /// ## References
    /// - [`caddy fmt`](https://caddyserver.com/docs/command-line#caddy-fmt)
    pub struct CaddyfileFormat {
        name: "caddyfile-format",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for CaddyfileFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, file: &CaddyfileData, cx: &mut Checker<'_>) {
        if file.parse.errors.iter().any(is_structural) {
            return;
        }
        let text = cx.text();
        let target = formatted(text);
        if target == text {
            return;
        }
        let edits = line_edits(cx.file(), text, &target);
        let Some(first) = edits.first() else {
            return;
        };
        // The first line that differs (without its line ending).
        let start = first.range.start();
        let span = TextRange::new(start, line_end_exclusive(text, start).max(start));
        let line = cx.source().line_index().line_of(start) + 1;
        let d = cx
            .diagnostic(
                &Self::META,
                span,
                format!("Caddyfile is not formatted as `caddy fmt` prints it (from line {line})"),
            )
            .with_help("run `cfglint fmt`, or `caddy fmt --overwrite`")
            .with_fix(Fix::safe("format the file as `caddy fmt` does", edits));
        cx.report(d);
    }
}

/// What `caddy fmt` prints for `text`, with the file's CRLF line endings kept.
fn formatted(text: &str) -> String {
    let out = caddyfile_parser::format(text);
    if line_ending_of(text) != "\r\n" {
        return out;
    }
    let mut crlf = String::with_capacity(out.len() + out.len() / 16);
    for line in out.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(body) => {
                crlf.push_str(body.strip_suffix('\r').unwrap_or(body));
                crlf.push_str("\r\n");
            }
            None => crlf.push_str(line),
        }
    }
    crlf
}

/// Line-level edits turning `text` into `target`: each run of changed lines is replaced as
/// a whole, and unchanged lines are left alone.
fn line_edits(file: FileId, text: &str, target: &str) -> Vec<Edit> {
    let diff = TextDiff::from_lines(text, target);
    let old: Vec<&str> = text.split_inclusive('\n').collect();
    let new: Vec<&str> = target.split_inclusive('\n').collect();
    // Byte offset of the start of each old line, and of the end.
    let mut starts = Vec::with_capacity(old.len() + 1);
    let mut at = 0usize;
    for line in &old {
        starts.push(at);
        at += line.len();
    }
    starts.push(at);
    let mut edits: Vec<Edit> = Vec::new();
    // Runs of adjacent changes are merged into one edit.
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    let flush = |run: (usize, usize, usize, usize), edits: &mut Vec<Edit>| {
        let (old_from, old_to, new_from, new_to) = run;
        let range = TextRange::new(
            TextSize::new(u32::try_from(starts[old_from]).unwrap_or(u32::MAX)),
            TextSize::new(u32::try_from(starts[old_to]).unwrap_or(u32::MAX)),
        );
        edits.push(Edit::replace(file, range, new[new_from..new_to].concat()));
    };
    for op in diff.ops() {
        let (old_range, new_range) = match *op {
            DiffOp::Equal { .. } => {
                if let Some(run) = pending.take() {
                    flush(run, &mut edits);
                }
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        pending = Some(match pending {
            Some((from, _, new_from, _)) => (from, old_range.end, new_from, new_range.end),
            None => (
                old_range.start,
                old_range.end,
                new_range.start,
                new_range.end,
            ),
        });
    }
    if let Some(run) = pending {
        flush(run, &mut edits);
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply::splice;

    #[track_caller]
    fn fixed(text: &str) -> (String, usize) {
        let target = formatted(text);
        let edits = line_edits(FileId(0), text, &target);
        (splice(text, &edits), edits.len())
    }

    #[test]
    fn edits_replace_only_the_lines_that_change() {
        let text = "a.com {\n  respond   x\n\tfile_server\n\n\n\tencode gzip\n}";
        let target = caddyfile_parser::format(text);
        let edits = line_edits(FileId(0), text, &target);
        let changed: Vec<&str> = edits.iter().map(|e| &text[e.range]).collect();
        assert_eq!(changed, ["  respond   x\n", "\n", "}"]);
        assert_eq!(splice(text, &edits), target);
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let (out, _) = fixed("a.com {\r\n  respond x # note\r\n}\r\n");
        assert_eq!(out, "a.com {\r\n\trespond x # note\r\n}\r\n");
        assert_eq!(formatted(&out), out);
    }

    #[test]
    fn a_formatted_file_needs_no_edit() {
        let (out, count) = fixed("a.com {\n\trespond x\n}\n");
        assert_eq!((out.as_str(), count), ("a.com {\n\trespond x\n}\n", 0));
    }
}
