//! Compose variable interpolation: finding `${VAR}` references and substituting them.
//!
//! Docker Compose interpolates every string *value* of a compose file (never keys), and the
//! values of `.env` files that are unquoted or double-quoted. This module reads the syntax
//! once into a small tree and offers two views of it: [`references`] (where each variable is
//! used, with byte ranges, for lint rules) and [`substitute`] (the resulting string, for rules
//! that look at values).
//!
//! # Characteristics
//!
//! - Matches Docker Compose v2.40.3, checked by running it: `$VAR` takes the longest
//!   `[_A-Za-z][_A-Za-z0-9]*`; `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
//!   `${VAR:+a}`, `${VAR+a}`; defaults, messages and alternatives are themselves templates
//!   (`${A:-${B:-x}}`) and are always evaluated, even when not used, so an error inside one
//!   is an error of the whole value; `$$` is a literal `$`; a `$` followed by anything else
//!   (`$(`, `$1`, `$ `, a trailing `$`) is literal.
//! - Invalid forms (`${}`, `${ V}`, `${1V}`, `${V/x/y}`, `${V:x}`, an unterminated `${`, a
//!   line break inside `${…}`) are an [`InterpolationError::InvalidFormat`].
//! - Every range slices the input; nested references carry their own ranges.
//! - No panics and no unbounded recursion: nesting deeper than [`MAX_NESTING`] is an
//!   [`InterpolationError::TooDeep`].
//! - Error messages never contain a variable's value.
//!
//! # Example
//!
//! ```
//! use compose_model::interpolate::{references, substitute, RefKind};
//!
//! let text = "postgres://${DB_USER:-app}@db:${PORT}/x";
//! let refs = references(text).unwrap();
//! assert_eq!(refs[0].name, "DB_USER");
//! assert_eq!(&text[refs[0].range], "${DB_USER:-app}");
//! assert_eq!(refs[0].kind, RefKind::DefaultIfUnsetOrEmpty);
//! assert!(refs[0].has_default && !refs[1].has_default);
//!
//! let lookup = |name: &str| (name == "PORT").then(|| "5432".to_owned());
//! assert_eq!(substitute(text, &lookup).unwrap(), "postgres://app@db:5432/x");
//! ```
//!
//! # Limitations
//!
//! - The message of a `${VAR:?message}` error is the message as written, not interpolated
//!   (compose interpolates it; we keep values out of error messages).
//! - Unset variables substitute as the empty string silently; callers that want compose's
//!   "variable is not set" warning look at [`references`].

use std::fmt::Write as _;

use ecow::EcoString;
use miette::SourceSpan;
use text_size::{TextRange, TextSize};
use thin_vec::ThinVec;

/// How deep `${A:-${B:-…}}` may nest before the template is rejected.
pub const MAX_NESTING: usize = 64;

/// The operator of a variable reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `$VAR` or `${VAR}`.
    Plain,
    /// `${VAR:-default}`: the default when `VAR` is unset or empty.
    DefaultIfUnsetOrEmpty,
    /// `${VAR-default}`: the default when `VAR` is unset.
    DefaultIfUnset,
    /// `${VAR:?message}`: an error when `VAR` is unset or empty.
    ErrorIfUnsetOrEmpty,
    /// `${VAR?message}`: an error when `VAR` is unset.
    ErrorIfUnset,
    /// `${VAR:+alternative}`: the alternative when `VAR` is set and not empty, else empty.
    AltIfSetAndNonEmpty,
    /// `${VAR+alternative}`: the alternative when `VAR` is set, else empty.
    AltIfSet,
}

impl RefKind {
    /// Returns the operator as written between the name and the operand (`""` for plain).
    pub fn operator(self) -> &'static str {
        match self {
            Self::Plain => "",
            Self::DefaultIfUnsetOrEmpty => ":-",
            Self::DefaultIfUnset => "-",
            Self::ErrorIfUnsetOrEmpty => ":?",
            Self::ErrorIfUnset => "?",
            Self::AltIfSetAndNonEmpty => ":+",
            Self::AltIfSet => "+",
        }
    }

    /// Returns true for the forms where an unset variable neither errors nor is a plain blank:
    /// `-`, `:-`, `+` and `:+`.
    pub fn has_default(self) -> bool {
        matches!(
            self,
            Self::DefaultIfUnsetOrEmpty
                | Self::DefaultIfUnset
                | Self::AltIfSetAndNonEmpty
                | Self::AltIfSet
        )
    }

    /// Reads the operator at the start of `rest`, returning it and its length in bytes.
    fn read(rest: &[u8]) -> Option<(Self, usize)> {
        match rest {
            [b':', b'-', ..] => Some((Self::DefaultIfUnsetOrEmpty, 2)),
            [b':', b'?', ..] => Some((Self::ErrorIfUnsetOrEmpty, 2)),
            [b':', b'+', ..] => Some((Self::AltIfSetAndNonEmpty, 2)),
            [b'-', ..] => Some((Self::DefaultIfUnset, 1)),
            [b'?', ..] => Some((Self::ErrorIfUnset, 1)),
            [b'+', ..] => Some((Self::AltIfSet, 1)),
            _ => None,
        }
    }
}

