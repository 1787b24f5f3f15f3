//! A plain-text article of any bytes goes through the whole pipeline (decoding, cleaning,
//! normalization, language, segmentation, tagging) and the rendering of its CSV rows.
#![no_main]

use artnorm::input::{Payload, RawArticle};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let outcome = common::run_article(RawArticle {
        source: "fuzz.txt".to_owned(),
        payload: Payload::Text(data.to_vec()),
    });
    common::check_rendered(&outcome);
});
