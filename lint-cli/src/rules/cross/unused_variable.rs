//! `unused-variable`

use std::collections::{BTreeSet, HashSet};

use ecow::EcoString;

use compose_model::interpolate::flatten;

use crate::checker::Checker;
use crate::fix::env::{delete_entries, section_entries};
use crate::fix::{Applicability, Fix};
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::source::FileId;
use crate::stack::Stack;

/// Prefixes of the variables the `docker compose` CLI reads from `.env` itself.
const TOOL_PREFIXES: &[&str] = &["COMPOSE_", "DOCKER_"];

declare_rule! {
    /// ## What it does
    /// Flags a variable set in the stack's `.env` or documented in its `.env.example` (or
    /// `.env.sample`…) that nothing reads: no `${VAR}`/`$VAR` in a compose file (defaults
    /// included), no `environment:` or `build.args` entry that passes it through by name
    /// (`- VAR`, which is also how it reaches a Caddyfile's `{$VAR}`), no `${VAR}` in the
    /// value of another env-file variable.
    ///
    /// Not flagged: `COMPOSE_*` and `DOCKER_*` variables (the compose CLI reads them), the
    /// config's `known-variables`, and every variable of a file that a service also loads
    /// with `env_file:` (its container reads them all, and cfglint cannot tell which the app
    /// needs).
    ///
    /// ## Why is this bad?
    /// A variable nobody reads is a leftover: of a removed service, of a renamed variable
    /// (where the new name now silently falls back on its default), of a feature that
    /// moved. In `.env` it is often a secret that should have been revoked with the service.
    ///
    /// ## Example
    /// ```sh
    /// # .env.example
    /// POSTGRES_PASSWORD=
    /// SPACETIMEDB_MODULE=sidelinja
    /// ```
    /// with no `${SPACETIMEDB_MODULE}` left in `compose.yaml`.
    ///
    /// Use instead: remove the line (and from `.env` on the servers).
    ///
    /// ## Fix safety
    /// The fix only edits `.env.example`-style files, deleting the line with the comment
    /// attached to it (and a section header when no variable is left in its section). It
    /// never edits `.env`, which holds secrets and is usually not under version control:
    /// remove those lines by hand. The example file documents the stack and is read by
    /// nothing, so the fix is safe unless a comment goes.
    ///
    /// ## Options
    /// - `known-variables`: variables that are read by something cfglint does not see.
    pub struct UnusedVariable {
        name: "unused-variable",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        if !stack.index.has_services() {
            return;
        }
        let used = used_names(stack, cx);
        let loaded_by_containers: HashSet<FileId> = stack
            .service_env_files
            .values()
            .flatten()
            .copied()
            .collect();
        let unused = |name: &str| {
            !used.contains(name)
                && !TOOL_PREFIXES.iter().any(|p| name.starts_with(p))
                && !cx.settings.config.known_variables.iter().any(|k| k == name)
        };
        let files = stack
            .project_env
            .iter()
            .map(|id| (*id, false))
            .chain(stack.example_envs.iter().map(|id| (*id, true)));
        let mut reports = Vec::new();
        for (file, example) in files {
            if loaded_by_containers.contains(&file) {
                continue;
            }
            let Parsed::Env(env) = cx.project.parsed(file) else {
                continue;
            };
            let tree = &env.parse.tree;
            let text = &cx.project.sources.get(file).text;
            let flagged: BTreeSet<usize> = tree
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| unused(&e.key.value))
                .map(|(i, _)| i)
                .collect();
            for &i in &flagged {
                let entry = &tree.entries[i];
                let name = &entry.key.value;
                let mut d = cx.diagnostic(
                    &Self::META,
                    entry.key.range,
                    format!("variable `{name}` is set but never used"),
                );
                d.file = file;
                if example {
                    let peers = section_entries(tree, i);
                    let whole_section = peers.iter().all(|p| flagged.contains(p));
                    let victims = if whole_section { peers } else { vec![i] };
                    let deletion = delete_entries(text, tree, &victims);
                    let applicability = if deletion.removes_comment {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    };
                    let message = match (whole_section, victims.len()) {
                        (true, 1) => format!("remove `{name}` with its section"),
                        (true, _) => {
                            "remove the section, whose variables are all unused".to_owned()
                        }
                        (false, _) => format!("remove `{name}`"),
                    };
                    d = d
                        .with_help("remove it, or use it in a compose file")
                        .with_fix(Fix::new(applicability, message, deletion.edits(file)));
                } else {
                    d = d.with_help(
                        "remove it from `.env` by hand (cfglint does not edit `.env`, which \
                         holds secrets), or use it in a compose file",
                    );
                }
                reports.push(d);
            }
        }
        for d in reports {
            cx.report(d);
        }
    }
}

/// Every variable name something of the stack reads (a tree of shared names: thousands on a
/// large stack).
fn used_names(stack: &Stack, cx: &Checker<'_>) -> BTreeSet<EcoString> {
    let mut used: BTreeSet<EcoString> = stack
        .index
        .variable_uses
        .iter()
        .map(|u| u.name.clone())
        .collect();
    for facts in stack.index.services.values() {
        for entry in facts
            .environment(cx.project)
            .into_iter()
            .chain(facts.build_args(cx.project))
        {
            if entry.value.is_none() {
                used.insert(entry.name);
            }
        }
    }
    let env_files = stack
        .project_env
        .iter()
        .chain(&stack.example_envs)
        .chain(stack.service_env_files.values().flatten());
    for id in env_files {
        if let Parsed::Env(env) = cx.project.parsed(*id) {
            for entry in &env.parse.tree.entries {
                for r in flatten(&entry.references) {
                    if r.name != entry.key.value {
                        used.insert(r.name.clone());
                    }
                }
            }
        }
    }
    used
}
