//! Segmentation cases written by the team, by category, in English and Italian
//! (`tests/data/segmentation_cases.tsv`): every case must give exactly its sentences. The test
//! prints the pass count of each category.

use std::collections::BTreeMap;

use artnorm::segment::segment;

const CASES: &str = include_str!("data/segmentation_cases.tsv");

#[test]
fn every_category_passes() {
    let mut tally: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in CASES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "malformed case: {line:?}");
        let (category, lang) = (fields[0], fields[1]);
        let input = fields[2].replace("\\n", "\n");
        let expected: Vec<String> = fields[3]
            .split(" || ")
            .map(|s| s.replace("\\n", "\n"))
            .collect();
        let got: Vec<String> = segment(&input, lang)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entry = tally.entry((category, lang)).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
        } else {
            failures.push(format!(
                "{category} ({lang}): {input:?}\n  got      {got:?}\n  expected {expected:?}"
            ));
        }
    }
    for ((category, lang), (passed, total)) in &tally {
        println!("{category:<14} {lang}  {passed}/{total}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sentence F1 on the team's gold documents (`tests/data/segment_gold/`), scored as
/// `scripts/eval_segment.py` scores them: each document's sentences joined by a space, and a
/// predicted sentence right when it is exactly a gold one.
fn gold_f1(file: &str, lang: &str) -> f64 {
    let path = format!(
        "{}/tests/data/segment_gold/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let content = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let documents: Vec<Vec<&str>> = content
        .split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .filter(|document| !document.is_empty())
        .collect();
    let spans = |sentences: &[&str]| -> std::collections::HashSet<(usize, usize)> {
        let mut at = 0;
        sentences
            .iter()
            .map(|s| {
                let length: usize = s.split_whitespace().map(|w| w.chars().count()).sum();
                at += length;
                (at - length, at)
            })
            .collect()
    };
    let (mut right, mut predicted_count, mut gold_count) = (0, 0, 0);
    for document in &documents {
        let text = document.join(" ");
        let predicted = segment(&text, lang);
        let (gold, predicted) = (spans(document), spans(&predicted));
        right += gold.intersection(&predicted).count();
        predicted_count += predicted.len();
        gold_count += gold.len();
    }
    let precision = right as f64 / predicted_count as f64;
    let recall = right as f64 / gold_count as f64;
    2.0 * precision * recall / (precision + recall)
}

#[test]
fn gold_documents() {
    let english = gold_f1("en.txt", "en");
    let italian = gold_f1("it.txt", "it");
    println!("sentence F1: en {english:.4}, it {italian:.4}");
    // the English misses are sentences with no punctuation at all between them (`lol would i`)
    assert!(english >= 0.90, "en F1 {english}");
    assert!(italian >= 0.99, "it F1 {italian}");
}

/// Issue 15: a run of terminators (`....`, `!!!!`, `. . . .`) was rescanned from every cap cut
/// to its end, so segmentation grew with the square of the run (4 MB of periods took 2.8 s, 16 MB
/// 40 s). Here each shape is segmented at 250 KB and at 1 MB: linear work grows 4 times, the old
/// quadratic work 16 times. The bound (10 times, on the best of three runs, plus a little for
/// timer noise) only catches that blow-up.
#[test]
fn runs_of_terminators_segment_in_linear_time() {
    use std::time::{Duration, Instant};
    let best_of_three = |text: &str, lang: &str| -> Duration {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let sentences = segment(text, lang);
                let elapsed = started.elapsed();
                let kept: usize = sentences.iter().map(|s| s.len()).sum();
                assert!(kept * 2 >= text.len(), "text lost");
                elapsed
            })
            .min()
            .expect("three runs")
    };
    for unit in [".", "!", "?", "…", ". ", "?!", ".\u{201d}", "... "] {
        let small = unit.repeat(250_000 / unit.len());
        let large = unit.repeat(1_000_000 / unit.len());
        for lang in ["en", "it"] {
            let (short, long) = (best_of_three(&small, lang), best_of_three(&large, lang));
            assert!(
                long < short * 10 + Duration::from_millis(20),
                "{unit:?} ({lang}): {short:?} for 250 KB, {long:?} for 1 MB"
            );
        }
    }
}

/// Text made of the pieces the segmentation rules look at: terminators, colons and
/// semicolons, list markers, abbreviations and titles of both languages, quotes, numbers,
/// capitals and lowercase words, line breaks.
fn segmenty_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        ". ",
        ".",
        "! ",
        "? ",
        "?!",
        "...",
        " . . . ",
        "…",
        ": ",
        ":",
        "; ",
        ";",
        ", ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "1. ",
        "2. ",
        "a) ",
        "b) ",
        "1) ",
        "2) ",
        "- ",
        "• ",
        "Mr.",
        "Dott.",
        "ing.",
        "civ.",
        "geol.",
        "stress.",
        "art.",
        "n.",
        "No.",
        "U.S.",
        "S.p.A.",
        "a.m.",
        "J.",
        "m.",
        "3",
        "20",
        "3.5",
        "2-1",
        "«",
        "»",
        "\"",
        "“",
        "”",
        "(",
        ")",
        "Il",
        "il",
        "La",
        "la",
        "The",
        "the",
        "Poi",
        "poi",
        "Rossi",
        "Bianchi",
        "azioni",
        "word",
        "Word",
        "casa",
        "tre",
        "Esodo",
        "E",
        "è",
        "È",
        "Kaká",
        ":)",
        "http://a.it",
        "www.b.com",
        "Regards,",
        "Ciao Marco,",
        "04/26/2001 07:17 AM",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

proptest::proptest! {
    /// The guarantees of `segment`, on text dense in the shapes its rules decide: no text is
    /// lost or changed, no sentence is empty or longer than the cap, and a sentence segmented
    /// again (its line breaks read as spaces) is itself.
    #[test]
    fn segmentation_guarantees_hold_on_dense_text(text in segmenty_text()) {
        use artnorm::segment::MAX_SENTENCE_CHARS;
        for lang in ["en", "it"] {
            let sentences = segment(&text, lang);
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(squeeze(&sentences.concat()), squeeze(&text));
            for sentence in &sentences {
                proptest::prop_assert!(!sentence.trim().is_empty());
                proptest::prop_assert!(sentence.chars().count() <= MAX_SENTENCE_CHARS);
                let one_paragraph = sentence.replace('\n', " ");
                let again = segment(&one_paragraph, lang);
                proptest::prop_assert_eq!(again, vec![one_paragraph.as_str()], "lang {}", lang);
            }
        }
    }
}
