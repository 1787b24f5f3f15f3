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

/// A plain-text article larger than this is not read by the reader: a worker reads it as a
/// stream (see [`TextFile`]), so that memory does not grow with the size of an article.
pub const STREAM_ARTICLE_BYTES: usize = 8 << 20;

/// A line longer than the limit is skipped up to its end; when its end is not in sight this
/// many bytes later (an endless stream without line breaks), the rest of the file is given up.
const MAX_SKIPPED_BYTES: usize = MAX_ARTICLE_BYTES;

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
    /// A large plain-text article, left in its file for a worker to read as a stream.
    TextFile(TextFile),
    /// The article could not be read; the message says why.
    Unreadable(String),
}

/// A plain-text article to be read as a stream: a file (gzipped or not), or a scratch copy of
/// standard input that is removed once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub path: PathBuf,
    pub gzip: bool,
    /// A scratch file of the run, to remove after processing.
    pub scratch: bool,
    /// Its size on disk.
    pub bytes: usize,
}

/// What a first reading of a [`TextFile`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    pub bytes: usize,
    /// Valid UTF-8 throughout (else it is read as Windows-1252, as a smaller article would be).
    pub utf8: bool,
}

/// Opens a [`TextFile`] for reading, decompressing it when gzipped.
pub fn open_text_file(file: &TextFile) -> io::Result<Box<dyn BufRead + Send>> {
    let buffered = BufReader::with_capacity(1 << 16, File::open(&file.path)?);
    if file.gzip {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(buffered),
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Reads a [`TextFile`] once, in bounded memory: its size (an error past
/// [`MAX_ARTICLE_BYTES`]) and whether it is UTF-8. The message of an error is for the `note`.
pub fn survey_text_file(file: &TextFile) -> std::result::Result<Survey, String> {
    let mut reader = open_text_file(file).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = 0usize;
    let mut utf8 = true;
    // the bytes of a character cut by the end of a buffer
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("read error: {e}")),
        };
        if buffer.is_empty() {
            break;
        }
        let length = buffer.len();
        bytes += length;
        if bytes > MAX_ARTICLE_BYTES {
            return Err(format!(
                "article is larger than the limit of {MAX_ARTICLE_BYTES} bytes"
            ));
        }
        if utf8 {
            let chunk: std::borrow::Cow<'_, [u8]> = if carry.is_empty() {
                std::borrow::Cow::Borrowed(buffer)
            } else {
                let mut joined = std::mem::take(&mut carry);
                joined.extend_from_slice(buffer);
                std::borrow::Cow::Owned(joined)
            };
            match std::str::from_utf8(&chunk) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => carry = chunk[e.valid_up_to()..].to_vec(),
                Err(_) => utf8 = false,
            }
        }
        reader.consume(length);
    }
    Ok(Survey {
        bytes,
        utf8: utf8 && carry.is_empty(),
    })
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
            Payload::TextFile(file) => file.bytes,
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
    Ok(expand_inputs_for_run(inputs, format, Path::new(""))?.files)
}

/// The files of a run, and what was skipped on the way.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    pub files: Vec<InputFile>,
    /// One sentence per entry skipped while walking (the output directory, a FIFO...).
    pub notices: Vec<String>,
}

