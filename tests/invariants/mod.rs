//! Invariants of the tagger's output, shared by `tests/fuzz_findings.rs` and the fuzz targets
//! (which include this file by path), so that a finding is judged the same way in both.
#![allow(dead_code)]

use artnorm::normalize::mojibake_at;
use artnorm::tag::Mention;
use unicode_normalization::char::is_combining_mark;

/// The text as the tagger reads it: one unit per character, or per mojibake sequence (read as
/// the character it stands for). Each unit is (first char index, end char index, character).
fn reading_units(text: &str) -> Vec<(usize, usize, char)> {
    let mut units = Vec::new();
    let mut at = 0;
    let mut index = 0;
    while let Some(c) = text[at..].chars().next() {
        let (real, length) = if c.is_whitespace() || is_combining_mark(c) {
            (c, c.len_utf8())
        } else {
            mojibake_at(text, at).unwrap_or((c, c.len_utf8()))
        };
        let chars = text[at..at + length].chars().count();
        units.push((index, index + chars, real));
        index += chars;
        at += length;
    }
    units
}

/// Panics unless the mentions are in order, do not overlap, are non-empty, lie inside `text`
/// (in characters), point at one of `entities` entities, begin and end on the edges of what the
/// tagger reads as characters, and are whole words: the character before (its combining marks
/// aside) and the character after are not letters or digits.
pub fn check_mentions(text: &str, mentions: &[Mention], entities: usize) {
    let units = reading_units(text);
    let char_count = units.last().map_or(0, |u| u.1);
    let mut last_end = 0;
    for mention in mentions {
        assert!(mention.start < mention.end, "empty mention {mention:?}");
        assert!(
            mention.end <= char_count,
            "mention {mention:?} past the end"
        );
        assert!(mention.start >= last_end, "overlapping mention {mention:?}");
        assert!(mention.entity < entities, "no such entity");
        last_end = mention.end;
        let first = units.iter().position(|u| u.0 == mention.start);
        let first = first.unwrap_or_else(|| panic!("{mention:?} starts inside a character"));
        let before = units[..first]
            .iter()
            .rev()
            .find(|u| !is_combining_mark(u.2))
            .map(|u| u.2);
        assert!(
            !before.is_some_and(char::is_alphanumeric),
            "mention {mention:?} starts inside a word in {text:?}"
        );
        if mention.end < char_count {
            let after = units.iter().find(|u| u.0 == mention.end);
            let after = after.unwrap_or_else(|| panic!("{mention:?} ends inside a character"));
            assert!(
                !after.2.is_alphanumeric() && !is_combining_mark(after.2),
                "mention {mention:?} ends inside a word in {text:?}"
            );
        }
    }
}
