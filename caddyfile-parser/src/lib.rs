//! A lossless Caddyfile lexer and parser, snippet and import expansion, and a formatter whose
//! output is identical to `caddy fmt`.
#![warn(missing_docs)]

pub use text_size::{TextRange, TextSize};

pub mod format;

pub use format::format;
