//! `unused-build-arg`

use std::collections::{BTreeMap, BTreeSet};

use crate::checker::Checker;
use crate::project::Parsed;
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
        // Each entry (by where it is written), whether any service using it has the ARG,
        // and whether every service using it has a readable Dockerfile.
        let mut entries: BTreeMap<(SiteKey, String), (Assignment, bool, Vec<&str>)> =
            BTreeMap::new();
        for (service, facts) in &stack.index.services {
            let declared = facts.dockerfile.and_then(|id| match cx.project.parsed(id) {
                Parsed::Dockerfile(parse) => Some(
                    parse
                        .tree
                        .args()
                        .into_iter()
                        .map(|a| a.name.value.into())
                        .collect::<BTreeSet<String>>(),
                ),
                _ => None,
            });
            for arg in facts.build_args(cx.project) {
                // Unknown Dockerfile: assume the arg is used.
                let used = declared
                    .as_ref()
                    .is_none_or(|names| names.contains(arg.name.as_str()));
                let slot = entries
                    .entry((arg.entry.key(), arg.name.to_string()))
                    .or_insert((arg, false, Vec::new()));
                slot.1 |= used;
                if declared.is_some() {
                    slot.2.push(service);
                }
            }
        }
        for ((_, name), (arg, used, services)) in entries {
            if used || PREDEFINED_BUILD_ARGS.contains(&name.as_str()) {
                continue;
            }
            let Some(first) = services.first() else {
                continue;
            };
            let Some(dockerfile) = stack.index.services.get(*first).and_then(|f| f.dockerfile)
            else {
                continue;
            };
            let display = &cx.project.sources.get(dockerfile).display;
            let mut d = cx.diagnostic(
                &Self::META,
                arg.key.range,
                format!("build arg `{name}` is not declared by any `ARG` in `{display}`"),
            );
            d.file = arg.key.file;
            let candidates: Vec<String> = match cx.project.parsed(dockerfile) {
                Parsed::Dockerfile(parse) => parse
                    .tree
                    .args()
                    .into_iter()
                    .map(|a| a.name.value.into())
                    .collect(),
                _ => Vec::new(),
            };
            d = match closest_name(&name, &candidates) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help(format!(
                    "declare it with `ARG {name}` in the Dockerfile, or remove the entry"
                )),
            };
            cx.report(d.with_entry_deletion(
                arg.entry,
                format!("remove the build arg `{name}`"),
                false,
            ));
        }
    }
}
