//! `lex` never panics, its tokens tile the input, and `tokenize` never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = caddyfile_parser::lex(text);
    let mut at = 0;
    for token in &tokens {
        assert_eq!(usize::from(token.range.start()), at, "tokens tile the input");
        assert!(!token.range.is_empty());
        at = usize::from(token.range.end());
        let _ = caddyfile_parser::token_value(token.kind, &text[token.range]);
    }
    assert_eq!(at, text.len());
    let _ = caddyfile_parser::tokenize(text);
});
