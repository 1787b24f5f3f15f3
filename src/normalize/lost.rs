//! Sequences that lost a byte on the way, repaired where their shape is unambiguous.
//!
//! Scrapers turn the no-break space (byte A0) into a plain space or drop it, strip the soft
//! hyphen (AD) as an invisible character, and lose the bytes Windows-1252 leaves undefined (81,
//! 8D, 8F, 90, 9D) or replace them with `?` or U+FFFD. Each loss leaves a recognizable shape:
//! - `Ã` after a lowercase letter and before a space, punctuation or the end: `à` (`cittÃ `);
//!   and before a space after a lowercase Latin letter, the same `à` read as Windows-1251,
//!   -1253 or -1257 (`cittГ `, `cittΓ `, `cittĆ `);
//! - `Ã` between two lowercase letters: `í`, whose AD was stripped (`VinÃcius`);
//! - `Ã` at the start of a word before a lowercase letter: `Á`, whose 81 was lost (`Ãngel`);
//! - `Ã ` at the start of a word, in a stretch with other evidence: `à`, the space kept
//!   (`Ã  Paris`, `Ã la`), or joined to the Portuguese `às` and `àquele`;
//! - `Â ` after a word: a no-break space (`10Â km`);
//! - `â€` before a space, punctuation, `?`, U+FFFD or the end: `”`, whose 9D was lost;
//! - `Â` after `Ã¢â‚¬`, before a space, punctuation or the end: the same `”` mis-decoded twice,
//!   whose 9D (then `Â` and U+009D) lost its second byte: U+009D, which the next pass reads
//!   with the `â€` before it (`Ã¢â‚¬Â she` is `” she`, not a dagger glued to `she`); and after
//!   `Ãƒ` at the start of a word before a small letter, U+0081 (`ÃƒÂngel` is `Ángel`);
//! - a space inside any other sequence, in a stretch with evidence: the no-break space byte;
//! - another sequence cut short by U+FFFD: U+FFFD, in a stretch with evidence (the character is
//!   lost, but the garble need not stay).

use super::codepage::CodePage;
use super::evidence::{is_closing_punctuation, is_latin, is_latin_lowercase, Strength};
use super::repair::{Candidate, Unit};

fn candidate_of(start: usize, len: usize, decoded: char, strength: Strength) -> Candidate {
    Candidate {
        start,
        len,
        decoded,
        strength,
        rides_along: false,
        by_proof: false,
    }
}

fn riding(start: usize, len: usize, decoded: char) -> Candidate {
    Candidate {
        start,
        len,
        decoded,
        strength: Strength::Weak,
        rides_along: true,
        by_proof: false,
    }
}

