//! A tour of the public API, in the order a newcomer meets it: lex, tokenize, parse, walk
//! the tree, print it back, read errors, find env placeholders, expand imports.

use std::path::Path;

use caddyfile_parser::expand::{FsLoader, expand};
use caddyfile_parser::{
    BlockKind, Quote, TokenKind, WordKind, env_placeholders, lex, parse, print, tokenize,
};

const TEXT: &str = "\
{
\temail {$ACME_EMAIL:ops@example.com}
}

(compress) {
\tencode zstd gzip
}

example.com, www.example.com {
\timport compress
\t@api path /api/*
\treverse_proxy @api app:8080 {
\t\tlb_policy first
\t}
\trespond \"hello\" # greeting
}
";

#[test]
fn api_walkthrough() {
    // 1. `lex` gives lossless tokens: every byte in one token, trivia included.
    let tokens = lex(TEXT);
    let concatenated: String = tokens.iter().map(|t| &TEXT[t.range]).collect();
    assert_eq!(concatenated, TEXT);
    assert!(tokens.iter().any(|t| t.kind == TokenKind::Comment));

    // 2. `tokenize` is Caddy's own view: values, quote kinds, Caddy's line numbers.
    let caddy = tokenize(TEXT).unwrap();
    let hello = caddy.iter().find(|t| t.text == "hello").unwrap();
    assert_eq!((hello.quote, hello.line), (Quote::Double, 15));

    // 3. `parse` always gives a tree, plus errors (none here).
    let parsed = parse(TEXT);
    assert!(parsed.errors.is_empty());
    let doc = &parsed.tree;

    // 4. The tree: global options, snippets, sites, directives, words. It keeps no copy of
    //    the text: values are sliced from it (or decoded once, when Caddy changes them).
    let global = doc.global_options().unwrap();
    assert_eq!(global.directives()[0].name().value(TEXT), "email");
    let snippet = doc.snippets().next().unwrap();
    assert_eq!(snippet.kind, BlockKind::Snippet);
    assert_eq!(snippet.name(TEXT), Some("compress"));
    assert_eq!(&TEXT[snippet.name_range(TEXT).unwrap()], "compress");

    let site = doc.sites().next().unwrap();
    let addresses: Vec<&str> = site.keys.iter().map(|k| k.value(TEXT)).collect();
    assert_eq!(addresses, ["example.com", "www.example.com"]);
    let directives = site.directives();
    assert!(directives[0].is_import(TEXT));
    assert_eq!(directives[1].matcher_name(TEXT), Some("api"));
    let proxy = &directives[2];
    assert_eq!(
        proxy.matcher_token(TEXT).map(|w| w.value(TEXT)),
        Some("@api")
    );
    assert_eq!(proxy.args()[1].value(TEXT), "app:8080");
    assert_eq!(&TEXT[proxy.args()[1].range], "app:8080");
    let nested = proxy.block.as_ref().unwrap();
    assert_eq!(nested.directives[0].name().value(TEXT), "lb_policy");
    assert_eq!(directives[3].args()[0].kind, WordKind::Quoted);
    let matchers: Vec<_> = site.matchers(TEXT).map(|m| m.name(TEXT)).collect();
    assert_eq!(matchers, ["api"]);
    assert!(site.uses_matcher(TEXT, "api"));
    assert!(!site.uses_matcher(TEXT, "other"));
    let every: Vec<&str> = site
        .all_directives()
        .map(|d| d.name().value(TEXT))
        .collect();
    assert_eq!(
        every,
        ["import", "@api", "reverse_proxy", "lb_policy", "respond"]
    );

    // 5. `print` walks the tree and gives the text back, byte for byte.
    assert_eq!(print(doc, TEXT), TEXT);

    // 6. Errors carry a range, Caddy's message and Caddy's line.
    let broken = parse("example.com {\n\trespond hi }\n}\n");
    let error = &broken.errors[0];
    assert_eq!(
        error.to_string(),
        "Unexpected '}' because no matching opening brace"
    );
    assert_eq!(error.caddy_line(), 2);

    // 7. Env placeholders, with defaults and ranges.
    let env = env_placeholders(TEXT);
    assert_eq!(env[0].name, "ACME_EMAIL");
    assert_eq!(env[0].default.as_deref(), Some("ops@example.com"));
    let email = &global.directives()[0].args()[0];
    assert_eq!(
        email.env_placeholders(TEXT)[0].name_range,
        env[0].name_range
    );

    // 8. `expand` splices snippets and imports, keeping where each token came from.
    let expanded = expand(Path::new("Caddyfile"), TEXT, &FsLoader);
    assert!(expanded.errors.is_empty());
    let site = &expanded.blocks[1];
    let encode = &site.directives[0].tokens[0];
    assert_eq!(encode.text, "encode");
    let via = expanded.chain(encode.via());
    assert_eq!(via[0].target, "compress");
    assert_eq!(&TEXT[encode.range], "encode");
}
