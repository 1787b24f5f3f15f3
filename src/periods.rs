//! Coverage over time: `coverage_by_period.csv`, the counts of `coverage.csv` cut by period.
//!
//! The question people bring to a corpus like this is rarely "who is covered" alone but "who is
//! covered more in Italian than in English, and since when". [`PeriodTally`] counts, article by
//! article, each entity's articles and mentions per language and per period (ISO week, month,
//! quarter or year), and the `ok` articles of each language in each period, the denominators of
//! the per-1,000 rates. It reads the same [`ArticleCounts`] as [`coverage::Tally`] and follows
//! the same rules (only `ok` articles of a language in scope count, mentions left ambiguous do
//! not), so that an entity's rows, summed over their periods, are its row of `coverage.csv`.
//!
//! An article's period comes from the ISO prefix of its `date` (`YYYY-MM-DD`, `YYYY-MM` or
//! `YYYY`, possibly followed by a time): a date that is not ISO, or not precise enough for the
//! period asked (a `YYYY-MM` date by week), counts in the `undated` row rather than in a guessed
//! period. Merging shards builds this table the same way, from the rows the shards wrote.
//!
//! [`coverage::Tally`]: crate::coverage::Tally

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::coverage::{per_thousand, EntityCounts};
use crate::error::Result;
use crate::model::{ArticleCounts, EntityDirectory, Status};
use crate::output::{CsvFile, Dialect};

/// The name of the file.
pub const FILE_NAME: &str = "coverage_by_period.csv";

/// The `period` cell of the row that holds articles without a usable date.
pub const UNDATED: &str = "undated";

/// How finely `coverage_by_period.csv` cuts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// ISO 8601 weeks, `2025-W07` (weeks start on Monday; a week belongs to the year of its
    /// Thursday, so 2024-12-30 is in `2025-W01`).
    Week,
    /// `2025-02`.
    #[default]
    Month,
    /// `2025-Q1`.
    Quarter,
    /// `2025`.
    Year,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Week, Period::Month, Period::Quarter, Period::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The period of an article dated `date`, or `None` when the date is missing, not ISO, or
    /// less precise than the period.
    pub fn of(self, date: Option<&str>) -> Option<String> {
        let date = IsoDate::parse_prefix(date?)?;
        match self {
            Period::Year => Some(format!("{:04}", date.year)),
            Period::Quarter => Some(format!("{:04}-Q{}", date.year, (date.month? - 1) / 3 + 1)),
            Period::Month => Some(format!("{:04}-{:02}", date.year, date.month?)),
            Period::Week => {
                let (year, week) = iso_week(date.year, date.month?, date.day?);
                Some(format!("{year:04}-W{week:02}"))
            }
        }
    }
}

/// A date as precise as it was written: a year, perhaps a month, perhaps a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl IsoDate {
    /// Reads the ISO date that `text` starts with: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, then the
    /// end of the text, a `T` or a space (a time may follow). Anything else (`12/05/2025`,
    /// `20250512`, `2025-13`, `2025-02-30`) is no date.
    pub fn parse_prefix(text: &str) -> Option<IsoDate> {
        let bytes = text.trim().as_bytes();
        let digits = |from: usize, count: usize| -> Option<u32> {
            let slice = bytes.get(from..from + count)?;
            slice
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| slice.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
        };
        let year = digits(0, 4)? as i32;
        let mut end = 4;
        let mut month = None;
        let mut day = None;
        if bytes.get(4) == Some(&b'-') {
            month = Some(digits(5, 2)?);
            end = 7;
            if bytes.get(7) == Some(&b'-') {
                day = Some(digits(8, 2)?);
                end = 10;
            }
        }
        if !matches!(bytes.get(end), None | Some(b'T') | Some(b' ')) {
            return None;
        }
        if year == 0 || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d == 0 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(IsoDate { year, month, day })
    }

    /// The date as ISO text, as precise as it was read.
    pub fn to_iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic: 400-year cycles of
