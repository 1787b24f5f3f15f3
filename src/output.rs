//! Writing: CSV files a spreadsheet opens correctly the first time, written atomically.
//!
//! Every file is UTF-8 with RFC 4180 quoting and a header row. The `--excel` dialect adds a
//! byte-order mark (without it Excel reads UTF-8 as a legacy code page and mangles every accent)
//! and CRLF line ends; `--delimiter ';'` suits spreadsheets in locales whose decimal separator is
//! the comma. The formula guard prefixes a `'` to any cell that a spreadsheet would evaluate as a
//! formula (OWASP CSV injection), and no cell exceeds a spreadsheet's 32,767 characters.
//!
//! [`AtomicFile`] writes under a temporary name in the target directory and renames into place
//! only when the file is complete, so an interrupted run never leaves a truncated file under a
//! final name.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The most characters a spreadsheet cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The CSV dialect of the output files.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    pub delimiter: u8,
    /// Byte-order mark and CRLF line ends.
    pub excel: bool,
    pub formula_guard: bool,
}

impl Default for Dialect {
    fn default() -> Dialect {
        Dialect {
            delimiter: b',',
            excel: false,
            formula_guard: true,
        }
    }
}

impl Dialect {
    /// Whether decimals are written with a comma. Spreadsheets in locales whose list separator
    /// is `;` (Italian, German, French...) read `0.5` as text or as 5; their decimal separator
    /// is the comma, so a `;` file writes `0,5`.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }

    /// `value` with `places` decimals, in this dialect.
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        if self.decimal_comma() {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

/// Makes a cell safe for spreadsheets: a `'` before formula-like content (unless the guard is
/// off), and at most [`MAX_CELL_CHARS`] characters.
pub fn safe_cell(value: &str, formula_guard: bool) -> Cow<'_, str> {
    let needs_guard = formula_guard && value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let budget = MAX_CELL_CHARS - usize::from(needs_guard);
    let too_long = value.len() > budget && value.chars().nth(budget).is_some();
    if !needs_guard && !too_long {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len().min(budget * 4) + 1);
    if needs_guard {
        out.push('\'');
    }
    out.extend(value.chars().take(budget));
    Cow::Owned(out)
}

/// CSV rows rendered into memory in a dialect, with every cell through [`safe_cell`]. Workers
/// render their articles' rows with it, so that the writer thread only copies bytes.
pub struct RowBuffer {
    writer: csv::Writer<Vec<u8>>,
    formula_guard: bool,
}

impl RowBuffer {
    pub fn new(dialect: Dialect) -> RowBuffer {
        let writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter)
            .terminator(if dialect.excel {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .buffer_capacity(1024)
            .from_writer(Vec::new());
        RowBuffer {
            writer,
            formula_guard: dialect.formula_guard,
        }
    }

    /// Renders one row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        // writing into a Vec cannot fail
        for cell in cells {
            let _ = self
                .writer
                .write_field(safe_cell(cell, self.formula_guard).as_bytes());
        }
        let _ = self.writer.write_record(std::iter::empty::<&[u8]>());
    }

    /// The bytes rendered.
    pub fn into_bytes(self) -> Vec<u8> {
        // a Vec takes every byte: flushing into it cannot fail
        self.writer.into_inner().unwrap_or_default()
    }
}

/// A CSV file being written under a temporary name.
pub struct CsvFile {
    file: BufWriter<AtomicFile>,
    dialect: Dialect,
    final_path: PathBuf,
}

impl CsvFile {
    /// Starts `dir/name` with its header row.
    pub fn create(dir: &Path, name: &str, dialect: Dialect, header: &[&str]) -> Result<CsvFile> {
        let final_path = dir.join(name);
        let mut file = BufWriter::with_capacity(1 << 16, AtomicFile::create(&final_path)?);
        if dialect.excel {
            file.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| Error::io(format!("writing {}", final_path.display()), e))?;
        }
        let mut csv_file = CsvFile {
            file,
            dialect,
            final_path,
        };
        csv_file.write_row(header.iter().copied())?;
        Ok(csv_file)
    }

