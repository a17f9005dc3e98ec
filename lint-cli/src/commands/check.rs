//! `cfglint check`: load, check, fix until stable, write, print.

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use crate::checker::{self, Settings};
use crate::cli::CheckArgs;
use crate::diagnostic::Diagnostic;
use crate::diff::unified_diff;
use crate::fix::Applicability;
use crate::fix::apply::apply_fixes;
use crate::output::{self, PrintOptions};
use crate::project::{Overlay, Project, normalize};
use crate::report::Report;
use crate::source::{FileId, FileKind};
use crate::write::{WriteScope, write_atomic};

use super::{ExitStatus, load_config, print_error};

/// Most rounds of check-and-fix before giving up (DESIGN.md: ≤ 10).
pub const MAX_FIX_ROUNDS: usize = 10;

/// Which fixes a run applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Only report.
    None,
    /// Apply safe fixes (and unsafe ones when `unsafe_fixes`).
    Apply {
        /// Also apply unsafe fixes.
        unsafe_fixes: bool,
    },
}

/// The outcome of checking with fixes applied in memory.
#[derive(Debug)]
pub struct Fixed {
    /// The final project (texts as fixed).
    pub project: Project,
    /// Findings that remain.
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied per rule.
    pub applied: BTreeMap<&'static str, usize>,
    /// The new text of every file that changed, with its original bytes.
    pub changed: BTreeMap<FileId, (String, Option<Vec<u8>>)>,
}

/// A fix produced a file that no longer parses: a bug in cfglint, reported without writing.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("internal error: a fix by `{rule}` broke `{file}` ({message}); nothing was written")]
#[diagnostic(
    code(cfglint::internal::fix_broke_parse),
    help("please report this with the file, and run without --fix meanwhile")
)]
pub struct FixBrokeParse {
    rule: String,
    file: String,
    message: String,
}

/// Checks `paths`, applying fixes in memory round by round until nothing changes.
pub fn check_and_fix(
    paths: &[PathBuf],
    cwd: &Path,
    settings: &Settings,
    mut overlay: Overlay,
    mode: FixMode,
) -> Result<Fixed, Box<FixBrokeParse>> {
    let mut project = Project::load(paths, cwd, &settings.config, &overlay);
    let mut diagnostics = checker::check(&mut project, settings);
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut originals: HashMap<PathBuf, Option<Vec<u8>>> = HashMap::new();
    let FixMode::Apply { unsafe_fixes } = mode else {
        return Ok(Fixed {
            project,
            diagnostics,
            applied,
            changed: BTreeMap::new(),
        });
    };
    for _round in 0..MAX_FIX_ROUNDS {
        let writable = |id: FileId| {
            let file = project.sources.get(id);
            file.damage.is_none() && project.in_scope(id)
        };
        let fixes = diagnostics.iter().filter_map(|d| {
            let fix = d.fix.as_deref()?;
            let allowed = fix.applicability() == Applicability::Safe || unsafe_fixes;
            (allowed && fix.edits().iter().all(|e| writable(e.file))).then_some((d.rule.name, fix))
        });
        let round = apply_fixes(fixes, |id| &*project.sources.get(id).text);
        if round.texts.is_empty() {
            break;
        }
        let syntax_before: HashMap<PathBuf, usize> = round
            .texts
            .keys()
            .map(|id| {
                (
                    project.sources.get(*id).path.clone(),
                    project.syntax_error_count(*id),
                )
            })
            .collect();
        for (id, text) in round.texts {
            let file = project.sources.get(id);
            originals
                .entry(file.path.clone())
                .or_insert_with(|| file.bytes_as_read().map(<[u8]>::to_vec));
            overlay.texts.insert(file.path.clone(), text);
        }
        for (rule, count) in &round.applied {
            *applied.entry(rule).or_default() += count;
        }
        let rules_this_round: Vec<&str> = round.applied.keys().copied().collect();
        project = Project::load(paths, cwd, &settings.config, &overlay);
        diagnostics = checker::check(&mut project, settings);
        for (path, before) in &syntax_before {
            let Some(id) = project.sources.find(path) else {
                continue;
            };
            if project.syntax_error_count(id) > *before {
                let file = project.sources.get(id);
                return Err(Box::new(FixBrokeParse {
                    rule: rules_this_round.join("`, `"),
                    file: file.display().to_owned(),
                    message: project.first_syntax_error(id).unwrap_or_default(),
                }));
            }
        }
    }
    let mut changed = BTreeMap::new();
    for file in project.sources.iter() {
        if let Some(original) = originals.get(&file.path) {
            let unchanged = original
                .as_ref()
                .is_some_and(|bytes| bytes == file.text.as_bytes());
            if !unchanged {
                changed.insert(file.id, (file.text.to_string(), original.clone()));
            }
        }
    }
    Ok(Fixed {
        project,
        diagnostics,
        applied,
        changed,
    })
}

