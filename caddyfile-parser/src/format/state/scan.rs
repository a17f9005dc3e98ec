//! Scanning for the fast path ([`super::lines`]): runs of whitespace and of words.
//!
//! Whitespace is read eight bytes at a time: one `u64` holds eight bytes of input, the first
//! in the lowest byte, and a few arithmetic operations flag the bytes of interest in all eight
//! at once ("SWAR"). This keeps the loop free of branches on each byte, which the processor
//! would mispredict on indentation of varying shape. A flag is the high bit (0x80) of a byte;
//! the tests are exact per byte: no carry crosses from one byte into the next.
//!
//! Words are read a byte at a time, four per loop: their lengths repeat from line to line
//! far more than indentation does, and that loop is shorter.

use super::WORD;

/// 0x01 in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// 0x80 in every byte: the flags.
const HIGH: u64 = ONES * 0x80;

/// The eight bytes at `at`, or `None` if fewer are left.
fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*chunk))
}

/// Flags the bytes of `word` equal to `byte`.
fn equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    // A byte's low seven bits plus 0x7f reach 0x80 unless they are all zero.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The number of flags in `flags` (`count_ones` is a loop of its own on x86-64 without
/// `popcnt`: add up the bytes instead).
fn count(flags: u64) -> usize {
    ((flags >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// A run of whitespace made of newlines, tabs and spaces.
pub(super) struct Blanks {
    /// Where the run ends: the first byte that is none of them.
    pub(super) end: usize,
    /// The newlines in it.
    pub(super) newlines: usize,
    /// Where its last line starts: after its last newline, or where it starts.
    pub(super) line: usize,
    /// It has a space.
    pub(super) spaces: bool,
}

/// Reads the run of newlines, tabs and spaces that starts at `at` (perhaps empty).
/// `formatted` says the text so far was already laid out: then the run is most likely a
/// newline and tabs, which is checked first.
#[inline]
pub(super) fn blanks(bytes: &[u8], mut at: usize, formatted: bool) -> Blanks {
    let mut run = Blanks {
        end: at,
        newlines: 0,
        line: at,
        spaces: false,
    };
    // The usual run in formatted text: a newline and up to six tabs before a token.
    if let Some(word) = load(bytes, at).filter(|_| formatted) {
        const NEWLINE_TABS: u64 = u64::from_le_bytes(*b"\n\t\t\t\t\t\t\t");
        let same = (word ^ NEWLINE_TABS).trailing_zeros() as usize / 8;
        if (1..8).contains(&same) && !matches!(bytes.get(at + same), Some(b' ' | b'\n')) {
            return Blanks {
                end: at + same,
                newlines: 1,
                line: at + 1,
                spaces: false,
            };
        }
    }
    while let Some(word) = load(bytes, at) {
        let (newlines, spaces) = (equal(word, b'\n'), equal(word, b' '));
        let others = !(newlines | spaces | equal(word, b'\t')) & HIGH;
        // The bits below the first byte that ends the run (all of them if none does).
        let before = others.wrapping_sub(1) & !others;
        let newlines = newlines & before;
        run.newlines += count(newlines);
        if newlines != 0 {
            run.line = at + (63 - newlines.leading_zeros() as usize) / 8 + 1;
        }
        run.spaces |= spaces & before != 0;
        if others != 0 {
            run.end = at + others.trailing_zeros() as usize / 8;
            return run;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\n' => {
                run.newlines += 1;
                run.line = at + 1;
            }
            b' ' => run.spaces = true,
            b'\t' => {}
            _ => break,
        }
        at += 1;
    }
    run.end = at;
    run
}

/// The end of the run of word characters and single spaces that starts at `at`: the first
/// byte that is neither, or the second of two spaces.
#[inline]
pub(super) fn words(bytes: &[u8], mut at: usize) -> usize {
    loop {
        at = word_end(bytes, at);
        if bytes.get(at) != Some(&b' ') || bytes.get(at.wrapping_sub(1)) == Some(&b' ') {
            return at;
        }
        at += 1;
        if !bytes.get(at).is_some_and(|&b| WORD[usize::from(b)]) {
            return at;
        }
    }
}

/// The end of the run of word characters that starts at `at`.
fn word_end(bytes: &[u8], mut at: usize) -> usize {
    // Four at a time, then one at a time.
    while let Some(&[a, b, c, d]) = bytes.get(at..at + 4) {
        if !WORD[usize::from(a)] {
            return at;
        }
        if !WORD[usize::from(b)] {
            return at + 1;
        }
        if !WORD[usize::from(c)] {
            return at + 2;
        }
        if !WORD[usize::from(d)] {
            return at + 3;
        }
        at += 4;
    }
    while bytes.get(at).is_some_and(|&b| WORD[usize::from(b)]) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::{blanks, words};

    /// `blanks` one byte at a time, as the reference.
    fn blanks_reference(bytes: &[u8], start: usize) -> (usize, usize, usize, bool) {
        let (mut at, mut newlines, mut line, mut spaces) = (start, 0, start, false);
        while let Some(&byte) = bytes.get(at) {
            match byte {
                b'\n' => (newlines, line) = (newlines + 1, at + 1),
                b' ' => spaces = true,
                b'\t' => {}
                _ => break,
            }
            at += 1;
        }
        (at, newlines, line, spaces)
    }

    /// `words` one byte at a time, from its definition.
    fn words_reference(bytes: &[u8], start: usize) -> usize {
        let mut at = start + 1;
        while let Some(&byte) = bytes.get(at) {
            let word = byte < 0x80 && !b" \t\n\x0b\x0c\r{}\\#\"`<".contains(&byte);
            if !(word || (byte == b' ' && bytes[at - 1] != b' ')) {
                break;
            }
            at += 1;
        }
        at
    }

    #[test]
    fn words_stop_at_the_second_of_two_spaces() {
        assert_eq!(words(b"abcdefg  h", 0), 8);
        assert_eq!(words(b"abcdefgh  i", 0), 9);
        assert_eq!(words(b"a b  c", 2), 4);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn words_of_letters_and_spaces_read_like_one_byte_at_a_time(
            text in "a[a-z ]{0,40}",
        ) {
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(words(bytes, 0), words_reference(bytes, 0));
        }

        #[test]
        fn blanks_reads_like_one_byte_at_a_time(
            text in "[\n\t x]{0,40}",
            start in 0usize..40,
            formatted: bool,
        ) {
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            let run = blanks(bytes, start, formatted);
            proptest::prop_assert_eq!(
                (run.end, run.newlines, run.line, run.spaces),
                blanks_reference(bytes, start)
            );
        }

        #[test]
        fn words_reads_like_one_byte_at_a_time(
            text in "[a-z      .:/!|~{}\"#<>\\\\`\t\n\u{7f}\u{1c}\u{0}é]{1,48}",
            start in 0usize..48,
        ) {
            let bytes = text.as_bytes();
            // `words` starts at a word character.
            let Some(start) = (start..bytes.len()).find(|&at| {
                bytes[at] < 0x80 && !b" \t\n\x0b\x0c\r{}\\#\"`<".contains(&bytes[at])
            }) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(words(bytes, start), words_reference(bytes, start));
        }
    }
}
