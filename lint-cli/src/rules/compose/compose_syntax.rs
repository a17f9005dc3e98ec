//! `compose-syntax`

use crate::checker::Checker;
use crate::project::ComposeData;
use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a compose file that is not valid YAML, or whose values have the wrong shape
    /// for compose: duplicate keys, a merge key (`<<`) on a scalar, an alias bomb, `ports: 80`
    /// where a list belongs, an interpolation compose cannot read (`${VAR`, `${1X}`).
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses to load the file, so nothing in it deploys.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     image: caddy
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: caddy
    /// ```
    ///
    /// ## References
    /// - [Compose file reference](https://docs.docker.com/reference/compose-file/)
    pub struct ComposeSyntax {
        name: "compose-syntax",
        severity: Error,
        fix: None,
    }
}

impl Rule for ComposeSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_compose(&self, file: &ComposeData, cx: &mut Checker<'_>) {
        for error in &file.syntax_errors {
            let d = cx.diagnostic(&Self::META, error.range(), error.to_string());
            cx.report(d);
        }
        for error in &file.model_errors {
            // Resolution errors are repeated in the model's errors only when the tree parsed.
            if matches!(error, compose_model::ModelError::Yaml(e) if file.syntax_errors.contains(e))
            {
                continue;
            }
            let d = cx.diagnostic(&Self::META, error.range(), error.to_string());
            cx.report(d);
        }
    }
}
