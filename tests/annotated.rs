//! The tagger on the team's hand-annotated articles, through `tag` and `run`, in six spellings.
//!
//! `tests/data/tagging/articles.txt` holds English and Italian news articles written by the
//! team, with every mention marked by hand as SPEC's matching policy defines it, against
//! `tests/data/tagging/gazetteer.tsv`. Each article is checked as written and in five variants
//! made from it: accents stripped, decomposed (NFD), all capitals, no-break spaces, and mojibake
//! (its UTF-8 read as Windows-1252). A variant is made character by character, so the expected
//! offsets move with the text; all capitals also turn the lowercase traps the annotation marks
//! (`a real problem`) into mentions.
//!
//! Through `tag`, offsets are into each line exactly as given (mojibake and all). Through `run`,
//! text is normalized first, so each mention must slice its sentence's text to its surface, and
//! the mentions of each article, in reading order, must be the annotated ones.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{run_ok, Table};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tagging")
        .join(name)
}

/// A mention in a text: character offsets, the entity, and whether it is one only in capitals.
#[derive(Debug, Clone)]
struct Marked {
    start: usize,
    end: usize,
    entity: String,
    capitals_only: bool,
}

/// A line of an article with its annotation removed.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    marks: Vec<Marked>,
}

struct Article {
    id: String,
    lang: String,
    title: Line,
    paragraphs: Vec<Line>,
}

impl Article {
    fn lines(&self) -> impl Iterator<Item = &Line> {
        std::iter::once(&self.title).chain(&self.paragraphs)
    }
}

/// Removes `[[surface|id]]` and `{{surface|id}}` marks, keeping where they were.
fn parse_line(marked: &str) -> Line {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut rest = marked;
    loop {
        let next = [("[[", "]]", false), ("{{", "}}", true)]
            .into_iter()
            .filter_map(|(open, close, capitals_only)| {
                rest.find(open).map(|at| (at, open, close, capitals_only))
            })
            .min_by_key(|&(at, ..)| at);
        let Some((at, open, close, capitals_only)) = next else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..at]);
        let inner_start = at + open.len();
        let inner_end = inner_start
            + rest[inner_start..]
                .find(close)
                .unwrap_or_else(|| panic!("unclosed {open} in {marked:?}"));
        let (surface, entity) = rest[inner_start..inner_end]
            .split_once('|')
            .unwrap_or_else(|| panic!("a mark without an entity in {marked:?}"));
        let start = text.chars().count();
        text.push_str(surface);
        marks.push(Marked {
            start,
            end: start + surface.chars().count(),
            entity: entity.to_owned(),
            capitals_only,
        });
        rest = &rest[inner_end + close.len()..];
    }
    Line { text, marks }
}

fn articles() -> Vec<Article> {
    let source = std::fs::read_to_string(data("articles.txt")).unwrap();
    let mut articles: Vec<Article> = Vec::new();
    for line in source.lines() {
        if let Some(header) = line.strip_prefix("## ") {
            let mut fields = header.splitn(3, ' ');
            let (id, lang, title) = (
                fields.next().unwrap(),
                fields.next().unwrap(),
                fields.next().unwrap(),
            );
            articles.push(Article {
                id: id.to_owned(),
                lang: lang.to_owned(),
                title: parse_line(title),
                paragraphs: Vec::new(),
            });
        } else if line.is_empty() || line == "#" || line.starts_with("# ") {
            continue;
        } else {
            articles
                .last_mut()
                .expect("a paragraph belongs to an article")
                .paragraphs
                .push(parse_line(line));
        }
    }
    articles
}

