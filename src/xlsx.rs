//! `corpus.xlsx`: the corpus as one workbook, with cells that a spreadsheet cannot misread.
//!
//! A CSV file has no types: the spreadsheet guesses each cell, and its guesses depend on the
//! locale. It turns the id `007` into 7 and `12345678901234567890` into 1.23457E+19, `1/2` into
//! a date, `0.993` into 993 where `.` groups thousands, a sentence such as `9,033.` into a
//! number, and it drops every row past 1,048,576. A workbook says what each cell is, so
//! [`write_corpus_xlsx`] writes one sheet per table with typed cells:
//!
//! - text (ids, titles, sentences, labels) always as text cells, exactly as in the CSV file;
//! - counts, offsets, rates and confidences as numbers (a cell of such a column that is not a
//!   number stays text: nothing is lost);
//! - a complete `date` (`YYYY-MM-DD`) as a real date; a month or a year alone as text;
//! - the header row frozen and filterable, columns as wide as their content (within a cap).
//!
//! A table over [`SHEET_DATA_ROWS`] rows continues on a sheet of its own (`sentences (2)`, ...),
//! each with the header row. The workbook is read from the CSV files of a finished corpus
//! directory, whatever their dialect (delimiter, byte-order mark, decimal comma), so that
//! `run --xlsx`, `merge --xlsx` and `artnorm xlsx DIR` all make the same file. The cells are those
//! of the CSV files, except for the formula guard: a text cell is never evaluated, so the `'` that
//! the guard put before `=`, `+`, `-`, `@`, a tab or a carriage return is taken off again (an id
//! `-5` is `-5`, and mention offsets apply to the sentence as it is shown). Only a text that
//! itself began with `'` and one of those characters would lose its `'`; the CSV files keep it.
//!
//! Memory stays bounded: sheets are written in `rust_xlsxwriter`'s constant-memory mode (each
//! row goes to a temporary file in the corpus directory as soon as it is complete, strings
//! inline), so a table of millions of rows needs no more memory than one row.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::dates::parse_date;
use crate::error::{Error, Result};
use crate::limits::SPREADSHEET_ROWS;
use crate::output::{remove_stale_partials, MAX_CELL_CHARS};

/// The name of the workbook in the corpus directory.
pub const XLSX_FILE: &str = "corpus.xlsx";

/// The data rows of a sheet: a spreadsheet's rows less the header.
pub const SHEET_DATA_ROWS: usize = SPREADSHEET_ROWS - 1;

/// The tables written, in this order, when their CSV file is in the directory.
pub const TABLES: &[&str] = &[
    "articles",
    "sentences",
    "mentions",
    "coverage",
    "coverage_by_period",
    "languages",
];

/// The widest a column is made, in characters (sentences are wider: wrap or widen by hand).
const MAX_COLUMN_WIDTH: usize = 60;

/// How the corpus's CSV files were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XlsxOptions {
    /// The files were written with the formula guard (the default of `run`): its `'` is removed.
    pub formula_guard: bool,
}

impl Default for XlsxOptions {
    fn default() -> XlsxOptions {
        XlsxOptions {
            formula_guard: true,
        }
    }
}

/// The cell without the formula guard's `'`, when the guard put one there.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// How the cells of a column are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    /// Whole numbers: counts, indexes, offsets.
    Integer,
    /// Numbers with decimals: rates, confidences.
    Decimal,
    /// ISO dates: complete ones as dates, the others as text.
    Date,
}

/// The kind of the cells of column `column` of table `table`. A column this code does not know
/// is text, which never changes a value.
pub fn column_kind(table: &str, column: &str) -> CellKind {
    match column {
        "date" => CellKind::Date,
        "lang_confidence" => CellKind::Decimal,
        _ if column.ends_with("_per_1000_articles") => CellKind::Decimal,
        "sentences" | "mentions" | "boilerplate_lines" | "sentence_idx" | "start" | "end"
        | "total_mentions" => CellKind::Integer,
        _ if matches!(table, "coverage" | "coverage_by_period")
            && (column.ends_with("_articles")
                || column.ends_with("_mentions")
                || column.ends_with("_ambiguous")) =>
        {
            CellKind::Integer
        }
        "articles" | "ok" | "other_lang" | "und_lang" | "empty" | "error" | "entities"
        | "windows_1252" | "ambiguous_mentions"
            if table == "languages" =>
        {
            CellKind::Integer
        }
        _ => CellKind::Text,
    }
}

