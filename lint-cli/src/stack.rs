//! A stack (compose files and the files they tie together) and [`StackIndex`], the shared
//! facts the rules consult: which names resolve to a service, which resources and variables
//! exist and where they are used, which Caddy upstreams point where.

use std::collections::{BTreeMap, HashMap};

use ecow::EcoString;
use std::path::PathBuf;

use caddyfile_parser::expand::{ExpandedDirective, ExpandedToken};
use caddyfile_parser::{BlockKind, parse_address};
use compose_model::dotenv;
use compose_model::interpolate::{RefKind, VarRef};
use compose_model::model::{KeyValue, Project as ComposeProject, Service};
use text_size::TextRange;
use thin_vec::ThinVec;

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
    pub service_env_files: BTreeMap<EcoString, Vec<FileId>>,
    /// The Dockerfile each service builds from.
    pub dockerfiles: BTreeMap<EcoString, FileId>,
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
    pub service: EcoString,
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
    /// Dockerfile's `EXPOSE`; sorted, each once (a list rather than a set: most services
    /// have one or two, and a large stack thousands of services).
    pub ports: ThinVec<u16>,
    /// Whether it declares its listening ports deliberately (`expose` or `EXPOSE`); only
    /// then is an upstream port that is not among them reported (`ports:` lists only what is
    /// published, so it is not the whole truth).
    pub declares_ports: bool,
    /// The Dockerfile it builds from.
    pub dockerfile: Option<FileId>,
}

impl ServiceFacts {
    /// Its `environment:` entries, in every compose file that defines it, in merge order.
    ///
    /// Read from the compose models (the index does not copy them), so only while the rules
    /// run: [`Project::release_models`] empties them.
    pub fn environment(&self, project: &Project) -> Vec<Assignment> {
        self.models(project)
            .flat_map(|(file, service)| service.environment.iter().map(move |kv| (file, kv)))
            .map(|(file, kv)| assignment(file, kv))
            .collect()
    }

    /// Its `build.args` entries, in every compose file that defines it, in merge order (read
    /// from the models, as [`ServiceFacts::environment`]).
    pub fn build_args(&self, project: &Project) -> Vec<Assignment> {
        self.models(project)
            .filter_map(|(file, service)| Some((file, service.build.as_deref()?)))
            .flat_map(|(file, build)| build.args.iter().map(move |kv| (file, kv)))
            .map(|(file, kv)| assignment(file, kv))
            .collect()
    }

    /// The service's definition in each compose file, found by the range of its key (services
    /// are in source order, so by binary search).
    fn models<'p>(&self, project: &'p Project) -> impl Iterator<Item = (FileId, &'p Service)> {
        self.definitions.iter().filter_map(move |site| {
            let Parsed::Compose(data) = project.parsed(site.file) else {
                return None;
            };
            let services = &data.model.services;
            let at = services
                .binary_search_by_key(&site.range.start(), |s| s.name.range.start())
                .ok()
                .or_else(|| services.iter().position(|s| s.name.range == site.range))?;
            Some((site.file, services.get(at)?))
        })
    }
}

/// One entry of a service's `environment:` or `build.args`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable or argument name.
    pub name: EcoString,
    /// Where the key is (for a list item, the part before `=`).
    pub key: Site,
    /// The whole list item or mapping entry, for deletion. An entry reached through a YAML
    /// alias or `<<` merge has the anchored text's range, shared by every service using it.
    pub entry: Site,
    /// The value after interpolation with the project `.env`; `None` for a bare `KEY` (taken
    /// from the project environment). Secret: for matching only, never printed.
    pub value: Option<EcoString>,
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
    pub name: EcoString,
    /// The service using it.
    pub service: EcoString,
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
    pub declared: BTreeMap<EcoString, Vec<Declared>>,
    /// Every use.
    pub used: Vec<Used>,
}

/// A `${VAR}` written in a compose file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableUse {
    /// The variable.
    pub name: EcoString,
    /// Where (the whole `${…}`).
    pub site: Site,
    /// Whether an unset variable is harmless (`${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`).
    pub has_default: bool,
    /// The operator.
    pub kind: RefKind,
    /// The use whose default, alternative or message this one is written in
    /// (`${A:-${B}}`: `B`'s parent is `A`), as an index into [`StackIndex::variable_uses`].
    pub parent: Option<u32>,
}

/// A Caddy proxy upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// The token as written (after snippet arguments were substituted).
    pub text: EcoString,
    /// The single-label host it names (`spacetimedb`), when it names one.
    pub host: Option<EcoString>,
    /// The port, when given.
    pub port: Option<u16>,
    /// Where the token is (in a snippet or imported file when it came from one).
    pub site: Site,
    /// The directive (`reverse_proxy`, `php_fastcgi`, `forward_auth`).
    pub directive: EcoString,
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
    /// Its upstreams: this range of [`StackIndex::upstreams`] (a site's upstreams are listed
    /// together).
    pub upstreams: std::ops::Range<usize>,
}

