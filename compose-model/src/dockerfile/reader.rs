//! From text to instructions: parser directives, comment and blank lines, logical lines joined
//! across continuations, heredoc bodies.

use miette::SourceSpan;
use text_size::{TextRange, TextSize};

use crate::Spanned;
use crate::spanned::eco;

use super::words::{self, Word};
use super::{
    ArgDef, DockerLine, DockerLineKind, Dockerfile, DockerfileError, DockerfileParse, EnvDef,
    ExposePort, Heredoc, Instruction, Keyword, MAX_NESTING, Stage, VarUse, vars,
};

pub(super) fn text_range(start: usize, end: usize) -> TextRange {
    // invariant: offsets come from a `&str` whose length fits u32 (larger files are refused
    // when read); saturate rather than panic.
    let clamp = |n: usize| TextSize::try_from(n).unwrap_or(TextSize::new(u32::MAX));
    TextRange::new(clamp(start), clamp(end).max(clamp(start)))
}

fn span(start: usize, end: usize) -> SourceSpan {
    SourceSpan::from(start..end.max(start))
}

/// An instruction's text with continuations removed, and where each byte came from.
pub(super) struct Logical {
    pub(super) text: String,
    /// `map[i]` is the file offset of `text`'s byte `i`.
    map: Vec<usize>,
    /// The file offset just after the last byte.
    end: usize,
}

impl Logical {
    fn new(file: &str, segments: &[(usize, usize)]) -> Self {
        let mut text = String::new();
        let mut map = Vec::new();
        for &(s, e) in segments {
            text.push_str(file.get(s..e).unwrap_or_default());
            map.extend(s..e);
        }
        let end = segments.last().map_or(0, |&(_, e)| e);
        Self { text, map, end }
    }

    fn at(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or(self.end)
    }

    /// The file range of logical `start..end`.
    pub(super) fn range(&self, start: usize, end: usize) -> TextRange {
        if end <= start {
            let at = self.at(start);
            return text_range(at, at);
        }
        text_range(self.at(start), self.at(end - 1) + 1)
    }

    pub(super) fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or_default()
    }
}

/// The end of the line at `from`: its newline, or the end of the text.
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |p| from + p)
}

