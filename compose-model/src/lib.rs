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

/// The small shared string type of scalar values and names (inline up to 15 bytes).
pub use ecow::EcoString;
pub use error::{ModelError, Parse, SyntaxError};
pub use spanned::Spanned;
pub use text_size::{TextRange, TextSize};
/// The one-pointer vector of the tree's and the model's lists.
pub use thin_vec::ThinVec;
