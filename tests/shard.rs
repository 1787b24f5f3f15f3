//! Shards and merges, end to end through the binary: a merge of shards is byte for byte the
//! corpus of one run, whatever the number of shards, and retries, kills, duplicates, missing
//! shards and shards of another run are handled as SPEC's "Beyond one machine" says.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{binary, run, run_ok, samples_dir};

/// A dump like a crawl's: many plain-text files in nested directories, a gzip JSON Lines file,
/// and one JSON Lines file large enough to be cut into byte ranges, with records lacking an id
/// (ids derived from `path:line`), blank and CRLF lines, broken records and formula-like text.
fn make_dump(root: &Path) -> PathBuf {
    let dump = root.join("dump");
    let samples = samples_dir();
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in &entries {
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            texts.push((name, std::fs::read(path).unwrap()));
        }
    }
    for (day, (name, bytes)) in texts.iter().enumerate() {
        let dir = dump.join(format!("2025-06-{:02}", day % 3 + 1));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let jsonl = std::fs::read_to_string(samples.join("articles.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut big = Vec::new();
    let mut n = 0;
    while big.len() < 700_000 {
        for record in &records {
            let mut record = record.clone();
            n += 1;
            if n % 3 == 0 {
                record.as_object_mut().unwrap().remove("id");
            } else {
                record["id"] = serde_json::Value::String(format!("big-{n}"));
            }
            if n % 7 == 0 {
                record["text"] = serde_json::Value::String(format!(
                    "=HYPERLINK(\"x\") {}",
                    record["text"].as_str().unwrap()
                ));
            }
            big.extend_from_slice(serde_json::to_string(&record).unwrap().as_bytes());
            big.extend_from_slice(match n % 11 {
                0 => b"\r\n",
                5 => b"\n\n",
                _ => b"\n",
            });
            if n % 29 == 0 {
                big.extend_from_slice(b"{\"id\": \"broken\", \"text\": \n");
            }
        }
    }
    std::fs::write(dump.join("big.jsonl"), &big).unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(jsonl.as_bytes()).unwrap();
    std::fs::write(dump.join("feed.jsonl.gz"), gzip.finish().unwrap()).unwrap();
    dump
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn run_shard(dump: &Path, out: &Path, shard: &str, extra: &[&str]) -> common::Output {
    let mut args = vec!["run", path(dump), "-o", path(out), "-q", "--shard", shard];
    args.extend_from_slice(extra);
    run(&args, b"")
}

fn run_shards(dump: &Path, parent: &Path, count: usize, extra: &[&str]) {
    for index in 0..count {
        let out = parent.join(format!("shard-{index:03}"));
        let output = run_shard(dump, &out, &format!("{index}/{count}"), extra);
        assert_eq!(output.code, 0, "shard {index}/{count}: {}", output.stderr);
    }
}

const FILES: [&str; 6] = [
    "articles.csv",
    "sentences.csv",
    "mentions.csv",
    "coverage.csv",
    "languages.csv",
    "coverage_by_period.csv",
];

fn assert_same_files(expected: &Path, actual: &Path) {
    for name in FILES {
        let a = std::fs::read(expected.join(name)).unwrap();
        let b = std::fs::read(actual.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", actual.join(name).display()));
        assert!(
            a == b,
            "{name} differs between {} and {}",
            expected.display(),
            actual.display()
        );
    }
}

fn one_run(dump: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["run", path(dump), "-o", path(out), "-q"];
    args.extend_from_slice(extra);
    run_ok(&args, b"");
}

fn merge(parent: &Path, out: &Path, extra: &[&str]) -> common::Output {
    let mut args = vec!["merge", path(parent), "-o", path(out), "-q"];
    args.extend_from_slice(extra);
    run(&args, b"")
}

#[test]
fn merges_of_1_3_and_more_shards_than_units_equal_one_run() {
    let root = tempfile::tempdir().unwrap();
    let dump = make_dump(root.path());
    let single = root.path().join("single");
    one_run(&dump, &single, &[]);
    let articles = common::Table::read(&single.join("articles.csv"));
    assert!(articles.rows.len() > 200, "the dump is too small to test");
    for count in [1, 3, 40] {
        let parent = root.path().join(format!("shards-{count}"));
        run_shards(&dump, &parent, count, &[]);
        let merged = root.path().join(format!("merged-{count}"));
        let output = merge(&parent, &merged, &[]);
        assert_eq!(output.code, 0, "merge of {count}: {}", output.stderr);
        assert_same_files(&single, &merged);
    }
    // the large file really was cut: some shard of 3 starts inside it
    let marker = std::fs::read_to_string(root.path().join("shards-3/shard-001/_SUCCESS")).unwrap();
    assert!(marker.contains("big.jsonl@"), "{marker}");
}

#[test]
fn merges_keep_the_spreadsheet_dialect_and_flags() {
    let root = tempfile::tempdir().unwrap();
    let dump = make_dump(root.path());
    let flags = [
        "--excel",
        "--delimiter",
        ";",
        "--canonical-names",
        "--langs",
        "it,en",
    ];
    let single = root.path().join("single");
    one_run(&dump, &single, &flags);
    let parent = root.path().join("shards");
    run_shards(&dump, &parent, 4, &flags);
    let merged = root.path().join("merged");
    let output = merge(
        &parent,
        &merged,
        &["--excel", "--delimiter", ";", "--report", "--xlsx"],
    );
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_same_files(&single, &merged);
    assert!(merged.join("report.html").exists());
    // the workbook is built from the merged tables, which are the single run's
    let workbook =
        std::fs::metadata(merged.join("corpus.xlsx")).expect("merge --xlsx writes corpus.xlsx");
    assert!(workbook.len() > 1000);
    // asking merge for another dialect than the shards' is refused, not silently mixed
    let output = merge(&parent, &root.path().join("other"), &["--delimiter", ","]);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(output.stderr.contains("--delimiter"), "{}", output.stderr);
}

#[test]
fn a_finished_shard_is_not_redone_and_another_configuration_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let dump = make_dump(root.path());
    let out = root.path().join("s0");
    assert_eq!(run_shard(&dump, &out, "0/3", &[]).code, 0);
    let before = std::fs::metadata(out.join("articles.csv"))
        .unwrap()
        .modified()
        .unwrap();
    let again = run(
        &["run", path(&dump), "-o", path(&out), "--shard", "0/3"],
        b"",
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("nothing to do"), "{}", again.stderr);
    let after = std::fs::metadata(out.join("articles.csv"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "a finished shard was rewritten");

    for (extra, what) in [
        (vec!["--langs", "en"], "langs"),
        (vec!["--no-formula-guard"], "--no-formula-guard"),
    ] {
        let refused = run_shard(&dump, &out, "0/3", &extra);
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert!(refused.stderr.contains(what), "{}", refused.stderr);
        assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    }
    let other_count = run_shard(&dump, &out, "0/4", &[]);
    assert_eq!(other_count.code, 2, "{}", other_count.stderr);
    assert!(
        other_count.stderr.contains("shard count"),
        "{}",
        other_count.stderr
    );
    let gazetteer = root.path().join("g.tsv");
    std::fs::write(&gazetteer, "id\tname\ttype\nkaka\tKaká\tPERSON\n").unwrap();
    let other_gazetteer = run_shard(&dump, &out, "0/3", &["--gazetteer", path(&gazetteer)]);
    assert_eq!(other_gazetteer.code, 2, "{}", other_gazetteer.stderr);
    assert!(other_gazetteer.stderr.contains("gazetteer"));

    // --force redoes it with the new configuration
    let forced = run_shard(&dump, &out, "0/3", &["--langs", "en", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let marker = std::fs::read_to_string(out.join("_SUCCESS")).unwrap();
    assert!(marker.contains("\"en\""));
    assert!(!marker.contains("\"it\""), "{marker}");

    // a merge refuses a shard of another run and names it
    let parent = root.path().join("mixed");
    run_shards(&dump, &parent, 3, &[]);
    let odd = parent.join("shard-001");
    assert_eq!(
        run_shard(&dump, &odd, "1/3", &["--langs", "en", "--force"]).code,
        0
    );
    let output = merge(&parent, &root.path().join("merged"), &[]);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("mismatched shard"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("shard-001"), "{}", output.stderr);
    assert!(!root.path().join("merged/articles.csv").exists());
}

#[test]
fn a_missing_or_unfinished_shard_is_refused_and_listed_by_status() {
    let root = tempfile::tempdir().unwrap();
    let dump = make_dump(root.path());
    let parent = root.path().join("shards");
    run_shards(&dump, &parent, 6, &[]);
    let status = run_ok(&["status", path(&parent)], b"").stdout_text();
    assert!(status.contains("finished: 6 (0-5)"), "{status}");
    assert!(status.contains("missing: none"), "{status}");

    std::fs::remove_dir_all(parent.join("shard-002")).unwrap();
    std::fs::remove_dir_all(parent.join("shard-003")).unwrap();
    std::fs::remove_dir_all(parent.join("shard-005")).unwrap();
    let output = merge(&parent, &root.path().join("merged"), &[]);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("missing shards 2, 3, 5 of 6"),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("--array=2-3,5"), "{}", output.stderr);
    let status = run_ok(&["status", path(&parent)], b"").stdout_text();
    assert!(status.contains("missing: 2-3,5"), "{status}");
    assert!(status.contains("finished: 3 (0-1,4)"), "{status}");

    // a shard directory without its marker is unfinished, and named
    std::fs::remove_file(parent.join("shard-004/_SUCCESS")).unwrap();
    let output = merge(&parent, &root.path().join("merged"), &[]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("unfinished shard") && output.stderr.contains("shard-004"),
        "{}",
        output.stderr
    );
    let status = run_ok(&["status", path(&parent)], b"").stdout_text();
    assert!(status.contains("unfinished: "), "{status}");
    assert!(status.contains("missing: 2-5"), "{status}");
    // a file that is not as the marker recorded it makes the shard unfinished too
    let truncated = parent.join("shard-001/sentences.csv");
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let status = run_ok(&["status", path(&parent)], b"").stdout_text();
    assert!(status.contains("sentences.csv has"), "{status}");
    assert!(!root.path().join("merged/articles.csv").exists());

    // with --shards, status lists the missing ones before any shard finished
    let empty = root.path().join("empty");
    std::fs::create_dir_all(empty.join("shard-000")).unwrap();
    let status = run_ok(&["status", path(&empty), "--shards", "4"], b"").stdout_text();
    assert!(status.contains("missing: 0-3"), "{status}");
}

/// A named pipe, so that a shard can be held in the middle of its work (it blocks reading it)
/// until the test lets it go.
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

/// Opens the pipe for writing (which waits for a reader) and returns it.
fn open_writer(path: &Path) -> std::thread::JoinHandle<std::fs::File> {
    let path = path.to_path_buf();
    std::thread::spawn(move || std::fs::OpenOptions::new().write(true).open(path).unwrap())
}

const PIPED_ARTICLE: &[u8] = b"date 2025-06-09 Late news\nKaka signs for AC Milan again.\n";

/// A shard of the dump and the pipe (named on the command line: a walk skips pipes).
fn spawn_shard(dump: &Path, pipe: &Path, out: &Path, shard: &str) -> Child {
    Command::new(binary())
        .args([
            "run",
            path(dump),
            path(pipe),
            "-o",
            path(out),
            "-q",
            "--shard",
            shard,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_with_limit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("a shard did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The temporary files in `dir` and in the staging directories of the copies building a set
/// there (`.artnorm-staging-PID`).
fn partial_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".partial") {
            found.push(name);
        } else if name.starts_with(".artnorm-staging") {
            found.extend(partial_files(&entry.path()));
        }
    }
    found
}

/// The dump and a named pipe after it (named on the command line, as a walk skips what is not
/// a regular file), and the reference corpus of one run over them.
fn dump_with_pipe(root: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let dump = make_dump(root);
    let pipe = root.join("zz_late.txt");
    make_fifo(&pipe);
    let writer = open_writer(&pipe);
    let single = root.join("single");
    let mut child = Command::new(binary())
        .args(["run", path(&dump), path(&pipe), "-o", path(&single), "-q"])
        .spawn()
        .unwrap();
    writer.join().unwrap().write_all(PIPED_ARTICLE).unwrap();
    assert!(wait_with_limit(&mut child, Duration::from_secs(120)).success());
    (dump, pipe, single)
}

#[test]
fn a_shard_killed_with_sigkill_is_refused_then_rerun() {
    let root = tempfile::tempdir().unwrap();
    let (dump, pipe, single) = dump_with_pipe(root.path());
    let parent = root.path().join("shards");
    // shards 0 and 1 run to the end; the last one holds the pipe
    for index in 0..2 {
        let out = parent.join(format!("shard-{index}"));
        assert_eq!(
            run_shard(&dump, &out, &format!("{index}/3"), &[path(&pipe)]).code,
            0
        );
    }
    let last = parent.join("shard-2");
    let writer = open_writer(&pipe);
    let mut child = spawn_shard(&dump, &pipe, &last, "2/3");
    let held = writer.join().unwrap();
    // it is in the middle of its work: its files are open under temporary names
    assert!(!partial_files(&last).is_empty());
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(held);
    assert!(!last.join("_SUCCESS").exists());
    let output = merge(&parent, &root.path().join("merged"), &[]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("unfinished shard") && output.stderr.contains("shard-2"),
        "{}",
        output.stderr
    );
    // the rerun (what a scheduler's retry does) finishes it and clears the leftovers
    let writer = open_writer(&pipe);
    let mut child = spawn_shard(&dump, &pipe, &last, "2/3");
    writer.join().unwrap().write_all(PIPED_ARTICLE).unwrap();
    assert!(wait_with_limit(&mut child, Duration::from_secs(120)).success());
    assert!(
        partial_files(&last).is_empty(),
        "{:?}",
        partial_files(&last)
    );
    let merged = root.path().join("merged");
    let output = merge(&parent, &merged, &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_same_files(&single, &merged);
}

#[test]
fn a_retried_shard_running_twice_at_once_gives_one_valid_shard() {
    let root = tempfile::tempdir().unwrap();
    let (dump, pipe, single) = dump_with_pipe(root.path());
    let parent = root.path().join("shards");
    for index in 0..2 {
        let out = parent.join(format!("shard-{index}"));
        assert_eq!(
            run_shard(&dump, &out, &format!("{index}/3"), &[path(&pipe)]).code,
            0
        );
    }
    let last = parent.join("shard-2");
    // the first copy opens the pipe and is held there, its files half written...
    let first_writer = open_writer(&pipe);
    let mut first = spawn_shard(&dump, &pipe, &last, "2/3");
    let first_pipe = first_writer.join().unwrap();
    // ...while a second copy (a Slurm requeue, a Spark speculative task) starts on a new pipe
    // of the same name and is held too
    std::fs::remove_file(&pipe).unwrap();
    make_fifo(&pipe);
    let second_writer = open_writer(&pipe);
    let mut second = spawn_shard(&dump, &pipe, &last, "2/3");
    let mut second_pipe = second_writer.join().unwrap();
    assert!(
        partial_files(&last).len() >= 2,
        "{:?}",
        partial_files(&last)
    );
    second_pipe.write_all(PIPED_ARTICLE).unwrap();
    drop(second_pipe);
    let mut first_pipe = first_pipe;
    first_pipe.write_all(PIPED_ARTICLE).unwrap();
    drop(first_pipe);
    let second_status = wait_with_limit(&mut second, Duration::from_secs(120));
    let first_status = wait_with_limit(&mut first, Duration::from_secs(120));
    assert!(first_status.success(), "the first copy failed");
    assert!(second_status.success(), "the second copy failed");
    assert!(
        partial_files(&last).is_empty(),
        "{:?}",
        partial_files(&last)
    );
    let merged = root.path().join("merged");
    let output = merge(&parent, &merged, &[]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_same_files(&single, &merged);
}

#[test]
fn shard_auto_reads_a_one_based_slurm_array_and_logs_it() {
    let root = tempfile::tempdir().unwrap();
    let dump = make_dump(root.path());
    let single = root.path().join("single");
    one_run(&dump, &single, &[]);
    let parent = root.path().join("shards");
    for task in 1..=2 {
        let out = parent.join(format!("task-{task}"));
        let output = Command::new(binary())
            .args([
                "run",
                path(&dump),
                "-o",
                path(&out),
                "-q",
                "--shard",
                "auto",
            ])
            .env_remove("ARTNORM_SHARD")
            .env_remove("ARTNORM_SHARDS")
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_ARRAY_TASK_MIN", "1")
            .env("SLURM_ARRAY_TASK_MAX", "2")
            .env("SLURM_ARRAY_TASK_STEP", "1")
            .env("SLURM_ARRAY_TASK_COUNT", "2")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "shard {}/2 (from SLURM_ARRAY_TASK_ID={task}",
                task - 1
            )),
            "{stderr}"
        );
    }
    let merged = root.path().join("merged");
    assert_eq!(merge(&parent, &merged, &[]).code, 0);
    assert_same_files(&single, &merged);
    // without a scheduler's environment, auto is a usage error
    let output = Command::new(binary())
        .args([
            "run",
            path(&dump),
            "-o",
            path(&root.path().join("x")),
            "--shard",
            "auto",
        ])
        .env_remove("ARTNORM_SHARD")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    // and standard input cannot be shared out
    let output = run(
        &[
            "run",
            "-",
            "-o",
            path(&root.path().join("y")),
            "--shard",
            "0/2",
        ],
        b"",
    );
    assert_eq!(output.code, 2, "{}", output.stderr);
}