/// The start of the line after the one at `from` (the end when there is none).
fn next_line(bytes: &[u8], from: usize) -> usize {
    (line_end(bytes, from) + 1).min(bytes.len())
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// A parser directive.
struct Directive {
    /// The escape character an `# escape=` directive sets (`None` for another value).
    escape: Option<char>,
}

/// `directive := "#" blank* name blank* "=" blank* value`, for `syntax`, `escape` and
/// `check` (`line` is what follows the `#`).
fn directive(line: &str) -> Option<Directive> {
    let (name, value) = line.split_once('=')?;
    let value = value.trim();
    let escape = match name.trim().to_ascii_lowercase().as_str() {
        "escape" => match value.chars().next() {
            Some(ch @ ('\\' | '`')) if value.len() == 1 => Some(ch),
            _ => None,
        },
        "syntax" | "check" => None,
        _ => return None,
    };
    Some(Directive { escape })
}

/// What [`walk`] finds at the start of a line.
enum Step {
    /// A blank, comment or directive line (not part of an instruction).
    Line {
        line: DockerLine,
        /// The escape character an `# escape=` directive sets.
        escape: Option<char>,
    },
    /// An instruction whose line starts at `line_start` and whose keyword starts at `first`.
    Instruction { line_start: usize, first: usize },
}

/// Splits `text` into lines and instructions: parser directives (only before any other
/// line), comment and blank lines, instructions. `step` is called on each, in order; for an
/// instruction it returns the offset after its last line (continuations and heredoc bodies
/// included). Both reading the file and [`lines`] walk it this way.
fn walk(text: &str, mut step: impl FnMut(Step) -> usize) {
    let bytes = text.as_bytes();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line_start = 0;
    let mut directives = true;
    while pos < bytes.len() {
        let first = skip_blanks(bytes, pos);
        let line = |kind| DockerLine {
            range: text_range(line_start, next_line(bytes, pos)),
            kind,
        };
        let end = match bytes.get(first) {
            None | Some(b'\n') => {
                directives = false;
                step(Step::Line {
                    line: line(DockerLineKind::Blank),
                    escape: None,
                });
                next_line(bytes, pos)
            }
            Some(b'#') => {
                let found = if directives {
                    text.get(first + 1..line_end(bytes, first))
                        .and_then(directive)
                } else {
                    None
                };
                directives = found.is_some();
                let kind = match found {
                    Some(_) => DockerLineKind::Directive,
                    None => DockerLineKind::Comment,
                };
                step(Step::Line {
                    line: line(kind),
                    escape: found.and_then(|d| d.escape),
                });
                next_line(bytes, pos)
            }
            Some(_) => {
                directives = false;
                step(Step::Instruction { line_start, first })
            }
        };
        // invariant: every branch consumes at least one byte, so this ends.
        pos = end.max(pos + 1);
        line_start = pos;
    }
    if line_start < bytes.len() {
        // A file holding only a BOM.
        step(Step::Line {
            line: DockerLine {
                range: text_range(line_start, bytes.len()),
                kind: DockerLineKind::Blank,
            },
            escape: None,
        });
    }
}

/// The lines of `text`, whose instructions were read into `instructions`:
/// [`Dockerfile::lines`].
pub(super) fn lines(text: &str, instructions: &[Instruction]) -> Vec<DockerLine> {
    let mut out = Vec::new();
    let mut index = 0;
    walk(text, |step| match step {
        Step::Line { line, .. } => {
            out.push(line);
            0
        }
        Step::Instruction { line_start, .. } => {
            // With the text the tree was read from, instruction `index` starts here.
            let end = instructions
                .get(index)
                .map_or(text.len(), |ins| usize::from(ins.line_range.end()));
            out.push(DockerLine {
                range: text_range(line_start, end),
                kind: DockerLineKind::Instruction(index),
            });
            index += 1;
            end
        }
    });
    out
}

pub(super) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    escape: char,
    instructions: Vec<Instruction>,
    stages: Vec<Stage>,
    arg_defs: Vec<ArgDef>,
    env_defs: Vec<EnvDef>,
    expose_ports: Vec<ExposePort>,
    heredocs: Vec<Heredoc>,
    variables: Vec<VarUse>,
    errors: Vec<DockerfileError>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            escape: '\\',
            instructions: Vec::new(),
            stages: Vec::new(),
            arg_defs: Vec::new(),
            env_defs: Vec::new(),
            expose_ports: Vec::new(),
            heredocs: Vec::new(),
            variables: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn line_end(&self, from: usize) -> usize {
        line_end(self.bytes, from)
    }

    fn next_line(&self, from: usize) -> usize {
        next_line(self.bytes, from)
    }

    /// True when the line at `from` holds only blanks or is a comment.
    fn is_skippable(&self, from: usize) -> bool {
        matches!(
            self.bytes.get(skip_blanks(self.bytes, from)),
            None | Some(b'\n' | b'#')
        )
    }

    pub(super) fn run(mut self) -> DockerfileParse {
        walk(self.text, |step| match step {
            Step::Line { escape, .. } => {
                if let Some(escape) = escape {
                    self.escape = escape;
                }
                0
            }
            Step::Instruction { line_start, first } => self.instruction(line_start, first),
        });
        // A stack holds thousands of small Dockerfiles: each table is one exact allocation
        // (none when empty).
        DockerfileParse {
            tree: Dockerfile {
                instructions: self.instructions.into_boxed_slice(),
                stages: self.stages.into_boxed_slice(),
                arg_defs: self.arg_defs.into_boxed_slice(),
                env_defs: self.env_defs.into_boxed_slice(),
                expose_ports: self.expose_ports.into_boxed_slice(),
                heredocs: self.heredocs.into_boxed_slice(),
                variables: self.variables.into_boxed_slice(),
                escape: self.escape,
            },
            errors: self.errors,
        }
    }

    /// Reads one instruction starting at `first` (its line starts at `line_start`); returns
    /// the offset after its last line (continuations and heredoc bodies included).
    fn instruction(&mut self, line_start: usize, first: usize) -> usize {
        let (segments, mut after) = self.logical_line(first);
        let logical = Logical::new(self.text, &segments);
        let text = logical.text.as_str();
        let keyword_len = text.find(char::is_whitespace).unwrap_or(text.len());
        let keyword = Spanned::new(
            Keyword::parse(&text[..keyword_len]),
            logical.range(0, keyword_len),
        );
        let args_start = text[keyword_len..]
            .find(|c: char| !c.is_whitespace())
            .map_or(text.len(), |p| keyword_len + p);
        let args_end = text.trim_end().len().max(args_start);
        let args_range = logical.range(args_start, args_end);
        let mut range = logical.range(0, args_end);
        let index = self.instructions.len();
        // invariant: each instruction takes at least one byte of a text whose length fits
        // u32; saturate rather than panic.
        let row = u32::try_from(index).unwrap_or(u32::MAX);

        if keyword.value == Keyword::Unknown {
            self.errors.push(DockerfileError::UnknownInstruction {
                keyword: text[..keyword_len].to_ascii_uppercase(),
                span: to_span(keyword.range),
            });
        }
        let words = words::words(text, args_start, self.escape);
        let mut heredocs = Vec::new();
        if matches!(keyword.value, Keyword::Run | Keyword::Copy | Keyword::Add) {
            for word in &words {
                if let Some(heredoc) = self.heredoc(&logical, word, after, row) {
                    if let Some(end) = heredoc.end_range {
                        range = range.cover(end);
                        after = self.next_line(end.start().into());
                    } else {
                        range = range.cover(heredoc.body_range);
                        after = self.bytes.len();
                    }
                    heredocs.push(heredoc);
                }
            }
        }
        self.parts(&keyword, &logical, &words, (index, row), range);
        self.variables(keyword.value, &logical, args_start, &heredocs, row);
        self.heredocs.append(&mut heredocs);
        self.instructions.push(Instruction {
            keyword,
            range,
            line_range: text_range(line_start, after),
            args_range,
        });
        after
    }

    /// Joins the lines of an instruction: a line ending in the escape character (blanks after
    /// it allowed) continues on the next line that is neither blank nor a comment. Returns
    /// the pieces and the offset after the last line.
    fn logical_line(&self, first: usize) -> (Vec<(usize, usize)>, usize) {
        let mut segments = Vec::new();
        let mut start = first;
        loop {
            let line_end = self.line_end(start);
            let mut content_end = line_end;
            if content_end > start && self.bytes[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            let mut t = content_end;
            while t > start && matches!(self.bytes[t - 1], b' ' | b'\t') {
                t -= 1;
            }
            let escape = u8::try_from(self.escape).unwrap_or(b'\\');
            if t > start && self.bytes[t - 1] == escape {
                segments.push((start, t - 1));
                let mut next = (line_end + 1).min(self.bytes.len());
                // Docker drops comment lines and blank lines inside a continuation.
                while next < self.bytes.len() && self.is_skippable(next) {
                    next = self.next_line(next);
                }
                if next >= self.bytes.len() {
                    return (segments, self.bytes.len());
                }
                start = next;
            } else {
                segments.push((start, content_end));
                return (segments, self.next_line(start));
            }
        }
    }

    /// `heredoc := "<<" ["-"] (marker | '"' marker '"' | "'" marker "'")` as a whole word
    /// (not `<<<`). Its body is the lines from `body_start` up to a line equal to the marker
    /// (after leading tabs with `<<-`).
    fn heredoc(
        &mut self,
        logical: &Logical,
        word: &Word,
        body_start: usize,
        instruction: u32,
    ) -> Option<Heredoc> {
        let raw = logical.slice(word.start, word.end);
        let rest = raw.strip_prefix("<<")?;
        if rest.starts_with('<') {
            return None;
        }
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (quoted, inner) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => (true, rest[1..].split(q).next().unwrap_or_default()),
            _ => (false, rest),
        };
        let marker_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(inner.len());
        let marker = &inner[..marker_len];
        if marker.is_empty() {
            return None;
        }
        let marker = Spanned::new(eco(marker), logical.range(word.start, word.end));
        let mut line = body_start;
        while line < self.bytes.len() {
            let end = self.line_end(line);
            let mut content = self.text.get(line..end).unwrap_or_default();
            content = content.strip_suffix('\r').unwrap_or(content);
            if strip_tabs {
                content = content.trim_start_matches('\t');
            }
            if content == marker.value {
                return Some(Heredoc {
                    marker,
                    strip_tabs,
                    quoted,
                    body_range: text_range(body_start, line),
                    end_range: Some(text_range(line, end)),
                    instruction,
                });
            }
            line = self.next_line(line).max(line + 1);
        }
        self.errors.push(DockerfileError::UnterminatedHeredoc {
            marker: marker.value.to_string(),
            span: to_span(marker.range),
        });
        Some(Heredoc {
            marker,
            strip_tabs,
            quoted,
            body_range: text_range(body_start, self.bytes.len()),
            end_range: None,
            instruction,
        })
    }

    /// Reads the parsed forms of `FROM` (opening a stage), `ARG`, `ENV` and `EXPOSE` into
    /// their tables, and checks that the instruction is in a stage. `index` is the
    /// instruction's index, also as stored in rows.
    fn parts(
        &mut self,
        keyword: &Spanned<Keyword>,
        logical: &Logical,
        words: &[Word],
        (index, row): (usize, u32),
        range: TextRange,
    ) {
        let escape = self.escape;
        if matches!(
            keyword.value,
            Keyword::From | Keyword::Arg | Keyword::Env | Keyword::Expose
        ) {
            if words.is_empty() {
                self.errors.push(DockerfileError::MissingArgument {
                    keyword: keyword.value.as_str().to_owned(),
                    span: to_span(keyword.range),
                });
            }
            if let Some(w) = words.iter().find(|w| w.unterminated) {
                self.errors.push(DockerfileError::UnterminatedQuote {
                    span: to_span(logical.range(w.start, w.end)),
                });
            }
        }
        let opened = match keyword.value {
            Keyword::From => words::from_image(logical, words, escape, index),
            Keyword::Arg => {
                let defs = words::arg_defs(logical, words, escape, row);
                self.arg_defs.extend(defs);
                None
            }
            Keyword::Env => {
                let defs = words::env_defs(logical, words, escape, row);
                self.env_defs.extend(defs);
                None
            }
            Keyword::Expose => {
                let ports = words::expose_ports(logical, words, escape, row);
                self.expose_ports.extend(ports);
                None
            }
            _ => None,
        };
        if let Some(stage) = opened {
            self.stages.push(stage);
        } else if keyword.value == Keyword::From {
            // `FROM` without an image: no stage, the error is already reported.
        } else if let Some(stage) = self.stages.last_mut() {
            stage.instructions.end = index + 1;
        } else if !matches!(keyword.value, Keyword::Arg | Keyword::Unknown) {
            self.errors.push(DockerfileError::NoStage {
                span: to_span(range),
            });
        }
    }

    /// Reads the variables used in the arguments and in heredoc bodies that are expanded:
    /// every body of `RUN` (a script the shell runs), unquoted markers elsewhere.
    fn variables(
        &mut self,
        keyword: Keyword,
        logical: &Logical,
        args_start: usize,
        heredocs: &[Heredoc],
        instruction: u32,
    ) {
        let args = logical.slice(args_start, logical.text.len());
        self.collect(
            args,
            self.escape,
            |s, e| logical.range(args_start + s, args_start + e),
            false,
            instruction,
        );
        for heredoc in heredocs
            .iter()
            .filter(|h| keyword == Keyword::Run || !h.quoted)
        {
            let start = usize::from(heredoc.body_range.start());
            let body = self
                .text
                .get(std::ops::Range::<usize>::from(heredoc.body_range))
                .unwrap_or_default();
            self.collect(
                body,
                '\\',
                |s, e| text_range(start + s, start + e),
                true,
                instruction,
            );
        }
    }

    fn collect(
        &mut self,
        text: &str,
        escape: char,
        to_file: impl Fn(usize, usize) -> TextRange,
        in_heredoc: bool,
        instruction: u32,
    ) {
        match vars::uses(text, escape, MAX_NESTING) {
            Ok(uses) => self.variables.extend(uses.into_iter().map(|u| VarUse {
                name: Spanned::new(
                    eco(text.get(u.name_start..u.name_end).unwrap_or_default()),
                    to_file(u.name_start, u.name_end),
                ),
                range: to_file(u.start, u.end),
                has_default: u.has_default,
                in_heredoc,
                instruction,
            })),
            Err(at) => self.errors.push(DockerfileError::TooDeep {
                limit: MAX_NESTING,
                span: to_span(to_file(at, at + 2)),
            }),
        }
    }
}

fn to_span(range: TextRange) -> SourceSpan {
    span(range.start().into(), range.end().into())
}
