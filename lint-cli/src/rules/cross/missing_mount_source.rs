//! `missing-mount-source`

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
    pub struct MissingMountSource {
        name: "missing-mount-source",
        severity: Error,
        fix: None,
    }
}

impl Rule for MissingMountSource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
