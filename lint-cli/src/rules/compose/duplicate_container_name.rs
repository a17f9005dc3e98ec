//! `duplicate-container-name`

use compose_model::model::{ProjectService, Text};

use super::support::{Merged, as_written, can_run_together, is_complete};
use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::source::FileId;
use crate::stack::Stack;

declare_rule! {
    /// ## What it does
    /// Flags a `container_name` that another service of the stack already uses. The compose
    /// files are merged first, so an override that sets the same service's `container_name`
    /// again is no duplicate. It points at the second one and labels the first. Two services limited to profiles that never run together (`profiles: [dev]`
    /// and `profiles: [prod]`) may share a name.
    ///
    /// ## Why is this bad?
    /// Container names are unique per Docker host: compose refuses the project
    /// (`container name "db" is already in use by service …`), or the second container fails
    /// to start.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     container_name: db
    ///   db-replica:
    ///     image: postgres:17
    ///     container_name: db
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     container_name: db
    ///   db-replica:
    ///     image: postgres:17
    ///     container_name: db-replica
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: `container_name`](https://docs.docker.com/reference/compose-file/services/#container_name)
    pub struct DuplicateContainerName {
        name: "duplicate-container-name",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateContainerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        check(stack, cx);
    }
}

fn check(stack: &Stack, cx: &mut Checker<'_>) {
    if !is_complete(cx.project, stack) {
        return;
    }
    let merged = Merged::of(cx.project, stack);
    let mut named: Vec<(&ProjectService<'_>, usize, FileId, &Text)> = merged
        .project
        .services
        .iter()
        .filter_map(|service| {
            let name = service.container_name()?;
            let (file, _) = merged.file(name.file_index)?;
            Some((service, name.file_index, file, name.item))
        })
        .filter(|(_, _, _, name)| !name.as_str().is_empty())
        .collect();
    named.sort_by_key(|(_, index, _, name)| (*index, name.range().start()));
    // For each service, the first earlier one with the same name that can run beside it.
    // Grouped by sorting positions by name (a stable sort keeps each group in order): a
    // large stack has thousands of names, and a map of lists would hold one list per name.
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by_key(|&i| named[i].3.as_str());
    let mut first_of: Vec<Option<usize>> = vec![None; named.len()];
    for group in order.chunk_by(|&a, &b| named[a].3.as_str() == named[b].3.as_str()) {
        for (k, &i) in group.iter().enumerate() {
            first_of[i] = group[..k]
                .iter()
                .copied()
                .find(|&j| can_run_together(named[j].0, named[i].0));
        }
    }
    for (i, (_, _, file, name)) in named.iter().enumerate() {
        let Some((other, _, other_file, other_name)) = first_of[i].map(|j| &named[j]) else {
            continue;
        };
        let text = &cx.project.sources.get(*file).text;
        let shown = as_written(text, name.range(), name.as_str());
        let d = Diagnostic::new(
            &DuplicateContainerName::META,
            *file,
            name.range(),
            format!(
                "container name `{shown}` is already used by service `{}`",
                other.name
            ),
        )
        .with_label(
            *other_file,
            other_name.range(),
            format!("first used by `{}` here", other.name),
        )
        .with_help("give each service its own `container_name`, or drop it");
        cx.report(d);
    }
}
