//! `upstream-port-mismatch`

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
    pub struct UpstreamPortMismatch {
        name: "upstream-port-mismatch",
        severity: Warning,
        fix: None,
    }
}

impl Rule for UpstreamPortMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
