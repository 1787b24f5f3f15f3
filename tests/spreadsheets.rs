//! The files in real programs: LibreOffice opens the `--excel --delimiter ';'` output with
//! accents intact, one field per column and no live formula; it reads `corpus.xlsx` back with
//! every cell of the type written (ids as text, exactly; numbers; dates), a table past the row
//! limit on a second sheet; the CSV files' ids survive when the id column is imported as text,
//! and no decimal is read as another number in an English or an Italian locale. Chromium renders
//! report.html.
//!
//! Each test skips (with a message) when its program is not installed, except under CI (the `CI`
//! environment variable, which `.ci/run` sets and installs LibreOffice and Chromium for), where
//! a missing LibreOffice or Chromium fails the test. To run them, install the Debian packages
//! `libreoffice-calc-nogui` (or `libreoffice-calc`) and `chromium`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run_corpus, run_ok, Table};

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether LibreOffice is there to test with: under CI it must be (the test fails), elsewhere
/// the test is skipped, saying so.
fn libreoffice() -> bool {
    if installed("soffice") {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "LibreOffice (soffice) is not installed, and CI runs the spreadsheet tests for real \
         (.ci/run installs libreoffice-calc-nogui)"
    );
    eprintln!("skipped: LibreOffice (soffice) is not installed");
    false
}

const INPUT: &str = "Formule e città\n\
    =HYPERLINK(\"http://x.test\",\"click\") era nel post della società di Kaká.\n\
    +1+1 non è un risultato della Juventus.\n\
    @SUM(A1) è un altro esempio; la città è in festa per Éder Militão.\n\
    -2 punti per la Juventus, perché così ha deciso la FIGC.\n";

