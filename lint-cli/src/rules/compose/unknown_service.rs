//! `unknown-service`

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
    pub struct UnknownService {
        name: "unknown-service",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for UnknownService {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
