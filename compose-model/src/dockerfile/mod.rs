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
//! - Compact: a stack holds thousands of small Dockerfiles, so the tree is a set of tables
//!   (instructions, stages, `ARG` names, `ENV` pairs, `EXPOSE` ports, heredocs, variable
//!   uses), each one exact allocation or none when empty; rows of the part tables name their
//!   instruction, and [`Dockerfile::kind`] gives an instruction's parts. Values are
//!   [`EcoString`]s (short ones are stored inline), and what the source text holds
//!   (the lines) is recomputed from it.
//!
//! # Example
//!
//! ```
//! use compose_model::dockerfile::{self, ArgScope, InstructionKind, Keyword};
//!
//! let text = "ARG NODE=20\nFROM node:${NODE} AS web\nARG VITE_API_URL\nRUN echo $VITE_API_URL \\\n  && npm run build\nEXPOSE 3000\n";
//! let parse = dockerfile::parse(text);
//! assert!(parse.errors.is_empty());
//! let file = &parse.tree;
//! assert_eq!(file.stages[0].name.as_ref().unwrap().value, "web");
//! assert_eq!(file.instructions[3].keyword.value, Keyword::Run);
//!
//! let args = file.args();
//! assert_eq!((args[0].name.value.as_str(), args[0].scope), ("NODE", ArgScope::Global));
//! assert_eq!((args[1].name.value.as_str(), args[1].scope), ("VITE_API_URL", ArgScope::Stage(0)));
//! let uses = file.arg_uses(&args[1]);
//! assert_eq!(&text[uses[0].range], "$VITE_API_URL");
//!
//! let InstructionKind::Expose(ports) = file.kind(4) else { panic!("EXPOSE") };
//! assert_eq!(ports[0].ports, Some((3000, 3000)));
//!
//! // Lossless: the lines tile the input.
//! let round: String = file.lines(text).iter().map(|l| &text[l.range]).collect();
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

mod keyword;
mod reader;
mod vars;
mod words;

use std::collections::HashMap;
use std::ops::Range;

use ecow::EcoString;
use miette::SourceSpan;
use text_size::TextRange;

use crate::Spanned;

pub use keyword::Keyword;

/// How deep `${A:-${B:-…}}` may nest before the instruction is rejected.
pub const MAX_NESTING: usize = 64;

/// The result of [`parse`]: the file, plus every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerfileParse {
    /// The instructions and their parts, also when there are errors.
    pub tree: Dockerfile,
    /// Problems, in source order.
    pub errors: Vec<DockerfileError>,
}

/// A parsed Dockerfile: tables in source order. The rows of the part tables (`arg_defs`,
/// `env_defs`, `expose_ports`, `heredocs`, `variables`) name their instruction, and are
/// grouped by it; [`Dockerfile::kind`], [`Dockerfile::heredocs_of`] and
/// [`Dockerfile::variables_of`] give one instruction's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The instructions, in source order.
    pub instructions: Box<[Instruction]>,
    /// The build stages, one per `FROM` with an image, in source order.
    pub stages: Box<[Stage]>,
    /// The names of every `ARG`, in source order.
    pub arg_defs: Box<[ArgDef]>,
    /// The pairs of every `ENV`, in source order.
    pub env_defs: Box<[EnvDef]>,
    /// The ports of every `EXPOSE`, in source order.
    pub expose_ports: Box<[ExposePort]>,
    /// The heredocs of every `RUN`, `COPY` and `ADD`, in source order.
    pub heredocs: Box<[Heredoc]>,
    /// Every variable use, by instruction: in its arguments, then in its expanded heredoc
    /// bodies.
    pub variables: Box<[VarUse]>,
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

/// One instruction, with its continuation lines and heredoc bodies. Its parsed parts are in
/// the tables of [`Dockerfile`]: see [`Dockerfile::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, with its range as written.
    pub keyword: Spanned<Keyword>,
    /// From the keyword to the end of its arguments, or of its last heredoc's end marker.
    pub range: TextRange,
    /// The whole line(s) with the trailing newline: what to delete to remove it.
    pub line_range: TextRange,
    /// The arguments as written (continuations included), without surrounding blanks.
    pub args_range: TextRange,
}

