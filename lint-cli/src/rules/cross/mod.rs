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

use crate::checker::{Checker, Settings};
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
pub(crate) fn closest_name<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a String>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                edit_distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

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
