//! The pipeline: read -> clean -> normalize -> detect language -> segment -> tag -> resolve ->
//! write.
//!
//! [`process_article`] is the whole per-article job as a pure function (raw article in, rows
//! out), so it can be tested alone and run on any thread. [`run`] streams the inputs through it:
//! a reader thread cuts the input into bounded batches, the batches are processed in parallel on
//! a rayon pool of `--jobs` threads, and a writer thread writes the rows in input order. At most a
//! few batches are in flight, so memory stays bounded whatever the size of the dump, and the
//! output is byte-identical for any number of threads.
//!
//! Memory stays bounded inside one article too, whatever its size (a 256 MB page of
//! punctuation, millions of one-word sentences): its text goes through the stages a line (at
//! most [`crate::pieces::PIECE_BYTES`]) at a time, its sentences are decided and rendered in
//! windows of about [`WINDOW_BYTES`], and its rows beyond 1 MB wait in a scratch file. The
//! resolve stage decides mentions with the whole article around them (the short forms it set up
//! before, whether it speaks of football): an article whose sentences fit one window is decided
//! at once, as a whole; a longer one is read once, gathering what the article says as a whole
//! ([`Resolver::gather`]) while its sentences and their candidates wait in a scratch file, then
//! decided and rendered from there window by window, with the same decisions.

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::{CleanOptions, Cleaner};
use crate::coverage::{write_tables, Tally};
use crate::dates::{parse_date, DateProblem};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::input::{
    expand_inputs_for_run, ArticleReader, InputFormat, Payload, RawArticle, ReadUnit,
};
use crate::lang::{ArticleLanguage, Detector};
use crate::limits::{oversized_files_counted, split_oversized, Oversized, SPREADSHEET_ROWS};
use crate::model::{ArticleCounts, ArticleOutcome, Decision, Mention, Sentence, Status};
use crate::normalize::{decode_bytes, normalize};
use crate::output::{CsvFile, Dialect, OutputSet, RowBuffer};
use crate::periods::{self, Period, PeriodTally};
use crate::record::parse_json_article;
use crate::report::RunFacts;
use crate::resolve::{ArticleFacts, ArticleResolution, Resolver, SentenceInput};
use crate::segment::segment;
use crate::tag::Tagger;

/// A batch holds at most this many articles...
const BATCH_ARTICLES: usize = 512;
/// ...and at most about this many input bytes.
const BATCH_BYTES: usize = 4 << 20;
/// Batches read and not yet written, at most. Each batch is itself shared by all the threads,
/// so a few are enough for any number of them: the next batch is there to start when the
/// threads finish the last articles of one, while another waits for its turn to be written.
/// (A thread waiting inside one batch may take up a later batch whole and run it first: the
/// bound holds, only the order of the work changes.)
const BATCHES_IN_FLIGHT: usize = 4;

/// The CSV files `run` writes (`run.json` and `report.html` aside).
pub const OUTPUT_FILES: &[&str] = &[
    "articles.csv",
    "sentences.csv",
    "mentions.csv",
    "coverage.csv",
    "languages.csv",
    periods::FILE_NAME,
];

/// The columns of `articles.csv`.
pub const ARTICLE_COLUMNS: &[&str] = &[
    "article_id",
    "source",
    "date",
    "title",
    "lang",
    "lang_confidence",
    "status",
    "sentences",
    "mentions",
    "note",
    "boilerplate_lines",
    "encoding",
    "url",
    "date_raw",
];
/// The columns of `sentences.csv`.
pub const SENTENCE_COLUMNS: &[&str] = &["article_id", "sentence_idx", "kind", "lang", "text"];
/// The columns of `mentions.csv`.
pub const MENTION_COLUMNS: &[&str] = &[
    "article_id",
    "sentence_idx",
    "start",
    "end",
    "surface",
    "entity_id",
    "canonical",
    "type",
    "decision",
    "date",
    "lang",
];

/// Everything the per-article work needs, shared read-only by all threads.
pub struct Context {
    pub gazetteer: Gazetteer,
    pub tagger: Tagger,
    /// Decides which candidate spans are mentions (after the tagger).
    pub resolver: Resolver,
    pub detector: Detector,
    /// The languages in scope, in `--langs` order.
    pub langs: Vec<String>,
}

impl Context {
    /// Loads the gazetteer (the built-in one when `path` is `None`) and compiles the tagger.
    pub fn new(gazetteer: Option<&Path>, langs: Vec<String>) -> Result<Context> {
        let gazetteer = match gazetteer {
            Some(path) => Gazetteer::from_path(path)?,
            None => Gazetteer::builtin(),
        };
        // the forms are folded once for both compilations, which are independent and about as
        // long each: with two threads or more they overlap (start-up is serial time in every
        // run)
        let folded_forms = crate::tag::fold_forms(&gazetteer);
        let (tagger, resolver) = rayon::join(
            || Tagger::with_folded_forms(&gazetteer, &folded_forms),
            || Resolver::with_folded_forms(&gazetteer, &folded_forms),
        );
        let tagger = tagger?;
        let detector = Detector::closed(&langs)?;
        Ok(Context {
            gazetteer,
            tagger,
            resolver,
            detector,
            langs,
        })
    }
}

/// Sentences are handed on (decided, rendered, and their memory freed) whenever about this many
/// bytes of them are waiting, so that an article's sentences are never all in memory.
pub const WINDOW_BYTES: usize = 4 << 20;
/// An article's rows of one file beyond this many bytes go to a scratch file, not to memory.
const SPILL_BYTES: usize = 1 << 20;
/// What a sentence costs in memory besides its text, for [`WINDOW_BYTES`].
const SENTENCE_OVERHEAD: usize = 128;
/// Article ids longer than this many characters are replaced by a stable hash (a spreadsheet
/// cell and a join need no more, and each row repeats the id).
pub const MAX_ID_CHARS: usize = 128;
/// The characters of a long id kept before its hash.
const ID_PREFIX_CHARS: usize = 32;
/// Block text gathered for the article's language: a little more than the detector reads.
const LANGUAGE_SAMPLE_BYTES: usize = 2048;

/// An id that fits a cell and a join: itself when at most [`MAX_ID_CHARS`] characters, else its
/// first 32 characters, `#` and 16 hex digits of an FNV-1a hash of the whole id (stable across
/// runs and machines).
pub fn capped_id(id: &str) -> std::borrow::Cow<'_, str> {
    if id.len() <= MAX_ID_CHARS || id.chars().count() <= MAX_ID_CHARS {
        return std::borrow::Cow::Borrowed(id);
    }
    let prefix: String = id.chars().take(ID_PREFIX_CHARS).collect();
    std::borrow::Cow::Owned(format!(
        "{prefix}#{:016x}",
        crate::fnv1a(0xcbf2_9ce4_8422_2325, id.as_bytes())
    ))
}

fn add_note(outcome: &mut ArticleOutcome, note: String) {
    outcome.note = Some(match outcome.note.take() {
        Some(before) => format!("{before}; {note}"),
        None => note,
    });
}

