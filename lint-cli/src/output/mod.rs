//! Printing a [`Report`] in each output format.

mod concise;
mod full;
mod github;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::report::Report;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Each finding with its source lines, labels and fix (the default).
    #[default]
    Full,
    /// One line per finding: `file:line:column: severity[rule] message`.
    Concise,
    /// The stable JSON document (version 1) described in README.md.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`), shown as annotations.
    Github,
}

/// Options that change how findings are printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintOptions {
    /// Use colours and Unicode drawing.
    pub color: bool,
    /// Whether `--unsafe-fixes` is on (changes the fixable hint).
    pub unsafe_fixes: bool,
    /// Print the fixes that were applied (`--show-fixes`).
    pub show_fixes: bool,
    /// Print the per-rule counts instead of findings (`--statistics`).
    pub statistics: bool,
    /// Terminal width for the full format.
    pub width: usize,
}

/// Prints `report` as `format`.
pub fn print(
    report: &Report,
    format: OutputFormat,
    options: PrintOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if options.statistics && matches!(format, OutputFormat::Full | OutputFormat::Concise) {
        return concise::statistics(report, out);
    }
    match format {
        OutputFormat::Full => full::print(report, options, out),
        OutputFormat::Concise => concise::print(report, options, out),
        OutputFormat::Json => json::print(report, out),
        OutputFormat::Sarif => sarif::print(report, out),
        OutputFormat::Github => github::print(report, out),
    }
}

/// The closing summary line of the text formats.
fn summary(report: &Report, options: PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    if options.show_fixes && !report.fixed.is_empty() {
        writeln!(out, "Fixed:")?;
        for (rule, count) in &report.fixed {
            writeln!(out, "  {count:>5}  {rule}")?;
        }
    }
    let total = report.diagnostics.len();
    let fixed: usize = report.fixed.values().sum();
    if total == 0 {
        if fixed > 0 {
            writeln!(
                out,
                "Found {fixed} {} ({fixed} fixed, 0 remaining).",
                plural(fixed)
            )?;
        } else {
            writeln!(out, "All checks passed!")?;
        }
        return Ok(());
    }
    if fixed > 0 {
        writeln!(
            out,
            "Found {} {} ({fixed} fixed, {total} remaining).",
            total + fixed,
            plural(total + fixed)
        )?;
    } else {
        writeln!(out, "Found {total} {}.", plural(total))?;
    }
    let safe = report.fixable(false);
    let all = report.with_fix();
    if options.unsafe_fixes {
        if all > 0 {
            writeln!(out, "[*] {all} fixable with `--fix --unsafe-fixes`.")?;
        }
    } else if safe > 0 {
        let hidden = all - safe;
        if hidden > 0 {
            writeln!(
                out,
                "[*] {safe} fixable with `--fix` ({hidden} hidden fixes can be enabled with `--unsafe-fixes`)."
            )?;
        } else {
            writeln!(out, "[*] {safe} fixable with `--fix`.")?;
        }
    } else if all > 0 {
        writeln!(
            out,
            "No fixes available ({all} hidden fixes can be enabled with `--unsafe-fixes`)."
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "finding" } else { "findings" }
}
