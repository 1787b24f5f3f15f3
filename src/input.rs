//! Reading: turns the command line's inputs into a stream of raw articles.
//!
//! An input is a file, a directory (walked recursively, entries in sorted order, hidden entries
//! skipped, symbolic links followed once) or `-` for standard input. A `.jsonl`/`.ndjson` file
//! holds one article per line, anything else is one plain-text article per file; `.gz` is
//! decompressed on the fly. Reading is sequential and streaming: [`ArticleReader`] yields one
//! [`RawArticle`] at a time and never holds more than one file or line in memory. Decoding and
//! parsing happen later, in parallel, in the pipeline. A file that cannot be read is not fatal:
//! it becomes an article with an error, so that every input appears in `articles.csv`.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::error::{Error, Result};

/// The largest article (a plain-text file, or one JSON line) read into memory. Larger ones are
/// reported as errors instead of exhausting memory.
pub const MAX_ARTICLE_BYTES: usize = 256 << 20;

/// How to read input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.jsonl`/`.ndjson` are JSON Lines, the rest plain text; standard input is
    /// JSON Lines when its first non-blank character is `{`.
    #[default]
    Auto,
    Text,
    Jsonl,
}

/// What was read for one article, before decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// The bytes of a plain-text article.
    Text(Vec<u8>),
    /// One line of a JSON Lines file (without the line break).
    JsonLine(Vec<u8>),
    /// The article could not be read; the message says why.
    Unreadable(String),
}

/// One article as read: where it comes from and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArticle {
    /// `path` or `path:line`.
    pub source: String,
    pub payload: Payload,
}

impl RawArticle {
    /// Bytes held, for batching.
    pub fn size(&self) -> usize {
        match &self.payload {
            Payload::Text(bytes) | Payload::JsonLine(bytes) => bytes.len(),
            Payload::Unreadable(message) => message.len(),
        }
    }
}

/// A file (or standard input) to read, with its resolved format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    /// The name used in `source`.
    pub display: String,
    pub format: InputFormat,
    pub gzip: bool,
    /// Set when walking found a problem with this entry (an unreadable directory, a loop).
    pub problem: Option<String>,
}

/// Expands the command line's inputs into files, in order. An input path that does not exist is
/// a usage error; problems met while walking directories become [`InputFile::problem`]s.
pub fn expand_inputs(inputs: &[String], format: InputFormat) -> Result<Vec<InputFile>> {
    let mut files = Vec::new();
    for input in inputs {
        if input == "-" {
            files.push(InputFile {
                path: None,
                display: "stdin".to_owned(),
                format,
                gzip: false,
                problem: None,
            });
            continue;
        }
        let path = Path::new(input);
        let metadata = std::fs::metadata(path)
            .map_err(|e| Error::Usage(format!("cannot read input {input}: {e}")))?;
        if metadata.is_dir() {
            let mut visited = HashSet::new();
            walk(path, format, &mut visited, &mut files);
        } else {
            files.push(input_file(path, format, None));
        }
    }
    Ok(files)
}

fn input_file(path: &Path, format: InputFormat, problem: Option<String>) -> InputFile {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let gzip = name.ends_with(".gz");
    let inner = name.strip_suffix(".gz").unwrap_or(&name);
    let format = match format {
        InputFormat::Auto if inner.ends_with(".jsonl") || inner.ends_with(".ndjson") => {
            InputFormat::Jsonl
        }
        InputFormat::Auto => InputFormat::Text,
        other => other,
    };
    InputFile {
        path: Some(path.to_path_buf()),
        display: path.display().to_string(),
        format,
        gzip,
        problem,
    }
}

fn walk(
    dir: &Path,
    format: InputFormat,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<InputFile>,
) {
    // following symbolic links may lead back to a directory already walked
    match std::fs::canonicalize(dir) {
        Ok(canonical) => {
            if !visited.insert(canonical) {
                return;
            }
        }
        Err(e) => {
            files.push(input_file(
                dir,
                format,
                Some(format!("cannot read directory: {e}")),
            ));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            files.push(input_file(
                dir,
                format,
                Some(format!("cannot read directory: {e}")),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let hidden = entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.'));
                if !hidden {
                    paths.push(entry.path());
                }
            }
            Err(e) => files.push(input_file(
                dir,
                format,
                Some(format!("cannot list directory: {e}")),
            )),
        }
    }
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(metadata) if metadata.is_dir() => walk(&path, format, visited, files),
            Ok(_) => files.push(input_file(&path, format, None)),
            Err(e) => files.push(input_file(&path, format, Some(format!("cannot read: {e}")))),
        }
    }
}

