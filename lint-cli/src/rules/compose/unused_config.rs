//! `unused-config`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a top-level config that no service of the stack uses (`configs:` or
    /// `credential_spec.config`). An unused `external: true` config is reported too.
    ///
    /// ## Why is this bad?
    /// Dead configuration, usually left behind by a removed service.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// configs:
    ///   nginx_conf:
    ///     file: ./nginx.conf
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
    /// The fix deletes the declaration's lines (and the top-level `configs:` key when
    /// no declaration is left). It is unsafe when a comment goes with them. No fix is offered
    /// when the declaration carries an `&anchor`, which an alias elsewhere may need.
    ///
    /// ## References
    /// - [Compose file reference: configs](https://docs.docker.com/reference/compose-file/configs/)
    pub struct UnusedConfig {
        name: "unused-config",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::unused_in(ResourceKind::Config, &Self::META, stack, cx);
    }
}
