//! Tagging any text with the built-in gazetteer: mentions in order, without overlaps, inside the
//! text, on whole words, each surface folds to something, and the byte span is the character
//! span.
#![no_main]

use artnorm::tag::fold;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (gazetteer, tagger) = common::builtin();
    let text = String::from_utf8_lossy(data);
    for lang in [Some("en"), Some("it"), None] {
        let mentions = tagger.tag(&text, lang);
        common::check_mentions(&text, &mentions, gazetteer);
        for mention in &mentions {
            let surface: String = text
                .chars()
                .skip(mention.start)
                .take(mention.end - mention.start)
                .collect();
            assert!(
                !fold(&surface).trim().is_empty(),
                "surface {surface:?} folds to nothing"
            );
            assert_eq!(
                mention.surface(&text),
                surface,
                "the byte span is the character span"
            );
        }
    }
});
