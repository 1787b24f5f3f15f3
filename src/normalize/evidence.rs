//! What makes a stretch of text mojibake, and what makes a repaired character believable.
//!
//! Real text is made of letters that form words, punctuation between them and symbols in their
//! places. UTF-8 read through a single-byte code page is not: every non-ASCII character becomes a
//! lead character (a letter, mostly) followed by one to three continuation characters, which are
//! symbols, punctuation, C1 controls, or letters of the code page's upper half. The evidence is
//! in that combination, never in a single character: `Ã©` (a letter directly followed by a
//! copyright sign), `â€™` (a lowercase letter directly followed by a euro sign), `Ø±` (a plus-minus
//! sign glued to a letter), `ðŸ˜€` (a lowercase letter followed by a capital). A letter of another
//! script is no evidence by itself: `Рё` can be Russian, so Cyrillic-looking mojibake needs a
//! run of sequences.
//!
//! A decoded character is believable when it belongs to the characters people write: letters
//! of living alphabets, punctuation, currency, symbols, CJK, emoji. IPA letters, archaic Cyrillic,
//! Syriac or private-use characters are what correct text re-encodes to by accident (`CAFÉ»`
//! would become `CAFɻ`), so they are never produced.

use super::codepage::CodePage;

/// How a sequence of source characters looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Could be real text on its own: counts only in a run of sequences.
    Weak,
    /// No real text has it.
    Strong,
}

/// The scripts whose mojibake-decoded letters need company: a lone Cyrillic, Greek, Hebrew or
/// Arabic letter made of two Latin characters is more likely the two Latin characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Lao,
    Tibetan,
    Myanmar,
    Georgian,
    Ethiopic,
    Khmer,
    Cjk,
}

/// Whether `c` is a letter of the Latin script (ASCII, Latin-1 and Latin Extended-A and -B).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

/// Whether `c` is a lowercase letter of the Latin script.
pub fn is_latin_lowercase(c: char) -> bool {
    c.is_lowercase() && is_latin(c)
}

/// Characters that, in real text, never directly follow a letter: opening punctuation, the
/// symbols of a code page's upper half that stand before numbers or on their own, and the
/// accents and box-drawing characters that no one types after a letter.
pub fn never_after_letter(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{9F}'
                | '‚'
                | '„'
                | '¡'
                | '¿'
                | '€'
                | '¢'
                | '¤'
                | '¥'
                | '¦'
                | '§'
                | '¨'
                | '©'
                | 'ª'
                | '¬'
                | '¯'
                | '°'
                | '±'
                | '´'
                | 'µ'
                | '¶'
                | '¸'
                | 'º'
                | '¹'
                | '¼'
                | '½'
                | '¾'
                | 'ƒ'
                | 'ˆ'
                | '˜'
                | 'ˇ'
                | '˘'
                | '˛'
                | '˝'
                | '˙'
                | '˚'
                | '†'
                | '‡'
                | '‰'
                | '•'
                | '‹'
                | '«'
                | '≠'
                | '∞'
                | '≤'
                | '≥'
                | '∂'
                | '∑'
                | '∏'
                | 'π'
                | '∫'
                | 'Ω'
                | '◊'
                | '⁄'
                | 'ﬁ'
                | 'ﬂ'
                | '√'
                | '≈'
                | '∆'
                | '⌐'
                | '░'
                | '▒'
                | '▓'
                | '│'
                | '┤'
                | '╡'
                | '╢'
                | '╖'
                | '╕'
                | '╣'
                | '║'
                | '╗'
                | '╝'
                | '╜'
                | '╛'
                | '┐'
                | '₧'
                | '΅'
                | '΄'
                | '№'
                | '\u{F8FF}'
    )
}

/// The characters a word can end with before it: closing punctuation, marks after a word.
pub fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '”' | '’' | '»' | '›' | '…'
    )
}

