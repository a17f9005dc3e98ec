//! A span-carrying YAML tree and a typed docker-compose model over it, compose interpolation,
//! and `.env` and Dockerfile readers.
#![warn(missing_docs)]

pub use text_size::{TextRange, TextSize};

pub mod dockerfile;
pub mod dotenv;
pub mod interpolate;
mod spanned;
pub use spanned::Spanned;
