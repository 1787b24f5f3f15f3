//! Unicode and white-space normalization, with mojibake repair.
//!
//! Scraped news arrives in every state of disrepair: `KakÃ¡` (UTF-8 bytes read as
//! Windows-1252, sometimes twice), `&eacute;`, decomposed accents, no-break spaces, zero-width
//! characters, soft hyphens, C1 control characters standing for Windows-1252 punctuation. A name
//! that is mangled is a mention that is lost, so [`normalize`] repairs all of that, while the
//! first rule is that correct text is never changed beyond the minimal normalization (NFC, white
//! space): a repair is made only when the re-encoded bytes decode as valid UTF-8 into a character
//! that is plausible for the text (a letter of a European alphabet, typographic punctuation, a
//! currency sign or an emoji), never from a list of known bad strings.
//!
//! The result is idempotent: `normalize(normalize(x)) == normalize(x)`.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The Unicode normalization form applied after repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// Canonical composition: keeps every distinction the author made (the default).
    #[default]
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, `…` to `...`, etc.
    Nfkc,
}

/// Options of [`normalize_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub form: Form,
    /// Straighten typographic punctuation: curly quotes and guillemets to `'` and `"`, dashes to
    /// `-`, the ellipsis to `...`. Off by default: the author's punctuation is kept.
    pub straighten_punctuation: bool,
    /// Fold to ASCII for keys (`Kaká` -> `Kaka`, `Straße` -> `Strasse`), after every repair.
    /// Implies `straighten_punctuation`. Characters with no ASCII form (Cyrillic, `€`) are kept.
    pub ascii: bool,
}

/// Input bytes turned into text (borrowed from them when they are UTF-8), and whether they
/// had to be read as Windows-1252.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// True when the bytes were not valid UTF-8 and were decoded as Windows-1252.
    pub from_windows_1252: bool,
}

/// Decodes raw input bytes: UTF-8 when valid (a byte-order mark is dropped), otherwise
/// Windows-1252, which is what almost every non-UTF-8 Western European text file really is.
pub fn decode_bytes(bytes: &[u8]) -> Decoded<'_> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            from_windows_1252: false,
        },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded {
                text: Cow::Owned(text.into_owned()),
                from_windows_1252: true,
            }
        }
    }
}

/// Normalizes text to NFC with the default options. See [`normalize_with`].
pub fn normalize(text: &str) -> Cow<'_, str> {
    normalize_with(text, Options::default())
}

/// Repairs and normalizes `text`: HTML entities decoded, mojibake repaired, Unicode composed
/// (NFC or NFKC), control, zero-width and soft-hyphen characters removed, exotic spaces turned
/// into plain spaces, runs of spaces collapsed and lines trimmed. Line breaks (`\n`) are kept, so
/// a text keeps its number of lines.
pub fn normalize_with(text: &str, options: Options) -> Cow<'_, str> {
    let plain_output = !options.ascii && !options.straighten_punctuation;
    if plain_output && is_already_clean(text, options.form) {
        return Cow::Borrowed(text);
    }
    // A round repairs every layer of mojibake and every chain of entities at once; another
    // round is needed only when cleaning exposed something (an exotic space that turns into the
    // space of a `cittÃ `). Rounds stop at the first that changes nothing.
    let mut current = match one_round(text, options) {
        Cow::Borrowed(_) => None,
        Cow::Owned(changed) => Some(changed),
    };
    if let Some(mut changed) = current.take() {
        for _ in 0..MAX_EXTRA_ROUNDS {
            match one_round(&changed, options) {
                Cow::Borrowed(_) => break,
                Cow::Owned(next) => changed = next,
            }
        }
        current = Some(changed);
    }
    let repaired: Cow<'_, str> = match current {
        Some(changed) => Cow::Owned(changed),
        None => Cow::Borrowed(text),
    };
    if options.ascii {
        Cow::Owned(fold_to_ascii(&repaired))
    } else if options.straighten_punctuation {
        Cow::Owned(straighten_punctuation(&repaired))
    } else {
        repaired
    }
}

/// A bound on the rounds after the first, against adversarial input; real text needs at most one.
const MAX_EXTRA_ROUNDS: usize = 4;

/// One round of every step; borrowed when nothing changed.
fn one_round(text: &str, options: Options) -> Cow<'_, str> {
    let entities = decode_html_entities(text);
    // compose first, so that decomposed text (`A` + U+0302 + `©`) shows its mojibake
    let composed = compose(&entities, Form::Nfc);
    let repaired = repair_mojibake(&composed);
    let recomposed = compose(&repaired, options.form);
    let cleaned = clean_characters(&recomposed);
    let unchanged = matches!(entities, Cow::Borrowed(_))
        && matches!(composed, Cow::Borrowed(_))
        && matches!(repaired, Cow::Borrowed(_))
        && matches!(recomposed, Cow::Borrowed(_))
        && matches!(cleaned, Cow::Borrowed(_));
    if unchanged {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(cleaned.into_owned())
    }
}

