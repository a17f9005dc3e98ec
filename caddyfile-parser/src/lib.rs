//! A lossless Caddyfile lexer and parser, snippet and import expansion, and a formatter whose
//! output is identical to `caddy fmt`.
#![warn(missing_docs)]

pub use text_size::{TextRange, TextSize};

mod error;
pub mod format;
mod lexer;

pub use error::SyntaxError;
pub use format::format;
pub use lexer::{CaddyToken, LexError, Quote, Token, TokenKind, lex, token_value, tokenize};