/// The article as an `error` row with `reason`, keeping what its note said before (a long id
/// replaced by a hash).
fn fail(mut outcome: ArticleOutcome, reason: String) -> ArticleOutcome {
    let before = outcome.note.take();
    let mut outcome = outcome.error(reason);
    if let Some(before) = before {
        add_note(&mut outcome, before);
    }
    outcome
}

/// Processes one article through every stage. Never panics on any input: a bug in a stage
/// becomes an `error` row rather than a lost article. All its sentences are kept in the outcome
/// (the run does not: see [`process_article_streaming`]).
pub fn process_article(raw: RawArticle, context: &Context) -> ArticleOutcome {
    let source = raw.source.clone();
    catch_unwind(AssertUnwindSafe(|| {
        process_article_streaming(raw, context, None, &mut |_| Ok(()))
    }))
    .unwrap_or_else(|_| {
        ArticleOutcome::new(source)
            .error("internal error while processing this article (please report it)")
    })
}

/// What receives an article's sentences while it is processed: called with the outcome whenever
/// a window of sentences is decided (and once at the end), it may take them out of
/// `outcome.sentences` (the run renders and drops them) or leave them. An error stops the
/// article (a scratch file that cannot be written).
pub type SentenceWindow<'s> =
    dyn FnMut(&mut ArticleOutcome) -> std::result::Result<(), String> + 's;

/// Processes one article, handing its sentences to `window` in windows of about
/// [`WINDOW_BYTES`]: the memory it takes is bounded whatever the size of the article (a
/// plain-text file larger than the reader's threshold is read here, as a stream). The sentences
/// of an article longer than a window wait in a scratch file of `set` (of the system's temporary
/// directory without one). Panics are the caller's to catch.
pub fn process_article_streaming(
    raw: RawArticle,
    context: &Context,
    set: Option<&OutputSet>,
    window: &mut SentenceWindow<'_>,
) -> ArticleOutcome {
    let mut outcome = ArticleOutcome::new(raw.source);
    match raw.payload {
        Payload::Unreadable(reason) => outcome.error(reason),
        Payload::Text(bytes) => {
            let decoded = decode_bytes(&bytes);
            outcome.from_windows_1252 = decoded.from_windows_1252;
            let text = ArticleText::Memory(&decoded.text);
            process_text(outcome, &text, context, None, None, set, window)
        }
        Payload::TextFile(file) => {
            let outcome = match crate::input::survey_text_file(&file) {
                Err(reason) => outcome.error(reason),
                Ok(survey) => {
                    outcome.from_windows_1252 = !survey.utf8;
                    let text = ArticleText::File {
                        file: &file,
                        windows_1252: !survey.utf8,
                    };
                    process_text(outcome, &text, context, None, None, set, window)
                }
            };
            if file.scratch {
                let _ = std::fs::remove_file(&file.path);
            }
            outcome
        }
        Payload::JsonLine(bytes) => {
            let parsed = {
                let decoded = decode_bytes(&bytes);
                outcome.from_windows_1252 = decoded.from_windows_1252;
                parse_json_article(&decoded.text)
            };
            drop(bytes);
            let json = match parsed {
                Ok(json) => json,
                Err(failure) => {
                    if let Some(id) = failure.id {
                        set_article_id(&mut outcome, id);
                    }
                    return fail(outcome, failure.reason);
                }
            };
            if let Some(id) = json.id {
                set_article_id(&mut outcome, id);
            }
            let record_date = json
                .date
                .map(|d| normalize(&d).into_owned())
                .filter(|d| !d.is_empty());
            outcome.url = json.url.map(|u| normalize(&u).into_owned());
            let given_title = json.title.map(|t| normalize(&t).into_owned());
            let text = ArticleText::Memory(&json.text);
            process_text(
                outcome,
                &text,
                context,
                given_title,
                record_date,
                set,
                window,
            )
        }
    }
}

fn set_article_id(outcome: &mut ArticleOutcome, id: String) {
    match capped_id(&id) {
        std::borrow::Cow::Owned(capped) => {
            outcome.article_id = capped;
            add_note(
                outcome,
                format!(
                    "id of {} characters replaced by its first {ID_PREFIX_CHARS}, '#' and a hash",
                    id.chars().count()
                ),
            );
        }
        std::borrow::Cow::Borrowed(_) => outcome.article_id = id,
    }
}

/// The text of an article, in memory or in a file.
enum ArticleText<'t> {
    Memory(&'t str),
    File {
        file: &'t crate::input::TextFile,
        windows_1252: bool,
    },
}

impl ArticleText<'_> {
    /// Feeds the whole text to `processor`, a piece at a time.
    fn feed(
        &self,
        processor: &mut ArticleProcessor<'_>,
        window: &mut SentenceWindow<'_>,
    ) -> std::result::Result<(), String> {
        match self {
            ArticleText::Memory(text) => {
                crate::pieces::str_pieces(text, &mut |piece, continues| {
                    processor.piece(piece, continues, window)
                });
                Ok(())
            }
            ArticleText::File { file, windows_1252 } => {
                let mut reader =
                    crate::input::open_text_file(file).map_err(|e| format!("cannot open: {e}"))?;
                crate::pieces::reader_pieces(&mut reader, *windows_1252, &mut |piece, continues| {
                    processor.piece(piece, continues, window)
                })
                .map_err(|e| format!("read error: {e}"))
            }
        }
    }
}

/// Runs an article's text through the stages, reading it once: its sentences are decided at
/// its end when they fit a window; a longer article's wait in a scratch file of `set` while
/// what it says as a whole is gathered, and are decided from there window by window.
#[allow(clippy::too_many_arguments)]
fn process_text(
    mut outcome: ArticleOutcome,
    text: &ArticleText<'_>,
    context: &Context,
    given_title: Option<String>,
    record_date: Option<String>,
    set: Option<&OutputSet>,
    window: &mut SentenceWindow<'_>,
) -> ArticleOutcome {
    if outcome.from_windows_1252 {
        add_note(
            &mut outcome,
            "input was not valid UTF-8: decoded as Windows-1252".to_owned(),
        );
    }
    let mut processor = ArticleProcessor::new(outcome, context, given_title, record_date, set);
    let fed = text.feed(&mut processor, window);
    processor.finish(fed, window)
}

/// Where an article stands on its language.
enum LanguageState {
    /// Blocks are gathered until there is enough text to tell.
    Undecided,
    InScope(&'static str),
    /// Not segmented nor tagged (the status says why).
    Out,
}

/// A sentence before the tagger (or after it, read back from a scratch file).
struct Piece {
    kind: &'static str,
    text: String,
    lang: &'static str,
    heading: bool,
    /// The tagger's candidates, when they were found before (kept with the sentence in a
    /// scratch file).
    candidates: Option<Vec<crate::tag::Mention>>,
}

/// Where an article's sentences go.
enum Sink<'c> {
    /// Kept while they fit a window: the article is decided at once at its end.
    Collect { pieces: Vec<Piece>, bytes: usize },
    /// An article longer than a window, while it is read: what the resolve stage needs of the
    /// article as a whole is kept, its sentences wait in a scratch file.
    Gather(ArticleFacts, PieceSpill),
    /// Its sentences read back once the article is read: decided and handed on a window at a
    /// time.
    Resolve {
        resolution: ArticleResolution<'c>,
        pieces: Vec<Piece>,
        bytes: usize,
    },
}

