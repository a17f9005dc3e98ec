//! `unused-build-arg`

use std::collections::BTreeMap;

use compose_model::dockerfile::Dockerfile;
use ecow::EcoString;

use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::cross::{PREDEFINED_BUILD_ARGS, closest_name};
use crate::source::FileId;
use crate::stack::{Assignment, Stack};

type SiteKey = (FileId, text_size::TextSize, text_size::TextSize);

declare_rule! {
    /// ## What it does
    /// Flags a `build.args` entry of a compose service whose Dockerfile declares no `ARG` of
    /// that name, in any stage. Docker's predefined args (`HTTP_PROXY`, `NO_PROXY`…,
    /// `BUILDKIT_INLINE_CACHE`, `SOURCE_DATE_EPOCH`) need no `ARG` and are not flagged.
    ///
    /// An entry shared by several services (written once under a YAML anchor) is flagged
    /// only when no service using it declares the `ARG`. Services whose Dockerfile cfglint
    /// cannot read (`dockerfile_inline`, a remote context, a missing file) are not judged.
    ///
    /// ## Why is this bad?
    /// The value never reaches the build: Docker only warns `One or more build-args [X]
    /// were not consumed`, and the image is built without it. It is either a leftover (the
    /// Dockerfile stopped using it) or a typo of the `ARG`'s name.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     build:
    ///       context: ./web
    ///       args:
    ///         NODE_VERSON: "20"
    /// ```
    /// with `ARG NODE_VERSION` in `web/Dockerfile`.
    ///
    /// Use instead:
    /// ```yaml
    ///       args:
    ///         NODE_VERSION: "20"
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the entry (and `args:` when it is left empty). The build does not
    /// change, since the value was never used, so the fix is safe unless a comment goes with
    /// the entry. No fix is offered where the YAML layout cannot be edited line-wise (an
    /// `&anchor` inside the entry).
    ///
    /// ## References
    /// - [Compose `build.args`](https://docs.docker.com/reference/compose-file/build/#args)
    /// - [Predefined build args](https://docs.docker.com/reference/dockerfile/#predefined-args)
    pub struct UnusedBuildArg {
        name: "unused-build-arg",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for UnusedBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        // An entry is judged by every service that uses it (one written under a YAML anchor
        // is shared), so the first pass keeps only the entries some service with a readable
        // Dockerfile does not declare, each with the first such service; a large stack holds
        // thousands of entries and few of them are candidates.
        let mut candidates: BTreeMap<(SiteKey, EcoString), (Assignment, &str)> = BTreeMap::new();
        for (service, facts) in &stack.index.services {
            let Some(file) = facts.dockerfile.and_then(|id| cx.project.dockerfile(id)) else {
                continue;
            };
            for arg in facts.build_args(cx.project) {
                if !declares(&file, &arg.name) {
                    candidates
                        .entry((arg.entry.key(), arg.name.clone()))
                        .or_insert((arg, service));
                }
            }
        }
        if candidates.is_empty() {
            return;
        }
        // An entry some service declares, or whose Dockerfile cannot be read (then it is
        // assumed used), is used.
        for facts in stack.index.services.values() {
            let file = facts.dockerfile.and_then(|id| cx.project.dockerfile(id));
            for arg in facts.build_args(cx.project) {
                if file.as_ref().is_none_or(|file| declares(file, &arg.name)) {
                    candidates.remove(&(arg.entry.key(), arg.name));
                }
            }
        }
        for ((_, name), (arg, first)) in candidates {
            if PREDEFINED_BUILD_ARGS.contains(&name.as_str()) {
                continue;
            }
            let Some(dockerfile) = stack.index.services.get(first).and_then(|f| f.dockerfile)
            else {
                continue;
            };
            let display = &cx.project.sources.get(dockerfile).display();
            let mut d = cx.diagnostic(
                &Self::META,
                arg.key.range,
                format!("build arg `{name}` is not declared by any `ARG` in `{display}`"),
            );
            d.file = arg.key.file;
            let declared: Vec<String> = cx
                .project
                .dockerfile(dockerfile)
                .map(|file| {
                    file.args()
                        .into_iter()
                        .map(|a| a.name.value.into())
                        .collect()
                })
                .unwrap_or_default();
            d = match closest_name(&name, &declared) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help(format!(
                    "declare it with `ARG {name}` in the Dockerfile, or remove the entry"
                )),
            };
            cx.report(d.with_entry_deletion(arg.entry, "build arg", name, false));
        }
    }
}

/// Whether `dockerfile` declares the build arg `name` with an `ARG`, in any stage.
fn declares(dockerfile: &Dockerfile, name: &str) -> bool {
    dockerfile.arg_defs.iter().any(|def| def.name.value == name)
}
