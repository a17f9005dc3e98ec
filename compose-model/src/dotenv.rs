//! A lossless reader for `.env` files with Docker Compose v2's semantics.
//!
//! `.env` files feed compose-file interpolation (the project `.env`, `--env-file`) and
//! container environments (`env_file:`). This reader keeps every byte's position so that rules
//! can point at a key or a `${VAR}` and fixes can delete whole entries.
//!
//! # Characteristics
//!
//! - Hand-written and line-based. Follows Docker Compose v2.40.3 (checked by running it):
//!   `[export ]KEY[=VAL]`, `KEY: val`, bare `KEY` (value from the shell); keys of letters,
//!   digits and `_ . - [ ]`; spaces around `=` trimmed; unquoted values end at ` #` and lose
//!   trailing blanks; double quotes span lines and decode `\n \t \r \\ \" \$ \a \b \f \v` and
//!   octal `\0NNN`; single quotes are literal except `\'`; after a closing quote the rest of
//!   the line is a new statement (`FOO="x"junk` also declares `junk`); a UTF-8 BOM is skipped;
//!   CRLF works.
//! - Lossless: [`EnvFile::lines`] tiles the input (comment and blank lines included), and each
//!   entry knows its key, value, whole-line and comment-above ranges.
//! - Error recovery: a bad line is an [`EnvError`] and reading goes on with the next line,
//!   where compose would stop at the first one.
//! - Values are secrets. [`EnvEntry`]'s `Debug` prints `<redacted>` for the value, and no
//!   [`EnvError`] message contains a value.
//!
//! # Example
//!
//! ```
//! use compose_model::dotenv::{self, Quote};
//!
//! let text = "# database\nexport DB_URL=\"postgres://${DB_USER:-app}@db/x\"\nDB_USER=me # who\n";
//! let parse = dotenv::parse(text);
//! assert!(parse.errors.is_empty());
//! let url = &parse.tree.entries[0];
//! assert_eq!(url.key.value, "DB_URL");
//! assert!(url.export && url.quote == Quote::Double);
//! assert_eq!(&text[url.references[0].range], "${DB_USER:-app}");
//! assert_eq!(&text[url.comment_above.unwrap()], "# database\n");
//!
//! let values = dotenv::resolve(&parse.tree, &|_| None);
//! assert_eq!(values[0], ("DB_URL".to_owned(), Some("postgres://app@db/x".to_owned())));
//! // Lossless: the lines tile the input.
//! let round: String = parse.tree.lines.iter().map(|l| &text[l.range]).collect();
//! assert_eq!(round, text);
//! ```
//!
//! # Limitations
//!
//! - A line compose rejects is skipped whole (compose rejects the whole file).
//! - An unterminated quote ends at the end of its line for recovery; compose reads to the end
//!   of the file and fails.
//! - `env_file` `format: raw` is not handled here (raw files are not interpolated or decoded).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use miette::SourceSpan;
use text_size::{TextRange, TextSize};

use crate::Spanned;
use crate::interpolate::{self, InterpolationError, RefKind, VarRef};

/// The result of [`parse`]: the file, plus every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvParse {
    /// The entries and lines read, also when there are errors.
    pub tree: EnvFile,
    /// Problems, in source order.
    pub errors: Vec<EnvError>,
}

/// A parsed `.env` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvFile {
    /// The statements, in source order.
    pub entries: Vec<EnvEntry>,
    /// Every line (a quoted value may span several), in order. Their ranges tile the input.
    pub lines: Vec<EnvLine>,
}

/// One line of the file, or several when a quoted value spans lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvLine {
    /// The line(s), with the newline. The first line includes a BOM if there is one.
    pub range: TextRange,
    /// What the line holds.
    pub kind: LineKind,
    /// The entries read from the line: indices into [`EnvFile::entries`] (empty for blank
    /// and comment lines; on an invalid line, the entries before the error).
    pub entries: Range<usize>,
}

/// What an [`EnvLine`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Only blanks.
    Blank,
    /// A `#` comment.
    Comment,
    /// One or more entries ([`EnvLine::entries`]).
    Entries,
    /// A line with a syntax error (entries before the error on it are kept as well).
    Invalid,
}

