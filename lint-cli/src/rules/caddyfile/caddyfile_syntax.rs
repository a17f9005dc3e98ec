//! `caddyfile-syntax`

use caddyfile_parser::expand::ExpandErrorKind;

use crate::checker::Checker;
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports what Caddy itself refuses to read: unbalanced braces, a `{` that does not end
    /// its line, malformed heredocs, bad site addresses, a snippet declared twice, import
    /// cycles, and imports Caddy cannot expand. Each finding carries Caddy's own message and
    /// points at the line Caddy would report.
    ///
    /// ## Why is this bad?
    /// Caddy will not start (or reload) with this file; the running server keeps its old
    /// configuration, or none.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy web:3000 }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy web:3000
    /// }
    /// ```
    ///
    /// ## References
    /// - [Caddyfile concepts](https://caddyserver.com/docs/caddyfile/concepts)
    pub struct CaddyfileSyntax {
        name: "caddyfile-syntax",
        severity: Error,
        fix: None,
    }
}

impl Rule for CaddyfileSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, file: &CaddyfileData, cx: &mut Checker<'_>) {
        for error in &file.parse.errors {
            let d = cx.diagnostic(&Self::META, error.range(), error.to_string());
            cx.report(d);
        }
        let Some(expansion) = &file.expansion else {
            return;
        };
        let this = cx.file();
        // Longest paths first, so that no path is replaced inside a longer one.
        let mut names: Vec<(String, &str)> = expansion
            .sources
            .iter()
            .zip(&file.expansion_files)
            .map(|(source, id)| {
                let display = cx.project.sources.get(*id).display();
                (source.path.display().to_string(), display)
            })
            .collect();
        names.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        for error in &expansion.errors {
            // A missing import is `missing-mount-source`'s; Caddy's warnings are not errors.
            if error.kind.is_warning() || error.kind == ExpandErrorKind::FileNotFound {
                continue;
            }
            // This file's own lexer errors are among its parse errors, reported above.
            if error.kind == ExpandErrorKind::LexFailed && error.source == 0 {
                continue;
            }
            let file = file
                .expansion_files
                .get(error.source as usize)
                .copied()
                .unwrap_or(this);
            // Caddy names files by the paths it was given (absolute here): show them as the
            // rest of the output does.
            let mut message = error.message.clone();
            for (path, display) in &names {
                message = message.replace(path.as_str(), display);
            }
            let mut d = cx.diagnostic(&Self::META, error.range, message);
            d.file = file;
            cx.report(d);
        }
    }
}
