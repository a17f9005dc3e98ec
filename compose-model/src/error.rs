//! Problems found in a compose file: [`SyntaxError`] (YAML) and [`ModelError`] (compose types),
//! and the [`Parse`] result that carries them next to a tree.
//!
//! Both are data, never `Err`: a parser returns its tree and the list of problems it met.

use miette::SourceSpan;
use text_size::{TextRange, TextSize};

/// A tree together with the problems found while building it.
///
/// The tree is always usable: after a syntax error it holds what was read before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse<T, E = SyntaxError> {
    /// What was parsed.
    pub tree: T,
    /// The problems met, in source order.
    pub errors: Vec<E>,
}

impl<T, E> Parse<T, E> {
    /// Returns whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// One YAML problem with a byte span.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum SyntaxError {
    /// The YAML scanner or parser gave up here (`saphyr-parser`'s message).
    #[error("invalid YAML: {message}")]
    #[diagnostic(code(compose::yaml_syntax))]
    Yaml {
        /// The parser's message.
        message: String,
        /// Where the parser stopped.
        #[label("here")]
        span: SourceSpan,
    },
    /// Collections nest deeper than the limit; the rest of the file is not read.
    #[error("nesting is deeper than {limit} levels")]
    #[diagnostic(code(compose::too_deep), help("flatten the structure"))]
    TooDeep {
        /// The nesting limit.
        limit: usize,
        /// The collection that went past it.
        #[label("too deep")]
        span: SourceSpan,
    },
    /// A mapping defines the same key twice. Both entries stay in the tree.
    #[error("mapping key `{key}` is already defined")]
    #[diagnostic(code(compose::duplicate_key), help("remove one of the two entries"))]
    DuplicateKey {
        /// The key, as its YAML value.
        key: String,
        /// The second definition.
        #[label("defined again here")]
        span: SourceSpan,
        /// The first definition.
        #[label("first defined here")]
        first: SourceSpan,
    },
    /// An alias refers to the collection it sits in (`&a [*a]`).
    #[error("alias `*{name}` refers to a node that contains it")]
    #[diagnostic(code(compose::recursive_alias))]
    RecursiveAlias {
        /// The anchor name.
        name: String,
        /// The alias.
        #[label("recursive alias")]
        span: SourceSpan,
    },
    /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
    #[error("map merge requires a mapping or a sequence of mappings as the value")]
    #[diagnostic(code(compose::invalid_merge))]
    InvalidMerge {
        /// The merge value.
        #[label("not a mapping")]
        span: SourceSpan,
    },
    /// Following aliases visited more nodes than the budget allows ("billion laughs").
    #[error("aliases expand to more than {budget} nodes")]
    #[diagnostic(code(compose::alias_budget), help("use fewer nested aliases"))]
    AliasBudget {
        /// The node budget.
        budget: u64,
        /// The alias being expanded when the budget ran out.
        #[label("expansion stopped here")]
        span: SourceSpan,
    },
}

impl SyntaxError {
    /// Returns the primary range of the problem.
    pub fn range(&self) -> TextRange {
        let span = match self {
            Self::Yaml { span, .. }
            | Self::TooDeep { span, .. }
            | Self::DuplicateKey { span, .. }
            | Self::RecursiveAlias { span, .. }
            | Self::InvalidMerge { span }
            | Self::AliasBudget { span, .. } => span,
        };
        range_of(*span)
    }
}

/// A value of the wrong shape for compose, with a byte span.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ModelError {
    /// A value has the wrong YAML type (`ports: 80`, `services: []`).
    #[error("`{path}` must be {expected}, found {found}")]
    #[diagnostic(code(compose::wrong_type))]
    WrongType {
        /// Dotted path of the value (`services.web.ports`).
        path: String,
        /// What compose expects there.
        expected: &'static str,
        /// What the file has.
        found: &'static str,
        /// The value.
        #[label("here")]
        span: SourceSpan,
    },
    /// A value has the right type but cannot be read (`ports: ["80:x"]`).
    #[error("`{path}`: {message}")]
    #[diagnostic(code(compose::invalid_value))]
    Invalid {
        /// Dotted path of the value.
        path: String,
        /// What is wrong.
        message: String,
        /// The value.
        #[label("here")]
        span: SourceSpan,
    },
    /// A `${…}` expression compose cannot interpolate, or a required variable that is unset.
    #[error("invalid interpolation format for `{path}`: {message}")]
    #[diagnostic(
        code(compose::interpolation),
        help("you may need to escape any `$` with another `$`")
    )]
    Interpolation {
        /// Dotted path of the value.
        path: String,
        /// What is wrong.
        message: String,
        /// The value.
        #[label("here")]
        span: SourceSpan,
    },
    /// A YAML problem found while resolving aliases and merges.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(SyntaxError),
}

impl ModelError {
    /// Returns the range of the offending value.
    pub fn range(&self) -> TextRange {
        let span = match self {
            Self::WrongType { span, .. }
            | Self::Invalid { span, .. }
            | Self::Interpolation { span, .. } => span,
            Self::Yaml(error) => return error.range(),
        };
        range_of(*span)
    }
}

/// Converts a [`TextRange`] to the `miette` span type. The one place errors build spans.
pub(crate) fn span(range: TextRange) -> SourceSpan {
    SourceSpan::new(usize::from(range.start()).into(), usize::from(range.len()))
}

/// Converts a `miette` span back to a [`TextRange`]; spans here always come from [`span`].
fn range_of(span: SourceSpan) -> TextRange {
    let start = TextSize::try_from(span.offset()).unwrap_or(TextSize::new(u32::MAX));
    let len = TextSize::try_from(span.len()).unwrap_or_default();
    TextRange::new(start, start.checked_add(len).unwrap_or(start))
}
