//! `undefined-secret`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a secret a service uses (`secrets:` short form or `source:`) or a build uses
    /// (`build.secrets`) that no top-level `secrets:` of the stack declares.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "web" refers to undefined secret
    /// api_key`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     secrets: [api_key]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     secrets: [api_key]
    /// secrets:
    ///   api_key:
    ///     file: ./api_key.txt
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: secrets](https://docs.docker.com/reference/compose-file/secrets/)
    pub struct UndefinedSecret {
        name: "undefined-secret",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::undefined_in(ResourceKind::Secret, &Self::META, stack, cx);
    }
}