/// [`expand_inputs`] for a run writing into `out_dir`: a walk does not enter `out_dir` (it
/// would read the corpus of the last run back as input), and skips entries that are not
/// regular files (a FIFO would block the walk forever, a device never ends); both are said in
/// the notices. Files named on the command line are read whatever they are (`<(zcat ...)`).
pub fn expand_inputs_for_run(
    inputs: &[String],
    format: InputFormat,
    out_dir: &Path,
) -> Result<Expanded> {
    let mut walker = Walker {
        format,
        visited: HashSet::new(),
        seen_files: HashSet::new(),
        skip: canonical_output_dir(out_dir),
        files: Vec::new(),
        notices: Vec::new(),
    };
    for input in inputs {
        if input == "-" {
            walker.files.push(InputFile {
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
            walker.walk(path);
        } else {
            walker.add_file(path);
        }
    }
    Ok(Expanded {
        files: walker.files,
        notices: walker.notices,
    })
}

/// Where `out_dir` is, resolved, even before it exists (its parent resolved, then its name).
fn canonical_output_dir(out_dir: &Path) -> Option<PathBuf> {
    if out_dir.as_os_str().is_empty() {
        return None;
    }
    if let Ok(canonical) = std::fs::canonicalize(out_dir) {
        return Some(canonical);
    }
    let name = out_dir.file_name()?;
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(name))
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

struct Walker {
    format: InputFormat,
    visited: HashSet<PathBuf>,
    /// The files found so far, resolved: a file read twice is said.
    seen_files: HashSet<PathBuf>,
    skip: Option<PathBuf>,
    files: Vec<InputFile>,
    notices: Vec<String>,
}

impl Walker {
    /// Adds a file to read; one met before (named twice, or reached by a link) is read again,
    /// and said: its articles appear twice, with the same ids.
    fn add_file(&mut self, path: &Path) {
        if let Ok(canonical) = std::fs::canonicalize(path) {
            if !self.seen_files.insert(canonical) {
                self.notices.push(format!(
                    "{} is a file already read: its articles appear twice, with the same ids",
                    path.display()
                ));
            }
        }
        self.files.push(input_file(path, self.format, None));
    }

    fn walk(&mut self, dir: &Path) {
        let format = self.format;
        // following symbolic links may lead back to a directory already walked
        match std::fs::canonicalize(dir) {
            Ok(canonical) => {
                if self.skip.as_ref() == Some(&canonical) {
                    self.notices.push(format!(
                        "skipped {}: it is the output directory",
                        dir.display()
                    ));
                    return;
                }
                if !self.visited.insert(canonical) {
                    return;
                }
            }
            Err(e) => {
                self.files.push(input_file(
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
                self.files.push(input_file(
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
                Err(e) => self.files.push(input_file(
                    dir,
                    format,
                    Some(format!("cannot list directory: {e}")),
                )),
            }
        }
        paths.sort();
        for path in paths {
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => self.walk(&path),
                Ok(metadata) if metadata.is_file() => self.add_file(&path),
                Ok(_) => self.notices.push(format!(
                    "skipped {}: not a regular file (a FIFO, socket or device)",
                    path.display()
                )),
                Err(e) => {
                    self.files
                        .push(input_file(&path, format, Some(format!("cannot read: {e}"))))
                }
            }
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
    /// Where a large plain-text article on standard input is copied to be read as a stream;
    /// without it, such an article is read into memory (up to [`MAX_ARTICLE_BYTES`]).
    spool_dir: Option<PathBuf>,
    spooled: usize,
}

struct OpenJsonl {
    display: String,
    reader: Box<dyn BufRead + Send>,
    /// The number of the line last read (lines count from 1 in the whole file, whatever part
    /// of it is read, so that `source` and the ids derived from it never depend on sharding).
    line: u64,
    /// Where the next line starts.
    cursor: LineCursor,
    /// Lines starting at or after this offset (after a `\n`) belong to the next range.
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
            spool_dir: None,
            spooled: 0,
        }
    }

    /// Large plain-text articles on standard input go to scratch files in `dir` (removed once
    /// read), so that they are read as a stream like large files.
    pub fn spool_into(mut self, dir: PathBuf) -> ArticleReader {
        self.spool_dir = Some(dir);
        self
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
                cursor: LineCursor::START,
                end: u64::MAX,
            }),
            spool_dir: None,
            spooled: 0,
        }
    }

    fn next_from_jsonl(&mut self) -> Option<RawArticle> {
        let open = self.current.as_mut()?;
        loop {
            // a record ended by a lone `\r` never ends a range: ranges are cut after a `\n`
            if open.cursor.position >= open.end && open.cursor.after_newline {
                self.current = None;
                return None;
            }
            open.line += 1;
            let source = |open: &OpenJsonl| format!("{}:{}", open.display, open.line);
            match read_line_bounded(&mut open.reader, MAX_ARTICLE_BYTES, &mut open.cursor) {
                Ok(LineRead::End) => {
                    self.current = None;
                    return None;
                }
                Ok(LineRead::Line(bytes)) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(RawArticle {
                        source: source(open),
                        payload: Payload::JsonLine(bytes),
                    });
                }
                Ok(LineRead::TooLong(length)) => {
                    return Some(RawArticle {
                        source: source(open),
                        payload: Payload::Unreadable(format!(
                            "line of {length} bytes is longer than the limit of {MAX_ARTICLE_BYTES} bytes"
                        )),
                    });
                }
                Ok(LineRead::Endless(length)) => {
                    let source = source(open);
                    self.current = None;
                    return Some(RawArticle {
                        source,
                        payload: Payload::Unreadable(format!(
                            "line longer than the limit of {MAX_ARTICLE_BYTES} bytes, with no line end in {length} bytes: the rest of the input is not read"
                        )),
                    });
                }
                Err(e) => {
                    // the rest of the file cannot be trusted (a truncated .gz, a read error)
                    let source = source(open);
                    self.current = None;
                    return Some(RawArticle {
                        source,
                        payload: Payload::Unreadable(format!("read error: {e}")),
                    });
                }
            }
        }
    }

    /// The payload of a plain-text article: its bytes when small, else a [`TextFile`] for a
    /// worker to stream (standard input copied to a scratch file first, when there is a place).
    fn text_payload(&mut self, file: &InputFile, reader: &mut Box<dyn BufRead + Send>) -> Payload {
        if let (Some(path), false) = (&file.path, file.gzip) {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
            if regular && size > MAX_ARTICLE_BYTES as u64 {
                return too_large();
            }
            if regular && size > STREAM_ARTICLE_BYTES as u64 {
                return Payload::TextFile(TextFile {
                    path: path.clone(),
                    gzip: false,
                    scratch: false,
                    bytes: size as usize,
                });
            }
        }
        let mut head = Vec::new();
        if let Err(e) = reader
            .take(STREAM_ARTICLE_BYTES as u64 + 1)
            .read_to_end(&mut head)
        {
            return Payload::Unreadable(format!("read error: {e}"));
        }
        if head.len() <= STREAM_ARTICLE_BYTES {
            return Payload::Text(head);
        }
        match (&file.path, &self.spool_dir) {
            (Some(path), _) if file.gzip => Payload::TextFile(TextFile {
                path: path.clone(),
                gzip: true,
                scratch: false,
                bytes: std::fs::metadata(path)
                    .map(|m| m.len() as usize)
                    .unwrap_or(0),
            }),
            (None, Some(dir)) => {
                self.spooled += 1;
                let path = dir.join(format!(".stdin-{}", self.spooled));
                match spool(&head, reader, &path) {
                    Ok(Some(bytes)) => Payload::TextFile(TextFile {
                        path,
                        gzip: false,
                        scratch: true,
                        bytes,
                    }),
                    Ok(None) => {
                        let _ = std::fs::remove_file(&path);
                        too_large()
                    }
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Payload::Unreadable(format!("read error: {e}"))
                    }
                }
            }
            _ => {
                let room = (MAX_ARTICLE_BYTES + 1 - head.len()) as u64;
                match reader.take(room).read_to_end(&mut head) {
                    Ok(_) if head.len() > MAX_ARTICLE_BYTES => too_large(),
                    Ok(_) => Payload::Text(head),
                    Err(e) => Payload::Unreadable(format!("read error: {e}")),
                }
            }
        }
    }
}

