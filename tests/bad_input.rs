//! Bad input gets a clear error or a flagged row, never a panic, a hang or a lost article; one
//! test per "Never" of SPEC, and the error behaviour of the command line.

mod common;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use common::{run, run_corpus, run_corpus_within, run_with_limit, Table};

/// Runs `run` on a directory and returns articles.csv.
fn run_dir(input: &Path, out: &Path) -> Table {
    run_corpus(input, out, &[]);
    Table::read(&out.join("articles.csv"))
}

#[test]
fn every_bad_file_gets_exactly_one_row_and_good_ones_are_processed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    write("01_empty.txt", b"");
    write("02_blank.txt", b"  \n\n\t\n");
    write(
        "03_garbage.bin",
        &(0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<u8>>(),
    );
    write(
        "04_nul.txt",
        b"Title\nKaka\0 scored\0 twice on Sunday and the fans were happy.\n",
    );
    write(
        "05_latin1.txt",
        b"Titolo\nLa citt\xe0 \xe8 in festa perch\xe9 il Napoli ha vinto lo scudetto.\n",
    );
    write(
        "06_bom.txt",
        "\u{FEFF}Kaká returns\nKaká returned to the club on Monday after many years.\n".as_bytes(),
    );
    write(
        "07_invalid_utf8.txt",
        b"Title\nThe coach \xff\xfe said that \xc3\x28 the team played well on Sunday.\n",
    );
    write("08_bidi_controls.txt", "Title\u{202E}\nThe \u{200B}coach\u{0007} said \u{2066}that the team\u{00AD} played well.\n".as_bytes());
    write(
        "09_good.txt",
        b"date 2025-01-01 A good article\nKaka scored twice for Brazil on Sunday afternoon.\n",
    );
    // UTF-16 surrogates encoded as if they were characters (CESU-8), which UTF-8 forbids
    write(
        "11_surrogates.txt",
        b"Title\nKaka \xed\xa0\xbd\xed\xb8\x80 scored twice for Brazil on Sunday afternoon.\n",
    );
    write(
        "12_windows_1252_quotes.txt",
        b"Titolo\n\x93Siamo pronti\x94, ha detto l\x92allenatore del Napoli \x96 sabato sera.\n",
    );
    // a symbolic link to nowhere is reported, not skipped
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        input.join("missing-target.txt"),
        input.join("10_dangling.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let articles = run_dir(&input, &out);
    let sources = articles.values("source");
    let expected = if cfg!(unix) { 12 } else { 11 };
    assert_eq!(articles.rows.len(), expected, "{sources:?}");
    let status = |file: &str| {
        let row = articles
            .rows
            .iter()
            .find(|r| articles.get(r, "source").ends_with(file))
            .unwrap();
        (
            articles.get(row, "status").to_owned(),
            articles.get(row, "note").to_owned(),
            articles.get(row, "encoding").to_owned(),
        )
    };
    assert_eq!(status("01_empty.txt").0, "empty");
    assert_eq!(status("02_blank.txt").0, "empty");
    assert_eq!(status("04_nul.txt").0, "ok");
    let latin1 = status("05_latin1.txt");
    assert_eq!(
        (latin1.0.as_str(), latin1.2.as_str()),
        ("ok", "windows-1252")
    );
    assert!(latin1.1.contains("Windows-1252"));
    assert_eq!(status("06_bom.txt").0, "ok");
    assert_eq!(status("07_invalid_utf8.txt").2, "windows-1252");
    assert_eq!(status("08_bidi_controls.txt").0, "ok");
    assert_eq!(status("09_good.txt").0, "ok");
    assert_eq!(
        status("11_surrogates.txt"),
        (
            "ok".to_owned(),
            "input was not valid UTF-8: decoded as Windows-1252".to_owned(),
            "windows-1252".to_owned()
        )
    );
    assert_eq!(status("12_windows_1252_quotes.txt").2, "windows-1252");
    #[cfg(unix)]
    {
        let dangling = status("10_dangling.txt");
        assert_eq!(dangling.0, "error");
        assert!(dangling.1.contains("cannot read"), "{}", dangling.1);
    }

    let bom_row = articles
        .rows
        .iter()
        .find(|r| articles.get(r, "source").ends_with("06_bom.txt"))
        .unwrap();
    assert_eq!(articles.get(bom_row, "title"), "Kaká returns");
    let sentences = Table::read(&out.join("sentences.csv"));
    let texts = sentences.values("text");
    assert!(
        texts.contains(&"La città è in festa perché il Napoli ha vinto lo scudetto.".to_owned())
    );
    assert!(texts.contains(&"The coach said that the team played well.".to_owned()));
    assert!(texts
        .contains(&"“Siamo pronti”, ha detto l’allenatore del Napoli – sabato sera.".to_owned()));
    assert!(texts
        .iter()
        .all(|t| !t.contains('\0') && !t.contains('\u{202E}')));
}

#[test]
fn broken_json_lines_are_error_rows_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dump.jsonl");
    let mut nested = String::new();
    for _ in 0..5000 {
        nested.push('[');
    }
    let lines = [
        r#"{"id":"ok1","text":"Kaka scored twice for Brazil on Sunday afternoon."}"#.to_owned(),
        "{broken".to_owned(),
        r#"{"id":"no-text","title":"x"}"#.to_owned(),
        r#"{"id":"num-text","text":42}"#.to_owned(),
        r#"["not","an","object"]"#.to_owned(),
        format!("{{\"text\":{nested}"),
        String::new(),
        r#"{"id":"empty-text","text":"   "}"#.to_owned(),
        r#"{"id":"ok2","text":"Il Brasile ha vinto ieri sera contro l'Argentina.","extra":{"a":[1,2]}}"#.to_owned(),
        // a lone surrogate escape is not a character
        r#"{"id":"lone-surrogate","text":"Kaka \ud800 scored"}"#.to_owned(),
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let articles = Table::read(&out.join("articles.csv"));
    let statuses = articles.values("status");
    assert_eq!(
        statuses,
        ["ok", "error", "error", "error", "error", "error", "empty", "ok", "error"]
    );
    let sources = articles.values("source");
    assert!(sources[1].ends_with("dump.jsonl:2"));
    assert!(sources[7].ends_with("dump.jsonl:9"));
    assert!(sources[8].ends_with("dump.jsonl:10"));
    let notes = articles.values("note");
    assert!(notes[1].starts_with("invalid JSON"), "{}", notes[1]);
    assert!(notes[2].contains("no \"text\""), "{}", notes[2]);
    assert!(notes[3].contains("not a string"), "{}", notes[3]);
    assert!(notes[4].contains("not a JSON object"), "{}", notes[4]);
    assert!(notes[5].starts_with("invalid JSON"), "{}", notes[5]);
    assert_eq!(articles.values("article_id")[2], "no-text");
}

#[test]
fn truncated_gzip_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000 {
        writeln!(encoder, "{{\"id\":\"n{i}\",\"text\":\"Kaka scored twice for Brazil on Sunday afternoon number {i}.\"}}").unwrap();
    }
    let bytes = encoder.finish().unwrap();
    std::fs::write(input.join("a.jsonl.gz"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(input.join("b.txt.gz"), &bytes[..20]).unwrap();
    std::fs::write(
        input.join("c.txt"),
        "Title\nA good article about the match on Sunday.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let articles = run_dir(&input, &out);
    let statuses = articles.values("status");
    let notes = articles.values("note");
    // the readable part of the truncated file is kept, then one error row says what happened
    let errors: Vec<usize> = statuses
        .iter()
        .enumerate()
        .filter(|(_, s)| *s == "error")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(errors.len(), 2, "{statuses:?}");
    assert!(errors[0] > 0);
    assert!(
        notes[errors[0]].contains("read error"),
        "{}",
        notes[errors[0]]
    );
    assert!(articles.values("source")[errors[1]].ends_with("b.txt.gz"));
    assert_eq!(statuses.last().unwrap(), "ok");
}

#[cfg(unix)]
#[test]
fn symlink_loops_terminate() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("sub/loop")).unwrap();
    std::fs::write(
        input.join("sub/a.txt"),
        "Title\nA good article about the match on Sunday.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_corpus_within(&input, &out, &[], Duration::from_secs(30));
    assert_eq!(Table::read(&out.join("articles.csv")).rows.len(), 1);
}

#[test]
fn a_fifty_megabyte_line_without_punctuation_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("line.txt");
    let mut text = String::with_capacity(51 << 20);
    text.push_str("Title\n");
    let mut i = 0usize;
    while text.len() < 50 << 20 {
        text.push_str(if i % 13 == 0 { "Kaka " } else { "parola " });
        i += 1;
    }
    text.push('\n');
    std::fs::write(&input, &text).unwrap();
    let out = dir.path().join("out");
    run_corpus_within(&input, &out, &[], Duration::from_secs(600));
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.values("status"), ["ok"]);
    // every word is in some sentence, none longer than a spreadsheet cell
    let sentences = Table::read(&out.join("sentences.csv"));
    let texts = sentences.values("text");
    assert!(texts.iter().all(|t| t.chars().count() <= 32_767));
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    assert_eq!(words, i + 1, "the words of the body, and the title's");
}

