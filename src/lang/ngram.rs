//! A byte n-gram naive Bayes model of the six languages news dumps mix most: English, Italian,
//! Spanish, Portuguese, French and German.
//!
//! whatlang knows seventy languages but reads short text poorly: its profiles keep a few hundred
//! trigrams per language. This model keeps tens of thousands of n-grams of one to five bytes for
//! six languages only, with their probability in each, so one short sentence already carries
//! enough evidence. It is trained by `examples/train_lang.rs` from text in the repository and
//! the team's corpus, and compiled into the binary: nothing is fetched at run time.
//!
//! Text is read as a stream of lowercase letters (as UTF-8 bytes), with every run of
//! non-letters (spaces, digits, punctuation) turned into one space, so that ` the ` or `ción `
//! mark word edges; an apostrophe after a letter is kept (`l'`, `dell'`, `don't`). Every byte
//! n-gram of that stream is a feature, words edges and spaces between words included.
//!
//! The model is a table of features with, for each language, one byte: the cost of the feature
//! (its negative log2-probability in that language, in quarters of a bit, saturated at 127)
//! shifted left by one, and in the low bit whether the feature occurred at all in that
//! language's training text. A text's cost in a language is the sum of the costs of its
//! features; the cheapest language is the most probable. The eight bytes of a feature (six
//! languages, two unused) are summed lane by lane, which the compiler turns into vector adds.

use std::collections::HashMap;

/// The languages of the model, in the order of the cost columns.
pub const MODEL_LANGS: [&str; 6] = ["de", "en", "es", "fr", "it", "pt"];

/// Number of languages of the model.
pub const LANG_COUNT: usize = MODEL_LANGS.len();

/// Costs are in units of `1 / COST_SCALE` bits.
pub const COST_SCALE: f64 = 4.0;

/// Highest cost a feature can have, in `1 / COST_SCALE` bits.
const MAX_COST: f64 = 127.0;

/// Bytes per feature in the table: one per language, padded to a power of two.
const LANES: usize = 8;

/// Longest n-gram the featurizer can produce, in bytes.
pub const MAX_ORDER_LIMIT: usize = 7;

const MAGIC: &[u8; 8] = b"ANLM\x00\x00\x00\x03";

/// The byte stream of a text as the model reads it, handed to `push` one byte at a time.
/// Returns nothing; `push(byte)` is called with a leading and a trailing space around the text.
fn for_each_stream_byte(text: &str, mut push: impl FnMut(u8)) {
    push(b' ');
    let bytes = text.as_bytes();
    let mut last_was_space = true;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            at += 1;
            if byte.is_ascii_alphabetic() {
                push(byte.to_ascii_lowercase());
                last_was_space = false;
            } else if !last_was_space {
                // an apostrophe glues to the word before it and ends it: `l'` + ` ` + `uomo`
                if byte == b'\'' {
                    push(b'\'');
                }
                push(b' ');
                last_was_space = true;
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if c.is_alphabetic() {
            let mut buffer = [0u8; 4];
            for lower in c.to_lowercase() {
                for &byte in lower.encode_utf8(&mut buffer).as_bytes() {
                    push(byte);
                }
            }
            last_was_space = false;
        } else if matches!(c, '\u{2019}' | '\u{02BC}') {
            if !last_was_space {
                push(b'\'');
                push(b' ');
                last_was_space = true;
            }
        } else if !last_was_space {
            push(b' ');
            last_was_space = true;
        }
    }
    if !last_was_space {
        push(b' ');
    }
}

/// Calls `emit` with every n-gram key of `text`, for n from `min_order` to `max_order`: the n
/// bytes in the low bits and n in the top byte, so keys of different lengths never collide and
/// no key is 0. A lone space is not a feature.
pub fn for_each_ngram(text: &str, min_order: usize, max_order: usize, mut emit: impl FnMut(u64)) {
    let max_order = max_order.clamp(1, MAX_ORDER_LIMIT);
    let min_order = min_order.clamp(1, max_order);
    let mut window: u64 = 0;
    let mut filled = 0usize;
    for_each_stream_byte(text, |byte| {
        window = (window << 8) | u64::from(byte);
        filled = (filled + 1).min(max_order);
        for order in min_order..=filled {
            if order == 1 && byte == b' ' {
                continue;
            }
            emit(ngram_key(order, window));
        }
    });
}