/// One use of a variable in a template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VarRef {
    /// The variable's name.
    pub name: EcoString,
    /// Where the name is.
    pub name_range: TextRange,
    /// The whole reference: `$VAR` or `${…}` including the braces.
    pub range: TextRange,
    /// The operator.
    pub kind: RefKind,
    /// True for `${…}`, false for `$VAR`.
    pub braced: bool,
    /// The default, message or alternative as written (between the operator and `}`).
    pub operand_range: Option<TextRange>,
    /// True when an unset variable cannot cause an empty value or an error (`-`, `:-`, `+`,
    /// `:+` forms); same as `kind.has_default()`.
    pub has_default: bool,
    /// References inside the operand, in source order, with their own ranges.
    pub nested: ThinVec<VarRef>,
}

impl VarRef {
    /// Returns how many references this is: itself and every nested one.
    pub fn count(&self) -> usize {
        1 + self.nested.iter().map(VarRef::count).sum::<usize>()
    }

    /// Moves every range (also of nested references) `offset` bytes to the right, e.g. to
    /// make ranges relative to a scalar absolute in its file.
    #[must_use]
    pub fn shifted(mut self, offset: TextSize) -> Self {
        self.map_ranges(&mut |range| range + offset);
        self
    }

    /// Replaces every range (also of nested references) by `f(range)`.
    pub fn map_ranges(&mut self, f: &mut dyn FnMut(TextRange) -> TextRange) {
        self.name_range = f(self.name_range);
        self.range = f(self.range);
        self.operand_range = self.operand_range.map(&mut *f);
        for nested in &mut self.nested {
            nested.map_ranges(f);
        }
    }
}

/// Returns every reference of `refs` and of their operands, depth first, in source order.
pub fn flatten(refs: &[VarRef]) -> Vec<&VarRef> {
    let mut out = Vec::new();
    let mut stack: Vec<&VarRef> = refs.iter().rev().collect();
    while let Some(r) = stack.pop() {
        out.push(r);
        stack.extend(r.nested.iter().rev());
    }
    out
}

/// An interpolation failure. Messages name variables and positions, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum InterpolationError {
    /// A `${` that is not a valid reference.
    #[error("invalid interpolation format. You may need to escape any $ with another $.")]
    #[diagnostic(
        code(compose::invalid_interpolation),
        help(
            "write `$$` for a literal `$`, or `${{NAME}}` with NAME matching [_A-Za-z][_A-Za-z0-9]*"
        )
    )]
    InvalidFormat {
        /// From the `$` to the end of what was read.
        #[label("invalid interpolation")]
        span: SourceSpan,
    },
    /// `${VAR:?message}` or `${VAR?message}` with `VAR` missing.
    #[error("required variable {name} is missing a value{}", message_suffix(.message))]
    #[diagnostic(code(compose::required_variable))]
    RequiredVariable {
        /// The variable.
        name: String,
        /// The message as written in the template (not interpolated).
        message: String,
        /// The whole `${…}`.
        #[label("required here")]
        span: SourceSpan,
    },
    /// `${A:-${B:-…}}` nested deeper than [`MAX_NESTING`].
    #[error("interpolation nested deeper than {limit} levels")]
    #[diagnostic(code(compose::interpolation_too_deep))]
    TooDeep {
        /// The limit that was passed.
        limit: usize,
        /// The `${` that goes one level too deep, to the end of its operand.
        #[label("too deep")]
        span: SourceSpan,
    },
}

fn message_suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

impl InterpolationError {
    /// Returns the range the error points at, relative to the interpolated text.
    pub fn range(&self) -> TextRange {
        let span = match self {
            Self::InvalidFormat { span }
            | Self::RequiredVariable { span, .. }
            | Self::TooDeep { span, .. } => span,
        };
        let start = TextSize::try_from(span.offset()).unwrap_or(TextSize::new(u32::MAX));
        let len = TextSize::try_from(span.len()).unwrap_or_default();
        TextRange::at(start, len)
    }

