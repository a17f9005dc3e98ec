//! `dangling-url`

use std::collections::{BTreeSet, HashSet};

use compose_model::dotenv;

use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::fix::env::delete_entries;
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::cross::{is_single_label, upstream_dangles, url_hosts};
use crate::stack::{CaddySite, Site, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a URL (`scheme://host…`) in an environment value or build arg whose host is
    /// gone from the stack:
    ///
    /// - a bare, single-label host (`http://search:7700`) that no container of the
    ///   stack answers to (service, `container_name`, `hostname`, network alias, link
    ///   alias), or
    /// - a host that is a site of the stack's Caddyfiles whose upstreams all dangle
    ///   (`wss://rt.${DOMAIN}` when the `rt.…` site only proxies to a removed service).
    ///   Site addresses are resolved with the caddy container's environment.
    ///
    /// Values are read from compose `environment:` and `build.args` (interpolated with the
    /// project `.env`, so a `.env` variable is judged where compose uses it) and from the
    /// `env_file:` files containers load. The project `.env` and `.env.example` are not
    /// judged on their own: a variable there that compose does not use is
    /// `unused-variable`'s. Other hosts are external and not checked: FQDNs that are not
    /// such sites, IP addresses, `localhost`, `host.docker.internal`, and the names in the
    /// config's `external-hosts`.
    ///
    /// The finding points at the entry that holds the URL and names its key; the value
    /// itself is never printed (env values are secrets), and the host only when the entry's
    /// own text spells it out.
    ///
    /// ## Why is this bad?
    /// The app starts and fails later, at the first request to that URL (`getaddrinfo
    /// ENOTFOUND spacetimedb`), or a frontend is baked with an endpoint that no longer
    /// answers. It is the leftover cfglint finds most often after a service was removed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     environment:
    ///       SEARCH_URL: http://search:7700
    /// ```
    /// with no `search` service in the stack.
    ///
    /// Use instead: remove the entry, or point it at a service that exists.
    ///
    /// ## Fix safety
    /// The fix deletes the entry (a compose `environment:` or `build.args` entry, or the
    /// line of an `env_file:` with its attached comment). The app then sees the variable
    /// unset, which changes its behaviour, so the fix is unsafe. No fix is offered for the
    /// project `.env` loaded as an `env_file:` (it holds secrets and is usually not under
    /// version control: edit it by hand), nor where the YAML layout cannot be edited
    /// line-wise.
    ///
    /// ## Options
    /// - `external-hosts`: bare names that resolve outside the stack.
    pub struct DanglingUrl {
        name: "dangling-url",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for DanglingUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        if !stack.index.has_services() {
            return;
        }
        check_compose(stack, cx);
        check_env_files(stack, cx);
    }
}

/// What is wrong with a URL's host.
enum Gone<'s> {
    /// A bare name no container answers to.
    Bare(String),
    /// A Caddy site whose upstreams all dangle.
    Site(&'s CaddySite),
}

/// The first URL host in `value` that is gone from the stack.
fn gone<'s>(value: &str, stack: &'s Stack, cx: &Checker<'_>) -> Option<Gone<'s>> {
    let external = |h: &str| {
        cx.settings
            .config
            .external_hosts
            .iter()
            .any(|e| e.eq_ignore_ascii_case(h))
    };
    url_hosts(value).into_iter().find_map(|host| {
        if external(&host) {
            return None;
        }
        if is_single_label(&host) {
            return (!stack.index.resolves(&host)).then_some(Gone::Bare(host));
        }
        stack
            .index
            .caddy_sites
            .iter()
            .find(|site| {
                site.hosts.contains(&host)
                    && !site.upstreams.is_empty()
                    && stack
                        .index
                        .upstreams
                        .get(site.upstreams.clone())
                        .is_some_and(|ups| {
                            ups.iter()
                                .all(|up| upstream_dangles(up, stack, cx.settings))
                        })
            })
            .map(Gone::Site)
    })
}