/// The key of the n-gram of the last `order` bytes of `window`: those bytes in the low bits and
/// `order` in the top byte.
#[inline(always)]
fn ngram_key(order: usize, window: u64) -> u64 {
    ((order as u64) << 56) | (window & (u64::MAX >> (64 - 8 * order)))
}
/// The order (length in bytes) of an n-gram key.
pub fn key_order(key: u64) -> usize {
    (key >> 56) as usize
}

/// A text's costs in each language, and how much of it the model knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Costs {
    /// Sum of the feature costs in each language of [`MODEL_LANGS`], in `1/COST_SCALE` bits.
    pub per_lang: [u32; LANG_COUNT],
    /// Features read.
    pub features: u32,
    /// Features the model has seen in training (in any of its languages).
    pub known: u32,
    /// Features the model has seen in training in each language.
    pub seen_in: [u32; LANG_COUNT],
}

impl Costs {
    /// Languages by increasing cost (most probable first), as indexes into [`MODEL_LANGS`].
    pub fn ranking(&self, allowed: &[usize]) -> Vec<usize> {
        let mut ranked: Vec<usize> = if allowed.is_empty() {
            (0..LANG_COUNT).collect()
        } else {
            allowed.to_vec()
        };
        ranked.sort_by_key(|&i| (self.per_lang[i], i));
        ranked
    }

    /// [`Costs::ranking`] into `ranked` instead of a new vector: the languages of `allowed`
    /// (all when it is empty; at most [`LANG_COUNT`] of them) by increasing cost.
    pub fn ranking_into<'r>(
        &self,
        allowed: &[usize],
        ranked: &'r mut [usize; LANG_COUNT],
    ) -> &'r [usize] {
        let count = if allowed.is_empty() {
            for (lang, slot) in ranked.iter_mut().enumerate() {
                *slot = lang;
            }
            LANG_COUNT
        } else {
            let count = allowed.len().min(LANG_COUNT);
            ranked[..count].copy_from_slice(&allowed[..count]);
            count
        };
        let ranked = &mut ranked[..count];
        // the keys are distinct: an unstable sort gives the same order
        ranked.sort_unstable_by_key(|&i| (self.per_lang[i], i));
        ranked
    }
}

/// The trained model: an open-addressing table from n-gram keys to costs.
///
/// A slot is one `u64`: the six language bytes in the low 48 bits and a 16-bit fingerprint of
/// the key in the high 16 (0 for an empty slot). Storing a fingerprint instead of the key halves
/// the table, which then fits in a core's L2 cache. A text n-gram absent from the model matches
/// a stored one only when it lands in the same run of slots with the same fingerprint (odds of
/// about 1 in 30,000 per lookup), and then costs what that n-gram costs: noise far below what
/// decides an answer.
#[derive(Debug, Clone)]
pub struct NgramModel {
    min_order: usize,
    max_order: usize,
    slots: Vec<u64>,
    shift: u32,
    /// The entries as trained or read, sorted by key, for [`NgramModel::to_bytes`].
    entries: Vec<Entry>,
}

