//! `duplicate-site-address`

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
    pub struct DuplicateSiteAddress {
        name: "duplicate-site-address",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateSiteAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
