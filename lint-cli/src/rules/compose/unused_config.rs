//! `unused-config`

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
    pub struct UnusedConfig {
        name: "unused-config",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
