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
}

/// Input bytes turned into text, and whether they had to be read as Windows-1252.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// True when the bytes were not valid UTF-8 and were decoded as Windows-1252.
    pub from_windows_1252: bool,
}

/// Decodes raw input bytes: UTF-8 when valid (a byte-order mark is dropped), otherwise
/// Windows-1252, which is what almost every non-UTF-8 Western European text file really is.
pub fn decode_bytes(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            from_windows_1252: false,
        },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded {
                text: text.into_owned(),
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
    if is_already_clean(text) {
        return Cow::Borrowed(text);
    }
    // Each step can expose work for an earlier one (an entity that decodes to mojibake, a
    // zero-width character that separated the two halves of a mojibake pair), so the steps run
    // until nothing changes. Each round either changes nothing or strictly repairs something;
    // four rounds cover every real case while bounding the work on adversarial input.
    let mut current = one_round(text, options);
    for _ in 0..4 {
        let next = one_round(&current, options);
        if next == current {
            break;
        }
        current = next;
    }
    if current == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(current)
    }
}

fn one_round(text: &str, options: Options) -> String {
    let text = decode_html_entities(text);
    let text = compose(&text, options.form);
    let text = repair_mojibake(&text);
    let text = compose(&text, options.form);
    clean_characters(&text).into_owned()
}

/// The fast path: plain text that needs nothing at all. ASCII without entities, controls or
/// doubled spaces; non-ASCII only from ranges that can neither be mojibake nor need composition.
fn is_already_clean(text: &str) -> bool {
    let mut previous_space = true; // a leading space needs trimming
    for byte in text.bytes() {
        match byte {
            b' ' => {
                if previous_space {
                    return false;
                }
                previous_space = true;
                continue;
            }
            b'\n' => {
                if previous_space && !text.is_empty() {
                    // a space before a line break, or a blank line start: let the slow path look
                    return false;
                }
                previous_space = true;
                continue;
            }
            b'&' | 0x00..=0x1F | 0x7F => return false,
            0x80..=0xFF => return false,
            _ => {}
        }
        previous_space = false;
    }
    !previous_space || text.is_empty()
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

/// Repairs UTF-8 that was decoded as Windows-1252 or Latin-1 (`KakÃ¡`, `â€™`), in any part of
/// the text. One call undoes one layer; [`normalize_with`] repeats until nothing changes, which
/// undoes double encoding too.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    // Every mojibake sequence starts with a character in U+00C2..=U+00F4 (the lead byte of a
    // multi-byte UTF-8 sequence): text without one is returned at once.
    if !might_hold_mojibake(text) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((repaired, consumed)) = repair_at(&chars, i) {
            out.push(repaired);
            i += consumed;
            changed = true;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The mojibake sequence that starts at byte `at` of `text`, if there is one: the character it
/// stands for and its length in bytes of `text`. This lets a later stage (the tagger) read
/// `KakÃ¡` as `Kaká` while keeping offsets into the text as given.
pub fn mojibake_at(text: &str, at: usize) -> Option<(char, usize)> {
    let first = text.get(at..)?.chars().next()?;
    if !('\u{C2}'..='\u{F4}').contains(&first) {
        return None;
    }
    // the decision looks at two characters before and at most five after the lead
    let mut window: Vec<char> = text[..at].chars().rev().take(2).collect();
    window.reverse();
    let lead = window.len();
    window.extend(text[at..].chars().take(6));
    let (repaired, consumed) = repair_at(&window, lead)?;
    let length = text[at..].chars().take(consumed).map(char::len_utf8).sum();
    Some((repaired, length))
}

/// A quick scan: is there a lead character (U+00C2..=U+00F4) followed by a character that a
/// legacy decoder makes of a continuation byte, or an `Ã` at a word end? Clean accented text
/// (`perché`, `città`) has neither, and skips the repair entirely.
fn might_hold_mojibake(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !('\u{C2}'..='\u{F4}').contains(&c) {
            continue;
        }
        match chars.peek() {
            Some(&next) if matches!(legacy_byte(next), Some(0x80..=0xBF)) => return true,
            Some(' ') | None if c == 'Ã' => return true,
            Some(&next) if c == 'Ã' && is_closing_punctuation(next) => return true,
            _ => {}
        }
    }
    false
}

/// Tries to read a mojibake sequence starting at `chars[i]`; returns the character it stands
/// for and how many characters it spans.
fn repair_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    let lead = legacy_byte(chars[i])?;
    let length = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let previous = if i > 0 { Some(chars[i - 1]) } else { None };
    let mut bytes = [lead, 0, 0, 0];
    for (k, slot) in bytes.iter_mut().enumerate().take(length).skip(1) {
        match chars.get(i + k).copied().and_then(legacy_byte) {
            Some(b @ 0x80..=0xBF) => *slot = b,
            _ => {
                // `à` is C3 A0: its second byte is a no-break space, which scrapers routinely
                // turn into a plain space or drop. `Ã` after a lowercase letter and before a
                // space or the end is that, never a real capital.
                if length == 2 && k == 1 && lead == 0xC3 {
                    let next = chars.get(i + 1).copied();
                    let after_lowercase = previous.is_some_and(|p| p.is_lowercase());
                    let at_word_end =
                        next.is_none_or(|n| n == ' ' || n == '\u{A0}' || is_closing_punctuation(n));
                    if after_lowercase && at_word_end {
                        return Some(('à', 1));
                    }
                }
                return None;
            }
        }
    }
    let decoded = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    if !is_plausible_repair(decoded, lead, previous) {
        return None;
    }
    // Inside an all-caps word (`IRMÃ»`), a lowercase letter is not what the writer meant.
    // (A capital that is itself a continuation byte, like the `Ÿ` of `ÐŸ`, is mojibake, not
    // context.)
    let is_real_capital =
        |c: char| c.is_uppercase() && !matches!(legacy_byte(c), Some(0x80..=0xBF));
    let before_previous = if i > 1 { Some(chars[i - 2]) } else { None };
    if decoded.is_lowercase()
        && previous.is_some_and(is_real_capital)
        && before_previous.is_some_and(is_real_capital)
    {
        return None;
    }
    // Greek and Cyrillic mojibake comes in runs (`ÐŸÑ€Ð¸`); a lone pair such as `Ñ”` is more
    // likely correct text.
    if matches!(decoded as u32, 0x370..=0x4FF)
        && !starts_mojibake_pair(chars, i + length)
        && !(i >= 2 && starts_mojibake_pair(chars, i - 2))
    {
        return None;
    }
    Some((decoded, length))
}

