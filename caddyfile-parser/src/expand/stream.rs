//! The expanded token stream: frames over shared token lists, import resolution, limits.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use text_size::TextRange;

use super::args::{ImportCtx, substitute};
use super::{
    ExpandError, ExpandErrorKind, ExpandOptions, ExpandedToken, ImportId, ImportSite, Source,
    SourceId, SourceLoader,
};
use crate::lexer::{CaddyLines, Quote, Tokens, lex_error, line_breaks, value};

/// How a token is pulled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Substitute placeholders and expand imports at line starts.
    Normal,
    /// Neither (a snippet definition's body, kept for later).
    Raw,
}

/// One active token list: the main file, an imported file or snippet.
struct Frame {
    tokens: Rc<Vec<ExpandedToken>>,
    pos: usize,
    /// Tokens produced by substitution, served before `tokens[pos..]`.
    queue: VecDeque<ExpandedToken>,
    ctx: Option<Rc<ImportCtx>>,
    via: Option<ImportId>,
}

/// An imported file, read and lexed once.
struct LoadedFile {
    tokens: Rc<Vec<ExpandedToken>>,
    /// The message for an empty file or a lexer error, reported at every import of it.
    problem: Option<String>,
}

/// What the previous consumed token ends at, to tell whether the next is on a new line.
#[derive(Clone, Copy)]
struct LineMark {
    source: SourceId,
    via: Option<ImportId>,
    end_line: u32,
}

/// A peeked token's shape.
pub(super) struct Peeked {
    pub(super) new_line: bool,
    pub(super) open: bool,
    pub(super) close: bool,
}

pub(super) struct Stream<'l> {
    loader: &'l dyn SourceLoader,
    options: ExpandOptions,
    sources: Vec<Source>,
    imports: Vec<ImportSite>,
    errors: Vec<ExpandError>,
    frames: Vec<Frame>,
    snippets: HashMap<String, (Rc<Vec<ExpandedToken>>, SourceId)>,
    lookahead: Option<ExpandedToken>,
    last: Option<LineMark>,
    produced: usize,
    stopped: bool,
    /// The chain of the import being expanded (node names, main file first).
    active: Vec<String>,
    /// The node name of each import site (a file path, or `file:snippet`).
    nodes: Vec<String>,
    /// Files already read, by path.
    files: HashMap<PathBuf, Rc<LoadedFile>>,
    main_node: String,
}

/// The first lexer error of a source: message, range, Caddy line.
type LexProblem = (String, TextRange, u32);

/// Lexes one source into expanded tokens (values, lines), with the first lexer error.
fn source_tokens(text: &str, source: SourceId) -> (Vec<ExpandedToken>, Option<LexProblem>) {
    let mut lines = CaddyLines::new();
    let mut out = Vec::new();
    let mut first_error = None;
    for token in Tokens::new(text) {
        let raw = &text[token.range];
        let line = lines.advance(token.kind, raw);
        if token.kind.is_trivia() {
            continue;
        }
        if first_error.is_none() && token.error != Some(crate::LexError::UnclosedQuote) {
            first_error =
                lex_error(text, &token, line).map(|e| (e.to_string(), token.range, e.caddy_line()));
        }
        out.push(ExpandedToken {
            text: value(token.kind, raw).into(),
            quote: Quote::of(&token),
            source,
            range: token.range,
            line,
            via: None,
        });
    }
    (out, first_error)
}

/// Removes `.` and resolves `..` components lexically.
fn clean_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

pub(super) fn is_brace(token: &ExpandedToken, brace: &str) -> bool {
    token.quote == Quote::None && token.text == brace
}

impl<'l> Stream<'l> {
    pub(super) fn new(
        path: &Path,
        text: Arc<str>,
        loader: &'l dyn SourceLoader,
        options: ExpandOptions,
    ) -> Self {
        let (tokens, error) = source_tokens(&text, 0);
        let mut stream = Self {
            loader,
            options,
            sources: vec![Source {
                path: path.to_owned(),
                text,
            }],
            imports: Vec::new(),
            errors: Vec::new(),
            frames: Vec::new(),
            snippets: HashMap::new(),
            lookahead: None,
            last: None,
            produced: 0,
            stopped: false,
            active: Vec::new(),
            nodes: Vec::new(),
            files: HashMap::new(),
            main_node: path.display().to_string(),
        };
        if let Some((message, range, line)) = error {
            stream.error(0, range, line, ExpandErrorKind::LexFailed, message);
        }
        stream.frames.push(Frame {
            tokens: Rc::new(tokens),
            pos: 0,
            queue: VecDeque::new(),
            ctx: None,
            via: None,
        });
        stream
    }

