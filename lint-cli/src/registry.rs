//! The rule engine's registry: what a rule is, and the macro that declares one.

use crate::diagnostic::Severity;

/// Whether a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Every finding comes with a fix.
    Always,
    /// Some findings come with a fix.
    Sometimes,
    /// The rule never fixes.
    None,
}

impl FixAvailability {
    /// How `cfglint rule` describes it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Always => "always fixable",
            Self::Sometimes => "sometimes fixable",
            Self::None => "not fixable",
        }
    }
}

/// A rule's identity and documentation, shared by the registry, the CLI and the docs.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// The stable id (`dangling-upstream`).
    pub name: &'static str,
    /// The severity when the configuration does not change it.
    pub severity: Severity,
    /// Whether findings come with fixes.
    pub fix: FixAvailability,
    /// The user documentation (Markdown), the rule's doc comment.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The documentation with the one-space indent of `///` comments removed.
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first paragraph of "What it does", as a one-line summary.
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let body = docs
            .split("## What it does")
            .nth(1)
            .unwrap_or(&docs)
            .trim_start();
        let paragraph = body.split("\n\n").next().unwrap_or_default();
        let sentence = paragraph
            .split_inclusive(". ")
            .next()
            .unwrap_or(paragraph)
            .trim_end();
        sentence.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Declares a rule: a unit struct carrying the doc comment, and its `META` constant whose
/// `docs` is that same doc comment (so rustdoc and `cfglint rule` share one text).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            name: $id:literal,
            severity: $severity:ident,
            fix: $fix:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            /// The rule's id, default severity, fix availability and documentation.
            pub const META: $crate::registry::RuleMeta = $crate::registry::RuleMeta {
                name: $id,
                severity: $crate::diagnostic::Severity::$severity,
                fix: $crate::registry::FixAvailability::$fix,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

pub(crate) use declare_rule;

/// A lint rule: its metadata and the hooks it overrides (each a no-op by default), one per
/// kind of input, as `toml_parser`'s `EventReceiver` does.
pub trait Rule: Sync {
    /// The rule's id, severity, fix availability and docs.
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one Caddyfile.
    fn check_caddyfile(
        &self,
        _file: &crate::project::CaddyfileData,
        _cx: &mut crate::checker::Checker<'_>,
    ) {
    }

    /// Checks one compose file.
    fn check_compose(
        &self,
        _file: &crate::project::ComposeData,
        _cx: &mut crate::checker::Checker<'_>,
    ) {
    }

    /// Checks one env file.
    fn check_env(&self, _file: &crate::project::EnvData, _cx: &mut crate::checker::Checker<'_>) {}

    /// Checks one Dockerfile.
    fn check_dockerfile(
        &self,
        _file: &compose_model::dockerfile::DockerfileParse,
        _cx: &mut crate::checker::Checker<'_>,
    ) {
    }

    /// Checks a whole stack (cross-file rules); `cx.file()` is the stack's first compose file.
    fn check_stack(&self, _stack: &crate::stack::Stack, _cx: &mut crate::checker::Checker<'_>) {}
}
