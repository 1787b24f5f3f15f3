//! The pipeline: read -> clean -> normalize -> detect language -> segment -> tag -> write.
//!
//! [`process_article`] is the whole per-article job as a pure function (raw article in, rows
//! out), so it can be tested alone and run on any thread. [`run`] streams the inputs through it:
//! a reader thread cuts the input into bounded batches, the batches are processed in parallel on
//! a rayon pool of `--jobs` threads, and a writer thread writes the rows in input order. At most a
//! few batches are in flight, so memory stays bounded whatever the size of the dump, and the
//! output is byte-identical for any number of threads.

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

use crate::clean::{clean, BlockKind, CleanOptions};
use crate::coverage::{write_tables, Tally};
use crate::dates::{parse_date, DateProblem};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::input::{expand_inputs, ArticleReader, InputFormat, Payload, RawArticle, ReadUnit};
use crate::lang::{ArticleLanguage, Detector};
use crate::limits::{oversized_files, split_oversized, Oversized, SPREADSHEET_ROWS};
use crate::model::{ArticleOutcome, Mention, Sentence, Status};
use crate::normalize::{decode_bytes, normalize};
use crate::output::{remove_stale_partials, CsvFile, Dialect, RowBuffer};
use crate::periods::{self, Period, PeriodTally};
use crate::report::RunFacts;
use crate::resolve::{Resolver, SentenceInput};
use crate::segment::segment;
use crate::tag::Tagger;

/// A batch holds at most this many articles...
const BATCH_ARTICLES: usize = 512;
/// ...and at most about this many input bytes.
const BATCH_BYTES: usize = 4 << 20;

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
        let tagger = Tagger::new(&gazetteer)?;
        let resolver = Resolver::new(&gazetteer);
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

/// Processes one article through every stage. Never panics on any input: a bug in a stage
/// becomes an `error` row rather than a lost article.
pub fn process_article(raw: RawArticle, context: &Context) -> ArticleOutcome {
    let source = raw.source.clone();
    catch_unwind(AssertUnwindSafe(|| process_unguarded(raw, context))).unwrap_or_else(|_| {
        ArticleOutcome::new(source)
            .error("internal error while processing this article (please report it)")
    })
}

