//! Every rule, one file each, grouped by the input they read.

pub mod caddyfile;
pub mod compose;
pub mod cross;
pub mod dockerfile;
pub mod env;
pub mod meta;

use crate::registry::{Rule, RuleMeta};

pub(crate) use meta::unused_suppression::{report_damage, unused_suppressions};

/// `unused-suppression`, which the engine runs after every other rule.
pub const UNUSED_SUPPRESSION: &RuleMeta = &meta::unused_suppression::UnusedSuppression::META;

/// Every rule, sorted by id.
pub static ALL_RULES: &[&dyn Rule] = &[
    &caddyfile::caddyfile_format::CaddyfileFormat,
    &caddyfile::caddyfile_syntax::CaddyfileSyntax,
    &compose::compose_syntax::ComposeSyntax,
    &cross::dangling_upstream::DanglingUpstream,
    &cross::dangling_url::DanglingUrl,
    &compose::dependency_cycle::DependencyCycle,
    &dockerfile::dockerfile_syntax::DockerfileSyntax,
    &compose::duplicate_container_name::DuplicateContainerName,
    &caddyfile::duplicate_site_address::DuplicateSiteAddress,
    &env::duplicate_variable::DuplicateVariable,
    &env::env_syntax::EnvSyntax,
    &compose::host_port_conflict::HostPortConflict,
    &cross::missing_build_arg::MissingBuildArg,
    &cross::missing_mount_source::MissingMountSource,
    &cross::retired_reference::RetiredReference,
    &compose::undefined_config::UndefinedConfig,
    &caddyfile::undefined_matcher::UndefinedMatcher,
    &compose::undefined_network::UndefinedNetwork,
    &compose::undefined_secret::UndefinedSecret,
    &caddyfile::undefined_snippet::UndefinedSnippet,
    &cross::undefined_variable::UndefinedVariable,
    &compose::undefined_volume::UndefinedVolume,
    &caddyfile::unknown_directive::UnknownDirective,
    &compose::unknown_service::UnknownService,
    &compose::unpinned_image::UnpinnedImage,
    &cross::unused_build_arg::UnusedBuildArg,
    &compose::unused_config::UnusedConfig,
    &caddyfile::unused_matcher::UnusedMatcher,
    &compose::unused_network::UnusedNetwork,
    &compose::unused_secret::UnusedSecret,
    &caddyfile::unused_snippet::UnusedSnippet,
    &meta::unused_suppression::UnusedSuppression,
    &cross::unused_variable::UnusedVariable,
    &compose::unused_volume::UnusedVolume,
    &cross::upstream_port_mismatch::UpstreamPortMismatch,
];

/// Returns the rule with id `name`.
pub fn rule_by_name(name: &str) -> Option<&'static dyn Rule> {
    ALL_RULES.iter().copied().find(|r| r.meta().name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_sorted_kebab_case() {
        let names: Vec<&str> = ALL_RULES.iter().map(|r| r.meta().name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            names, sorted,
            "ALL_RULES must be sorted by id, without duplicates"
        );
        for name in names {
            assert!(
                name.split('-').all(|part| !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "`{name}` is not kebab-case"
            );
            assert!(!name.starts_with("no-"), "`{name}`: name the thing flagged");
        }
    }

    #[test]
    fn every_rule_documents_the_required_sections() {
        for rule in ALL_RULES {
            let meta = rule.meta();
            let docs = meta.docs();
            let mut last = 0;
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                let at = docs
                    .find(section)
                    .unwrap_or_else(|| panic!("`{}` lacks `{section}`", meta.name));
                assert!(at >= last, "`{}`: `{section}` is out of order", meta.name);
                last = at;
            }
            assert!(
                !docs.contains("(to be written)"),
                "`{}` has no docs yet",
                meta.name
            );
            if meta.fix != crate::registry::FixAvailability::None {
                assert!(
                    docs.contains("## Fix safety"),
                    "`{}` fixes, so it must say why its fix is safe or not",
                    meta.name
                );
            }
        }
    }
}
