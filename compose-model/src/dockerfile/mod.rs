//! A lossless, line-based Dockerfile reader for what cross-file rules need: stages, `ARG`s
//! and where they are used, `ENV`, `EXPOSE`.
//!
//! cfglint does not build images; it reads a service's Dockerfile to check that `build.args`
//! match `ARG`s, that used `ARG`s get a value, and which ports the image exposes.
//!
//! # Characteristics
//!
//! - Hand-written, line-based, total: every input gives a tree; problems are
//!   [`DockerfileError`]s with byte ranges. No panics and no recursion.
//! - Lossless: [`Dockerfile::lines`] tiles the input. Each instruction is one entry, with its
//!   continuation lines, the comment lines inside them and its heredoc bodies; each comment,
//!   blank or parser-directive line outside instructions is its own entry.
//! - Handles line continuations with the escape character (a backslash, or a backtick after
//!   the `# escape` parser directive), comment and blank lines inside continuations,
//!   heredocs (`<<EOF`, `<<-EOF`, quoted markers, several per line) on `RUN`, `COPY` and
//!   `ADD`, JSON-array forms (kept as text), CRLF and a BOM.
//! - Parses `FROM [--platform=…] image [AS name]`, `ARG a b=1`, `ENV k=v …` and legacy
//!   `ENV k v`, `EXPOSE 80 443/tcp 8000-8010`; other instructions are
//!   [`InstructionKind::Other`].
//! - Finds variable uses (`$X`, `${X}`, `${X:-d}`, `${X:+a}`, nested) in arguments and in
//!   heredoc bodies that are expanded, honouring the escape character and single quotes, and
//!   resolves `ARG` scope: [`Dockerfile::args`], [`Dockerfile::arg_uses`].
//!
//! # Example
//!
//! ```
//! use compose_model::dockerfile::{self, ArgScope};
//!
//! let text = "ARG NODE=20\nFROM node:${NODE} AS web\nARG VITE_API_URL\nRUN echo $VITE_API_URL \\\n  && npm run build\nEXPOSE 3000\n";
//! let parse = dockerfile::parse(text);
//! assert!(parse.errors.is_empty());
//! let file = &parse.tree;
//! assert_eq!(file.stages[0].name.as_ref().unwrap().value, "web");
//!
//! let args = file.args();
//! assert_eq!((args[0].name.value.as_str(), args[0].scope), ("NODE", ArgScope::Global));
//! assert_eq!((args[1].name.value.as_str(), args[1].scope), ("VITE_API_URL", ArgScope::Stage(0)));
//! let uses = file.arg_uses(&args[1]);
//! assert_eq!(&text[uses[0].range], "$VITE_API_URL");
//!
//! // Lossless: the lines tile the input.
//! let round: String = file.lines.iter().map(|l| &text[l.range]).collect();
//! assert_eq!(round, text);
//! ```
//!
//! # Limitations
//!
//! - Variables are found, not expanded: `FROM ${IMAGE}` keeps `${IMAGE}` as the image.
//! - `ONBUILD` triggers, `SHELL` and the exec form are kept as text; uses inside them are
//!   still found.
//! - A re-declared `ARG` in the same stage does not end the scope of the first one.
//! - A heredoc's marker is taken from the word (`<<EOF`, `<<"EOF"`); markers built from
//!   variables are not supported (`BuildKit` does not support them either).

mod reader;
mod vars;
mod words;

use std::collections::HashMap;
use std::ops::Range;

use miette::SourceSpan;
use text_size::TextRange;

use crate::Spanned;

/// How deep `${A:-${B:-…}}` may nest before the instruction is rejected.
pub const MAX_NESTING: usize = 64;

/// The result of [`parse`]: the file, plus every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerfileParse {
    /// The instructions and lines read, also when there are errors.
    pub tree: Dockerfile,
    /// Problems, in source order.
    pub errors: Vec<DockerfileError>,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The instructions, in source order.
    pub instructions: Vec<Instruction>,
    /// The build stages, one per `FROM`, in source order.
    pub stages: Vec<Stage>,
    /// Every line or instruction, in order; their ranges tile the input.
    pub lines: Vec<DockerLine>,
    /// The escape character: a backslash, or a backtick set by the `# escape` directive.
    pub escape: char,
}

/// One entry of [`Dockerfile::lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DockerLine {
    /// The line(s), with the newline. The first includes a BOM if there is one.
    pub range: TextRange,
    /// What it holds.
    pub kind: DockerLineKind,
}

/// What a [`DockerLine`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DockerLineKind {
    /// Only blanks.
    Blank,
    /// A `#` comment.
    Comment,
    /// A parser directive at the top (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive,
    /// An instruction: index into [`Dockerfile::instructions`].
    Instruction(usize),
}

