//! `dependency-cycle`

use std::collections::{BTreeMap, HashMap, VecDeque};

use compose_model::model::ServiceRefKind;
use ecow::EcoString;

use crate::checker::Checker;
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{Site, Stack};

declare_rule! {
    /// ## What it does
    /// Flags services that depend on each other in a circle: through `depends_on`, and
    /// through what compose turns into dependencies — `links`, `volumes_from` and
    /// `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x`. Each cycle is reported once, at
    /// the reference that starts it, with the whole cycle in the message.
    ///
    /// The check finds strongly connected components in one pass over the graph, so it stays
    /// linear however the dependencies are shaped (compose-go walks every path and takes
    /// minutes on 2,000 services with random dependencies).
    ///
    /// ## Why is this bad?
    /// `docker compose up` refuses to start: `dependency cycle detected: a -> b -> a`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     depends_on: [api]
    ///   api:
    ///     image: example/api
    ///     depends_on: [web]
    /// ```
    ///
    /// Use instead: remove the dependency that is not real (here `api` → `web`).
    pub struct DependencyCycle {
        name: "dependency-cycle",
        severity: Error,
        fix: None,
    }
}

impl Rule for DependencyCycle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let graph = Graph::of(stack, cx);
        for cycle in graph.cycles() {
            let names: Vec<&str> = cycle.iter().map(|&n| graph.names[n]).collect();
            let Some(&first) = cycle.first() else {
                continue;
            };
            // A service that depends on itself is a cycle of one.
            let second = cycle.get(1).copied().unwrap_or(first);
            let Some(site) = graph
                .edges_of(first)
                .iter()
                .find(|e| e.to == second)
                .map(|e| e.site)
            else {
                continue;
            };
            let mut path = names.join("` → `");
            path.push_str("` → `");
            path.push_str(names[0]);
            let mut d = cx.diagnostic(
                &Self::META,
                site.range,
                format!("dependency cycle: `{path}`"),
            );
            d.file = site.file;
            for window in cycle.windows(2).skip(1) {
                if let Some(later) = graph
                    .edges_of(window[0])
                    .iter()
                    .find(|e| e.to == window[1])
                    .map(|e| e.site)
                {
                    d = d.with_label(
                        later.file,
                        later.range,
                        format!(
                            "`{}` depends on `{}` here",
                            graph.names[window[0]], graph.names[window[1]]
                        ),
                    );
                }
            }
            let last = cycle[cycle.len() - 1];
            if cycle.len() > 1 {
                if let Some(back) = graph
                    .edges_of(last)
                    .iter()
                    .find(|e| e.to == first)
                    .map(|e| e.site)
                {
                    d = d.with_label(back.file, back.range, "and back here");
                }
            }
            cx.report(d.with_help("remove the dependency that is not real"));
        }
    }
}

/// Services as numbered nodes, with each dependency's reference site. The names are the
/// stack index's, sorted, so a name's number is found by binary search (no copies, no hash
/// table: a large stack has thousands of services). The edges are one list sorted by the
/// service they leave, not a list per service.
struct Graph<'s> {
    names: Vec<&'s str>,
    edges: Vec<Edge>,
    /// Where each service's edges start in `edges`, and the end as the last entry.
    starts: Vec<usize>,
}

/// A dependency: `from` needs `to`, as written at `site`.
#[derive(Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    site: Site,
}

impl<'s> Graph<'s> {
    fn of(stack: &'s Stack, cx: &Checker<'_>) -> Self {
        let names: Vec<&str> = stack.index.services.keys().map(EcoString::as_str).collect();
        let mut edges = Vec::new();
        let number = |name: &str| names.binary_search(&name).ok();
        for id in &stack.compose_files {
            let Parsed::Compose(data) = cx.project.parsed(*id) else {
                continue;
            };
            for service in &data.model.services {
                let Some(from) = number(&service.name.value) else {
                    continue;
                };
                for r in service.service_refs() {
                    // `extends` and build contexts are not start-up order.
                    if matches!(
                        r.kind,
                        ServiceRefKind::Extends | ServiceRefKind::AdditionalContext
                    ) {
                        continue;
                    }
                    // Unknown services are `unknown-service`'s.
                    if let Some(to) = number(&r.name.value) {
                        let site = Site {
                            file: *id,
                            range: r.range,
                        };
                        edges.push(Edge { from, to, site });
                    }
                }
            }
        }
        // Stable: a service's dependencies stay in the order they are written.
        edges.sort_by_key(|e: &Edge| e.from);
        let mut starts = Vec::with_capacity(names.len() + 1);
        let mut at = 0;
        for node in 0..names.len() {
            starts.push(at);
            at += edges[at..].iter().take_while(|e| e.from == node).count();
        }
        starts.push(edges.len());
        Self {
            names,
            edges,
            starts,
        }
    }

    /// The dependencies of service `node`, in the order they are written.
    fn edges_of(&self, node: usize) -> &[Edge] {
        let start = self.starts.get(node).copied().unwrap_or_default();
        let end = self.starts.get(node + 1).copied().unwrap_or(start);
        self.edges.get(start..end).unwrap_or_default()
    }

    /// One cycle per strongly connected component that has one (Tarjan's algorithm, without
    /// recursion), each starting at its alphabetically first service; sorted by that name.
    fn cycles(&self) -> Vec<Vec<usize>> {
        let n = self.names.len();
        let mut order = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut counter = 0;
        let mut components: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for root in 0..n {
            if order[root] != usize::MAX {
                continue;
            }
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            order[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (node, ref mut next)) = work.last_mut() {
                if let Some(&Edge { to, .. }) = self.edges_of(node).get(*next) {
                    *next += 1;
                    if order[to] == usize::MAX {
                        order[to] = counter;
                        low[to] = counter;
                        counter += 1;
                        stack.push(to);
                        on_stack[to] = true;
                        work.push((to, 0));
                    } else if on_stack[to] {
                        low[node] = low[node].min(order[to]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[node]);
                }
                if low[node] == order[node] {
                    let mut component = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component.push(member);
                        if member == node {
                            break;
                        }
                    }
                    let cyclic =
                        component.len() > 1 || self.edges_of(node).iter().any(|e| e.to == node);
                    if cyclic {
                        let first = *component
                            .iter()
                            .min_by_key(|&&m| self.names[m])
                            .unwrap_or(&node);
                        components.insert(self.names[first], component);
                    }
                }
            }
        }
        components
            .into_values()
            .map(|component| self.cycle_in(&component))
            .collect()
    }

    /// A shortest cycle through the component's alphabetically first member (breadth-first
    /// search inside the component).
    fn cycle_in(&self, component: &[usize]) -> Vec<usize> {
        let member: Vec<bool> = {
            let mut m = vec![false; self.names.len()];
            for &c in component {
                m[c] = true;
            }
            m
        };
        let start = *component
            .iter()
            .min_by_key(|&&m| self.names[m])
            .unwrap_or(&component[0]);
        let mut previous: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for &Edge { to, .. } in self.edges_of(node) {
                if !member[to] {
                    continue;
                }
                if to == start {
                    let mut path = vec![node];
                    let mut at = node;
                    while at != start {
                        at = previous[&at];
                        path.push(at);
                    }
                    path.reverse();
                    return path;
                }
                if to != start && !previous.contains_key(&to) {
                    previous.insert(to, node);
                    queue.push_back(to);
                }
            }
        }
        vec![start]
    }
}
