//! A lossless Caddyfile lexer and parser, snippet and import expansion, and a formatter whose
//! output is identical to `caddy fmt`.
//!
//! It reads Caddyfiles the way Caddy (HEAD, v2.11) does — same tokens, same line numbers,
//! same error messages — but keeps every byte, so that a linter can point at any token and
//! fix a file with byte-range edits that leave everything else untouched.
//!
//! # Characteristics
//!
//! - **Lossless.** Tokens tile the input, trivia (whitespace, comments, line
//!   continuations, a BOM, CRs) included; [`print()`] walks the tree and gives the input back
//!   byte for byte.
//! - **Error recovery.** [`parse`] always returns a complete tree; problems go into
//!   [`Parse::errors`], each with a range, Caddy's message and the line Caddy would report
//!   ([`SyntaxError::caddy_line`]).
//! - **No panics, bounded work.** Any `&str` is accepted; block nesting is followed to
//!   [`MAX_NESTING`] levels and reported past it; import expansion is bounded in depth and
//!   output size ([`expand::ExpandOptions`]).
//! - **Fast.** The lexer scans bytes (400–450 MiB/s on a generated 2 MB Caddyfile); import
//!   expansion is linear in its output (5,000 sites importing a snippet: about 17 ms).
//!
//! # Phases
//!
//! 1. [`lex`]: text → [`Token`]s (kind + range), every byte in exactly one token.
//!    [`tokenize`] gives Caddy's own view of them ([`CaddyToken`]: value, quote kind,
//!    line) and Caddy's exact lexer errors.
//! 2. [`parse`]: tokens → [`Document`] (server blocks, directives, [`Word`]s with Caddy's
//!    values) + [`SyntaxError`]s.
//! 3. [`expand::expand`]: snippets and imports spliced as Caddy does, each token keeping its
//!    file, range and the chain of imports that brought it.
//! 4. [`format()`]: the text as `caddy fmt` would print it (a character-level state machine,
//!    not built on the tree; see the [`format`](mod@format) module for its documented
//!    differences).
//!
//! Helpers: [`env_placeholders`] and [`substitute_env`] for `{$VAR}`, [`parse_address`]
//! for site addresses, [`dump`] for snapshot tests.
//!
//! # Example
//!
//! ```
//! use caddyfile_parser::{parse, print};
//!
//! let text = "example.com {\n\treverse_proxy app:8080 # the app\n}\n";
//! let parsed = parse(text);
//! assert!(parsed.errors.is_empty());
//!
//! let site = parsed.tree.sites().next().unwrap();
//! let proxy = &site.directives()[0];
//! assert_eq!(proxy.name().value(text), "reverse_proxy");
//! assert_eq!(&text[proxy.args()[0].range], "app:8080");
//!
//! // the tree gives the input back, comment and all
//! assert_eq!(print(&parsed.tree, text), text);
//! ```
//!
//! ## Limitations
//!
//! - **Env placeholders are not substituted before parsing.** Caddy replaces `{$VAR}` in the
//!   raw bytes first, so a variable could hold several tokens, braces or line breaks; here
//!   `{$VAR}` stays inside its word. [`substitute_env`] is there for callers who know the
//!   environment.
//! - **`&str` only.** Caddy reads invalid UTF-8 as U+FFFD; callers turn bytes that are not
//!   UTF-8 into a diagnostic of their own before calling.
//! - **A few errors Caddy does not report**, because the input is never what was meant: an
//!   unclosed quote (Caddy reads to the end of the file), a missing `}` that Caddy's parser
//!   silently double-counts, a stray top-level `}` (Caddy takes it as a site address), and
//!   structure problems inside snippet bodies (Caddy checks them only when imported).
//! - **Tokens after a nested block's `}` on the same line** start a new directive in the
//!   tree; Caddy keeps them in the same segment.
//! - **Site addresses** are checked for what Caddy's adapter rejects outright (port range,
//!   scheme, directive names, `@` keys); duplicate addresses and unknown directives are left
//!   to lint rules.
//! - **Expansion** supports wildcards in the last path segment only, does not re-report the
//!   syntax errors of imported files (parse each [`expand::Source`]) nor structure
//!   problems that only appear once tokens are spliced, leaves `{args[N]}` past the last
//!   argument as is (with a warning, as Caddy), and does not make HEAD's "global options
//!   block must appear before import directives" check.
//! - **Quoted braces** (`"{"`) are literal, as in Caddy HEAD (#7875, unreleased); Caddy 2.6
//!   counts them as braces.
//! - **A backslash before a backtick quote** (`` \`x` ``) gives `x`, as Caddy 2.6.2 does;
//!   not checked against HEAD.
#![warn(missing_docs)]

pub use text_size::{TextRange, TextSize};

mod dump;
mod env;
mod error;
pub mod expand;
pub mod format;
mod lexer;
mod parser;
mod syntax;

pub use dump::dump;
pub use env::{EnvPlaceholder, env_placeholders, substitute_env};
pub use error::SyntaxError;
pub use format::format;
pub use lexer::{
    CaddyToken, LexError, Quote, Token, TokenKind, Tokens, lex, token_value, tokenize,
};
pub use parser::{Address, MAX_NESTING, Parse, STANDARD_DIRECTIVES, parse, parse_address};
pub use syntax::{
    AllDirectives, Block, BlockKind, Directive, Document, Matcher, ServerBlock, Word, WordKind,
    print,
};