/// One article on its way through clean -> detect -> segment -> tag -> resolve, fed a piece at
/// a time.
struct ArticleProcessor<'c> {
    context: &'c Context,
    outcome: ArticleOutcome,
    cleaner: Cleaner,
    blocks: Vec<crate::clean::Block>,
    any_block: bool,
    language: LanguageState,
    sample: String,
    /// How many of `blocks` are in `sample` already.
    sampled: usize,
    record_date: Option<String>,
    date_settled: bool,
    sink: Sink<'c>,
    /// Where the scratch file of a long article goes.
    set: Option<&'c OutputSet>,
    failed: Option<String>,
}

impl<'c> ArticleProcessor<'c> {
    fn new(
        outcome: ArticleOutcome,
        context: &'c Context,
        given_title: Option<String>,
        record_date: Option<String>,
        set: Option<&'c OutputSet>,
    ) -> ArticleProcessor<'c> {
        ArticleProcessor {
            context,
            outcome,
            cleaner: Cleaner::new(&CleanOptions { title: given_title }),
            blocks: Vec::new(),
            any_block: false,
            language: LanguageState::Undecided,
            sample: String::new(),
            sampled: 0,
            record_date,
            date_settled: false,
            sink: Sink::Collect {
                pieces: Vec::new(),
                bytes: 0,
            },
            set,
            failed: None,
        }
    }

    fn piece(&mut self, raw: &str, continues: bool, window: &mut SentenceWindow<'_>) {
        if self.failed.is_some() {
            return;
        }
        let line = normalize(raw);
        // normalization keeps line breaks (an encoded one is a space): a line stays one line
        self.cleaner.push(&line, continues, &mut self.blocks);
        self.advance(false, window);
    }

    /// The record's date, else the header's: read, or kept as written when it cannot be.
    fn settle_date(&mut self, header_date: Option<String>) {
        if self.date_settled {
            return;
        }
        self.date_settled = true;
        if let Some(raw_date) = self.record_date.take().or(header_date) {
            match parse_date(&raw_date) {
                Ok(date) => self.outcome.date = Some(date.to_string()),
                Err(_) => self.outcome.date_raw = Some(raw_date),
            }
        }
    }

    /// Moves the blocks on as far as the language allows.
    fn advance(&mut self, at_end: bool, window: &mut SentenceWindow<'_>) {
        if self.blocks.is_empty() && !at_end {
            return;
        }
        self.any_block |= !self.blocks.is_empty();
        if let LanguageState::Undecided = self.language {
            for block in &self.blocks[self.sampled..] {
                if self.sample.len() >= LANGUAGE_SAMPLE_BYTES {
                    break;
                }
                if !self.sample.is_empty() {
                    self.sample.push('\n');
                }
                let room = LANGUAGE_SAMPLE_BYTES + 8 - self.sample.len();
                self.sample.push_str(prefix_at_char(&block.text, room));
            }
            self.sampled = self.blocks.len();
            if self.sample.len() < LANGUAGE_SAMPLE_BYTES && !at_end {
                return;
            }
            if !self.any_block {
                return;
            }
            // the date is in the first line, read by now: the rows of the sentences carry it
            self.settle_date(self.cleaner.date().map(str::to_owned));
            self.language = match self.context.detector.classify_article(&self.sample) {
                ArticleLanguage::InScope(detection) => {
                    self.outcome.lang_confidence = detection.confidence;
                    self.outcome.lang = detection.code().to_owned();
                    self.outcome.status = Status::Ok;
                    LanguageState::InScope(detection.code())
                }
                ArticleLanguage::OtherLang(detection) => {
                    self.outcome.lang = detection.code().to_owned();
                    self.outcome.lang_confidence = detection.confidence;
                    self.outcome.status = Status::OtherLang;
                    LanguageState::Out
                }
                ArticleLanguage::Undetermined => {
                    self.outcome.status = Status::UndLang;
                    LanguageState::Out
                }
            };
            self.sample = String::new();
        }
        let lang = match self.language {
            LanguageState::InScope(lang) => lang,
            _ => {
                self.blocks.clear();
                self.sampled = 0;
                return;
            }
        };
        for block in std::mem::take(&mut self.blocks) {
            let heading = matches!(
                block.kind,
                crate::clean::BlockKind::Title | crate::clean::BlockKind::Heading
            );
            for sentence in segment(&block.text, lang) {
                // a paragraph is one line, but the segmenter keeps any line break it is given
                let text = sentence.replace('\n', " ");
                let sentence_lang = self.context.detector.sentence_language(&text, lang);
                self.add(
                    Piece {
                        kind: block.kind.as_str(),
                        text,
                        lang: sentence_lang,
                        heading,
                        candidates: None,
                    },
                    window,
                );
                if self.failed.is_some() {
                    return;
                }
            }
        }
        self.sampled = 0;
    }

    /// The tagger's candidates in a sentence, as the resolve stage reads them.
    fn input<'p>(&self, piece: &'p Piece) -> SentenceInput<'p> {
        SentenceInput {
            text: &piece.text,
            lang: piece.lang,
            heading: piece.heading,
            candidates: match &piece.candidates {
                Some(candidates) => candidates.clone(),
                None => self.context.tagger.tag(&piece.text, Some(piece.lang)),
            },
        }
    }

    fn add(&mut self, piece: Piece, window: &mut SentenceWindow<'_>) {
        let cost = piece.text.len() + SENTENCE_OVERHEAD;
        match &mut self.sink {
            Sink::Collect { pieces, bytes } => {
                pieces.push(piece);
                *bytes += cost;
                if *bytes >= WINDOW_BYTES {
                    // too long to hold: from here on only what the article says as a whole is
                    // kept, and the sentences wait on disk
                    let pieces = std::mem::take(pieces);
                    match PieceSpill::create(self.set) {
                        Ok(spill) => self.sink = Sink::Gather(ArticleFacts::default(), spill),
                        Err(reason) => {
                            self.failed = Some(reason);
                            return;
                        }
                    }
                    for piece in pieces {
                        self.gather(piece);
                    }
                }
            }
            Sink::Gather(..) => self.gather(piece),
            Sink::Resolve { pieces, bytes, .. } => {
                pieces.push(piece);
                *bytes += cost;
                if *bytes >= WINDOW_BYTES {
                    self.decide_window(window);
                }
            }
        }
    }

    /// Adds a sentence of a long article to what it says as a whole, and to its scratch file.
    fn gather(&mut self, piece: Piece) {
        if self.failed.is_some() {
            return;
        }
        let input = self.input(&piece);
        if let Sink::Gather(facts, spill) = &mut self.sink {
            self.context.resolver.gather(facts, &input);
            if let Err(reason) = spill.write(&piece, &input.candidates) {
                self.failed = Some(reason);
            }
        }
    }

    /// Decides the sentences of a long article, read back from its scratch file, a window at a
    /// time.
    fn decide_spilled(
        &mut self,
        facts: ArticleFacts,
        spill: PieceSpill,
        window: &mut SentenceWindow<'_>,
    ) {
        self.sink = Sink::Resolve {
            resolution: self.context.resolver.article(&facts),
            pieces: Vec::new(),
            bytes: 0,
        };
        let result = spill.read_back(&mut |piece| {
            self.add(piece, window);
            self.failed.is_none()
        });
        if let Err(reason) = result {
            self.failed.get_or_insert(reason);
        }
    }

    /// Decides the waiting sentences (all of the article's when it fits a window, else the
    /// next window) and hands them on.
    fn decide_window(&mut self, window: &mut SentenceWindow<'_>) {
        let pieces = match &mut self.sink {
            Sink::Collect { pieces, bytes } | Sink::Resolve { pieces, bytes, .. } => {
                *bytes = 0;
                std::mem::take(pieces)
            }
            Sink::Gather(..) => return,
        };
        let inputs: Vec<SentenceInput<'_>> = pieces.iter().map(|p| self.input(p)).collect();
        let mentions = match &mut self.sink {
            Sink::Resolve { resolution, .. } => resolution.resolve(&inputs),
            _ => self.context.resolver.resolve(&inputs),
        };
        drop(inputs);
        for (piece, mentions) in pieces.into_iter().zip(mentions) {
            self.outcome.sentences.push(Sentence {
                kind: piece.kind,
                lang: piece.lang,
                text: piece.text,
                mentions,
            });
        }
        if let Err(reason) = window(&mut self.outcome) {
            self.failed = Some(reason);
        }
    }

    fn finish(
        mut self,
        fed: std::result::Result<(), String>,
        window: &mut SentenceWindow<'_>,
    ) -> ArticleOutcome {
        let end = std::mem::replace(&mut self.cleaner, Cleaner::new(&CleanOptions::default()))
            .finish(&mut self.blocks);
        self.settle_date(end.date);
        self.outcome.title = end.title;
        self.outcome.boilerplate_lines = end.boilerplate_lines;
        if let Err(reason) = fed {
            self.failed.get_or_insert(reason);
        }
        if self.failed.is_none() {
            self.advance(true, window);
        }
        if !self.any_block {
            self.outcome.status = Status::Empty;
        }
        if let Some(reason) = self.failed.take() {
            return fail(self.outcome, reason);
        }
        let sink = std::mem::replace(
            &mut self.sink,
            Sink::Collect {
                pieces: Vec::new(),
                bytes: 0,
            },
        );
        match sink {
            Sink::Gather(facts, spill) => self.decide_spilled(facts, spill, window),
            other => self.sink = other,
        }
        if self.failed.is_none() {
            self.decide_window(window);
        }
        match self.failed.take() {
            Some(reason) => fail(self.outcome, reason),
            None => self.outcome,
        }
    }
}