impl NgramModel {
    /// Builds the lookup table from entries sorted by key.
    fn from_entries(min_order: usize, max_order: usize, entries: Vec<Entry>) -> NgramModel {
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let shift = 64 - capacity.trailing_zeros();
        let mut slots = vec![0u64; capacity];
        'entries: for entry in &entries {
            let (mut index, fingerprint) = slot_of(entry.key, shift);
            while slots[index] != 0 {
                if slots[index] >> 48 == fingerprint {
                    // two n-grams of one run of slots share a fingerprint: lookups would
                    // find the first, so the second is left out (it happens to a handful)
                    continue 'entries;
                }
                index = (index + 1) & (capacity - 1);
            }
            slots[index] = (fingerprint << 48) | (u64::from_le_bytes(entry.lanes) & LANE_BITS);
        }
        NgramModel {
            min_order,
            max_order,
            slots,
            shift,
            entries,
        }
    }

    /// Shortest n-gram of the model, in bytes.
    pub fn min_order(&self) -> usize {
        self.min_order
    }

    /// Longest n-gram of the model, in bytes.
    pub fn max_order(&self) -> usize {
        self.max_order
    }

    /// Number of n-grams the model knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the model knows no n-gram.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The language bytes of `key` (see the module doc) as the low 48 bits, if the model knows
    /// the n-gram.
    #[inline(always)]
    fn lookup(&self, key: u64) -> Option<u64> {
        let (index, fingerprint) = slot_of(key, self.shift);
        self.probe(index, fingerprint)
    }

    /// The lookup from the home slot `index` of a key with `fingerprint` on.
    #[inline(always)]
    fn probe(&self, mut index: usize, fingerprint: u64) -> Option<u64> {
        let mask = self.slots.len() - 1;
        loop {
            let slot = self.slots[index];
            if slot >> 48 == fingerprint {
                return Some(slot & LANE_BITS);
            }
            if slot == 0 {
                return None;
            }
            index = (index + 1) & mask;
        }
    }

    /// The costs of `text` in every language of the model.
    pub fn costs(&self, text: &str) -> Costs {
        let mut sums = LaneSums::default();
        let features = match (self.min_order, self.max_order) {
            // the orders of the shipped model, as constants: the loop over them unrolls
            (3, 5) => {
                // the stream first, then one plain loop over it: the lookups of consecutive
                // n-grams overlap in the processor instead of waiting on nested closures. The
                // stream buffer is the thread's, reused from one text to the next (a sentence
                // is read many times a second: an allocation each time was a visible share).
                SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
                    Ok(mut scratch) => {
                        let Scratch { stream, homes } = &mut *scratch;
                        stream.clear();
                        for_each_stream_byte(text, |byte| stream.push(byte));
                        homes.resize(HOMES_PER_BLOCK, (0, 0));
                        self.add_features::<3, 5>(stream, homes, &mut sums)
                    }
                    // only if a `costs` call ever ran inside another on this thread
                    Err(_) => {
                        let mut stream = Vec::with_capacity(text.len() + 2);
                        for_each_stream_byte(text, |byte| stream.push(byte));
                        let mut homes = vec![(0, 0); HOMES_PER_BLOCK];
                        self.add_features::<3, 5>(&stream, &mut homes, &mut sums)
                    }
                })
            }
            (min_order, max_order) => {
                let mut features = 0;
                for_each_ngram(text, min_order, max_order, |key| {
                    features += 1;
                    if let Some(lanes) = self.lookup(key) {
                        sums.add(lanes);
                    }
                });
                features
            }
        };
        sums.flush();
        let mut costs = Costs {
            features,
            known: sums.added,
            ..Costs::default()
        };
        for lang in 0..LANG_COUNT {
            costs.per_lang[lang] = (sums.lanes[lang] - sums.seen[lang]) / 2;
            costs.seen_in[lang] = sums.seen[lang];
        }
        costs
    }

    /// Adds the n-grams of `MIN` to `MAX` bytes of `stream` (`MIN` at least 2, so that no
    /// n-gram is a lone space); returns how many there were.
    ///
    /// The table (two megabytes) does not stay in a core's first caches while other work
    /// runs, so most lookups wait on memory: the stream is read in blocks whose home slots are
    /// computed and fetched ahead (a prefetch each) before any is probed, so that the waits
    /// overlap instead of following one another behind the probe loop's branches. (Fetching a
    /// block while probing the one before measured no better.)
    ///
    /// `homes` (at least [`HOMES_PER_BLOCK`] long, its contents ignored) receives the (home
    /// slot, fingerprint) of each n-gram of a block, in stream order. It is the caller's so
    /// that a thread reuses one buffer: zeroing a fresh one for every sentence was a visible
    /// share of `detect` on one sentence a line.
    fn add_features<const MIN: usize, const MAX: usize>(
        &self,
        stream: &[u8],
        homes: &mut [(usize, u64)],
        sums: &mut LaneSums,
    ) -> u32 {
        const { assert!(MIN >= 2 && MIN <= MAX && MAX <= 8) };
        // a block's features fit the lanes at once (see `LaneSums::make_room`)
        const { assert!(BLOCK * (MAX - MIN + 1) <= LaneSums::MAX_PENDING as usize) };
        let mut features = 0;
        let mut window = 0u64;
        let homes = &mut homes[..HOMES_PER_BLOCK];
        let mask = self.slots.len() - 1;
        for (block_index, block) in stream.chunks(BLOCK).enumerate() {
            let mut count = 0;
            for (offset, &byte) in block.iter().enumerate() {
                window = (window << 8) | u64::from(byte);
                let filled = block_index * BLOCK + offset + 1;
                let mut add = |order: usize| {
                    let home = slot_of(ngram_key(order, window), self.shift);
                    prefetch(&self.slots[home.0 & mask]);
                    homes[count] = home;
                    count += 1;
                };
                if filled >= MAX {
                    // nearly every byte: the orders are constants, so this loop unrolls and
                    // each key's mask is known at compile time
                    for order in MIN..=MAX {
                        add(order);
                    }
                } else {
                    for order in MIN..=filled {
                        add(order);
                    }
                }
            }
            // a block's features cannot overflow the lanes once room is made for all of them,
            // so the sums are flushed here rather than checked after every feature
            sums.make_room(count);
            for &(index, fingerprint) in &homes[..count] {
                if let Some(lanes) = self.probe(index, fingerprint) {
                    sums.add_with_room(lanes);
                }
            }
            features += count as u32;
        }
        features
    }

    /// The model as bytes, for [`NgramModel::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(32 + self.entries.len() * (8 + LANG_COUNT));
        bytes.extend_from_slice(MAGIC);
        bytes.push(self.min_order as u8);
        bytes.push(self.max_order as u8);
        bytes.push(LANG_COUNT as u8);
        for code in MODEL_LANGS {
            bytes.extend_from_slice(code.as_bytes());
        }
        bytes.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        // keys are sorted, so each is stored as the difference from the previous one, as a
        // variable-length integer: the file is a third of its fixed-width size
        let mut previous = 0u64;
        for entry in &self.entries {
            write_varint(&mut bytes, entry.key - previous);
            previous = entry.key;
            bytes.extend_from_slice(&entry.lanes[..LANG_COUNT]);
        }
        bytes
    }

    /// Reads a model written by [`NgramModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NgramModel, String> {
        let mut reader = ByteReader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err("not an artnorm language model".to_owned());
        }
        let min_order = usize::from(reader.take(1)?[0]);
        let max_order = usize::from(reader.take(1)?[0]);
        if !(1..=MAX_ORDER_LIMIT).contains(&max_order) || !(1..=max_order).contains(&min_order) {
            return Err(format!(
                "n-gram orders {min_order}..={max_order} out of range"
            ));
        }
        if usize::from(reader.take(1)?[0]) != LANG_COUNT {
            return Err("language count differs from this build".to_owned());
        }
        for code in MODEL_LANGS {
            if reader.take(2)? != code.as_bytes() {
                return Err("languages differ from this build".to_owned());
            }
        }
        let count = u32::from_le_bytes(reader.take(4)?.try_into().map_err(|_| "short count")?);
        let mut entries = Vec::with_capacity(count as usize);
        let mut key = 0u64;
        for _ in 0..count {
            let delta = reader.varint()?;
            if delta == 0 && key != 0 {
                return Err("keys out of order".to_owned());
            }
            key = key.checked_add(delta).ok_or("key overflow")?;
            if !(min_order..=max_order).contains(&key_order(key)) {
                return Err(format!("key {key:#x} of a wrong order"));
            }
            let mut lanes = [0u8; LANES];
            lanes[..LANG_COUNT].copy_from_slice(reader.take(LANG_COUNT)?);
            entries.push(Entry { key, lanes });
        }
        if reader.at != bytes.len() {
            return Err("trailing bytes after the model".to_owned());
        }
        Ok(NgramModel::from_entries(min_order, max_order, entries))
    }
}

