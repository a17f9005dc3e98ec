//! `unpinned-image`

use std::collections::HashSet;

use super::support::{Merged, is_complete};
use crate::checker::Checker;
use crate::diagnostic::Diagnostic;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::stack::Stack;

declare_rule! {
    /// ## What it does
    /// Flags an `image:` with no tag (`nginx`, `ghcr.io/acme/api`) or with the `latest` tag.
    /// A digest (`@sha256:…`) pins an image, and so does any other tag. The image is judged
    /// as written, before interpolation: a tag written as a variable (`app:${TAG}`) is pinned
    /// by the environment, and an image that is all variable (`${IMAGE}`) is not judged.
    /// A service that also has `build:` is skipped: its `image:` names what it builds.
    ///
    /// ## Why is this bad?
    /// The image floats: each `pull` may bring a new major version, so two hosts (or two
    /// days) run different software from the same file, and a rollback has nothing to go
    /// back to.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:latest
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.2
    /// ```
    ///
    /// ## References
    /// - [Compose file reference: `image`](https://docs.docker.com/reference/compose-file/services/#image)
    pub struct UnpinnedImage {
        name: "unpinned-image",
        severity: Warning,
        fix: None,
    }
}

impl Rule for UnpinnedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_stack(&self, stack: &Stack, cx: &mut Checker<'_>) {
        check(stack, cx);
    }
}

fn check(stack: &Stack, cx: &mut Checker<'_>) {
    if !is_complete(cx.project, stack) {
        return;
    }
    let merged = Merged::of(cx.project, stack);
    let mut seen = HashSet::new();
    for service in &merged.project.services {
        let Some(image) = service.image() else {
            continue;
        };
        if service.build().is_some() {
            continue;
        }
        let Some((file, _)) = merged.file(image.file_index) else {
            continue;
        };
        let raw = image.item.raw.value.as_str();
        let message = match pin(raw) {
            Pin::Untagged => format!("image `{raw}` has no tag"),
            Pin::Latest => format!("image `{raw}` uses the `latest` tag"),
            Pin::Pinned | Pin::Unknown => continue,
        };
        // Text shared through an anchor is reported once.
        if !seen.insert((file, image.item.range())) {
            continue;
        }
        let d = Diagnostic::new(&UnpinnedImage::META, file, image.item.range(), message)
            .with_help("pin a version tag, or a digest (`@sha256:…`)");
        cx.report(d);
    }
}

/// How an image reference is pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pin {
    /// A tag other than `latest`, or a digest.
    Pinned,
    /// No tag.
    Untagged,
    /// `:latest`.
    Latest,
    /// The name is a variable: it may carry a tag.
    Unknown,
}

/// Reads the tag of an image reference as written. `:`, `/` and `@` inside `${…}` do not
/// count (`${REGISTRY:-docker.io}/nginx`).
fn pin(raw: &str) -> Pin {
    let raw = raw.trim();
    if raw.is_empty() {
        return Pin::Unknown;
    }
    let mut depth = 0usize;
    let mut last_slash = None;
    let mut last_colon = None;
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'@' if depth == 0 => return Pin::Pinned,
            b'/' if depth == 0 => last_slash = Some(i),
            b':' if depth == 0 => last_colon = Some(i),
            _ => {}
        }
    }
    let name_start = last_slash.map_or(0, |i| i + 1);
    match last_colon.filter(|&c| c >= name_start) {
        Some(colon) if &raw[colon + 1..] == "latest" => Pin::Latest,
        Some(_) => Pin::Pinned,
        // `${IMAGE}`, `app${SUFFIX}`: the variable may hold the tag.
        None if raw[name_start..].contains('$') => Pin::Unknown,
        None => Pin::Untagged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_as_written() {
        let cases = [
            ("nginx", Pin::Untagged),
            ("nginx:latest", Pin::Latest),
            ("nginx:1.27", Pin::Pinned),
            ("library/nginx", Pin::Untagged),
            ("localhost:5000/app", Pin::Untagged),
            ("localhost:5000/app:2", Pin::Pinned),
            ("localhost:5000/app:latest", Pin::Latest),
            ("nginx@sha256:0123abcd", Pin::Pinned),
            ("nginx:latest@sha256:0123abcd", Pin::Pinned),
            ("ghcr.io/acme/app:${TAG}", Pin::Pinned),
            ("ghcr.io/acme/app:${TAG:-latest}", Pin::Pinned),
            ("${REGISTRY:-docker.io}/nginx", Pin::Untagged),
            ("${REGISTRY:-docker.io:5000}/nginx:1", Pin::Pinned),
            ("${IMAGE}", Pin::Unknown),
            ("app${SUFFIX}", Pin::Unknown),
            ("$IMAGE", Pin::Unknown),
            ("", Pin::Unknown),
        ];
        for (raw, expected) in cases {
            assert_eq!(pin(raw), expected, "{raw}");
        }
    }
}
