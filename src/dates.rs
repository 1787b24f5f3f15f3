//! Dates: the `date` of an article as ISO 8601 (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), read from the
//! forms real dumps carry.
//!
//! A dump's `date` field is written however its site wrote it: ISO with a time and a zone
//! (`2025-06-02T14:30:00+02:00`), RFC 2822 (`Mon, 02 Jun 2025 14:30:00 +0000`), or words in
//! English or Italian (`2 June 2025`, `June 2, 2025`, `lunedì 2 giugno 2025`). Passed through as
//! written, a spreadsheet turns some into dates, some into numbers (`2025`) and some into text, and
//! reads `02/06/2025` as 6 February or 2 June depending on the locale. [`parse_date`] gives one
//! spelling for all of them, and refuses, rather than guesses, what it cannot place for certain:
//! a numeric day and month that could be either ([`DateProblem::Ambiguous`]), or anything that is
//! not a real calendar date ([`DateProblem::Invalid`]: `2025-13-45`, `30 February 2025`).
//!
//! A time and a zone are read and dropped: the date is the one written, in the writer's own zone
//! (an article dated `2025-06-02T23:30-05:00` was published on 2 June where it was written).
//! A numeric date is unambiguous when the year comes first (`2025/06/02`), when one of day and
//! month is over 12 (`13/06/2025` is 13 June), or when they are equal (`02/02/2025`).

use std::fmt;

/// A calendar date, as precise as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDate {
    pub year: u16,
    pub month: Option<u8>,
    /// Only with a month.
    pub day: Option<u8>,
}

impl IsoDate {
    /// Whether the date has a year, a month and a day (a spreadsheet can hold it as a date).
    pub fn is_complete(&self) -> bool {
        self.day.is_some()
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

/// Why a date was not normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// It could be more than one date: `02/06/2025` (day and month both 12 or less),
    /// `02/06/25` (and the century), `2 June` (no year).
    Ambiguous,
    /// Not a calendar date, or not a form this reader knows: `2025-13-45`, `yesterday`.
    Invalid,
}

/// The years accepted: a news date outside them is a typo or a placeholder (`0000-00-00`).
const YEARS: std::ops::RangeInclusive<u16> = 1000..=2999;

/// Reads a date written in any of the forms described in the module documentation.
pub fn parse_date(raw: &str) -> Result<IsoDate, DateProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(DateProblem::Invalid);
    }
    if let Some(result) = parse_numeric(text) {
        return result;
    }
    parse_words(text)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap {
                29
            } else {
                28
            }
        }
    }
}

/// A checked date: the year in [`YEARS`], the month 1-12, the day in the month.
fn checked(year: u32, month: Option<u32>, day: Option<u32>) -> Result<IsoDate, DateProblem> {
    let year = u16::try_from(year)
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or(DateProblem::Invalid)?;
    let month = match month {
        None => None,
        Some(m @ 1..=12) => Some(m as u8),
        Some(_) => return Err(DateProblem::Invalid),
    };
    let day = match (month, day) {
        (_, None) => None,
        (Some(m), Some(d)) if d >= 1 && d <= u32::from(days_in_month(year, m)) => Some(d as u8),
        _ => return Err(DateProblem::Invalid),
    };
    Ok(IsoDate { year, month, day })
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Numeric forms: ISO (`2025`, `2025-06`, `2025-06-02`, with a time and zone after `T` or a
/// space), year first with `/` or `.`, and day-month-year with `/`, `.` or `-`. `None` when the
/// text does not start with digits in one of those shapes (it may be words).
fn parse_numeric(text: &str) -> Option<Result<IsoDate, DateProblem>> {
    let date_end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '/' | '.')))
        .unwrap_or(text.len());
    let (date, rest) = text.split_at(date_end);
    let date = date.trim_end_matches('.');
    if date.is_empty() || !date.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let separator = date.chars().find(|c| !c.is_ascii_digit());
    let parts: Vec<&str> = match separator {
        Some(sep) => date.split(sep).collect(),
        None => vec![date],
    };
    // every separator the same, every part digits
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| digits(p)).collect();
    let numbers = numbers?;
    if separator.is_some_and(|sep| date.chars().any(|c| !c.is_ascii_digit() && c != sep)) {
        return Some(Err(DateProblem::Invalid));
    }
    // what follows the date: nothing, or a time (and zone)
    let rest = rest.trim_start_matches(['T', 't']).trim();
    let rest = rest.trim_start_matches(',').trim();
    if !rest.is_empty() && !is_time_and_zone(rest) {
        // `2 June 2025` starts with digits too: words decide
        if parts.len() == 1 && parts[0].len() <= 2 {
            return None;
        }
        return Some(Err(DateProblem::Invalid));
    }
    let year_first = parts[0].len() == 4;
    let result = match (numbers.as_slice(), year_first) {
        ([year], true) => checked(*year, None, None),
        ([year, month], true) if parts[1].len() <= 2 => checked(*year, Some(*month), None),
        ([year, month, day], true) if parts[1].len() <= 2 && parts[2].len() <= 2 => {
            checked(*year, Some(*month), Some(*day))
        }
        ([a, b, year], false) if parts[0].len() <= 2 && parts[1].len() <= 2 => {
            day_month_year(*a, *b, *year, parts[2].len())
        }
        _ => Err(DateProblem::Invalid),
    };
    Some(result)
}