/// The sheets one table was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSheets {
    pub table: String,
    /// The sheet names, in order: `sentences`, `sentences (2)`, ...
    pub sheets: Vec<String>,
    /// Data rows in all (the header rows not counted).
    pub rows: usize,
}

impl TableSheets {
    /// `sentences: 1098395 rows on sentences, sentences (2)`, for tables on more than one sheet.
    pub fn continuation(&self) -> Option<String> {
        (self.sheets.len() > 1).then(|| {
            format!(
                "{} has {} rows, more than one sheet holds: it continues on {}",
                self.table,
                self.rows,
                self.sheets[1..].join(", ")
            )
        })
    }
}

/// The CSV dialect of a file, read from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileDialect {
    delimiter: u8,
    decimal_comma: bool,
}

/// The header's names are `[a-z0-9_]`: the first other byte of the first line is the delimiter.
fn sniff_dialect(bytes: &[u8]) -> FileDialect {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = bytes
        .iter()
        .copied()
        .take_while(|&b| b != b'\n' && b != b'\r')
        .find(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(b',');
    FileDialect {
        delimiter,
        // the rule of `output::Dialect::decimal_comma`
        decimal_comma: delimiter == b';',
    }
}

fn xlsx_error(path: &Path, error: XlsxError) -> Error {
    Error::io(
        format!("writing {}", path.display()),
        std::io::Error::other(error.to_string()),
    )
}

/// Writes `dir/corpus.xlsx` from the CSV files of the corpus in `dir` (see the module
/// documentation), under a temporary name renamed into place when complete. Returns the sheets of
/// each table.
pub fn write_corpus_xlsx(dir: &Path, options: &XlsxOptions) -> Result<Vec<TableSheets>> {
    if !dir.join("articles.csv").is_file() {
        return Err(Error::Usage(format!(
            "{} is not a corpus directory (no articles.csv)",
            dir.display()
        )));
    }
    // what a killed run left
    remove_stale_partials(dir, &[XLSX_FILE]);
    let final_path = dir.join(XLSX_FILE);
    let temp_path = dir.join(format!(".{XLSX_FILE}.{}.partial", std::process::id()));
    let result = write_workbook(dir, &temp_path, options);
    match result {
        Ok(tables) => {
            std::fs::rename(&temp_path, &final_path)
                .map_err(|e| Error::io(format!("writing {}", final_path.display()), e))?;
            Ok(tables)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&temp_path);
            Err(error)
        }
    }
}

