//! A stack (compose files and the files they tie together) and [`StackIndex`], the shared
//! facts the rules consult: which names resolve to a service, which resources and variables
//! exist and where they are used, which Caddy upstreams point where.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use caddyfile_parser::expand::{ExpandedDirective, ExpandedToken};
use caddyfile_parser::{BlockKind, parse_address};
use compose_model::dotenv;
use compose_model::interpolate::{RefKind, VarRef};
use compose_model::model::{KeyValue, Project as ComposeProject, variable_references};
use text_size::TextRange;

use crate::project::{Parsed, Project};
use crate::source::FileId;

/// Index of a stack in [`Project::stacks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StackId(pub usize);

/// A Caddyfile of the stack, and the service that mounts it (when one does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaddyMount {
    /// The Caddyfile.
    pub file: FileId,
    /// The service whose container reads it.
    pub service: Option<String>,
}

/// The files of one deployment.
#[derive(Debug, Default)]
pub struct Stack {
    /// The folder holding the default compose file.
    pub root: PathBuf,
    /// Compose files in merge order (default, override, others, included).
    pub compose_files: Vec<FileId>,
    /// The project `.env`.
    pub project_env: Option<FileId>,
    /// `.env.example` and friends.
    pub example_envs: Vec<FileId>,
    /// `env_file:` files per service.
    pub service_env_files: BTreeMap<String, Vec<FileId>>,
    /// The Dockerfile each service builds from.
    pub dockerfiles: BTreeMap<String, FileId>,
    /// Caddyfiles read by Caddy directly.
    pub caddyfiles: Vec<CaddyMount>,
    /// The facts rules consult.
    pub index: StackIndex,
}

impl Site {
    /// A key that orders sites by file, then start, then end (for sorted maps and sets).
    pub fn key(&self) -> (FileId, text_size::TextSize, text_size::TextSize) {
        (self.file, self.range.start(), self.range.end())
    }
}

impl Stack {
    /// Creates an empty stack rooted at `root`.
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            ..Self::default()
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Site {
    /// The file.
    pub file: FileId,
    /// The bytes.
    pub range: TextRange,
}

/// How a name came to resolve to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// The service's own name.
    Service,
    /// `container_name:`.
    ContainerName,
    /// `hostname:`.
    Hostname,
    /// A network alias.
    NetworkAlias,
    /// A `links:` alias.
    LinkAlias,
}

/// One name other containers can resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvableName {
    /// The service it leads to.
    pub service: String,
    /// How.
    pub kind: NameKind,
    /// Where it is declared.
    pub site: Site,
}

/// What the index knows about one service.
#[derive(Debug, Clone, Default)]
pub struct ServiceFacts {
    /// Where the service's key is, in each file that defines it.
    pub definitions: Vec<Site>,
    /// Whether it sets `network_mode` (after merging), which excludes `networks`.
    pub network_mode: bool,
    /// Container ports it listens on: `expose`, the container side of `ports`, and the
    /// Dockerfile's `EXPOSE`.
    pub ports: BTreeSet<u16>,
    /// Whether it declares its listening ports deliberately (`expose` or `EXPOSE`); only
    /// then is an upstream port that is not among them reported (`ports:` lists only what is
    /// published, so it is not the whole truth).
    pub declares_ports: bool,
    /// Variables set in its container: `environment:` keys and `env_file:` keys.
    pub container_env: BTreeSet<String>,
    /// The values of those variables that compose can know (interpolated environment and env
    /// files). Secrets: used for matching only, never printed.
    pub container_values: HashMap<String, String>,
    /// The Dockerfile it builds from.
    pub dockerfile: Option<FileId>,
    /// Its `environment:` entries, in every compose file that defines it.
    pub environment: Vec<Assignment>,
    /// Its `build.args` entries, in every compose file that defines it.
    pub build_args: Vec<Assignment>,
}

/// One entry of a service's `environment:` or `build.args`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable or argument name.
    pub name: String,
    /// Where the key is (for a list item, the part before `=`).
    pub key: Site,
    /// The whole list item or mapping entry, for deletion. An entry reached through a YAML
    /// alias or `<<` merge has the anchored text's range, shared by every service using it.
    pub entry: Site,
    /// The value after interpolation with the project `.env`; `None` for a bare `KEY` (taken
    /// from the project environment). Secret: for matching only, never printed.
    pub value: Option<String>,
}

/// A declared top-level resource (volume, network, secret, config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The key.
    pub name: Site,
    /// The whole entry, for deletion.
    pub entry: Site,
    /// `external: true`.
    pub external: bool,
}