fn process_unguarded(raw: RawArticle, context: &Context) -> ArticleOutcome {
    let mut outcome = ArticleOutcome::new(raw.source);
    let mut record_date = None;
    let (text, given_title) = match raw.payload {
        Payload::Unreadable(reason) => return outcome.error(reason),
        Payload::Text(bytes) => {
            let decoded = decode_bytes(&bytes);
            outcome.from_windows_1252 = decoded.from_windows_1252;
            (decoded.text.into_owned(), None)
        }
        Payload::JsonLine(bytes) => {
            let decoded = decode_bytes(&bytes);
            outcome.from_windows_1252 = decoded.from_windows_1252;
            match parse_json_article(&decoded.text) {
                Ok(json) => {
                    if let Some(id) = json.id {
                        outcome.article_id = id;
                    }
                    record_date = json
                        .date
                        .map(|d| normalize(&d).into_owned())
                        .filter(|d| !d.is_empty());
                    outcome.url = json.url.map(|u| normalize(&u).into_owned());
                    (json.text, json.title)
                }
                Err(failure) => {
                    if let Some(id) = failure.id {
                        outcome.article_id = id;
                    }
                    return outcome.error(failure.reason);
                }
            }
        }
    };
    if outcome.from_windows_1252 {
        outcome.note = Some("input was not valid UTF-8: decoded as Windows-1252".to_owned());
    }

    let normalized = normalize(&text);
    let given_title = given_title.map(|t| normalize(&t).into_owned());
    let article = clean(&normalized, &CleanOptions { title: given_title });
    if let Some(raw_date) = record_date.or(article.date) {
        match parse_date(&raw_date) {
            Ok(date) => outcome.date = Some(date.to_string()),
            Err(_) => outcome.date_raw = Some(raw_date),
        }
    }
    outcome.title = article.title;
    outcome.boilerplate_lines = article.boilerplate_lines;
    if article.blocks.is_empty() {
        outcome.status = Status::Empty;
        return outcome;
    }

    let detection_text = article
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lang = match context.detector.classify_article(&detection_text) {
        ArticleLanguage::InScope(detection) => {
            outcome.lang_confidence = detection.confidence;
            detection.code()
        }
        ArticleLanguage::OtherLang(detection) => {
            outcome.lang = detection.code().to_owned();
            outcome.lang_confidence = detection.confidence;
            outcome.status = Status::OtherLang;
            return outcome;
        }
        ArticleLanguage::Undetermined => {
            outcome.status = Status::UndLang;
            return outcome;
        }
    };
    outcome.lang = lang.to_owned();
    outcome.status = Status::Ok;

    // the whole article's candidates first: which of them are mentions is decided with the
    // article around them (short forms it sets up, whether it speaks of the sport)
    let mut pieces: Vec<(&'static str, String, &'static str, bool)> = Vec::new();
    for block in &article.blocks {
        for sentence in segment(&block.text, lang) {
            // a paragraph is one line, but the segmenter keeps any line break it is given
            let text = sentence.replace('\n', " ");
            let sentence_lang = context.detector.sentence_language(&text, lang);
            let heading = matches!(block.kind, BlockKind::Title | BlockKind::Heading);
            pieces.push((block.kind.as_str(), text, sentence_lang, heading));
        }
    }
    let inputs: Vec<SentenceInput<'_>> = pieces
        .iter()
        .map(|(_, text, sentence_lang, heading)| SentenceInput {
            text,
            lang: sentence_lang,
            heading: *heading,
            candidates: context.tagger.tag(text, Some(sentence_lang)),
        })
        .collect();
    let mentions = context.resolver.resolve(&inputs);
    drop(inputs);
    for ((kind, text, sentence_lang, _), mentions) in pieces.into_iter().zip(mentions) {
        outcome.sentences.push(Sentence {
            kind,
            lang: sentence_lang.to_owned(),
            text,
            mentions,
        });
    }
    outcome
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

/// The fields artnorm reads from a JSON Lines record.
#[derive(Debug, Default, PartialEq)]
pub struct JsonArticle {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub text: String,
}

/// Why a JSON Lines record could not be used.
#[derive(Debug, PartialEq)]
pub struct JsonFailure {
    /// The record's `id`, when it had a usable one.
    pub id: Option<String>,
    /// What is wrong, for the `note` column.
    pub reason: String,
}

/// Parses one JSON Lines record.
pub fn parse_json_article(line: &str) -> std::result::Result<JsonArticle, JsonFailure> {
    let failure = |id: Option<String>, reason: &str| JsonFailure {
        id,
        reason: reason.to_owned(),
    };
    let value: Value =
        serde_json::from_str(line).map_err(|e| failure(None, &format!("invalid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(failure(None, "invalid record: not a JSON object"));
    };
    let string = |key: &str| match object.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    };
    let id = match object.get("id") {
        // as written (serde_json's arbitrary_precision): `1234567890123456789012345` and `1.50`
        // are not rounded through a float
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => string("id"),
    };
    let text = match object.get("text") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => return Err(failure(id, "invalid record: no \"text\" field")),
        Some(_) => return Err(failure(id, "invalid record: \"text\" is not a string")),
    };
    Ok(JsonArticle {
        id,
        title: string("title"),
        date: string("date"),
        url: string("url"),
        text,
    })
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
    let files = expand_inputs(&config.inputs, config.input_format)?;
    let units = files
        .into_iter()
        .map(|file| ReadUnit { file, range: None })
        .collect();
    run_units(config, context, pool, units)
}

/// Like [`run_with_context`], over `units` instead of `config.inputs` (a shard's part of the
/// inputs: see [`crate::shard`]).
pub fn run_units(
    config: &RunConfig,
    context: &Context,
    pool: &rayon::ThreadPool,
    units: Vec<ReadUnit>,
) -> Result<Summary> {
    let started = Instant::now();
    std::fs::create_dir_all(&config.out_dir).map_err(|e| {
        Error::io(
            format!("creating output directory {}", config.out_dir.display()),
            e,
        )
    })?;
    remove_stale_partials(&config.out_dir, OUTPUT_FILES);
    remove_stale_partials(&config.out_dir, &[crate::report::RUN_FACTS_FILE]);
    let total_bytes = known_input_size(&units);
    let mut writer = CorpusWriter::create(config, context)?;

    let progress =
        (config.progress && std::io::stderr().is_terminal()).then(|| progress_bar(total_bytes));

    let (batch_sender, batch_receiver) = sync_channel::<Vec<RawArticle>>(2);
    let (done_sender, done_receiver) =
        sync_channel::<(Vec<(ArticleOutcome, RenderedRows)>, usize)>(2);
    let summary = std::thread::scope(|scope| -> Result<Summary> {
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for article in ArticleReader::from_units(units) {
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
            for (batch, bytes) in done_receiver {
                writer.write_batch(&batch)?;
                writer.summary.input_bytes += bytes;
                if let Some(bar) = progress {
                    bar.set_position(writer.summary.input_bytes as u64);
                    bar.set_message(format!("{} articles", writer.summary.articles));
                }
            }
            writer.finish()
        });
        for batch in batch_receiver {
            let bytes: usize = batch.iter().map(RawArticle::size).sum();
            let dialect = config.dialect;
            let canonical_names = config.canonical_names;
            let outcomes: Vec<(ArticleOutcome, RenderedRows)> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|raw| process_and_render(raw, context, dialect, canonical_names))
                    .collect()
            });
            if done_sender.send((outcomes, bytes)).is_err() {
                break;
            }
        }
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
    summary.oversized = oversized_files(&config.out_dir, OUTPUT_FILES)?;
    let to_split = if config.split_csv {
        &summary.oversized[..]
    } else {
        &[]
    };
    summary.csv_parts = split_oversized(&config.out_dir, OUTPUT_FILES, to_split)?;
    // a workbook of a previous run no longer matches the files (`--xlsx` writes a new one)
    let _ = std::fs::remove_file(config.out_dir.join(crate::xlsx::XLSX_FILE));
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