/// 146,097 days, years counted from March so that the leap day is the last of the year).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year a day count falls in (the inverse of [`days_from_civil`], year only).
fn year_of_days(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    (year_of_era + era * 400 + i64::from(month_from_march >= 10)) as i32
}

/// The ISO 8601 week-numbering year and week of a date.
pub fn iso_week(year: i32, month: u32, day: u32) -> (i32, u32) {
    let days = days_from_civil(year, month, day);
    // 1970-01-01 was a Thursday: weekday 1 (Monday) ..= 7 (Sunday)
    let weekday = (days + 3).rem_euclid(7) + 1;
    let thursday = days - (weekday - 1) + 3;
    let week_year = year_of_days(thursday);
    let week = (thursday - days_from_civil(week_year, 1, 1)) / 7 + 1;
    (week_year, week as u32)
}

/// The period after `period` (`2025-12` -> `2026-01`, `2025-Q4` -> `2026-Q1`, `2025-W52` ->
/// `2025-W53` or `2026-W01`, `2025` -> `2026`), or `None` for text that is no period.
pub fn next_period(period: &str) -> Option<String> {
    let (year, rest) = match period.split_once('-') {
        Some((year, rest)) => (year, Some(rest)),
        None => (period, None),
    };
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let number = |text: &str| -> Option<u32> {
        (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match rest {
        None => Some(format!("{:04}", year + 1)),
        Some(rest) if rest.starts_with('Q') && rest.len() == 2 => match rest[1..].parse::<u32>() {
            Ok(q @ 1..=3) => Some(format!("{year:04}-Q{}", q + 1)),
            Ok(4) => Some(format!("{:04}-Q1", year + 1)),
            _ => None,
        },
        Some(rest) if rest.starts_with('W') => {
            let week = number(&rest[1..])?;
            // 28 December is always in the last ISO week of its year
            let weeks = iso_week(year, 12, 28).1;
            match week {
                w if w >= 1 && w < weeks => Some(format!("{year:04}-W{:02}", w + 1)),
                w if w == weeks => Some(format!("{:04}-W01", year + 1)),
                _ => None,
            }
        }
        Some(rest) => match number(rest)? {
            m @ 1..=11 => Some(format!("{year:04}-{:02}", m + 1)),
            12 => Some(format!("{:04}-01", year + 1)),
            _ => None,
        },
    }
}

/// Every period from `first` to `last`, both included, when there are at most `limit` of
/// them; `None` otherwise, or when they are no periods of one kind.
pub fn periods_between(first: &str, last: &str, limit: usize) -> Option<Vec<String>> {
    let mut periods = vec![first.to_owned()];
    while periods.last()? != last {
        if periods.len() >= limit {
            return None;
        }
        let next = next_period(periods.last()?)?;
        if next.as_str() > last {
            return None;
        }
        periods.push(next);
    }
    Some(periods)
}

/// A row's period: a dated one, or the undated row (which sorts last).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKey {
    Dated(String),
    Undated,
}

impl PeriodKey {
    pub fn as_str(&self) -> &str {
        match self {
            PeriodKey::Dated(period) => period,
            PeriodKey::Undated => UNDATED,
        }
    }
}

/// The dates of the articles that count (`ok`, in a language of the scope).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub first: Option<IsoDate>,
    pub last: Option<IsoDate>,
    /// Articles with an ISO date (of any precision).
    pub dated: usize,
    /// Articles without one.
    pub undated: usize,
}

/// Running per-period counts of a corpus.
#[derive(Debug, Clone)]
pub struct PeriodTally {
    langs: Vec<String>,
    period: Period,
    counts: HashMap<(usize, PeriodKey), EntityCounts>,
    /// Counted mentions of each entity over all periods, for the order of the rows.
    totals: HashMap<usize, usize>,
    /// `ok` articles per period and language.
    articles: BTreeMap<PeriodKey, Vec<usize>>,
    dates: DateRange,
}

