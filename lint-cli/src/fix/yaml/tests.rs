use compose_model::yaml::{comments, parse};
use insta::assert_snapshot;

use super::*;

/// Deletes the element written as `needle` (its first occurrence: a key, or a sequence item),
/// letting the last `levels` steps of its path go when emptied. Returns the new text (CRLF
/// shown as `␍`), after checking that it parses and keeps every other scalar.
#[track_caller]
fn remove(text: &str, needle: &str, levels: usize) -> String {
    let parse = parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let comments = comments(text, &parse.tree);
    let at = text.find(needle).expect("needle is in the text");
    let range = TextRange::at(TextSize::try_from(at).unwrap(), TextSize::of(needle));
    let path = locate(&parse.tree, range).expect("the needle is an element");
    let path = &path[path.len() - levels..];
    let Some(deletion) = delete_with_empty_parents(&parse.tree, text, &comments, path) else {
        return "(refused)".to_owned();
    };
    let mut out = text.to_owned();
    out.replace_range(
        usize::from(deletion.range.start())..usize::from(deletion.range.end()),
        "",
    );
    assert_others_kept(text, &out, deletion.range);
    let note = if deletion.deletes_comment {
        "(deletes a comment)\n"
    } else {
        ""
    };
    format!("{note}{}", out.replace('\r', "␍"))
}

/// Every scalar as `path = value`, sorted; sequence items are `[]` so that deleting one does
/// not renumber the others.
fn leaves(text: &str, outside: Option<TextRange>) -> Vec<String> {
    let parse = parse(text);
    assert!(
        parse.errors.is_empty(),
        "the result must parse: {:?}\n{text}",
        parse.errors
    );
    let mut out = Vec::new();
    let mut stack: Vec<(&Node, String)> = parse
        .tree
        .documents
        .iter()
        .map(|d| (d, String::new()))
        .collect();
    while let Some((node, path)) = stack.pop() {
        match &node.value {
            NodeValue::Mapping(m) => {
                for e in &m.entries {
                    let key = e.key_str().unwrap_or("?");
                    stack.push((&e.value, format!("{path}.{key}")));
                }
            }
            NodeValue::Sequence(s) => {
                stack.extend(s.items.iter().map(|i| (i, format!("{path}[]"))));
            }
            NodeValue::Scalar(s) => {
                if outside.is_none_or(|r| !r.contains_range(node.range) || node.range.is_empty()) {
                    out.push(format!("{path} = {}", s.value));
                }
            }
            NodeValue::Alias(a) => out.push(format!("{path} = *{}", a.name)),
        }
    }
    out.sort();
    out
}

#[track_caller]
fn assert_others_kept(before: &str, after: &str, deleted: TextRange) {
    let mut expected = leaves(before, Some(deleted));
    let mut actual = leaves(after, None);
    // A container emptied in place becomes null, which is no leaf of the original.
    actual.retain(|l| !l.ends_with(" = "));
    expected.retain(|l| !l.ends_with(" = "));
    assert_eq!(actual, expected, "other entries must stay");
}

