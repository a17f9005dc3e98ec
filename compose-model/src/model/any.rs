//! [`Key`], [`Field`] and [`Any`]: generic values for keys the model does not type.

use std::borrow::Cow;

use text_size::TextRange;

use super::text::Text;
use crate::Spanned;

/// Returns the key's name, borrowed from a static list when it is a known compose key (most
/// keys are), so that the model does not allocate a string for each of them.
pub(crate) fn key_name(name: &str) -> Cow<'static, str> {
    let known: &'static str = match name {
        "action" => "action",
        "additional_contexts" => "additional_contexts",
        "aliases" => "aliases",
        "annotations" => "annotations",
        "app_protocol" => "app_protocol",
        "args" => "args",
        "attach" => "attach",
        "attachable" => "attachable",
        "bind" => "bind",
        "blkio_config" => "blkio_config",
        "build" => "build",
        "cache_from" => "cache_from",
        "cache_to" => "cache_to",
        "cap_add" => "cap_add",
        "cap_drop" => "cap_drop",
        "cgroup" => "cgroup",
        "cgroup_parent" => "cgroup_parent",
        "command" => "command",
        "condition" => "condition",
        "config" => "config",
        "configs" => "configs",
        "consistency" => "consistency",
        "constraints" => "constraints",
        "container_name" => "container_name",
        "content" => "content",
        "context" => "context",
        "cpu_count" => "cpu_count",
        "cpu_percent" => "cpu_percent",
        "cpu_period" => "cpu_period",
        "cpu_quota" => "cpu_quota",
        "cpu_rt_period" => "cpu_rt_period",
        "cpu_rt_runtime" => "cpu_rt_runtime",
        "cpu_shares" => "cpu_shares",
        "cpus" => "cpus",
        "cpuset" => "cpuset",
        "create_host_path" => "create_host_path",
        "credential_spec" => "credential_spec",
        "delay" => "delay",
        "depends_on" => "depends_on",
        "deploy" => "deploy",
        "develop" => "develop",
        "device_cgroup_rules" => "device_cgroup_rules",
        "devices" => "devices",
        "disable" => "disable",
        "dns" => "dns",
        "dns_opt" => "dns_opt",
        "dns_search" => "dns_search",
        "dockerfile" => "dockerfile",
        "dockerfile_inline" => "dockerfile_inline",
        "domainname" => "domainname",
        "driver" => "driver",
        "driver_opts" => "driver_opts",
        "enable_ipv4" => "enable_ipv4",
        "enable_ipv6" => "enable_ipv6",
        "endpoint_mode" => "endpoint_mode",
        "entitlements" => "entitlements",
        "entrypoint" => "entrypoint",
        "env_file" => "env_file",
        "environment" => "environment",
        "expose" => "expose",
        "extends" => "extends",
        "external" => "external",
        "external_links" => "external_links",
        "extra_hosts" => "extra_hosts",
        "file" => "file",
        "format" => "format",
        "gateway" => "gateway",
        "gid" => "gid",
        "gpus" => "gpus",
        "group_add" => "group_add",
        "gw_priority" => "gw_priority",
        "hard" => "hard",
        "healthcheck" => "healthcheck",
        "host_ip" => "host_ip",
        "hostname" => "hostname",
        "ignore" => "ignore",
        "image" => "image",
        "include" => "include",
        "init" => "init",
        "internal" => "internal",
        "interval" => "interval",
        "ipam" => "ipam",
        "ipc" => "ipc",
        "ipv4_address" => "ipv4_address",
        "ipv6_address" => "ipv6_address",
        "isolation" => "isolation",
        "label_file" => "label_file",
        "labels" => "labels",
        "limits" => "limits",
        "link_local_ips" => "link_local_ips",
        "links" => "links",
        "logging" => "logging",
        "mac_address" => "mac_address",
        "max-file" => "max-file",
        "max-size" => "max-size",
        "max_attempts" => "max_attempts",
        "mem_limit" => "mem_limit",
        "mem_reservation" => "mem_reservation",
        "mem_swappiness" => "mem_swappiness",
        "memory" => "memory",
        "memswap_limit" => "memswap_limit",
        "mode" => "mode",
        "models" => "models",
        "name" => "name",
        "network" => "network",
        "network_mode" => "network_mode",
        "networks" => "networks",
        "no_cache" => "no_cache",
        "nocopy" => "nocopy",
        "oom_kill_disable" => "oom_kill_disable",
        "oom_score_adj" => "oom_score_adj",
        "options" => "options",
        "path" => "path",
        "pid" => "pid",
        "pids_limit" => "pids_limit",
        "placement" => "placement",
        "platform" => "platform",
        "platforms" => "platforms",
        "ports" => "ports",
        "post_start" => "post_start",
        "pre_stop" => "pre_stop",
        "priority" => "priority",
        "privileged" => "privileged",
        "profiles" => "profiles",
        "project_directory" => "project_directory",
        "propagation" => "propagation",
        "protocol" => "protocol",
        "published" => "published",
        "pull" => "pull",
        "pull_policy" => "pull_policy",
        "read_only" => "read_only",
        "replicas" => "replicas",
        "required" => "required",
        "reservations" => "reservations",
        "resources" => "resources",
        "restart" => "restart",
        "restart_policy" => "restart_policy",
        "retries" => "retries",
        "rollback_config" => "rollback_config",
        "runtime" => "runtime",
        "scale" => "scale",
        "secrets" => "secrets",
        "security_opt" => "security_opt",
        "selinux" => "selinux",
        "service" => "service",
        "services" => "services",
        "shm_size" => "shm_size",
        "size" => "size",
        "soft" => "soft",
        "source" => "source",
        "ssh" => "ssh",
        "start_interval" => "start_interval",
        "start_period" => "start_period",
        "stdin_open" => "stdin_open",
        "stop_grace_period" => "stop_grace_period",
        "stop_signal" => "stop_signal",
        "storage_opt" => "storage_opt",
        "subnet" => "subnet",
        "subpath" => "subpath",
        "sysctls" => "sysctls",
        "tags" => "tags",
        "target" => "target",
        "test" => "test",
        "timeout" => "timeout",
        "tmpfs" => "tmpfs",
        "tty" => "tty",
        "type" => "type",
        "uid" => "uid",
        "ulimits" => "ulimits",
        "update_config" => "update_config",
        "user" => "user",
        "userns_mode" => "userns_mode",
        "uts" => "uts",
        "version" => "version",
        "volume" => "volume",
        "volumes" => "volumes",
        "volumes_from" => "volumes_from",
        "watch" => "watch",
        "window" => "window",
        "working_dir" => "working_dir",
        "x-common" => "x-common",
        _ => return Cow::Owned(name.to_owned()),
    };
    Cow::Borrowed(known)
}

