//! Merging shards into the corpus one run makes, and telling which shards are still to do.
//!
//! Shard `i` of a [`Plan`](crate::shard::Plan) reads a contiguous run of its units, so one
//! run's rows are the shards' rows in shard order: `articles.csv`, `sentences.csv` and
//! `mentions.csv` are the shards' files concatenated, byte for byte, each header but the first
//! skipped. `coverage.csv` and `languages.csv` are not concatenated (a shard's totals are not
//! the corpus's): they are rebuilt from the merged rows, through the same
//! [`Tally`](crate::coverage::Tally) and writer that a run uses, so they are the run's to the
//! byte. Nothing is taken from counters kept in memory by the shards.
//!
//! A merge is refused, naming the shards, when any is missing, unfinished (no `_SUCCESS`, or a
//! file that is not as the marker recorded it), duplicated, or made by another configuration:
//! each of those would give a corpus that no single run makes.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::coverage::{write_tables, Tally};
use crate::error::{Error, Result};
use crate::model::{ArticleCounts, Decision, EntityDirectory, Status};
use crate::output::{AtomicFile, Dialect, OutputSet};
use crate::shard::{array_expression, Marker, MARKER};

/// The row files that are concatenated.
const ROW_FILES: [&str; 3] = ["articles.csv", "sentences.csv", "mentions.csv"];

/// The shard directories that `dirs` names: the directories themselves, or, when a single
/// directory is given that is not a shard itself (no marker, no `articles.csv`), its
/// subdirectories in name order (hidden ones and `exclude` aside).
pub fn shard_dirs(dirs: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<PathBuf>> {
    let is_shard = |dir: &Path| dir.join(MARKER).exists() || dir.join("articles.csv").exists();
    for dir in dirs {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is not a directory of shards",
                dir.display()
            )));
        }
    }
    if dirs.len() != 1 || is_shard(&dirs[0]) {
        return Ok(dirs.to_vec());
    }
    let parent = &dirs[0];
    let excluded = exclude.and_then(|e| e.canonicalize().ok());
    let entries = std::fs::read_dir(parent)
        .map_err(|e| Error::io(format!("listing {}", parent.display()), e))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("listing {}", parent.display()), e))?;
        let path = entry.path();
        let hidden = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'));
        if hidden || !path.is_dir() {
            continue;
        }
        if excluded.is_some() && path.canonicalize().ok() == excluded {
            continue;
        }
        found.push(path);
    }
    found.sort();
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds no shard directories",
            parent.display()
        )));
    }
    Ok(found)
}

/// What a look at the shard directories found.
#[derive(Debug, Default)]
pub struct Survey {
    /// The marker most finished shards agree on (the run being merged), if any shard finished.
    pub reference: Option<Marker>,
    /// The shard count: the reference's, or the caller's when no shard finished.
    pub shards: Option<usize>,
    /// Finished shards of the reference run, by index (more than one directory for an index
    /// is a duplicate).
    pub finished: Vec<(usize, Vec<PathBuf>)>,
    /// Directories without a valid marker, and why.
    pub unfinished: Vec<(PathBuf, String)>,
    /// Finished directories of another run, and how it differs.
    pub mismatched: Vec<(PathBuf, String)>,
    /// Shard indices of the reference run that no directory holds finished.
    pub missing: Vec<usize>,
}