/// The parsed form of an instruction, as [`Dockerfile::kind`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstructionKind<'a> {
    /// `FROM [--platform=…] image [AS name]`: the stage it opens.
    From(&'a Stage),
    /// `ARG name[=default] …`.
    Arg(&'a [ArgDef]),
    /// `ENV key=value …` or `ENV key value`.
    Env(&'a [EnvDef]),
    /// `EXPOSE port[/protocol] …`.
    Expose(&'a [ExposePort]),
    /// Anything else (and a `FROM` without an image).
    Other,
}

/// One `name[=default]` of an `ARG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDef {
    /// The name.
    pub name: Spanned<EcoString>,
    /// The default after `=`, unquoted, not expanded.
    pub default: Option<Spanned<EcoString>>,
    /// The whole `name=default` word.
    pub range: TextRange,
    /// Index of its instruction: see [`Self::instruction`].
    instruction: u32,
}

impl ArgDef {
    /// Returns the index of its `ARG` in [`Dockerfile::instructions`].
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }
}

/// One `key=value` of an `ENV`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvDef {
    /// The key.
    pub key: Spanned<EcoString>,
    /// The value, unquoted, not expanded.
    pub value: Spanned<EcoString>,
    /// The whole pair.
    pub range: TextRange,
    /// Index of its instruction: see [`Self::instruction`].
    instruction: u32,
}

impl EnvDef {
    /// Returns the index of its `ENV` in [`Dockerfile::instructions`].
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }
}

/// One port of `EXPOSE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposePort {
    /// The word as written, unquoted.
    pub text: Spanned<EcoString>,
    /// The first and last port (equal for one port); `None` when not numeric (`$PORT`).
    pub ports: Option<(u16, u16)>,
    /// Index of its instruction: see [`Self::instruction`].
    instruction: u32,
}

impl ExposePort {
    /// Returns the index of its `EXPOSE` in [`Dockerfile::instructions`].
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }

    /// Returns the protocol after `/` (`tcp`, `udp`, `sctp`), lower-cased, when given.
    pub fn protocol(&self) -> Option<EcoString> {
        let (_, protocol) = self.text.value.split_once('/')?;
        Some(protocol.to_ascii_lowercase().into())
    }
}

/// A heredoc of `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The marker (`EOF`); its range is the whole `<<-"EOF"` word.
    pub marker: Spanned<EcoString>,
    /// `<<-`: leading tabs are stripped.
    pub strip_tabs: bool,
    /// The marker was quoted: the body is not expanded.
    pub quoted: bool,
    /// The body lines, with their newlines.
    pub body_range: TextRange,
    /// The end-marker line, without its newline; `None` when the file ends first.
    pub end_range: Option<TextRange>,
    /// Index of its instruction: see [`Self::instruction`].
    instruction: u32,
}

impl Heredoc {
    /// Returns the index of its instruction in [`Dockerfile::instructions`].
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }
}

/// One use of a variable: `$NAME` or `${NAME…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    /// The name.
    pub name: Spanned<EcoString>,
    /// The whole use (`${…}` up to its `}`).
    pub range: TextRange,
    /// `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`, `${X:=d}`: an unset `X` is provided for.
    pub has_default: bool,
    /// The use is in a heredoc body.
    pub in_heredoc: bool,
    /// Index of its instruction: see [`Self::instruction`].
    instruction: u32,
}

impl VarUse {
    /// Returns the index of its instruction in [`Dockerfile::instructions`].
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// `--platform=value` of its `FROM`, unquoted, not expanded.
    pub platform: Option<Spanned<EcoString>>,
    /// The image (or stage name) it starts from, unquoted, not expanded.
    pub image: Spanned<EcoString>,
    /// Its `AS` name.
    pub name: Option<Spanned<EcoString>>,
    /// Indices of its instructions in [`Dockerfile::instructions`], starting with its `FROM`.
    pub instructions: Range<usize>,
}

/// Where an `ARG` is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgScope {
    /// Before the first `FROM`: usable in `FROM` lines, and in a stage only after the stage
    /// re-declares it.
    Global,
    /// Inside this stage (index into [`Dockerfile::stages`]), after the declaration.
    Stage(usize),
}

