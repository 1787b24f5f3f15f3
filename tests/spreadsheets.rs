//! The files in real programs: LibreOffice opens the `--excel --delimiter ';'` output with
//! accents intact, one field per column and no live formula; Chromium renders report.html.
//! Each test skips (with a message) when its program is not installed. To run them, install
//! the Debian packages `libreoffice-calc-nogui` (or `libreoffice-calc`) and `chromium`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run_corpus, run_ok, Table};

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

const INPUT: &str = "Formule e città\n\
    =HYPERLINK(\"http://x.test\",\"click\") era nel post della società di Kaká.\n\
    +1+1 non è un risultato della Juventus.\n\
    @SUM(A1) è un altro esempio; la città è in festa per Éder Militão.\n\
    -2 punti per la Juventus, perché così ha deciso la FIGC.\n";

/// Converts `file` with LibreOffice to `format` in `out_dir`; returns the new file.
fn soffice_convert(
    profile: &Path,
    file: &Path,
    format: &str,
    filter: Option<&str>,
    out_dir: &Path,
) -> PathBuf {
    let mut command = Command::new("soffice");
    command
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--convert-to")
        .arg(format);
    if let Some(filter) = filter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = command
        .arg("--outdir")
        .arg(out_dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let extension = format.split(':').next().unwrap();
    let converted = out_dir
        .join(file.file_stem().unwrap())
        .with_extension(extension);
    assert!(
        converted.exists(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

/// Reads one member of a zip archive (xlsx and ods are zip files) through its central directory.
fn zip_member(archive: &Path, name: &str) -> String {
    let bytes = std::fs::read(archive).unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let end = (0..bytes.len() - 21)
        .rev()
        .find(|&i| u32_at(i) == 0x0605_4b50)
        .expect("end of central directory");
    let entries = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    for _ in 0..entries {
        assert_eq!(u32_at(at), 0x0201_4b50, "central directory entry");
        let method = u16_at(at + 10);
        let compressed = u32_at(at + 20);
        let name_length = u16_at(at + 28);
        let extra_length = u16_at(at + 30);
        let comment_length = u16_at(at + 32);
        let local = u32_at(at + 42);
        let member = std::str::from_utf8(&bytes[at + 46..at + 46 + name_length]).unwrap();
        if member == name {
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &bytes[data..data + compressed];
            let mut text = String::new();
            match method {
                0 => text = String::from_utf8(raw.to_vec()).unwrap(),
                8 => {
                    flate2::read::DeflateDecoder::new(raw)
                        .read_to_string(&mut text)
                        .unwrap();
                }
                other => panic!("zip method {other}"),
            }
            return text;
        }
        at += 46 + name_length + extra_length + comment_length;
    }
    panic!("no {name} in {}", archive.display());
}

fn corpus(dir: &Path, guard: bool) -> PathBuf {
    let input = dir.join("in.txt");
    std::fs::write(&input, INPUT).unwrap();
    let out = dir.join(if guard { "out" } else { "out-unguarded" });
    let mut args = vec!["--excel", "--delimiter", ";"];
    if !guard {
        args.push("--no-formula-guard");
    }
    run_corpus(&input, &out, &args);
    out
}

/// With LibreOffice installed: a scratch directory, a LibreOffice profile in it, and the corpus
/// of [`INPUT`] in the Excel dialect (with or without the formula guard). `None`, after saying
/// so, when LibreOffice is absent.
fn libreoffice_corpus(guard: bool) -> Option<(tempfile::TempDir, PathBuf, PathBuf)> {
    if !installed("soffice") {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    let out = corpus(dir.path(), guard);
    Some((dir, profile, out))
}

#[test]
fn libreoffice_opens_the_excel_dialect_correctly() {
    let Some((dir, profile, out)) = libreoffice_corpus(true) else {
        return;
    };
    let sentences_csv = out.join("sentences.csv");
    let written = Table::parse(&std::fs::read(&sentences_csv).unwrap(), b';');
    // semicolon-separated, quote ", UTF-8, from line 1: what a user picks in the import dialog
    let filter = Some("CSV:59,34,76,1");

    // xlsx: no formula element anywhere; the text cells keep their accents
    let xlsx = soffice_convert(&profile, &sentences_csv, "xlsx", filter, dir.path());
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        !sheet.contains("<f>") && !sheet.contains("<f "),
        "a formula in {sheet}"
    );
    let strings = zip_member(&xlsx, "xl/sharedStrings.xml");
    for word in ["Kaká", "città", "società", "Éder Militão", "perché così"] {
        assert!(strings.contains(word), "{word} lost in {strings}");
    }

    // ods: no formula attribute either
    let ods = soffice_convert(&profile, &sentences_csv, "ods", filter, dir.path());
    let content = zip_member(&ods, "content.xml");
    assert!(!content.contains("table:formula"), "a formula in the ods");

    // and back to CSV from the xlsx: every field in its own column, every cell as written
    let back_dir = dir.path().join("back");
    std::fs::create_dir(&back_dir).unwrap();
    let back = soffice_convert(
        &profile,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
        &back_dir,
    );
    let round_trip = Table::parse(&std::fs::read(&back).unwrap(), b',');
    assert_eq!(round_trip.header, written.header);
    assert_eq!(round_trip.rows, written.rows);
    assert!(round_trip
        .rows
        .iter()
        .any(|r| r[4].starts_with("'=HYPERLINK(")));
}

#[test]
fn libreoffice_in_an_italian_locale_reads_the_rates_as_numbers() {
    let Some((dir, profile, out)) = libreoffice_corpus(true) else {
        return;
    };
    let coverage_csv = out.join("coverage.csv");
    let written = Table::parse(&std::fs::read(&coverage_csv).unwrap(), b';');
    let rate_column = written.column("it_per_1000_articles");
    assert!(!written.rows.is_empty());
    // 1040: the Italian locale, whose decimal separator is the comma
    let xlsx = soffice_convert(
        &profile,
        &coverage_csv,
        "xlsx",
        Some("CSV:59,34,76,1,,1040"),
        dir.path(),
    );
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    let letter = (b'A' + rate_column as u8) as char;
    for (index, row) in written.rows.iter().enumerate() {
        let reference = format!("<c r=\"{letter}{}\"", index + 2);
        let cell = sheet[sheet
            .find(&reference)
            .unwrap_or_else(|| panic!("no cell {reference}"))..]
            .split("</c>")
            .next()
            .unwrap();
        assert!(cell.contains("t=\"n\""), "not a number: {cell}");
        let value: f64 = cell
            .split("<v>")
            .nth(1)
            .unwrap()
            .split("</v>")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let expected: f64 = row[rate_column].replace(',', ".").parse().unwrap();
        assert!(
            (value - expected).abs() < 1e-9,
            "{cell} vs {}",
            row[rate_column]
        );
    }
}

#[test]
fn without_the_guard_libreoffice_would_evaluate_a_formula() {
    // the control experiment: shows that the check above can fail
    let Some((dir, profile, out)) = libreoffice_corpus(false) else {
        return;
    };
    let xlsx = soffice_convert(
        &profile,
        &out.join("sentences.csv"),
        "xlsx",
        Some("CSV:59,34,76,1"),
        dir.path(),
    );
    let sheet = zip_member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<f>") || sheet.contains("<f "),
        "LibreOffice no longer evaluates formulas on import"
    );
}

#[test]
fn chromium_renders_the_report() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| installed(p));
    let Some(chromium) = chromium else {
        eprintln!("skipped: Chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = common::samples_dir();
    run_ok(
        &[
            "run",
            samples.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--report",
        ],
        b"",
    );
    let png = dir.path().join("report.png");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1100,1800",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", out.join("report.html").display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1100, 1800));
    // a blank page compresses to almost nothing; a page with text, tables and bars does not
    assert!(
        bytes.len() > 30_000,
        "the screenshot looks empty ({} bytes)",
        bytes.len()
    );
}
