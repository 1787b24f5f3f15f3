//! The single-byte code pages that turn UTF-8 into mojibake, and the way back from their
//! characters to the bytes they were decoded from.
//!
//! Every table is "sloppy", as browsers are: a byte that the code page leaves undefined stands for
//! the Unicode character of the same number (U+0081 for byte 0x81), so that nothing a careless
//! decoder produced is unencodable. Windows-1252 also takes back every C1 control character,
//! which is what a Latin-1 decoder makes of bytes 0x80..=0x9F: one table serves both.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The code pages repaired, in the order they are tried: where two of them read the same
/// characters back into valid UTF-8, the first wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodePage {
    /// Windows-1252, and Latin-1 (ISO-8859-1), whose only difference is the C1 range.
    Windows1252,
    /// Cyrillic.
    Windows1251,
    /// Central European.
    Windows1250,
    /// Greek.
    Windows1253,
    /// Turkish.
    Windows1254,
    /// Baltic.
    Windows1257,
    /// Central European, ISO flavour.
    Iso8859_2,
    /// Old Macintosh files.
    MacRoman,
    /// DOS.
    Cp437,
}

pub const ALL: [CodePage; 9] = [
    CodePage::Windows1252,
    CodePage::Windows1251,
    CodePage::Windows1250,
    CodePage::Windows1253,
    CodePage::Windows1254,
    CodePage::Windows1257,
    CodePage::Iso8859_2,
    CodePage::MacRoman,
    CodePage::Cp437,
];

impl CodePage {
    pub fn index(self) -> usize {
        ALL.iter().position(|&cp| cp == self).unwrap_or(0)
    }

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "windows-1252",
            CodePage::Windows1251 => "windows-1251",
            CodePage::Windows1250 => "windows-1250",
            CodePage::Windows1253 => "windows-1253",
            CodePage::Windows1254 => "windows-1254",
            CodePage::Windows1257 => "windows-1257",
            CodePage::Iso8859_2 => "iso-8859-2",
            CodePage::MacRoman => "macintosh",
            CodePage::Cp437 => "cp437",
        }
    }

    /// Whether the code page writes Latin letters at the UTF-8 lead bytes 0xC2 and 0xC3 (`Â Ã`,
    /// `Â Ă`): then its mojibake of Western text starts with those letters, which real text never
    /// puts before a symbol.
    pub fn latin_leads(self) -> bool {
        matches!(
            self,
            CodePage::Windows1252
                | CodePage::Windows1250
                | CodePage::Windows1254
                | CodePage::Iso8859_2
        )
    }

    /// What the code page decodes byte `byte` (0x80..=0xFF) to.
    pub fn decode(self, byte: u8) -> char {
        tables().decode[self.index()][(byte & 0x7F) as usize]
    }

    /// The byte `c` was decoded from: itself for ASCII, `None` when the code page has no such
    /// character.
    #[inline]
    pub fn byte_of(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        let bytes = entry(c)?;
        let b = bytes[self.index()];
        (b != 0).then_some(b)
    }
}

/// Per character, its byte in each code page (0 when it has none).
type Entry = [u8; ALL.len()];

struct Tables {
    decode: [[char; 128]; ALL.len()],
    /// Characters below U+0800, by code.
    low: Vec<Entry>,
    high: HashMap<char, Entry>,
}

const LOW_LIMIT: usize = 0x800;

#[inline]
fn entry(c: char) -> Option<&'static Entry> {
    let t = tables();
    let code = c as usize;
    if code < LOW_LIMIT {
        let e = &t.low[code];
        (e.iter().any(|&b| b != 0)).then_some(e)
    } else {
        t.high.get(&c)
    }
}

/// Bit `i` set when `c` is a UTF-8 lead byte (0xC0..=0xF4) in code page `ALL[i]`.
#[inline]
pub fn lead_mask(c: char) -> u16 {
    mask(c, |b| (0xC0..=0xF4).contains(&b))
}

/// Bit `i` set when `c` is a UTF-8 continuation byte (0x80..=0xBF) in code page `ALL[i]`.
#[inline]
pub fn continuation_mask(c: char) -> u16 {
    mask(c, |b| (0x80..=0xBF).contains(&b))
}

