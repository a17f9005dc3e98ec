//! Helpers the compose rules share: the stack's compose files and their merged view, a stack
//! for a compose file given on its own, names as written, and profile overlap.

use compose_model::model::{Project as ComposeProject, ProjectService};
use compose_model::{ModelError, SyntaxError};
use text_size::TextRange;

use crate::project::{ComposeData, Parsed, Project};
use crate::rules::cross::closest_name;
use crate::source::FileId;
use crate::stack::Stack;

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
    if data.syntax_errors.iter().any(budget)
        || data
            .model_errors
            .iter()
            .any(|e| matches!(e, ModelError::Yaml(error) if budget(error)))
    {
        return Read::Untrusted;
    }
    data.syntax_errors
        .iter()
        .filter(|e| matches!(e, SyntaxError::Yaml { .. } | SyntaxError::TooDeep { .. }))
        .map(|e| e.range().start())
        .min()
        .map_or(Read::Whole, Read::CutAt)
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

/// "Did you mean" hints for the first findings of a check: past [`Suggester::MAX_HINTS`]
/// findings, or among more than [`Suggester::MAX_CANDIDATES`] names, the edit distances
/// would cost more than the check itself (a file with 100,000 dangling references).
pub(super) struct Suggester {
    left: usize,
}

impl Suggester {
    /// How many findings of one check get a hint.
    pub(super) const MAX_HINTS: usize = 100;
    /// Above this many candidate names, no hint is computed.
    pub(super) const MAX_CANDIDATES: usize = 2_000;

    pub(super) fn new() -> Self {
        Self {
            left: Self::MAX_HINTS,
        }
    }

    /// The candidate closest to `name`, if near enough (see [`closest_name`]).
    pub(super) fn suggest<'a, S: AsRef<str> + ?Sized + 'a>(
        &mut self,
        name: &str,
        candidates: impl ExactSizeIterator<Item = &'a S>,
    ) -> Option<&'a str> {
        if self.left == 0 || candidates.len() > Self::MAX_CANDIDATES {
            return None;
        }
        self.left -= 1;
        closest_name(name, candidates)
    }
}

/// Whether two services can run together: unless both are limited to profiles and no
/// profile enables both (`app-dev` and `app-prod` may share a container name or a port).
pub(super) fn can_run_together(a: &ProjectService<'_>, b: &ProjectService<'_>) -> bool {
    let (a, b) = (a.profiles(), b.profiles());
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a.iter().any(|p| b.iter().any(|q| p.as_str() == q.as_str()))
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
