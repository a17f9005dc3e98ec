//! Running the rules: the [`Checker`] each rule reports through, and [`check`], which runs
//! every selected rule on every file and stack, then applies severities, scope and
//! suppression comments.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use text_size::TextRange;

use crate::config::{ConfigFile, RuleLevel};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::project::{Parsed, Project};
use crate::registry::{Rule, RuleMeta};
use crate::rules::{self, ALL_RULES};
use crate::source::{FileId, SourceFile};
use crate::stack::Stack;
use crate::suppress::{self, Suppression};

/// Which rules run, how severe they are, and the configuration they read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The rules that run, sorted by id.
    pub rules: Vec<&'static dyn Rule>,
    /// Severity per rule id, after configuration.
    pub severities: HashMap<&'static str, Severity>,
    /// The configuration file's contents.
    pub config: ConfigFile,
    /// Retired services and their other names (config `retired`, `--since`, `retire`),
    /// lower-cased.
    pub retired: BTreeMap<String, BTreeSet<String>>,
}

impl std::fmt::Debug for dyn Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta().name)
    }
}

/// A rule id on the command line or in the config that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("unknown rule `{name}` in {place}")]
#[diagnostic(code(cfglint::unknown_rule), help("`cfglint rule` lists every rule"))]
pub struct UnknownRule {
    /// The id as written.
    pub name: String,
    /// Where (`--select`, `cfglint.toml`).
    pub place: String,
}

impl Settings {
    /// Resolves rule selection: `select` (CLI over config; all rules when both are empty),
    /// minus `ignore` (CLI and config), minus rules set to `"off"`.
    pub fn new(
        config: ConfigFile,
        select: &[String],
        ignore: &[String],
    ) -> Result<Self, UnknownRule> {
        let known = |name: &str, place: &str| {
            if rules::rule_by_name(name).is_some() {
                Ok(())
            } else {
                Err(UnknownRule {
                    name: name.to_owned(),
                    place: place.to_owned(),
                })
            }
        };
        for name in select {
            known(name, "--select")?;
        }
        for name in ignore {
            known(name, "--ignore")?;
        }
        for name in config
            .select
            .iter()
            .flatten()
            .chain(&config.ignore)
            .chain(config.rules.keys())
        {
            known(name, "cfglint.toml")?;
        }
        let selected: Option<Vec<&String>> = if select.is_empty() {
            config.select.as_ref().map(|s| s.iter().collect())
        } else {
            Some(select.iter().collect())
        };
        let mut severities = HashMap::new();
        let rules = ALL_RULES
            .iter()
            .copied()
            .filter(|rule| {
                let name = rule.meta().name;
                selected
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|n| n.as_str() == name))
                    && !ignore.iter().chain(&config.ignore).any(|n| n == name)
                    && config.rules.get(name) != Some(&RuleLevel::Off)
            })
            .inspect(|rule| {
                let meta = rule.meta();
                let severity = match config.rules.get(meta.name) {
                    Some(RuleLevel::Error) => Severity::Error,
                    Some(RuleLevel::Warning) => Severity::Warning,
                    _ => meta.severity,
                };
                severities.insert(meta.name, severity);
            })
            .collect();
        let retired = config.retired_names();
        Ok(Self {
            rules,
            severities,
            config,
            retired,
        })
    }

    /// Whether a rule runs.
    pub fn is_enabled(&self, name: &str) -> bool {
        self.severities.contains_key(name)
    }
}

/// What a rule sees while it runs: the project, the settings, the current file.
pub struct Checker<'a> {
    /// Every file and stack.
    pub project: &'a Project,
    /// Selection and configuration.
    pub settings: &'a Settings,
    file: FileId,
    stack_level: bool,
    diagnostics: Findings,
}

/// The findings as the rules report them, each with whether a stack rule reported it, kept
/// in fixed-size chunks: a large stack has thousands, and one list that doubles its capacity
/// holds its old and new buffers at once while it grows.
#[derive(Default)]
struct Findings {
    chunks: Vec<Vec<(Diagnostic, bool)>>,
}

impl Findings {
    const CHUNK: usize = 64;

    fn push(&mut self, finding: (Diagnostic, bool)) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < Self::CHUNK => chunk.push(finding),
            _ => {
                let mut chunk = Vec::with_capacity(Self::CHUNK);
                chunk.push(finding);
                self.chunks.push(chunk);
            }
        }
    }

    fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }
}

impl<'a> Checker<'a> {
    fn new(project: &'a Project, settings: &'a Settings) -> Self {
        Self {
            project,
            settings,
            file: FileId(0),
            stack_level: false,
            diagnostics: Findings::default(),
        }
    }

    /// The file being checked.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The file being checked, with its path and text.
    pub fn source(&self) -> &'a SourceFile {
        self.project.sources.get(self.file)
    }

    /// The text of the file being checked.
    pub fn text(&self) -> &'a str {
        &self.project.sources.get(self.file).text
    }

    /// The stack of the file being checked.
    pub fn stack(&self) -> Option<&'a Stack> {
        self.project.stack(self.file)
    }

    /// A finding of `rule` in the current file.
    pub fn diagnostic(
        &self,
        rule: &'static RuleMeta,
        span: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(rule, self.file, span, message)
    }

    /// Reports a finding.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push((diagnostic, self.stack_level));
    }
}

