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
//!
//! [`OutputSet`] replaces the *set* of files in an output directory as a whole: every file of a
//! run is written into a staging directory inside DIR, and one commit swaps them in, removing
//! the files of the previous set that the new one does not have (an old `report.html` does not
//! outlive its corpus). A crash during the commit is finished (or undone) by the next command
//! that opens the directory. [`DirLock`] keeps two runs out of one directory at once.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::writeback::Writeback;

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
///
/// The rows are written straight into the buffer, as the `csv` crate writes them (a unit test
/// holds the two to the same bytes): a cell is quoted only when it holds the delimiter, a quote,
/// a carriage return or a line feed, and its quotes are doubled. Every sentence's text goes
/// through here, and the crate's writer copied it a byte at a time through its state machine;
/// here a cell without those bytes (nearly all) is found by `memchr` and copied at once.
pub struct RowBuffer {
    bytes: Vec<u8>,
    dialect: Dialect,
}

impl RowBuffer {
    pub fn new(dialect: Dialect) -> RowBuffer {
        RowBuffer {
            bytes: Vec::new(),
            dialect,
        }
    }

    /// How many bytes are rendered so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing is rendered yet.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Makes room for at least `additional` more bytes at once (the rows of an article's
    /// sentences, whose size the caller can tell beforehand), instead of growing the buffer
    /// by doubling and copying as the rows come.
    pub fn reserve(&mut self, additional: usize) {
        self.bytes.reserve(additional);
    }

    /// Takes the bytes rendered so far, leaving the buffer empty.
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// Renders one row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let row_start = self.bytes.len();
        for (index, cell) in cells.into_iter().enumerate() {
            if index > 0 {
                self.bytes.push(self.dialect.delimiter);
            }
            let cell = safe_cell(cell, self.dialect.formula_guard);
            self.push_cell(cell.as_bytes());
        }
        if self.bytes.len() == row_start {
            // a row of one empty cell would read as an empty line: `""` keeps it a row
            self.bytes.extend_from_slice(b"\"\"");
        }
        if self.dialect.excel {
            self.bytes.extend_from_slice(b"\r\n");
        } else {
            self.bytes.push(b'\n');
        }
    }

    fn push_cell(&mut self, cell: &[u8]) {
        let delimiter = self.dialect.delimiter;
        let needs_quotes = memchr::memchr3(b'"', b'\n', b'\r', cell).is_some()
            || memchr::memchr(delimiter, cell).is_some();
        if !needs_quotes {
            self.bytes.extend_from_slice(cell);
            return;
        }
        self.bytes.push(b'"');
        let mut rest = cell;
        while let Some(at) = memchr::memchr(b'"', rest) {
            self.bytes.extend_from_slice(&rest[..=at]);
            self.bytes.push(b'"');
            rest = &rest[at + 1..];
        }
        self.bytes.extend_from_slice(rest);
        self.bytes.push(b'"');
    }

    /// The bytes rendered.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
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

    /// Copies rows rendered in this dialect from `reader` (a scratch file of an article).
    pub fn write_from(&mut self, reader: &mut dyn io::Read) -> Result<()> {
        io::copy(reader, &mut self.file)
            .map(|_| ())
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
    remove_files_where(dir, |file_name| {
        let owner = names.iter().find_map(|name| {
            file_name
                .strip_prefix(&format!(".{name}."))?
                .strip_suffix(".partial")
        });
        // a copy of the same shard running at the same time (a retry, a speculative task)
        // still writes its own: only a dead process's partial files are stale
        owner.is_some_and(|pid| !process_is_alive(pid))
    });
}