/// Formats shared by every sheet.
struct Formats {
    header: Format,
    text: Format,
    integer: Format,
    decimal: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Left),
            // `@`: a cell a user types into keeps what is typed as text
            text: Format::new().set_num_format("@"),
            integer: Format::new().set_num_format("0"),
            decimal: Format::new().set_num_format("0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

fn write_workbook(dir: &Path, path: &Path, options: &XlsxOptions) -> Result<Vec<TableSheets>> {
    let error = |e| xlsx_error(path, e);
    let mut workbook = Workbook::new();
    // the sheets' temporary files go beside the corpus, not to a /tmp that may be in memory
    workbook.set_tempdir(dir).map_err(error)?;
    let formats = Formats::new();
    let mut tables = Vec::new();
    for table in TABLES {
        let csv_path = dir.join(format!("{table}.csv"));
        if csv_path.is_file() {
            tables.push(write_table(
                &mut workbook,
                table,
                &csv_path,
                &formats,
                path,
                options,
            )?);
        }
    }
    workbook.save(path).map_err(error)?;
    Ok(tables)
}

/// A sheet being filled: its row count and the width of each column so far.
struct SheetState {
    data_rows: usize,
    widths: Vec<usize>,
}

fn write_table(
    workbook: &mut Workbook,
    table: &str,
    csv_path: &Path,
    formats: &Formats,
    xlsx_path: &Path,
    options: &XlsxOptions,
) -> Result<TableSheets> {
    let read_error = |e: csv::Error| {
        Error::io(
            format!("reading {}", csv_path.display()),
            std::io::Error::other(e.to_string()),
        )
    };
    let error = |e| xlsx_error(xlsx_path, e);
    let mut head = [0u8; 4096];
    let head_len = {
        use std::io::Read;
        let mut file = std::fs::File::open(csv_path)
            .map_err(|e| Error::io(format!("reading {}", csv_path.display()), e))?;
        file.read(&mut head)
            .map_err(|e| Error::io(format!("reading {}", csv_path.display()), e))?
    };
    let dialect = sniff_dialect(&head[..head_len]);
    let file = std::fs::File::open(csv_path)
        .map_err(|e| Error::io(format!("reading {}", csv_path.display()), e))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, file));
    let mut records = reader.byte_records();
    let header: Vec<String> = match records.next() {
        Some(record) => record
            .map_err(read_error)?
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let cell = String::from_utf8_lossy(cell);
                let cell = if i == 0 {
                    cell.trim_start_matches('\u{feff}').to_owned()
                } else {
                    cell.into_owned()
                };
                cell
            })
            .collect(),
        None => Vec::new(),
    };
    let kinds: Vec<CellKind> = header.iter().map(|c| column_kind(table, c)).collect();

    let mut sheets = vec![table.to_owned()];
    let mut total_rows = 0;
    let mut sheet = new_sheet(workbook, table, &header, formats).map_err(error)?;
    let mut state = SheetState {
        data_rows: 0,
        widths: header.iter().map(|h| h.chars().count() + 3).collect(),
    };
    for record in records {
        let record = record.map_err(read_error)?;
        if state.data_rows == SHEET_DATA_ROWS {
            finish_sheet(sheet, &state, header.len()).map_err(error)?;
            let name = format!("{table} ({})", sheets.len() + 1);
            sheet = new_sheet(workbook, &name, &header, formats).map_err(error)?;
            sheets.push(name);
            state.data_rows = 0;
        }
        let row = (state.data_rows + 1) as u32;
        for (column, cell) in record.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let cell = String::from_utf8_lossy(cell);
            let cell = if options.formula_guard {
                unguarded(&cell)
            } else {
                &cell
            };
            let kind = kinds.get(column).copied().unwrap_or(CellKind::Text);
            let width = write_cell(sheet, row, column as u16, cell, kind, dialect, formats)
                .map_err(error)?;
            if column >= state.widths.len() {
                state.widths.resize(column + 1, 0);
            }
            state.widths[column] = state.widths[column].max(width);
        }
        state.data_rows += 1;
        total_rows += 1;
    }
    finish_sheet(sheet, &state, header.len()).map_err(error)?;
    Ok(TableSheets {
        table: table.to_owned(),
        sheets,
        rows: total_rows,
    })
}

fn new_sheet<'w>(
    workbook: &'w mut Workbook,
    name: &str,
    header: &[String],
    formats: &Formats,
) -> std::result::Result<&'w mut Worksheet, XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory();
    sheet.set_name(name)?;
    for (column, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, name, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

fn finish_sheet(
    sheet: &mut Worksheet,
    state: &SheetState,
    columns: usize,
) -> std::result::Result<(), XlsxError> {
    for (column, width) in state.widths.iter().enumerate() {
        let width = (*width).clamp(4, MAX_COLUMN_WIDTH);
        sheet.set_column_width(column as u16, width as f64 + 1.0)?;
    }
    if columns > 0 {
        sheet.autofilter(0, 0, state.data_rows as u32, columns as u16 - 1)?;
    }
    Ok(())
}

/// A number as written in a CSV cell of this dialect, if it is one.
fn parse_number(cell: &str, kind: CellKind, dialect: FileDialect) -> Option<f64> {
    match kind {
        CellKind::Integer => {
            let value: i64 = cell.parse().ok()?;
            // beyond 2^53 a spreadsheet's number is no longer exact: keep the text
            (value.unsigned_abs() < 1 << 53).then_some(value as f64)
        }
        CellKind::Decimal => {
            let text = if dialect.decimal_comma {
                cell.replacen(',', ".", 1)
            } else {
                cell.to_owned()
            };
            if !text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                return None;
            }
            text.parse::<f64>().ok().filter(|v| v.is_finite())
        }
        _ => None,
    }
}

/// Writes one cell; returns the characters it shows, for the column's width.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &str,
    kind: CellKind,
    dialect: FileDialect,
    formats: &Formats,
) -> std::result::Result<usize, XlsxError> {
    match kind {
        CellKind::Integer | CellKind::Decimal => {
            if let Some(value) = parse_number(cell, kind, dialect) {
                let format = if kind == CellKind::Integer {
                    &formats.integer
                } else {
                    &formats.decimal
                };
                sheet.write_number_with_format(row, column, value, format)?;
                return Ok(cell.len());
            }
        }
        CellKind::Date => {
            let complete = parse_date(cell)
                .ok()
                .filter(|d| d.is_complete() && cell.len() == 10);
            if let Some(date) = complete {
                if let (Some(month), Some(day)) = (date.month, date.day) {
                    let value = ExcelDateTime::from_ymd(date.year, month, day)?;
                    sheet.write_datetime_with_format(row, column, value, &formats.date)?;
                    return Ok(10);
                }
            }
        }
        CellKind::Text => {}
    }
    let text: std::borrow::Cow<'_, str> = if cell.chars().nth(MAX_CELL_CHARS).is_some() {
        cell.chars().take(MAX_CELL_CHARS).collect::<String>().into()
    } else {
        cell.into()
    };
    sheet.write_string_with_format(row, column, text.as_ref(), &formats.text)?;
    Ok(text.chars().count())
}