/// Converts `file` with LibreOffice to `format` in `out_dir`; returns the new file.
fn soffice_convert(
    profile: &Path,
    file: &Path,
    format: &str,
    filter: Option<&str>,
    out_dir: &Path,
) -> PathBuf {
    let mut command = Command::new("soffice");
    command
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--convert-to")
        .arg(format);
    if let Some(filter) = filter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = command
        .arg("--outdir")
        .arg(out_dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let extension = format.split(':').next().unwrap();
    let converted = out_dir
        .join(file.file_stem().unwrap())
        .with_extension(extension);
    assert!(
        converted.exists(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

/// Reads one member of a zip archive (xlsx and ods are zip files) through its central directory.
fn zip_member(archive: &Path, name: &str) -> String {
    let bytes = std::fs::read(archive).unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let end = (0..bytes.len() - 21)
        .rev()
        .find(|&i| u32_at(i) == 0x0605_4b50)
        .expect("end of central directory");
    let entries = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    for _ in 0..entries {
        assert_eq!(u32_at(at), 0x0201_4b50, "central directory entry");
        let method = u16_at(at + 10);
        let compressed = u32_at(at + 20);
        let name_length = u16_at(at + 28);
        let extra_length = u16_at(at + 30);
        let comment_length = u16_at(at + 32);
        let local = u32_at(at + 42);
        let member = std::str::from_utf8(&bytes[at + 46..at + 46 + name_length]).unwrap();
        if member == name {
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &bytes[data..data + compressed];
            let mut text = String::new();
            match method {
                0 => text = String::from_utf8(raw.to_vec()).unwrap(),
                8 => {
                    flate2::read::DeflateDecoder::new(raw)
                        .read_to_string(&mut text)
                        .unwrap();
                }
                other => panic!("zip method {other}"),
            }
            return text;
        }
        at += 46 + name_length + extra_length + comment_length;
    }
    panic!("no {name} in {}", archive.display());
}

fn corpus(dir: &Path, guard: bool) -> PathBuf {
    let input = dir.join("in.txt");
    std::fs::write(&input, INPUT).unwrap();
    let out = dir.join(if guard { "out" } else { "out-unguarded" });
    let mut args = vec!["--excel", "--delimiter", ";"];
    if !guard {
        args.push("--no-formula-guard");
    }
    run_corpus(&input, &out, &args);
    out
}

/// With LibreOffice installed: a scratch directory, a LibreOffice profile in it, and the corpus
/// of [`INPUT`] in the Excel dialect (with or without the formula guard). `None`, after saying
/// so, when LibreOffice is absent.
fn libreoffice_corpus(guard: bool) -> Option<(tempfile::TempDir, PathBuf, PathBuf)> {
    if !libreoffice() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    let out = corpus(dir.path(), guard);
    Some((dir, profile, out))
}

#[test]
fn libreoffice_opens_the_excel_dialect_correctly() {
    let Some((dir, profile, out)) = libreoffice_corpus(true) else {
        return;
    };
    let sentences_csv = out.join("sentences.csv");
    let written = Table::parse(&std::fs::read(&sentences_csv).unwrap(), b';');
    // semicolon-separated, quote ", UTF-8, from line 1: what a user picks in the import dialog
    let filter = Some("CSV:59,34,76,1");

    // xlsx: no formula element anywhere; the text cells keep their accents
    let xlsx = soffice_convert(&profile, &sentences_csv, "xlsx", filter, dir.path());
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        !sheet.contains("<f>") && !sheet.contains("<f "),
        "a formula in {sheet}"
    );
    let strings = zip_member(&xlsx, "xl/sharedStrings.xml");
    for word in ["Kaká", "città", "società", "Éder Militão", "perché così"] {
        assert!(strings.contains(word), "{word} lost in {strings}");
    }

    // ods: no formula attribute either
    let ods = soffice_convert(&profile, &sentences_csv, "ods", filter, dir.path());
    let content = zip_member(&ods, "content.xml");
    assert!(!content.contains("table:formula"), "a formula in the ods");

    // and back to CSV from the xlsx: every field in its own column, every cell as written
    let back_dir = dir.path().join("back");
    std::fs::create_dir(&back_dir).unwrap();
    let back = soffice_convert(
        &profile,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
        &back_dir,
    );
    let round_trip = Table::parse(&std::fs::read(&back).unwrap(), b',');
    assert_eq!(round_trip.header, written.header);
    assert_eq!(round_trip.rows, written.rows);
    assert!(round_trip
        .rows
        .iter()
        .any(|r| r[4].starts_with("'=HYPERLINK(")));
}

#[test]
fn libreoffice_in_an_italian_locale_reads_the_rates_as_numbers() {
    let Some((dir, profile, out)) = libreoffice_corpus(true) else {
        return;
    };
    let coverage_csv = out.join("coverage.csv");
    let written = Table::parse(&std::fs::read(&coverage_csv).unwrap(), b';');
    let rate_column = written.column("it_per_1000_articles");
    assert!(!written.rows.is_empty());
    // 1040: the Italian locale, whose decimal separator is the comma
    let xlsx = soffice_convert(
        &profile,
        &coverage_csv,
        "xlsx",
        Some("CSV:59,34,76,1,,1040"),
        dir.path(),
    );
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    let letter = (b'A' + rate_column as u8) as char;
    for (index, row) in written.rows.iter().enumerate() {
        let reference = format!("<c r=\"{letter}{}\"", index + 2);
        let cell = sheet[sheet
            .find(&reference)
            .unwrap_or_else(|| panic!("no cell {reference}"))..]
            .split("</c>")
            .next()
            .unwrap();
        assert!(cell.contains("t=\"n\""), "not a number: {cell}");
        let value: f64 = cell
            .split("<v>")
            .nth(1)
            .unwrap()
            .split("</v>")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let expected: f64 = row[rate_column].replace(',', ".").parse().unwrap();
        assert!(
            (value - expected).abs() < 1e-9,
            "{cell} vs {}",
            row[rate_column]
        );
    }
}

#[test]
fn without_the_guard_libreoffice_would_evaluate_a_formula() {
    // the control experiment: shows that the check above can fail
    let Some((dir, profile, out)) = libreoffice_corpus(false) else {
        return;
    };
    let xlsx = soffice_convert(
        &profile,
        &out.join("sentences.csv"),
        "xlsx",
        Some("CSV:59,34,76,1"),
        dir.path(),
    );
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<f>") || sheet.contains("<f "),
        "LibreOffice no longer evaluates formulas on import"
    );
}

#[test]
fn chromium_renders_the_report() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| installed(p));
    let Some(chromium) = chromium else {
        // CI installs Chromium (.ci/run): there a missing browser fails, it does not skip
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed, and CI renders the report for real"
        );
        eprintln!("skipped: Chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = common::samples_dir();
    run_ok(
        &[
            "run",
            samples.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--report",
        ],
        b"",
    );
    let png = dir.path().join("report.png");
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
            "--window-size=1100,1800",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", out.join("report.html").display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1100, 1800));
    // a blank page compresses to almost nothing; a page with text, tables and bars does not
    assert!(
        bytes.len() > 30_000,
        "the screenshot looks empty ({} bytes)",
        bytes.len()
    );
}

/// One cell of a sheet as LibreOffice holds it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Cell {
    /// `string`, `float`, `date`, `boolean`..., or empty for an empty cell.
    kind: String,
    /// The typed value (`office:value`, `office:date-value`...), for non-text cells.
    value: Option<String>,
    /// The text shown.
    text: String,
    formula: bool,
}