/// Runs `cfglint check`.
pub fn run(args: &CheckArgs) -> ExitStatus {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            print_error(&format!("cannot read the working directory: {error}"));
            return ExitStatus::Error;
        }
    };
    let mut paths = args.paths.clone();
    let mut overlay = Overlay::default();
    if let Some(name) = &args.stdin_filename {
        let mut text = String::new();
        if let Err(error) = std::io::stdin().read_to_string(&mut text) {
            print_error(&format!("reading standard input: {error}"));
            return ExitStatus::Error;
        }
        let path = normalize(&std::path::absolute(cwd.join(name)).unwrap_or_else(|_| name.clone()));
        overlay.texts.insert(path.clone(), text);
        overlay.stdin = Some(path);
    } else if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let first = paths
        .first()
        .or(args.stdin_filename.as_ref())
        .map_or_else(|| cwd.clone(), |p| cwd.join(p));
    let Some(config) = load_config(args.config.as_deref(), &first) else {
        return ExitStatus::Error;
    };
    let mut settings = match Settings::new(config, &args.select, &args.ignore) {
        Ok(settings) => settings,
        Err(error) => {
            super::print_report(error);
            return ExitStatus::Error;
        }
    };
    if let Some(rev) = &args.since {
        match super::since::retired_since(rev, &paths, &cwd, &settings) {
            Ok(retired) => {
                for name in retired {
                    settings
                        .retired
                        .entry(name.clone())
                        .or_default()
                        .insert(name);
                }
            }
            Err(message) => {
                print_error(&message);
                return ExitStatus::Error;
            }
        }
    }

    let applying = args.fix || args.diff;
    let mode = if applying {
        FixMode::Apply {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else {
        FixMode::None
    };
    let fixed = match check_and_fix(&paths, &cwd, &settings, overlay, mode) {
        Ok(fixed) => fixed,
        Err(error) => {
            super::print_report(*error);
            return ExitStatus::Error;
        }
    };
    let mut status = ExitStatus::Success;
    for warning in &fixed.project.warnings {
        eprintln!("cfglint: warning: {warning}");
    }
    for error in &fixed.project.errors {
        print_error(error);
        status = ExitStatus::Error;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();

    if args.diff {
        let mut any = false;
        for (id, (text, original)) in &fixed.changed {
            let file = fixed.project.sources.get(*id);
            let old = original
                .as_ref()
                .map_or_else(String::new, |b| String::from_utf8_lossy(b).into_owned());
            if file.kind == FileKind::Env {
                // Env files hold secrets: their lines never appear in output.
                eprintln!(
                    "cfglint: `{}` would change; its diff is not shown because env files hold secrets",
                    file.display()
                );
                any = true;
                continue;
            }
            let diff = unified_diff(file.display(), &old, text);
            if !diff.is_empty() {
                any = true;
                let _ = out.write_all(diff.as_bytes());
            }
        }
        let fixed_count: usize = fixed.applied.values().sum();
        eprintln!(
            "{fixed_count} {} would be applied; nothing was written.",
            if fixed_count == 1 { "fix" } else { "fixes" }
        );
        return if any && !args.exit_zero {
            status.max(ExitStatus::Failure)
        } else {
            status
        };
    }

    let mut report = Report {
        diagnostics: fixed.diagnostics,
        fixed: fixed.applied,
        ..Report::default()
    };
    let mut stdin_output = None;
    if args.fix {
        let scope = WriteScope::new(fixed.project.scope.iter().map(PathBuf::as_path));
        for (id, (text, original)) in &fixed.changed {
            let file = fixed.project.sources.get(*id);
            if file.stdin {
                stdin_output = Some(text.clone());
                continue;
            }
            let Some(original) = original else { continue };
            if let Err(error) = write_atomic(&file.path, text.as_bytes(), original, &scope) {
                super::print_report(error);
                status = ExitStatus::Error;
            }
        }
    }
    // Only the texts are printed: the parses go before the output is built.
    report.sources = fixed.project.sources;
    drop(fixed.project.parsed);
    drop(fixed.project.stacks);
    report.sort();
    let options = PrintOptions {
        color: super::use_color(std::io::stdout().is_terminal()),
        unsafe_fixes: args.unsafe_fixes,
        show_fixes: args.show_fixes,
        statistics: args.statistics,
        width: super::terminal_width(),
    };
    // With --stdin-filename and --fix, the fixed text goes to stdout and findings to stderr.
    let printed = if let Some(text) = stdin_output {
        let _ = out.write_all(text.as_bytes());
        output::print(&report, args.output_format, options, &mut std::io::stderr())
    } else {
        output::print(&report, args.output_format, options, &mut out)
    };
    if let Err(error) = printed {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(&format!("writing output: {error}"));
            return ExitStatus::Error;
        }
    }
    let _ = out.flush();
    if !report.diagnostics.is_empty() && !args.exit_zero {
        status = status.max(ExitStatus::Failure);
    }
    status
}