/// A use of a top-level resource by a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    /// The resource's name.
    pub name: String,
    /// The service using it.
    pub service: String,
    /// Where the reference is written.
    pub site: Site,
}

/// The kinds of top-level resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    /// `volumes:`.
    Volume,
    /// `networks:`.
    Network,
    /// `secrets:`.
    Secret,
    /// `configs:`.
    Config,
}

impl ResourceKind {
    /// The singular noun (`volume`).
    pub fn noun(self) -> &'static str {
        match self {
            Self::Volume => "volume",
            Self::Network => "network",
            Self::Secret => "secret",
            Self::Config => "config",
        }
    }
}

/// Declarations and uses of one kind of resource.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Declarations by name (a name may be declared in several files).
    pub declared: BTreeMap<String, Vec<Declared>>,
    /// Every use.
    pub used: Vec<Used>,
}

/// A `${VAR}` written in a compose file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableUse {
    /// The variable.
    pub name: String,
    /// Where (the whole `${…}`).
    pub site: Site,
    /// Whether an unset variable is harmless (`${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`).
    pub has_default: bool,
    /// The operator.
    pub kind: RefKind,
    /// The use whose default, alternative or message this one is written in
    /// (`${A:-${B}}`: `B`'s parent is `A`), as an index into [`StackIndex::variable_uses`].
    pub parent: Option<usize>,
}

/// A Caddy proxy upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// The token as written (after snippet arguments were substituted).
    pub text: String,
    /// The single-label host it names (`spacetimedb`), when it names one.
    pub host: Option<String>,
    /// The port, when given.
    pub port: Option<u16>,
    /// Where the token is (in a snippet or imported file when it came from one).
    pub site: Site,
    /// The directive (`reverse_proxy`, `php_fastcgi`, `forward_auth`).
    pub directive: String,
    /// Index of the site block in [`StackIndex::caddy_sites`].
    pub caddy_site: usize,
    /// Where the directive that holds the token starts, and the whole directive.
    pub directive_site: Site,
}

/// A Caddy site block of the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaddySite {
    /// The host names it serves (lower-case, placeholders resolved where the caddy
    /// container's environment is known).
    pub hosts: Vec<String>,
    /// Where its first address is.
    pub site: Site,
    /// Indexes of its upstreams in [`StackIndex::upstreams`].
    pub upstreams: Vec<usize>,
}

/// The facts rules consult, built once per stack.
#[derive(Debug, Clone, Default)]
pub struct StackIndex {
    /// Every service (merged over the compose files), by name.
    pub services: BTreeMap<String, ServiceFacts>,
    /// Names other containers resolve, lower-cased, to the services behind them.
    pub names: HashMap<String, Vec<ResolvableName>>,
    /// Top-level resources.
    pub resources: BTreeMap<ResourceKind, Resources>,
    /// `${VAR}` uses in compose files.
    pub variable_uses: Vec<VariableUse>,
    /// Variables defined by the project `.env` and `.env.example` files.
    pub variables_defined: BTreeMap<String, Vec<Site>>,
    /// Caddy proxy upstreams.
    pub upstreams: Vec<Upstream>,
    /// Caddy site blocks.
    pub caddy_sites: Vec<CaddySite>,
    /// Whether some service is attached to the implicit `default` network (it lists no
    /// `networks` and sets no `network_mode`, or lists `default`), under any profile.
    pub uses_default_network: bool,
}

impl StackIndex {
    /// Builds the index of `stack` from the parsed files of `project`.
    pub fn build(project: &Project, stack: &Stack) -> Self {
        let mut index = StackIndex::default();
        index.read_compose(project, stack);
        index.read_env_files(project, stack);
        index.read_dockerfiles(project, stack);
        index.read_caddyfiles(project, stack);
        index
    }

    /// Whether `host` (any case) is a name a container of this stack resolves.
    pub fn resolves(&self, host: &str) -> bool {
        self.names.contains_key(&host.to_ascii_lowercase())
    }

    /// The service `host` leads to, if any.
    pub fn service_of(&self, host: &str) -> Option<&str> {
        self.names
            .get(&host.to_ascii_lowercase())
            .and_then(|n| n.first())
            .map(|n| n.service.as_str())
    }

    /// Whether the stack has any compose file (cross-file rules need one).
    pub fn has_services(&self) -> bool {
        !self.services.is_empty()
    }

    fn add_name(&mut self, name: &str, service: &str, kind: NameKind, site: Site) {
        if name.is_empty() {
            return;
        }
        self.names
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(ResolvableName {
                service: service.to_owned(),
                kind,
                site,
            });
    }

