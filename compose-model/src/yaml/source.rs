//! Reading the source text around saphyr's spans, where the spans are not what an edit needs.
//!
//! saphyr 0.3.4 starts a node's span at its first property, ends a quoted scalar's span after
//! any trailing spaces and comment, starts a block scalar's span at its first content line and
//! ends it at the next token. These helpers find the exact bytes. All of them are bounded by
//! the text and never index out of it.

use text_size::{TextRange, TextSize};

use crate::Spanned;

/// Converts a byte offset (at most the text length, checked by `parse`) to a [`TextSize`].
pub(crate) fn size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX))
}

/// Builds a [`TextRange`] from byte offsets; `end` below `start` gives an empty range.
pub(crate) fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(size(start), size(end.max(start)))
}

/// A node's properties: `&anchor` and `!tag`, in either order.
#[derive(Debug, Default)]
pub(crate) struct Props {
    pub(crate) anchor: Option<Spanned<String>>,
    pub(crate) tag: Option<Spanned<String>>,
    /// The byte after the last property.
    pub(crate) end: usize,
}

/// Returns whether `byte` ends an anchor or tag name.
fn ends_name(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
    )
}

/// Reads `&anchor` and `!tag` properties starting at `start`.
///
/// `props := (("&" name | "!" tag) blank*)*`
pub(crate) fn props(text: &str, start: usize) -> Props {
    let bytes = text.as_bytes();
    let mut props = Props {
        end: start,
        ..Props::default()
    };
    let mut i = start;
    loop {
        i = skip_blank(bytes, i);
        let Some(&first) = bytes.get(i) else { break };
        if first != b'&' && first != b'!' {
            break;
        }
        let mut j = i + 1;
        while bytes.get(j).is_some_and(|&b| !ends_name(b)) {
            j += 1;
        }
        if first == b'&' {
            let name = text.get(i + 1..j).unwrap_or_default().to_owned();
            props.anchor = Some(Spanned::new(name, range(i, j)));
        } else {
            let tag = text.get(i..j).unwrap_or_default().to_owned();
            props.tag = Some(Spanned::new(tag, range(i, j)));
        }
        props.end = j;
        i = j;
    }
    props
}

/// Skips spaces, tabs and line breaks.
pub(crate) fn skip_blank(bytes: &[u8], mut i: usize) -> usize {
    while bytes
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        i += 1;
    }
    i
}

/// Skips blanks and `#` comments.
pub(crate) fn skip_blank_and_comments(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_blank(bytes, i);
        if bytes.get(i) == Some(&b'#') {
            i = line_end(bytes, i);
        } else {
            return i;
        }
    }
}

/// Returns the `-` of a block sequence whose saphyr span starts at `start`: `start` itself for an
/// indented sequence, the `-` before the spaces for an indentless one (`a:\n- 1`, where saphyr
/// starts at `1`).
pub(crate) fn dash_before(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start) == Some(&b'-') {
        return start;
    }
    let mut i = start;
    while i > 0 && bytes.get(i - 1) == Some(&b' ') {
        i -= 1;
    }
    if i > 0 && bytes.get(i - 1) == Some(&b'-') {
        i - 1
    } else {
        start
    }
}

/// Returns the offset of the `\n` ending the line at `i`, or the text length.
pub(crate) fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |n| i + n)
}

/// Returns the end of the quoted scalar opening at `start` (after its closing quote).
///
/// `'…'` escapes a quote by doubling it; `"…"` escapes with a backslash. An unclosed quote
/// (saphyr reports it) runs to the end of the text.
pub(crate) fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let Some(&quote) = bytes.get(start) else {
        return start;
    };
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        if quote == b'"' && b == b'\\' {
            i += 2;
        } else if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Finds the `|` or `>` header of a block scalar, searching forward from `from` (the end of
/// the token before it) over `:`, `-`, `?`, `,`, blanks and comments. Returns `None` when
/// something else comes first.
pub(crate) fn block_header(bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
    let mut i = from;
    while i < limit {
        match bytes.get(i)? {
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' | b',' => i += 1,
            b'#' => i = line_end(bytes, i),
            b'|' | b'>' => return Some(i),
            _ => return None,
        }
    }
    None
}

/// Returns the end of a block scalar's content: the end of its last content line, before the
/// trailing line break, blank lines and less indented comments that saphyr's span includes.
///
/// `header` is the offset of `|`/`>`, `limit` saphyr's span end. Without content lines the
/// scalar ends after its header indicators (`|-`, `>2+`).
pub(crate) fn block_end(bytes: &[u8], header: usize, limit: usize) -> usize {
    let limit = limit.min(bytes.len());
    let mut end = header + 1;
    while bytes
        .get(end)
        .is_some_and(|b| matches!(b, b'+' | b'-' | b'0'..=b'9'))
    {
        end += 1;
    }
    let mut line = line_end(bytes, end) + 1;
    let mut indent = None;
    while line < limit {
        let next = line_end(bytes, line).min(limit);
        let Some(text) = bytes.get(line..next) else {
            break;
        };
        let spaces = text.iter().take_while(|&&b| b == b' ').count();
        let rest = text.get(spaces..).unwrap_or_default();
        let blank = rest.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        if !blank {
            let content_indent = *indent.get_or_insert(spaces);
            if spaces < content_indent {
                break;
            }
            end = if text.last() == Some(&b'\r') {
                next - 1
            } else {
                next
            };
        }
        line = next + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn props_read_anchor_and_tag_in_either_order() {
        let p = props("&a !t |", 0);
        assert_eq!(
            p.anchor.map(|a| (a.value, a.range)),
            Some(("a".into(), range(0, 2)))
        );
        assert_eq!(
            p.tag.map(|t| (t.value, t.range)),
            Some(("!t".into(), range(3, 5)))
        );
        assert_eq!(p.end, 5);
        let p = props("!!merge <<", 0);
        assert_eq!(p.tag.map(|t| t.value), Some("!!merge".into()));
        assert!(p.anchor.is_none());
        let p = props("[&x a]", 1);
        assert_eq!(p.anchor.map(|a| a.range), Some(range(1, 3)));
    }

    #[test]
    fn quoted_end_handles_escapes() {
        assert_eq!(quoted_end(b"'it''s' # c", 0), 7);
        assert_eq!(quoted_end(br#""a\"b" x"#, 0), 6);
        assert_eq!(quoted_end(b"\"open", 0), 5);
    }

    #[test]
    fn block_end_stops_before_trailing_blank_lines_and_comments() {
        let text = b"d: |\n  lit\n  two\n\n# c\ne: 1";
        assert_eq!(block_end(text, 3, 22), 16);
        let text = b"h: |+\ni: 1";
        assert_eq!(block_end(text, 3, 6), 5);
        let text = b"x: >\r\n  a\r\n";
        assert_eq!(block_end(text, 3, text.len()), 9);
    }
}
