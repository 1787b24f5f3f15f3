//! Any bytes as a gazetteer (CSV and TSV): an error or a gazetteer, never a panic; a gazetteer
//! compiles into a tagger whose mentions on a fixed text and on the file itself are sound.
#![no_main]

use std::path::Path;

use artnorm::gazetteer::Gazetteer;
use artnorm::tag::Tagger;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const TEXT: &str =
    "Kaká and KAKA met Éder Militão at the Bernabéu; l'Inter, ex-Milan, Ancelotti's side.";

fuzz_target!(|data: &[u8]| {
    for delimiter in [b'\t', b','] {
        let Ok(gazetteer) = Gazetteer::parse(Path::new("fuzz.tsv"), data, delimiter) else {
            continue;
        };
        let tagger = Tagger::new(&gazetteer).expect("a parsed gazetteer compiles");
        for lang in [Some("en"), Some("it"), None] {
            common::check_mentions(TEXT, &tagger.tag(TEXT, lang), &gazetteer);
            let text = String::from_utf8_lossy(data);
            common::check_mentions(&text, &tagger.tag(&text, lang), &gazetteer);
        }
    }
});
