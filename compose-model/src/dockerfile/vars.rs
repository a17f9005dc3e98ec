//! Finding `$NAME` and `${NAME…}` in instruction arguments and heredoc bodies.

/// One variable use, offsets in the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawUse {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) name_start: usize,
    pub(super) name_end: usize,
    pub(super) has_default: bool,
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name_char(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// `use := "$" name | "${" name [modifier word] "}"`.
///
/// Docker expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}` (and `BuildKit`'s
/// `-`, `+`, `?`, `#`, `%`, `/` forms); the escape character before `$` and single quotes
/// prevent it. The scan is one pass: uses inside a `${…}`'s word are found as it goes, and a
/// stack pairs each `${` with its `}`. Returns `Err(offset)` when `${` nests deeper than
/// `limit`.
///
/// A single quote with no closing quote on its line is taken literally (an apostrophe in a
/// script comment, `# don't`), so uses after it are still found.
pub(super) fn uses(text: &str, escape: char, limit: usize) -> Result<Vec<RawUse>, usize> {
    let bytes = text.as_bytes();
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let mut out: Vec<RawUse> = Vec::new();
    // `Some(index into out)` for `${NAME`, `None` for a `${` that names no variable.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut in_double = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == escape {
            i += 2;
            continue;
        }
        match b {
            b'"' => in_double = !in_double,
            b'\'' if !in_double => {
                let line = bytes[i + 1..].iter().take_while(|&&c| c != b'\n');
                if let Some(p) = line.clone().position(|&c| c == b'\'') {
                    i += p + 2;
                    continue;
                }
            }
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let name_start = i + 2;
                let name_end = scan_name(bytes, name_start);
                if name_end > name_start {
                    let rest = &bytes[name_end..];
                    let has_default = matches!(
                        rest,
                        [b':', b'-' | b'+' | b'=', ..] | [b'-' | b'+' | b'=', ..]
                    );
                    open.push(Some(out.len()));
                    out.push(RawUse {
                        start: i,
                        end: bytes.len(),
                        name_start,
                        name_end,
                        has_default,
                    });
                } else {
                    open.push(None);
                }
                if open.len() > limit {
                    return Err(i);
                }
                i = name_end.max(i + 2);
                continue;
            }
            b'$' => {
                let name_end = scan_name(bytes, i + 1);
                if name_end > i + 1 {
                    out.push(RawUse {
                        start: i,
                        end: name_end,
                        name_start: i + 1,
                        name_end,
                        has_default: false,
                    });
                    i = name_end;
                    continue;
                }
            }
            b'}' => {
                if let Some(Some(index)) = open.pop() {
                    if let Some(u) = out.get_mut(index) {
                        u.end = i + 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

fn scan_name(bytes: &[u8], from: usize) -> usize {
    match bytes.get(from) {
        Some(&b) if is_name_start(b) => {
            let mut j = from + 1;
            while bytes.get(j).is_some_and(|&b| is_name_char(b)) {
                j += 1;
            }
            j
        }
        _ => from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, &str, bool)> {
        uses(text, '\\', 64)
            .unwrap()
            .into_iter()
            .map(|u| {
                (
                    &text[u.name_start..u.name_end],
                    &text[u.start..u.end],
                    u.has_default,
                )
            })
            .collect()
    }

    #[test]
    fn finds_plain_braced_and_nested_uses() {
        assert_eq!(
            names("a $A ${B} ${C:-${D}x} ${E:+e} $1 $$ ${#F}"),
            [
                ("A", "$A", false),
                ("B", "${B}", false),
                ("C", "${C:-${D}x}", true),
                ("D", "${D}", false),
                ("E", "${E:+e}", true),
            ]
        );
    }

    #[test]
    fn escapes_and_single_quotes_prevent_expansion() {
        assert_eq!(
            names(r#"\$A '$B' \"$C\" \\$D"#),
            [("C", "$C", false), ("D", "$D", false)]
        );
        assert_eq!(names("echo don't $A\n"), [("A", "$A", false)]);
        assert_eq!(names("\"it's $A\""), [("A", "$A", false)]);
    }

    #[test]
    fn backtick_escape() {
        let found: Vec<_> = uses("`$A $B", '`', 64)
            .unwrap()
            .into_iter()
            .map(|u| u.start)
            .collect();
        assert_eq!(found, [4]);
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "${A:-".repeat(65);
        assert_eq!(uses(&deep, '\\', 64), Err(320));
        assert!(uses(&"${A:-".repeat(64), '\\', 64).is_ok());
    }
}
