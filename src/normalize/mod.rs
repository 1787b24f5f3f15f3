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

mod codepage;
mod entities;
mod evidence;
mod lost;
mod repair;

pub use codepage::CodePage;
pub use entities::decode_html_entities;
use entities::windows_1252_for_c1;
pub use repair::{might_hold_mojibake, mojibake_at, repair_mojibake};

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
/// controls or doubled spaces (eight bytes at a time); non-ASCII only from the letters and
/// punctuation of Western European text that are already composed (in NFC) and that show no
/// mojibake shape with their neighbours.
fn is_already_clean(text: &str, form: Form) -> bool {
    let bytes = text.as_bytes();
    let mut previous_space = true; // a leading space needs trimming
    let mut previous_char = ' ';
    let mut at = 0;
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if let Some(ends_in_space) = plain_ascii_word(word, previous_space) {
                previous_space = ends_in_space;
                previous_char = char::from(bytes[at + 7]);
                at += 8;
                continue;
            }
        }
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
                let mut rest = text[at..].chars();
                let Some(c) = rest.next() else {
                    return false;
                };
                if !is_plain_non_ascii(c) || repair::starts_a_shape(c, previous_char, rest.next()) {
                    return false;
                }
                previous_space = false;
                previous_char = c;
                at += c.len_utf8();
                continue;
            }
            _ => previous_space = false,
        }
        previous_char = char::from(byte);
        at += 1;
    }
    !previous_space || text.is_empty() || text.ends_with('\n')
}

