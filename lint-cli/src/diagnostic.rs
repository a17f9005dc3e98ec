//! A finding: rule, severity, message, where it points, labels in other places, and a fix.

use std::borrow::Cow;

use ecow::EcoString;
use text_size::TextRange;

use crate::fix::Fix;
use crate::registry::RuleMeta;
use crate::source::FileId;
use crate::stack::Site;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the configuration may still work.
    Warning,
    /// Something that points at nothing or cannot work.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A secondary place a finding refers to, possibly in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file the label points into.
    pub file: FileId,
    /// The byte range it marks.
    pub span: TextRange,
    /// What this place is (`service defined here`).
    pub message: String,
}

/// One finding of one rule.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static RuleMeta,
    /// The severity after configuration.
    pub severity: Severity,
    /// A lower-case fragment with the offending thing in backticks.
    pub message: String,
    /// The file the finding is reported in.
    pub file: FileId,
    /// Where it points.
    pub span: TextRange,
    /// Other places involved.
    pub labels: Vec<Label>,
    /// An imperative hint, when there is more to say than the message (most are fixed text,
    /// kept without a copy).
    pub help: Option<Cow<'static, str>>,
    /// The fix, when the rule has one for this finding (boxed: a finding is one of
    /// thousands on a large stack, and many have none).
    pub fix: Option<Box<Fix>>,
    /// A compose-entry deletion still to be turned into [`Diagnostic::fix`]: the checker
    /// computes it after the rules have run (see [`crate::checker::check`]).
    pub pending: Option<Box<PendingDeletion>>,
}

/// A fix that deletes a compose `environment:` or `build.args` entry, and the key holding it
/// when that is left empty. Its edit needs the file's YAML tree, which is not held while the
/// rules run: [`crate::checker::check`] computes it afterwards, one file's tree at a time, once
/// the models are released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDeletion {
    /// The entry (a [`crate::stack::Assignment::entry`]).
    pub entry: Site,
    /// What the entry is (`environment variable`, `build arg`).
    pub what: &'static str,
    /// Its name (usually held inline: a large stack has thousands of these).
    pub name: EcoString,
    /// Unsafe even when no comment goes with the entry (the fix changes behaviour).
    pub always_unsafe: bool,
}

impl PendingDeletion {
    /// What the fix does, as an imperative: ``remove the build arg `VERSION` ``.
    pub fn message(&self) -> String {
        format!("remove the {} `{}`", self.what, self.name)
    }
}

impl Diagnostic {
    /// Creates a finding of `rule` in `file` at `span`, with the rule's default severity.
    pub fn new(
        rule: &'static RuleMeta,
        file: FileId,
        span: TextRange,
        message: impl Into<String>,
    ) -> Self {
        // A large stack can have thousands of findings: no spare capacity from `format!`.
        let mut message = message.into();
        message.shrink_to_fit();
        Self {
            rule,
            severity: rule.severity,
            message,
            file,
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            pending: None,
        }
    }

    /// Adds a label.
    #[must_use]
    pub fn with_label(mut self, file: FileId, span: TextRange, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(match help.into() {
            Cow::Owned(mut text) => {
                text.shrink_to_fit();
                Cow::Owned(text)
            }
            fixed @ Cow::Borrowed(_) => fixed,
        });
        self
    }

    /// Sets the fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Sets the fix when there is one.
    #[must_use]
    pub fn with_optional_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    /// Asks for a fix that deletes the compose entry `entry`, the `what` called `name` (see
    /// [`PendingDeletion`]); the finding gets no fix where the YAML layout does not allow a
    /// clean deletion.
    #[must_use]
    pub fn with_entry_deletion(
        mut self,
        entry: Site,
        what: &'static str,
        name: EcoString,
        always_unsafe: bool,
    ) -> Self {
        self.pending = Some(Box::new(PendingDeletion {
            entry,
            what,
            name,
            always_unsafe,
        }));
        self
    }

    /// The rule id (`dangling-upstream`).
    pub fn rule_id(&self) -> &'static str {
        self.rule.name
    }
}
