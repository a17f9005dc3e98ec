//! `unused-secret`

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
    pub struct UnusedSecret {
        name: "unused-secret",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
