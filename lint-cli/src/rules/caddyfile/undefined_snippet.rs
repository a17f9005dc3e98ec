//! `undefined-snippet`

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
    pub struct UndefinedSnippet {
        name: "undefined-snippet",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