/// Whether eight bytes (little-endian in `word`) are plain ASCII for the fast path: printable,
/// no `&`, no two spaces in a row (nor a space first after one); then whether the last is a
/// space. `None` sends the bytes to the byte-by-byte path.
#[inline]
fn plain_ascii_word(word: u64, previous_space: bool) -> Option<bool> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    if word & HIGH != 0 {
        return None;
    }
    // the high bit of each byte equal to `b` (exact: no carry crosses bytes of 7 bits)
    let equal = |b: u8| {
        let x = word ^ (ONES * u64::from(b));
        !(((x & LOW7) + LOW7) | x) & HIGH
    };
    // bytes below 0x20: their bits 5 and 6 are both clear
    let control = !(((word & (ONES * 0x60)) & LOW7) + LOW7) & HIGH;
    if control | equal(b'&') | equal(0x7F) != 0 {
        return None;
    }
    let spaces = equal(b' ');
    if spaces & (spaces << 8) != 0 || (previous_space && spaces & 0x80 != 0) {
        return None;
    }
    Some(spaces >> 63 != 0)
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
pub(super) fn is_invisible(c: char) -> bool {
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
    let mut skip_until = 0;
    for (at, c) in text.char_indices() {
        if at < skip_until {
            continue;
        }
        if c == '\u{1B}' {
            // a terminal's colour or title, from text copied out of a console or a log, goes
            // whole: the escape character alone would leave `[1m` in the text
            skip_until = at + terminal_escape_length(&text[at..]);
            continue;
        }
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

/// The length in bytes of the terminal escape sequence at the start of `text` (which starts
/// with the escape character): a control sequence (`ESC [`, parameters, a final letter or
/// symbol: colours, `\x1b[1;31m`), an operating-system command (`ESC ]`, up to a bell or
/// `ESC \`: a window title), or the escape character alone when what follows has neither shape
/// within a bounded stretch (an unterminated sequence does not swallow the text after it).
fn terminal_escape_length(text: &str) -> usize {
    const ESCAPE: usize = 1;
    let bytes = text.as_bytes();
    match bytes.get(ESCAPE) {
        Some(b'[') => {
            let body = &bytes[ESCAPE + 1..];
            let parameters = body
                .iter()
                .take(64)
                // (digits, `;`, `?` and the like; no intermediate bytes, which no colour or
                // cursor sequence uses: `ESC [ open` is text after a stray escape)
                .take_while(|b| (0x30..=0x3F).contains(*b))
                .count();
            match body.get(parameters) {
                Some(0x40..=0x7E) => ESCAPE + 1 + parameters + 1,
                _ => ESCAPE,
            }
        }
        Some(b']') => {
            let body = &bytes[ESCAPE + 1..bytes.len().min(ESCAPE + 1 + 256)];
            let end = body.iter().enumerate().find_map(|(k, &b)| match b {
                0x07 => Some(k + 1),
                0x1B if body.get(k + 1) == Some(&b'\\') => Some(k + 2),
                b'\n' => Some(usize::MAX),
                _ => None,
            });
            match end {
                Some(length) if length != usize::MAX => ESCAPE + 1 + length,
                _ => ESCAPE,
            }
        }
        _ => ESCAPE,
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
    use proptest::prelude::*;

    /// The fast path's rule, byte by byte, as it was before words of eight bytes.
    fn clean_by_bytes(text: &str) -> bool {
        let mut previous_space = true;
        let mut previous_char = ' ';
        let mut chars = text.chars().peekable();
        let mut at = 0;
        while let Some(c) = chars.next() {
            match c {
                ' ' if previous_space => return false,
                '\n' if previous_space && at > 0 => return false,
                ' ' | '\n' => previous_space = true,
                '&' | '\u{0}'..='\u{1F}' | '\u{7F}' => return false,
                _ if !c.is_ascii() => {
                    if !is_plain_non_ascii(c)
                        || repair::starts_a_shape(c, previous_char, chars.peek().copied())
                    {
                        return false;
                    }
                    previous_space = false;
                }
                _ => previous_space = false,
            }
            previous_char = c;
            at += c.len_utf8();
        }
        !previous_space || text.is_empty() || text.ends_with('\n')
    }

    proptest! {
        /// Eight bytes at a time decide as one byte at a time does.
        #[test]
        fn fast_path_by_words_agrees_with_bytes(
            text in "[a-z &\n\t\u{7F}é©ÃA.]{0,40}",
        ) {
            prop_assert_eq!(is_already_clean(&text, Form::Nfc), clean_by_bytes(&text));
        }

        /// The same on text made mostly of words, where the fast path mostly says yes.
        #[test]
        fn fast_path_by_words_agrees_with_bytes_on_words(
            text in "(([a-zé]{1,9})( |\n|  |&|\t|Ã©|[.])){0,10}",
        ) {
            prop_assert_eq!(is_already_clean(&text, Form::Nfc), clean_by_bytes(&text));
        }
    }

    fn n(text: &str) -> String {
        normalize(text).into_owned()
    }

    #[test]
    fn shapes_that_only_look_like_mojibake_stay() {
        // CP437 line art: `├┤` alone reads as `ô`, `┼┐` as the long s no one writes
        assert_eq!(n("├┤a┼┐a┼┐a┼┐a"), "├┤a┼┐a┼┐a┼┐a");
        assert_eq!(n("espa├▒ol"), "español");
        // a kaomoji's eyes around a Cyrillic letter, while Windows-1251's Turkish `İ` in a word
        // is repaired
        assert_eq!(n("ヽ(°Д°)ノ and щ(°Д°щ)"), "ヽ(°Д°)ノ and щ(°Д°щ)");
        assert_eq!(n("Д°stanbul"), "İstanbul");
        // the plural of a letter, with a curly apostrophe
        assert_eq!(n("a lot of Ã’s here"), "a lot of Ã’s here");
        assert_eq!(n("PERÃ’ SI"), "PERÒ SI");
    }

    #[test]
    fn cyrillic_capitals_stay_cyrillic() {
        // a Ukrainian apostrophe after a capital (`Д’` is Windows-1251's `Ē`), and the `ВІ`
        // glued to it (`²`)
        assert_eq!(n("ВІД’ЄМНИЙ І КОТ-Д’ІВУАР"), "ВІД’ЄМНИЙ І КОТ-Д’ІВУАР");
        // Serbian `АЂ` is no Java NUL, Russian `В` before a space no lost no-break space
        assert_eq!(n("ПРОНАЂЕН (В КБ)"), "ПРОНАЂЕН (В КБ)");
        // a Latin letter glued before Ukrainian `Від` (`³д`) is no proof
        assert_eq!(n("Ctrl+OВідкрити"), "Ctrl+OВідкрити");
        // while mojibake of those code pages is repaired
        assert_eq!(n("РџСЂРёРІРµС‚ and DГјsseldorf"), "Привет and Düsseldorf");
        assert_eq!(n("Great рџ‘Џрџ‘Џ рџ’™рџ–¤"), "Great 👏👏 💙🖤");
    }

    #[test]
    fn a_greek_letter_of_science_stands_alone_in_a_latin_word() {
        assert_eq!(n("IL2RÎ³cKO mice"), "IL2RγcKO mice");
        assert_eq!(n("TNFÎ±-induced"), "TNFα-induced");
        // a replacement character after an accented capital glued inside a lowercase word
        assert_eq!(n("SlovenÄ\u{FFFD}ina"), "Sloven\u{FFFD}ina");
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
            "Les Bleus à Saint-Étienne"
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
    fn removes_terminal_escapes_whole() {
        assert_eq!(n("\u{1B}[1mBold\u{1B}[0m text"), "Bold text");
        assert_eq!(n("\u{1B}[38;5;196mred\u{1B}[m, \u{1B}[2K"), "red,");
        assert_eq!(n("x \u{1B}]0;a title\u{7} y \u{1B}]2;t\u{1B}\\z"), "x y z");
        // no shape: the escape character alone goes, and nothing after it
        assert_eq!(n("esc \u{1B} alone, \u{1B}[ open"), "esc alone, [ open");
        assert_eq!(
            n("cut \u{1B}]0;title and the rest"),
            "cut ]0;title and the rest"
        );
        assert_eq!(n("\u{1B}]0;ti\ntle"), "]0;ti\ntle");
    }

    #[test]
    fn repairs_a_quote_whose_byte_was_lost_in_the_second_layer() {
        // `”` through Windows-1252 twice, its undefined 9D dropped the second time
        assert_eq!(n("Ã¢â‚¬Å“Hello,Ã¢â‚¬Â she said."), "“Hello,” she said.");
        assert_eq!(n("He said Ã¢â‚¬Â"), "He said ”");
        // a real dagger twice, its no-break space kept
        assert_eq!(n("a Ã¢â‚¬Â\u{A0}b"), "a †b");
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