/// Lane-by-lane sums of feature bytes, kept in registers: the even and the odd bytes of each
/// feature are added as four 16-bit lanes each, and the low bits as eight 8-bit lanes, and the
/// lanes are moved to 32-bit totals before they can overflow (every 255 features).
#[derive(Default)]
struct LaneSums {
    even: u64,
    odd: u64,
    low_bits: u64,
    pending: u32,
    added: u32,
    lanes: [u32; LANES],
    seen: [u32; LANES],
}

impl LaneSums {
    const BYTE_LANES: u64 = 0x00FF_00FF_00FF_00FF;
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    /// Features the lanes hold before they are flushed: 255 bytes of at most 255 fit a 16-bit
    /// lane, 255 low bits an 8-bit one.
    const MAX_PENDING: u32 = 255;

    #[inline]
    fn add(&mut self, bytes: u64) {
        self.add_with_room(bytes);
        if self.pending == Self::MAX_PENDING {
            self.flush();
        }
    }

    /// Flushes the lanes if fewer than `features` more could be added without overflowing.
    #[inline]
    fn make_room(&mut self, features: usize) {
        if self.pending as usize + features > Self::MAX_PENDING as usize {
            self.flush();
        }
    }

    /// Adds a feature's bytes without the overflow check: where [`LaneSums::make_room`] made
    /// room for it, or from [`LaneSums::add`], which checks after.
    #[inline]
    fn add_with_room(&mut self, bytes: u64) {
        self.even += bytes & Self::BYTE_LANES;
        self.odd += (bytes >> 8) & Self::BYTE_LANES;
        self.low_bits += bytes & Self::LOW_BITS;
        self.pending += 1;
    }

