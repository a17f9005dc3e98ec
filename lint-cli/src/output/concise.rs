//! `--output-format concise`: one line per finding, and `--statistics`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::PrintOptions;
use crate::fix::Applicability;
use crate::report::Report;

/// Prints `file:line:column: severity[rule] message` lines and the summary.
pub(super) fn print(report: &Report, options: PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let file = report.sources.get(d.file);
        let start = file.line_column(d.span.start());
        let marker = match d.fix.as_deref().map(crate::fix::Fix::applicability) {
            Some(Applicability::Safe) => " [*]",
            Some(Applicability::Unsafe) if options.unsafe_fixes => " [*]",
            _ => "",
        };
        writeln!(
            out,
            "{}:{}:{}: {}[{}]{marker} {}",
            file.display(),
            start.line,
            start.column,
            d.severity.as_str(),
            d.rule.name,
            d.message
        )?;
    }
    super::summary(report, options, out)
}

/// Prints how many findings each rule made, most first.
pub(super) fn statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in &report.diagnostics {
        let entry = counts.entry(d.rule.name).or_default();
        entry.0 += 1;
        if d.fix.is_some() {
            entry.1 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    for (rule, (count, fixable)) in rows {
        let marker = if fixable > 0 { "[*]" } else { "   " };
        writeln!(out, "{count:>5}  {rule:<width$}  {marker}")?;
    }
    Ok(())
}
