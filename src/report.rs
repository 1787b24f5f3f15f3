//! The coverage report: one self-contained HTML page from a corpus directory.
//!
//! `report.html` is made from the files of the corpus (`languages.csv`, `coverage.csv`,
//! `coverage_by_period.csv` and `run.json`), read back in whatever dialect they were written
//! (comma or semicolon, byte-order mark, decimal comma, formula guard), so that every number on
//! the page is a number of the files, or a sum or difference of them. The page needs nothing
//! from the network and runs no script: CSS and SVG are inline, and the layout is fluid (no
//! fixed widths; names wrap rather than being cut), so it reads from a 768 px tablet to a
//! 1920 px screen.
//!
//! What it shows, in the order a reader needs it: what the corpus is (inputs, gazetteer, dates,
//! what was left out), how to read the numbers, the run summary, the most covered entities
//! ranked by mentions per thousand articles in each language (the union of each language's top
//! entities, since raw counts favour the language with more articles), rates by entity type,
//! coverage over time for the most covered entities, the periods where the languages differ
//! most, and the entities covered in one language only.
//!
//! `run.json` holds the facts of a run that no table holds (inputs, the gazetteer's name, size
//! and SHA-256, the dates of the articles): [`RunFacts`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, BUILTIN_TSV};
use crate::output::{AtomicFile, Dialect};
use crate::periods::{self, DateRange, PeriodTally};

/// How many entities of each language's ranking the chart shows (the chart shows their union).
pub const TOP_PER_LANGUAGE: usize = 10;
/// How many entities the chart over time shows.
pub const TIME_ENTITIES: usize = 6;
/// How many rows the "differ most" table shows.
pub const DIFFER_ROWS: usize = 15;
/// A language's rate in a period is compared only when the period has at least this many `ok`
/// articles in that language: below it, one article more or less swings the rate.
pub const MIN_PERIOD_ARTICLES: usize = 10;
/// The most periods the time axis spans; a longer span shows only the periods with articles.
const MAX_AXIS_PERIODS: usize = 2000;
/// How many entities each "one language only" list shows.
pub const ONLY_IN_LISTED: usize = 25;
/// Languages (columns) per summary table; more languages make more tables, not a wider one.
const SUMMARY_COLUMNS: usize = 8;
/// Languages per block of the type table.
const TYPE_LANGUAGES: usize = 3;

/// The file of run facts in the output directory.
pub const RUN_FACTS_FILE: &str = "run.json";

const PALETTE: &[&str] = &[
    "#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568", "#b7791f", "#00838f",
];

fn color(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// The facts of a run that no CSV file holds, written to `run.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFacts {
    pub artnorm: String,
    /// The inputs as given on the command line.
    pub inputs: Vec<String>,
    pub gazetteer: GazetteerFacts,
    pub langs: Vec<String>,
    /// The period of `coverage_by_period.csv`.
    pub period: String,
    pub dialect: DialectFacts,
    pub dates: DateFacts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GazetteerFacts {
    /// The path as given, or `built-in`.
    pub name: String,
    pub entities: usize,
    /// SHA-256 of the file's bytes (of the embedded file for the built-in one), as
    /// `sha256sum` prints it.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DialectFacts {
    pub delimiter: String,
    pub excel: bool,
    pub formula_guard: bool,
}

/// The dates of the articles that count in the coverage tables (`ok`, in scope).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DateFacts {
    pub first: Option<String>,
    pub last: Option<String>,
    pub dated_articles: usize,
    pub undated_articles: usize,
}

impl DateFacts {
    pub fn from_range(range: &DateRange) -> DateFacts {
        DateFacts {
            first: range.first.map(|d| d.to_iso()),
            last: range.last.map(|d| d.to_iso()),
            dated_articles: range.dated,
            undated_articles: range.undated,
        }
    }

    /// The dates of two parts of a corpus (shards) together.
    pub fn combine(&self, other: &DateFacts) -> DateFacts {
        let pick = |a: &Option<String>, b: &Option<String>, earliest: bool| match (a, b) {
            (Some(x), Some(y)) => {
                let (x_date, y_date) = (
                    periods::IsoDate::parse_prefix(x),
                    periods::IsoDate::parse_prefix(y),
                );
                Some(if (x_date <= y_date) == earliest { x } else { y }.clone())
            }
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (None, None) => None,
        };
        DateFacts {
            first: pick(&self.first, &other.first, true),
            last: pick(&self.last, &other.last, false),
            dated_articles: self.dated_articles + other.dated_articles,
            undated_articles: self.undated_articles + other.undated_articles,
        }
    }
}

/// SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

impl RunFacts {
    /// The facts of a run; reads the gazetteer file again for its hash.
    pub fn new(
        inputs: &[String],
        gazetteer_path: Option<&Path>,
        gazetteer: &Gazetteer,
        langs: &[String],
        dialect: Dialect,
        periods: &PeriodTally,
    ) -> Result<RunFacts> {
        let (name, sha256) = match gazetteer_path {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                (path.display().to_string(), sha256_hex(&bytes))
            }
            None => ("built-in".to_owned(), sha256_hex(BUILTIN_TSV.as_bytes())),
        };
        Ok(RunFacts {
            artnorm: env!("CARGO_PKG_VERSION").to_owned(),
            inputs: inputs.to_vec(),
            gazetteer: GazetteerFacts {
                name,
                entities: gazetteer.entities.len(),
                sha256,
            },
            langs: langs.to_vec(),
            period: periods.period().as_str().to_owned(),
            dialect: DialectFacts {
                delimiter: match dialect.delimiter {
                    b'\t' => "tab".to_owned(),
                    other => char::from(other).to_string(),
                },
                excel: dialect.excel,
                formula_guard: dialect.formula_guard,
            },
            dates: DateFacts::from_range(periods.dates()),
        })
    }

    /// Writes `run.json` into `dir` under a temporary name; the caller commits it.
    pub fn write(&self, dir: &Path) -> Result<AtomicFile> {
        let path = dir.join(RUN_FACTS_FILE);
        let mut file = AtomicFile::create(&path)?;
        let mut json = serde_json::to_string_pretty(self).map_err(|e| {
            Error::io(
                format!("writing {}", path.display()),
                std::io::Error::other(e),
            )
        })?;
        json.push('\n');
        file.write_all(json.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        Ok(file)
    }

    pub fn read(path: &Path) -> Result<RunFacts> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::io(
                format!("reading {}", path.display()),
                std::io::Error::other(e),
            )
        })
    }
}

/// A CSV table read back from a corpus directory, with the dialect undone.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The delimiter the file was written with.
    pub delimiter: u8,
}