/// Processes an article and renders its rows. A bug in rendering, like one in processing,
/// becomes an `error` row rather than a lost article or a stopped run.
fn process_and_render(
    raw: RawArticle,
    context: &Context,
    dialect: Dialect,
    canonical_names: bool,
) -> (ArticleOutcome, RenderedRows) {
    let outcome = process_article(raw, context);
    match catch_unwind(AssertUnwindSafe(|| {
        render_rows(&outcome, context, dialect, canonical_names)
    })) {
        Ok(rows) => (outcome, rows),
        Err(_) => {
            let failed = ArticleOutcome::new(outcome.source.clone())
                .error("internal error while writing this article (please report it)");
            let rows = render_rows(&failed, context, dialect, canonical_names);
            (failed, rows)
        }
    }
}

/// An article's rows of `articles.csv`, `sentences.csv` and `mentions.csv`, rendered.
pub struct RenderedRows {
    pub articles: Vec<u8>,
    pub sentences: Vec<u8>,
    pub mentions: Vec<u8>,
}

/// Renders an article's rows in `dialect` (done by the workers, in parallel).
pub fn render_rows(
    a: &ArticleOutcome,
    context: &Context,
    dialect: Dialect,
    canonical_names: bool,
) -> RenderedRows {
    let mut articles = RowBuffer::new(dialect);
    let sentence_count = a.sentences.len().to_string();
    let mention_count = a.mention_count().to_string();
    // two decimals: `0.993` would read as 993 in a locale whose thousands separator is `.`
    let confidence = dialect.decimal(a.lang_confidence, 2);
    let boilerplate = a.boilerplate_lines.to_string();
    articles.row([
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
    let mut sentences = RowBuffer::new(dialect);
    let mut mentions = RowBuffer::new(dialect);
    for (index, sentence) in a.sentences.iter().enumerate() {
        let index_text = index.to_string();
        let canonical = canonical_names
            .then(|| canonical_text(&sentence.text, &sentence.mentions, &context.gazetteer));
        let row = [
            a.article_id.as_str(),
            index_text.as_str(),
            sentence.kind,
            sentence.lang.as_str(),
            sentence.text.as_str(),
        ];
        sentences.row(row.into_iter().chain(canonical.as_deref()));
        if sentence.mentions.is_empty() {
            continue;
        }
        for mention in &sentence.mentions {
            let entity = context.gazetteer.entity(mention.entity);
            let surface = mention.surface(&sentence.text);
            let start = mention.start.to_string();
            let end = mention.end.to_string();
            mentions.row([
                a.article_id.as_str(),
                index_text.as_str(),
                start.as_str(),
                end.as_str(),
                surface,
                entity.id.as_str(),
                entity.name.as_str(),
                entity.entity_type.as_str(),
                mention.decision.as_str(),
                a.date.as_deref().unwrap_or(""),
                a.lang.as_str(),
            ]);
        }
    }
    RenderedRows {
        articles: articles.into_bytes(),
        sentences: sentences.into_bytes(),
        mentions: mentions.into_bytes(),
    }
}

/// Writes the corpus files and keeps the tally for `coverage.csv` and `languages.csv`.
struct CorpusWriter<'a> {
    articles: CsvFile,
    sentences: CsvFile,
    mentions: CsvFile,
    out_dir: PathBuf,
    dialect: Dialect,
    context: &'a Context,
    tally: Tally,
    periods: PeriodTally,
    config: &'a RunConfig,
    summary: Summary,
}

impl<'a> CorpusWriter<'a> {
    fn create(config: &'a RunConfig, context: &'a Context) -> Result<CorpusWriter<'a>> {
        let (out_dir, dialect) = (config.out_dir.as_path(), config.dialect);
        let mut sentence_columns = SENTENCE_COLUMNS.to_vec();
        if config.canonical_names {
            sentence_columns.push("text_canonical");
        }
        Ok(CorpusWriter {
            articles: CsvFile::create(out_dir, "articles.csv", dialect, ARTICLE_COLUMNS)?,
            sentences: CsvFile::create(out_dir, "sentences.csv", dialect, &sentence_columns)?,
            mentions: CsvFile::create(out_dir, "mentions.csv", dialect, MENTION_COLUMNS)?,
            out_dir: out_dir.to_path_buf(),
            dialect,
            context,
            tally: Tally::new(&context.langs),
            periods: PeriodTally::new(&context.langs, config.period),
            config,
            summary: Summary::default(),
        })
    }

    fn write_batch(&mut self, batch: &[(ArticleOutcome, RenderedRows)]) -> Result<()> {
        for (outcome, rows) in batch {
            self.write_article(outcome, rows)?;
        }
        Ok(())
    }

    fn write_article(&mut self, article: &ArticleOutcome, rows: &RenderedRows) -> Result<()> {
        self.articles.write_rendered(&rows.articles)?;
        self.sentences.write_rendered(&rows.sentences)?;
        self.mentions.write_rendered(&rows.mentions)?;
        let counts = article.counts();
        self.tally.add(&counts);
        self.periods.add(&counts);
        self.summary.articles += 1;
        self.summary.sentences += article.sentences.len();
        self.summary.mentions += article.mention_count();
        if let Some(raw) = &article.date_raw {
            match parse_date(raw) {
                Err(DateProblem::Ambiguous) => self.summary.dates_ambiguous += 1,
                _ => self.summary.dates_invalid += 1,
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Summary> {
        let (coverage, languages, language_rows) = write_tables(
            &self.out_dir,
            self.dialect,
            &self.tally,
            &self.context.gazetteer,
        )?;
        let by_period = periods::write_table(
            &self.out_dir,
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
        let facts_file = facts.write(&self.out_dir)?;
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
