//! The naive composition `artnorm run` is measured against: the off-the-shelf crates put
//! together the obvious way, one article after another on one thread, writing the same three
//! kinds of rows (articles, sentences, mentions). `scripts/bench_run.py` times it on the same
//! dump in the same run.
//!
//! ```text
//! cargo run --release --example naive_pipeline -- DUMP.jsonl GAZETTEER.tsv OUT_DIR
//! ```
//!
//! Each stage is what a person gluing crates together writes first: `serde_json` per line,
//! NFC with `unicode-normalization`, `whatlang` on each article, sentences split after `.`,
//! `!` or `?` followed by white space, `aho-corasick` over every name and alias of the
//! gazetteer (leftmost-longest, ASCII case-insensitive, kept only at word boundaries), and the
//! `csv` writer. It has none of artnorm's repairs, boilerplate removal, per-sentence language,
//! segmentation rules nor decisions: it is a floor for the cost of the plumbing, not a
//! competitor in quality.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;

#[derive(serde::Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dump, gazetteer, out_dir] = args.as_slice() else {
        return Err("usage: naive_pipeline DUMP.jsonl GAZETTEER.tsv OUT_DIR".into());
    };
    let started = Instant::now();
    std::fs::create_dir_all(out_dir)?;

    // the gazetteer: every name and alias, each pattern pointing back to its entity id
    let mut patterns: Vec<String> = Vec::new();
    let mut entity_of: Vec<usize> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (n, line) in BufReader::new(File::open(gazetteer)?).lines().enumerate() {
        let line = line?;
        if n == 0 || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 2 {
            continue;
        }
        let entity = ids.len();
        ids.push(fields[0].to_owned());
        let aliases = fields.get(3).copied().unwrap_or("");
        for name in std::iter::once(fields[1]).chain(aliases.split('|')) {
            let name = name.trim();
            if name.chars().count() >= 2 {
                patterns.push(name.nfc().collect());
                entity_of.push(entity);
            }
        }
    }
    let matcher: AhoCorasick = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)?;

    let csv_at = |name: &str| csv::Writer::from_path(format!("{out_dir}/{name}"));
    let mut articles = csv_at("articles.csv")?;
    let mut sentences = csv_at("sentences.csv")?;
    let mut mentions = csv_at("mentions.csv")?;
    articles.write_record(["article_id", "title", "lang", "sentences", "mentions"])?;
    sentences.write_record(["article_id", "sentence_idx", "text"])?;
    mentions.write_record([
        "article_id",
        "sentence_idx",
        "start",
        "end",
        "surface",
        "entity_id",
    ])?;

    let mut bytes = 0usize;
    let mut count = 0usize;
    let input = BufReader::new(File::open(dump)?);
    for line in input.lines() {
        let line = line?;
        bytes += line.len() + 1;
        let Ok(record) = serde_json::from_str::<Record>(&line) else {
            continue;
        };
        count += 1;
        let id = match record.id {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => count.to_string(),
        };
        let text: String = record.text.unwrap_or_default().nfc().collect();
        let title: String = record.title.unwrap_or_default().nfc().collect();
        let lang = whatlang::detect(&text)
            .map(|info| info.lang().code())
            .unwrap_or("und");
        let mut sentence_count = 0;
        let mut mention_count = 0;
        for paragraph in text.lines() {
            for sentence in split_sentences(paragraph) {
                let index = sentence_count.to_string();
                sentence_count += 1;
                sentences.write_record([id.as_str(), index.as_str(), sentence])?;
                for found in matcher.find_iter(sentence) {
                    if !at_word_boundaries(sentence, found.start(), found.end()) {
                        continue;
                    }
                    mention_count += 1;
                    let start = sentence[..found.start()].chars().count().to_string();
                    let end = sentence[..found.end()].chars().count().to_string();
                    mentions.write_record([
                        id.as_str(),
                        index.as_str(),
                        start.as_str(),
                        end.as_str(),
                        &sentence[found.start()..found.end()],
                        ids[entity_of[found.pattern().as_usize()]].as_str(),
                    ])?;
                }
            }
        }
        articles.write_record([
            id.as_str(),
            title.as_str(),
            lang,
            sentence_count.to_string().as_str(),
            mention_count.to_string().as_str(),
        ])?;
    }
    articles.flush()?;
    sentences.flush()?;
    mentions.flush()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "naive: {count} articles, {:.1} MB in {seconds:.2} s ({:.1} MB/s)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
    Ok(())
}

/// The sentences of a paragraph: cut after `.`, `!` or `?` when white space follows.
fn split_sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    let mut rest = paragraph;
    std::iter::from_fn(move || loop {
        if rest.trim().is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let cut = (0..bytes.len())
            .find(|&i| {
                matches!(bytes[i], b'.' | b'!' | b'?')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace)
            })
            .map_or(bytes.len(), |i| i + 1);
        let sentence = rest[..cut].trim();
        rest = &rest[cut..];
        if !sentence.is_empty() {
            return Some(sentence);
        }
    })
}

/// Whether a match does not start or end inside a word.
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
