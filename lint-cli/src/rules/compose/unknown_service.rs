//! `unknown-service`

use std::collections::{HashMap, HashSet};

use compose_model::model::{ProjectService, Text, VolumesFromSource, service_mode};
use compose_model::yaml::YamlFile;
use text_size::TextRange;

use super::support::{Merged, Suggester, as_written, is_complete, is_judgeable};
use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::fix::yaml::{Step, delete_with_empty_parents, locate};
use crate::project::ComposeData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::source::FileId;
use crate::stack::Stack;

declare_rule! {
    /// ## What it does
    /// Flags a reference to a service that the stack does not define. The references are
    /// `depends_on` entries (list or map), `links` entries, `extends` (the string form, or
    /// `service:` without `file:`), `volumes_from` entries (not `container:…`),
    /// `network_mode`, `ipc`, `pid`, `uts` and `cgroup` of the form `service:NAME`, and
    /// `build.additional_contexts` values `service:NAME`.
    ///
    /// Every compose file of the stack counts: the default file, its override, the other
    /// compose files merged with it and the `include`d ones. A service that a profile
    /// disables still exists.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses the whole project (`service "web" depends on undefined
    /// service "db"`), so nothing starts. It is the usual leftover of a service that was
    /// removed or renamed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     depends_on: [db]
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
    /// The fix removes a `depends_on` or `links` entry, and the key itself when no entry is
    /// left. It is unsafe when a comment goes with the deleted lines. No fix is offered for the
    /// other references (removing an `extends` or a `network_mode` changes what the service
    /// is), for an entry written outside the service (through an alias or a `<<` merge: the
    /// same text serves other services), or when the service would be left empty.
    ///
    /// ## References
    /// - [Compose file reference: `depends_on`](https://docs.docker.com/reference/compose-file/services/#depends_on)
    pub struct UnknownService {
        name: "unknown-service",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for UnknownService {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        check(stack, cx);
    }
}

/// The field a reference is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    DependsOn,
    Links,
    VolumesFrom,
    Mode(&'static str),
    Extends,
    AdditionalContext,
}

impl Field {
    fn describe(self) -> &'static str {
        match self {
            Field::DependsOn => "depends_on",
            Field::Links => "link",
            Field::VolumesFrom => "volumes_from",
            Field::Mode(key) => key,
            Field::Extends => "extends",
            Field::AdditionalContext => "additional context",
        }
    }
}

/// One reference of a service to another.
struct Reference<'a> {
    field: Field,
    /// Index in [`Merged::files`].
    file_index: usize,
    /// The service named (interpolated).
    name: &'a str,
    /// Where the finding points.
    span: TextRange,
    /// The list item or map entry holding it.
    entry: TextRange,
    /// The text shown in the message (as written).
    shown_range: TextRange,
    shown_value: &'a str,
}

fn check(stack: &Stack, cx: &mut Checker<'_>) {
    if !is_complete(cx.project, stack) {
        return;
    }
    let merged = Merged::of(cx.project, stack);
    let services = &stack.index.services;
    let mut dangling: Vec<(Reference<'_>, &ProjectService<'_>)> = Vec::new();
    let mut seen: HashSet<(usize, TextRange)> = HashSet::new();
    for service in &merged.project.services {
        for reference in references(service) {
            if !is_judgeable(reference.name) || services.contains_key(reference.name) {
                continue;
            }
            // Text shared through an anchor is reported once.
            if seen.insert((reference.file_index, reference.span)) {
                dangling.push((reference, service));
            }
        }
    }
    let entries: HashSet<(usize, TextRange)> = dangling
        .iter()
        .map(|(r, _)| (r.file_index, r.entry))
        .collect();
    let mut suggester = Suggester::new();
    let mut lists = Lists {
        dangling: &entries,
        all_dangle: HashMap::new(),
    };
    for (reference, service) in &dangling {
        let Some((file, data)) = merged.file(reference.file_index) else {
            continue;
        };
        let text = &cx.project.sources.get(file).text;
        let shown = as_written(text, reference.shown_range, reference.shown_value);
        let mut d = Diagnostic::new(
            &UnknownService::META,
            file,
            reference.span,
            format!(
                "{} `{shown}` names no service of this stack",
                reference.field.describe()
            ),
        );
        if let Some(near) = suggester.suggest(reference.name, services.keys()) {
            d = d.with_help(format!("did you mean `{near}`?"));
        }
        let fix = fix(reference, service, &merged, (file, data, text), &mut lists);
        cx.report(d.with_optional_fix(fix));
    }
}

