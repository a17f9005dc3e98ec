//! `undefined-config`

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
    pub struct UndefinedConfig {
        name: "undefined-config",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