    /// Records `var` and, depth first, the uses nested in its operand. The depth is bounded
    /// by the interpolation parser's nesting limit.
    fn add_variable_use(&mut self, file: FileId, var: &VarRef, parent: Option<usize>) {
        let index = self.variable_uses.len();
        self.variable_uses.push(VariableUse {
            name: var.name.to_string(),
            site: Site {
                file,
                range: var.range,
            },
            has_default: var.has_default,
            kind: var.kind,
            parent,
        });
        for nested in &var.nested {
            self.add_variable_use(file, nested, Some(index));
        }
    }

    fn read_compose(&mut self, project: &Project, stack: &Stack) {
        let models: Vec<_> = stack
            .compose_files
            .iter()
            .filter_map(|id| match project.parsed(*id) {
                Parsed::Compose(data) => Some((*id, data)),
                _ => None,
            })
            .collect();
        for (file, data) in &models {
            let text = &project.sources.get(*file).text;
            for var in variable_references(&data.yaml.tree, text) {
                self.add_variable_use(*file, &var, None);
            }
            let model = &data.model;
            for (kind, list) in [
                (ResourceKind::Volume, &model.volumes),
                (ResourceKind::Network, &model.networks),
                (ResourceKind::Secret, &model.secrets),
                (ResourceKind::Config, &model.configs),
            ] {
                let resources = self.resources.entry(kind).or_default();
                for resource in list {
                    resources
                        .declared
                        .entry(resource.name.value.as_str().to_owned())
                        .or_default()
                        .push(Declared {
                            name: Site {
                                file: *file,
                                range: resource.name.range,
                            },
                            entry: Site {
                                file: *file,
                                range: resource.entry_range,
                            },
                            external: resource.is_external(),
                        });
                }
            }
            for service in &model.services {
                let name = service.name.value.as_str();
                let at = |range| Site { file: *file, range };
                let facts = self.services.entry(name.to_owned()).or_default();
                facts.definitions.push(at(service.name.range));
                for port in &service.expose {
                    facts.declares_ports = true;
                    if let Some((low, high)) = compose_model::model::port_range(port.as_str()) {
                        facts.ports.extend(low..=high.min(low.saturating_add(1024)));
                    }
                }
                for port in &service.ports {
                    if let Some((low, high)) = port.target_ports() {
                        facts.ports.extend(low..=high.min(low.saturating_add(1024)));
                    }
                }
                for kv in &service.environment {
                    facts.container_env.insert(kv.name().to_owned());
                    if let Some(value) = &kv.value {
                        facts
                            .container_values
                            .insert(kv.name().to_owned(), value.as_str().to_owned());
                    }
                    facts.environment.push(assignment(*file, kv));
                }
                if let Some(build) = &service.build {
                    for kv in &build.args {
                        facts.build_args.push(assignment(*file, kv));
                    }
                }
                self.add_name(name, name, NameKind::Service, at(service.name.range));
                if let Some(container) = &service.container_name {
                    self.add_name(
                        container.as_str(),
                        name,
                        NameKind::ContainerName,
                        at(container.range()),
                    );
                }
                if let Some(hostname) = &service.hostname {
                    self.add_name(
                        hostname.as_str(),
                        name,
                        NameKind::Hostname,
                        at(hostname.range()),
                    );
                }
                for network in &service.networks {
                    for alias in &network.aliases {
                        self.add_name(
                            alias.as_str(),
                            name,
                            NameKind::NetworkAlias,
                            at(alias.range()),
                        );
                    }
                    self.resources
                        .entry(ResourceKind::Network)
                        .or_default()
                        .used
                        .push(Used {
                            name: network.name.as_str().to_owned(),
                            service: name.to_owned(),
                            site: at(network.name.range()),
                        });
                }
                for mount in &service.volumes {
                    if let Some(volume) = mount.volume_name() {
                        self.resources
                            .entry(ResourceKind::Volume)
                            .or_default()
                            .used
                            .push(Used {
                                name: volume.value.to_owned(),
                                service: name.to_owned(),
                                site: at(volume.range),
                            });
                    }
                }
                for (kind, refs) in [
                    (ResourceKind::Secret, &service.secrets),
                    (ResourceKind::Config, &service.configs),
                ] {
                    for r in refs {
                        if let Some(source) = &r.source {
                            self.resources.entry(kind).or_default().used.push(Used {
                                name: source.as_str().to_owned(),
                                service: name.to_owned(),
                                site: at(source.range()),
                            });
                        }
                    }
                }
                if let Some(config) = service
                    .field("credential_spec")
                    .and_then(|spec| spec.get("config"))
                    .and_then(compose_model::model::Any::as_text)
                {
                    self.resources
                        .entry(ResourceKind::Config)
                        .or_default()
                        .used
                        .push(Used {
                            name: config.as_str().to_owned(),
                            service: name.to_owned(),
                            site: at(config.range()),
                        });
                }
                if let Some(build) = &service.build {
                    for secret in &build.secrets {
                        if let Some(source) = &secret.source {
                            self.resources
                                .entry(ResourceKind::Secret)
                                .or_default()
                                .used
                                .push(Used {
                                    name: source.as_str().to_owned(),
                                    service: name.to_owned(),
                                    site: at(source.range()),
                                });
                        }
                    }
                }
                for link in &service.links {
                    if let Some(alias) = &link.alias {
                        // A link alias resolves (in the linking container) to the linked service.
                        self.add_name(
                            &alias.value,
                            &link.service.value,
                            NameKind::LinkAlias,
                            at(alias.range),
                        );
                    }
                }
            }
        }
        // The merged view: a service disabled by profiles still exists as a name.
        let merged = ComposeProject::merge(models.iter().map(|(_, data)| &data.model));
        for service in &merged.services {
            if let Some(facts) = self.services.get_mut(service.name) {
                for kv in service.environment() {
                    facts.container_env.insert(kv.name().to_owned());
                }
                facts.network_mode = service.network_mode().is_some();
            }
        }
        self.uses_default_network = merged.uses_default_network(&["*"]);
    }

