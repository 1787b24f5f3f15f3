//! Gazetteer tagging: finds every mention of every entity in a text.
//!
//! Matching follows SPEC's policy. Diacritics, letter case, apostrophe style and runs of white
//! space are ignored, by *folding* both the gazetteer forms and the text the same way
//! (`ÉDER  MILITÃO` and `Eder Militao` both fold to `eder militao`). The folded text keeps a map
//! from each of its bytes back to the original characters, so that a match found in the folded
//! copy is reported as character offsets into the text as given, and the surface is exactly that
//! slice, even for decomposed (NFD) accents or no-break spaces. All forms go into one
//! Aho-Corasick automaton, built once and shared by all threads.
//!
//! A candidate match is kept when it is a whole word in the original text (a possessive, a hyphen
//! or an elided article outside it is fine: `Ancelotti's`, `ex-Liverpool`, `dell'Inter`), when an
//! all-lowercase span is not matched against a capitalized form (`a real problem` is not Real
//! Madrid), and when a language-specific form is used in its language. Among the kept candidates
//! the leftmost-longest win, without overlaps (`FIFA Club World Cup` over `World Cup`).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::error::{Error, Result};
use crate::gazetteer::{FormKind, Gazetteer};

/// One mention: character offsets into the text (end exclusive) and the entity's index in the
/// gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

/// A gazetteer form that folds to a given key.
#[derive(Debug, Clone)]
struct Candidate {
    entity: u32,
    kind: FormKind,
    lang: Option<Box<str>>,
    /// The form has a capital letter, so an all-lowercase span may not match it.
    capitalized: bool,
}

/// The compiled matcher for one gazetteer.
pub struct Tagger {
    automaton: AhoCorasick,
    /// For each automaton pattern, the forms that fold to it, best first.
    candidates: Vec<Vec<Candidate>>,
}

impl Tagger {
    /// Compiles the forms of `gazetteer` into one automaton.
    pub fn new(gazetteer: &Gazetteer) -> Result<Tagger> {
        let mut index_of_key: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut candidates: Vec<Vec<Candidate>> = Vec::new();
        for form in &gazetteer.forms {
            let key = fold(&form.text);
            if !key.chars().any(char::is_alphanumeric) {
                continue;
            }
            let index = *index_of_key.entry(key).or_insert_with_key(|key| {
                keys.push(key.clone());
                candidates.push(Vec::new());
                keys.len() - 1
            });
            candidates[index].push(Candidate {
                entity: form.entity as u32,
                kind: form.kind,
                lang: form.lang.as_deref().map(Box::from),
                capitalized: form.text.chars().any(char::is_uppercase),
            });
        }
        // Deterministic preference, whatever the order of the gazetteer's rows: a canonical name
        // beats a language alias, which beats a plain alias; then the smaller id wins.
        for list in &mut candidates {
            list.sort_by(|a, b| {
                (a.kind, &gazetteer.entities[a.entity as usize].id)
                    .cmp(&(b.kind, &gazetteer.entities[b.entity as usize].id))
            });
        }
        // Without byte classes the automaton is a little larger but builds and searches faster
        // (measured: gazetteer load 0.30 -> 0.18 s, tagging ~30% faster on 30k entries).
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .byte_classes(false)
            .build(&keys)
            .map_err(|e| Error::Usage(format!("the gazetteer is too large to compile: {e}")))?;
        Ok(Tagger {
            automaton,
            candidates,
        })
    }

    /// Finds the mentions in `text`, a sentence or line in language `lang` (`None` when
    /// unknown: then language-specific forms never match). Mentions are in reading order and do
    /// not overlap.
    pub fn tag(&self, text: &str, lang: Option<&str>) -> Vec<Mention> {
        let folded = FoldedText::new(text);
        let mut found: Vec<Mention> = Vec::new();
        for hit in self.automaton.find_overlapping_iter(folded.text.as_str()) {
            let Some((start, end)) = folded.original_span(hit.start(), hit.end()) else {
                continue;
            };
            if !folded.is_whole_word(text, start, end) {
                continue;
            }
            let span = &text[folded.char_byte[start] as usize..folded.char_byte[end] as usize];
            let span_has_capital = span.chars().any(char::is_uppercase);
            let chosen = self.candidates[hit.pattern().as_usize()]
                .iter()
                .find(|candidate| {
                    (span_has_capital || !candidate.capitalized)
                        && candidate.lang.as_deref().is_none_or(|l| Some(l) == lang)
                });
            if let Some(candidate) = chosen {
                found.push(Mention {
                    start,
                    end,
                    entity: candidate.entity as usize,
                });
            }
        }
        // leftmost-longest, no overlaps
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
        for mention in found {
            if kept.last().is_none_or(|last| mention.start >= last.end) {
                kept.push(mention);
            }
        }
        kept
    }
}

