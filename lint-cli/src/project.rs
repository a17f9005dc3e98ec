//! Reading and parsing every file of a run, grouped into stacks.
//!
//! [`Project::load`] turns the paths from the command line into [`Sources`], one [`Parsed`]
//! per file, and the [`Stack`]s that tie compose files to the Caddyfiles they mount, the
//! Dockerfiles they build and the env files they read (DESIGN.md "Discovery").

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use caddyfile_parser::expand::{self, Expansion, FsLoader, SourceLoader};
use compose_model::dockerfile::{self, Dockerfile, DockerfileError, DockerfileParse};
use compose_model::dotenv::{self, EnvParse};
use compose_model::interpolate::VarRef;
use compose_model::model::{ComposeFile, variable_references};
use compose_model::yaml::{self, YamlFile};

use crate::config::ConfigFile;
use crate::discover::{self, Discovery};
use crate::source::{
    COMPOSE_FILE_NAMES, FileId, FileKind, Fingerprint, OVERRIDE_FILE_NAMES, Sources, decode,
    display_path,
};
use crate::stack::{CaddyMount, Stack, StackId, StackIndex};

/// The largest file cfglint reads (offsets are `u32`; anything near that is not a config).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// How deep `include:` chains are followed.
const MAX_INCLUDE_DEPTH: usize = 16;

/// A parsed Caddyfile.
#[derive(Debug)]
pub struct CaddyfileData {
    /// The lossless tree and its syntax errors.
    pub parse: caddyfile_parser::Parse<caddyfile_parser::Document>,
    /// Snippets and imports expanded, for Caddyfiles that are read by Caddy directly
    /// (mounted, found under a stack, or given); `None` for files only imported by others.
    pub expansion: Option<Expansion>,
    /// Expansion source index → file id (index 0 is this file).
    pub expansion_files: Vec<FileId>,
}

/// A parsed compose file.
///
/// The YAML tree is held only while the model is built: the model, the variable references
/// and the comments are what the rules read, and the tree of a large file weighs as much as
/// its model. The fixes that edit the YAML get it back with [`ComposeData::tree`].
#[derive(Debug)]
pub struct ComposeData {
    /// The YAML syntax errors.
    pub syntax_errors: Vec<compose_model::SyntaxError>,
    /// The YAML tree while the model is being built; afterwards only when a fix asked for it.
    tree: OnceLock<YamlFile>,
    /// The typed model, interpolated with the stack's `.env`. Released (left empty) by
    /// [`Project::release_models`] once the rules have run.
    pub model: ComposeFile,
    /// Problems building the model (wrong types, bad interpolation).
    pub model_errors: Vec<compose_model::ModelError>,
    /// Every `${VAR}` reference in the file (values, keys of `x-` extensions, everything the
    /// tree holds), with its range, until the stack index has taken them
    /// ([`crate::stack::StackIndex::variable_uses`]); empty afterwards.
    pub variables: Vec<VarRef>,
    /// Comment ranges (YAML comments are not events).
    pub comments: Vec<text_size::TextRange>,
}

impl ComposeData {
    /// The YAML tree of `text` (this file's text), parsed again when it was released after the
    /// model was built, and then kept.
    pub fn tree(&self, text: &str) -> &YamlFile {
        self.tree.get_or_init(|| yaml::parse(text).tree)
    }

    /// The YAML tree if it is held, without parsing.
    pub fn held_tree(&self) -> Option<&YamlFile> {
        self.tree.get()
    }
}

/// What an env file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnvRole {
    /// The project `.env`: feeds compose interpolation.
    Project,
    /// `.env.example` / `.env.sample`: documents the variables.
    Example,
    /// An `env_file:` of a service: feeds that container's environment.
    Container,
    /// An env file found on its own.
    Loose,
}

/// A parsed env file.
#[derive(Debug)]
pub struct EnvData {
    /// The entries and syntax errors.
    pub parse: EnvParse,
    /// What the file is for.
    pub role: EnvRole,
}

/// A parsed Dockerfile: its syntax errors. Its instruction tables are not kept: a large stack
/// has thousands of small Dockerfiles, each parsed in microseconds, so
/// [`Project::dockerfile`] parses the text again for the rule that reads them.
#[derive(Debug)]
pub struct DockerfileData {
    /// The syntax errors, in source order.
    pub errors: Vec<DockerfileError>,
}

