//! `unused-matcher`

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
    pub struct UnusedMatcher {
        name: "unused-matcher",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedMatcher {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