#[test]
fn huge_words_and_unpunctuated_lines_are_capped_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("word.txt"),
        format!("Title\n{}\n", "x".repeat(3 << 20)),
    )
    .unwrap();
    let line: String = (0..600_000)
        .map(|i| if i % 7 == 0 { "Kaka " } else { "word " })
        .collect();
    std::fs::write(input.join("line.txt"), format!("Title\n{line}\n")).unwrap();
    let out = dir.path().join("out");
    run_corpus_within(&input, &out, &[], Duration::from_secs(120));
    let sentences = Table::read(&out.join("sentences.csv"));
    assert!(sentences.rows.len() > 700);
    assert!(sentences
        .values("text")
        .iter()
        .all(|t| t.chars().count() <= 32_767));
}

#[test]
fn malformed_gazetteers_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "dup.tsv",
            "id\tname\ttype\nx\tKaká\tPERSON\nx\tRodrygo\tPERSON\n",
            "line 3: duplicate id",
        ),
        (
            "missing.tsv",
            "id\tname\nx\tKaká\n",
            "line 1: missing column \"type\"",
        ),
        (
            "noname.csv",
            "id,name,type\nx,,PERSON\n",
            "line 2: empty name",
        ),
        (
            "extra.csv",
            "id,name,type\nx,Kaká,PERSON,surplus\n",
            "line 2: 4 fields",
        ),
    ];
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        for args in [
            vec!["tag", "--gazetteer", path.to_str().unwrap()],
            vec![
                "run",
                "-",
                "-o",
                dir.path().join("out").to_str().unwrap(),
                "-q",
                "--gazetteer",
                path.to_str().unwrap(),
            ],
        ] {
            let output = run(&args, b"Kaka\n");
            assert_eq!(output.code, 2, "{name}: {}", output.stderr);
            assert!(
                output.stderr.contains(name) && output.stderr.contains(message),
                "{name}: {}",
                output.stderr
            );
            // one clear line, never a stack trace (a malformed file stops before any warning)
            assert!(
                output.stderr.starts_with("artnorm: error: gazetteer "),
                "{}",
                output.stderr
            );
            assert_eq!(output.stderr.lines().count(), 1, "{}", output.stderr);
        }
    }
    let output = run(&["tag", "--gazetteer", "/no/such/gazetteer.tsv"], b"Kaka\n");
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("/no/such/gazetteer.tsv"),
        "{}",
        output.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    for args in [
        vec!["run", "-o", out, "--no-such-flag"],
        vec!["run", "/no/such/input", "-o", out],
        vec!["run", "-", "-o", out, "--langs", "en,xx"],
        vec!["run", "-", "-o", out, "--delimiter", ";;"],
        vec!["run", "-", "-o", out, "--jobs", "many"],
        vec!["run", "-", "-o", out, "--input-format", "xml"],
        vec!["run", "-"],
        vec!["segment", "--lang", "zz"],
        vec!["no-such-command"],
    ] {
        let output = run(&args, b"");
        assert_eq!(output.code, 2, "{args:?}: {}", output.stderr);
        assert!(!output.stderr.trim().is_empty());
    }
}