/// The script of a decoded character that needs company, if any.
pub fn script_needing_company(c: char) -> Option<Script> {
    Some(match c as u32 {
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF => Script::Arabic,
        0x900..=0xDFF => Script::Indic,
        0xE00..=0xE7F => Script::Thai,
        0xE80..=0xEFF => Script::Lao,
        0xF00..=0xFFF => Script::Tibetan,
        0x1000..=0x109F => Script::Myanmar,
        0x10A0..=0x10FF => Script::Georgian,
        0x1200..=0x139F => Script::Ethiopic,
        0x1780..=0x17FF => Script::Khmer,
        0x2E80..=0x2FFF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF => Script::Cjk,
        _ => return None,
    })
}

/// Symbols that stand after a number or a word, never glued before a letter: numbers other
/// than ASCII digits (`³`, `½`), the currency, section, copyright and degree signs, the
/// multiplication and division signs, the accents standing alone (but `´`, an apostrophe to
/// some, and `·`, Catalan's `l·l`).
pub fn stands_after(c: char) -> bool {
    (c.is_numeric() && !c.is_ascii_digit())
        || matches!(
            c,
            '¢' | '£'
                | '¤'
                | '¥'
                | '¦'
                | '§'
                | '¨'
                | '©'
                | '¬'
                | '®'
                | '¯'
                | '°'
                | '±'
                | '¶'
                | '¸'
                | '×'
                | '÷'
        )
}

/// The alphabet of a letter, coarsely: Latin (0), Greek (1), Cyrillic (2), any other (3).
pub fn letter_script(c: char) -> u8 {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => 0,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 1,
        0x400..=0x52F => 2,
        _ => 3,
    }
}

