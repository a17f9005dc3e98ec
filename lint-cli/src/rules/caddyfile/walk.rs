//! The walk over an expansion's directive contexts: which blocks hold directives, and where
//! named matchers are defined and used.
//!
//! A site block, a named route, and the blocks of `handle`, `handle_path`, `handle_errors`
//! and `route` hold directives. Each is a matcher *scope*: Caddy collects the `@name`
//! definitions of a scope before it reads its directives, and a directive sees the matchers
//! of its scope and of the scopes around it, not those of a nested block
//! (`reference/caddyfile.md` §4, and `caddy adapt` runs). The block of `reverse_proxy`,
//! `php_fastcgi` and `intercept` is a *response* scope: its `@name` definitions are
//! response matchers, used by its `handle_response` and `replace_status` subdirectives only,
//! and each `handle_response` block holds directives again (a request scope inside the
//! proxy's own). Every other block holds subdirectives (`header { … }`, `log { output … }`,
//! `tls { … }`, a matcher's own `{ … }`), which are not directives.

use std::collections::HashMap;

use caddyfile_parser::BlockKind;
use caddyfile_parser::expand::{ExpandedDirective, ExpandedToken, Expansion};

/// Directives whose block holds directives, in a scope of its own.
pub(crate) const ROUTE_DIRECTIVES: &[&str] = &["handle", "handle_errors", "handle_path", "route"];

/// Directives whose block is a response scope (`@name` response matchers and
/// `handle_response` blocks).
pub(crate) const RESPONSE_DIRECTIVES: &[&str] = &["intercept", "php_fastcgi", "reverse_proxy"];

/// Subdirectives of a response scope that take a response matcher as first argument.
const RESPONSE_MATCHER_USERS: &[&str] = &["handle_response", "replace_status"];

/// Deeper than the parser's nesting limit: never reached on a real expansion.
const MAX_DEPTH: usize = 256;

/// What a scope's matchers match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// Request matchers: a site block, named route, or a block of directives.
    Request,
    /// Response matchers: the block of a proxy or `intercept`.
    Response,
}

/// A matcher scope.
#[derive(Debug)]
pub(crate) struct Scope<'a> {
    /// The scope around it.
    pub(crate) parent: Option<usize>,
    /// What its matchers match.
    pub(crate) kind: ScopeKind,
    /// The directive whose block it is (`None` for a site block or named route).
    pub(crate) opener: Option<&'a ExpandedDirective>,
    /// The index of its server block in [`Expansion::blocks`].
    pub(crate) block: usize,
}

/// A named matcher definition (`@name …`).
#[derive(Debug)]
pub(crate) struct Definition<'a> {
    /// The scope it belongs to.
    pub(crate) scope: usize,
    /// The defining line.
    pub(crate) directive: &'a ExpandedDirective,
}

impl<'a> Definition<'a> {
    /// The `@name` token.
    pub(crate) fn token(&self) -> &'a ExpandedToken {
        &self.directive.tokens[0]
    }
}

/// A matcher token: a directive's first argument `@name` (or a `handle_response` /
/// `replace_status` argument in a response scope).
#[derive(Debug)]
pub(crate) struct Use<'a> {
    /// The scope the directive is in.
    pub(crate) scope: usize,
    /// The `@name` token.
    pub(crate) token: &'a ExpandedToken,
    /// The definition it refers to, if one is visible.
    pub(crate) resolved: Option<usize>,
}

