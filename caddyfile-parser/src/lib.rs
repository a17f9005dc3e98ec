//! A lossless Caddyfile lexer and parser, snippet and import expansion, and a formatter whose
//! output is identical to `caddy fmt`.
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
pub use lexer::{CaddyToken, LexError, Quote, Token, TokenKind, lex, token_value, tokenize};
pub use parser::{Address, MAX_NESTING, Parse, STANDARD_DIRECTIVES, parse, parse_address};
pub use syntax::{Block, BlockKind, Directive, Document, ServerBlock, Word, WordKind, print};
