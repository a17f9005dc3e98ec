//! `retired-reference`

use std::collections::{BTreeMap, BTreeSet, HashSet};

use compose_model::dockerfile::{Dockerfile, InstructionKind};
use text_size::TextRange;

use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::fix::dockerfile::{Word, delete_words, reexports};
use crate::fix::env::{delete_entries, section_entries};
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::cross::{Retired, RetiredOrigin, mentioned, retired_services};
use crate::source::FileId;
use crate::stack::{Site, Stack};

declare_rule! {
    /// ## What it does
    /// Flags every name that mentions a retired service, so that removing a service from
    /// compose does not leave its configuration behind. A service is retired when the
    /// config lists it (`retired`, with other names in `[retired-aliases]`), when it was
    /// removed from the compose files since `--since REV`, or when a Caddy upstream still
    /// names it although no container of the stack answers to it.
    ///
    /// Names checked: compose `environment:` keys and `build.args` keys, `${VAR}` uses in
    /// compose files, the variables of `.env`, `.env.example`-style files and `env_file:`
    /// files, and `ARG` and `ENV` names in the services' Dockerfiles. Service names are not
    /// checked (a live service may share a word with a retired one).
    ///
    /// A name *mentions* a retired name when, split into words at `_`, `-`, `.` and at
    /// lower-to-upper case changes, some run of consecutive words spells the retired name
    /// (its own separators removed), case-insensitively, optionally followed by digits in
    /// the last word. With `spacetimedb` retired and `stdb` as its alias,
    /// `VITE_SPACETIMEDB_URL`, `SPACETIMEDB_MODULE`, `SPACETIME_DB_HOST`, `spacetimeDbUrl`,
    /// `STDB_IP` and `STDB2_HOST` all mention it; `SPACETIME_X` does not, and neither does
    /// `STDBX`: a longer word that merely starts with the name is another word (`web` must
    /// not match `WEBHOOK_URL`).
    ///
    /// ## Why is this bad?
    /// Leftovers keep a dead service half alive: variables that point at a host that no
    /// longer resolves, secrets that were never revoked, build args baked into a frontend,
    /// documentation in `.env.example` that tells the next person to configure something
    /// that is gone. Hunting them by hand across compose files, Dockerfiles and env files is
    /// exactly the clean-up cfglint exists to automate.
    ///
    /// ## Example
    /// ```toml
    /// # cfglint.toml
    /// retired = ["spacetimedb"]
    ///
    /// [retired-aliases]
    /// spacetimedb = ["stdb"]
    /// ```
    /// ```sh
    /// # config/worker.env
    /// STDB_IP=10.0.4.7
    /// SPACETIMEDB_URL=ws://spacetimedb/realtime
    /// ```
    ///
    /// Use instead: delete those lines (`cfglint check --fix --unsafe-fixes`).
    ///
    /// ## Fix safety
    /// The fix deletes the compose entry; the env-file line with its attached comment (and
    /// the section's header comment when no variable is left in it); the Dockerfile `ARG`
    /// (or its name in a multi-name `ARG`) together with the `ENV X=$X` lines that only
    /// re-export it. It changes behaviour and deletes comments, so it is unsafe. The project
    /// `.env` is never edited (it holds secrets and is usually not under version control),
    /// and names that are used rather than set (`${STDB_IP}` in a value, an `ENV` with a
    /// value of its own) get no fix.
    ///
    /// ## Options
    /// - `retired`: services that were removed.
    /// - `retired-aliases`: other names of them (`spacetimedb = ["stdb"]`).
    pub struct RetiredReference {
        name: "retired-reference",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for RetiredReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let retired = retired_services(stack, cx.settings);
        if retired.is_empty() {
            return;
        }
        let mut reports = Vec::new();
        let entries = check_compose(stack, cx, &retired, &mut reports);
        check_uses(stack, cx, &retired, &entries, &mut reports);
        check_env_files(stack, cx, &retired, &mut reports);
        check_dockerfiles(stack, cx, &retired, &mut reports);
        for d in reports {
            cx.report(d);
        }
    }
}