/// A sheet: its name and rows of cells (trailing empty cells and rows dropped).
#[derive(Debug)]
struct Sheet {
    name: String,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn column(&self, name: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|c| c.text == name)
            .unwrap_or_else(|| panic!("no column {name} in {}", self.name))
    }

    /// The cell of `column` in the row whose first cell shows `id`.
    fn cell(&self, id: &str, column: &str) -> Cell {
        let column = self.column(column);
        let row = self.rows[1..]
            .iter()
            .find(|r| r.first().is_some_and(|c| c.text == id))
            .unwrap_or_else(|| panic!("no row {id} in {}", self.name));
        row.get(column).cloned().unwrap_or_default()
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// An attribute of a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Reads the sheets of a flat ODF spreadsheet (`.fods`, what `soffice --convert-to fods`
/// writes): just enough XML for cells, their types, values and text.
fn fods_sheets(path: &Path) -> Vec<Sheet> {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut at = 0;
    let mut cell: Option<(Cell, usize)> = None;
    let mut in_paragraph = 0usize;
    while let Some(open) = xml[at..].find('<') {
        let open = at + open;
        if let Some((current, _)) = cell.as_mut() {
            if in_paragraph > 0 {
                current.text.push_str(&unescape(&xml[at..open]));
            }
        }
        let close = open + xml[open..].find('>').expect("a tag ends");
        let tag = &xml[open + 1..close];
        at = close + 1;
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let end_tag = tag.starts_with('/');
        match (name, end_tag) {
            ("table:table", false) => sheets.push(Sheet {
                name: unescape(attribute(tag, "table:name").unwrap_or("")),
                rows: Vec::new(),
            }),
            ("table:table-row", false) => {
                let sheet = sheets.last_mut().unwrap();
                sheet.rows.push(Vec::new());
            }
            ("table:table-row", true) => {
                let sheet = sheets.last_mut().unwrap();
                while sheet
                    .rows
                    .last()
                    .is_some_and(|r| r.last().is_some_and(|c| c == &Cell::default()))
                {
                    sheet.rows.last_mut().unwrap().pop();
                }
            }
            ("table:table-cell" | "table:covered-table-cell", false) => {
                let repeat: usize = attribute(tag, "table:number-columns-repeated")
                    .map(|n| n.parse().unwrap())
                    .unwrap_or(1);
                let value = ["office:value", "office:date-value", "office:boolean-value"]
                    .iter()
                    .find_map(|a| attribute(tag, a))
                    .map(str::to_owned);
                let new = Cell {
                    kind: attribute(tag, "office:value-type").unwrap_or("").to_owned(),
                    value,
                    text: String::new(),
                    formula: attribute(tag, "table:formula").is_some(),
                };
                if self_closing {
                    let row = sheets.last_mut().unwrap().rows.last_mut().unwrap();
                    // a run of empty cells at the end of a row is 16,000 wide
                    for _ in 0..repeat.min(256) {
                        row.push(new.clone());
                    }
                } else {
                    cell = Some((new, repeat));
                }
            }
            ("table:table-cell" | "table:covered-table-cell", true) => {
                let (done, repeat) = cell.take().unwrap();
                let row = sheets.last_mut().unwrap().rows.last_mut().unwrap();
                for _ in 0..repeat.min(256) {
                    row.push(done.clone());
                }
            }
            ("text:p", false) if !self_closing => {
                if let Some((current, _)) = cell.as_mut() {
                    if !current.text.is_empty() {
                        current.text.push('\n');
                    }
                }
                in_paragraph += 1;
            }
            ("text:p", true) => in_paragraph -= 1,
            ("text:s", false) => {
                if let Some((current, _)) = cell.as_mut() {
                    let count: usize = attribute(tag, "text:c")
                        .map(|n| n.parse().unwrap())
                        .unwrap_or(1);
                    current.text.push_str(&" ".repeat(count));
                }
            }
            ("text:tab", false) => {
                if let Some((current, _)) = cell.as_mut() {
                    current.text.push('\t');
                }
            }
            _ => {}
        }
    }
    for sheet in &mut sheets {
        while sheet.rows.last().is_some_and(Vec::is_empty) {
            sheet.rows.pop();
        }
    }
    sheets
}

fn sheet<'a>(sheets: &'a [Sheet], name: &str) -> &'a Sheet {
    sheets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// Records whose ids look like numbers, dates and booleans, dates in several forms, a sentence
/// that looks like a number and one like a date, and a formula.
const TRICKY_JSONL: &str = concat!(
    r#"{"id":"007","title":"Kaká torna al Milan","date":"2 giugno 2025","url":"https://example.test/a?x=1","text":"Kaká torna al Milan. Lo ha detto Ancelotti.\nLa città è in festa per il ritorno del campione brasiliano."}"#,
    "\n",
    r#"{"id":12345678901234567890,"date":"2025-06","text":"The coach signed a new contract with Real Madrid on Monday, the club said, and the fans welcomed the news."}"#,
    "\n",
    r#"{"id":"12345678901234567891","date":"June 3, 2025","text":"The coach signed a new contract with Juventus on Monday, the club said.\nThe fans welcomed the news."}"#,
    "\n",
    r#"{"id":"1/2","date":"02/06/2025","text":"Friday, July 21, 2017\n9,033.\nThe match ended in front of the fans at the stadium, the club said."}"#,
    "\n",
    r#"{"id":"TRUE","date":"Mon, 02 Jun 2025 14:30:00 +0000","text":"=HYPERLINK(\"http://x.test\",\"click\") was in the post about Real Madrid.\nA second paragraph of the article follows here."}"#,
    "\n",
    r#"{"id":"-5","date":"2025-13-45","text":"The match ended in front of the fans at the stadium, the club said.\nA second paragraph of the article follows here."}"#,
    "\n",
);

