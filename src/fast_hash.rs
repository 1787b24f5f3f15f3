//! A fast hasher for maps whose keys come from the program, not from an adversary.
//!
//! std's `HashMap` hashes with SipHash-1-3, which resists crafted collisions at a price of tens
//! of nanoseconds a key; the function-word table is looked up for every word of every sentence
//! and its keys are the program's own (the input only chooses which of them it asks for; a word
//! that is no key costs one probe whatever it is), so that protection buys nothing there. This
//! is the multiply-rotate hash of the Firefox and rustc compilers (FxHash), written out here: a
//! dozen lines did not seem worth a dependency.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiply-rotate hasher (FxHash): one rotation, one xor and one multiplication a word.
#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

/// The multiplier of FxHash (a 64-bit odd constant with well-spread bits).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // (overlapping loads, not a copy of variable length: that is a call to `memcpy`
            // for the tail of nearly every word looked up)
            self.add(crate::ascii8::little_endian(rest) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // a product's low bits depend only on the low bits of what was multiplied, and hashbrown
        // picks the bucket from the low bits: the well-mixed high bits are rotated down
        self.hash.rotate_left(26)
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of(value: impl Hash) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(hash_of("della"), hash_of("della"));
        assert_ne!(hash_of("della"), hash_of("delle"));
        // a short tail is not confused with the same bytes and zeros
        let mut a = FastHasher::default();
        a.write(b"ab");
        let mut b = FastHasher::default();
        b.write(b"ab\0");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn a_map_with_it_finds_what_it_holds() {
        let mut map: FastMap<u64, usize> = FastMap::default();
        for key in 0..10_000u64 {
            map.insert(key * 0x1_0000_0001, key as usize);
        }
        for key in 0..10_000u64 {
            assert_eq!(map.get(&(key * 0x1_0000_0001)), Some(&(key as usize)));
        }
        assert_eq!(map.get(&3), None);
    }
}
