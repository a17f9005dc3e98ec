//! A compact, stable dump of a parse, one node per line (like rust-analyzer's `.rast`
//! files), for snapshot tests.

use std::fmt::Write;

use crate::parser::Parse;
use crate::syntax::{Block, BlockKind, Directive, Document, ServerBlock, Word, WordKind};

/// Dumps a parse of `text`: the tree, then one `ERROR` line per syntax error.
///
/// # Example
/// ```
/// let text = "example.com {\n  reverse_proxy app:8080\n}\n";
/// let dump = caddyfile_parser::dump(&caddyfile_parser::parse(text), text);
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
pub fn dump(parse: &Parse<Document>, text: &str) -> String {
    let mut out = String::new();
    let doc = &parse.tree;
    let _ = writeln!(out, "DOCUMENT@{:?}", doc.range);
    for block in &doc.blocks {
        server_block(&mut out, text, block);
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

fn server_block(out: &mut String, text: &str, block: &ServerBlock) {
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
        .map(|w| (w.range, word_line(text, key, w)))
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
        block_node(out, text, body, 2);
    }
}

fn block_node(out: &mut String, text: &str, block: &Block, depth: usize) {
    let indent = "  ".repeat(depth);
    let braces = match (block.open(), block.close()) {
        (Some(_), Some(_)) => "",
        (Some(_), None) => " unclosed",
        (None, Some(_)) => " no-open",
        (None, None) => " braceless",
    };
    let _ = writeln!(out, "{indent}BLOCK@{:?}{braces}", block.range);
    for directive in &block.directives {
        directive_node(out, text, directive, depth + 1);
    }
}

fn directive_node(out: &mut String, text: &str, directive: &Directive, depth: usize) {
    let indent = "  ".repeat(depth);
    let name = if directive.is_matcher_definition(text) {
        "MATCHER_DEF"
    } else if directive.is_import(text) {
        "IMPORT"
    } else {
        "DIRECTIVE"
    };
    let _ = writeln!(out, "{indent}{name}@{:?}", directive.range());
    for word in &directive.words {
        let _ = writeln!(out, "{indent}  {}", word_line(text, "WORD", word));
    }
    if let Some(block) = &directive.block {
        block_node(out, text, block, depth + 1);
    }
}

fn word_line(text: &str, label: &str, word: &Word) -> String {
    let kind = match word.kind {
        WordKind::Bare => "",
        WordKind::Quoted => " quoted",
        WordKind::Backtick => " backtick",
        WordKind::Heredoc => " heredoc",
    };
    format!("{label}@{:?}{kind} {:?}", word.range, word.value(text))
}