/// The sentences of a long article and their candidates, waiting in a scratch file (removed
/// when this is dropped) until the whole article is read. Each record: the kind and language
/// (as indexes into `names`, since they are `&'static str`), the heading flag, the text's length
/// and bytes, the number of candidates and each as five numbers.
struct PieceSpill {
    path: PathBuf,
    writer: Option<std::io::BufWriter<std::fs::File>>,
    names: Vec<&'static str>,
}

impl PieceSpill {
    /// A fresh scratch file in `set`'s staging directory, or in the system's temporary
    /// directory without a set.
    fn create(set: Option<&OutputSet>) -> std::result::Result<PieceSpill, String> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        loop {
            let path = match set {
                Some(set) => set.scratch_path("sentences-of-an-article"),
                None => {
                    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    std::env::temp_dir()
                        .join(format!(".artnorm-{}-{n}.sentences", std::process::id()))
                }
            };
            let opened = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path);
            match opened {
                Ok(file) => {
                    return Ok(PieceSpill {
                        path,
                        writer: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
                        names: Vec::new(),
                    })
                }
                // a leftover of a killed process with the same pid: take the next name
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && set.is_none() => {}
                Err(e) => return Err(format!("creating {}: {e}", path.display())),
            }
        }
    }

    fn name_index(&mut self, name: &'static str) -> u8 {
        match self.names.iter().position(|n| *n == name) {
            Some(i) => i as u8,
            None => {
                self.names.push(name);
                (self.names.len() - 1) as u8
            }
        }
    }

    fn write(
        &mut self,
        piece: &Piece,
        candidates: &[crate::tag::Mention],
    ) -> std::result::Result<(), String> {
        use std::io::Write;
        let kind = self.name_index(piece.kind);
        let lang = self.name_index(piece.lang);
        let mut record = Vec::with_capacity(16 + piece.text.len() + 40 * candidates.len());
        record.extend_from_slice(&[kind, lang, u8::from(piece.heading)]);
        record.extend_from_slice(&(piece.text.len() as u64).to_le_bytes());
        record.extend_from_slice(piece.text.as_bytes());
        record.extend_from_slice(&(candidates.len() as u64).to_le_bytes());
        for c in candidates {
            for n in [c.start, c.end, c.byte_start, c.byte_end, c.entity] {
                record.extend_from_slice(&(n as u64).to_le_bytes());
            }
        }
        let writer = self
            .writer
            .as_mut()
            .expect("written before it is read back");
        writer
            .write_all(&record)
            .map_err(|e| format!("writing {}: {e}", self.path.display()))
    }

    /// Hands the sentences to `each`, in the order they were written, until it returns false.
    fn read_back(mut self, each: &mut dyn FnMut(Piece) -> bool) -> std::result::Result<(), String> {
        use std::io::{Read, Seek};
        let path = self.path.clone();
        let error = |e: std::io::Error| format!("reading back {}: {e}", path.display());
        let mut file = self
            .writer
            .take()
            .expect("read back once")
            .into_inner()
            .map_err(|e| error(e.into_error()))?;
        file.seek(std::io::SeekFrom::Start(0)).map_err(error)?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let number = |reader: &mut std::io::BufReader<std::fs::File>| {
            let mut bytes = [0u8; 8];
            reader
                .read_exact(&mut bytes)
                .map(|_| u64::from_le_bytes(bytes) as usize)
        };
        loop {
            let mut head = [0u8; 3];
            match reader.read(&mut head[..1]).map_err(error)? {
                0 => return Ok(()),
                _ => reader.read_exact(&mut head[1..]).map_err(error)?,
            }
            let length = number(&mut reader).map_err(error)?;
            let mut text = vec![0u8; length];
            reader.read_exact(&mut text).map_err(error)?;
            let text = String::from_utf8(text)
                .map_err(|_| format!("reading back {}: not the text written", path.display()))?;
            let count = number(&mut reader).map_err(error)?;
            let mut candidates = Vec::with_capacity(count.min(1 << 16));
            for _ in 0..count {
                let mut n = [0usize; 5];
                for slot in &mut n {
                    *slot = number(&mut reader).map_err(error)?;
                }
                candidates.push(crate::tag::Mention {
                    start: n[0],
                    end: n[1],
                    byte_start: n[2],
                    byte_end: n[3],
                    entity: n[4],
                });
            }
            let name = |i: u8| self.names.get(usize::from(i)).copied().unwrap_or("");
            let piece = Piece {
                kind: name(head[0]),
                lang: name(head[1]),
                heading: head[2] != 0,
                text,
                candidates: Some(candidates),
            };
            if !each(piece) {
                return Ok(());
            }
        }
    }
}

