//! Suppression comments: `# cfglint: ignore[rule-a, rule-b]` at the end of a line or on the
//! line above, and `# cfglint: ignore-file[rule]` anywhere in a file.
//!
//! All four formats use `#` comments, so one scanner serves them all: a `#` at the start of a
//! line or after whitespace, followed by `cfglint:`. (A `# cfglint:` inside a quoted string
//! would also count; no real file has one, and the cost of a false match is only a suppressed
//! finding that the user asked about by name.)

use std::cell::Cell;

use text_size::{TextRange, TextSize};

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The 0-based line a finding must start on.
    Line(usize),
    /// The whole file.
    File,
}

/// One rule named in a suppression comment.
#[derive(Debug)]
pub struct SuppressedRule {
    /// The rule id as written.
    pub name: String,
    /// Where the id is written, for `unused-suppression`.
    pub range: TextRange,
    /// The range to delete when this id is unused: the id with its separating comma.
    pub removal: TextRange,
    /// Whether a finding was suppressed by it.
    pub used: Cell<bool>,
}

/// One suppression comment.
#[derive(Debug)]
pub struct Suppression {
    /// What it covers.
    pub scope: Scope,
    /// The rules it names.
    pub rules: Vec<SuppressedRule>,
    /// The whole directive, from `#` to the closing `]`.
    pub range: TextRange,
    /// What to delete when every named rule is unused: the comment (and the whole line when
    /// the comment stands alone, or the whitespace before it when it trails code).
    pub removal: TextRange,
}

/// Finds the suppression comments of `text`.
pub fn scan(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !text.contains("cfglint:") {
        return out;
    }
    let mut line_start = 0usize;
    for (line_number, line) in text.split_inclusive('\n').enumerate() {
        if let Some(s) = scan_line(line, line_start, line_number) {
            out.push(s);
        }
        line_start += line.len();
    }
    out
}

fn scan_line(line: &str, line_start: usize, line_number: usize) -> Option<Suppression> {
    let mut search = 0;
    while let Some(found) = line[search..].find('#') {
        let hash = search + found;
        search = hash + 1;
        let before = &line[..hash];
        if !(before.is_empty() || before.ends_with([' ', '\t'])) {
            continue;
        }
        let rest = line[hash + 1..].trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix("cfglint:") else {
            continue;
        };
        let rest_trimmed = rest.trim_start_matches([' ', '\t']);
        let (file_scope, list) = if let Some(list) = rest_trimmed.strip_prefix("ignore-file[") {
            (true, list)
        } else if let Some(list) = rest_trimmed.strip_prefix("ignore[") {
            (false, list)
        } else {
            continue;
        };
        let close = list.find(']')?;
        let list_offset = line.len() - list.len();
        let mut rules = Vec::new();
        let mut cursor = 0;
        let items: Vec<&str> = list[..close].split(',').collect();
        for (index, item) in items.iter().enumerate() {
            let name = item.trim();
            let lead = item.len() - item.trim_start().len();
            let start = line_start + list_offset + cursor + lead;
            let range = TextRange::at(TextSize::new(start as u32), TextSize::of(name));
            // Removal: the item and the comma after it, or before it for the last item.
            let item_start = line_start + list_offset + cursor;
            let removal = if index + 1 < items.len() {
                TextRange::at(
                    TextSize::new(item_start as u32),
                    TextSize::new(item.len() as u32 + 1),
                )
            } else if index > 0 {
                TextRange::at(
                    TextSize::new(item_start as u32 - 1),
                    TextSize::new(item.len() as u32 + 1),
                )
            } else {
                TextRange::at(TextSize::new(item_start as u32), TextSize::of(*item))
            };
            if !name.is_empty() {
                rules.push(SuppressedRule {
                    name: name.to_owned(),
                    range,
                    removal,
                    used: Cell::new(false),
                });
            }
            cursor += item.len() + 1;
        }
        let directive_end = line_start + list_offset + close + 1;
        let range = TextRange::new(
            TextSize::new((line_start + hash) as u32),
            TextSize::new(directive_end as u32),
        );
        let standalone = before.trim().is_empty();
        let comment_end = line_start + line.trim_end_matches(['\n', '\r']).len();
        let removal = if standalone {
            TextRange::at(TextSize::new(line_start as u32), TextSize::of(line))
        } else {
            let code_end = line_start + before.trim_end_matches([' ', '\t']).len();
            TextRange::new(
                TextSize::new(code_end as u32),
                TextSize::new(comment_end as u32),
            )
        };
        let scope = if file_scope {
            Scope::File
        } else if standalone {
            Scope::Line(line_number + 1)
        } else {
            Scope::Line(line_number)
        };
        return Some(Suppression {
            scope,
            rules,
            range,
            removal,
        });
    }
    None
}

/// Marks and reports whether a finding of `rule` starting on 0-based `line` is suppressed.
pub fn is_suppressed(suppressions: &[Suppression], rule: &str, line: usize) -> bool {
    let mut hit = false;
    for suppression in suppressions {
        let applies = match suppression.scope {
            Scope::File => true,
            Scope::Line(l) => l == line,
        };
        if !applies {
            continue;
        }
        for named in &suppression.rules {
            if named.name == rule {
                named.used.set(true);
                hit = true;
            }
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_comment_covers_its_own_line() {
        let text = "a\nreverse_proxy x:1 # cfglint: ignore[dangling-upstream]\n";
        let s = scan(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].scope, Scope::Line(1));
        assert_eq!(&text[s[0].rules[0].range], "dangling-upstream");
        assert_eq!(&text[s[0].removal], " # cfglint: ignore[dangling-upstream]");
    }

    #[test]
    fn standalone_comment_covers_the_next_line() {
        let text = "  # cfglint: ignore[ a , b ]\nx\n";
        let s = scan(text);
        assert_eq!(s[0].scope, Scope::Line(1));
        let names: Vec<_> = s[0].rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(&text[s[0].rules[0].removal], " a ,");
        assert_eq!(&text[s[0].rules[1].removal], ", b ");
        assert_eq!(
            &text[s[0].removal],
            text.lines().next().unwrap().to_owned() + "\n"
        );
    }

    #[test]
    fn file_scope_and_non_comments() {
        let text = "# cfglint: ignore-file[unused-variable]\nURL=http://x#cfglint: ignore[a]\n";
        let s = scan(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].scope, Scope::File);
        assert!(is_suppressed(&s, "unused-variable", 7));
        assert!(s[0].rules[0].used.get());
        assert!(!is_suppressed(&s, "other", 0));
    }
}
