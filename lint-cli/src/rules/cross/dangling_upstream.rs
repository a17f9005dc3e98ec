//! `dangling-upstream`

use crate::checker::Checker;
use crate::fix::caddy::{delete_with_empty_parents, delete_word, locate};
use crate::fix::{Edit, Fix};
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::cross::{closest_name, services_label, upstream_dangles};
use crate::stack::{Stack, Upstream};

declare_rule! {
    /// ## What it does
    /// Flags a Caddy proxy upstream (`reverse_proxy`, its `to`, `php_fastcgi`,
    /// `forward_auth`) whose host is a bare name that no container of the stack answers to:
    /// not a service, `container_name`, `hostname`, network alias or link alias. It also
    /// looks inside snippets and imported files, and reports the finding where the upstream
    /// is written.
    ///
    /// FQDNs, IP addresses, `localhost`, placeholders (`{$BACKEND}`) and the names listed in
    /// the config's `external-hosts` are not checked: they resolve outside the stack.
    ///
    /// ## Why is this bad?
    /// Caddy starts, but every request to that route fails with `502 Bad Gateway` (`dial
    /// tcp: lookup spacetimedb: no such host`). It is the usual leftover after a service was
    /// removed from compose.
    ///
    /// ## Example
    /// ```caddyfile
    /// rt.example.com {
    ///     reverse_proxy spacetimedb:3000
    /// }
    /// ```
    /// with no `spacetimedb` service in the stack.
    ///
    /// Use instead: remove the site, or point it at a service that exists.
    ///
    /// ## Fix safety
    /// The fix removes the upstream; when no upstream is left, the directive; when that
    /// leaves a `handle`/`route` block without a handler, the block; when the site is left
    /// without a handler, the whole site with the comment lines above it. It changes what
    /// Caddy serves and deletes comments, so it is unsafe. No fix is offered for an upstream
    /// that comes from a snippet or an imported file, because the same text serves other
    /// sites too.
    ///
    /// ## Options
    /// - `external-hosts`: bare names that resolve outside the stack.
    pub struct DanglingUpstream {
        name: "dangling-upstream",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for DanglingUpstream {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let index = &stack.index;
        if !index.has_services() {
            return;
        }
        for upstream in &index.upstreams {
            if !upstream_dangles(upstream, stack, cx.settings) {
                continue;
            }
            let host = upstream.host.as_deref().unwrap_or_default();
            let mut d = cx.diagnostic(
                &Self::META,
                upstream.site.range,
                format!(
                    "{} upstream `{}` names no service of this stack",
                    upstream.directive, upstream.text
                ),
            );
            d.file = upstream.site.file;
            if let Some(label) = services_label(stack, cx) {
                d = d.with_label(
                    label.file,
                    label.range,
                    "the stack's services are defined here",
                );
            }
            if let Some(near) = closest_name(host, index.services.keys()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            let fix = fix(upstream, stack, cx);
            cx.report(d.with_optional_fix(fix));
        }
    }
}

/// Removes the upstream, or the directive and whatever it leaves empty.
fn fix(upstream: &Upstream, stack: &Stack, cx: &Checker<'_>) -> Option<Fix> {
    let file = upstream.site.file;
    let Parsed::Caddyfile(data) = cx.project.parsed(file) else {
        return None;
    };
    // Only upstreams written in the Caddyfile Caddy reads: a snippet's text serves others.
    let is_root = stack.caddyfiles.iter().any(|m| m.file == file);
    let from_snippet = data
        .parse
        .tree
        .snippets()
        .any(|s| s.range.contains_range(upstream.site.range));
    if !is_root || from_snippet {
        return None;
    }
    let text = &cx.project.sources.get(file).text;
    let doc = &data.parse.tree;
    let located = locate(doc, upstream.site.range)?;
    let directive = located.directive();
    let word = directive
        .words
        .iter()
        .find(|w| w.range == upstream.site.range)?;
    // The other upstreams of this directive that still resolve.
    let siblings_left = stack.index.upstreams.iter().any(|other| {
        other.site.file == file
            && other.directive_site == upstream.directive_site
            && other.site.range != upstream.site.range
            && !upstream_dangles(other, stack, cx.settings)
    });
    let (message, range) = if siblings_left {
        (
            format!("remove the upstream `{}`", upstream.text),
            delete_word(text, word),
        )
    } else {
        let range = delete_with_empty_parents(doc, text, &located);
        let what = if range.contains_range(located.block.range) {
            let keys: Vec<&str> = located.block.keys.iter().map(|k| k.value(text)).collect();
            format!("remove the site block `{}`", keys.join(", "))
        } else {
            let victim = located
                .path
                .iter()
                .find(|d| range.contains_range(d.range()))
                .unwrap_or(&directive);
            format!("remove the `{}` directive", victim.name().value(text))
        };
        (what, range)
    };
    Some(Fix::unsafe_edits(message, [Edit::delete(file, range)]))
}
