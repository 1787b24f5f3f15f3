//! Regression tests of issue 15 ("Robustness, round two"): inputs within the documented limits
//! that used to hang the tool, exhaust its memory or leave an output directory nobody can trust.
//! Each input is a scaled-down form of the reported one that shows the growth; the time limits
//! only catch a hang, with a wide margin.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{binary, run, run_ok, run_with_limit, samples_dir, Table};

const OPENING: &str = "The coach said that the players were ready for the final on Sunday, and the fans agreed with him.";

fn out_dir(dir: &tempfile::TempDir) -> String {
    dir.path().join("out").to_str().unwrap().to_owned()
}

// --- item 2: memory per article -------------------------------------------------------------

#[test]
fn a_long_json_id_is_replaced_by_a_stable_hash_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let long_id = "x".repeat(40_000);
    let text = format!("Title\n{OPENING}\n{}", "Go! ".repeat(2_000));
    let record = serde_json::json!({"id": long_id, "text": text}).to_string();
    run_ok(
        &["run", "-", "-o", &out, "-q", "--input-format", "jsonl"],
        record.as_bytes(),
    );
    let articles = Table::read(&Path::new(&out).join("articles.csv"));
    let id = articles.rows[0][articles.column("article_id")].clone();
    assert!(id.chars().count() <= 128, "{id}");
    assert!(id.starts_with(&"x".repeat(32)) && id.contains('#'), "{id}");
    let note = articles.get(&articles.rows[0], "note");
    assert!(note.contains("40000 characters"), "{note}");
    let sentences = Table::read(&Path::new(&out).join("sentences.csv"));
    assert!(sentences.rows.len() > 2_000);
    assert!(sentences.values("article_id").iter().all(|a| *a == id));
    // stable: the same id on another run
    let again = tempfile::tempdir().unwrap();
    let out_again = out_dir(&again);
    run_ok(
        &[
            "run",
            "-",
            "-o",
            &out_again,
            "-q",
            "--input-format",
            "jsonl",
        ],
        record.as_bytes(),
    );
    let articles_again = Table::read(&Path::new(&out_again).join("articles.csv"));
    assert_eq!(articles_again.rows[0][0], id);
}

#[test]
fn a_large_text_file_is_streamed_and_gives_the_rows_of_the_same_text_in_memory() {
    // over the 8 MB from which a worker streams a file; the JSON record holds the same text in
    // memory: both give the same sentences and mentions
    let dir = tempfile::tempdir().unwrap();
    let line = "Kaká scored twice for Milan and the crowd cheered. Ancelotti was pleased!\n";
    let mut text = format!("Match report\n{OPENING}\n");
    while text.len() <= 9 << 20 {
        text.push_str(line);
    }
    let file = dir.path().join("big.txt");
    std::fs::write(&file, &text).unwrap();
    let record = serde_json::json!({"id": "big", "text": text}).to_string() + "\n";
    let jsonl = dir.path().join("big.jsonl");
    std::fs::write(&jsonl, record).unwrap();
    let limit = Duration::from_secs(600);
    let streamed = dir.path().join("streamed");
    let in_memory = dir.path().join("in_memory");
    for (input, out) in [(&file, &streamed), (&jsonl, &in_memory)] {
        let result = run_with_limit(
            &[
                "run",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
            ],
            b"",
            limit,
        );
        assert_eq!(result.code, 0, "{}", result.stderr);
    }
    let without_id = |path: &Path| -> Vec<Vec<String>> {
        Table::read(path)
            .rows
            .into_iter()
            .map(|mut row| {
                row.remove(0);
                row
            })
            .collect()
    };
    let sentences = without_id(&streamed.join("sentences.csv"));
    assert_eq!(sentences, without_id(&in_memory.join("sentences.csv")));
    let lines = text.lines().count();
    // the title, the opening, and two sentences per repeated line
    assert_eq!(sentences.len(), 2 + 2 * (lines - 2));
    let indexes: Vec<String> = sentences.iter().map(|r| r[0].clone()).collect();
    assert!(indexes
        .iter()
        .enumerate()
        .all(|(i, idx)| *idx == i.to_string()));
    assert_eq!(
        without_id(&streamed.join("mentions.csv")),
        without_id(&in_memory.join("mentions.csv"))
    );
    assert_eq!(
        std::fs::read(streamed.join("coverage.csv")).unwrap(),
        std::fs::read(in_memory.join("coverage.csv")).unwrap()
    );
}

#[test]
fn a_huge_date_token_is_not_split() {
    let token = format!("date {}", "-".repeat(50 << 20));
    let started = std::time::Instant::now();
    assert!(artnorm::clean::parse_date_header(&token).is_none());
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// The hidden files of an output directory besides its manifest: what a run left behind
/// (temporary, scratch or staging files).
fn hidden_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') && name != ".artnorm-manifest")
        .collect()
}