/// Removes, best effort, the files of `dir` whose name (when it is UTF-8) `doomed` picks:
/// leftovers are cleaned up on the way, and one that cannot be removed fails nothing.
pub fn remove_files_where(dir: &Path, doomed: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if file_name.to_str().is_some_and(&doomed) {
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
    /// The data written so far goes to the disk while the rest is written (see
    /// [`crate::writeback`]).
    writeback: Writeback,
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
            writeback: Writeback::new(),
        })
    }

    /// Syncs the data and renames the file to its final name.
    pub fn commit(mut self) -> Result<()> {
        let context = format!("writing {}", self.final_path.display());
        if let Some(file) = self.file.take() {
            self.writeback
                .finish()
                .and_then(|_| file.sync_all())
                .map_err(|e| Error::io(context.clone(), e))?;
        }
        std::fs::rename(&self.temp_path, &self.final_path).map_err(|e| Error::io(context, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(file) => {
                let written = file.write(buf)?;
                self.writeback.wrote(file, written);
                Ok(written)
            }
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

// ---------------------------------------------------------------------------------------------
// The output set: all files of a run replaced at once

/// Every file name that `run`, or a command adding to its directory, may write in DIR. A file
/// of this list that is in DIR but not in a new set is removed when the new set is committed,
/// even when DIR was written by a version without a manifest. Add a name here when a writer
/// adds a file to the set (the manifest covers the rest).
pub const KNOWN_OUTPUT_FILES: &[&str] = &[
    "articles.csv",
    "sentences.csv",
    "mentions.csv",
    "coverage.csv",
    "languages.csv",
    "coverage_by_period.csv",
    "run.json",
    "report.html",
    "corpus.xlsx",
    MOVED_LAST,
];

/// A shard's completion marker: moved in after every other file of its set, so that no reader
/// ever sees it beside files of another set.
const MOVED_LAST: &str = "_SUCCESS";

/// The names of the committed set, one per line (hidden, so it is not taken for a corpus file).
pub const MANIFEST_NAME: &str = ".artnorm-manifest";
/// The lock file of a directory in use (see [`DirLock`]).
pub const LOCK_NAME: &str = ".artnorm.lock";
/// Where a set is built before its commit: `DIR/.artnorm-staging-PID`, one per process, so that
/// copies of one shard running at once (a retry, a speculative task) each build their own.
const STAGING_PREFIX: &str = ".artnorm-staging-";
/// How long a copy of a shard waits for the directory's lock before its commit.
const COMMIT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(600);
/// Inside the staging directory: the decided commit (`new NAME` and `old NAME` lines). Once it
/// is on disk, the commit happens, if need be finished by the next command.
const COMMIT_MARK: &str = ".commit";

/// A set of output files built in a staging directory inside DIR and swapped in as a whole.
///
/// ```no_run
/// # use artnorm::output::{OutputSet, Dialect};
/// # fn main() -> artnorm::error::Result<()> {
/// let set = OutputSet::begin("corpus".as_ref())?; // locks DIR, finishes an interrupted commit
/// let mut csv = set.create_csv("articles.csv", Dialect::default(), &["article_id"])?;
/// csv.write_row(["a1"])?;
/// csv.finish()?; // complete in the staging directory, not yet visible in DIR
/// let mut marker = set.create_file("_SUCCESS")?; // any file: xlsx, report, marker
/// std::io::Write::write_all(&mut marker, b"ok\n").ok();
/// marker.commit()?;
/// set.commit()?; // now DIR holds exactly these files; the rest of the old set is gone
/// # Ok(()) }
/// ```
///
/// Every regular, non-hidden file in [`OutputSet::staging_dir`] at commit time is part of the
/// new set, so a writer may also put files there itself (`report::write_report(staging)`).
/// Hidden files there (`.NAME.PID.partial`, spill files) are scratch and are removed. Dropping
/// the set without a commit (an error, a panic) removes the staging directory and leaves DIR as
/// it was. What a reader of DIR can rely on: between two commands, DIR holds one whole set; a
/// command killed in the middle of its commit leaves a `.artnorm-staging-PID/.commit`, which the
/// next [`OutputSet::begin`] or [`settle`] finishes before anything else.
pub struct OutputSet {
    dir: PathBuf,
    staging: PathBuf,
    committed: bool,
    spills: std::sync::atomic::AtomicUsize,
    /// Held from the start by [`OutputSet::begin`]; taken only for the commit by a shared set.
    lock: Option<DirLock>,
}

impl OutputSet {
    /// Creates DIR when missing, locks it (a second command on DIR stops, naming the holder),
    /// finishes or undoes an interrupted commit, removes the scratch of killed runs, and starts
    /// an empty staging directory.
    pub fn begin(dir: &Path) -> Result<OutputSet> {
        OutputSet::start(dir, true)
    }

    /// Like [`OutputSet::begin`], for a task that may run twice at once into the same DIR (a
    /// shard retried, or run again speculatively, by a scheduler): both copies build their set,
    /// and each takes the lock only to commit, waiting for the other; the later set replaces
    /// the earlier one whole.
    pub fn begin_shared(dir: &Path) -> Result<OutputSet> {
        OutputSet::start(dir, false)
    }

    fn start(dir: &Path, exclusive: bool) -> Result<OutputSet> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating output directory {}", dir.display()), e))?;
        let lock = if exclusive {
            let lock = DirLock::acquire(dir)?;
            recover(dir)?;
            Some(lock)
        } else {
            // the leftovers of killed copies are cleared when no other command holds DIR
            if let Ok(_lock) = DirLock::acquire(dir) {
                recover(dir)?;
            }
            None
        };
        remove_stale_partials(dir, KNOWN_OUTPUT_FILES);
        let staging = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        if staging.exists() {
            // a set of this very process that was dropped half-removed
            let _ = std::fs::remove_dir_all(&staging);
        }
        std::fs::create_dir(&staging)
            .map_err(|e| Error::io(format!("creating {}", staging.display()), e))?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            staging,
            committed: false,
            spills: std::sync::atomic::AtomicUsize::new(0),
            lock,
        })
    }

    /// The directory the set is being built in (inside DIR, hidden).
    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts the CSV file `name` of the set.
    pub fn create_csv(&self, name: &str, dialect: Dialect, header: &[&str]) -> Result<CsvFile> {
        CsvFile::create(&self.staging, name, dialect, header)
    }

    /// Starts any other file `name` of the set; it joins the set when it is committed.
    pub fn create_file(&self, name: &str) -> Result<AtomicFile> {
        AtomicFile::create(&self.staging.join(name))
    }

    /// A fresh path for scratch data (not part of the set; removed at the latest with the
    /// staging directory).
    pub fn scratch_path(&self, label: &str) -> PathBuf {
        let n = self
            .spills
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.staging.join(format!(".{label}-{n}"))
    }

    /// Swaps the staged files in as DIR's set: each is renamed into DIR, the files of the old
    /// set missing from the new one are removed, and the manifest is rewritten.
    pub fn commit(mut self) -> Result<()> {
        let _lock = match self.lock.take() {
            Some(lock) => lock,
            None => DirLock::acquire_waiting(&self.dir, COMMIT_PATIENCE)?,
        };
        let mut new = staged_names(&self.staging)?;
        new.sort_by_key(|name| name == MOVED_LAST);
        let mut old = previous_set(&self.dir);
        old.retain(|name| !new.contains(name));
        let mut mark = String::new();
        for name in &new {
            mark.push_str(&format!("new {name}\n"));
        }
        for name in &old {
            mark.push_str(&format!("old {name}\n"));
        }
        let mark_path = self.staging.join(COMMIT_MARK);
        write_synced(&mark_path, mark.as_bytes())?;
        sync_dir(&self.staging);
        self.committed = true;
        apply_commit(&self.dir, &self.staging, usize::MAX)
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Locks DIR, finishes or undoes a commit that a killed command left, and unlocks: what a
/// reader of a corpus directory (`report`, `merge`) calls first so it never reads a half-swapped
/// set. A directory without a staging area is left as it is.
pub fn settle(dir: &Path) -> Result<()> {
    if staging_dirs(dir).is_empty() {
        return Ok(());
    }
    let _lock = DirLock::acquire(dir)?;
    recover(dir)
}

/// The directory of the set that `dir` is being built for: `dir` itself, or DIR for a staging
/// directory (so that what a file says of its corpus names DIR, not the scratch place).
pub fn set_dir(dir: &Path) -> &Path {
    match (dir.file_name(), dir.parent()) {
        (Some(name), Some(parent))
            if name.to_str().is_some_and(|n| n.starts_with(STAGING_PREFIX)) =>
        {
            parent
        }
        _ => dir,
    }
}

/// Runs `add` on DIR (a committed set) while holding its lock, after finishing a commit that a
/// killed command left: how `artnorm report DIR` and `artnorm xlsx DIR` add a file to a set
/// (each file is written under a temporary name and renamed, so it is whole or absent).
pub fn add_to_set<T>(dir: &Path, add: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let _lock = DirLock::acquire(dir)?;
    recover(dir)?;
    add(dir)
}

/// The regular, non-hidden files in the staging directory, sorted.
fn staged_names(staging: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(staging)
        .map_err(|e| Error::io(format!("reading {}", staging.display()), e))?;
    let mut names = Vec::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The files of the set now in DIR: those of the manifest and those of
/// [`KNOWN_OUTPUT_FILES`], when present.
fn previous_set(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = KNOWN_OUTPUT_FILES.iter().map(|s| s.to_string()).collect();
    if let Ok(manifest) = std::fs::read_to_string(dir.join(MANIFEST_NAME)) {
        for name in manifest.lines() {
            if is_plain_name(name) && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names.retain(|name| dir.join(name).is_file());
    names.sort();
    names
}

/// A file name without a directory part, so that a damaged manifest cannot name files
/// elsewhere.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
}

/// The staging directories in DIR, with the pid of the process that made each.
fn staging_dirs(dir: &Path) -> Vec<(PathBuf, Option<u32>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, Option<u32>)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let pid = name.strip_prefix(STAGING_PREFIX)?.parse::<u32>().ok();
            Some((entry.path(), pid))
        })
        .collect();
    found.sort();
    found
}

/// Finishes a decided commit (`.commit` in a staging directory) or drops an undecided one whose
/// process is gone (the lock is held: a live one is a copy of a shard still at work).
fn recover(dir: &Path) -> Result<()> {
    for (staging, pid) in staging_dirs(dir) {
        if staging.join(COMMIT_MARK).is_file() {
            apply_commit(dir, &staging, usize::MAX)?;
        } else if pid.is_none_or(|pid| pid == std::process::id() || !process_alive(pid)) {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Error::io(format!("removing {}", staging.display()), e))?;
        }
    }
    Ok(())
}