    /// Returns the message Docker Compose v2 prints for this error in the value at `path`
    /// (e.g. `services.web.environment.URL`), without the offending template.
    pub fn compose_message(&self, path: &str) -> String {
        match self {
            Self::InvalidFormat { .. } => format!(
                "invalid interpolation format for {path}.\nYou may need to escape any $ with another $."
            ),
            Self::RequiredVariable { .. } | Self::TooDeep { .. } => {
                let mut out = format!("error while interpolating {path}: ");
                let _ = write!(out, "{self}");
                out
            }
        }
    }

    /// Moves the error's range `offset` bytes to the right.
    #[must_use]
    pub fn shifted(self, offset: TextSize) -> Self {
        self.map_range(|r| r + offset)
    }

    /// Replaces the error's range by `f(range)`.
    #[must_use]
    pub fn map_range(self, f: impl FnOnce(TextRange) -> TextRange) -> Self {
        let span = to_span(f(self.range()));
        match self {
            Self::InvalidFormat { .. } => Self::InvalidFormat { span },
            Self::RequiredVariable { name, message, .. } => Self::RequiredVariable {
                name,
                message,
                span,
            },
            Self::TooDeep { limit, .. } => Self::TooDeep { limit, span },
        }
    }
}

fn to_span(range: TextRange) -> SourceSpan {
    SourceSpan::from(usize::from(range.start())..usize::from(range.end()))
}

/// Returns the variable references in `text`, in source order, with ranges relative to
/// `text`. References inside an operand are in [`VarRef::nested`]; [`flatten`] lists all.
///
/// # Errors
///
/// [`InterpolationError::InvalidFormat`] for a malformed `${`, [`InterpolationError::TooDeep`]
/// past [`MAX_NESTING`] levels.
///
/// # Example
///
/// ```
/// let refs = compose_model::interpolate::references("$$HOME ${A:-${B}} $C-x").unwrap();
/// let names: Vec<_> = refs.iter().map(|r| r.name.as_str()).collect();
/// assert_eq!(names, ["A", "C"]);
/// assert_eq!(refs[0].nested[0].name, "B");
/// ```
pub fn references(text: &str) -> Result<Vec<VarRef>, InterpolationError> {
    let mut scan = Scan::new(text, None);
    scan.run()?;
    Ok(scan.refs.into_iter().collect())
}

