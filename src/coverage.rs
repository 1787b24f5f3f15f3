//! The comparison the corpus exists for: how much each language covers each entity.
//!
//! [`Tally`] accumulates, article by article, the per-entity counts of `coverage.csv` (articles
//! and mentions in each language of the scope) and the per-language totals of `languages.csv`
//! (articles by status, sentences, mentions, distinct entities, boilerplate dropped, articles
//! decoded from Windows-1252). Counts follow the article's language and only `ok` articles count
//! for entities, so that "Italian coverage" means what Italian articles say. Mentions per 1,000
//! articles make corpora of different sizes comparable.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::error::Result;
use crate::model::{ArticleCounts, EntityDirectory, Status};
use crate::output::{CsvFile, Dialect};

/// Per-language totals, one row of `languages.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageStats {
    /// ISO 639-1 code, `und`, or `all` for the total row.
    pub lang: String,
    /// Articles by status, in the order of [`Status::ALL`].
    pub by_status: [usize; 5],
    pub sentences: usize,
    pub mentions: usize,
    /// Distinct entities mentioned in `ok` articles of this language.
    pub entities: usize,
    pub boilerplate_lines: usize,
    pub windows_1252: usize,
    /// Mentions left ambiguous (in `mentions.csv`, not in the coverage counts).
    pub ambiguous_mentions: usize,
}

impl LanguageStats {
    pub fn articles(&self) -> usize {
        self.by_status.iter().sum()
    }

    pub fn ok(&self) -> usize {
        self.by_status[0]
    }
}

/// The columns of `languages.csv`.
pub const LANGUAGE_COLUMNS: &[&str] = &[
    "lang",
    "articles",
    "ok",
    "other_lang",
    "und_lang",
    "empty",
    "error",
    "sentences",
    "mentions",
    "entities",
    "boilerplate_lines",
    "windows_1252",
    "ambiguous_mentions",
];

/// Per-entity counts in each language of the scope: (articles, mentions).
pub type EntityCounts = Vec<(usize, usize)>;

/// Running totals of a corpus.
#[derive(Debug, Clone)]
pub struct Tally {
    langs: Vec<String>,
    entities: HashMap<usize, EntityCounts>,
    /// Mentions the context could not settle, per entity and language: listed in
    /// `mentions.csv` but not counted in `entities`.
    ambiguous: HashMap<usize, Vec<usize>>,
    languages: BTreeMap<String, LanguageStats>,
    /// Entities seen per language, for the distinct count.
    entities_by_lang: Vec<HashSet<usize>>,
}

impl Tally {
    /// An empty tally for the languages in scope, in `--langs` order.
    pub fn new(langs: &[String]) -> Tally {
        Tally {
            langs: langs.to_vec(),
            entities: HashMap::new(),
            ambiguous: HashMap::new(),
            languages: BTreeMap::new(),
            entities_by_lang: vec![Default::default(); langs.len()],
        }
    }

    /// Counts one processed article.
    pub fn add(&mut self, article: &ArticleCounts<'_>) {
        let stats = self
            .languages
            .entry(article.lang.to_owned())
            .or_insert_with(|| LanguageStats {
                lang: article.lang.to_owned(),
                ..LanguageStats::default()
            });
        stats.by_status[article.status.index()] += 1;
        stats.sentences += article.sentences;
        stats.mentions += article.mentions.len();
        stats.boilerplate_lines += article.boilerplate_lines;
        stats.windows_1252 += usize::from(article.windows_1252);
        stats.ambiguous_mentions += article
            .mentions
            .iter()
            .filter(|(_, decision)| !decision.counts())
            .count();

        let Some(lang_index) = self.langs.iter().position(|l| l == article.lang) else {
            return;
        };
        if article.status != Status::Ok {
            return;
        }
        let mut seen_in_article: Vec<usize> = Vec::new();
        for &(entity, decision) in &article.mentions {
            if !decision.counts() {
                self.ambiguous
                    .entry(entity)
                    .or_insert_with(|| vec![0; self.langs.len()])[lang_index] += 1;
                continue;
            }
            let counts = self
                .entities
                .entry(entity)
                .or_insert_with(|| vec![(0, 0); self.langs.len()]);
            counts[lang_index].1 += 1;
            if !seen_in_article.contains(&entity) {
                seen_in_article.push(entity);
                counts[lang_index].0 += 1;
                self.entities_by_lang[lang_index].insert(entity);
            }
        }
    }

