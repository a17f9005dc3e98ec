//! Interpolation on bad and large input, and the range property.

use std::ops::Range;

use compose_model::interpolate::{self, InterpolationError};

#[test]
fn large_inputs_are_linear_and_never_panic() {
    let big = "host=${HOST:-db} port=$PORT $$ $(x) ".repeat(300_000);
    assert!(big.len() > 10_000_000);
    let refs = interpolate::references(&big).unwrap();
    assert_eq!(refs.len(), 600_000);
    let out = interpolate::substitute(&big, &|_| Some("v".to_owned())).unwrap();
    assert!(out.starts_with("host=v port=v $ $(x) "));

    let long_name = format!("${{{}}}", "A".repeat(5_000_000));
    assert_eq!(
        interpolate::references(&long_name).unwrap()[0].name.len(),
        5_000_000
    );

    let unterminated = format!("${{A:-{}", "x".repeat(5_000_000));
    assert!(matches!(
        interpolate::references(&unterminated),
        Err(InterpolationError::InvalidFormat { .. })
    ));

    let braces = format!("${{A:-{}}}", "{".repeat(1_000_000));
    assert_eq!(
        interpolate::substitute(&braces, &|_| None).unwrap(),
        "{".repeat(1_000_000)
    );
}

#[test]
fn nul_bytes_and_odd_characters_are_literal() {
    let text = "\0$A\0${B:-\0}\u{feff}$é";
    let out = interpolate::substitute(text, &|name| Some(name.to_lowercase())).unwrap();
    assert_eq!(out, "\0a\0b\u{feff}$é");
}

proptest::proptest! {
    #[test]
    fn every_range_slices_the_input(text in "(\\$|\\{|\\}|:|-|\\+|\\?|A|b_|1|é| |\n)*") {
        match interpolate::references(&text) {
            Ok(refs) => {
                for r in interpolate::flatten(&refs) {
                    proptest::prop_assert_eq!(&text[r.name_range], r.name.as_str());
                    proptest::prop_assert!(text.get(Range::<usize>::from(r.range)).is_some());
                    proptest::prop_assert!(r.range.contains_range(r.name_range));
                    if let Some(op) = r.operand_range {
                        proptest::prop_assert!(r.range.contains_range(op));
                    }
                }
                // A valid template substitutes unless a `?` form fires.
                let lookup = |_: &str| Some("x".to_owned());
                proptest::prop_assert!(interpolate::substitute(&text, &lookup).is_ok());
            }
            Err(e) => {
                proptest::prop_assert!(text.get(Range::<usize>::from(e.range())).is_some());
                proptest::prop_assert!(interpolate::substitute(&text, &|_| None).is_err());
            }
        }
    }
}
