//! `missing-build-arg`

use crate::registry::{Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// (to be written)
    ///
    /// ## Why is this bad?
    /// (to be written)
    ///
    /// ## Example
    /// (to be written)
    pub struct MissingBuildArg {
        name: "missing-build-arg",
        severity: Warning,
        fix: None,
    }
}

impl Rule for MissingBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
