//! The files of a run: their paths, kinds and text, addressed by [`FileId`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::line_index::{LineColumn, LineIndex};
use text_size::{TextRange, TextSize};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// What format a file is in, decided from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// A Caddyfile (`Caddyfile`, `Caddyfile.*`, `*.caddyfile`, any case).
    Caddyfile,
    /// A compose file (`compose.yaml`, `docker-compose.override.yml`, …).
    Compose,
    /// A Dockerfile (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`).
    Dockerfile,
    /// A dotenv file (`.env`, `.env.*`, `*.env`).
    Env,
}

impl FileKind {
    /// Recognises a file kind from a file name, or `None` for files cfglint does not read.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        Self::from_file_name(name)
    }

    /// Recognises a file kind from a bare file name.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower == "caddyfile" || lower.starts_with("caddyfile.") || lower.ends_with(".caddyfile")
        {
            return Some(Self::Caddyfile);
        }
        if is_compose_name(&lower) {
            return Some(Self::Compose);
        }
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
            || lower == "containerfile"
        {
            return Some(Self::Dockerfile);
        }
        if lower == ".env"
            || lower.starts_with(".env.")
            || (lower.len() > 4 && lower.rsplit_once('.').is_some_and(|(_, ext)| ext == "env"))
            || lower == "env.example"
        {
            return Some(Self::Env);
        }
        None
    }

    /// The name used in messages (`Caddyfile`, `compose file`, …).
    pub fn describe(self) -> &'static str {
        match self {
            Self::Caddyfile => "Caddyfile",
            Self::Compose => "compose file",
            Self::Dockerfile => "Dockerfile",
            Self::Env => "env file",
        }
    }
}

/// `compose.yaml`, `docker-compose.yml`, `compose.override.yaml`, `compose.prod.yml`,
/// `docker-compose.dev.yaml`, `foo.compose.yml`.
fn is_compose_name(lower: &str) -> bool {
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    stem == "compose"
        || stem == "docker-compose"
        || stem.starts_with("compose.")
        || stem.starts_with("docker-compose.")
        || stem.ends_with(".compose")
}

/// The default compose file names, in compose's search order.
pub const COMPOSE_FILE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override file names compose loads after the matching default file.
pub const OVERRIDE_FILE_NAMES: [&str; 4] = [
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// What was on disk when a file was read, to refuse overwriting a file that changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The bytes as read when they are not the file's text (not UTF-8); `None` when the text
    /// is exactly the bytes, which are then not kept twice.
    pub raw: Option<Vec<u8>>,
}

/// Why a file's text is not exactly its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The file is not valid UTF-8; the text is a lossy copy, the offset is the first bad byte.
    NotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        offset: TextSize,
    },
}

/// One file of the run.
#[derive(Debug)]
pub struct SourceFile {
    /// This file's id.
    pub id: FileId,
    /// The path used to read and write the file.
    pub path: PathBuf,
    /// The path as shown to the user (see [`SourceFile::display`]).
    display: Shown,
    /// The format of the file.
    pub kind: FileKind,
    /// The file's text (a lossy copy when [`SourceFile::damage`] is set). Shared, so that
    /// a Caddyfile's expansion holds the same text rather than a copy.
    pub text: Arc<str>,
    /// Set when the text is not exactly the file's bytes; such files are never written.
    pub damage: Option<Damage>,
    /// Whether the file came from standard input (never written back).
    pub stdin: bool,
    /// The bytes as read, for the changed-on-disk check before a write.
    pub fingerprint: Option<Fingerprint>,
    /// For env files: the text with every value masked (same byte offsets), which is what
    /// output shows. Env files hold secrets.
    pub redacted: Option<Box<str>>,
    line_index: OnceLock<LineIndex>,
}

