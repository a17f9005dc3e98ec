//! cfglint: lints and fixes a deployment's compose files, Caddyfiles, Dockerfiles and `.env`
//! files together.
//!
//! The binary is a thin shell over this library. Another Rust tool checks paths with
//! [`api::check_paths`] and gets typed [`Diagnostic`]s back, each with its rule, severity,
//! message, location ([`report::Report::location`]) and optional [`Fix`]:
//!
//! ```
//! let stack = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/sidelinja");
//! let report = cfglint::api::check_paths(&[stack], &Default::default())?;
//! assert!(report.diagnostics.iter().any(|d| d.rule_id() == "dangling-upstream"));
//! # Ok::<(), cfglint::api::CheckError>(())
//! ```
//!
//! The pipeline (DESIGN.md): [`discover`] finds stacks and files, [`project`] reads and parses
//! them and builds each [`stack::StackIndex`], [`checker`] runs the [`rules`], [`fix`] applies
//! fixes as byte-range edits, [`output`] prints, [`write`] writes atomically.
#![warn(missing_docs)]

pub mod api;

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
