//! Writes that lose nothing (DESIGN.md contract 5).
//!
//! A write goes to a temporary file in the same folder, is flushed to disk, gets the original
//! file's permissions, and is renamed over the original: a crash leaves either the old or the
//! new file, never a mix. A file whose bytes changed since they were read is not overwritten,
//! and a symlink is written through only when its target lies inside the paths the user gave.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum WriteError {
    /// The file changed on disk after cfglint read it.
    #[error("`{path}` changed on disk since it was read; not overwritten")]
    #[diagnostic(
        code(cfglint::write::changed),
        help("run cfglint again on the new contents")
    )]
    Changed {
        /// The file.
        path: String,
    },
    /// The file is read-only.
    #[error("`{path}` is read-only; not written")]
    #[diagnostic(
        code(cfglint::write::read_only),
        help("make it writable, or fix it by hand")
    )]
    ReadOnly {
        /// The file.
        path: String,
    },
    /// The file is a symlink pointing out of the paths given.
    #[error("`{path}` is a symlink to `{target}`, outside the paths given; not written")]
    #[diagnostic(code(cfglint::write::symlink))]
    SymlinkOutside {
        /// The link.
        path: String,
        /// Where it points.
        target: String,
    },
    /// Any other I/O failure.
    #[error("writing `{path}`: {source}")]
    #[diagnostic(code(cfglint::write::io))]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: io::Error,
    },
}

/// Where writes may land: the canonical forms of the paths the user gave.
#[derive(Debug, Clone, Default)]
pub struct WriteScope {
    roots: Vec<PathBuf>,
}

impl WriteScope {
    /// Allows writes under each of `paths` (files or folders).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Self {
        let roots = paths
            .into_iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect();
        Self { roots }
    }

    /// Whether `path` (canonical) lies under one of the roots.
    pub fn contains(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| path.starts_with(root))
    }
}

/// Replaces the contents of `path` with `contents`, atomically, if it still holds `expected`.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    expected: &[u8],
    scope: &WriteScope,
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let io_error = |source| WriteError::Io {
        path: shown.clone(),
        source,
    };
    let link = fs::symlink_metadata(path).map_err(io_error)?;
    let target = if link.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(io_error)?;
        if !scope.contains(&target) {
            return Err(WriteError::SymlinkOutside {
                path: shown,
                target: target.display().to_string(),
            });
        }
        target
    } else {
        path.to_path_buf()
    };
    let metadata = fs::metadata(&target).map_err(io_error)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly { path: shown });
    }
    let current = fs::read(&target).map_err(io_error)?;
    if current != expected {
        return Err(WriteError::Changed { path: shown });
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cfglint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(contents).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    fs::set_permissions(temp.path(), metadata.permissions()).map_err(io_error)?;
    temp.persist(&target).map_err(|e| io_error(e.error))?;
    // The rename is durable once the folder's entry is on disk.
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_contents_and_keep_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Caddyfile");
        fs::write(&path, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let scope = WriteScope::new([dir.path()]);
        write_atomic(&path, b"new\n", b"old\n", &scope).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_file_changed_since_reading_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, "A=2\n").unwrap();
        let scope = WriteScope::new([dir.path()]);
        let error = write_atomic(&path, b"", b"A=1\n", &scope).unwrap_err();
        assert!(matches!(error, WriteError::Changed { .. }), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "A=2\n");
    }

    #[test]
    fn read_only_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("compose.yaml");
        fs::write(&path, "x").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let scope = WriteScope::new([dir.path()]);
        let error = write_atomic(&path, b"y", b"x", &scope).unwrap_err();
        assert!(matches!(error, WriteError::ReadOnly { .. }), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_given_paths_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("Caddyfile");
        fs::write(&target, "a").unwrap();
        let inside = tempfile::tempdir().unwrap();
        let link = inside.path().join("Caddyfile");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let scope = WriteScope::new([inside.path()]);
        let error = write_atomic(&link, b"b", b"a", &scope).unwrap_err();
        assert!(
            matches!(error, WriteError::SymlinkOutside { .. }),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "a");
        // A link whose target is inside the scope is written through, and stays a link.
        let scope = WriteScope::new([inside.path(), outside.path()]);
        write_atomic(&link, b"b", b"a", &scope).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "b");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
