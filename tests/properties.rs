//! Property tests of the invariants every stage promises, on generated text.

use std::path::Path;

use artnorm::gazetteer::Gazetteer;
use artnorm::normalize::normalize;
use artnorm::segment::{segment, MAX_SENTENCE_CHARS};
use artnorm::tag::Tagger;
use proptest::prelude::*;

/// Text made of the pieces real news is made of, and of the pieces of broken news.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Kaká",
        "Éder Militão",
        "KakÃ¡",
        "MilitÃ£o",
        "â€™",
        "â€œ",
        "Ã",
        "Â",
        "©",
        "»",
        "«",
        "…",
        "...",
        ". ",
        "! ",
        "? ",
        "Mr.",
        "Sig.",
        "U.S.",
        "3.5",
        "20.45",
        "perché",
        "città",
        "più",
        "è",
        " ",
        "  ",
        "\u{A0}",
        "\u{200B}",
        "\u{AD}",
        "\n",
        "\n\n",
        "\t",
        "&eacute;",
        "&amp;",
        "&#233;",
        "&",
        "e\u{301}",
        "“",
        "”",
        "’",
        "'",
        "\"",
        "(",
        ")",
        "-",
        "—",
        "Real Madrid",
        "real",
        "Brasile",
        "the",
        "il",
        "Inter",
        "l'",
        "word",
        "Word",
        "A",
        "1",
        "ç",
        "ø",
        "ß",
        "\u{92}",
        "\u{85}",
        "\r",
        "\u{0}",
        "€",
        "😀",
        "ð\u{9f}\u{98}\u{80}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

/// Correct text: letters with accents, punctuation and single spaces, as a careful writer types.
fn clean_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "perché",
        "città",
        "più",
        "è",
        "Kaká",
        "Éder",
        "Militão",
        "São",
        "SÃO",
        "ÁGUA",
        "naïve",
        "Müller",
        "Straße",
        "Ødegaard",
        "Çalhanoğlu",
        "Modrić",
        "¿Qué?",
        "¡Sí!",
        "«PERCHÉ»",
        "“CITTÀ”",
        "È…",
        "Ã",
        "€5",
        "£86.3m",
        "x≤y",
        "—",
        "…",
        "’s",
        "l’Inter",
        "Ça",
        "ÉLITE",
        "the",
        "coach",
        "said",
        "il",
        "tecnico",
        "ha",
        "detto",
        "Ñ”",
        "À»",
        "Ö’",
        "IRMÃ»",
        "ÐŸ",
    ]);
    prop::collection::vec(words, 1..25).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalization_is_idempotent(text in newsy_text()) {
        let once = normalize(&text).into_owned();
        let twice = normalize(&once).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn normalization_keeps_the_number_of_lines(text in newsy_text()) {
        let normalized = normalize(&text);
        prop_assert_eq!(normalized.matches('\n').count(), text.matches('\n').count());
    }

    #[test]
    fn clean_text_is_never_changed(text in clean_text()) {
        let normalized = normalize(&text).into_owned();
        prop_assert_eq!(normalized, text);
    }

    #[test]
    fn segmentation_loses_no_text(text in newsy_text(), italian in any::<bool>()) {
        let lang = if italian { "it" } else { "en" };
        let sentences = segment(&text, lang);
        let without_space = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(without_space(&sentences.concat()), without_space(&text));
        for sentence in &sentences {
            prop_assert!(!sentence.trim().is_empty());
            prop_assert!(sentence.chars().count() <= MAX_SENTENCE_CHARS);
        }
    }

    #[test]
    fn segmentation_is_idempotent_on_its_own_output(text in newsy_text()) {
        for lang in ["en", "it"] {
            for sentence in segment(&text, lang) {
                // a sentence is one paragraph, whatever line breaks it holds
                let one_paragraph = sentence.replace("\n", " ");
                let again = segment(&one_paragraph, lang);
                prop_assert_eq!(again, vec![one_paragraph.as_str()]);
            }
        }
    }

    #[test]
    fn mention_offsets_always_slice_the_text(text in newsy_text(), italian in any::<bool>()) {
        let (gazetteer, tagger) = small_tagger(false);
        let lang = if italian { "it" } else { "en" };
        let chars: Vec<char> = text.chars().collect();
        let mut last_end = 0;
        for mention in tagger.tag(&text, Some(lang)) {
            prop_assert!(mention.start < mention.end && mention.end <= chars.len());
            prop_assert!(mention.start >= last_end, "overlap");
            // the byte span is the character span
            let by_chars: String = chars[mention.start..mention.end].iter().collect();
            prop_assert_eq!(mention.surface(&text), by_chars.as_str());
            let bytes_before: usize = chars[..mention.start].iter().map(|c| c.len_utf8()).sum();
            prop_assert_eq!(mention.byte_start, bytes_before);
            last_end = mention.end;
            prop_assert!(mention.entity < gazetteer.entities.len());
        }
    }

    #[test]
    fn tagging_does_not_depend_on_the_order_of_the_gazetteer(text in newsy_text()) {
        let (forward, forward_tagger) = small_tagger(false);
        let (backward, backward_tagger) = small_tagger(true);
        let ids = |g: &Gazetteer, t: &Tagger| -> Vec<(usize, usize, String)> {
            t.tag(&text, Some("it")).into_iter().map(|m| (m.start, m.end, g.entities[m.entity].id.clone())).collect()
        };
        prop_assert_eq!(ids(&forward, &forward_tagger), ids(&backward, &backward_tagger));
    }
}

const ROWS: &[&str] = &[
    "kaka\tKaká\tPERSON\tRicardo Kaká\t",
    "militao\tÉder Militão\tPERSON\tMilitão\t",
    "brazil\tBrazil\tNATIONAL_TEAM\tSeleção\tBrasile",
    "real\tReal Madrid\tCLUB\tReal\t",
    "realb\tReal Betis\tCLUB\tReal\t",
    "inter\tInter\tCLUB\t\t",
    "word\tWord\tTHING\tword\t",
    "the\tThe A\tTHING\t\t",
];

fn small_tagger(reversed: bool) -> (Gazetteer, Tagger) {
    let mut rows: Vec<&str> = ROWS.to_vec();
    if reversed {
        rows.reverse();
    }
    let text = format!("id\tname\ttype\taliases\taliases_it\n{}\n", rows.join("\n"));
    let gazetteer = Gazetteer::parse(Path::new("t.tsv"), text.as_bytes(), b'\t').unwrap();
    let tagger = Tagger::new(&gazetteer).unwrap();
    (gazetteer, tagger)
}
