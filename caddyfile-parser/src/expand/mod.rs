//! Snippet and import expansion with provenance.
//!
//! Caddy splices imported tokens into the token list while it parses
//! (`caddyconfig/caddyfile/parse.go`, `importargs.go`; `reference/caddyfile.md` §3–4).
//! We do the same on a stream: a stack of frames, one per active import, each reading a
//! shared token list and substituting `{args[…]}`, `{block}` and `{blocks.NAME}` as tokens
//! are pulled. Work is linear in the number of tokens produced, and bounded by
//! [`ExpandOptions`]. Every token keeps its source, range, line and the import that brought
//! it ([`ExpandedToken::via`], an index into [`Expansion::imports`]).
//!
//! Env placeholders (`{$VAR}`) are not substituted: the run-time environment is unknown, so
//! they stay in token text. Syntax errors of each source are [`crate::parse`]'s business;
//! expansion reports only what expanding finds (missing files, cycles, limits, …).

mod args;
mod stream;
mod structure;

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use crate::lexer::Quote;
use crate::syntax::BlockKind;

/// Index of a source in [`Expansion::sources`] (0 is the main file).
pub type SourceId = u32;

/// Index of an import site in [`Expansion::imports`].
pub type ImportId = u32;

/// Reads imported files: the file system ([`FsLoader`]) or anything else (tests).
pub trait SourceLoader {
    /// Reads a file's text.
    fn read(&self, path: &Path) -> std::io::Result<String>;
    /// Lists the files in `dir` whose name matches `pattern` (`*` and `?` wildcards), sorted.
    fn glob(&self, dir: &Path, pattern: &str) -> std::io::Result<Vec<PathBuf>>;
}

/// Reads imported files from the file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsLoader;

impl SourceLoader for FsLoader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn glob(&self, dir: &Path, pattern: &str) -> std::io::Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if let Some(name) = entry.file_name().to_str() {
                if wildcard_match(pattern, name) {
                    found.push(entry.path());
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// Matches a file name against a pattern with `*` (any run) and `?` (one char).
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Limits that keep expansion bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpandOptions {
    /// Deepest chain of nested imports (default 64).
    pub max_depth: u32,
    /// Most tokens produced in total (default 1,000,000: about 100 MB of tokens, far above
    /// real configurations, which stay under 100,000 even with thousands of sites).
    pub max_tokens: usize,
}

impl Default for ExpandOptions {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_tokens: 1_000_000,
        }
    }
}

/// One file that took part in the expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path (as given for the main file; joined with the importing file's folder for
    /// relative imports).
    pub path: PathBuf,
    /// The text as read (shared: [`expand_shared`] keeps the caller's text, not a copy).
    pub text: Arc<str>,
}

/// One `import` that was expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSite {
    /// The source the `import` token came from.
    pub source: SourceId,
    /// From `import` to its last argument, in that source.
    pub range: TextRange,
    /// Caddy's line of the `import` token.
    pub line: u32,
    /// The import that brought the `import` token itself, if any (the chain).
    pub parent: Option<ImportId>,
    /// What was imported: the snippet name or the path pattern.
    pub target: String,
}

/// A token after expansion, with where it came from (40 bytes: values up to 15 bytes are
/// kept inline by `EcoString`, and the import is a packed index, see [`ExpandedToken::via`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedToken {
    /// Caddy's value after import placeholders were substituted.
    pub text: EcoString,
    /// How it was quoted.
    pub quote: Quote,
    /// The source it was read from.
    pub source: SourceId,
    /// Its range in that source.
    pub range: TextRange,
    /// Caddy's line in that source.
    pub line: u32,
    /// The import that brought it, plus one (4 bytes where `Option<ImportId>` takes 8).
    via: Option<NonZeroU32>,
}

impl ExpandedToken {
    /// The import that brought it (`None` for tokens of the main file read directly): an
    /// index into [`Expansion::imports`].
    pub fn via(&self) -> Option<ImportId> {
        self.via.map(|v| v.get() - 1)
    }

    /// Records the import that brought it.
    pub(crate) fn set_via(&mut self, via: Option<ImportId>) {
        // invariant: ids index `Expansion::imports`, which never holds `u32::MAX` entries
        self.via = via.and_then(|id| NonZeroU32::new(id.wrapping_add(1)));
    }
}

/// A directive after expansion: its line's tokens and its nested block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedDirective {
    /// The name and arguments.
    pub tokens: Box<[ExpandedToken]>,
    /// The directives of the nested block, if the line opened one (a `ThinVec`: 8 bytes
    /// for the many lines without a block).
    pub block: Option<ThinVec<ExpandedDirective>>,
}

