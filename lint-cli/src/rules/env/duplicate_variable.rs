//! `duplicate-variable`

use std::collections::HashMap;

use compose_model::dotenv::EnvFile;
use compose_model::interpolate::flatten;

use crate::checker::Checker;
use crate::fix::env::delete_entries;
use crate::fix::{Applicability, Fix};
use crate::project::EnvData;
use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a variable set twice in one `.env` or `env_file` file. The finding points at
    /// the later line, with a label on the earlier one.
    ///
    /// ## Why is this bad?
    /// Docker Compose keeps the last value and silently drops the first. Whoever edits the
    /// first line (the one near the top, where the variable is documented) changes nothing,
    /// which is hard to debug; and two values for one key usually mean a merge went wrong.
    ///
    /// ## Example
    /// ```sh
    /// POSTGRES_USER=app
    /// POSTGRES_DB=app
    /// POSTGRES_USER=admin
    /// ```
    ///
    /// Use instead:
    /// ```sh
    /// POSTGRES_DB=app
    /// POSTGRES_USER=admin
    /// ```
    ///
    /// Messages name the variable only, never a value: env files hold secrets.
    ///
    /// ## Fix safety
    /// The fix deletes the earlier line, the one compose ignores, so the file keeps its
    /// meaning. It is unsafe when a comment goes with the line (a comment directly above it,
    /// or after the value), and when a line between the two (or the later one itself) reads
    /// the variable (`PATH=${PATH}:/opt/bin`) or the later line is a bare `KEY` (which falls
    /// back on the earlier value): then the earlier value is not dead.
    pub struct DuplicateVariable {
        name: "duplicate-variable",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for DuplicateVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_env(&self, file: &EnvData, cx: &mut Checker<'_>) {
        let tree = &file.parse.tree;
        let mut last: HashMap<&str, usize> = HashMap::new();
        for (index, entry) in tree.entries.iter().enumerate() {
            let key = entry.key.value.as_str();
            let Some(previous) = last.insert(key, index) else {
                continue;
            };
            let earlier = &tree.entries[previous];
            let deletion = delete_entries(cx.text(), tree, &[previous]);
            let keeps_meaning = !deletion.removes_comment
                && entry.value.is_some()
                && !read_between(tree, key, previous, index);
            let applicability = if keeps_meaning {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let fix = Fix::new(
                applicability,
                format!("remove the earlier `{key}`"),
                deletion.edits(cx.file()),
            );
            let d = cx
                .diagnostic(
                    &Self::META,
                    entry.key.range,
                    format!("variable `{key}` is set again"),
                )
                .with_label(
                    cx.file(),
                    earlier.key.range,
                    "set here first; compose ignores this value",
                )
                .with_help("keep one of the two lines")
                .with_fix(fix);
            cx.report(d);
        }
    }
}

/// Whether an entry after `earlier` up to `later` (included) reads `key` in its value.
fn read_between(file: &EnvFile, key: &str, earlier: usize, later: usize) -> bool {
    file.entries
        .get(earlier + 1..=later)
        .unwrap_or_default()
        .iter()
        .any(|e| flatten(&e.references).iter().any(|r| r.name == key))
}
