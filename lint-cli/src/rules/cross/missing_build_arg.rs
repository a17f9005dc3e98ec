//! `missing-build-arg`

use std::collections::BTreeSet;

use ecow::EcoString;

use crate::checker::Checker;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::cross::{AUTOMATIC_BUILD_ARGS, PREDEFINED_BUILD_ARGS, and_list};
use crate::source::FileId;
use crate::stack::Stack;

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` of a service's Dockerfile that has no default (neither its own nor a
    /// global `ARG X=…` it re-declares), is used (`$X`, `${X}` without a `:-` default) in
    /// its scope, and that no service building from that Dockerfile passes in `build.args`.
    ///
    /// A `build.args` entry without a value (`- VERSION`) passes the variable from the
    /// project environment, so it counts only when the project `.env`, `.env.example` or
    /// the config's `known-variables` define it. `BuildKit`'s automatic platform args
    /// (`TARGETPLATFORM`, `BUILDARCH`…) and the predefined proxy args are always set.
    ///
    /// ## Why is this bad?
    /// The `ARG` expands to an empty string and the build goes on: a frontend baked with
    /// `VITE_API_URL=""`, an image tagged `app:`, a `curl` of `https:///file`. Nothing
    /// fails until the result is used.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ARG VITE_API_URL
    /// RUN VITE_API_URL=$VITE_API_URL npm run build
    /// ```
    /// with no `VITE_API_URL` under the service's `build.args`.
    ///
    /// Use instead: pass it (`build.args: {VITE_API_URL: https://api.example.com}`) or give
    /// the `ARG` a default (`ARG VITE_API_URL=https://api.example.com`).
    ///
    /// ## Options
    /// - `known-variables`: variables the deploy environment provides.
    ///
    /// ## References
    /// - [Dockerfile `ARG`](https://docs.docker.com/reference/dockerfile/#arg)
    pub struct MissingBuildArg {
        name: "missing-build-arg",
        severity: Warning,
        fix: None,
    }
}

impl Rule for MissingBuildArg {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let index = &stack.index;
        let defined = |name: &str| {
            index.variables_defined.contains_key(name)
                || cx.settings.config.known_variables.iter().any(|k| k == name)
        };
        // Each Dockerfile with the services building from it (in name order), one at a time:
        // a large stack has thousands, and the args passed are gathered per Dockerfile.
        let mut built: Vec<(FileId, &str)> = index
            .services
            .iter()
            .filter_map(|(service, facts)| Some((facts.dockerfile?, service.as_str())))
            .collect();
        built.sort_by_key(|&(id, _)| id);
        for group in built.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(id, _)) = group.first() else {
                continue;
            };
            let services: Vec<&str> = group.iter().map(|&(_, service)| service).collect();
            let passed: BTreeSet<EcoString> = services
                .iter()
                .filter_map(|s| index.services.get(*s))
                .flat_map(|facts| facts.build_args(cx.project))
                .filter(|arg| arg.value.is_some() || defined(&arg.name))
                .map(|arg| arg.name)
                .collect();
            let Some(file) = cx.project.dockerfile(id) else {
                continue;
            };
            let file = &file;
            for decl in file.args() {
                let name = decl.name.value.as_str();
                if decl.default.is_some()
                    || decl.global_default.is_some()
                    || passed.contains(name)
                    || AUTOMATIC_BUILD_ARGS.contains(&name)
                    || PREDEFINED_BUILD_ARGS.contains(&name)
                {
                    continue;
                }
                if !file.arg_uses(&decl).iter().any(|u| !u.has_default) {
                    continue;
                }
                let names: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
                let names = and_list(&names);
                let mut d = cx.diagnostic(
                    &Self::META,
                    decl.name.range,
                    format!("build arg `{name}` has no default and is never passed"),
                );
                d.file = id;
                if let Some(definition) = services
                    .first()
                    .and_then(|s| index.services.get(*s))
                    .and_then(|f| f.definitions.first())
                {
                    d = d.with_label(
                        definition.file,
                        definition.range,
                        format!("built by {names} without `{name}` in `build.args`"),
                    );
                }
                d = d.with_help(format!(
                    "pass it in `build.args`, or give it a default (`ARG {name}=…`)"
                ));
                cx.report(d);
            }
        }
    }
}
