//! Helpers the compose rules share: the stack's compose files and their merged view, a stack
//! for a compose file given on its own, names as written, and profile overlap.

use compose_model::model::{Project as ComposeProject, ProjectService};
use compose_model::{ModelError, SyntaxError};
use text_size::TextRange;

use crate::checker::Checker;
use crate::project::{ComposeData, Parsed, Project};
use crate::source::FileId;
use crate::stack::{Stack, StackIndex};

/// The compose files of a stack with their parses, in merge order, and their models merged
/// the way `docker compose -f a -f b` merges them. `InFile::file_index` in the merged view is
/// an index into `files`.
pub(super) struct Merged<'a> {
    /// The files, in merge order.
    pub(super) files: Vec<(FileId, &'a ComposeData)>,
    /// The merged project.
    pub(super) project: ComposeProject<'a>,
}

impl<'a> Merged<'a> {
    /// Merges the compose files of `stack`.
    pub(super) fn of(project: &'a Project, stack: &Stack) -> Self {
        let files: Vec<(FileId, &ComposeData)> = stack
            .compose_files
            .iter()
            .filter_map(|id| match project.parsed(*id) {
                Parsed::Compose(data) => Some((*id, &**data)),
                _ => None,
            })
            .collect();
        let project = ComposeProject::merge(files.iter().map(|(_, data)| &data.model));
        Self { files, project }
    }

    /// The file and parse behind `file_index` of the merged view.
    pub(super) fn file(&self, file_index: usize) -> Option<(FileId, &'a ComposeData)> {
        self.files.get(file_index).copied()
    }
}

/// Whether every compose file of `stack` was read whole: a file the YAML parser gave up on
/// (or that nests too deep, expands too many aliases, or is not UTF-8) may hide the
/// declarations and uses that stack rules compare, so they skip the stack and leave the
/// report to `compose-syntax`.
pub(super) fn is_complete(project: &Project, stack: &Stack) -> bool {
    stack
        .compose_files
        .iter()
        .all(|id| read_of(project, *id) == Read::Whole)
}

/// Whether every top-level `section` declaration of `stack` was read: every file was read
/// whole, or was cut short (by a YAML error) where no later line starts a top-level
/// `section:` or `include:` key. Uses after the cut may be lost, declarations are not.
pub(super) fn declarations_read(project: &Project, stack: &Stack, section: &str) -> bool {
    stack
        .compose_files
        .iter()
        .all(|id| match read_of(project, *id) {
            Read::Whole => true,
            Read::CutAt(cut) => {
                let text = &project.sources.get(*id).text;
                let rest = text.get(usize::from(cut)..).unwrap_or_default();
                !rest.lines().skip(1).any(|line| {
                    [section, "include"].iter().any(|key| {
                        line.strip_prefix(key)
                            .is_some_and(|after| after.trim_start().starts_with(':'))
                    })
                })
            }
            Read::Untrusted => false,
        })
}

/// How much of a compose file the YAML reader read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// All of it.
    Whole,
    /// Up to a syntax error or the nesting limit at this offset.
    CutAt(text_size::TextSize),
    /// Its tree cannot be trusted (alias budget exceeded, not UTF-8).
    Untrusted,
}

fn read_of(project: &Project, id: FileId) -> Read {
    let Parsed::Compose(data) = project.parsed(id) else {
        return Read::Untrusted;
    };
    let budget = |e: &SyntaxError| matches!(e, SyntaxError::AliasBudget { .. });
    if data.yaml.errors.iter().any(budget)
        || data
            .model_errors
            .iter()
            .any(|e| matches!(e, ModelError::Yaml(error) if budget(error)))
    {
        return Read::Untrusted;
    }
    data.yaml
        .errors
        .iter()
        .filter(|e| matches!(e, SyntaxError::Yaml { .. } | SyntaxError::TooDeep { .. }))
        .map(|e| e.range().start())
        .min()
        .map_or(Read::Whole, Read::CutAt)
}

/// Runs a stack check on the current compose file when it belongs to no stack (a compose file
/// given on its own, with no default compose file above it): the file is then a stack by
/// itself, as `docker compose -f FILE` reads it.
pub(super) fn on_own_stack(cx: &mut Checker<'_>, check: impl FnOnce(&Stack, &mut Checker<'_>)) {
    if cx.stack().is_some() {
        return;
    }
    let root = cx
        .source()
        .path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut stack = Stack::new(root);
    stack.compose_files.push(cx.file());
    stack.index = StackIndex::build(cx.project, &stack);
    check(&stack, cx);
}

/// How a name is written in the file: the name itself when the source at `range` spells it
/// (quotes aside), else the source text at `range`. A name that came from interpolation is
/// so shown as written (`${DB_HOST}`), never with the value of a variable.
pub(super) fn as_written(text: &str, range: TextRange, value: &str) -> String {
    let raw = text
        .get(usize::from(range.start())..usize::from(range.end()))
        .unwrap_or_default();
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw);
    if unquoted == value {
        value.to_owned()
    } else {
        raw.to_owned()
    }
}

/// Whether a name could be judged: not empty, and not an uninterpolated `${…}` (a compose
/// file read without its stack's environment).
pub(super) fn is_judgeable(name: &str) -> bool {
    !name.is_empty() && !name.contains('$')
}

/// Whether two services can run together: unless both are limited to profiles and no
/// profile enables both (`app-dev` and `app-prod` may share a container name or a port).
pub(super) fn can_run_together(a: &ProjectService<'_>, b: &ProjectService<'_>) -> bool {
    if a.profiles.is_empty() || b.profiles.is_empty() {
        return true;
    }
    a.profiles
        .iter()
        .any(|p| b.profiles.iter().any(|q| p.as_str() == q.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shown_as_written_never_interpolated() {
        let text = "a: db\nb: \"db\"\nc: ${DB}\n";
        let r = |a: u32, b: u32| TextRange::new(a.into(), b.into());
        assert_eq!(as_written(text, r(3, 5), "db"), "db");
        assert_eq!(as_written(text, r(9, 13), "db"), "db");
        // `${DB}` interpolated to `secret-db`: the source text is shown.
        assert_eq!(as_written(text, r(17, 22), "secret-db"), "${DB}");
    }
}