/// One instruction, with its continuation lines and heredoc bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, upper-cased, with its range as written.
    pub keyword: Spanned<String>,
    /// From the keyword to the end of its arguments, or of its last heredoc's end marker.
    pub range: TextRange,
    /// The whole line(s) with the trailing newline: what to delete to remove it.
    pub line_range: TextRange,
    /// The arguments as written (continuations included), without surrounding blanks.
    pub args_range: TextRange,
    /// The parsed form.
    pub kind: InstructionKind,
    /// Heredocs (`RUN <<EOF`), in order.
    pub heredocs: Vec<Heredoc>,
    /// The stage it belongs to (`FROM` opens one); `None` before the first `FROM`.
    pub stage: Option<usize>,
    /// The variables it uses, in order: in the arguments, then in expanded heredoc bodies.
    pub variables: Vec<VarUse>,
}

/// The parsed forms the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstructionKind {
    /// `FROM [--platform=…] image [AS name]`.
    From(FromImage),
    /// `ARG name[=default] …`.
    Arg(Vec<ArgDef>),
    /// `ENV key=value …` or `ENV key value`.
    Env(Vec<EnvDef>),
    /// `EXPOSE port[/protocol] …`.
    Expose(Vec<ExposePort>),
    /// Anything else (and a `FROM` without an image).
    Other,
}

/// The arguments of `FROM`. Values are unquoted, not expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromImage {
    /// `--platform=value`.
    pub platform: Option<Spanned<String>>,
    /// The image (or stage name) built from.
    pub image: Spanned<String>,
    /// The stage name after `AS`.
    pub name: Option<Spanned<String>>,
}

/// One `name[=default]` of an `ARG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDef {
    /// The name.
    pub name: Spanned<String>,
    /// The default after `=`, unquoted, not expanded.
    pub default: Option<Spanned<String>>,
    /// The whole `name=default` word.
    pub range: TextRange,
}

/// One `key=value` of an `ENV`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvDef {
    /// The key.
    pub key: Spanned<String>,
    /// The value, unquoted, not expanded.
    pub value: Spanned<String>,
    /// The whole pair.
    pub range: TextRange,
}

/// One port of `EXPOSE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposePort {
    /// The word as written, unquoted.
    pub text: Spanned<String>,
    /// The first and last port (equal for one port); `None` when not numeric (`$PORT`).
    pub ports: Option<(u16, u16)>,
    /// `tcp`, `udp`, `sctp`, lower-cased, when given.
    pub protocol: Option<String>,
}

/// A heredoc of `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The marker (`EOF`); its range is the whole `<<-"EOF"` word.
    pub marker: Spanned<String>,
    /// `<<-`: leading tabs are stripped.
    pub strip_tabs: bool,
    /// The marker was quoted: the body is not expanded.
    pub quoted: bool,
    /// The body lines, with their newlines.
    pub body_range: TextRange,
    /// The end-marker line, without its newline; `None` when the file ends first.
    pub end_range: Option<TextRange>,
}

/// One use of a variable: `$NAME` or `${NAME…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    /// The name.
    pub name: Spanned<String>,
    /// The whole use (`${…}` up to its `}`).
    pub range: TextRange,
    /// `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`, `${X:=d}`: an unset `X` is provided for.
    pub has_default: bool,
    /// The use is in a heredoc body.
    pub in_heredoc: bool,
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Its position among the stages.
    pub index: usize,
    /// Index of its `FROM` instruction.
    pub from: usize,
    /// The image it starts from.
    pub image: Spanned<String>,
    /// Its `AS` name.
    pub name: Option<Spanned<String>>,
    /// Indices of its instructions, `FROM` included.
    pub instructions: Range<usize>,
}

/// Where an `ARG` is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgScope {
    /// Before the first `FROM`: usable in `FROM` lines, and in a stage only after the stage
    /// re-declares it.
    Global,
    /// Inside this stage, after the declaration.
    Stage(usize),
}

/// One declared `ARG` name, with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    /// The name.
    pub name: Spanned<String>,
    /// The default written here.
    pub default: Option<Spanned<String>>,
    /// The inherited default: for a stage `ARG X` without one, the default of the last global
    /// `ARG X=…` (Docker gives the re-declared global its value).
    pub global_default: Option<Spanned<String>>,
    /// Index of the `ARG` instruction.
    pub instruction: usize,
    /// Where it is visible.
    pub scope: ArgScope,
}