/// The path of the workbook of the corpus in `dir`.
pub fn xlsx_path(dir: &Path) -> PathBuf {
    dir.join(XLSX_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_name_and_unknown_ones_are_text() {
        assert_eq!(column_kind("articles", "article_id"), CellKind::Text);
        assert_eq!(column_kind("articles", "title"), CellKind::Text);
        assert_eq!(column_kind("articles", "date"), CellKind::Date);
        assert_eq!(
            column_kind("articles", "lang_confidence"),
            CellKind::Decimal
        );
        assert_eq!(column_kind("articles", "sentences"), CellKind::Integer);
        assert_eq!(column_kind("mentions", "start"), CellKind::Integer);
        assert_eq!(column_kind("mentions", "entity_id"), CellKind::Text);
        assert_eq!(column_kind("coverage", "it_mentions"), CellKind::Integer);
        assert_eq!(
            column_kind("coverage", "en_per_1000_articles"),
            CellKind::Decimal
        );
        assert_eq!(column_kind("coverage", "only_in"), CellKind::Text);
        assert_eq!(column_kind("languages", "ok"), CellKind::Integer);
        assert_eq!(column_kind("articles", "ok"), CellKind::Text);
        assert_eq!(column_kind("articles", "something_new"), CellKind::Text);
    }

    #[test]
    fn dialects_are_read_from_the_header() {
        let semicolon = sniff_dialect(b"\xEF\xBB\xBFarticle_id;source\r\n1;x\r\n");
        assert_eq!(semicolon.delimiter, b';');
        assert!(semicolon.decimal_comma);
        let tab = sniff_dialect(b"entity_id\tcanonical\n");
        assert_eq!(tab.delimiter, b'\t');
        assert!(!tab.decimal_comma);
    }

    #[test]
    fn numbers_are_read_in_the_file_dialect_and_never_guessed() {
        let comma = FileDialect {
            delimiter: b';',
            decimal_comma: true,
        };
        let point = FileDialect {
            delimiter: b',',
            decimal_comma: false,
        };
        assert_eq!(parse_number("0,99", CellKind::Decimal, comma), Some(0.99));
        assert_eq!(
            parse_number("833.33", CellKind::Decimal, point),
            Some(833.33)
        );
        assert_eq!(parse_number("1,5", CellKind::Decimal, point), None);
        assert_eq!(parse_number("12", CellKind::Integer, point), Some(12.0));
        assert_eq!(parse_number("007x", CellKind::Integer, point), None);
        assert_eq!(
            parse_number("12345678901234567890", CellKind::Integer, point),
            None
        );
        assert_eq!(parse_number("inf", CellKind::Decimal, point), None);
    }

    #[test]
    fn only_the_guard_s_quote_is_removed() {
        assert_eq!(unguarded("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguarded("'-5"), "-5");
        assert_eq!(unguarded("'tis"), "'tis");
        assert_eq!(unguarded("=x"), "=x");
    }

    #[test]
    fn a_corpus_directory_is_required() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_corpus_xlsx(dir.path(), &XlsxOptions::default()).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("no articles.csv"));
    }

    #[test]
    fn a_small_corpus_gives_one_sheet_per_table() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("articles.csv"),
            "article_id,date,lang_confidence\n007,2025-06-02,0.99\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("languages.csv"), "lang,articles\nit,1\n").unwrap();
        let tables = write_corpus_xlsx(dir.path(), &XlsxOptions::default()).unwrap();
        let names: Vec<_> = tables.iter().map(|t| t.sheets.clone()).collect();
        assert_eq!(names, [vec!["articles"], vec!["languages"]]);
        assert!(tables.iter().all(|t| t.continuation().is_none()));
        let bytes = std::fs::read(xlsx_path(dir.path())).unwrap();
        assert!(bytes.starts_with(b"PK"));
        // no temporary file is left
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 3);
    }
}