#[inline]
fn mask(c: char, test: impl Fn(u8) -> bool) -> u16 {
    if c.is_ascii() {
        return 0;
    }
    let Some(bytes) = entry(c) else { return 0 };
    let mut m = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != 0 && test(b) {
            m |= 1 << i;
        }
    }
    m
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Tables {
    let mut decode = [['\0'; 128]; ALL.len()];
    for (i, &cp) in ALL.iter().enumerate() {
        for b in 0x80..=0xFFu8 {
            decode[i][(b & 0x7F) as usize] = decode_one(cp, b);
        }
    }
    let mut low = vec![[0u8; ALL.len()]; LOW_LIMIT];
    let mut high: HashMap<char, Entry> = HashMap::new();
    let mut put = |c: char, i: usize, b: u8| {
        let slot = if (c as usize) < LOW_LIMIT {
            &mut low[c as usize]
        } else {
            high.entry(c).or_insert([0; ALL.len()])
        };
        if slot[i] == 0 {
            slot[i] = b;
        }
    };
    for (i, &cp) in ALL.iter().enumerate() {
        for b in 0x80..=0xFFu8 {
            put(decode[i][(b & 0x7F) as usize], i, b);
        }
        // a Latin-1 decoder's C1 controls, taken back by the Windows code pages too
        if !matches!(cp, CodePage::MacRoman | CodePage::Cp437) {
            for b in 0x80..=0x9Fu8 {
                put(char::from(b), i, b);
            }
        }
    }
    Tables { decode, low, high }
}

fn decode_one(cp: CodePage, b: u8) -> char {
    let encoding = match cp {
        CodePage::Windows1252 => encoding_rs::WINDOWS_1252,
        CodePage::Windows1251 => encoding_rs::WINDOWS_1251,
        CodePage::Windows1250 => encoding_rs::WINDOWS_1250,
        CodePage::Windows1253 => encoding_rs::WINDOWS_1253,
        CodePage::Windows1254 => encoding_rs::WINDOWS_1254,
        CodePage::Windows1257 => encoding_rs::WINDOWS_1257,
        CodePage::Iso8859_2 => encoding_rs::ISO_8859_2,
        CodePage::MacRoman => encoding_rs::MACINTOSH,
        CodePage::Cp437 => return CP437_HIGH[(b & 0x7F) as usize],
    };
    let bytes = [b];
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    match text.chars().next() {
        Some('\u{FFFD}') | None => char::from(b),
        Some(c) => c,
    }
}

/// Code page 437 (the IBM PC's), bytes 0x80..=0xFF. encoding_rs does not carry it.
const CP437_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{A0}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_round_trips_in_every_code_page() {
        for cp in ALL {
            for b in 0x80..=0xFFu8 {
                let c = cp.decode(b);
                assert_eq!(cp.byte_of(c), Some(b), "{} {b:#x} {c:?}", cp.name());
            }
        }
    }

    #[test]
    fn known_characters() {
        assert_eq!(CodePage::Windows1252.byte_of('Ã'), Some(0xC3));
        assert_eq!(CodePage::Windows1252.byte_of('\u{83}'), Some(0x83));
        assert_eq!(CodePage::Windows1252.byte_of('ƒ'), Some(0x83));
        assert_eq!(CodePage::Windows1251.byte_of('Р'), Some(0xD0));
        assert_eq!(CodePage::Windows1251.byte_of('џ'), Some(0x9F));
        assert_eq!(CodePage::Windows1250.byte_of('Ă'), Some(0xC3));
        assert_eq!(CodePage::Windows1253.byte_of('Ξ'), Some(0xCE));
        assert_eq!(CodePage::MacRoman.byte_of('√'), Some(0xC3));
        assert_eq!(CodePage::Cp437.byte_of('├'), Some(0xC3));
        assert_eq!(CodePage::Cp437.byte_of('⌐'), Some(0xA9));
        assert_eq!(CodePage::Windows1253.decode(0xAA), 'ª');
        assert_eq!(CodePage::Windows1252.byte_of('Ђ'), None);
        assert_ne!(lead_mask('Ã') & 1, 0);
        assert_ne!(continuation_mask('©') & 1, 0);
    }
}
