//! The formatter as it was before the fast paths (commit 789a4a7), kept verbatim as an oracle:
//! `format_matches_previous.rs` checks that the library gives the same bytes on every input.
//! Its documentation is the library's (`caddyfile_parser::format`).

mod state;

use state::Formatter;

/// `caddyfile_parser::format` as of commit 789a4a7.
pub(crate) fn format(input: &str) -> String {
    let faithful = Formatter::new(input, false).run();
    if faithful.needs_repair {
        Formatter::new(input, true).run().text
    } else {
        faithful.text
    }
}
