//! Dockerfile reader: behaviour on small inputs (inline snapshots), scopes, bad input.

use std::fmt::Write as _;

use compose_model::dockerfile::{self, ArgScope, DockerLineKind, InstructionKind, Keyword};

/// One line per entry of `lines`, instructions with their parsed parts indented below.
fn dump(text: &str) -> String {
    let parse = dockerfile::parse(text);
    let tree = &parse.tree;
    let mut out = String::new();
    for line in tree.lines(text) {
        let _ = write!(out, "{:?} ", line.range);
        let DockerLineKind::Instruction(index) = line.kind else {
            let _ = writeln!(out, "{:?} {:?}", line.kind, &text[line.range]);
            continue;
        };
        let ins = &tree.instructions[index];
        let keyword = match ins.keyword.value {
            Keyword::Unknown => text[ins.keyword.range].to_ascii_uppercase(),
            known => known.as_str().to_owned(),
        };
        let _ = writeln!(
            out,
            "{keyword}@{:?} args={:?} stage={:?}",
            ins.range,
            &text[ins.args_range],
            tree.stage_of(index)
        );
        match tree.kind(index) {
            InstructionKind::From(from) => {
                let _ = write!(out, "  image={:?}", from.image.value);
                if let Some(name) = &from.name {
                    let _ = write!(out, " name={:?}@{:?}", name.value, name.range);
                }
                if let Some(p) = &from.platform {
                    let _ = write!(out, " platform={:?}", p.value);
                }
                out.push('\n');
            }
            InstructionKind::Arg(defs) => {
                for d in defs {
                    let _ = write!(out, "  arg {}@{:?}", d.name.value, d.name.range);
                    if let Some(v) = &d.default {
                        let _ = write!(out, " = {:?}@{:?}", v.value, v.range);
                    }
                    out.push('\n');
                }
            }
            InstructionKind::Env(defs) => {
                for d in defs {
                    let _ = writeln!(
                        out,
                        "  env {} = {:?}@{:?}",
                        d.key.value, d.value.value, d.value.range
                    );
                }
            }
            InstructionKind::Expose(ports) => {
                for p in ports {
                    let _ = writeln!(
                        out,
                        "  port {:?} {:?} {:?}",
                        p.text.value,
                        p.ports,
                        p.protocol()
                    );
                }
            }
            InstructionKind::Other => {}
        }
        for h in tree.heredocs_of(index) {
            let _ = writeln!(
                out,
                "  heredoc {} quoted={} strip_tabs={} body={:?} end={:?}",
                h.marker.value,
                h.quoted,
                h.strip_tabs,
                &text[h.body_range],
                h.end_range.map(|r| &text[r])
            );
        }
        for v in tree.variables_of(index) {
            let _ = writeln!(
                out,
                "  use {} {:?}@{:?}{}",
                v.name.value,
                &text[v.range],
                v.range,
                if v.has_default { " default" } else { "" }
            );
        }
    }
    for e in &parse.errors {
        let _ = writeln!(out, "error {:?}: {e}", e.range());
    }
    out
}

#[track_caller]
fn assert_round_trip(text: &str) {
    let parse = dockerfile::parse(text);
    let mut pos = 0usize;
    for line in parse.tree.lines(text) {
        assert_eq!(usize::from(line.range.start()), pos, "lines tile the input");
        pos = line.range.end().into();
    }
    assert_eq!(pos, text.len(), "lines cover the input");
    for ins in &parse.tree.instructions {
        assert!(ins.line_range.contains_range(ins.range));
        assert!(ins.range.contains_range(ins.args_range) || ins.args_range.is_empty());
    }
}