/// How a value was quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quote {
    /// Not quoted, or no value.
    None,
    /// `'…'`: literal, never interpolated.
    Single,
    /// `"…"`: escapes decoded, interpolated.
    Double,
}

/// One `KEY=value` statement.
///
/// `Debug` prints the value as `<redacted>`: values are secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct EnvEntry {
    /// The key, trimmed.
    pub key: Spanned<String>,
    /// The value after quote and escape processing, `None` for a bare `KEY`. For unquoted and
    /// double-quoted values it is still an interpolation template (`\$` is kept as `$$`);
    /// [`resolve`] interpolates it. Its range is [`EnvEntry::raw_value_range`].
    pub value: Option<Spanned<String>>,
    /// The value as written, quotes included (unquoted: without a trailing comment or blanks).
    pub raw_value_range: Option<TextRange>,
    /// How the value was quoted.
    pub quote: Quote,
    /// True when the statement starts with `export `.
    pub export: bool,
    /// The statement, from `export` or the key to the end of the value.
    pub range: TextRange,
    /// The whole line(s), with the newline: what to delete to remove the entry. Shared by the
    /// entries of one line (`A="x" B=1`).
    pub line_range: TextRange,
    /// The comment lines directly above (no blank line between), with their newlines.
    pub comment_above: Option<TextRange>,
    /// The `${…}` references in the value when it is interpolated (unquoted or double-quoted),
    /// with ranges absolute in the file.
    pub references: Vec<VarRef>,
}

impl fmt::Debug for EnvEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self
            .value
            .as_ref()
            .map(|v| Spanned::new("<redacted>", v.range));
        f.debug_struct("EnvEntry")
            .field("key", &self.key)
            .field("value", &value)
            .field("raw_value_range", &self.raw_value_range)
            .field("quote", &self.quote)
            .field("export", &self.export)
            .field("range", &self.range)
            .field("line_range", &self.line_range)
            .field("comment_above", &self.comment_above)
            .field("references", &self.references)
            .finish()
    }
}

/// A syntax problem in a `.env` file. Messages follow compose v2's wording where it has one,
/// without the values compose quotes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum EnvError {
    /// `KEY WITH SPACE=1`.
    #[error("key cannot contain a space")]
    #[diagnostic(code(dotenv::key_space), help("remove the space or use `_`"))]
    KeyContainsSpace {
        /// The key up to the character after the space.
        #[label("space in key")]
        span: SourceSpan,
    },
    /// A key character other than letters, digits, `_ . - [ ]`.
    #[error("unexpected character {} in variable name", quoted(*.character))]
    #[diagnostic(
        code(dotenv::unexpected_character),
        help("keys may hold letters, digits and `_ . - [ ]`")
    )]
    UnexpectedCharacter {
        /// The character.
        character: char,
        /// Where it is.
        #[label("not allowed in a key")]
        span: SourceSpan,
    },
    /// A quote that is never closed.
    #[error("unterminated quoted value")]
    #[diagnostic(code(dotenv::unterminated_quote), help("add the closing `{quote}`"))]
    UnterminatedQuote {
        /// `'` or `"`.
        quote: char,
        /// From the opening quote to the end of its line.
        #[label("this quote is never closed")]
        span: SourceSpan,
    },
    /// An interpolation compose cannot read (`${}`, unterminated `${`, …).
    #[error("invalid template: {source}")]
    #[diagnostic(code(dotenv::invalid_template), help("write `$$` for a literal `$`"))]
    InvalidTemplate {
        /// The interpolation error, with its range absolute in the file.
        source: InterpolationError,
        /// Where it is.
        #[label("invalid interpolation")]
        span: SourceSpan,
    },
}

impl EnvError {
    /// Returns the byte range the error points at.
    pub fn range(&self) -> TextRange {
        let span = match self {
            Self::KeyContainsSpace { span }
            | Self::UnexpectedCharacter { span, .. }
            | Self::UnterminatedQuote { span, .. }
            | Self::InvalidTemplate { span, .. } => span,
        };
        text_range(span.offset(), span.offset() + span.len())
    }
}

