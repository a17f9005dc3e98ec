//! `undefined-matcher`

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
    pub struct UndefinedMatcher {
        name: "undefined-matcher",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedMatcher {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
