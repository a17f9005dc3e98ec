//! The result of a run: the files read and the findings, in the order they are printed.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::source::Sources;

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// The files read (their text is the text after fixes, when fixes were applied).
    pub sources: Sources,
    /// The findings that remain, sorted by file, position, then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied per rule, when `--fix` ran.
    pub fixed: BTreeMap<&'static str, usize>,
}

impl Report {
    /// Sorts the findings by file path, then position, then rule (DESIGN.md contract 4).
    pub fn sort(&mut self) {
        let sources = &self.sources;
        self.diagnostics.sort_by(|a, b| {
            let fa = &sources.get(a.file).display();
            let fb = &sources.get(b.file).display();
            fa.cmp(fb)
                .then(a.span.start().cmp(&b.span.start()))
                .then(a.span.end().cmp(&b.span.end()))
                .then(a.rule.name.cmp(b.rule.name))
                .then(a.message.cmp(&b.message))
        });
    }

    /// Findings with a fix that `--fix` (or, with `unsafe_fixes`, `--unsafe-fixes`) applies.
    pub fn fixable(&self, unsafe_fixes: bool) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| unsafe_fixes || f.applicability() == Applicability::Safe)
            })
            .count()
    }

    /// Findings with any fix.
    pub fn with_fix(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.fix.is_some()).count()
    }

    /// The number of findings of each severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}