const TRICKY_IDS: &[&str] = &[
    "007",
    "12345678901234567890",
    "12345678901234567891",
    "1/2",
    "TRUE",
    "-5",
];

fn tricky_corpus(dir: &Path, extra: &[&str]) -> PathBuf {
    let input = dir.join("tricky.jsonl");
    std::fs::write(&input, TRICKY_JSONL).unwrap();
    let out = dir.join(format!(
        "out{}",
        extra.join("").replace([' ', ';', '-'], "_")
    ));
    run_corpus(&input, &out, extra);
    out
}

#[test]
fn libreoffice_reads_corpus_xlsx_back_with_every_cell_of_its_type() {
    if !libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    let out = tricky_corpus(dir.path(), &["--xlsx"]);
    let fods = soffice_convert(&profile, &out.join("corpus.xlsx"), "fods", None, dir.path());
    let sheets = fods_sheets(&fods);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    // one sheet per table of the corpus, coverage_by_period.csv included
    assert_eq!(
        names,
        [
            "articles",
            "sentences",
            "mentions",
            "coverage",
            "coverage_by_period",
            "languages"
        ]
    );
    assert!(
        sheets
            .iter()
            .flat_map(|s| &s.rows)
            .flatten()
            .all(|c| !c.formula),
        "a formula in corpus.xlsx"
    );

    // ids: text, exactly as in the input, in every table
    let articles = sheet(&sheets, "articles");
    let ids: Vec<&Cell> = articles.rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        TRICKY_IDS
    );
    assert!(ids.iter().all(|c| c.kind == "string"), "{ids:?}");
    for table in ["sentences", "mentions"] {
        for row in &sheet(&sheets, table).rows[1..] {
            assert_eq!(row[0].kind, "string");
            assert!(TRICKY_IDS.contains(&row[0].text.as_str()), "{:?}", row[0]);
        }
    }

    // dates: complete ones are dates, a month is text, the unreadable ones are kept in date_raw
    let date = articles.cell("007", "date");
    assert_eq!(
        (date.kind.as_str(), date.value.as_deref()),
        ("date", Some("2025-06-02"))
    );
    let date = articles.cell("12345678901234567891", "date");
    assert_eq!(date.value.as_deref(), Some("2025-06-03"));
    let date = articles.cell("TRUE", "date");
    assert_eq!(date.value.as_deref(), Some("2025-06-02"));
    let month = articles.cell("12345678901234567890", "date");
    assert_eq!(
        (month.kind.as_str(), month.text.as_str()),
        ("string", "2025-06")
    );
    for (id, raw) in [("1/2", "02/06/2025"), ("-5", "2025-13-45")] {
        assert_eq!(articles.cell(id, "date"), Cell::default());
        let kept = articles.cell(id, "date_raw");
        assert_eq!((kept.kind.as_str(), kept.text.as_str()), ("string", raw));
    }
    let url = articles.cell("007", "url");
    assert_eq!(url.text, "https://example.test/a?x=1");

    // numbers: confidences and counts
    let written = Table::read(&out.join("articles.csv"));
    for row in &written.rows {
        // the CSV file has the formula guard's `'` before `-5`; the workbook does not
        let id = written.get(row, "article_id");
        let id = id.strip_prefix('\'').unwrap_or(id);
        let confidence = articles.cell(id, "lang_confidence");
        assert_eq!(confidence.kind, "float");
        let value: f64 = confidence.value.unwrap().parse().unwrap();
        let expected: f64 = written.get(row, "lang_confidence").parse().unwrap();
        assert!((value - expected).abs() < 1e-9);
        let sentences = articles.cell(id, "sentences");
        assert_eq!(sentences.kind, "float");
        assert_eq!(
            sentences.value.as_deref(),
            Some(written.get(row, "sentences"))
        );
    }

    // text that looks like a number or a date stays text; the formula is text, without the `'`
    let sentences = sheet(&sheets, "sentences");
    let text = sentences.column("text");
    let texts: Vec<&Cell> = sentences.rows[1..].iter().map(|r| &r[text]).collect();
    for shown in [
        "9,033.",
        "Friday, July 21, 2017",
        "=HYPERLINK(\"http://x.test\",\"click\") was in the post about Real Madrid.",
    ] {
        let cell = texts
            .iter()
            .find(|c| c.text == shown)
            .unwrap_or_else(|| panic!("no sentence {shown} in {texts:?}"));
        assert_eq!(cell.kind, "string", "{cell:?}");
    }
    let index = sentences.column("sentence_idx");
    assert!(sentences.rows[1..].iter().all(|r| r[index].kind == "float"));

    // mentions carry the article's date and language, offsets are numbers
    let mentions = sheet(&sheets, "mentions");
    let first = mentions.rows[1..]
        .iter()
        .find(|r| r[0].text == "007")
        .expect("a mention in 007");
    assert_eq!(
        first[mentions.column("date")].value.as_deref(),
        Some("2025-06-02")
    );
    assert_eq!(first[mentions.column("lang")].text, "it");
    assert_eq!(first[mentions.column("start")].kind, "float");

    // the header row is frozen and filterable, the columns have widths (in the workbook itself)
    let xml = zip_member(&out.join("corpus.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "header not frozen: {}",
        &xml[..xml.len().min(600)]
    );
    assert!(xml.contains("<autoFilter ref=\"A1:"), "no filter");
    assert!(xml.contains("<col "), "no column widths");
}

