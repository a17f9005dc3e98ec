//! Caddyfile edits on the lossless tree: delete an argument, a directive (with its block), a
//! nested block left without a handler, a whole site block with the comment lines attached
//! to it. Everything outside the deleted ranges stays byte for byte.

use caddyfile_parser::{BlockKind, Directive, Document, ServerBlock, Word};
use text_size::{TextRange, TextSize};

use super::edits::{
    is_blank_line, line_start, only_whitespace_after, only_whitespace_before, whole_lines,
    with_comment_lines_above, with_one_blank_line_removed,
};

/// Directives that answer a request (or route to something that does). A site or `handle`
/// block left without any of them serves nothing.
pub const HANDLERS: &[&str] = &[
    "abort",
    "acme_server",
    "error",
    "file_server",
    "forward_auth",
    "handle",
    "handle_errors",
    "handle_path",
    "invoke",
    "metrics",
    "php_fastcgi",
    "redir",
    "respond",
    "reverse_proxy",
    "route",
    "static_response",
    "templates",
];

/// A directive and where it sits: its server block and the directives enclosing it.
#[derive(Debug)]
pub struct Located<'a> {
    /// The server block holding it.
    pub block: &'a ServerBlock,
    /// The enclosing directives, outermost first, ending with the directive itself.
    pub path: Vec<&'a Directive>,
}

impl<'a> Located<'a> {
    /// The innermost directive.
    pub fn directive(&self) -> &'a Directive {
        self.path[self.path.len() - 1]
    }

    /// The directive enclosing the innermost one, if any.
    pub fn parent(&self) -> Option<&'a Directive> {
        self.path.len().checked_sub(2).map(|i| self.path[i])
    }
}

/// Finds the innermost directive whose words include `range`.
pub fn locate(doc: &Document, range: TextRange) -> Option<Located<'_>> {
    let block = doc.blocks.iter().find(|b| b.range.contains_range(range))?;
    let mut path = Vec::new();
    let mut directives = block.directives();
    'descend: loop {
        for directive in directives {
            if !directive.range().contains_range(range) {
                continue;
            }
            path.push(directive);
            if directive
                .words
                .iter()
                .any(|w| w.range.contains_range(range))
            {
                return Some(Located { block, path });
            }
            match &directive.block {
                Some(inner) => {
                    directives = &inner.directives;
                    continue 'descend;
                }
                None => return None,
            }
        }
        return None;
    }
}

/// The range that deletes `word` and the blanks before it (so `a b c` → `a c`).
pub fn delete_word(text: &str, word: &Word) -> TextRange {
    let start = usize::from(word.range.start());
    let before = text[..start].trim_end_matches([' ', '\t']);
    let start = if before.ends_with('\n') || before.is_empty() {
        start
    } else {
        before.len()
    };
    TextRange::new(TextSize::new(start as u32), word.range.end())
}

/// The range that deletes a directive (and its block): its whole lines when it has them to
/// itself, with the comment lines directly above; otherwise just its own range.
pub fn delete_directive(text: &str, directive: &Directive) -> TextRange {
    match own_lines(text, directive.range()) {
        Some(lines) => {
            without_blank_lines_at_block_edges(text, with_one_blank_line_removed(text, lines))
        }
        None => directive.range(),
    }
}

/// Widens a whole-line deletion so it leaves no blank line right after a `{` or right
/// before a `}` (which `caddy fmt` would remove).
fn without_blank_lines_at_block_edges(text: &str, range: TextRange) -> TextRange {
    let before = text[..usize::from(range.start())].trim_end_matches([' ', '\t', '\r', '\n']);
    let after = &text[usize::from(range.end())..];
    let after_trimmed = after.trim_start_matches([' ', '\t', '\r', '\n']);
    let mut range = range;
    if before.ends_with('{')
        && after_trimmed.len() < after.len()
        && is_blank_line(text, range.end())
    {
        range = TextRange::new(
            range.start(),
            whole_lines(text, TextRange::empty(range.end())).end(),
        );
    }
    if after_trimmed.starts_with('}')
        && range.start() > TextSize::new(0)
        && is_blank_line(text, range.start() - TextSize::new(1))
    {
        let prev = line_start(text, range.start() - TextSize::new(1));
        range = TextRange::new(prev, range.end());
    }
    range
}

/// The range that deletes a server block with the comment lines directly above it and one
/// of the blank lines around it.
pub fn delete_server_block(text: &str, block: &ServerBlock) -> TextRange {
    match own_lines(text, block.range) {
        Some(lines) => with_one_blank_line_removed(text, lines),
        None => block.range,
    }
}

/// Whether a comment lies in `range` of `text`. The range must start where a token or a
/// line starts (a directive, a block, whole lines), so that lexing it alone reads the same
/// tokens as lexing the whole file.
pub fn has_comment_in(text: &str, range: TextRange) -> bool {
    text.get(usize::from(range.start())..usize::from(range.end()))
        .is_some_and(|slice| {
            caddyfile_parser::lex(slice)
                .iter()
                .any(|t| t.kind == caddyfile_parser::TokenKind::Comment)
        })
}