impl Table {
    /// Reads a corpus file, whatever its dialect.
    pub fn read(path: &Path) -> Result<Table> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        Table::parse(&bytes).map_err(|message| {
            Error::io(
                format!("reading {}", path.display()),
                std::io::Error::other(message),
            )
        })
    }

    /// Reads a corpus file whose first column is `first_column`, or says that it is not one
    /// (rather than reporting on a table it cannot read).
    pub fn read_corpus_file(path: &Path, first_column: &str) -> Result<Table> {
        let table = Table::read(path)?;
        if table.header.first().map(String::as_str) != Some(first_column) {
            return Err(Error::io(
                format!("reading {}", path.display()),
                std::io::Error::other(format!(
                    "not a file written by artnorm run: cannot tell the delimiter, or the \
                     first column is not {first_column}"
                )),
            ));
        }
        Ok(table)
    }

    /// Parses CSV bytes written by artnorm in any dialect: the delimiter is the first byte of
    /// the header row that cannot be part of a column name (artnorm's are letters, digits and
    /// `_`), so any delimiter `--delimiter` accepts is read back; a header without one is
    /// refused. A byte-order mark is skipped, and the formula guard's `'` is removed.
    pub fn parse(bytes: &[u8]) -> std::result::Result<Table, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
        let delimiter = first_line
            .iter()
            .copied()
            .find(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .ok_or_else(|| {
                "cannot tell the delimiter: the header row has a single column \
                 (is this a file written by artnorm run?)"
                    .to_owned()
            })?;
        if delimiter == b'"' || !delimiter.is_ascii() {
            return Err(format!(
                "cannot tell the delimiter: the header row has {:?} where a delimiter should be",
                char::from(delimiter)
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            rows.push(record.iter().map(unguard).collect());
        }
        Ok(Table {
            header,
            rows,
            delimiter,
        })
    }

    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// A cell, by row and column name ("" when missing).
    pub fn cell<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.column(name)
            .and_then(|i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Whether the file writes decimals with a comma (the `;` dialect).
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }
}

/// Undoes the formula guard: `'=x` -> `=x`.
fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// Reads a number as written in any dialect (`12.5` or `12,5`); 0 when empty.
pub fn number(cell: &str) -> f64 {
    cell.trim().replace(',', ".").parse().unwrap_or(0.0)
}

/// A two-decimal cell (`12.50`, `12,5`) in hundredths, exactly; `None` when empty.
fn hundredths(cell: &str) -> Option<i64> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    Some((number(cell) * 100.0).round() as i64)
}

/// `value` with `places` decimals, with a decimal comma when `comma`.
fn decimal(value: f64, places: usize, comma: bool) -> String {
    let text = format!("{value:.places$}");
    if comma {
        text.replace('.', ",")
    } else {
        text
    }
}

fn hundredths_text(value: i64, comma: bool) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let separator = if comma { ',' } else { '.' };
    format!(
        "{sign}{}{separator}{:02}",
        value.abs() / 100,
        value.abs() % 100
    )
}

/// The corpus files a report is made from.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub languages: Table,
    pub coverage: Table,
    /// `coverage_by_period.csv`, absent in corpora written before it existed.
    pub by_period: Option<Table>,
    /// `run.json`, likewise.
    pub facts: Option<RunFacts>,
    /// The directory, as named to the reader.
    pub source: String,
}

impl Corpus {
    pub fn read(dir: &Path) -> Result<Corpus> {
        let optional = |name: &str| {
            let path = dir.join(name);
            path.exists().then_some(path)
        };
        Ok(Corpus {
            languages: Table::read_corpus_file(&dir.join("languages.csv"), "lang")?,
            coverage: Table::read_corpus_file(&dir.join("coverage.csv"), "entity_id")?,
            by_period: optional(periods::FILE_NAME)
                .map(|p| Table::read_corpus_file(&p, "entity_id"))
                .transpose()?,
            facts: optional(RUN_FACTS_FILE)
                .map(|p| RunFacts::read(&p))
                .transpose()?,
            // a report written in a run's staging directory names the corpus directory
            source: crate::output::set_dir(dir).display().to_string(),
        })
    }
}

/// Writes `report.html` in `dir` from the corpus files there; returns its path.
pub fn write_report(dir: &Path) -> Result<PathBuf> {
    let corpus = Corpus::read(dir)?;
    let html = render(&corpus);
    let path = dir.join("report.html");
    let mut file = AtomicFile::create(&path)?;
    file.write_all(html.as_bytes())
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    file.commit()?;
    Ok(path)
}

/// The languages of the scope, from the `<lang>_articles` columns of `coverage.csv`.
pub fn scope_languages(coverage: &Table) -> Vec<String> {
    coverage
        .header
        .iter()
        .filter_map(|h| h.strip_suffix("_mentions"))
        .filter(|lang| coverage.column(&format!("{lang}_articles")).is_some())
        .map(str::to_owned)
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn rate_column(lang: &str) -> String {
    format!("{lang}_per_1000_articles")
}

/// What a ranking chart ranks: the entities the corpus is about (teams, people, competitions,
/// media, stadiums...), or the places (rows whose type is a place: a country, a town, the place
/// sense of a name such as `place_italy`). A journalist asking "who is covered" wants the first;
/// ranked together, the countries and towns every match report names would fill the chart. So
/// places get a chart of their own, ranked the same way, and nothing in coverage.csv is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranked {
    /// Every row whose type is not a place type.
    Entities,
    /// The rows whose type is a place type ([`is_place_type`]).
    Places,
}

/// Whether a `type` label of coverage.csv names a place (`PLACE`, `CITY`, `COUNTRY`, `TOWN`,
/// `REGION`...): the rows the report ranks apart from the others.
pub fn is_place_type(label: &str) -> bool {
    crate::resolve::Class::of_type(label) == crate::resolve::Class::Place
}

/// The rows of a ranking chart: among the rows that `ranked` selects, each language's
/// `per_language` rows of highest rate per 1,000 articles (ties by id), together; each with the
/// languages whose top it is in, ordered by their highest rate in any language, then id. Rows
/// index `coverage.rows`.
pub fn ranked_entities(
    coverage: &Table,
    langs: &[String],
    per_language: usize,
    ranked: Ranked,
) -> Vec<(usize, Vec<String>)> {
    let id = |row: usize| coverage.cell(&coverage.rows[row], "entity_id");
    let rate =
        |row: usize, lang: &str| hundredths(coverage.cell(&coverage.rows[row], &rate_column(lang)));
    let selected = |row: usize| {
        is_place_type(coverage.cell(&coverage.rows[row], "type")) == (ranked == Ranked::Places)
    };
    let mut chosen: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for lang in langs {
        let mut rows: Vec<(i64, usize)> = (0..coverage.rows.len())
            .filter(|&row| selected(row))
            .filter_map(|row| rate(row, lang).filter(|r| *r > 0).map(|r| (r, row)))
            .collect();
        rows.sort_by(|(ra, a), (rb, b)| rb.cmp(ra).then_with(|| id(*a).cmp(id(*b))));
        for (_, row) in rows.into_iter().take(per_language) {
            chosen.entry(row).or_default().push(lang.clone());
        }
    }
    let best = |row: usize| langs.iter().filter_map(|l| rate(row, l)).max().unwrap_or(0);
    let mut ranked: Vec<(usize, Vec<String>)> = chosen.into_iter().collect();
    ranked.sort_by(|(a, _), (b, _)| best(*b).cmp(&best(*a)).then_with(|| id(*a).cmp(id(*b))));
    ranked
}

