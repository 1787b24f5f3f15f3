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

/// Streams the articles of a list of files, in order.
pub struct ArticleReader {
    files: std::vec::IntoIter<InputFile>,
    current: Option<OpenJsonl>,
}

struct OpenJsonl {
    display: String,
    reader: Box<dyn BufRead + Send>,
    line: u64,
}

impl ArticleReader {
    pub fn new(files: Vec<InputFile>) -> ArticleReader {
        ArticleReader {
            files: files.into_iter(),
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
            files: Vec::new().into_iter(),
            current: Some(OpenJsonl {
                display: display.into(),
                reader,
                line: 0,
            }),
        }
    }

    fn next_from_jsonl(&mut self) -> Option<RawArticle> {
        let open = self.current.as_mut()?;
        loop {
            open.line += 1;
            let source = format!("{}:{}", open.display, open.line);
            match read_line_bounded(&mut open.reader, MAX_ARTICLE_BYTES) {
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
            let file = self.files.next()?;
            if let Some(problem) = file.problem {
                return Some(RawArticle {
                    source: file.display,
                    payload: Payload::Unreadable(problem),
                });
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

/// Reads one line (without `\n` or `\r\n`), refusing to hold more than `limit` bytes.
fn read_line_bounded(reader: &mut dyn BufRead, limit: usize) -> io::Result<LineRead> {
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
        let mut lines = Vec::new();
        loop {
            match read_line_bounded(&mut reader, 100).unwrap() {
                LineRead::Line(l) => lines.push(String::from_utf8(l).unwrap()),
                LineRead::TooLong(_) => panic!("too long"),
                LineRead::End => break,
            }
        }
        assert_eq!(lines, vec!["one", "two", "", "three"]);
        let mut reader: &[u8] = b"0123456789\nok\n";
        assert!(matches!(
            read_line_bounded(&mut reader, 5).unwrap(),
            LineRead::TooLong(10)
        ));
        assert!(
            matches!(read_line_bounded(&mut reader, 5).unwrap(), LineRead::Line(l) if l == b"ok")
        );
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