    /// An entity's mentions in each language of the scope that were left ambiguous.
    pub fn ambiguous_mentions(&self, entity: usize) -> Vec<usize> {
        self.ambiguous
            .get(&entity)
            .cloned()
            .unwrap_or_else(|| vec![0; self.langs.len()])
    }

    /// `ok` articles per language of the scope, the denominators of the per-1,000 rates.
    pub fn ok_articles(&self) -> Vec<usize> {
        self.langs
            .iter()
            .map(|l| self.languages.get(l).map(LanguageStats::ok).unwrap_or(0))
            .collect()
    }

    /// The rows of `coverage.csv`: entities mentioned at least once, most mentioned first,
    /// ties by id.
    pub fn coverage_rows(&self, names: &dyn EntityDirectory) -> Vec<(usize, EntityCounts)> {
        let mut rows: Vec<(usize, EntityCounts)> =
            self.entities.iter().map(|(e, c)| (*e, c.clone())).collect();
        // an entity whose every mention was left ambiguous still gets its row, with zero counts
        rows.extend(
            self.ambiguous
                .keys()
                .filter(|e| !self.entities.contains_key(e))
                .map(|e| (*e, vec![(0, 0); self.langs.len()])),
        );
        let total = |c: &EntityCounts| c.iter().map(|(_, m)| m).sum::<usize>();
        rows.sort_by(|(a, ca), (b, cb)| {
            total(cb)
                .cmp(&total(ca))
                .then_with(|| names.entity_id(*a).cmp(names.entity_id(*b)))
        });
        rows
    }

    /// The rows of `languages.csv`: the languages of the scope in `--langs` order (even when no
    /// article is in them), then every other language met in code order, then `und`, then `all`.
    pub fn language_rows(&self) -> Vec<LanguageStats> {
        let mut rows: Vec<LanguageStats> = Vec::new();
        for (index, lang) in self.langs.iter().enumerate() {
            let mut stats = self
                .languages
                .get(lang)
                .cloned()
                .unwrap_or_else(|| LanguageStats {
                    lang: lang.clone(),
                    ..LanguageStats::default()
                });
            stats.entities = self.entities_by_lang[index].len();
            rows.push(stats);
        }
        for (lang, stats) in &self.languages {
            if !self.langs.contains(lang) && lang != "und" {
                rows.push(stats.clone());
            }
        }
        if let Some(und) = self.languages.get("und") {
            rows.push(und.clone());
        }
        let mut all = LanguageStats {
            lang: "all".to_owned(),
            ..LanguageStats::default()
        };
        for row in &rows {
            for (total, count) in all.by_status.iter_mut().zip(row.by_status) {
                *total += count;
            }
            all.sentences += row.sentences;
            all.mentions += row.mentions;
            all.boilerplate_lines += row.boilerplate_lines;
            all.windows_1252 += row.windows_1252;
            all.ambiguous_mentions += row.ambiguous_mentions;
        }
        all.entities = self.entities.len();
        rows.push(all);
        rows
    }
}