#[test]
fn corpus_xlsx_is_the_same_from_any_csv_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let plain = tricky_corpus(dir.path(), &["--xlsx"]);
    let excel = tricky_corpus(dir.path(), &["--xlsx", "--excel", "--delimiter", ";"]);
    let tab = tricky_corpus(dir.path(), &["--delimiter", "tab"]);
    run_ok(&["xlsx", tab.to_str().unwrap()], b"");
    for sheet in 1..=5 {
        let member = format!("xl/worksheets/sheet{sheet}.xml");
        let expected = zip_member(&plain.join("corpus.xlsx"), &member);
        assert_eq!(zip_member(&excel.join("corpus.xlsx"), &member), expected);
        assert_eq!(zip_member(&tab.join("corpus.xlsx"), &member), expected);
    }
}

#[test]
fn xlsx_needs_a_corpus_directory() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::run(&["xlsx", dir.path().to_str().unwrap()], b"");
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("no articles.csv"),
        "{}",
        output.stderr
    );
}

/// Converts `csv` (an artnorm CSV file) with LibreOffice's CSV import `options` to `.fods`.
fn import_csv(profile: &Path, csv: &Path, options: &str, out_dir: &Path) -> Vec<Sheet> {
    std::fs::create_dir_all(out_dir).unwrap();
    let filter = format!("CSV:{options}");
    let fods = soffice_convert(profile, csv, "fods", Some(&filter), out_dir);
    fods_sheets(&fods)
}

const ENGLISH: &str = "1033";
const ITALIAN: &str = "1040";

#[test]
fn csv_ids_come_back_exactly_when_the_id_column_is_imported_as_text() {
    if !libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    let out = tricky_corpus(dir.path(), &[]);
    let articles = out.join("articles.csv");
    // as LibreOffice opens it by default, ids are changed (what the README warns about)
    let sheets = import_csv(
        &profile,
        &articles,
        &format!("44,34,76,1,,{ENGLISH}"),
        &dir.path().join("d"),
    );
    let ids: Vec<String> = sheets[0].rows[1..]
        .iter()
        .map(|r| r[0].text.clone())
        .collect();
    assert_ne!(
        ids, TRICKY_IDS,
        "LibreOffice no longer converts ids on import"
    );
    // with the first column set to Text in the import dialog (column type `2`), in both locales,
    // in every table whose first column is article_id
    for locale in [ENGLISH, ITALIAN] {
        for (table, delimiter, extra) in [
            ("articles", "44", "out"),
            ("sentences", "44", "out"),
            ("mentions", "44", "out"),
        ] {
            let path = out.join(format!("{table}.csv"));
            let sheets = import_csv(
                &profile,
                &path,
                &format!("{delimiter},34,76,1,1/2,{locale}"),
                &dir.path().join(format!("{extra}-{table}-{locale}")),
            );
            let written = Table::read(&path);
            let read: Vec<(String, String)> = sheets[0].rows[1..]
                .iter()
                .map(|r| (r[0].kind.clone(), r[0].text.clone()))
                .collect();
            let expected: Vec<(String, String)> = written
                .rows
                .iter()
                .map(|r| ("string".to_owned(), r[0].clone()))
                .collect();
            assert_eq!(read, expected, "{table} in locale {locale}");
        }
    }
}

