//! The English-vs-Italian comparison: coverage.csv, languages.csv and report.html agree with
//! each other and with counts made by hand.

mod common;

use std::collections::HashMap;

use common::{run_corpus, run_ok, samples_dir, Table};

/// A gazetteer covering three entities of the samples, counted by hand in
/// samples/articles.jsonl: Kaká (en: 2 articles, 4 mentions; it: 1, 1), Carlo Ancelotti
/// (en: 1, 3; it: 1, 3), Brazil (en: 2, 6; it: 1, 5).
const HAND_GAZETTEER: &str = "id\tname\ttype\taliases\taliases_it\n\
    kaka\tKaká\tPERSON\t\t\n\
    ancelotti\tCarlo Ancelotti\tPERSON\tAncelotti\t\n\
    brazil\tBrazil\tNATIONAL_TEAM\tSeleção|Selecao\tBrasile\n\
    nobody\tNessuno Mai\tPERSON\t\t\n";

fn run_hand_counted(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = dir.path().join("g.tsv");
    std::fs::write(&gazetteer, HAND_GAZETTEER).unwrap();
    let out = dir.path().join("out");
    let input = samples_dir().join("articles.jsonl");
    let mut args = vec!["--gazetteer", gazetteer.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_corpus(&input, &out, &args);
    (dir, out)
}

fn by_id(table: &Table) -> HashMap<String, HashMap<String, String>> {
    table
        .rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                table
                    .header
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn coverage_counts_are_exactly_right_per_language() {
    let (_dir, out) = run_hand_counted(&[]);
    let coverage = Table::read(&out.join("coverage.csv"));
    assert_eq!(
        coverage.header,
        [
            "entity_id",
            "canonical",
            "type",
            "en_articles",
            "en_mentions",
            "it_articles",
            "it_mentions",
            "en_per_1000_articles",
            "it_per_1000_articles",
            "total_mentions",
            "only_in",
            "en_ambiguous",
            "it_ambiguous",
        ]
    );
    let rows = by_id(&coverage);
    let counts = |id: &str| {
        let r = &rows[id];
        ["en_articles", "en_mentions", "it_articles", "it_mentions"]
            .map(|c| r[c].parse::<usize>().unwrap())
    };
    assert_eq!(counts("kaka"), [2, 4, 1, 1]);
    assert_eq!(counts("ancelotti"), [1, 3, 1, 3]);
    assert_eq!(counts("brazil"), [2, 6, 1, 5]);
    assert!(
        !rows.contains_key("nobody"),
        "unmentioned entities have no row"
    );
    // 6 English and 6 Italian ok articles
    assert_eq!(rows["brazil"]["en_per_1000_articles"], "1000.00");
    assert_eq!(rows["brazil"]["it_per_1000_articles"], "833.33");
    assert_eq!(rows["kaka"]["it_per_1000_articles"], "166.67");
    assert_eq!(rows["brazil"]["total_mentions"], "11");
    assert_eq!(rows["brazil"]["only_in"], "both");
    // sorted by total mentions, then id
    assert_eq!(
        coverage.values("entity_id"),
        ["brazil", "ancelotti", "kaka"]
    );
}

#[test]
fn only_in_and_ties() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"e\",\"text\":\"Arsenal beat Chelsea on Sunday, and the fans of the club were delighted with it.\"}\n\
         {\"id\":\"i\",\"text\":\"Il Napoli ha battuto la Lazio ieri sera e i tifosi hanno festeggiato fino a tardi.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let coverage = Table::read(&out.join("coverage.csv"));
    assert_eq!(
        coverage.values("entity_id"),
        ["arsenal", "chelsea", "lazio", "napoli"]
    );
    assert_eq!(coverage.values("only_in"), ["en", "en", "it", "it"]);
}

#[test]
fn languages_csv_totals_match_articles_csv() {
    let (_dir, out) = run_hand_counted(&[]);
    let languages = Table::read(&out.join("languages.csv"));
    assert_eq!(
        languages.header,
        [
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
            "ambiguous_mentions"
        ]
    );
    assert_eq!(languages.values("lang"), ["en", "it", "es", "all"]);
    let articles = Table::read(&out.join("articles.csv"));
    let rows = by_id(&languages);
    for lang in ["en", "it", "es"] {
        let mine: Vec<&Vec<String>> = articles.rows_where("lang", lang);
        let sum = |column: &str| {
            mine.iter()
                .map(|r| articles.get(r, column).parse::<usize>().unwrap())
                .sum::<usize>()
        };
        assert_eq!(rows[lang]["articles"], mine.len().to_string());
        assert_eq!(rows[lang]["sentences"], sum("sentences").to_string());
        assert_eq!(rows[lang]["mentions"], sum("mentions").to_string());
        assert_eq!(
            rows[lang]["boilerplate_lines"],
            sum("boilerplate_lines").to_string()
        );
    }
    assert_eq!(rows["en"]["entities"], "3");
    assert_eq!(rows["it"]["entities"], "3");
    assert_eq!(rows["es"]["other_lang"], "1");
    assert_eq!(rows["all"]["articles"], "13");
    assert_eq!(rows["all"]["ok"], "12");
    assert_eq!(rows["all"]["entities"], "3");
}

/// The opening tags that start with `marker`.
fn report_cells(html: &str, marker: &str) -> Vec<String> {
    html.match_indices(marker)
        .map(|(i, _)| html[i..].split('>').next().unwrap().to_owned())
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

#[test]
fn report_numbers_equal_the_csv_files() {
    let (_dir, out) = run_hand_counted(&["--report"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "the report runs no script");
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_namespace.contains("http"),
        "the report fetches nothing"
    );

    // every bar carries the per-1,000 value of coverage.csv
    let coverage = by_id(&Table::read(&out.join("coverage.csv")));
    let bars: Vec<String> = report_cells(&html, "<span class=\"bar\" ")
        .into_iter()
        .filter(|r| r.contains("data-entity"))
        .collect();
    assert_eq!(bars.len(), 6, "3 entities x 2 languages");
    for bar in &bars {
        let entity = attribute(bar, "data-entity").unwrap();
        let lang = attribute(bar, "data-lang").unwrap();
        let value = attribute(bar, "data-value").unwrap();
        assert_eq!(
            value,
            coverage[entity][&format!("{lang}_per_1000_articles")],
            "{bar}"
        );
    }

    // the summary is languages.csv, cell for cell
    let languages = Table::read(&out.join("languages.csv"));
    for row in &languages.rows {
        for (column, value) in languages.header.iter().zip(row) {
            let cell = format!("data-lang=\"{}\" data-key=\"{column}\">{value}</t", row[0]);
            assert!(html.contains(&cell), "missing {cell}");
        }
    }

    // per-type totals are the sums of coverage.csv
    let person_en: usize = ["kaka", "ancelotti"]
        .iter()
        .map(|id| coverage[*id]["en_mentions"].parse::<usize>().unwrap())
        .sum();
    assert!(html.contains(&format!(
        "<td data-type=\"PERSON\" data-key=\"en_mentions\">{person_en}</td>"
    )));
    assert!(html.contains("<td data-type=\"PERSON\" data-key=\"entities\">2</td>"));
    assert!(html.contains("<td data-type=\"NATIONAL_TEAM\" data-key=\"it_mentions\">5</td>"));
}

#[test]
fn report_command_reads_any_dialect() {
    let (_dir, out) = run_hand_counted(&["--excel", "--delimiter", ";"]);
    let coverage = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    assert!(
        coverage.contains("1000,00;833,33"),
        "decimal comma with ';': {coverage}"
    );
    let output = run_ok(&["report", out.to_str().unwrap()], b"");
    assert!(output.stdout_text().trim().ends_with("report.html"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("data-entity=\"brazil\" data-lang=\"it\" data-value=\"833,33\""));
    assert!(html.contains("Kaká"));
}

#[test]
fn report_on_a_directory_without_corpus_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::run(&["report", dir.path().to_str().unwrap()], b"");
    assert_eq!(output.code, 1);
    assert!(output.stderr.contains("languages.csv"), "{}", output.stderr);
}