/// The records of a JSON Lines file whose first byte falls in `start..end` (byte offsets in the
/// file), as a shard reads a part of a large file. Every record belongs to exactly one of a
/// file's consecutive ranges, so the ranges together read the file exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByteRange {
    pub start: u64,
    /// `u64::MAX` for "to the end of the file".
    pub end: u64,
}

/// A file to read, whole or (a JSON Lines file) one [`ByteRange`] of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadUnit {
    pub file: InputFile,
    pub range: Option<ByteRange>,
}

/// Streams the articles of a list of files (or parts of files), in order.
pub struct ArticleReader {
    units: std::vec::IntoIter<ReadUnit>,
    current: Option<OpenJsonl>,
}

struct OpenJsonl {
    display: String,
    reader: Box<dyn BufRead + Send>,
    /// The number of the line last read (lines count from 1 in the whole file, whatever part
    /// of it is read, so that `source` and the ids derived from it never depend on sharding).
    line: u64,
    /// The byte offset in the file of the next line.
    position: u64,
    /// Lines starting at or after this offset belong to the next range.
    end: u64,
}

impl ArticleReader {
    pub fn new(files: Vec<InputFile>) -> ArticleReader {
        ArticleReader::from_units(
            files
                .into_iter()
                .map(|file| ReadUnit { file, range: None })
                .collect(),
        )
    }

    /// Reads the given units in order; a range applies only to an uncompressed JSON Lines file
    /// on disk (anything else is read whole).
    pub fn from_units(units: Vec<ReadUnit>) -> ArticleReader {
        ArticleReader {
            units: units.into_iter(),
            current: None,
        }
    }

    /// Reads JSON Lines from any reader (a socket, a buffer, a fuzzer's input); `display` is the
    /// name used in each article's `source` (`display:line`).
    pub fn from_jsonl(
        display: impl Into<String>,
        reader: Box<dyn BufRead + Send>,
    ) -> ArticleReader {
        ArticleReader {
            units: Vec::new().into_iter(),
            current: Some(OpenJsonl {
                display: display.into(),
                reader,
                line: 0,
                position: 0,
                end: u64::MAX,
            }),
        }
    }

    fn next_from_jsonl(&mut self) -> Option<RawArticle> {
        let open = self.current.as_mut()?;
        loop {
            if open.position >= open.end {
                self.current = None;
                return None;
            }
            open.line += 1;
            let source = format!("{}:{}", open.display, open.line);
            match read_line_bounded(&mut open.reader, MAX_ARTICLE_BYTES, &mut open.position) {
                Ok(LineRead::End) => {
                    self.current = None;
                    return None;
                }
                Ok(LineRead::Line(bytes)) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(RawArticle {
                        source,
                        payload: Payload::JsonLine(bytes),
                    });
                }
                Ok(LineRead::TooLong(length)) => {
                    return Some(RawArticle {
                        source,
                        payload: Payload::Unreadable(format!(
                            "line of {length} bytes is longer than the limit of {MAX_ARTICLE_BYTES} bytes"
                        )),
                    });
                }
                Err(e) => {
                    // the rest of the file cannot be trusted (a truncated .gz, a read error)
                    self.current = None;
                    return Some(RawArticle {
                        source,
                        payload: Payload::Unreadable(format!("read error: {e}")),
                    });
                }
            }
        }
    }
}

impl Iterator for ArticleReader {
    type Item = RawArticle;