/// `range` widened to whole lines plus attached comments, when nothing else shares them.
fn own_lines(text: &str, range: TextRange) -> Option<TextRange> {
    if !only_whitespace_before(text, range.start()) {
        return None;
    }
    let end = range.end();
    let rest = &text[usize::from(end)..];
    let line_rest = rest.split('\n').next().unwrap_or_default();
    let trailing_comment = line_rest.trim_start().starts_with('#');
    if !only_whitespace_after(text, end) && !trailing_comment {
        return None;
    }
    let lines = whole_lines(text, TextRange::new(line_start(text, range.start()), end));
    Some(with_comment_lines_above(text, lines))
}

/// Whether `directive` answers requests: a handler, or an import that may bring one (an
/// import of a snippet of `doc` counts only when the snippet holds a handler).
fn is_handler(doc: &Document, text: &str, directive: &Directive) -> bool {
    let name = directive.name().value(text);
    if HANDLERS.contains(&name) {
        return true;
    }
    if !directive.is_import(text) {
        return false;
    }
    let Some(target) = directive.args().first() else {
        return false;
    };
    match doc
        .snippets()
        .find(|s| s.name(text) == Some(target.value(text)))
    {
        Some(snippet) => snippet
            .all_directives()
            .any(|d| HANDLERS.contains(&d.name().value(text))),
        // An imported file may hold anything.
        None => true,
    }
}

/// What deleting the directive found by [`locate`] should take with it: the directive, or an
/// enclosing `handle`/`route` block left without a handler, or the whole site block when it
/// would be left with no handler at all.
pub fn delete_with_empty_parents(doc: &Document, text: &str, located: &Located<'_>) -> TextRange {
    let mut victim = located.path.len() - 1;
    loop {
        let siblings: &[Directive] = if victim == 0 {
            located.block.directives()
        } else {
            match &located.path[victim - 1].block {
                Some(block) => &block.directives,
                None => break,
            }
        };
        let handler_left = siblings
            .iter()
            .filter(|d| !std::ptr::eq(*d, located.path[victim]))
            .any(|d| is_handler(doc, text, d));
        if handler_left {
            break;
        }
        if victim == 0 {
            if located.block.kind == BlockKind::Site {
                return delete_server_block(text, located.block);
            }
            break;
        }
        victim -= 1;
    }
    delete_directive(text, located.path[victim])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Edit;
    use crate::fix::apply::splice;
    use crate::source::FileId;

    fn delete_at(text: &str, needle: &str) -> String {
        let doc = caddyfile_parser::parse(text).tree;
        let start = text.find(needle).unwrap();
        let range = TextRange::at(TextSize::new(start as u32), TextSize::of(needle));
        let located = locate(&doc, range).unwrap();
        let cut = delete_with_empty_parents(&doc, text, &located);
        splice(text, &[Edit::delete(FileId(0), cut)])
    }

    #[test]
    fn a_site_left_empty_goes_with_its_comment_and_a_blank_line() {
        let text = "a.example {\n\treverse_proxy web:3000\n}\n\n# realtime\nrt.example {\n\treverse_proxy gone:3000\n}\n";
        assert_eq!(
            delete_at(text, "gone:3000"),
            "a.example {\n\treverse_proxy web:3000\n}\n"
        );
    }

    #[test]
    fn a_handle_left_without_a_handler_goes() {
        let text = "x {\n\thandle /a/* {\n\t\treverse_proxy gone:1\n\t}\n\n\thandle {\n\t\treverse_proxy web:1\n\t}\n}\n";
        assert_eq!(
            delete_at(text, "gone:1"),
            "x {\n\thandle {\n\t\treverse_proxy web:1\n\t}\n}\n"
        );
    }

    #[test]
    fn a_directive_among_others_goes_alone() {
        let text = "x {\n\tencode gzip\n\treverse_proxy gone:1\n\tfile_server\n}\n";
        assert_eq!(
            delete_at(text, "gone:1"),
            "x {\n\tencode gzip\n\tfile_server\n}\n"
        );
    }

    #[test]
    fn comments_are_found_by_the_lexer_not_by_a_hash() {
        let text = "x {\n\t# note\n\trespond \"#1\" a#b\n}\n";
        let comment = TextRange::new(4.into(), 12.into());
        assert!(has_comment_in(text, comment));
        let respond = TextRange::new(12.into(), 29.into());
        assert_eq!(&text[respond], "\trespond \"#1\" a#b");
        assert!(!has_comment_in(text, respond));
    }

    #[test]
    fn words_go_with_the_blank_before_them() {
        let text = "x {\n\treverse_proxy a:1 gone:2 b:3\n}\n";
        let doc = caddyfile_parser::parse(text).tree;
        let located = locate(&doc, TextRange::at(23.into(), 6.into())).unwrap();
        let word = &located.directive().words[2];
        assert_eq!(word.value(text), "gone:2");
        let cut = delete_word(text, word);
        assert_eq!(
            splice(text, &[Edit::delete(FileId(0), cut)]),
            "x {\n\treverse_proxy a:1 b:3\n}\n"
        );
    }
}