/// Runs one long plain-text article given on standard input into `out`, and reads the
/// sentences written.
fn run_long_article(out: &str, input: &str) -> Table {
    let result = run_with_limit(
        &["run", "-", "-o", out, "-q"],
        input.as_bytes(),
        Duration::from_secs(300),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    Table::read(&Path::new(out).join("sentences.csv"))
}

#[test]
fn a_line_longer_than_a_piece_is_cut_and_nothing_is_lost() {
    // 3 MB in one line without any line break: processed in pieces, every word kept
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let words = "word ".repeat(600_000);
    let input = format!("Title\n{OPENING} {words}\n");
    let sentences = run_long_article(&out, &input);
    let words_out: usize = sentences
        .values("text")
        .iter()
        .map(|t| t.matches("word").count())
        .sum();
    assert_eq!(words_out, 600_000);
}

#[test]
fn an_article_longer_than_a_window_is_decided_as_a_whole_in_one_read() {
    // 50,000 short sentences are more than a window (about 4 MB with what each costs): the
    // article is read once, its sentences wait in a scratch file while what it says as a whole
    // is gathered, then they are decided window by window; the short form at the end still
    // counts because the full name was set up at the start, and no scratch file is left
    let dir = tempfile::tempdir().unwrap();
    let filler = "The players trained in the rain. ".repeat(50_000);
    for (opening, expected) in [
        ("Aston Villa won on Sunday.", vec!["Aston Villa", "Villa"]),
        ("The club won on Sunday.", vec![]),
    ] {
        let out = out_dir(&dir);
        let input = format!("Match report\n{OPENING} {opening} {filler}Villa scored again.\n");
        let sentences = run_long_article(&out, &input);
        assert_eq!(sentences.rows.len(), 50_005);
        let mentions = Table::read(&Path::new(&out).join("mentions.csv"));
        assert_eq!(mentions.values("surface"), expected, "{opening}");
        if !expected.is_empty() {
            assert_eq!(mentions.values("sentence_idx")[1], "50004");
            assert_eq!(mentions.values("decision")[1], "short_form");
        }
        let left = hidden_files(Path::new(&out));
        assert!(left.is_empty(), "scratch left in the output: {left:?}");
    }
}

// --- item 3: stage commands read bounded lines -----------------------------------------------

/// Runs `args` with `bytes` zero bytes on standard input, written by a thread.
fn with_endless_input(args: &[&str], bytes: usize) -> (i32, String) {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![0u8; 1 << 20];
        let mut written = 0;
        while written < bytes {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len();
        }
    });
    let output = child.wait_with_output().unwrap();
    let _ = writer.join();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn stage_commands_refuse_a_line_over_the_limit() {
    for args in [
        &["normalize"][..],
        &["segment"],
        &["tag"],
        &["detect", "--langs", "en,it"],
    ] {
        let (code, stderr) = with_endless_input(args, 300 << 20);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("longer than the limit"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn segment_streams_a_long_paragraph_in_pieces() {
    let paragraph = "word ".repeat(500_000) + "\n" + &"more ".repeat(300_000);
    let result = run_with_limit(&["segment"], paragraph.as_bytes(), Duration::from_secs(300));
    assert_eq!(result.code, 0, "{}", result.stderr);
    let text = result.stdout_text();
    assert_eq!(text.matches("word").count(), 500_000);
    assert_eq!(text.matches("more").count(), 300_000);
    assert!(text.lines().all(|l| l.chars().count() <= 4_000));
}

// --- item 4: an output directory inside an input directory ----------------------------------

#[test]
fn the_output_directory_is_not_read_back_as_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), format!("Title\n{OPENING}\n")).unwrap();
    let out = input.join("out");
    let mut counts = Vec::new();
    for round in 0..3 {
        let result = run_ok(
            &["run", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
            b"",
        );
        // from the second run on, the output directory is there to be skipped
        assert!(
            round == 0 || result.stderr.contains("it is the output directory"),
            "{}",
            result.stderr
        );
        counts.push(Table::read(&out.join("articles.csv")).rows.len());
    }
    assert_eq!(counts, [1, 1, 1]);
}

// --- item 5: the output set is replaced as a whole ------------------------------------------

#[test]
fn an_old_report_does_not_outlive_its_corpus_and_other_files_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let samples = samples_dir().join("articles.jsonl");
    let samples = samples.to_str().unwrap();
    run_ok(&["run", samples, "-o", &out, "-q", "--report"], b"");
    let out = Path::new(&out);
    assert!(out.join("report.html").exists());
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("corpus.xlsx"), "stale").unwrap();
    run_ok(&["run", samples, "-o", out.to_str().unwrap(), "-q"], b"");
    assert!(!out.join("report.html").exists(), "an old report stayed");
    assert!(!out.join("corpus.xlsx").exists(), "an old workbook stayed");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let leftovers: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("partial") || n.contains("staging") || n.contains("lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn what_a_killed_run_leaves_is_undone_or_finished_by_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = samples_dir().join("articles.jsonl");
    let samples = samples.to_str().unwrap();
    run_ok(&["run", samples, "-o", out.to_str().unwrap(), "-q"], b"");
    let before = std::fs::read(out.join("articles.csv")).unwrap();
    // killed while writing: a staging area without a commit mark, and an old-style partial
    // (the staging directory of a process that is gone)
    let staging = out.join(".artnorm-staging-2147483646");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("articles.csv"), "half").unwrap();
    std::fs::write(out.join(".sentences.csv.999.partial"), "half").unwrap();
    run_ok(&["report", out.to_str().unwrap()], b"");
    assert_eq!(std::fs::read(out.join("articles.csv")).unwrap(), before);
    assert!(!staging.exists());
    // killed during its commit: the commit is decided, and the next command finishes it
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("articles.csv"), "new").unwrap();
    std::fs::write(
        staging.join(".commit"),
        "new articles.csv\nold report.html\n",
    )
    .unwrap();
    run_ok(&["report", out.to_str().unwrap()], b"");
    assert_eq!(
        std::fs::read_to_string(out.join("articles.csv")).unwrap(),
        "new"
    );
    assert!(!staging.exists());
    run_ok(&["run", samples, "-o", out.to_str().unwrap(), "-q"], b"");
    assert_eq!(std::fs::read(out.join("articles.csv")).unwrap(), before);
    let hidden = hidden_files(&out);
    assert!(hidden.is_empty(), "{hidden:?}");
}

