//! Server blocks and directives over the expanded stream (Caddy's `parseAll`, `addresses`,
//! `directives`, `directive`), lenient: structural errors are `parse`'s to report.

use thin_vec::ThinVec;

use super::stream::{Mode, Stream, is_brace};
use super::{ExpandedBlock, ExpandedDirective, ExpandedToken};
use crate::parser::MAX_NESTING;
use crate::syntax::BlockKind;

/// `document := server_block*`; snippet definitions are recorded and not returned.
pub(super) fn blocks(s: &mut Stream<'_>) -> Vec<ExpandedBlock> {
    let mut out = Vec::new();
    while let Some(first) = s.next() {
        let (keys, mut braced) = keys(s, first);
        if let [key] = keys.as_slice() {
            if let Some(name) = key.text.strip_prefix('(').and_then(|k| k.strip_suffix(')')) {
                if !braced && s.peek().is_some_and(|p| p.open) {
                    s.next();
                    braced = true;
                }
                if braced {
                    let body = snippet_body(s);
                    s.define_snippet(name.to_owned(), body, key);
                }
                continue;
            }
        }
        if !braced && s.peek().is_some_and(|p| p.open) {
            s.next();
            braced = true;
        }
        let directives = if braced || s.peek().is_some() {
            block_body(s, 0)
        } else {
            Vec::new()
        };
        let kind = match keys.as_slice() {
            [] => BlockKind::Global,
            [key] if key.text.starts_with("&(") && key.text.ends_with(')') => BlockKind::NamedRoute,
            _ => BlockKind::Site,
        };
        // Caddy drops a keyless block with nothing in it
        if kind == BlockKind::Global && directives.is_empty() {
            continue;
        }
        out.push(ExpandedBlock {
            kind,
            keys: keys.into_boxed_slice(),
            directives: directives.into_boxed_slice(),
        });
    }
    out
}

/// The keys of a block, and whether its `{` was on the key line.
fn keys(s: &mut Stream<'_>, first: ExpandedToken) -> (Vec<ExpandedToken>, bool) {
    let mut keys = Vec::new();
    let mut token = first;
    loop {
        if is_brace(&token, "{") {
            return (keys, true);
        }
        let expecting_another = token.text.ends_with(',');
        if expecting_another {
            token.text.pop();
        }
        if !token.text.is_empty() {
            keys.push(token);
        }
        match s.peek() {
            None => return (keys, false),
            Some(p) if p.new_line && !expecting_another => return (keys, false),
            Some(_) => {}
        }
        let Some(next) = s.next() else {
            return (keys, false);
        };
        token = next;
    }
}

/// The raw tokens of a snippet up to its matching `}` (Caddy's `snippetTokens`).
fn snippet_body(s: &mut Stream<'_>) -> Vec<ExpandedToken> {
    let mut nesting = 1_u32;
    let mut body = Vec::new();
    while let Some(token) = s.next_in(Mode::Raw) {
        if is_brace(&token, "}") {
            nesting -= 1;
            if nesting == 0 {
                break;
            }
        } else if is_brace(&token, "{") {
            nesting += 1;
        }
        body.push(token);
    }
    body
}

/// Directives up to the `}` closing the block (consumed) or the end of the stream.
fn block_body(s: &mut Stream<'_>, depth: u32) -> Vec<ExpandedDirective> {
    let mut directives = Vec::new();
    while let Some(token) = s.next() {
        if is_brace(&token, "}") {
            break;
        }
        directives.push(directive(s, token, depth));
    }
    directives
}

/// One directive: the tokens of its line, and the block that ends the line.
fn directive(s: &mut Stream<'_>, first: ExpandedToken, depth: u32) -> ExpandedDirective {
    let mut tokens = Vec::with_capacity(4);
    tokens.push(first);
    let mut block = None;
    while let Some(peeked) = s.peek() {
        if peeked.new_line || peeked.close {
            break;
        }
        let Some(token) = s.next() else { break };
        if is_brace(&token, "{") {
            block = Some(if depth + 1 > MAX_NESTING {
                flat_body(s)
            } else {
                // collected at the exact size (a `Vec` would keep its spare capacity)
                block_body(s, depth + 1).into_iter().collect()
            });
            break;
        }
        tokens.push(token);
    }
    ExpandedDirective {
        tokens: tokens.into_boxed_slice(),
        block,
    }
}

/// Past the nesting limit: every token up to the matching `}` as one directive.
fn flat_body(s: &mut Stream<'_>) -> ThinVec<ExpandedDirective> {
    let mut nesting = 1_u32;
    let mut tokens = Vec::new();
    while let Some(token) = s.next() {
        if is_brace(&token, "}") {
            nesting -= 1;
            if nesting == 0 {
                break;
            }
        } else if is_brace(&token, "{") {
            nesting += 1;
        }
        tokens.push(token);
    }
    if tokens.is_empty() {
        ThinVec::new()
    } else {
        thin_vec::thin_vec![ExpandedDirective {
            tokens: tokens.into_boxed_slice(),
            block: None,
        }]
    }
}