/// One declared `ARG` name, with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    /// The name.
    pub name: Spanned<EcoString>,
    /// The default written here.
    pub default: Option<Spanned<EcoString>>,
    /// The inherited default: for a stage `ARG X` without one, the default of the last global
    /// `ARG X=…` (Docker gives the re-declared global its value).
    pub global_default: Option<Spanned<EcoString>>,
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
    /// Returns the parsed form of instruction `index`: for `FROM`, the stage it opens; for
    /// `ARG`, `ENV` and `EXPOSE`, its rows; [`InstructionKind::Other`] for other instructions
    /// (and for an index out of range).
    pub fn kind(&self, index: usize) -> InstructionKind<'_> {
        let Some(instruction) = self.instructions.get(index) else {
            return InstructionKind::Other;
        };
        let of = |start: usize| start..start + 1;
        match instruction.keyword.value {
            Keyword::From => self
                .stage_of(index)
                .and_then(|stage| self.stages.get(stage))
                .filter(|stage| stage.instructions.start == index)
                .map_or(InstructionKind::Other, InstructionKind::From),
            Keyword::Arg => {
                InstructionKind::Arg(rows_in(&self.arg_defs, of(index), ArgDef::instruction))
            }
            Keyword::Env => {
                InstructionKind::Env(rows_in(&self.env_defs, of(index), EnvDef::instruction))
            }
            Keyword::Expose => InstructionKind::Expose(rows_in(
                &self.expose_ports,
                of(index),
                ExposePort::instruction,
            )),
            _ => InstructionKind::Other,
        }
    }

    /// Returns the stage instruction `index` belongs to, as an index into
    /// [`Dockerfile::stages`]: the last stage opened at or before it; `None` before the first
    /// `FROM`.
    pub fn stage_of(&self, index: usize) -> Option<usize> {
        self.stages
            .partition_point(|stage| stage.instructions.start <= index)
            .checked_sub(1)
    }

    /// Returns the heredocs of instruction `index`, in order.
    pub fn heredocs_of(&self, index: usize) -> &[Heredoc] {
        rows_in(&self.heredocs, index..index + 1, Heredoc::instruction)
    }

    /// Returns the variables instruction `index` uses, in order: in its arguments, then in its
    /// expanded heredoc bodies.
    pub fn variables_of(&self, index: usize) -> &[VarUse] {
        self.variables_in(index..index + 1)
    }

    /// The variables the instructions `range` use.
    fn variables_in(&self, range: Range<usize>) -> &[VarUse] {
        rows_in(&self.variables, range, VarUse::instruction)
    }

    /// Returns every line or instruction of `text`, the text this tree was read from, in
    /// order; their ranges tile it. Recomputed on each call (the tree does not keep them).
    ///
    /// With another text the result is unspecified (but this does not panic).
    ///
    /// # Example
    ///
    /// ```
    /// use compose_model::dockerfile::{self, DockerLineKind};
    ///
    /// let text = "# syntax=docker/dockerfile:1\nFROM a\n\n# build\nRUN b \\\n  c\n";
    /// let kinds: Vec<_> = dockerfile::parse(text)
    ///     .tree
    ///     .lines(text)
    ///     .iter()
    ///     .map(|l| (l.kind, &text[l.range]))
    ///     .collect();
    /// assert_eq!(
    ///     kinds,
    ///     [
    ///         (DockerLineKind::Directive, "# syntax=docker/dockerfile:1\n"),
    ///         (DockerLineKind::Instruction(0), "FROM a\n"),
    ///         (DockerLineKind::Blank, "\n"),
    ///         (DockerLineKind::Comment, "# build\n"),
    ///         (DockerLineKind::Instruction(1), "RUN b \\\n  c\n"),
    ///     ]
    /// );
    /// ```
    pub fn lines(&self, text: &str) -> Vec<DockerLine> {
        reader::lines(text, &self.instructions)
    }

    /// Returns every `ARG` name declared, in source order, with its scope.
    pub fn args(&self) -> Vec<ArgDecl> {
        let mut out: Vec<ArgDecl> = Vec::with_capacity(self.arg_defs.len());
        // The last default of each global ARG, for stages that re-declare it.
        let mut globals: HashMap<&str, &Spanned<EcoString>> = HashMap::new();
        for def in &self.arg_defs {
            let scope = self
                .stage_of(def.instruction())
                .map_or(ArgScope::Global, ArgScope::Stage);
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
                instruction: def.instruction(),
                scope,
            });
        }
        out
    }

    /// Returns the uses of `decl` in its scope, in source order: for a stage `ARG`, in the
    /// rest of the stage (later words of the same `ARG` included); for a global `ARG`, in
    /// later global `ARG`s and in every `FROM` line.
    pub fn arg_uses(&self, decl: &ArgDecl) -> Vec<&VarUse> {
        let name = decl.name.value.as_str();
        let after = decl.name.range.end();
        // Only the uses in scope are visited, each found by binary search, so listing the
        // uses of every ARG stays near linear in the file size.
        let in_scope: Vec<&[VarUse]> = match decl.scope {
            ArgScope::Stage(stage) => self
                .stages
                .get(stage)
                .map(|s| {
                    self.variables_in(
                        decl.instruction.max(s.instructions.start)..s.instructions.end,
                    )
                })
                .into_iter()
                .collect(),
            ArgScope::Global => {
                let first_stage = self
                    .stages
                    .first()
                    .map_or(self.instructions.len(), |s| s.instructions.start);
                std::iter::once(self.variables_in(decl.instruction..first_stage))
                    .chain(
                        self.stages
                            .iter()
                            .map(|s| self.variables_of(s.instructions.start)),
                    )
                    .collect()
            }
        };
        in_scope
            .into_iter()
            .flatten()
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

/// The rows of `rows` (grouped by instruction, in instruction order) that belong to the
/// instructions `range`; `instruction` reads a row's instruction.
fn rows_in<T>(rows: &[T], range: Range<usize>, instruction: impl Fn(&T) -> usize) -> &[T] {
    let start = rows.partition_point(|row| instruction(row) < range.start);
    let end = rows.partition_point(|row| instruction(row) < range.end);
    rows.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn tables_stay_compact() {
        use std::mem::size_of;
        // A stack holds thousands of small Dockerfiles. An instruction is its keyword and
        // ranges, without pointers; its parts are rows of exact-size tables; short strings
        // are inline.
        assert_eq!(size_of::<Instruction>(), 36);
        assert_eq!(size_of::<Stage>(), 104);
        assert_eq!(size_of::<ArgDef>(), 72);
        assert_eq!(size_of::<EnvDef>(), 64);
        assert_eq!(size_of::<ExposePort>(), 40);
        assert_eq!(size_of::<Heredoc>(), 56);
        assert_eq!(size_of::<VarUse>(), 40);
        // Kept inline in cfglint's list of parsed files, next to larger kinds of file.
        assert_eq!(size_of::<DockerfileParse>(), 144);
    }

    #[test]
    fn rows_are_grouped_by_instruction() {
        let text = "ARG A=1 B\nFROM a:$A AS one\nRUN <<X <<Y\n$B\nX\n$A\nY\nENV K=$A\nEXPOSE 80/TCP 81\nFROM one\nARG A\n";
        let file = parse(text).tree;
        let arg = |index| match file.kind(index) {
            InstructionKind::Arg(defs) => defs.iter().map(|d| d.name.as_str()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(
            (arg(0), arg(6), arg(1)),
            (vec!["A", "B"], vec!["A"], vec![])
        );
        assert!(matches!(file.kind(1), InstructionKind::From(s) if s.image.value == "a:$A"));
        assert!(matches!(file.kind(3), InstructionKind::Env([d]) if d.value.value == "$A"));
        let InstructionKind::Expose(ports) = file.kind(4) else {
            panic!("EXPOSE");
        };
        let protocols: Vec<_> = ports.iter().map(ExposePort::protocol).collect();
        assert_eq!(protocols, [Some("tcp".into()), None]);
        assert_eq!(file.kind(99), InstructionKind::Other);
        let names = |index| -> Vec<&str> {
            file.variables_of(index)
                .iter()
                .map(|v| v.name.as_str())
                .collect()
        };
        assert_eq!(
            (names(1), names(2), names(3)),
            (vec!["A"], vec!["B", "A"], vec!["A"])
        );
        assert_eq!(file.heredocs_of(2).len(), 2);
        assert!(file.heredocs_of(1).is_empty());
        let stages: Vec<_> = (0..7).map(|i| file.stage_of(i)).collect();
        assert_eq!(
            stages,
            [None, Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)]
        );
    }
}
