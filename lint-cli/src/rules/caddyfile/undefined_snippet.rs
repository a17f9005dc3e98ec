//! `undefined-snippet`

use caddyfile_parser::expand::ExpandErrorKind;

use crate::checker::Checker;
use crate::project::CaddyfileData;
use crate::registry::{Rule, RuleMeta, declare_rule};
use crate::rules::caddyfile::{Once, closest, roots_reading, sound_document};

/// Caddy's message for an import that is neither a snippet nor an existing file.
const NOT_FOUND: &str = "File to import not found: ";

declare_rule! {
    /// ## What it does
    /// Flags `import name` where `name` is neither a snippet defined before that line (in
    /// this file or in a file imported earlier) nor an existing file. Only arguments that
    /// look like a snippet name are flagged here: no `/`, `.`, `*` or `?`. A missing file
    /// such as `import sites/*.caddy` or `import common.conf` is `missing-mount-source`'s.
    ///
    /// Imports are checked as Caddy reads them: in order, snippets spliced in, so an
    /// `import` inside a snippet is checked where that snippet is imported (and reported in
    /// the snippet). Imports inside a snippet that is never imported are not checked, as in
    /// Caddy.
    ///
    /// ## Why is this bad?
    /// Caddy refuses the whole file (`File to import not found: common`). Caddy reads
    /// snippets in order, so an `import` above the snippet's definition fails too, as does a
    /// snippet renamed without its imports.
    ///
    /// ## Example
    /// ```caddyfile
    /// (security_headers) {
    ///     header Strict-Transport-Security max-age=31536000
    /// }
    ///
    /// example.com {
    ///     import security-headers
    ///     reverse_proxy app:8080
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```caddyfile
    /// example.com {
    ///     import security_headers
    ///     reverse_proxy app:8080
    /// }
    /// ```
    /// (with the snippet defined above).
    ///
    /// ## References
    /// - [Snippets](https://caddyserver.com/docs/caddyfile/concepts#snippets)
    /// - [`import`](https://caddyserver.com/docs/caddyfile/directives/import)
    pub struct UndefinedSnippet {
        name: "undefined-snippet",
        severity: Error,
        fix: None,
    }
}

impl Rule for UndefinedSnippet {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_caddyfile(&self, _file: &CaddyfileData, cx: &mut Checker<'_>) {
        let this = cx.file();
        let mut once = Once::default();
        for root in roots_reading(cx.project, this) {
            for error in &root.expansion.errors {
                if error.kind != ExpandErrorKind::FileNotFound
                    || root.file_of(error.source) != Some(this)
                {
                    continue;
                }
                let Some(name) = error.message.strip_prefix(NOT_FOUND) else {
                    continue;
                };
                if !looks_like_snippet_name(name) || !once.first(this, error.range) {
                    continue;
                }
                let mut d = cx.diagnostic(
                    &Self::META,
                    error.range,
                    format!("snippet `{name}` is not defined"),
                );
                // The snippets of every file this expansion read, to tell "defined later"
                // from a typo.
                let mut names: Vec<&str> = Vec::new();
                let mut later = None;
                for file in root.files() {
                    let Some(doc) = sound_document(cx.project, file) else {
                        continue;
                    };
                    let text = &cx.project.sources.get(file).text;
                    for snippet in doc.snippets() {
                        let (Some(snippet_name), Some(range)) =
                            (snippet.name(text), snippet.name_range(text))
                        else {
                            continue;
                        };
                        if snippet_name == name && later.is_none() {
                            later = Some((file, range));
                        }
                        names.push(snippet_name);
                    }
                }
                d = match (later, closest(name, names)) {
                    (Some((file, range)), _) => d.with_label(file, range, "defined here").with_help(
                        "Caddy reads snippets in order: move the definition above the first import that uses it",
                    ),
                    (None, Some(near)) => d.with_help(format!("did you mean `{near}`?")),
                    (None, None) => d.with_help(format!(
                        "define the snippet above this line: `({name}) {{ … }}`"
                    )),
                };
                cx.report(d);
            }
        }
    }
}

/// A bare word such as `common`, not a path or a glob; placeholders are only known at run
/// time.
fn looks_like_snippet_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '.', '*', '?', '{', '\\'])
}
