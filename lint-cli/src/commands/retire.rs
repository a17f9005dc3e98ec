//! `cfglint retire SERVICE`: remove a service and every reference to it.
//!
//! Retiring is deleting the service's entry from the compose files, then letting the rules
//! that find leftovers fix them, with the service (and its aliases) marked retired: Caddy
//! upstreams, routes and sites (`dangling-upstream`), `depends_on`/`links` entries
//! (`unknown-service`), volumes and networks only it used (`unused-*`), build args, env
//! entries and env-file lines that name it (`retired-reference`, `dangling-url`), and
//! documentation in `.env.example` (`unused-variable`). The fix loop runs until nothing
//! changes; the diff and a summary are printed, and the files written unless `--dry-run`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::checker::Settings;
use crate::cli::RetireArgs;
use crate::diff::unified_diff;
use crate::fix::edits::{whole_lines, with_comment_lines_above, with_one_blank_line_removed};
use crate::fix::{Edit, apply::splice};
use crate::project::{Overlay, Parsed, Project};
use crate::source::FileKind;
use crate::write::{WriteScope, write_atomic};

use super::check::{FixMode, check_and_fix};
use super::{ExitStatus, load_config, print_error};

/// The rules whose fixes clean up after a retired service.
pub const RETIRE_RULES: &[&str] = &[
    "dangling-upstream",
    "dangling-url",
    "retired-reference",
    "unknown-service",
    "unused-config",
    "unused-matcher",
    "unused-network",
    "unused-secret",
    "unused-snippet",
    "unused-variable",
    "unused-volume",
];

/// Runs `cfglint retire`.
pub fn run(args: &RetireArgs) -> ExitStatus {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let Some(mut config) = load_config(args.config.as_deref(), &cwd.join(&paths[0])) else {
        return ExitStatus::Error;
    };
    let service = args.service.clone();
    config.retired.push(service.clone());
    config
        .retired_aliases
        .entry(service.clone())
        .or_default()
        .extend(args.aliases.iter().cloned());
    let select: Vec<String> = RETIRE_RULES.iter().map(|r| (*r).to_owned()).collect();
    let settings = match Settings::new(config, &select, &[]) {
        Ok(settings) => settings,
        Err(error) => {
            super::print_report(error);
            return ExitStatus::Error;
        }
    };

    // Step 1: delete the service's entry from every compose file that defines it.
    let project = Project::load(&paths, &cwd, &settings.config, &Overlay::default());
    for error in &project.errors {
        print_error(error);
    }
    let mut overlay = Overlay::default();
    let mut found = false;
    for stack in &project.stacks {
        for id in &stack.compose_files {
            let Parsed::Compose(data) = project.parsed(*id) else {
                continue;
            };
            let file = project.sources.get(*id);
            let edits: Vec<Edit> = data
                .model
                .services
                .iter()
                .filter(|s| s.name.value == service)
                .map(|s| {
                    let lines = whole_lines(&file.text, s.entry_range);
                    let lines = with_comment_lines_above(&file.text, lines);
                    Edit::delete(*id, with_one_blank_line_removed(&file.text, lines))
                })
                .collect();
            if !edits.is_empty() {
                found = true;
                overlay
                    .texts
                    .insert(file.path.clone(), splice(&file.text, &edits));
            }
        }
    }
    if !found {
        print_error(&format!(
            "no compose file under {} defines a service `{service}`",
            paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return ExitStatus::Error;
    }
    let originals: BTreeMap<PathBuf, Vec<u8>> = project
        .sources
        .iter()
        .filter_map(|f| Some((f.path.clone(), f.bytes_as_read()?.to_vec())))
        .collect();

    // Step 2: let the leftover rules fix everything that pointed at it.
    let fixed = match check_and_fix(
        &paths,
        &cwd,
        &settings,
        overlay.clone(),
        FixMode::Apply { unsafe_fixes: true },
    ) {
        Ok(fixed) => fixed,
        Err(error) => {
            super::print_report(*error);
            return ExitStatus::Error;
        }
    };

    // The files that differ from disk: the compose edits of step 1 and every fix of step 2.
    let mut changed: BTreeMap<PathBuf, (String, String, FileKind, String)> = BTreeMap::new();
    for file in fixed.project.sources.iter() {
        let Some(original) = originals.get(&file.path) else {
            continue;
        };
        if original.as_slice() != file.text.as_bytes() {
            changed.insert(
                file.path.clone(),
                (
                    file.display().to_owned(),
                    String::from_utf8_lossy(original).into_owned(),
                    file.kind,
                    file.text.to_string(),
                ),
            );
        }
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (display, old, kind, new) in changed.values() {
        if *kind == FileKind::Env {
            let _ = writeln!(
                out,
                "# {display}: changed (diff not shown: env files hold secrets)"
            );
        } else {
            let _ = out.write_all(unified_diff(display, old, new).as_bytes());
        }
    }
    let _ = writeln!(out, "\nRetired `{service}`:");
    let _ = writeln!(out, "  removed the service from the compose files");
    for (rule, count) in &fixed.applied {
        let _ = writeln!(out, "  {count:>4}  {rule}");
    }
    let _ = writeln!(out, "  {} file(s) changed", changed.len());
    for diagnostic in &fixed.diagnostics {
        let file = fixed.project.sources.get(diagnostic.file);
        let at = file.line_column(diagnostic.span.start());
        let _ = writeln!(
            out,
            "  left for you: {}:{}:{}: [{}] {}",
            file.display(),
            at.line,
            at.column,
            diagnostic.rule.name,
            diagnostic.message
        );
    }
    if args.dry_run {
        let _ = writeln!(out, "(dry run: nothing was written)");
        return ExitStatus::Success;
    }
    let scope = WriteScope::new(fixed.project.scope.iter().map(PathBuf::as_path));
    let mut status = ExitStatus::Success;
    for (path, (_, old, _, new)) in &changed {
        if let Err(error) = write_atomic(path, new.as_bytes(), old.as_bytes(), &scope) {
            super::print_report(error);
            status = ExitStatus::Error;
        }
    }
    status
}