/// The fast path: text that needs nothing at all, checked in one pass. ASCII without entities,
/// controls or doubled spaces; non-ASCII only from the letters and punctuation of Western
/// European text that are already composed (in NFC) and that show no mojibake shape.
fn is_already_clean(text: &str, form: Form) -> bool {
    let bytes = text.as_bytes();
    let mut previous_space = true; // a leading space needs trimming
    let mut at = 0;
    let mut saw_non_ascii = false;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b' ' => {
                if previous_space {
                    return false;
                }
                previous_space = true;
            }
            b'\n' => {
                if previous_space && at > 0 {
                    // a space before a line break, or a blank line: let the slow path look
                    return false;
                }
                previous_space = true;
            }
            b'&' | 0x00..=0x1F | 0x7F => return false,
            0x80..=0xFF => {
                if form != Form::Nfc {
                    return false;
                }
                let Some(c) = text[at..].chars().next() else {
                    return false;
                };
                if !is_plain_non_ascii(c) {
                    return false;
                }
                saw_non_ascii = true;
                previous_space = false;
                at += c.len_utf8();
                continue;
            }
            _ => previous_space = false,
        }
        at += 1;
    }
    let trimmed = !previous_space || text.is_empty() || text.ends_with('\n');
    trimmed && !(saw_non_ascii && might_hold_mojibake(text))
}