/// Folds a form the way [`Tagger`] folds text: no diacritics, lowercase, one apostrophe, single
/// spaces, trimmed.
pub fn fold(text: &str) -> String {
    let folded = FoldedText::new(text);
    folded.text.trim_end().to_owned()
}

/// A folded copy of a text with the map back to the original characters.
struct FoldedText {
    text: String,
    /// For each byte of `text`: the index of the original character it comes from.
    origin: Vec<u32>,
    /// For each byte of `text`: one past the last original character it stands for (combining
    /// marks and invisible characters after a letter belong to it).
    origin_end: Vec<u32>,
    /// Byte offset in the original text of each character, plus the total length at the end.
    char_byte: Vec<u32>,
}

impl FoldedText {
    fn new(original: &str) -> FoldedText {
        let mut folded = FoldedText {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
            origin_end: Vec::with_capacity(original.len()),
            char_byte: Vec::with_capacity(original.len() + 1),
        };
        for (char_index, (byte, c)) in original.char_indices().enumerate() {
            let char_index = char_index as u32;
            folded.char_byte.push(byte as u32);
            if c.is_whitespace() {
                if !folded.text.is_empty() && !folded.text.ends_with(' ') {
                    folded.push(' ', char_index);
                }
            } else if is_ignorable(c) {
                // belongs to the character before it: extend that one's end
                if let Some(last) = folded.origin_end.last_mut() {
                    if !folded.text.ends_with(' ') {
                        *last = char_index + 1;
                    }
                }
            } else {
                fold_char(c, |f| folded.push(f, char_index));
            }
        }
        folded.char_byte.push(original.len() as u32);
        folded
    }

