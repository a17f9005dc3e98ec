//! Another tool using cfglint as a library: check a stack and print the findings its own way.
//!
//! ```sh
//! cargo run -p cfglint --example check_stack -- fixtures/sidelinja
//! ```

use cfglint::api::{CheckOptions, check_paths};

fn main() -> miette::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let paths = if paths.is_empty() {
        vec![".".to_owned()]
    } else {
        paths
    };
    let report = check_paths(&paths, &CheckOptions::default())?;
    for finding in &report.diagnostics {
        let at = report.location(finding);
        let fixable = finding
            .fix
            .as_ref()
            .map_or(String::new(), |f| format!(" (fix: {})", f.message()));
        println!(
            "{} line {}: [{}] {}{fixable}",
            at.file,
            at.start.line,
            finding.rule_id(),
            finding.message
        );
    }
    println!(
        "{} finding(s) in {} file(s)",
        report.diagnostics.len(),
        report.sources.len()
    );
    Ok(())
}
