//! Helpers shared by the end-to-end tests: the fixture stacks, copying a stack to a scratch
//! folder, and reading every file of a folder.

#![allow(dead_code, reason = "each test binary uses some of the helpers")]

use std::path::{Path, PathBuf};

use cfglint::FileKind;

/// The `fixtures/` folder.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// Every fixture stack: `sidelinja`, `sidelinja-before`, each case of `rules/<rule>/`, and each
/// stack of `retire/`, sorted.
pub(crate) fn fixture_stacks() -> Vec<PathBuf> {
    let fixtures = fixtures();
    let mut out = vec![
        fixtures.join("sidelinja"),
        fixtures.join("sidelinja-before"),
    ];
    for group in ["rules", "retire"] {
        let entries = std::fs::read_dir(fixtures.join(group)).expect("fixture folders exist");
        for entry in entries.flatten() {
            let path = entry.path();
            if group == "retire" {
                out.push(path);
            } else if let Ok(cases) = std::fs::read_dir(&path) {
                out.extend(cases.flatten().map(|c| c.path()).filter(|p| p.is_dir()));
            }
        }
    }
    out.sort();
    out
}

/// Copies the folder `from` to `to` (created), regular files and folders only; the copies are
/// writable even when the originals are not (the corpus is read-only).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            copy_writable(&entry.path(), &target);
        }
    }
}

/// Every file under `root` (`.git` aside) with its bytes, by path relative to `root`, sorted.
pub(crate) fn read_all(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.file_name() == Some(".git".as_ref()) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap_or_default(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Copies the file `from` to `to`, writable.
pub(crate) fn copy_writable(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let mut permissions = std::fs::metadata(to).unwrap().permissions();
    #[allow(
        clippy::permissions_set_readonly_false,
        reason = "a scratch copy in a test"
    )]
    permissions.set_readonly(false);
    std::fs::set_permissions(to, permissions).unwrap();
}

/// The compose rule that covers a v2 reference error, if one does.
pub(crate) fn rule_for_v2_error(message: &str) -> Option<&'static str> {
    let rules = [
        ("depends on undefined service", "unknown-service"),
        ("as additional contexts", "unknown-service"),
        ("refers to undefined volume", "undefined-volume"),
        ("refers to undefined network", "undefined-network"),
        ("refers to undefined secret", "undefined-secret"),
        ("refers to undefined build secret", "undefined-secret"),
        ("refers to undefined config", "undefined-config"),
        ("is already in use by service", "duplicate-container-name"),
    ];
    rules
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, rule)| *rule)
}

/// Every compose rule of the catalogue.
pub(crate) const COMPOSE_RULES: &[&str] = &[
    "compose-syntax",
    "duplicate-container-name",
    "host-port-conflict",
    "undefined-config",
    "undefined-network",
    "undefined-secret",
    "undefined-volume",
    "unknown-service",
    "unpinned-image",
    "unused-config",
    "unused-network",
    "unused-secret",
    "unused-volume",
];

/// A scratch folder where the corpus `file` is `compose.yaml`, with copies of the siblings
/// cfglint may read (env files, Dockerfiles, Caddyfiles, and whatever the file names: env
/// files, build contexts, mounted folders). Other compose files stay out, and the `.env` is
/// copied without `COMPOSE_FILE`, so that only `file` is loaded, as v2 was run on it.
pub(crate) fn scratch_copy(file: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = file.parent().unwrap();
    let text = std::fs::read_to_string(file).unwrap_or_default();
    copy_writable(file, &dir.path().join("compose.yaml"));
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let kind = FileKind::from_path(&path);
        let named = name.to_str().is_some_and(|n| text.contains(n));
        if path == file || kind == Some(FileKind::Compose) || (kind.is_none() && !named) {
            continue;
        }
        let target = dir.path().join(&name);
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if name == ".env" {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let kept: String = text
                .split_inclusive('\n')
                .filter(|l| !l.trim_start().starts_with("COMPOSE_FILE"))
                .collect();
            std::fs::write(target, kept).unwrap();
        } else if file_type.is_dir() {
            copy_tree(&path, &target);
        } else if file_type.is_file() {
            copy_writable(&path, &target);
        }
    }
    dir
}