/// A server block after expansion (snippets are consumed, top-level imports spliced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedBlock {
    /// `Global`, `Site` or `NamedRoute`.
    pub kind: BlockKind,
    /// The keys (addresses, or the route name token).
    pub keys: Box<[ExpandedToken]>,
    /// The body's directives.
    pub directives: Box<[ExpandedDirective]>,
}

/// A problem found while expanding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    /// The source the offending token is in.
    pub source: SourceId,
    /// The offending token(s).
    pub range: TextRange,
    /// Caddy's line there.
    pub line: u32,
    /// Which problem.
    pub kind: ExpandErrorKind,
    /// Caddy's message (without `, at FILE:LINE`).
    pub message: String,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

/// The kinds of [`ExpandError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpandErrorKind {
    /// An import chain that comes back to itself.
    ImportCycle,
    /// A literal import path that does not exist.
    FileNotFound,
    /// An import file that could not be read.
    ReadFailed,
    /// An imported file with lexer errors.
    LexFailed,
    /// A glob with more than one `*`.
    BadGlob,
    /// A glob that matched nothing (a warning in Caddy).
    NoMatches,
    /// An empty imported file (a warning in Caddy).
    EmptyFile,
    /// `import` with no argument, or an empty one.
    BadImport,
    /// A `{ … }` without a name in an import block.
    AnonymousBlock,
    /// A snippet defined again (in another file).
    SnippetRedeclared,
    /// A bad `{args[a:b]}` range or a deprecated `{args.N}` (warnings in Caddy).
    BadPlaceholder,
    /// Imports nested deeper than [`ExpandOptions::max_depth`].
    TooDeep,
    /// More tokens than [`ExpandOptions::max_tokens`].
    TooManyTokens,
}

impl ExpandErrorKind {
    /// Returns `true` for what Caddy only warns about.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Self::NoMatches | Self::EmptyFile | Self::BadPlaceholder
        )
    }
}

/// The result of [`expand`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// Every file read, the main file first.
    pub sources: Vec<Source>,
    /// Every import expanded, in the order they were met.
    pub imports: Vec<ImportSite>,
    /// The server blocks after expansion.
    pub blocks: Vec<ExpandedBlock>,
    /// Problems (see [`ExpandErrorKind::is_warning`] for the ones Caddy only warns about).
    pub errors: Vec<ExpandError>,
}

impl Expansion {
    /// The chain of imports that brought a token, innermost first.
    pub fn chain(&self, via: Option<ImportId>) -> Vec<&ImportSite> {
        let mut out = Vec::new();
        let mut at = via;
        while let Some(id) = at {
            let Some(site) = self.imports.get(id as usize) else {
                break;
            };
            out.push(site);
            at = site.parent;
            if out.len() > self.imports.len() {
                break;
            }
        }
        out
    }
}

/// Expands snippets and imports of the Caddyfile `text` read from `path`, with default
/// limits.
///
/// # Example
/// ```
/// use caddyfile_parser::expand::{expand, FsLoader};
/// let text = "(common) {\n\tencode gzip\n}\nexample.com {\n\timport common\n}\n";
/// let out = expand("Caddyfile".as_ref(), text, &FsLoader);
/// assert!(out.errors.is_empty());
/// let directive = &out.blocks[0].directives[0];
/// assert_eq!(directive.tokens[0].text, "encode");
/// assert!(directive.tokens[0].via().is_some());
/// ```
pub fn expand(path: &Path, text: &str, loader: &dyn SourceLoader) -> Expansion {
    expand_with(path, text, loader, ExpandOptions::default())
}

/// [`expand`] with explicit limits.
pub fn expand_with(
    path: &Path,
    text: &str,
    loader: &dyn SourceLoader,
    options: ExpandOptions,
) -> Expansion {
    expand_shared(path, Arc::from(text), loader, options)
}

/// [`expand_with`] for a text the caller keeps too: [`Expansion::sources`]`[0]` shares it
/// instead of holding a copy.
pub fn expand_shared(
    path: &Path,
    text: Arc<str>,
    loader: &dyn SourceLoader,
    options: ExpandOptions,
) -> Expansion {
    let mut stream = stream::Stream::new(path, text, loader, options);
    let mut blocks = structure::blocks(&mut stream);
    blocks.shrink_to_fit();
    let (sources, imports, errors) = stream.finish();
    Expansion {
        sources,
        imports,
        blocks,
        errors,
    }
}

#[cfg(test)]
mod tests;
