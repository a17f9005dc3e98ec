//! meta rules.

pub mod unused_suppression;