    fn read_env_files(&mut self, project: &Project, stack: &Stack) {
        for id in stack.project_env.iter().chain(&stack.example_envs) {
            if let Parsed::Env(env) = project.parsed(*id) {
                for entry in &env.parse.tree.entries {
                    self.variables_defined
                        .entry(entry.key.value.clone())
                        .or_default()
                        .push(Site {
                            file: *id,
                            range: entry.key.range,
                        });
                }
            }
        }
        for (service, files) in &stack.service_env_files {
            let Some(facts) = self.services.get_mut(service) else {
                continue;
            };
            for id in files {
                if let Parsed::Env(env) = project.parsed(*id) {
                    for (key, value) in dotenv::resolve(&env.parse.tree, &|_| None) {
                        facts.container_env.insert(key.clone());
                        if let Some(value) = value {
                            facts.container_values.entry(key).or_insert(value);
                        }
                    }
                }
            }
        }
    }

    fn read_dockerfiles(&mut self, project: &Project, stack: &Stack) {
        for (service, id) in &stack.dockerfiles {
            let Some(facts) = self.services.get_mut(service) else {
                continue;
            };
            facts.dockerfile = Some(*id);
            if let Parsed::Dockerfile(parse) = project.parsed(*id) {
                for instruction in &parse.tree.instructions {
                    if let compose_model::dockerfile::InstructionKind::Expose(ports) =
                        &instruction.kind
                    {
                        facts.declares_ports = true;
                        for port in ports {
                            if let Some((low, high)) = port.ports {
                                facts.ports.extend(low..=high.min(low.saturating_add(1024)));
                            }
                        }
                    }
                }
            }
        }
    }

    fn read_caddyfiles(&mut self, project: &Project, stack: &Stack) {
        for mount in &stack.caddyfiles {
            let Parsed::Caddyfile(data) = project.parsed(mount.file) else {
                continue;
            };
            let Some(expansion) = &data.expansion else {
                continue;
            };
            let env = mount
                .service
                .as_ref()
                .and_then(|s| self.services.get(s))
                .map(|f| f.container_values.clone())
                .unwrap_or_default();
            let file_of = |token: &ExpandedToken| {
                data.expansion_files
                    .get(token.source as usize)
                    .copied()
                    .unwrap_or(mount.file)
            };
            for block in &expansion.blocks {
                if block.kind != BlockKind::Site {
                    continue;
                }
                let Some(first) = block.keys.first() else {
                    continue;
                };
                let hosts = block
                    .keys
                    .iter()
                    .map(|key| {
                        let address = caddyfile_parser::substitute_env(&key.text, |name| {
                            env.get(name).cloned()
                        });
                        parse_address(&address).host.to_ascii_lowercase()
                    })
                    .filter(|h| !h.is_empty())
                    .collect();
                let caddy_site = self.caddy_sites.len();
                let mut site = CaddySite {
                    hosts,
                    site: Site {
                        file: file_of(first),
                        range: first.range,
                    },
                    upstreams: Vec::new(),
                };
                let mut found = Vec::new();
                collect_upstreams(&block.directives, None, &mut found, 0);
                for (directive, token, holder) in found {
                    let (host, port) = upstream_host(&token.text);
                    site.upstreams.push(self.upstreams.len());
                    let holder_start = holder.tokens.first().map_or(token.range, |t| t.range);
                    self.upstreams.push(Upstream {
                        text: token.text.clone(),
                        host,
                        port,
                        site: Site {
                            file: file_of(token),
                            range: token.range,
                        },
                        directive,
                        caddy_site,
                        directive_site: Site {
                            file: file_of(token),
                            range: holder_start,
                        },
                    });
                }
                self.caddy_sites.push(site);
            }
        }
    }
}

