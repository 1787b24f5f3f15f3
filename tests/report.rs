//! Coverage over time and the report: `coverage_by_period.csv` sums back to `coverage.csv`, the
//! numbers on `report.html` are those of the CSV files (in both dialects), the page is laid out
//! without overflow or clipped labels at 768, 1280 and 1920 px in headless Chromium, and the
//! command line tells the user what it does (progress bar, report path, help, no silent wait).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run, run_corpus, run_ok, Table};

/// Sentences in six languages, with two club slots, plain enough for any detector.
const TEMPLATES: &[(&str, &str)] = &[
    ("en", "{A} beat {B} on Sunday and the coach said that the team played very well in the second half of the match."),
    ("en", "The fans of {A} were delighted after the win against {B}, and the players thanked them at the end of the game."),
    ("it", "Il {A} ha battuto il {B} domenica e l'allenatore ha detto che la squadra ha giocato molto bene nel secondo tempo."),
    ("it", "I tifosi del {A} hanno festeggiato la vittoria contro il {B}, e i giocatori li hanno ringraziati alla fine della partita."),
    ("es", "El {A} venció al {B} el domingo y el entrenador dijo que el equipo jugó muy bien en la segunda parte del partido."),
    ("fr", "Le {A} a battu le {B} dimanche et l'entraîneur a dit que l'équipe avait très bien joué pendant la deuxième mi-temps."),
    ("de", "{A} hat am Sonntag gegen {B} gewonnen, und der Trainer sagte, dass die Mannschaft in der zweiten Halbzeit sehr gut gespielt hat."),
    ("pt", "O {A} venceu o {B} no domingo e o treinador disse que a equipe jogou muito bem no segundo tempo da partida."),
];

