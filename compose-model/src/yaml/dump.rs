//! A compact, stable text dump of a tree for tests and debugging, one node per line.

use std::fmt::Write;

use super::node::{Node, NodeValue, ScalarStyle, YamlFile};

/// Dumps `file` one node per line, indented by depth:
///
/// ```text
/// MAPPING@0..10
///   SCALAR@0..3 plain "key"
///   SCALAR@5..10 double "val" &a@…
/// ```
///
/// Entries show as key then value. Anchors, tags and alias targets follow the node.
pub fn dump(file: &YamlFile) -> String {
    let mut out = String::new();
    for (i, doc) in file.documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        // An explicit stack instead of recursion: (node, depth).
        let mut stack = vec![(doc, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            line(&mut out, file, node, depth);
            match &node.value {
                NodeValue::Mapping(m) => {
                    for entry in m.entries.iter().rev() {
                        stack.push((&entry.value, depth + 1));
                        stack.push((&entry.key, depth + 1));
                    }
                }
                NodeValue::Sequence(s) => {
                    stack.extend(s.items.iter().rev().map(|item| (item, depth + 1)));
                }
                NodeValue::Scalar(_) | NodeValue::Alias(_) => {}
            }
        }
    }
    out
}

fn line(out: &mut String, file: &YamlFile, node: &Node, depth: usize) {
    let range = node.range;
    let indent = "  ".repeat(depth);
    let _ = write!(out, "{indent}");
    let _ = match &node.value {
        NodeValue::Scalar(s) => {
            let style = match s.style {
                ScalarStyle::Plain => "plain",
                ScalarStyle::SingleQuoted => "single",
                ScalarStyle::DoubleQuoted => "double",
                ScalarStyle::Literal => "literal",
                ScalarStyle::Folded => "folded",
            };
            write!(out, "SCALAR@{range:?} {style} {:?}", s.value)
        }
        NodeValue::Mapping(m) => {
            write!(
                out,
                "MAPPING@{range:?}{}",
                if m.flow { " flow" } else { "" }
            )
        }
        NodeValue::Sequence(s) => {
            write!(
                out,
                "SEQUENCE@{range:?}{}",
                if s.flow { " flow" } else { "" }
            )
        }
        NodeValue::Alias(a) => match a.target {
            Some(target) => write!(out, "ALIAS@{range:?} *{} -> {target:?}", a.name),
            None => write!(out, "ALIAS@{range:?} *{} -> ?", a.name),
        },
    };
    if let Some(anchor) = node.anchor(file) {
        let _ = write!(out, " &{}@{:?}", anchor.value, anchor.range);
    }
    if let Some(tag) = node.tag(file) {
        let _ = write!(out, " {}@{:?}", tag.value, tag.range);
    }
    out.push('\n');
}
