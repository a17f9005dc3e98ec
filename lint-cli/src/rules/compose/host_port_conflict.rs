//! `host-port-conflict`

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
    pub struct HostPortConflict {
        name: "host-port-conflict",
        severity: Error,
        fix: None,
    }
}

impl Rule for HostPortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