/// A small deterministic generator (a linear congruential one), so the corpus is the same on
/// every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// A JSON Lines corpus: for each language of `langs`, `per_month` articles in each of the
/// months given, plus articles with imprecise, non-ISO and missing dates. Italian articles of
/// 2025-02 name `Napoli` in nearly every sentence, so that the languages differ there.
fn write_corpus(
    path: &Path,
    langs: &[&str],
    clubs: &[&str],
    months: &[&str],
    per_month: usize,
) -> usize {
    let mut random = Lcg(20);
    let mut lines = Vec::new();
    let mut dates: Vec<Option<String>> = Vec::new();
    for month in months {
        for day in 0..per_month {
            dates.push(Some(format!("{month}-{:02}", 1 + day % 28)));
        }
    }
    // by month these count as undated; by year (2025) the first two are dated
    dates.extend([
        Some("2025".to_owned()),
        Some("2025-03".to_owned()),
        Some("13/03/2025".to_owned()),
        None,
    ]);
    for lang in langs {
        let templates: Vec<&str> = TEMPLATES
            .iter()
            .filter(|(l, _)| l == lang)
            .map(|(_, t)| *t)
            .collect();
        for (index, date) in dates.iter().enumerate() {
            let mut text = String::new();
            for _ in 0..3 {
                let template = templates[random.next(templates.len())];
                let a = random.next(clubs.len());
                let b = (a + 1 + random.next(clubs.len() - 1)) % clubs.len();
                let first =
                    if *lang == "it" && date.as_deref().is_some_and(|d| d.starts_with("2025-02")) {
                        "Napoli"
                    } else {
                        clubs[a]
                    };
                text.push_str(&template.replace("{A}", first).replace("{B}", clubs[b]));
                text.push(' ');
            }
            // a place, for the report's chart of places (ranked apart from the clubs)
            if *lang == "en" && index % 4 == 0 {
                text.push_str("The match was played in Naples on a warm evening.");
            }
            let date_field = date
                .as_ref()
                .map(|d| format!(",\"date\":{}", json_string(d)))
                .unwrap_or_default();
            lines.push(format!(
                "{{\"id\":\"{lang}-{index}\"{date_field},\"text\":{}}}",
                json_string(text.trim())
            ));
        }
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
    lines.len()
}

const CLUBS: &[&str] = &[
    "Juventus",
    "Inter",
    "Napoli",
    "Arsenal",
    "Chelsea",
    "Liverpool",
    "Real Madrid",
    "Roma",
    "Lazio",
];

fn en_it_corpus(dir: &Path) -> PathBuf {
    let input = dir.join("corpus.jsonl");
    write_corpus(
        &input,
        &["en", "it"],
        CLUBS,
        &["2025-01", "2025-02", "2025-03"],
        12,
    );
    input
}

/// Reads a corpus file in the dialect it was written in.
fn read(path: &Path) -> Table {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    let delimiter = if header.contains(';') { b';' } else { b',' };
    Table::parse(&bytes, delimiter)
}

fn count(cell: &str) -> usize {
    cell.parse()
        .unwrap_or_else(|_| panic!("{cell:?} is not a count"))
}

/// A two-decimal cell in hundredths.
fn hundredths(cell: &str) -> i64 {
    (cell.replace(',', ".").parse::<f64>().unwrap() * 100.0).round() as i64
}

fn keyed(table: &Table, key: &str) -> HashMap<String, Vec<String>> {
    let index = table.column(key);
    table
        .rows
        .iter()
        .map(|r| (r[index].clone(), r.clone()))
        .collect()
}

#[test]
fn period_rows_sum_to_coverage_for_every_period() {
    let dir = tempfile::tempdir().unwrap();
    let input = en_it_corpus(dir.path());
    for period in ["week", "month", "quarter", "year"] {
        let out = dir.path().join(period);
        run_corpus(&input, &out, &["--period", period]);
        let coverage = read(&out.join("coverage.csv"));
        let by_period = read(&out.join("coverage_by_period.csv"));
        let languages = read(&out.join("languages.csv"));
        assert_eq!(
            &by_period.header[..12],
            [
                "entity_id",
                "canonical",
                "type",
                "period",
                "en_articles",
                "en_mentions",
                "it_articles",
                "it_mentions",
                "en_per_1000_articles",
                "it_per_1000_articles",
                "en_period_articles",
                "it_period_articles"
            ]
        );
        let columns = ["en_articles", "en_mentions", "it_articles", "it_mentions"];
        let mut sums: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        // period -> ok articles per language, the same on every row of the period
        let mut period_articles: BTreeMap<String, [usize; 2]> = BTreeMap::new();
        for row in &by_period.rows {
            let entity = by_period.get(row, "entity_id").to_owned();
            let sum = sums.entry(entity).or_default();
            for (total, column) in sum.iter_mut().zip(columns) {
                *total += count(by_period.get(row, column));
            }
            let articles =
                ["en", "it"].map(|l| count(by_period.get(row, &format!("{l}_period_articles"))));
            let seen = period_articles
                .entry(by_period.get(row, "period").to_owned())
                .or_insert(articles);
            assert_eq!(*seen, articles, "{period}: {row:?}");
            for (lang, articles) in ["en", "it"].iter().zip(articles) {
                let mentions = count(by_period.get(row, &format!("{lang}_mentions")));
                let rate = by_period.get(row, &format!("{lang}_per_1000_articles"));
                if articles == 0 {
                    assert_eq!(rate, "", "{row:?}");
                } else {
                    assert_eq!(
                        rate,
                        format!("{:.2}", mentions as f64 * 1000.0 / articles as f64)
                    );
                }
            }
        }
        // every entity with counted mentions, and no other, has its rows, summing to coverage.csv
        let mut expected: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        for row in &coverage.rows {
            let counts = columns.map(|c| count(coverage.get(row, c)));
            if counts.iter().any(|&c| c > 0) {
                expected.insert(coverage.get(row, "entity_id").to_owned(), counts);
            }
        }
        assert!(expected.len() >= 9, "{expected:?}");
        assert_eq!(sums, expected, "--period {period}");
        // the periods' articles are the ok articles of each language
        let ok = keyed(&languages, "lang");
        for (index, lang) in ["en", "it"].iter().enumerate() {
            let total: usize = period_articles.values().map(|a| a[index]).sum();
            assert_eq!(
                total,
                count(&ok[*lang][languages.column("ok")]),
                "{period} {lang}"
            );
        }
        // the rows follow coverage.csv's entity order, periods in order with undated last
        let order: Vec<String> = coverage.values("entity_id");
        let mut last: Option<(usize, String)> = None;
        for row in &by_period.rows {
            let position = order
                .iter()
                .position(|e| e == by_period.get(row, "entity_id"))
                .unwrap();
            let key = by_period.get(row, "period").replace("undated", "~");
            if let Some(previous) = &last {
                assert!(previous < &(position, key.clone()), "{period}: {row:?}");
            }
            last = Some((position, key));
        }
        let periods: BTreeSet<String> = period_articles.keys().cloned().collect();
        let expected_periods: &[&str] = match period {
            "week" => &[],
            "month" => &["2025-01", "2025-02", "2025-03", "undated"],
            "quarter" => &["2025-Q1", "undated"],
            _ => &["2025", "undated"],
        };
        let expected_periods: &[&str] = match period {
            // days 1-12 of each month: 2025-01-01 is a Wednesday, in week 1
            "week" => &[
                "2025-W01", "2025-W02", "2025-W05", "2025-W06", "2025-W07", "2025-W09", "2025-W10",
                "2025-W11", "undated",
            ],
            _ => expected_periods,
        };
        assert_eq!(
            periods.iter().map(String::as_str).collect::<Vec<_>>(),
            expected_periods
        );
        // 3 months x 12 articles, then "2025", "2025-03", "13/03/2025" and no date: the date
        // column reads "13/03/2025" as 2025-03-13 (13 cannot be a month), "2025-03" is in March
        // (by month, quarter and year, not by week), "2025" only by year
        let undated = match period {
            "week" => 3,
            "month" | "quarter" => 2,
            _ => 1,
        };
        assert_eq!(period_articles["undated"], [undated; 2], "{period}");
        if period == "month" {
            assert_eq!(period_articles["2025-03"], [14, 14]);
        }
    }
}

#[test]
fn a_bad_period_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = en_it_corpus(dir.path());
    let output = run(
        &[
            "run",
            input.to_str().unwrap(),
            "-o",
            dir.path().join("out").to_str().unwrap(),
            "--period",
            "fortnight",
        ],
        b"",
    );
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(output.stderr.contains("fortnight"), "{}", output.stderr);
}