/// What the walk found in one expansion.
#[derive(Debug, Default)]
pub(crate) struct Walk<'a> {
    /// Every scope; site blocks and named routes first in their order.
    pub(crate) scopes: Vec<Scope<'a>>,
    /// Directives in directive position (not matcher definitions), with their scope.
    pub(crate) directives: Vec<(&'a ExpandedDirective, usize)>,
    /// Matcher definitions.
    pub(crate) definitions: Vec<Definition<'a>>,
    /// Matcher tokens.
    pub(crate) uses: Vec<Use<'a>>,
    /// Every other word starting with `@` (in arguments, subdirectives, plugin blocks),
    /// with its scope: a definition mentioned anywhere in its scope is not reported unused.
    pub(crate) mentions: Vec<(&'a ExpandedToken, usize)>,
    by_scope: HashMap<(usize, &'a str), usize>,
}

/// Walks the site blocks and named routes of an expansion.
pub(crate) fn walk(expansion: &Expansion) -> Walk<'_> {
    let mut walk = Walk::default();
    for (i, block) in expansion.blocks.iter().enumerate() {
        // `@name { … }` at the top level is a matcher outside any site (a syntax error),
        // not a site whose lines are directives.
        let global_matcher = block.keys.first().is_some_and(|k| k.text.starts_with('@'));
        if matches!(block.kind, BlockKind::Site | BlockKind::NamedRoute) && !global_matcher {
            let scope = walk.scope(None, ScopeKind::Request, None, i);
            walk.route(&block.directives, scope, 0);
        }
    }
    walk
}

/// Whether a directive defines a named matcher.
fn is_definition(directive: &ExpandedDirective) -> bool {
    directive
        .tokens
        .first()
        .is_some_and(|t| t.text.len() > 1 && t.text.starts_with('@'))
}

impl<'a> Walk<'a> {
    fn scope(
        &mut self,
        parent: Option<usize>,
        kind: ScopeKind,
        opener: Option<&'a ExpandedDirective>,
        block: usize,
    ) -> usize {
        self.scopes.push(Scope {
            parent,
            kind,
            opener,
            block,
        });
        self.scopes.len() - 1
    }

    /// The scopes a directive in `scope` sees, innermost first.
    pub(crate) fn chain(&self, scope: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(scope), |s| self.scopes.get(*s).and_then(|s| s.parent))
            .take(MAX_DEPTH)
    }

    /// Records the definitions of one block, before its directives are read.
    fn define(&mut self, directives: &'a [ExpandedDirective], scope: usize, depth: usize) {
        for directive in directives.iter().filter(|d| is_definition(d)) {
            let index = self.definitions.len();
            self.definitions.push(Definition { scope, directive });
            self.by_scope
                .entry((scope, directive.tokens[0].text.as_str()))
                .or_insert(index);
            self.mention(&directive.tokens[1..], scope);
            if let Some(block) = &directive.block {
                self.mention_all(block, scope, depth + 1);
            }
        }
    }

    /// A block of directives (request scope `scope`).
    fn route(&mut self, directives: &'a [ExpandedDirective], scope: usize, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.define(directives, scope, depth);
        for directive in directives.iter().filter(|d| !is_definition(d)) {
            let Some(name) = directive.tokens.first() else {
                continue;
            };
            self.directives.push((directive, scope));
            let mut args = directive.tokens.get(1..).unwrap_or_default();
            if let Some(matcher) = args.first().filter(|t| t.text.starts_with('@')) {
                let resolved = self
                    .chain(scope)
                    .find_map(|s| self.by_scope.get(&(s, matcher.text.as_str())).copied());
                self.uses.push(Use {
                    scope,
                    token: matcher,
                    resolved,
                });
                args = &args[1..];
            }
            self.mention(args, scope);
            let Some(block) = &directive.block else {
                continue;
            };
            let block_scope = self.scopes[scope].block;
            if ROUTE_DIRECTIVES.contains(&name.text.as_str()) {
                let inner = self.scope(
                    Some(scope),
                    ScopeKind::Request,
                    Some(directive),
                    block_scope,
                );
                self.route(block, inner, depth + 1);
            } else if RESPONSE_DIRECTIVES.contains(&name.text.as_str()) {
                let inner = self.scope(
                    Some(scope),
                    ScopeKind::Response,
                    Some(directive),
                    block_scope,
                );
                self.response(block, inner, scope, depth + 1);
            } else {
                self.mention_all(block, scope, depth + 1);
            }
        }
    }

    /// The block of a proxy or `intercept` (response scope `scope`, inside request scope
    /// `request`).
    fn response(
        &mut self,
        directives: &'a [ExpandedDirective],
        scope: usize,
        request: usize,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.define(directives, scope, depth);
        for directive in directives.iter().filter(|d| !is_definition(d)) {
            let Some(name) = directive.tokens.first() else {
                continue;
            };
            let mut args = directive.tokens.get(1..).unwrap_or_default();
            if RESPONSE_MATCHER_USERS.contains(&name.text.as_str()) {
                if let Some(matcher) = args.first().filter(|t| t.text.starts_with('@')) {
                    let resolved = self.by_scope.get(&(scope, matcher.text.as_str())).copied();
                    self.uses.push(Use {
                        scope,
                        token: matcher,
                        resolved,
                    });
                    args = &args[1..];
                }
            }
            self.mention(args, scope);
            let Some(block) = &directive.block else {
                continue;
            };
            if name.text == "handle_response" {
                let block_scope = self.scopes[scope].block;
                let inner = self.scope(
                    Some(request),
                    ScopeKind::Request,
                    Some(directive),
                    block_scope,
                );
                self.route(block, inner, depth + 1);
            } else {
                self.mention_all(block, scope, depth + 1);
            }
        }
    }

    fn mention(&mut self, tokens: &'a [ExpandedToken], scope: usize) {
        for token in tokens.iter().filter(|t| t.text.starts_with('@')) {
            self.mentions.push((token, scope));
        }
    }

    /// Every `@word` of a block of subdirectives, at any depth.
    fn mention_all(&mut self, directives: &'a [ExpandedDirective], scope: usize, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for directive in directives {
            self.mention(&directive.tokens, scope);
            if let Some(block) = &directive.block {
                self.mention_all(block, scope, depth + 1);
            }
        }
    }

    /// For each definition, whether a directive of its scope (or of a scope inside it) uses
    /// or mentions its `@name`.
    pub(crate) fn used_definitions(&self) -> Vec<bool> {
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        let words = self
            .uses
            .iter()
            .map(|u| (u.token, u.scope))
            .chain(self.mentions.iter().copied());
        for (token, scope) in words {
            seen.entry(token.text.as_str()).or_default().push(scope);
        }
        self.definitions
            .iter()
            .map(|definition| {
                seen.get(definition.token().text.as_str())
                    .is_some_and(|scopes| {
                        scopes
                            .iter()
                            .any(|s| self.chain(*s).any(|c| c == definition.scope))
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use caddyfile_parser::expand::{FsLoader, expand};

    use super::*;

    fn names(text: &str) -> (Vec<String>, Vec<(String, bool)>, Vec<bool>) {
        let expansion = expand(Path::new("Caddyfile"), text, &FsLoader);
        let walk = walk(&expansion);
        let directives = walk
            .directives
            .iter()
            .map(|(d, _)| d.tokens[0].text.to_string())
            .collect();
        let uses = walk
            .uses
            .iter()
            .map(|u| (u.token.text.to_string(), u.resolved.is_some()))
            .collect();
        (directives, uses, walk.used_definitions())
    }

    #[test]
    fn subdirectives_are_not_directives_but_handle_blocks_hold_them() {
        let text = "a.com {\n\treverse_proxy app:1 {\n\t\tto b:1\n\t\thandle_response {\n\t\t\trespond x\n\t\t}\n\t}\n\theader {\n\t\tX-A b\n\t}\n\thandle /x {\n\t\tfile_server\n\t}\n}\n";
        let (directives, _, _) = names(text);
        assert_eq!(
            directives,
            [
                "reverse_proxy",
                "respond",
                "header",
                "handle",
                "file_server"
            ]
        );
    }

    #[test]
    fn a_matcher_of_the_site_is_visible_in_a_nested_handle_but_not_the_reverse() {
        let text = "a.com {\n\t@site path /s\n\thandle {\n\t\t@inner path /i\n\t\trespond @site 1\n\t}\n\trespond @inner 2\n}\n";
        let (_, uses, used) = names(text);
        assert_eq!(
            uses,
            [("@site".to_owned(), true), ("@inner".to_owned(), false)]
        );
        assert_eq!(used, [true, false]);
    }

    #[test]
    fn response_matchers_are_resolved_in_their_proxy_block_only() {
        let text = "a.com {\n\t@req path /r\n\treverse_proxy app:1 {\n\t\t@err status 500\n\t\thandle_response @err {\n\t\t\trespond @req 1\n\t\t}\n\t\treplace_status @req 400\n\t}\n}\n";
        let (_, uses, _) = names(text);
        assert_eq!(
            uses,
            [
                ("@err".to_owned(), true),
                ("@req".to_owned(), true),
                ("@req".to_owned(), false)
            ]
        );
    }
}