impl Survey {
    /// Looks at every directory: its marker, and whether its files are as the marker says.
    /// `shards` is the expected count, for when no shard has finished yet.
    pub fn of(dirs: &[PathBuf], shards: Option<usize>) -> Survey {
        let mut survey = Survey::default();
        let mut markers: Vec<(PathBuf, Marker)> = Vec::new();
        for dir in dirs {
            match Marker::read(dir) {
                Ok(Some(marker)) => match marker.outputs_intact(dir) {
                    Ok(()) => markers.push((dir.clone(), marker)),
                    Err(why) => survey.unfinished.push((dir.clone(), why)),
                },
                Ok(None) => survey
                    .unfinished
                    .push((dir.clone(), format!("no {MARKER} marker"))),
                Err(error) => survey.unfinished.push((dir.clone(), error.to_string())),
            }
        }
        // the run most shards belong to is the one being merged
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (index, (_, marker)) in markers.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|g| markers[g[0]].1.differences(marker).is_empty())
            {
                Some(group) => group.push(index),
                None => groups.push(vec![index]),
            }
        }
        let largest = groups
            .iter()
            .enumerate()
            .max_by_key(|(position, g)| (g.len(), std::cmp::Reverse(*position)))
            .map(|(position, _)| position);
        if let Some(largest) = largest {
            let reference = markers[groups[largest][0]].1.clone();
            for (position, group) in groups.iter().enumerate() {
                for &index in group {
                    let (dir, marker) = &markers[index];
                    if position == largest {
                        match survey.finished.iter_mut().find(|(i, _)| *i == marker.shard) {
                            Some((_, dirs)) => dirs.push(dir.clone()),
                            None => survey.finished.push((marker.shard, vec![dir.clone()])),
                        }
                    } else {
                        let differences = marker.differences(&reference).join(", ");
                        survey.mismatched.push((
                            dir.clone(),
                            format!(
                                "shard {}/{} of another run than {} (it differs in {differences})",
                                marker.shard,
                                marker.shards,
                                markers[groups[largest][0]].0.display()
                            ),
                        ));
                    }
                }
            }
            survey.shards = Some(reference.shards);
            survey.reference = Some(reference);
        } else {
            survey.shards = shards;
        }
        survey.finished.sort();
        if let Some(count) = survey.shards {
            survey.missing = (0..count)
                .filter(|i| !survey.finished.iter().any(|(f, _)| f == i))
                .collect();
        }
        survey
    }

    /// Every reason the shards cannot be merged, one per line; empty when they can.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.reference.is_none() {
            problems.push("no finished shard".to_owned());
        }
        for (dir, why) in &self.unfinished {
            problems.push(format!("unfinished shard {}: {why}", dir.display()));
        }
        for (dir, why) in &self.mismatched {
            problems.push(format!("mismatched shard {}: {why}", dir.display()));
        }
        for (index, dirs) in &self.finished {
            if dirs.len() > 1 {
                let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
                problems.push(format!(
                    "shard {index} is in more than one directory: {}",
                    names.join(", ")
                ));
            }
        }
        if !self.missing.is_empty() {
            problems.push(format!(
                "missing shards {} of {} (resubmit with --array={})",
                self.missing
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                self.shards.unwrap_or(0),
                array_expression(&self.missing)
            ));
        }
        problems
    }

    /// The report of `artnorm status`.
    pub fn status_text(&self) -> String {
        let mut text = String::new();
        match self.shards {
            Some(count) => text.push_str(&format!("shards: {count}\n")),
            None => text.push_str(
                "shards: unknown (no shard has finished; give --shards N to list the missing)\n",
            ),
        }
        let finished: Vec<usize> = self.finished.iter().map(|(i, _)| *i).collect();
        text.push_str(&format!(
            "finished: {} ({})\n",
            finished.len(),
            if finished.is_empty() {
                "none".to_owned()
            } else {
                array_expression(&finished)
            }
        ));
        for (index, dirs) in &self.finished {
            for dir in dirs {
                text.push_str(&format!("  shard {index}: {}\n", dir.display()));
            }
        }
        for (dir, why) in &self.unfinished {
            text.push_str(&format!("unfinished: {} ({why})\n", dir.display()));
        }
        for (dir, why) in &self.mismatched {
            text.push_str(&format!("mismatched: {} ({why})\n", dir.display()));
        }
        if self.shards.is_some() {
            text.push_str(&format!(
                "missing: {}\n",
                if self.missing.is_empty() {
                    "none".to_owned()
                } else {
                    array_expression(&self.missing)
                }
            ));
        }
        text
    }
}

