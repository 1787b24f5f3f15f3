//! Any bytes read as a JSON Lines dump: every non-blank line is exactly one article (one
//! `articles.csv` row), whatever the line holds, and each goes through the pipeline soundly.
#![no_main]

use artnorm::input::ArticleReader;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// Lines end at `\n`, `\r\n` or a lone `\r`, as the reader reads them (JSON allows a raw
/// `\r` only as white space between values).
fn non_blank_lines(data: &[u8]) -> usize {
    let mut lines = 0;
    let mut blank = true;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\n' | b'\r' => {
                lines += usize::from(!blank);
                blank = true;
                if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b if !b.is_ascii_whitespace() => blank = false,
            _ => {}
        }
        i += 1;
    }
    lines + usize::from(!blank)
}

fuzz_target!(|data: &[u8]| {
    let expected = non_blank_lines(data);
    let reader =
        ArticleReader::from_jsonl("fuzz.jsonl", Box::new(std::io::Cursor::new(data.to_vec())));
    let mut seen = 0;
    for raw in reader {
        seen += 1;
        let outcome = common::run_article(raw);
        common::check_rendered(&outcome);
    }
    assert_eq!(
        seen, expected,
        "records read differ from the non-blank lines"
    );
});