impl Drop for PieceSpill {
    fn drop(&mut self) {
        self.writer = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The longest prefix of `text` of at most `bytes` bytes that ends at a character boundary.
fn prefix_at_char(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` with every mention rewritten in its entity's canonical spelling (`Jurgen Klopp` ->
/// `Jürgen Klopp`). `mentions` are those found in `text`, in order, without overlaps.
pub fn canonical_text(text: &str, mentions: &[Mention], gazetteer: &Gazetteer) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut cursor = 0;
    for mention in mentions {
        out.push_str(&text[cursor..mention.byte_start]);
        out.push_str(&gazetteer.entity(mention.entity).name);
        cursor = mention.byte_end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// A batch of articles processed, on its way to the writer.
struct DoneBatch {
    /// Its place in reading order.
    index: usize,
    /// Its articles' rows, or why the batch could not be processed at all.
    articles: std::result::Result<Vec<std::result::Result<RenderedArticle, String>>, String>,
    /// The input bytes it held, for the progress bar and the summary.
    input_bytes: usize,
}

/// What `artnorm run` needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub inputs: Vec<String>,
    pub out_dir: PathBuf,
    pub gazetteer: Option<PathBuf>,
    pub langs: Vec<String>,
    /// Worker threads; `None` for all cores.
    pub jobs: Option<usize>,
    pub input_format: InputFormat,
    pub dialect: Dialect,
    /// Draw a progress bar (when standard error is a terminal).
    pub progress: bool,
    /// Add a `text_canonical` column to `sentences.csv`: the sentence with every mention
    /// rewritten in its canonical spelling.
    pub canonical_names: bool,
    /// How `coverage_by_period.csv` cuts time.
    pub period: Period,
    /// Also write each CSV file over a spreadsheet's row limit as parts that fit
    /// (`sentences.part1.csv`, ...; see [`crate::limits`]).
    pub split_csv: bool,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub articles: usize,
    pub by_status: Vec<(Status, usize)>,
    pub sentences: usize,
    pub mentions: usize,
    pub input_bytes: usize,
    pub elapsed: Duration,
    /// Dates left out of `date` (kept in `date_raw`) because they could be more than one date.
    pub dates_ambiguous: usize,
    /// Dates left out of `date` (kept in `date_raw`) because they are no calendar date.
    pub dates_invalid: usize,
    /// The CSV files over a spreadsheet's row limit.
    pub oversized: Vec<Oversized>,
    /// The parts written by `--split-csv`.
    pub csv_parts: Vec<String>,
    /// Things the user should know that did not stop the run (inputs skipped, and why).
    pub notices: Vec<String>,
}

impl Summary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self, out_dir: &Path) -> String {
        let statuses: Vec<String> = self
            .by_status
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| format!("{n} {}", status.as_str()))
            .collect();
        let seconds = self.elapsed.as_secs_f64();
        let megabytes = self.input_bytes as f64 / 1e6;
        let mut notes = String::new();
        if self.dates_ambiguous + self.dates_invalid > 0 {
            notes.push_str(&format!(
                "; {} dates not read ({} ambiguous, {} invalid), kept in date_raw",
                self.dates_ambiguous + self.dates_invalid,
                self.dates_ambiguous,
                self.dates_invalid
            ));
        }
        if !self.oversized.is_empty() {
            let files: Vec<String> = self
                .oversized
                .iter()
                .map(|f| format!("{} ({} rows)", f.file, f.rows))
                .collect();
            notes.push_str(&format!(
                "; over a spreadsheet's {} rows: {}{}",
                SPREADSHEET_ROWS,
                files.join(", "),
                if self.csv_parts.is_empty() {
                    String::new()
                } else {
                    format!(", split into {}", self.csv_parts.join(", "))
                }
            ));
        }
        format!(
            "{} articles ({}), {} sentences, {} mentions; {:.1} MB in {:.2} s ({:.1} MB/s) -> {}{}",
            self.articles,
            if statuses.is_empty() {
                "none".to_owned()
            } else {
                statuses.join(", ")
            },
            self.sentences,
            self.mentions,
            megabytes,
            seconds,
            if seconds > 0.0 {
                megabytes / seconds
            } else {
                0.0
            },
            out_dir.display(),
            notes
        )
    }
}

/// Runs the whole job: reads the inputs, writes the corpus files into `config.out_dir`.
pub fn run(config: &RunConfig) -> Result<Summary> {
    let pool = worker_pool(config.jobs)?;
    let context =
        pool.install(|| Context::new(config.gazetteer.as_deref(), config.langs.clone()))?;
    run_with_context(config, &context, &pool)
}

/// The pool of `jobs` worker threads (all cores for `None`) that does all the parallel work of
/// a run, compiling the gazetteer included, so that `-j 1` means one thread.
pub fn worker_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let jobs = jobs.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("artnorm-worker-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))
}

/// Like [`run`], with the pool and context already built (so that the caller can, say, report
/// the gazetteer's warnings before the work starts). `config.gazetteer`, `config.langs` and
/// `config.jobs` are not read again.
pub fn run_with_context(
    config: &RunConfig,
    context: &Context,
    pool: &rayon::ThreadPool,
) -> Result<Summary> {
    run_with_context_and(config, context, pool, |_, _| Ok(()))
}

/// Like [`run_with_context`], and `before_commit` adds files to the output set once the corpus
/// files are complete (in the set's staging directory) and before the set replaces the files of
/// DIR: a report, a workbook. An error there, as anywhere in the run, leaves DIR as it was.
pub fn run_with_context_and(
    config: &RunConfig,
    context: &Context,
    pool: &rayon::ThreadPool,
    before_commit: impl FnOnce(&OutputSet, &Summary) -> Result<()>,
) -> Result<Summary> {
    let expanded = expand_inputs_for_run(&config.inputs, config.input_format, &config.out_dir)?;
    let units = expanded
        .files
        .into_iter()
        .map(|file| ReadUnit { file, range: None })
        .collect();
    let mut summary = run_units_and(
        config,
        context,
        pool,
        units,
        DirAccess::Exclusive,
        before_commit,
    )?;
    summary.notices = expanded.notices;
    Ok(summary)
}

/// Like [`run_with_context`], over `units` instead of `config.inputs` (a shard's part of the
/// inputs: see [`crate::shard`]).
pub fn run_units(
    config: &RunConfig,
    context: &Context,
    pool: &rayon::ThreadPool,
    units: Vec<ReadUnit>,
) -> Result<Summary> {
    run_units_and(
        config,
        context,
        pool,
        units,
        DirAccess::Exclusive,
        |_, _| Ok(()),
    )
}

/// Whether a run may share its output directory with another copy of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirAccess {
    /// One run at a time: a second one stops, naming the holder ([`OutputSet::begin`]).
    Exclusive,
    /// A shard, which a scheduler may run twice at once: each copy builds its own set and
    /// waits for the lock only to commit ([`OutputSet::begin_shared`]).
    Shared,
}

/// Like [`run_units`], with `before_commit` as in [`run_with_context_and`] (a shard writes its
/// completion marker there, last).
pub fn run_units_and(
    config: &RunConfig,
    context: &Context,
    pool: &rayon::ThreadPool,
    units: Vec<ReadUnit>,
    access: DirAccess,
    before_commit: impl FnOnce(&OutputSet, &Summary) -> Result<()>,
) -> Result<Summary> {
    let started = Instant::now();
    let output_set = match access {
        DirAccess::Exclusive => OutputSet::begin(&config.out_dir)?,
        DirAccess::Shared => OutputSet::begin_shared(&config.out_dir)?,
    };
    let set = &output_set;
    let total_bytes = known_input_size(&units);
    let mut writer = CorpusWriter::create(config, context, set)?;

    let progress =
        (config.progress && std::io::stderr().is_terminal()).then(|| progress_bar(total_bytes));

    let spool_dir = set.staging_dir().to_path_buf();
    let (batch_sender, batch_receiver) = sync_channel::<Vec<RawArticle>>(2);
    let (done_sender, done_receiver) = channel::<DoneBatch>();
    // A batch is processed as a task of its own, so that a thread that has finished its share
    // of one batch starts on the next instead of waiting for the batch's slowest article (with
    // one batch at a time, both threads met at every batch's end). A token is taken before a
    // batch starts and given back once it is written: at most BATCHES_IN_FLIGHT are held, in
    // processing or waiting for their turn to be written, whatever the order they finish in.
    let (token_sender, token_receiver) = sync_channel::<()>(BATCHES_IN_FLIGHT);
    let summary = std::thread::scope(|scope| -> Result<Summary> {
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for article in ArticleReader::from_units(units).spool_into(spool_dir) {
                bytes += article.size();
                batch.push(article);
                if batch.len() >= BATCH_ARTICLES || bytes >= BATCH_BYTES {
                    if batch_sender.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = batch_sender.send(batch);
            }
        });
        let progress = progress.as_ref();
        let writing = scope.spawn(move || -> Result<Summary> {
            // batches in the order they were read, whatever the order they finish in
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            for done in done_receiver {
                waiting.insert(done.index, done);
                while let Some(done) = waiting.remove(&next) {
                    let articles = done.articles.map_err(|reason| {
                        Error::io("processing the articles", std::io::Error::other(reason))
                    })?;
                    writer.write_batch(articles)?;
                    writer.summary.input_bytes += done.input_bytes;
                    if let Some(bar) = progress {
                        bar.set_position(writer.summary.input_bytes as u64);
                        bar.set_message(format!("{} articles", writer.summary.articles));
                    }
                    next += 1;
                    // its place is free for the next batch to start (its token was taken
                    // before it started, so one is there)
                    let freed = token_receiver.try_recv();
                    debug_assert!(freed.is_ok(), "a batch was written without its token");
                }
            }
            if !waiting.is_empty() {
                // a batch that never came: the rows after it cannot be written in order
                return Err(Error::io(
                    "writing the corpus",
                    std::io::Error::other(format!("batch {next} of the articles was lost")),
                ));
            }
            writer.finish()
        });
        let dialect = config.dialect;
        let canonical_names = config.canonical_names;
        pool.in_place_scope(|tasks| {
            for (index, batch) in batch_receiver.into_iter().enumerate() {
                // waits while BATCHES_IN_FLIGHT batches are held; fails once the writer has
                // stopped (an error), which ends the run
                if token_sender.send(()).is_err() {
                    break;
                }
                let done_sender = done_sender.clone();
                tasks.spawn(move |_| {
                    let input_bytes: usize = batch.iter().map(RawArticle::size).sum();
                    // every batch reaches the writer, even one whose work panicked outside an
                    // article's own guard: the writer waits for each in turn, and a missing
                    // one would leave the run waiting for ever
                    let articles = catch_unwind(AssertUnwindSafe(|| {
                        batch
                            .into_par_iter()
                            .map(|raw| {
                                process_and_render(
                                    raw,
                                    context,
                                    dialect,
                                    canonical_names,
                                    Some(set),
                                )
                            })
                            .collect()
                    }))
                    .map_err(|_| "internal error while processing a batch of articles".to_owned());
                    // a send fails only when the writer has stopped on an error of its own
                    let _ = done_sender.send(DoneBatch {
                        index,
                        articles,
                        input_bytes,
                    });
                });
            }
        });
        drop(done_sender);
        writing.join().unwrap_or_else(|_| {
            Err(Error::io(
                "writing the corpus",
                std::io::Error::other("the writer thread failed"),
            ))
        })
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut summary = summary?;
    let staging = set.staging_dir();
    // the writer counted the rows of the three large files (a header and a row per article,
    // sentence, mention): only the small tables are read for theirs
    let written = [
        ("articles.csv", summary.articles + 1),
        ("sentences.csv", summary.sentences + 1),
        ("mentions.csv", summary.mentions + 1),
    ];
    summary.oversized = oversized_files_counted(staging, OUTPUT_FILES, &written)?;
    let to_split = if config.split_csv {
        &summary.oversized[..]
    } else {
        &[]
    };
    summary.csv_parts = split_oversized(staging, OUTPUT_FILES, to_split)?;
    before_commit(set, &summary)?;
    output_set.commit()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The bytes the inputs hold, when every one is a plain file on disk; `None` with standard
/// input (no size) or a gzip file (its size is not the size of what is read from it).
fn known_input_size(units: &[ReadUnit]) -> Option<u64> {
    units.iter().try_fold(0u64, |total, unit| {
        let file = &unit.file;
        let path = file.path.as_ref().filter(|_| !file.gzip)?;
        let whole = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let size = match &unit.range {
            Some(range) => range.end.min(whole).saturating_sub(range.start),
            None => whole,
        };
        Some(total + size)
    })
}

/// A bar with bytes read of the total, rate and time left when the input size is known; a
/// spinner with bytes read and rate when it is not.
fn progress_bar(total_bytes: Option<u64>) -> indicatif::ProgressBar {
    let (bar, template) = match total_bytes {
        Some(total) => (
            indicatif::ProgressBar::new(total),
            "{percent:>3}% [{wide_bar:.cyan/blue}] {bytes}/{total_bytes}, {binary_bytes_per_sec}, ETA {eta}, {msg}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} {elapsed_precise} {bytes} read, {binary_bytes_per_sec}, {msg}",
        ),
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// An article's rows of one file, as the writer gets them: the rows that went to a scratch file
/// (when there were many), then the rest, in memory.
pub struct RowChunk {
    pub spilled: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

/// Rows being rendered for one article and file: in memory up to [`SPILL_BYTES`], then
/// appended to a scratch file of the output set.
struct RowSink<'s> {
    buffer: RowBuffer,
    set: Option<&'s OutputSet>,
    label: &'static str,
    spill: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
}

impl<'s> RowSink<'s> {
    fn new(dialect: Dialect, set: Option<&'s OutputSet>, label: &'static str) -> RowSink<'s> {
        RowSink {
            buffer: RowBuffer::new(dialect),
            set,
            label,
            spill: None,
        }
    }

    /// Moves the rows to the scratch file when there are enough of them.
    fn check(&mut self) -> std::result::Result<(), String> {
        let Some(set) = self.set else {
            return Ok(());
        };
        if self.buffer.len() < SPILL_BYTES {
            return Ok(());
        }
        if self.spill.is_none() {
            let path = set.scratch_path(self.label);
            let file = std::fs::File::create(&path)
                .map_err(|e| format!("creating {}: {e}", path.display()))?;
            self.spill = Some((path, std::io::BufWriter::with_capacity(1 << 16, file)));
        }
        if let Some((path, file)) = &mut self.spill {
            use std::io::Write;
            file.write_all(&self.buffer.take_bytes())
                .map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
        Ok(())
    }

    fn finish(mut self) -> std::result::Result<RowChunk, String> {
        let spilled = match self.spill.take() {
            Some((path, file)) => {
                file.into_inner()
                    .map_err(|e| format!("writing {}: {}", path.display(), e.error()))?;
                Some(path)
            }
            None => None,
        };
        Ok(RowChunk {
            spilled,
            bytes: self.buffer.take_bytes(),
        })
    }
}

/// What the coverage tables and the summary need of an article, owned (its sentences are gone
/// by then).
struct OwnedCounts {
    lang: String,
    status: Status,
    date: Option<String>,
    date_raw: Option<String>,
    sentences: usize,
    boilerplate_lines: usize,
    windows_1252: bool,
    mentions: Vec<(usize, Decision)>,
}

impl OwnedCounts {
    fn of(outcome: ArticleOutcome, sentences: usize, mentions: Vec<(usize, Decision)>) -> Self {
        OwnedCounts {
            lang: outcome.lang,
            status: outcome.status,
            date: outcome.date,
            date_raw: outcome.date_raw,
            sentences,
            boilerplate_lines: outcome.boilerplate_lines,
            windows_1252: outcome.from_windows_1252,
            mentions,
        }
    }

    fn as_counts(&self) -> ArticleCounts<'_> {
        ArticleCounts {
            lang: &self.lang,
            status: self.status,
            date: self.date.as_deref(),
            sentences: self.sentences,
            boilerplate_lines: self.boilerplate_lines,
            windows_1252: self.windows_1252,
            mentions: self.mentions.clone(),
        }
    }
}

/// One article, processed and rendered, on its way to the writer.
struct RenderedArticle {
    counts: OwnedCounts,
    articles: Vec<u8>,
    sentences: RowChunk,
    mentions: RowChunk,
}

/// Processes an article and renders its rows as its sentences come (so they are never all in
/// memory), spilling many rows to scratch files of `set`. A bug in a stage or in rendering
/// becomes an `error` row rather than a lost article or a stopped run; a scratch file that
/// cannot be written is an error of the run.
fn process_and_render(
    raw: RawArticle,
    context: &Context,
    dialect: Dialect,
    canonical_names: bool,
    set: Option<&OutputSet>,
) -> std::result::Result<RenderedArticle, String> {
    let source = raw.source.clone();
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        let mut sentences = RowSink::new(dialect, set, "sentences");
        let mut mentions = RowSink::new(dialect, set, "mentions");
        let mut done = 0usize;
        let mut counted: Vec<(usize, Decision)> = Vec::new();
        let mut spill_error = None;
        let outcome = process_article_streaming(raw, context, set, &mut |outcome| {
            render_sentence_rows(
                outcome,
                done,
                context,
                canonical_names,
                &mut sentences.buffer,
                &mut mentions.buffer,
            );
            done += outcome.sentences.len();
            counted.extend(
                outcome
                    .sentences
                    .iter()
                    .flat_map(|s| &s.mentions)
                    .map(|m| (m.entity, m.decision)),
            );
            outcome.sentences.clear();
            let checked = sentences.check().and_then(|_| mentions.check());
            if let Err(e) = &checked {
                spill_error = Some(e.clone());
            }
            checked
        });
        if let Some(e) = spill_error {
            return Err(e);
        }
        let mut articles = RowBuffer::new(dialect);
        render_article_row(&mut articles, &outcome, done, counted.len(), dialect);
        Ok(RenderedArticle {
            counts: OwnedCounts::of(outcome, done, counted),
            articles: articles.take_bytes(),
            sentences: sentences.finish()?,
            mentions: mentions.finish()?,
        })
    }));
    match attempt {
        Ok(rendered) => rendered,
        Err(_) => {
            let failed = ArticleOutcome::new(source)
                .error("internal error while processing this article (please report it)");
            let mut articles = RowBuffer::new(dialect);
            render_article_row(&mut articles, &failed, 0, 0, dialect);
            Ok(RenderedArticle {
                counts: OwnedCounts::of(failed, 0, Vec::new()),
                articles: articles.take_bytes(),
                sentences: RowChunk {
                    spilled: None,
                    bytes: Vec::new(),
                },
                mentions: RowChunk {
                    spilled: None,
                    bytes: Vec::new(),
                },
            })
        }
    }
}

/// An article's rows of `articles.csv`, `sentences.csv` and `mentions.csv`, rendered.
pub struct RenderedRows {
    pub articles: Vec<u8>,
    pub sentences: Vec<u8>,
    pub mentions: Vec<u8>,
}

/// Renders all the rows of an article whose sentences are all in `a` (as
/// [`process_article`] leaves them), in `dialect`.
pub fn render_rows(
    a: &ArticleOutcome,
    context: &Context,
    dialect: Dialect,
    canonical_names: bool,
) -> RenderedRows {
    let mut articles = RowBuffer::new(dialect);
    render_article_row(
        &mut articles,
        a,
        a.sentences.len(),
        a.mention_count(),
        dialect,
    );
    let mut sentences = RowBuffer::new(dialect);
    let mut mentions = RowBuffer::new(dialect);
    render_sentence_rows(
        a,
        0,
        context,
        canonical_names,
        &mut sentences,
        &mut mentions,
    );
    RenderedRows {
        articles: articles.take_bytes(),
        sentences: sentences.take_bytes(),
        mentions: mentions.take_bytes(),
    }
}

/// The `articles.csv` row of an article with `sentences` sentences and `mentions` mentions.
fn render_article_row(
    out: &mut RowBuffer,
    a: &ArticleOutcome,
    sentences: usize,
    mentions: usize,
    dialect: Dialect,
) {
    let sentence_count = sentences.to_string();
    let mention_count = mentions.to_string();
    // two decimals: `0.993` would read as 993 in a locale whose thousands separator is `.`
    let confidence = dialect.decimal(a.lang_confidence, 2);
    let boilerplate = a.boilerplate_lines.to_string();
    out.row([
        a.article_id.as_str(),
        a.source.as_str(),
        a.date.as_deref().unwrap_or(""),
        a.title.as_deref().unwrap_or(""),
        a.lang.as_str(),
        confidence.as_str(),
        a.status.as_str(),
        sentence_count.as_str(),
        mention_count.as_str(),
        a.note.as_deref().unwrap_or(""),
        boilerplate.as_str(),
        if a.from_windows_1252 {
            "windows-1252"
        } else {
            "utf-8"
        },
        a.url.as_deref().unwrap_or(""),
        a.date_raw.as_deref().unwrap_or(""),
    ]);
}

/// The `sentences.csv` and `mentions.csv` rows of the sentences in `a`, the first of which is
/// sentence `first_index` of the article.
fn render_sentence_rows(
    a: &ArticleOutcome,
    first_index: usize,
    context: &Context,
    canonical_names: bool,
    sentences: &mut RowBuffer,
    mentions: &mut RowBuffer,
) {
    use crate::model::EntityDirectory;
    // what the rows will take, give or take the short cells: room made once
    let id = a.article_id.len();
    let (text_bytes, mention_count) = a.sentences.iter().fold((0, 0), |(text, count), s| {
        (text + s.text.len(), count + s.mentions.len())
    });
    let copies = if canonical_names { 2 } else { 1 };
    sentences.reserve(copies * text_bytes + a.sentences.len() * (id + SENTENCE_ROW_EXTRA));
    mentions.reserve(mention_count * (2 * id + MENTION_ROW_EXTRA));
    let mut index_digits = Decimal::default();
    let mut start_digits = Decimal::default();
    let mut end_digits = Decimal::default();
    for (index, sentence) in a.sentences.iter().enumerate() {
        let index_text = index_digits.of(first_index + index);
        let canonical = canonical_names
            .then(|| canonical_text(&sentence.text, &sentence.mentions, &context.gazetteer));
        let row = [
            a.article_id.as_str(),
            index_text,
            sentence.kind,
            sentence.lang,
            sentence.text.as_str(),
        ];
        sentences.row(row.into_iter().chain(canonical.as_deref()));
        for mention in &sentence.mentions {
            let entity = context.gazetteer.entity(mention.entity);
            let surface = mention.surface(&sentence.text);
            mentions.row([
                a.article_id.as_str(),
                index_text,
                start_digits.of(mention.start),
                end_digits.of(mention.end),
                surface,
                entity.id.as_str(),
                // as in coverage.csv: a name cut to what a cell needs
                context.gazetteer.canonical(mention.entity),
                entity.entity_type.as_str(),
                mention.decision.as_str(),
                a.date.as_deref().unwrap_or(""),
                a.lang.as_str(),
            ]);
        }
    }
}

/// Bytes of a `sentences.csv` row besides its article id and text (index, kind, language,
/// delimiters, line end), about.
const SENTENCE_ROW_EXTRA: usize = 24;

/// Bytes of a `mentions.csv` row besides twice an article id's length (the id, and an entity id
/// or name about as long), about: offsets, surface, type, decision, date, language.
const MENTION_ROW_EXTRA: usize = 96;

/// A number's decimal digits, written into a buffer of its own instead of a new `String` for
/// every cell of every row.
#[derive(Default)]
struct Decimal {
    digits: [u8; 20],
}

impl Decimal {
    /// `value` in decimal.
    fn of(&mut self, mut value: usize) -> &str {
        let mut at = self.digits.len();
        loop {
            at -= 1;
            self.digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        // ASCII digits only
        std::str::from_utf8(&self.digits[at..]).unwrap_or("0")
    }
}

/// Writes the corpus files and keeps the tally for `coverage.csv` and `languages.csv`.
struct CorpusWriter<'a> {
    articles: CsvFile,
    sentences: CsvFile,
    mentions: CsvFile,
    staging: PathBuf,
    dialect: Dialect,
    context: &'a Context,
    tally: Tally,
    periods: PeriodTally,
    config: &'a RunConfig,
    summary: Summary,
}

impl<'a> CorpusWriter<'a> {
    fn create(
        config: &'a RunConfig,
        context: &'a Context,
        set: &OutputSet,
    ) -> Result<CorpusWriter<'a>> {
        let dialect = config.dialect;
        let mut sentence_columns = SENTENCE_COLUMNS.to_vec();
        if config.canonical_names {
            sentence_columns.push("text_canonical");
        }
        Ok(CorpusWriter {
            articles: set.create_csv("articles.csv", dialect, ARTICLE_COLUMNS)?,
            sentences: set.create_csv("sentences.csv", dialect, &sentence_columns)?,
            mentions: set.create_csv("mentions.csv", dialect, MENTION_COLUMNS)?,
            staging: set.staging_dir().to_path_buf(),
            dialect,
            context,
            tally: Tally::new(&context.langs),
            periods: PeriodTally::new(&context.langs, config.period),
            config,
            summary: Summary::default(),
        })
    }

    fn write_batch(
        &mut self,
        batch: Vec<std::result::Result<RenderedArticle, String>>,
    ) -> Result<()> {
        for article in batch {
            let article = article.map_err(|reason| {
                Error::io(
                    "writing the rows of a large article",
                    std::io::Error::other(reason),
                )
            })?;
            self.write_article(article)?;
        }
        Ok(())
    }

    fn write_article(&mut self, article: RenderedArticle) -> Result<()> {
        self.articles.write_rendered(&article.articles)?;
        write_chunk(&mut self.sentences, article.sentences)?;
        write_chunk(&mut self.mentions, article.mentions)?;
        let counts = article.counts.as_counts();
        self.tally.add(&counts);
        self.periods.add(&counts);
        self.summary.articles += 1;
        self.summary.sentences += article.counts.sentences;
        self.summary.mentions += article.counts.mentions.len();
        if let Some(raw) = &article.counts.date_raw {
            match parse_date(raw) {
                Err(DateProblem::Ambiguous) => self.summary.dates_ambiguous += 1,
                _ => self.summary.dates_invalid += 1,
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary> {
        let (coverage, languages, language_rows) = write_tables(
            &self.staging,
            self.dialect,
            &self.tally,
            &self.context.gazetteer,
        )?;
        let by_period = periods::write_table(
            &self.staging,
            self.dialect,
            &self.periods,
            &self.context.gazetteer,
        )?;
        let facts = RunFacts::new(
            &self.config.inputs,
            self.config.gazetteer.as_deref(),
            &self.context.gazetteer,
            &self.context.langs,
            self.dialect,
            &self.periods,
        )?;
        let facts_file = facts.write(&self.staging)?;
        self.articles.finish()?;
        self.sentences.finish()?;
        self.mentions.finish()?;
        coverage.finish()?;
        languages.finish()?;
        by_period.finish()?;
        facts_file.commit()?;
        let all = language_rows.last().cloned().unwrap_or_default();
        self.summary.by_status = Status::ALL.iter().copied().zip(all.by_status).collect();
        Ok(self.summary)
    }
}

/// Copies an article's rows into `file`: the scratch file first (removed after), then the rest.
fn write_chunk(file: &mut CsvFile, chunk: RowChunk) -> Result<()> {
    if let Some(path) = chunk.spilled {
        let copied = std::fs::File::open(&path)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))
            .and_then(|mut scratch| file.write_from(&mut scratch));
        let _ = std::fs::remove_file(&path);
        copied?;
    }
    file.write_rendered(&chunk.bytes)
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    #[test]
    fn decimals_are_written_as_to_string_writes_them() {
        let mut digits = Decimal::default();
        for value in [0, 7, 10, 99, 100, 12_345, 4_294_967_296, usize::MAX] {
            assert_eq!(digits.of(value), value.to_string());
        }
    }
}
