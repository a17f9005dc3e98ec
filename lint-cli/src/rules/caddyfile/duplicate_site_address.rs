//! `duplicate-site-address`

use std::collections::BTreeMap;

use caddyfile_parser::BlockKind;
use caddyfile_parser::expand::{ExpandedBlock, ExpandedToken};
use caddyfile_parser::parse_address;

use crate::Diagnostic;
use crate::checker::Checker;
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::{Once, Root, roots_reading};

declare_rule! {
    /// ## What it does
    /// Flags a site address that an earlier site block of the same Caddyfile already has,
    /// also when the two blocks come from different imported files. Addresses are compared
    /// as Caddy serves them: the host is lower-cased (placeholders kept as written), and a
    /// missing scheme or port takes its default, so `example.com`, `EXAMPLE.com:443` and
    /// `https://example.com:443` are the same site, while `http://example.com` (port 80) and
    /// `example.com` are two. Paths (`example.com/api`) are part of the address, and so are
    /// the interfaces of a `bind` directive: `:8002` bound to another address is another
    /// listener.
    ///
    /// The finding points at the second address, with a label on the first.
    ///
    /// ## Why is this bad?
    /// Caddy refuses the file when the two addresses are written the same way
    /// (`ambiguous site definition: example.com`). Written differently, Caddy merges both
    /// blocks into one route list where the first block's handlers answer and the second
    /// block's never run: a silent, confusing misconfiguration, often from a site pasted
    /// twice or an imported site file that repeats one of the main file.
    ///
    /// ## Example
    /// ```caddyfile
    /// example.com {
    ///     reverse_proxy web:3000
    /// }
    ///
    /// https://example.com:443 {
    ///     reverse_proxy api:8080
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     handle /api/* {
    ///         reverse_proxy api:8080
    ///     }
    ///     reverse_proxy web:3000
    /// }
    /// ```
    ///
    /// ## References
    /// - [Site addresses](https://caddyserver.com/docs/caddyfile/concepts#addresses)
    pub struct DuplicateSiteAddress {
        name: "duplicate-site-address",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateSiteAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let mut once = Once::default();
        for root in roots_reading(cx.project, this) {
            // The first key of each listener (address and interfaces), with its block.
            // A tree rather than a hash table: a Caddyfile can have thousands of sites.
            let mut first: BTreeMap<(String, Vec<&str>), (&ExpandedToken, usize)> = BTreeMap::new();
            let sites = root
                .expansion
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Site);
            for (index, block) in sites.enumerate() {
                let binds = binds(block);
                for key in &block.keys {
                    let listener = (normalize(&key.text), binds.clone());
                    let Some(&(earlier, earlier_block)) = first.get(&listener) else {
                        first.insert(listener, (key, index));
                        continue;
                    };
                    let same_block = earlier_block == index;
                    if let Some(d) = duplicate(&root, key, earlier, same_block, cx) {
                        if d.file == this && once.first(d.file, d.span) {
                            cx.report(d);
                        }
                    }
                }
            }
        }
    }
}

/// The finding for `key`, a repeat of `earlier`.
fn duplicate(
    root: &Root<'_>,
    key: &ExpandedToken,
    earlier: &ExpandedToken,
    same_block: bool,
    cx: &Checker<'_>,
) -> Option<Diagnostic> {
    let (file, range) = root.site(key)?;
    let (first_file, first_range) = root.site(earlier)?;
    // The same text read twice (a file imported twice): point at the second import.
    let (file, range) = if (file, range) == (first_file, first_range) {
        root.import_site(key.via())?
    } else {
        (file, range)
    };
    let mut d = cx
        .diagnostic(
            &DuplicateSiteAddress::META,
            range,
            format!("site address `{}` is defined twice", key.text),
        )
        .with_label(first_file, first_range, "first defined here");
    d.file = file;
    let remedy = if same_block {
        "remove the repeated address"
    } else {
        "merge the two site blocks"
    };
    Some(if key.text == earlier.text {
        d.with_help(remedy)
    } else {
        d.with_help(format!(
            "`{}` and `{}` are both `{}`; {remedy}",
            earlier.text,
            key.text,
            normalize(&key.text)
        ))
    })
}

/// The interfaces a site block binds to (`bind` arguments, sorted; none for all of them):
/// the same address on different interfaces is two listeners, not a duplicate.
fn binds(block: &ExpandedBlock) -> Vec<&str> {
    let mut out: Vec<&str> = block
        .directives
        .iter()
        .filter(|d| d.tokens.first().is_some_and(|t| t.text == "bind"))
        .flat_map(|d| d.tokens[1..].iter().map(|t| t.text.as_str()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An address as Caddy serves it: `scheme://host:port/path`, with the host lower-cased
/// outside placeholders and the scheme and port filled in from each other (`http` ↔ 80,
/// `https` ↔ 443; no scheme and no port is HTTPS). A port other than 80 and 443 without a
/// scheme keeps an empty scheme.
pub(crate) fn normalize(address: &str) -> String {
    let parts = parse_address(address);
    let given = parts.scheme.to_ascii_lowercase();
    let scheme = match (given.as_str(), parts.port.as_str()) {
        ("", "" | "443") => "https",
        ("", "80") => "http",
        (scheme, _) => scheme,
    };
    let port = match (parts.port.as_str(), scheme) {
        ("", "http") => "80",
        ("", _) => "443",
        (port, _) => port,
    };
    format!(
        "{scheme}://{}:{port}{}",
        lower_outside_placeholders(&parts.host),
        parts.path
    )
}

/// Lower-cases `text` except inside `{…}` (placeholder names are case-sensitive).
fn lower_outside_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0_u32;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn default_scheme_and_port_make_addresses_equal() {
        assert_eq!(normalize("example.com"), "https://example.com:443");
        assert_eq!(
            normalize("https://EXAMPLE.com:443"),
            normalize("example.com")
        );
        assert_eq!(normalize("example.com:443"), normalize("example.com"));
        assert_ne!(normalize("http://example.com"), normalize("example.com"));
        assert_eq!(normalize("http://example.com"), normalize("example.com:80"));
        assert_eq!(normalize(":8080"), "://:8080");
        assert_ne!(normalize("example.com/api"), normalize("example.com"));
        assert_eq!(
            normalize("{$HOST}.Example.com"),
            "https://{$HOST}.example.com:443"
        );
    }
}