#[test]
fn an_unwritable_output_is_a_runtime_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let output = run(
        &["run", "-", "-o", file.to_str().unwrap(), "-q"],
        b"Title\nText.\n",
    );
    assert_eq!(output.code, 1);
    assert!(output.stderr.contains("a-file"), "{}", output.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_clear_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(common::binary())
        .args(["normalize"])
        .stdin(std::process::Stdio::null())
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    // nothing to write: success
    assert!(output.status.success());
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = std::process::Command::new(common::binary())
        .args(["normalize"])
        .stdin(std::process::Stdio::piped())
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // the child may exit before it has read everything
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(&b"Kaka line\n".repeat(100_000));
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_closed_pipe_ends_with_an_error_not_a_panic() {
    // `artnorm tag < big | head -1`: status 1, as for any failed write, but quietly (the
    // reader left on purpose: no "Broken pipe (os error 32)"), and never a panic
    for args in [
        vec!["normalize"],
        vec!["detect"],
        vec!["segment", "--lang", "en"],
        vec!["tag"],
    ] {
        let mut child = std::process::Command::new(common::binary())
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&b"Kaka scored for Brazil. Kaka line\n".repeat(200_000));
        });
        let output = child.wait_with_output().unwrap();
        let _ = writer.join();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn pathological_text_does_not_hang_any_stage() {
    let mut inputs: Vec<Vec<u8>> = vec![
        ". . . . . ".repeat(100_000).into_bytes(),
        "&amp;".repeat(200_000).into_bytes(),
        "Ã".repeat(300_000).into_bytes(),
        "Ã©".repeat(200_000).into_bytes(),
        "a\u{301}".repeat(200_000).into_bytes(),
        "Mr. ".repeat(200_000).into_bytes(),
        "?!".repeat(300_000).into_bytes(),
        "\"".repeat(500_000).into_bytes(),
        " ".repeat(1_000_000).into_bytes(),
        "\n".repeat(500_000).into_bytes(),
        "Kaka ".repeat(200_000).into_bytes(),
    ];
    inputs.push((0..1_000_000u32).map(|i| (i % 251) as u8).collect());
    for input in &inputs {
        for args in [
            vec!["normalize"],
            vec!["detect"],
            vec!["segment", "--lang", "it"],
            vec!["tag"],
        ] {
            let output = run_with_limit(&args, input, Duration::from_secs(60));
            assert_eq!(output.code, 0, "{args:?}: {}", output.stderr);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_run_killed_at_any_moment_leaves_no_truncated_file_under_a_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dump.jsonl");
    let mut dump = String::new();
    for i in 0..8_000 {
        dump.push_str(&format!(
            "{{\"id\":\"k{i}\",\"text\":\"Kaká signed for Brazil on Monday, and Ancelotti said the squad was ready for the World Cup.\"}}\n"
        ));
    }
    std::fs::write(&input, dump).unwrap();
    let out = dir.path().join("out");
    // a whole run first: how long it takes, and complete files that killed runs must not damage
    let started = std::time::Instant::now();
    run_corpus(&input, &out, &[]);
    let duration = started.elapsed();
    // then kills spread over a run: while reading, while writing, while renaming, after the end
    for attempt in 0..12u32 {
        let mut child = std::process::Command::new(common::binary())
            .args([
                "run",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
                "-j",
                "2",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(duration * attempt / 10);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for name in artnorm::pipeline::OUTPUT_FILES {
            let path = out.join(name);
            if !path.exists() {
                continue;
            }
            // a file under its final name is a whole one: every record parses, the last ends
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                bytes.ends_with(b"\n"),
                "{name} is truncated after a kill at {} ms",
                attempt * 20
            );
            let table = Table::parse(&bytes, b',');
            if *name == "articles.csv" {
                assert_eq!(table.rows.len(), 8_000, "articles.csv is incomplete");
            }
        }
    }
    // and the next run cleans what the killed ones left
    run_corpus(&input, &out, &[]);
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