impl SourceFile {
    /// The bytes as read from disk, if the file was read from disk.
    pub fn bytes_as_read(&self) -> Option<&[u8]> {
        let fingerprint = self.fingerprint.as_ref()?;
        Some(fingerprint.raw.as_deref().unwrap_or(self.text.as_bytes()))
    }

    /// Creates a file from its text; `display` is the path as shown to the user.
    pub fn new(id: FileId, path: PathBuf, display: &str, kind: FileKind, text: String) -> Self {
        let display = Shown::of(&path, display);
        Self {
            id,
            path,
            display,
            kind,
            text: text.into(),
            damage: None,
            stdin: false,
            fingerprint: None,
            redacted: None,
            line_index: OnceLock::new(),
        }
    }

    /// Returns the path as shown to the user: relative to the working directory where
    /// possible, with `/` separators.
    pub fn display(&self) -> &str {
        match &self.display {
            Shown::Suffix(start) => self
                .path
                .to_str()
                .and_then(|path| path.get(*start as usize..))
                .unwrap_or_default(),
            Shown::Own(text) => text,
        }
    }

    /// Returns the line index of the text, building it on first use.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Converts an offset to a 1-based line and column.
    pub fn line_column(&self, offset: TextSize) -> LineColumn {
        self.line_index().line_column(offset, &self.text)
    }

    /// Returns the text of `range`, clamped to the file.
    pub fn slice(&self, range: TextRange) -> &str {
        let end = range.end().min(TextSize::of(&*self.text));
        let start = range.start().min(end);
        self.text
            .get(usize::from(start)..usize::from(end))
            .unwrap_or_default()
    }

    /// The text to show in output: the redacted text of env files, else the text.
    pub fn shown_text(&self) -> &str {
        self.redacted.as_deref().unwrap_or(&self.text)
    }

    /// The folder holding the file.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }
}

/// How a [`SourceFile`] keeps the path it shows: usually the end of its path (relative to a
/// working directory above it, or the whole path), which costs no copy; a copy otherwise.
#[derive(Debug)]
enum Shown {
    /// The path's text from this byte on.
    Suffix(u32),
    /// A text of its own.
    Own(Box<str>),
}

impl Shown {
    /// How to keep `display` for a file at `path`.
    fn of(path: &Path, display: &str) -> Self {
        path.to_str()
            .and_then(|text| {
                let start = text.len().checked_sub(display.len())?;
                (text.get(start..) == Some(display)).then_some(start)
            })
            .and_then(|start| u32::try_from(start).ok())
            .map_or_else(|| Self::Own(display.into()), Self::Suffix)
    }
}

/// Turns bytes read from `path` into text, keeping a note when they are not UTF-8.
///
/// A leading UTF-8 BOM is kept in the text (the parsers skip it), so writes keep it too.
pub fn decode(bytes: Vec<u8>) -> (String, Option<Damage>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            (
                text,
                Some(Damage::NotUtf8 {
                    offset: TextSize::new(offset as u32),
                }),
            )
        }
    }
}

/// Masks `ranges` of `text` with `*`, keeping line breaks and byte offsets.
pub fn mask(text: &str, ranges: impl IntoIterator<Item = TextRange>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let start = usize::from(range.start()).min(bytes.len());
        let end = usize::from(range.end()).min(bytes.len());
        for byte in &mut bytes[start..end] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b'*';
            }
        }
    }
    // invariant: every byte of a masked range became ASCII, every other byte is unchanged,
    // so the result is UTF-8 as long as ranges fall on char boundaries; fall back otherwise.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Shows `path` relative to the working directory when it lies under it, with `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}

/// All files of a run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// The ids sorted by path, for [`Sources::find`]: the paths are not copied into a map
    /// (a large stack has thousands of small files, and the paths weigh as much as them).
    by_path: Vec<FileId>,
}

