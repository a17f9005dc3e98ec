//! `unused-volume`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a top-level volume that no service of the stack mounts. A mount is a short
    /// `NAME:/path` entry or a long `type: volume` entry, in any compose file of the stack;
    /// mounts that reach a service through an alias or a `<<` merge count; a mount written
    /// only in an `x-` block that no service merges does not. An unused `external: true`
    /// volume is reported too: the declaration is dead either way.
    ///
    /// ## Why is this bad?
    /// Dead configuration: usually left behind when the service that used it was removed.
    /// Compose still creates the volume on `up`, so it lingers on the host.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// volumes:
    ///   pgdata:
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the declaration's lines (and the top-level `volumes:` key when
    /// no declaration is left). It is unsafe when a comment goes with them. No fix is offered
    /// when the declaration carries an `&anchor`, which an alias elsewhere may need.
    ///
    /// ## References
    /// - [Compose file reference: volumes](https://docs.docker.com/reference/compose-file/volumes/)
    pub struct UnusedVolume {
        name: "unused-volume",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::unused_in(ResourceKind::Volume, &Self::META, stack, cx);
    }
}
