//! The bytes a JSON string cannot hold raw (control characters, `"` and
//! `\`), found a word at a time: the lexer looks for where a string ends or
//! escapes, the writer for whether a string needs escaping.

/// `true` for a control character, `"` or `\`.
#[inline]
pub(crate) fn is_special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The high bit set in each byte of `x` (little-endian) that may be special.
/// Exact as an existence test, and the lowest set bit marks the first
/// special byte exactly (bits above it may be false alarms from borrows).
/// Bytes ≥ 0x80 never match.
#[inline]
pub(crate) fn special_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let control = x.wrapping_sub(ONES * 0x20) & !x;
    let q = x ^ (ONES * u64::from(b'"'));
    let quote = q.wrapping_sub(ONES) & !q;
    let bs = x ^ (ONES * u64::from(b'\\'));
    let backslash = bs.wrapping_sub(ONES) & !bs;
    (control | quote | backslash) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_set_bit_is_the_first_special_byte() {
        for special in [0u8, 0x1f, b'"', b'\\'] {
            for at in 0..8 {
                for filler in [b'a', 0x7f, 0xff, 0x20, b'!'] {
                    let mut word = [filler; 8];
                    word[at] = special;
                    let mask = special_bytes(u64::from_le_bytes(word));
                    assert_eq!(mask.trailing_zeros() / 8, at as u32, "{word:?}");
                    assert!(is_special(special));
                }
                assert!(!is_special(b'a'));
            }
        }
        for clean in [*b"abcdefgh", [0x20; 8], [0x7f; 8], [0x80; 8], [0xff; 8]] {
            assert_eq!(special_bytes(u64::from_le_bytes(clean)), 0, "{clean:?}");
        }
    }
}
