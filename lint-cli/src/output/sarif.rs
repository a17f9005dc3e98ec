//! `--output-format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in
//! cfglint. The other places of a cross-file finding are `relatedLocations`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::RuleMeta;
use crate::report::Report;
use crate::source::{FileId, Sources};
use text_size::TextRange;

/// Prints the report as one SARIF log.
pub(super) fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: BTreeMap<&str, &RuleMeta> = BTreeMap::new();
    for d in &report.diagnostics {
        rules.insert(d.rule.name, d.rule);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cfglint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.values().map(|r| rule(r)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the working directory cfglint ran in"}}},
            "results": report.diagnostics.iter()
                .map(|d| result(d, index[d.rule.name], &report.sources))
                .collect::<Vec<_>>(),
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(meta: &RuleMeta) -> Value {
    json!({
        "id": meta.name,
        "shortDescription": {"text": meta.summary()},
        "fullDescription": {"text": meta.summary()},
        "help": {"text": meta.docs(), "markdown": meta.docs()},
        "defaultConfiguration": {"level": level(meta.severity)},
    })
}

fn location(sources: &Sources, file: FileId, span: TextRange) -> Value {
    let source = sources.get(file);
    let start = source.line_column(span.start());
    let end = source.line_column(span.end());
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(source.display()), "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        },
    })
}

/// Percent-encodes the characters a relative URI reference cannot hold.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => {
                use std::fmt::Write as _;
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

fn result(d: &Diagnostic, rule_index: usize, sources: &Sources) -> Value {
    let mut value = json!({
        "ruleId": d.rule.name,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": d.message},
        "locations": [location(sources, d.file, d.span)],
    });
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut l = location(sources, label.file, label.span);
                l["id"] = json!(i + 1);
                l["message"] = json!({"text": label.message});
                l
            })
            .collect();
        value["relatedLocations"] = Value::Array(related);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("deploy/Caddy file"), "deploy/Caddy%20file");
        assert_eq!(uri("æ"), "%C3%A6");
    }
}
