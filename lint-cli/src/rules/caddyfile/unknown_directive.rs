//! `unknown-directive`

use caddyfile_parser::STANDARD_DIRECTIVES;
use caddyfile_parser::expand::ExpandedToken;

use crate::checker::Checker;
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::walk::walk;
use crate::rules::caddyfile::{Once, closest, roots_reading, with_import_label};

declare_rule! {
    /// ## What it does
    /// Flags a directive that is not one of standard Caddy's, nor listed in the
    /// configuration's `extra-directives` (directives of plugins built into your Caddy).
    ///
    /// Directives are the lines of a site block, of a named route (`&(name)`), and of the
    /// blocks that group directives: `handle`, `handle_path`, `handle_errors`, `route`, and
    /// `handle_response` inside `reverse_proxy`, `php_fastcgi` or `intercept`. The lines
    /// inside any other directive's block (`reverse_proxy { to … }`, `header { … }`,
    /// `log { output … }`, `tls { … }`) are that directive's subdirectives, and a matcher
    /// definition's block holds matchers: neither is checked. Neither are global options,
    /// matcher definitions (`@name …`) and `import` lines. A snippet's lines are checked
    /// where the snippet is imported (a snippet imported into a `reverse_proxy` block holds
    /// subdirectives), and reported in the snippet.
    ///
    /// ## Why is this bad?
    /// Caddy refuses the whole file (`unrecognized directive: reverse_prxy`) and does not
    /// start, or keeps its previous configuration on reload. A typo, a directive of a plugin
    /// your Caddy build lacks, or a second site written without braces (`example.com` on its
    /// own line in a brace-less file reads as a directive) all end this way.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     reverse_prxy app:8080
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
    /// ## Options
    /// - `extra-directives`: directive names added by plugins (`extra-directives =
    ///   ["crowdsec", "rate_limit"]`).
    ///
    /// ## References
    /// - [Caddyfile directives](https://caddyserver.com/docs/caddyfile/directives)
    pub struct UnknownDirective {
        name: "unknown-directive",
        severity: Error,
        fix: None,
    }
}

impl Rule for UnknownDirective {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let extra = &cx.settings.config.extra_directives;
        let mut once = Once::default();
        for root in roots_reading(cx.project, this) {
            for (directive, _) in walk(root.expansion).directives {
                let Some(name) = directive.tokens.first() else {
                    continue;
                };
                if is_known(&name.text, extra) {
                    continue;
                }
                let Some((file, range)) = root.site(name) else {
                    continue;
                };
                if file != this || !once.first(file, range) {
                    continue;
                }
                let d = cx.diagnostic(
                    &Self::META,
                    range,
                    format!("unknown directive `{}`", name.text),
                );
                let d = with_import_label(d, &root, name, "imported here");
                let d = d.with_help(help(name, extra));
                cx.report(d);
            }
        }
    }
}

/// Whether `name` is a directive Caddy (with the configured plugins) knows, or cannot be
/// judged: a placeholder only known at run time.
fn is_known(name: &str, extra: &[String]) -> bool {
    STANDARD_DIRECTIVES.contains(&name) || extra.iter().any(|e| e == name) || name.contains('{')
}

/// Caddy 1 directives and what Caddy 2 has instead.
const CADDY_1: &[(&str, &str)] = &[
    ("browse", "file_server browse"),
    ("errors", "handle_errors"),
    ("ext", "try_files"),
    ("fastcgi", "php_fastcgi"),
    ("gzip", "encode gzip"),
    ("headers", "header"),
    ("internal", "error"),
    ("proxy", "reverse_proxy"),
    ("redirect", "redir"),
    ("status", "respond"),
    ("timeouts", "servers { timeouts … }"),
];

fn help(name: &ExpandedToken, extra: &[String]) -> String {
    let text = name.text.as_str();
    if let Some((_, instead)) = CADDY_1.iter().find(|(old, _)| *old == text) {
        return format!("`{text}` is a Caddy 1 directive; Caddy 2 has `{instead}`");
    }
    let candidates = STANDARD_DIRECTIVES
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str));
    if let Some(near) = closest(text, candidates) {
        return format!("did you mean `{near}`?");
    }
    if looks_like_address(text) {
        return "to start another site, put each site's directives in `{ … }` after its address"
            .to_owned();
    }
    format!("if `{text}` comes from a plugin, add it to `extra-directives` in `cfglint.toml`")
}

/// `example.com`, `:8080`, `http://x`, `localhost`: what a site address looks like.
fn looks_like_address(text: &str) -> bool {
    text.contains("://")
        || text.starts_with(':')
        || text == "localhost"
        || (text.contains('.') && !text.contains('/') && !text.starts_with('.'))
}