/// Non-ASCII characters that need no composition, cleaning or repair on their own: Latin-1
/// letters and symbols (not the no-break space or the soft hyphen), Latin Extended-A, and the
/// usual typographic punctuation.
fn is_plain_non_ascii(c: char) -> bool {
    matches!(c,
        '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{17F}' | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{203A}' | '€' | '™')
}

// ---------------------------------------------------------------------------------------------
// Windows-1252 / Latin-1 byte mapping

/// The characters Windows-1252 puts at bytes 0x80..=0x9F (`None` where the code page has a hole).
const WINDOWS_1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// The single byte a character had before a legacy decoder (Windows-1252, or Latin-1 for the C1
/// range) turned it into this character; `None` for characters no such decoder produces.
fn legacy_byte(c: char) -> Option<u8> {
    let code = c as u32;
    match code {
        0x00..=0xFF => Some(code as u8),
        _ => WINDOWS_1252_HIGH
            .iter()
            .position(|&mapped| mapped == Some(c))
            .map(|index| 0x80 + index as u8),
    }
}

/// What Windows-1252 makes of a C1 control byte, when the code page defines it.
fn windows_1252_for_c1(c: char) -> Option<char> {
    let code = c as u32;
    if (0x80..=0x9F).contains(&code) {
        WINDOWS_1252_HIGH[(code - 0x80) as usize]
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Mojibake

/// Repairs UTF-8 that was decoded as Windows-1252, Latin-1 or MacRoman (`KakÃ¡`, `â€™`,
/// `Kak√°`, `‚Äô`), in any part of the text, however many times it was mis-decoded.
///
/// One left-to-right pass with a stack: a repaired character goes back in front of the input,
/// with the few characters before it, so that it can itself be part of an older layer of
/// mojibake (`KakÃƒÂ¡` -> `KakÃ¡` -> `Kaká`) or compose with the letter before it. Every
/// repair shortens the text or removes a lead character, so the pass is linear and its result
/// is a fixed point: repairing it again changes nothing. Invisible characters (zero-width
/// spaces, bidirectional marks) are dropped on the way, as [`normalize`] drops them anyway, since
/// they can hide a sequence by splitting it.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if !might_hold_mojibake(text) {
        return Cow::Borrowed(text);
    }
    // `stream` holds what is still to read, the next character last
    let mut stream: Vec<char> = text.chars().rev().collect();
    let mut out: Vec<char> = Vec::with_capacity(stream.len());
    let mut changed = false;
    while let Some(&c) = stream.last() {
        if is_droppable_invisible(c) {
            stream.pop();
            changed = true;
            continue;
        }
        if !may_start_sequence(c) {
            stream.pop();
            out.push(c);
            continue;
        }
        let mut window = ['\0'; WINDOW_BEFORE + 1 + WINDOW_AFTER];
        let before = out.len().min(WINDOW_BEFORE);
        window[..before].copy_from_slice(&out[out.len() - before..]);
        let mut filled = before;
        for &next in stream.iter().rev().take(1 + WINDOW_AFTER) {
            window[filled] = next;
            filled += 1;
        }
        let Some((mut repaired, consumed)) = repair_at(&window[..filled], before) else {
            stream.pop();
            out.push(c);
            continue;
        };
        changed = true;
        stream.truncate(stream.len() - consumed);
        if let Some(&previous) = out.last() {
            if let Some(composed) = unicode_normalization::char::compose(previous, repaired) {
                out.pop();
                repaired = composed;
            }
        }
        stream.push(repaired);
        // the decisions on the characters before looked ahead at what has just changed
        for _ in 0..WINDOW_AFTER {
            match out.pop() {
                Some(previous) => stream.push(previous),
                None => break,
            }
        }
    }
    if changed {
        Cow::Owned(out.into_iter().collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// How many characters before a lead the decision looks at.
const WINDOW_BEFORE: usize = 2;
/// How many characters after a lead the decision looks at (a four-byte sequence, and the pair
/// after it for the Cyrillic rule).
const WINDOW_AFTER: usize = 6;

/// Characters that [`normalize`] removes and that carry no byte of a mojibake sequence.
fn is_droppable_invisible(c: char) -> bool {
    c != '\u{AD}' && is_invisible(c)
}

/// Whether `c` can be the first character of a repair: a Windows-1252/Latin-1 lead byte
/// (U+00C2..=U+00F4), or a MacRoman one (`¬ √ ƒ ≈ ‚`).
fn may_start_sequence(c: char) -> bool {
    ('\u{C2}'..='\u{F4}').contains(&c) || is_mac_roman_lead_char(c)
}

/// The mojibake sequence that starts at byte `at` of `text`, if there is one: the character it
/// stands for and its length in bytes of `text`. This lets a later stage (the tagger) read
/// `KakÃ¡` as `Kaká` while keeping offsets into the text as given.
pub fn mojibake_at(text: &str, at: usize) -> Option<(char, usize)> {
    let mut rest = text.get(at..)?.chars();
    let first = rest.next()?;
    if !may_start_sequence(first) {
        return None;
    }
    // Most lead characters are plain accented letters (`è`, `à`, `ó`) followed by a letter or a
    // space: only a continuation-like character, or a lost-byte shape, is worth a closer look.
    let next = rest.next();
    let worth_a_look = matches!(first, 'Ã' | 'Â')
        || next.is_some_and(|n| {
            n == '\u{FFFD}'
                || matches!(legacy_byte(n), Some(0x80..=0xBF))
                || (is_mac_roman_lead_char(first)
                    && mac_roman_byte(n).is_some_and(|b| (0x80..=0xBF).contains(&b)))
        });
    if !worth_a_look {
        return None;
    }
    let mut window = ['\0'; WINDOW_BEFORE + 1 + WINDOW_AFTER];
    let mut lead = 0;
    for c in text[..at].chars().rev().take(WINDOW_BEFORE) {
        lead += 1;
        window[WINDOW_BEFORE - lead] = c;
    }
    let mut filled = WINDOW_BEFORE;
    for c in text[at..].chars().take(1 + WINDOW_AFTER) {
        window[filled] = c;
        filled += 1;
    }
    let window = &window[WINDOW_BEFORE - lead..filled];
    let (repaired, consumed) = repair_at(window, lead)?;
    let length = text[at..].chars().take(consumed).map(char::len_utf8).sum();
    Some((repaired, length))
}

/// A quick scan: is there a lead character followed by a character that a legacy decoder makes
/// of a continuation byte, or one of the shapes left when such a byte was lost (`Ã` at a word
/// end or inside a lowercase word, `Â` before a space, `â€` alone)? Clean accented text
/// (`perché`, `città`) has none, and skips the repair entirely.
fn might_hold_mojibake(text: &str) -> bool {
    let mut previous = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            previous = c;
            continue;
        }
        if is_droppable_invisible(c) {
            // it may split a sequence; the slow path looks
            return true;
        }
        let next = chars.peek().copied();
        if ('\u{C2}'..='\u{F4}').contains(&c) {
            match next {
                Some(next) if matches!(legacy_byte(next), Some(0x80..=0xBF)) => return true,
                Some('\u{FFFD}') => return true,
                None => {
                    if c == 'Ã' {
                        return true;
                    }
                }
                Some(next) => {
                    let lost_byte_shape = match c {
                        'Ã' => {
                            next.is_whitespace()
                                || is_closing_punctuation(next)
                                || (next.is_ascii_lowercase()
                                    && (previous.is_lowercase() || !previous.is_alphanumeric()))
                        }
                        'Â' => next.is_whitespace(),
                        _ => false,
                    };
                    if lost_byte_shape {
                        return true;
                    }
                }
            }
        } else if is_mac_roman_lead_char(c)
            && next
                .and_then(mac_roman_byte)
                .is_some_and(|b| (0x80..=0xBF).contains(&b))
        {
            return true;
        }
        previous = c;
    }
    false
}

/// Tries to read a mojibake sequence starting at `chars[i]`: first as Windows-1252/Latin-1,
/// then as MacRoman. Returns the character it stands for and how many characters it spans.
fn repair_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    if let Some(found) = repair_legacy_at(chars, i) {
        return Some(found);
    }
    repair_mac_roman_at(chars, i)
}

fn repair_legacy_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    let lead = legacy_byte(chars[i])?;
    let length = sequence_length(lead)?;
    let previous = if i > 0 { Some(chars[i - 1]) } else { None };
    let mut bytes = [lead, 0, 0, 0];
    for (k, slot) in bytes.iter_mut().enumerate().take(length).skip(1) {
        match chars.get(i + k).copied().and_then(legacy_byte) {
            Some(b @ 0x80..=0xBF) => *slot = b,
            _ => return repair_lost_byte(chars, i, k, &bytes[..k]),
        }
    }
    let decoded = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    if !is_plausible_repair(decoded, lead, previous) {
        return None;
    }
    // Inside an all-caps word (`IRMÃ»`), a lowercase letter is not what the writer meant.
    // (A capital that is itself a continuation byte, like the `Ÿ` of `ÐŸ`, is mojibake, not
    // context.)
    // Nor is a lead character: in `JÃÂº`, twice-encoded `ú`, the `Ã` is the older layer's lead.
    let is_real_capital = |c: char| {
        c.is_uppercase() && !matches!(legacy_byte(c), Some(0x80..=0xBF) | Some(0xC2..=0xF4))
    };
    let before_previous = if i > 1 { Some(chars[i - 2]) } else { None };
    if decoded.is_lowercase()
        && previous.is_some_and(is_real_capital)
        && before_previous.is_some_and(is_real_capital)
    {
        return None;
    }
    // Greek and Cyrillic mojibake comes in runs (`ÐŸÑ€Ð¸`); a lone pair such as `Ñ”` is more
    // likely correct text. (The run's previous pair may already be repaired.)
    // CJK ideographs and Hangul too: `è…»` (in `«Non è…»`) is E8 85 BB, an ideograph, and
    // correct Italian; real mojibake of Chinese, Japanese or Korean comes in runs.
    let ideograph = |c: char| matches!(c as u32, 0x3400..=0x9FFF | 0xAC00..=0xD7AF);
    let in_a_cjk_run = starts_mojibake_pair(chars, i + length)
        || (i >= 2 && starts_mojibake_pair(chars, i - 2))
        || previous.is_some_and(|p| ideograph(p) || matches!(p as u32, 0x3000..=0x30FF));
    if ideograph(decoded) && !in_a_cjk_run {
        return None;
    }
    let greek_or_cyrillic = |c: char| matches!(c as u32, 0x370..=0x4FF);
    // (a one-letter word, like the `и` of `Москва и Санкт-Петербург`, continues the run
    // across its space)
    let space_then = |j: usize| chars.get(j) == Some(&' ');
    let in_a_run = starts_mojibake_pair(chars, i + length)
        || (space_then(i + length)
            && starts_greek_or_cyrillic_pair(chars, i + length + 1)
            && starts_mojibake_pair(chars, i + length + 3))
        || (i >= 2 && starts_mojibake_pair(chars, i - 2))
        || previous.is_some_and(greek_or_cyrillic)
        || (previous == Some(' ') && before_previous.is_some_and(greek_or_cyrillic));
    if greek_or_cyrillic(decoded) && !in_a_run {
        return None;
    }
    Some((decoded, length))
}

