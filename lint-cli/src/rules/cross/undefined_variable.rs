//! `undefined-variable`

use std::collections::{BTreeSet, HashSet};

use compose_model::interpolate::RefKind;

use crate::checker::Checker;
use crate::project::Parsed;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::{Stack, VariableUse};

/// Variables compose sets itself for interpolation (checked with Docker Compose v2.40.3:
/// `COMPOSE_FILE`, `COMPOSE_PROFILES` and `DOCKER_HOST` are *not* set when absent).
const COMPOSE_BUILTINS: &[&str] = &["COMPOSE_PROJECT_NAME"];

declare_rule! {
    /// ## What it does
    /// Flags a variable that is used without a default and that nothing defines:
    ///
    /// - `${VAR}` or `$VAR` in a compose file, when neither the project `.env`, an
    ///   `.env.example`-style file (documentation counts: it says the variable is expected),
    ///   the config's `known-variables`, nor compose itself (`COMPOSE_PROJECT_NAME`) defines
    ///   it. The shell environment is not consulted, so the result is the same on every
    ///   machine and in CI.
    /// - `{$VAR}` in a Caddyfile, when the container of the service that mounts it does not
    ///   set it: not in its `environment:` (a bare `- VAR` entry counts when the project
    ///   environment defines `VAR`), not in its `env_file:` files, not an `ENV` of the
    ///   Dockerfile it builds from. The project `.env` feeds compose interpolation only; it
    ///   does not reach containers. Caddyfiles that no service of the stack mounts are not
    ///   judged, and placeholders in comments are ignored.
    ///
    /// Uses with a default are fine: `${X:-d}`, `${X-d}`, `${X:+alt}`, `${X+alt}`, `{$X:d}`;
    /// so is `$$` (a literal `$`). A use inside another's default (`${A:-${B}}`) counts only
    /// when the outer variable is undefined.
    ///
    /// ## Why is this bad?
    /// Compose only warns (`The "X" variable is not set. Defaulting to a blank string.`)
    /// and goes on with an empty value: an image `app:`, a mount `:/data`, an empty
    /// password. Caddy replaces an unset `{$X}` with nothing: `email {$ACME_EMAIL}` becomes
    /// `email` and the config fails to load, or a site address silently changes.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:${PG_VERSION}
    /// ```
    /// with no `PG_VERSION` in `.env`.
    ///
    /// Use instead: define it in `.env` (and document it in `.env.example`), or give a
    /// default: `postgres:${PG_VERSION:-16}`.
    ///
    /// ## Options
    /// - `known-variables`: variables the deploy environment provides (CI secrets).
    ///
    /// ## References
    /// - [Compose interpolation](https://docs.docker.com/reference/compose-file/interpolation/)
    /// - [Caddyfile environment variables](https://caddyserver.com/docs/caddyfile/concepts#environment-variables)
    pub struct UndefinedVariable {
        name: "undefined-variable",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        if !stack.index.has_services() {
            return;
        }
        check_compose(stack, cx);
        check_caddyfiles(stack, cx);
    }
}

/// Whether the project environment (shell-free) defines `name`.
fn project_defines(stack: &Stack, cx: &Checker<'_>, name: &str) -> bool {
    stack.index.variables_defined.contains_key(name)
        || COMPOSE_BUILTINS.contains(&name)
        || cx.settings.config.known_variables.iter().any(|k| k == name)
}

/// Whether `var` is evaluated at all, given its enclosing use.
fn evaluated(stack: &Stack, cx: &Checker<'_>, var: &VariableUse) -> bool {
    let Some(parent) = var
        .parent
        .and_then(|p| stack.index.variable_uses.get(p as usize))
    else {
        return true;
    };
    let outer_set = project_defines(stack, cx, &parent.name);
    match parent.kind {
        // The operand is the default, or the error message: read when the outer is unset.
        RefKind::DefaultIfUnsetOrEmpty
        | RefKind::DefaultIfUnset
        | RefKind::ErrorIfUnsetOrEmpty
        | RefKind::ErrorIfUnset => !outer_set,
        // The alternative: read when the outer is set.
        RefKind::AltIfSetAndNonEmpty | RefKind::AltIfSet => outer_set,
        RefKind::Plain => true,
    }
}

fn check_compose(stack: &Stack, cx: &mut Checker<'_>) {
    let mut seen = HashSet::new();
    for var in &stack.index.variable_uses {
        if var.has_default
            || project_defines(stack, cx, &var.name)
            || !evaluated(stack, cx, var)
            || !seen.insert(var.site.key())
        {
            continue;
        }
        let name = &var.name;
        let mut d = cx.diagnostic(
            &UndefinedVariable::META,
            var.site.range,
            format!("variable `{name}` is not defined"),
        );
        d.file = var.site.file;
        let d = d.with_help(format!(
            "define `{name}` in `.env` (the shell environment is not read), or give it a \
             default: `${{{name}:-…}}`"
        ));
        cx.report(d);
    }
}

/// The variables set in the container of `service`, shell-free.
fn container_env(stack: &Stack, cx: &Checker<'_>, service: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let Some(facts) = stack.index.services.get(service) else {
        return set;
    };
    for entry in facts.environment(cx.project) {
        if entry.value.is_some() || project_defines(stack, cx, &entry.name) {
            set.insert(entry.name.to_string());
        }
    }
    for id in stack.service_env_files.get(service).into_iter().flatten() {
        if let Parsed::Env(env) = cx.project.parsed(*id) {
            set.extend(env.parse.tree.entries.iter().map(|e| e.key.value.clone()));
        }
    }
    if let Some(file) = facts.dockerfile.and_then(|id| cx.project.dockerfile(id)) {
        set.extend(file.env_defs.iter().map(|d| d.key.value.to_string()));
    }
    set
}

fn check_caddyfiles(stack: &Stack, cx: &mut Checker<'_>) {
    let mut seen = HashSet::new();
    for mount in &stack.caddyfiles {
        let Some(service) = mount.service.as_deref() else {
            continue;
        };
        let Parsed::Caddyfile(data) = cx.project.parsed(mount.file) else {
            continue;
        };
        let env = container_env(stack, cx, service);
        let mut files = vec![mount.file];
        files.extend(data.expansion_files.iter().copied());
        let mut done = HashSet::new();
        for file in files {
            if !done.insert(file) {
                continue;
            }
            let text = &cx.project.sources.get(file).text;
            for placeholder in caddyfile_parser::env_placeholders(text) {
                if placeholder.in_comment
                    || placeholder.default.is_some()
                    || env.contains(&placeholder.name)
                    || !seen.insert((file, placeholder.range.start()))
                {
                    continue;
                }
                let name = &placeholder.name;
                let mut d = cx.diagnostic(
                    &UndefinedVariable::META,
                    placeholder.range,
                    format!("`{{${name}}}` is not set in the `{service}` container"),
                );
                d.file = file;
                if let Some(definition) = stack
                    .index
                    .services
                    .get(service)
                    .and_then(|f| f.definitions.first())
                {
                    d = d.with_label(
                        definition.file,
                        definition.range,
                        format!("`{service}` mounts this Caddyfile"),
                    );
                }
                let d = d.with_help(format!(
                    "set `{name}` in the `environment:` of `{service}` (the project `.env` \
                     does not reach containers), or give a default: `{{${name}:…}}`"
                ));
                cx.report(d);
            }
        }
    }
}
