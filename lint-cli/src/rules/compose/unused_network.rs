//! `unused-network`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a top-level network that no service of the stack joins. A declared `default`
    /// network counts as used when some service is on it implicitly (no `networks:` and no
    /// `network_mode`) or lists it. An unused `external: true` network is reported too.
    ///
    /// ## Why is this bad?
    /// Dead configuration, often left behind by a removed service. Compose still creates
    /// the network on `up`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// networks:
    ///   backend:
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the declaration's lines (and the top-level `networks:` key when
    /// no declaration is left). It is unsafe when a comment goes with them. No fix is offered
    /// when the declaration carries an `&anchor`, which an alias elsewhere may need.
    ///
    /// ## References
    /// - [Compose file reference: networks](https://docs.docker.com/reference/compose-file/networks/)
    pub struct UnusedNetwork {
        name: "unused-network",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::unused_in(ResourceKind::Network, &Self::META, stack, cx);
    }
}