    fn flush(&mut self) {
        for pair in 0..LANES / 2 {
            self.lanes[2 * pair] += ((self.even >> (16 * pair)) & 0xFFFF) as u32;
            self.lanes[2 * pair + 1] += ((self.odd >> (16 * pair)) & 0xFFFF) as u32;
        }
        for lane in 0..LANES {
            self.seen[lane] += ((self.low_bits >> (8 * lane)) & 0xFF) as u32;
        }
        self.added += self.pending;
        self.even = 0;
        self.odd = 0;
        self.low_bits = 0;
        self.pending = 0;
    }
}

/// An n-gram of the model as the trainer and the file give it.
#[derive(Debug, Clone)]
struct Entry {
    key: u64,
    lanes: [u8; LANES],
}

/// The stream is read in blocks of this many bytes (see [`NgramModel::add_features`]).
const BLOCK: usize = 32;
/// Room for the n-grams of a block: one per order for each byte (at most seven orders, as the
/// shortest is two bytes and the longest eight; eight keeps the bound plain).
const HOMES_PER_BLOCK: usize = BLOCK * 8;

/// What reading a text needs besides the model, reused from one text to the next on each
/// thread: the byte stream, and the n-grams of the block being looked up.
struct Scratch {
    stream: Vec<u8>,
    homes: Vec<(usize, u64)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const {
        std::cell::RefCell::new(Scratch {
            stream: Vec::new(),
            homes: Vec::new(),
        })
    };
}

/// Asks the processor to start loading the cache line of `slot`; no effect on the result.
#[inline(always)]
fn prefetch(slot: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and the pointer comes from a reference
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (slot as *const u64).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// The low 48 bits of a slot: one byte per language.
const LANE_BITS: u64 = (1 << 48) - 1;

/// The home slot of `key` in a table of `2^(64 - shift)` slots, and its fingerprint (never 0):
/// both from one multiplicative hash, the slot from its top bits and the fingerprint from the
/// 16 bits below them, so that keys sharing a slot still differ in fingerprint.
#[inline(always)]
fn slot_of(key: u64, shift: u32) -> (usize, u64) {
    let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let index = (hash >> shift) as usize;
    let fingerprint = ((hash << (64 - shift)) >> 48) | 1;
    (index, fingerprint)
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> ByteReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| "model file truncated".to_owned())?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("variable-length integer too long".to_owned())
    }
}