// --- item 6: two runs into one directory -----------------------------------------------------

#[test]
fn a_locked_directory_names_its_holder_and_a_stale_lock_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    // held by a live process: this test
    let lock = out.join(".artnorm.lock");
    std::fs::write(
        &lock,
        format!(
            "pid {}\nhost {host}\nstarted 2026-01-01 00:00:00 UTC\n",
            std::process::id()
        ),
    )
    .unwrap();
    let samples = samples_dir().join("articles.jsonl");
    let args = [
        "run",
        samples.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    let result = run(&args, b"");
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains(&format!("pid {} on host {host}", std::process::id())),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains("started 2026-01-01"),
        "{}",
        result.stderr
    );
    assert!(!out.join("articles.csv").exists());
    // held by a process that has ended: taken over
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    std::fs::write(
        &lock,
        format!("pid {gone}\nhost {host}\nstarted 2026-01-01 00:00:00 UTC\n"),
    )
    .unwrap();
    run_ok(&args, b"");
    assert!(out.join("articles.csv").exists());
    assert!(!lock.exists(), "the lock is released at the end");
}

#[test]
fn two_runs_at_once_never_mix_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = samples_dir();
    let args = [
        "run",
        samples.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "-j",
        "1",
    ];
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(binary())
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut codes = Vec::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let code = output.status.code().unwrap();
        if code != 0 {
            assert!(stderr.contains("in use by another artnorm"), "{stderr}");
        }
        codes.push(code);
    }
    assert!(codes.contains(&0), "{codes:?}");
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.rows.len(), 26);
}

// --- item 7: endless input -------------------------------------------------------------------

#[test]
fn an_endless_json_lines_stream_ends_with_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let mut child = Command::new(binary())
        .args(["run", "-", "-o", &out, "-q", "--input-format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // endless as far as artnorm can tell: it stops reading long before the writer stops
    let writer = std::thread::spawn(move || {
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..2048 {
            if stdin.write_all(&chunk).is_err() {
                return true;
            }
        }
        false
    });
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(writer.join().unwrap(), "artnorm read the whole stream");
    let articles = Table::read(&Path::new(&out).join("articles.csv"));
    assert_eq!(articles.rows.len(), 1);
    assert_eq!(articles.get(&articles.rows[0], "status"), "error");
    assert!(articles
        .get(&articles.rows[0], "note")
        .contains("no line end"));
}

#[test]
fn a_fifo_in_a_walked_directory_is_skipped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), format!("Title\n{OPENING}\n")).unwrap();
    let fifo = input.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = dir.path().join("out");
    let result = run_with_limit(
        &["run", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stderr.contains("not a regular file"),
        "{}",
        result.stderr
    );
    assert_eq!(Table::read(&out.join("articles.csv")).rows.len(), 1);
}

// --- item 9: standard error that cannot be written -------------------------------------------

