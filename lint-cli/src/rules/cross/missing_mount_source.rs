//! `missing-mount-source`

use std::path::Path;

use caddyfile_parser::expand::ExpandErrorKind;
use compose_model::model::{Mount, Service, Text};
use text_size::TextRange;

use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::project::{CaddyfileData, Parsed, normalize};
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::source::FileId;
use crate::stack::Stack;

/// File names that are files although they have no extension.
const FILE_NAMES: &[&str] = &[
    "Caddyfile",
    "Dockerfile",
    "Containerfile",
    ".env",
    ".htpasswd",
    "htpasswd",
];

declare_rule! {
    /// ## What it does
    /// Flags a path a compose file or a Caddyfile depends on that does not exist:
    ///
    /// - a bind-mount source. A long-syntax `type: bind` mount is always checked (compose
    ///   refuses to start the service unless `bind.create_host_path: true`). A short-syntax
    ///   mount (`./src:/dst`) is checked only when it looks like a file: for a missing
    ///   source Docker creates an empty *folder*, which is fine for a data folder and wrong
    ///   for a config file. A path looks like a file when its last part (of the source or of
    ///   the target) has an extension (`nginx.conf`, `app.yml`; not `conf.d`, `init.d` or a
    ///   number like `16.2`) or is a known file name (`Caddyfile`, `Dockerfile`, `.env`,
    ///   `.htpasswd`);
    /// - an `env_file:` entry (unless `required: false`);
    /// - a build context (a local folder, not a Git or HTTP URL) and the Dockerfile in it
    ///   (`build.dockerfile`, or `Dockerfile` by default; not with `dockerfile_inline`);
    /// - a Caddyfile `import` of a file that does not exist, or a glob that matches none
    ///   (snippet imports are `undefined-snippet`'s).
    ///
    /// Only paths relative to the compose file (or Caddyfile) are checked: absolute and `~`
    /// paths name places on the deploy host (`/var/run/docker.sock`), and Caddyfile imports
    /// with an absolute path name places inside the container.
    ///
    /// ## Why is this bad?
    /// `docker compose up` fails (`env file … not found`, `invalid mount config`, `unable to
    /// prepare context`), or worse, starts: a config file mounted from a missing path
    /// arrives as an empty folder and the app falls back on its defaults, or crashes with
    /// `Is a directory`. Caddy refuses to load a config whose `import` file is missing.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   proxy:
    ///     image: nginx:1.27
    ///     volumes:
    ///       - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
    /// ```
    /// with no `nginx/nginx.conf` next to the compose file.
    ///
    /// Use instead: add the file, or fix the path.
    ///
    /// ## References
    /// - [Compose `volumes`](https://docs.docker.com/reference/compose-file/services/#volumes)
    /// - [Caddyfile `import`](https://caddyserver.com/docs/caddyfile/directives/import)
    pub struct MissingMountSource {
        name: "missing-mount-source",
        severity: Error,
        fix: None,
    }
}

impl Rule for MissingMountSource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        let mut reports = Vec::new();
        for &id in &stack.compose_files {
            let Parsed::Compose(data) = cx.project.parsed(id) else {
                continue;
            };
            let dir = cx.project.sources.get(id).dir().to_path_buf();
            for service in &data.model.services {
                check_service(cx, id, &dir, service, &mut reports);
            }
        }
        for d in reports {
            cx.report(d);
        }
    }

    fn check_caddyfile(&self, file: &CaddyfileData, cx: &mut Checker<'_>) {
        let Some(expansion) = &file.expansion else {
            return;
        };
        let this = cx.file();
        let mut reports = Vec::new();
        for error in &expansion.errors {
            if !matches!(
                error.kind,
                ExpandErrorKind::FileNotFound | ExpandErrorKind::NoMatches
            ) {
                continue;
            }
            let at = file
                .expansion_files
                .get(error.source as usize)
                .copied()
                .unwrap_or(this);
            let pattern = cx.project.sources.get(at).slice(error.range);
            if pattern.starts_with('/') || pattern.contains('{') {
                continue;
            }
            let (message, help) = if error.kind == ExpandErrorKind::NoMatches {
                (
                    format!("import `{pattern}` matches no file"),
                    "Caddy only warns and imports nothing: add the files, or fix the pattern",
                )
            } else {
                (
                    format!("imported file `{pattern}` does not exist"),
                    "Caddy refuses to load the config: add the file, or fix the path",
                )
            };
            let mut d = cx.diagnostic(&Self::META, error.range, message);
            d.file = at;
            reports.push(d.with_help(help));
        }
        for d in reports {
            cx.report(d);
        }
    }
}

/// Whether `path` is relative to the compose file's folder (not absolute, not `~`).
fn is_relative(path: &str) -> bool {
    let bytes = path.as_bytes();
    !(path.is_empty()
        || matches!(bytes[0], b'/' | b'\\' | b'~')
        || (bytes.len() > 1 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic()))
}

/// Whether the last part of `path` names a file: an extension that is not `d` (`conf.d`)
/// and not a number (`16.2`), or a known file name.
fn looks_like_file(path: &str) -> bool {
    let name = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    if FILE_NAMES.contains(&name) {
        return true;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (1..=8).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                && !ext.bytes().all(|b| b.is_ascii_digit())
                && ext != "d"
        }
        None => false,
    }
}

