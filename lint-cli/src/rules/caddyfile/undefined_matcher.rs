//! `undefined-matcher`

use crate::checker::Checker;
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::walk::{ScopeKind, Use, Walk, walk};
use crate::rules::caddyfile::{Once, Root, closest, roots_reading, with_import_label};

declare_rule! {
    /// ## What it does
    /// Flags a matcher token `@name` (a directive's first argument) that no matcher
    /// definition in scope defines.
    ///
    /// A site block's matchers are visible in the whole site, nested `handle`/`route` blocks
    /// included. A matcher defined inside a `handle`, `handle_path`, `handle_errors`,
    /// `route` or `handle_response` block is visible in that block only. Response matchers
    /// defined in a `reverse_proxy`, `php_fastcgi` or `intercept` block are used by its
    /// `handle_response` and `replace_status` lines and are visible there only.
    ///
    /// Snippets are checked where they are imported, after expansion, because a snippet may
    /// use a matcher the importing site defines: a use in a snippet is reported (in the
    /// snippet) when a site imports it without defining the matcher. A snippet that is never
    /// imported is not checked. Placeholders (`@{args[0]}` is expanded first; `@{$NAME}` is
    /// only known at run time) are not checked.
    ///
    /// ## Why is this bad?
    /// Caddy refuses the whole file (`unrecognized matcher name: @api`). It happens when a
    /// matcher is renamed or removed but a directive still uses it, or when a matcher is
    /// defined in a `handle` block and used outside it.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     @api path /api/*
    ///     reverse_proxy @apis app:8080
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     @api path /api/*
    ///     reverse_proxy @api app:8080
    /// }
    /// ```
    ///
    /// ## References
    /// - [Named matchers](https://caddyserver.com/docs/caddyfile/matchers#named-matchers)
    pub struct UndefinedMatcher {
        name: "undefined-matcher",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedMatcher {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let mut once = Once::default();
        for root in roots_reading(cx.project, this) {
            let walk = walk(root.expansion);
            for found in walk.uses.iter().filter(|u| u.resolved.is_none()) {
                if found.token.text.contains('{') {
                    continue;
                }
                let Some((file, range)) = root.site(found.token) else {
                    continue;
                };
                if file != this || !once.first(file, range) {
                    continue;
                }
                let d = report(&root, &walk, found, cx);
                cx.report(d);
            }
        }
    }
}

fn report(
    root: &Root<'_>,
    walk: &Walk<'_>,
    found: &Use<'_>,
    cx: &Checker<'_>,
) -> crate::Diagnostic {
    let name = &found.token.text;
    let scope = &walk.scopes[found.scope];
    let message = match (scope.kind, scope.opener) {
        (ScopeKind::Response, Some(opener)) => format!(
            "response matcher `{name}` is not defined in this `{}` block",
            opener.tokens[0].text
        ),
        _ => format!("matcher `{name}` is not defined"),
    };
    let mut d = cx.diagnostic(&UndefinedMatcher::META, found.token.range, message);
    d = with_import_label(d, root, found.token, "imported here");
    // A definition of that name elsewhere in the same site: in a block this one cannot see.
    let elsewhere = walk
        .definitions
        .iter()
        .find(|def| def.token().text == *name && walk.scopes[def.scope].block == scope.block);
    if let Some(def) = elsewhere {
        let (label, help) = match scope.kind {
            ScopeKind::Response => (
                "a matcher of that name is defined here, outside the block",
                "define the response matcher inside this block",
            ),
            ScopeKind::Request => (
                "defined here, in a block this one cannot see",
                "move the definition to the site block, or into the block that uses it",
            ),
        };
        if let Some((file, range)) = root.site(def.token()) {
            d = d.with_label(file, range, label);
        }
        return d.with_help(help);
    }
    let visible: Vec<&str> = walk
        .definitions
        .iter()
        .filter(|def| match scope.kind {
            ScopeKind::Response => def.scope == found.scope,
            ScopeKind::Request => walk.chain(found.scope).any(|s| s == def.scope),
        })
        .map(|def| def.token().text.as_str())
        .collect();
    match closest(name, visible) {
        Some(near) => d.with_help(format!("did you mean `{near}`?")),
        None if found.token.via().is_some() => d.with_help(format!(
            "define it in the site block that imports this: `{name} <matcher> <args>`"
        )),
        None => d.with_help(format!(
            "define it in this site block: `{name} <matcher> <args>`"
        )),
    }
}