#[test]
fn stages_args_env_expose() {
    insta::assert_snapshot!(dump("# syntax=docker/dockerfile:1\nARG BASE=alpine\nFROM --platform=$BUILDPLATFORM ${BASE}:3 AS build\nARG A B=\"two words\"\nENV X=1 Y='$A'\nENV LEGACY some value\nEXPOSE 80 443/TCP 8000-8010/udp $PORT\n"), @r##"
    0..29 Directive "# syntax=docker/dockerfile:1\n"
    29..45 ARG@29..44 args="BASE=alpine" stage=None
      arg BASE@33..37 = "alpine"@38..44
    45..95 FROM@45..94 args="--platform=$BUILDPLATFORM ${BASE}:3 AS build" stage=Some(0)
      image="${BASE}:3" name="build"@89..94 platform="$BUILDPLATFORM"
      use BUILDPLATFORM "$BUILDPLATFORM"@61..75
      use BASE "${BASE}"@76..83
    95..115 ARG@95..114 args="A B=\"two words\"" stage=Some(0)
      arg A@99..100
      arg B@101..102 = "two words"@103..114
    115..130 ENV@115..129 args="X=1 Y='$A'" stage=Some(0)
      env X = "1"@121..122
      env Y = "$A"@125..129
    130..152 ENV@130..151 args="LEGACY some value" stage=Some(0)
      env LEGACY = "some value"@141..151
    152..190 EXPOSE@152..189 args="80 443/TCP 8000-8010/udp $PORT" stage=Some(0)
      port "80" Some((80, 80)) None
      port "443/TCP" Some((443, 443)) Some("tcp")
      port "8000-8010/udp" Some((8000, 8010)) Some("udp")
      port "$PORT" None None
      use PORT "$PORT"@184..189
    "##);
}

#[test]
fn continuations_with_comments_and_blank_lines_inside() {
    let text = "FROM a\nRUN apt-get update \\\n# a comment\n\n    && apt-get install -y $PKG   \\  \r\n    curl\nCMD [\"x\"]\n";
    assert_round_trip(text);
    insta::assert_snapshot!(dump(text), @r#"
    0..7 FROM@0..6 args="a" stage=Some(0)
      image="a"
    7..88 RUN@7..87 args="apt-get update \\\n# a comment\n\n    && apt-get install -y $PKG   \\  \r\n    curl" stage=Some(0)
      use PKG "$PKG"@67..71
    88..98 CMD@88..97 args="[\"x\"]" stage=Some(0)
    "#);
}

#[test]
fn backtick_escape_directive() {
    let text = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  && echo `$NOT $YES\n";
    assert_round_trip(text);
    insta::assert_snapshot!(dump(text), @r##"
    0..11 Directive "# escape=`\n"
    11..42 FROM@11..41 args="mcr.microsoft.com/windows" stage=Some(0)
      image="mcr.microsoft.com/windows"
    42..77 RUN@42..76 args="dir C:\\ `\n  && echo `$NOT $YES" stage=Some(0)
      use YES "$YES"@72..76
    "##);
}

#[test]
fn heredocs_are_not_instructions() {
    let text = "FROM a\nRUN <<EOF\nFROM evil\necho $X\nEOF\nCOPY <<-\"A\" /a <<'B' /b\n\tliteral $Y\n\tA\n$Z\nB\nRUN cat <<<here $W\nUSER me\n";
    assert_round_trip(text);
    insta::assert_snapshot!(dump(text), @r#"
    0..7 FROM@0..6 args="a" stage=Some(0)
      image="a"
    7..39 RUN@7..38 args="<<EOF" stage=Some(0)
      heredoc EOF quoted=false strip_tabs=false body="FROM evil\necho $X\n" end=Some("EOF")
      use X "$X"@32..34
    39..83 COPY@39..82 args="<<-\"A\" /a <<'B' /b" stage=Some(0)
      heredoc A quoted=true strip_tabs=true body="\tliteral $Y\n" end=Some("\tA")
      heredoc B quoted=true strip_tabs=false body="$Z\n" end=Some("B")
    83..102 RUN@83..101 args="cat <<<here $W" stage=Some(0)
      use W "$W"@99..101
    102..110 USER@102..109 args="me" stage=Some(0)
    "#);
}

#[test]
fn unterminated_heredoc_runs_to_the_end() {
    let text = "FROM a\nRUN <<EOF\necho hi\n";
    assert_round_trip(text);
    insta::assert_snapshot!(dump(text), @r#"
    0..7 FROM@0..6 args="a" stage=Some(0)
      image="a"
    7..25 RUN@7..25 args="<<EOF" stage=Some(0)
      heredoc EOF quoted=false strip_tabs=false body="echo hi\n" end=None
    error 11..16: heredoc `<<EOF` is never closed
    "#);
}

#[test]
fn errors() {
    insta::assert_snapshot!(dump("RUN early\nFROM\nFROM a\nBOGUS x\nARG\nENV A=\"open\n"), @r#"
    0..10 RUN@0..9 args="early" stage=None
    10..15 FROM@10..14 args="" stage=None
    15..22 FROM@15..21 args="a" stage=Some(0)
      image="a"
    22..30 BOGUS@22..29 args="x" stage=Some(0)
    30..34 ARG@30..33 args="" stage=Some(0)
    34..46 ENV@34..45 args="A=\"open" stage=Some(0)
      env A = "open"@40..45
    error 0..9: no build stage in current context
    error 10..14: `FROM` requires at least one argument
    error 22..27: unknown instruction: BOGUS
    error 30..33: `ARG` requires at least one argument
    error 38..45: unterminated quote
    "#);
}

#[test]
fn arg_scopes_and_uses() {
    let text = "ARG V=1\nARG G\nFROM img:$V AS one\nRUN echo $V $G\nARG V\nRUN echo ${V:-x}\nFROM two\nARG S A=$S\nRUN echo $S $A\nFROM three\nRUN echo $S\n";
    let parse = dockerfile::parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let file = &parse.tree;
    let mut out = String::new();
    for decl in file.args() {
        let uses: Vec<String> = file
            .arg_uses(&decl)
            .iter()
            .map(|u| format!("{}@{:?}", &text[u.range], u.range))
            .collect();
        let _ = writeln!(
            out,
            "{} {:?} default={:?} global_default={:?} uses={uses:?}",
            decl.name.value,
            decl.scope,
            decl.default.map(|d| d.value),
            decl.global_default.map(|d| d.value),
        );
    }
    insta::assert_snapshot!(out, @r#"
    V Global default=Some("1") global_default=None uses=["$V@23..25"]
    G Global default=None global_default=None uses=[]
    V Stage(0) default=None global_default=Some("1") uses=["${V:-x}@63..70"]
    S Stage(1) default=None global_default=None uses=["$S@88..90", "$S@100..102"]
    A Stage(1) default=Some("$S") global_default=None uses=["$A@103..105"]
    "#);
    assert_eq!(file.args()[0].scope, ArgScope::Global);
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}FROM a\r\nRUN x \\\r\n  y\r\nEXPOSE 80\r\n";
    assert_round_trip(text);
    insta::assert_snapshot!(dump(text), @r#"
    0..11 FROM@3..9 args="a" stage=Some(0)
      image="a"
    11..25 RUN@11..23 args="x \\\r\n  y" stage=Some(0)
    25..36 EXPOSE@25..34 args="80" stage=Some(0)
      port "80" Some((80, 80)) None
    "#);
}

#[test]
fn bad_input_never_panics() {
    let big = "FROM a AS b\nRUN echo ${A:-x} \\\n  && y\n".repeat(300_000);
    assert!(big.len() > 10_000_000);
    let parse = dockerfile::parse(&big);
    assert_eq!(parse.tree.instructions.len(), 600_000);
    assert_round_trip(&big);

    let long = format!("FROM a\nRUN {}\n", "x".repeat(5_000_000));
    assert_round_trip(&long);

    let continued = format!("FROM a\nRUN {}", "x \\\n".repeat(1_000_000));
    let parse = dockerfile::parse(&continued);
    assert_eq!(parse.tree.instructions.len(), 2);
    assert_round_trip(&continued);

    let deep = format!(
        "FROM a\nRUN {}x{}\n",
        "${A:-".repeat(100_000),
        "}".repeat(100_000)
    );
    let parse = dockerfile::parse(&deep);
    assert!(
        parse.errors[0]
            .to_string()
            .contains("nested deeper than 64")
    );

    let heredocs = format!("FROM a\nRUN {}\n", "<<A ".repeat(10_000));
    assert_round_trip(&heredocs);

    for text in [
        "\0",
        "FROM\0a\n",
        "\\",
        "`",
        "# escape=`\n`",
        "RUN <<",
        "RUN <<-",
        "RUN <<\"",
        "RUN <<EOF",
        "FROM a\nRUN <<EOF\r\nEOF\r",
        "ARG \"",
        "ENV",
        "FROM a AS",
        "\u{feff}",
        "\r\n",
        "EXPOSE 99999-x/",
        "$",
        "${",
        "RUN ${A:-${",
    ] {
        assert_round_trip(text);
        let parse = dockerfile::parse(text);
        for decl in parse.tree.args() {
            let _ = parse.tree.arg_uses(&decl);
        }
    }
}

proptest::proptest! {
    #[test]
    fn lines_tile_any_input(text in "(FROM|RUN|ARG|ENV|EXPOSE|#|<<|EOF|-|\\$|\\{|\\}|:|=|\"|'|\\\\|`| |\t|\r|\n|a|1|\u{feff}|é)*") {
        assert_round_trip(&text);
        let parse = dockerfile::parse(&text);
        for v in &parse.tree.variables {
            proptest::prop_assert!(text.get(std::ops::Range::<usize>::from(v.range)).is_some());
            proptest::prop_assert_eq!(joined(&text[v.name.range]), v.name.value.as_str());
        }
    }
}

/// `raw` with its line continuations (`\`, blanks, line break) taken out, as Docker joins a
/// continued line before reading it.
fn joined(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = rest[at + 1..].trim_start_matches([' ', '\t']);
        let after = after.strip_prefix('\r').unwrap_or(after);
        if let Some(next) = after.strip_prefix('\n') {
            rest = next;
        } else {
            out.push('\\');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_variable_name_continued_onto_the_next_line_is_the_joined_name() {
    // Found by `lines_tile_any_input`: `$EOF\` continued onto `FROM` names `EOFFROM`, and
    // its range covers the name as written, continuation included.
    let text = "<< $EOF\\\nFROM";
    assert_round_trip(text);
    let parse = dockerfile::parse(text);
    let [v] = &*parse.tree.variables else {
        panic!("one variable use: {:?}", parse.tree.variables);
    };
    assert_eq!(v.name.value.as_str(), "EOFFROM");
    assert_eq!(&text[v.name.range], "EOF\\\nFROM");
    assert_eq!(joined(&text[v.name.range]), "EOFFROM");
}
