//! The corpus's data model: articles, sentences and mentions, as the stages produce them and as
//! the writers (`pipeline`'s CSV rows, [`coverage`](crate::coverage)'s tables, the report) read
//! them.
//!
//! It lives apart from every stage so that data flows one way: the stages fill it, the writers
//! read it, and no writer imports the module that drives the stages. The tables of
//! `coverage.csv` and `languages.csv` are computed from [`ArticleCounts`], a view of one article
//! that can be made from an [`ArticleOutcome`] in memory or from the rows a run wrote (which is
//! how shards are merged: the tables are rebuilt from what the shards wrote, never from counters
//! kept in memory).

/// The status of an article in `articles.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Ok,
    OtherLang,
    UndLang,
    Empty,
    Error,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Ok,
        Status::OtherLang,
        Status::UndLang,
        Status::Empty,
        Status::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::OtherLang => "other_lang",
            Status::UndLang => "und_lang",
            Status::Empty => "empty",
            Status::Error => "error",
        }
    }

    /// The status written as `text` in `articles.csv`.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The position of the status in [`Status::ALL`] (and in `languages.csv`'s columns).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How a mention was decided to refer to its entity (the `decision` column of `mentions.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Decision {
    /// The span is a form with a single sense, or one whose other senses the context rules out
    /// without needing a clue (a full name, a multi-word form).
    Name,
    /// The form has several senses (a country as a team or a place, a town as a club or a
    /// place); the sentence or article around it chose this one.
    Context,
    /// A short form (surname, first name, club short name) that the article set up earlier by
    /// naming the entity in full.
    ShortForm,
    /// Nothing settled which sense the span has: the mention is listed, but kept out of the
    /// coverage counts and counted apart.
    Ambiguous,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Name,
        Decision::Context,
        Decision::ShortForm,
        Decision::Ambiguous,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Name => "name",
            Decision::Context => "context",
            Decision::ShortForm => "short_form",
            Decision::Ambiguous => "ambiguous",
        }
    }

    /// The decision written as `text` in `mentions.csv`.
    pub fn parse(text: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// Whether a mention so decided counts in `coverage.csv`.
    pub fn counts(self) -> bool {
        self != Decision::Ambiguous
    }
}

/// One mention of a gazetteer entity in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Character offsets (Unicode scalar values, end exclusive) into the sentence's text.
    pub start: usize,
    pub end: usize,
    /// The same span in bytes.
    pub byte_start: usize,
    pub byte_end: usize,
    /// The entity's index in the gazetteer.
    pub entity: usize,
    pub decision: Decision,
}

impl Mention {
    /// The mention as written in `text`, the text it was found in.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// One sentence of an article, with its mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub kind: &'static str,
    pub lang: &'static str,
    pub text: String,
    pub mentions: Vec<Mention>,
}

/// The result of processing one article: its `articles.csv` row and its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleOutcome {
    pub article_id: String,
    pub source: String,
    /// ISO 8601 (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), see [`crate::dates`].
    pub date: Option<String>,
    /// The date as written, when it could not be read for certain (ambiguous or invalid).
    pub date_raw: Option<String>,
    /// The record's `url`.
    pub url: Option<String>,
    pub title: Option<String>,
    /// ISO 639-1 code or `und`.
    pub lang: String,
    pub lang_confidence: f64,
    pub status: Status,
    pub note: Option<String>,
    pub boilerplate_lines: usize,
    pub from_windows_1252: bool,
    pub sentences: Vec<Sentence>,
}

impl ArticleOutcome {
    /// An article from `source` before any stage has looked at it: `empty`, language `und`.
    pub fn new(source: String) -> ArticleOutcome {
        ArticleOutcome {
            article_id: derived_id(&source),
            source,
            date: None,
            date_raw: None,
            url: None,
            title: None,
            lang: "und".to_owned(),
            lang_confidence: 0.0,
            status: Status::Empty,
            note: None,
            boilerplate_lines: 0,
            from_windows_1252: false,
            sentences: Vec::new(),
        }
    }

    /// The article as an `error` row with `note` as the reason.
    pub fn error(mut self, note: impl Into<String>) -> ArticleOutcome {
        self.status = Status::Error;
        self.note = Some(note.into());
        self
    }

    pub fn mention_count(&self) -> usize {
        self.sentences.iter().map(|s| s.mentions.len()).sum()
    }

    /// The article as the coverage tables see it.
    pub fn counts(&self) -> ArticleCounts<'_> {
        ArticleCounts {
            lang: &self.lang,
            status: self.status,
            date: self.date.as_deref(),
            sentences: self.sentences.len(),
            boilerplate_lines: self.boilerplate_lines,
            windows_1252: self.from_windows_1252,
            mentions: self
                .sentences
                .iter()
                .flat_map(|s| &s.mentions)
                .map(|m| (m.entity, m.decision))
                .collect(),
        }
    }
}

/// What the coverage and language tables need to know of one article: its `articles.csv`
/// fields and its mentions as (entity index, decision), in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleCounts<'a> {
    pub lang: &'a str,
    pub status: Status,
    pub date: Option<&'a str>,
    pub sentences: usize,
    pub boilerplate_lines: usize,
    pub windows_1252: bool,
    pub mentions: Vec<(usize, Decision)>,
}

/// The id and labels of the entities that mentions point at (by index): the gazetteer in a run,
/// a table read back from `mentions.csv` when shards are merged.
pub trait EntityDirectory {
    fn entity_id(&self, index: usize) -> &str;
    fn canonical(&self, index: usize) -> &str;
    fn entity_type(&self, index: usize) -> &str;
}

/// A stable id for an article without one: a hash of its source (`path` or `path:line`).
pub fn derived_id(source: &str) -> String {
    format!(
        "a{:016x}",
        crate::fnv1a(0xcbf2_9ce4_8422_2325, source.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_decisions_read_back_what_they_write() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            assert_eq!(Status::ALL[status.index()], status);
        }
        for decision in Decision::ALL {
            assert_eq!(Decision::parse(decision.as_str()), Some(decision));
        }
        assert_eq!(Status::parse("OK"), None);
        assert!(!Decision::Ambiguous.counts());
        assert!(Decision::ShortForm.counts());
    }
}