#[test]
fn no_decimal_is_read_as_another_number_in_english_or_italian() {
    if !libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    // the hazard: three decimals read as a thousands group (control: shows the check can fail)
    let hazard = dir.path().join("hazard.csv");
    std::fs::write(&hazard, "a,b\nx,0.993\n").unwrap();
    let sheets = import_csv(
        &profile,
        &hazard,
        &format!("44,34,76,1,,{ITALIAN}"),
        &dir.path().join("h"),
    );
    assert_eq!(sheets[0].rows[1][1].value.as_deref(), Some("993"));

    for (dialect, delimiter, extra) in [
        ("comma", "44", &[][..]),
        ("semicolon", "59", &["--delimiter", ";"][..]),
    ] {
        let out = tricky_corpus(dir.path(), extra);
        for file in ["articles.csv", "coverage.csv"] {
            let path = out.join(file);
            let written = Table::parse(
                &std::fs::read(&path).unwrap(),
                delimiter.parse::<u8>().unwrap(),
            );
            let columns: Vec<usize> = written
                .header
                .iter()
                .enumerate()
                .filter(|(_, h)| *h == "lang_confidence" || h.ends_with("_per_1000_articles"))
                .map(|(i, _)| i)
                .collect();
            assert!(!columns.is_empty());
            for locale in [ENGLISH, ITALIAN] {
                let sheets = import_csv(
                    &profile,
                    &path,
                    &format!("{delimiter},34,76,1,,{locale}"),
                    &dir.path().join(format!("{dialect}-{file}-{locale}")),
                );
                let mut numbers = 0;
                for (row, read) in written.rows.iter().zip(&sheets[0].rows[1..]) {
                    for &column in &columns {
                        let text = &row[column];
                        if text.is_empty() {
                            continue;
                        }
                        let cell = read.get(column).cloned().unwrap_or_default();
                        let expected: f64 = text.replace(',', ".").parse().unwrap();
                        match cell.kind.as_str() {
                            "float" => {
                                let value: f64 = cell.value.unwrap().parse().unwrap();
                                assert!(
                                    (value - expected).abs() < 1e-9,
                                    "{file} ({dialect}) in locale {locale}: {text} read as {value}"
                                );
                                numbers += 1;
                            }
                            // left as text, as written: not a wrong number
                            "string" => assert_eq!(&cell.text, text),
                            other => panic!("{text} read as {other}"),
                        }
                    }
                }
                // in the locale that matches the dialect, the decimals are numbers
                let matching = (dialect == "comma") == (locale == ENGLISH);
                if matching {
                    assert!(numbers > 0, "{file} ({dialect}) in {locale}: no number");
                }
            }
        }
    }
}

#[test]
fn a_table_past_the_row_limit_continues_on_a_second_sheet() {
    if !libreoffice() {
        return;
    }
    const ROWS: usize = 1_048_575 + 3;
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("articles.csv"),
        "article_id,source\n0001,generated\n",
    )
    .unwrap();
    let mut sentences = String::with_capacity(ROWS * 16);
    sentences.push_str("article_id,sentence_idx\n");
    for i in 0..ROWS {
        sentences.push_str(&format!("{:04},{i}\n", i % 10_000));
    }
    std::fs::write(corpus.join("sentences.csv"), &sentences).unwrap();

    let output = common::run_with_limit(
        &["xlsx", corpus.to_str().unwrap()],
        b"",
        std::time::Duration::from_secs(600),
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains(
            "sentences has 1048578 rows, more than one sheet holds: it continues on sentences (2)"
        ),
        "{}",
        output.stderr
    );

    // every sheet to CSV (`-1`), as LibreOffice holds it
    let back = dir.path().join("back");
    std::fs::create_dir(&back).unwrap();
    let status = Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--convert-to")
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&back)
        .arg(corpus.join("corpus.xlsx"))
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let first = std::fs::read_to_string(back.join("corpus-sentences.csv")).unwrap();
    let second = std::fs::read_to_string(back.join("corpus-sentences (2).csv")).unwrap();
    let header = "article_id,sentence_idx\n";
    assert!(first.starts_with(header) && second.starts_with(header));
    assert_eq!(first.lines().count(), 1_048_576, "the first sheet is full");
    assert_eq!(second.lines().count(), 1 + 3);
    // nothing lost, nothing changed, in order; the ids with their leading zeros
    let rejoined = format!("{first}{}", &second[header.len()..]);
    assert_eq!(rejoined, sentences);
}

