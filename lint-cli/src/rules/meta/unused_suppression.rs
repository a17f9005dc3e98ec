//! `unused-suppression`, and the report for files that cannot be parsed at all.

use text_size::TextRange;

use crate::checker::{Checker, Settings};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::rule_by_name;
use crate::source::{Damage, FileKind, SourceFile};
use crate::suppress::Suppression;

declare_rule! {
    /// ## What it does
    /// Flags a `# cfglint: ignore[rule]` comment that suppresses nothing: the rule named
    /// finds nothing on the line it covers (or in the file, for `ignore-file`), or the name is
    /// no rule at all.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and a misspelt rule name
    /// suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     # cfglint: ignore[dangling-upstream]
    ///     reverse_proxy web:3000
    /// }
    /// ```
    /// where `web` is a service of the stack.
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy web:3000
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the unused rule name from the list, or the whole comment when no name
    /// is left. It deletes a comment, so it is unsafe.
    ///
    /// ## Options
    /// Suppressions of rules that did not run (`--select`, `--ignore`, `"off"`) are not
    /// judged.
    pub struct UnusedSuppression {
        name: "unused-suppression",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}

/// Adds an `unused-suppression` finding for every rule name in `suppressions` that
/// suppressed nothing.
pub(crate) fn unused_suppressions(
    file: &SourceFile,
    suppressions: &[Suppression],
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    for suppression in suppressions {
        let judged: Vec<_> = suppression
            .rules
            .iter()
            .filter(|r| rule_by_name(&r.name).is_none() || settings.is_enabled(&r.name))
            .collect();
        let unused: Vec<_> = judged.iter().filter(|r| !r.used.get()).collect();
        if unused.is_empty() {
            continue;
        }
        let all_unused = unused.len() == suppression.rules.len();
        for named in &unused {
            let message = if rule_by_name(&named.name).is_none() {
                format!("`{}` is not a cfglint rule", named.name)
            } else {
                format!("suppression of `{}` matches no finding", named.name)
            };
            let (title, range) = if all_unused {
                ("remove the suppression comment", suppression.removal)
            } else {
                ("remove the unused rule name", named.removal)
            };
            let mut diagnostic =
                Diagnostic::new(&UnusedSuppression::META, file.id, named.range, message)
                    .with_fix(Fix::unsafe_edits(title, [Edit::delete(file.id, range)]));
            if let Some(severity) = settings.severities.get(UnusedSuppression::META.name) {
                diagnostic.severity = *severity;
            }
            out.push(diagnostic);
        }
    }
}

/// Reports a file whose text is not its bytes (not UTF-8) under its format's syntax rule.
pub(crate) fn report_damage(file: &SourceFile, damage: &Damage, cx: &mut Checker<'_>) {
    let meta = match file.kind {
        FileKind::Caddyfile => &crate::rules::caddyfile::caddyfile_syntax::CaddyfileSyntax::META,
        FileKind::Compose => &crate::rules::compose::compose_syntax::ComposeSyntax::META,
        FileKind::Env => &crate::rules::env::env_syntax::EnvSyntax::META,
        FileKind::Dockerfile => {
            &crate::rules::dockerfile::dockerfile_syntax::DockerfileSyntax::META
        }
    };
    if !cx.settings.is_enabled(meta.name) {
        return;
    }
    let Damage::NotUtf8 { offset } = damage;
    let span = TextRange::at(
        *offset,
        text_size::TextSize::of(char::REPLACEMENT_CHARACTER),
    );
    let d = cx
        .diagnostic(
            meta,
            span,
            format!("{} is not valid UTF-8", file.kind.describe()),
        )
        .with_help("save the file as UTF-8; cfglint reads and writes only UTF-8 text");
    cx.report(d);
}
