//! [`Port`]: `ports:` entries, short (`[IP:][HOST:]CONTAINER[/proto]`) and long.

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use super::load::{Loader, Path, fit};
use super::text::Text;
use crate::Spanned;
use crate::yaml::View;

/// One `ports:` entry. For the short syntax, the parts are read from the interpolated value
/// and ranged exactly when the scalar is written byte for byte without variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// The list item (for fixes that delete it).
    pub range: TextRange,
    /// The short syntax as written; `None` for the long syntax.
    pub short: Option<Text>,
    /// Host IP (`127.0.0.1`, `::1` without brackets).
    pub host_ip: Option<Spanned<EcoString>>,
    /// Host port or range (`8080`, `8000-8010`); `None` or empty when compose picks one.
    pub published: Option<Spanned<EcoString>>,
    /// Container port or range.
    pub target: Option<Spanned<EcoString>>,
    /// `tcp`, `udp`, `sctp`.
    pub protocol: Option<Spanned<EcoString>>,
    /// Long syntax `app_protocol`.
    pub app_protocol: Option<Spanned<EcoString>>,
    /// Long syntax `mode` (`host`, `ingress`).
    pub mode: Option<Spanned<EcoString>>,
    /// Long syntax `name`.
    pub name: Option<Spanned<EcoString>>,
}

impl Port {
    /// Returns the container ports as an inclusive range.
    pub fn target_ports(&self) -> Option<(u16, u16)> {
        self.target.as_ref().and_then(|t| port_range(&t.value))
    }

    /// Returns the host ports as an inclusive range, when a host port is given.
    pub fn published_ports(&self) -> Option<(u16, u16)> {
        self.published.as_ref().and_then(|p| port_range(&p.value))
    }

    /// Returns the protocol, `tcp` when not given.
    pub fn protocol(&self) -> &str {
        self.protocol.as_ref().map_or("tcp", |p| p.value.as_str())
    }
}

/// Reads `80` or `8000-8010` as an inclusive range.
pub fn port_range(text: &str) -> Option<(u16, u16)> {
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => text.parse().ok().map(|p| (p, p)),
    }
}

pub(crate) fn ports(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<Port> {
    let items = ld.items(view, path);
    let mut out = ThinVec::with_capacity(items.len());
    for (i, item) in items.enumerate() {
        let item_path = path.index(i);
        if item.is_mapping() {
            out.push(long(ld, item, &item_path));
        } else if let Some(text) = ld.scalar(item, &item_path) {
            out.push(short(ld, text, &item_path));
        }
    }
    fit(&mut out);
    out
}

fn long(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> Port {
    let mut port = Port {
        range: view.node().range,
        short: None,
        host_ip: None,
        published: None,
        target: None,
        protocol: None,
        app_protocol: None,
        mode: None,
        name: None,
    };
    for entry in view.entries() {
        let Some(key) = entry.key_str() else { continue };
        let slot = match key {
            "target" => &mut port.target,
            "published" => &mut port.published,
            "host_ip" => &mut port.host_ip,
            "protocol" => &mut port.protocol,
            "app_protocol" => &mut port.app_protocol,
            "mode" => &mut port.mode,
            "name" => &mut port.name,
            _ => continue,
        };
        *slot = ld.scalar(entry.value, &path.key(key)).map(|t| t.spanned());
    }
    port
}

/// `[IP:][HOST:]CONTAINER[/PROTO]`; an IPv6 address is written `[::1]`, or bare when both the
/// host and container ports follow (everything before the last two parts is the IP).
fn short(ld: &mut Loader<'_>, text: Text, path: &Path<'_>) -> Port {
    let value = text.as_str();
    let (spec_end, protocol) = match value.rfind('/') {
        Some(slash) => (slash, Some(text.part(slash + 1, value.len()))),
        None => (value.len(), None),
    };
    let spec = value.get(..spec_end).unwrap_or_default();
    let mut host_ip = None;
    let mut rest_start = 0;
    if spec.starts_with('[')
        && let Some(close) = spec.find(']')
    {
        host_ip = Some(text.part(1, close));
        rest_start = close + 1;
        if spec.as_bytes().get(rest_start) == Some(&b':') {
            rest_start += 1;
        }
    }
    let rest = spec.get(rest_start..).unwrap_or_default();
    // Start offsets of the colon-separated parts of `rest`.
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start = rest_start;
    for (i, c) in rest.char_indices() {
        if c == ':' {
            bounds.push((start, rest_start + i));
            start = rest_start + i + 1;
        }
    }
    bounds.push((start, spec_end));
    let n = bounds.len();
    let part = |i: usize| bounds.get(i).map(|&(s, e)| text.part(s, e));
    let (ip, published, target) = match n {
        1 => (None, None, part(0)),
        2 => (None, part(0), part(1)),
        _ => {
            let ip_end = bounds.get(n - 3).map_or(0, |&(_, e)| e);
            (
                Some(text.part(rest_start, ip_end)),
                part(n - 2),
                part(n - 1),
            )
        }
    };
    let host_ip = host_ip.or(ip);
    let port = Port {
        range: text.range(),
        host_ip,
        published,
        target,
        protocol,
        app_protocol: None,
        mode: None,
        name: None,
        short: Some(text),
    };
    if ld.can_validate(port.short.as_ref()) {
        let target_ok = port.target_ports().is_some();
        let published_ok = port
            .published
            .as_ref()
            .is_none_or(|p| p.value.is_empty() || port_range(&p.value).is_some());
        if !target_ok || !published_ok {
            let shown = port
                .short
                .as_ref()
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default();
            ld.invalid(path, format!("invalid port `{shown}`"), port.range);
        }
    }
    port
}
