//! `unused-variable`

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
    pub struct UnusedVariable {
        name: "unused-variable",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
