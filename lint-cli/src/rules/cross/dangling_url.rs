//! `dangling-url`

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
    pub struct DanglingUrl {
        name: "dangling-url",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for DanglingUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