/// Whether a character decoded from mojibake is believable as what the writer meant.
/// `previous` is the character before the sequence (for combining marks).
pub fn is_plausible(c: char, previous: Option<char>) -> bool {
    let letter_before = previous.is_some_and(char::is_alphabetic);
    match c as u32 {
        // C1 controls: the middle layer of text mis-decoded twice (judged with its neighbours)
        0x80..=0x9F => true,
        // (not the long s `ſ` nor `ŉ`, which no one writes today: CP437's line art `┼┐` reads
        // as `ſ`)
        // (nor the Dutch ligature `Ĳ`, which Windows-1251 reads out of Ukrainian capitals:
        // `ДІ`)
        0x17F | 0x149 | 0x132 | 0x133 => false,
        0xA0..=0x17E => true,
        // Latin Extended-B in use: ƒ, Vietnamese horns, Pinyin carons, schwa, Romanian commas
        0x18F | 0x192 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1E6 | 0x1E7 => true,
        // (Pinyin's carons stand on the vowel after a syllable's consonant: `Lǚ`, `nǚ`, never
        // at a word start, where `Ç’est` and `(«ótimo` would read so)
        0x1CD..=0x1DC => letter_before,
        0x1F8 | 0x1F9 | 0x218..=0x21B | 0x259 => true,
        // modifier letters of the code pages, and the okina and apostrophe letters
        0x2BB | 0x2BC | 0x2C6 | 0x2C7 | 0x2D8..=0x2DD => true,
        // combining accents of decomposed (NFD) text, only after a letter, and only those that
        // the decomposition of a letter in use produces: `Ã©` is never U+0329 (MacRoman's
        // reading of Latin-1 mojibake), while `eÃÅ` is `é` written in NFD
        0x300..=0x308 | 0x30A..=0x30C | 0x30F | 0x311 | 0x313 | 0x314 | 0x31B => letter_before,
        0x323..=0x328 | 0x32D | 0x32E | 0x330 | 0x331 | 0x342 | 0x345 => letter_before,
        // modern Greek
        0x384..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE => true,
        // Cyrillic, without the archaic letters
        // (and the letters of the larger languages written in it: Ukrainian, Kazakh, Tatar,
        // Bashkir, Uzbek, Tajik, Kyrgyz, Chuvash, Mongolian; not Abkhaz's, whose `Ҹ` and `Ӡ`
        // are `Ò¸` and `Ó` before a no-break space, the eyes of kaomoji)
        0x400..=0x45F | 0x490..=0x493 | 0x496..=0x49B | 0x4A0..=0x4A3 | 0x4AA | 0x4AB => true,
        0x4AE..=0x4B3 => true,
        0x4B6 | 0x4B7 | 0x4BA | 0x4BB | 0x4D0 | 0x4D1 | 0x4D6..=0x4D9 | 0x4E2 | 0x4E3 => true,
        0x4E8 | 0x4E9 | 0x4EE | 0x4EF | 0x4F2 | 0x4F3 => true,
        // Armenian
        0x531..=0x556 | 0x55A..=0x55F | 0x561..=0x587 | 0x589 => true,
        // Hebrew letters, and points after a letter
        0x5D0..=0x5EA | 0x5F0..=0x5F4 | 0x5BE => true,
        0x5B0..=0x5BD | 0x5BF..=0x5C2 | 0x5C7 => letter_before,
        // Arabic and Persian letters, digits, punctuation; vowel marks after a letter
        0x60C | 0x61B | 0x61F | 0x621..=0x63A | 0x641..=0x64A | 0x660..=0x66D => true,
        // (with the letters of Persian, Urdu, Kurdish and Uyghur: `ە` is U+06D5)
        0x671..=0x6D5 | 0x6EE..=0x6FF => true,
        0x64B..=0x655 | 0x670 => letter_before,
        // Indic scripts, Thai, Lao, Tibetan, Myanmar, Georgian, Ethiopic, Khmer
        0x900..=0xDFF | 0xE01..=0xE5B | 0xE81..=0xEDF | 0xF00..=0xFDA | 0x1000..=0x109F => true,
        0x10A0..=0x10FF | 0x1200..=0x137C | 0x1780..=0x17F9 => true,
        // Latin Extended Additional (Vietnamese), Greek Extended
        0x1E00..=0x1FFF => true,
        // punctuation, super- and subscripts, currency, letterlike, number forms, arrows,
        // mathematics, technical, enclosed, box drawing, shapes, symbols, dingbats
        0x2010..=0x2027 | 0x202F..=0x205E | 0x2070..=0x209C | 0x20A0..=0x20C0 => true,
        0x2000..=0x200A => true,
        0x2100..=0x218B | 0x2190..=0x23FF | 0x2460..=0x27BF | 0x2900..=0x2BFF => true,
        // CJK punctuation, kana, ideographs, Hangul, full-width forms
        0x3000..=0x303F | 0x3041..=0x3096 | 0x3099..=0x30FF | 0x3400..=0x4DBF => true,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xFE30..=0xFE4F | 0xFF01..=0xFFEF => true,
        // ligatures, the byte-order mark, the replacement character
        0xFB00..=0xFB06 | 0xFEFF | 0xFFFD => true,
        // variation selectors and joiners of emoji
        0xFE00..=0xFE0F | 0x200C | 0x200D => true,
        // emoji and pictographs, mathematical letters
        0x1F000..=0x1FAFF | 0x1D400..=0x1D7FF => true,
        // MacRoman's Apple logo: the middle layer of emoji mis-decoded twice
        0xF8FF => true,
        // U+0000, Java's two-byte NUL
        0 => true,
        _ => false,
    }
}

/// The accented Latin letters (in lowercase) of the orthographies of European languages, and
/// of a few others whose text European news quotes: what a line repaired into letters of one
/// alphabet is more likely to be than one repaired into letters no single language writes
/// together. Only the letters each orthography writes in ordinary words (Italian's `ó`, a
/// careful typographer's, is left out), so that two readings of the same bytes are told apart.
const ALPHABETS: &[&str] = &[
    "àèéìòù",            // Italian
    "áéíñóúü",           // Spanish, Galician
    "àáâãçéêíóôõú",      // Portuguese
    "àâæçèéêëîïôœùûüÿ",  // French
    "àçèéíïòóúü",        // Catalan
    "äöüß",              // German
    "éëïöü",             // Dutch
    "åæéø",              // Danish, Norwegian
    "åäéö",              // Swedish
    "äåöšž",             // Finnish
    "áæéíðóöúýþ",        // Icelandic
    "áæíðóøúý",          // Faroese
    "äõöšüž",            // Estonian
    "āčēģīķļņšūž",       // Latvian
    "ąčėęįšūųž",         // Lithuanian
    "ąćęłńóśźż",         // Polish
    "áčďéěíňóřšťúůýž",   // Czech
    "áäčďéíĺľňóôŕšťúýž", // Slovak
    "ćčđšž",             // Slovene, Croatian, Bosnian, Serbian in Latin
    "áéíóöőúüű",         // Hungarian
    "âăîşșţț",           // Romanian (cedillas and commas alike)
    "âçğıîöşûü",         // Turkish
    "çəğıöşü",           // Azerbaijani
    "çë",                // Albanian
    "àċèġħìòùż",         // Maltese
    "áéíóú",             // Irish
    "ĉĝĥĵŝŭ",            // Esperanto
];