fn too_large() -> Payload {
    Payload::Unreadable(format!(
        "article is larger than the limit of {MAX_ARTICLE_BYTES} bytes"
    ))
}

/// Copies `head` and what is left of `reader` to `path`; `None` when that is more than the
/// limit.
fn spool(
    head: &[u8],
    reader: &mut Box<dyn BufRead + Send>,
    path: &Path,
) -> io::Result<Option<usize>> {
    let mut file = io::BufWriter::new(File::create(path)?);
    io::Write::write_all(&mut file, head)?;
    let room = (MAX_ARTICLE_BYTES + 1 - head.len()) as u64;
    let copied = head.len() as u64 + io::copy(&mut reader.take(room), &mut file)?;
    io::Write::flush(&mut file)?;
    Ok((copied <= MAX_ARTICLE_BYTES as u64).then_some(copied as usize))
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
                            cursor: LineCursor {
                                position,
                                after_newline: true,
                            },
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
            let (format, blank_lines) = match file.format {
                InputFormat::Auto => sniff_format(&mut reader),
                other => (other, 0),
            };
            match format {
                InputFormat::Jsonl => {
                    self.current = Some(OpenJsonl {
                        display: file.display,
                        reader,
                        line: blank_lines,
                        cursor: LineCursor::START,
                        end: u64::MAX,
                    });
                }
                _ => {
                    let payload = self.text_payload(&file, &mut reader);
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
/// after `range.start` that follows a `\n` (or the file's start). Returns the reader, the
/// number of lines before that record and its byte offset. Counting the lines before means
/// reading the file up to the range, at memory speed (a search for line ends), which keeps
/// `path:line` sources and derived ids the same as when the whole file is read by one run; a
/// lone `\r` counts as a line end there too, as it does for [`read_line_bounded`].
fn open_range(path: &Path, range: ByteRange) -> io::Result<(Box<dyn BufRead + Send>, u64, u64)> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    if range.start == 0 {
        return Ok((Box::new(reader), 0, 0));
    }
    // the record starts after the first `\n` at or after offset start - 1
    let boundary = range.start - 1;
    let mut position = 0u64;
    let mut lines = LineEnds::default();
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok((Box::new(reader), lines.finish(), position));
        }
        let length = buffer.len();
        let before =
            usize::try_from(boundary.saturating_sub(position)).map_or(length, |b| b.min(length));
        lines.count(&buffer[..before]);
        if let Some(index) = memchr::memchr(b'\n', &buffer[before..]) {
            let consumed = before + index + 1;
            // the bytes between the boundary and the `\n` hold no line end but lone `\r`s
            lines.count(&buffer[before..consumed]);
            reader.consume(consumed);
            return Ok((Box::new(reader), lines.finish(), position + consumed as u64));
        }
        reader.consume(length);
        position += length as u64;
    }
}

