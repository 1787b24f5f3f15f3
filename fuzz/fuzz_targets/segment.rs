//! Segmentation of any text: ranges in order, on character boundaries, no text lost, no blank
//! or over-long sentence, and a sentence segmented again is itself.
#![no_main]

use artnorm::segment::{segment_ranges, MAX_SENTENCE_CHARS};
use libfuzzer_sys::fuzz_target;

fn without_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for lang in ["en", "it"] {
        let ranges = segment_ranges(&text, lang);
        let mut last_end = 0;
        let mut kept = String::new();
        for range in &ranges {
            assert!(
                range.start >= last_end && range.start < range.end,
                "{range:?}"
            );
            assert!(range.end <= text.len());
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            last_end = range.end;
            let sentence = &text[range.clone()];
            assert!(!sentence.trim().is_empty(), "blank sentence");
            assert!(
                sentence.chars().count() <= MAX_SENTENCE_CHARS,
                "over-long sentence"
            );
            kept.push_str(sentence);
            let one_paragraph = sentence.replace('\n', " ");
            let again = segment_ranges(&one_paragraph, lang);
            assert_eq!(
                again.len(),
                1,
                "{lang}: {one_paragraph:?} splits again: {again:?}"
            );
        }
        assert_eq!(without_space(&kept), without_space(&text), "text lost");
    }
});
