//! Properties of `format` on generated inputs: it never panics and formatting twice changes
//! nothing.

use caddyfile_parser::format;
use proptest::prelude::*;

/// Pieces of Caddyfile syntax, including the awkward ones: glued and stray braces, quotes
/// and backticks (closed or not), heredocs (valid, invalid, escaped), comments, escapes,
/// continuations, CR, BOM, NUL and Unicode whitespace.
const FRAGMENTS: &[&str] = &[
    "a",
    "bb",
    "example.com",
    ":80",
    "@m",
    "*",
    "import",
    "import a\n{",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n\n",
    "{",
    "}",
    " { ",
    " } ",
    " {\n",
    "\n}\n",
    "{}",
    "{{",
    "}}",
    "x{",
    "}y",
    "{$X}",
    "{b}",
    "\"",
    "\"q  x\"",
    "\"{ }\"",
    "`",
    "`b  t`",
    "#c ",
    "# c}\n",
    "e#f",
    "\\",
    "\\\n",
    "\\ ",
    "\\#",
    "\\`",
    "\\\"",
    "\\<<",
    "<",
    "a<",
    "<<",
    "<<EOF",
    "<<EOF \n",
    "EOF",
    "EOF 200",
    "\n<<EOF\n  body\n  EOF\n",
    "\t<<END\r\n\tEND\r\n",
    "\r",
    "\r\n",
    "\u{feff}",
    "\u{a0}",
    "\0",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|parts| parts.concat())
}

fn characters() -> impl Strategy<Value = String> {
    "[a-z{}\"`\\\\#<$ \t\r\n\u{feff}\u{a0}\u{3000}\0]{0,80}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn formatting_fragments_twice_changes_nothing(input in fragments()) {
        let once = format(&input);
        prop_assert_eq!(format(&once), once);
    }

    #[test]
    fn formatting_characters_twice_changes_nothing(input in characters()) {
        let once = format(&input);
        prop_assert_eq!(format(&once), once);
    }

    #[test]
    fn formatting_any_text_twice_changes_nothing(input in any::<String>()) {
        let once = format(&input);
        prop_assert_eq!(format(&once), once);
    }
}