/// Runs every selected rule on `project` and returns the findings that remain after scope
/// and suppression comments, unsorted.
///
/// Then releases what only the rules read ([`Project::release_models`]: the compose models and
/// the stack indexes) and computes the fixes that need a compose file's YAML tree
/// ([`Diagnostic::pending`]), parsing one file's tree at a time: tree and models are never
/// held together, which bounds the peak memory of a large stack.
pub fn check(project: &mut Project, settings: &Settings) -> Vec<Diagnostic> {
    let found = run_rules(project, settings);
    project.release_models();
    let mut diagnostics = finish(project, settings, found);
    resolve_pending_deletions(project, &mut diagnostics);
    diagnostics
}

/// Computes the [`Diagnostic::pending`] deletions, grouped by file so that each file's YAML
/// tree is parsed once and dropped before the next.
fn resolve_pending_deletions(project: &Project, diagnostics: &mut [Diagnostic]) {
    let mut by_file: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some(pending) = &d.pending {
            by_file.entry(pending.entry.file).or_default().push(i);
        }
    }
    for (file, indexes) in by_file {
        let text = &project.sources.get(file).text;
        let Parsed::Compose(data) = project.parsed(file) else {
            continue;
        };
        let reparsed;
        let tree = if let Some(tree) = data.held_tree() {
            tree
        } else {
            reparsed = compose_model::yaml::parse(text).tree;
            &reparsed
        };
        for i in indexes {
            let Some(pending) = diagnostics[i].pending.take() else {
                continue;
            };
            let deletion =
                rules::cross::delete_compose_entry(tree, text, &data.comments, pending.entry.range);
            diagnostics[i].fix = deletion.map(|deletion| {
                Box::new(if pending.always_unsafe {
                    Fix::unsafe_edits(pending.message(), [deletion.edit(file)])
                } else {
                    deletion.fix(file, pending.message())
                })
            });
        }
    }
}

/// Runs the rules; their findings, each with whether a stack rule reported it.
fn run_rules(project: &Project, settings: &Settings) -> Findings {
    let mut cx = Checker::new(project, settings);
    for file in project.sources.iter() {
        cx.file = file.id;
        cx.stack_level = false;
        if let Some(damage) = &file.damage {
            rules::report_damage(file, damage, &mut cx);
            continue;
        }
        // A Dockerfile's parse is not kept (see `DockerfileData`): parsed once for its rules.
        let dockerfile = project.dockerfile_parse(file.id);
        for rule in &settings.rules {
            match project.parsed(file.id) {
                Parsed::Caddyfile(data) => rule.check_caddyfile(data, &mut cx),
                Parsed::Compose(data) => rule.check_compose(data, &mut cx),
                Parsed::Env(data) => rule.check_env(data, &mut cx),
                Parsed::Dockerfile(_) => {
                    if let Some(parse) = &dockerfile {
                        rule.check_dockerfile(parse, &mut cx);
                    }
                }
                Parsed::Unparsed => {}
            }
        }
    }
    for stack in &project.stacks {
        let Some(first) = stack.compose_files.first() else {
            continue;
        };
        cx.file = *first;
        cx.stack_level = true;
        for rule in &settings.rules {
            rule.check_stack(stack, &mut cx);
        }
    }
    cx.diagnostics
}

/// Applies severities, scope and suppressions, and adds `unused-suppression` findings.
fn finish(project: &Project, settings: &Settings, found: Findings) -> Vec<Diagnostic> {
    let mut suppressions: HashMap<FileId, Vec<Suppression>> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    let imported = project.imported_from_scope();
    for (mut diagnostic, stack_level) in found.chunks.into_iter().flatten() {
        let Some(severity) = settings.severities.get(diagnostic.rule.name) else {
            continue;
        };
        diagnostic.severity = *severity;
        let in_scope = stack_level
            || project.in_scope(diagnostic.file)
            || imported.contains(&diagnostic.file)
            || diagnostic.labels.iter().any(|l| project.in_scope(l.file));
        if !in_scope {
            continue;
        }
        let file = project.sources.get(diagnostic.file);
        let list = suppressions
            .entry(diagnostic.file)
            .or_insert_with(|| suppress::scan(&file.text));
        let line = file.line_index().line_of(diagnostic.span.start());
        if suppress::is_suppressed(list, diagnostic.rule.name, line) {
            continue;
        }
        out.push(diagnostic);
    }
    if settings.is_enabled(rules::UNUSED_SUPPRESSION.name) {
        for file in project.sources.iter() {
            if !project.in_scope(file.id) || file.damage.is_some() {
                continue;
            }
            let list = suppressions
                .entry(file.id)
                .or_insert_with(|| suppress::scan(&file.text));
            rules::unused_suppressions(file, list, settings, &mut out);
        }
    }
    out
}
