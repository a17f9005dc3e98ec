//! `undefined-config`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a config a service uses (`configs:` short form or `source:`, or
    /// `credential_spec.config`) that no top-level `configs:` of the stack declares.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "web" refers to undefined config
    /// nginx_conf`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - source: nginx_conf
    ///         target: /etc/nginx/nginx.conf
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - source: nginx_conf
    ///         target: /etc/nginx/nginx.conf
    /// configs:
    ///   nginx_conf:
    ///     file: ./nginx.conf
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: configs](https://docs.docker.com/reference/compose-file/configs/)
    pub struct UndefinedConfig {
        name: "undefined-config",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::undefined_in(ResourceKind::Config, &Self::META, stack, cx);
    }
}