    fn next(&mut self) -> Option<RawArticle> {
        loop {
            if let Some(article) = self.next_from_jsonl() {
                return Some(article);
            }
            let ReadUnit { file, range } = self.units.next()?;
            // a file's problem is reported once, by the range that starts it
            let first_part = range.is_none_or(|r| r.start == 0);
            if let Some(problem) = file.problem {
                if !first_part {
                    continue;
                }
                return Some(RawArticle {
                    source: file.display,
                    payload: Payload::Unreadable(problem),
                });
            }
            let ranged = match (range, &file.path) {
                (Some(range), Some(path)) if file.format == InputFormat::Jsonl && !file.gzip => {
                    Some((range, path.clone()))
                }
                _ => None,
            };
            if let Some((range, path)) = ranged {
                match open_range(&path, range) {
                    Ok((reader, line, position)) => {
                        self.current = Some(OpenJsonl {
                            display: file.display,
                            reader,
                            line,
                            position,
                            end: range.end,
                        });
                        continue;
                    }
                    Err(_) if !first_part => continue,
                    Err(e) => {
                        return Some(RawArticle {
                            source: file.display,
                            payload: Payload::Unreadable(format!("cannot open: {e}")),
                        })
                    }
                }
            }
            let mut reader = match open(&file) {
                Ok(reader) => reader,
                Err(e) => {
                    return Some(RawArticle {
                        source: file.display,
                        payload: Payload::Unreadable(format!("cannot open: {e}")),
                    })
                }
            };
            let format = match file.format {
                InputFormat::Auto => sniff_format(&mut reader),
                other => other,
            };
            match format {
                InputFormat::Jsonl => {
                    self.current = Some(OpenJsonl {
                        display: file.display,
                        reader,
                        line: 0,
                        position: 0,
                        end: u64::MAX,
                    });
                }
                _ => {
                    let payload = match read_bounded(&mut reader, MAX_ARTICLE_BYTES) {
                        Ok(Some(bytes)) => Payload::Text(bytes),
                        Ok(None) => Payload::Unreadable(format!(
                            "article is larger than the limit of {MAX_ARTICLE_BYTES} bytes"
                        )),
                        Err(e) => Payload::Unreadable(format!("read error: {e}")),
                    };
                    return Some(RawArticle {
                        source: file.display,
                        payload,
                    });
                }
            }
        }
    }
}

fn open(file: &InputFile) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match &file.path {
        Some(path) => Box::new(File::open(path)?),
        None => Box::new(io::stdin()),
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let gzip =
        file.gzip || (file.path.is_none() && buffered.fill_buf()?.starts_with(&[0x1F, 0x8B]));
    if gzip {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(buffered),
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Opens `path` at the first record of `range`: the record whose first byte is the first at or
/// after `range.start` that follows a line break (or the file's start). Returns the reader, the
/// number of lines before that record and its byte offset. Counting the lines before means
/// reading the file up to the range, at memory speed (a search for line breaks), which keeps
/// `path:line` sources and derived ids the same as when the whole file is read by one run.
fn open_range(path: &Path, range: ByteRange) -> io::Result<(Box<dyn BufRead + Send>, u64, u64)> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    if range.start == 0 {
        return Ok((Box::new(reader), 0, 0));
    }
    // the record starts after the first line break at or after offset start - 1
    let boundary = range.start - 1;
    let mut position = 0u64;
    let mut lines = 0u64;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok((Box::new(reader), lines, position));
        }
        let length = buffer.len();
        let before =
            usize::try_from(boundary.saturating_sub(position)).map_or(length, |b| b.min(length));
        lines += memchr::memchr_iter(b'\n', &buffer[..before]).count() as u64;
        if let Some(index) = memchr::memchr(b'\n', &buffer[before..]) {
            let consumed = before + index + 1;
            reader.consume(consumed);
            return Ok((Box::new(reader), lines + 1, position + consumed as u64));
        }
        reader.consume(length);
        position += length as u64;
    }
}

/// Standard input in `auto` mode: JSON Lines when the first non-blank byte is `{`.
fn sniff_format(reader: &mut Box<dyn BufRead + Send>) -> InputFormat {
    match reader.fill_buf() {
        Ok(buffer) => match buffer.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::Jsonl,
            _ => InputFormat::Text,
        },
        Err(_) => InputFormat::Text,
    }
}

enum LineRead {
    Line(Vec<u8>),
    TooLong(usize),
    End,
}