/// Rebuilds a B-tree map or set with full nodes. A B-tree filled one insert at a time keeps
/// its nodes a little over half full when the keys come in order, as a generated stack's
/// names and a folder walk's paths do; one built from its sorted entries fills every node.
pub(crate) fn refill<T>(tree: &mut T)
where
    T: Default + IntoIterator + FromIterator<<T as IntoIterator>::Item>,
{
    *tree = std::mem::take(tree).into_iter().collect();
}

/// The facts rules consult, built once per stack.
#[derive(Debug, Clone, Default)]
pub struct StackIndex {
    /// Every service (merged over the compose files), by name.
    pub services: BTreeMap<EcoString, ServiceFacts>,
    /// Names other containers resolve, lower-cased, each with the first service that
    /// declares it (a tree: thousands of names on a large stack, in small nodes).
    pub names: BTreeMap<EcoString, ResolvableName>,
    /// Top-level resources.
    pub resources: BTreeMap<ResourceKind, Resources>,
    /// `${VAR}` uses in compose files.
    pub variable_uses: Vec<VariableUse>,
    /// Variables defined by the project `.env` and `.env.example` files.
    pub variables_defined: BTreeMap<EcoString, Vec<Site>>,
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
        index.fit();
        index
    }

    /// Gives back the spare capacity of the lists, which the index keeps for the whole run.
    fn fit(&mut self) {
        for facts in self.services.values_mut() {
            facts.definitions.shrink_to_fit();
            facts.ports.sort_unstable();
            facts.ports.dedup();
            facts.ports.shrink_to_fit();
        }
        for resources in self.resources.values_mut() {
            resources.used.shrink_to_fit();
            refill(&mut resources.declared);
        }
        refill(&mut self.services);
        refill(&mut self.names);
        self.variable_uses.shrink_to_fit();
        self.upstreams.shrink_to_fit();
        self.caddy_sites.shrink_to_fit();
    }

    /// Whether `host` (any case) is a name a container of this stack resolves.
    pub fn resolves(&self, host: &str) -> bool {
        self.names.contains_key(host.to_ascii_lowercase().as_str())
    }

    /// The service `host` leads to, if any.
    pub fn service_of(&self, host: &str) -> Option<&str> {
        self.names
            .get(host.to_ascii_lowercase().as_str())
            .map(|n| n.service.as_str())
    }

    /// Whether the stack has any compose file (cross-file rules need one).
    pub fn has_services(&self) -> bool {
        !self.services.is_empty()
    }

    fn add_name(&mut self, name: &str, service: &EcoString, kind: NameKind, site: Site) {
        if name.is_empty() {
            return;
        }
        let key = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            EcoString::from(name.to_ascii_lowercase())
        } else {
            EcoString::from(name)
        };
        self.names.entry(key).or_insert_with(|| ResolvableName {
            service: service.clone(),
            kind,
            site,
        });
    }

    /// Records `var` and, depth first, the uses nested in its operand. The depth is bounded
    /// by the interpolation parser's nesting limit.
    fn add_variable_use(&mut self, file: FileId, var: &VarRef, parent: Option<u32>) {
        let index = u32::try_from(self.variable_uses.len()).unwrap_or(u32::MAX);
        self.variable_uses.push(VariableUse {
            name: var.name.clone(),
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
        // The merged view first, and only what the index keeps from it: it is dropped before
        // the index grows, which then reuses its memory. A service disabled by profiles still
        // exists as a name.
        let merged = ComposeProject::merge(models.iter().map(|(_, data)| &data.model));
        let mut network_mode: Vec<&str> = merged
            .services
            .iter()
            .filter(|service| service.network_mode().is_some())
            .map(|service| service.name)
            .collect();
        network_mode.shrink_to_fit();
        self.uses_default_network = merged.uses_default_network(&["*"]);
        drop(merged);
        // The long lists sized once: doubled, they would hold up to twice what they need
        // while they grow, on a large stack hundreds of kilobytes.
        let uses: usize = models
            .iter()
            .flat_map(|(_, data)| &data.variables)
            .map(VarRef::count)
            .sum();
        self.variable_uses.reserve_exact(uses);
        let services = || models.iter().flat_map(|(_, data)| &data.model.services);
        let networks = services().map(|s| s.networks.len()).sum();
        let volumes = services()
            .flat_map(|s| &s.volumes)
            .filter(|m| m.volume_name().is_some())
            .count();
        for (kind, count) in [
            (ResourceKind::Network, networks),
            (ResourceKind::Volume, volumes),
        ] {
            if count == 0 {
                continue;
            }
            self.resources
                .entry(kind)
                .or_default()
                .used
                .reserve_exact(count);
        }
        for (file, data) in &models {
            for var in &data.variables {
                self.add_variable_use(*file, var, None);
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
                        .entry(resource.name.value.clone())
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
                let name = &service.name.value;
                let at = |range| Site { file: *file, range };
                let facts = self.services.entry(name.clone()).or_default();
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
                self.add_name(name, name, NameKind::Service, at(service.name.range));
                if let Some(container) = &service.container_name {
                    self.add_name(
                        container.as_str(),
                        name,
                        NameKind::ContainerName,
                        at(container.range()),
                    );
                }
                if let Some(hostname) = service.hostname() {
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
                            name: network.name.spanned().value,
                            service: name.clone(),
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
                                name: EcoString::from(volume.value),
                                service: name.clone(),
                                site: at(volume.range),
                            });
                    }
                }
                for (kind, refs) in [
                    (ResourceKind::Secret, service.secrets()),
                    (ResourceKind::Config, service.configs()),
                ] {
                    for r in refs {
                        if let Some(source) = &r.source {
                            self.resources.entry(kind).or_default().used.push(Used {
                                name: source.spanned().value,
                                service: name.clone(),
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
                            name: config.spanned().value,
                            service: name.clone(),
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
                                    name: source.spanned().value,
                                    service: name.clone(),
                                    site: at(source.range()),
                                });
                        }
                    }
                }
                for link in service.links() {
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
        for name in network_mode {
            if let Some(facts) = self.services.get_mut(name) {
                facts.network_mode = true;
            }
        }
    }

    fn read_env_files(&mut self, project: &Project, stack: &Stack) {
        for id in stack.project_env.iter().chain(&stack.example_envs) {
            if let Parsed::Env(env) = project.parsed(*id) {
                for entry in &env.parse.tree.entries {
                    self.variables_defined
                        .entry(EcoString::from(entry.key.value.as_str()))
                        .or_default()
                        .push(Site {
                            file: *id,
                            range: entry.key.range,
                        });
                }
            }
        }
    }

    /// The values compose can know of the variables set in the container of `service`: its
    /// interpolated `environment:` (a later compose file's value wins), then its `env_file:`
    /// files for variables the environment does not set. Secrets: for matching only.
    fn container_values(
        &self,
        project: &Project,
        stack: &Stack,
        service: &str,
    ) -> HashMap<EcoString, String> {
        let mut values = HashMap::new();
        if let Some(facts) = self.services.get(service) {
            for entry in &facts.environment(project) {
                if let Some(value) = &entry.value {
                    values.insert(entry.name.clone(), value.to_string());
                }
            }
        }
        for id in stack.service_env_files.get(service).into_iter().flatten() {
            if let Parsed::Env(env) = project.parsed(*id) {
                for (key, value) in dotenv::resolve(&env.parse.tree, &|_| None) {
                    if let Some(value) = value {
                        values.entry(EcoString::from(key)).or_insert(value);
                    }
                }
            }
        }
        values
    }

    fn read_dockerfiles(&mut self, project: &Project, stack: &Stack) {
        for (service, id) in &stack.dockerfiles {
            let Some(facts) = self.services.get_mut(service) else {
                continue;
            };
            facts.dockerfile = Some(*id);
            if let Some(file) = project.dockerfile(*id) {
                for index in 0..file.instructions.len() {
                    if let compose_model::dockerfile::InstructionKind::Expose(ports) =
                        file.kind(index)
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
                .map(|service| self.container_values(project, stack, service))
                .unwrap_or_default();
            let file_of = |token: &ExpandedToken| {
                data.expansion_files
                    .get(token.source as usize)
                    .copied()
                    .unwrap_or(mount.file)
            };
            // Sized once (a site has one upstream, usually), not doubled: thousands of sites.
            self.caddy_sites.reserve(expansion.blocks.len());
            self.upstreams.reserve(expansion.blocks.len());
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
                    upstreams: self.upstreams.len()..self.upstreams.len(),
                };
                let mut found = Vec::new();
                collect_upstreams(&block.directives, None, &mut found, 0);
                for (directive, token, holder) in found {
                    let (host, port) = upstream_host(&token.text);
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
                    site.upstreams.end = self.upstreams.len();
                }
                self.caddy_sites.push(site);
            }
        }
    }
}

/// The [`Assignment`] of an `environment:` or `build.args` entry of `file`.
fn assignment(file: FileId, kv: &KeyValue) -> Assignment {
    Assignment {
        name: kv.key.spanned().value,
        key: Site {
            file,
            range: kv.key.range(),
        },
        entry: Site {
            file,
            range: kv.range,
        },
        value: kv.value.as_ref().map(|v| v.spanned().value),
    }
}

/// The directives whose arguments (and `to` subdirective) are upstreams.
pub const PROXY_DIRECTIVES: [&str; 3] = ["reverse_proxy", "php_fastcgi", "forward_auth"];

const MAX_DEPTH: usize = 128;

/// Collects `(directive name, upstream token, directive holding it)` under `directives`.
fn collect_upstreams<'a>(
    directives: &'a [ExpandedDirective],
    proxy: Option<&str>,
    out: &mut Vec<(EcoString, &'a ExpandedToken, &'a ExpandedDirective)>,
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
                    out.push((EcoString::from(proxy), token, directive));
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
pub fn upstream_host(upstream: &str) -> (Option<EcoString>, Option<u16>) {
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
    (single_label.then(|| EcoString::from(host)), port)
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
