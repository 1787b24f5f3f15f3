//! Any bytes read as a JSON Lines dump: every non-blank line is exactly one article (one
//! `articles.csv` row), whatever the line holds, and each goes through the pipeline soundly.
#![no_main]

use artnorm::input::ArticleReader;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let expected = data
        .split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .count();
    let reader = ArticleReader::from_jsonl("fuzz.jsonl", Box::new(std::io::Cursor::new(data.to_vec())));
    let mut seen = 0;
    for raw in reader {
        seen += 1;
        let outcome = common::run_article(raw);
        common::check_rendered(&outcome);
    }
    assert_eq!(seen, expected, "records read differ from the non-blank lines");
});