/// `a/b/year`, where either may be the day: refused when both readings are real dates.
fn day_month_year(a: u32, b: u32, year: u32, year_digits: usize) -> Result<IsoDate, DateProblem> {
    let as_day_month = checked(year.max(1000), Some(b), Some(a)).is_ok();
    let as_month_day = checked(year.max(1000), Some(a), Some(b)).is_ok();
    if !as_day_month && !as_month_day {
        return Err(DateProblem::Invalid);
    }
    if year_digits != 4 {
        // `02/06/25`: the century is a guess as well
        return Err(DateProblem::Ambiguous);
    }
    match (as_day_month, as_month_day) {
        (true, true) if a == b => checked(year, Some(a), Some(a)),
        (true, true) => Err(DateProblem::Ambiguous),
        (true, false) => checked(year, Some(b), Some(a)),
        (false, true) => checked(year, Some(a), Some(b)),
        (false, false) => Err(DateProblem::Invalid),
    }
}

/// A time (`14:30`, `14:30:00`, `14:30:00.123`, `14.30` after `ore`) with an optional zone (`Z`,
/// `+02:00`, `+0200`, `-05`, `UTC`, `GMT`, `CEST`...), and the words that introduce one (`at`,
/// `alle`, `ore`).
fn is_time_and_zone(text: &str) -> bool {
    let tokens = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty());
    let mut saw_time = false;
    for token in tokens {
        let lower = token.to_lowercase();
        if matches!(lower.as_str(), "at" | "alle" | "ore" | "h" | "-" | "|") {
            continue;
        }
        if !saw_time {
            let (time, zone) = split_time_zone(token);
            if is_time(time) {
                saw_time = true;
                if !zone.is_empty() && !is_zone(zone) {
                    return false;
                }
                continue;
            }
            return false;
        }
        if is_zone(token) || lower.starts_with('(') && lower.ends_with(')') {
            continue;
        }
        return false;
    }
    saw_time
}

/// `14:30:00+02:00` -> (`14:30:00`, `+02:00`); `14:30Z` -> (`14:30`, `Z`).
fn split_time_zone(token: &str) -> (&str, &str) {
    match token.find(['+', '-', 'Z', 'z']) {
        Some(at) if at > 0 => token.split_at(at),
        _ => (token, ""),
    }
}

