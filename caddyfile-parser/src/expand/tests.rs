use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::*;

/// An in-memory file system.
struct MemLoader(BTreeMap<PathBuf, String>);

impl MemLoader {
    fn new(files: &[(&str, &str)]) -> Self {
        Self(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
                .collect(),
        )
    }
}

impl SourceLoader for MemLoader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }

    fn glob(&self, dir: &Path, pattern: &str) -> std::io::Result<Vec<PathBuf>> {
        Ok(self
            .0
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| wildcard_match(pattern, n))
            })
            .cloned()
            .collect())
    }
}

/// One line per directive: `site keys | tokens`, nested blocks indented.
fn render(expansion: &Expansion) -> String {
    fn directives(out: &mut String, list: &[ExpandedDirective], depth: usize) {
        for d in list {
            let words: Vec<&str> = d.tokens.iter().map(|t| t.text.as_str()).collect();
            out.push_str(&"  ".repeat(depth));
            out.push_str(&words.join(" "));
            out.push('\n');
            if let Some(block) = &d.block {
                directives(out, block, depth + 1);
            }
        }
    }
    let mut out = String::new();
    for block in &expansion.blocks {
        let keys: Vec<&str> = block.keys.iter().map(|t| t.text.as_str()).collect();
        let _ = writeln!(out, "{:?} {}", block.kind, keys.join(" "));
        directives(&mut out, &block.directives, 1);
    }
    for e in &expansion.errors {
        let _ = writeln!(out, "! {:?}: {}", e.kind, e.message);
    }
    out
}

fn run(main: &str, files: &[(&str, &str)]) -> Expansion {
    expand(Path::new("/srv/Caddyfile"), main, &MemLoader::new(files))
}