    pub(super) fn finish(self) -> (Vec<Source>, Vec<ImportSite>, Vec<ExpandError>) {
        (self.sources, self.imports, self.errors)
    }

    fn error(
        &mut self,
        source: SourceId,
        range: TextRange,
        line: u32,
        kind: ExpandErrorKind,
        message: String,
    ) {
        self.errors.push(ExpandError {
            source,
            range,
            line,
            kind,
            message,
        });
    }

    fn error_at(&mut self, token: &ExpandedToken, kind: ExpandErrorKind, message: String) {
        self.error(token.source, token.range, token.line, kind, message);
    }

    /// Takes the next token from the frames, substituting when `subst`; `None` at the end.
    fn pull(&mut self, subst: bool) -> Option<ExpandedToken> {
        loop {
            if self.stopped {
                return None;
            }
            let frame = self.frames.last_mut()?;
            let token = if let Some(token) = frame.queue.pop_front() {
                token
            } else if let Some(token) = frame.tokens.get(frame.pos) {
                let mut token = token.clone();
                frame.pos += 1;
                if frame.via.is_some() {
                    token.set_via(frame.via);
                }
                if let (true, Some(ctx)) = (subst, &frame.ctx) {
                    if token.text.contains('{') {
                        let ctx = Rc::clone(ctx);
                        let mut warnings = Vec::new();
                        substitute(token, &ctx, &mut frame.queue, &mut warnings);
                        for (token, message) in warnings {
                            self.error_at(&token, ExpandErrorKind::BadPlaceholder, message);
                        }
                        continue;
                    }
                }
                token
            } else {
                self.frames.pop();
                continue;
            };
            self.produced += 1;
            if self.produced > self.options.max_tokens {
                self.stopped = true;
                let message = format!(
                    "expansion produced more than {} tokens; stopped",
                    self.options.max_tokens
                );
                self.error_at(&token, ExpandErrorKind::TooManyTokens, message);
                return None;
            }
            return Some(token);
        }
    }

    fn new_line_after(last: Option<LineMark>, token: &ExpandedToken) -> bool {
        last.is_none_or(|m| {
            m.source != token.source || m.via != token.via() || m.end_line < token.line
        })
    }

    /// Fills the lookahead in `mode`, expanding imports at line starts when asked.
    fn fill(&mut self, mode: Mode) -> Option<&ExpandedToken> {
        loop {
            if self.lookahead.is_none() {
                self.lookahead = self.pull(mode != Mode::Raw);
            }
            let token = self.lookahead.as_ref()?;
            if mode == Mode::Normal
                && token.text == "import"
                && Self::new_line_after(self.last, token)
            {
                let token = self.lookahead.take()?;
                self.import(&token);
                continue;
            }
            return self.lookahead.as_ref();
        }
    }

    /// Consumes the next token.
    pub(super) fn next_in(&mut self, mode: Mode) -> Option<ExpandedToken> {
        self.fill(mode)?;
        let token = self.lookahead.take()?;
        self.last = Some(LineMark {
            source: token.source,
            via: token.via(),
            end_line: token.line + line_breaks(&token.text, token.quote),
        });
        Some(token)
    }

    pub(super) fn next(&mut self) -> Option<ExpandedToken> {
        self.next_in(Mode::Normal)
    }

    /// Looks at the next token (expanding imports first).
    pub(super) fn peek(&mut self) -> Option<Peeked> {
        let last = self.last;
        let token = self.fill(Mode::Normal)?;
        Some(Peeked {
            new_line: Self::new_line_after(last, token),
            open: is_brace(token, "{"),
            close: is_brace(token, "}"),
        })
    }

    /// Records a snippet definition.
    pub(super) fn define_snippet(
        &mut self,
        name: String,
        tokens: Vec<ExpandedToken>,
        key: &ExpandedToken,
    ) {
        if let Some((_, source)) = self.snippets.get(&name) {
            if *source != key.source {
                let message = format!("redeclaration of previously declared snippet {name}");
                self.error_at(key, ExpandErrorKind::SnippetRedeclared, message);
            }
            return;
        }
        self.snippets.insert(name, (Rc::new(tokens), key.source));
    }