/// The opening tags of `html` that contain `marker`, from `<`.
fn tags<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    html.match_indices(marker)
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap();
            let end = i + html[i..].find('>').unwrap();
            &html[start..end]
        })
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The text right after each opening tag that contains `marker`, up to the next tag.
fn texts<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    html.match_indices(marker)
        .map(|(i, _)| {
            let start = i + html[i..].find('>').unwrap() + 1;
            let end = start + html[start..].find('<').unwrap();
            &html[start..end]
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The type labels the report ranks apart as places (README, "Most covered places").
const PLACE_TYPES: &[&str] = &[
    "PLACE", "CITY", "TOWN", "COUNTRY", "REGION", "LOCATION", "GPE", "STATE", "VILLAGE", "PROVINCE",
];

/// Among the rows of coverage.csv that are places (`places`) or are not, the union of each
/// language's ten of highest rate (ties by id), computed here from coverage.csv, independently
/// of the report's code.
fn expected_ranking(coverage: &Table, langs: &[&str], places: bool) -> Vec<String> {
    let mut chosen: BTreeSet<String> = BTreeSet::new();
    for lang in langs {
        let mut rated: Vec<(i64, String)> = coverage
            .rows
            .iter()
            .filter(|r| PLACE_TYPES.contains(&coverage.get(r, "type")) == places)
            .filter(|r| {
                !coverage
                    .get(r, &format!("{lang}_per_1000_articles"))
                    .is_empty()
            })
            .map(|r| {
                (
                    hundredths(coverage.get(r, &format!("{lang}_per_1000_articles"))),
                    coverage.get(r, "entity_id").to_owned(),
                )
            })
            .filter(|(rate, _)| *rate > 0)
            .collect();
        rated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        chosen.extend(rated.into_iter().take(10).map(|(_, id)| id));
    }
    let rows = keyed(coverage, "entity_id");
    let best = |id: &String| {
        langs
            .iter()
            .map(|l| &rows[id][coverage.column(&format!("{l}_per_1000_articles"))])
            .filter(|c| !c.is_empty())
            .map(|c| hundredths(c))
            .max()
            .unwrap_or(0)
    };
    let mut ranked: Vec<String> = chosen.into_iter().collect();
    ranked.sort_by(|a, b| best(b).cmp(&best(a)).then_with(|| a.cmp(b)));
    ranked
}

/// Checks every number of report.html in `out` against the CSV files there; `comma` is the
/// decimal separator the files use.
fn check_report_numbers(out: &Path, comma: bool) {
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let coverage = read(&out.join("coverage.csv"));
    let by_period = read(&out.join("coverage_by_period.csv"));
    let languages = read(&out.join("languages.csv"));
    let facts: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let langs = ["en", "it"];
    let separator = if comma { ',' } else { '.' };
    let is_decimal = |text: &str| {
        let (whole, fraction) = text
            .split_once(separator)
            .unwrap_or_else(|| panic!("{text:?} in {}", if comma { "comma" } else { "point" }));
        !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && fraction.len() == 2
            && fraction.chars().all(|c| c.is_ascii_digit())
    };

    assert!(!html.contains("<script"), "the report runs no script");
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_namespace.contains("http"),
        "the report fetches nothing"
    );
    assert!(
        !html.contains("per 1,000") && !html.contains("per 1.000"),
        "numbers in prose would read differently in the two dialects"
    );

    // the ranking: the union of each language's top ten by rate, in order, with the CSV's
    // values; the places likewise, in a chart of their own
    let expected = expected_ranking(&coverage, &langs, false);
    let shown: Vec<&str> = tags(&html, "class=\"entity\"")
        .iter()
        .map(|t| attribute(t, "data-entity").unwrap())
        .collect();
    assert_eq!(shown, expected);
    let expected_places = expected_ranking(&coverage, &langs, true);
    assert!(
        !expected_places.is_empty(),
        "the corpus names a place (Naples)"
    );
    let shown_places: Vec<&str> = tags(&html, "class=\"entity place\"")
        .iter()
        .map(|t| attribute(t, "data-entity").unwrap())
        .collect();
    assert_eq!(shown_places, expected_places);
    assert!(html.contains("Most covered places"));
    let rows = keyed(&coverage, "entity_id");
    let bars = tags(&html, "class=\"bar\"");
    assert_eq!(
        bars.len(),
        (expected.len() + expected_places.len()) * langs.len()
    );
    for bar in &bars {
        let entity = attribute(bar, "data-entity").unwrap();
        let lang = attribute(bar, "data-lang").unwrap();
        let value = attribute(bar, "data-value").unwrap();
        assert_eq!(
            value,
            rows[entity][coverage.column(&format!("{lang}_per_1000_articles"))]
        );
        assert!(is_decimal(value), "{value}");
    }

    // rates by type: the type's mentions per thousand ok articles of the language
    let ok: HashMap<&str, usize> = langs
        .iter()
        .map(|l| {
            (
                *l,
                count(languages.get(languages.rows_where("lang", l)[0], "ok")),
            )
        })
        .collect();
    let mut by_type: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    for row in &coverage.rows {
        let entry = by_type
            .entry(coverage.get(row, "type").to_owned())
            .or_default();
        for (total, lang) in entry.iter_mut().zip(langs) {
            *total += count(coverage.get(row, &format!("{lang}_mentions")));
        }
    }
    for (entity_type, mentions) in &by_type {
        for (lang, mentions) in langs.iter().zip(mentions) {
            let rate = format!("{:.2}", *mentions as f64 * 1000.0 / ok[lang] as f64)
                .replace('.', &separator.to_string());
            let cell = format!(
                "<td data-type=\"{entity_type}\" data-key=\"{lang}_per_1000_articles\">{rate}</td>"
            );
            assert!(html.contains(&cell), "missing {cell}");
            let cell = format!(
                "<td data-type=\"{entity_type}\" data-key=\"{lang}_mentions\">{mentions}</td>"
            );
            assert!(html.contains(&cell), "missing {cell}");
        }
    }

    // the summary is languages.csv, cell for cell
    for row in &languages.rows {
        for (column, value) in languages.header.iter().zip(row).skip(1) {
            let cell = format!(
                "data-lang=\"{}\" data-key=\"{column}\">{value}</td>",
                row[0]
            );
            assert!(html.contains(&cell), "missing {cell}");
        }
    }
    let ambiguous = languages.get(languages.rows_where("lang", "all")[0], "ambiguous_mentions");
    assert!(html.contains(&format!(
        "<span data-lang=\"all\" data-key=\"ambiguous_mentions\">{ambiguous}</span>"
    )));

    // the facts are run.json's, and run.json's are the corpus's
    let gazetteer = &facts["gazetteer"];
    assert!(html.contains(&format!(
        "<span data-key=\"gazetteer_entities\">{}</span>",
        gazetteer["entities"]
    )));
    assert!(html.contains(&format!(
        "title=\"{}\" data-key=\"gazetteer_sha256\"",
        gazetteer["sha256"].as_str().unwrap()
    )));
    let articles = read(&out.join("articles.csv"));
    let mut dated: Vec<String> = articles
        .rows_where("status", "ok")
        .iter()
        .map(|r| articles.get(r, "date").to_owned())
        .filter(|d| {
            d.len() >= 4 && d.as_bytes()[..4].iter().all(u8::is_ascii_digit) && !d.contains('/')
        })
        .collect();
    dated.sort();
    let dates = &facts["dates"];
    assert_eq!(dates["first"].as_str(), dated.first().map(String::as_str));
    assert_eq!(dates["last"].as_str(), dated.last().map(String::as_str));
    assert_eq!(dates["dated_articles"].as_u64(), Some(dated.len() as u64));
    assert!(html.contains(&format!(
        "<span data-key=\"first_date\">{}</span>",
        dated[0]
    )));

    // over time: the six first entities of the ranking, every point a cell of the file (0 where
    // the entity has no row but the language has articles in the period)
    let cards: Vec<&str> = tags(&html, "class=\"card\"")
        .iter()
        .map(|t| attribute(t, "data-entity").unwrap())
        .collect();
    assert_eq!(cards, expected[..6]);
    let mut period_articles: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    let mut cells: HashMap<(String, String, String), String> = HashMap::new();
    for row in &by_period.rows {
        let period = by_period.get(row, "period").to_owned();
        for lang in langs {
            period_articles.entry(period.clone()).or_default().insert(
                lang,
                count(by_period.get(row, &format!("{lang}_period_articles"))),
            );
            cells.insert(
                (
                    by_period.get(row, "entity_id").to_owned(),
                    period.clone(),
                    lang.to_owned(),
                ),
                by_period
                    .get(row, &format!("{lang}_per_1000_articles"))
                    .to_owned(),
            );
        }
    }
    let dots = tags(&html, "class=\"dot\"");
    // a dot per entity, dated period and language with articles in that period
    let with_articles: usize = period_articles
        .iter()
        .filter(|(p, _)| *p != "undated")
        .map(|(_, by_lang)| by_lang.values().filter(|n| **n > 0).count())
        .sum();
    assert_eq!(dots.len(), 6 * with_articles);
    for dot in &dots {
        let key = (
            attribute(dot, "data-entity").unwrap().to_owned(),
            attribute(dot, "data-period").unwrap().to_owned(),
            attribute(dot, "data-lang").unwrap().to_owned(),
        );
        let value = attribute(dot, "data-value").unwrap();
        let zero = if comma { "0,00" } else { "0.00" };
        assert_eq!(
            value,
            cells.get(&key).map(String::as_str).unwrap_or(zero),
            "{dot}"
        );
        assert!(is_decimal(value));
    }
    // each panel's scale: the highest rate among the periods with at least 10 articles of the
    // language (when any), the others faint
    for card in html.split("<figure class=\"card\"").skip(1) {
        let card = &card[..card.find("</figure>").unwrap()];
        let marker = "scale 0 to ";
        let start = card.find(marker).expect("a scale") + marker.len();
        let label = &card[start..start + card[start..].find(' ').unwrap()];
        assert!(is_decimal(label), "{label}");
        let dots: Vec<(i64, usize, bool)> = tags(card, "class=\"dot\"")
            .iter()
            .map(|dot| {
                (
                    hundredths(attribute(dot, "data-value").unwrap()),
                    count(attribute(dot, "data-articles").unwrap()),
                    dot.contains(" data-few"),
                )
            })
            .collect();
        let enough: Vec<i64> = dots
            .iter()
            .filter(|(_, articles, _)| *articles >= 10)
            .map(|(v, _, _)| *v)
            .collect();
        let expected = if enough.is_empty() {
            dots.iter().map(|(v, _, _)| *v).max()
        } else {
            enough.iter().copied().max()
        }
        .unwrap()
        .max(1);
        assert_eq!(hundredths(label), expected, "{card}");
        for (_, articles, few) in &dots {
            assert_eq!(*few, !enough.is_empty() && *articles < 10, "{card}");
        }
    }

    // the periods where the languages differ most, recomputed here
    let mut gaps: Vec<(i64, String, String, String)> = Vec::new();
    for row in &by_period.rows {
        let period = by_period.get(row, "period");
        if period == "undated" {
            continue;
        }
        let rates: Vec<(i64, &str)> = langs
            .iter()
            .filter(|l| count(by_period.get(row, &format!("{l}_period_articles"))) >= 10)
            .map(|l| {
                (
                    hundredths(by_period.get(row, &format!("{l}_per_1000_articles"))),
                    *l,
                )
            })
            .collect();
        if rates.len() == 2 && rates[0].0 != rates[1].0 {
            let high = if rates[1].0 > rates[0].0 {
                rates[1].1
            } else {
                rates[0].1
            };
            gaps.push((
                (rates[0].0 - rates[1].0).abs(),
                by_period.get(row, "entity_id").to_owned(),
                period.to_owned(),
                high.to_owned(),
            ));
        }
    }
    gaps.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    gaps.truncate(15);
    assert!(
        gaps.len() >= 5,
        "the corpus has periods to compare: {gaps:?}"
    );
    let table_rows: Vec<(String, String)> = tags(&html, "<tr data-entity=")
        .iter()
        .map(|t| {
            (
                attribute(t, "data-entity").unwrap().to_owned(),
                attribute(t, "data-period").unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        table_rows,
        gaps.iter()
            .map(|g| (g.1.clone(), g.2.clone()))
            .collect::<Vec<_>>()
    );
    let gap_cells = texts(&html, "data-key=\"gap\"");
    for (cell, gap) in gap_cells.iter().zip(&gaps) {
        assert_eq!(hundredths(cell), gap.0, "{cell}");
        assert!(is_decimal(cell));
    }
    // Napoli in Italian in February is the largest gap, higher in Italian
    assert_eq!(
        (gaps[0].1.as_str(), gaps[0].2.as_str(), gaps[0].3.as_str()),
        ("napoli", "2025-02", "it")
    );
}

#[test]
fn report_numbers_are_the_csv_numbers_in_both_dialects() {
    let dir = tempfile::tempdir().unwrap();
    let input = en_it_corpus(dir.path());
    let plain = dir.path().join("plain");
    let output = run_corpus(&input, &plain, &["--report"]);
    // run --report says where the page is
    assert_eq!(
        output.stdout_text().trim(),
        plain.join("report.html").display().to_string()
    );
    check_report_numbers(&plain, false);

    let excel = dir.path().join("excel");
    run_corpus(&input, &excel, &["--report", "--excel", "--delimiter", ";"]);
    let coverage = std::fs::read_to_string(excel.join("coverage_by_period.csv")).unwrap();
    assert!(coverage.starts_with("\u{feff}entity_id;canonical;type;period;"));
    check_report_numbers(&excel, true);
}

#[test]
fn a_period_with_few_articles_is_faint_and_does_not_set_the_scale() {
    // one English article in 2024-06 naming Juventus five times: 5,000 per thousand, which would
    // flatten the panel's well-sampled months
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("sparse.jsonl");
    write_corpus(&input, &["en", "it"], CLUBS, &["2025-01", "2025-02"], 12);
    let mut dump = std::fs::read_to_string(&input).unwrap();
    dump.push_str(&format!(
        "{{\"id\":\"en-sparse\",\"date\":\"2024-06-03\",\"text\":{}}}\n",
        json_string(
            &"Juventus beat Juventus on Sunday and the coach said that the team played very well. "
                .repeat(3)
        )
    ));
    std::fs::write(&input, dump).unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &["--report"]);
    check_report_numbers(&out, false);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let juventus = html
        .split("<figure class=\"card\"")
        .find(|card| card.starts_with(" data-box data-entity=\"juventus\""))
        .expect("Juventus has a panel");
    let sparse = tags(juventus, "data-period=\"2024-06\"")
        .into_iter()
        .find(|dot| dot.contains("data-lang=\"en\""))
        .unwrap();
    assert!(sparse.contains(" data-few"), "{sparse}");
    assert!(
        !juventus.contains("scale 0 to 6000"),
        "the one article does not set the scale"
    );
}

#[test]
fn run_json_names_the_gazetteer_and_its_hash() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let input = en_it_corpus(dir.path());
    let gazetteer = dir.path().join("clubs.tsv");
    std::fs::write(
        &gazetteer,
        "id\tname\ttype\taliases\nnapoli\tSSC Napoli\tCLUB\tNapoli\ninter\tInter\tCLUB\t\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_corpus(
        &input,
        &out,
        &[
            "--gazetteer",
            gazetteer.to_str().unwrap(),
            "--period",
            "quarter",
        ],
    );
    let facts: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let digest = sha2::Sha256::digest(std::fs::read(&gazetteer).unwrap());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(facts["gazetteer"]["sha256"], hex.as_str());
    assert_eq!(facts["gazetteer"]["entities"], 2);
    assert_eq!(facts["gazetteer"]["name"], gazetteer.to_str().unwrap());
    assert_eq!(facts["inputs"][0], input.to_str().unwrap());
    assert_eq!(facts["period"], "quarter");
    assert_eq!(facts["langs"], serde_json::json!(["en", "it"]));
    assert_eq!(facts["dates"]["first"], "2025");
    assert_eq!(facts["dates"]["last"], "2025-03-13");
    // 2 x (36 + "2025" + "2025-03" + "13/03/2025", read as 2025-03-13); the missing date is
    // undated
    assert_eq!(facts["dates"]["dated_articles"], 78);
    assert_eq!(facts["dates"]["undated_articles"], 2);
}

// ---- the page in a browser --------------------------------------------------------------

/// Measures the page from inside and writes the result into the DOM, for `--dump-dom`. Only
/// the test's copy of the page carries it: the shipped page runs no script. The same file is
/// used by scripts/check_publish.py on the report of a real dump.
const LAYOUT_PROBE: &str = include_str!("data/report_layout_probe.html");

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        });
    if found.is_none() {
        // CI installs Chromium (.ci/run); there a missing browser is a failure, not a skip
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed, and CI must check the report in a browser"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}

/// The layout measured by [`LAYOUT_PROBE`] in a `width` px window.
fn measure(chromium: &str, page: &Path, width: u32, scratch: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("<script"));
    let probe_page = scratch.join(format!("probe-{width}.html"));
    std::fs::write(
        &probe_page,
        html.replace("</body>", &format!("{LAYOUT_PROBE}\n</body>")),
    )
    .unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--dump-dom",
        ])
        .arg(format!("--window-size={width},1200"))
        .arg(format!(
            "--user-data-dir={}",
            scratch.join(format!("profile-{width}")).display()
        ))
        .arg(format!("file://{}", probe_page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom
        .find("<pre id=\"layout-result\">")
        .unwrap_or_else(|| panic!("no layout result in the page at {width} px"))
        + "<pre id=\"layout-result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    serde_json::from_str(&unescape(&dom[start..end])).unwrap()
}

#[test]
fn report_layout_holds_at_768_1280_and_1920_px() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // six languages for the legend, long names that must wrap, not be cut
    let gazetteer = dir.path().join("long.tsv");
    std::fs::write(
        &gazetteer,
        "id\tname\ttype\taliases\n\
         napoli\tSocietà Sportiva Calcio Napoli Femminile Primavera Under-19 della Campania\tCLUB\tNapoli\n\
         juventus\tJuventus\tCLUB\t\n\
         inter\tFootball Club Internazionale Milano\tCLUB\tInter\n\
         arsenal\tArsenal\tCLUB\t\n\
         chelsea\tChelsea\tCLUB\t\n\
         liverpool\tLlanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Liverpool Supporters\tSUPPORTERS_ASSOCIATION_OF_A_CLUB\tLiverpool\n\
         real_madrid\tReal Madrid\tCLUB\t\n\
         roma\tRoma\tCLUB\t\n\
         lazio\tLazio\tCLUB\t\n\
         naples\tNapoli, Città Metropolitana e capoluogo della Regione Campania\tCITY\tNaples\n",
    )
    .unwrap();
    let input = dir.path().join("six.jsonl");
    let langs = ["en", "it", "es", "fr", "de", "pt"];
    write_corpus(
        &input,
        &langs,
        CLUBS,
        &["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"],
        10,
    );
    let out = dir.path().join("out");
    run_corpus(
        &input,
        &out,
        &[
            "--gazetteer",
            gazetteer.to_str().unwrap(),
            "--langs",
            "en,it,es,fr,de,pt",
            "--report",
            "--excel",
            "--delimiter",
            ";",
        ],
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"));
    let languages = read(&out.join("languages.csv"));
    assert_eq!(&languages.values("lang")[..6], langs);
    for width in [768, 1280, 1920] {
        let layout = measure(chromium, &out.join("report.html"), width, dir.path());
        eprintln!(
            "{width} px: {} labels measured, legends {}",
            layout["labels"], layout["legends"]
        );
        assert_eq!(layout["width"], width, "the window is {width} px wide");
        assert_eq!(layout["problems"], serde_json::json!([]), "at {width} px");
        assert!(layout["labels"].as_u64().unwrap() > 300, "{layout}");
        // every language in each legend: the ranking's, the places' and the chart over time's
        assert_eq!(
            layout["legends"],
            serde_json::json!([6, 6, 6]),
            "at {width} px"
        );
    }
}

#[test]
fn the_layout_probe_sees_overflow() {
    // the probe must be able to fail: a page with a fixed-width block and a label cut out
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><div style=\"width:1000px\">wide</div>\
         <div data-box style=\"width:50px;overflow:hidden;white-space:nowrap\"><span data-label>a label far too long for its box</span></div>\
         <span class=\"name\" title=\"Full Name\">Full N…</span></body></html>",
    )
    .unwrap();
    let layout = measure(chromium, &page, 768, dir.path());
    let problems: Vec<String> = layout["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert!(
        problems.iter().any(|p| p.starts_with("page overflows")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("label outside its box")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("name cut")),
        "{problems:?}"
    );
}