/// What `artnorm merge` is asked for beyond the directories.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// The dialect asked for on the command line (`--excel`, `--delimiter`), if any: it must be
    /// the shards' own, since the rows are copied as they were written.
    pub excel: Option<bool>,
    pub delimiter: Option<u8>,
    /// Also write `report.html`.
    pub report: bool,
    /// The periods of `coverage_by_period.csv`: the shards' `--period`.
    pub period: crate::periods::Period,
}

/// What a merge wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeSummary {
    pub shards: usize,
    pub articles: usize,
}

/// Merges the finished shards in `dirs` (see [`shard_dirs`]) into `out`.
pub fn merge(dirs: &[PathBuf], out: &Path, options: &MergeOptions) -> Result<MergeSummary> {
    merge_and(dirs, out, options, |_| Ok(()))
}

/// Like [`merge`], and `before_commit` adds files (a workbook) to the merged set, in the
/// directory it is given, before the set replaces the files of `out` as a whole.
pub fn merge_and(
    dirs: &[PathBuf],
    out: &Path,
    options: &MergeOptions,
    before_commit: impl FnOnce(&Path) -> Result<()>,
) -> Result<MergeSummary> {
    let dirs = shard_dirs(dirs, Some(out))?;
    let out_canonical = out.canonicalize().ok();
    if let Some(shard) = dirs
        .iter()
        .find(|d| out_canonical.is_some() && d.canonicalize().ok() == out_canonical)
    {
        return Err(Error::Usage(format!(
            "the output directory {} is one of the shards",
            shard.display()
        )));
    }
    let survey = Survey::of(&dirs, None);
    let problems = survey.problems();
    if !problems.is_empty() {
        return Err(Error::Usage(format!(
            "cannot merge: {}",
            problems.join("; ")
        )));
    }
    let reference = survey
        .reference
        .as_ref()
        .expect("a merge without problems has a reference");
    let configuration = &reference.configuration;
    let dialect = Dialect {
        delimiter: configuration.delimiter.bytes().next().unwrap_or(b','),
        excel: configuration.excel,
        formula_guard: configuration.formula_guard,
    };
    if options.excel.is_some_and(|e| e != dialect.excel)
        || options.delimiter.is_some_and(|d| d != dialect.delimiter)
    {
        return Err(Error::Usage(format!(
            "the shards were written with --delimiter {:?}{}: merge copies their rows as they \
             are, so give it the same --excel and --delimiter (or neither)",
            configuration.delimiter,
            if dialect.excel {
                " and --excel"
            } else {
                " without --excel"
            }
        )));
    }
    let ordered: Vec<&Path> = survey
        .finished
        .iter()
        .map(|(_, dirs)| dirs[0].as_path())
        .collect();

    // the merged files are one output set, swapped in whole (see [`OutputSet`])
    let set = OutputSet::begin(out)?;
    let staging = set.staging_dir();
    let mut row_files = Vec::new();
    for name in ROW_FILES {
        row_files.push(concatenate(&ordered, name, staging, dialect)?);
    }
    let (tally, periods, entities, articles) =
        tally_rows(&ordered, dialect, &configuration.langs, options.period)?;
    let (coverage, languages, _) = write_tables(staging, dialect, &tally, &entities)?;
    let by_period = crate::periods::write_table(staging, dialect, &periods, &entities)?;
    for file in row_files {
        file.commit()?;
    }
    coverage.finish()?;
    languages.finish()?;
    by_period.finish()?;
    if options.report {
        crate::report::write_report(staging)?;
    }
    before_commit(staging)?;
    set.commit()?;
    Ok(MergeSummary {
        shards: ordered.len(),
        articles,
    })
}

