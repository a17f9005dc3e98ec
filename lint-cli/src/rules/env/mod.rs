//! env rules.

pub mod duplicate_variable;
pub mod env_syntax;