/// Quotes a character the way compose's messages do (Go's `%q`).
fn quoted(c: char) -> String {
    match c {
        '"' => "\"\\\"\"".to_owned(),
        '\\' => "\"\\\\\"".to_owned(),
        c if c.is_control() || c == '\u{feff}' => format!("\"\\u{:04x}\"", u32::from(c)),
        c => format!("\"{c}\""),
    }
}

fn text_range(start: usize, end: usize) -> TextRange {
    // invariant: offsets come from a `&str` whose length fits u32 (larger files are refused
    // when read); saturate rather than panic.
    let clamp = |n: usize| TextSize::try_from(n).unwrap_or(TextSize::new(u32::MAX));
    TextRange::new(clamp(start), clamp(end).max(clamp(start)))
}

fn span(start: usize, end: usize) -> SourceSpan {
    SourceSpan::from(start..end.max(start))
}

/// Reads a `.env` file. Always returns a tree; problems are in [`EnvParse::errors`].
///
/// # Example
///
/// ```
/// let parse = compose_model::dotenv::parse("A=1\nB C=2\n");
/// assert_eq!(parse.tree.entries.len(), 1);
/// assert_eq!(parse.errors[0].to_string(), "key cannot contain a space");
/// ```
pub fn parse(text: &str) -> EnvParse {
    Reader::new(text).run()
}

/// Interpolates every entry: one `(key, value)` per entry of `file`, in order, so the last
/// item for a key is its final value.
///
/// Lookups ask `shell` first, then the values of keys defined earlier in the file (compose
/// v2's order). A bare `KEY` takes the shell's value, else keeps its earlier value, else is
/// `None` (unset). An entry whose interpolation fails (`${X:?msg}` with `X` missing) is
/// `None`; [`try_resolve`] reports that error instead.
pub fn resolve(
    file: &EnvFile,
    shell: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, Option<String>)> {
    resolve_entries(file, shell, false).unwrap_or_default()
}