impl PeriodTally {
    /// An empty tally for the languages in scope, in `--langs` order.
    pub fn new(langs: &[String], period: Period) -> PeriodTally {
        PeriodTally {
            langs: langs.to_vec(),
            period,
            counts: HashMap::new(),
            totals: HashMap::new(),
            articles: BTreeMap::new(),
            dates: DateRange::default(),
        }
    }

    pub fn period(&self) -> Period {
        self.period
    }

    /// Counts one processed article.
    pub fn add(&mut self, article: &ArticleCounts<'_>) {
        if article.status != Status::Ok {
            return;
        }
        let Some(lang_index) = self.langs.iter().position(|l| l == article.lang) else {
            return;
        };
        match article.date.and_then(IsoDate::parse_prefix) {
            Some(date) => {
                self.dates.dated += 1;
                self.dates.first = Some(self.dates.first.map_or(date, |d| d.min(date)));
                self.dates.last = Some(self.dates.last.map_or(date, |d| d.max(date)));
            }
            None => self.dates.undated += 1,
        }
        let key = self
            .period
            .of(article.date)
            .map_or(PeriodKey::Undated, PeriodKey::Dated);
        self.articles
            .entry(key.clone())
            .or_insert_with(|| vec![0; self.langs.len()])[lang_index] += 1;
        let mut seen_in_article: Vec<usize> = Vec::new();
        for &(entity, decision) in &article.mentions {
            if !decision.counts() {
                continue;
            }
            let counts = self
                .counts
                .entry((entity, key.clone()))
                .or_insert_with(|| vec![(0, 0); self.langs.len()]);
            counts[lang_index].1 += 1;
            if !seen_in_article.contains(&entity) {
                seen_in_article.push(entity);
                counts[lang_index].0 += 1;
            }
            *self.totals.entry(entity).or_default() += 1;
        }
    }

    /// `ok` articles of each language in scope in a period.
    pub fn period_articles(&self, key: &PeriodKey) -> Vec<usize> {
        self.articles
            .get(key)
            .cloned()
            .unwrap_or_else(|| vec![0; self.langs.len()])
    }

    /// The periods that hold at least one article, in order (undated last).
    pub fn periods(&self) -> impl Iterator<Item = &PeriodKey> {
        self.articles.keys()
    }

    pub fn dates(&self) -> &DateRange {
        &self.dates
    }

    /// The rows of `coverage_by_period.csv`: entities in the order of `coverage.csv` (most
    /// counted mentions first, ties by id), each with its periods in order, undated last.
    pub fn rows(&self, names: &dyn EntityDirectory) -> Vec<(usize, PeriodKey, EntityCounts)> {
        let mut rows: Vec<(usize, PeriodKey, EntityCounts)> = self
            .counts
            .iter()
            .map(|((entity, key), counts)| (*entity, key.clone(), counts.clone()))
            .collect();
        rows.sort_by(|(a, period_a, _), (b, period_b, _)| {
            self.totals[b]
                .cmp(&self.totals[a])
                .then_with(|| names.entity_id(*a).cmp(names.entity_id(*b)))
                .then_with(|| period_a.cmp(period_b))
        });
        rows
    }
}

/// The header of `coverage_by_period.csv` for the languages in scope.
pub fn header(langs: &[String]) -> Vec<String> {
    let mut header: Vec<String> = ["entity_id", "canonical", "type", "period"]
        .map(String::from)
        .to_vec();
    for lang in langs {
        header.push(format!("{lang}_articles"));
        header.push(format!("{lang}_mentions"));
    }
    for lang in langs {
        header.push(format!("{lang}_per_1000_articles"));
    }
    for lang in langs {
        header.push(format!("{lang}_period_articles"));
    }
    header
}

