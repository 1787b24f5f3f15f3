//! Eight bytes of ASCII text at a time, as one `u64` (SWAR: SIMD within a register).
//!
//! Three stages read every word of every sentence (the tagger folding it, the function-word
//! check of its language, the words of the resolve stage), and nearly every byte of English and
//! Italian news is ASCII. Asking of each byte in turn whether it is a letter costs a load, a few
//! comparisons and a branch a byte; asking it of eight bytes at once costs a few additions and
//! masks for all eight, and a word of news text (five or six bytes) usually ends inside the
//! first eight bytes read.
//!
//! The trick: with the top bit of every byte cleared, adding `0x80 - first` to each byte sets
//! its top bit exactly when the byte is `first` or above, and no byte's sum carries into the
//! next (the largest sum is `0x7F + 0x7F`). Two such additions bound a range; a byte whose own
//! top bit was set (beyond ASCII) is masked out afterwards. Bytes are read little-endian, so
//! the first byte of the text is the lowest of the number and "the first byte that is not a
//! letter" is a count of trailing zero bits.

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The top bit of every byte.
pub const HIGH: u64 = 0x80 * ONES;

/// The eight bytes of `bytes` from `at` on, the first lowest; `None` when fewer remain.
#[inline]
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.saturating_add(8))?;
    let mut eight = [0u8; 8];
    eight.copy_from_slice(chunk);
    Some(u64::from_le_bytes(eight))
}

/// Up to eight bytes as a little-endian number (zeros for the missing bytes), read with two
/// overlapping loads instead of a copy of variable length.
#[inline]
pub fn little_endian(bytes: &[u8]) -> u64 {
    let length = bytes.len();
    if length >= 8 {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[..8]);
        u64::from_le_bytes(word)
    } else if length >= 4 {
        let load = |at: usize| {
            let mut word = [0u8; 4];
            word.copy_from_slice(&bytes[at..at + 4]);
            u64::from(u32::from_le_bytes(word))
        };
        // the two loads overlap on the same bytes at the same places
        load(0) | (load(length - 4) << ((length - 4) * 8))
    } else if length > 0 {
        // bytes 0, length / 2 and length - 1 at their places: all of them, for up to three
        let at_place = |index: usize| u64::from(bytes[index]) << (8 * index);
        at_place(0) | at_place(length / 2) | at_place(length - 1)
    } else {
        0
    }
}

/// The top bit of each byte of `low` (whose top bits are clear) set when the byte is in
/// `first..=last`; the other bits are noise, for the caller to mask.
#[inline(always)]
fn within(low: u64, first: u8, last: u8) -> u64 {
    (low + (0x80 - u64::from(first)) * ONES) & !(low + (0x7f - u64::from(last)) * ONES)
}

/// What the eight bytes of a word are, each class as the top bit of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classes {
    /// ASCII letters, small or capital.
    pub letters: u64,
    /// ASCII capitals.
    pub capitals: u64,
    /// ASCII letters and digits.
    pub alphanumeric: u64,
}

impl Classes {
    /// The classes of the eight bytes of `word`.
    #[inline]
    pub fn of(word: u64) -> Classes {
        let ascii = !word & HIGH;
        let low = word & !HIGH;
        // `| 0x20` makes a capital small and keeps a small letter; what else it moves into
        // `a..=z` was in `@[\]^_` or beyond, none of which is a letter after the mask below
        let letters = within(low | (0x20 * ONES), b'a', b'z') & ascii;
        let capitals = within(low, b'A', b'Z') & ascii;
        let alphanumeric = letters | (within(low, b'0', b'9') & ascii);
        Classes {
            letters,
            capitals,
            alphanumeric,
        }
    }
}

/// The top bit of each byte of `word` set when the byte is printable ASCII, a space to `~`
/// (what text holds between its control characters and the bytes of other scripts).
#[inline]
pub fn printable(word: u64) -> u64 {
    within(word & !HIGH, b' ', b'~') & !word & HIGH
}