/// Whether `chars[j..]` starts with a lead character followed by a continuation character.
fn starts_mojibake_pair(chars: &[char], j: usize) -> bool {
    let byte = |k: usize| chars.get(k).copied().and_then(legacy_byte);
    matches!(
        (byte(j), byte(j + 1)),
        (Some(0xC2..=0xF4), Some(0x80..=0xBF))
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
        // Latin-1 letters and symbols, Latin Extended-A (Polish, Czech, Turkish, ...)
        0xA0..=0x17F => true,
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
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// HTML entities

/// Named entities that occur in scraped Western European news, sorted by name.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Ccedil", 'Ç'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Euml", 'Ë'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iuml", 'Ï'),
    ("Ntilde", 'Ñ'),
    ("OElig", 'Œ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Scaron", 'Š'),
    ("THORN", 'Þ'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("Yuml", 'Ÿ'),
    ("Zcaron", 'Ž'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", 'å'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("copy", '©'),
    ("curren", '¤'),
    ("dagger", '†'),
    ("deg", '°'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("not", '¬'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("permil", '‰'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("scaron", 'š'),
    ("sect", '§'),
    ("shy", '\u{AD}'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("thinsp", '\u{2009}'),
    ("thorn", 'þ'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zcaron", 'ž'),
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
            Some((decoded, length)) => {
                out.push(decoded);
                rest = &candidate[length..];
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
        windows_1252_for_c1(c).unwrap_or(c)
    } else {
        let index = NAMED_ENTITIES
            .binary_search_by(|(name, _)| (*name).cmp(body))
            .ok()?;
        NAMED_ENTITIES[index].1
    };
    Some((decoded, semicolon + 1))
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
        let nfkc = Options { form: Form::Nfkc };
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