/// Carries out the commit written in `staging`; idempotent, so that a crash at any point is
/// finished by running it again. `max_renames` stops it early (for tests of a crash).
fn apply_commit(dir: &Path, staging: &Path, max_renames: usize) -> Result<()> {
    let mark_path = staging.join(COMMIT_MARK);
    let mark = std::fs::read_to_string(&mark_path)
        .map_err(|e| Error::io(format!("reading {}", mark_path.display()), e))?;
    let mut new = Vec::new();
    let mut old = Vec::new();
    for line in mark.lines() {
        match line.split_once(' ') {
            Some(("new", name)) if is_plain_name(name) => new.push(name),
            Some(("old", name)) if is_plain_name(name) => old.push(name),
            _ => {}
        }
    }
    let mut renames = 0;
    for name in &new {
        let staged = staging.join(name);
        if !staged.exists() {
            continue; // moved by an earlier, interrupted attempt
        }
        if renames == max_renames {
            return Ok(());
        }
        std::fs::rename(&staged, dir.join(name))
            .map_err(|e| Error::io(format!("moving {} into {}", name, dir.display()), e))?;
        renames += 1;
    }
    for name in &old {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(Error::io(format!("removing the old {name}"), e))
            }
            _ => {}
        }
    }
    let mut manifest = String::new();
    for name in &new {
        manifest.push_str(name);
        manifest.push('\n');
    }
    let manifest_temp = dir.join(format!("{MANIFEST_NAME}.partial"));
    write_synced(&manifest_temp, manifest.as_bytes())?;
    std::fs::rename(&manifest_temp, dir.join(MANIFEST_NAME))
        .map_err(|e| Error::io(format!("writing {}", dir.join(MANIFEST_NAME).display()), e))?;
    sync_dir(dir);
    std::fs::remove_dir_all(staging)
        .map_err(|e| Error::io(format!("removing {}", staging.display()), e))
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("writing {}", path.display());
    let mut file = File::create(path).map_err(|e| Error::io(context(), e))?;
    file.write_all(bytes).map_err(|e| Error::io(context(), e))?;
    file.sync_all().map_err(|e| Error::io(context(), e))
}