/// `name` of every shard, in order, into `out/name` (not yet committed): the first header and
/// every shard's rows as bytes.
fn concatenate(shards: &[&Path], name: &str, out: &Path, dialect: Dialect) -> Result<AtomicFile> {
    let target = out.join(name);
    let context = |e: io::Error| Error::io(format!("writing {}", target.display()), e);
    let mut file = AtomicFile::create(&target)?;
    let mut header: Option<Vec<u8>> = None;
    for shard in shards {
        let path = shard.join(name);
        let reading = |e: io::Error| Error::io(format!("reading {}", path.display()), e);
        let mut reader = BufReader::with_capacity(1 << 20, File::open(&path).map_err(reading)?);
        let mut first = Vec::new();
        reader.read_until(b'\n', &mut first).map_err(reading)?;
        let bom_ok = !dialect.excel || first.starts_with(b"\xEF\xBB\xBF");
        match &header {
            None if bom_ok => {
                file.write_all(&first).map_err(context)?;
                header = Some(first);
            }
            Some(h) if *h == first => {}
            _ => {
                return Err(Error::Usage(format!(
                    "{} does not start with the header of the other shards' {name}",
                    path.display()
                )))
            }
        }
        io::copy(&mut reader, &mut file).map_err(context)?;
    }
    Ok(file)
}

/// The entities that merged mentions point at, numbered as they are first met.
#[derive(Debug, Default)]
struct ReadBackEntities {
    by_id: HashMap<String, usize>,
    labels: Vec<(String, String, String)>,
}

impl ReadBackEntities {
    fn index(&mut self, id: &str, canonical: &str, entity_type: &str) -> usize {
        if let Some(&index) = self.by_id.get(id) {
            return index;
        }
        let index = self.labels.len();
        self.by_id.insert(id.to_owned(), index);
        self.labels
            .push((id.to_owned(), canonical.to_owned(), entity_type.to_owned()));
        index
    }
}

impl EntityDirectory for ReadBackEntities {
    fn entity_id(&self, index: usize) -> &str {
        &self.labels[index].0
    }
    fn canonical(&self, index: usize) -> &str {
        &self.labels[index].1
    }
    fn entity_type(&self, index: usize) -> &str {
        &self.labels[index].2
    }
}

/// A cell as it was before the formula guard prefixed its `'`.
fn unguard(cell: &str, dialect: Dialect) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if dialect.formula_guard && rest.starts_with(['=', '+', '-', '@', '\t', '\r']) =>
        {
            rest
        }
        _ => cell,
    }
}

/// A CSV file of a shard, read in its dialect, with its header's column positions.
struct RowReader {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read>>,
    columns: Vec<String>,
}

impl RowReader {
    fn open(path: PathBuf, dialect: Dialect) -> Result<RowReader> {
        let reading = |e: io::Error| Error::io(format!("reading {}", path.display()), e);
        let mut file = BufReader::with_capacity(1 << 20, File::open(&path).map_err(reading)?);
        if file
            .fill_buf()
            .map_err(reading)?
            .starts_with(b"\xEF\xBB\xBF")
        {
            file.consume(3);
        }
        let boxed: Box<dyn Read> = Box::new(file);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(boxed);
        let columns = reader
            .headers()
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?
            .iter()
            .map(str::to_owned)
            .collect();
        Ok(RowReader {
            path,
            reader,
            columns,
        })
    }

    fn column(&self, name: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| Error::Usage(format!("{} has no {name} column", self.path.display())))
    }

    fn next(&mut self, record: &mut csv::StringRecord) -> Result<bool> {
        self.reader
            .read_record(record)
            .map_err(|e| Error::Usage(format!("{}: {e}", self.path.display())))
    }

    fn bad(&self, record: &csv::StringRecord, why: &str) -> Error {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        Error::Usage(format!("{} line {line}: {why}", self.path.display()))
    }
}