/// A mapping key with where its entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key, ranged over the key scalar.
    pub name: Spanned<Cow<'static, str>>,
    /// The whole `key: value` entry (for fixes that delete it).
    pub entry_range: TextRange,
    /// The value's tag as written (`!reset`, `!override`), if any.
    pub tag: Option<Spanned<String>>,
    /// The entry came in through a `<<` merge: its ranges are in the anchored text.
    pub merged: bool,
}

impl Key {
    /// Returns the key's name.
    pub fn as_str(&self) -> &str {
        &self.name.value
    }
}

/// A key and its generic value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The key.
    pub key: Key,
    /// The value.
    pub value: Any,
}

/// A value of any shape, with aliases and merges resolved and scalars interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Any {
    /// A YAML null (`~`, `null`, or nothing), with the range where it is.
    Null(TextRange),
    /// A scalar.
    Scalar(Text),
    /// A sequence, ranged over the whole sequence.
    Sequence(Spanned<Vec<Any>>),
    /// A mapping, ranged over the whole mapping.
    Mapping(Spanned<Vec<Field>>),
}

impl Any {
    /// Returns the range of the value.
    pub fn range(&self) -> TextRange {
        match self {
            Self::Null(range) => *range,
            Self::Scalar(text) => text.range(),
            Self::Sequence(s) => s.range,
            Self::Mapping(m) => m.range,
        }
    }

    /// Returns the scalar, if this is one.
    pub fn as_text(&self) -> Option<&Text> {
        match self {
            Self::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the value of `key`, if this is a mapping that has it (the last one).
    pub fn get(&self, key: &str) -> Option<&Any> {
        match self {
            Self::Mapping(m) => m
                .value
                .iter()
                .rev()
                .find(|f| f.key.as_str() == key)
                .map(|f| &f.value),
            _ => None,
        }
    }

    /// Returns the items, if this is a sequence.
    pub fn items(&self) -> &[Any] {
        match self {
            Self::Sequence(s) => &s.value,
            _ => &[],
        }
    }
}