/// The length of the UTF-8 sequence a lead byte starts.
fn sequence_length(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// A sequence whose byte number `k` is missing: scrapers turn the no-break space (`A0`) into a
/// plain space or drop it, strip the soft hyphen (`AD`), and lose the bytes Windows-1252 leaves
/// undefined (`9D`). Each lost byte leaves a recognizable shape, repaired only in the context
/// where no correct text has it:
/// - `Ã` after a lowercase letter and before a space, punctuation or the end: `à` (`cittÃ `);
/// - `Ã` between two lowercase letters: `í`, whose `AD` was stripped (`VinÃcius`);
/// - `Â` after a letter, digit or punctuation and before a space: a no-break space (`10Â km`);
/// - `â€` before a space, punctuation, `�` or the end: `”`, whose `9D` was lost.
fn repair_lost_byte(chars: &[char], i: usize, k: usize, seen: &[u8]) -> Option<(char, usize)> {
    let previous = if i > 0 { Some(chars[i - 1]) } else { None };
    let next = chars.get(i + k).copied();
    let at_word_end = next.is_none_or(|n| n.is_whitespace() || is_closing_punctuation(n));
    match seen {
        [0xC3] if next == Some('\u{FFFD}') => {
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
            let lowercase_after = chars.get(i + 2).is_some_and(|n| n.is_lowercase());
            (word_start && lowercase_after).then_some(('Á', 2))
        }
        [0xC3] => {
            let after_lowercase = previous.is_some_and(char::is_lowercase);
            let before_ascii_lowercase = next.is_some_and(|n| n.is_ascii_lowercase());
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
            // (a lone `Ã` is left alone: it may be the letter itself, named in a text)
            if after_lowercase && at_word_end {
                Some(('à', 1))
            } else if after_lowercase && before_ascii_lowercase {
                Some(('í', 1))
            } else if word_start && before_ascii_lowercase {
                // a capital that starts a word: `Á` (C3 81), whose 81 Windows-1252 leaves
                // undefined (`Ãngel`); correct text has `Ã` only in all-caps words
                Some(('Á', 1))
            } else {
                None
            }
        }
        [0xC2] => {
            let after_text = previous.is_some_and(|p| !p.is_whitespace() && !p.is_uppercase());
            if after_text && next.is_some_and(char::is_whitespace) {
                Some(('\u{A0}', 1))
            } else {
                None
            }
        }
        [0xE2, 0x80] => {
            if next == Some('\u{FFFD}') {
                Some(('”', 3))
            } else if at_word_end {
                Some(('”', 2))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// MacRoman mojibake (`Kak√°`, `‚Äô`), from files written on old Macs. MacRoman maps the lead
/// bytes to symbols (`√`, `‚`) that correct text puts before an accented letter only by
/// accident, so repairs are limited to the characters such text is made of: Latin letters and
/// the usual punctuation.
fn repair_mac_roman_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    let lead = mac_roman_byte(chars[i]).filter(|&b| is_mac_roman_lead(b))?;

    let length = sequence_length(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    // `ƒ`, `‚` and `¬` are Windows-1252 continuation bytes too. Right after a Windows-1252
    // lead, and before another Windows-1252 sequence, they are that (`ãƒâ€“`: twice-encoded
    // Japanese, whose `â€“` is repaired first), not a MacRoman lead.
    let inside_legacy_sequence = i > 0
        && matches!(legacy_byte(chars[i - 1]), Some(0xC2..=0xF4))
        && matches!(legacy_byte(chars[i]), Some(0x80..=0xBF));
    for (k, slot) in bytes.iter_mut().enumerate().take(length).skip(1) {
        if inside_legacy_sequence && starts_mojibake_pair(chars, i + k) {
            return None;
        }
        match chars.get(i + k).copied().and_then(mac_roman_byte) {
            Some(b @ 0x80..=0xBF) => *slot = b,
            _ => return None,
        }
    }
    let decoded = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    // (or a character of MacRoman itself: the middle layer of text mis-decoded twice)
    let plausible = matches!(decoded as u32, 0xA0..=0x17F | 0x2010..=0x203A | 0x20AC | 0x2122)
        || mac_roman_byte(decoded).is_some();
    plausible.then_some((decoded, length))
}

/// The MacRoman lead bytes repaired: `C2..=C5` (Latin-1 and Latin Extended-A letters), `E2`
/// (punctuation, `€`, `™`), and `C6`, `CE`, `CF`, which start the UTF-8 of MacRoman's own `ƒ`,
/// `Ω` and `π` (the middle layer of text mis-decoded twice).
fn is_mac_roman_lead(byte: u8) -> bool {
    matches!(byte, 0xC2..=0xC6 | 0xCE | 0xCF | 0xE2)
}

/// The characters MacRoman puts at the lead bytes of [`is_mac_roman_lead`] (`¬ √ ƒ ≈ ∆ Œ œ ‚`):
/// a quick test before the table lookup.
fn is_mac_roman_lead_char(c: char) -> bool {
    matches!(c, '¬' | '√' | 'ƒ' | '≈' | '∆' | 'Œ' | 'œ' | '‚')
}

/// The characters MacRoman puts at bytes 0x80..=0xFF.
const MAC_ROMAN_HIGH: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{A0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{F8FF}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// The MacRoman byte that decodes to `c`, for the high half of the code page.
fn mac_roman_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return None;
    }
    MAC_ROMAN_HIGH
        .iter()
        .position(|&mapped| mapped == c)
        .map(|index| 0x80 + index as u8)
}

/// Whether `chars[j..]` starts with a lead character followed by a continuation character.
fn starts_mojibake_pair(chars: &[char], j: usize) -> bool {
    let byte = |k: usize| chars.get(k).copied().and_then(legacy_byte);
    matches!(
        (byte(j), byte(j + 1)),
        (Some(0xC2..=0xF4), Some(0x80..=0xBF))
    )
}

/// Whether `chars[j..]` starts with the two-character mojibake of a Greek or Cyrillic letter.
fn starts_greek_or_cyrillic_pair(chars: &[char], j: usize) -> bool {
    let byte = |k: usize| chars.get(k).copied().and_then(legacy_byte);
    matches!(
        (byte(j), byte(j + 1)),
        (Some(0xCE..=0xD3), Some(0x80..=0xBF))
    )
}

fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '”' | '’' | '»'
    )
}

/// Whether `decoded` is a believable original character. This is what keeps correct text safe:
/// `PERCHÉ»` re-encodes to valid UTF-8 too (U+027B, an IPA letter), but no Italian or English
/// news text means that, so it stays as written.
fn is_plausible_repair(decoded: char, lead: u8, previous: Option<char>) -> bool {
    let code = decoded as u32;
    match code {
        // C1 controls: the middle layer of text mis-decoded twice as Latin-1 (`Ã\u{83}Â¡`)
        0x80..=0x9F => true,
        // Latin-1 letters and symbols, Latin Extended-A (Polish, Czech, Turkish, ...)
        0xA0..=0x17F => true,
        // `ƒ`, which Windows-1252 contains: the middle layer of text mis-decoded twice
        0x192 => true,
        // Romanian comma-below letters, the only common Latin Extended-B ones
        0x218..=0x21B => true,
        // modifier letters that Windows-1252 itself contains
        0x2C6 | 0x2DC => true,
        // decomposed accents (NFD text read as Windows-1252): `e` + `Ì\u{81}`
        0x300..=0x33F => lead == 0xCC && previous.is_some_and(char::is_alphabetic),
        // Greek, Cyrillic
        0x370..=0x4FF => true,
        // Latin Extended Additional (Vietnamese), general punctuation, currency, letterlike
        0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2100..=0x214F => true,
        // arrows, mathematical operators, box drawing, shapes, dingbats
        0x2190..=0x22FF | 0x2500..=0x27BF => true,
        // the byte-order mark and the replacement character (removed or kept later)
        0xFEFF | 0xFFFD => true,
        // emoji and pictographs
        0x1F000..=0x1FAFF => true,
        // CJK punctuation, kana (`ツ` of `¯\_(ツ)_/¯`): no correct Latin text has their
        // mojibake shapes (`ãƒ„`). CJK ideographs are judged by `repair_legacy_at`.
        0x3000..=0x30FF => true,
        0x3400..=0x9FFF | 0xAC00..=0xD7AF => true,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// HTML entities

/// The named entities of HTML 4 (the Latin-1, symbol and special sets, with `&apos;`), sorted
/// by name for binary search: what scraped news pages use.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Alpha", 'Α'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Beta", 'Β'),
    ("Ccedil", 'Ç'),
    ("Chi", 'Χ'),
    ("Dagger", '‡'),
    ("Delta", 'Δ'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Epsilon", 'Ε'),
    ("Eta", 'Η'),
    ("Euml", 'Ë'),
    ("Gamma", 'Γ'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iota", 'Ι'),
    ("Iuml", 'Ï'),
    ("Kappa", 'Κ'),
    ("Lambda", 'Λ'),
    ("Mu", 'Μ'),
    ("Ntilde", 'Ñ'),
    ("Nu", 'Ν'),
    ("OElig", 'Œ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Omega", 'Ω'),
    ("Omicron", 'Ο'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Phi", 'Φ'),
    ("Pi", 'Π'),
    ("Prime", '″'),
    ("Psi", 'Ψ'),
    ("Rho", 'Ρ'),
    ("Scaron", 'Š'),
    ("Sigma", 'Σ'),
    ("THORN", 'Þ'),
    ("Tau", 'Τ'),
    ("Theta", 'Θ'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Upsilon", 'Υ'),
    ("Uuml", 'Ü'),
    ("Xi", 'Ξ'),
    ("Yacute", 'Ý'),
    ("Yuml", 'Ÿ'),
    ("Zeta", 'Ζ'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("alefsym", 'ℵ'),
    ("alpha", 'α'),
    ("amp", '&'),
    ("and", '∧'),
    ("ang", '∠'),
    ("apos", '\''),
    ("aring", 'å'),
    ("asymp", '≈'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("beta", 'β'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("cap", '∩'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("chi", 'χ'),
    ("circ", 'ˆ'),
    ("clubs", '♣'),
    ("cong", '≅'),
    ("copy", '©'),
    ("crarr", '↵'),
    ("cup", '∪'),
    ("curren", '¤'),
    ("dArr", '⇓'),
    ("dagger", '†'),
    ("darr", '↓'),
    ("deg", '°'),
    ("delta", 'δ'),
    ("diams", '♦'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("empty", '∅'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("epsilon", 'ε'),
    ("equiv", '≡'),
    ("eta", 'η'),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("exist", '∃'),
    ("fnof", 'ƒ'),
    ("forall", '∀'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("frasl", '⁄'),
    ("gamma", 'γ'),
    ("ge", '≥'),
    ("gt", '>'),
    ("hArr", '⇔'),
    ("harr", '↔'),
    ("hearts", '♥'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("image", 'ℑ'),
    ("infin", '∞'),
    ("int", '∫'),
    ("iota", 'ι'),
    ("iquest", '¿'),
    ("isin", '∈'),
    ("iuml", 'ï'),
    ("kappa", 'κ'),
    ("lArr", '⇐'),
    ("lambda", 'λ'),
    ("lang", '〈'),
    ("laquo", '«'),
    ("larr", '←'),
    ("lceil", '⌈'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lfloor", '⌊'),
    ("lowast", '∗'),
    ("loz", '◊'),
    ("lrm", '\u{200E}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("mu", 'μ'),
    ("nabla", '∇'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("ni", '∋'),
    ("not", '¬'),
    ("notin", '∉'),
    ("nsub", '⊄'),
    ("ntilde", 'ñ'),
    ("nu", 'ν'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("oline", '‾'),
    ("omega", 'ω'),
    ("omicron", 'ο'),
    ("oplus", '⊕'),
    ("or", '∨'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("otimes", '⊗'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("part", '∂'),
    ("permil", '‰'),
    ("perp", '⊥'),
    ("phi", 'φ'),
    ("pi", 'π'),
    ("piv", 'ϖ'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("prod", '∏'),
    ("prop", '∝'),
    ("psi", 'ψ'),
    ("quot", '"'),
    ("rArr", '⇒'),
    ("radic", '√'),
    ("rang", '〉'),
    ("raquo", '»'),
    ("rarr", '→'),
    ("rceil", '⌉'),
    ("rdquo", '”'),
    ("real", 'ℜ'),
    ("reg", '®'),
    ("rfloor", '⌋'),
    ("rho", 'ρ'),
    ("rlm", '\u{200F}'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("scaron", 'š'),
    ("sdot", '⋅'),
    ("sect", '§'),
    ("shy", '\u{AD}'),
    ("sigma", 'σ'),
    ("sigmaf", 'ς'),
    ("sim", '∼'),
    ("spades", '♠'),
    ("sub", '⊂'),
    ("sube", '⊆'),
    ("sum", '∑'),
    ("sup", '⊃'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("supe", '⊇'),
    ("szlig", 'ß'),
    ("tau", 'τ'),
    ("there4", '∴'),
    ("theta", 'θ'),
    ("thetasym", 'ϑ'),
    ("thinsp", '\u{2009}'),
    ("thorn", 'þ'),
    ("tilde", '˜'),
    ("times", '×'),
    ("trade", '™'),
    ("uArr", '⇑'),
    ("uacute", 'ú'),
    ("uarr", '↑'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("upsih", 'ϒ'),
    ("upsilon", 'υ'),
    ("uuml", 'ü'),
    ("weierp", '℘'),
    ("xi", 'ξ'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zeta", 'ζ'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// Decodes well-formed HTML entities (`&eacute;`, `&#233;`, `&#xE9;`); a `&` without a known
/// name and a closing `;` is left as written.
pub fn decode_html_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let candidate = &rest[amp + 1..];
        match parse_entity(candidate) {
            Some((mut decoded, length)) => {
                rest = &candidate[length..];
                // double-escaped text (`&amp;eacute;`) decodes all the way in one pass
                while decoded == '&' {
                    let Some((inner, inner_length)) = parse_entity(rest) else {
                        break;
                    };
                    decoded = inner;
                    rest = &rest[inner_length..];
                }
                out.push(decoded);
                changed = true;
            }
            None => {
                out.push('&');
                rest = candidate;
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Parses the entity after a `&`: returns the character and the bytes consumed (with the `;`).
fn parse_entity(s: &str) -> Option<(char, usize)> {
    let semicolon = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[..semicolon];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = if let Some(hex) = number.strip_prefix(['x', 'X']) {
            if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            number.parse::<u32>().ok()?
        };
        // HTML reads numeric references in the C1 range as Windows-1252, as browsers do.
        let c = char::from_u32(code)?;
        match c {
            // a line of text stays one line: an encoded line break is white space here
            '\n' | '\r' => ' ',
            _ => windows_1252_for_c1(c).unwrap_or(c),
        }
    } else {
        let index = NAMED_ENTITIES
            .binary_search_by(|(name, _)| (*name).cmp(body))
            .ok()?;
        NAMED_ENTITIES[index].1
    };
    Some((decoded, semicolon + 1))
}

// ---------------------------------------------------------------------------------------------
// Opt-in folding

/// The ASCII replacement of a typographic punctuation mark, if it has one.
fn straight_punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '‹' | '›' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '…' => "...",
        _ => return None,
    })
}

/// Curly quotes, guillemets, dashes and the ellipsis in their ASCII forms.
pub fn straighten_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match straight_punctuation(c) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
    }
    out
}

/// Folds text to ASCII for keys, keeping case: diacritics dropped (`Kaká` -> `Kaka`), letters
/// with no decomposition spelled out (`ß` -> `ss`, `Ø` -> `O`), punctuation straightened.
/// Characters with no ASCII form are kept as they are.
pub fn fold_to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if let Some(replacement) = straight_punctuation(c) {
            out.push_str(replacement);
            continue;
        }
        let spelled = match c {
            'ß' => "ss",
            'ẞ' => "SS",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'þ' => "th",
            'Þ' => "TH",
            'ø' => "o",
            'Ø' => "O",
            'đ' | 'ð' => "d",
            'Đ' | 'Ð' => "D",
            'ł' => "l",
            'Ł' => "L",
            'ı' => "i",
            'ħ' => "h",
            'Ħ' => "H",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
            continue;
        }
        let mut base = String::new();
        unicode_normalization::char::decompose_canonical(c, |part| {
            if !unicode_normalization::char::is_combining_mark(part) {
                base.push(part);
            }
        });
        if !base.is_empty() && base.is_ascii() {
            out.push_str(&base);
        } else if !unicode_normalization::char::is_combining_mark(c) {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Composition and character clean-up

fn compose(text: &str, form: Form) -> Cow<'_, str> {
    match form {
        Form::Nfc => {
            if is_nfc_quick(text.chars()) == IsNormalized::Yes {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(text.nfc().collect())
            }
        }
        Form::Nfkc => {
            if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(text.nfkc().collect())
            }
        }
    }
}

/// Characters that are removed outright: zero-width characters, the soft hyphen, bidirectional
/// controls, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Drops control and invisible characters, maps C1 controls that stand for Windows-1252
/// punctuation to it, turns every other white space into a plain space, collapses runs of spaces
/// and trims each line.
fn clean_characters(text: &str) -> Cow<'_, str> {
    if !needs_character_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut line_start = true;
    for c in text.chars() {
        let c = windows_1252_for_c1(c).unwrap_or(c);
        if c == '\n' {
            out.push('\n');
            pending_space = false;
            line_start = true;
            continue;
        }
        if c.is_whitespace() || c == '\r' {
            pending_space = !line_start;
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        line_start = false;
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Whether [`clean_characters`] would change anything: a control, invisible or exotic white
/// space character, a doubled space, or a space at either end of a line.
fn needs_character_cleaning(text: &str) -> bool {
    let mut previous = '\n';
    for c in text.chars() {
        let suspicious = match c {
            ' ' => previous == ' ' || previous == '\n',
            '\n' => previous == ' ',
            _ if c.is_ascii() => c.is_ascii_control(),
            _ => c.is_whitespace() || c.is_control() || is_invisible(c),
        };
        if suspicious {
            return true;
        }
        previous = c;
    }
    previous == ' '
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        normalize(text).into_owned()
    }

    #[test]
    fn repairs_single_mojibake_in_names() {
        assert_eq!(n("KakÃ¡"), "Kaká");
        assert_eq!(n("Ã‰der MilitÃ£o"), "Éder Militão");
        assert_eq!(n("VinÃ\u{AD}cius JÃºnior"), "Vinícius Júnior");
        assert_eq!(n("SeleÃ§Ã£o"), "Seleção");
        assert_eq!(n("BernabÃ©u"), "Bernabéu");
    }

    #[test]
    fn repairs_punctuation_and_double_mojibake() {
        assert_eq!(n("Brazilâ€™s coach"), "Brazil’s coach");
        assert_eq!(n("â€œHe leftâ€\u{9d}"), "“He left”");
        assert_eq!(n("KakÃƒÂ¡"), "Kaká");
        assert_eq!(n("perchÃ© piÃ¹"), "perché più");
    }

    #[test]
    fn repairs_every_layer_of_repeated_mojibake_in_one_pass() {
        // three times through Windows-1252, and twice through Latin-1
        assert_eq!(n("KakÃƒÆ’Ã‚Â¡ and JÃƒÆ’Ã‚Âºnior"), "Kaká and Júnior");
        assert_eq!(repair_mojibake("KakÃƒÆ’Ã‚Â¡"), "Kaká");
        assert_eq!(n("JÃ\u{83}Âºnior"), "Júnior");
        // a fixed point even for absurd depths: one more Â per layer
        let deep = format!("x Ã{}¨ y", "Â".repeat(60));
        let once = n(&deep);
        assert_eq!(n(&once), once);
    }

    #[test]
    fn repairs_mac_roman() {
        assert_eq!(n("Kak√° and Milit√£o"), "Kaká and Militão");
        assert_eq!(n("‚ÄúCitt√†‚Äù is Brazil‚Äôs"), "“Città” is Brazil’s");
        // twice
        assert_eq!(n("Kak‚àö¬∞ pi‚àöœÄ"), "Kaká più");
        // correct text with the same symbols stays
        for clean in ["√2 ≈ 1.41", "‚quoted‘ ƒ(x)", "Œuvre œil"] {
            assert_eq!(n(clean), clean);
        }
    }

    #[test]
    fn repairs_sequences_whose_byte_was_lost() {
        // soft hyphen (í = C3 AD) stripped
        assert_eq!(n("VinÃcius MartÃnez"), "Vinícius Martínez");
        // undefined Windows-1252 byte (Á = C3 81) dropped or replaced
        assert_eq!(n("Ãngel and Ã\u{FFFD}ngel"), "Ángel and Ángel");
        // no-break space (à = C3 A0, NBSP = C2 A0) turned into a space
        assert_eq!(
            n("Les Bleus Ã  Saint-Ã‰tienne"),
            "Les Bleus Ã Saint-Étienne"
        );
        assert_eq!(n("10Â km"), "10 km");
        // ” (E2 80 9D) whose 9D was lost or replaced
        assert_eq!(n("â€œHelloâ€ and â€œbyeâ€\u{FFFD}"), "“Hello” and “bye”");
        // but a real capital Ã stays
        assert_eq!(n("SÃO PAULO, IRMÃ E"), "SÃO PAULO, IRMÃ E");
    }

    #[test]
    fn repairs_kana_and_runs_of_ideographs_but_not_italian_punctuation() {
        assert_eq!(n("¯\\_(ãƒ„)_/¯"), "¯\\_(ツ)_/¯");
        assert_eq!(n("æ—¥æœ¬èªž"), "日本語");
        // E8 85 BB would be an ideograph, alone: correct text
        assert_eq!(n("«Non è…»"), "«Non è…»");
    }

    #[test]
    fn invisible_characters_do_not_hide_mojibake() {
        assert_eq!(n("Kak\u{C3}\u{200B}\u{A1}"), "Kaká");
        assert_eq!(n("Kak\u{C3}\u{2009}"), "Kakà");
    }

    #[test]
    fn folds_to_ascii_and_straightens_on_request() {
        let ascii = Options {
            ascii: true,
            ..Options::default()
        };
        assert_eq!(
            normalize_with("Kaká, ÉDER MILITÃO, Straße, Ødegaard: “sì” — fine…", ascii),
            "Kaka, EDER MILITAO, Strasse, Odegaard: \"si\" - fine..."
        );
        // repair comes first
        assert_eq!(normalize_with("KakÃ¡", ascii), "Kaka");
        // characters with no ASCII form are kept
        assert_eq!(normalize_with("Привет €5", ascii), "Привет €5");
        let straight = Options {
            straighten_punctuation: true,
            ..Options::default()
        };
        assert_eq!(
            normalize_with("«Sì» l’Inter – “ok”…", straight),
            "\"Sì\" l'Inter - \"ok\"..."
        );
    }

    #[test]
    fn decodes_entity_chains_in_one_pass() {
        assert_eq!(n("&amp;eacute; &amp;amp;amp; &amp;Dagger;"), "é & ‡");
    }

    #[test]
    fn finds_one_mojibake_sequence_in_place() {
        let text = "x KakÃ¡ y";
        assert_eq!(mojibake_at(text, 5), Some(('á', 4)));
        assert_eq!(mojibake_at(text, 4), None);
        assert_eq!(mojibake_at("cittÃ ", 4), Some(('à', 2)));
        assert_eq!(mojibake_at("perché", 5), None);
    }

    #[test]
    fn repairs_cyrillic_runs_but_not_lone_pairs() {
        assert_eq!(n("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
        assert_eq!(n("ESPAÑ” and IRMÃ»"), "ESPAÑ” and IRMÃ»");
    }

    #[test]
    fn repairs_a_grave_whose_no_break_space_was_lost() {
        assert_eq!(n("la cittÃ  di Milano"), "la città di Milano");
        assert_eq!(n("la cittÃ di Milano"), "la città di Milano");
        assert_eq!(n("la veritÃ."), "la verità.");
    }

    #[test]
    fn keeps_correct_accented_text() {
        for clean in [
            "Perché la città è più bella, disse «PERCHÉ»",
            "SÃO PAULO e São Paulo",
            "Ã is a letter; Â too",
            "Straße, Ærø, Œuvre, naïve café",
            "x ≤ y, 5 € and £86.3m — “quoted” … fine",
            "Müller traf zweimal für Bayern München.",
            "¿Qué pasó? ¡Ganó el Atlético!",
        ] {
            assert_eq!(n(clean), clean, "changed {clean:?}");
        }
    }

    #[test]
    fn decodes_entities_only_when_well_formed() {
        assert_eq!(
            n("Kak&aacute; &amp; Rom&#225;rio &#xE9;"),
            "Kaká & Romário é"
        );
        assert_eq!(
            n("AT&T and R&D; &nosuch; &#;"),
            "AT&T and R&D; &nosuch; &#;"
        );
        assert_eq!(n("&#146;"), "’");
        // an encoded line break does not split the line
        assert_eq!(n("one&#10;two&#x0D;three"), "one two three");
    }

    #[test]
    fn cleans_spaces_and_invisible_characters() {
        assert_eq!(n("  Éder\u{A0}Militão  "), "Éder Militão");
        assert_eq!(n("foot\u{AD}ball\u{200B} news\u{0007}"), "football news");
        assert_eq!(n("a\t\tb\u{2009}c\u{3000}d"), "a b c d");
        assert_eq!(n("line one  \n  line two\r\n"), "line one\nline two\n");
        assert_eq!(n("don\u{92}t"), "don’t");
    }

    #[test]
    fn composes_decomposed_accents() {
        assert_eq!(n("Kaka\u{301}"), "Kaká");
        assert_eq!(n("Kaka\u{301}").chars().count(), 4);
    }

    #[test]
    fn nfkc_on_request() {
        let nfkc = Options {
            form: Form::Nfkc,
            ..Options::default()
        };
        assert_eq!(normalize_with("ﬁnal…", nfkc), "final...");
        assert_eq!(normalize("ﬁnal…"), "ﬁnal…");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(normalize("Plain ASCII text."), Cow::Borrowed(_)));
        assert!(matches!(normalize("Città è più."), Cow::Borrowed(_)));
    }

    #[test]
    fn decodes_invalid_utf8_as_windows_1252() {
        let decoded = decode_bytes(b"Kak\xE1 \x93ok\x94");
        assert!(decoded.from_windows_1252);
        assert_eq!(decoded.text, "Kaká “ok”");
        let decoded = decode_bytes("\u{FEFF}Kaká".as_bytes());
        assert!(!decoded.from_windows_1252);
        assert_eq!(decoded.text, "Kaká");
    }
}
