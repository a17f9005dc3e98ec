//! `--output-format github`: GitHub Actions workflow commands, shown as annotations.

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::report::Report;

/// Prints one `::error …::message` or `::warning …` command per finding.
pub(super) fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let file = report.sources.get(d.file);
        let start = file.line_column(d.span.start());
        let end = file.line_column(d.span.end());
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            out,
            "::{command} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            escape_property(&format!("cfglint ({})", d.rule.name)),
            escape_property(file.display()),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_data(&format!("{}: {}", d.rule.name, d.message)),
        )?;
    }
    Ok(())
}

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
