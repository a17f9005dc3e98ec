//! `unused-snippet`

use std::collections::HashSet;

use caddyfile_parser::{BlockKind, Document};

use crate::checker::Checker;
use crate::fix::caddy::{delete_server_block, has_comment_in};
use crate::fix::{Applicability, Edit, Fix};
use crate::project::{CaddyfileData, Parsed};
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::{roots_reading, sound_document};

declare_rule! {
    /// ## What it does
    /// Flags a snippet (`(name) { … }`) that no `import` uses: not in its own file, not in
    /// the files that import that file, not in the files it imports, and not through the
    /// expansion (`import {args[0]}` inside another snippet counts once expanded).
    ///
    /// A file that defines only snippets and that no Caddyfile of the run imports is a
    /// library whose users cfglint cannot see, so its snippets are not reported.
    ///
    /// ## Why is this bad?
    /// An unused snippet is dead configuration that readers still have to understand, and
    /// is often left behind when the sites that imported it were removed or when an
    /// `import` line has a typo (then `undefined-snippet` fires too).
    ///
    /// ## Example
    /// ```caddyfile
    /// (old_auth) {
    ///     basic_auth {
    ///         admin $2a$14$...
    ///     }
    /// }
    ///
    /// example.com {
    ///     reverse_proxy app:8080
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy app:8080
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the snippet block with the comment lines directly above it and one
    /// blank line around it. It is safe when no comment goes with it; when the comments
    /// above it or inside it would be deleted, it is unsafe.
    ///
    /// ## References
    /// - [Snippets](https://caddyserver.com/docs/caddyfile/concepts#snippets)
    pub struct UnusedSnippet {
        name: "unused-snippet",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let Some(doc) = sound_document(cx.project, this) else {
            return;
        };
        if doc.snippets().next().is_none() {
            return;
        }
        let roots = roots_reading(cx.project, this);
        let is_config = doc.blocks.iter().any(|b| {
            matches!(
                b.kind,
                BlockKind::Site | BlockKind::Global | BlockKind::NamedRoute
            )
        });
        let imported = roots.iter().any(|r| r.file != this);
        if roots.is_empty() || !(is_config || imported) {
            return;
        }
        let mut used: HashSet<&str> = HashSet::new();
        for root in &roots {
            used.extend(root.expansion.imports.iter().map(|i| i.target.as_str()));
            for file in root.files() {
                if let Parsed::Caddyfile(data) = cx.project.parsed(file) {
                    let text = &cx.project.sources.get(file).text;
                    import_targets(&data.parse.tree, text, &mut used);
                }
            }
        }
        let text = cx.text();
        for snippet in doc.snippets() {
            let (Some(name), Some(name_range)) = (snippet.name(text), snippet.name_range(text))
            else {
                continue;
            };
            if used.contains(name) {
                continue;
            }
            let cut = delete_server_block(text, snippet);
            let applicability = if has_comment_in(text, cut) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let fix = Fix::new(
                applicability,
                format!("remove the snippet `{name}`"),
                [Edit::delete(this, cut)],
            );
            let d = cx
                .diagnostic(
                    &Self::META,
                    name_range,
                    format!("snippet `{name}` is never imported"),
                )
                .with_fix(fix);
            cx.report(d);
        }
    }
}

/// Adds the first argument of every `import` of `doc` (top level, in any block, in
/// snippets) to `out`; `text` is the text `doc` was parsed from.
fn import_targets<'a>(doc: &'a Document, text: &'a str, out: &mut HashSet<&'a str>) {
    for block in &doc.blocks {
        if block.kind == BlockKind::Import {
            if let Some(target) = block.keys.get(1) {
                out.insert(target.value(text));
            }
        }
        for directive in block.all_directives().filter(|d| d.is_import(text)) {
            if let Some(target) = directive.args().first() {
                out.insert(target.value(text));
            }
        }
    }
}