#[test]
fn dates_urls_and_pivot_columns_in_the_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tricky.jsonl");
    std::fs::write(&input, TRICKY_JSONL).unwrap();
    let out = dir.path().join("out");
    let output = run_ok(
        &["run", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
        b"",
    );
    assert!(
        output
            .stderr
            .contains("; 2 dates not read (1 ambiguous, 1 invalid), kept in date_raw"),
        "{}",
        output.stderr
    );
    let articles = Table::read(&out.join("articles.csv"));
    let dates: Vec<(&str, &str, &str)> = articles
        .rows
        .iter()
        .map(|r| {
            (
                articles.get(r, "article_id"),
                articles.get(r, "date"),
                articles.get(r, "date_raw"),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("007", "2025-06-02", ""),
            ("12345678901234567890", "2025-06", ""),
            ("12345678901234567891", "2025-06-03", ""),
            ("1/2", "", "02/06/2025"),
            ("TRUE", "2025-06-02", ""),
            ("'-5", "", "2025-13-45"),
        ]
    );
    assert_eq!(
        articles.get(&articles.rows[0], "url"),
        "https://example.test/a?x=1"
    );
    // two decimals: never three digits after the point, which some locales read as thousands
    for confidence in articles.values("lang_confidence") {
        assert_eq!(
            confidence.split('.').nth(1).map(str::len),
            Some(2),
            "{confidence}"
        );
    }
    // a record without a title whose text is one paragraph has no title
    assert_eq!(articles.get(&articles.rows[1], "title"), "");
    let sentences = Table::read(&out.join("sentences.csv"));
    assert!(sentences
        .rows_where("article_id", "12345678901234567890")
        .iter()
        .all(|r| sentences.get(r, "kind") == "text"));
    // mentions.csv ends with decision, date, lang: a pivot needs no join
    let mentions = Table::read(&out.join("mentions.csv"));
    let n = mentions.header.len();
    assert_eq!(mentions.header[n - 3..], ["decision", "date", "lang"]);
    for row in &mentions.rows {
        let article = articles
            .rows_where("article_id", mentions.get(row, "article_id"))
            .remove(0);
        assert_eq!(mentions.get(row, "date"), articles.get(article, "date"));
        assert_eq!(mentions.get(row, "lang"), articles.get(article, "lang"));
    }
    assert!(!mentions.rows.is_empty());
}

#[test]
fn a_run_without_xlsx_removes_the_workbook_of_a_previous_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = tricky_corpus(dir.path(), &["--xlsx"]);
    assert!(out.join("corpus.xlsx").exists());
    let input = dir.path().join("tricky.jsonl");
    run_corpus(&input, &out, &[]);
    assert!(
        !out.join("corpus.xlsx").exists(),
        "a stale corpus.xlsx would not match the new CSV files"
    );
}

#[test]
fn a_json_number_id_is_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("numbers.jsonl");
    let text = "The coach signed a new contract on Monday, the club said.";
    let ids = [
        "1234567890123456789012345",
        "1.50",
        "12345678901234567890",
        "0",
    ];
    let lines: String = ids
        .iter()
        .map(|id| format!("{{\"id\":{id},\"text\":\"{text}\"}}\n"))
        .collect();
    std::fs::write(&input, lines).unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.values("article_id"), ids);
}

/// `soffice` converts every sheet of `workbook` to CSV in `out_dir` (`corpus-NAME.csv`), as
/// LibreOffice holds them.
fn every_sheet_to_csv(profile: &Path, workbook: &Path, out_dir: &Path) {
    std::fs::create_dir_all(out_dir).unwrap();
    let status = Command::new("soffice")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--convert-to")
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(out_dir)
        .arg(workbook)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The rows of CSV `text` without its header, which must be `header`.
fn body<'a>(text: &'a str, header: &str) -> &'a str {
    assert!(text.starts_with(header), "{}", &text[..200.min(text.len())]);
    &text[header.len()..]
}

