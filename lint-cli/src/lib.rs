//! cfglint: lints and fixes a deployment's compose files, Caddyfiles, Dockerfiles and `.env`
//! files together.
#![warn(missing_docs)]

pub mod checker;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod discover;
pub mod fix;
pub mod line_index;
pub mod output;
pub mod project;
pub mod registry;
pub mod report;
pub mod rules;
pub mod source;
pub mod stack;
pub mod suppress;
pub mod write;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use fix::{Applicability, Edit, Fix};
pub use source::{FileId, FileKind};
