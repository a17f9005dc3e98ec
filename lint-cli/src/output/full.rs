//! `--output-format full`: each finding with its source lines (miette's graphical report).

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use super::PrintOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;
use crate::source::FileId;

/// A finding as miette sees it: borrowed, with its file's source attached.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
    /// Labels in this finding's file.
    labels: Vec<LabeledSpan>,
    /// Labels in other files, each rendered as a related note with that file's source.
    related: Vec<Related<'a>>,
    footer: Option<String>,
}

struct Related<'a> {
    message: String,
    source: &'a NamedSource<String>,
    label: LabeledSpan,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered").finish_non_exhaustive()
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule.name))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.footer
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Related").finish_non_exhaustive()
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Related<'_> {}

impl miette::Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

fn span(range: text_size::TextRange) -> SourceSpan {
    SourceSpan::new(usize::from(range.start()).into(), usize::from(range.len()))
}

/// Prints every finding with miette's graphical handler, then the summary.
pub(super) fn print(report: &Report, options: PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width.max(60))
        .with_links(false)
        .with_context_lines(1);

    let mut named: HashMap<FileId, NamedSource<String>> = HashMap::new();
    for d in &report.diagnostics {
        for file in std::iter::once(d.file).chain(d.labels.iter().map(|l| l.file)) {
            named.entry(file).or_insert_with(|| {
                let source = report.sources.get(file);
                NamedSource::new(source.display(), source.shown_text().to_owned()).with_language(
                    match source.kind {
                        crate::source::FileKind::Compose => "yaml",
                        _ => "text",
                    },
                )
            });
        }
    }

    let mut rendered = String::new();
    for d in &report.diagnostics {
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, span(d.span))];
        let mut related = Vec::new();
        for label in &d.labels {
            let labeled = LabeledSpan::new_with_span(Some(label.message.clone()), span(label.span));
            if label.file == d.file {
                labels.push(labeled);
            } else {
                related.push(Related {
                    message: format!(
                        "{}: {}",
                        report.sources.get(label.file).display(),
                        label.message
                    ),
                    source: &named[&label.file],
                    label: labeled,
                });
            }
        }
        let mut footer = d.help.as_deref().map(str::to_owned);
        if let Some(fix) = &d.fix {
            let note = format!("fix ({}): {}", fix.applicability().as_str(), fix.message());
            footer = Some(match footer {
                Some(help) => format!("{help}\n{note}"),
                None => note,
            });
        }
        let view = Rendered {
            diagnostic: d,
            source: &named[&d.file],
            labels,
            related,
            footer,
        };
        rendered.clear();
        handler
            .render_report(&mut rendered, &view)
            .map_err(|e| io::Error::other(e.to_string()))?;
        out.write_all(rendered.as_bytes())?;
        writeln!(out)?;
    }
    super::summary(report, options, out)
}
