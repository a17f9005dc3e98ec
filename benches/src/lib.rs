//! Input generators shared by the benchmarks.

use std::fmt::Write as _;

/// Returns a formatted Caddyfile of about `target_bytes` bytes (never less, one site block
/// more at most), the same for the same `target_bytes`.
///
/// It starts with a global options block and a `(common)` snippet, then repeats site blocks
/// until the size is reached. Each site has two addresses, a comment, `import common`, a
/// one-line and a block named matcher, `handle` with a nested `reverse_proxy { … }`,
/// `handle_path`, `header` with a quoted value, and `encode`: about 410 bytes and 22 lines,
/// so 2,170,000 bytes is about 5,300 sites and 116,500 lines (close to the 2.17 MB file
/// `caddy fmt` was timed on in `corpus/caddy/RESULTS-2.6.2.md`).
///
/// The text is already formatted: `caddy fmt` (2.6.2 or HEAD) leaves it unchanged. Use
/// [`messy_caddyfile`] for input that needs formatting.
///
/// # Example
///
/// ```
/// let text = cfglint_benches::generate_caddyfile(10_000);
/// assert!(text.len() >= 10_000);
/// assert_eq!(caddyfile_parser::format(&text), text);
/// ```
pub fn generate_caddyfile(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 1024);
    out.push_str(
        "{\n\temail admin@example.com\n\tadmin off\n}\n\n\
         (common) {\n\tencode zstd gzip\n\theader {\n\t\t-Server\n\
         \t\tX-Content-Type-Options nosniff\n\t}\n}\n",
    );
    let mut site = 0usize;
    while out.len() < target_bytes {
        // `write!` to a `String` cannot fail.
        let _ = write!(
            out,
            "\nsite{site}.example.com, www.site{site}.example.com {{\n\
             \timport common\n\
             \t# API traffic goes to backend {backend}\n\
             \t@api path /api/*\n\
             \t@static {{\n\
             \t\tpath *.css *.js *.png\n\
             \t\tmethod GET HEAD\n\
             \t}}\n\
             \thandle @api {{\n\
             \t\treverse_proxy app{backend}:8080 {{\n\
             \t\t\theader_up X-Site site{site}\n\
             \t\t\tlb_policy round_robin\n\
             \t\t}}\n\
             \t}}\n\
             \thandle_path /assets/* {{\n\
             \t\troot * /srv/site{site}\n\
             \t\tfile_server\n\
             \t}}\n\
             \theader @static Cache-Control \"public, max-age=3600\"\n\
             \tencode gzip\n\
             }}\n",
            backend = site % 50,
        );
        site += 1;
    }
    out
}

/// Returns `formatted` with every line re-indented at random (spaces, tabs or none) and
/// trailing blanks added after words (not comments), as a hand-edited file looks. `seed` picks the variation.
///
/// Formatting the result gives `formatted` back when it came from [`generate_caddyfile`]
/// (it has no multi-line strings, whose inner lines would be changed).
///
/// # Example
///
/// ```
/// let formatted = cfglint_benches::generate_caddyfile(5_000);
/// let messy = cfglint_benches::messy_caddyfile(&formatted, 1);
/// assert_ne!(messy, formatted);
/// assert_eq!(caddyfile_parser::format(&messy), formatted);
/// ```
pub fn messy_caddyfile(formatted: &str, seed: u64) -> String {
    const INDENTS: [&str; 6] = ["", " ", "  ", "    ", "\t", "\t \t"];
    const TRAILING: [&str; 4] = ["", "", " ", "\t  "];
    // xorshift64: deterministic, dependency-free; `| 1` keeps the state non-zero.
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap_or(0)
    };
    let mut out = String::with_capacity(formatted.len() * 5 / 4);
    for line in formatted.lines() {
        let text = line.trim_start_matches('\t');
        if !text.is_empty() {
            out.push_str(INDENTS[next(INDENTS.len())]);
            out.push_str(text);
            // `caddy fmt` keeps a comment's trailing blanks: add them to other lines only.
            let trailing = TRAILING[next(TRAILING.len())];
            if !text.starts_with('#') {
                out.push_str(trailing);
            }
        }
        out.push('\n');
    }
    out
}
