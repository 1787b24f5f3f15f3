//! The tagger against a brute-force reading of SPEC's matching policy.
//!
//! The reference tries every span of the text that starts and ends on word edges, folds it with
//! `artnorm::tag::fold`, and looks the result up among the folded forms: no automaton, no start
//! filter, no offset map. Texts are random mixes of the gazetteer's forms (as written, in
//! capitals, in lowercase, lowercase at first only, without accents, decomposed) and of the
//! small words and punctuation they meet in news, so that every shortcut the tagger takes
//! (skipping positions whose first word begins no form, lowercase words that only lowercase
//! forms may match, prefixes shared by many forms) is checked against the plain definition.

use std::path::Path;

use artnorm::gazetteer::{FormKind, Gazetteer};
use artnorm::tag::{fold, Tagger};
use proptest::prelude::*;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const GAZETTEER: &str = "id\tname\ttype\taliases\taliases_it\n\
    kaka\tKaká\tPERSON\tRicardo Kaká|KAKA\t\n\
    peru\tPeru\tNATIONAL_TEAM\tPER\tPerù\n\
    perolof\tPer-Olof Svensson\tPERSON\tPer-Olof\t\n\
    equipe\tL'Équipe\tMEDIA\tl'equipe\t\n\
    real\tReal Madrid\tCLUB\tReal|Real Madrid CF\t\n\
    betis\tReal Betis\tCLUB\tReal\t\n\
    wc\tFIFA World Cup\tCOMPETITION\tWorld Cup\tMondiali|Coppa del Mondo\n\
    cwc\tFIFA Club World Cup\tCOMPETITION\tClub World Cup\t\n\
    koln\t1. FC Köln\tCLUB\tKöln|FC Koln\t\n\
    strongest\tThe Strongest\tCLUB\t\t\n\
    lazio\tLazio\tCLUB\tla lazio\t\n\
    debruyne\tKevin De Bruyne\tPERSON\tDe Bruyne\t\n\
    milan\tAC Milan\tCLUB\tMilan\til milan\n\
    roma\tAS Roma\tCLUB\tRoma\t\n\
    romacity\tRoma\tCITY\t\t\n\
    wc2026\t2026 FIFA World Cup\tCOMPETITION\t\t\n\
    muller\tThomas Müller\tPERSON\tMüller\t\n\
    strasse\tStraße\tPLACE\t\t\n\
    militao\tÉder Militão\tPERSON\tMilitão\t\n";

/// Small words and marks that sit around names in news text, and the pieces forms are made of.
const FILLERS: &[&str] = &[
    " ", " ", " ", "  ", "\u{A0}", "\t", ",", ".", ". ", "-", "ex-", "'s", "’s", "'", "’", "ʼ",
    "(", ")", "\"", "per", "la", "il", "che", "de", "the", "real", "club", "world", "cup", "fc",
    "1.", "1", "2026", "cf", "x", "l", "d", "e", "\u{301}", "\u{AD}", "\u{200B}", "ß", "ss",
    "Straße", "strasse", "é", "É", "mondo", "del", "coppa", "Madrid", "Cup", "Olof",
];

fn strip_accents(text: &str) -> String {
    text.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

/// Every form of the gazetteer in six spellings, and the fillers.
fn pieces() -> Vec<String> {
    let gazetteer = gazetteer();
    let mut pieces: Vec<String> = FILLERS.iter().map(|s| s.to_string()).collect();
    for form in &gazetteer.forms {
        let text = form.text.as_str();
        pieces.push(text.to_owned());
        pieces.push(text.to_uppercase());
        pieces.push(text.to_lowercase());
        pieces.push(strip_accents(text));
        pieces.push(text.nfd().collect());
        // lowercase at first only (`real Madrid`): a lowercase word, then capitals
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            pieces.push(first.to_lowercase().chain(chars).collect());
        }
    }
    pieces
}

