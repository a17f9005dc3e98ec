//! `cfglint fmt`: format Caddyfiles exactly as `caddy fmt` does.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::FmtArgs;
use crate::diff::unified_diff;
use crate::discover;
use crate::source::{Damage, FileKind, decode, display_path};
use crate::write::{WriteScope, write_atomic};

use super::{ExitStatus, print_error};

/// Runs `cfglint fmt`.
pub fn run(args: &FmtArgs) -> ExitStatus {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            print_error("`-` (standard input) cannot be combined with other paths");
            return ExitStatus::Error;
        }
        return format_stdin(args);
    }
    let mut files = Vec::new();
    let mut status = ExitStatus::Success;
    for path in &paths {
        let full = cwd.join(path);
        if full.is_file() {
            files.push(full);
        } else if full.is_dir() {
            let found = discover::discover(&[full], &globset::GlobSet::empty());
            files.extend(
                found
                    .files
                    .into_iter()
                    .filter(|p| FileKind::from_path(p) == Some(FileKind::Caddyfile)),
            );
        } else {
            print_error(&format!("`{}`: no such file or folder", path.display()));
            status = ExitStatus::Error;
        }
    }
    files.sort();
    files.dedup();
    let scope = WriteScope::new(
        paths
            .iter()
            .map(|p| cwd.join(p))
            .collect::<Vec<_>>()
            .iter()
            .map(PathBuf::as_path),
    );
    let (mut changed, mut unchanged) = (0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &files {
        let shown = display_path(path, &cwd);
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                print_error(&format!("`{shown}`: cannot read: {error}"));
                status = ExitStatus::Error;
                continue;
            }
        };
        let (text, damage) = decode(bytes.clone());
        if let Some(Damage::NotUtf8 { offset }) = damage {
            let index = crate::line_index::LineIndex::new(&text);
            let at = index.line_column(offset, &text);
            print_error(&format!(
                "{shown}:{}:{}: file is not valid UTF-8; not formatted",
                at.line, at.column
            ));
            status = ExitStatus::Error;
            continue;
        }
        let formatted = caddyfile_parser::format(&text);
        if formatted == text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            let _ = writeln!(out, "Would reformat: {shown}");
        } else if args.diff {
            let _ = out.write_all(unified_diff(&shown, &text, &formatted).as_bytes());
        } else if let Err(error) = write_atomic(path, formatted.as_bytes(), &bytes, &scope) {
            super::print_report(error);
            status = ExitStatus::Error;
        }
    }
    let _ = out.flush();
    let noun = |n: usize| if n == 1 { "file" } else { "files" };
    if args.check || args.diff {
        eprintln!(
            "{changed} {} would be reformatted, {unchanged} {} already formatted",
            noun(changed),
            noun(unchanged)
        );
        if changed > 0 {
            status = status.max(ExitStatus::Failure);
        }
    } else {
        eprintln!(
            "{changed} {} reformatted, {unchanged} {} left unchanged",
            noun(changed),
            noun(unchanged)
        );
    }
    status
}

/// `cfglint fmt -`: standard input to standard output, as `caddy fmt -`.
fn format_stdin(args: &FmtArgs) -> ExitStatus {
    let mut bytes = Vec::with_capacity(stdin_size_hint());
    if let Err(error) = std::io::stdin().lock().read_to_end(&mut bytes) {
        print_error(&format!("reading standard input: {error}"));
        return ExitStatus::Error;
    }
    let shown = args
        .stdin_filename
        .as_deref()
        .unwrap_or(Path::new("-"))
        .display()
        .to_string();
    let (text, damage) = decode(bytes);
    if let Some(Damage::NotUtf8 { offset }) = damage {
        let index = crate::line_index::LineIndex::new(&text);
        let at = index.line_column(offset, &text);
        print_error(&format!(
            "{shown}:{}:{}: input is not valid UTF-8",
            at.line, at.column
        ));
        return ExitStatus::Error;
    }
    let formatted = caddyfile_parser::format(&text);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.diff {
        out.write_all(unified_diff(&shown, &text, &formatted).as_bytes())
    } else if args.check {
        if formatted != text {
            let _ = writeln!(std::io::stderr(), "Would reformat: {shown}");
        }
        Ok(())
    } else {
        out.write_all(formatted.as_bytes())
    };
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(&format!("writing output: {error}"));
            return ExitStatus::Error;
        }
    }
    if (args.check || args.diff) && formatted != text {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// The size of standard input when it is a file (`< big.Caddyfile`), so it is read in one go.
fn stdin_size_hint() -> usize {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() {
            if let Ok(meta) = std::fs::File::from(fd).metadata() {
                if meta.is_file() {
                    return usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
                }
            }
        }
    }
    0
}
