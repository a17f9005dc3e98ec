//! Site addresses: `[scheme://]host[:port][/path]`, and the checks Caddy's HTTP adapter
//! makes on them (`httpcaddyfile/addresses.go`, described in `reference/caddyfile.md` §4).

use crate::error::{SyntaxError, span};
use crate::syntax::Word;

/// The directives of a standard Caddy build (HEAD). Caddy rejects a site address equal to
/// one of them.
pub const STANDARD_DIRECTIVES: &[&str] = &[
    "abort",
    "acme_server",
    "basic_auth",
    "basicauth",
    "bind",
    "copy_response",
    "copy_response_headers",
    "encode",
    "error",
    "file_server",
    "forward_auth",
    "fs",
    "handle",
    "handle_errors",
    "handle_path",
    "header",
    "intercept",
    "invoke",
    "log",
    "log_append",
    "log_name",
    "log_skip",
    "map",
    "method",
    "metrics",
    "php_fastcgi",
    "push",
    "redir",
    "request_body",
    "request_header",
    "respond",
    "reverse_proxy",
    "rewrite",
    "root",
    "route",
    "skip_log",
    "templates",
    "tls",
    "tracing",
    "try_files",
    "uri",
    "vars",
];

/// A site address split into its parts (no validation, nothing lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// `http`, `https`, another scheme, or empty.
    pub scheme: String,
    /// The host (brackets of an IPv6 literal kept), possibly empty, a wildcard or a placeholder.
    pub host: String,
    /// The port as written, or empty.
    pub port: String,
    /// The path from its `/`, or empty.
    pub path: String,
}

/// Splits a site address into scheme, host, port and path.
///
/// # Example
/// ```
/// let a = caddyfile_parser::parse_address("https://[::1]:8443/api/*");
/// assert_eq!((a.scheme.as_str(), a.host.as_str(), a.port.as_str(), a.path.as_str()),
///     ("https", "[::1]", "8443", "/api/*"));
/// ```
pub fn parse_address(address: &str) -> Address {
    let (scheme, rest) = match address.split_once("://") {
        Some((scheme, rest)) => (scheme, rest),
        None => ("", address),
    };
    let (host_port, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => {
                let after = &host_port[end + 1..];
                (&host_port[..=end], after.strip_prefix(':').unwrap_or(after))
            }
            None => (host_port, ""),
        }
    } else if host_port.matches(':').count() == 1 {
        host_port.split_once(':').unwrap_or((host_port, ""))
    } else {
        (host_port, "")
    };
    Address {
        scheme: scheme.to_owned(),
        host: host.to_owned(),
        port: port.to_owned(),
        path: path.to_owned(),
    }
}

/// Caddy's adapter checks on one site key: directive names, port range, scheme.
pub(super) fn check_site_key(key: &Word, text: &str, errors: &mut Vec<SyntaxError>) {
    let (span, line) = (span(key.range), key.line);
    let value = key.value(text);
    if STANDARD_DIRECTIVES.contains(&value) {
        errors.push(SyntaxError::DirectiveAsSiteAddress {
            name: value.to_owned(),
            span,
            line,
        });
        return;
    }
    // placeholders (`{$PORT}`, `{args[0]}`) are only known at run time
    if value.contains('{') || value == "}" {
        return;
    }
    let address = parse_address(value);
    if !address.port.is_empty() {
        match address.port.parse::<i64>() {
            Ok(port) if !(0..=65535).contains(&port) => {
                errors.push(SyntaxError::PortOutOfRange {
                    port: address.port.clone(),
                    span,
                    line,
                });
                return;
            }
            Ok(_) => {}
            Err(_) => {
                errors.push(SyntaxError::InvalidPort {
                    port: address.port.clone(),
                    span,
                    line,
                });
                return;
            }
        }
    }
    let scheme = address.scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "" | "http" | "https" => {}
        "ws" | "wss" => {
            errors.push(SyntaxError::BrowserOnlyScheme {
                instead: if scheme == "ws" { "http" } else { "https" }.to_owned(),
                scheme,
                span,
                line,
            });
            return;
        }
        _ => {
            errors.push(SyntaxError::UnsupportedScheme {
                scheme: address.scheme.clone(),
                span,
                line,
            });
            return;
        }
    }
    if (scheme == "http" && address.port == "443") || (scheme == "https" && address.port == "80") {
        errors.push(SyntaxError::SchemePortConflict {
            address: value.to_owned(),
            span,
            line,
        });
    }
}