    fn push(&mut self, c: char, char_index: u32) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.origin.push(char_index);
            self.origin_end.push(char_index + 1);
        }
    }

    /// Maps a folded byte range to original character offsets, when it starts and ends on the
    /// edges of original characters (`ß` folds to `ss`: a match may not take just one `s`).
    fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let first = self.origin[start];
        let last = self.origin[end - 1];
        let starts_on_edge = start == 0 || self.origin[start - 1] != first;
        let ends_on_edge = end == self.origin.len() || self.origin[end] != last;
        (starts_on_edge && ends_on_edge)
            .then(|| (first as usize, self.origin_end[end - 1] as usize))
    }

    /// No letter or digit touches the span on either side in the original text.
    fn is_whole_word(&self, original: &str, start: usize, end: usize) -> bool {
        let before = original[..self.char_byte[start] as usize]
            .chars()
            .next_back();
        let after = original[self.char_byte[end] as usize..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Characters that carry nothing for matching: combining marks, zero-width characters, the
/// soft hyphen, bidirectional controls.
fn is_ignorable(c: char) -> bool {
    is_combining_mark(c)
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Emits the folded form of one character: lowercase, without diacritics.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(match c {
            '`' => '\'',
            _ => c.to_ascii_lowercase(),
        });
        return;
    }
    match c {
        '’' | '‘' | 'ʼ' | '´' | '′' | 'ʹ' | '‛' | '＇' => emit('\''),
        '‐' | '‑' => emit('-'),
        'ß' | 'ẞ' => {
            emit('s');
            emit('s');
        }
        'æ' | 'Æ' => {
            emit('a');
            emit('e');
        }
        'œ' | 'Œ' => {
            emit('o');
            emit('e');
        }
        'þ' | 'Þ' => {
            emit('t');
            emit('h');
        }
        'ø' | 'Ø' => emit('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => emit('d'),
        'ł' | 'Ł' => emit('l'),
        'ı' => emit('i'),
        'ħ' | 'Ħ' => emit('h'),
        _ => decompose_canonical(c, |base| {
            if !is_combining_mark(base) {
                for lower in base.to_lowercase() {
                    if !is_combining_mark(lower) {
                        emit(lower);
                    }
                }
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const GAZ: &str = "id\tname\ttype\taliases\taliases_it\n\
        kaka\tKaká\tPERSON\tRicardo Kaká\t\n\
        militao\tÉder Militão\tPERSON\tMilitão\t\n\
        brazil\tBrazil\tNATIONAL_TEAM\tSeleção\tBrasile\n\
        real\tReal Madrid\tCLUB\tLos Blancos\t\n\
        wc\tFIFA World Cup\tCOMPETITION\tWorld Cup\tMondiali|Coppa del Mondo\n\
        cwc\tFIFA Club World Cup\tCOMPETITION\tClub World Cup\t\n\
        anc\tCarlo Ancelotti\tPERSON\tAncelotti\t\n\
        liv\tLiverpool\tCLUB\t\t\n\
        inter\tInter\tCLUB\tInternazionale\t\n\
        cnnb\tCNN Brasil\tMEDIA\t\t\n\
        bdo\tBallon d'Or\tAWARD\t\t\n\
        muller\tThomas Müller\tPERSON\t\t\n";

    fn tagger() -> (Gazetteer, Tagger) {
        let g = Gazetteer::parse(Path::new("t.tsv"), GAZ.as_bytes(), b'\t').unwrap();
        let t = Tagger::new(&g).unwrap();
        (g, t)
    }

    /// (surface, entity id) of every mention.
    fn tags(text: &str, lang: Option<&str>) -> Vec<(String, String)> {
        let (g, t) = tagger();
        t.tag(text, lang)
            .into_iter()
            .map(|m| {
                let surface: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                (surface, g.entities[m.entity].id.clone())
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn ignores_diacritics_case_and_spaces() {
        assert_eq!(
            tags("Eder Militao and ÉDER MILITÃO and Éder  Militão", None),
            pairs(&[
                ("Eder Militao", "militao"),
                ("ÉDER MILITÃO", "militao"),
                ("Éder  Militão", "militao")
            ])
        );
        assert_eq!(
            tags("KAKA, Kaka, Kaká, Kaka\u{301}.", None),
            pairs(&[
                ("KAKA", "kaka"),
                ("Kaka", "kaka"),
                ("Kaká", "kaka"),
                ("Kaka\u{301}", "kaka")
            ])
        );
        assert_eq!(
            tags("Éder\u{A0}Militão", None),
            pairs(&[("Éder\u{A0}Militão", "militao")])
        );
        assert_eq!(
            tags("Thomas Muller", None),
            pairs(&[("Thomas Muller", "muller")])
        );
    }

    #[test]
    fn lowercase_span_never_matches_capitalized_form() {
        assert!(tags("it is a real madrid problem and inter alia", None).is_empty());
        assert_eq!(tags("REAL MADRID", None), pairs(&[("REAL MADRID", "real")]));
    }

    #[test]
    fn whole_words_only_but_possessives_and_hyphens_are_fine() {
        assert!(tags("Interesting Kakaó", None).is_empty());
        assert_eq!(
            tags(
                "Ancelotti's side, ex-Liverpool boss, dell'Inter, l’Inter",
                None
            ),
            pairs(&[
                ("Ancelotti", "anc"),
                ("Liverpool", "liv"),
                ("Inter", "inter"),
                ("Inter", "inter")
            ])
        );
    }

    #[test]
    fn leftmost_longest_without_overlaps() {
        assert_eq!(
            tags("the FIFA Club World Cup and the World Cup", None),
            pairs(&[("FIFA Club World Cup", "cwc"), ("World Cup", "wc")])
        );
        assert_eq!(
            tags("per CNN Brasil.", Some("en")),
            pairs(&[("CNN Brasil", "cnnb")])
        );
    }

    #[test]
    fn language_aliases_only_in_their_language() {
        assert_eq!(
            tags("il Brasile vince", Some("it")),
            pairs(&[("Brasile", "brazil")])
        );
        assert!(tags("Brasile", Some("en")).is_empty());
        assert!(tags("Brasile", None).is_empty());
        assert_eq!(
            tags("la Coppa del Mondo", Some("it")),
            pairs(&[("Coppa del Mondo", "wc")])
        );
    }

    #[test]
    fn apostrophe_styles_are_equal() {
        assert_eq!(
            tags("the Ballon d’Or and the Ballon d'Or", None),
            pairs(&[("Ballon d’Or", "bdo"), ("Ballon d'Or", "bdo")])
        );
    }

    #[test]
    fn offsets_are_characters_into_the_text() {
        let (_, t) = tagger();
        let m = t.tag("Perché Kaká?", None);
        assert_eq!(
            m,
            vec![Mention {
                start: 7,
                end: 11,
                entity: 0
            }]
        );
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Éder\u{A0}\u{A0}MILITÃO "), "eder militao");
        assert_eq!(fold("Straße Ødegaard Łukasz"), "strasse odegaard lukasz");
        assert_eq!(fold("d’Or"), "d'or");
    }
}