/// Makes renames in `dir` durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

// ---------------------------------------------------------------------------------------------
// The directory lock

/// An exclusive lock on an output directory: the file `DIR/.artnorm.lock`, created only if
/// absent, holding the pid, host and start time of its owner; removed when dropped. A lock whose
/// owner is no longer running on this host (a killed run) is taken over; one held from another
/// host (a shared file system) or by a live process is an error that names its holder.
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
}

impl DirLock {
    /// [`DirLock::acquire`], waiting up to `patience` while a live process holds the lock.
    pub fn acquire_waiting(dir: &Path, patience: std::time::Duration) -> Result<DirLock> {
        let started = std::time::Instant::now();
        loop {
            match DirLock::acquire(dir) {
                Err(Error::Io { source, .. })
                    if source.kind() == io::ErrorKind::WouldBlock
                        && started.elapsed() < patience =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    pub fn acquire(dir: &Path) -> Result<DirLock> {
        let path = dir.join(LOCK_NAME);
        let host = host_name();
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let record = format!(
                        "pid {}\nhost {host}\nstarted {}\n",
                        std::process::id(),
                        utc_now()
                    );
                    file.write_all(record.as_bytes())
                        .and_then(|_| file.sync_all())
                        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
                    return Ok(DirLock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let field = |key: &str| {
                        holder
                            .lines()
                            .find_map(|l| l.strip_prefix(key).map(str::trim).map(str::to_owned))
                    };
                    let pid = field("pid ").and_then(|p| p.parse::<u32>().ok());
                    let holder_host = field("host ");
                    let gone = match (pid, &holder_host) {
                        (Some(pid), Some(h)) if *h == host => !process_alive(pid),
                        _ => false,
                    };
                    if gone {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    let who = match (pid, holder_host, field("started ")) {
                        (Some(pid), Some(h), Some(started)) => {
                            format!("pid {pid} on host {h}, started {started}")
                        }
                        _ => "a process that is starting".to_owned(),
                    };
                    return Err(Error::io(
                        format!(
                            "output directory {} is in use by another artnorm ({who})",
                            dir.display()
                        ),
                        io::Error::new(
                            io::ErrorKind::WouldBlock,
                            format!(
                                "wait for it to end, or remove {} if that process is gone",
                                path.display()
                            ),
                        ),
                    ));
                }
                Err(e) => return Err(Error::io(format!("creating {}", path.display()), e)),
            }
        }
        Err(Error::io(
            format!("locking {}", dir.display()),
            io::Error::other("the lock kept changing hands"),
        ))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Whether a process of this host is running; without `/proc` it is assumed to be.
fn process_alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc");
    !proc_dir.is_dir() || proc_dir.join(pid.to_string()).exists()
}

/// The current time as `YYYY-MM-DD HH:MM:SS UTC`.
fn utc_now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = ((seconds / 86_400) as i64, seconds % 86_400);
    // days since 1970-01-01 to a civil date (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows as the `csv` crate writes them, configured as `RowBuffer` writes CSV.
    fn rows_by_the_csv_crate(dialect: Dialect, rows: &[Vec<String>]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter)
            .flexible(true)
            .terminator(if dialect.excel {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        for row in rows {
            for cell in row {
                writer
                    .write_field(safe_cell(cell, dialect.formula_guard).as_bytes())
                    .unwrap();
            }
            writer.write_record(std::iter::empty::<&[u8]>()).unwrap();
        }
        writer.into_inner().unwrap()
    }

    fn rows_by_row_buffer(dialect: Dialect, rows: &[Vec<String>]) -> Vec<u8> {
        let mut buffer = RowBuffer::new(dialect);
        for row in rows {
            buffer.row(row.iter().map(String::as_str));
        }
        buffer.into_bytes()
    }

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let rows: Vec<Vec<String>> = [
            vec![""],
            vec!["", ""],
            vec!["", "a"],
            vec!["plain", "with, comma", "with; semicolon", "say \"hi\""],
            vec!["line\nbreak", "carriage\rreturn", "crlf\r\n", "\"\""],
            vec!["=SUM(A1)", "-2", "Kaká, Éder Militão"],
        ]
        .iter()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
        for delimiter in [b',', b';', b'\t'] {
            for excel in [false, true] {
                let dialect = Dialect {
                    delimiter,
                    excel,
                    formula_guard: true,
                };
                assert_eq!(
                    String::from_utf8(rows_by_row_buffer(dialect, &rows)).unwrap(),
                    String::from_utf8(rows_by_the_csv_crate(dialect, &rows)).unwrap()
                );
            }
        }
        assert!(rows_by_row_buffer(Dialect::default(), &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_rows_are_written_as_the_csv_crate_writes_them(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z ,;\"\r\n\t=+@à-]{0,6}", 0..5),
                0..5,
            ),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
            excel: bool,
            formula_guard: bool,
        ) {
            let dialect = Dialect { delimiter, excel, formula_guard };
            proptest::prop_assert_eq!(
                rows_by_row_buffer(dialect, &rows),
                rows_by_the_csv_crate(dialect, &rows)
            );
        }
    }

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

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    fn build_set(dir: &Path, files: &[(&str, &str)]) -> OutputSet {
        let set = OutputSet::begin(dir).unwrap();
        for (name, content) in files {
            let mut file = set.create_file(name).unwrap();
            file.write_all(content.as_bytes()).unwrap();
            file.commit().unwrap();
        }
        set
    }

    #[test]
    fn a_set_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        build_set(dir.path(), &[("articles.csv", "1"), ("report.html", "1")])
            .commit()
            .unwrap();
        std::fs::write(dir.path().join("mine.txt"), "kept").unwrap();
        let set = build_set(dir.path(), &[("articles.csv", "2")]);
        // nothing visible before the commit
        assert_eq!(
            std::fs::read_to_string(dir.path().join("articles.csv")).unwrap(),
            "1"
        );
        set.commit().unwrap();
        assert_eq!(
            names(dir.path()),
            [MANIFEST_NAME, "articles.csv", "mine.txt"]
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("articles.csv")).unwrap(),
            "2"
        );
    }

