//! dockerfile rules.

pub mod dockerfile_syntax;