/// `` `path` `` when the text is written as is (no `${…}`), so the value shown is the
/// file's own text; otherwise nothing (an interpolated value may come from `.env`).
fn quoted(text: Option<&Text>, value: &str) -> String {
    match text {
        Some(t) if !t.has_vars() => format!(" `{value}`"),
        _ => String::new(),
    }
}

fn finding(cx: &Checker<'_>, file: FileId, range: TextRange, message: String) -> Diagnostic {
    let mut d = cx.diagnostic(&MissingMountSource::META, range, message);
    d.file = file;
    d
}

fn check_service(
    cx: &Checker<'_>,
    file: FileId,
    dir: &Path,
    service: &Service,
    out: &mut Vec<Diagnostic>,
) {
    for mount in &service.volumes {
        if let Some(d) = check_mount(cx, file, dir, mount) {
            out.push(d);
        }
    }
    for env_file in &service.env_file {
        let path = env_file.path.as_str();
        if !env_file.is_required() || !is_relative(path) || dir.join(path).exists() {
            continue;
        }
        let shown = quoted(Some(&env_file.path), path);
        out.push(
            finding(
                cx,
                file,
                env_file.path.range(),
                format!("env file{shown} does not exist"),
            )
            .with_help("create it, fix the path, or mark the entry `required: false`"),
        );
    }
    let Some(build) = &service.build else {
        return;
    };
    let context_text = build.context.as_ref();
    let context = context_text.map_or(".", Text::as_str);
    let remote = context.contains("://") || context.starts_with("git@");
    if remote || !is_relative(context) {
        return;
    }
    let context_dir = normalize(&dir.join(context));
    let at = context_text.map_or(build.range, Text::range);
    if !context_dir.is_dir() {
        let shown = quoted(context_text, context);
        out.push(
            finding(cx, file, at, format!("build context{shown} does not exist"))
                .with_help("create the folder, or fix the path"),
        );
        return;
    }
    if build.dockerfile_inline.is_some() {
        return;
    }
    match &build.dockerfile {
        Some(dockerfile) => {
            let name = dockerfile.as_str();
            if !is_relative(name) || context_dir.join(name).is_file() {
                return;
            }
            let shown = quoted(Some(dockerfile), name);
            out.push(
                finding(
                    cx,
                    file,
                    dockerfile.range(),
                    format!("Dockerfile{shown} does not exist in the build context"),
                )
                .with_help(
                    "check the path: it is relative to the build context, not to the compose file",
                ),
            );
        }
        None if !context_dir.join("Dockerfile").is_file() => {
            let shown = quoted(context_text, context);
            out.push(
                finding(
                    cx,
                    file,
                    at,
                    format!("build context{shown} has no `Dockerfile`"),
                )
                .with_help("add one, or name the file with `build.dockerfile`"),
            );
        }
        None => {}
    }
}

fn check_mount(cx: &Checker<'_>, file: FileId, dir: &Path, mount: &Mount) -> Option<Diagnostic> {
    let source = mount.bind_path()?;
    if !is_relative(source.value) || dir.join(source.value).exists() {
        return None;
    }
    let long = mount.short().is_none();
    if long {
        let creates = mount
            .extra()
            .iter()
            .rev()
            .find(|f| f.key.as_str() == "bind")
            .and_then(|f| f.value.get("create_host_path"))
            .and_then(|v| v.as_text())
            .and_then(Text::as_bool)
            .unwrap_or(false);
        if creates {
            return None;
        }
    } else {
        let target = mount.target().map_or("", |t| t.value);
        if !looks_like_file(source.value) && !looks_like_file(target) {
            return None;
        }
    }
    let written_as_is = match mount.short() {
        Some(text) => !text.has_vars(),
        None => cx
            .project
            .sources
            .get(file)
            .slice(source.range)
            .contains(source.value),
    };
    let shown = if written_as_is {
        format!(" `{}`", source.value)
    } else {
        String::new()
    };
    let (range, help) = if long {
        (
            source.range,
            "compose refuses to start the service: create it, fix the path, or set \
             `bind.create_host_path: true`",
        )
    } else {
        (
            mount.range,
            "Docker would create an empty folder there and mount it where a file is expected: \
             create the file, or fix the path",
        )
    };
    Some(
        finding(
            cx,
            file,
            range,
            format!("bind mount source{shown} does not exist"),
        )
        .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_like_paths_have_an_extension_or_a_known_name() {
        for path in [
            "./nginx.conf",
            "./config/app.yml",
            "./Caddyfile",
            "./auth/.htpasswd",
            "/etc/caddy/Caddyfile",
            "./x/.env",
        ] {
            assert!(looks_like_file(path), "{path}");
        }
        for path in [
            "./data/postgres",
            "/docker-entrypoint-initdb.d",
            "/etc/nginx/conf.d",
            "./pg-16.2",
            "./media/",
            "./.config",
            "",
        ] {
            assert!(!looks_like_file(path), "{path}");
        }
    }

    #[test]
    fn relative_paths_exclude_host_paths() {
        assert!(is_relative("./x"));
        assert!(is_relative("../x"));
        assert!(is_relative("data/x"));
        assert!(!is_relative("/var/run/docker.sock"));
        assert!(!is_relative("~/x"));
        assert!(!is_relative("C:\\x"));
        assert!(!is_relative(""));
    }
}