    /// Writes one row; every cell goes through [`safe_cell`].
    pub fn write_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let mut row = RowBuffer::new(self.dialect);
        row.row(cells);
        self.write_rendered(&row.into_bytes())
    }

    /// Writes rows rendered by a [`RowBuffer`] of the same dialect.
    pub fn write_rendered(&mut self, bytes: &[u8]) -> Result<()> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io(format!("writing {}", self.final_path.display()), e))
    }

    /// Flushes, syncs and renames the file into place.
    pub fn finish(self) -> Result<()> {
        let context = format!("writing {}", self.final_path.display());
        let file = self.file.into_inner().map_err(|e| {
            Error::io(
                context.clone(),
                io::Error::new(e.error().kind(), e.error().to_string()),
            )
        })?;
        file.commit()
    }
}

/// Removes the temporary files that a killed run left for `names` in `dir` (a run that ends,
/// even with an error, removes its own).
pub fn remove_stale_partials(dir: &Path, names: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let owner = names.iter().find_map(|name| {
            file_name
                .strip_prefix(&format!(".{name}."))?
                .strip_suffix(".partial")
        });
        // a copy of the same shard running at the same time (a retry, a speculative task)
        // still writes its own: only a dead process's partial files are stale
        let stale = owner.is_some_and(|pid| !process_is_alive(pid));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether `pid` (as written in a temporary name) is a process running on this machine; where
/// that cannot be told (no `/proc`), it is taken as dead, so that leftovers are still removed.
fn process_is_alive(pid: &str) -> bool {
    pid.parse::<u32>()
        .is_ok_and(|pid| pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists())
}

/// A file written under a temporary name next to its final path, renamed into place by
/// [`AtomicFile::commit`]; removed if dropped before that.
pub struct AtomicFile {
    file: Option<File>,
    temp_path: PathBuf,
    final_path: PathBuf,
}

impl AtomicFile {
    pub fn create(final_path: &Path) -> Result<AtomicFile> {
        let name = final_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        let temp_path =
            final_path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
        let file = File::create(&temp_path)
            .map_err(|e| Error::io(format!("creating {}", temp_path.display()), e))?;
        Ok(AtomicFile {
            file: Some(file),
            temp_path,
            final_path: final_path.to_path_buf(),
        })
    }

    /// Syncs the data and renames the file to its final name.
    pub fn commit(mut self) -> Result<()> {
        let context = format!("writing {}", self.final_path.display());
        if let Some(file) = self.file.take() {
            file.sync_all().map_err(|e| Error::io(context.clone(), e))?;
        }
        std::fs::rename(&self.temp_path, &self.final_path).map_err(|e| Error::io(context, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guard() {
        for formula in ["=HYPERLINK(\"x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(safe_cell(formula, true), format!("'{formula}"));
            assert_eq!(safe_cell(formula, false), formula);
        }
        assert_eq!(safe_cell("Kaká = great", true), "Kaká = great");
    }

    #[test]
    fn decimals_follow_the_delimiter() {
        assert_eq!(Dialect::default().decimal(0.5, 3), "0.500");
        let semicolon = Dialect {
            delimiter: b';',
            ..Dialect::default()
        };
        assert_eq!(semicolon.decimal(12.25, 2), "12,25");
    }

    #[test]
    fn cells_are_capped() {
        let long = "é".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(safe_cell(&long, true).chars().count(), MAX_CELL_CHARS);
        let long_formula = format!("={}", "a".repeat(MAX_CELL_CHARS));
        let safe = safe_cell(&long_formula, true);
        assert_eq!(safe.chars().count(), MAX_CELL_CHARS);
        assert!(safe.starts_with("'="));
    }

    #[test]
    fn atomic_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let mut csv = CsvFile::create(
            dir.path(),
            "a.csv",
            Dialect {
                excel: true,
                delimiter: b';',
                formula_guard: true,
            },
            &["x", "y"],
        )
        .unwrap();
        csv.write_row(["1", "=2"]).unwrap();
        assert!(!path.exists());
        csv.finish().unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"\xEF\xBB\xBFx;y\r\n1;'=2\r\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let csv = CsvFile::create(dir.path(), "a.csv", Dialect::default(), &["x"]).unwrap();
        drop(csv);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