/// The [`Assignment`] of an `environment:` or `build.args` entry of `file`.
fn assignment(file: FileId, kv: &KeyValue) -> Assignment {
    Assignment {
        name: kv.name().to_owned(),
        key: Site {
            file,
            range: kv.key.range(),
        },
        entry: Site {
            file,
            range: kv.range,
        },
        value: kv.value.as_ref().map(|v| v.as_str().to_owned()),
    }
}

/// The directives whose arguments (and `to` subdirective) are upstreams.
pub const PROXY_DIRECTIVES: [&str; 3] = ["reverse_proxy", "php_fastcgi", "forward_auth"];

const MAX_DEPTH: usize = 128;

/// Collects `(directive name, upstream token, directive holding it)` under `directives`.
fn collect_upstreams<'a>(
    directives: &'a [ExpandedDirective],
    proxy: Option<&str>,
    out: &mut Vec<(String, &'a ExpandedToken, &'a ExpandedDirective)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for directive in directives {
        let Some(name) = directive.tokens.first() else {
            continue;
        };
        if let Some(proxy) = proxy {
            // Inside a proxy's block only `to` names upstreams.
            if name.text == "to" {
                for token in &directive.tokens[1..] {
                    out.push((proxy.to_owned(), token, directive));
                }
            }
            continue;
        }
        if PROXY_DIRECTIVES.contains(&name.text.as_str()) {
            let mut args = &directive.tokens[1..];
            if let Some(first) = args.first() {
                if first.text == "*" || first.text.starts_with('/') || first.text.starts_with('@') {
                    args = &args[1..];
                }
            }
            for token in args {
                out.push((name.text.clone(), token, directive));
            }
            if let Some(block) = &directive.block {
                collect_upstreams(block, Some(&name.text), out, depth + 1);
            }
        } else if let Some(block) = &directive.block {
            collect_upstreams(block, None, out, depth + 1);
        }
    }
}

/// Splits an upstream (`http://app:8080`, `app:3000`, `[::1]:80`, `unix//run/x.sock`) into
/// the single-label host it names, if any, and its port.
///
/// FQDNs, IP addresses, `localhost`, placeholders and unix sockets name no service: `None`.
pub fn upstream_host(upstream: &str) -> (Option<String>, Option<u16>) {
    let rest = upstream
        .split_once("://")
        .map_or(upstream, |(_, rest)| rest);
    if rest.starts_with("unix/") || rest.contains('{') || rest.starts_with('[') {
        return (None, None);
    }
    let rest = rest.split(['/', '?']).next().unwrap_or_default();
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, port.parse::<u16>().ok()),
        None => (rest, None),
    };
    let single_label = !host.is_empty()
        && !host.contains('.')
        && !host.eq_ignore_ascii_case("localhost")
        && host.parse::<std::net::IpAddr>().is_err()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (single_label.then(|| host.to_owned()), port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_hosts_are_single_labels_only() {
        let cases = [
            ("spacetimedb:3000", Some("spacetimedb"), Some(3000)),
            ("http://web:3000", Some("web"), Some(3000)),
            ("h2c://grpc:50051", Some("grpc"), Some(50051)),
            ("app", Some("app"), None),
            ("api.example.com:443", None, Some(443)),
            ("localhost:8080", None, Some(8080)),
            ("127.0.0.1:80", None, Some(80)),
            ("[::1]:80", None, None),
            ("{$BACKEND}", None, None),
            ("{http.request.host}:80", None, None),
            ("unix//run/php.sock", None, None),
            ("host.docker.internal:80", None, Some(80)),
        ];
        for (text, host, port) in cases {
            let (h, p) = upstream_host(text);
            assert_eq!((h.as_deref(), p), (host, port), "{text}");
        }
    }
}