/// Reads one line (without `\n` or `\r\n`), refusing to hold more than `limit` bytes; adds the
/// bytes consumed (line break included) to `position`.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    limit: usize,
    position: &mut u64,
) -> io::Result<LineRead> {
    let mut line = Vec::new();
    let mut length = 0usize;
    let mut saw_any = false;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            break;
        }
        saw_any = true;
        let (chunk, found_newline) = match buffer.iter().position(|&b| b == b'\n') {
            Some(index) => (&buffer[..index], true),
            None => (buffer, false),
        };
        length += chunk.len();
        if length <= limit {
            line.extend_from_slice(chunk);
        } else {
            line = Vec::new();
        }
        let consumed = chunk.len() + usize::from(found_newline);
        reader.consume(consumed);
        *position += consumed as u64;
        if found_newline {
            break;
        }
    }
    if !saw_any {
        return Ok(LineRead::End);
    }
    if length > limit {
        return Ok(LineRead::TooLong(length));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(LineRead::Line(line))
}

/// Reads everything, or `None` when there is more than `limit` bytes.
fn read_bounded(reader: &mut dyn BufRead, limit: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut reader: &[u8] = b"one\r\ntwo\n\nthree";
        let mut position = 0;
        let mut lines = Vec::new();
        loop {
            match read_line_bounded(&mut reader, 100, &mut position).unwrap() {
                LineRead::Line(l) => lines.push(String::from_utf8(l).unwrap()),
                LineRead::TooLong(_) => panic!("too long"),
                LineRead::End => break,
            }
        }
        assert_eq!(lines, vec!["one", "two", "", "three"]);
        let mut reader: &[u8] = b"0123456789\nok\n";
        assert!(matches!(
            read_line_bounded(&mut reader, 5, &mut position).unwrap(),
            LineRead::TooLong(10)
        ));
        assert!(
            matches!(read_line_bounded(&mut reader, 5, &mut position).unwrap(), LineRead::Line(l) if l == b"ok")
        );
    }

    fn sources_and_payloads(reader: ArticleReader) -> Vec<(String, Payload)> {
        reader.map(|a| (a.source, a.payload)).collect()
    }

    #[test]
    fn byte_ranges_read_every_record_once_with_whole_file_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        let content =
            b"{\"text\":\"a\"}\n\n{\"text\":\"bb\"}\r\n  \n{\"text\":\"ccc\"}\n{\"text\":\"d\"}";
        std::fs::write(&path, content).unwrap();
        let file = input_file(&path, InputFormat::Auto, None);
        let whole = sources_and_payloads(ArticleReader::new(vec![file.clone()]));
        assert_eq!(whole.len(), 4);
        let length = content.len() as u64;
        // every pair of cut points, including cuts at 0, inside records and at the end
        for first in 0..=length {
            for second in first..=length {
                let cuts = [0, first, second, u64::MAX];
                let units = cuts
                    .windows(2)
                    .map(|w| ReadUnit {
                        file: file.clone(),
                        range: Some(ByteRange {
                            start: w[0],
                            end: w[1],
                        }),
                    })
                    .collect();
                let parts = sources_and_payloads(ArticleReader::from_units(units));
                assert_eq!(parts, whole, "cuts at {first} and {second}");
            }
        }
    }

    #[test]
    fn format_by_extension() {
        assert_eq!(
            input_file(Path::new("a/b.jsonl.gz"), InputFormat::Auto, None).format,
            InputFormat::Jsonl
        );
        assert!(input_file(Path::new("a/b.jsonl.gz"), InputFormat::Auto, None).gzip);
        assert_eq!(
            input_file(Path::new("a/b.NDJSON"), InputFormat::Auto, None).format,
            InputFormat::Jsonl
        );
        assert_eq!(
            input_file(Path::new("a/b.txt"), InputFormat::Auto, None).format,
            InputFormat::Text
        );
        assert_eq!(
            input_file(Path::new("a/b.txt"), InputFormat::Jsonl, None).format,
            InputFormat::Jsonl
        );
    }

    #[test]
    fn missing_input_is_a_usage_error() {
        let e = expand_inputs(&["/no/such/path".to_owned()], InputFormat::Auto).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