    #[test]
    fn a_dropped_set_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        build_set(dir.path(), &[("articles.csv", "1")])
            .commit()
            .unwrap();
        drop(build_set(
            dir.path(),
            &[("articles.csv", "2"), ("corpus.xlsx", "2")],
        ));
        assert_eq!(names(dir.path()), [MANIFEST_NAME, "articles.csv"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("articles.csv")).unwrap(),
            "1"
        );
    }

    #[test]
    fn a_commit_cut_short_is_finished_by_the_next_begin() {
        let dir = tempfile::tempdir().unwrap();
        build_set(
            dir.path(),
            &[("a.csv", "1"), ("b.csv", "1"), ("report.html", "1")],
        )
        .commit()
        .unwrap();
        let mut set = build_set(dir.path(), &[("a.csv", "2"), ("b.csv", "2")]);
        // decide the commit as commit() does, then stop after one rename (a kill)
        let mark = "new a.csv\nnew b.csv\nold report.html\n";
        write_synced(&set.staging_dir().join(COMMIT_MARK), mark.as_bytes()).unwrap();
        set.committed = true;
        apply_commit(dir.path(), set.staging_dir(), 1).unwrap();
        drop(set);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.csv")).unwrap(),
            "2"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.csv")).unwrap(),
            "1"
        );
        settle(dir.path()).unwrap();
        assert_eq!(names(dir.path()), [MANIFEST_NAME, "a.csv", "b.csv"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.csv")).unwrap(),
            "2"
        );
    }

    #[test]
    fn shared_sets_are_built_side_by_side_and_the_later_commit_wins() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputSet::begin_shared(dir.path()).unwrap();
        // a second copy of the same process stands for another process's copy
        let second_staging = dir.path().join(format!("{STAGING_PREFIX}2147483646"));
        std::fs::create_dir(&second_staging).unwrap();
        std::fs::write(second_staging.join("articles.csv"), "2").unwrap();
        let mut file = first.create_file("articles.csv").unwrap();
        file.write_all(b"1").unwrap();
        file.commit().unwrap();
        first.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("articles.csv")).unwrap(),
            "1"
        );
        // the other copy's staging area is not touched by the commit; a process that is gone
        // leaves one that the next exclusive set removes
        assert!(second_staging.exists());
        drop(OutputSet::begin(dir.path()).unwrap());
        assert_eq!(names(dir.path()), [MANIFEST_NAME, "articles.csv"]);
    }

    #[test]
    fn a_second_lock_names_the_first_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = DirLock::acquire(dir.path()).unwrap();
        let error = DirLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains(&format!("pid {}", std::process::id())),
            "{error}"
        );
        assert!(error.contains("started 20"), "{error}");
        drop(first);
        DirLock::acquire(dir.path()).unwrap();
    }
}