/// Every reference `service` makes to another service, after merging.
fn references<'a>(service: &ProjectService<'a>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    let whole = |field, file_index, name: &'a str, text: &'a Text| Reference {
        field,
        file_index,
        name,
        span: text.range(),
        entry: text.range(),
        shown_range: text.range(),
        shown_value: text.as_str(),
    };
    for dep in service.depends_on() {
        out.push(Reference {
            field: Field::DependsOn,
            file_index: dep.file_index,
            name: dep.item.service.as_str(),
            // A map entry spans its options: point at its key.
            span: dep.item.service.range(),
            entry: dep.item.range,
            shown_range: dep.item.service.range(),
            shown_value: dep.item.service.as_str(),
        });
    }
    for link in service.links() {
        out.push(whole(
            Field::Links,
            link.file_index,
            link.item.service.value.as_str(),
            &link.item.text,
        ));
    }
    for from in service.volumes_from() {
        if let VolumesFromSource::Service(name) = &from.item.source {
            out.push(whole(
                Field::VolumesFrom,
                from.file_index,
                name.value.as_str(),
                &from.item.text,
            ));
        }
    }
    let modes = [
        ("network_mode", service.network_mode()),
        ("ipc", service.ipc()),
        ("pid", service.pid()),
        ("uts", service.uts()),
        ("cgroup", service.cgroup()),
    ];
    for (key, mode) in modes {
        if let Some(mode) = mode
            && let Some(value) = mode.item.as_str().strip_prefix("service:")
        {
            out.push(whole(Field::Mode(key), mode.file_index, value, mode.item));
        }
    }
    if let Some(extends) = service.extends()
        && extends.item.file.is_none()
        && let Some(base) = &extends.item.service
    {
        out.push(whole(
            Field::Extends,
            extends.file_index,
            base.as_str(),
            base,
        ));
    }
    if let Some(build) = service.build() {
        for context in build.additional_contexts() {
            if let Some(value) = &context.item.value
                && service_mode(value).is_some()
            {
                let name = value.as_str().strip_prefix("service:").unwrap_or_default();
                out.push(Reference {
                    field: Field::AdditionalContext,
                    file_index: context.file_index,
                    name,
                    span: context.item.range,
                    entry: context.item.range,
                    shown_range: value.range(),
                    shown_value: value.as_str(),
                });
            }
        }
    }
    out
}

/// Removes a dangling `depends_on` or `links` entry written in the service's own definition,
/// and the key when every entry under it dangles.
fn fix(
    reference: &Reference<'_>,
    service: &ProjectService<'_>,
    merged: &Merged<'_>,
    (file, data, text): (FileId, &ComposeData, &str),
    lists: &mut Lists<'_>,
) -> Option<Fix> {
    let key = match reference.field {
        Field::DependsOn => "depends_on",
        Field::Links => "links",
        _ => return None,
    };
    let own = service
        .definitions()
        .iter()
        .filter(|at| at.file_index == reference.file_index)
        .filter_map(|at| merged.project.definition(at))
        .any(|def| def.entry_range.contains_range(reference.entry));
    if !own {
        return None;
    }
    let tree = data.tree(text);
    let path = locate(tree, reference.entry)?;
    let n = path.len();
    let (field, list) = (*path.get(n.checked_sub(2)?)?, *path.get(n - 1)?);
    if field.entry()?.key_str() != Some(key) {
        return None;
    }
    // Every entry of the list dangles: the key goes (each finding's fix is then the same
    // deletion, applied once).
    let all_dangle = *lists
        .all_dangle
        .entry((reference.file_index, field.node()?.range))
        .or_insert_with(|| {
            list_elements(tree, list)
                .iter()
                .all(|r| lists.dangling.contains(&(reference.file_index, *r)))
        });
    if let Step::Entry(service_map, _) = field
        && all_dangle
        && service_map.entries.len() == 1
    {
        // The service would be left empty.
        return None;
    }
    let deletion = if all_dangle {
        delete_with_empty_parents(tree, text, &data.comments, &path[n - 2..n - 1])?
    } else {
        delete_with_empty_parents(tree, text, &data.comments, &path[n - 1..])?
    };
    let shown = as_written(text, reference.shown_range, reference.shown_value);
    let message = if all_dangle {
        format!("remove `{key}`")
    } else {
        format!("remove `{shown}` from `{key}`")
    };
    Some(deletion.fix(file, message))
}

/// What the fixes know about the lists holding dangling references.
struct Lists<'a> {
    /// Every dangling entry, by file index and range.
    dangling: &'a HashSet<(usize, TextRange)>,
    /// Whether every entry of a list dangles, by file index and the list's range (computed
    /// once per list).
    all_dangle: HashMap<(usize, TextRange), bool>,
}

/// The ranges of the elements of the container a step points into (map entries and list
/// items, as the model ranges them); `tree` is the file's YAML tree.
fn list_elements(tree: &YamlFile, step: Step<'_>) -> Vec<TextRange> {
    match step {
        Step::Entry(mapping, _) => mapping.entries.iter().map(|e| e.range(tree)).collect(),
        Step::Item(sequence, _) => sequence.items.iter().map(|i| i.range).collect(),
    }
}
