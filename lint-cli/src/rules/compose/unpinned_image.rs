//! `unpinned-image`

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
    pub struct UnpinnedImage {
        name: "unpinned-image",
        severity: Warning,
        fix: None,
    }
}

impl Rule for UnpinnedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
