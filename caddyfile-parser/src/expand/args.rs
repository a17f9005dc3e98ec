//! Import-time placeholders: `{args[N]}`, `{args[a:b]}`, `{args.N}`, `{block}`,
//! `{blocks.NAME}` (`reference/caddyfile.md` §3).

use std::collections::{HashMap, VecDeque};

use super::ExpandedToken;
use super::stream::is_brace;

/// What an import passes to the tokens it brings: its arguments and its block.
#[derive(Debug, Default)]
pub(super) struct ImportCtx {
    args: Vec<ExpandedToken>,
    block: Vec<ExpandedToken>,
    blocks: HashMap<String, Vec<ExpandedToken>>,
}

fn new_line(prev: &ExpandedToken, token: &ExpandedToken) -> bool {
    prev.source != token.source
        || prev.via != token.via
        || prev.line + crate::lexer::line_breaks(&prev.text, prev.quote) < token.line
}

impl ImportCtx {
    /// Builds the context; also returns the `{` tokens that open anonymous blocks (lines
    /// that start with `{` directly inside the import's block), which Caddy rejects.
    pub(super) fn new(
        args: Vec<ExpandedToken>,
        block: Vec<ExpandedToken>,
    ) -> (Self, Vec<ExpandedToken>) {
        let mut blocks = HashMap::new();
        let mut anonymous = Vec::new();
        let mut i = 0;
        while i < block.len() {
            let line_start = i == 0 || new_line(&block[i - 1], &block[i]);
            if line_start && is_brace(&block[i], "{") {
                anonymous.push(block[i].clone());
            }
            // `NAME {` at the block's top level opens a named sub-block
            let named = line_start
                && block
                    .get(i + 1)
                    .is_some_and(|t| is_brace(t, "{") && !new_line(&block[i], t));
            let start = if named { i + 2 } else { i + 1 };
            // skip to the end of this line's nested block, if any
            let mut nesting = 0_u32;
            let mut j = i;
            while j < block.len() {
                if is_brace(&block[j], "{") {
                    nesting += 1;
                } else if is_brace(&block[j], "}") {
                    nesting = nesting.saturating_sub(1);
                    if nesting == 0 {
                        break;
                    }
                }
                if nesting == 0 && j + 1 < block.len() && new_line(&block[j], &block[j + 1]) {
                    break;
                }
                j += 1;
            }
            if named {
                let end = j.min(block.len());
                let inner = block.get(start..end).unwrap_or_default().to_vec();
                blocks.entry(block[i].text.to_string()).or_insert(inner);
            }
            i = j + 1;
        }
        (
            Self {
                args,
                block,
                blocks,
            },
            anonymous,
        )
    }
}

/// Substitutes one pulled token into `out` (zero, one or several tokens). Problems Caddy
/// only warns about are pushed to `warnings` with the token.
pub(super) fn substitute(
    token: ExpandedToken,
    ctx: &ImportCtx,
    out: &mut VecDeque<ExpandedToken>,
    warnings: &mut Vec<(ExpandedToken, String)>,
) {
    if token.text == "{block}" {
        out.extend(ctx.block.iter().cloned());
        return;
    }
    if let Some(name) = token
        .text
        .strip_prefix("{blocks.")
        .and_then(|s| s.strip_suffix('}'))
    {
        if let Some(tokens) = ctx.blocks.get(name) {
            out.extend(tokens.iter().cloned());
        }
        return;
    }
    if let Some(range) = token
        .text
        .strip_prefix("{args[")
        .and_then(|s| s.strip_suffix("]}"))
    {
        if let Some((from, to)) = range.split_once(':') {
            let from = if from.is_empty() {
                Some(0)
            } else {
                from.parse::<usize>().ok()
            };
            let to = if to.is_empty() {
                Some(ctx.args.len())
            } else {
                to.parse::<usize>().ok()
            };
            match (from, to) {
                (Some(from), Some(to)) if from <= to && to <= ctx.args.len() => {
                    for arg in &ctx.args[from..to] {
                        let mut copy = token.clone();
                        copy.text.clone_from(&arg.text);
                        copy.quote = arg.quote;
                        out.push_back(copy);
                    }
                }
                _ => {
                    let message = format!(
                        "Variadic placeholder {} indices are out of bounds, only {} argument(s) exist",
                        token.text,
                        ctx.args.len()
                    );
                    warnings.push((token.clone(), message));
                    out.push_back(token);
                }
            }
            return;
        }
    }
    let mut token = token;
    if token.text.contains("{args") {
        let mut problems = Vec::new();
        token.text = replace_args(&token.text, &ctx.args, |problem| problems.push(problem)).into();
        for problem in problems {
            let message = match problem {
                ArgsProblem::Deprecated(n) => {
                    format!("Placeholder {{args.{n}}} deprecated, use {{args[{n}]}} instead")
                }
                ArgsProblem::OutOfBounds(placeholder) => format!(
                    "Placeholder {placeholder} index is out of bounds, only {} argument(s) exist",
                    ctx.args.len()
                ),
            };
            warnings.push((token.clone(), message));
        }
    }
    out.push_back(token);
}

/// What [`replace_args`] warns about.
enum ArgsProblem {
    /// `{args.N}` (index `N`).
    Deprecated(usize),
    /// A placeholder whose index has no argument (left as is).
    OutOfBounds(String),
}

/// Replaces every `{args[N]}` and `{args.N}` in `text`; an index past the arguments is
/// left as is.
fn replace_args(
    text: &str,
    args: &[ExpandedToken],
    mut problem: impl FnMut(ArgsProblem),
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{args") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let parsed = tail.find('}').and_then(|close| {
            let inner = &tail[5..close];
            let index = inner
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .or_else(|| inner.strip_prefix('.'))?;
            let n = index.parse::<usize>().ok()?;
            Some((n, close, inner.starts_with('.')))
        });
        if let Some((n, close, dotted)) = parsed {
            if n < args.len() {
                if dotted {
                    problem(ArgsProblem::Deprecated(n));
                }
                out.push_str(&args[n].text);
            } else {
                problem(ArgsProblem::OutOfBounds(tail[..=close].to_owned()));
                out.push_str(&tail[..=close]);
            }
            rest = &tail[close + 1..];
        } else {
            out.push_str("{args");
            rest = &tail[5..];
        }
    }
    out.push_str(rest);
    out
}