fn gazetteer() -> Gazetteer {
    Gazetteer::parse(Path::new("reference.tsv"), GAZETTEER.as_bytes(), b'\t').unwrap()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_ignorable(c: char) -> bool {
    is_combining_mark(c) || matches!(c, '\u{AD}' | '\u{200B}')
}

/// The policy, read plainly: the mentions of `text` as (start, end, entity id), in characters.
fn reference(gazetteer: &Gazetteer, text: &str, lang: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    // a span may start where the last character that is not ignorable is not a word character
    let starts_word = |i: usize| {
        let before = chars[..i].iter().rev().find(|&&c| !is_ignorable(c));
        !chars[i].is_whitespace()
            && !is_ignorable(chars[i])
            && !before.is_some_and(|&c| is_word_char(c))
    };
    // and end after a character that is not white space (ignorable characters belong to the
    // character before them) and before one that is neither a word character nor ignorable
    let ends_word = |j: usize| {
        let last = chars[..j].iter().rev().find(|&&c| !is_ignorable(c));
        last.is_some_and(|c| !c.is_whitespace())
            && chars
                .get(j)
                .is_none_or(|&c| !is_word_char(c) && !is_ignorable(c))
    };
    let rank = |kind: FormKind| match kind {
        FormKind::Name => 0,
        FormKind::LanguageAlias => 1,
        FormKind::Alias => 2,
    };
    let byte_at = |i: usize| chars[..i].iter().map(|c| c.len_utf8()).sum::<usize>();
    let folded_forms: Vec<String> = gazetteer.forms.iter().map(|f| fold(&f.text)).collect();
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut found = None;
        if starts_word(i) {
            for j in (i + 1..=chars.len()).rev() {
                if !ends_word(j) {
                    continue;
                }
                let span = &text[byte_at(i)..byte_at(j)];
                let folded = fold(span);
                let span_has_capital = span.chars().any(char::is_uppercase);
                let best = gazetteer
                    .forms
                    .iter()
                    .zip(&folded_forms)
                    .filter(|(_, form)| **form == folded)
                    .map(|(form, _)| form)
                    .filter(|form| span_has_capital || !form.text.chars().any(char::is_uppercase))
                    .filter(|form| form.lang.as_deref().is_none_or(|l| l == lang))
                    .min_by_key(|form| {
                        (rank(form.kind), gazetteer.entities[form.entity].id.clone())
                    });
                if let Some(form) = best {
                    found = Some((j, gazetteer.entities[form.entity].id.clone()));
                    break;
                }
            }
        }
        match found {
            Some((j, id)) => {
                mentions.push((i, j, id));
                i = j;
            }
            None => i += 1,
        }
    }
    mentions
}

fn text_of_pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces()), 1..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tagger_agrees_with_the_plain_policy(text in text_of_pieces(), italian in any::<bool>()) {
        let gazetteer = gazetteer();
        let tagger = Tagger::new(&gazetteer).unwrap();
        let lang = if italian { "it" } else { "en" };
        let found: Vec<(usize, usize, String)> = tagger
            .tag(&text, Some(lang))
            .into_iter()
            .map(|m| (m.start, m.end, gazetteer.entities[m.entity].id.clone()))
            .collect();
        prop_assert_eq!(found, reference(&gazetteer, &text, lang), "text {:?}", text);
    }
}

#[test]
fn the_reference_reads_the_policy() {
    let gazetteer = gazetteer();
    let ids = |text: &str, lang: &str| -> Vec<String> {
        reference(&gazetteer, text, lang)
            .into_iter()
            .map(|(_, _, id)| id)
            .collect()
    };
    assert_eq!(
        ids("per la Roma, ex-Real Madrid", "it"),
        ["romacity", "real"]
    );
    assert_eq!(ids("the FIFA Club World Cup", "en"), ["cwc"]);
    assert_eq!(ids("a real problem", "en"), Vec::<String>::new());
    assert_eq!(ids("Mondiali", "en"), Vec::<String>::new());
    assert_eq!(ids("Mondiali", "it"), ["wc"]);
    assert_eq!(ids("l'equipe and L’ÉQUIPE", "en"), ["equipe", "equipe"]);
}