    /// `import PATTERN [args…] [{ block }]`: reads the rest of the line, resolves the target
    /// and pushes its frame(s).
    fn import(&mut self, import: &ExpandedToken) {
        // the chain of imports that brought this `import`, outermost (the main file) first
        let mut active = Vec::new();
        let mut at = import.via();
        while let Some(id) = at {
            active.push(self.nodes[id as usize].clone());
            at = self.imports[id as usize].parent;
            if active.len() > self.imports.len() {
                break;
            }
        }
        active.push(self.main_node.clone());
        active.reverse();
        let importer = active.last().cloned().unwrap_or_default();
        let mut args = Vec::new();
        let mut prev = LineMark {
            source: import.source,
            via: import.via(),
            end_line: import.line,
        };
        loop {
            if self.lookahead.is_none() {
                self.lookahead = self.pull(true);
            }
            let Some(token) = self.lookahead.as_ref() else {
                break;
            };
            if Self::new_line_after(Some(prev), token) {
                break;
            }
            let Some(token) = self.lookahead.take() else {
                break;
            };
            prev = LineMark {
                source: token.source,
                via: token.via(),
                end_line: token.line + line_breaks(&token.text, token.quote),
            };
            args.push(token);
        }
        let mut block = Vec::new();
        if args.last().is_some_and(|t| is_brace(t, "{")) {
            args.pop();
            let mut nesting = 1_u32;
            while let Some(token) = self.lookahead.take().or_else(|| self.pull(true)) {
                if is_brace(&token, "{") {
                    nesting += 1;
                } else if is_brace(&token, "}") {
                    nesting -= 1;
                    if nesting == 0 {
                        break;
                    }
                }
                block.push(token);
            }
        }
        // the token after the import line goes back in front of its frame, so that the
        // imported tokens come first
        if let Some(token) = self.lookahead.take() {
            if let Some(frame) = self.frames.last_mut() {
                frame.queue.push_front(token);
            }
        }
        self.active = active;
        let Some(pattern) = args.first().cloned() else {
            let message =
                "wrong argument count or unexpected line ending after 'import'".to_owned();
            self.error_at(import, ExpandErrorKind::BadImport, message);
            return;
        };
        if pattern.text.is_empty() {
            self.error_at(
                &pattern,
                ExpandErrorKind::BadImport,
                "Import requires a non-empty filepath".to_owned(),
            );
            return;
        }
        let (ctx, anonymous) = ImportCtx::new(args[1..].to_vec(), block);
        for token in anonymous {
            self.error_at(
                &token,
                ExpandErrorKind::AnonymousBlock,
                "anonymous blocks are not supported".to_owned(),
            );
        }
        let end = args.last().map_or(import.range.end(), |t| {
            if t.source == import.source {
                t.range.end().max(import.range.end())
            } else {
                import.range.end()
            }
        });
        let site = ImportSite {
            source: import.source,
            range: TextRange::new(import.range.start(), end),
            line: import.line,
            parent: import.via(),
            target: pattern.text.to_string(),
        };
        let file = self.sources[import.source as usize].path.clone();
        if let Some((tokens, _)) = self.snippets.get(pattern.text.as_str()) {
            let tokens = Rc::clone(tokens);
            let node = format!("{}:{}", file.display(), pattern.text);
            self.push_frame(import, site, tokens, Rc::new(ctx), &node, &importer);
            return;
        }
        self.import_files(import, &pattern, &site, ctx, &file, &importer);
    }

