//! The logic of `undefined-volume|network|secret|config` and `unused-volume|network|secret|
//! config`: one implementation over [`ResourceKind`], four tiny rule files each.

use std::collections::{BTreeSet, HashMap, HashSet};

use text_size::TextRange;

use super::support::{Suggester, as_written, declarations_read, is_complete, is_judgeable};
use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::fix::yaml::{Step, delete_with_empty_parents, locate};
use crate::project::Parsed;
use crate::registry::RuleMeta;
use crate::source::FileId;
use crate::stack::{Declared, ResourceKind, Stack};

/// The top-level key declaring resources of `kind`.
pub(super) fn section(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Volume => "volumes",
        ResourceKind::Network => "networks",
        ResourceKind::Secret => "secrets",
        ResourceKind::Config => "configs",
    }
}

/// Reports every use of a `kind` resource that no top-level declaration of the stack names.
pub(super) fn undefined_in(
    kind: ResourceKind,
    meta: &'static RuleMeta,
    stack: &Stack,
    cx: &mut Checker<'_>,
) {
    let Some(resources) = stack.index.resources.get(&kind) else {
        return;
    };
    if !declarations_read(cx.project, stack, section(kind)) {
        return;
    }
    let mut seen = HashSet::new();
    let mut suggester = Suggester::new();
    for used in &resources.used {
        let name = used.name.as_str();
        if !is_judgeable(name) || resources.declared.contains_key(name) {
            continue;
        }
        if kind == ResourceKind::Network {
            // `default` is implicit; `networks` beside `network_mode` is another error.
            let network_mode = stack
                .index
                .services
                .get(&used.service)
                .is_some_and(|s| s.network_mode);
            if name == "default" || network_mode {
                continue;
            }
        }
        // Text shared through an anchor is reported once.
        if !seen.insert(used.site) {
            continue;
        }
        let text = &cx.project.sources.get(used.site.file).text;
        let shown = as_written(text, used.site.range, name);
        let noun = kind.noun();
        let section = section(kind);
        let mut d = Diagnostic::new(
            meta,
            used.site.file,
            used.site.range,
            format!("{noun} `{shown}` is not declared under the top-level `{section}`"),
        );
        let help = if let Some(near) = suggester.suggest(name, resources.declared.keys()) {
            format!("did you mean `{near}`?")
        } else {
            let bind = if kind == ResourceKind::Volume {
                ", or write a path (`./data`) to bind-mount a folder"
            } else {
                ""
            };
            format!("declare it under the top-level `{section}:` key{bind}")
        };
        d = d.with_help(help);
        cx.report(d);
    }
}

/// Reports every top-level declaration of a `kind` resource that no service uses.
pub(super) fn unused_in(
    kind: ResourceKind,
    meta: &'static RuleMeta,
    stack: &Stack,
    cx: &mut Checker<'_>,
) {
    let Some(resources) = stack.index.resources.get(&kind) else {
        return;
    };
    if !is_complete(cx.project, stack) {
        return;
    }
    let mut used: BTreeSet<&str> = resources.used.iter().map(|u| u.name.as_str()).collect();
    if kind == ResourceKind::Network && stack.index.uses_default_network {
        used.insert("default");
    }
    let mut sections = HashMap::new();
    for (name, declarations) in &resources.declared {
        if used.contains(name.as_str()) {
            continue;
        }
        for declared in declarations {
            let noun = kind.noun();
            let text = &cx.project.sources.get(declared.name.file).text;
            let shown = as_written(text, declared.name.range, name);
            let d = Diagnostic::new(
                meta,
                declared.name.file,
                declared.name.range,
                format!("{noun} `{shown}` is declared but no service uses it"),
            );
            let fix = remove(kind, declared, &shown, (&used, &mut sections), cx);
            cx.report(d.with_optional_fix(fix));
        }
    }
}

/// Deletes a declaration, and the top-level section when it is the last one.
fn remove(
    kind: ResourceKind,
    declared: &Declared,
    shown: &str,
    (used, sections): (&BTreeSet<&str>, &mut HashMap<(FileId, TextRange), bool>),
    cx: &Checker<'_>,
) -> Option<crate::fix::Fix> {
    let file = declared.entry.file;
    let Parsed::Compose(data) = cx.project.parsed(file) else {
        return None;
    };
    let text = &cx.project.sources.get(file).text;
    let tree = data.tree(text);
    let path = locate(tree, declared.entry.range)?;
    // The section's entry and the declaration: both may go.
    let from = path.len().checked_sub(2)?;
    // When every declaration of the section is unused, each finding's fix deletes the
    // section (the same edit, applied once), so no empty `volumes:` is left behind.
    let section_range = path[from].node()?.range;
    let all_unused =
        *sections
            .entry((file, section_range))
            .or_insert_with(|| match path[from + 1] {
                Step::Entry(section, _) => section
                    .entries
                    .iter()
                    .all(|e| e.key_str().is_some_and(|name| !used.contains(name))),
                Step::Item(..) => false,
            });
    let deletion = if all_unused {
        delete_with_empty_parents(tree, text, &data.comments, &path[from..=from])?
    } else {
        delete_with_empty_parents(tree, text, &data.comments, &path[from..])?
    };
    let message = if deletion.range.contains_range(declared.entry.range)
        && path[from]
            .entry()
            .is_some_and(|e| deletion.range.contains_range(e.range(tree)))
    {
        format!(
            "remove the top-level `{}`, which no service uses",
            section(kind)
        )
    } else {
        format!("remove the unused {} `{shown}`", kind.noun())
    };
    Some(deletion.fix(file, message))
}