/// Like [`resolve`], but stops at the first interpolation error, as compose does.
///
/// # Errors
///
/// The first [`InterpolationError`], with its range absolute in the file.
pub fn try_resolve(
    file: &EnvFile,
    shell: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<(String, Option<String>)>, InterpolationError> {
    resolve_entries(file, shell, true)
}

fn resolve_entries(
    file: &EnvFile,
    shell: &dyn Fn(&str) -> Option<String>,
    strict: bool,
) -> Result<Vec<(String, Option<String>)>, InterpolationError> {
    let mut known: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::with_capacity(file.entries.len());
    for entry in &file.entries {
        let key = entry.key.value.as_str();
        let value = match (&entry.value, entry.quote) {
            (None, _) => shell(key).or_else(|| known.get(key).cloned()),
            (Some(v), Quote::Single) => Some(v.value.clone()),
            (Some(v), Quote::None | Quote::Double) => {
                let lookup = |name: &str| shell(name).or_else(|| known.get(name).cloned());
                match interpolate::substitute(&v.value, &lookup) {
                    Ok(s) => Some(s),
                    Err(e) if strict => return Err(locate(entry, e)),
                    Err(_) => None,
                }
            }
        };
        if let Some(v) = &value {
            known.insert(key, v.clone());
        }
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

/// Moves an error from template offsets to file offsets, via the entry's references.
fn locate(entry: &EnvEntry, err: InterpolationError) -> InterpolationError {
    let fallback = entry.raw_value_range.unwrap_or(entry.range);
    let at = match &err {
        InterpolationError::RequiredVariable { name, .. } => {
            interpolate::flatten(&entry.references)
                .into_iter()
                .find(|r| {
                    &r.name == name
                        && matches!(r.kind, RefKind::ErrorIfUnset | RefKind::ErrorIfUnsetOrEmpty)
                })
                .map_or(fallback, |r| r.range)
        }
        _ => fallback,
    };
    err.map_range(|_| at)
}

/// What a statement's value looked like, before the entry is finished.
struct Value {
    decoded: String,
    raw: TextRange,
    quote: Quote,
    references: Vec<VarRef>,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    entries: Vec<EnvEntry>,
    lines: Vec<EnvLine>,
    errors: Vec<EnvError>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            entries: Vec::new(),
            lines: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Returns the offset of the `\n` ending the line at `from`, or the end of the text.
    fn line_end(&self, from: usize) -> usize {
        self.bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(self.bytes.len(), |p| from + p)
    }

    /// Returns the offset after the newline ending the line at `from`.
    fn next_line(&self, from: usize) -> usize {
        (self.line_end(from) + 1).min(self.bytes.len())
    }

    fn skip_blanks(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && is_blank(self.bytes[i]) {
            i += 1;
        }
        i
    }

    fn run(mut self) -> EnvParse {
        let mut pos = if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let mut line_start = 0;
        let mut comments: Option<TextRange> = None;
        while pos < self.bytes.len() {
            let first = self.skip_blanks(pos);
            let before = self.entries.len();
            let (end, kind) = match self.bytes.get(first) {
                None | Some(b'\n') => (self.next_line(pos), LineKind::Blank),
                Some(b'#') => (self.next_line(pos), LineKind::Comment),
                Some(_) => self.statements(first),
            };
            let range = text_range(line_start, end);
            for entry in self.entries.get_mut(before..).unwrap_or_default() {
                entry.line_range = range;
                entry.comment_above = comments;
            }
            comments = match kind {
                LineKind::Comment => Some(comments.map_or(range, |c| c.cover(range))),
                LineKind::Blank | LineKind::Entries | LineKind::Invalid => None,
            };
            self.lines.push(EnvLine {
                range,
                kind,
                entries: before..self.entries.len(),
            });
            // invariant: `end > pos` (every branch consumes at least one byte), so this ends.
            pos = end.max(pos + 1);
            line_start = pos;
        }
        if line_start < self.bytes.len() {
            // A file holding only a BOM.
            self.lines.push(EnvLine {
                range: text_range(line_start, self.bytes.len()),
                kind: LineKind::Blank,
                entries: 0..0,
            });
        }
        EnvParse {
            tree: EnvFile {
                entries: self.entries,
                lines: self.lines,
            },
            errors: self.errors,
        }
    }

    /// Reads the statements of one line (more than one after a closing quote). Returns the
    /// offset after the line (group) and its kind.
    fn statements(&mut self, mut at: usize) -> (usize, LineKind) {
        loop {
            match self.statement(at) {
                Err((error, resume)) => {
                    self.errors.push(error);
                    return (self.next_line(resume), LineKind::Invalid);
                }
                Ok(after) => {
                    let next = self.skip_blanks(after);
                    match self.bytes.get(next) {
                        None | Some(b'\n' | b'#') => {
                            return (self.next_line(after), LineKind::Entries);
                        }
                        Some(_) => at = next,
                    }
                }
            }
        }
    }

    /// `statement := ["export" blank+] key [blank* ("=" | ":") blank* value]`.
    ///
    /// Returns the offset after the statement, or an error and an offset on the line to
    /// resume after.
    fn statement(&mut self, start: usize) -> Result<usize, (EnvError, usize)> {
        let (export, key_start) = self.export_prefix(start);
        let (key_end, sep) = self.key(key_start)?;
        let key_text = self.text.get(key_start..key_end).unwrap_or_default();
        let key_trimmed = key_text.trim_end_matches(['\t', '\r', ' ']);
        let key_range = text_range(key_start, key_start + key_trimmed.len());
        let (value, end) = match sep {
            Some(sep) => {
                let (value, end) = self.value(self.skip_blanks_no_cr(sep + 1))?;
                (Some(value), end)
            }
            None => (None, key_start + key_trimmed.len()),
        };
        let (value, raw_value_range, quote, references) = match value {
            Some(v) => (
                Some(Spanned::new(v.decoded, v.raw)),
                Some(v.raw),
                v.quote,
                v.references,
            ),
            None => (None, None, Quote::None, Vec::new()),
        };
        self.entries.push(EnvEntry {
            key: Spanned::new(key_trimmed.to_owned(), key_range),
            value,
            raw_value_range,
            quote,
            export,
            range: text_range(start, end),
            line_range: TextRange::default(),
            comment_above: None,
            references,
        });
        Ok(end)
    }

    fn skip_blanks_no_cr(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && matches!(self.bytes[i], b' ' | b'\t') {
            i += 1;
        }
        i
    }

    /// `export` followed by blanks and then a key (not `=`, `:` or the line end).
    fn export_prefix(&self, start: usize) -> (bool, usize) {
        let rest = self.bytes.get(start..).unwrap_or_default();
        if rest.starts_with(b"export") && matches!(rest.get(6), Some(b' ' | b'\t')) {
            let key = self.skip_blanks(start + 6);
            if !matches!(self.bytes.get(key), None | Some(b'=' | b':' | b'\n')) {
                return (true, key);
            }
        }
        (false, start)
    }

    /// `key := (letter | digit | "_" | "." | "-" | "[" | "]" | tab)*`, ended by `=`, `:`, the
    /// line end, or spaces followed by one of those.
    ///
    /// Returns the key's end and the separator's offset. compose v2 (observed): `FOO BAR` is
    /// "key cannot contain a space", `SH # c` an unexpected `#`, `F\tOO=1` a key with a tab.
    fn key(&self, start: usize) -> Result<(usize, Option<usize>), (EnvError, usize)> {
        for (off, c) in self.text.get(start..).unwrap_or_default().char_indices() {
            let at = start + off;
            match c {
                '=' | ':' => return Ok((at, Some(at))),
                '\n' => return Ok((at, None)),
                ' ' => {
                    let next = self.skip_blanks(at);
                    return match self.text.get(next..).and_then(|r| r.chars().next()) {
                        None | Some('\n') => Ok((at, None)),
                        Some('=' | ':') => Ok((at, Some(next))),
                        Some(n) if is_key_char(n) => Err((
                            EnvError::KeyContainsSpace {
                                span: span(start, next + n.len_utf8()),
                            },
                            next,
                        )),
                        Some(n) => Err((unexpected(n, next), next)),
                    };
                }
                c if is_key_char(c) || matches!(c, '\t' | '\r') => {}
                c => return Err((unexpected(c, at), at)),
            }
        }
        Ok((self.bytes.len(), None))
    }

    /// `value := '"' … '"' | "'" … "'" | unquoted`, starting at `start` (blanks skipped).
    fn value(&mut self, start: usize) -> Result<(Value, usize), (EnvError, usize)> {
        match self.bytes.get(start) {
            Some(&q @ (b'"' | b'\'')) => self.quoted(start, q),
            _ => Ok(self.unquoted(start)),
        }
    }

    /// `quoted := '"' (escape | any)* '"' | "'" (escape | any)* "'"`, over lines.
    fn quoted(&mut self, start: usize, q: u8) -> Result<(Value, usize), (EnvError, usize)> {
        let Some(close) = self.closing_quote(start + 1, q) else {
            let end = self.line_end(start);
            let end = if end > start && self.bytes.get(end - 1) == Some(&b'\r') {
                end - 1
            } else {
                end
            };
            let error = EnvError::UnterminatedQuote {
                quote: char::from(q),
                span: span(start, end),
            };
            return Err((error, start));
        };
        let inner = self.text.get(start + 1..close).unwrap_or_default();
        let raw = text_range(start, close + 1);
        let value = if q == b'"' {
            let (template, map) = decode_double(inner, start + 1);
            let at = |o: usize| map.get(o).copied().unwrap_or_default();
            let references = self.references(&template, &at);
            Value {
                decoded: template,
                raw,
                quote: Quote::Double,
                references,
            }
        } else {
            Value {
                decoded: inner.replace("\\'", "'"),
                raw,
                quote: Quote::Single,
                references: Vec::new(),
            }
        };
        Ok((value, close + 1))
    }

    /// `unquoted := any* [" #" comment]`, to the end of the line, trailing blanks trimmed.
    fn unquoted(&mut self, start: usize) -> (Value, usize) {
        let line_end = self.line_end(start);
        let raw = self.text.get(start..line_end).unwrap_or_default();
        // compose v2 (observed): only ` #` starts a comment (`a#b`, `a\t#b` do not).
        let raw = raw.find(" #").map_or(raw, |p| &raw[..p]);
        let raw = raw.trim_end_matches([' ', '\t', '\r']);
        let end = start + raw.len();
        let references = self.references(raw, &|o| start + o);
        let value = Value {
            decoded: raw.to_owned(),
            raw: text_range(start, end),
            quote: Quote::None,
            references,
        };
        (value, end)
    }

    /// Returns the offset of the quote `q` closing a value whose text starts at `from`. A
    /// backslash always takes the next byte with it (`'a\\'` closes after `\\`).
    fn closing_quote(&self, from: usize, q: u8) -> Option<usize> {
        let mut i = from;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\\' => i += 2,
                b if b == q => return Some(i),
                _ => i += 1,
            }
        }
        None
    }

    /// Finds the references of `template`; `at(i)` is the file offset of template byte `i`.
    fn references(&mut self, template: &str, at: &dyn Fn(usize) -> usize) -> Vec<VarRef> {
        if !template.contains('$') {
            return Vec::new();
        }
        let to_file = |r: TextRange| text_range(at(r.start().into()), at(r.end().into()));
        match interpolate::references(template) {
            Ok(mut refs) => {
                for r in &mut refs {
                    r.map_ranges(&mut |range| to_file(range));
                }
                refs
            }
            Err(e) => {
                let e = e.map_range(to_file);
                let at = e.range();
                self.errors.push(EnvError::InvalidTemplate {
                    source: e,
                    span: span(at.start().into(), at.end().into()),
                });
                Vec::new()
            }
        }
    }
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']')
}