/// One file's parse.
#[derive(Debug)]
pub enum Parsed {
    /// A Caddyfile (boxed, like a compose file: most files of a large stack are small
    /// Dockerfiles, and the list of parses is as wide as its widest variant).
    Caddyfile(Box<CaddyfileData>),
    /// A compose file.
    Compose(Box<ComposeData>),
    /// A `.env`-style file (boxed, so that the list of parses stays narrow).
    Env(Box<EnvData>),
    /// A Dockerfile: its syntax errors (see [`DockerfileData`]).
    Dockerfile(DockerfileData),
    /// A file that could not be parsed (not UTF-8).
    Unparsed,
}

/// Every file of a run, parsed, and the stacks they form.
#[derive(Debug, Default)]
pub struct Project {
    /// The files.
    pub sources: Sources,
    /// The parse of each file, by [`FileId`].
    pub parsed: Vec<Parsed>,
    /// The stacks.
    pub stacks: Vec<Stack>,
    /// The stack each file belongs to, if any.
    pub stack_of: HashMap<FileId, StackId>,
    /// The absolute paths the user gave: findings are reported for files under them (and
    /// cross-file findings anywhere in their stacks); nothing is written outside them.
    pub scope: Vec<PathBuf>,
    /// Files that could not be read, as messages naming them.
    pub errors: Vec<String>,
    /// Files given by name that were not checked, as messages naming them.
    pub warnings: Vec<String>,
}

/// Texts that stand in for files on disk: the standard input (`--stdin-filename`), and the
/// files as fixed so far in the fix loop. Keys are absolute, normalised paths.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// Text per path.
    pub texts: HashMap<PathBuf, String>,
    /// The path standing for the standard input, if any.
    pub stdin: Option<PathBuf>,
}

impl Project {
    /// Reads the stacks and files for `paths` (relative to `cwd`).
    pub fn load(paths: &[PathBuf], cwd: &Path, config: &ConfigFile, overlay: &Overlay) -> Self {
        let exclude = match discover::exclude_set(&config.exclude) {
            Ok(set) => set,
            Err(error) => {
                let mut project = Project::default();
                project
                    .errors
                    .push(format!("invalid `exclude` glob in configuration: {error}"));
                return project;
            }
        };
        let mut given: Vec<PathBuf> = paths.to_vec();
        if let Some(stdin) = &overlay.stdin {
            given.push(stdin.clone());
        }
        let mut found = if overlay.stdin.is_some() && paths.is_empty() {
            Discovery::default()
        } else {
            let joined: Vec<PathBuf> = paths.iter().map(|p| cwd.join(p)).collect();
            discover::discover(&joined, &exclude)
        };
        if let Some(stdin) = &overlay.stdin {
            if let Some(root) = discover::enclosing_stack_root(stdin) {
                found.stack_roots.insert(root);
            }
            found.files.insert(stdin.clone());
        }
        let mut loader = Loader {
            project: Project {
                scope: given
                    .iter()
                    .filter_map(|p| std::path::absolute(cwd.join(p)).ok())
                    .map(|p| normalize(&p))
                    .collect(),
                errors: found.errors.clone(),
                ..Project::default()
            },
            // normalised like the file paths, so that `display_path` can strip it
            cwd: normalize(&std::path::absolute(cwd).unwrap_or_else(|_| cwd.to_path_buf())),
            overlay,
        };
        for path in &found.skipped {
            loader.project.warnings.push(format!(
                "`{}` is not checked: its name is not one of a Caddyfile, compose file, \
                 Dockerfile or env file (see `cfglint check --help`)",
                display_path(&normalize(path), &loader.cwd)
            ));
        }
        let roots: Vec<PathBuf> = found.stack_roots.iter().cloned().collect();
        for root in &roots {
            loader.load_stack(root, &found.files, &roots, None);
        }
        for file in &found.files {
            if loader.project.sources.find(&normalize(file)).is_none() {
                let requested = found
                    .compose_by_request
                    .contains(file)
                    .then_some(FileKind::Compose);
                if let Some(kind) = FileKind::from_path(file).or(requested) {
                    let role = EnvRole::Loose;
                    if let Some(id) = loader.read(file, kind, role) {
                        match kind {
                            // A loose Caddyfile is read by Caddy directly: expand it.
                            FileKind::Caddyfile => loader.expand_caddyfile(id),
                            // A compose file with another name (`app.yaml` under a compose
                            // name pattern, a template folder): a stack of its own, as
                            // `docker compose -f FILE` would load it.
                            FileKind::Compose => {
                                let root = file.parent().unwrap_or(Path::new(".")).to_path_buf();
                                loader.load_stack(&root, &found.files, &roots, Some(id));
                            }
                            FileKind::Dockerfile | FileKind::Env => {}
                        }
                    }
                }
            }
        }
        // Kept for the whole run: no spare capacity.
        loader.project.sources.shrink_to_fit();
        loader.project.parsed.shrink_to_fit();
        loader.project
    }

