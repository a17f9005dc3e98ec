//! [`SyntaxError`]: one syntax problem with its range, worded as Caddy (HEAD) words it.

use miette::SourceSpan;
use text_size::{TextRange, TextSize};

/// One syntax problem in a Caddyfile.
///
/// The message (`Display`) is Caddy's own wording (HEAD) without its `, at FILE:LINE`
/// suffix; [`SyntaxError::caddy_line`] gives the line Caddy would report, and
/// [`SyntaxError::range`] the bytes to underline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum SyntaxError {
    /// `<<` directly followed by the end of the line.
    #[error(
        "missing opening heredoc marker on line #{line}; must contain only alphanumeric characters, dashes and underscores; got empty string"
    )]
    #[diagnostic(
        code(caddyfile::heredoc_missing_marker),
        help("name the heredoc, as in `<<END`")
    )]
    HeredocMissingMarker {
        /// The `<<`.
        #[label("heredoc opened without a marker")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// `<<<MARKER` at the end of a line.
    #[error("too many '<' for heredoc on line #{line}; only use two, for example <<END")]
    #[diagnostic(code(caddyfile::heredoc_too_many_angles), help("use exactly two `<`"))]
    HeredocTooManyAngles {
        /// The opener.
        #[label("too many `<`")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A heredoc marker with characters outside `[A-Za-z0-9_-]`.
    #[error(
        "heredoc marker on line #{line} must contain only alphanumeric characters, dashes and underscores; got '{marker}'"
    )]
    #[diagnostic(
        code(caddyfile::heredoc_invalid_marker),
        help("use only letters, digits, `-` and `_` in the marker")
    )]
    HeredocInvalidMarker {
        /// The marker as written.
        marker: String,
        /// The opener.
        #[label("invalid marker")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A heredoc whose closing marker never comes.
    #[error("incomplete heredoc <<{marker} on line #{line}, expected ending marker {marker}")]
    #[diagnostic(
        code(caddyfile::unclosed_heredoc),
        help("end it with a line holding only the marker")
    )]
    HeredocUnclosed {
        /// The marker.
        marker: String,
        /// The whole heredoc, to the end of the input.
        #[label("opened here and never closed")]
        span: SourceSpan,
        /// Caddy's line number (the last line of the input).
        line: u32,
    },
    /// A heredoc body line that does not start with the closing marker's indentation.
    #[error(
        "mismatched leading whitespace in heredoc <<{marker} on line #{line} [{text}], expected whitespace [{padding}] to match the closing marker"
    )]
    #[diagnostic(
        code(caddyfile::heredoc_mismatched_whitespace),
        help("indent every body line at least as much as the closing marker")
    )]
    HeredocMismatchedIndent {
        /// The marker.
        marker: String,
        /// The offending line's text.
        text: String,
        /// The closing marker's indentation.
        padding: String,
        /// The offending line.
        #[label("this line is not indented like the closing marker")]
        span: SourceSpan,
        /// Caddy's line number (the offending line).
        line: u32,
    },
    /// A `"` or `` ` `` that is never closed. Caddy accepts it (the token runs to the end of
    /// the file); it is reported because it is never what was meant.
    #[error("unclosed quote; the token runs to the end of the file")]
    #[diagnostic(code(caddyfile::unclosed_quote), help("add the closing quote"))]
    UnclosedQuote {
        /// The quoted token.
        #[label("this quote is never closed")]
        span: SourceSpan,
        /// Caddy's line number (where the token starts).
        line: u32,
    },
    /// A `{` right after a key that ends in a comma.
    #[error("Expected another address but had '{{' - check for extra comma")]
    #[diagnostic(code(caddyfile::trailing_comma), help("remove the comma before `{{`"))]
    ExpectedAnotherAddress {
        /// The `{`.
        #[label("an address was expected here")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site address glued to its `{`.
    #[error(
        "Site addresses cannot end with a curly brace: '{address}' - put a space between the token and the brace"
    )]
    #[diagnostic(
        code(caddyfile::address_ends_with_brace),
        help("put a space before `{{`")
    )]
    AddressEndsWithBrace {
        /// The key as written.
        address: String,
        /// The key.
        #[label("missing space before `{{`")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site address with a comma inside.
    #[error(
        "Site addresses cannot contain a comma ',': '{address}' - put a space after the comma to separate site addresses"
    )]
    #[diagnostic(
        code(caddyfile::address_contains_comma),
        help("put a space after the comma")
    )]
    AddressContainsComma {
        /// The key as written.
        address: String,
        /// The key.
        #[label("comma inside an address")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// The input ends where more was required (a `}`, another address).
    #[error("unexpected EOF")]
    #[diagnostic(code(caddyfile::unexpected_eof), help("close every `{{` with a `}}`"))]
    UnexpectedEof {
        /// Where the missing part belongs (the unclosed `{`, or the last token).
        #[label("not finished at the end of the file")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// `syntax error: unexpected token 'X', expecting '{'` (or `'}'`).
    #[error("syntax error: unexpected token '{found}', expecting '{expected}'")]
    #[diagnostic(code(caddyfile::unexpected_token))]
    UnexpectedToken {
        /// The token found.
        found: String,
        /// The brace expected.
        expected: char,
        /// The token found.
        #[label("expected `{expected}`")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A named matcher defined outside a site block.
    #[error(
        "request matchers may not be defined globally, they must be in a site block; found {name}"
    )]
    #[diagnostic(
        code(caddyfile::global_matcher),
        help("move the matcher into a site block")
    )]
    GlobalMatcher {
        /// The matcher token (`@name`).
        name: String,
        /// The matcher token.
        #[label("matcher outside a site block")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A `{` followed by more tokens on its line.
    #[error("Unexpected next token after '{{' on same line")]
    #[diagnostic(
        code(caddyfile::token_after_open_brace),
        help("start a new line after `{{`")
    )]
    TokenAfterOpenBrace {
        /// The `{`.
        #[label("this `{{` must end its line")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A `{` at the start of a line inside a block.
    #[error("Unexpected '{{' on a new line; did you mean to place the '{{' on the previous line?")]
    #[diagnostic(
        code(caddyfile::open_brace_on_new_line),
        help("move the `{{` to the end of the previous line")
    )]
    OpenBraceOnNewLine {
        /// The `{`.
        #[label("`{{` on its own line")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// An unquoted `{}` ending a line.
    #[error("Unexpected '{{}}' at end of line")]
    #[diagnostic(
        code(caddyfile::empty_braces_at_line_end),
        help("quote it (`\"{{}}\"`) or open a real block")
    )]
    EmptyBracesAtLineEnd {
        /// The `{}`.
        #[label("`{{}}` ends the line")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A `}` with no `{` to close.
    #[error("Unexpected '}}' because no matching opening brace")]
    #[diagnostic(
        code(caddyfile::unmatched_close_brace),
        help("remove the `}}` or add the missing `{{`")
    )]
    UnmatchedCloseBrace {
        /// The `}`.
        #[label("nothing to close")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// Blocks nested deeper than the parser follows.
    #[error("blocks are nested too deeply (more than {limit} levels)")]
    #[diagnostic(code(caddyfile::nesting_too_deep), help("flatten the configuration"))]
    NestingTooDeep {
        /// The nesting limit.
        limit: u32,
        /// The `{` past the limit.
        #[label("nesting limit reached here")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A snippet defined twice.
    #[error("redeclaration of previously declared snippet {name}")]
    #[diagnostic(
        code(caddyfile::snippet_redeclared),
        help("rename or remove one of the snippets")
    )]
    SnippetRedeclared {
        /// The snippet name.
        name: String,
        /// The second definition's key.
        #[label("declared again here")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A named route defined twice.
    #[error("cannot have duplicate named_routes: {name}")]
    #[diagnostic(
        code(caddyfile::named_route_redeclared),
        help("rename or remove one of the routes")
    )]
    NamedRouteRedeclared {
        /// The route name.
        name: String,
        /// The second definition's key.
        #[label("declared again here")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// `import` with nothing after it.
    #[error("wrong argument count or unexpected line ending after 'import'")]
    #[diagnostic(
        code(caddyfile::import_without_argument),
        help("name a snippet or a file to import")
    )]
    ImportWithoutArgument {
        /// The `import`.
        #[label("nothing to import")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// `import ""`.
    #[error("Import requires a non-empty filepath")]
    #[diagnostic(code(caddyfile::import_empty_path))]
    ImportEmptyPath {
        /// The empty argument.
        #[label("empty path")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A `{ … }` without a name inside an import's block.
    #[error("anonymous blocks are not supported")]
    #[diagnostic(
        code(caddyfile::anonymous_block),
        help("name the block (`name {{ … }}`) and use `{{blocks.name}}`")
    )]
    AnonymousBlock {
        /// The `{`.
        #[label("block without a name")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A keyless (global options) block that is not the first block.
    #[error("server block without any key is global configuration, and if used, it must be first")]
    #[diagnostic(
        code(caddyfile::global_options_not_first),
        help("move the global options block to the top")
    )]
    GlobalOptionsNotFirst {
        /// The block's `{`.
        #[label("global options block")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site key that is a directive name.
    #[error(
        "parsed '{name}' as a site address, but it is a known directive; directives must appear in a site block"
    )]
    #[diagnostic(
        code(caddyfile::directive_as_site_address),
        help("put the directive inside a site block")
    )]
    DirectiveAsSiteAddress {
        /// The key.
        name: String,
        /// The key.
        #[label("directive used as a site address")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site address port outside 0–65535 (or not a number).
    #[error("port {port} is out of range")]
    #[diagnostic(code(caddyfile::port_out_of_range))]
    PortOutOfRange {
        /// The port as written.
        port: String,
        /// The address.
        #[label("invalid port")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site address port that is not a number.
    #[error("invalid port '{port}': ports must be numbers from 0 to 65535")]
    #[diagnostic(code(caddyfile::invalid_port))]
    InvalidPort {
        /// The port as written.
        port: String,
        /// The address.
        #[label("invalid port")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A site address scheme other than `http`/`https`.
    #[error("unsupported URL scheme {scheme}://")]
    #[diagnostic(code(caddyfile::unsupported_scheme), help("use http:// or https://"))]
    UnsupportedScheme {
        /// The scheme.
        scheme: String,
        /// The address.
        #[label("unsupported scheme")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// A `ws://`/`wss://` site address.
    #[error("the scheme {scheme}:// is only supported in browsers; use {instead}:// instead")]
    #[diagnostic(code(caddyfile::browser_scheme))]
    BrowserOnlyScheme {
        /// The scheme.
        scheme: String,
        /// The scheme to use.
        instead: String,
        /// The address.
        #[label("browser-only scheme")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
    /// `http://…:443` or `https://…:80`.
    #[error("[{address}] scheme and port violate convention")]
    #[diagnostic(code(caddyfile::scheme_port_conflict))]
    SchemePortConflict {
        /// The address.
        address: String,
        /// The address.
        #[label("scheme and port disagree")]
        span: SourceSpan,
        /// Caddy's line number.
        line: u32,
    },
}

/// Converts a `TextRange` into the span miette wants.
pub(crate) fn span(range: TextRange) -> SourceSpan {
    SourceSpan::new(usize::from(range.start()).into(), usize::from(range.len()))
}

impl SyntaxError {
    /// The bytes the error points at.
    pub fn range(&self) -> TextRange {
        let span = self.span();
        let start = TextSize::new(span.offset() as u32);
        TextRange::at(start, TextSize::new(span.len() as u32))
    }

    /// The line number Caddy reports for this error (1-based, line feeds only, continuation
    /// lines sharing the number of the line they continue).
    pub fn caddy_line(&self) -> u32 {
        match self {
            Self::HeredocMissingMarker { line, .. }
            | Self::HeredocTooManyAngles { line, .. }
            | Self::HeredocInvalidMarker { line, .. }
            | Self::HeredocUnclosed { line, .. }
            | Self::HeredocMismatchedIndent { line, .. }
            | Self::UnclosedQuote { line, .. }
            | Self::ExpectedAnotherAddress { line, .. }
            | Self::AddressEndsWithBrace { line, .. }
            | Self::AddressContainsComma { line, .. }
            | Self::UnexpectedEof { line, .. }
            | Self::UnexpectedToken { line, .. }
            | Self::GlobalMatcher { line, .. }
            | Self::TokenAfterOpenBrace { line, .. }
            | Self::OpenBraceOnNewLine { line, .. }
            | Self::EmptyBracesAtLineEnd { line, .. }
            | Self::UnmatchedCloseBrace { line, .. }
            | Self::NestingTooDeep { line, .. }
            | Self::SnippetRedeclared { line, .. }
            | Self::NamedRouteRedeclared { line, .. }
            | Self::ImportWithoutArgument { line, .. }
            | Self::ImportEmptyPath { line, .. }
            | Self::AnonymousBlock { line, .. }
            | Self::GlobalOptionsNotFirst { line, .. }
            | Self::DirectiveAsSiteAddress { line, .. }
            | Self::PortOutOfRange { line, .. }
            | Self::InvalidPort { line, .. }
            | Self::UnsupportedScheme { line, .. }
            | Self::BrowserOnlyScheme { line, .. }
            | Self::SchemePortConflict { line, .. } => *line,
        }
    }

    fn span(&self) -> SourceSpan {
        match self {
            Self::HeredocMissingMarker { span, .. }
            | Self::HeredocTooManyAngles { span, .. }
            | Self::HeredocInvalidMarker { span, .. }
            | Self::HeredocUnclosed { span, .. }
            | Self::HeredocMismatchedIndent { span, .. }
            | Self::UnclosedQuote { span, .. }
            | Self::ExpectedAnotherAddress { span, .. }
            | Self::AddressEndsWithBrace { span, .. }
            | Self::AddressContainsComma { span, .. }
            | Self::UnexpectedEof { span, .. }
            | Self::UnexpectedToken { span, .. }
            | Self::GlobalMatcher { span, .. }
            | Self::TokenAfterOpenBrace { span, .. }
            | Self::OpenBraceOnNewLine { span, .. }
            | Self::EmptyBracesAtLineEnd { span, .. }
            | Self::UnmatchedCloseBrace { span, .. }
            | Self::NestingTooDeep { span, .. }
            | Self::SnippetRedeclared { span, .. }
            | Self::NamedRouteRedeclared { span, .. }
            | Self::ImportWithoutArgument { span, .. }
            | Self::ImportEmptyPath { span, .. }
            | Self::AnonymousBlock { span, .. }
            | Self::GlobalOptionsNotFirst { span, .. }
            | Self::DirectiveAsSiteAddress { span, .. }
            | Self::PortOutOfRange { span, .. }
            | Self::InvalidPort { span, .. }
            | Self::UnsupportedScheme { span, .. }
            | Self::BrowserOnlyScheme { span, .. }
            | Self::SchemePortConflict { span, .. } => *span,
        }
    }
}
