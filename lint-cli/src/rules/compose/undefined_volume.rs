//! `undefined-volume`

use super::resources;
use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{ResourceKind, Stack};

declare_rule! {
    /// ## What it does
    /// Flags a named volume that no top-level `volumes:` of the stack declares. A named
    /// volume is the source of a short `NAME:/path` entry when it is not a path (a path
    /// starts with `.`, `/`, `~`, `\\` or a drive letter), or the `source:` of a long entry
    /// with `type: volume`. Every compose file of the stack counts.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the project (`service "db" refers to undefined volume
    /// pgdata`). Often the name was meant as a folder (`./pgdata`), or the declaration was
    /// removed with a service that used to share the volume.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - pgdata:/var/lib/postgresql/data
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     volumes:
    ///       - pgdata:/var/lib/postgresql/data
    /// volumes:
    ///   pgdata:
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: volumes](https://docs.docker.com/reference/compose-file/volumes/)
    pub struct UndefinedVolume {
        name: "undefined-volume",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        resources::undefined_in(ResourceKind::Volume, &Self::META, stack, cx);
    }
}
