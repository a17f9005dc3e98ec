//! `--output-format json`: the stable, versioned document of DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::line_index::LineColumn;
use crate::report::Report;
use crate::source::Sources;

/// The JSON format's version; bumped on any incompatible change.
pub(crate) const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    start: LineColumn,
    end: LineColumn,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    start: LineColumn,
    end: LineColumn,
    content: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    diagnostics: usize,
    fixable: usize,
}

/// Prints the report as one JSON document and a newline.
pub(super) fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: JSON_VERSION,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(d, &report.sources))
            .collect(),
        summary: Summary {
            files: report.sources.len(),
            diagnostics: report.diagnostics.len(),
            fixable: report.with_fix(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn diagnostic<'a>(d: &'a Diagnostic, sources: &'a Sources) -> JsonDiagnostic<'a> {
    let file = sources.get(d.file);
    JsonDiagnostic {
        rule: d.rule.name,
        severity: d.severity.as_str(),
        message: &d.message,
        file: file.display(),
        start: file.line_column(d.span.start()),
        end: file.line_column(d.span.end()),
        fix: d.fix.as_ref().map(|f| fix(f, sources)),
    }
}

fn fix<'a>(fix: &'a Fix, sources: &'a Sources) -> JsonFix<'a> {
    JsonFix {
        applicability: fix.applicability().as_str(),
        message: fix.message(),
        edits: fix
            .edits()
            .iter()
            .map(|e| {
                let file = sources.get(e.file);
                JsonEdit {
                    file: file.display(),
                    start: file.line_column(e.range.start()),
                    end: file.line_column(e.range.end()),
                    content: &e.text,
                }
            })
            .collect(),
    }
}