// ---- the command line ---------------------------------------------------------------------

#[test]
fn help_has_examples_for_every_command_and_the_dialect_notes() {
    for command in [
        "run",
        "normalize",
        "detect",
        "segment",
        "tag",
        "report",
        "xlsx",
        "merge",
        "status",
    ] {
        let output = run_ok(&[command, "--help"], b"");
        let text = output.stdout_text();
        assert!(text.contains("Examples:"), "{command} --help: {text}");
        assert!(
            text.contains(&format!("artnorm {command}"))
                || text.contains(&format!("| artnorm {command}")),
            "{command}: {text}"
        );
    }
    let run_help = run_ok(&["run", "--help"], b"").stdout_text();
    assert!(run_help.contains("--excel --delimiter ';'"), "{run_help}");
    assert!(run_help.contains("833,33"), "{run_help}");
    assert!(run_help.contains("--period"), "{run_help}");
    let main_help = run_ok(&["--help"], b"").stdout_text();
    assert!(main_help.contains("Examples:"), "{main_help}");
}

/// Runs `command` in a pseudo-terminal (util-linux `script`), so that artnorm sees a terminal
/// on standard input and standard error; returns what the terminal showed and the exit status.
fn in_terminal(command: &str) -> (String, i32) {
    let output = Command::new("script")
        .args(["-q", "-e", "-c", command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux `script` runs (it is part of every Debian system)");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
}

#[test]
fn no_input_in_a_terminal_is_a_usage_error_not_a_wait() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (screen, code) = in_terminal(&format!(
        "timeout 60 {} run -o {}",
        shell_quote(&common::binary()),
        shell_quote(&out)
    ));
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("no input"), "{screen}");
    assert!(
        screen.contains("| artnorm run - -o"),
        "says how to pipe a file: {screen}"
    );
    // `-` named on a terminal is read, and says what it waits for
    let (screen, code) = in_terminal(&format!(
        "timeout 5 {} run - -o {}",
        shell_quote(&common::binary()),
        shell_quote(&out)
    ));
    assert_eq!(
        code, 124,
        "it reads the terminal until timeout stops it: {screen}"
    );
    assert!(screen.contains("end with Ctrl-D"), "{screen}");
    // a pipe is still read
    let piped = run_ok(
        &["run", "-o", out.to_str().unwrap(), "-q"],
        b"{\"text\":\"Il Napoli ha vinto ancora una volta la partita di campionato.\"}\n",
    );
    assert_eq!(piped.code, 0);
    assert!(out.join("articles.csv").exists());
}