    /// The parse of a file.
    pub fn parsed(&self, id: FileId) -> &Parsed {
        &self.parsed[id.0 as usize]
    }

    /// Whether findings in `id` are reported (the file lies under a given path).
    pub fn in_scope(&self, id: FileId) -> bool {
        let path = &self.sources.get(id).path;
        self.scope.iter().any(|root| path.starts_with(root))
    }

    /// The files that Caddyfiles in scope import: Caddy reads them as part of the Caddyfile,
    /// so their findings are reported even when the files lie outside the paths given.
    pub fn imported_from_scope(&self) -> HashSet<FileId> {
        let mut imported = HashSet::new();
        for parsed in &self.parsed {
            // `expansion_files` starts with the Caddyfile itself.
            if let Parsed::Caddyfile(data) = parsed
                && let Some((own, rest)) = data.expansion_files.split_first()
                && self.in_scope(*own)
            {
                imported.extend(rest.iter().copied());
            }
        }
        imported
    }

    /// How many syntax errors the parse of `id` has (all formats; expansion errors of a
    /// Caddyfile included).
    pub fn syntax_error_count(&self, id: FileId) -> usize {
        match self.parsed(id) {
            Parsed::Caddyfile(data) => {
                data.parse.errors.len()
                    + data.expansion.as_ref().map_or(0, |e| {
                        e.errors.iter().filter(|e| !e.kind.is_warning()).count()
                    })
            }
            Parsed::Compose(data) => data.syntax_errors.len() + data.model_errors.len(),
            Parsed::Env(data) => data.parse.errors.len(),
            Parsed::Dockerfile(data) => data.errors.len(),
            Parsed::Unparsed => 1,
        }
    }

    /// The parse of the Dockerfile `id` (parsed again on each call: see [`DockerfileData`]);
    /// `None` when `id` is not a Dockerfile.
    pub fn dockerfile_parse(&self, id: FileId) -> Option<DockerfileParse> {
        match self.parsed(id) {
            Parsed::Dockerfile(_) => Some(dockerfile::parse(&self.sources.get(id).text)),
            _ => None,
        }
    }

    /// The instructions of the Dockerfile `id`, as [`Project::dockerfile_parse`].
    pub fn dockerfile(&self, id: FileId) -> Option<Dockerfile> {
        self.dockerfile_parse(id).map(|parse| parse.tree)
    }

    /// The message of the first syntax error of `id`, if any.
    pub fn first_syntax_error(&self, id: FileId) -> Option<String> {
        match self.parsed(id) {
            Parsed::Caddyfile(data) => data.parse.errors.first().map(ToString::to_string),
            Parsed::Compose(data) => data
                .syntax_errors
                .first()
                .map(ToString::to_string)
                .or_else(|| data.model_errors.first().map(ToString::to_string)),
            Parsed::Env(data) => data.parse.errors.first().map(ToString::to_string),
            Parsed::Dockerfile(data) => data.errors.first().map(ToString::to_string),
            Parsed::Unparsed => None,
        }
    }

    /// Releases what only the rules read: each compose file's model, and each stack's index ([`crate::checker::check`] does this once the rules have run). Texts,
    /// the other files' parses, syntax errors and comment ranges stay: output, fixes and the
    /// fix loop read them.
    pub fn release_models(&mut self) {
        for parsed in &mut self.parsed {
            if let Parsed::Compose(data) = parsed {
                data.model = ComposeFile::default();
            }
        }
        for stack in &mut self.stacks {
            stack.index = StackIndex::default();
        }
    }

    /// The stack `id` belongs to.
    pub fn stack(&self, id: FileId) -> Option<&Stack> {
        self.stack_of.get(&id).map(|s| &self.stacks[s.0])
    }
}