/// The finding for `name` (a `what`) at `site`, which mentions `alias` of `service`.
fn finding(
    cx: &Checker<'_>,
    what: &str,
    name: &str,
    site: Site,
    (service, alias): (&Retired, &str),
) -> Diagnostic {
    let message = match &service.origin {
        RetiredOrigin::DanglingUpstream(_) => format!(
            "{what} `{name}` mentions `{alias}`, which Caddy still proxies to but this stack no \
             longer has"
        ),
        RetiredOrigin::Config if alias == service.service => {
            format!("{what} `{name}` mentions the retired service `{alias}`")
        }
        RetiredOrigin::Config => format!(
            "{what} `{name}` mentions `{alias}`, another name of the retired service `{}`",
            service.service
        ),
    };
    let mut d = cx.diagnostic(&RetiredReference::META, site.range, message);
    d.file = site.file;
    if let RetiredOrigin::DanglingUpstream(upstream) = service.origin {
        d = d.with_label(upstream.file, upstream.range, "Caddy proxies to it here");
    }
    d
}

/// Compose `environment:` and `build.args` keys. Returns the entries reported.
fn check_compose(
    stack: &Stack,
    cx: &Checker<'_>,
    retired: &[Retired],
    out: &mut Vec<Diagnostic>,
) -> Vec<Site> {
    let mut seen = HashSet::new();
    let mut reported = Vec::new();
    for facts in stack.index.services.values() {
        let (environment, build_args) =
            (facts.environment(cx.project), facts.build_args(cx.project));
        let entries = environment
            .iter()
            .map(|e| (e, "environment variable"))
            .chain(build_args.iter().map(|e| (e, "build arg")));
        for (entry, what) in entries {
            let Some(hit) = mentioned(&entry.name, retired) else {
                continue;
            };
            if !seen.insert(entry.entry.key()) {
                continue;
            }
            reported.push(entry.entry);
            let d = finding(cx, what, &entry.name, entry.key, hit)
                .with_help(format!("remove it with the rest of `{}`", hit.0.service))
                .with_entry_deletion(entry.entry, what, entry.name.clone(), true);
            out.push(d);
        }
    }
    reported
}

/// `${VAR}` uses in compose files, outside the entries already reported.
fn check_uses(
    stack: &Stack,
    cx: &Checker<'_>,
    retired: &[Retired],
    entries: &[Site],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for var in &stack.index.variable_uses {
        let Some(hit) = mentioned(&var.name, retired) else {
            continue;
        };
        let inside_reported = entries
            .iter()
            .any(|e| e.file == var.site.file && e.range.contains_range(var.site.range));
        if inside_reported || !seen.insert(var.site.key()) {
            continue;
        }
        let d = finding(cx, "variable", &var.name, var.site, hit).with_help(format!(
            "stop using it: `{}` is gone, so is whatever this value configured",
            hit.0.service
        ));
        out.push(d);
    }
}