fn is_time(text: &str) -> bool {
    let text = text.trim_end_matches(['a', 'p', 'm', 'A', 'P', 'M', '.']);
    let (main, fraction) = match text.split_once('.') {
        Some((main, fraction)) if main.contains(':') => (main, Some(fraction)),
        _ => (text, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = main.split([':', '.']).collect();
    let number = |s: &str, max: u32| {
        (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && {
            s.parse::<u32>().is_ok_and(|n| n <= max)
        }
    };
    match parts.as_slice() {
        [h, m] => number(h, 24) && number(m, 59),
        [h, m, s] => number(h, 24) && number(m, 59) && number(s, 60),
        _ => false,
    }
}

fn is_zone(text: &str) -> bool {
    let upper = text.to_uppercase();
    if matches!(
        upper.as_str(),
        "Z" | "UT"
            | "UTC"
            | "GMT"
            | "CET"
            | "CEST"
            | "BST"
            | "EST"
            | "EDT"
            | "CST"
            | "CDT"
            | "MST"
            | "MDT"
            | "PST"
            | "PDT"
            | "WET"
            | "WEST"
            | "EET"
            | "EEST"
    ) {
        return true;
    }
    let Some(offset) = upper.strip_prefix(['+', '-']) else {
        return false;
    };
    let offset = offset.replace(':', "");
    (offset.len() == 2 || offset.len() == 4) && offset.bytes().all(|b| b.is_ascii_digit())
}

/// English and Italian month names and their usual abbreviations, lowercase, without accents.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "gennaio", "gen"],
    &["february", "feb", "febbraio"],
    &["march", "mar", "marzo"],
    &["april", "apr", "aprile"],
    &["may", "maggio", "mag"],
    &["june", "jun", "giugno", "giu"],
    &["july", "jul", "luglio", "lug"],
    &["august", "aug", "agosto", "ago"],
    &["september", "sep", "sept", "settembre", "set", "sett"],
    &["october", "oct", "ottobre", "ott"],
    &["november", "nov", "novembre"],
    &["december", "dec", "dicembre", "dic"],
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "lunedi",
    "martedi",
    "mercoledi",
    "giovedi",
    "venerdi",
    "sabato",
    "domenica",
];

fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

/// A day number as written in words: `2`, `02`, `2nd`, `21st`, `1º`, `1°`.
fn day_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['º', '°']);
    let word = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    (1..=2)
        .contains(&word.len())
        .then(|| digits(word))
        .flatten()
}

