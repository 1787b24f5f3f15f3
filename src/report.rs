//! The coverage report: one self-contained HTML page from a corpus directory.
//!
//! `report.html` is made from the files of the corpus (`languages.csv`, `coverage.csv`), read
//! back in whatever dialect they were written (comma or semicolon, byte-order mark, decimal
//! comma, formula guard), so that every number on the page is a number of the files. The page
//! needs nothing from the network and runs no script: CSS and SVG are inline. It shows the run
//! summary, a side-by-side bar chart of the top entities in each language (mentions per 1,000
//! articles, so corpora of different sizes compare), totals per entity type, and the entities
//! covered in one language only.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::AtomicFile;

/// How many entities the bar chart shows.
pub const TOP_ENTITIES: usize = 20;
/// How many entities each "one language only" list shows.
pub const ONLY_IN_LISTED: usize = 25;

const PALETTE: &[&str] = &[
    "#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568",
];

/// A CSV table read back from a corpus directory, with the dialect undone.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
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

    /// Parses CSV bytes written by artnorm in any dialect: the delimiter is the first of `,`
    /// `;` or tab in the header row, a byte-order mark is skipped, and the formula guard's `'`
    /// is removed.
    pub fn parse(bytes: &[u8]) -> std::result::Result<Table, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let delimiter = first_line
            .iter()
            .copied()
            .find(|b| matches!(b, b',' | b';' | b'\t'))
            .unwrap_or(b',');
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
        Ok(Table { header, rows })
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

/// Writes `report.html` in `dir` from the corpus files there; returns its path.
pub fn write_report(dir: &Path) -> Result<PathBuf> {
    let languages = Table::read(&dir.join("languages.csv"))?;
    let coverage = Table::read(&dir.join("coverage.csv"))?;
    let html = render(&languages, &coverage, &dir.display().to_string());
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

/// Renders the page.
pub fn render(languages: &Table, coverage: &Table, source: &str) -> String {
    let langs = scope_languages(coverage);
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<title>artnorm coverage report</title>\n<style>\n");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(html, "<h1>Coverage report</h1>\n<p class=\"source\">Corpus: <code>{}</code>. Made by artnorm {} from <code>languages.csv</code> and <code>coverage.csv</code>.</p>", escape(source), env!("CARGO_PKG_VERSION"));
    render_summary(&mut html, languages);
    render_chart(&mut html, coverage, &langs);
    render_types(&mut html, coverage, &langs);
    render_only_in(&mut html, coverage, &langs);
    html.push_str("</body>\n</html>\n");
    html
}