/// Writes `coverage_by_period.csv` into `dir` from a finished tally; the caller commits it with
/// the rest of the corpus files. `run` calls it with the tally it kept while writing; `merge`
/// with one rebuilt from the rows the shards wrote.
pub fn write_table(
    dir: &Path,
    dialect: Dialect,
    tally: &PeriodTally,
    names: &dyn EntityDirectory,
) -> Result<CsvFile> {
    let header = header(&tally.langs);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut file = CsvFile::create(dir, FILE_NAME, dialect, &header_refs)?;
    for (entity, key, counts) in tally.rows(names) {
        let period_articles = tally.period_articles(&key);
        let mut cells: Vec<String> = vec![
            names.entity_id(entity).to_owned(),
            names.canonical(entity).to_owned(),
            names.entity_type(entity).to_owned(),
            key.as_str().to_owned(),
        ];
        for (articles, mentions) in &counts {
            cells.push(articles.to_string());
            cells.push(mentions.to_string());
        }
        for ((_, mentions), articles) in counts.iter().zip(&period_articles) {
            cells.push(
                per_thousand(*mentions, *articles)
                    .map(|r| dialect.decimal(r, 2))
                    .unwrap_or_default(),
            );
        }
        cells.extend(period_articles.iter().map(usize::to_string));
        file.write_row(cells.iter().map(String::as_str))?;
    }
    Ok(file)
}