/// The repair of a sequence of `cp` at unit `i` whose byte number `k` is missing (`seen` are
/// the bytes before it).
pub(super) fn candidate(
    units: &[Unit],
    i: usize,
    k: usize,
    seen: &[u8],
    cp: CodePage,
) -> Option<Candidate> {
    if matches!(cp, CodePage::MacRoman | CodePage::Cp437) {
        return None;
    }
    let previous = i.checked_sub(1).map(|p| units[p].c);
    let next = units.get(i + k).map(|u| u.c);
    let at_word_end = next.is_none_or(|n| n.is_whitespace() || is_closing_punctuation(n));
    match seen {
        [0xC3] if units[i].c == 'Ã' => {
            let after_lowercase = previous.is_some_and(char::is_lowercase);
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
            let before_ascii_lowercase = next.is_some_and(|n| n.is_ascii_lowercase());
            if next == Some('\u{FFFD}') {
                let lowercase_after = units.get(i + 2).is_some_and(|u| u.c.is_lowercase());
                return Some(if word_start && lowercase_after {
                    candidate_of(i, 2, 'Á', Strength::Strong)
                } else {
                    candidate_of(i, 2, '\u{FFFD}', Strength::Strong)
                });
            }
            // (a lone `Ã` is left alone: it may be the letter itself, named in a text)
            if after_lowercase && at_word_end {
                Some(candidate_of(i, 1, 'à', Strength::Strong))
            } else if after_lowercase && before_ascii_lowercase {
                Some(candidate_of(i, 1, 'í', Strength::Strong))
            } else if word_start && before_ascii_lowercase {
                // correct text has `Ã` only in words in capitals
                Some(candidate_of(i, 1, 'Á', Strength::Strong))
            } else {
                None
            }
        }
        [0xC2] if at_word_end && after_layered_euro(units, i) => {
            Some(candidate_of(i, 1, '\u{9D}', Strength::Strong))
        }
        [0xC2] if i >= 2 && units[i - 2].c == 'Ã' && matches!(units[i - 1].c, 'ƒ' | '\u{83}') => {
            // `Ãƒ` is `Ã` mis-decoded again; at the start of a word before a small letter
            // its lost byte was 81, as for a single layer (`Ãngel`): U+0081, which the next
            // pass reads with the `Ã` as `Á` (`ÃƒÂngel` is `Ángel`)
            let word_start = i < 3 || !units[i - 3].c.is_alphanumeric();
            let before_ascii_lowercase = next.is_some_and(|n| n.is_ascii_lowercase());
            (word_start && before_ascii_lowercase)
                .then(|| candidate_of(i, 1, '\u{81}', Strength::Strong))
        }
        [0xE2, 0x80] => match next {
            Some('\u{FFFD}' | '?') => Some(candidate_of(i, 3, '”', Strength::Strong)),
            _ if at_word_end => Some(candidate_of(i, 2, '”', Strength::Strong)),
            _ => None,
        },
        _ if next == Some('\u{FFFD}') => {
            // the replacement character stands for the lost byte; the continuations after it
            // belong to the same character
            let length = match seen[0] {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let mut len = k + 1;
            while len < length
                && units
                    .get(i + len)
                    .and_then(|u| cp.byte_of(u.c))
                    .is_some_and(|b| (0x80..=0xBF).contains(&b))
            {
                len += 1;
            }
            // (an accented capital glued inside a lowercase word before the replacement
            // character, `SlovenÄ�ina`, is evidence on its own: no word is written so)
            let lowercase_around = previous.is_some_and(char::is_lowercase)
                && units.get(i + len).is_some_and(|u| u.c.is_lowercase());
            if lowercase_around && units[i].c.is_uppercase() && !units[i].c.is_ascii() {
                return Some(candidate_of(i, len, '\u{FFFD}', Strength::Strong));
            }
            Some(riding(i, len, '\u{FFFD}'))
        }
        _ => None,
    }
}

/// The repair of a sequence of `cp` at unit `i`, `length` units long, whose unit `k` is a
/// space that stands for the no-break space byte; `decoded` is what it then reads as.
pub(super) fn space_candidate(
    units: &[Unit],
    i: usize,
    length: usize,
    k: usize,
    decoded: char,
    _cp: CodePage,
) -> Option<Candidate> {
    let previous = i.checked_sub(1).map(|p| units[p].c);
    match decoded {
        'à' if k == 1 => {
            if previous.is_some_and(char::is_lowercase) {
                // the end of an Italian word (`cittÃ  di`): the space stays as the word break;
                // after a Cyrillic or Greek letter the capital is a word's own (`МиГ был`)
                return previous
                    .is_some_and(is_latin_lowercase)
                    .then(|| candidate_of(i, 1, 'à', Strength::Strong));
            }
            if previous.is_some_and(|p| p.is_alphanumeric()) {
                // a capital that starts the word (`HÃ  Ná»™i`, Vietnamese `Hà Nội`) may be
                // followed by `à`; inside a word in capitals (`IRMÃ E`) it is the letter `Ã`
                let word_start = i < 2 || !units[i - 2].c.is_alphabetic();
                let latin_capital = previous.is_some_and(|p| p.is_uppercase() && is_latin(p));
                return (latin_capital && word_start).then(|| riding(i, 1, 'à'));
            }
            let word: String = units[i + 2..]
                .iter()
                .map(|u| u.c)
                .take_while(|c| c.is_alphabetic())
                // (enough for the Portuguese words below; not the rest of a long line)
                .take(8)
                .collect();
            let doubled_space = units.get(i + 2).is_some_and(|u| u.c == ' ');
            let portuguese = matches!(
                word.as_str(),
                "s" | "quele" | "queles" | "quela" | "quelas" | "quilo"
            );
            Some(if doubled_space || portuguese {
                riding(i, 2, 'à')
            } else {
                riding(i, 1, 'à')
            })
        }
        '\u{A0}' if after_layered_euro(units, i) => {
            // the space is the text's own; the byte lost before it was 9D (see the module)
            Some(candidate_of(i, 1, '\u{9D}', Strength::Strong))
        }
        '\u{A0}' => {
            // (after a Cyrillic or Greek lead, only after a number or a Latin word: Russian `В`
            // is a word of its own, `(В КБ)`, `/В ОБРАБОТКЕ`)
            let lead = units[i].c;
            if matches!(lead as u32, 0x370..=0x52F)
                && !previous.is_some_and(|p| p.is_ascii_alphanumeric())
            {
                return None;
            }
            let after_text = previous.is_some_and(|p| !p.is_whitespace() && !p.is_uppercase());
            // (elsewhere `Â ` is the letter and a space: both readings end as a space anyway)
            after_text.then(|| candidate_of(i, length, '\u{A0}', Strength::Strong))
        }
        _ => Some(riding(i, length, decoded)),
    }
}

/// Whether the units before `i` are `Ã¢â‚¬`: UTF-8's `â€` mis-decoded again as Windows-1252 (or
/// Latin-1, whose byte 82 is a C1 control), the first two bytes of a curly quote or dash.
fn after_layered_euro(units: &[Unit], i: usize) -> bool {
    let Some(before) = i.checked_sub(5).map(|from| &units[from..i]) else {
        return false;
    };
    matches!(
        [
            before[0].c,
            before[1].c,
            before[2].c,
            before[3].c,
            before[4].c
        ],
        ['Ã', '¢', 'â', '‚' | '\u{82}', '¬']
    )
}

/// Whether the pair `c`, `next` (after `previous`) has the shape of a sequence that lost a
/// byte: the quick scan's test.
pub(super) fn shape_after(c: char, previous: char, next: char) -> bool {
    match c {
        'Ã' | 'Ă' => {
            next.is_whitespace()
                || is_closing_punctuation(next)
                || (next.is_ascii_lowercase()
                    && (previous.is_lowercase() || !previous.is_alphanumeric()))
        }
        'Â' => next.is_whitespace(),
        // `à` (C3 A0) whose no-break space became a space, read as Windows-1251, -1253 or
        // -1257, at the end of a Latin word (`cittГ `): a capital glued to a lowercase Latin
        // letter is what no text writes, but after a Cyrillic or Greek letter it is a real
        // word (`МиГ`, `ГУЛаГ`)
        'Г' | 'Γ' | 'Ć' => next == ' ' && is_latin_lowercase(previous),
        _ => false,
    }
}
