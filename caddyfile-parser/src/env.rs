//! Env placeholders `{$VAR}` / `{$VAR:default}`, which Caddy substitutes in the raw bytes of
//! each file before lexing (`reference/caddyfile.md` §2).

use text_size::{TextRange, TextSize};

use crate::lexer::{TokenKind, Tokens};

/// One `{$NAME}` or `{$NAME:default}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvPlaceholder {
    /// The variable name (text between `{$` and the first `:` or the `}`).
    pub name: String,
    /// Where the name is.
    pub name_range: TextRange,
    /// The default after the first `:`, verbatim (`{$X:-}` gives `-`).
    pub default: Option<String>,
    /// The whole placeholder, braces included.
    pub range: TextRange,
    /// Whether it starts inside a comment (Caddy substitutes there too, to no effect).
    pub in_comment: bool,
}

/// Finds the env placeholders of a raw Caddyfile text with Caddy's rules: a placeholder
/// runs from `{$` to the first `}` after it (across lines if need be), `{$}` is left
/// alone, and `{$` with no `}` after it ends the search.
///
/// # Example
/// ```
/// let found = caddyfile_parser::env_placeholders("a {$HOST:localhost} # {$X}\n");
/// assert_eq!(found[0].name, "HOST");
/// assert_eq!(found[0].default.as_deref(), Some("localhost"));
/// assert!(found[1].in_comment);
/// ```
pub fn env_placeholders(text: &str) -> Vec<EnvPlaceholder> {
    let mut found = env_placeholders_in(text, TextSize::new(0));
    if found.is_empty() {
        return found;
    }
    let comments: Vec<TextRange> = Tokens::new(text)
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| t.range)
        .collect();
    for p in &mut found {
        let at = p.range.start();
        let i = comments.partition_point(|c| c.end() <= at);
        p.in_comment = comments.get(i).is_some_and(|c| c.contains(at));
    }
    found
}

/// Finds placeholders in `s`, whose first byte is at `offset` in the source.
pub(crate) fn env_placeholders_in(s: &str, offset: TextSize) -> Vec<EnvPlaceholder> {
    let mut found = Vec::new();
    scan(s, |start, end| {
        let inner = &s[start + 2..end];
        let (name, default) = match inner.split_once(':') {
            Some((name, default)) => (name, Some(default.to_owned())),
            None => (inner, None),
        };
        let at = |i: usize| offset + TextSize::new(i as u32);
        found.push(EnvPlaceholder {
            name: name.to_owned(),
            name_range: TextRange::new(at(start + 2), at(start + 2 + name.len())),
            default,
            range: TextRange::new(at(start), at(end + 1)),
            in_comment: false,
        });
    });
    found
}

/// Calls `each(start, end)` for every placeholder: `s[start..=end]` is `{$…}`.
fn scan(s: &str, mut each: impl FnMut(usize, usize)) {
    let mut from = 0;
    while let Some(begin) = s[from..].find("{$").map(|i| i + from) {
        let Some(end) = s[begin + 2..].find('}').map(|i| i + begin + 2) else {
            return;
        };
        if end > begin + 2 {
            each(begin, end);
        }
        from = end + 1;
    }
}

/// Substitutes env placeholders in raw text, as Caddy does before lexing: an unset variable
/// with no default gives the empty string; the result is not scanned again.
///
/// # Example
/// ```
/// let out = caddyfile_parser::substitute_env("{$A}:{$P:80}", |name| (name == "A").then(|| "h".to_owned()));
/// assert_eq!(out, "h:80");
/// ```
pub fn substitute_env(text: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    scan(text, |start, end| {
        let inner = &text[start + 2..end];
        let (name, default) = match inner.split_once(':') {
            Some((name, default)) => (name, Some(default)),
            None => (inner, None),
        };
        out.push_str(&text[copied..start]);
        match lookup(name) {
            Some(value) => out.push_str(&value),
            None => out.push_str(default.unwrap_or_default()),
        }
        copied = end + 1;
    });
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_placeholder_is_left_alone_and_search_goes_on() {
        let found = env_placeholders("{$} {$A}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "A");
        assert_eq!(found[0].range, TextRange::new(4.into(), 8.into()));
        assert_eq!(found[0].name_range, TextRange::new(6.into(), 7.into()));
    }

    #[test]
    fn placeholder_runs_to_the_first_closing_brace_across_lines() {
        let found = env_placeholders("{$A\nB:x:y}}");
        assert_eq!(found[0].name, "A\nB");
        assert_eq!(found[0].default.as_deref(), Some("x:y"));
    }

    #[test]
    fn unclosed_placeholder_is_left_as_is() {
        assert!(env_placeholders("{$A b c").is_empty());
        assert_eq!(substitute_env("{$A b c", |_| Some("x".into())), "{$A b c");
    }

    #[test]
    fn substitution_is_not_rescanned_and_defaults_are_verbatim() {
        let out = substitute_env("{$A} {$B:-} {$C}", |n| {
            (n == "A").then(|| "{$C}".to_owned())
        });
        assert_eq!(out, "{$C} - ");
    }
}
