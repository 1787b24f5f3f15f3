//! Language identification of any text: no panic, confidences in [0, 1], `und` with confidence
//! 0, closed answers inside the scope, and article verdicts consistent with the scope.
#![no_main]

use std::sync::OnceLock;

use artnorm::lang::{ArticleLanguage, Detection, Detector};
use libfuzzer_sys::fuzz_target;

fn check(detection: Detection, scope: Option<&[&str]>) {
    assert!(
        (0.0..=1.0).contains(&detection.confidence),
        "confidence {detection:?}"
    );
    match detection.lang {
        None => assert_eq!(detection.confidence, 0.0, "und with a confidence"),
        Some(code) => {
            if let Some(scope) = scope {
                assert!(scope.contains(&code), "{code} is outside the scope");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    static DETECTORS: OnceLock<(Detector, Detector)> = OnceLock::new();
    let (open, closed) = DETECTORS.get_or_init(|| {
        let scope = ["en".to_owned(), "it".to_owned()];
        (Detector::open(), Detector::closed(&scope).expect("en,it"))
    });
    let scope: &[&str] = &["en", "it"];
    let text = String::from_utf8_lossy(data);
    check(open.detect(&text), None);
    check(closed.detect(&text), Some(scope));
    check(closed.detect_open(&text), None);
    match closed.classify_article(&text) {
        ArticleLanguage::InScope(d) => {
            check(d, Some(scope));
            assert!(d.lang.is_some());
        }
        ArticleLanguage::OtherLang(d) => {
            check(d, None);
            assert!(d.lang.is_some_and(|code| !scope.contains(&code)), "{d:?}");
        }
        ArticleLanguage::Undetermined => {}
    }
    for article_lang in ["en", "it"] {
        let lang = closed.sentence_language(&text, article_lang);
        assert!(scope.contains(&lang), "sentence language {lang}");
    }
});
