//! A Bloom filter: "certainly not in the set" in one memory read, for the tables a hot path
//! looks up far more often with a word that is not there than with one that is.
//!
//! The tagger asks for every word of every sentence whether a gazetteer key starts there, and
//! the resolve stage asks whether a word is a cue word or a gazetteer name's surname. Nearly
//! every answer is no. A hash table answers no only after hashing the key, reading a group of
//! its control bytes and often comparing against a key stored elsewhere; a table of 30,000
//! entries does not stay in the cache, so that is a cache miss or two for nothing. A Bloom
//! filter of the same keys is a few kilobytes to a few hundred: it says no for most words
//! with one read of memory that is already in the cache, and the table is asked only for the
//! rest (it may say "maybe" for a word that is not there, about 2% of the time: the table then
//! says no).
//!
//! The filter is *blocked*: each entry sets two bits of one 64-bit word, chosen by its hash,
//! so a lookup reads one word, however many bits an entry has; 16 bits per entry keep false
//! positives under 2%.

use crate::ascii8;

/// A blocked Bloom filter of 64-bit hashes (see the module documentation).
#[derive(Debug, Clone)]
pub struct Bloom {
    words: Vec<u64>,
    /// `64 - log2(words.len())`: a hash shifted right by it selects the word.
    shift: u32,
}

impl Bloom {
    const BITS_PER_ENTRY: usize = 16;

    /// An empty filter sized for `entries` entries.
    pub fn new(entries: usize) -> Bloom {
        let words = (entries * Self::BITS_PER_ENTRY / 64).next_power_of_two();
        Bloom {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// A filter of the byte strings of `keys` (hashed by [`hash_bytes`]), for
    /// [`Bloom::may_contain`].
    pub fn of_keys<'k>(keys: impl ExactSizeIterator<Item = &'k [u8]>) -> Bloom {
        let mut bloom = Bloom::new(keys.len());
        for key in keys {
            bloom.insert(hash_bytes(key));
        }
        bloom
    }

    /// The word of an entry (the top bits of its hash) and its two bits in it (the low bits).
    #[inline]
    fn place(&self, hash: u64) -> (usize, u64) {
        // (`checked_shr`: a table of one word has a shift of 64)
        let word = hash.checked_shr(self.shift).unwrap_or(0) as usize;
        (word, 1 << (hash & 63) | 1 << ((hash >> 6) & 63))
    }

    pub fn insert(&mut self, hash: u64) {
        let (word, mask) = self.place(hash);
        self.words[word] |= mask;
    }

    /// False when no entry has this hash; true when one may.
    #[inline]
    pub fn contains(&self, hash: u64) -> bool {
        let (word, mask) = self.place(hash);
        self.words[word] & mask == mask
    }

    /// False when `key` is certainly none of the keys the filter was made of (by
    /// [`Bloom::of_keys`]).
    #[inline]
    pub fn may_contain(&self, key: &[u8]) -> bool {
        self.contains(hash_bytes(key))
    }

    /// Asks the processor to bring the word of `hash` into its cache, without waiting for it,
    /// so that a [`Bloom::contains`] made a little later finds it there. A hint, which changes
    /// no result (and does nothing on processors other than x86-64).
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        let (word, _) = self.place(hash);
        #[cfg(target_arch = "x86_64")]
        if let Some(word) = self.words.get(word) {
            // SAFETY: a prefetch reads nothing into the program and cannot fault, whatever the
            // address; this one is that of an element of the table, valid anyway
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                _mm_prefetch::<_MM_HINT_T0>((word as *const u64).cast::<i8>());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = word;
    }
}

/// A hash of a byte string for [`Bloom::of_keys`] and [`Bloom::may_contain`] ([`hash_in`] of
/// the whole string).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    hash_in(0, bytes, 0, bytes.len())
}

/// A hash of `text[start..end]` from `seed` (one seed for each kind of entry a filter holds),
/// eight bytes at a time (most words take one multiplication), its length mixed in. The last
/// piece is read as eight bytes and masked when the text goes on that far, so a word costs one
/// load whatever its length: a branch on the length of each word would be mispredicted at
/// every other word.
#[inline]
pub fn hash_in(seed: u64, text: &[u8], start: usize, end: usize) -> u64 {
    const MULTIPLIER: u64 = 0x9fb2_1c65_1e98_df25;
    let mut hash = seed ^ ((end - start) as u64).wrapping_mul(MULTIPLIER);
    let mut at = start;
    while end - at > 8 {
        hash = (hash ^ ascii8::little_endian(&text[at..at + 8])).wrapping_mul(MULTIPLIER);
        hash ^= hash >> 32;
        at += 8;
    }
    let last = match text.get(at..at + 8) {
        Some(eight) => {
            let kept = u64::MAX
                .checked_shr(64 - 8 * (end - at) as u32)
                .unwrap_or(0);
            ascii8::little_endian(eight) & kept
        }
        None => ascii8::little_endian(&text[at..end]),
    };
    hash = (hash ^ last).wrapping_mul(MULTIPLIER);
    hash ^= hash >> 29;
    hash.wrapping_mul(MULTIPLIER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_found_and_most_others_are_not() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("key{i}")).collect();
        let bloom = Bloom::of_keys(keys.iter().map(|k| k.as_bytes()));
        assert!(keys.iter().all(|k| bloom.may_contain(k.as_bytes())));
        let others = (0..10_000)
            .filter(|i| bloom.may_contain(format!("other{i}").as_bytes()))
            .count();
        // 16 bits an entry: about 1.5% false positives
        assert!(others < 400, "{others} false positives in 10,000");
    }

    #[test]
    fn a_tiny_filter_works_too() {
        let bloom = Bloom::of_keys(std::iter::once(&b"a"[..]));
        assert!(bloom.may_contain(b"a"));
        let empty = Bloom::of_keys(std::iter::empty());
        assert!(!empty.may_contain(b"a"));
    }

    #[test]
    fn the_hash_reads_every_byte_and_the_length() {
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
        assert_ne!(hash_bytes(b"milano12"), hash_bytes(b"milano13"));
        assert_ne!(
            hash_bytes(b"manchester united"),
            hash_bytes(b"manchester unitee")
        );
        assert_eq!(hash_bytes(b""), hash_bytes(b""));
    }

    /// A key is hashed alone and a word inside its text: the bytes after the word must not
    /// count, whether they are there to load or not.
    #[test]
    fn a_hash_depends_only_on_its_bytes() {
        let text = b"kaka real madrid l'equipe 1. fc koln vinicius junior";
        let seed = 0x9e37_79b9_7f4a_7c15;
        for start in 0..text.len() {
            for end in start..=text.len() {
                let alone = hash_in(seed, &text[start..end], 0, end - start);
                let inside = hash_in(seed, text, start, end);
                assert_eq!(alone, inside, "{:?}", &text[start..end]);
            }
        }
    }
}