/// The canonical name of each entity of the gazetteer.
fn canonical_names() -> HashMap<String, String> {
    std::fs::read_to_string(data("gazetteer.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|row| {
            let mut fields = row.split('\t');
            let id = fields.next().unwrap().to_owned();
            (id, fields.next().unwrap().to_owned())
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    AsWritten,
    AccentsStripped,
    Decomposed,
    Capitals,
    NoBreakSpaces,
    Mojibake,
}

const VARIANTS: [Variant; 6] = [
    Variant::AsWritten,
    Variant::AccentsStripped,
    Variant::Decomposed,
    Variant::Capitals,
    Variant::NoBreakSpaces,
    Variant::Mojibake,
];

impl Variant {
    fn spell(self, c: char) -> String {
        match self {
            Variant::AsWritten => c.to_string(),
            Variant::AccentsStripped => c.nfd().filter(|&c| !is_combining_mark(c)).collect(),
            Variant::Decomposed => c.nfd().collect(),
            Variant::Capitals => c.to_uppercase().collect(),
            Variant::NoBreakSpaces if c == ' ' => '\u{A0}'.to_string(),
            Variant::NoBreakSpaces => c.to_string(),
            Variant::Mojibake => {
                let mut buffer = [0u8; 4];
                let bytes = c.encode_utf8(&mut buffer).as_bytes();
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                text.into_owned()
            }
        }
    }

    /// The line in this spelling, with its mentions where they moved to.
    fn apply(self, line: &Line) -> Line {
        let mut text = String::new();
        // the character offset in the variant of each character offset of the line
        let mut moved = Vec::with_capacity(line.text.len() + 1);
        let mut count = 0;
        for c in line.text.chars() {
            moved.push(count);
            let spelled = self.spell(c);
            count += spelled.chars().count();
            text.push_str(&spelled);
        }
        moved.push(count);
        let marks = line
            .marks
            .iter()
            .filter(|mark| !mark.capitals_only || self == Variant::Capitals)
            .map(|mark| Marked {
                start: moved[mark.start],
                end: moved[mark.end],
                ..mark.clone()
            })
            .collect();
        Line { text, marks }
    }

    /// How `run` writes a surface of this variant once it has normalized the text: decomposed
    /// accents, no-break spaces and mojibake are repaired, the rest is kept.
    fn normalized(self, surface: &str, as_written: &str) -> String {
        match self {
            Variant::Decomposed | Variant::NoBreakSpaces | Variant::Mojibake => {
                as_written.to_owned()
            }
            _ => surface.to_owned(),
        }
    }
}

/// Fails with the rows missing from `found` and those it has in excess, when it is not
/// `expected`.
fn assert_same(found: &[Vec<String>], expected: &[Vec<String>], what: &str) {
    if found != expected {
        // as multisets: a row written twice where the annotation has it once is in excess
        let count =
            |rows: &[Vec<String>], row: &Vec<String>| rows.iter().filter(|r| *r == row).count();
        let missing: Vec<_> = expected
            .iter()
            .filter(|r| count(found, r) < count(expected, r))
            .collect();
        let excess: Vec<_> = found
            .iter()
            .filter(|r| count(found, r) > count(expected, r))
            .collect();
        panic!("{what}: missing {missing:?}, in excess {excess:?} (or in another order)");
    }
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn the_annotation_is_well_formed() {
    let articles = articles();
    assert!(articles.len() >= 5);
    let names = canonical_names();
    let mut mentions = 0;
    for article in &articles {
        assert!(
            ["en", "it"].contains(&article.lang.as_str()),
            "{}",
            article.id
        );
        for line in article.lines() {
            assert!(!line.text.contains("[[") && !line.text.contains("{{"));
            for mark in &line.marks {
                assert!(names.contains_key(&mark.entity), "{}: {mark:?}", article.id);
                mentions += 1;
            }
        }
    }
    assert!(mentions >= 100, "only {mentions} marks");
}

#[test]
fn tag_agrees_with_the_annotation_in_every_spelling() {
    let articles = articles();
    let names = canonical_names();
    let gazetteer = data("gazetteer.tsv");
    for lang in ["en", "it"] {
        let lines: Vec<&Line> = articles
            .iter()
            .filter(|a| a.lang == lang)
            .flat_map(Article::lines)
            .collect();
        for variant in VARIANTS {
            let lines: Vec<Line> = lines.iter().map(|line| variant.apply(line)).collect();
            let input: String = lines
                .iter()
                .map(|line| format!("{}\n", line.text))
                .collect();
            let output = run_ok(
                &[
                    "tag",
                    "--gazetteer",
                    gazetteer.to_str().unwrap(),
                    "--lang",
                    lang,
                ],
                input.as_bytes(),
            );
            let table = Table::parse(&output.stdout, b',');
            let found: Vec<Vec<String>> = table
                .rows
                .iter()
                .map(|row| {
                    let id = table.get(row, "entity_id");
                    assert_eq!(table.get(row, "canonical"), names[id], "{variant:?}");
                    ["line", "start", "end", "surface", "entity_id"]
                        .iter()
                        .map(|column| table.get(row, column).to_owned())
                        .collect()
                })
                .collect();
            let expected: Vec<Vec<String>> = lines
                .iter()
                .enumerate()
                .flat_map(|(index, line)| {
                    line.marks.iter().map(move |mark| {
                        vec![
                            (index + 1).to_string(),
                            mark.start.to_string(),
                            mark.end.to_string(),
                            slice(&line.text, mark.start, mark.end),
                            mark.entity.clone(),
                        ]
                    })
                })
                .collect();
            assert_same(
                &found,
                &expected,
                &format!("tag --lang {lang}, {variant:?}"),
            );
        }
    }
}

#[test]
fn run_agrees_with_the_annotation_in_every_spelling() {
    let articles = articles();
    let names = canonical_names();
    let gazetteer = data("gazetteer.tsv");
    let dir = tempfile::tempdir().unwrap();
    for variant in VARIANTS {
        let mut jsonl = String::new();
        let mut expected: Vec<Vec<String>> = Vec::new();
        for article in &articles {
            let spelled: Vec<Line> = article.lines().map(|line| variant.apply(line)).collect();
            let text: Vec<&str> = spelled[1..].iter().map(|l| l.text.as_str()).collect();
            let record = serde_json::json!({
                "id": article.id,
                "title": spelled[0].text,
                "text": text.join("\n\n"),
            });
            jsonl.push_str(&format!("{record}\n"));
            for (line, written) in spelled.iter().zip(article.lines()) {
                // the marks `apply` kept, as written
                let written_marks = written
                    .marks
                    .iter()
                    .filter(|mark| !mark.capitals_only || variant == Variant::Capitals);
                for (mark, written_mark) in line.marks.iter().zip(written_marks) {
                    // the policy's letter matches `REAL` in a text in capitals; `run` decides
                    // what is a mention, and in capitals a common word is the word
                    let marked = slice(&written.text, written_mark.start, written_mark.end);
                    let common = |lang| {
                        artnorm::resolve::words::common_words(lang).contains(&marked.to_lowercase())
                    };
                    if mark.capitals_only && (common("en") || common("it")) {
                        continue;
                    }
                    let surface = slice(&line.text, mark.start, mark.end);
                    let as_written = slice(&written.text, written_mark.start, written_mark.end);
                    expected.push(vec![
                        article.id.clone(),
                        variant.normalized(&surface, &as_written),
                        mark.entity.clone(),
                    ]);
                }
            }
        }
        let input = dir.path().join(format!("{variant:?}.jsonl"));
        std::fs::write(&input, jsonl).unwrap();
        let out = dir.path().join(format!("{variant:?}"));
        run_ok(
            &[
                "run",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--gazetteer",
                gazetteer.to_str().unwrap(),
                "--langs",
                "en,it",
                "-q",
            ],
            b"",
        );
        let articles_table = Table::read(&out.join("articles.csv"));
        for row in &articles_table.rows {
            assert_eq!(
                articles_table.get(row, "status"),
                "ok",
                "{variant:?} {row:?}"
            );
        }
        let sentences = Table::read(&out.join("sentences.csv"));
        let sentence_text: HashMap<(String, String), String> = sentences
            .rows
            .iter()
            .map(|row| {
                let key = (
                    sentences.get(row, "article_id").to_owned(),
                    sentences.get(row, "sentence_idx").to_owned(),
                );
                (key, sentences.get(row, "text").to_owned())
            })
            .collect();
        let mentions = Table::read(&out.join("mentions.csv"));
        let mut found = Vec::new();
        for row in &mentions.rows {
            let article = mentions.get(row, "article_id").to_owned();
            let sentence = mentions.get(row, "sentence_idx").to_owned();
            let text = &sentence_text[&(article.clone(), sentence)];
            let start: usize = mentions.get(row, "start").parse().unwrap();
            let end: usize = mentions.get(row, "end").parse().unwrap();
            let surface = mentions.get(row, "surface");
            assert_eq!(
                slice(text, start, end),
                surface,
                "{variant:?}: offsets in {text:?}"
            );
            let id = mentions.get(row, "entity_id");
            assert_eq!(mentions.get(row, "canonical"), names[id]);
            found.push(vec![article, surface.to_owned(), id.to_owned()]);
        }
        assert_same(&found, &expected, &format!("run, {variant:?}"));
    }
}
