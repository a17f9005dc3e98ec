//! Finding `#` comments, which are not YAML events, in the gaps between nodes.

use text_size::TextRange;

use super::node::{NodeValue, ScalarStyle, YamlFile};
use super::source::{self, range};

/// Returns the range of every `#` comment of `text` (from `#` to the end of its line, line
/// break excluded), in source order.
///
/// `tree` must be the parse of `text`. A `#` counts when it is outside every scalar, alias and
/// property and follows a blank or starts a line, as YAML requires; so `a#b` and `"x # y"` are
/// not comments, while the comment after a block scalar header (`| # c`) is.
///
/// # Example
///
/// ```
/// use compose_model::yaml::{comments, parse};
///
/// let text = "a: \"x # y\" # note\n# own line\nb: c#d\n";
/// let found = comments(text, &parse(text).tree);
/// let slices: Vec<&str> = found.iter().map(|r| &text[*r]).collect();
/// assert_eq!(slices, ["# note", "# own line"]);
/// ```
pub fn comments(text: &str, tree: &YamlFile) -> Vec<TextRange> {
    let bytes = text.as_bytes();
    let mut opaque: Vec<TextRange> = Vec::new();
    for node in tree.documents.iter().flat_map(|d| d.descendants()) {
        if let Some(props) = node.props(tree) {
            opaque.extend(props.anchor.as_ref().map(|a| a.range));
            opaque.extend(props.tag.as_ref().map(|t| t.range));
        }
        match &node.value {
            NodeValue::Scalar(s)
                if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) =>
            {
                // The header line may end in a comment; the content starts on the next line.
                let start = usize::from(node.range.start());
                let end = usize::from(node.range.end());
                let header_end = header_end(bytes, start);
                opaque.push(range(start, header_end));
                let content = source::line_end(bytes, header_end) + 1;
                if content < end {
                    opaque.push(range(content, end));
                }
            }
            NodeValue::Scalar(_) | NodeValue::Alias(_) => opaque.push(node.range),
            NodeValue::Mapping(_) | NodeValue::Sequence(_) => {}
        }
    }
    // Nearly sorted already (pre-order is source order but for properties): sorting in
    // place allocates nothing.
    opaque.sort_unstable_by_key(|r| r.start());
    let mut found = Vec::new();
    let mut gap_start = 0;
    for leaf in opaque
        .iter()
        .chain(std::iter::once(&range(text.len(), text.len())))
    {
        let gap_end = usize::from(leaf.start());
        let mut i = gap_start;
        while i < gap_end {
            if bytes.get(i) == Some(&b'#')
                && (i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace))
            {
                let end = source::line_end(bytes, i);
                let end = if end > i && bytes.get(end - 1) == Some(&b'\r') {
                    end - 1
                } else {
                    end
                };
                found.push(range(i, end));
                i = end;
            } else {
                i += 1;
            }
        }
        gap_start = gap_start.max(usize::from(leaf.end()));
    }
    found
}

/// Returns the end of a block scalar's `|`/`>` indicators starting at `start`.
fn header_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while bytes
        .get(i)
        .is_some_and(|b| matches!(b, b'+' | b'-' | b'0'..=b'9'))
    {
        i += 1;
    }
    i
}