/// Writes `coverage.csv` and `languages.csv` into `dir` from a finished tally. They are
/// committed by the caller with the rest of the corpus files.
pub fn write_tables(
    dir: &Path,
    dialect: Dialect,
    tally: &Tally,
    names: &dyn EntityDirectory,
) -> Result<(CsvFile, CsvFile, Vec<LanguageStats>)> {
    let langs = &tally.langs;
    let header = coverage_header(langs);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut coverage = CsvFile::create(dir, "coverage.csv", dialect, &header_refs)?;
    let ok_articles = tally.ok_articles();
    for (entity, counts) in tally.coverage_rows(names) {
        let mut cells: Vec<String> = vec![
            names.entity_id(entity).to_owned(),
            names.canonical(entity).to_owned(),
            names.entity_type(entity).to_owned(),
        ];
        for (articles, mentions) in &counts {
            cells.push(articles.to_string());
            cells.push(mentions.to_string());
        }
        for ((_, mentions), articles) in counts.iter().zip(&ok_articles) {
            cells.push(
                per_thousand(*mentions, *articles)
                    .map(|r| dialect.decimal(r, 2))
                    .unwrap_or_default(),
            );
        }
        cells.push(counts.iter().map(|(_, m)| m).sum::<usize>().to_string());
        cells.push(only_in(langs, &counts));
        cells.extend(
            tally
                .ambiguous_mentions(entity)
                .iter()
                .map(usize::to_string),
        );
        coverage.write_row(cells.iter().map(String::as_str))?;
    }
    let mut languages = CsvFile::create(dir, "languages.csv", dialect, LANGUAGE_COLUMNS)?;
    let language_rows = tally.language_rows();
    for row in &language_rows {
        let mut cells = vec![row.lang.clone(), row.articles().to_string()];
        cells.extend(row.by_status.iter().map(usize::to_string));
        cells.extend(
            [
                row.sentences,
                row.mentions,
                row.entities,
                row.boilerplate_lines,
                row.windows_1252,
                row.ambiguous_mentions,
            ]
            .iter()
            .map(usize::to_string),
        );
        languages.write_row(cells.iter().map(String::as_str))?;
    }
    Ok((coverage, languages, language_rows))
}

/// The header of `coverage.csv` for the languages in scope.
pub fn coverage_header(langs: &[String]) -> Vec<String> {
    let mut header: Vec<String> = vec!["entity_id".into(), "canonical".into(), "type".into()];
    for lang in langs {
        header.push(format!("{lang}_articles"));
        header.push(format!("{lang}_mentions"));
    }
    for lang in langs {
        header.push(format!("{lang}_per_1000_articles"));
    }
    header.push("total_mentions".into());
    header.push("only_in".into());
    for lang in langs {
        header.push(format!("{lang}_ambiguous"));
    }
    header
}

/// Mentions per 1,000 articles, or `None` when there is no article in the language.
pub fn per_thousand(mentions: usize, articles: usize) -> Option<f64> {
    (articles > 0).then(|| mentions as f64 * 1000.0 / articles as f64)
}

/// The in-scope languages where an entity appears: one code, `both` (two languages, both), or
/// the codes joined with `+`.
pub fn only_in(langs: &[String], counts: &EntityCounts) -> String {
    let present: Vec<&str> = langs
        .iter()
        .zip(counts)
        .filter(|(_, (_, mentions))| *mentions > 0)
        .map(|(lang, _)| lang.as_str())
        .collect();
    if langs.len() == 2 && present.len() == 2 {
        "both".to_owned()
    } else {
        present.join("+")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_in_names_the_languages() {
        let langs = vec!["en".to_owned(), "it".to_owned()];
        assert_eq!(only_in(&langs, &vec![(1, 2), (0, 0)]), "en");
        assert_eq!(only_in(&langs, &vec![(0, 0), (1, 1)]), "it");
        assert_eq!(only_in(&langs, &vec![(1, 1), (1, 1)]), "both");
        let three = vec!["en".to_owned(), "it".to_owned(), "es".to_owned()];
        assert_eq!(only_in(&three, &vec![(1, 1), (0, 0), (1, 1)]), "en+es");
    }

    #[test]
    fn rates_per_thousand() {
        assert_eq!(per_thousand(3, 4), Some(750.0));
        assert_eq!(per_thousand(3, 0), None);
    }
}