/// Removes `.` and resolves `..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    // Never longer than the input: kept by the file it names, so sized once.
    let mut out = PathBuf::with_capacity(path.as_os_str().len());
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

struct Loader<'o> {
    project: Project,
    cwd: PathBuf,
    overlay: &'o Overlay,
}

impl Loader<'_> {
    /// Reads and parses `path` as `kind`, once; returns its id, or `None` when it does not
    /// exist or cannot be read (the latter recorded as an error).
    fn read(&mut self, path: &Path, kind: FileKind, role: EnvRole) -> Option<FileId> {
        let path = normalize(path);
        if let Some(id) = self.project.sources.find(&path) {
            return Some(id);
        }
        let (text, damage, fingerprint) = if let Some(text) = self.overlay.texts.get(&path) {
            (text.clone(), None, None)
        } else {
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_file() && meta.len() > MAX_FILE_SIZE => {
                    self.project.errors.push(format!(
                        "`{}`: file is too large ({} bytes; the limit is {MAX_FILE_SIZE})",
                        display_path(&path, &self.cwd),
                        meta.len()
                    ));
                    return None;
                }
                Ok(meta) if meta.is_file() => {}
                _ => return None,
            }
            match std::fs::read(&path) {
                // Valid UTF-8 (nearly every file) is validated once and kept once: the text is
                // the bytes. Only a damaged file keeps its bytes beside the lossy text.
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => (text, None, Some(Fingerprint { raw: None })),
                    Err(error) => {
                        let raw = error.into_bytes();
                        let (text, damage) = decode(raw.clone());
                        (text, damage, Some(Fingerprint { raw: Some(raw) }))
                    }
                },
                Err(error) => {
                    self.project.errors.push(format!(
                        "`{}`: cannot read: {error}",
                        display_path(&path, &self.cwd)
                    ));
                    return None;
                }
            }
        };
        let display = display_path(&path, &self.cwd);
        let id = self.project.sources.add(path, &display, kind, text);
        let file = self.project.sources.get_mut(id);
        file.damage = damage;
        file.fingerprint = fingerprint;
        file.stdin = self.overlay.stdin.as_ref() == Some(&file.path);
        let parsed = if file.damage.is_some() {
            Parsed::Unparsed
        } else {
            parse(kind, &file.text, role)
        };
        if kind == FileKind::Env {
            file.redacted = Some(redact_env(&file.text, &parsed).into_boxed_str());
        }
        self.project.parsed.push(parsed);
        Some(id)
    }

    /// Builds the typed model of a compose file, interpolating with `lookup` when given, and
    /// lists its variable references; then lets the YAML tree go.
    fn build_model(&mut self, id: FileId, lookup: Option<compose_model::model::Lookup<'_>>) {
        let text = &self.project.sources.get(id).text;
        if let Parsed::Compose(data) = &mut self.project.parsed[id.0 as usize] {
            let tree = data.tree(text);
            // The references first: their list is the one large block of this step, and the
            // parser's scratch space, free by now, holds it.
            let mut variables = variable_references(tree, text);
            variables.shrink_to_fit();
            let (model, errors) = ComposeFile::load(tree, text, lookup);
            data.variables = variables;
            data.model = model;
            data.model_errors = errors;
            data.tree = OnceLock::new();
        }
    }

    /// Expands the snippets and imports of a Caddyfile, adding imported files as sources.
    fn expand_caddyfile(&mut self, id: FileId) {
        let file = self.project.sources.get(id);
        if !matches!(self.project.parsed(id), Parsed::Caddyfile(_)) {
            return;
        }
        let loader = OverlayLoader {
            overlay: self.overlay,
        };
        // shares the file's text: the expansion's first source is this file
        let expansion = expand::expand_shared(
            &file.path,
            std::sync::Arc::clone(&file.text),
            &loader,
            expand::ExpandOptions::default(),
        );
        let mut ids = vec![id];
        for source in expansion.sources.iter().skip(1) {
            let imported = self
                .read(&source.path, FileKind::Caddyfile, EnvRole::Loose)
                .unwrap_or(id);
            ids.push(imported);
        }
        if let Some(stack) = self.project.stack_of.get(&id).copied() {
            for imported in &ids {
                self.project.stack_of.entry(*imported).or_insert(stack);
            }
        }
        if let Parsed::Caddyfile(data) = &mut self.project.parsed[id.0 as usize] {
            data.expansion = Some(expansion);
            data.expansion_files = ids;
        }
    }

    /// Loads the stack rooted at `root`: its default compose files, or only the already read
    /// compose file `only` (a compose file with another name, loaded as `-f FILE` would).
    fn load_stack(
        &mut self,
        root: &Path,
        files: &BTreeSet<PathBuf>,
        roots: &[PathBuf],
        only: Option<FileId>,
    ) {
        let stack_id = StackId(self.project.stacks.len());
        let mut stack = Stack::new(root.to_path_buf());

        // The project `.env` feeds interpolation of every compose file of the stack.
        if let Some(id) = self.read(&root.join(".env"), FileKind::Env, EnvRole::Project) {
            stack.project_env = Some(id);
        }
        let env_values = self.project_env_values(stack.project_env);
        let lookup = |name: &str| env_values.get(name).cloned();

        for name in [".env.example", ".env.sample", ".env.dist", ".env.template"] {
            if let Some(id) = self.read(&root.join(name), FileKind::Env, EnvRole::Example) {
                stack.example_envs.push(id);
            }
        }

        // Compose files: COMPOSE_FILE from .env, else the default file and its override,
        // then any other compose-named file of the root folder (`compose.prod.yaml`), merged
        // after them as `-f` would.
        let mut compose_paths: Vec<PathBuf> = Vec::new();
        if let Some(id) = only {
            compose_paths.push(self.project.sources.get(id).path.clone());
        } else if let Some(list) = env_values.get("COMPOSE_FILE") {
            let separator = env_values
                .get("COMPOSE_PATH_SEPARATOR")
                .map_or(":", String::as_str);
            compose_paths.extend(
                list.split(separator)
                    .filter(|p| !p.is_empty())
                    .map(|p| root.join(p)),
            );
        } else {
            if let Some(first) = COMPOSE_FILE_NAMES
                .iter()
                .map(|n| root.join(n))
                .find(|p| p.is_file())
            {
                compose_paths.push(first);
            }
            if let Some(over) = OVERRIDE_FILE_NAMES
                .iter()
                .map(|n| root.join(n))
                .find(|p| p.is_file())
            {
                compose_paths.push(over);
            }
            let mut others: Vec<PathBuf> = files
                .iter()
                .filter(|p| p.parent() == Some(root))
                .filter(|p| FileKind::from_path(p) == Some(FileKind::Compose))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    !COMPOSE_FILE_NAMES.contains(&name) && !OVERRIDE_FILE_NAMES.contains(&name)
                })
                .cloned()
                .collect();
            others.sort();
            compose_paths.extend(others);
        }
        for path in compose_paths {
            self.load_compose(&path, &lookup, &mut stack, 0);
        }
        for id in stack.compose_files.clone() {
            self.project.stack_of.insert(id, stack_id);
        }
        for id in stack.project_env.iter().chain(&stack.example_envs) {
            self.project.stack_of.insert(*id, stack_id);
        }

        self.attach_service_files(&mut stack, stack_id);
        crate::stack::refill(&mut stack.dockerfiles);

        // Caddyfiles under the root that no nested stack owns (a single-file stack only has
        // the ones its services mount).
        for file in files.iter().filter(|_| only.is_none()) {
            if FileKind::from_path(file) != Some(FileKind::Caddyfile) || !file.starts_with(root) {
                continue;
            }
            let nested = roots
                .iter()
                .any(|other| other != root && other.starts_with(root) && file.starts_with(other));
            if nested {
                continue;
            }
            if let Some(id) = self.read(file, FileKind::Caddyfile, EnvRole::Loose) {
                if !stack.caddyfiles.iter().any(|m| m.file == id) {
                    stack.caddyfiles.push(CaddyMount {
                        file: id,
                        service: None,
                    });
                }
            }
        }
        for mount in stack.caddyfiles.clone() {
            self.project.stack_of.insert(mount.file, stack_id);
            self.expand_caddyfile(mount.file);
        }

        stack.index = StackIndex::build(&self.project, &stack);
        for id in &stack.compose_files {
            if let Parsed::Compose(data) = &mut self.project.parsed[id.0 as usize] {
                data.variables = Vec::new();
            }
        }
        self.project.stacks.push(stack);
    }

    /// The resolved values of the project `.env` (never printed: they are secrets).
    fn project_env_values(&self, id: Option<FileId>) -> HashMap<String, String> {
        let mut out = HashMap::new();
        if let Some(Parsed::Env(env)) = id.map(|id| self.project.parsed(id)) {
            for (key, value) in dotenv::resolve(&env.parse.tree, &|_| None) {
                if let Some(value) = value {
                    out.insert(key, value);
                }
            }
        }
        out
    }

    fn load_compose(
        &mut self,
        path: &Path,
        lookup: &dyn Fn(&str) -> Option<String>,
        stack: &mut Stack,
        depth: usize,
    ) {
        let path = normalize(path);
        if depth > MAX_INCLUDE_DEPTH {
            return;
        }
        // A file already in a stack (an include cycle, or a file two stacks include) is read
        // once; a file read on its own joins its single-file stack here.
        let id = match self.project.sources.find(&path) {
            Some(id)
                if self.project.stack_of.contains_key(&id) || stack.compose_files.contains(&id) =>
            {
                return;
            }
            Some(id) => id,
            None => match self.read(&path, FileKind::Compose, EnvRole::Loose) {
                Some(id) => id,
                None => return,
            },
        };
        self.build_model(id, Some(lookup));
        stack.compose_files.push(id);
        let includes: Vec<PathBuf> = match self.project.parsed(id) {
            Parsed::Compose(data) => data
                .model
                .include
                .iter()
                .flat_map(|inc| inc.paths.iter())
                .map(|p| path.parent().unwrap_or(Path::new(".")).join(p.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        for include in includes {
            self.load_compose(&include, lookup, stack, depth + 1);
        }
    }

    /// Finds the Caddyfiles, Dockerfiles and env files the services of `stack` name.
    fn attach_service_files(&mut self, stack: &mut Stack, stack_id: StackId) {
        let mut wanted: Vec<(PathBuf, FileKind, EnvRole, String)> = Vec::new();
        for id in &stack.compose_files {
            let Parsed::Compose(data) = self.project.parsed(*id) else {
                continue;
            };
            let dir = self
                .project
                .sources
                .get(*id)
                .path
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf();
            for service in &data.model.services {
                let name = service.name.value.clone();
                for mount in &service.volumes {
                    let Some(source) = mount.bind_path() else {
                        continue;
                    };
                    let host = resolve_host_path(&dir, source.value);
                    if host.is_file() {
                        if FileKind::from_path(&host) == Some(FileKind::Caddyfile)
                            || mount
                                .target()
                                .is_some_and(|t| t.value.ends_with("/Caddyfile"))
                        {
                            wanted.push((
                                host,
                                FileKind::Caddyfile,
                                EnvRole::Loose,
                                name.as_str().to_owned(),
                            ));
                        }
                    } else if host.is_dir() {
                        for candidate in ["Caddyfile", "caddyfile"] {
                            let inside = host.join(candidate);
                            if inside.is_file() {
                                wanted.push((
                                    inside,
                                    FileKind::Caddyfile,
                                    EnvRole::Loose,
                                    name.as_str().to_owned(),
                                ));
                                break;
                            }
                        }
                    }
                }
                for env_file in &service.env_file {
                    let path = dir.join(env_file.path.as_str());
                    wanted.push((
                        path,
                        FileKind::Env,
                        EnvRole::Container,
                        name.as_str().to_owned(),
                    ));
                }
                if let Some(build) = &service.build {
                    if build.dockerfile_inline.is_some() {
                        continue;
                    }
                    let context = build.context.as_ref().map_or(".", |c| c.as_str());
                    if context.contains("://") || context.starts_with("git@") {
                        continue;
                    }
                    let context = dir.join(context);
                    let dockerfile = build
                        .dockerfile
                        .as_ref()
                        .map_or("Dockerfile", |d| d.as_str());
                    wanted.push((
                        context.join(dockerfile),
                        FileKind::Dockerfile,
                        EnvRole::Loose,
                        name.as_str().to_owned(),
                    ));
                }
            }
        }
        self.project.sources.reserve(wanted.len());
        self.project.parsed.reserve(wanted.len());
        self.project.stack_of.reserve(wanted.len());
        for (path, kind, role, service) in wanted {
            let Some(id) = self.read(&path, kind, role) else {
                continue;
            };
            self.project.stack_of.insert(id, stack_id);
            match kind {
                FileKind::Caddyfile => {
                    if !stack.caddyfiles.iter().any(|m| m.file == id) {
                        stack.caddyfiles.push(CaddyMount {
                            file: id,
                            service: Some(service),
                        });
                    }
                }
                FileKind::Env => {
                    if let Parsed::Env(env) = &mut self.project.parsed[id.0 as usize] {
                        if env.role == EnvRole::Loose {
                            env.role = role;
                        }
                    }
                    stack
                        .service_env_files
                        .entry(service.into())
                        .or_default()
                        .push(id);
                }
                FileKind::Dockerfile => {
                    stack.dockerfiles.insert(service.into(), id);
                }
                FileKind::Compose => {}
            }
        }
    }
}

/// The env file's text with every value masked: the values of parsed entries, and whatever
/// follows the first `=` on lines that did not parse (or on every line, when the file could
/// not be parsed at all).
fn redact_env(text: &str, parsed: &Parsed) -> String {
    let mut ranges = Vec::new();
    let mut offset = 0usize;
    let invalid: Vec<text_size::TextRange> = match parsed {
        Parsed::Env(env) => {
            ranges.extend(
                env.parse
                    .tree
                    .entries
                    .iter()
                    .filter_map(|e| e.raw_value_range),
            );
            env.parse
                .tree
                .lines
                .iter()
                .filter(|l| l.kind == dotenv::LineKind::Invalid)
                .map(|l| l.range)
                .collect()
        }
        _ => vec![text_size::TextRange::up_to(text_size::TextSize::of(text))],
    };
    for line in text.split_inclusive('\n') {
        let range = text_size::TextRange::at(
            text_size::TextSize::new(offset as u32),
            text_size::TextSize::of(line),
        );
        if invalid
            .iter()
            .any(|r| r.intersect(range).is_some_and(|i| !i.is_empty()))
        {
            if let Some(eq) = line.find('=') {
                ranges.push(text_size::TextRange::new(
                    range.start() + text_size::TextSize::new(eq as u32 + 1),
                    range.end(),
                ));
            }
        }
        offset += line.len();
    }
    crate::source::mask(text, ranges)
}

/// Reads imported Caddyfiles through the overlay (texts fixed in memory in earlier rounds of
/// the fix loop, or the standard input), else from disk, so that expansion ranges point
/// into the same text as the project's sources.
struct OverlayLoader<'o> {
    overlay: &'o Overlay,
}

impl SourceLoader for OverlayLoader<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        match self.overlay.texts.get(&normalize(path)) {
            Some(text) => Ok(text.clone()),
            None => FsLoader.read(path),
        }
    }

    fn glob(&self, dir: &Path, pattern: &str) -> std::io::Result<Vec<PathBuf>> {
        FsLoader.glob(dir, pattern)
    }
}