/// Whether the spelling of the languages that write `c` speaks against it between `before`
/// and `after`: `ß` follows a vowel, `ě` never starts a word, a currency sign is not glued
/// before a letter, and letters that only Vietnamese or Guarani write (`Ĩ`, `ư`) are the less
/// likely reading of bytes that another code page reads as a letter in wide use.
pub fn against_spelling(c: char, before: Option<char>, after: Option<char>) -> bool {
    let letter_after = after.is_some_and(char::is_alphabetic);
    let letter_before = before.is_some_and(char::is_alphabetic);
    let vowel = |c: char| "aeiouyäöüAEIOUYÄÖÜ".contains(c);
    match c {
        'ß' => !before.is_some_and(vowel),
        // (Czech writes `ě` only after a consonant)
        'Ě' | 'ě' => !letter_before,
        '¥' | '£' | '¢' | '¤' => letter_after,
        'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ĭ' | 'ĭ' | 'Ŏ' | 'ŏ' | 'Ĕ' | 'ĕ' | 'ĸ' | 'ŉ' | 'Ŀ' => {
            true
        }
        'Ư' | 'ư' | 'Ơ' | 'ơ' => true,
        _ => false,
    }
}

/// The accented Latin letters of a text, in lowercase, sorted.
fn accented_letters(text: &[char]) -> Vec<char> {
    let mut letters: Vec<char> = text
        .iter()
        .filter(|c| c.is_alphabetic() && ('\u{C0}'..='\u{24F}').contains(*c))
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    letters.sort_unstable();
    letters
}

/// How well each of several readings of one line (the same bytes through different code
/// pages, repaired to the end) fits the rest of its sentences: per reading, how many of its
/// accented Latin letters the best-fitting orthography of [`ALPHABETS`] writes, and, against it,
/// how many characters stand where no text writes them (see [`misfits`]), summed over the
/// sentences of the line. Compared letters first, misfits second.
///
/// A sentence is judged by itself, as a line of news often joins sentences of two languages
/// (a French one fits Portuguese's alphabet, and would turn the Swedish `på` of the next into
/// `pá`). The rest of a sentence is the letters that every reading has there: without any, the
/// readings are only their own contested letters, which a sentence of names from two countries
/// mixes freely (`Şekerspor and Gżira`), and the letters say nothing (zero), nor does an
/// accented capital after a lowercase word, which starts most names (`premagala Švedsko`).
pub fn orthography_fits(readings: &[Vec<char>]) -> Vec<(usize, usize)> {
    let sentences: Vec<Vec<&[char]>> = readings.iter().map(|r| split_sentences(r)).collect();
    let count = sentences.first().map_or(0, Vec::len);
    // (repairs never touch the ASCII that ends a sentence: a reading with other sentences is
    // judged as one)
    let sentences: Vec<Vec<&[char]>> = if sentences.iter().all(|s| s.len() == count) {
        sentences
    } else {
        readings.iter().map(|r| vec![r.as_slice()]).collect()
    };
    let mut fits = vec![(0, 0); readings.len()];
    for k in 0..sentences.first().map_or(0, Vec::len) {
        let letters: Vec<Vec<char>> = sentences.iter().map(|s| accented_letters(s[k])).collect();
        let agreed = letters.iter().skip(1).fold(
            letters.first().cloned().unwrap_or_default(),
            |common, other| multiset_intersection(&common, other),
        );
        let with_context = !agreed.is_empty();
        for ((fit, reading), letters) in fits.iter_mut().zip(&sentences).zip(&letters) {
            let best = ALPHABETS
                .iter()
                .map(|alphabet| letters.iter().filter(|&&c| alphabet.contains(c)).count())
                .max()
                .unwrap_or(0);
            if with_context {
                fit.0 += best;
            }
            fit.1 += misfits(reading[k], with_context);
        }
    }
    fits
}

