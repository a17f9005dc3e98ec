//! Caddyfile rules, and what they share.
//!
//! Caddy reads one Caddyfile (the *root*: mounted into a container, found under a stack, or
//! given on the command line) and splices snippets and imported files into it. Rules that
//! interpret a Caddyfile's structure (directives, matchers, snippets, sites) work on that
//! expansion, the way Caddy sees it, and report each finding in the file where its token is
//! written: a directive in a snippet body or an imported file is reported there. A file
//! imported by several roots is checked in each of them, and each finding reported once.
//!
//! Roots whose files have structural syntax errors (braces, quotes, heredocs), or whose
//! expansion could not splice what Caddy would (an anonymous block, an imported file with
//! lexer errors, the token limit), are skipped: Caddy stops at the first of them,
//! `caddyfile-syntax` reports it, and what follows would be guesswork.

pub mod caddyfile_format;
pub mod caddyfile_syntax;
pub mod duplicate_site_address;
pub mod undefined_matcher;
pub mod undefined_snippet;
pub mod unknown_directive;
pub mod unused_matcher;
pub mod unused_snippet;
mod walk;

use caddyfile_parser::expand::{ExpandErrorKind, ExpandedToken, Expansion, ImportId, SourceId};
use caddyfile_parser::{Document, SyntaxError};
use text_size::TextRange;

use crate::project::{CaddyfileData, Parsed, Project};
use crate::source::FileId;

/// A Caddyfile that Caddy reads directly, with its expansion's sources mapped to project files.
pub(crate) struct Root<'a> {
    /// The root file.
    pub(crate) file: FileId,
    /// Its expansion.
    pub(crate) expansion: &'a Expansion,
    /// The project file of each expansion source, when its text is the one the expansion
    /// read (so that token ranges point into it).
    files: Vec<Option<FileId>>,
}

impl Root<'_> {
    /// The project file a source of the expansion is.
    pub(crate) fn file_of(&self, source: SourceId) -> Option<FileId> {
        self.files.get(source as usize).copied().flatten()
    }

    /// The project file and range of an expanded token.
    pub(crate) fn site(&self, token: &ExpandedToken) -> Option<(FileId, TextRange)> {
        Some((self.file_of(token.source)?, token.range))
    }

    /// The project files the expansion read, the root first, without repeats.
    pub(crate) fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.filter(|f| !self.files[..i].contains(&Some(*f))))
    }

    /// Whether the expansion read `file`.
    pub(crate) fn reads(&self, file: FileId) -> bool {
        self.files.contains(&Some(file))
    }

    /// Where the import that brought a token is written (the innermost import), if the
    /// token came through one.
    pub(crate) fn import_site(&self, via: Option<ImportId>) -> Option<(FileId, TextRange)> {
        let site = self.expansion.imports.get(via? as usize)?;
        Some((self.file_of(site.source)?, site.range))
    }
}

/// Every root of the project whose files all have a sound structure.
pub(crate) fn roots(project: &Project) -> Vec<Root<'_>> {
    project
        .sources
        .iter()
        .filter_map(|file| {
            let Parsed::Caddyfile(data) = project.parsed(file.id) else {
                return None;
            };
            root(project, file.id, data)
        })
        .collect()
}

/// The roots whose expansion reads `file` (`file` itself when it is one).
pub(crate) fn roots_reading(project: &Project, file: FileId) -> Vec<Root<'_>> {
    let mut found = roots(project);
    found.retain(|root| root.reads(file));
    found
}

fn root<'a>(project: &'a Project, id: FileId, data: &'a CaddyfileData) -> Option<Root<'a>> {
    let expansion = data.expansion.as_ref()?;
    let files: Vec<Option<FileId>> = expansion
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let file = *data.expansion_files.get(i)?;
            (project.sources.get(file).text == source.text).then_some(file)
        })
        .collect();
    let root = Root {
        file: id,
        expansion,
        files,
    };
    let sound = root
        .files()
        .all(|f| document(project, f).is_some_and(|(_, errors)| !errors));
    // Expansion problems after which the spliced tokens are not what Caddy would read.
    let spliced = !expansion.errors.iter().any(|e| {
        matches!(
            e.kind,
            ExpandErrorKind::AnonymousBlock
                | ExpandErrorKind::LexFailed
                | ExpandErrorKind::TooManyTokens
        )
    });
    (sound && spliced).then_some(root)
}

/// The tree of a Caddyfile, and whether it has structural syntax errors.
fn document(project: &Project, file: FileId) -> Option<(&Document, bool)> {
    match project.parsed(file) {
        Parsed::Caddyfile(data) => Some((
            &data.parse.tree,
            data.parse.errors.iter().any(is_structural),
        )),
        _ => None,
    }
}

/// The tree of a Caddyfile without structural syntax errors.
pub(crate) fn sound_document(project: &Project, file: FileId) -> Option<&Document> {
    match document(project, file)? {
        (doc, false) => Some(doc),
        (_, true) => None,
    }
}

/// Whether a syntax error leaves the file's structure uncertain (where blocks, lines and
/// tokens begin and end). Errors about what a well-formed line says (an address, a
/// redeclared snippet, an import's arguments) do not.
pub(crate) fn is_structural(error: &SyntaxError) -> bool {
    !matches!(
        error,
        SyntaxError::GlobalMatcher { .. }
            | SyntaxError::SnippetRedeclared { .. }
            | SyntaxError::NamedRouteRedeclared { .. }
            | SyntaxError::ImportWithoutArgument { .. }
            | SyntaxError::ImportEmptyPath { .. }
            | SyntaxError::AnonymousBlock { .. }
            | SyntaxError::GlobalOptionsNotFirst { .. }
            | SyntaxError::DirectiveAsSiteAddress { .. }
            | SyntaxError::PortOutOfRange { .. }
            | SyntaxError::InvalidPort { .. }
            | SyntaxError::UnsupportedScheme { .. }
            | SyntaxError::BrowserOnlyScheme { .. }
            | SyntaxError::SchemePortConflict { .. }
    )
}

/// Reports each finding once per place: a file imported by several roots, or a snippet
/// imported several times, yields the same finding from each expansion.
#[derive(Default)]
pub(crate) struct Once {
    seen: std::collections::HashSet<(FileId, TextRange)>,
}

impl Once {
    /// Returns `true` the first time a place is seen.
    pub(crate) fn first(&mut self, file: FileId, range: TextRange) -> bool {
        self.seen.insert((file, range))
    }
}

/// The names in `candidates` closest to `name`, for "did you mean" hints.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let owned: Vec<String> = candidates.into_iter().map(str::to_owned).collect();
    crate::rules::cross::closest_name(name, &owned).map(str::to_owned)
}

/// Adds a label on the import that brought `token`, when it came through one written in
/// another place than the token itself.
pub(crate) fn with_import_label(
    diagnostic: crate::Diagnostic,
    root: &Root<'_>,
    token: &ExpandedToken,
    what: &str,
) -> crate::Diagnostic {
    match root.import_site(token.via()) {
        Some((file, range)) => diagnostic.with_label(file, range, what),
        None => diagnostic,
    }
}