/// The finding for the entry at `entry` (key `key`, described as `what`), whose value is
/// written `raw_value` (the host is named only when that text spells it out, and never from
/// an env file).
fn finding(
    cx: &Checker<'_>,
    what: &str,
    key: &str,
    entry: Site,
    raw_value: &str,
    gone: &Gone<'_>,
) -> Diagnostic {
    let message = match gone {
        // Env files hold secrets: even a host name from one is not repeated.
        Gone::Bare(host)
            if url_hosts(raw_value).contains(host)
                && cx.project.sources.get(entry.file).kind != crate::source::FileKind::Env =>
        {
            format!("{what} `{key}` holds a URL whose host `{host}` names no service of this stack")
        }
        Gone::Bare(_) => {
            format!("{what} `{key}` holds a URL whose host names no service of this stack")
        }
        Gone::Site(_) => {
            format!("{what} `{key}` holds a URL of a Caddy site whose upstreams are all gone")
        }
    };
    let mut d = cx.diagnostic(&DanglingUrl::META, entry.range, message);
    d.file = entry.file;
    if let Gone::Site(site) = gone {
        let address = cx
            .project
            .sources
            .get(site.site.file)
            .slice(site.site.range);
        d = d.with_label(
            site.site.file,
            site.site.range,
            format!("`{address}` proxies only to upstreams no container answers to"),
        );
    }
    d.with_help("remove the entry, or point it at a service of this stack")
}

fn check_compose(stack: &Stack, cx: &mut Checker<'_>) {
    let mut seen = BTreeSet::new();
    for facts in stack.index.services.values() {
        let (environment, build_args) =
            (facts.environment(cx.project), facts.build_args(cx.project));
        let entries = environment
            .iter()
            .map(|e| (e, "environment variable"))
            .chain(build_args.iter().map(|e| (e, "build arg")));
        for (entry, what) in entries {
            let Some(value) = &entry.value else { continue };
            let Some(gone) = gone(value, stack, cx) else {
                continue;
            };
            if !seen.insert(entry.entry.key()) {
                continue;
            }
            let after_key = text_size::TextRange::new(
                entry.key.range.end().min(entry.entry.range.end()),
                entry.entry.range.end(),
            );
            let raw = cx.project.sources.get(entry.entry.file).slice(after_key);
            let d = finding(cx, what, &entry.name, entry.entry, raw, &gone);
            cx.report(d.with_entry_deletion(entry.entry, what, entry.name.clone(), true));
        }
    }
}

fn check_env_files(stack: &Stack, cx: &mut Checker<'_>) {
    let mut done = HashSet::new();
    let mut reports = Vec::new();
    for &file in stack.service_env_files.values().flatten() {
        if !done.insert(file) {
            continue;
        }
        let Parsed::Env(env) = cx.project.parsed(file) else {
            continue;
        };
        let tree = &env.parse.tree;
        let text = &cx.project.sources.get(file).text;
        let values = dotenv::resolve(tree, &|_| None);
        for (i, (entry, (_, value))) in tree.entries.iter().zip(&values).enumerate() {
            let key = entry.key.value.as_str();
            let Some(value) = value else { continue };
            let Some(gone) = gone(value, stack, cx) else {
                continue;
            };
            let site = Site {
                file,
                range: entry.range,
            };
            let raw = entry
                .raw_value_range
                .map_or("", |r| cx.project.sources.get(file).slice(r));
            let mut d = finding(cx, "variable", key, site, raw, &gone);
            // The project `.env` is never edited, also when a service loads it.
            if Some(file) != stack.project_env {
                let deletion = delete_entries(text, tree, &[i]);
                d = d.with_fix(Fix::unsafe_edits(
                    format!("remove `{key}`"),
                    deletion.edits(file),
                ));
            }
            reports.push(d);
        }
    }
    for d in reports {
        cx.report(d);
    }
}