/// A problem in a Dockerfile. Messages follow `BuildKit`'s wording where it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum DockerfileError {
    /// A keyword Docker does not know.
    #[error("unknown instruction: {keyword}")]
    #[diagnostic(code(dockerfile::unknown_instruction))]
    UnknownInstruction {
        /// The keyword, upper-cased.
        keyword: String,
        /// Where it is.
        #[label("not an instruction")]
        span: SourceSpan,
    },
    /// An instruction other than `ARG` before the first `FROM`.
    #[error("no build stage in current context")]
    #[diagnostic(code(dockerfile::no_stage), help("start the file with `FROM`"))]
    NoStage {
        /// The instruction.
        #[label("before any `FROM`")]
        span: SourceSpan,
    },
    /// `FROM`, `ARG`, `ENV` or `EXPOSE` with nothing after it.
    #[error("`{keyword}` requires at least one argument")]
    #[diagnostic(code(dockerfile::missing_argument))]
    MissingArgument {
        /// The keyword.
        keyword: String,
        /// The keyword's range.
        #[label("no arguments")]
        span: SourceSpan,
    },
    /// A quote that is never closed in `FROM`/`ARG`/`ENV`/`EXPOSE`.
    #[error("unterminated quote")]
    #[diagnostic(code(dockerfile::unterminated_quote), help("add the closing quote"))]
    UnterminatedQuote {
        /// The word.
        #[label("this quote is never closed")]
        span: SourceSpan,
    },
    /// A heredoc whose end marker never comes.
    #[error("heredoc `<<{marker}` is never closed")]
    #[diagnostic(
        code(dockerfile::unclosed_heredoc),
        help("end it with a line holding only the marker")
    )]
    UnterminatedHeredoc {
        /// The marker.
        marker: String,
        /// The `<<EOF` word.
        #[label("opened here")]
        span: SourceSpan,
    },
    /// `${A:-${B:-…}}` nested deeper than [`MAX_NESTING`].
    #[error("variables nested deeper than {limit} levels")]
    #[diagnostic(code(dockerfile::too_deep))]
    TooDeep {
        /// The limit.
        limit: usize,
        /// The `${` past the limit.
        #[label("too deep")]
        span: SourceSpan,
    },
}

impl DockerfileError {
    /// Returns the byte range the error points at.
    pub fn range(&self) -> TextRange {
        let span = match self {
            Self::UnknownInstruction { span, .. }
            | Self::NoStage { span }
            | Self::MissingArgument { span, .. }
            | Self::UnterminatedQuote { span }
            | Self::UnterminatedHeredoc { span, .. }
            | Self::TooDeep { span, .. } => span,
        };
        reader::text_range(span.offset(), span.offset() + span.len())
    }
}

/// Reads a Dockerfile. Always returns a tree; problems are in [`DockerfileParse::errors`].
///
/// # Example
///
/// ```
/// let parse = compose_model::dockerfile::parse("FROM alpine\nRUN <<EOF\nFROM x\nEOF\n");
/// assert!(parse.errors.is_empty());
/// assert_eq!(parse.tree.instructions.len(), 2, "the heredoc body is not an instruction");
/// ```
pub fn parse(text: &str) -> DockerfileParse {
    reader::Reader::new(text).run()
}

impl Dockerfile {
    /// Returns every `ARG` name declared, in source order, with its scope.
    pub fn args(&self) -> Vec<ArgDecl> {
        let mut out: Vec<ArgDecl> = Vec::new();
        // The last default of each global ARG, for stages that re-declare it.
        let mut globals: HashMap<&str, &Spanned<String>> = HashMap::new();
        for (index, instruction) in self.instructions.iter().enumerate() {
            let InstructionKind::Arg(defs) = &instruction.kind else {
                continue;
            };
            let scope = instruction.stage.map_or(ArgScope::Global, ArgScope::Stage);
            for def in defs {
                let global_default = match (scope, &def.default) {
                    (ArgScope::Stage(_), None) => {
                        globals.get(def.name.value.as_str()).map(|d| (*d).clone())
                    }
                    (ArgScope::Global, Some(default)) => {
                        globals.insert(&def.name.value, default);
                        None
                    }
                    _ => None,
                };
                out.push(ArgDecl {
                    name: def.name.clone(),
                    default: def.default.clone(),
                    global_default,
                    instruction: index,
                    scope,
                });
            }
        }
        out
    }

    /// Returns the uses of `decl` in its scope, in source order: for a stage `ARG`, in the
    /// rest of the stage (later words of the same `ARG` included); for a global `ARG`, in
    /// later global `ARG`s and in every `FROM` line.
    pub fn arg_uses(&self, decl: &ArgDecl) -> Vec<&VarUse> {
        let name = decl.name.value.as_str();
        let after = decl.name.range.end();
        // Only the instructions in scope are visited, so listing the uses of every ARG stays
        // linear in the file size.
        let indices: Vec<usize> = match decl.scope {
            ArgScope::Stage(stage) => self
                .stages
                .get(stage)
                .map(|s| decl.instruction.max(s.instructions.start)..s.instructions.end)
                .into_iter()
                .flatten()
                .collect(),
            ArgScope::Global => {
                let first_stage = self
                    .stages
                    .first()
                    .map_or(self.instructions.len(), |s| s.from);
                (decl.instruction..first_stage)
                    .chain(self.stages.iter().map(|s| s.from))
                    .collect()
            }
        };
        indices
            .into_iter()
            .filter_map(|index| self.instructions.get(index))
            .flat_map(|instruction| &instruction.variables)
            .filter(|u| u.name.value == name && u.range.start() >= after)
            .collect()
    }

    /// Returns the instructions of `stage`.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or_default()
    }
}
