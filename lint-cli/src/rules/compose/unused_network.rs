//! `unused-network`

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
    pub struct UnusedNetwork {
        name: "unused-network",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
