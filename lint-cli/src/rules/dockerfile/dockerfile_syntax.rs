//! `dockerfile-syntax`

use compose_model::dockerfile::DockerfileParse;

use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports the parts of a Dockerfile that cfglint cannot read: an unterminated heredoc, a
    /// line continuation at the end of the file, an `ARG` or `ENV` without a name.
    ///
    /// ## Why is this bad?
    /// `docker build` fails on them, or reads something other than what was meant (a
    /// heredoc that swallows the rest of the file).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// RUN <<EOF
    /// echo hello
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN <<EOF
    /// echo hello
    /// EOF
    /// ```
    pub struct DockerfileSyntax {
        name: "dockerfile-syntax",
        severity: Error,
        fix: None,
    }
}

impl Rule for DockerfileSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_dockerfile(&self, file: &DockerfileParse, cx: &mut Checker<'_>) {
        for error in &file.errors {
            let d = cx.diagnostic(&Self::META, error.range(), error.to_string());
            cx.report(d);
        }
    }
}