/// Variables of `.env`, `.env.example`-style and `env_file:` files.
fn check_env_files(
    stack: &Stack,
    cx: &Checker<'_>,
    retired: &[Retired],
    out: &mut Vec<Diagnostic>,
) {
    let files: BTreeSet<FileId> = stack
        .project_env
        .iter()
        .chain(&stack.example_envs)
        .chain(stack.service_env_files.values().flatten())
        .copied()
        .collect();
    for file in files {
        let Parsed::Env(env) = cx.project.parsed(file) else {
            continue;
        };
        let tree = &env.parse.tree;
        let text = &cx.project.sources.get(file).text;
        let hits: BTreeMap<usize, (&Retired, &str)> = tree
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| mentioned(&e.key.value, retired).map(|hit| (i, hit)))
            .collect();
        for (&i, &hit) in &hits {
            let entry = &tree.entries[i];
            let name = &entry.key.value;
            let site = Site {
                file,
                range: entry.key.range,
            };
            let mut d = finding(cx, "variable", name, site, hit);
            if Some(file) == stack.project_env {
                d = d.with_help(
                    "remove the line by hand: cfglint does not edit `.env`, which holds secrets",
                );
            } else {
                let peers = section_entries(tree, i);
                let whole_section = peers.iter().all(|p| hits.contains_key(p));
                let victims = if whole_section { peers } else { vec![i] };
                let deletion = delete_entries(text, tree, &victims);
                let message = match (whole_section, victims.len()) {
                    (true, 1) => format!("remove `{name}` with its section"),
                    (true, _) => format!(
                        "remove the section, whose variables all mention `{}`",
                        hit.0.service
                    ),
                    (false, _) => format!("remove `{name}`"),
                };
                d = d
                    .with_help(format!("remove it with the rest of `{}`", hit.0.service))
                    .with_fix(Fix::unsafe_edits(message, deletion.edits(file)));
            }
            out.push(d);
        }
    }
}

/// `ARG` and `ENV` names of the services' Dockerfiles.
fn check_dockerfiles(
    stack: &Stack,
    cx: &Checker<'_>,
    retired: &[Retired],
    out: &mut Vec<Diagnostic>,
) {
    let files: BTreeSet<FileId> = stack
        .index
        .services
        .values()
        .filter_map(|f| f.dockerfile)
        .collect();
    for id in files {
        let Some(file) = cx.project.dockerfile(id) else {
            continue;
        };
        let file = &file;
        let text = &cx.project.sources.get(id).text;
        let decls = file.args();
        // Every re-export, with the ARG it re-exports.
        let mut reexported: BTreeMap<Word, usize> = BTreeMap::new();
        for (d, decl) in decls.iter().enumerate() {
            for word in reexports(file, decl) {
                reexported.entry(word).or_insert(d);
            }
        }
        for decl in &decls {
            let name = decl.name.value.as_str();
            let Some(hit) = mentioned(name, retired) else {
                continue;
            };
            let site = Site {
                file: id,
                range: decl.name.range,
            };
            let mut victims = reexports(file, decl);
            if let Some(word) = word_at(file, decl.instruction, decl.name.range) {
                victims.push(word);
            }
            let deletion = delete_words(text, file, &victims);
            let message = if victims.len() > 1 {
                format!("remove `ARG {name}` and the `ENV` that re-exports it")
            } else {
                format!("remove `ARG {name}`")
            };
            let d = finding(cx, "Dockerfile `ARG`", name, site, hit)
                .with_help(format!("remove it with the rest of `{}`", hit.0.service))
                .with_fix(Fix::unsafe_edits(message, deletion.edits(id)));
            out.push(d);
        }
        for i in 0..file.instructions.len() {
            let InstructionKind::Env(defs) = file.kind(i) else {
                continue;
            };
            for (index, def) in defs.iter().enumerate() {
                let key = def.key.value.as_str();
                let Some(hit) = mentioned(key, retired) else {
                    continue;
                };
                let site = Site {
                    file: id,
                    range: def.key.range,
                };
                let word = Word {
                    instruction: i,
                    index,
                };
                let mut d = finding(cx, "Dockerfile `ENV` variable", key, site, hit)
                    .with_help(format!("remove it with the rest of `{}`", hit.0.service));
                if reexported.contains_key(&word) {
                    let deletion = delete_words(text, file, &[word]);
                    d = d.with_fix(Fix::unsafe_edits(
                        format!("remove `ENV {key}`"),
                        deletion.edits(id),
                    ));
                }
                out.push(d);
            }
        }
    }
}

/// The word of `ARG` instruction `instruction` whose name is at `range`.
fn word_at(file: &Dockerfile, instruction: usize, range: TextRange) -> Option<Word> {
    let InstructionKind::Arg(defs) = file.kind(instruction) else {
        return None;
    };
    let index = defs.iter().position(|d| d.name.range == range)?;
    Some(Word { instruction, index })
}