/// Counts line ends (`\n`, `\r\n`, a lone `\r`) in bytes given a piece at a time.
#[derive(Default)]
struct LineEnds {
    lines: u64,
    /// The last piece ended with a `\r` (a line end, unless a `\n` comes first next).
    pending_cr: bool,
}

impl LineEnds {
    fn count(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.pending_cr && bytes[0] != b'\n' {
            self.lines += 1;
        }
        self.lines += memchr::memchr_iter(b'\n', bytes).count() as u64;
        self.lines += memchr::memchr_iter(b'\r', bytes)
            .filter(|&i| bytes.get(i + 1).is_some_and(|&b| b != b'\n'))
            .count() as u64;
        self.pending_cr = bytes.last() == Some(&b'\r');
    }

    fn finish(&self) -> u64 {
        self.lines + u64::from(self.pending_cr)
    }
}

/// Standard input in `auto` mode: JSON Lines when the first non-blank byte is `{`, however
/// long it takes to come. The blank bytes before it are consumed (they hold no article in either
/// format); the number of line ends among them is returned, so that JSON line numbers stay
/// those of the input.
fn sniff_format(reader: &mut Box<dyn BufRead + Send>) -> (InputFormat, u64) {
    let mut line_ends = 0u64;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return (InputFormat::Text, line_ends),
        };
        if buffer.is_empty() {
            return (InputFormat::Text, line_ends);
        }
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => {
                line_ends += buffer[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                let format = if buffer[at] == b'{' {
                    InputFormat::Jsonl
                } else {
                    InputFormat::Text
                };
                reader.consume(at);
                return (format, line_ends);
            }
            None => {
                line_ends += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
                let length = buffer.len();
                reader.consume(length);
            }
        }
    }
}

enum LineRead {
    Line(Vec<u8>),
    /// A line over the limit, skipped to its end.
    TooLong(usize),
    /// A line over the limit whose end did not come within [`MAX_SKIPPED_BYTES`] more.
    Endless(usize),
    End,
}

/// Where a reader of lines stands in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LineCursor {
    /// The byte offset of the next line.
    position: u64,
    /// The last line ended with a `\n` (or nothing was read yet).
    after_newline: bool,
}