/// One row of the "differ most" table.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub entity_id: String,
    pub canonical: String,
    pub entity_type: String,
    pub period: String,
    /// The language of the highest rate and the rate, in hundredths.
    pub high: (String, i64),
    pub low: (String, i64),
    /// Row of `coverage_by_period.csv`.
    pub row: usize,
}

impl Difference {
    pub fn gap(&self) -> i64 {
        self.high.1 - self.low.1
    }
}

/// The (entity, period) pairs where the rates of two languages of the scope are furthest
/// apart, among dated periods with at least [`MIN_PERIOD_ARTICLES`] articles in each language
/// compared; largest gap first, then entity id and period.
pub fn differences(by_period: &Table, langs: &[String], limit: usize) -> Vec<Difference> {
    let mut found = Vec::new();
    for (index, row) in by_period.rows.iter().enumerate() {
        let period = by_period.cell(row, "period");
        if period == periods::UNDATED {
            continue;
        }
        let rates: Vec<(&String, i64)> = langs
            .iter()
            .filter(|l| {
                number(by_period.cell(row, &format!("{l}_period_articles"))) as usize
                    >= MIN_PERIOD_ARTICLES
            })
            .filter_map(|l| hundredths(by_period.cell(row, &rate_column(l))).map(|r| (l, r)))
            .collect();
        if rates.len() < 2 {
            continue;
        }
        // the first language wins ties, so the result does not depend on anything but the file
        let high = rates
            .iter()
            .fold(rates[0], |a, b| if b.1 > a.1 { *b } else { a });
        let low = rates
            .iter()
            .fold(rates[0], |a, b| if b.1 < a.1 { *b } else { a });
        if high.1 == low.1 {
            continue;
        }
        found.push(Difference {
            entity_id: by_period.cell(row, "entity_id").to_owned(),
            canonical: by_period.cell(row, "canonical").to_owned(),
            entity_type: by_period.cell(row, "type").to_owned(),
            period: period.to_owned(),
            high: (high.0.clone(), high.1),
            low: (low.0.clone(), low.1),
            row: index,
        });
    }
    found.sort_by(|a, b| {
        b.gap()
            .cmp(&a.gap())
            .then_with(|| a.entity_id.cmp(&b.entity_id))
            .then_with(|| a.period.cmp(&b.period))
    });
    found.truncate(limit);
    found
}

/// Renders the page.
pub fn render(corpus: &Corpus) -> String {
    let langs = scope_languages(&corpus.coverage);
    let comma = corpus.coverage.decimal_comma();
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<title>artnorm coverage report</title>\n<style>\n");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(
        html,
        "<h1>Coverage report</h1>\n<p class=\"source\">Corpus <code>{}</code>, made by artnorm {} from its CSV files: every number here is one of theirs, or a sum of them.</p>",
        escape(&corpus.source),
        env!("CARGO_PKG_VERSION")
    );
    render_facts(&mut html, corpus, &langs);
    render_how_to_read(&mut html, corpus, &langs);
    render_summary(&mut html, &corpus.languages, &langs);
    let ranked = ranked_entities(&corpus.coverage, &langs, TOP_PER_LANGUAGE, Ranked::Entities);
    render_ranking(
        &mut html,
        &corpus.coverage,
        &langs,
        &ranked,
        Ranked::Entities,
    );
    let places = ranked_entities(&corpus.coverage, &langs, TOP_PER_LANGUAGE, Ranked::Places);
    if !places.is_empty() {
        render_ranking(&mut html, &corpus.coverage, &langs, &places, Ranked::Places);
    }
    render_types(
        &mut html,
        &corpus.coverage,
        &corpus.languages,
        &langs,
        comma,
    );
    match &corpus.by_period {
        Some(by_period) => {
            let entities: Vec<String> = ranked
                .iter()
                .take(TIME_ENTITIES)
                .map(|(row, _)| {
                    corpus
                        .coverage
                        .cell(&corpus.coverage.rows[*row], "entity_id")
                        .to_owned()
                })
                .collect();
            render_over_time(&mut html, by_period, &langs, &entities, comma);
            render_differences(&mut html, by_period, &langs, comma);
        }
        None => html.push_str(
            "<h2>Coverage over time</h2>\n<p>This corpus has no <code>coverage_by_period.csv</code> (it was written by an older artnorm): run it again for the chart over time.</p>\n",
        ),
    }
    render_only_in(&mut html, &corpus.coverage, &langs);
    html.push_str("</body>\n</html>\n");
    html
}

fn legend(html: &mut String, langs: &[String], suffix: &str) {
    html.push_str("<ul class=\"legend\">");
    for (index, lang) in langs.iter().enumerate() {
        let _ = write!(
            html,
            "<li data-box><span class=\"swatch\" style=\"background:{}\"></span><span class=\"label\" data-label>{}{}</span></li>",
            color(index),
            escape(lang),
            escape(suffix)
        );
    }
    html.push_str("</ul>\n");
}

