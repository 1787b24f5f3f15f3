//! Every input a fuzz target (see `fuzz/` and `scripts/fuzz.sh`) ever failed on, kept under
//! `tests/fuzz_findings/TARGET/` and checked here against that target's invariants, so that a
//! fixed finding stays fixed without cargo-fuzz.

use std::fs;
use std::path::Path;

use artnorm::normalize::{decode_bytes, normalize, normalize_with, Form, Options};

mod invariants;

fn findings(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_findings")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|entry| {
                let path = entry.expect("readable directory entry").path();
                let bytes = fs::read(&path).expect("readable finding");
                (path.display().to_string(), bytes)
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn normalization_findings_are_idempotent() {
    let cases = findings("normalize");
    assert!(!cases.is_empty(), "the normalize findings are missing");
    for (name, bytes) in cases {
        let text = decode_bytes(&bytes).text;
        let once = normalize(&text).into_owned();
        assert_eq!(normalize(&once), once, "{name}");
        assert_eq!(
            once.matches('\n').count(),
            text.matches('\n').count(),
            "{name}: lines"
        );
        let nfkc = Options {
            form: Form::Nfkc,
            ..Options::default()
        };
        let once = normalize_with(&text, nfkc).into_owned();
        assert_eq!(normalize_with(&once, nfkc), once, "{name} (NFKC)");
    }
}

#[test]
fn tagging_findings_give_sound_mentions() {
    use artnorm::gazetteer::Gazetteer;
    use artnorm::tag::Tagger;
    let gazetteer = Gazetteer::builtin();
    let tagger = Tagger::new(&gazetteer).expect("the built-in gazetteer compiles");
    let cases = findings("tag");
    assert!(!cases.is_empty(), "the tag findings are missing");
    for (name, bytes) in cases {
        let text = String::from_utf8_lossy(&bytes);
        for lang in [Some("en"), Some("it"), None] {
            let mentions = tagger.tag(&text, lang);
            eprintln!("{name}, {lang:?}");
            invariants::check_mentions(&text, &mentions, gazetteer.entities.len());
        }
    }
}

#[test]
fn language_findings_stay_in_scope() {
    use artnorm::lang::{ArticleLanguage, Detector};
    let scope = ["en".to_owned(), "it".to_owned()];
    let closed = Detector::closed(&scope).expect("en,it");
    let cases = findings("lang");
    assert!(!cases.is_empty(), "the lang findings are missing");
    for (name, bytes) in cases {
        let text = String::from_utf8_lossy(&bytes);
        let in_scope = |code: Option<&str>| code.is_none_or(|c| c == "en" || c == "it");
        assert!(in_scope(closed.detect(&text).lang), "{name}: detect");
        if let ArticleLanguage::InScope(detection) = closed.classify_article(&text) {
            assert!(in_scope(detection.lang), "{name}: classify_article");
        }
        for article_lang in ["en", "it"] {
            let lang = closed.sentence_language(&text, article_lang);
            assert!(in_scope(Some(lang)), "{name}: sentence_language");
        }
    }
}

#[test]
fn segmentation_findings_lose_nothing_and_are_idempotent() {
    use artnorm::segment::segment;
    let cases = findings("segment");
    assert!(!cases.is_empty(), "the segment findings are missing");
    let without_space = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (name, bytes) in cases {
        let text = String::from_utf8_lossy(&bytes);
        for lang in ["en", "it"] {
            let sentences = segment(&text, lang);
            assert_eq!(
                without_space(&sentences.concat()),
                without_space(&text),
                "{name}"
            );
            for sentence in sentences {
                let one_paragraph = sentence.replace('\n', " ");
                let again = segment(&one_paragraph, lang);
                assert_eq!(again, vec![one_paragraph.as_str()], "{name} ({lang})");
            }
        }
    }
}

#[test]
fn json_lines_findings_give_one_record_per_non_blank_line() {
    use artnorm::input::ArticleReader;
    let cases = findings("jsonl");
    assert!(!cases.is_empty(), "the jsonl findings are missing");
    for (name, bytes) in cases {
        // lines end at \n, \r\n or a lone \r, as the reader reads them
        let text = String::from_utf8_lossy(&bytes)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let expected = text
            .split('\n')
            .filter(|l| !l.bytes().all(|b| b.is_ascii_whitespace()))
            .count();
        let reader =
            ArticleReader::from_jsonl("finding.jsonl", Box::new(std::io::Cursor::new(bytes)));
        assert_eq!(reader.count(), expected, "{name}");
    }
}
