use std::fmt::Write as _;

use insta::assert_snapshot;

use super::*;
use crate::{SyntaxError, TextRange};

/// Dumps the tree of `text` followed by its errors.
fn tree(text: &str) -> String {
    let parse = parse(text);
    let mut out = dump(&parse.tree);
    for error in &parse.errors {
        writeln!(out, "error {:?}: {error}", error.range()).unwrap();
    }
    out
}

/// Lists each node's source slice, one per line, to check ranges by eye.
fn slices(text: &str) -> String {
    let parse = parse(text);
    let mut out = String::new();
    for node in parse.tree.documents.iter().flat_map(|d| d.descendants()) {
        if matches!(node.value, NodeValue::Scalar(_) | NodeValue::Alias(_)) {
            writeln!(out, "{:?}", &text[node.range]).unwrap();
        }
    }
    out
}

#[test]
fn block_mapping_with_quoted_scalars_excludes_trailing_comments() {
    assert_snapshot!(tree("a: 1\nb: 'two' # c\nc: \"three\"   \n"), @r#"
        MAPPING@0..28
          SCALAR@0..1 plain "a"
          SCALAR@3..4 plain "1"
          SCALAR@5..6 plain "b"
          SCALAR@8..13 single "two"
          SCALAR@18..19 plain "c"
          SCALAR@21..28 double "three"
        "#);
}

#[test]
fn non_ascii_ranges_are_bytes() {
    let text = "æøå: \"ø\"\n";
    let parse = parse(text);
    let entry = &parse.tree.documents[0].as_mapping().unwrap().entries[0];
    assert_eq!(&text[entry.key.range], "æøå");
    assert_eq!(entry.key.range, TextRange::new(0.into(), 6.into()));
    assert_eq!(&text[entry.value.range], "\"ø\"");
    assert_eq!(entry.value.range, TextRange::new(8.into(), 12.into()));
    assert_eq!(
        entry.range(&parse.tree),
        TextRange::new(0.into(), 12.into())
    );
}

#[test]
fn block_scalar_range_covers_header_to_last_content_line() {
    let text = "d: |\n  lit\n  two\n\n# after\ne: >- # folded\n  f\n  g\nh: |\ni: &a !t |+\n  x\n";
    assert_snapshot!(slices(text), @r#"
        "d"
        "|\n  lit\n  two"
        "e"
        ">- # folded\n  f\n  g"
        "h"
        "|"
        "i"
        "|+\n  x"
        "#);
    assert_eq!(
        comments(text, &parse(text).tree)
            .iter()
            .map(|r| &text[*r])
            .collect::<Vec<_>>(),
        ["# after", "# folded"]
    );
}

#[test]
fn multiline_scalars_and_crlf() {
    assert_snapshot!(slices("a: foo\r\n  bar\r\nb: \"x\r\n  y\"\r\nc: 'p''q'\r\n"), @r#"
        "a"
        "foo\r\n  bar"
        "b"
        "\"x\r\n  y\""
        "c"
        "'p''q'"
        "#);
}

#[test]
fn sequences_block_indentless_and_flow() {
    assert_snapshot!(tree("a:\n  - 1\n  - x: y\n    z: w\nb:\n- 2\n- [3, {c: d}]\n"), @r#"
        MAPPING@0..47
          SCALAR@0..1 plain "a"
          SEQUENCE@5..26
            SCALAR@7..8 plain "1"
            MAPPING@13..26
              SCALAR@13..14 plain "x"
              SCALAR@16..17 plain "y"
              SCALAR@22..23 plain "z"
              SCALAR@25..26 plain "w"
          SCALAR@27..28 plain "b"
          SEQUENCE@30..47
            SCALAR@32..33 plain "2"
            SEQUENCE@36..47 flow
              SCALAR@37..38 plain "3"
              MAPPING@40..46 flow
                SCALAR@41..42 plain "c"
                SCALAR@44..45 plain "d"
        "#);
}

#[test]
fn empty_values_sit_after_the_colon() {
    assert_snapshot!(tree("a:\nb: # c\n  - &q\n  -\nc: ~\n"), @r#"
        MAPPING@0..25
          SCALAR@0..1 plain "a"
          SCALAR@2..2 plain ""
          SCALAR@3..4 plain "b"
          SEQUENCE@12..20
            SCALAR@16..16 plain "" &q@14..16
            SCALAR@20..20 plain ""
          SCALAR@21..22 plain "c"
          SCALAR@24..25 plain "~"
        "#);
}

#[test]
fn anchors_aliases_and_tags_keep_their_ranges() {
    assert_snapshot!(tree("a: &x !!str 1\nb: *x\nc: &m\n  k: v\n!!merge <<: *m\nd: !reset []\n"), @r#"
        MAPPING@0..60
          SCALAR@0..1 plain "a"
          SCALAR@12..13 plain "1" &x@3..5 !!str@6..11
          SCALAR@14..15 plain "b"
          ALIAS@17..19 *x -> 3..5
          SCALAR@20..21 plain "c"
          MAPPING@28..32 &m@23..25
            SCALAR@28..29 plain "k"
            SCALAR@31..32 plain "v"
          SCALAR@41..43 plain "<<" !!merge@33..40
          ALIAS@45..47 *m -> 23..25
          SCALAR@48..49 plain "d"
          SEQUENCE@58..60 flow !reset@51..57
        "#);
}

#[test]
fn several_documents() {
    assert_snapshot!(tree("---\na: 1\n---\nb: 2\n...\n"), @r#"
        MAPPING@4..8
          SCALAR@4..5 plain "a"
          SCALAR@7..8 plain "1"
        ---
        MAPPING@13..17
          SCALAR@13..14 plain "b"
          SCALAR@16..17 plain "2"
        "#);
}

#[test]
fn empty_and_comment_only_files_have_no_document() {
    assert!(parse("").tree.documents.is_empty());
    assert!(parse("# nothing\n").tree.documents.is_empty());
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = "\u{feff}a: b\n";
    let parse = parse(text);
    assert!(parse.errors.is_empty());
    let entry = &parse.tree.documents[0].as_mapping().unwrap().entries[0];
    assert_eq!(&text[entry.key.range], "a");
}

#[test]
fn syntax_error_keeps_the_tree_read_before_it() {
    assert_snapshot!(tree("a: 1\nb: [x, y\nc: 2\n"), @r#"
        MAPPING@0..10
          SCALAR@0..1 plain "a"
          SCALAR@3..4 plain "1"
          SCALAR@5..6 plain "b"
          SEQUENCE@8..10 flow
            SCALAR@9..10 plain "x"
        error 15..16: invalid YAML: illegal placement of ':' indicator
        "#);
    assert_snapshot!(tree("a: \"open\n"), @r#"
        MAPPING@0..1
          SCALAR@0..1 plain "a"
          SCALAR@1..1 plain ""
        error 3..4: invalid YAML: while scanning a quoted scalar, found unexpected end of stream
        "#);
    assert_snapshot!(tree("a: b: c\n"), @r#"
        MAPPING@0..4
          SCALAR@0..1 plain "a"
          SCALAR@3..4 plain "b"
        error 4..5: invalid YAML: mapping values are not allowed in this context
        "#);
    assert_snapshot!(tree("a: *nope\n"), @r#"
        MAPPING@0..1
          SCALAR@0..1 plain "a"
          SCALAR@1..1 plain ""
        error 3..4: invalid YAML: while parsing node, found unknown anchor
        "#);
}

#[test]
fn duplicate_keys_are_reported_and_kept() {
    assert_snapshot!(tree("image: a\nx: 1\nimage: b\n\"image\": c\n<<: {}\n<<: {}\n"), @r#"
        MAPPING@0..47
          SCALAR@0..5 plain "image"
          SCALAR@7..8 plain "a"
          SCALAR@9..10 plain "x"
          SCALAR@12..13 plain "1"
          SCALAR@14..19 plain "image"
          SCALAR@21..22 plain "b"
          SCALAR@23..30 double "image"
          SCALAR@32..33 plain "c"
          SCALAR@34..36 plain "<<"
          MAPPING@38..40 flow
          SCALAR@41..43 plain "<<"
          MAPPING@45..47 flow
        error 14..19: mapping key `image` is already defined
        error 23..30: mapping key `image` is already defined
        "#);
}

#[test]
fn recursive_alias_is_an_error() {
    assert_snapshot!(tree("a: &a [*a]\n"), @r#"
        MAPPING@0..10
          SCALAR@0..1 plain "a"
          SEQUENCE@6..10 flow &a@3..5
            ALIAS@7..9 *a -> ?
        error 7..9: alias `*a` refers to a node that contains it
        "#);
}

#[test]
fn deep_flow_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(100_000);
    let parse = parse(&text);
    assert_eq!(parse.errors.len(), 1, "{:?}", parse.errors);
    assert!(matches!(
        parse.errors[0],
        SyntaxError::Yaml { .. } | SyntaxError::TooDeep { .. }
    ));
}

#[test]
fn deep_block_nesting_stops_at_max_depth() {
    let text = format!("{}x\n", "- ".repeat(5_000));
    let parse = parse(&text);
    assert_eq!(parse.errors.len(), 1, "{:?}", parse.errors);
    assert!(matches!(
        parse.errors[0],
        SyntaxError::TooDeep {
            limit: MAX_DEPTH,
            ..
        }
    ));
    // The partial tree is still there, MAX_DEPTH sequences deep.
    let depth = parse.tree.documents[0]
        .descendants()
        .filter(|n| n.as_sequence().is_some())
        .count();
    assert_eq!(depth, MAX_DEPTH);
    let nested_maps = format!(
        "{}x\n",
        (0..400).fold(String::new(), |mut s, i| {
            writeln!(s, "{}k:", " ".repeat(i)).unwrap();
            s
        })
    );
    assert!(parse_errors_contain_too_deep(&nested_maps));
}

fn parse_errors_contain_too_deep(text: &str) -> bool {
    parse(text)
        .errors
        .iter()
        .any(|e| matches!(e, SyntaxError::TooDeep { .. }))
}

#[test]
fn comments_are_found_between_nodes_only() {
    let text = "# head\na: \"x # y\" # note\nb: c#d\nc: 'e #f'\nd: [1, # in flow\n  2]\nurl: http://h/#frag\n";
    let found: Vec<&str> = comments(text, &parse(text).tree)
        .iter()
        .map(|r| &text[*r])
        .collect();
    assert_eq!(found, ["# head", "# note", "# in flow"]);
}

// ---- resolution ----

/// Renders the effective entries of a view: `key = slice` per line, recursively for mappings.
fn effective(text: &str, view: View<'_>, depth: usize, out: &mut String) {
    for entry in view.entries() {
        let key = entry.key_str().unwrap_or("?");
        let pad = "  ".repeat(depth);
        let merged = if entry.merged_by.is_some() {
            " (merged)"
        } else {
            ""
        };
        if entry.value.is_mapping() {
            writeln!(out, "{pad}{key}:{merged}").unwrap();
            effective(text, entry.value, depth + 1, out);
        } else {
            let range = entry.value.node().range;
            writeln!(out, "{pad}{key} = {:?} @{range:?}{merged}", &text[range]).unwrap();
        }
    }
}

fn resolved(text: &str) -> String {
    let parse = parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let resolver = Resolver::new(&parse.tree);
    let mut out = String::new();
    effective(text, resolver.document(0).unwrap(), 0, &mut out);
    for error in resolver.errors() {
        writeln!(out, "error {:?}: {error}", error.range()).unwrap();
    }
    out
}

#[test]
fn merge_key_own_entries_override_merged_ones() {
    let text = "x: &base\n  image: nginx\n  restart: always\nweb:\n  <<: *base\n  restart: no\n";
    assert_snapshot!(resolved(text), @r#"
        x:
          image = "nginx" @18..23
          restart = "always" @35..41
        web:
          image = "nginx" @18..23 (merged)
          restart = "no" @70..72
        "#);
}

#[test]
fn merge_sequence_earlier_sources_win() {
    let text = "a: &a {p: 1, q: 1}\nb: &b {q: 2, r: 2}\nc:\n  <<: [*a, *b]\n  s: 3\nd:\n  !!merge <<: *b\n";
    assert_snapshot!(resolved(text), @r#"
        a:
          p = "1" @10..11
          q = "1" @16..17
        b:
          q = "2" @29..30
          r = "2" @35..36
        c:
          p = "1" @10..11 (merged)
          q = "1" @16..17 (merged)
          r = "2" @35..36 (merged)
          s = "3" @61..62
        d:
          q = "2" @29..30 (merged)
          r = "2" @35..36 (merged)
        "#);
}

#[test]
fn nested_merges_and_alias_values() {
    let text = "a: &a {v: &vol data}\nb: &b {<<: *a, w: 1}\nc:\n  <<: *b\n  u: *vol\n";
    assert_snapshot!(resolved(text), @r#"
        a:
          v = "data" @15..19
        b:
          v = "data" @15..19 (merged)
          w = "1" @39..40
        c:
          v = "data" @15..19 (merged)
          w = "1" @39..40 (merged)
          u = "data" @15..19
        "#);
}

#[test]
fn scalar_merge_value_is_an_error() {
    let text = "x-list: &l\n  - a\nweb:\n  <<: *l\n  image: nginx\nother:\n  <<: text\n";
    assert_snapshot!(resolved(text), @r#"
        x-list = "- a" @13..16
        web:
          image = "nginx" @40..45
        other:
        error 28..30: map merge requires a mapping or a sequence of mappings as the value
        error 59..63: map merge requires a mapping or a sequence of mappings as the value
        "#);
}

#[test]
fn quoted_merge_key_is_a_plain_key() {
    let text = "a: &a {p: 1}\nb:\n  \"<<\": *a\n";
    assert_snapshot!(resolved(text), @r#"
        a:
          p = "1" @10..11
        b:
          <<:
            p = "1" @10..11
        "#);
}

#[test]
fn alias_bomb_is_stopped_by_the_budget() {
    // Ten levels of ten aliases each: 10^10 nodes if fully expanded.
    let mut text = String::from("l0: &l0 [lol]\n");
    for i in 1..=10 {
        let aliases = vec![format!("*l{}", i - 1); 10].join(", ");
        writeln!(text, "l{i}: &l{i} [{aliases}]").unwrap();
    }
    let parse = parse(&text);
    assert!(parse.errors.is_empty());
    let resolver = Resolver::new(&parse.tree);
    // Walk everything reachable, as interpolation does.
    let mut stack = vec![resolver.document(0).unwrap()];
    let mut visited = 0u64;
    while let Some(view) = stack.pop() {
        visited += 1;
        stack.extend(view.entries().map(|e| e.value));
        stack.extend(view.items());
    }
    assert!(resolver.exhausted());
    assert!(visited <= 1_000_000 + 10, "visited {visited}");
    let errors = resolver.errors();
    assert_eq!(errors.len(), 1);
    assert!(matches!(
        errors[0],
        SyntaxError::AliasBudget {
            budget: 1_000_000,
            ..
        }
    ));
}

#[test]
fn merge_chain_depth_is_bounded() {
    let mut text = String::from("m0: &m0 {k: v}\n");
    for i in 1..=100 {
        writeln!(text, "m{i}: &m{i} {{<<: *m{}}}", i - 1).unwrap();
    }
    text.push_str("top: {<<: *m100}\n");
    let parse = parse(&text);
    let resolver = Resolver::new(&parse.tree);
    let top = resolver.document(0).unwrap().get("top").unwrap();
    assert!(top.get("k").is_none());
    assert!(matches!(
        resolver.errors()[..],
        [SyntaxError::TooDeep {
            limit: MAX_MERGE_DEPTH,
            ..
        }]
    ));
    let m10 = resolver.document(0).unwrap().get("m10").unwrap();
    assert_eq!(
        m10.get("k")
            .and_then(|v| v.as_scalar())
            .map(|s| s.value.as_str()),
        Some("v")
    );
}

#[test]
fn flow_sequence_closed_left_of_its_key_is_accepted_like_go_yaml() {
    let text = "hc:\n  test: [\n      \"CMD\", # why\n      \"true\",\n  ]\n  interval: 5s\n";
    let parse = parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let hc = parse.tree.documents[0].as_mapping().unwrap().entries[0]
        .value
        .as_mapping()
        .unwrap();
    let test = &hc.entries[0].value;
    assert_eq!(
        &text[test.range],
        "[\n      \"CMD\", # why\n      \"true\",\n  ]"
    );
    assert_eq!(test.as_sequence().unwrap().items.len(), 2);
    assert_eq!(hc.entries[1].key_str(), Some("interval"));
    // The comment is still found in the original text.
    let found: Vec<&str> = comments(text, &parse.tree)
        .iter()
        .map(|r| &text[*r])
        .collect();
    assert_eq!(found, ["# why"]);
}
