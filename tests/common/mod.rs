//! Helpers shared by the end-to-end tests: run the binary with a time limit, read CSV files.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a finished command left behind.
pub struct Output {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_artnorm"))
}

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Runs artnorm with `args` and `stdin`, failing the test if it takes longer than `limit` (a
/// hang) or if it panics.
pub fn run_with_limit(args: &[&str], stdin: &[u8], limit: Duration) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut child_stdin = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = child_stdin.write_all(&input);
    });
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut buffer);
        buffer
    });
    let err_reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut buffer);
        buffer
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait works") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("artnorm {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = writer.join();
    let stdout = out_reader.join().unwrap();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "artnorm {args:?} panicked: {stderr}"
    );
    assert!(
        !stderr.contains("internal error"),
        "artnorm {args:?} hit an internal error: {stderr}"
    );
    Output {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    }
}

pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_with_limit(args, stdin, Duration::from_secs(120))
}

/// Runs and requires exit status 0.
pub fn run_ok(args: &[&str], stdin: &[u8]) -> Output {
    let output = run(args, stdin);
    assert_eq!(output.code, 0, "artnorm {args:?} failed: {}", output.stderr);
    output
}

/// Runs `artnorm run INPUT -o OUT -q` with `extra` arguments, and requires success.
pub fn run_corpus(input: &Path, out: &Path, extra: &[&str]) -> Output {
    run_corpus_within(input, out, extra, Duration::from_secs(120))
}

/// [`run_corpus`], which must also finish within `limit`.
pub fn run_corpus_within(input: &Path, out: &Path, extra: &[&str], limit: Duration) -> Output {
    let mut args = vec![
        "run",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let output = run_with_limit(&args, b"", limit);
    assert_eq!(output.code, 0, "artnorm {args:?} failed: {}", output.stderr);
    output
}

/// A CSV file as a header and records of named fields.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path) -> Table {
        Table::parse(
            &std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display())),
            b',',
        )
    }

    pub fn parse(bytes: &[u8], delimiter: u8) -> Table {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(bytes);
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Table { header, rows }
    }

    pub fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The value of column `name` in each row.
    pub fn values(&self, name: &str) -> Vec<String> {
        let index = self.column(name);
        self.rows.iter().map(|r| r[index].clone()).collect()
    }

    /// The rows whose column `name` equals `value`.
    pub fn rows_where(&self, name: &str, value: &str) -> Vec<&Vec<String>> {
        let index = self.column(name);
        self.rows.iter().filter(|r| r[index] == value).collect()
    }

    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.column(name)]
    }
}
