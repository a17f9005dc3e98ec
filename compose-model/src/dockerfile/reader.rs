//! From text to instructions: parser directives, comment and blank lines, logical lines joined
//! across continuations, heredoc bodies.

use miette::SourceSpan;
use text_size::{TextRange, TextSize};

use crate::Spanned;

use super::words::{self, Word};
use super::{
    DockerLine, DockerLineKind, Dockerfile, DockerfileError, DockerfileParse, Heredoc, Instruction,
    InstructionKind, MAX_NESTING, Stage, VarUse, vars,
};

/// The instructions Docker knows (`BuildKit`'s `dockerfile` frontend).
const KEYWORDS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

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

pub(super) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    escape: char,
    tree: Dockerfile,
    errors: Vec<DockerfileError>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            escape: '\\',
            tree: Dockerfile {
                instructions: Vec::new(),
                stages: Vec::new(),
                lines: Vec::new(),
                escape: '\\',
            },
            errors: Vec::new(),
        }
    }

    fn line_end(&self, from: usize) -> usize {
        self.bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(self.bytes.len(), |p| from + p)
    }

    fn next_line(&self, from: usize) -> usize {
        (self.line_end(from) + 1).min(self.bytes.len())
    }

    fn skip_blanks(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && matches!(self.bytes[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        i
    }

    /// True when the line at `from` holds only blanks or is a comment.
    fn is_skippable(&self, from: usize) -> bool {
        matches!(
            self.bytes.get(self.skip_blanks(from)),
            None | Some(b'\n' | b'#')
        )
    }

    pub(super) fn run(mut self) -> DockerfileParse {
        let mut pos = if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let mut line_start = 0;
        let mut directives = true;
        while pos < self.bytes.len() {
            let first = self.skip_blanks(pos);
            let (end, kind) = match self.bytes.get(first) {
                None | Some(b'\n') => (self.next_line(pos), DockerLineKind::Blank),
                Some(b'#') => {
                    let end = self.next_line(pos);
                    if directives && self.directive(first, self.line_end(first)) {
                        (end, DockerLineKind::Directive)
                    } else {
                        (end, DockerLineKind::Comment)
                    }
                }
                Some(_) => {
                    let index = self.tree.instructions.len();
                    (
                        self.instruction(line_start, first),
                        DockerLineKind::Instruction(index),
                    )
                }
            };
            directives &= kind == DockerLineKind::Directive;
            self.tree.lines.push(DockerLine {
                range: text_range(line_start, end),
                kind,
            });
            // invariant: every branch consumes at least one byte, so this ends.
            pos = end.max(pos + 1);
            line_start = pos;
        }
        if line_start < self.bytes.len() {
            // A file holding only a BOM.
            self.tree.lines.push(DockerLine {
                range: text_range(line_start, self.bytes.len()),
                kind: DockerLineKind::Blank,
            });
        }
        // A stack holds thousands of small Dockerfiles: drop the lists' spare capacity.
        self.tree.instructions.shrink_to_fit();
        self.tree.stages.shrink_to_fit();
        self.tree.lines.shrink_to_fit();
        DockerfileParse {
            tree: self.tree,
            errors: self.errors,
        }
    }

    /// `directive := "#" blank* name blank* "=" blank* value`, for `syntax`, `escape` and
    /// `check`, only before any other line. Sets the escape character.
    fn directive(&mut self, hash: usize, line_end: usize) -> bool {
        let line = self.text.get(hash + 1..line_end).unwrap_or_default();
        let Some((name, value)) = line.split_once('=') else {
            return false;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        match name.as_str() {
            "escape" => {
                if let ch @ ('\\' | '`') = value.chars().next().unwrap_or(' ') {
                    if value.len() == 1 {
                        self.escape = ch;
                        self.tree.escape = ch;
                    }
                }
                true
            }
            "syntax" | "check" => true,
            _ => false,
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
            text[..keyword_len].to_ascii_uppercase(),
            logical.range(0, keyword_len),
        );
        let args_start = text[keyword_len..]
            .find(|c: char| !c.is_whitespace())
            .map_or(text.len(), |p| keyword_len + p);
        let args_end = text.trim_end().len().max(args_start);
        let args_range = logical.range(args_start, args_end);
        let mut range = logical.range(0, args_end);
        let index = self.tree.instructions.len();

        if !KEYWORDS.contains(&keyword.value.as_str()) {
            self.errors.push(DockerfileError::UnknownInstruction {
                keyword: keyword.value.clone(),
                span: to_span(keyword.range),
            });
        }
        let words = words::words(text, args_start, self.escape);
        let mut heredocs = Vec::new();
        if matches!(keyword.value.as_str(), "RUN" | "COPY" | "ADD") {
            for word in &words {
                if let Some(heredoc) = self.heredoc(&logical, word, after) {
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
        let kind = self.kind(&keyword, &logical, &words);
        let stage = self.stage_for(&keyword, &kind, index, range);
        let variables = self.variables(&keyword.value, &logical, args_start, &heredocs);
        self.tree.instructions.push(Instruction {
            keyword,
            range,
            line_range: text_range(line_start, after),
            args_range,
            kind,
            heredocs,
            stage,
            variables,
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
    fn heredoc(&mut self, logical: &Logical, word: &Word, body_start: usize) -> Option<Heredoc> {
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
        let marker = Spanned::new(marker.to_owned(), logical.range(word.start, word.end));
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
                });
            }
            line = self.next_line(line).max(line + 1);
        }
        self.errors.push(DockerfileError::UnterminatedHeredoc {
            marker: marker.value.clone(),
            span: to_span(marker.range),
        });
        Some(Heredoc {
            marker,
            strip_tabs,
            quoted,
            body_range: text_range(body_start, self.bytes.len()),
            end_range: None,
        })
    }

    fn kind(
        &mut self,
        keyword: &Spanned<String>,
        logical: &Logical,
        words: &[Word],
    ) -> InstructionKind {
        let escape = self.escape;
        let parsed = matches!(keyword.value.as_str(), "FROM" | "ARG" | "ENV" | "EXPOSE");
        if parsed {
            if words.is_empty() {
                self.errors.push(DockerfileError::MissingArgument {
                    keyword: keyword.value.clone(),
                    span: to_span(keyword.range),
                });
            }
            if let Some(w) = words.iter().find(|w| w.unterminated) {
                self.errors.push(DockerfileError::UnterminatedQuote {
                    span: to_span(logical.range(w.start, w.end)),
                });
            }
        }
        match keyword.value.as_str() {
            "FROM" => words::from_image(logical, words, escape)
                .map_or(InstructionKind::Other, InstructionKind::From),
            "ARG" => InstructionKind::Arg(words::arg_defs(logical, words, escape)),
            "ENV" => InstructionKind::Env(words::env_defs(logical, words, escape)),
            "EXPOSE" => InstructionKind::Expose(words::expose_ports(logical, words, escape)),
            _ => InstructionKind::Other,
        }
    }

    /// Opens a stage on `FROM`; returns the stage the instruction belongs to.
    fn stage_for(
        &mut self,
        keyword: &Spanned<String>,
        kind: &InstructionKind,
        index: usize,
        range: TextRange,
    ) -> Option<usize> {
        if let InstructionKind::From(from) = kind {
            self.tree.stages.push(Stage {
                index: self.tree.stages.len(),
                from: index,
                image: from.image.clone(),
                name: from.name.clone(),
                instructions: index..index + 1,
            });
        } else if keyword.value == "FROM" {
            // `FROM` without an image: no stage, the error is already reported.
        } else if let Some(stage) = self.tree.stages.last_mut() {
            stage.instructions.end = index + 1;
        } else if keyword.value != "ARG" && KEYWORDS.contains(&keyword.value.as_str()) {
            self.errors.push(DockerfileError::NoStage {
                span: to_span(range),
            });
        }
        self.tree.stages.len().checked_sub(1)
    }

    /// The variables used in the arguments and in heredoc bodies that are expanded: every
    /// body of `RUN` (a script the shell runs), unquoted markers elsewhere.
    fn variables(
        &mut self,
        keyword: &str,
        logical: &Logical,
        args_start: usize,
        heredocs: &[Heredoc],
    ) -> Vec<VarUse> {
        let mut out = Vec::new();
        let args = logical.slice(args_start, logical.text.len());
        self.collect(
            args,
            self.escape,
            &mut out,
            |s, e| logical.range(args_start + s, args_start + e),
            false,
        );
        for heredoc in heredocs.iter().filter(|h| keyword == "RUN" || !h.quoted) {
            let start = usize::from(heredoc.body_range.start());
            let body = self
                .text
                .get(std::ops::Range::<usize>::from(heredoc.body_range))
                .unwrap_or_default();
            self.collect(
                body,
                '\\',
                &mut out,
                |s, e| text_range(start + s, start + e),
                true,
            );
        }
        out
    }

    fn collect(
        &mut self,
        text: &str,
        escape: char,
        out: &mut Vec<VarUse>,
        to_file: impl Fn(usize, usize) -> TextRange,
        in_heredoc: bool,
    ) {
        match vars::uses(text, escape, MAX_NESTING) {
            Ok(uses) => out.extend(uses.into_iter().map(|u| {
                VarUse {
                    name: Spanned::new(
                        text.get(u.name_start..u.name_end)
                            .unwrap_or_default()
                            .to_owned(),
                        to_file(u.name_start, u.name_end),
                    ),
                    range: to_file(u.start, u.end),
                    has_default: u.has_default,
                    in_heredoc,
                }
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
