//! One snapshot per fixture (`tests/fixtures/{valid,invalid}/<topic>/<name>.Caddyfile`):
//! the tree dump and its errors. Valid fixtures have no error, invalid ones at least one,
//! and every fixture round-trips through the tree.

use caddyfile_parser::{dump, parse, print};

#[test]
fn fixtures_dump_round_trip_and_error_as_their_folder_says() {
    insta::glob!("fixtures/{valid,invalid}/**/*.Caddyfile", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse(&text);
        assert_eq!(
            print(&parsed.tree, &text),
            text,
            "round trip of {}",
            path.display()
        );
        let valid = path.components().any(|c| c.as_os_str() == "valid");
        if valid {
            assert!(
                parsed.errors.is_empty(),
                "{}: {:?}",
                path.display(),
                parsed.errors
            );
        } else {
            assert!(
                !parsed.errors.is_empty(),
                "{} should have errors",
                path.display()
            );
        }
        insta::assert_snapshot!(dump(&parsed, &text));
    });
}