/// A JSON Lines input large enough that a debug build draws its progress a few times.
fn progress_input(dir: &Path) -> PathBuf {
    let input = dir.join("big.jsonl");
    let mut random = Lcg(7);
    let lines: Vec<String> = (0..6000)
        .map(|i| {
            let (_, template) = TEMPLATES[random.next(4)];
            let text = template
                .replace("{A}", CLUBS[random.next(CLUBS.len())])
                .replace("{B}", "Roma");
            format!(
                "{{\"id\":\"{i}\",\"text\":{}}}",
                json_string(&text.repeat(3))
            )
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    input
}

#[test]
fn progress_bar_shows_percentage_and_eta_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let input = progress_input(dir.path());
    let out = dir.path().join("out");
    let (screen, code) = in_terminal(&format!(
        "timeout 120 {} run {} -o {}",
        shell_quote(&common::binary()),
        shell_quote(&input),
        shell_quote(&out)
    ));
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("% ["), "a bar with a percentage: {screen}");
    assert!(screen.contains("ETA"), "{screen}");
    assert!(screen.contains("/s"), "a rate: {screen}");
    assert!(screen.contains("artnorm: 6000 articles"), "{screen}");
}

#[test]
fn standard_input_gets_a_spinner_not_a_percentage() {
    // piped in, the size is unknown: a spinner with the bytes read and the rate, no percentage
    // or time left that would be made up
    let dir = tempfile::tempdir().unwrap();
    let input = progress_input(dir.path());
    let out = dir.path().join("out");
    let (screen, code) = in_terminal(&format!(
        "cat {} | timeout 120 {} run -o {}",
        shell_quote(&input),
        shell_quote(&common::binary()),
        shell_quote(&out)
    ));
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains(" read, "), "bytes read: {screen}");
    assert!(screen.contains("/s"), "a rate: {screen}");
    assert!(!screen.contains("% ["), "no percentage: {screen}");
    assert!(!screen.contains("ETA"), "no time left: {screen}");
    assert!(screen.contains("artnorm: 6000 articles"), "{screen}");
    // with -q, nothing at all on the terminal
    let (screen, code) = in_terminal(&format!(
        "cat {} | timeout 120 {} run -o {} -q",
        shell_quote(&input),
        shell_quote(&common::binary()),
        shell_quote(&out)
    ));
    assert_eq!(code, 0, "{screen}");
    assert_eq!(screen.trim(), "", "-q prints nothing");
}