/// The top bit of each byte of `word` set when the byte is `byte`, exactly (no noise: a byte
/// one above or below, or with its top bit set, is not).
#[inline]
pub fn equal_to(word: u64, byte: u8) -> u64 {
    let zero_where_equal = word ^ (u64::from(byte) * ONES);
    // a byte's low seven bits plus 0x7F reach the top bit unless they are all zero; its own
    // top bit is ORed in: a byte is zero exactly when neither sets it
    !(((zero_where_equal & !HIGH) + !HIGH) | zero_where_equal) & HIGH
}

/// How many of the eight bytes, from the first, have the top bit set in `class` before the first
/// that has not: 0 to 8.
#[inline]
pub fn run_length(class: u64) -> usize {
    ((!class & HIGH).trailing_zeros() / 8) as usize
}

/// The mask of the first `length` bytes (at most 8).
#[inline]
pub fn first_bytes(length: usize) -> u64 {
    if length >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * length)) - 1
    }
}

/// `word` with its capitals made small (`letters` from [`Classes::of`] of it): a capital and
/// its small letter differ by the 0x20 bit alone, which is the top bit moved down two places.
#[inline]
pub fn lowercase(word: u64, letters: u64) -> u64 {
    word | letters >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_at_every_position_is_classed_as_alone() {
        for base in [b'a', b'Q', b'7'] {
            for position in 0..8 {
                for byte in 0..=255u8 {
                    let mut eight = [base; 8];
                    eight[position] = byte;
                    let word = u64::from_le_bytes(eight);
                    let classes = Classes::of(word);
                    let class_of = |test: &dyn Fn(&u8) -> bool| {
                        eight
                            .iter()
                            .enumerate()
                            .filter(|(_, b)| test(b))
                            .fold(0u64, |mask, (at, _)| mask | 0x80 << (8 * at))
                    };
                    assert_eq!(classes.letters, class_of(&u8::is_ascii_alphabetic));
                    assert_eq!(classes.capitals, class_of(&u8::is_ascii_uppercase));
                    assert_eq!(classes.alphanumeric, class_of(&u8::is_ascii_alphanumeric));
                    assert_eq!(printable(word), class_of(&|b| (b' '..=b'~').contains(b)));
                    for target in [b' ', b'`', byte, byte ^ 0x80, byte.wrapping_add(1)] {
                        assert_eq!(equal_to(word, target), class_of(&|b| *b == target));
                    }
                    let run = eight
                        .iter()
                        .position(|b| !b.is_ascii_alphanumeric())
                        .unwrap_or(8);
                    assert_eq!(run_length(classes.alphanumeric), run, "{eight:?}");
                    let lower: Vec<u8> = eight.iter().map(u8::to_ascii_lowercase).collect();
                    assert_eq!(
                        lowercase(word, classes.letters).to_le_bytes().to_vec(),
                        lower
                    );
                }
            }
        }
    }

    #[test]
    fn loads_eight_bytes_or_none_and_masks_the_first_ones() {
        let bytes: Vec<u8> = (1..=9).collect();
        assert_eq!(load(&bytes, 0), Some(0x0807_0605_0403_0201));
        assert_eq!(load(&bytes, 1), Some(0x0908_0706_0504_0302));
        assert_eq!(load(&bytes, 2), None);
        assert_eq!(load(&bytes, usize::MAX), None);
        assert_eq!(first_bytes(0), 0);
        assert_eq!(first_bytes(3), 0xFF_FFFF);
        assert_eq!(first_bytes(8), u64::MAX);
    }

    #[test]
    fn little_endian_reads_short_slices() {
        let bytes: Vec<u8> = (1..=9).collect();
        for length in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..length].copy_from_slice(&bytes[..length]);
            let expected = u64::from_le_bytes(padded);
            assert_eq!(little_endian(&bytes[..length]), expected, "length {length}");
        }
        assert_eq!(
            little_endian(&bytes),
            u64::from_le_bytes([1, 2, 3, 4, 5, 6, 7, 8])
        );
    }
}