/// Forms with a month name: `2 June 2025`, `June 2, 2025`, `2 giugno 2025`, `June 2025`,
/// RFC 2822's `Mon, 02 Jun 2025 14:30:00 +0000`, each with an optional weekday and time.
fn parse_words(text: &str) -> Result<IsoDate, DateProblem> {
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut tokens = tokens.as_slice();
    if let [first, rest @ ..] = tokens {
        if WEEKDAYS.contains(first) {
            tokens = rest;
        }
    }
    // `il 2 giugno 2025`, `the 2nd of June 2025`
    let tokens: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| !matches!(*t, "the" | "of" | "il" | "l'" | "del" | "di"))
        .collect();
    let year_at = tokens
        .iter()
        .position(|t| t.len() == 4 && digits(t).is_some());
    let (head, tail) = match year_at {
        Some(at) => (&tokens[..=at], &tokens[at + 1..]),
        None => (&tokens[..], &[][..]),
    };
    if !tail.is_empty() && !is_time_and_zone(&tail.join(" ")) {
        return Err(DateProblem::Invalid);
    }
    let year = year_at.and_then(|at| digits(tokens[at]));
    match (head, year) {
        ([day, month, _], Some(year)) if month_number(month).is_some() => {
            let day = day_number(day).ok_or(DateProblem::Invalid)?;
            checked(year, month_number(month), Some(day))
        }
        ([month, day, _], Some(year)) if month_number(month).is_some() => {
            let day = day_number(day).ok_or(DateProblem::Invalid)?;
            checked(year, month_number(month), Some(day))
        }
        ([month, _], Some(year)) if month_number(month).is_some() => {
            checked(year, month_number(month), None)
        }
        // a day and a month without the year: which year is a guess
        ([day, month], None) | ([month, day], None)
            if month_number(month).is_some() && day_number(day).is_some() =>
        {
            Err(DateProblem::Ambiguous)
        }
        _ => Err(DateProblem::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(raw: &str) -> String {
        match parse_date(raw) {
            Ok(date) => date.to_string(),
            Err(problem) => format!("{problem:?}"),
        }
    }

    #[test]
    fn iso_forms_with_and_without_time() {
        assert_eq!(iso("2025-06-02"), "2025-06-02");
        assert_eq!(iso("2025-06"), "2025-06");
        assert_eq!(iso("2025"), "2025");
        assert_eq!(iso("2025-06-02T14:30:00Z"), "2025-06-02");
        assert_eq!(iso("2025-06-02T14:30:00+02:00"), "2025-06-02");
        assert_eq!(iso("2025-06-02T23:30:00.123-05:00"), "2025-06-02");
        assert_eq!(iso("2025-06-02 14:30"), "2025-06-02");
        assert_eq!(iso("2025-06-02 14:30:00 UTC"), "2025-06-02");
        assert_eq!(iso(" 2025/06/02 "), "2025-06-02");
        assert_eq!(iso("2024-02-29"), "2024-02-29");
    }

    #[test]
    fn rfc_2822() {
        assert_eq!(iso("Mon, 02 Jun 2025 14:30:00 +0000"), "2025-06-02");
        assert_eq!(iso("2 Jun 2025 14:30 GMT"), "2025-06-02");
        assert_eq!(iso("Fri, 21 Jul 2017 09:00:00 -0400"), "2017-07-21");
    }

    #[test]
    fn words_in_english_and_italian() {
        assert_eq!(iso("2 June 2025"), "2025-06-02");
        assert_eq!(iso("2 giugno 2025"), "2025-06-02");
        assert_eq!(iso("June 2, 2025"), "2025-06-02");
        assert_eq!(iso("Friday, July 21, 2017"), "2017-07-21");
        assert_eq!(iso("lunedì 2 giugno 2025"), "2025-06-02");
        assert_eq!(iso("Lunedì 2 Giugno 2025 alle 14:30"), "2025-06-02");
        assert_eq!(iso("1º maggio 2025"), "2025-05-01");
        assert_eq!(iso("the 2nd of June 2025"), "2025-06-02");
        assert_eq!(iso("Sept. 3, 2024"), "2024-09-03");
        assert_eq!(iso("June 2025"), "2025-06");
        assert_eq!(iso("giugno 2025"), "2025-06");
        assert_eq!(iso("31 dic 2024"), "2024-12-31");
    }

    #[test]
    fn numeric_day_month_is_read_only_when_it_cannot_be_another_date() {
        assert_eq!(iso("02/06/2025"), "Ambiguous");
        assert_eq!(iso("02.06.2025"), "Ambiguous");
        assert_eq!(iso("13/06/2025"), "2025-06-13");
        assert_eq!(iso("06/13/2025"), "2025-06-13");
        assert_eq!(iso("02/02/2025"), "2025-02-02");
        assert_eq!(iso("13-06-2025"), "2025-06-13");
        assert_eq!(iso("13/06/25"), "Ambiguous");
        assert_eq!(iso("2 June"), "Ambiguous");
    }

    #[test]
    fn invalid_dates_are_refused() {
        for raw in [
            "2025-13-45",
            "2025-02-29",
            "2025-04-31",
            "30 February 2025",
            "0000-00-00",
            "2025-6-2x",
            "yesterday",
            "ieri",
            "32/13/2025",
            "2025-06-02 foo",
            "June 40, 2025",
            "",
            "12345678",
            "2025-06/02",
        ] {
            assert_eq!(iso(raw), "Invalid", "{raw}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_and_a_date_reads_back_as_itself(raw in "\\PC{0,40}") {
            if let Ok(date) = parse_date(&raw) {
                proptest::prop_assert_eq!(parse_date(&date.to_string()), Ok(date));
            }
        }

        #[test]
        fn every_form_of_a_real_day_gives_that_day(
            year in 1900u16..2100, month in 1u8..=12, day in 1u8..=31, form in 0usize..6
        ) {
            proptest::prop_assume!(day <= days_in_month(year, month));
            let english = MONTHS[usize::from(month) - 1][0];
            let italian = MONTHS[usize::from(month) - 1]
                .iter()
                .find(|m| m.ends_with('o') || m.ends_with('e'))
                .copied()
                .unwrap_or(english);
            let written = match form {
                0 => format!("{year:04}-{month:02}-{day:02}T10:00:00Z"),
                1 => format!("{day} {english} {year}"),
                2 => format!("{english} {day}, {year}"),
                3 => format!("{day} {italian} {year}"),
                4 => format!("{day:02} {} {year} 10:00:00 +0200", &english[..3]),
                _ => format!("{year:04}/{month:02}/{day:02}"),
            };
            let expected = IsoDate { year, month: Some(month), day: Some(day) };
            proptest::prop_assert_eq!(parse_date(&written), Ok(expected), "{}", written);
        }
    }

    #[test]
    fn completeness() {
        assert!(parse_date("2025-06-02").unwrap().is_complete());
        assert!(!parse_date("2025-06").unwrap().is_complete());
    }
}
