//! Words of a sentence, with their offsets, folded for comparison with the word lists.

use crate::ascii8;
use crate::tag::fold;

/// A maximal run of letters and digits in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Lowercase, without diacritics (as the tagger folds).
    pub folded: Folded,
    /// The first letter is a capital.
    pub capitalized: bool,
    /// Every letter is a capital (and there are at least two).
    pub all_caps: bool,
    /// A capital follows a lowercase letter inside the word (`AstonVilla`, `talkSPORT`).
    pub inner_capital: bool,
}

/// Bytes a folded word keeps inline, without an allocation: nearly every word of news text.
const INLINE_BYTES: usize = 22;

/// A word's folded text: inline when short (every word of every sentence is folded, and a
/// `String` each was the resolve stage's largest cost), on the heap when longer.
///
/// The representation is private so that only this module's constructors, which copy whole
/// `str`s, can fill the inline bytes: `as_str` relies on that.
#[derive(Clone, PartialEq, Eq)]
pub struct Folded(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE_BYTES] },
    Heap(Box<str>),
}

impl Folded {
    /// `word` lowercased, for an ASCII word.
    fn ascii_lowercase(word: &str) -> Folded {
        if word.len() > INLINE_BYTES {
            return Folded(Repr::Heap(word.to_ascii_lowercase().into_boxed_str()));
        }
        let mut bytes = [0u8; INLINE_BYTES];
        for (slot, &byte) in bytes.iter_mut().zip(word.as_bytes()) {
            *slot = byte.to_ascii_lowercase();
        }
        Folded(Repr::Inline {
            len: word.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: the inline bytes are a copy of a whole `str` (or its ASCII lowercasing,
            // which keeps it UTF-8), made by `ascii_lowercase`, `from` or `ascii_word`
            // (the lowercased bytes of an all-ASCII word), the only code that can build a
            // `Repr::Inline` (the representation is private to this module)
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Repr::Heap(text) => text,
        }
    }
}

impl From<String> for Folded {
    fn from(text: String) -> Folded {
        if text.len() > INLINE_BYTES {
            return Folded(Repr::Heap(text.into_boxed_str()));
        }
        let mut bytes = [0u8; INLINE_BYTES];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Folded(Repr::Inline {
            len: text.len() as u8,
            bytes,
        })
    }
}

impl std::ops::Deref for Folded {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Folded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Folded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Folded {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Folded {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Folded {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    // a byte scan: ASCII bytes (nearly all of English and Italian news) are told without
    // decoding a character, and an ASCII word is lowercased into its folded form in the pass
    // that finds its end
    let bytes = text.as_bytes();
    // an English or Italian word and its space average five to six bytes: room for them all
    // without regrowing the vector in nearly every sentence
    let mut words = Vec::with_capacity(bytes.len() / 4 + 1);
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte < 0x80 {
            if !byte.is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
        } else {
            let (is_word, len) = word_char_at(text, at);
            if !is_word {
                at += len;
                continue;
            }
        }
        let from = at;
        // the end of the ASCII run, its lowercase bytes and whether a capital follows its
        // first byte, eight bytes at a time (see `ascii8`); the shape is worked out afterwards,
        // and needs a second look at the word only when a capital does follow its first byte
        // (`AstonVilla`, `UEFA`: few words)
        // room for a chunk written at the last inline offset
        let mut lowercase = [0u8; INLINE_BYTES + 8];
        let mut later_capital = false;
        loop {
            let offset = at - from;
            let Some(chunk) = ascii8::load(bytes, at) else {
                // the last bytes of the text, one by one
                while let Some(&byte) = bytes.get(at).filter(|b| b.is_ascii_alphanumeric()) {
                    let offset = at - from;
                    if let Some(slot) = lowercase.get_mut(offset) {
                        *slot = byte.to_ascii_lowercase();
                    }
                    later_capital |= offset > 0 && byte.is_ascii_uppercase();
                    at += 1;
                }
                break;
            };
            let classes = ascii8::Classes::of(chunk);
            let length = ascii8::run_length(classes.alphanumeric);
            let kept = ascii8::first_bytes(length);
            // a capital as the word's first byte is no later capital
            let first_byte = if offset == 0 { 0xFF } else { 0 };
            later_capital |= classes.capitals & kept & !first_byte != 0;
            if offset < INLINE_BYTES {
                // all eight bytes, those past the run as zeros: the next chunk, if any,
                // writes over them
                let lower = ascii8::lowercase(chunk, classes.letters) & kept;
                lowercase[offset..offset + 8].copy_from_slice(&lower.to_le_bytes());
            }
            at += length;
            if length < 8 {
                break;
            }
        }
        let goes_on_beyond_ascii =
            at < bytes.len() && bytes[at] >= 0x80 && word_char_at(text, at).0;
        if goes_on_beyond_ascii || bytes[from] >= 0x80 {
            // a word with a letter beyond ASCII: read by characters
            while at < bytes.len() {
                let (is_word, len) = word_char_at(text, at);
                if !is_word {
                    break;
                }
                at += len;
            }
            words.push(word(text, from, at));
        } else {
            words.push(ascii_word(text, from, at, &lowercase, later_capital));
        }
    }
    words
}

/// The word of ASCII letters and digits `text[from..to]`, whose first [`INLINE_BYTES`] bytes
/// lowercased are `lowercase`, and which has a capital after its first byte if
/// `later_capital`.
fn ascii_word(
    text: &str,
    from: usize,
    to: usize,
    lowercase: &[u8; INLINE_BYTES + 8],
    later_capital: bool,
) -> Word {
    let len = to - from;
    let folded = if len <= INLINE_BYTES {
        let mut bytes = [0u8; INLINE_BYTES];
        bytes.copy_from_slice(&lowercase[..INLINE_BYTES]);
        Folded(Repr::Inline {
            len: len as u8,
            bytes,
        })
    } else {
        Folded::ascii_lowercase(&text[from..to])
    };
    // with no capital after the first byte, the word has at most one capital letter: never
    // all capitals (that takes two letters), never a capital after a small letter
    let (all_caps, inner_capital) = if !later_capital {
        (false, false)
    } else {
        capitals(text[from..to].chars())
    };
    Word {
        byte_start: from,
        byte_end: to,
        folded,
        capitalized: text.as_bytes()[from].is_ascii_uppercase(),
        all_caps,
        inner_capital,
    }
}

/// Whether the letters of `chars` are all capitals (two letters or more), and whether a
/// capital follows a small letter among them (what is no letter counts for nothing: `a0A`).
fn capitals(chars: impl Iterator<Item = char>) -> (bool, bool) {
    let mut letters = 0;
    let mut upper = 0;
    let mut inner_capital = false;
    let mut previous_lower = false;
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
                inner_capital |= previous_lower;
            }
            previous_lower = c.is_lowercase();
        }
    }
    (letters >= 2 && upper == letters, inner_capital)
}

/// Whether the character at byte `at` (a character boundary) is a letter or digit, and its
/// length in bytes.
#[inline]
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte < 0x80 {
        return (byte.is_ascii_alphanumeric(), 1);
    }
    match text[at..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

fn word(text: &str, from: usize, to: usize) -> Word {
    let slice = &text[from..to];
    let (all_caps, inner_capital) = capitals(slice.chars());
    let folded = if slice.is_ascii() {
        Folded::ascii_lowercase(slice)
    } else {
        Folded::from(fold(slice))
    };
    Word {
        byte_start: from,
        byte_end: to,
        folded,
        capitalized: slice.chars().next().is_some_and(char::is_uppercase),
        all_caps,
        inner_capital,
    }
}

/// Whether a capital follows a lowercase letter somewhere in `text`: the shape every
/// [`Word::inner_capital`] word has.
pub fn has_inner_capital(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut previous_lower = false;
    let mut at = 0;
    while at < bytes.len() {
        // eight ASCII bytes at once (see `ascii8`): a capital whose byte before is a small
        // letter, the byte before the first being the last of the previous chunk
        if let Some(chunk) = ascii8::load(bytes, at).filter(|chunk| chunk & ascii8::HIGH == 0) {
            let classes = ascii8::Classes::of(chunk);
            let lower = classes.letters & !classes.capitals;
            let after_lower = (lower << 8) | (u64::from(previous_lower) << 7);
            if after_lower & classes.capitals != 0 {
                return true;
            }
            previous_lower = lower >> 63 != 0;
            at += 8;
            continue;
        }
        let byte = bytes[at];
        // ASCII without decoding: nearly every byte of English and Italian text
        let (lower, upper, len) = if byte < 0x80 {
            (byte.is_ascii_lowercase(), byte.is_ascii_uppercase(), 1)
        } else {
            match text[at..].chars().next() {
                Some(c) => (c.is_lowercase(), c.is_uppercase(), c.len_utf8()),
                None => break,
            }
        };
        if previous_lower && upper {
            return true;
        }
        previous_lower = lower;
        at += len;
    }
    false
}

/// Whether a sentence is written in Title Case (most words capitalized), as headlines are: then
/// a capital says nothing about a name.
pub fn is_title_case(words: &[Word]) -> bool {
    let lettered: Vec<&Word> = words
        .iter()
        .filter(|w| w.folded.chars().any(char::is_alphabetic))
        .collect();
    if lettered.len() < 3 {
        return false;
    }
    let capitalized = lettered.iter().filter(|w| w.capitalized).count();
    capitalized * 4 >= lettered.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_offsets_and_shapes() {
        let text = "Ieri l'AstonVilla, ÉDER e Kaká.";
        let found = words(text);
        let slices: Vec<&str> = found
            .iter()
            .map(|w| &text[w.byte_start..w.byte_end])
            .collect();
        assert_eq!(slices, ["Ieri", "l", "AstonVilla", "ÉDER", "e", "Kaká"]);
        assert!(found[2].inner_capital && found[2].capitalized);
        assert!(found[3].all_caps);
        assert_eq!(found[5].folded, "kaka");
        assert!(!found[4].capitalized);
    }

    /// The words as first written: a walk over the characters, every word through [`word`].
    fn words_by_chars(text: &str) -> Vec<Word> {
        let mut found = Vec::new();
        let mut start: Option<usize> = None;
        for (at, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    found.push(word(text, from, at));
                    start = None;
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn the_byte_scan_finds_the_words_the_character_walk_finds() {
        for text in [
            "",
            "a",
            " Ieri l'AstonVilla, ÉDER e Kaká. talkSPORT 3-1 U21 iPhone",
            "Città di Castello ha vinto 2–0: perché? Ǆemal ǅ",
            "x\u{300}y ﬁnale ΑΘΗΝΑ Ölçü 1ª ½ AbcDEF-ghiJ",
            "supercalifragilisticexpialidocious and SUPERCALIFRAGILISTIC",
        ] {
            assert_eq!(words(text), words_by_chars(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_and_character_walk_agree(text in "[a-zA-Z0-9 ,.'àÉßǅ\u{300}ﬁΑω½-]{0,40}") {
            proptest::prop_assert_eq!(words(&text), words_by_chars(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn inner_capitals_read_by_bytes_as_by_characters(
            text in "([a-zA-Z0-9 ,.'-]{0,12}[àÉßǅΑω]?){0,6}"
        ) {
            let by_chars = text
                .chars()
                .zip(text.chars().skip(1))
                .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
            proptest::prop_assert_eq!(has_inner_capital(&text), by_chars);
        }
    }

    #[test]
    fn inner_capitals_are_seen_in_a_text() {
        assert!(has_inner_capital("fans of #AstonVilla"));
        assert!(!has_inner_capital("Aston Villa won. The END"));
    }

    #[test]
    fn title_case_is_told_from_a_sentence() {
        assert!(is_title_case(&words("Italy Beat Spain In The Final")));
        assert!(!is_title_case(&words("Italy beat Spain in the final")));
    }
}
