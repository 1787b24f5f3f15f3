//! A spreadsheet's row limit, for the CSV files: which files exceed it, and their split into parts.
//!
//! Excel and LibreOffice Calc hold 1,048,576 rows. Opening a longer CSV file, LibreOffice keeps
//! the first 1,048,576 rows and exits 0; the rest is gone without a word. So every run names each
//! file over the limit ([`oversized_files`]), and `--split-csv` writes it again as parts that
//! each fit ([`split_oversized`]): `sentences.part1.csv`, `sentences.part2.csv`, ... each with
//! the header row (and the byte-order mark of the `--excel` dialect) and at most
//! [`SPREADSHEET_ROWS`] rows in all. The whole file stays, for programs.
//!
//! Rows are counted as CSV records (a line break inside a quoted cell does not end one), by a
//! byte scan that needs no parsing: RFC 4180 quotes are `"` whatever the delimiter.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::output::AtomicFile;

/// The rows of a spreadsheet, header included.
pub const SPREADSHEET_ROWS: usize = 1_048_576;

/// A CSV file with more rows than a spreadsheet holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    /// The file's name in the corpus directory.
    pub file: String,
    /// Its rows, header included.
    pub rows: usize,
}

impl Oversized {
    /// The warning printed for this file.
    pub fn warning(&self) -> String {
        format!(
            "{} has {} rows, more than a spreadsheet's {}: a spreadsheet opening it drops the \
             last {}; use --xlsx (corpus.xlsx continues on more sheets), --split-csv, or filter \
             the file first",
            self.file,
            self.rows,
            SPREADSHEET_ROWS,
            self.rows - SPREADSHEET_ROWS
        )
    }
}

/// Ends of the records in a stream of CSV bytes, whatever the chunks it comes in.
#[derive(Debug, Default)]
struct RecordScanner {
    in_quotes: bool,
}

impl RecordScanner {
    /// The offset just past the next record end in `bytes` (its `\n`), if there is one.
    fn next_end(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &byte) in bytes.iter().enumerate() {
            match byte {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => return Some(i + 1),
                _ => {}
            }
        }
        None
    }
}

/// The CSV records (rows) of the file at `path`, header included.
pub fn count_rows(path: &Path) -> Result<usize> {
    let context = || format!("reading {}", path.display());
    let mut file = File::open(path).map_err(|e| Error::io(context(), e))?;
    let mut scanner = RecordScanner::default();
    let mut buffer = vec![0; 1 << 16];
    let mut rows = 0;
    let mut pending = false;
    loop {
        let read = file
            .read(&mut buffer)
            .map_err(|e| Error::io(context(), e))?;
        if read == 0 {
            break;
        }
        let mut chunk = &buffer[..read];
        while let Some(end) = scanner.next_end(chunk) {
            rows += 1;
            chunk = &chunk[end..];
        }
        // bytes after the last record end of this read (all of it, if it had none)
        pending = !chunk.is_empty();
    }
    // a last record without its line end
    Ok(rows + usize::from(pending))
}

/// The files among `names` in `dir` with more rows than a spreadsheet holds, in that order.
/// Missing files are skipped; a file too small to hold that many rows is not read.
pub fn oversized_files(dir: &Path, names: &[&str]) -> Result<Vec<Oversized>> {
    oversized_files_counted(dir, names, &[])
}

/// Like [`oversized_files`], with the rows (header included) of some files already known to
/// the caller, which wrote them: those are not read again (a run's `sentences.csv` is most of
/// its output).
pub fn oversized_files_counted(
    dir: &Path,
    names: &[&str],
    known: &[(&str, usize)],
) -> Result<Vec<Oversized>> {
    let mut oversized = Vec::new();
    for name in names {
        if let Some(&(_, rows)) = known.iter().find(|(file, _)| file == name) {
            if rows > SPREADSHEET_ROWS {
                oversized.push(Oversized {
                    file: (*name).to_owned(),
                    rows,
                });
            }
            continue;
        }
        let path = dir.join(name);
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        // every row takes at least one byte, its line end
        if metadata.len() <= SPREADSHEET_ROWS as u64 {
            continue;
        }
        let rows = count_rows(&path)?;
        if rows > SPREADSHEET_ROWS {
            oversized.push(Oversized {
                file: (*name).to_owned(),
                rows,
            });
        }
    }
    Ok(oversized)
}