#[test]
fn block_entry_goes_with_its_lines_only() {
    let text = "volumes:\n  data:\n  cache:\n    driver: local\n  logs: {}\n";
    assert_snapshot!(remove(text, "cache", 1), @r"
    volumes:
      data:
      logs: {}
    ");
    assert_snapshot!(remove(text, "logs", 1), @r"
    volumes:
      data:
      cache:
        driver: local
    ");
}

#[test]
fn flow_mapping_entry_goes_with_one_comma() {
    let text = "a: {x: 1, y: 2, z: 3}\n";
    assert_snapshot!(remove(text, "x", 1), @"a: {y: 2, z: 3}");
    assert_snapshot!(remove(text, "z", 1), @"a: {x: 1, y: 2}");
    assert_snapshot!(remove("a: { x: 1, y: 2 }\n", "y", 1), @"a: { x: 1 }");
    assert_snapshot!(remove("a: [ p, q ]\n", "p", 1), @"a: [ q ]");
    assert_snapshot!(remove("a: { x: 1 }\nb: 2\n", "x", 1), @r"
    a: {  }
    b: 2
    ");
}

#[test]
fn flow_sequence_item_goes_with_one_comma() {
    let text = "depends_on: [db, cache, \"q\"]\n";
    assert_snapshot!(remove(text, "db", 1), @r#"depends_on: [cache, "q"]"#);
    assert_snapshot!(remove(text, "\"q\"", 1), @"depends_on: [db, cache]");
    let multiline = "deps: [\n  db,\n  cache\n]\n";
    assert_snapshot!(remove(multiline, "cache", 1), @r"
    deps: [
      db
    ]
    ");
}

#[test]
fn nested_block_item_and_its_emptied_key_go() {
    let text = "services:\n  web:\n    image: nginx\n    depends_on:\n      - ghost\n    ports: [\"80:80\"]\n";
    assert_snapshot!(remove(text, "ghost", 2), @r#"
    services:
      web:
        image: nginx
        ports: ["80:80"]
    "#);
    // Without leave to delete the key, it stays, empty.
    assert_snapshot!(remove(text, "ghost", 1), @r#"
    services:
      web:
        image: nginx
        depends_on:
        ports: ["80:80"]
    "#);
}

#[test]
fn last_flow_item_takes_its_key_along() {
    let text = "web:\n  depends_on: [ghost]\n  image: x\n";
    assert_snapshot!(remove(text, "ghost", 2), @r"
    web:
      image: x
    ");
}

#[test]
fn map_form_entry_goes_with_its_options() {
    let text = "depends_on:\n  db:\n    condition: service_healthy\n  cache:\n    condition: service_started\n";
    assert_snapshot!(remove(text, "db", 2), @r"
    depends_on:
      cache:
        condition: service_started
    ");
}

#[test]
fn crlf_lines_keep_their_endings() {
    let text = "volumes:\r\n  data:\r\n  cache:\r\nservices: {}\r\n";
    assert_snapshot!(remove(text, "data", 1), @r"
    volumes:␍
      cache:␍
    services: {}␍
    ");
    assert_snapshot!(remove("x:\r\n  - a\r\n  - b\r\n", "b", 1), @r"
    x:␍
      - a␍
    ");
}

#[test]
fn comment_lines_above_at_the_same_indent_go_along() {
    let text = "volumes:\n  data:\n    driver: local\n    # a neighbour's comment\n  # documents it\n  cache:\n  logs:\n";
    assert_snapshot!(remove(text, "cache", 1), @r"
    (deletes a comment)
    volumes:
      data:
        driver: local
        # a neighbour's comment
      logs:
    ");
    // A section comment (indented less) and a comment after a blank line stay.
    let text = "volumes:\n# section\n  cache:\n\n  # about logs, not cache\n\n  logs:\n";
    assert_snapshot!(remove(text, "cache", 1), @r"
    volumes:
    # section

      # about logs, not cache

      logs:
    ");
}

#[test]
fn trailing_and_commented_out_content_go_along() {
    let text = "volumes:\n  cache: # old\n  data:\n";
    assert_snapshot!(remove(text, "cache", 1), @r"
    (deletes a comment)
    volumes:
      data:
    ");
    let text = "deps:\n  - ghost\n    # - more\n  - db\n";
    assert_snapshot!(remove(text, "ghost", 1), @r"
    (deletes a comment)
    deps:
      - db
    ");
    let text = "deps: [db, # the db\n  ghost]\n";
    assert_snapshot!(remove(text, "db", 1), @r"
    (deletes a comment)
    deps: [ghost]
    ");
}

#[test]
fn first_entry_of_an_item_mapping_keeps_the_dash() {
    let text = "secrets:\n  - source: api\n    target: /run/api\n  - db\n";
    assert_snapshot!(remove(text, "source", 1), @r"
    secrets:
      - target: /run/api
      - db
    ");
    // The only entry: its item goes instead.
    let text = "secrets:\n  - source: api\n  - db\n";
    assert_snapshot!(remove(text, "source", 2), @r"
    secrets:
      - db
    ");
}

#[test]
fn last_entry_at_end_of_file_without_newline() {
    let text = "services:\n  web: {}\n\nvolumes:\n  data:";
    assert_snapshot!(remove(text, "data", 2), @r"
    services:
      web: {}
    ");
}

#[test]
fn unusual_layouts_and_anchors_are_refused() {
    assert_snapshot!(remove("a:\n  - - x\n    - y\n", "x", 1), @"(refused)");
    assert_snapshot!(remove("a:\n  ? b\n  : 1\n", "b", 1), @"(refused)");
    assert_snapshot!(remove("v:\n  data: &d {}\n  x: *d\n", "data", 1), @"(refused)");
    // An anchored container emptied: the narrower deletion is kept.
    let text = "x-deps: &deps\n  - ghost\nweb:\n  depends_on: *deps\n";
    assert_snapshot!(remove(text, "ghost", 2), @r"
    x-deps: &deps
    web:
      depends_on: *deps
    ");
}

#[test]
fn locate_finds_entries_items_and_keys() {
    let text = "a:\n  b: [x, {c: d}]\n  e:\n    - f\n";
    let parse = parse(text);
    let find = |needle: &str| {
        let at = TextSize::try_from(text.find(needle).unwrap()).unwrap();
        locate(&parse.tree, TextRange::at(at, TextSize::of(needle)))
            .map(|p| {
                p.iter()
                    .map(|s| match s {
                        Step::Entry(_, i) => format!("entry {i}"),
                        Step::Item(_, i) => format!("item {i}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default()
    };
    assert_eq!(find("c"), "entry 0 / entry 0 / item 1 / entry 0");
    assert_eq!(find("{c: d}"), "entry 0 / entry 0 / item 1");
    assert_eq!(find("f"), "entry 0 / entry 1 / item 0");
    assert_eq!(find("b: [x, {c: d}]"), "entry 0 / entry 0");
    assert_eq!(find("x, {"), "");
}