fn run_with_full_stderr(args: &[&str]) -> i32 {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    Command::new(binary())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(full)
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

#[test]
fn messages_are_best_effort_and_exit_codes_hold() {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = dir.path().join("g.tsv");
    // two entities sharing a form: a warning before any work
    std::fs::write(
        &gazetteer,
        "id\tname\ttype\taliases\na\tAlpha\tX\tShared\nb\tBeta\tX\tShared\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let samples = samples_dir().join("articles.jsonl");
    let code = run_with_full_stderr(&[
        "run",
        samples.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--gazetteer",
        gazetteer.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.join("articles.csv").exists());
    assert_eq!(
        run_with_full_stderr(&["run", "/no/such/input", "-o", "x"]),
        2
    );
    assert_eq!(run_with_full_stderr(&["run", "--no-such-flag"]), 2);
}

// --- item 10: report reads the corpus's own dialect -----------------------------------------

#[test]
fn report_reads_any_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let samples = samples_dir().join("articles.jsonl");
    run_ok(
        &[
            "run",
            samples.to_str().unwrap(),
            "-o",
            &out,
            "-q",
            "--delimiter",
            "|",
            "--report",
        ],
        b"",
    );
    let html = std::fs::read_to_string(Path::new(&out).join("report.html")).unwrap();
    assert!(html.contains("Kaká"), "the report has no entity");
    // a file that is not a corpus file is refused, not reported as empty
    std::fs::write(Path::new(&out).join("languages.csv"), "nothing here\n").unwrap();
    let result = run(&["report", &out], b"");
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("delimiter"), "{}", result.stderr);
}

// --- item 11: JSON Lines on standard input, after a blank start -----------------------------

#[test]
fn stdin_json_lines_are_recognized_after_blank_lines_that_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    let mut child = Command::new(binary())
        .args(["run", "-", "-o", &out, "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n  \n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let record = serde_json::json!({"id": "late", "text": OPENING}).to_string();
    writeln!(stdin, "{record}\n{record}").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let articles = Table::read(&Path::new(&out).join("articles.csv"));
    assert_eq!(articles.values("source"), ["stdin:3", "stdin:4"]);
    assert_eq!(articles.values("article_id"), ["late", "late"]);
}

// --- the Low list ----------------------------------------------------------------------------

#[test]
fn low_items_that_were_cheap() {
    // lone CR line ends keep JSON records apart
    let records = format!(
        "{}\r{}\r",
        serde_json::json!({"id": "one", "text": OPENING}),
        serde_json::json!({"id": "two", "text": OPENING})
    );
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(&dir);
    run_ok(
        &["run", "-", "-o", &out, "-q", "--input-format", "jsonl"],
        records.as_bytes(),
    );
    let articles = Table::read(&Path::new(&out).join("articles.csv"));
    assert_eq!(articles.values("article_id"), ["one", "two"]);
    // blank lines cost next to nothing (millions of them used to take minutes)
    let blank = vec![b'\n'; 3_000_000];
    let result = run_with_limit(
        &["run", "-", "-o", &out, "-q", "--input-format", "jsonl"],
        &blank,
        Duration::from_secs(120),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(
        Table::read(&Path::new(&out).join("articles.csv"))
            .rows
            .len(),
        0
    );
    // an absurd -j is capped, with a message, and does not take a minute to start
    let result = run_with_limit(
        &["run", "-", "-o", &out, "-j", "10000"],
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stderr.contains("threads per core"),
        "{}",
        result.stderr
    );
    // the flag named in an error is the one given
    let result = run(&["segment", "--lang", "xx"], b"x\n");
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("--lang ") && !result.stderr.contains("--langs"),
        "{}",
        result.stderr
    );
    // a missing corpus directory is a usage error, as a missing input is elsewhere
    assert_eq!(run(&["report", "/no/such/corpus"], b"").code, 2);
    assert_eq!(run(&["xlsx", "/no/such/corpus"], b"").code, 2);
    // a file named twice is read twice, and said
    let article = dir.path().join("a.txt");
    std::fs::write(&article, format!("Title\n{OPENING}\n")).unwrap();
    let a = article.to_str().unwrap();
    let result = run(&["run", a, a, "-o", &out], b"");
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("already read"), "{}", result.stderr);
    // a gazetteer with another delimiter, or a quote left open, gets a hint
    let gazetteer = dir.path().join("g.csv");
    std::fs::write(&gazetteer, "id;name;type\na;Kaká;PERSON\n").unwrap();
    let result = run(
        &["tag", "--gazetteer", gazetteer.to_str().unwrap()],
        b"Kaka\n",
    );
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("looks separated by ';'"),
        "{}",
        result.stderr
    );
    std::fs::write(&gazetteer, "id,name,type\na,\"Kaká,PERSON\nb,Pato,PERSON\n").unwrap();
    let result = run(
        &["tag", "--gazetteer", gazetteer.to_str().unwrap()],
        b"Kaka\n",
    );
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("quote left open"),
        "{}",
        result.stderr
    );
}
