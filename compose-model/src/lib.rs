//! A span-carrying YAML tree and a typed docker-compose model over it, compose interpolation,
//! and `.env` and Dockerfile readers.
#![warn(missing_docs)]

pub mod dockerfile;
pub mod dotenv;
pub mod error;
pub mod interpolate;
pub mod model;
mod spanned;
pub mod yaml;

pub use error::{ModelError, Parse, SyntaxError};
pub use spanned::Spanned;
pub use text_size::{TextRange, TextSize};