/// The coverage tally of the shards' rows, the entities their mentions name, and the number
/// of articles.
fn tally_rows(
    shards: &[&Path],
    dialect: Dialect,
    langs: &[String],
    period: crate::periods::Period,
) -> Result<(Tally, crate::periods::PeriodTally, ReadBackEntities, usize)> {
    let mut tally = Tally::new(langs);
    let mut periods = crate::periods::PeriodTally::new(langs, period);
    let mut entities = ReadBackEntities::default();
    let mut count = 0usize;
    let mut article = csv::StringRecord::new();
    let mut mention = csv::StringRecord::new();
    for shard in shards {
        let mut articles = RowReader::open(shard.join("articles.csv"), dialect)?;
        let mut mentions = RowReader::open(shard.join("mentions.csv"), dialect)?;
        let a_id = articles.column("article_id")?;
        let a_lang = articles.column("lang")?;
        let a_status = articles.column("status")?;
        let a_date = articles.column("date")?;
        let a_sentences = articles.column("sentences")?;
        let a_mentions = articles.column("mentions")?;
        let a_boilerplate = articles.column("boilerplate_lines")?;
        let a_encoding = articles.column("encoding")?;
        let m_id = mentions.column("article_id")?;
        let m_entity = mentions.column("entity_id")?;
        let m_canonical = mentions.column("canonical")?;
        let m_type = mentions.column("type")?;
        let m_decision = mentions.column("decision")?;
        while articles.next(&mut article)? {
            count += 1;
            let field = |i: usize| unguard(article.get(i).unwrap_or(""), dialect);
            let number = |i: usize, what: &str| -> Result<usize> {
                field(i)
                    .parse()
                    .map_err(|_| articles.bad(&article, &format!("{what} is not a number")))
            };
            let status = Status::parse(field(a_status))
                .ok_or_else(|| articles.bad(&article, "unknown status"))?;
            let mention_count = number(a_mentions, "mentions")?;
            let mut found = Vec::with_capacity(mention_count);
            for _ in 0..mention_count {
                if !mentions.next(&mut mention)? {
                    return Err(mentions.bad(&mention, "fewer mentions than articles.csv counts"));
                }
                let cell = |i: usize| unguard(mention.get(i).unwrap_or(""), dialect);
                if cell(m_id) != field(a_id) {
                    return Err(mentions.bad(&mention, "mention of another article than expected"));
                }
                let decision = Decision::parse(cell(m_decision))
                    .ok_or_else(|| mentions.bad(&mention, "unknown decision"))?;
                let entity = entities.index(cell(m_entity), cell(m_canonical), cell(m_type));
                found.push((entity, decision));
            }
            let date = field(a_date);
            let counts = ArticleCounts {
                lang: field(a_lang),
                status,
                date: (!date.is_empty()).then_some(date),
                sentences: number(a_sentences, "sentences")?,
                boilerplate_lines: number(a_boilerplate, "boilerplate_lines")?,
                windows_1252: field(a_encoding) == "windows-1252",
                mentions: found,
            };
            tally.add(&counts);
            periods.add(&counts);
        }
        if mentions.next(&mut mention)? {
            return Err(mentions.bad(&mention, "more mentions than articles.csv counts"));
        }
    }
    Ok((tally, periods, entities, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unguard_undoes_the_formula_guard_only() {
        let guarded = Dialect::default();
        assert_eq!(unguard("'=SUM(A1)", guarded), "=SUM(A1)");
        assert_eq!(unguard("'-3", guarded), "-3");
        assert_eq!(unguard("'quoted", guarded), "'quoted");
        let unguarded = Dialect {
            formula_guard: false,
            ..Dialect::default()
        };
        assert_eq!(unguard("'=x", unguarded), "'=x");
    }

    #[test]
    fn entities_are_numbered_once() {
        let mut entities = ReadBackEntities::default();
        assert_eq!(entities.index("kaka", "Kaká", "PERSON"), 0);
        assert_eq!(entities.index("brazil", "Brazil", "TEAM"), 1);
        assert_eq!(entities.index("kaka", "Kaká", "PERSON"), 0);
        assert_eq!(entities.canonical(0), "Kaká");
        assert_eq!(entities.entity_type(1), "TEAM");
    }
}
