//! `unused-snippet`

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
    pub struct UnusedSnippet {
        name: "unused-snippet",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for UnusedSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