/// Resolves a bind-mount source against the compose file's folder (`~` is the home folder).
pub fn resolve_host_path(dir: &Path, source: &str) -> PathBuf {
    if let Some(rest) = source.strip_prefix("~/") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    normalize(&dir.join(source))
}

fn parse(kind: FileKind, text: &str, role: EnvRole) -> Parsed {
    match kind {
        FileKind::Caddyfile => Parsed::Caddyfile(Box::new(CaddyfileData {
            parse: caddyfile_parser::parse(text),
            expansion: None,
            expansion_files: Vec::new(),
        })),
        FileKind::Compose => {
            // The model is built once the stack's `.env` is known (`Loader::build_model`).
            let yaml = yaml::parse(text);
            let comments = yaml::comments(text, &yaml.tree);
            Parsed::Compose(Box::new(ComposeData {
                syntax_errors: yaml.errors,
                tree: OnceLock::from(yaml.tree),
                model: ComposeFile::default(),
                model_errors: Vec::new(),
                variables: Vec::new(),
                comments,
            }))
        }
        FileKind::Env => Parsed::Env(Box::new(EnvData {
            parse: dotenv::parse(text),
            role,
        })),
        FileKind::Dockerfile => {
            let mut errors = dockerfile::parse(text).errors;
            errors.shrink_to_fit();
            Parsed::Dockerfile(DockerfileData { errors })
        }
    }
}