fn unexpected(c: char, at: usize) -> EnvError {
    EnvError::UnexpectedCharacter {
        character: c,
        span: span(at, at + c.len_utf8()),
    }
}

/// Decodes a double-quoted value (without its quotes) into an interpolation template, and
/// maps each template byte (and the end) to its offset in the file.
///
/// compose v2 (observed): `\n \t \r \\ \" \a \b \f \v` decode; `\$` is a literal `$` (kept
/// as `$$` so interpolation leaves it); `\0` and three octal digits up to `\0377` is that
/// character, any other `\0` loses its `0` (`\012` → `\12`); other escapes stay as written.
fn decode_double(inner: &str, base: usize) -> (String, Vec<usize>) {
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut map = Vec::with_capacity(inner.len() + 1);
    let mut i = 0;
    let push = |out: &mut String, map: &mut Vec<usize>, s: &str, at: usize| {
        out.push_str(s);
        map.extend(std::iter::repeat_n(base + at, s.len()));
    };
    while i < bytes.len() {
        let Some(rest) = inner.get(i..) else { break };
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        if c != '\\' {
            let s = &rest[..c.len_utf8()];
            out.push_str(s);
            map.extend((0..s.len()).map(|k| base + i + k));
            i += s.len();
            continue;
        }
        let (decoded, len): (String, usize) = match chars.next() {
            Some('n') => ("\n".into(), 2),
            Some('t') => ("\t".into(), 2),
            Some('r') => ("\r".into(), 2),
            Some('a') => ("\u{7}".into(), 2),
            Some('b') => ("\u{8}".into(), 2),
            Some('f') => ("\u{c}".into(), 2),
            Some('v') => ("\u{b}".into(), 2),
            Some('\\') => ("\\".into(), 2),
            Some('"') => ("\"".into(), 2),
            Some('$') => ("$$".into(), 2),
            Some('0') => match octal(bytes.get(i + 2..i + 5)) {
                Some('$') => ("$$".into(), 5),
                Some(c) => (c.to_string(), 5),
                None => ("\\".into(), 2),
            },
            Some(other) => (format!("\\{other}"), 1 + other.len_utf8()),
            None => ("\\".into(), 1),
        };
        push(&mut out, &mut map, &decoded, i);
        i += len;
    }
    map.push(base + inner.len());
    (out, map)
}

/// Reads three octal digits worth at most 0o377.
fn octal(digits: Option<&[u8]>) -> Option<char> {
    let digits = digits?;
    let mut n: u32 = 0;
    for &d in digits {
        if !(b'0'..=b'7').contains(&d) {
            return None;
        }
        n = n * 8 + u32::from(d - b'0');
    }
    if n > 0o377 { None } else { char::from_u32(n) }
}
