//! A compact, stable dump of a parse, one node per line (like rust-analyzer's `.rast`
//! files), for snapshot tests.

use std::fmt::Write;

use crate::parser::Parse;
use crate::syntax::{Block, BlockKind, Directive, Document, ServerBlock, Word, WordKind};

/// Dumps a parse: the tree, then one `ERROR` line per syntax error.
///
/// # Example
/// ```
/// let dump = caddyfile_parser::dump(&caddyfile_parser::parse("example.com {\n  reverse_proxy app:8080\n}\n"));
/// assert_eq!(dump, "\
/// DOCUMENT@0..41
///   SITE_BLOCK@0..40
///     ADDRESS@0..11 \"example.com\"
///     BLOCK@12..40
///       DIRECTIVE@16..38
///         WORD@16..29 \"reverse_proxy\"
///         WORD@30..38 \"app:8080\"
/// ");
/// ```
pub fn dump(parse: &Parse<Document>) -> String {
    let mut out = String::new();
    let doc = &parse.tree;
    let _ = writeln!(out, "DOCUMENT@{:?}", doc.range);
    for block in &doc.blocks {
        server_block(&mut out, block);
    }
    for error in &parse.errors {
        // control characters escaped, so that the dump stays one line per error
        let message: String = error
            .to_string()
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "ERROR@{:?} line {}: {message}",
            error.range(),
            error.caddy_line()
        );
    }
    out
}

fn server_block(out: &mut String, block: &ServerBlock) {
    let (name, key) = match block.kind {
        BlockKind::Global => ("GLOBAL_OPTIONS", "KEY"),
        BlockKind::Site => ("SITE_BLOCK", "ADDRESS"),
        BlockKind::Snippet => ("SNIPPET", "NAME"),
        BlockKind::NamedRoute => ("NAMED_ROUTE", "NAME"),
        BlockKind::Import => ("IMPORT", "WORD"),
    };
    let _ = writeln!(out, "  {name}@{:?}", block.range);
    let mut leaves: Vec<(text_size::TextRange, String)> = block
        .keys
        .iter()
        .map(|w| (w.range, word_line(key, w)))
        .chain(
            block
                .separators
                .iter()
                .map(|r| (*r, format!("SEPARATOR@{r:?}"))),
        )
        .collect();
    leaves.sort_by_key(|(r, _)| r.start());
    for (_, line) in leaves {
        let _ = writeln!(out, "    {line}");
    }
    if let Some(body) = &block.body {
        block_node(out, body, 2);
    }
}

fn block_node(out: &mut String, block: &Block, depth: usize) {
    let indent = "  ".repeat(depth);
    let braces = match (block.open, block.close) {
        (Some(_), Some(_)) => "",
        (Some(_), None) => " unclosed",
        (None, Some(_)) => " no-open",
        (None, None) => " braceless",
    };
    let _ = writeln!(out, "{indent}BLOCK@{:?}{braces}", block.range);
    for directive in &block.directives {
        directive_node(out, directive, depth + 1);
    }
}

fn directive_node(out: &mut String, directive: &Directive, depth: usize) {
    let indent = "  ".repeat(depth);
    let name = if directive.is_matcher_definition() {
        "MATCHER_DEF"
    } else if directive.is_import() {
        "IMPORT"
    } else {
        "DIRECTIVE"
    };
    let _ = writeln!(out, "{indent}{name}@{:?}", directive.range);
    for word in &directive.words {
        let _ = writeln!(out, "{indent}  {}", word_line("WORD", word));
    }
    if let Some(block) = &directive.block {
        block_node(out, block, depth + 1);
    }
}

fn word_line(label: &str, word: &Word) -> String {
    let kind = match word.kind {
        WordKind::Bare => "",
        WordKind::Quoted => " quoted",
        WordKind::Backtick => " backtick",
        WordKind::Heredoc => " heredoc",
    };
    format!("{label}@{:?}{kind} {:?}", word.range, word.value)
}