#[test]
fn a_run_past_the_row_limit_warns_splits_the_csv_and_continues_the_workbook() {
    // through the binary, as a user runs it: 1,049 Italian articles of 1,000 short sentences
    // each give a sentences.csv of 1,049,001 rows, 425 more than a spreadsheet holds
    const ARTICLES: usize = 1049;
    const SENTENCES: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.jsonl");
    let mut dump = String::new();
    for article in 0..ARTICLES {
        let text: Vec<String> = (0..SENTENCES)
            .map(|i| format!("Oggi piove {} volte in città.", (article + i) % 10))
            .collect();
        dump.push_str(&format!(
            "{{\"id\":\"{article:04}\",\"text\":\"{}\"}}\n",
            text.join(" ")
        ));
    }
    std::fs::write(&input, dump).unwrap();
    let out = dir.path().join("out");
    let output = common::run_corpus_within(
        &input,
        &out,
        &["--split-csv", "--xlsx"],
        std::time::Duration::from_secs(1200),
    );
    let rows = ARTICLES * SENTENCES + 1;
    // the warning (run_corpus runs with -q: it is printed even then) says what a spreadsheet
    // would drop
    assert!(
        output.stderr.contains(&format!(
            "artnorm: warning: sentences.csv has {rows} rows, more than a spreadsheet's 1048576: \
             a spreadsheet opening it drops the last {}",
            rows - 1_048_576
        )),
        "{}",
        output.stderr
    );
    assert!(
        !output.stderr.contains("articles.csv has"),
        "{}",
        output.stderr
    );

    // --split-csv: parts that each fit, with the header, which together are the whole file
    let whole = std::fs::read_to_string(out.join("sentences.csv")).unwrap();
    let header = "article_id,sentence_idx,kind,lang,text\n";
    let part1 = std::fs::read_to_string(out.join("sentences.part1.csv")).unwrap();
    let part2 = std::fs::read_to_string(out.join("sentences.part2.csv")).unwrap();
    assert!(!out.join("sentences.part3.csv").exists());
    assert!(!out.join("articles.part1.csv").exists());
    assert_eq!(part1.lines().count(), 1_048_576);
    assert_eq!(part2.lines().count(), 1 + rows - 1_048_576);
    assert_eq!(
        format!("{header}{}{}", body(&part1, header), body(&part2, header)),
        whole
    );
    assert!(whole.contains("\n0007,3,text,it,Oggi piove 0 volte in città.\n"));

    // corpus.xlsx in LibreOffice: sentences continues on sentences (2), nothing lost
    if !libreoffice() {
        return;
    }
    let back = dir.path().join("back");
    every_sheet_to_csv(
        &dir.path().join("lo-profile"),
        &out.join("corpus.xlsx"),
        &back,
    );
    let first = std::fs::read_to_string(back.join("corpus-sentences.csv")).unwrap();
    let second = std::fs::read_to_string(back.join("corpus-sentences (2).csv")).unwrap();
    assert_eq!(first.lines().count(), 1_048_576, "the first sheet is full");
    assert_eq!(
        format!("{header}{}{}", body(&first, header), body(&second, header)),
        whole,
        "the two sheets are sentences.csv, ids with their leading zeros"
    );
    assert!(!back.join("corpus-articles (2).csv").exists());
}

#[test]
fn a_merge_past_the_row_limit_warns_and_splits_though_no_shard_is_over_it() {
    // 1,048,576 broken records: each an `error` row of articles.csv, cheap to make, so that two
    // shards of about 524,000 rows merge into an articles.csv of 1,048,577 rows
    const RECORDS: usize = 1_048_576;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("broken.jsonl");
    std::fs::write(&input, "{\"id\":1}\n".repeat(RECORDS)).unwrap();
    let shards = dir.path().join("shards");
    let limit = std::time::Duration::from_secs(600);
    for shard in ["0/2", "1/2"] {
        let shard_dir = shards.join(&shard[..1]);
        let output = common::run_corpus_within(&input, &shard_dir, &["--shard", shard], limit);
        assert!(!output.stderr.contains("warning"), "{}", output.stderr);
    }
    let merged = dir.path().join("merged");
    let merge = |extra: &[&str]| {
        let mut args = vec![
            "merge",
            shards.to_str().unwrap(),
            "-o",
            merged.to_str().unwrap(),
            "-q",
        ];
        args.extend_from_slice(extra);
        let output = common::run_with_limit(&args, b"", limit);
        assert_eq!(output.code, 0, "{}", output.stderr);
        output
    };
    let warning = format!(
        "artnorm: warning: articles.csv has {} rows, more than a spreadsheet's 1048576",
        RECORDS + 1
    );
    let output = merge(&[]);
    assert!(output.stderr.contains(&warning), "{}", output.stderr);
    assert!(!merged.join("articles.part1.csv").exists());

    let output = merge(&["--split-csv"]);
    assert!(output.stderr.contains(&warning), "{}", output.stderr);
    let whole = std::fs::read_to_string(merged.join("articles.csv")).unwrap();
    let header = format!("{}\n", whole.lines().next().unwrap());
    let part1 = std::fs::read_to_string(merged.join("articles.part1.csv")).unwrap();
    let part2 = std::fs::read_to_string(merged.join("articles.part2.csv")).unwrap();
    assert_eq!(part1.lines().count(), 1_048_576);
    assert_eq!(part2.lines().count(), 2);
    assert_eq!(
        format!("{header}{}{}", body(&part1, &header), body(&part2, &header)),
        whole
    );
    // a merge without --split-csv removes the parts of the previous one
    merge(&[]);
    assert!(!merged.join("articles.part1.csv").exists());
}

#[test]
fn a_shard_asked_for_xlsx_says_that_merge_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tricky.jsonl");
    std::fs::write(&input, TRICKY_JSONL).unwrap();
    let shard = dir.path().join("shard-0");
    let output = run_ok(
        &[
            "run",
            input.to_str().unwrap(),
            "-o",
            shard.to_str().unwrap(),
            "--shard",
            "0/1",
            "--xlsx",
            "-q",
        ],
        b"",
    );
    assert!(
        output.stderr.contains("--xlsx is for the whole corpus")
            && output.stderr.contains("artnorm merge SHARDS -o DIR --xlsx"),
        "{}",
        output.stderr
    );
    assert!(!shard.join("corpus.xlsx").exists());
    assert!(shard.join("_SUCCESS").exists());
}
