//! Finding stacks and files from the paths given on the command line.
//!
//! A stack is rooted at a folder holding a default compose file (`compose.yaml`, …). A folder
//! argument is walked (honouring `.gitignore`, skipping `.git` and `node_modules`) for stack
//! roots and for loose Caddyfiles, Dockerfiles and env files. A file argument, or a folder
//! with no stack inside, finds its stack by walking up to the nearest compose file, so
//! cross-file rules still work when a pre-commit hook passes one changed file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::source::{COMPOSE_FILE_NAMES, FileKind};

/// What discovery found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Stack roots (folders holding a default compose file), sorted.
    pub stack_roots: BTreeSet<PathBuf>,
    /// Every recognised file found by walking the given folders, plus the given files.
    pub files: BTreeSet<PathBuf>,
    /// Problems reading folders, as messages naming the path.
    pub errors: Vec<String>,
    /// Files given by name whose name is no compose name but ends in `.yml` or `.yaml`: read
    /// as compose files, as `docker compose -f FILE` would.
    pub compose_by_request: BTreeSet<PathBuf>,
    /// Files given by name that cfglint does not read (no name it knows).
    pub skipped: Vec<PathBuf>,
}

/// Returns the default compose file of `dir`, if it has one (compose's search order).
pub fn default_compose_file(dir: &Path) -> Option<PathBuf> {
    COMPOSE_FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Returns the nearest folder at or above `start` that holds a default compose file.
pub fn enclosing_stack_root(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start
    } else {
        start.parent()?
    };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    absolute
        .ancestors()
        .find(|dir| default_compose_file(dir).is_some())
        .map(Path::to_path_buf)
}

/// Builds the matcher for the config's `exclude` globs.
pub fn exclude_set(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob)?);
        // `legacy` also excludes everything below it.
        if !glob.ends_with("/**") {
            builder.add(Glob::new(&format!("{glob}/**"))?);
        }
    }
    builder.build()
}

/// Finds stacks and files for the given paths. Paths are made absolute.
pub fn discover(paths: &[PathBuf], exclude: &GlobSet) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        let Ok(absolute) = std::path::absolute(path) else {
            found
                .errors
                .push(format!("`{}`: cannot resolve path", path.display()));
            continue;
        };
        if absolute.is_file() {
            if FileKind::from_path(&absolute).is_none() {
                let is_yaml = absolute.extension().is_some_and(|ext| {
                    ext.eq_ignore_ascii_case("yml") || ext.eq_ignore_ascii_case("yaml")
                });
                if is_yaml {
                    found.compose_by_request.insert(absolute.clone());
                } else if absolute.file_name() != Some("cfglint.toml".as_ref()) {
                    found.skipped.push(absolute);
                    continue;
                }
            }
            found.files.insert(absolute.clone());
            if let Some(root) = enclosing_stack_root(&absolute) {
                found.stack_roots.insert(root);
            }
        } else if absolute.is_dir() {
            let before = found.stack_roots.len();
            walk(&absolute, exclude, &mut found);
            if found.stack_roots.len() == before {
                if let Some(root) = enclosing_stack_root(&absolute) {
                    found.stack_roots.insert(root);
                }
            }
        } else {
            found
                .errors
                .push(format!("`{}`: no such file or folder", path.display()));
        }
    }
    // Held while the stacks load.
    crate::stack::refill(&mut found.files);
    found
}

fn walk(dir: &Path, exclude: &GlobSet, found: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| {
            let name = entry.file_name();
            !(name == ".git" || name == "node_modules")
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                found.errors.push(error.to_string());
                continue;
            }
        };
        let path = entry.path();
        let relative = path.strip_prefix(dir).unwrap_or(path);
        if !relative.as_os_str().is_empty() && exclude.is_match(relative) {
            continue;
        }
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if default_compose_file(path).is_some() {
                found.stack_roots.insert(path.to_path_buf());
            }
            continue;
        }
        if file_type.is_symlink() {
            // Follow a link only when it stays inside the folder walked.
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(dir) && target.is_file() => {}
                _ => continue,
            }
        }
        if FileKind::from_path(path).is_some() {
            found.files.insert(path.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }

    #[test]
    fn folders_are_walked_for_stacks_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("app/compose.yaml"));
        touch(&root.join("app/config/Caddyfile"));
        touch(&root.join("app/.env"));
        touch(&root.join("app/node_modules/x/Dockerfile"));
        touch(&root.join("app/ignored/Dockerfile"));
        touch(&root.join("notes.md"));
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let found = discover(&[root.to_path_buf()], &exclude_set(&[]).unwrap());
        assert_eq!(
            found.stack_roots,
            BTreeSet::from([std::path::absolute(root.join("app")).unwrap()])
        );
        let names: Vec<_> = found
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["app/.env", "app/compose.yaml", "app/config/Caddyfile"]
        );
    }

    #[test]
    fn a_single_file_finds_its_stack_by_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("docker-compose.yml"));
        touch(&root.join("config/caddy/Caddyfile"));
        let found = discover(
            &[root.join("config/caddy/Caddyfile")],
            &exclude_set(&[]).unwrap(),
        );
        assert_eq!(
            found.stack_roots,
            BTreeSet::from([std::path::absolute(root).unwrap()])
        );
        assert_eq!(found.files.len(), 1);
    }

    #[test]
    fn exclude_globs_skip_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("legacy/Caddyfile"));
        touch(&root.join("Caddyfile"));
        let found = discover(
            &[root.to_path_buf()],
            &exclude_set(&["legacy".to_owned()]).unwrap(),
        );
        assert_eq!(found.files.len(), 1);
        assert!(found.stack_roots.is_empty());
    }

    #[test]
    fn missing_paths_are_reported() {
        let found = discover(
            &[PathBuf::from("/no/such/path")],
            &exclude_set(&[]).unwrap(),
        );
        assert_eq!(found.errors, ["`/no/such/path`: no such file or folder"]);
    }
}