/// Builds the table from articles read back (as `merge` does) and writes it into `dir`,
/// uncommitted.
pub fn write_from_articles<'a>(
    dir: &Path,
    dialect: Dialect,
    langs: &[String],
    period: Period,
    articles: impl IntoIterator<Item = ArticleCounts<'a>>,
    names: &dyn EntityDirectory,
) -> Result<CsvFile> {
    let mut tally = PeriodTally::new(langs, period);
    for article in articles {
        tally.add(&article);
    }
    write_table(dir, dialect, &tally, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decision;

    #[test]
    fn iso_prefixes_and_what_is_no_date() {
        let date = |y, m, d| {
            Some(IsoDate {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(
            IsoDate::parse_prefix("2025-05-13"),
            date(2025, Some(5), Some(13))
        );
        assert_eq!(IsoDate::parse_prefix(" 2025-04"), date(2025, Some(4), None));
        assert_eq!(IsoDate::parse_prefix("2025"), date(2025, None, None));
        assert_eq!(
            IsoDate::parse_prefix("2025-05-13T10:00:00Z"),
            date(2025, Some(5), Some(13))
        );
        assert_eq!(
            IsoDate::parse_prefix("2024-02-29"),
            date(2024, Some(2), Some(29))
        );
        for bad in [
            "",
            "13/05/2025",
            "20250513",
            "2025-13",
            "2025-02-30",
            "2023-02-29",
            "2025-5-3",
            "May 2025",
            "2025-05-13x",
            "0000-01-01",
            "2025-00",
        ] {
            assert_eq!(IsoDate::parse_prefix(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn periods_of_a_date() {
        let of = |p: Period, d: &str| p.of(Some(d));
        assert_eq!(of(Period::Month, "2025-05-13"), Some("2025-05".into()));
        assert_eq!(of(Period::Quarter, "2025-05"), Some("2025-Q2".into()));
        assert_eq!(of(Period::Quarter, "2025-12-31"), Some("2025-Q4".into()));
        assert_eq!(of(Period::Year, "2025"), Some("2025".into()));
        assert_eq!(of(Period::Week, "2025-05-13"), Some("2025-W20".into()));
        // not precise enough for the period: undated rather than guessed
        assert_eq!(of(Period::Month, "2025"), None);
        assert_eq!(of(Period::Week, "2025-05"), None);
        assert_eq!(Period::Month.of(None), None);
        assert_eq!(Period::Month.of(Some("ieri")), None);
    }

    #[test]
    fn iso_weeks_at_year_ends() {
        // facts of the ISO calendar
        assert_eq!(iso_week(2024, 12, 30), (2025, 1));
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
        assert_eq!(iso_week(2021, 1, 4), (2021, 1));
        assert_eq!(iso_week(2020, 12, 31), (2020, 53));
        assert_eq!(iso_week(2026, 1, 1), (2026, 1));
        assert_eq!(iso_week(2027, 1, 1), (2026, 53));
        assert_eq!(iso_week(2000, 2, 29), (2000, 9));
        assert_eq!(iso_week(1970, 1, 1), (1970, 1));
        assert_eq!(iso_week(1999, 12, 31), (1999, 52));
    }

    #[test]
    fn day_counts_are_consecutive() {
        let mut previous = days_from_civil(1899, 12, 31);
        for year in 1900..=2100 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let days = days_from_civil(year, month, day);
                    assert_eq!(days, previous + 1, "{year}-{month}-{day}");
                    assert_eq!(year_of_days(days), year);
                    previous = days;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn periods_follow_each_other() {
        assert_eq!(next_period("2025-12").as_deref(), Some("2026-01"));
        assert_eq!(next_period("2025-04").as_deref(), Some("2025-05"));
        assert_eq!(next_period("2025-Q4").as_deref(), Some("2026-Q1"));
        assert_eq!(next_period("2025-Q2").as_deref(), Some("2025-Q3"));
        assert_eq!(next_period("2025").as_deref(), Some("2026"));
        assert_eq!(next_period("2020-W52").as_deref(), Some("2020-W53"));
        assert_eq!(next_period("2020-W53").as_deref(), Some("2021-W01"));
        assert_eq!(next_period("2025-W52").as_deref(), Some("2026-W01"));
        for bad in ["undated", "2025-13", "2025-Q5", "2025-W54", "25-01", ""] {
            assert_eq!(next_period(bad), None, "{bad}");
        }
        assert_eq!(
            periods_between("2024-11", "2025-02", 10).unwrap(),
            ["2024-11", "2024-12", "2025-01", "2025-02"]
        );
        assert_eq!(periods_between("2024-11", "2025-02", 3), None);
        assert_eq!(periods_between("2025-02", "2024-11", 100), None);
        // every week of a span, as iso_week numbers them
        let weeks = periods_between("2019-W01", "2027-W01", 1000).unwrap();
        let mut days = Vec::new();
        for year in 2019..=2026 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let (y, w) = iso_week(year, month, day);
                    let name = format!("{y:04}-W{w:02}");
                    if days.last() != Some(&name) {
                        days.push(name);
                    }
                }
            }
        }
        days.push("2027-W01".to_owned());
        assert_eq!(weeks, days);
    }

    struct Names;
    impl EntityDirectory for Names {
        fn entity_id(&self, index: usize) -> &str {
            ["a", "b", "c"][index]
        }
        fn canonical(&self, index: usize) -> &str {
            ["A", "B", "C"][index]
        }
        fn entity_type(&self, _: usize) -> &str {
            "PERSON"
        }
    }

    fn article<'a>(
        lang: &'a str,
        date: Option<&'a str>,
        mentions: &[(usize, Decision)],
    ) -> ArticleCounts<'a> {
        ArticleCounts {
            lang,
            status: Status::Ok,
            date,
            sentences: 1,
            boilerplate_lines: 0,
            windows_1252: false,
            mentions: mentions.to_vec(),
        }
    }

    proptest::proptest! {
        /// Whatever the articles, their dates and their mentions' decisions, an entity's rows
        /// summed over the periods are its counts in coverage.csv's tally, for every period.
        #[test]
        fn periods_sum_to_the_coverage_tally(
            articles in proptest::collection::vec(
                (0usize..3, proptest::bool::ANY, 0usize..8,
                 proptest::collection::vec((0usize..3, proptest::bool::ANY), 0..6)),
                0..40,
            )
        ) {
            let langs = vec!["en".to_owned(), "it".to_owned()];
            let dates = [None, Some("2025-05-13"), Some("2025-05"), Some("2025"), Some("2024-12-30"),
                Some("13/05/2025"), Some("2025-02-30"), Some("2026-01-01T10:00")];
            let articles: Vec<ArticleCounts<'_>> = articles
                .iter()
                .map(|(lang, ok, date, mentions)| ArticleCounts {
                    lang: ["en", "it", "es"][*lang],
                    status: if *ok { Status::Ok } else { Status::Empty },
                    date: dates[*date],
                    sentences: 1,
                    boilerplate_lines: 0,
                    windows_1252: false,
                    mentions: mentions
                        .iter()
                        .map(|(e, ambiguous)| (*e, if *ambiguous { Decision::Ambiguous } else { Decision::Name }))
                        .collect(),
                })
                .collect();
            let mut coverage = crate::coverage::Tally::new(&langs);
            for article in &articles {
                coverage.add(article);
            }
            let expected: HashMap<usize, EntityCounts> = coverage
                .coverage_rows(&Names)
                .into_iter()
                .filter(|(_, c)| c.iter().any(|(a, m)| a + m > 0))
                .collect();
            for period in Period::ALL {
                let mut tally = PeriodTally::new(&langs, period);
                for article in &articles {
                    tally.add(article);
                }
                let mut sums: HashMap<usize, EntityCounts> = HashMap::new();
                for (entity, _, counts) in tally.rows(&Names) {
                    let sum = sums.entry(entity).or_insert_with(|| vec![(0, 0); 2]);
                    for (total, (a, m)) in sum.iter_mut().zip(counts) {
                        total.0 += a;
                        total.1 += m;
                    }
                }
                proptest::prop_assert_eq!(&sums, &expected);
                let ok: Vec<usize> = (0..2)
                    .map(|i| tally.periods().map(|p| tally.period_articles(p)[i]).sum())
                    .collect();
                proptest::prop_assert_eq!(ok, coverage.ok_articles());
            }
        }
    }

    #[test]
    fn counts_by_period_with_undated_last() {
        let langs = vec!["en".to_owned(), "it".to_owned()];
        let mut tally = PeriodTally::new(&langs, Period::Month);
        let (name, ambiguous) = (Decision::Name, Decision::Ambiguous);
        tally.add(&article(
            "en",
            Some("2025-05-13"),
            &[(0, name), (0, name), (1, name)],
        ));
        tally.add(&article(
            "it",
            Some("2025-05"),
            &[(0, name), (1, ambiguous)],
        ));
        tally.add(&article("it", None, &[(0, name)]));
        tally.add(&article("en", Some("2025-04-30"), &[]));
        tally.add(&article("es", Some("2025-04-30"), &[(2, name)]));
        let mut skipped = article("en", Some("2025-04-30"), &[(2, name)]);
        skipped.status = Status::Empty;
        tally.add(&skipped);

        let rows = tally.rows(&Names);
        let shown: Vec<(&str, &str, EntityCounts)> = rows
            .iter()
            .map(|(e, k, c)| (Names.entity_id(*e), k.as_str(), c.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("a", "2025-05", vec![(1, 2), (1, 1)]),
                ("a", "undated", vec![(0, 0), (1, 1)]),
                ("b", "2025-05", vec![(1, 1), (0, 0)]),
            ]
        );
        assert_eq!(
            tally.period_articles(&PeriodKey::Dated("2025-04".into())),
            [1, 0]
        );
        assert_eq!(
            tally.period_articles(&PeriodKey::Dated("2025-05".into())),
            [1, 1]
        );
        assert_eq!(tally.period_articles(&PeriodKey::Undated), [0, 1]);
        let dates = tally.dates();
        assert_eq!((dates.dated, dates.undated), (3, 1));
        assert_eq!(dates.first.map(IsoDate::to_iso), Some("2025-04-30".into()));
        assert_eq!(dates.last.map(IsoDate::to_iso), Some("2025-05-13".into()));
    }
}
