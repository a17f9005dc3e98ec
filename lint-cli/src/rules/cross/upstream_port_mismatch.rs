//! `upstream-port-mismatch`

use std::collections::HashSet;

use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{Stack, Upstream};

declare_rule! {
    /// ## What it does
    /// Flags a Caddy proxy upstream whose port is not one its service listens on. An
    /// upstream without a port is checked against the port Caddy dials by default: 80, or
    /// 443 for `https://`.
    ///
    /// A service's ports are what it declares deliberately: `expose:` in compose and
    /// `EXPOSE` in the Dockerfile it builds from, together with the container side of its
    /// `ports:`. A service that declares neither `expose` nor `EXPOSE` is not judged:
    /// `ports:` lists only what is *published* to the host, not everything the container
    /// serves (Forgejo publishing `2222:22` for SSH still serves HTTP on 3000 to the proxy).
    ///
    /// ## Why is this bad?
    /// Caddy starts, but every request on that route fails with `502 Bad Gateway`
    /// (`connection refused`): the container answers on another port. It usually follows a
    /// change of the app's port that the Caddyfile did not get.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy web:8080
    /// }
    /// ```
    /// with
    /// ```yaml
    /// services:
    ///   web:
    ///     build: ./web
    ///     expose: ["3000"]
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
    /// - [Compose `expose`](https://docs.docker.com/reference/compose-file/services/#expose)
    /// - [`reverse_proxy` upstream addresses](https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#upstream-addresses)
    pub struct UpstreamPortMismatch {
        name: "upstream-port-mismatch",
        severity: Warning,
        fix: None,
    }
}

impl Rule for UpstreamPortMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let index = &stack.index;
        let mut seen = HashSet::new();
        for upstream in &index.upstreams {
            let Some(host) = upstream.host.as_deref() else {
                continue;
            };
            let Some(service) = index.service_of(host) else {
                continue;
            };
            let Some(facts) = index.services.get(service) else {
                continue;
            };
            if !facts.declares_ports || facts.ports.is_empty() {
                continue;
            }
            let Some((port, implicit)) = dialed_port(upstream) else {
                continue;
            };
            if facts.ports.binary_search(&port).is_ok()
                || !seen.insert((upstream.site, service.to_owned()))
            {
                continue;
            }
            let listens = listing(&facts.ports);
            let message = if implicit {
                format!(
                    "upstream `{}` dials port {port} (Caddy's default), but `{service}` listens on {listens}",
                    upstream.text
                )
            } else {
                format!(
                    "upstream `{}` uses port {port}, but `{service}` listens on {listens}",
                    upstream.text
                )
            };
            let mut d = cx.diagnostic(&Self::META, upstream.site.range, message);
            d.file = upstream.site.file;
            if let Some(definition) = facts.definitions.first() {
                d = d.with_label(
                    definition.file,
                    definition.range,
                    format!("`{service}` is defined here"),
                );
            }
            if let Some(first) = facts.ports.first() {
                d = d.with_help(format!("point the upstream at `{host}:{first}`"));
            }
            cx.report(d);
        }
    }
}

/// The port Caddy dials for `upstream`, and whether it is the default (no port written).
/// `None` for `php_fastcgi` without a port (its transport has no default worth assuming).
fn dialed_port(upstream: &Upstream) -> Option<(u16, bool)> {
    if let Some(port) = upstream.port {
        return Some((port, false));
    }
    if upstream.directive == "php_fastcgi" {
        return None;
    }
    let https = upstream
        .text
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    Some((if https { 443 } else { 80 }, true))
}

/// `3000`, `3000 and 3001`, `80, 443 and 8080`, at most eight ports then `…`.
fn listing(ports: &[u16]) -> String {
    let shown: Vec<String> = ports.iter().take(8).map(|p| format!("`{p}`")).collect();
    let more = if ports.len() > 8 { ", …" } else { "" };
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] if more.is_empty() => format!("{} and {last}", rest.join(", ")),
        all => format!("{}{more}", all.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_listings_read_as_english() {
        assert_eq!(listing(&[3000]), "`3000`");
        assert_eq!(listing(&[80, 443]), "`80` and `443`");
        assert_eq!(listing(&[1, 2, 3]), "`1`, `2` and `3`");
        assert_eq!(
            listing(&[1, 2, 3, 4, 5, 6, 7, 8, 9]),
            "`1`, `2`, `3`, `4`, `5`, `6`, `7`, `8`, …"
        );
    }
}
