//! compose rules.

pub mod compose_syntax;
pub mod dependency_cycle;
pub mod duplicate_container_name;
pub mod host_port_conflict;
pub mod undefined_config;
pub mod undefined_network;
pub mod undefined_secret;
pub mod undefined_volume;
pub mod unknown_service;
pub mod unpinned_image;
pub mod unused_config;
pub mod unused_network;
pub mod unused_secret;
pub mod unused_volume;

mod resources;
mod support;