/// Counts n-grams of training text per language and turns them into an [`NgramModel`].
#[derive(Debug, Clone)]
pub struct Trainer {
    min_order: usize,
    max_order: usize,
    counts: HashMap<u64, [u32; LANG_COUNT]>,
    /// Total n-grams of each order (index `order - 1`) seen in each language.
    totals: Vec<[u64; LANG_COUNT]>,
}

impl Trainer {
    /// A trainer of n-grams of `min_order` to `max_order` bytes.
    pub fn new(min_order: usize, max_order: usize) -> Trainer {
        let max_order = max_order.clamp(1, MAX_ORDER_LIMIT);
        let min_order = min_order.clamp(1, max_order);
        Trainer {
            min_order,
            max_order,
            counts: HashMap::new(),
            totals: vec![[0; LANG_COUNT]; max_order],
        }
    }

    /// Adds `text`, written in the language of index `lang` in [`MODEL_LANGS`].
    pub fn add(&mut self, lang: usize, text: &str) {
        let (counts, totals) = (&mut self.counts, &mut self.totals);
        for_each_ngram(text, self.min_order, self.max_order, |key| {
            counts.entry(key).or_insert([0; LANG_COUNT])[lang] += 1;
            totals[key_order(key) - 1][lang] += 1;
        });
    }

