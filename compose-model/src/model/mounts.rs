//! [`Mount`]: service `volumes:` entries, short (`SRC:DST[:MODE]`) and long.

use ecow::EcoString;
use text_size::TextRange;
use thin_vec::ThinVec;

use super::any::Field;
use super::load::{Loader, Path, fit};
use super::text::{Part, Text};
use crate::Spanned;
use crate::yaml::View;

/// The `type` of a mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountKind {
    /// A host path.
    Bind,
    /// A named or anonymous volume.
    Volume,
    /// A tmpfs.
    Tmpfs,
    /// A Windows named pipe.
    Npipe,
    /// A cluster volume.
    Cluster,
    /// An image mounted read-only.
    Image,
    /// Any other `type:`, as written.
    Other(EcoString),
}

impl MountKind {
    fn from_type(kind: &str) -> Self {
        match kind {
            "bind" => Self::Bind,
            "volume" => Self::Volume,
            "tmpfs" => Self::Tmpfs,
            "npipe" => Self::Npipe,
            "cluster" => Self::Cluster,
            "image" => Self::Image,
            other => Self::Other(crate::spanned::eco(other)),
        }
    }
}

/// One service `volumes:` entry.
///
/// A short entry keeps its text and where each part is in it (72 bytes in all); a long one
/// is boxed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The list item (for fixes that delete it).
    pub range: TextRange,
    /// The entry, short or long.
    form: MountForm,
}

/// How a `volumes:` entry is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MountForm {
    /// `[SOURCE:]TARGET[:MODE]`, with where its parts are.
    Short(Text, ShortParts),
    /// A mapping.
    Long(Box<LongMount>),
}

/// Where the parts of a short mount are in its value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShortParts {
    source: Option<Part>,
    target: Option<Part>,
    mode: Option<Part>,
}

/// The keys of a long mount.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LongMount {
    kind: MountKind,
    source: Option<Text>,
    target: Option<Text>,
    read_only: bool,
    extra: ThinVec<Field>,
}

impl Mount {
    /// Returns the short syntax as written; `None` for the long syntax.
    pub fn short(&self) -> Option<&Text> {
        match &self.form {
            MountForm::Short(text, _) => Some(text),
            MountForm::Long(_) => None,
        }
    }

    /// Returns the mount type: from `type:`, or for the short syntax `Bind` when the source
    /// is path-like ([`is_path_like`]) and `Volume` otherwise.
    pub fn kind(&self) -> &MountKind {
        match &self.form {
            MountForm::Short(..) if self.source().is_some_and(|s| is_path_like(s.value)) => {
                &MountKind::Bind
            }
            MountForm::Short(..) => &MountKind::Volume,
            MountForm::Long(mount) => &mount.kind,
        }
    }

    /// Reads a part: from the short value, or a key of the long syntax.
    fn get(
        &self,
        short: impl FnOnce(&ShortParts) -> Option<Part>,
        long: impl FnOnce(&LongMount) -> Option<&Text>,
    ) -> Option<Spanned<&str>> {
        match &self.form {
            MountForm::Short(text, parts) => short(parts).map(|part| part.of(text)),
            MountForm::Long(mount) => long(mount).map(Text::spanned_str),
        }
    }

    /// Returns the host path or volume name; `None` for an anonymous volume.
    pub fn source(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.source, |m| m.source.as_ref())
    }

    /// Returns the path in the container.
    pub fn target(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.target, |m| m.target.as_ref())
    }

    /// Returns the short syntax's access mode (`ro`, `rw,z`…).
    pub fn mode(&self) -> Option<Spanned<&str>> {
        self.get(|p| p.mode, |_| None)
    }

    /// Returns whether the mount is read-only (`:ro` or `read_only: true`).
    pub fn read_only(&self) -> bool {
        match &self.form {
            MountForm::Short(..) => self
                .mode()
                .is_some_and(|m| m.value.split(',').any(|o| o == "ro")),
            MountForm::Long(mount) => mount.read_only,
        }
    }

    /// Returns the other long-syntax keys (`bind`, `volume`, `tmpfs`, `consistency`…).
    pub fn extra(&self) -> &[Field] {
        match &self.form {
            MountForm::Short(..) => &[],
            MountForm::Long(mount) => &mount.extra,
        }
    }

    /// Returns the named volume this mount uses, if any (a `Volume` mount with a source).
    pub fn volume_name(&self) -> Option<Spanned<&str>> {
        match self.kind() {
            MountKind::Volume => self.source().filter(|s| !s.value.is_empty()),
            _ => None,
        }
    }

    /// Returns the host path of a bind mount.
    pub fn bind_path(&self) -> Option<Spanned<&str>> {
        match self.kind() {
            MountKind::Bind => self.source(),
            _ => None,
        }
    }
}

