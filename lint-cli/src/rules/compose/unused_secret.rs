//! `unused-secret`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a top-level secret that no service (`secrets:`) and no build (`build.secrets`)
    /// of the stack uses. An unused `external: true` secret is reported too.
    ///
    /// ## Why is this bad?
    /// Dead configuration that still points at a file or a variable holding a secret;
    /// usually left behind by a removed service.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// secrets:
    ///   api_key:
    ///     file: ./api_key.txt
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
    /// The fix deletes the declaration's lines (and the top-level `secrets:` key when
    /// no declaration is left). It is unsafe when a comment goes with them. No fix is offered
    /// when the declaration carries an `&anchor`, which an alias elsewhere may need.
    ///
    /// ## References
    /// - [Compose file reference: secrets](https://docs.docker.com/reference/compose-file/secrets/)
    pub struct UnusedSecret {
        name: "unused-secret",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::unused_in(ResourceKind::Secret, &Self::META, stack, cx);
    }
}
