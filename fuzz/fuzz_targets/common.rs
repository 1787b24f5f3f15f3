//! Invariants shared by several fuzz targets. A violated invariant panics, which libFuzzer
//! reports as a crash with the input that caused it.
#![allow(dead_code)]

use std::sync::OnceLock;

use artnorm::gazetteer::Gazetteer;
use artnorm::model::{ArticleOutcome, Status};
use artnorm::pipeline::{process_article, Context};
use artnorm::tag::{Mention, Tagger};

/// The built-in gazetteer and its tagger, built once per fuzzing process.
pub fn builtin() -> &'static (Gazetteer, Tagger) {
    static BUILTIN: OnceLock<(Gazetteer, Tagger)> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let gazetteer = Gazetteer::builtin();
        let tagger = Tagger::new(&gazetteer).expect("the built-in gazetteer compiles");
        (gazetteer, tagger)
    })
}

/// The pipeline's context with the built-in gazetteer and `en,it` in scope.
pub fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        Context::new(None, vec!["en".to_owned(), "it".to_owned()]).expect("default context")
    })
}

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

/// See `tests/invariants/mod.rs`.
pub fn check_mentions(text: &str, mentions: &[Mention], gazetteer: &Gazetteer) {
    invariants::check_mentions(text, mentions, gazetteer.entities.len());
}

/// The same invariants for the resolve stage's mentions (a span and an entity, with a decision).
pub fn check_decided(text: &str, mentions: &[artnorm::model::Mention], gazetteer: &Gazetteer) {
    let spans: Vec<Mention> = mentions
        .iter()
        .map(|m| Mention {
            start: m.start,
            end: m.end,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
            entity: m.entity,
        })
        .collect();
    check_mentions(text, &spans, gazetteer);
}

/// One article through the whole pipeline: it yields an outcome that is not an internal error,
/// and every sentence's mentions are sound.
pub fn check_article(outcome: &ArticleOutcome) {
    let context = context();
    if outcome.status == Status::Error {
        let note = outcome.note.as_deref().unwrap_or("");
        assert!(!note.contains("internal error"), "internal error: {note}");
    }
    for sentence in &outcome.sentences {
        assert!(!sentence.text.trim().is_empty(), "blank sentence");
        check_decided(&sentence.text, &sentence.mentions, &context.gazetteer);
    }
}

/// Runs one raw article and checks it.
pub fn run_article(raw: artnorm::input::RawArticle) -> ArticleOutcome {
    let outcome = process_article(raw, context());
    check_article(&outcome);
    outcome
}

fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("rendered rows are valid CSV"))
        .collect()
}

/// The rendered rows of one article: exactly one `articles.csv` row, one `sentences.csv` row per
/// sentence and one `mentions.csv` row per mention, each with the header's number of cells.
pub fn check_rendered(outcome: &ArticleOutcome) {
    use artnorm::pipeline::{render_rows, ARTICLE_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS};
    let rows = render_rows(
        outcome,
        context(),
        artnorm::output::Dialect::default(),
        false,
    );
    let articles = records(&rows.articles);
    assert_eq!(articles.len(), 1, "one articles.csv row per article");
    assert_eq!(articles[0].len(), ARTICLE_COLUMNS.len());
    let sentences = records(&rows.sentences);
    assert_eq!(sentences.len(), outcome.sentences.len());
    assert!(sentences.iter().all(|r| r.len() == SENTENCE_COLUMNS.len()));
    let mentions = records(&rows.mentions);
    assert_eq!(mentions.len(), outcome.mention_count());
    assert!(mentions.iter().all(|r| r.len() == MENTION_COLUMNS.len()));
}