/// `text` cut after each `.`, `!` or `?` followed by a space.
fn split_sentences(text: &[char]) -> Vec<&[char]> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..text.len() {
        if matches!(text[k - 1], '.' | '!' | '?') && text[k] == ' ' {
            out.push(&text[start..k]);
            start = k;
        }
    }
    out.push(&text[start..]);
    out
}

/// Characters of a text where no text writes them: a capital right after a lowercase letter in
/// one word (`жозйВА`, Windows-1250's `МОСКВА` read as ISO-8859-2), a letter against spelling
/// ([`against_spelling`]), and, with `capitals`, an accented capital opening a word of one or
/// two letters right after a lowercase word (`extraordinari În`, `Ele Ê o`).
fn misfits(text: &[char], capitals: bool) -> usize {
    let mut count = 0;
    for (k, &c) in text.iter().enumerate() {
        let before = k.checked_sub(1).map(|p| text[p]);
        let after = text.get(k + 1).copied();
        if c.is_uppercase() && before.is_some_and(char::is_lowercase) {
            count += 1;
        }
        if !c.is_ascii() && against_spelling(c, before, after) {
            count += 1;
        }
        if capitals && !c.is_ascii() && c.is_uppercase() {
            let mut earlier = text[..k].iter().rev();
            let after_lowercase_word = earlier.next() == Some(&' ')
                && earlier
                    .find(|b| **b != ' ')
                    .is_some_and(|b| b.is_lowercase());
            // (in a short word only: a name mid-sentence starts with a capital, `met Þór`,
            // `Þorsteinn`, while the short words are the grammar's, `în`, `é`, `à`)
            let word = text[k..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .take(3)
                .count();
            if after_lowercase_word && !after.is_some_and(char::is_uppercase) && word <= 2 {
                count += 1;
            }
        }
    }
    count
}

/// The common part of two sorted multisets.
fn multiset_intersection(a: &[char], b: &[char]) -> Vec<char> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Whether the source characters `chars` of one sequence (lead first) show mojibake by
/// themselves, `before` and `after` being the characters around them.
pub fn strength(
    chars: &[char],
    before: Option<char>,
    after: Option<char>,
    latin_lead: bool,
) -> Strength {
    let lead = chars[0];
    let rest = &chars[1..];
    if rest.iter().any(|&c| never_after_letter(c)) && lead.is_alphabetic() {
        return Strength::Strong;
    }
    // a guillemet glued between two letters (`á»ł`, Windows-1250's `ỳ`): quotes stand at a
    // word's edge
    let glued_guillemet = rest.iter().enumerate().any(|(k, &c)| {
        matches!(c, '»' | '«')
            && chars[k].is_alphabetic()
            && rest
                .get(k + 1)
                .copied()
                .or(after)
                .is_some_and(char::is_alphabetic)
    });
    if glued_guillemet {
        return Strength::Strong;
    }
    // C1 controls are in no real text
    if rest.iter().any(|&c| ('\u{80}'..='\u{9F}').contains(&c)) {
        return Strength::Strong;
    }
    // `Â` and `Ã` (or `Ă`) directly before any of their continuations: no language writes that,
    // but for Romanian in capitals with the cedilla `Ş` (`SUBĂŞEANU`, `CÂŞTIGAT`)
    // (nor Windows-1257's `Ć`, a Polish capital that no Polish word puts before them, and its
    // `Ā`, the lead of the Latin-1 symbols there: `Āæ` is `¿`)
    if (latin_lead && matches!(lead, 'Â' | 'Ã' | 'Ă') && !(lead != 'Ã' && rest == ['Ş']))
        || (matches!(lead, 'Ć' | 'Ā') && !rest.iter().any(|c| c.is_uppercase()))
    {
        return Strength::Strong;
    }
    // `â` (E2, the lead of punctuation, arrows, shapes and dingbats) directly followed by one of
    // the punctuation marks or letters that Windows code pages put at 80 to 9F, and a third
    // character: `âœ”` (✔), `â›”` (⛔), `â…“` (⅓), `â–` and a no-break space (■). No word
    // writes `â` before `œ` or a dash and then goes on
    if latin_lead && lead == 'â' && rest.len() == 2 && is_windows_c1_character(rest[0]) {
        return Strength::Strong;
    }
    // MacRoman's `‚` (E2) directly followed by two characters of its upper half, one of them
    // an accented letter: `‚ò∫` (☺), `‚Ä∞` (‰), `‚≠ê` (⭐). A low quote opens a word; it is
    // not glued to an accented letter and a symbol
    if lead == '‚'
        && rest.len() == 2
        && rest.iter().all(|c| !c.is_ascii())
        && rest.iter().any(|c| c.is_alphabetic())
    {
        return Strength::Strong;
    }
    // a lowercase letter followed by a capital, inside one sequence (`вЂ`, `ðŸ`), or a capital
    // glued to the end of a lowercase word (`GrГј`)
    let case_flip = rest
        .iter()
        .zip(chars.iter())
        .any(|(&c, &p)| p.is_lowercase() && c.is_uppercase());
    let glued = before.is_some_and(|b| b.is_lowercase()) && lead.is_uppercase() && !lead.is_ascii();
    if case_flip || glued {
        return Strength::Strong;
    }
    // a letter of Cyrillic or Greek glued to a Latin letter: no word mixes the two alphabets
    // (`DГјsseldorf`, `Г®n`), while the mojibake of a Latin accent sits inside Latin words
    let cyrillic_or_greek = |c: char| matches!(c as u32, 0x370..=0x4FF);
    let latin_letter = |c: Option<char>| c.is_some_and(is_latin);
    // (a Cyrillic capital glued after a Latin letter is mojibake whatever follows it, `NГ–` is
    // `NÖ`; Greek letters stand after Latin ones in units, `kΩ`)
    let cyrillic = ('\u{400}'..='\u{4FF}').contains(&lead);
    if (cyrillic_or_greek(lead)
        && rest.iter().all(|c| c.is_alphabetic())
        && (latin_letter(before) || latin_letter(after)))
        || (cyrillic && latin_letter(before))
    {
        return Strength::Strong;
    }
    // a symbol between a letter and the lowercase rest of a word: `Ć®n` (`în`); a brand's `®`
    // or `™` ends a word, and leetspeak is in capitals (`Å£G`)
    let inside_word_symbol = |c: char| {
        matches!(
            c,
            '®' | '™' | '£' | '¢' | '¤' | '¦' | '¬' | '¯' | '¹' | '²' | '³' | '°' | '\u{AD}'
        )
    };
    if lead.is_alphabetic()
        && rest.last().is_some_and(|&c| inside_word_symbol(c))
        && after.is_some_and(char::is_lowercase)
    {
        return Strength::Strong;
    }
    // letters of two scripts in one sequence (CP437's `ΓÇÖ`)
    let script = |c: char| match c as u32 {
        0x370..=0x3FF => 1,
        0x400..=0x4FF => 2,
        _ if c.is_alphabetic() => 0,
        _ => 9,
    };
    if lead.is_alphabetic()
        && rest
            .iter()
            .any(|&c| c.is_alphabetic() && script(c) != script(lead) && c != 'µ')
    {
        return Strength::Strong;
    }
    // a capital, a no-break space, then the rest of a lowercase word: `Å\u{A0}vedsko` (`Š`)
    // (or any word, after a capital that starts one: `Å\u{A0}KRINIAR`)
    let word_start = !before.is_some_and(char::is_alphabetic);
    if lead.is_alphabetic()
        && rest == ['\u{A0}']
        && (after.is_some_and(char::is_lowercase)
            || (word_start && after.is_some_and(char::is_alphabetic)))
    {
        return Strength::Strong;
    }
    // a symbol standing for a lead byte (MacRoman's `√`, CP437's `├`) inside a word, or before
    // a letter or a symbol that mathematics and box drawing do not put there
    // MacRoman's `¬` stands for C2, the lead of the Latin-1 symbols (`¬∞` is `°`, `¬†` a
    // no-break space); the logical sign is followed by a space or a variable
    // (and its Apple logo, at F0, leads the UTF-8 of emoji; its `‡`, at E0, that of Indic
    // letters: neither is ever glued to accented letters)
    // (`¬º` is the eye of a kaomoji, `(¬º-°)¬`, far more often than MacRoman's `¼`)
    if matches!(lead, '¬' | '\u{F8FF}' | '‡') && rest != ['º'] {
        return Strength::Strong;
    }
    // MacRoman's `· „ ‰` (E1, E3, E4: leads of Vietnamese and CJK) before a symbol, and its
    // guillemets (C7, C8:
    // leads of Latin Extended-B, `»ô` is `ș`) inside a word
    // (`ª` and `º` are letters to Unicode, symbols here: `·ªã` is Vietnamese `ị`)
    if matches!(lead, '„' | '‰' | '·')
        && rest
            .first()
            .is_some_and(|&c| !c.is_alphanumeric() || matches!(c, 'ª' | 'º'))
    {
        return Strength::Strong;
    }
    if matches!(lead, '»' | '«')
        && before.is_some_and(char::is_alphabetic)
        && rest.first().is_some_and(|c| c.is_alphabetic())
    {
        return Strength::Strong;
    }
    // (CP437's Greek letters are symbols there, followed by Latin-1 letters and box drawing; a
    // Greek letter followed by another, `ΓΉΠΕΔΟ`, is Greek)
    let greek = |c: char| ('\u{370}'..='\u{3FF}').contains(&c);
    let greek_word = greek(lead) && rest.iter().any(|&c| greek(c));
    if is_symbol_lead(lead) && !greek_word && !(lead == '¬' && rest == ['º']) {
        // (box drawing glued to a number or to a lowercase word is CP437's `°` of `25┬░C` and
        // `İ` of `─░stanbul`: tables put their borders around words, with spaces)
        let box_drawing = ('\u{2500}'..='\u{259F}').contains(&lead);
        let in_word = before.is_some_and(char::is_alphabetic)
            || (box_drawing
                && (before.is_some_and(|c| c.is_ascii_digit())
                    || after.is_some_and(char::is_lowercase)));
        let technical = |c: char| {
            matches!(
                c,
                'π' | '∞'
                    | '±'
                    | '≤'
                    | '≥'
                    | '∂'
                    | '∑'
                    | '∏'
                    | '∫'
                    | 'Ω'
                    | 'µ'
                    | '≠'
                    | '°'
                    | '²'
                    | '·'
                    | '◊'
            ) || ('\u{2500}'..='\u{259F}').contains(&c)
        };
        let ordinary = !rest.iter().any(|&c| technical(c));
        let word_follows = after.is_some_and(char::is_alphabetic);
        if in_word
            || (ordinary
                && (word_follows
                    || !matches!(
                        lead,
                        'π' | 'Σ'
                            | 'σ'
                            | 'τ'
                            | 'Φ'
                            | 'Θ'
                            | 'Ω'
                            | 'δ'
                            | 'φ'
                            | 'ε'
                            | 'α'
                            | 'Γ'
                            | 'µ'
                    )))
        {
            return Strength::Strong;
        }
    }
    Strength::Weak
}

/// Whether Windows-1252, -1250 or -1254 put `c` at bytes 81 to 9F (punctuation such as `œ`,
/// `–`, `…`, `™`, and a few letters such as `Š` and `ś`; not the euro sign at 80, which never
/// follows a letter anyway, nor the C1 controls that a decoder leaves at the bytes the code
/// page does not define): the second byte of the UTF-8 of punctuation, arrows, shapes and
/// dingbats, after the `â` of its E2 lead. Read from the code-page tables, not listed again.
fn is_windows_c1_character(c: char) -> bool {
    !c.is_control()
        && [
            CodePage::Windows1252,
            CodePage::Windows1250,
            CodePage::Windows1254,
        ]
        .iter()
        .any(|cp| {
            cp.byte_of(c)
                .is_some_and(|byte| (0x81..=0x9F).contains(&byte))
        })
}

/// The symbols that MacRoman and CP437 put at UTF-8 lead bytes and that are not punctuation a
/// word can end with: MacRoman's `¬ √ ƒ ≈ ∆ ‚`, Windows-1252's `× ÷` (D7 and F7, the leads of
/// Hebrew and of emoji), CP437's box drawing and its Greek and mathematical letters.
fn is_symbol_lead(c: char) -> bool {
    matches!(
        c,
        '¬' | '√' | 'ƒ' | '≈' | '∆' | '‚' | '×' | '÷' | '\u{2500}'
            ..='\u{259F}'
                | 'α'
                | 'ß'
                | 'Γ'
                | 'π'
                | 'Σ'
                | 'σ'
                | 'µ'
                | 'τ'
                | 'Φ'
                | 'Θ'
                | 'Ω'
                | 'δ'
                | '∞'
                | 'φ'
                | 'ε'
                | '∩'
                | '≡'
                | '±'
                | '≥'
                | '≤'
                | '⌠'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_c1_characters_are_those_of_the_three_code_pages() {
        for c in [
            '‚', 'ƒ', '…', '™', 'œ', 'Ÿ', '–', '—', 'Š', 'Ś', 'Ť', 'Ź', 'ś', 'ť', 'ź',
        ] {
            assert!(is_windows_c1_character(c), "{c}");
        }
        for c in ['€', '\u{81}', '\u{9D}', 'a', 'é', 'Ã', '¢', '✔', 'ł'] {
            assert!(!is_windows_c1_character(c), "{c:?}");
        }
    }

    #[test]
    fn believable_characters() {
        for c in [
            'é', 'ł', 'ș', 'П', 'Ω', 'ש', 'ر', '’', '€', '日', 'ツ', '한', '😀',
        ] {
            assert!(is_plausible(c, None), "{c}");
        }
        for c in ['ɻ', 'ʒ', 'Ѳ', '\u{710}', '\u{E000}', '\u{A494}'] {
            assert!(!is_plausible(c, None), "{c}");
        }
        assert!(!is_plausible('\u{301}', Some(' ')));
        assert!(is_plausible('\u{301}', Some('e')));
    }

    #[test]
    fn the_reading_that_fits_its_sentence_wins() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        // the letters every reading shares (`é`, `ó`) are Spanish: `á` fits them, `å` does not
        let fits = orthography_fits(&[
            chars("Atlético ganó con Juliån"),
            chars("Atlético ganó con Julián"),
        ]);
        assert!(fits[1].0 > fits[0].0, "{fits:?}");
        // nothing shared: the contested letters alone say nothing
        let fits =
            orthography_fits(&[chars("Sverige mot Norge pü"), chars("Sverige mot Norge på")]);
        assert_eq!(fits[0], fits[1]);
        // a sentence of another language beside it does not sway it
        let fits = orthography_fits(&[
            chars("Mbappé à Saint-Étienne. Sverige mot Norge på"),
            chars("Mbappé à Saint-Étienne. Sverige mot Norge pá"),
        ]);
        assert_eq!(fits[0], fits[1]);
        // the same letters in another case: the capital after a lowercase word is the misfit
        let fits = orthography_fits(&[
            chars("a spus că ei În repriza"),
            chars("a spus că ei în repriza"),
        ]);
        assert_eq!(fits[0].0, fits[1].0);
        assert!(fits[1].1 < fits[0].1, "{fits:?}");
    }

    #[test]
    fn evidence_needs_a_combination() {
        assert_eq!(
            strength(&['Ã', '©'], Some('f'), None, true),
            Strength::Strong
        );
        assert_eq!(
            strength(&['â', '€', '™'], Some('n'), None, true),
            Strength::Strong
        );
        assert_eq!(strength(&['Å', '—'], Some(' '), None, true), Strength::Weak);
        assert_eq!(
            strength(&['Р', 'џ'], None, Some('С'), false),
            Strength::Weak
        );
        assert_eq!(
            strength(&['√', 'π'], Some(' '), Some(' '), false),
            Strength::Weak
        );
        assert_eq!(
            strength(&['√', '°'], Some('k'), None, false),
            Strength::Strong
        );
    }
}