#[test]
fn snippet_arguments_replace_substrings_and_variadics_expand_to_tokens() {
    let out = run(
        "(s) {\n\tlog {args[0]}.log\n\trespond {args[1:]}\n\tvars {args[:]}\n}\na.com {\n\timport s x y \"z w\"\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      log x.log
      respond y z w
      vars x y z w
    ");
}

#[test]
fn deprecated_dotted_arguments_work_with_a_warning() {
    let out = run(
        "(s) {\n\trespond {args.0}\n}\na.com {\n\timport s hi\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      respond hi
    ! BadPlaceholder: Placeholder {args.0} deprecated, use {args[0]} instead
    ");
}

#[test]
fn out_of_bounds_arguments_are_left_as_is_with_a_warning() {
    let out = run(
        "(s) {\n\trespond {args[3]} {args[1:5]}\n}\na.com {\n\timport s one\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      respond {args[3]} {args[1:5]}
    ! BadPlaceholder: Placeholder {args[3]} index is out of bounds, only 1 argument(s) exist
    ! BadPlaceholder: Variadic placeholder {args[1:5]} indices are out of bounds, only 1 argument(s) exist
    ");
}

#[test]
fn block_and_named_blocks_are_spliced_where_the_snippet_asks() {
    let out = run(
        "(s) {\n\theader {\n\t\t{blocks.a}\n\t}\n\t{block}\n\t{blocks.missing}\n}\nex.com {\n\timport s {\n\t\ta {\n\t\t\tX 1\n\t\t}\n\t\trespond ok\n\t}\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site ex.com
      header
        X 1
      a
        X 1
      respond ok
    ");
}

#[test]
fn placeholders_inside_a_nested_import_block_take_the_outer_values() {
    let out = run(
        "(outer) {\n\timport inner {\n\t\tb {\n\t\t\t{blocks.a}\n\t\t}\n\t}\n}\n(inner) {\n\theader {\n\t\t{blocks.b}\n\t}\n}\nex.com {\n\timport outer {\n\t\ta {\n\t\t\tFoo a\n\t\t}\n\t}\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site ex.com
      header
        Foo a
    ");
}

#[test]
fn anonymous_block_in_an_import_block_is_an_error() {
    let out = run("(s) {\n\t{block}\n}\nimport s {\n\t{\n\t\tx\n\t}\n}\n", &[]);
    assert_eq!(out.errors[0].message, "anonymous blocks are not supported");
    assert_eq!(out.errors[0].line, 5);
}

#[test]
fn top_level_snippet_import_can_define_whole_sites() {
    let out = run(
        "(site) {\n\thttps://{args[0]} {\n\t\t{block}\n\t}\n}\nimport site a.test {\n\trespond hi\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site https://a.test
      respond hi
    ");
}

#[test]
fn files_import_relative_to_the_importing_file_and_keep_provenance() {
    let out = run(
        "import conf/sites.caddy\n",
        &[
            (
                "/srv/conf/sites.caddy",
                "a.com {\n\timport ../common/*.caddy\n}\n",
            ),
            ("/srv/common/a.caddy", "encode gzip\n"),
            ("/srv/common/b.caddy", "header -Server\n"),
            ("/srv/common/.hidden.caddy", "nope\n"),
        ],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      encode gzip
      header -Server
    ");
    let encode = &out.blocks[0].directives[0].tokens[0];
    assert_eq!(
        out.sources[encode.source as usize].path,
        Path::new("/srv/common/a.caddy")
    );
    let chain: Vec<&str> = out
        .chain(encode.via())
        .iter()
        .map(|s| s.target.as_str())
        .collect();
    assert_eq!(chain, ["../common/*.caddy", "conf/sites.caddy"]);
    assert_eq!(encode.range, TextRange::new(0.into(), 6.into()));
}

#[test]
fn snippet_definitions_in_imported_files_keep_their_placeholders_for_later() {
    let out = run(
        "import snippets.caddy x\na.com {\n\timport s y\n}\n",
        &[("/srv/snippets.caddy", "(s) {\n\trespond {args[0]}\n}\n")],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      respond y
    ");
}

#[test]
fn missing_file_is_an_error_and_unmatched_glob_and_empty_file_are_warnings() {
    let out = run(
        "a.com {\n\timport nope.caddy\n\timport none/*.caddy\n\timport empty.caddy\n}\n",
        &[("/srv/empty.caddy", "\n")],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
    ! FileNotFound: File to import not found: nope.caddy
    ! NoMatches: No files matching import glob pattern: none/*.caddy
    ! EmptyFile: Import file is empty: /srv/empty.caddy
    ");
    assert!(!out.errors[0].kind.is_warning());
    assert!(out.errors[1].kind.is_warning());
}

#[test]
fn a_file_imported_many_times_is_read_once() {
    let main = "a.com {\n\timport common.caddy\n}\nb.com {\n\timport common.caddy\n}\n";
    let out = run(main, &[("/srv/common.caddy", "encode gzip\n")]);
    assert_eq!(out.sources.len(), 2);
    assert_eq!(out.imports.len(), 2);
    let first = &out.blocks[0].directives[0].tokens[0];
    let second = &out.blocks[1].directives[0].tokens[0];
    assert_eq!((first.source, first.range), (second.source, second.range));
    assert_ne!(first.via(), second.via());
}

#[test]
fn glob_with_two_stars_is_an_error() {
    let out = run("import */*.caddy\n", &[]);
    assert_eq!(
        out.errors[0].message,
        "Glob pattern may only contain one wildcard (*), but has others: */*.caddy"
    );
}

#[test]
fn snippet_cycle_is_reported_with_caddys_node_names() {
    let out = expand(
        Path::new("Caddyfile"),
        "(a) {\n\timport b\n}\n(b) {\n\timport a\n}\nimport a\n",
        &MemLoader::new(&[]),
    );
    assert_eq!(out.errors.len(), 1);
    assert_eq!(
        out.errors[0].message,
        "a cycle of imports exists between Caddyfile:b and Caddyfile:a"
    );
}

#[test]
fn file_cycle_is_reported() {
    let out = run(
        "import a.caddy\n",
        &[
            ("/srv/a.caddy", "import b.caddy\n"),
            ("/srv/b.caddy", "import a.caddy\n"),
        ],
    );
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].kind, ExpandErrorKind::ImportCycle);
    assert_eq!(
        out.errors[0].message,
        "a cycle of imports exists between /srv/b.caddy and /srv/a.caddy"
    );
    assert_eq!(out.errors[0].source, 2);
}

#[test]
fn exponential_imports_stop_at_the_token_limit() {
    let mut text = String::from("(s0) {\n\tx\n}\n");
    for i in 1..40 {
        let _ = write!(text, "(s{i}) {{\n\timport s{0}\n\timport s{0}\n}}\n", i - 1);
    }
    text.push_str("a.com {\n\timport s39\n}\n");
    let out = expand_with(
        Path::new("Caddyfile"),
        &text,
        &MemLoader::new(&[]),
        ExpandOptions {
            max_tokens: 10_000,
            ..ExpandOptions::default()
        },
    );
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].kind, ExpandErrorKind::TooManyTokens);
}

#[test]
fn deep_import_chains_stop_at_the_depth_limit() {
    let mut text = String::from("(s0) {\n\tx\n}\n");
    for i in 1..100 {
        let _ = write!(text, "(s{i}) {{\n\timport s{}\n}}\n", i - 1);
    }
    text.push_str("a.com {\n\timport s99\n}\n");
    let out = expand(Path::new("Caddyfile"), &text, &MemLoader::new(&[]));
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].kind, ExpandErrorKind::TooDeep);
}

#[test]
fn tokens_of_separate_imports_are_on_separate_lines() {
    let out = run(
        "(s) {\n\trespond\n}\na.com {\n\timport s\n\timport s\n\tfoo\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Site a.com
      respond
      respond
      foo
    ");
}

#[test]
fn named_routes_and_global_options_are_kept() {
    let out = run(
        "{\n\tdebug\n}\n&(r) {\n\trespond hi\n}\na.com {\n\tinvoke r\n}\n",
        &[],
    );
    insta::assert_snapshot!(render(&out), @r"
    Global 
      debug
    NamedRoute &(r)
      respond hi
    Site a.com
      invoke r
    ");
}

#[test]
fn snippet_redeclared_in_another_file_is_an_error() {
    let out = run(
        "(s) {\n}\nimport more.caddy\n",
        &[("/srv/more.caddy", "(s) {\n}\n")],
    );
    assert_eq!(
        out.errors[0].message,
        "redeclaration of previously declared snippet s"
    );
    assert_eq!(out.errors[0].source, 1);
}

/// An expansion holds one token per word of every site: keep tokens and directives small.
#[test]
#[cfg(target_pointer_width = "64")]
fn expanded_nodes_stay_compact() {
    use std::mem::size_of;
    assert_eq!(size_of::<ExpandedToken>(), 40);
    assert_eq!(size_of::<ExpandedDirective>(), 24);
    assert_eq!(size_of::<ExpandedBlock>(), 40);
}
