//! `unused-build-arg`

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
    pub struct UnusedBuildArg {
        name: "unused-build-arg",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