/// Interpolates `text`, asking `lookup` for each variable (`None` = unset).
///
/// Values returned by `lookup` are inserted as they are (not interpolated again); an unset
/// variable without a default becomes the empty string.
///
/// # Errors
///
/// The errors of [`references`], and [`InterpolationError::RequiredVariable`] for a `:?`/`?`
/// reference whose variable is missing.
///
/// # Example
///
/// ```
/// use compose_model::interpolate::substitute;
/// let lookup = |name: &str| (name == "TAG").then(|| "1.36".to_owned());
/// assert_eq!(substitute("busybox:${TAG:-latest} $$5", &lookup).unwrap(), "busybox:1.36 $5");
/// ```
pub fn substitute(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, InterpolationError> {
    let mut scan = Scan::new(text, Some(lookup));
    scan.run()?;
    match scan.failed {
        Some(error) => Err(error),
        None => Ok(scan.out),
    }
}

/// A variable lookup, as [`substitute`] takes it.
type LookupFn<'a> = &'a dyn Fn(&str) -> Option<String>;

/// [`references`] and, with a lookup, [`substitute`], reading the template once.
///
/// The outer error is the syntax error both would return; the inner result is the
/// substitution's (`None` without a lookup).
pub(crate) fn references_and_substitute<R: FromIterator<VarRef>>(
    text: &str,
    lookup: Option<LookupFn<'_>>,
) -> Result<(R, Option<Result<String, InterpolationError>>), InterpolationError> {
    let mut scan = Scan::new(text, lookup);
    scan.run()?;
    let value = lookup.map(|_| match scan.failed {
        Some(error) => Err(error),
        None => Ok(scan.out),
    });
    Ok((scan.refs.into_iter().collect(), value))
}

/// One reading of a template: references are collected and, with a lookup, the value is
/// written, in a single left-to-right pass.
///
/// A syntax error anywhere stops the pass (it is the error of both views). A substitution
/// error (a required variable) stops only the substitution: reading goes on, so that a later
/// syntax error still wins, as when the template is read before it is evaluated.
struct Scan<'t, 'l> {
    text: &'t str,
    bytes: &'t [u8],
    lookup: Option<LookupFn<'l>>,
    /// The substituted value so far.
    out: String,
    /// The first substitution error.
    failed: Option<InterpolationError>,
    /// References read and not yet attached: a reference's operand references are the ones
    /// pushed while its operand was read.
    refs: Vec<VarRef>,
}

impl<'t, 'l> Scan<'t, 'l> {
    fn new(text: &'t str, lookup: Option<LookupFn<'l>>) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            lookup,
            out: String::new(),
            failed: None,
            refs: Vec::new(),
        }
    }

    /// Reads the whole text.
    fn run(&mut self) -> Result<(), InterpolationError> {
        if self.lookup.is_some() {
            self.out.reserve_exact(self.text.len());
        }
        self.template(0, self.text.len(), 0)
    }

    /// Whether values are being written (a lookup, and no substitution error yet).
    fn evaluating(&self) -> bool {
        self.lookup.is_some() && self.failed.is_none()
    }

    fn literal(&mut self, start: usize, end: usize) {
        if self.evaluating() && start < end {
            self.out
                .push_str(self.text.get(start..end).unwrap_or_default());
        }
    }

    /// `template := (literal | "$$" | "$" name | braced)*` over `bytes[start..end]`.
    ///
    /// compose v2 (observed): a `$` not followed by `$`, `{` or a name start is literal.
    fn template(
        &mut self,
        start: usize,
        end: usize,
        depth: usize,
    ) -> Result<(), InterpolationError> {
        let bytes = self.bytes;
        let mut lit = start;
        let mut i = start;
        while i < end {
            let Some(dollar) = bytes
                .get(i..end)
                .and_then(|rest| rest.iter().position(|&b| b == b'$'))
            else {
                break;
            };
            i += dollar;
            let next = bytes.get(i + 1).copied().filter(|_| i + 1 < end);
            match next {
                Some(b'$') => {
                    self.literal(lit, i);
                    if self.evaluating() {
                        self.out.push('$');
                    }
                    i += 2;
                }
                Some(b'{') => {
                    self.literal(lit, i);
                    i = self.braced(i, end, depth)?;
                }
                Some(b) if is_name_start(b) => {
                    self.literal(lit, i);
                    let name_end = scan_name(bytes, i + 1, end);
                    self.plain(i, name_end, (i + 1, name_end), false);
                    i = name_end;
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            lit = i;
        }
        self.literal(lit, end);
        Ok(())
    }

    /// A reference without operand: `$NAME` or `${NAME}`.
    fn plain(&mut self, start: usize, end: usize, name: (usize, usize), braced: bool) {
        let name_str = self.text.get(name.0..name.1).unwrap_or_default();
        if self.evaluating()
            && let Some(lookup) = self.lookup
            && let Some(value) = lookup(name_str)
        {
            self.out.push_str(&value);
        }
        self.refs.push(VarRef {
            name: crate::spanned::eco(name_str),
            name_range: range(name.0, name.1),
            range: range(start, end),
            kind: RefKind::Plain,
            braced,
            operand_range: None,
            has_default: false,
            nested: ThinVec::new(),
        });
    }

    /// `braced := "${" name ( "}" | op operand "}" )`,
    /// `op := ":-" | "-" | ":?" | "?" | ":+" | "+"`. Returns the offset after the `}`.
    ///
    /// compose v2 (observed): the operand ends at the `}` that balances the `{`s inside it
    /// (`${A:-{x}}` has operand `{x}`); when none balances, at the last `}` (`${U:-a{{b}c}d`
    /// has operand `a{{b}c`). Neither search crosses a line break: `${U:-a\nb}` is invalid.
    fn braced(
        &mut self,
        start: usize,
        end: usize,
        depth: usize,
    ) -> Result<usize, InterpolationError> {
        let bytes = self.bytes;
        // Computed only on error: scanning to the line end for every `${` would be quadratic
        // on long lines.
        let invalid = || {
            let line_end = bytes
                .get(start..end)
                .and_then(|s| s.iter().position(|&b| b == b'\n'))
                .map_or(end, |p| start + p);
            InterpolationError::InvalidFormat {
                span: SourceSpan::from(start..line_end),
            }
        };
        let name_start = start + 2;
        if !bytes
            .get(name_start)
            .is_some_and(|&b| name_start < end && is_name_start(b))
        {
            return Err(invalid());
        }
        let name_end = scan_name(bytes, name_start, end);
        let name = (name_start, name_end);
        if name_end < end && bytes.get(name_end) == Some(&b'}') {
            self.plain(start, name_end + 1, name, true);
            return Ok(name_end + 1);
        }
        let Some((kind, op_len)) = bytes.get(name_end..end).and_then(RefKind::read) else {
            return Err(invalid());
        };
        let operand_start = name_end + op_len;
        let Some(close) = bytes
            .get(operand_start..end)
            .and_then(closing_brace)
            .map(|p| operand_start + p)
        else {
            return Err(invalid());
        };
        if depth + 1 >= MAX_NESTING {
            return Err(InterpolationError::TooDeep {
                limit: MAX_NESTING,
                span: SourceSpan::from(start..close + 1),
            });
        }
        let name_str = self.text.get(name.0..name.1).unwrap_or_default();
        let value = match self.lookup {
            Some(lookup) if self.evaluating() => lookup(name_str),
            _ => None,
        };
        // compose v2 (observed): the operand is evaluated even when unused, so
        // `${A:+${E:?bad}}` fails whether or not A is set. It is written to `out` and taken
        // back when not chosen.
        let mark = self.out.len();
        let was_evaluating = self.evaluating();
        let nested_from = self.refs.len();
        self.template(operand_start, close, depth + 1)?;
        let mut nested = ThinVec::with_capacity(self.refs.len() - nested_from);
        nested.extend(self.refs.drain(nested_from..));
        if was_evaluating && self.failed.is_none() {
            self.choose(
                kind,
                value.as_deref(),
                mark,
                start,
                close + 1,
                name_str,
                (operand_start, close),
            );
        }
        self.refs.push(VarRef {
            name: crate::spanned::eco(name_str),
            name_range: range(name.0, name.1),
            range: range(start, close + 1),
            kind,
            braced: true,
            operand_range: Some(range(operand_start, close)),
            has_default: kind.has_default(),
            nested,
        });
        Ok(close + 1)
    }

    /// Keeps the operand written from `mark` on, or replaces it by the variable's value (or
    /// nothing), or fails for a missing required variable.
    #[allow(clippy::too_many_arguments)]
    fn choose(
        &mut self,
        kind: RefKind,
        value: Option<&str>,
        mark: usize,
        start: usize,
        end: usize,
        name: &str,
        operand: (usize, usize),
    ) {
        let set = value.is_some();
        let non_empty = value.is_some_and(|v| !v.is_empty());
        let use_operand = match kind {
            RefKind::Plain => false,
            RefKind::DefaultIfUnsetOrEmpty => !non_empty,
            RefKind::DefaultIfUnset => !set,
            RefKind::AltIfSetAndNonEmpty => non_empty,
            RefKind::AltIfSet => set,
            RefKind::ErrorIfUnsetOrEmpty | RefKind::ErrorIfUnset => {
                let missing = if kind == RefKind::ErrorIfUnsetOrEmpty {
                    !non_empty
                } else {
                    !set
                };
                if missing {
                    self.failed = Some(InterpolationError::RequiredVariable {
                        name: name.to_owned(),
                        message: self
                            .text
                            .get(operand.0..operand.1)
                            .unwrap_or_default()
                            .to_owned(),
                        span: SourceSpan::from(start..end),
                    });
                    return;
                }
                false
            }
        };
        if !use_operand {
            self.out.truncate(mark);
            if !matches!(kind, RefKind::AltIfSetAndNonEmpty | RefKind::AltIfSet) {
                self.out.push_str(value.unwrap_or_default());
            }
        }
    }
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name_char(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

fn scan_name(bytes: &[u8], from: usize, end: usize) -> usize {
    let mut j = from;
    while j < end && bytes.get(j).is_some_and(|&b| is_name_char(b)) {
        j += 1;
    }
    j
}

/// Returns the offset of the `}` closing an operand that starts at `operand[0]`: the one
/// balancing the `{`s before it, else the last one before the line break (or the end).
///
/// Stops at the balancing brace, so a well-formed `${…}` costs its own length only.
fn closing_brace(operand: &[u8]) -> Option<usize> {
    let mut open = 1usize;
    let mut last = None;
    for (p, &b) in operand.iter().enumerate() {
        match b {
            b'{' => open += 1,
            b'}' => {
                open -= 1;
                if open == 0 {
                    return Some(p);
                }
                last = Some(p);
            }
            b'\n' => break,
            _ => {}
        }
    }
    last
}

fn range(start: usize, end: usize) -> TextRange {
    // invariant: callers pass offsets into a `&str`, whose length the caller keeps within u32
    // (files over u32::MAX bytes are refused when read); saturate rather than panic.
    let clamp = |n: usize| TextSize::try_from(n).unwrap_or(TextSize::new(u32::MAX));
    TextRange::new(clamp(start), clamp(end).max(clamp(start)))
}

#[cfg(test)]
mod tests;