/// The name of part `index` (from 1) of `name`: `sentences.csv` -> `sentences.part2.csv`.
pub fn part_name(name: &str, index: usize) -> String {
    let stem = name.strip_suffix(".csv").unwrap_or(name);
    format!("{stem}.part{index}.csv")
}

/// Removes the parts of `names` that a previous run left in `dir`, so that the parts in it always
/// belong to the files beside them.
pub fn remove_parts(dir: &Path, names: &[&str]) {
    crate::output::remove_files_where(dir, |file_name| {
        names.iter().any(|name| {
            let stem = name.strip_suffix(".csv").unwrap_or(name);
            file_name
                .strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix(".part"))
                .and_then(|rest| rest.strip_suffix(".csv"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    });
}

/// Writes `dir/name` again as parts of at most `rows_per_part` rows each, header included (the
/// header is repeated in every part, after the byte-order mark when the file has one). Returns
/// the names of the parts written.
pub fn split_file(dir: &Path, name: &str, rows_per_part: usize) -> Result<Vec<String>> {
    assert!(rows_per_part >= 2, "a part holds the header and a row");
    let path = dir.join(name);
    let context = || format!("reading {}", path.display());
    let file = File::open(&path).map_err(|e| Error::io(context(), e))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut scanner = RecordScanner::default();
    let mut buffer = vec![0; 1 << 16];

    // the header: the byte-order mark, if any, and the first record
    let mut header = Vec::new();
    let mut leftover = Vec::new();
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|e| Error::io(context(), e))?;
        if read == 0 {
            break;
        }
        match scanner.next_end(&buffer[..read]) {
            Some(end) => {
                header.extend_from_slice(&buffer[..end]);
                leftover.extend_from_slice(&buffer[end..read]);
                break;
            }
            None => header.extend_from_slice(&buffer[..read]),
        }
    }

    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<(BufWriter<AtomicFile>, usize)> = None;
    let mut finished: Vec<BufWriter<AtomicFile>> = Vec::new();
    let write_error = |part: &str, e| Error::io(format!("writing {}", dir.join(part).display()), e);
    let mut chunk_owned = leftover;
    loop {
        let mut chunk: &[u8] = &chunk_owned;
        while !chunk.is_empty() {
            if current.is_none() {
                let part = part_name(name, parts.len() + 1);
                let mut writer =
                    BufWriter::with_capacity(1 << 16, AtomicFile::create(&dir.join(&part))?);
                writer
                    .write_all(&header)
                    .map_err(|e| write_error(&part, e))?;
                parts.push(part);
                current = Some((writer, 1));
            }
            let Some((writer, rows)) = current.as_mut() else {
                unreachable!("a part was just started");
            };
            let part = parts.last().map(String::as_str).unwrap_or(name);
            match scanner.next_end(chunk) {
                Some(end) => {
                    writer
                        .write_all(&chunk[..end])
                        .map_err(|e| write_error(part, e))?;
                    *rows += 1;
                    chunk = &chunk[end..];
                    if *rows == rows_per_part {
                        if let Some((writer, _)) = current.take() {
                            finished.push(writer);
                        }
                    }
                }
                None => {
                    writer.write_all(chunk).map_err(|e| write_error(part, e))?;
                    chunk = &[];
                }
            }
        }
        let read = reader
            .read(&mut buffer)
            .map_err(|e| Error::io(context(), e))?;
        if read == 0 {
            break;
        }
        chunk_owned.clear();
        chunk_owned.extend_from_slice(&buffer[..read]);
    }
    finished.extend(current.map(|(writer, _)| writer));
    // committed only when every part is complete
    for (writer, part) in finished.into_iter().zip(&parts) {
        let file = writer
            .into_inner()
            .map_err(|e| write_error(part, std::io::Error::other(e.error().to_string())))?;
        file.commit()?;
    }
    Ok(parts)
}

/// Removes the parts a previous run left for `names`, then splits each file of `oversized`.
/// Returns the parts written.
pub fn split_oversized(dir: &Path, names: &[&str], oversized: &[Oversized]) -> Result<Vec<String>> {
    remove_parts(dir, names);
    let mut parts = Vec::new();
    for file in oversized {
        parts.extend(split_file(dir, &file.file, SPREADSHEET_ROWS)?);
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_records_not_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            "x,y\n1,\"two\nlines\"\n2,\"a \"\"quote\"\"\"\n3,last",
        )
        .unwrap();
        assert_eq!(count_rows(&path).unwrap(), 4);
        std::fs::write(&path, "x\r\n1\r\n").unwrap();
        assert_eq!(count_rows(&path).unwrap(), 2);
        std::fs::write(&path, "").unwrap();
        assert_eq!(count_rows(&path).unwrap(), 0);
    }

    #[test]
    fn parts_repeat_the_header_and_keep_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let body: String = (0..7)
            .map(|i| format!("{i};\"cell\nwith a break {i}\"\r\n"))
            .collect();
        let content = format!("\u{feff}id;text\r\n{body}");
        std::fs::write(dir.path().join("t.csv"), &content).unwrap();
        let parts = split_file(dir.path(), "t.csv", 3).unwrap();
        assert_eq!(
            parts,
            ["t.part1.csv", "t.part2.csv", "t.part3.csv", "t.part4.csv"]
        );
        let mut joined = String::new();
        for (i, part) in parts.iter().enumerate() {
            let text = std::fs::read_to_string(dir.path().join(part)).unwrap();
            assert!(text.starts_with("\u{feff}id;text\r\n"), "{text}");
            let rows = count_rows(&dir.path().join(part)).unwrap();
            assert_eq!(rows, if i < 3 { 3 } else { 2 });
            joined.push_str(text.strip_prefix("\u{feff}id;text\r\n").unwrap());
        }
        assert_eq!(joined, body);
        // the whole file stays
        assert_eq!(
            std::fs::read_to_string(dir.path().join("t.csv")).unwrap(),
            content
        );
    }

    #[test]
    fn stale_parts_are_removed_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "t.part1.csv",
            "t.part12.csv",
            "t.partx.csv",
            "u.part1.csv",
            "t.csv",
        ] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        remove_parts(dir.path(), &["t.csv"]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["t.csv", "t.partx.csv", "u.part1.csv"]);
    }

    #[test]
    fn a_file_past_the_limit_is_named_and_split_into_parts_that_fit() {
        let dir = tempfile::tempdir().unwrap();
        let mut content = String::from("n\n");
        for i in 0..SPREADSHEET_ROWS + 1 {
            content.push_str(&format!("{}\n", i % 10));
        }
        std::fs::write(dir.path().join("sentences.csv"), &content).unwrap();
        std::fs::write(dir.path().join("sentences.part3.csv"), "stale\n").unwrap();
        let oversized = oversized_files(dir.path(), &["articles.csv", "sentences.csv"]).unwrap();
        assert_eq!(
            oversized,
            [Oversized {
                file: "sentences.csv".into(),
                rows: SPREADSHEET_ROWS + 2
            }]
        );
        let parts = split_oversized(dir.path(), &["sentences.csv"], &oversized).unwrap();
        assert_eq!(parts, ["sentences.part1.csv", "sentences.part2.csv"]);
        assert_eq!(
            count_rows(&dir.path().join("sentences.part1.csv")).unwrap(),
            SPREADSHEET_ROWS
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sentences.part2.csv")).unwrap(),
            "n\n5\n6\n"
        );
        assert!(!dir.path().join("sentences.part3.csv").exists());
    }

    #[test]
    fn small_files_are_not_oversized() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x\n1\n").unwrap();
        assert!(oversized_files(dir.path(), &["a.csv", "missing.csv"])
            .unwrap()
            .is_empty());
        let warning = Oversized {
            file: "sentences.csv".into(),
            rows: 1_098_396,
        }
        .warning();
        assert!(warning.contains("sentences.csv has 1098396 rows"));
        assert!(warning.contains("drops the last 49820"));
    }
}