impl LineCursor {
    const START: LineCursor = LineCursor {
        position: 0,
        after_newline: true,
    };
}

/// Reads one line, refusing to hold more than `limit` bytes; moves `cursor` past it. A line
/// ends at `\n`, `\r\n` or a lone `\r` (which JSON allows only as white space outside strings,
/// so that no valid record is cut by it, while a file with old Mac line ends keeps its records
/// apart).
fn read_line_bounded(
    reader: &mut dyn BufRead,
    limit: usize,
    cursor: &mut LineCursor,
) -> io::Result<LineRead> {
    let mut line = Vec::new();
    let mut length = 0usize;
    let mut saw_any = false;
    let mut after_cr = false;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            break;
        }
        if after_cr {
            // the line ended at a `\r`: a `\n` right after it belongs to that line end
            if buffer[0] == b'\n' {
                reader.consume(1);
                cursor.position += 1;
                cursor.after_newline = true;
            }
            break;
        }
        saw_any = true;
        // (the reader is one thread that every worker waits on: memchr scans a word at a time)
        let (chunk, end) = match memchr::memchr2(b'\n', b'\r', buffer) {
            Some(index) => (&buffer[..index], Some(buffer[index])),
            None => (buffer, None),
        };
        length += chunk.len();
        if length <= limit {
            line.extend_from_slice(chunk);
        } else {
            line = Vec::new();
            if length > limit + MAX_SKIPPED_BYTES && end.is_none() {
                return Ok(LineRead::Endless(length));
            }
        }
        let consumed = chunk.len() + usize::from(end.is_some());
        reader.consume(consumed);
        cursor.position += consumed as u64;
        cursor.after_newline = false;
        match end {
            Some(b'\n') => {
                cursor.after_newline = true;
                break;
            }
            Some(_) => after_cr = true,
            None => {}
        }
    }
    if !saw_any {
        return Ok(LineRead::End);
    }
    if length > limit {
        return Ok(LineRead::TooLong(length));
    }
    Ok(LineRead::Line(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        // a lone `\r` ends a line too, and `\r\n` split across reads is one line end
        let text: &[u8] = b"one\r\ntwo\n\nthree\rfour\r";
        for capacity in [1, 2, 3, 64] {
            let mut reader = io::BufReader::with_capacity(capacity, text);
            let mut lines = Vec::new();
            let mut cursor = LineCursor::START;
            loop {
                match read_line_bounded(&mut reader, 100, &mut cursor).unwrap() {
                    LineRead::Line(l) => lines.push(String::from_utf8(l).unwrap()),
                    LineRead::TooLong(_) | LineRead::Endless(_) => panic!("too long"),
                    LineRead::End => break,
                }
            }
            assert_eq!(lines, vec!["one", "two", "", "three", "four"], "{capacity}");
            assert_eq!(cursor.position, text.len() as u64);
        }
        let mut reader: &[u8] = b"0123456789\nok\n";
        let mut cursor = LineCursor::START;
        assert!(matches!(
            read_line_bounded(&mut reader, 5, &mut cursor).unwrap(),
            LineRead::TooLong(10)
        ));
        assert!(
            matches!(read_line_bounded(&mut reader, 5, &mut cursor).unwrap(), LineRead::Line(l) if l == b"ok")
        );
    }

    fn sources_and_payloads(reader: ArticleReader) -> Vec<(String, Payload)> {
        reader.map(|a| (a.source, a.payload)).collect()
    }

    #[test]
    fn byte_ranges_read_every_record_once_with_whole_file_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        // lone `\r`s end records too, but ranges are cut only after a `\n`
        let content = b"{\"text\":\"a\"}\n\n{\"text\":\"bb\"}\r\n  \n{\"text\":\"ccc\"}\r{\"text\":\"e\"}\r\r\n{\"text\":\"d\"}";
        std::fs::write(&path, content).unwrap();
        let file = input_file(&path, InputFormat::Auto, None);
        let whole = sources_and_payloads(ArticleReader::new(vec![file.clone()]));
        assert_eq!(whole.len(), 5);
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
