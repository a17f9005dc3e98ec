//! `unused-matcher`

use std::collections::HashMap;

use caddyfile_parser::Matcher;
use text_size::TextRange;

use crate::checker::Checker;
use crate::fix::caddy::{delete_directive, has_comment_in, locate};
use crate::fix::{Applicability, Edit, Fix};
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::walk::walk;
use crate::rules::caddyfile::{roots_reading, sound_document};

declare_rule! {
    /// ## What it does
    /// Flags a named matcher definition (`@name …`) that no directive in its scope uses.
    ///
    /// A matcher defined in a site block is used when any directive of the site uses it,
    /// also inside nested `handle`/`route` blocks; one defined in a nested block, when a
    /// directive of that block uses it; a response matcher in a `reverse_proxy` block, when
    /// its `handle_response` or `replace_status` lines use it. Any word `@name` in the scope
    /// counts as a use, so plugin directives that take matchers elsewhere are not a problem.
    ///
    /// Snippets are read where they are imported: a definition in a snippet is unused when
    /// no site importing the snippet uses it. Definitions in a snippet that is never
    /// imported are left to `unused-snippet`.
    ///
    /// ## Why is this bad?
    /// An unused matcher is dead configuration. It is often left over from a route that was
    /// removed, or shows a typo in the directive that meant to use it (which then matches
    /// every request).
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     @api path /api/*
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
    /// The fix deletes the definition's lines (its block included). It is safe when no
    /// comment goes with them; a comment inside the definition or on the lines directly
    /// above it would be deleted too, so then the fix is unsafe.
    ///
    /// ## References
    /// - [Named matchers](https://caddyserver.com/docs/caddyfile/matchers#named-matchers)
    pub struct UnusedMatcher {
        name: "unused-matcher",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedMatcher {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let Some(doc) = sound_document(cx.project, this) else {
            return;
        };
        // Each definition written in this file (in the order met), and whether any
        // expansion uses it.
        let mut definitions: Vec<(TextRange, bool)> = Vec::new();
        let mut index: HashMap<TextRange, usize> = HashMap::new();
        for root in roots_reading(cx.project, this) {
            let walk = walk(root.expansion);
            for (definition, used) in walk.definitions.iter().zip(walk.used_definitions()) {
                let Some((file, range)) = root.site(definition.token()) else {
                    continue;
                };
                if file != this {
                    continue;
                }
                if let Some(&i) = index.get(&range) {
                    definitions[i].1 |= used;
                } else {
                    index.insert(range, definitions.len());
                    definitions.push((range, used));
                }
            }
        }
        let text = cx.text();
        for (range, _) in definitions.into_iter().filter(|(_, used)| !used) {
            let Some(located) = locate(doc, range) else {
                continue;
            };
            let definition = located.directive();
            if definition.name().range != range || !definition.is_matcher_definition(text) {
                continue;
            }
            let matcher = Matcher { definition };
            let raw = &text[usize::from(range.start())..usize::from(range.end())];
            let cut = delete_directive(text, definition);
            let applicability = if has_comment_in(text, cut) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let fix = Fix::new(
                applicability,
                format!("remove the matcher `{raw}`"),
                [Edit::delete(this, cut)],
            );
            let d = cx
                .diagnostic(
                    &Self::META,
                    matcher.name_range(text),
                    format!("matcher `{raw}` is never used"),
                )
                .with_fix(fix);
            cx.report(d);
        }
    }
}
