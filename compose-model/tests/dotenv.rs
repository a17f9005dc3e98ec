//! `.env` reader: behaviour on small inputs (inline snapshots), secrets, bad input.

use std::fmt::Write as _;

use compose_model::dotenv::{self, EnvParse, LineKind, Quote};

/// One line per file line and entry: ranges, kinds, decoded values (tests only print values).
fn dump(text: &str) -> String {
    let EnvParse { tree, errors } = dotenv::parse(text);
    let mut out = String::new();
    for line in &tree.lines {
        let _ = write!(out, "{:?} {:?}", line.range, &text[line.range]);
        if line.kind != LineKind::Entries {
            let _ = write!(out, " {:?}", line.kind);
        }
        out.push('\n');
        {
            {
                for e in &tree.entries[line.entries.clone()] {
                    let _ = write!(out, "  {}@{:?}", e.key.value, e.key.range);
                    if let Some(v) = &e.value {
                        let _ = write!(out, " = {:?}@{:?}", v.value, v.range);
                    }
                    if e.quote != Quote::None {
                        let _ = write!(out, " {:?}", e.quote);
                    }
                    if e.export {
                        out.push_str(" export");
                    }
                    for r in &e.references {
                        let _ = write!(out, " ref {}@{:?}", r.name, r.range);
                    }
                    if let Some(c) = e.comment_above {
                        let _ = write!(out, " comment_above={c:?}");
                    }
                    out.push('\n');
                }
            }
        }
    }
    for e in &errors {
        let _ = writeln!(out, "error {:?}: {e}", e.range());
    }
    out
}

/// Resolves with an empty shell and prints `KEY=value` (`KEY unset`) per entry.
fn resolved(text: &str) -> String {
    let parse = dotenv::parse(text);
    let mut out = String::new();
    for (k, v) in dotenv::resolve(&parse.tree, &|_| None) {
        let _ = match v {
            Some(v) => writeln!(out, "{k}={v:?}"),
            None => writeln!(out, "{k} unset"),
        };
    }
    for e in &parse.errors {
        let _ = writeln!(out, "error: {e}");
    }
    out
}

#[track_caller]
fn assert_round_trip(text: &str) {
    let parse = dotenv::parse(text);
    let mut pos = 0usize;
    for line in &parse.tree.lines {
        assert_eq!(usize::from(line.range.start()), pos, "lines tile the input");
        pos = line.range.end().into();
    }
    assert_eq!(pos, text.len(), "lines cover the input");
}

