//! `host-port-conflict`

use compose_model::model::{Port, ProjectService};
use ecow::EcoString;
use text_size::TextRange;

use super::support::{Merged, as_written, can_run_together, is_complete};
use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::source::FileId;
use crate::stack::Stack;

declare_rule! {
    /// ## What it does
    /// Flags a host port that another port of the stack already publishes. The two ports may
    /// belong to two services, or to one service twice (for instance once in the compose
    /// file and again, with another container port, in its override). Ports conflict when their protocols
    /// are the same (`tcp` and `udp` never conflict), their host port ranges overlap, and
    /// their host IPs meet: the same address, or either one unspecified (no IP, `0.0.0.0` or
    /// `::` listen on every address). It points at the second port and labels the first.
    ///
    /// Two services limited to profiles that never run together may publish the same port.
    /// Ports whose host side compose picks (`"80"`, or an empty `${PORT}`) are not checked.
    ///
    /// ## Why is this bad?
    /// The second container fails to start: `Bind for 0.0.0.0:8080 failed: port is already
    /// allocated`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports: ["8080:80"]
    ///   admin:
    ///     image: adminer:4
    ///     ports: ["8080:8080"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     ports: ["8080:80"]
    ///   admin:
    ///     image: adminer:4
    ///     ports: ["8081:8080"]
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: `ports`](https://docs.docker.com/reference/compose-file/services/#ports)
    pub struct HostPortConflict {
        name: "host-port-conflict",
        severity: Error,
        fix: None,
    }
}

impl Rule for HostPortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        check(stack, cx);
    }
}

/// Host port ranges wider than this are compared with every other port rather than looked
/// up port by port.
const MAX_SPAN: u16 = 1024;

/// A published host port range.
struct Published<'a> {
    service: &'a ProjectService<'a>,
    file_index: usize,
    file: FileId,
    port: &'a Port,
    low: u16,
    high: u16,
}

impl Published<'_> {
    /// The host IP, `None` for every address.
    fn ip(&self) -> Option<&str> {
        self.port
            .host_ip()
            .map(|ip| ip.value)
            .filter(|ip| !matches!(*ip, "" | "0.0.0.0" | "::"))
    }

    /// Where a finding or label points: the short entry, or the long entry's `published`.
    fn span(&self) -> TextRange {
        match (self.port.short(), self.port.published()) {
            (None, Some(published)) => published.range,
            _ => self.port.range,
        }
    }

    fn conflicts_with(&self, other: &Published<'_>) -> bool {
        self.port
            .protocol()
            .eq_ignore_ascii_case(other.port.protocol())
            && self.low <= other.high
            && other.low <= self.high
            && (self.ip().is_none() || other.ip().is_none() || self.ip() == other.ip())
            && (std::ptr::eq(self.service, other.service)
                || can_run_together(self.service, other.service))
    }
}

fn check(stack: &Stack, cx: &mut Checker<'_>) {
    if !is_complete(cx.project, stack) {
        return;
    }
    let merged = Merged::of(cx.project, stack);
    let mut published: Vec<Published<'_>> = Vec::new();
    for service in &merged.project.services {
        for port in service.ports() {
            let Some((low, high)) = port.item.published_ports() else {
                continue;
            };
            let Some((file, _)) = merged.file(port.file_index) else {
                continue;
            };
            published.push(Published {
                service,
                file_index: port.file_index,
                file,
                port: port.item,
                low,
                high,
            });
        }
    }
    published.sort_by_key(|p| (p.file_index, p.port.range.start()));
    // Each host port of the narrow ranges with its protocol and position, sorted, so that a
    // port is compared with the few earlier ones that share its number (a sorted list, not a
    // map of lists: a large stack publishes thousands of ports). Ranges wider than
    // `MAX_SPAN` are compared with every earlier port.
    let protocol_of = |p: &Published<'_>| EcoString::from(p.port.protocol()).to_ascii_lowercase();
    let mut by_port: Vec<(EcoString, u16, usize)> = Vec::new();
    for (i, p) in published.iter().enumerate() {
        if p.high - p.low <= MAX_SPAN {
            let protocol = protocol_of(p);
            by_port.extend((p.low..=p.high).map(|port| (protocol.clone(), port, i)));
        }
    }
    by_port.sort_unstable();
    let wide: Vec<usize> = (0..published.len())
        .filter(|&i| published[i].high - published[i].low > MAX_SPAN)
        .collect();
    for (i, second) in published.iter().enumerate() {
        let is_wide = second.high - second.low > MAX_SPAN;
        let first = if is_wide {
            (0..i).find(|&j| published[j].conflicts_with(second))
        } else {
            let protocol = protocol_of(second);
            let mut first = wide
                .iter()
                .copied()
                .take_while(|&j| j < i)
                .find(|&j| published[j].conflicts_with(second));
            for port in second.low..=second.high {
                let from = by_port.partition_point(|(p, n, _)| (p, *n) < (&protocol, port));
                let earlier = by_port[from..]
                    .iter()
                    .take_while(|(p, n, j)| *p == protocol && *n == port && *j < i)
                    .map(|&(_, _, j)| j)
                    .find(|&j| published[j].conflicts_with(second));
                first = match (first, earlier) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            first
        };
        let Some(first) = first.map(|j| &published[j]) else {
            continue;
        };
        let text = &cx.project.sources.get(second.file).text;
        let shown = second
            .port
            .published()
            .map_or_else(String::new, |p| as_written(text, p.range, p.value));
        let protocol = second.port.protocol();
        let protocol = if protocol.eq_ignore_ascii_case("tcp") {
            String::new()
        } else {
            format!(" ({protocol})")
        };
        let who = if std::ptr::eq(first.service, second.service) {
            "this service".to_owned()
        } else {
            format!("service `{}`", first.service.name)
        };
        let d = Diagnostic::new(
            &HostPortConflict::META,
            second.file,
            second.span(),
            format!("host port `{shown}`{protocol} is already published by {who}"),
        )
        .with_label(
            first.file,
            first.span(),
            format!("first published by `{}` here", first.service.name),
        )
        .with_help("publish another host port, or bind each to a different host IP");
        cx.report(d);
    }
}
