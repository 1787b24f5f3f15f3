//! Normalization on whole sentences: correct text in six languages (and a few more scripts)
//! comes back unchanged, and the same sentences mis-decoded come back exactly.

use artnorm::normalize::normalize;

const CLEAN: &str = include_str!("data/clean_multilingual.txt");

#[test]
fn correct_multilingual_sentences_are_never_changed() {
    for line in CLEAN.lines() {
        assert_eq!(normalize(line), line);
    }
}

/// What a scraper that reads UTF-8 as Windows-1252 makes of `text`; the five bytes the code
/// page leaves undefined become the Latin-1 control characters, as most decoders do.
fn as_windows_1252(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            0x81 | 0x8D | 0x8F | 0x90 | 0x9D => char::from(b),
            _ => {
                let byte = [b];
                let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                decoded.chars().next().unwrap_or('\u{FFFD}')
            }
        })
        .collect()
}

#[test]
fn mis_decoded_sentences_are_repaired_exactly() {
    for line in CLEAN.lines() {
        let once = as_windows_1252(line);
        assert_eq!(normalize(&once), line, "once: {once:?}");
        let twice = as_windows_1252(&once);
        assert_eq!(normalize(&twice), line, "twice: {twice:?}");
    }
}

#[test]
fn half_mis_decoded_lines_are_repaired_exactly() {
    for line in CLEAN.lines() {
        let split = line
            .char_indices()
            .map(|(i, _)| i)
            .nth(line.chars().count() / 2)
            .unwrap_or(0);
        let (start, end) = line.split_at(split);
        let mixed = format!("{start}{}", as_windows_1252(end));
        assert_eq!(normalize(&mixed), line, "{mixed:?}");
    }
}