    /// The model of the n-grams seen at least `min_count` times in all, with add-`alpha`
    /// smoothing of the probabilities within each order and language.
    pub fn build(&self, min_count: u32, alpha: f64) -> NgramModel {
        let mut kept: Vec<(u64, &[u32; LANG_COUNT])> = self
            .counts
            .iter()
            .filter(|(_, counts)| counts.iter().sum::<u32>() >= min_count)
            .map(|(&key, counts)| (key, counts))
            .collect();
        kept.sort_by_key(|&(key, _)| key);
        let mut vocabulary = vec![0f64; self.max_order];
        for (key, _) in &kept {
            vocabulary[key_order(*key) - 1] += 1.0;
        }
        let entries = kept
            .into_iter()
            .map(|(key, counts)| {
                let order = key_order(key) - 1;
                let mut lanes = [0u8; LANES];
                for lang in 0..LANG_COUNT {
                    let total = self.totals[order][lang] as f64;
                    let p = (f64::from(counts[lang]) + alpha) / (total + alpha * vocabulary[order]);
                    let cost = (-p.log2() * COST_SCALE).round().clamp(0.0, MAX_COST) as u8;
                    lanes[lang] = (cost << 1) | u8::from(counts[lang] > 0);
                }
                Entry { key, lanes }
            })
            .collect();
        NgramModel::from_entries(self.min_order, self.max_order, entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(text: &str) -> String {
        let mut bytes = Vec::new();
        for_each_stream_byte(text, |b| bytes.push(b));
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn stream_is_lowercase_letters_and_single_spaces() {
        assert_eq!(stream("The 2 CATS, sat."), " the cats sat ");
        assert_eq!(stream("L'Équipe dell’Inter"), " l' équipe dell' inter ");
        assert_eq!(stream("'quoted'"), " quoted' ");
        assert_eq!(stream(""), " ");
        assert_eq!(stream("42 -- !!"), " ");
    }

    #[test]
    fn ngram_keys_carry_their_length() {
        let mut keys = Vec::new();
        for_each_ngram("ab", 1, 3, |k| keys.push(k));
        let as_text: Vec<(usize, String)> = keys
            .iter()
            .map(|&k| {
                let order = key_order(k);
                let bytes: Vec<u8> = (0..order).rev().map(|i| (k >> (8 * i)) as u8).collect();
                (order, String::from_utf8(bytes).unwrap())
            })
            .collect();
        let expected: Vec<(usize, String)> = [
            (1, "a"),
            (2, " a"),
            (1, "b"),
            (2, "ab"),
            (3, " ab"),
            (2, "b "),
            (3, "ab "),
        ]
        .iter()
        .map(|&(o, s)| (o, s.to_owned()))
        .collect();
        assert_eq!(as_text, expected);
    }

    #[test]
    fn trained_model_prefers_the_language_it_was_shown() {
        let mut trainer = Trainer::new(1, 4);
        let en = MODEL_LANGS.iter().position(|&l| l == "en").unwrap();
        let it = MODEL_LANGS.iter().position(|&l| l == "it").unwrap();
        trainer.add(
            en,
            "the players and the coach of the team went to the stadium",
        );
        trainer.add(
            it,
            "i giocatori e l'allenatore della squadra sono andati allo stadio",
        );
        let model = trainer.build(1, 0.5);
        let costs = model.costs("the coach and the players");
        assert!(costs.per_lang[en] < costs.per_lang[it]);
        let costs = model.costs("la squadra dell'allenatore");
        assert!(costs.per_lang[it] < costs.per_lang[en]);
        assert_eq!(costs.ranking(&[en, it])[0], it);
    }

    /// The costs as the definition gives them: every n-gram from `for_each_ngram`, looked up.
    fn naive_costs(model: &NgramModel, text: &str) -> Costs {
        let mut costs = Costs::default();
        for_each_ngram(text, model.min_order, model.max_order, |key| {
            costs.features += 1;
            if let Some(lanes) = model.lookup(key) {
                costs.known += 1;
                for (lang, byte) in lanes.to_le_bytes().iter().take(LANG_COUNT).enumerate() {
                    costs.per_lang[lang] += u32::from(byte >> 1);
                    costs.seen_in[lang] += u32::from(byte & 1);
                }
            }
        });
        costs
    }

    #[test]
    fn fast_costs_equal_the_definition() {
        let training = [
            "the players and the coach of the team went to the stadium on sunday",
            "i giocatori e l'allenatore della squadra sono andati allo stadio domenica",
            "los jugadores y el entrenador del equipo fueron al estadio el domingo",
        ];
        let long = "the coach said that the team is ready. ".repeat(40);
        let texts = [
            "",
            "a",
            "ab",
            "the",
            "la squadra",
            "El equipo, ¿qué?",
            long.as_str(),
        ];
        for (min_order, max_order) in [(3, 5), (1, 4), (2, 2), (1, 7)] {
            let mut trainer = Trainer::new(min_order, max_order);
            for (lang, text) in training.iter().enumerate() {
                trainer.add(lang, text);
            }
            let model = trainer.build(1, 0.5);
            for text in texts {
                assert_eq!(
                    model.costs(text),
                    naive_costs(&model, text),
                    "{min_order}..={max_order}: {text:?}"
                );
            }
        }
    }

    #[test]
    fn ranking_into_equals_ranking() {
        let costs = Costs {
            per_lang: [30, 10, 10, 50, 0, 20],
            ..Costs::default()
        };
        for allowed in [&[][..], &[1, 4], &[5, 2, 1], &[3], &[0, 1, 2, 3, 4, 5]] {
            let mut ranked = [0; LANG_COUNT];
            assert_eq!(
                costs.ranking_into(allowed, &mut ranked),
                costs.ranking(allowed).as_slice()
            );
        }
    }

    #[test]
    fn model_round_trips_through_bytes() {
        let mut trainer = Trainer::new(2, 5);
        trainer.add(0, "Der Trainer und die Mannschaft");
        trainer.add(5, "O treinador e o time ganharam");
        let model = trainer.build(1, 1.0);
        let bytes = model.to_bytes();
        let read = NgramModel::from_bytes(&bytes).unwrap();
        assert_eq!(read.len(), model.len());
        assert_eq!(read.costs("der time"), model.costs("der time"));
        assert!(NgramModel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(NgramModel::from_bytes(b"nonsense").is_err());
    }
}
