//! [`Port`]: `ports:` entries, short (`[IP:][HOST:]CONTAINER[/proto]`) and long.

use text_size::TextRange;
use thin_vec::ThinVec;

use super::load::{Loader, Path, fit};
use super::text::{Part, Text};
use crate::Spanned;
use crate::yaml::View;

/// One `ports:` entry. For the short syntax, the parts are read from the interpolated value
/// and ranged exactly when the scalar is written byte for byte without variables.
///
/// A short entry keeps its text and where each part is in it (80 bytes in all); a long one
/// is boxed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// The list item (for fixes that delete it).
    pub range: TextRange,
    /// The entry, short or long.
    form: PortForm,
}

/// How a `ports:` entry is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PortForm {
    /// `[IP:][HOST:]CONTAINER[/PROTO]`, with where its parts are.
    Short(Text, ShortParts),
    /// A mapping.
    Long(Box<LongPort>),
}

/// Where the parts of a short port are in its value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShortParts {
    host_ip: Option<Part>,
    published: Option<Part>,
    target: Option<Part>,
    protocol: Option<Part>,
}

/// The keys of a long port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct LongPort {
    host_ip: Option<Text>,
    published: Option<Text>,
    target: Option<Text>,
    protocol: Option<Text>,
    app_protocol: Option<Text>,
    mode: Option<Text>,
    name: Option<Text>,
}

impl Port {
    /// Returns the short syntax as written; `None` for the long syntax.
    pub fn short(&self) -> Option<&Text> {
        match &self.form {
            PortForm::Short(text, _) => Some(text),
            PortForm::Long(_) => None,
        }
    }

    /// Reads a part: from the short value, or a key of the long syntax.
    fn get(
        &self,
        short: impl FnOnce(&ShortParts) -> Option<Part>,
        long: impl FnOnce(&LongPort) -> Option<&Text>,
    ) -> Option<Spanned<&str>> {
        match &self.form {
            PortForm::Short(text, parts) => short(parts).map(|part| part.of(text)),
            PortForm::Long(port) => long(port).map(Text::spanned_str),
        }
    }

    /// Returns the host IP (`127.0.0.1`, `::1` without brackets).
    pub fn host_ip(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.host_ip, |p| p.host_ip.as_ref())
    }

    /// Returns the host port or range (`8080`, `8000-8010`); `None` or empty when compose
    /// picks one.
    pub fn published(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.published, |p| p.published.as_ref())
    }

    /// Returns the container port or range.
    pub fn target(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.target, |p| p.target.as_ref())
    }

    /// Returns the protocol as written (`tcp`, `udp`, `sctp`); see [`Port::protocol`].
    pub fn protocol_spanned(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.protocol, |p| p.protocol.as_ref())
    }

    /// Returns the long syntax's `app_protocol`.
    pub fn app_protocol(&self) -> Option<Spanned<&str>> {
        self.get(|_| None, |p| p.app_protocol.as_ref())
    }

    /// Returns the long syntax's `mode` (`host`, `ingress`).
    pub fn mode(&self) -> Option<Spanned<&str>> {
        self.get(|_| None, |p| p.mode.as_ref())
    }

    /// Returns the long syntax's `name`.
    pub fn name(&self) -> Option<Spanned<&str>> {
        self.get(|_| None, |p| p.name.as_ref())
    }

    /// Returns the container ports as an inclusive range.
    pub fn target_ports(&self) -> Option<(u16, u16)> {
        self.target().and_then(|t| port_range(t.value))
    }

    /// Returns the host ports as an inclusive range, when a host port is given.
    pub fn published_ports(&self) -> Option<(u16, u16)> {
        self.published().and_then(|p| port_range(p.value))
    }

    /// Returns the protocol, `tcp` when not given.
    pub fn protocol(&self) -> &str {
        self.protocol_spanned().map_or("tcp", |p| p.value)
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
    let mut port = LongPort::default();
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
        *slot = ld.scalar(entry.value, &path.key(key));
    }
    Port {
        range: view.node().range,
        form: PortForm::Long(Box::new(port)),
    }
}

/// `[IP:][HOST:]CONTAINER[/PROTO]`; an IPv6 address is written `[::1]`, or bare when both the
/// host and container ports follow (everything before the last two parts is the IP).
fn short(ld: &mut Loader<'_>, text: Text, path: &Path<'_>) -> Port {
    let value = text.as_str();
    let (spec_end, protocol) = match value.rfind('/') {
        Some(slash) => (slash, Part::new(slash + 1, value.len())),
        None => (value.len(), None),
    };
    let spec = value.get(..spec_end).unwrap_or_default();
    let mut host_ip = None;
    let mut rest_start = 0;
    if spec.starts_with('[')
        && let Some(close) = spec.find(']')
    {
        host_ip = Part::new(1, close);
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
    let part = |i: usize| bounds.get(i).and_then(|&(s, e)| Part::new(s, e));
    let (ip, published, target) = match n {
        1 => (None, None, part(0)),
        2 => (None, part(0), part(1)),
        _ => {
            let ip_end = bounds.get(n - 3).map_or(0, |&(_, e)| e);
            (Part::new(rest_start, ip_end), part(n - 2), part(n - 1))
        }
    };
    let parts = ShortParts {
        host_ip: host_ip.or(ip),
        published,
        target,
        protocol,
    };
    let port = Port {
        range: text.range(),
        form: PortForm::Short(text, parts),
    };
    if ld.can_validate(port.short()) {
        let target_ok = port.target_ports().is_some();
        let published_ok = port
            .published()
            .is_none_or(|p| p.value.is_empty() || port_range(p.value).is_some());
        if !target_ok || !published_ok {
            let shown = port.short().map(Text::as_str).unwrap_or_default();
            let message = format!("invalid port `{shown}`");
            ld.invalid(path, message, port.range);
        }
    }
    port
}