/// Returns whether a short-syntax source is a host path rather than a volume name: it starts
/// with `.`, `/`, `~` or `\`, or with a drive letter and `:`.
pub fn is_path_like(source: &str) -> bool {
    let bytes = source.as_bytes();
    match bytes {
        [b'.' | b'/' | b'~' | b'\\', ..] => true,
        [letter, b':', ..] => letter.is_ascii_alphabetic(),
        _ => false,
    }
}

pub(crate) fn mounts(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> ThinVec<Mount> {
    let items = ld.items(view, path);
    let mut out = ThinVec::with_capacity(items.len());
    for (i, item) in items.enumerate() {
        let item_path = path.index(i);
        if item.is_mapping() {
            out.push(long(ld, item, &item_path));
        } else if let Some(text) = ld.scalar(item, &item_path) {
            out.push(short(ld, text, &item_path));
        }
    }
    fit(&mut out);
    out
}

/// The long syntax; without `type`, the kind is inferred from the source as for the short one.
fn long(ld: &mut Loader<'_>, view: View<'_>, path: &Path<'_>) -> Mount {
    let mut mount = LongMount {
        kind: MountKind::Volume,
        source: None,
        target: None,
        read_only: false,
        extra: ThinVec::new(),
    };
    let mut kind = None;
    for entry in view.entries() {
        let Some(key) = entry.key_str() else { continue };
        let key_path = path.key(key);
        match key {
            "type" => kind = ld.scalar(entry.value, &key_path),
            "source" => mount.source = ld.scalar(entry.value, &key_path),
            "target" => mount.target = ld.scalar(entry.value, &key_path),
            "read_only" => {
                mount.read_only = ld
                    .scalar(entry.value, &key_path)
                    .and_then(|t| t.as_bool())
                    .unwrap_or(false);
            }
            _ => {
                if let Some(key) = Loader::key(&entry) {
                    let value = ld.any(entry.value, &key_path, 0);
                    mount.extra.push(Field { key, value });
                }
            }
        }
    }
    fit(&mut mount.extra);
    mount.kind = match kind {
        Some(kind) => MountKind::from_type(kind.as_str()),
        None if mount
            .source
            .as_ref()
            .is_some_and(|s| is_path_like(s.as_str())) =>
        {
            MountKind::Bind
        }
        None => MountKind::Volume,
    };
    Mount {
        range: view.node().range,
        form: MountForm::Long(Box::new(mount)),
    }
}

/// Splits a short volume spec at its `:` separators, keeping a drive letter's colon (`C:\x`)
/// inside its part. Returns byte bounds.
fn split_spec(spec: &str) -> Vec<(usize, usize)> {
    let bytes = spec.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b':' {
            continue;
        }
        let drive = i == start + 1
            && bytes.get(start).is_some_and(u8::is_ascii_alphabetic)
            && matches!(bytes.get(i + 1), Some(b'\\' | b'/'));
        if !drive {
            parts.push((start, i));
            start = i + 1;
        }
    }
    parts.push((start, bytes.len()));
    parts
}

/// `[SOURCE:]TARGET[:MODE]`.
fn short(ld: &mut Loader<'_>, text: Text, path: &Path<'_>) -> Mount {
    let bounds = split_spec(text.as_str());
    let part = |i: usize| bounds.get(i).and_then(|&(s, e)| Part::new(s, e));
    let parts = match bounds.len() {
        1 => ShortParts {
            source: None,
            target: part(0),
            mode: None,
        },
        2 => ShortParts {
            source: part(0),
            target: part(1),
            mode: None,
        },
        _ => ShortParts {
            source: part(0),
            target: part(1),
            mode: part(2),
        },
    };
    let problem = if bounds.len() > 3 {
        Some("too many colons")
    } else if bounds.iter().any(|(s, e)| s == e) {
        Some("empty section between colons")
    } else {
        None
    };
    let mount = Mount {
        range: text.range(),
        form: MountForm::Short(text, parts),
    };
    if let Some(problem) = problem
        && ld.can_validate(mount.short())
    {
        let spec = mount.short().map_or("", Text::as_str);
        let message = format!("invalid volume spec `{spec}`: {problem}");
        ld.invalid(path, message, mount.range);
    }
    mount
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_like_sources() {
        for path in [
            "./data",
            "../x",
            "/abs",
            "~/home",
            "\\\\server\\share",
            "C:\\data",
            "c:/x",
        ] {
            assert!(is_path_like(path), "{path}");
        }
        for name in ["data", "db_data", "${X}", "", "1:x"] {
            assert!(!is_path_like(name), "{name}");
        }
    }

    #[test]
    fn split_spec_keeps_drive_letters() {
        assert_eq!(split_spec("C:\\a:D:\\b:ro"), [(0, 4), (5, 9), (10, 12)]);
        assert_eq!(split_spec("data:/data"), [(0, 4), (5, 10)]);
        assert_eq!(split_spec("/x"), [(0, 2)]);
        assert_eq!(split_spec(":/data"), [(0, 0), (1, 6)]);
    }
}