fn render_summary(html: &mut String, languages: &Table) {
    html.push_str("<h2>Run summary</h2>\n<div class=\"scroll\"><table class=\"numbers\" id=\"summary\">\n<thead><tr>");
    for column in &languages.header {
        let _ = write!(html, "<th>{}</th>", escape(column));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &languages.rows {
        let lang = languages.cell(row, "lang");
        let class = if lang == "all" {
            " class=\"total\""
        } else {
            ""
        };
        let _ = write!(html, "<tr{class}>");
        for (column, value) in languages.header.iter().zip(row) {
            let _ = write!(
                html,
                "<td data-lang=\"{}\" data-key=\"{}\">{}</td>",
                escape(lang),
                escape(column),
                escape(value)
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table></div>\n");
}

fn render_chart(html: &mut String, coverage: &Table, langs: &[String]) {
    let _ = writeln!(
        html,
        "<h2>Top {TOP_ENTITIES} entities: mentions per 1,000 articles</h2>"
    );
    let top: Vec<&Vec<String>> = coverage.rows.iter().take(TOP_ENTITIES).collect();
    if top.is_empty() || langs.is_empty() {
        html.push_str("<p>No entity was mentioned.</p>\n");
        return;
    }
    let rate_column = |lang: &str| format!("{lang}_per_1000_articles");
    let max = top
        .iter()
        .flat_map(|row| {
            langs
                .iter()
                .map(|l| number(coverage.cell(row, &rate_column(l))))
        })
        .fold(0.0f64, f64::max);
    let label_width = 230.0;
    let bar_space = 560.0;
    let bar_height = 14.0;
    let group_gap = 10.0;
    let group_height = bar_height * langs.len() as f64 + group_gap;
    let legend_height = 28.0;
    let width = label_width + bar_space + 90.0;
    let height = legend_height + group_height * top.len() as f64;
    let _ = writeln!(
        html,
        "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Top entities, mentions per 1,000 articles, by language\">"
    );
    for (index, lang) in langs.iter().enumerate() {
        let x = label_width + index as f64 * 120.0;
        let color = PALETTE[index % PALETTE.len()];
        let _ = writeln!(
            html,
            "<rect x=\"{x}\" y=\"6\" width=\"14\" height=\"14\" fill=\"{color}\"/><text x=\"{}\" y=\"18\" class=\"legend\">{} per 1,000</text>",
            x + 20.0,
            escape(lang)
        );
    }
    for (row_index, row) in top.iter().enumerate() {
        let y0 = legend_height + row_index as f64 * group_height;
        let name = coverage.cell(row, "canonical");
        let _ = writeln!(
            html,
            "<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{}</text>",
            label_width - 8.0,
            y0 + bar_height * langs.len() as f64 / 2.0 + 4.0,
            escape(name)
        );
        for (lang_index, lang) in langs.iter().enumerate() {
            let value_text = coverage.cell(row, &rate_column(lang));
            let value = number(value_text);
            let length = if max > 0.0 {
                value / max * bar_space
            } else {
                0.0
            };
            let y = y0 + lang_index as f64 * bar_height;
            let color = PALETTE[lang_index % PALETTE.len()];
            let shown = if value_text.is_empty() {
                "–"
            } else {
                value_text
            };
            let _ = writeln!(
                html,
                "<rect x=\"{label_width}\" y=\"{y}\" width=\"{length:.1}\" height=\"{}\" fill=\"{color}\" data-entity=\"{}\" data-lang=\"{}\" data-value=\"{}\"><title>{} ({}): {} per 1,000 articles</title></rect><text x=\"{:.1}\" y=\"{}\" class=\"value\">{}</text>",
                bar_height - 2.0,
                escape(coverage.cell(row, "entity_id")),
                escape(lang),
                escape(value_text),
                escape(name),
                escape(lang),
                escape(shown),
                label_width + length + 4.0,
                y + bar_height - 4.0,
                escape(shown)
            );
        }
    }
    html.push_str("</svg>\n");
}

fn render_types(html: &mut String, coverage: &Table, langs: &[String]) {
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
    html.push_str("<h2>Mentions by entity type</h2>\n<table class=\"numbers\" id=\"types\">\n<thead><tr><th>type</th><th>entities</th>");
    for lang in langs {
        let _ = write!(html, "<th>{} mentions</th>", escape(lang));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (entity_type, (entities, mentions)) in &by_type {
        let _ = write!(
            html,
            "<tr><td data-type=\"{0}\">{0}</td><td data-type=\"{0}\" data-key=\"entities\">{1}</td>",
            escape(entity_type),
            entities
        );
        for (lang, count) in langs.iter().zip(mentions) {
            let _ = write!(
                html,
                "<td data-type=\"{}\" data-key=\"{}_mentions\">{}</td>",
                escape(entity_type),
                escape(lang),
                count
            );
        }
        html.push_str("</tr>\n");
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
            "<div class=\"only\" id=\"only-{0}\"><h3>Only in {0} ({1} entities)</h3>\n<ol>",
            escape(lang),
            only.len()
        );
        for row in only.iter().take(ONLY_IN_LISTED) {
            let _ = writeln!(
                html,
                "<li data-entity=\"{}\">{} <span class=\"type\">{}</span>: {} mentions in {} articles</li>",
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

const STYLE: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 2rem auto; max-width: 64rem; color: #1a202c; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .3rem; }
.source { color: #4a5568; }
table.numbers { border-collapse: collapse; font-size: .85rem; }\n.scroll { overflow-x: auto; }
table.numbers th, table.numbers td { border: 1px solid #e2e8f0; padding: .25rem .6rem; text-align: right; }
table.numbers th:first-child, table.numbers td:first-child { text-align: left; }
tr.total td { font-weight: bold; background: #f7fafc; }
svg text { font-size: 12px; fill: #1a202c; } svg text.value { fill: #4a5568; font-size: 11px; }
.columns { display: flex; gap: 2rem; flex-wrap: wrap; } .only { flex: 1; min-width: 18rem; }
.type { color: #718096; font-size: .8rem; }
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
        let plain = Table::parse(b"a,b\n'x,\"1,5\"\n").unwrap();
        assert_eq!(plain.rows[0], ["'x", "1,5"]);
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<b>\"R&D\"</b>'"),
            "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;&#39;"
        );
    }
}