#[test]
fn statements_comments_and_blank_lines() {
    insta::assert_snapshot!(dump("# db\n# more\nexport A=1\n\n  B = two words  # c\nC: yaml\nD\n"), @r##"
    0..5 "# db\n" Comment
    5..12 "# more\n" Comment
    12..23 "export A=1\n"
      A@19..20 = "1"@21..22 export comment_above=0..12
    23..24 "\n" Blank
    24..45 "  B = two words  # c\n"
      B@26..27 = "two words"@30..39
    45..53 "C: yaml\n"
      C@45..46 = "yaml"@48..52
    53..55 "D\n"
      D@53..54
    "##);
}

#[test]
fn quoted_values_and_statements_after_a_closing_quote() {
    insta::assert_snapshot!(dump("A=\"x\"junk=2 B\nS='it\\'s $X'\nM=\"a\nb\" # c\n"), @r#"
    0..14 "A=\"x\"junk=2 B\n"
      A@0..1 = "x"@2..5 Double
      junk@5..9 = "2 B"@10..13
    14..27 "S='it\\'s $X'\n"
      S@14..15 = "it's $X"@16..26 Single
    27..39 "M=\"a\nb\" # c\n"
      M@27..28 = "a\nb"@29..34 Double
    "#);
}

#[test]
fn double_quote_escapes_match_compose() {
    // Each value was read by `docker compose config` v2.40.3 through `env_file:`.
    let cases = [
        (r#"FOO="a\tb""#, "a\tb"),
        (r#"FOO="\0101x\101""#, "Ax\\101"),
        (r#"FOO="\q\a\b\f\v""#, "\\q\u{7}\u{8}\u{c}\u{b}"),
        (r#"FOO="\012x""#, "\\12x"),
        (r#"FOO="\0x""#, "\\x"),
        (r#"FOO="\07x\00""#, "\\7x\\0"),
        (r#"FOO="\01234""#, "S4"),
        (r#"FOO="\0377""#, "\u{ff}"),
        (r#"FOO="\0400""#, "\\400"),
        (r#"FOO="\u00e9\x41""#, "\\u00e9\\x41"),
        (r#"FOO="\$X $$Y""#, "$X $Y"),
        (r#"FOO="a\"b""#, "a\"b"),
        ("FOO=\"a\\\nb\"", "a\\\nb"),
        (r"FOO='a\'b\\c'", "a'b\\\\c"),
        (r"FOO=a\tb", "a\\tb"),
        (r#"FOO=\"x\""#, "\\\"x\\\""),
        ("FOO=a\t#c", "a\t#c"),
        ("FOO= #x", "#x"),
        ("FOO=a\\ #c", "a\\"),
        ("FOO==x", "=x"),
        ("FOO:=x", "=x"),
        ("FOO: a=b", "a=b"),
        ("FOO:BAR=1", "BAR=1"),
        ("FOO=`x`", "`x`"),
        ("FOO=it's", "it's"),
        ("FOO=\t x", "x"),
        ("FOO=1\rBAR=2", "1\rBAR=2"),
        ("FOO=\"a\r\nb\"\r", "a\r\nb"),
        ("FOO=''", ""),
        ("FOO=", ""),
    ];
    for (line, want) in cases {
        let parse = dotenv::parse(&format!("{line}\n"));
        assert!(parse.errors.is_empty(), "{line:?}: {:?}", parse.errors);
        let values = dotenv::resolve(&parse.tree, &|_| None);
        assert_eq!(
            values[0],
            ("FOO".to_owned(), Some(want.to_owned())),
            "{line:?}"
        );
    }
}

#[test]
fn keys_match_compose() {
    insta::assert_snapshot!(resolved("1ABC=x\nKEY-DASH=1\nA[0]=x\nK.X=1\n=empty\nF\tOO=1\nFOO\t=\t1\nÆØ=1\nexportFOO=1\nexport=1\n"), @r##"
    1ABC="x"
    KEY-DASH="1"
    A[0]="x"
    K.X="1"
    ="empty"
    F	OO="1"
    FOO="1"
    ÆØ="1"
    exportFOO="1"
    export="1"
    "##);
}

#[test]
fn key_errors_use_compose_wording() {
    insta::assert_snapshot!(dump("KEY WITH SPACE=1\nK@=1\nSH # c\nK€X=1\nFOO='it''s'\nK\"X=1\nOK=1\n"), @r##"
    0..17 "KEY WITH SPACE=1\n" Invalid
    17..22 "K@=1\n" Invalid
    22..29 "SH # c\n" Invalid
    29..37 "K€X=1\n" Invalid
    37..49 "FOO='it''s'\n" Invalid
      FOO@37..40 = "it"@41..45 Single
    49..55 "K\"X=1\n" Invalid
    55..60 "OK=1\n"
      OK@55..57 = "1"@58..59
    error 0..5: key cannot contain a space
    error 18..19: unexpected character "@" in variable name
    error 25..26: unexpected character "#" in variable name
    error 30..33: unexpected character "€" in variable name
    error 45..46: unexpected character "'" in variable name
    error 50..51: unexpected character "\"" in variable name
    "##);
}

#[test]
fn unterminated_quotes_are_errors_and_reading_goes_on() {
    insta::assert_snapshot!(dump("A=\"open\nB='x\r\nC=1"), @r##"
    0..8 "A=\"open\n" Invalid
    8..14 "B='x\r\n" Invalid
    14..17 "C=1"
      C@14..15 = "1"@16..17
    error 2..7: unterminated quoted value
    error 10..12: unterminated quoted value
    "##);
}

#[test]
fn bare_keys_take_the_shell_value_or_keep_the_earlier_one() {
    let parse = dotenv::parse("SH\nNOPE\nFOO=1\nFOO\nX=\"q\"SH\n");
    let shell = |k: &str| (k == "SH").then(|| "fromshell".to_owned());
    let values = dotenv::resolve(&parse.tree, &shell);
    let want = [
        ("SH", Some("fromshell")),
        ("NOPE", None),
        ("FOO", Some("1")),
        ("FOO", Some("1")),
        ("X", Some("q")),
        ("SH", Some("fromshell")),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
        .collect();
    assert_eq!(values, want);
}

#[test]
fn interpolation_looks_up_the_shell_first_then_earlier_keys() {
    let parse = dotenv::parse(
        "FOO=${BAR}\nBAR=1\nBAZ=${BAR}\nA=${SH:-x}\nSH=other\nB=$SH\nS='${BAR}'\nD=\"${BAR}\\$BAR\"\n",
    );
    let shell = |k: &str| (k == "SH").then(|| "fromshell".to_owned());
    let values: Vec<String> = dotenv::resolve(&parse.tree, &shell)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", v.unwrap_or_default()))
        .collect();
    assert_eq!(
        values,
        [
            "FOO=",
            "BAR=1",
            "BAZ=1",
            "A=fromshell",
            "SH=other",
            "B=fromshell",
            "S=${BAR}",
            "D=1$BAR"
        ]
    );
}

#[test]
fn references_have_absolute_ranges_in_the_file() {
    let text = "X=1\nU=${A:-${B}}$C\nD=\"\\t${E}\\$F $G\"\nS='${H}'\n";
    let parse = dotenv::parse(text);
    let refs: Vec<_> = parse
        .tree
        .entries
        .iter()
        .flat_map(|e| compose_model::interpolate::flatten(&e.references))
        .map(|r| format!("{} {}", r.name, &text[r.range]))
        .collect();
    assert_eq!(refs, ["A ${A:-${B}}", "B ${B}", "C $C", "E ${E}", "G $G"]);
}

#[test]
fn invalid_templates_are_errors() {
    insta::assert_snapshot!(dump("A=${}\nB=\"x ${U:-a\nb}\"\nC='${'\n"), @r#"
    0..6 "A=${}\n"
      A@0..1 = "${}"@2..5
    6..22 "B=\"x ${U:-a\nb}\"\n"
      B@6..7 = "x ${U:-a\nb}"@8..21 Double
    22..29 "C='${'\n"
      C@22..23 = "${"@24..28 Single
    error 2..5: invalid template: invalid interpolation format. You may need to escape any $ with another $.
    error 11..17: invalid template: invalid interpolation format. You may need to escape any $ with another $.
    "#);
}

#[test]
fn required_variable_error_points_at_the_reference() {
    let text = "A=1\nFOO=x${BAR:?need bar}\n";
    let parse = dotenv::parse(text);
    let err = dotenv::try_resolve(&parse.tree, &|_| None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "required variable BAR is missing a value: need bar"
    );
    assert_eq!(&text[err.range()], "${BAR:?need bar}");
    let lenient = dotenv::resolve(&parse.tree, &|_| None);
    assert_eq!(lenient[1], ("FOO".to_owned(), None));
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}A=1\r\nB=\"x\"\r\n# c\r\nC=2 # d\r\n";
    assert_round_trip(text);
    insta::assert_snapshot!(resolved(text), @r##"
    A="1"
    B="x"
    C="2"
    "##);
    let parse = dotenv::parse(text);
    assert_eq!(&text[parse.tree.entries[0].key.range], "A");
    assert_eq!(&text[parse.tree.entries[0].line_range], "\u{feff}A=1\r\n");
    assert_eq!(
        &text[parse.tree.entries[2].comment_above.unwrap()],
        "# c\r\n"
    );
}

#[test]
fn a_second_bom_is_an_error() {
    let parse = dotenv::parse("\u{feff}\u{feff}FOO=1\n");
    assert_eq!(
        parse.errors[0].to_string(),
        "unexpected character \"\\ufeff\" in variable name"
    );
}

#[test]
fn debug_and_errors_never_show_values() {
    let secret = "hunter2-s3cr3t";
    let text = format!(
        "A={secret}\nB=\"{secret}\"\nC='{secret}'\nD=\"{secret}\nE='{secret}''{secret}'\nF={secret}${{}}\nG=x\"{secret}\" {secret}@\n"
    );
    let parse = dotenv::parse(&text);
    assert!(!parse.errors.is_empty());
    let debug = format!("{parse:?} {:#?}", parse.tree.entries);
    assert!(!debug.contains(secret), "{debug}");
    assert!(debug.contains("<redacted>"));
    for e in &parse.errors {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(secret), "{shown}");
    }
    let resolved = dotenv::try_resolve(
        &dotenv::parse(&format!("A=${{X:?}}{secret}\n")).tree,
        &|_| None,
    );
    let shown = format!("{resolved:?}");
    assert!(!shown.contains(secret), "{shown}");
}

#[test]
fn entries_on_an_invalid_line_keep_their_line_range() {
    let text = "A=\"x\" 'y'\n";
    let parse = dotenv::parse(text);
    assert_eq!(parse.tree.entries.len(), 1);
    assert_eq!(&text[parse.tree.entries[0].line_range], text);
    assert_eq!(parse.tree.lines[0].kind, LineKind::Invalid);
}

#[test]
fn bad_input_never_panics() {
    let big = "K=v ${A:-x} \"q\" # c\n".repeat(550_000);
    assert!(big.len() > 10_000_000);
    let parse = dotenv::parse(&big);
    assert_eq!(parse.tree.entries.len(), 550_000);
    assert_round_trip(&big);

    let long = format!("K={}\n", "x".repeat(5_000_000));
    assert_eq!(
        dotenv::parse(&long).tree.entries[0]
            .value
            .as_ref()
            .unwrap()
            .value
            .len(),
        5_000_000
    );

    let open = format!("K=\"{}", "x\n".repeat(1_000_000));
    let parse = dotenv::parse(&open);
    assert_round_trip(&open);
    assert_eq!(
        parse.errors.len(),
        1,
        "only the quote is an error; the x lines are bare keys"
    );

    let deep = format!("K={}x{}\n", "${A:-".repeat(10_000), "}".repeat(10_000));
    let parse = dotenv::parse(&deep);
    assert!(
        parse.errors[0]
            .to_string()
            .contains("nested deeper than 64")
    );

    for text in [
        "\0",
        "K=\0\n",
        "\0=\0",
        "K=\"\\",
        "K='\\",
        "K=\"\\0",
        "\"",
        "'",
        "export",
        "export ",
        ":",
        "=",
        "\r",
        "\u{feff}",
        "K=${",
        "K=\"${A:-\"",
        "K=$",
    ] {
        let parse = dotenv::parse(text);
        assert_round_trip(text);
        let _ = dotenv::resolve(&parse.tree, &|_| None);
    }
}

proptest::proptest! {
    #[test]
    fn lines_tile_any_input(text in "[A-Z=:'\"\\\\$#{}\\-: \t\r\nab\u{feff}é]{0,60}") {
        assert_round_trip(&text);
        let parse = dotenv::parse(&text);
        for e in &parse.tree.entries {
            proptest::prop_assert!(text.get(std::ops::Range::<usize>::from(e.range)).is_some());
            for r in compose_model::interpolate::flatten(&e.references) {
                proptest::prop_assert!(text.get(std::ops::Range::<usize>::from(r.range)).is_some());
            }
        }
        let _ = dotenv::resolve(&parse.tree, &|_| None);
    }
}
