//! `retired-reference`

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
    pub struct RetiredReference {
        name: "retired-reference",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for RetiredReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
