//! `cfglint rule [NAME]`: print a rule's documentation, or list every rule.

use std::io::Write;

use crate::cli::RuleArgs;
use crate::rules::{ALL_RULES, rule_by_name};

use super::{ExitStatus, print_error};

/// Runs `cfglint rule`.
pub fn run(args: &RuleArgs) -> ExitStatus {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if let Some(name) = &args.name {
        let Some(rule) = rule_by_name(name) else {
            print_error(&format!(
                "unknown rule `{name}`; `cfglint rule` lists every rule"
            ));
            return ExitStatus::Error;
        };
        let meta = rule.meta();
        writeln!(
            out,
            "# {} ({}, {})\n\n{}",
            meta.name,
            meta.severity.as_str(),
            meta.fix.describe(),
            meta.docs().trim_end()
        )
    } else {
        let width = ALL_RULES
            .iter()
            .map(|r| r.meta().name.len())
            .max()
            .unwrap_or(0);
        ALL_RULES.iter().try_for_each(|rule| {
            let meta = rule.meta();
            let fix = if meta.fix == crate::registry::FixAvailability::None {
                "   "
            } else {
                "[*]"
            };
            writeln!(
                out,
                "{:<width$}  {:<7}  {fix}  {}",
                meta.name,
                meta.severity.as_str(),
                meta.summary()
            )
        })
    };
    match written {
        Ok(()) => ExitStatus::Success,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(error) => {
            print_error(&format!("writing output: {error}"));
            ExitStatus::Error
        }
    }
}
