//! Unified diffs that `git apply` accepts.

use similar::TextDiff;

/// Returns a unified diff of `old` → `new` for the file shown as `path`, with `a/` and `b/`
/// prefixes (so `git apply` strips one level), or an empty string when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = format!("diff --git a/{path} b/{path}\n");
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_git_headers_and_hunks() {
        let diff = unified_diff("deploy/Caddyfile", "a\nb\nc\n", "a\nc\n");
        assert_eq!(
            diff,
            "diff --git a/deploy/Caddyfile b/deploy/Caddyfile\n--- a/deploy/Caddyfile\n+++ b/deploy/Caddyfile\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"
        );
        assert_eq!(unified_diff("x", "same", "same"), "");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let diff = unified_diff("x", "a\nb", "a\nc");
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }
}
