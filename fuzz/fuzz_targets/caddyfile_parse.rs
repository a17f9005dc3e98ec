//! `parse` never panics and its tree prints the input back; `expand` (imports resolved in
//! memory) never panics either.
#![no_main]

use std::path::{Path, PathBuf};

use caddyfile_parser::expand::{ExpandOptions, SourceLoader, expand_with};
use libfuzzer_sys::fuzz_target;

/// Every import resolves to the fuzzed text itself (cycles, globs and all).
struct SelfLoader<'a>(&'a str);

impl SourceLoader for SelfLoader<'_> {
    fn read(&self, _: &Path) -> std::io::Result<String> {
        Ok(self.0.to_owned())
    }

    fn glob(&self, dir: &Path, pattern: &str) -> std::io::Result<Vec<PathBuf>> {
        Ok(vec![dir.join(pattern.replace(['*', '?'], "x"))])
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = caddyfile_parser::parse(text);
    assert_eq!(caddyfile_parser::print(&parsed.tree, text), text);
    for error in &parsed.errors {
        assert!(usize::from(error.range().end()) <= text.len());
        let _ = error.to_string();
    }
    let _ = caddyfile_parser::dump(&parsed, text);
    // small limits: the loader makes every import recursive
    let options = ExpandOptions {
        max_depth: 8,
        max_tokens: 20_000,
    };
    let _ = expand_with(Path::new("Caddyfile"), text, &SelfLoader(text), options);
});
