//! Cross-file rules: references from one file of a stack to another.

pub mod dangling_upstream;
pub mod dangling_url;
pub mod missing_build_arg;
pub mod missing_mount_source;
pub mod retired_reference;
pub mod undefined_variable;
pub mod unused_build_arg;
pub mod unused_variable;
pub mod upstream_port_mismatch;

use std::collections::{BTreeMap, BTreeSet};

use compose_model::yaml::YamlFile;
use text_size::TextRange;

use crate::checker::{Checker, Settings};
use crate::fix::yaml;
use crate::stack::{Site, Stack, Upstream};

/// Whether `upstream` names a bare host no container of `stack` answers to.
pub(crate) fn upstream_dangles(upstream: &Upstream, stack: &Stack, settings: &Settings) -> bool {
    let Some(host) = upstream.host.as_deref() else {
        return false;
    };
    !stack.index.resolves(host)
        && !settings
            .config
            .external_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
}

/// A label on the first service key of the stack's first compose file: where a missing
/// service would be defined.
pub(crate) fn services_label(stack: &Stack, _cx: &Checker<'_>) -> Option<Site> {
    stack
        .index
        .services
        .values()
        .filter_map(|f| f.definitions.first())
        .min_by_key(|site| (site.file, site.range.start()))
        .copied()
}

/// The name in `candidates` closest to `name` (edit distance at most a third of its
/// length), for "did you mean" hints.
pub(crate) fn closest_name<'a, S: AsRef<str> + ?Sized + 'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a S>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(AsRef::as_ref)
        .map(|c| {
            (
                edit_distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// Edit distance over characters, counting a swap of two neighbours as one edit (optimal
/// string alignment), so `wbe` is one edit from `web`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// Deletes the compose `environment:` or `build.args` entry at `entry` (an
/// [`crate::stack::Assignment::entry`]) of the file whose text is `text` and YAML tree `tree`,
/// and the `environment:`/`args:` key when it is left empty. `None` where the YAML helpers
/// refuse the layout.
pub(crate) fn delete_compose_entry(
    tree: &YamlFile,
    text: &str,
    comments: &[TextRange],
    entry: TextRange,
) -> Option<yaml::Deletion> {
    let path = yaml::locate(tree, entry)?;
    // An anchored mapping (`x-env: &env`) left empty would become `null`, which breaks a
    // `<<: *env` merge: keep its last entry.
    let [.., holder, last] = path.as_slice() else {
        return None;
    };
    let shared = holder.node().is_some_and(|n| n.anchor(tree).is_some());
    if shared && matches!(last, yaml::Step::Entry(m, _) if m.entries.len() == 1) {
        return None;
    }
    // The entry, and the `environment:`/`args:` entry holding it.
    let levels = &path[path.len().saturating_sub(2)..];
    yaml::delete_with_empty_parents(tree, text, comments, levels)
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Docker's predefined build args: accepted without an `ARG` and set without a `build.args`
/// entry (proxy settings, and `BuildKit`'s own).
pub(crate) const PREDEFINED_BUILD_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SYNTAX",
    "SOURCE_DATE_EPOCH",
];

/// `BuildKit`'s automatic platform args: an `ARG TARGETPLATFORM` gets its value without
/// any `build.args`.
pub(crate) const AUTOMATIC_BUILD_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETSTAGE",
];

/// The host of each URL (`scheme://[user@]host[:port]…`) in `value`, lower-cased, in
/// order. Hosts that are empty (`file:///x`), bracketed IPv6 addresses, or hold a
/// placeholder (`${X}`, `{…}`) are left out.
pub(crate) fn url_hosts(value: &str) -> Vec<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = value.get(from..).and_then(|rest| rest.find("://")) {
        let sep = from + at;
        from = sep + 3;
        // The scheme: letters, digits, `+ . -`, starting with a letter.
        let scheme_start = value[..sep]
            .bytes()
            .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
            .map_or(0, |i| i + 1);
        if !bytes.get(scheme_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let rest = &value[from..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '/' | '?' | '#' | ',' | ';' | '"' | '\'' | '>')
            })
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host_port.starts_with('[') || host_port.contains(['$', '{', '}']) {
            continue;
        }
        let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
        if !host.is_empty() {
            out.push(host.to_ascii_lowercase());
        }
    }
    out
}

/// Whether `host` is a bare single-label name (`spacetimedb`), which only a container of the
/// stack (or `external-hosts`) can resolve: not `localhost`, not an IP address, no dot.
pub(crate) fn is_single_label(host: &str) -> bool {
    !host.is_empty()
        && !host.contains('.')
        && !host.eq_ignore_ascii_case("localhost")
        && host.parse::<std::net::IpAddr>().is_err()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Splits a name into lower-cased words at `_`, `-`, `.` and lower-to-upper case changes
/// (`viteSpacetimeDbUrl` → `vite spacetime db url`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.') {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a name split into `name_words` ([`words`]) mentions `retired` (a service name or
/// alias): some run of consecutive words, joined, spells `retired` without its separators,
/// optionally followed by digits inside the last word of the run.
///
/// `VITE_SPACETIMEDB_URL`, `SPACETIME_DB_HOST`, `spacetimeDbUrl` and `STDB2_IP` mention
/// `spacetimedb` / `stdb`; `SPACETIME_X` (a prefix of the name) and `STDBX` or `WEBHOOK_URL`
/// (a longer word that merely starts with the name, for `stdb` / `web`) do not.
pub(crate) fn mentions(name_words: &[String], retired: &str) -> bool {
    let target: String = words(retired).concat();
    if target.is_empty() {
        return false;
    }
    for start in 0..name_words.len() {
        let mut joined = String::new();
        for word in &name_words[start..] {
            joined.push_str(word);
            if joined.len() >= target.len() {
                if let Some(rest) = joined.strip_prefix(&target) {
                    if rest.bytes().all(|b| b.is_ascii_digit()) {
                        return true;
                    }
                }
                break;
            }
            if !target.starts_with(&joined) {
                break;
            }
        }
    }
    false
}

/// Why a name counts as retired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RetiredOrigin {
    /// Configuration (`retired`, `--since`, `cfglint retire`).
    Config,
    /// A Caddy upstream names it, but no container of the stack answers to it.
    DanglingUpstream(Site),
}

