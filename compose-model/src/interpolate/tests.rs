//! Unit tests of interpolation, with cases checked against `docker compose config` v2.40.3.

use super::*;

/// One line per reference: `RANGE SLICE name=NAME kind=OP [operand=RANGE]`, nested indented.
fn dump(text: &str) -> String {
    fn go(text: &str, refs: &[VarRef], indent: usize, out: &mut String) {
        for r in refs {
            let _ = write!(
                out,
                "{:indent$}{:?} {:?} name={}@{:?} kind={:?}",
                "", r.range, &text[r.range], r.name, r.name_range, r.kind,
            );
            if let Some(op) = r.operand_range {
                let _ = write!(out, " operand={:?}", &text[op]);
            }
            out.push('\n');
            go(text, &r.nested, indent + 2, out);
        }
    }
    match references(text) {
        Ok(refs) => {
            let mut out = String::new();
            go(text, &refs, 0, &mut out);
            out
        }
        Err(e) => format!("error: {e} at {:?}", e.range()),
    }
}

fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

fn sub(text: &str) -> String {
    let lookup = env(&[("A", "a"), ("E", ""), ("PORT", "80")]);
    match substitute(text, &lookup) {
        Ok(s) => s,
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn unbraced_name_is_the_longest_identifier() {
    insta::assert_snapshot!(dump("$VAR_2-x and $_ $a1"), @r#"
    0..6 "$VAR_2" name=VAR_2@1..6 kind=Plain
    13..15 "$_" name=_@14..15 kind=Plain
    16..19 "$a1" name=a1@17..19 kind=Plain
    "#);
}

#[test]
fn every_operator_is_recognised() {
    insta::assert_snapshot!(dump("${A}${B:-d}${C-d}${D:?e}${E?e}${F:+a}${G+a}"), @r#"
    0..4 "${A}" name=A@2..3 kind=Plain
    4..11 "${B:-d}" name=B@6..7 kind=DefaultIfUnsetOrEmpty operand="d"
    11..17 "${C-d}" name=C@13..14 kind=DefaultIfUnset operand="d"
    17..24 "${D:?e}" name=D@19..20 kind=ErrorIfUnsetOrEmpty operand="e"
    24..30 "${E?e}" name=E@26..27 kind=ErrorIfUnset operand="e"
    30..37 "${F:+a}" name=F@32..33 kind=AltIfSetAndNonEmpty operand="a"
    37..43 "${G+a}" name=G@39..40 kind=AltIfSet operand="a"
    "#);
}

#[test]
fn nested_references_keep_their_own_ranges() {
    insta::assert_snapshot!(dump("x${A:-${B:-$C}}y"), @r#"
    1..15 "${A:-${B:-$C}}" name=A@3..4 kind=DefaultIfUnsetOrEmpty operand="${B:-$C}"
      6..14 "${B:-$C}" name=B@8..9 kind=DefaultIfUnsetOrEmpty operand="$C"
        11..13 "$C" name=C@12..13 kind=Plain
    "#);
}

#[test]
fn double_dollar_and_stray_dollars_are_not_references() {
    insta::assert_snapshot!(dump("$$HOME $(date) $1 cost $ 5 end$"), @"");
    insta::assert_snapshot!(dump("$$${A}"), @r#"2..6 "${A}" name=A@4..5 kind=Plain"#);
}

#[test]
fn invalid_forms_are_errors() {
    for bad in [
        "${}",
        "${ V}",
        "${1V}",
        "${V/x/y}",
        "${V",
        "${A.B}",
        "${A:x}",
        "${A:}",
        "${A }",
        "ok ${} x",
        "${U:-a${",
        "${A-${U",
        "${U:-${A}",
        "${Ä}",
        "${U:-a\nb}",
        "${U:-${}}",
    ] {
        let err = references(bad).unwrap_err();
        assert!(
            matches!(err, InterpolationError::InvalidFormat { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(
            bad.get(std::ops::Range::<usize>::from(err.range()))
                .is_some(),
            "{bad:?}: range slices the input"
        );
    }
}

#[test]
fn invalid_format_points_at_the_dollar() {
    insta::assert_snapshot!(dump("ok ${ V} x\nnext"), @"error: invalid interpolation format. You may need to escape any $ with another $. at 3..10");
}

#[test]
fn operand_ends_at_the_balancing_brace_else_the_last() {
    // Each line was run through `docker compose config` v2.40.3 with A=a.
    let cases = [
        ("${U:-a{{b}c}d", "a{{b}cd"),
        ("${U:-{a}b}c}", "{a}bc}"),
        ("${U:-a{b}\n}", "a{b\n}"),
        ("${U:-a{b}x\n${A}}", "a{bx\na}"),
        ("${U:-a{b}}}}", "a{b}}}"),
        ("${U:-{{a}}}b}}", "{{a}}b}}"),
        ("${U:-a{b}", "a{b"),
    ];
    for (input, want) in cases {
        assert_eq!(sub(input), want, "input {input:?}");
    }
    assert!(
        references("${U:-a{b}|${A}").is_err(),
        "operand `a{{b}}|${{A` is invalid"
    );
    insta::assert_snapshot!(sub("${A:-{x}}|${U:-{x}}|${U:-a{b}|${A:-\\}}|${U:-\"q}\"}"), @r#"a|{x}|a{b}|a|"q"}"#);
}

#[test]
fn substitution_matches_compose_v2() {
    // Each case was run through `docker compose config` v2.40.3 with A=a, E= (empty).
    let cases = [
        ("x${A:-x}y}", "xay}"),
        ("${U:-$A}", "a"),
        ("${U:-$$}", "$"),
        ("${U-}", ""),
        ("end$", "end$"),
        ("$A$", "a$"),
        ("${A:-${U:-${A}}}", "a"),
        ("${A:-}}", "a}"),
        ("${U:-x:-y}", "x:-y"),
        ("$$${A}", "$a"),
        ("$$$A", "$a"),
        ("${U:-$1}", "$1"),
        ("${U:-$ }", "$ "),
        ("$Ä", "$Ä"),
        ("${A}}", "a}"),
        ("${A:+x${U}y}", "xy"),
        ("${A-${U-${U-${U-z}}}}", "a"),
        ("${E?x}", ""),
        ("${E:+x}", ""),
        ("${E+x}", "x"),
        ("${E:-d}", "d"),
        ("${E-d}", ""),
        ("${U:-$${x}}", "${x}"),
        ("${A:-$${x}}", "a"),
        (
            "$$${}",
            "error: invalid interpolation format. You may need to escape any $ with another $.",
        ),
        ("$${}", "${}"),
        ("${U:-${U:-x}y}z", "xyz"),
        ("${A:?${U}}", "a"),
        ("a\n${A}", "a\na"),
    ];
    for (input, want) in cases {
        assert_eq!(sub(input), want, "input {input:?}");
    }
}

#[test]
fn required_variable_errors_name_the_variable_and_message() {
    insta::assert_snapshot!(sub("${U:?}"), @"error: required variable U is missing a value");
    insta::assert_snapshot!(sub("${E:?m}"), @"error: required variable E is missing a value: m");
    insta::assert_snapshot!(sub("${U?need it}"), @"error: required variable U is missing a value: need it");
    assert_eq!(sub("${E?m}"), "");
}

#[test]
fn operands_are_evaluated_even_when_unused() {
    insta::assert_snapshot!(sub("${A:+${E:?bad}}"), @"error: required variable E is missing a value: bad");
    insta::assert_snapshot!(sub("${U:+${E:?bad}}"), @"error: required variable E is missing a value: bad");
    insta::assert_snapshot!(sub("${A:-${E:?bad}}"), @"error: required variable E is missing a value: bad");
}

#[test]
fn looked_up_values_are_not_interpolated_again() {
    let lookup = |name: &str| (name == "X").then(|| "$HOME ${Y}".to_owned());
    assert_eq!(substitute("${X}", &lookup).unwrap(), "$HOME ${Y}");
}

#[test]
fn compose_message_names_the_path() {
    let err = references("${}").unwrap_err();
    insta::assert_snapshot!(err.compose_message("services.t.environment.X"), @r"
    invalid interpolation format for services.t.environment.X.
    You may need to escape any $ with another $.
    ");
    let err = substitute("${U:?m}", &|_| None).unwrap_err();
    insta::assert_snapshot!(err.compose_message("services.t.image"), @"error while interpolating services.t.image: required variable U is missing a value: m");
}

#[test]
fn nesting_is_bounded() {
    let deep = |n: usize| format!("{}x{}", "${A:-".repeat(n), "}".repeat(n));
    assert!(references(&deep(MAX_NESTING - 1)).is_ok());
    let err = references(&deep(MAX_NESTING)).unwrap_err();
    assert!(matches!(
        err,
        InterpolationError::TooDeep {
            limit: MAX_NESTING,
            ..
        }
    ));
    let huge = deep(100_000);
    assert!(matches!(
        references(&huge),
        Err(InterpolationError::TooDeep { .. })
    ));
    assert!(substitute(&huge, &|_| None).is_err());
}

#[test]
fn flatten_lists_nested_references_in_source_order() {
    let refs = references("${A:-${B:-$C}} $D").unwrap();
    let names: Vec<_> = flatten(&refs).iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C", "D"]);
}

#[test]
fn shifted_moves_every_range() {
    let r = references("${A:-$B}")
        .unwrap()
        .remove(0)
        .shifted(TextSize::new(10));
    assert_eq!(r.range, TextRange::new(10.into(), 18.into()));
    assert_eq!(r.operand_range, Some(TextRange::new(15.into(), 17.into())));
    assert_eq!(r.nested[0].name_range, TextRange::new(16.into(), 17.into()));
}

#[test]
fn a_syntax_error_wins_over_an_earlier_missing_variable() {
    // The template is read whole before its value counts: `${}` later in the text is the
    // error, not the missing `U` before it.
    let err = substitute("${U:?m} ${}", &|_| None).unwrap_err();
    assert!(
        matches!(err, InterpolationError::InvalidFormat { .. }),
        "{err:?}"
    );
    assert_eq!(err.range(), TextRange::new(8.into(), 11.into()));
    // Without a syntax error, the missing variable is the error, and references are
    // still all read.
    let (refs, value) =
        references_and_substitute::<Vec<VarRef>>("${U:?m}-$A", Some(&|_| None)).unwrap();
    assert_eq!(refs.len(), 2);
    assert!(matches!(
        value,
        Some(Err(InterpolationError::RequiredVariable { .. }))
    ));
}
