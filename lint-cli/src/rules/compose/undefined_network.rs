//! `undefined-network`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a network a service joins (list or map form of `networks:`) that no top-level
    /// `networks:` of the stack declares. `default` is implicit and never flagged; nor are
    /// the networks of a service that sets `network_mode` (compose rejects the combination
    /// for another reason).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "web" refers to undefined network
    /// backend`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [backend]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [backend]
    /// networks:
    ///   backend:
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: networks](https://docs.docker.com/reference/compose-file/networks/)
    pub struct UndefinedNetwork {
        name: "undefined-network",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::undefined_in(ResourceKind::Network, &Self::META, stack, cx);
    }
}