/// A retired service and the names that mention it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Retired {
    /// The service's name, lower-cased.
    pub service: String,
    /// Its name and aliases, lower-cased.
    pub names: BTreeSet<String>,
    /// Where it comes from.
    pub origin: RetiredOrigin,
}

/// Every retired service of `stack`: from the settings, then the hosts of dangling Caddy
/// upstreams (a service Caddy still proxies to but the stack no longer has).
pub(crate) fn retired_services(stack: &Stack, settings: &Settings) -> Vec<Retired> {
    let mut out: Vec<Retired> = settings
        .retired
        .iter()
        .map(|(service, names)| Retired {
            service: service.clone(),
            names: names.clone(),
            origin: RetiredOrigin::Config,
        })
        .collect();
    let mut dangling: BTreeMap<String, Site> = BTreeMap::new();
    for upstream in &stack.index.upstreams {
        if upstream_dangles(upstream, stack, settings) {
            if let Some(host) = &upstream.host {
                dangling
                    .entry(host.to_ascii_lowercase().to_string())
                    .or_insert(upstream.site);
            }
        }
    }
    for (host, site) in dangling {
        if out.iter().any(|r| r.names.contains(&host)) {
            continue;
        }
        out.push(Retired {
            service: host.clone(),
            names: BTreeSet::from([host]),
            origin: RetiredOrigin::DanglingUpstream(site),
        });
    }
    out
}

/// The retired service `name` mentions and the name or alias it mentions, if any.
pub(crate) fn mentioned<'r>(name: &str, retired: &'r [Retired]) -> Option<(&'r Retired, &'r str)> {
    let name_words = words(name);
    retired.iter().find_map(|r| {
        // The service's own name first, then its aliases.
        std::iter::once(&r.service)
            .chain(r.names.iter().filter(|n| **n != r.service))
            .find(|n| mentions(&name_words, n))
            .map(|n| (r, n.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_mention_a_retired_service_by_whole_words() {
        let yes = |name: &str, retired: &str| mentions(&words(name), retired);
        assert!(yes("VITE_SPACETIMEDB_URL", "spacetimedb"));
        assert!(yes("SPACETIMEDB_MODULE", "spacetimedb"));
        assert!(yes("STDB_IP", "stdb"));
        assert!(yes("spacetimeDbUrl", "spacetimedb"));
        assert!(yes("SPACETIME_DB_HOST", "spacetimedb"));
        assert!(yes("stdb2.internal", "stdb"));
        assert!(yes("AUTHENTIK_SERVER_URL", "authentik-server"));
        assert!(yes("spacetimedb", "spacetimedb"));
        assert!(!yes("SPACETIME_X", "spacetimedb"));
        assert!(!yes("STDBX", "stdb"));
        assert!(!yes("WEBHOOK_URL", "web"));
        assert!(!yes("MY_STDB", "stdbx"));
        assert!(!yes("", "stdb"));
        assert!(!yes("STDB", ""));
    }

    #[test]
    fn words_split_at_separators_and_case_changes() {
        assert_eq!(
            words("VITE_SPACETIMEDB_URL"),
            ["vite", "spacetimedb", "url"]
        );
        assert_eq!(
            words("viteSpacetimeDbUrl"),
            ["vite", "spacetime", "db", "url"]
        );
        assert_eq!(words("a.b-c__d"), ["a", "b", "c", "d"]);
        assert_eq!(words("HTTPServer"), ["httpserver"]);
    }

    #[test]
    fn url_hosts_skip_credentials_ports_and_placeholders() {
        assert_eq!(url_hosts("http://spacetimedb:3000/x"), ["spacetimedb"]);
        assert_eq!(
            url_hosts("postgres://user:p%40ss@Postgres:5432/db"),
            ["postgres"]
        );
        assert_eq!(
            url_hosts("a=wss://rt.example.com,b=redis://cache"),
            ["rt.example.com", "cache"]
        );
        assert!(url_hosts("file:///etc/x").is_empty());
        assert!(url_hosts("http://[::1]:80").is_empty());
        assert!(url_hosts("http://${HOST}:80").is_empty());
        assert!(url_hosts("postgres:5432").is_empty());
        assert!(url_hosts("://nothing").is_empty());
        assert!(url_hosts("jdbc:postgresql://db:5432/x") == ["db"]);
    }

    #[test]
    fn single_labels_exclude_localhost_ips_and_fqdns() {
        assert!(is_single_label("spacetimedb"));
        assert!(is_single_label("ai-gateway"));
        assert!(!is_single_label("localhost"));
        assert!(!is_single_label("127.0.0.1"));
        assert!(!is_single_label("host.docker.internal"));
        assert!(!is_single_label(""));
    }

    #[test]
    fn closest_names_are_near_misses_only() {
        let names = [
            "web".to_owned(),
            "postgres".to_owned(),
            "forgejo".to_owned(),
        ];
        assert_eq!(closest_name("wbe", &names), Some("web"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest_name("postgress", &names), Some("postgres"));
        assert_eq!(closest_name("spacetimedb", &names), None);
    }
}