    fn import_files(
        &mut self,
        import: &ExpandedToken,
        pattern: &ExpandedToken,
        site: &ImportSite,
        ctx: ImportCtx,
        importing_file: &Path,
        importer: &str,
    ) {
        let dir = importing_file.parent().unwrap_or(Path::new(""));
        // like Go's filepath.Join, which cleans `.` and `..` lexically
        let full = clean_path(&dir.join(pattern.text.as_str()));
        let files: Vec<PathBuf> = if pattern.text.contains(['*', '?']) {
            if pattern.text.matches('*').count() > 1 {
                let message = format!(
                    "Glob pattern may only contain one wildcard (*), but has others: {}",
                    pattern.text
                );
                self.error_at(pattern, ExpandErrorKind::BadGlob, message);
                return;
            }
            let name = full
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let folder = full.parent().unwrap_or(Path::new("")).to_owned();
            let mut found = self.loader.glob(&folder, &name).unwrap_or_default();
            if name.starts_with('*') {
                found.retain(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
                });
            }
            if found.is_empty() {
                let message = format!("No files matching import glob pattern: {}", pattern.text);
                self.error_at(pattern, ExpandErrorKind::NoMatches, message);
            }
            found
        } else {
            vec![full]
        };
        let ctx = Rc::new(ctx);
        let mut frames = Vec::new();
        for path in files {
            let Some(file) = self.load(&path, pattern) else {
                continue;
            };
            if let Some(problem) = &file.problem {
                let message = problem.clone();
                let kind = if file.tokens.is_empty() {
                    ExpandErrorKind::EmptyFile
                } else {
                    ExpandErrorKind::LexFailed
                };
                self.error_at(pattern, kind, message);
            }
            if file.tokens.is_empty() {
                continue;
            }
            frames.push((Rc::clone(&file.tokens), path.display().to_string()));
        }
        if frames.is_empty() {
            return;
        }
        // one import site per file; the first file must be read first
        for (tokens, node) in frames.into_iter().rev() {
            self.push_frame(
                import,
                site.clone(),
                tokens,
                Rc::clone(&ctx),
                &node,
                importer,
            );
        }
    }

    /// Reads and lexes an imported file once; later imports of the same path reuse it.
    /// `None` (after reporting) when it cannot be read.
    fn load(&mut self, path: &Path, pattern: &ExpandedToken) -> Option<Rc<LoadedFile>> {
        if let Some(file) = self.files.get(path) {
            return Some(Rc::clone(file));
        }
        let text = match self.loader.read(path) {
            Ok(text) => text,
            Err(e) => {
                let (kind, message) = if e.kind() == std::io::ErrorKind::NotFound {
                    let message = format!("File to import not found: {}", pattern.text);
                    (ExpandErrorKind::FileNotFound, message)
                } else {
                    let message = format!("Could not import {}: {e}", path.display());
                    (ExpandErrorKind::ReadFailed, message)
                };
                self.error_at(pattern, kind, message);
                return None;
            }
        };
        let file = if text.trim().is_empty() {
            LoadedFile {
                tokens: Rc::new(Vec::new()),
                problem: Some(format!("Import file is empty: {}", path.display())),
            }
        } else {
            let id = self.sources.len() as SourceId;
            let (tokens, error) = source_tokens(&text, id);
            self.sources.push(Source {
                path: path.to_owned(),
                text: text.into(),
            });
            LoadedFile {
                tokens: Rc::new(tokens),
                problem: error.map(|(error, _, _)| {
                    format!(
                        "Could not read tokens while importing {}: {error}",
                        path.display()
                    )
                }),
            }
        };
        let file = Rc::new(file);
        self.files.insert(path.to_owned(), Rc::clone(&file));
        Some(file)
    }

    /// Pushes a frame after the cycle and depth checks; returns the new import's id.
    fn push_frame(
        &mut self,
        import: &ExpandedToken,
        site: ImportSite,
        tokens: Rc<Vec<ExpandedToken>>,
        ctx: Rc<ImportCtx>,
        node: &str,
        importer: &str,
    ) -> Option<ImportId> {
        if self.active.iter().any(|n| n == node) {
            let message = format!("a cycle of imports exists between {importer} and {node}");
            self.error_at(import, ExpandErrorKind::ImportCycle, message);
            return None;
        }
        if self.active.len() as u32 > self.options.max_depth {
            let message = format!(
                "imports are nested more than {} levels deep",
                self.options.max_depth
            );
            self.error_at(import, ExpandErrorKind::TooDeep, message);
            return None;
        }
        let id = self.imports.len() as ImportId;
        self.imports.push(site);
        self.nodes.push(node.to_owned());
        self.frames.push(Frame {
            tokens,
            pos: 0,
            queue: VecDeque::new(),
            ctx: Some(ctx),
            via: Some(id),
        });
        Some(id)
    }
}