fn render_facts(html: &mut String, corpus: &Corpus, langs: &[String]) {
    html.push_str("<h2>This corpus</h2>\n<dl class=\"facts\">\n");
    let languages = &corpus.languages;
    let all = languages
        .rows
        .iter()
        .find(|r| languages.cell(r, "lang") == "all");
    match &corpus.facts {
        Some(facts) => {
            const SHOWN: usize = 8;
            let mut inputs: Vec<String> = facts
                .inputs
                .iter()
                .take(SHOWN)
                .map(|i| format!("<code>{}</code>", escape(i)))
                .collect();
            if facts.inputs.len() > SHOWN {
                inputs.push(format!("and {} more", facts.inputs.len() - SHOWN));
            }
            let _ = writeln!(
                html,
                "<dt>Inputs</dt><dd id=\"inputs\">{}</dd>",
                inputs.join(", ")
            );
            let _ = writeln!(
                html,
                "<dt>Gazetteer</dt><dd id=\"gazetteer\"><code>{}</code>, <span data-key=\"gazetteer_entities\">{}</span> entities, SHA-256 <code title=\"{}\" data-key=\"gazetteer_sha256\">{}…</code></dd>",
                escape(&facts.gazetteer.name),
                facts.gazetteer.entities,
                escape(&facts.gazetteer.sha256),
                escape(facts.gazetteer.sha256.get(..16).unwrap_or(&facts.gazetteer.sha256))
            );
            let dates = &facts.dates;
            let range = match (&dates.first, &dates.last) {
                (Some(first), Some(last)) => format!(
                    "<span data-key=\"first_date\">{}</span> to <span data-key=\"last_date\">{}</span>",
                    escape(first),
                    escape(last)
                ),
                _ => "no article has a date".to_owned(),
            };
            let _ = writeln!(
                html,
                "<dt>Dates</dt><dd id=\"dates\">{range} (<span data-key=\"dated_articles\">{}</span> dated articles, <span data-key=\"undated_articles\">{}</span> undated, among those counted); time is cut by {}</dd>",
                dates.dated_articles,
                dates.undated_articles,
                escape(&facts.period)
            );
        }
        None => html.push_str(
            "<dt>Inputs</dt><dd>not recorded (no <code>run.json</code>: the corpus was written by an older artnorm)</dd>\n",
        ),
    }
    let _ = writeln!(
        html,
        "<dt>Languages compared</dt><dd>{}</dd>",
        langs
            .iter()
            .map(|l| format!("<code>{}</code>", escape(l)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if languages.column("ambiguous_mentions").is_some() {
        let per_lang: Vec<String> = langs
            .iter()
            .filter_map(|l| {
                languages
                    .rows
                    .iter()
                    .find(|r| languages.cell(r, "lang") == l)
                    .map(|r| {
                        format!(
                            "{} <span data-lang=\"{}\" data-key=\"ambiguous_mentions\">{}</span>",
                            escape(l),
                            escape(l),
                            escape(languages.cell(r, "ambiguous_mentions"))
                        )
                    })
            })
            .collect();
        let total = all
            .map(|r| languages.cell(r, "ambiguous_mentions"))
            .unwrap_or("0");
        let _ = writeln!(
            html,
            "<dt>Left out</dt><dd id=\"ambiguous\"><span data-lang=\"all\" data-key=\"ambiguous_mentions\">{}</span> ambiguous mentions ({}): listed in <code>mentions.csv</code> with decision <code>ambiguous</code>, not counted in any table here</dd>",
            escape(total),
            per_lang.join(", ")
        );
    }
    html.push_str("</dl>\n");
}

fn render_how_to_read(html: &mut String, corpus: &Corpus, langs: &[String]) {
    let ok: Vec<String> = langs
        .iter()
        .filter_map(|l| {
            corpus
                .languages
                .rows
                .iter()
                .find(|r| corpus.languages.cell(r, "lang") == l)
                .map(|r| format!("{} in {}", corpus.languages.cell(r, "ok"), escape(l)))
        })
        .collect();
    let _ = writeln!(
        html,
        "<h2>How to read this</h2>\n<ul class=\"notes\">\n\
<li>Numbers compare languages as <strong>mentions per thousand articles</strong> of that language (articles counted: {}), so that a language with more articles does not look more interested.</li>\n\
<li>An article counts in the language it was detected in, and only when it is in scope and has text (status <code>ok</code>); a mention counts when the tagger could tell which entity it names.</li>\n\
<li>Over time, each rate is per thousand articles of that language <em>in that period</em>; a period with few articles swings widely, so the table of differences only compares periods with at least {MIN_PERIOD_ARTICLES} articles in each language. Articles without a date are counted in an <code>undated</code> row, not on the time axis.</li>\n\
<li>These are counts of names, not of stories' tone or importance: a club named in a results table counts like one in a headline.</li>\n</ul>",
        if ok.is_empty() { "none".to_owned() } else { ok.join(", ") }
    );
}

/// Human names of the columns of `languages.csv`.
fn metric_label(key: &str) -> &str {
    match key {
        "articles" => "articles",
        "ok" => "ok (counted)",
        "other_lang" => "other language",
        "und_lang" => "language unknown",
        "empty" => "empty",
        "error" => "error",
        "sentences" => "sentences",
        "mentions" => "mentions, all",
        "entities" => "distinct entities",
        "boilerplate_lines" => "boilerplate lines dropped",
        "windows_1252" => "decoded from Windows-1252",
        "ambiguous_mentions" => "ambiguous mentions left out",
        other => other,
    }
}

fn render_summary(html: &mut String, languages: &Table, scope: &[String]) {
    html.push_str("<h2>Run summary</h2>\n<p class=\"caption\">Articles by status and what was found in them, per detected language (<code>languages.csv</code>).</p>\n");
    // languages as columns, so that more languages make the table longer, never wider than the
    // page: past SUMMARY_COLUMNS they go on in another table
    let main = |row: &&Vec<String>| {
        let lang = languages.cell(row, "lang");
        lang == "all" || lang == "und" || scope.iter().any(|l| l == lang)
    };
    // the languages compared, `und` and the total first; the other detected languages after
    let first: Vec<&Vec<String>> = languages.rows.iter().filter(main).collect();
    let others: Vec<&Vec<String>> = languages.rows.iter().filter(|r| !main(r)).collect();
    let mut chunks: Vec<&[&Vec<String>]> = first.chunks(SUMMARY_COLUMNS).collect();
    if !others.is_empty() {
        chunks.extend(others.chunks(SUMMARY_COLUMNS));
    }
    let metrics: Vec<&String> = languages.header.iter().skip(1).collect();
    for (chunk_index, chunk) in chunks.into_iter().enumerate() {
        if chunk_index > 0
            && chunk.first().is_some_and(|r| !main(r))
            && others.first() == chunk.first()
        {
            html.push_str("<p class=\"caption\">Other languages detected (listed in <code>articles.csv</code>, not segmented or tagged):</p>\n");
        }
        let _ = write!(
            html,
            "<table data-box class=\"numbers summary\" id=\"summary{}\">\n<thead><tr><th>language</th>",
            if chunk_index == 0 {
                String::new()
            } else {
                format!("-{}", chunk_index + 1)
            }
        );
        for row in chunk {
            let lang = languages.cell(row, "lang");
            let class = if lang == "all" {
                " class=\"total\""
            } else if scope.iter().any(|l| l == lang) {
                " class=\"scope\""
            } else {
                ""
            };
            let _ = write!(
                html,
                "<th{class} data-label data-box data-lang=\"{0}\" data-key=\"lang\">{0}</th>",
                escape(lang)
            );
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for metric in &metrics {
            let _ = write!(
                html,
                "<tr><th scope=\"row\" data-label data-box>{}</th>",
                escape(metric_label(metric))
            );
            for row in chunk {
                let lang = languages.cell(row, "lang");
                let class = if lang == "all" {
                    " class=\"total\""
                } else {
                    ""
                };
                let _ = write!(
                    html,
                    "<td{class} data-label data-box data-lang=\"{}\" data-key=\"{}\">{}</td>",
                    escape(lang),
                    escape(metric),
                    escape(languages.cell(row, metric))
                );
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
    }
}

fn render_ranking(
    html: &mut String,
    coverage: &Table,
    langs: &[String],
    ranked: &[(usize, Vec<String>)],
    kind: Ranked,
) {
    let places = coverage
        .rows
        .iter()
        .filter(|r| is_place_type(coverage.cell(r, "type")))
        .count();
    let (chart_id, entity_class) = match kind {
        Ranked::Entities => {
            let apart = if places > 0 {
                format!(" Places (rows of a place type such as <code>PLACE</code> or <code>CITY</code>: countries, towns, the place sense of a name) are ranked apart, in the next chart ({places} in <code>coverage.csv</code>).")
            } else {
                String::new()
            };
            let _ = writeln!(
                html,
                "<h2>Most covered entities: mentions per thousand articles</h2>\n<p class=\"caption\">The {TOP_PER_LANGUAGE} entities with the highest rate in each language, together ({} entities), highest rate first. The type of each is under its name; hover a bar for its numbers.{apart}</p>",
                ranked.len()
            );
            ("ranking", "entity")
        }
        Ranked::Places => {
            let _ = writeln!(
                html,
                "<h2>Most covered places: mentions per thousand articles</h2>\n<p class=\"caption\">The same ranking over the {places} rows of a place type: the {TOP_PER_LANGUAGE} places with the highest rate in each language, together ({} places). A country's team and the country itself are different rows: the tagger decides which one a mention names.</p>",
                ranked.len()
            );
            ("places", "entity place")
        }
    };
    if ranked.is_empty() || langs.is_empty() {
        html.push_str("<p>No entity was mentioned.</p>\n");
        return;
    }
    legend(html, langs, " per thousand articles");
    let max = ranked
        .iter()
        .flat_map(|(row, _)| {
            langs
                .iter()
                .filter_map(|l| hundredths(coverage.cell(&coverage.rows[*row], &rate_column(l))))
        })
        .max()
        .unwrap_or(0);
    let _ = writeln!(html, "<div class=\"ranking\" id=\"{chart_id}\">");
    for (row_index, top_in) in ranked {
        let row = &coverage.rows[*row_index];
        let name = coverage.cell(row, "canonical");
        let id = coverage.cell(row, "entity_id");
        let _ = write!(
            html,
            "<div class=\"{entity_class}\" data-box data-entity=\"{}\" data-top=\"{}\"><span class=\"name\" data-label title=\"{}\">{}</span> <span class=\"type\" data-label>{}</span></div><div class=\"bars\" data-box>",
            escape(id),
            escape(&top_in.join(" ")),
            escape(name),
            escape(name),
            escape(coverage.cell(row, "type"))
        );
        for (lang_index, lang) in langs.iter().enumerate() {
            let value_text = coverage.cell(row, &rate_column(lang));
            let value = hundredths(value_text).unwrap_or(0);
            let fraction = if max > 0 {
                value as f64 / max as f64
            } else {
                0.0
            };
            let shown = if value_text.is_empty() {
                "–"
            } else {
                value_text
            };
            let _ = write!(
                html,
                "<div class=\"track\" data-box><span class=\"bar\" data-entity=\"{}\" data-lang=\"{}\" data-value=\"{}\" style=\"width:calc((100% - 5rem) * {fraction:.4});background:{}\" title=\"{} ({}): {} per thousand articles, {} mentions in {} articles\"></span><span class=\"value\" data-label>{}</span></div>",
                escape(id),
                escape(lang),
                escape(value_text),
                color(lang_index),
                escape(name),
                escape(lang),
                escape(shown),
                escape(coverage.cell(row, &format!("{lang}_mentions"))),
                escape(coverage.cell(row, &format!("{lang}_articles"))),
                escape(shown)
            );
        }
        html.push_str("</div>\n");
    }
    html.push_str("</div>\n");
}

fn render_types(
    html: &mut String,
    coverage: &Table,
    languages: &Table,
    langs: &[String],
    comma: bool,
) {
    // type -> (entities, mentions per language)
    let mut by_type: BTreeMap<String, (usize, Vec<u64>)> = BTreeMap::new();
    for row in &coverage.rows {
        let entry = by_type
            .entry(coverage.cell(row, "type").to_owned())
            .or_insert_with(|| (0, vec![0; langs.len()]));
        entry.0 += 1;
        for (total, lang) in entry.1.iter_mut().zip(langs) {
            *total += number(coverage.cell(row, &format!("{lang}_mentions"))) as u64;
        }
    }
    let ok: Vec<u64> = langs
        .iter()
        .map(|l| {
            languages
                .rows
                .iter()
                .find(|r| languages.cell(r, "lang") == l)
                .map(|r| number(languages.cell(r, "ok")) as u64)
                .unwrap_or(0)
        })
        .collect();
    html.push_str("<h2>Entity types: mentions per thousand articles</h2>\n<p class=\"caption\">All the mentions of each type's entities, per thousand articles of the language (the raw count beside it).</p>\n");
    for (chunk_index, chunk) in langs
        .iter()
        .enumerate()
        .collect::<Vec<_>>()
        .chunks(TYPE_LANGUAGES)
        .enumerate()
    {
        let _ = write!(
            html,
            "<table data-box class=\"numbers\" id=\"types{}\">\n<thead><tr><th data-label data-box>type</th><th data-label data-box>entities</th>",
            if chunk_index == 0 {
                String::new()
            } else {
                format!("-{}", chunk_index + 1)
            }
        );
        for (_, lang) in chunk {
            let _ = write!(
                html,
                "<th data-label data-box>{0} per thousand</th><th data-label data-box>{0} mentions</th>",
                escape(lang)
            );
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for (entity_type, (entities, mentions)) in &by_type {
            let _ = write!(
                html,
                "<tr><td data-label data-box data-type=\"{0}\">{0}</td><td data-type=\"{0}\" data-key=\"entities\">{1}</td>",
                escape(entity_type),
                entities
            );
            for (index, lang) in chunk {
                let rate = if ok[*index] > 0 {
                    decimal(
                        mentions[*index] as f64 * 1000.0 / ok[*index] as f64,
                        2,
                        comma,
                    )
                } else {
                    "–".to_owned()
                };
                let _ = write!(
                    html,
                    "<td data-type=\"{0}\" data-key=\"{1}_per_1000_articles\">{2}</td><td data-type=\"{0}\" data-key=\"{1}_mentions\">{3}</td>",
                    escape(entity_type),
                    escape(lang),
                    rate,
                    mentions[*index]
                );
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
    }
}

/// The periods of `coverage_by_period.csv` and each language's articles in them.
struct PeriodIndex {
    /// Dated periods in order.
    dated: Vec<String>,
    /// period -> `ok` articles per language.
    articles: HashMap<String, Vec<usize>>,
    /// (entity id, period) -> row.
    rows: HashMap<(String, String), usize>,
}

impl PeriodIndex {
    fn new(by_period: &Table, langs: &[String]) -> PeriodIndex {
        let mut dated = BTreeSet::new();
        let mut articles = HashMap::new();
        let mut rows = HashMap::new();
        for (index, row) in by_period.rows.iter().enumerate() {
            let period = by_period.cell(row, "period").to_owned();
            articles.entry(period.clone()).or_insert_with(|| {
                langs
                    .iter()
                    .map(|l| number(by_period.cell(row, &format!("{l}_period_articles"))) as usize)
                    .collect::<Vec<usize>>()
            });
            if period != periods::UNDATED {
                dated.insert(period.clone());
            }
            rows.insert((by_period.cell(row, "entity_id").to_owned(), period), index);
        }
        let dated: Vec<String> = dated.into_iter().collect();
        // the axis runs through every period of the span, so that time is evenly spaced and a
        // period without articles shows as a gap
        let dated = match (dated.first(), dated.last()) {
            (Some(first), Some(last)) => {
                periods::periods_between(first, last, MAX_AXIS_PERIODS).unwrap_or(dated)
            }
            _ => dated,
        };
        PeriodIndex {
            dated,
            articles,
            rows,
        }
    }
}

fn render_over_time(
    html: &mut String,
    by_period: &Table,
    langs: &[String],
    entities: &[String],
    comma: bool,
) {
    let index = PeriodIndex::new(by_period, langs);
    let _ = writeln!(
        html,
        "<h2>Coverage over time</h2>\n<p class=\"caption\">The {} most covered entities of the chart above: mentions per thousand articles of each language, period by period (<code>coverage_by_period.csv</code>). Each panel has its own scale, from 0 to the highest rate shown on it; a gap is a period in which no article of that language mentions any entity. A faint dot is a period with fewer than {MIN_PERIOD_ARTICLES} articles of that language, whose rate one article swings: it is not joined to the line and does not set the scale (drawn at the top when above it; hover it for its value).</p>",
        entities.len()
    );
    if index.dated.is_empty() || entities.is_empty() {
        html.push_str("<p id=\"no-dates\">No counted article has a date, so there is nothing to draw over time; the undated counts are in <code>coverage_by_period.csv</code>.</p>\n");
        return;
    }
    legend(html, langs, "");
    const WIDTH: f64 = 1000.0;
    const HEIGHT: f64 = 300.0;
    // a margin inside the plot keeps the dots of the first and last periods whole
    const MARGIN: f64 = 15.0;
    let slot = (WIDTH - 2.0 * MARGIN) / index.dated.len() as f64;
    html.push_str("<div class=\"cards\" id=\"over-time\">\n");
    for entity in entities {
        // rate per language and period, with the period's articles of the language: None where
        // the language has no article in the period
        let series: Vec<Vec<Option<(i64, String, usize)>>> = langs
            .iter()
            .map(|lang| {
                index
                    .dated
                    .iter()
                    .map(|period| {
                        let lang_index = langs.iter().position(|l| l == lang).unwrap_or(0);
                        let articles = index.articles.get(period).map_or(0, |a| a[lang_index]);
                        if articles == 0 {
                            return None;
                        }
                        match index.rows.get(&(entity.clone(), period.clone())) {
                            Some(&row) => {
                                let cell = by_period.cell(&by_period.rows[row], &rate_column(lang));
                                Some((hundredths(cell).unwrap_or(0), cell.to_owned(), articles))
                            }
                            None => Some((0, decimal(0.0, 2, comma), articles)),
                        }
                    })
                    .collect()
            })
            .collect();
        // the scale is set by the periods with enough articles (a single article mentioning a
        // name nine times is 9,000 per thousand, and would flatten every other point), unless
        // no period has enough
        let enough = |articles: usize| articles >= MIN_PERIOD_ARTICLES;
        let points = || series.iter().flatten().flatten();
        let max = if points().any(|(_, _, a)| enough(*a)) {
            points()
                .filter(|(_, _, a)| enough(*a))
                .map(|(v, _, _)| *v)
                .max()
        } else {
            points().map(|(v, _, _)| *v).max()
        }
        .unwrap_or(0)
        .max(1);
        let any_enough = points().any(|(_, _, a)| enough(*a));
        // a point that does not set the scale is faint and off the line
        let faint = |articles: usize| any_enough && !enough(articles);
        let any_row = index
            .rows
            .iter()
            .find(|((e, _), _)| e == entity)
            .map(|(_, &row)| &by_period.rows[row]);
        let name = any_row.map_or("", |r| by_period.cell(r, "canonical"));
        let entity_type = any_row.map_or("", |r| by_period.cell(r, "type"));
        let _ = write!(
            html,
            "<figure class=\"card\" data-box data-entity=\"{}\"><figcaption data-box><span class=\"name\" data-label title=\"{}\">{}</span> <span class=\"type\" data-label>{}</span></figcaption>\n<div class=\"axis top\" data-box><span data-label>scale 0 to {} per thousand</span></div>\n<svg class=\"plot\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{} over time, per thousand articles, by language\">",
            escape(entity),
            escape(name),
            escape(name),
            escape(entity_type),
            hundredths_text(max, comma),
            escape(name)
        );
        let y = |v: i64| HEIGHT - 20.0 - (v.min(max) as f64 / max as f64) * (HEIGHT - 40.0);
        for (lang_index, points) in series.iter().enumerate() {
            let stroke = color(lang_index);
            // a line through consecutive periods with articles; a gap where there are none
            let mut run: Vec<String> = Vec::new();
            let flush = |run: &mut Vec<String>, html: &mut String| {
                if run.len() > 1 {
                    let _ = write!(
                        html,
                        "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\" vector-effect=\"non-scaling-stroke\"/>",
                        run.join(" ")
                    );
                }
                run.clear();
            };
            for (period_index, point) in points.iter().enumerate() {
                match point {
                    Some((_, _, articles)) if faint(*articles) => flush(&mut run, html),
                    Some((value, _, _)) => run.push(format!(
                        "{:.1},{:.1}",
                        MARGIN + (period_index as f64 + 0.5) * slot,
                        y(*value)
                    )),
                    None => flush(&mut run, html),
                }
            }
            flush(&mut run, html);
            for (period_index, point) in points.iter().enumerate() {
                if let Some((value, text, articles)) = point {
                    let x = MARGIN + (period_index as f64 + 0.5) * slot;
                    let (few, note) = if faint(*articles) {
                        (
                            " data-few",
                            format!(" ({articles} articles: too few to compare)"),
                        )
                    } else {
                        ("", String::new())
                    };
                    let _ = write!(
                        html,
                        "<line class=\"dot\" x1=\"{x:.1}\" y1=\"{0:.1}\" x2=\"{x:.1}\" y2=\"{0:.1}\" stroke=\"{stroke}\" data-entity=\"{1}\" data-lang=\"{2}\" data-period=\"{3}\" data-value=\"{4}\" data-articles=\"{articles}\"{few}><title>{5}, {3} ({2}): {4} per thousand articles{note}</title></line>",
                        y(*value),
                        escape(entity),
                        escape(&langs[lang_index]),
                        escape(&index.dated[period_index]),
                        escape(text),
                        escape(name)
                    );
                }
            }
        }
        html.push_str("</svg>\n");
        let _ = write!(
            html,
            "<div class=\"axis\" data-box><span data-label>{}</span><span data-label>{}</span></div>",
            escape(&index.dated[0]),
            escape(index.dated.last().map(String::as_str).unwrap_or(""))
        );
        if let Some(&row) = index
            .rows
            .get(&(entity.clone(), periods::UNDATED.to_owned()))
        {
            let row = &by_period.rows[row];
            let parts: Vec<String> = langs
                .iter()
                .map(|l| {
                    let cell = by_period.cell(row, &rate_column(l));
                    format!("{} {}", escape(l), if cell.is_empty() { "–" } else { cell })
                })
                .collect();
            let _ = write!(
                html,
                "<p class=\"undated\" data-label data-box>undated: {}</p>",
                parts.join(" · ")
            );
        }
        html.push_str("</figure>\n");
    }
    html.push_str("</div>\n");
}

fn render_differences(html: &mut String, by_period: &Table, langs: &[String], comma: bool) {
    html.push_str("<h2>Where the languages differ most</h2>\n");
    if langs.len() < 2 {
        html.push_str("<p>One language only: nothing to compare.</p>\n");
        return;
    }
    let rows = differences(by_period, langs, DIFFER_ROWS);
    let _ = writeln!(
        html,
        "<p class=\"caption\">The entities and periods with the largest gap between two languages' rates (mentions per thousand articles of the language in the period), among periods with at least {MIN_PERIOD_ARTICLES} articles in each language compared.</p>"
    );
    if rows.is_empty() {
        let _ = writeln!(
            html,
            "<p id=\"no-differences\">No dated period has {MIN_PERIOD_ARTICLES} or more articles in two languages, so no rate is steady enough to compare.</p>"
        );
        return;
    }
    html.push_str("<table data-box class=\"numbers\" id=\"differences\">\n<thead><tr><th data-label data-box>entity</th><th data-label data-box>period</th><th data-label data-box>higher in</th><th data-label data-box>rate</th><th data-label data-box>lower in</th><th data-label data-box>rate</th><th data-label data-box>gap</th></tr></thead>\n<tbody>\n");
    for difference in &rows {
        let row = &by_period.rows[difference.row];
        let detail = |lang: &str| {
            format!(
                "{} mentions in {} articles",
                escape(by_period.cell(row, &format!("{lang}_mentions"))),
                escape(by_period.cell(row, &format!("{lang}_period_articles")))
            )
        };
        let _ = writeln!(
            html,
            "<tr data-entity=\"{}\" data-period=\"{}\"><td data-label data-box><span class=\"name\">{}</span> <span class=\"type\">{}</span></td><td data-label data-box>{}</td><td data-label data-box>{}</td><td data-label data-box data-key=\"high\" title=\"{}\">{}</td><td data-label data-box>{}</td><td data-label data-box data-key=\"low\" title=\"{}\">{}</td><td data-label data-box data-key=\"gap\">{}</td></tr>",
            escape(&difference.entity_id),
            escape(&difference.period),
            escape(&difference.canonical),
            escape(&difference.entity_type),
            escape(&difference.period),
            escape(&difference.high.0),
            detail(&difference.high.0),
            escape(by_period.cell(row, &rate_column(&difference.high.0))),
            escape(&difference.low.0),
            detail(&difference.low.0),
            escape(by_period.cell(row, &rate_column(&difference.low.0))),
            hundredths_text(difference.gap(), comma)
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

fn render_only_in(html: &mut String, coverage: &Table, langs: &[String]) {
    html.push_str("<h2>Covered in one language only</h2>\n<div class=\"columns\">\n");
    for lang in langs {
        let only: Vec<&Vec<String>> = coverage
            .rows
            .iter()
            .filter(|r| coverage.cell(r, "only_in") == lang)
            .collect();
        let _ = writeln!(
            html,
            "<div class=\"only\" id=\"only-{0}\" data-box><h3>Only in {0} ({1} entities)</h3>\n<ol>",
            escape(lang),
            only.len()
        );
        for row in only.iter().take(ONLY_IN_LISTED) {
            let _ = writeln!(
                html,
                "<li data-entity=\"{}\" data-label>{} <span class=\"type\">{}</span>: {} mentions in {} articles</li>",
                escape(coverage.cell(row, "entity_id")),
                escape(coverage.cell(row, "canonical")),
                escape(coverage.cell(row, "type")),
                escape(coverage.cell(row, &format!("{lang}_mentions"))),
                escape(coverage.cell(row, &format!("{lang}_articles")))
            );
        }
        html.push_str("</ol>\n");
        if only.len() > ONLY_IN_LISTED {
            let _ = writeln!(
                html,
                "<p class=\"more\">and {} more in <code>coverage.csv</code></p>",
                only.len() - ONLY_IN_LISTED
            );
        }
        html.push_str("</div>\n");
    }
    html.push_str("</div>\n");
}

/// The page's style. No width is fixed: the body is at most 80rem wide and shrinks with the
/// window, tables take the width they are given and wrap their headings, names wrap anywhere
/// rather than being cut, and the bars are fractions of their row.
const STYLE: &str = "*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0 auto; max-width: 80rem; color: #1a202c; padding: 1rem 1.5rem 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .3rem; }
h3 { font-size: 1rem; margin: .3rem 0; }
.source, .caption { color: #4a5568; } .caption { margin-top: 0; font-size: .9rem; }
code { overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr); gap: .25rem 1rem; margin: 0; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.notes li { margin-bottom: .3rem; }
table.numbers { border-collapse: collapse; font-size: .85rem; width: 100%; margin: .5rem 0 1rem; }
table.numbers th, table.numbers td { border: 1px solid #e2e8f0; padding: .25rem .5rem; text-align: right; overflow-wrap: anywhere; }
table.numbers th { background: #f7fafc; font-weight: 600; overflow-wrap: normal; }
table.numbers td:first-child { overflow-wrap: anywhere; }
table.numbers th:first-child, table.numbers td:first-child { text-align: left; }
table.summary tbody th { font-weight: normal; text-align: left; }
.total { font-weight: bold; background: #edf2f7; } th.scope { color: #2b6cb0; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; list-style: none; padding: 0; margin: .5rem 0; font-size: .85rem; }
.legend li { display: flex; align-items: center; gap: .35rem; min-width: 0; }
.swatch { width: .9rem; height: .9rem; flex: none; border-radius: 2px; }
.ranking { display: grid; grid-template-columns: minmax(7rem, 28%) minmax(0, 1fr); gap: .5rem 1rem; align-items: center; }
.entity { min-width: 0; overflow-wrap: anywhere; font-size: .9rem; }
.name { font-weight: 600; } .type { color: #718096; font-size: .75rem; overflow-wrap: anywhere; }
.bars { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.track { display: flex; align-items: center; gap: .3rem; min-height: .95rem; min-width: 0; }
.bar { display: block; height: .8rem; flex: none; border-radius: 0 2px 2px 0; }
.value { font-size: .75rem; color: #4a5568; white-space: nowrap; flex: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); gap: 1rem; }
.card { border: 1px solid #e2e8f0; border-radius: 4px; padding: .6rem .7rem; margin: 0; min-width: 0; }
.card figcaption { overflow-wrap: anywhere; margin-bottom: .2rem; }
.plot { display: block; width: 100%; height: 7rem; background: #f7fafc; border-bottom: 1px solid #cbd5e0; }
.plot .dot { stroke-width: 6px; stroke-linecap: round; vector-effect: non-scaling-stroke; }
.plot .dot[data-few] { stroke-opacity: .3; }
.axis { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 0 .5rem; font-size: .75rem; color: #4a5568; }
.undated { font-size: .75rem; color: #4a5568; margin: .3rem 0 0; overflow-wrap: anywhere; }
.columns { display: flex; gap: 2rem; flex-wrap: wrap; } .only { flex: 1 1 18rem; min-width: 0; overflow-wrap: anywhere; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_any_dialect() {
        let excel = "\u{FEFF}entity_id;canonical;en_per_1000_articles\r\nx;'=cmd;12,50\r\n";
        let table = Table::parse(excel.as_bytes()).unwrap();
        assert_eq!(
            table.header,
            ["entity_id", "canonical", "en_per_1000_articles"]
        );
        assert_eq!(table.rows[0], ["x", "=cmd", "12,50"]);
        assert_eq!(number(&table.rows[0][2]), 12.5);
        assert!(table.decimal_comma());
        let plain = Table::parse(b"a,b\n'x,\"1,5\"\n").unwrap();
        assert_eq!(plain.rows[0], ["'x", "1,5"]);
        assert!(!plain.decimal_comma());
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<b>\"R&D\"</b>'"),
            "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;&#39;"
        );
    }

    #[test]
    fn hundredths_are_exact() {
        assert_eq!(hundredths("833,33"), Some(83_333));
        assert_eq!(hundredths("0.29"), Some(29));
        assert_eq!(hundredths(""), None);
        assert_eq!(hundredths_text(83_333 - 29, true), "833,04");
        assert_eq!(hundredths_text(5, false), "0.05");
        assert_eq!(hundredths_text(-105, false), "-1.05");
    }

    fn coverage_table(rows: &[(&str, &str, &str)]) -> Table {
        let mut csv = String::from("entity_id,canonical,type,en_articles,en_mentions,it_articles,it_mentions,en_per_1000_articles,it_per_1000_articles\n");
        for (id, en, it) in rows {
            let _ = writeln!(csv, "{id},{id},CLUB,1,1,1,1,{en},{it}");
        }
        Table::parse(csv.as_bytes()).unwrap()
    }

    #[test]
    fn ranking_is_the_union_of_each_languages_top_by_rate() {
        let langs = vec!["en".to_owned(), "it".to_owned()];
        // raw order (as in coverage.csv, by mentions) is not the order of rates
        let table = coverage_table(&[
            ("a", "10.00", "1.00"),
            ("b", "50.00", "0.00"),
            ("c", "1.00", "90.00"),
            ("d", "2.00", "80.00"),
            ("e", "", "70.00"),
        ]);
        let ranked = ranked_entities(&table, &langs, 2, Ranked::Entities);
        let ids: Vec<(&str, Vec<String>)> = ranked
            .iter()
            .map(|(row, top)| (table.rows[*row][0].as_str(), top.clone()))
            .collect();
        assert_eq!(
            ids,
            [
                ("c", vec!["it".to_owned()]),
                ("d", vec!["it".to_owned()]),
                ("b", vec!["en".to_owned()]),
                ("a", vec!["en".to_owned()]),
            ]
        );
    }

    #[test]
    fn places_are_ranked_apart_from_the_other_entities() {
        let csv = "entity_id,canonical,type,en_articles,en_mentions,it_articles,it_mentions,en_per_1000_articles,it_per_1000_articles\n\
            italy,Italy,NATIONAL_TEAM,1,1,1,1,5.00,5.00\n\
            place_italy,Italy,PLACE,1,1,1,1,90.00,99.00\n\
            rome,Rome,city,1,1,1,1,1.00,0.00\n\
            kaka,Kaká,PLAYER,1,1,1,1,0.00,7.00\n";
        let table = Table::parse(csv.as_bytes()).unwrap();
        let langs = vec!["en".to_owned(), "it".to_owned()];
        let ids = |ranked: Ranked| -> Vec<String> {
            ranked_entities(&table, &langs, 10, ranked)
                .iter()
                .map(|(row, _)| table.rows[*row][0].clone())
                .collect()
        };
        assert_eq!(ids(Ranked::Entities), ["kaka", "italy"]);
        assert_eq!(ids(Ranked::Places), ["place_italy", "rome"]);
        assert!(is_place_type("PLACE") && is_place_type("city") && !is_place_type("CLUB"));
    }

    #[test]
    fn differences_need_enough_articles_in_both_languages() {
        let csv = "entity_id,canonical,type,period,en_articles,en_mentions,it_articles,it_mentions,en_per_1000_articles,it_per_1000_articles,en_period_articles,it_period_articles\n\
            a,A,CLUB,2025-01,1,1,1,9,100.00,900.00,10,10\n\
            a,A,CLUB,2025-02,1,9,0,0,900.00,0.00,10,9\n\
            b,B,CLUB,2025-01,2,2,1,1,200.00,100.00,10,10\n\
            b,B,CLUB,undated,5,5,0,0,5000.00,0.00,1000,1000\n";
        let table = Table::parse(csv.as_bytes()).unwrap();
        let langs = vec!["en".to_owned(), "it".to_owned()];
        let found = differences(&table, &langs, 10);
        let shown: Vec<(&str, &str, &str, i64)> = found
            .iter()
            .map(|d| {
                (
                    d.entity_id.as_str(),
                    d.period.as_str(),
                    d.high.0.as_str(),
                    d.gap(),
                )
            })
            .collect();
        // a in 2025-02 has only 9 Italian articles; the undated row is not a period
        assert_eq!(
            shown,
            [
                ("a", "2025-01", "it", 80_000),
                ("b", "2025-01", "en", 10_000)
            ]
        );
    }

    #[test]
    fn date_facts_combine() {
        let a = DateFacts {
            first: Some("2025-02".into()),
            last: Some("2025-03-01".into()),
            dated_articles: 2,
            undated_articles: 1,
        };
        let b = DateFacts {
            first: Some("2024-12-31".into()),
            last: Some("2025-02-10".into()),
            dated_articles: 3,
            undated_articles: 0,
        };
        let both = a.combine(&b);
        assert_eq!(both.first.as_deref(), Some("2024-12-31"));
        assert_eq!(both.last.as_deref(), Some("2025-03-01"));
        assert_eq!((both.dated_articles, both.undated_articles), (5, 1));
        assert_eq!(a.combine(&DateFacts::default()), a);
    }

    #[test]
    fn sha256_of_known_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
