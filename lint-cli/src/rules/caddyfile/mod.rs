//! caddyfile rules.

pub mod caddyfile_format;
pub mod caddyfile_syntax;
pub mod duplicate_site_address;
pub mod undefined_matcher;
pub mod undefined_snippet;
pub mod unknown_directive;
pub mod unused_matcher;
pub mod unused_snippet;