impl Sources {
    /// Adds a file and returns its id; a path already present returns the existing id.
    pub fn add(&mut self, path: PathBuf, display: &str, kind: FileKind, text: String) -> FileId {
        let at = match self.position(&path) {
            Ok(at) => return self.by_path[at],
            Err(at) => at,
        };
        let id = FileId(self.files.len() as u32);
        self.by_path.insert(at, id);
        self.files
            .push(SourceFile::new(id, path, display, kind, text));
        id
    }

    /// Makes room for `more` files.
    pub fn reserve(&mut self, more: usize) {
        self.files.reserve(more);
        self.by_path.reserve(more);
    }

    /// Gives back spare capacity once every file is read.
    pub fn shrink_to_fit(&mut self) {
        self.files.shrink_to_fit();
        self.by_path.shrink_to_fit();
    }

    /// Returns the id of the file read from `path`, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.position(path).ok().map(|at| self.by_path[at])
    }

    /// Where `path` is, or would go, in [`Sources::by_path`].
    fn position(&self, path: &Path) -> Result<usize, usize> {
        self.by_path
            .binary_search_by(|id| self.files[id.0 as usize].path.as_path().cmp(path))
    }

    /// Returns a file by id.
    ///
    /// # Panics
    /// When `id` does not come from this `Sources` (an internal error).
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Returns a file by id, mutably.
    pub fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id.0 as usize]
    }

    /// Iterates over all files in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_are_the_end_of_the_path_when_they_can_be() {
        let file = |path: &str, cwd: &str| {
            let path = PathBuf::from(path);
            let display = display_path(&path, Path::new(cwd));
            let file = SourceFile::new(FileId(0), path, &display, FileKind::Env, String::new());
            let kept = matches!(file.display, Shown::Suffix(_));
            (file.display().to_owned(), kept)
        };
        assert_eq!(file("/srv/app/.env", "/srv"), ("app/.env".to_owned(), true));
        assert_eq!(
            file("/srv/app/.env", "/home"),
            ("/srv/app/.env".to_owned(), true)
        );
        assert_eq!(file("/srv", "/srv"), (".".to_owned(), false));
    }

    #[test]
    fn recognises_file_kinds_in_any_case() {
        let cases = [
            ("Caddyfile", Some(FileKind::Caddyfile)),
            ("caddyfile.prod", Some(FileKind::Caddyfile)),
            ("site.CADDYFILE", Some(FileKind::Caddyfile)),
            ("compose.yaml", Some(FileKind::Compose)),
            ("docker-compose.override.yml", Some(FileKind::Compose)),
            ("compose.prod.yaml", Some(FileKind::Compose)),
            ("web.compose.yml", Some(FileKind::Compose)),
            ("Dockerfile", Some(FileKind::Dockerfile)),
            ("Dockerfile.dev", Some(FileKind::Dockerfile)),
            ("api.Dockerfile", Some(FileKind::Dockerfile)),
            (".env", Some(FileKind::Env)),
            (".env.example", Some(FileKind::Env)),
            ("prod.env", Some(FileKind::Env)),
            ("values.yaml", None),
            ("README.md", None),
            ("env", None),
        ];
        for (name, kind) in cases {
            assert_eq!(FileKind::from_file_name(name), kind, "{name}");
        }
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let (text, damage) = decode(b"ok\n\xff\xfe rest".to_vec());
        assert_eq!(
            damage,
            Some(Damage::NotUtf8 {
                offset: TextSize::new(3)
            })
        );
        assert!(text.starts_with("ok\n\u{fffd}"));
    }

    #[test]
    fn display_paths_are_relative_with_forward_slashes() {
        let cwd = Path::new("/home/u/proj");
        assert_eq!(
            display_path(Path::new("/home/u/proj/deploy/Caddyfile"), cwd),
            "deploy/Caddyfile"
        );
        assert_eq!(
            display_path(Path::new("/etc/Caddyfile"), cwd),
            "/etc/Caddyfile"
        );
        assert_eq!(display_path(Path::new("./a/b"), Path::new("/x")), "a/b");
    }
}
