//! End-to-end tests of the stage commands: normalize, detect, segment, tag.

mod common;

use common::{run_ok, Table};

#[test]
fn normalize_is_line_for_line() {
    let input = "KakÃ¡ and Ã‰der MilitÃ£o\n\n  spaced\u{A0}\u{A0}out  \nperch&eacute; pi&ugrave;\r\nfoot\u{AD}ball\u{200B}\nlast line without newline";
    let output = run_ok(&["normalize"], input.as_bytes()).stdout_text();
    assert_eq!(
        output,
        "Kaká and Éder Militão\n\nspaced out\nperché più\nfootball\nlast line without newline\n"
    );
    let nfkc = run_ok(&["normalize", "--form", "nfkc"], "ﬁnal…\n".as_bytes()).stdout_text();
    assert_eq!(nfkc, "final...\n");
}

#[test]
fn normalize_reads_a_file_argument_and_windows_1252_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.txt");
    std::fs::write(&path, b"citt\xe0\nKak\xc3\xa1\n").unwrap();
    let output = run_ok(&["normalize", path.to_str().unwrap()], b"").stdout_text();
    assert_eq!(output, "città\nKaká\n");
}

#[test]
fn detect_writes_one_row_per_line() {
    let input = "The coach signed a new contract with the club on Monday.\nIl tecnico ha firmato il contratto ieri sera a Milano.\n\n12345\nEl entrenador firmó ayer un nuevo contrato con el club.\n";
    let output = run_ok(&["detect"], input.as_bytes());
    let table = Table::parse(&output.stdout, b',');
    assert_eq!(table.header, ["lang", "confidence"]);
    assert_eq!(table.values("lang"), ["en", "it", "und", "und", "es"]);
    for confidence in table.values("confidence") {
        let value: f64 = confidence.parse().unwrap();
        assert!((0.0..=1.0).contains(&value));
    }
    let closed = run_ok(&["detect", "--langs", "en,it"], input.as_bytes());
    let langs = Table::parse(&closed.stdout, b',').values("lang");
    assert_eq!(langs.len(), 5);
    assert!(
        langs
            .iter()
            .all(|l| ["en", "it", "und"].contains(&l.as_str())),
        "{langs:?}"
    );
    assert_eq!(&langs[..2], ["en", "it"]);
}

#[test]
fn segment_splits_on_sentences_and_blank_lines_only() {
    let input = "Il Sig. Rossi è arrivato alle 20.45. Poi è ripartito.\n\nUn titolo\nche continua su due righe. Fine.\n";
    let output = run_ok(&["segment", "--lang", "it"], input.as_bytes()).stdout_text();
    assert_eq!(output, "Il Sig. Rossi è arrivato alle 20.45.\nPoi è ripartito.\nUn titolo che continua su due righe.\nFine.\n");
}

#[test]
fn tag_reports_offsets_into_each_line_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = dir.path().join("g.tsv");
    std::fs::write(&gazetteer, "id\tname\ttype\taliases\taliases_it\nkaka\tKaká\tPERSON\t\t\nbrazil\tBrazil\tNATIONAL_TEAM\tSeleção\tBrasile\nmilitao\tÉder Militão\tPERSON\t\t\n").unwrap();
    let lines = [
        "Kaka and the Selecao",
        "Perché il BRASILE?",
        "E\u{301}der\u{A0}Milita\u{303}o scored",
        "a kaka lowercase word",
        "",
        "Brazil’s Kaká",
    ];
    let input = lines.join("\n") + "\n";
    let output = run_ok(
        &[
            "tag",
            "--gazetteer",
            gazetteer.to_str().unwrap(),
            "--lang",
            "it",
        ],
        input.as_bytes(),
    );
    let table = Table::parse(&output.stdout, b',');
    assert_eq!(
        table.header,
        [
            "line",
            "start",
            "end",
            "surface",
            "entity_id",
            "canonical",
            "type"
        ]
    );
    let rows: Vec<(String, String, String)> = table
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[3].clone(), r[4].clone()))
        .collect();
    let expected = [
        ("1", "Kaka", "kaka"),
        ("1", "Selecao", "brazil"),
        ("2", "BRASILE", "brazil"),
        ("3", "E\u{301}der\u{A0}Milita\u{303}o", "militao"),
        ("6", "Brazil", "brazil"),
        ("6", "Kaká", "kaka"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(rows, expected);
    for row in &table.rows {
        let line = lines[row[0].parse::<usize>().unwrap() - 1];
        let start: usize = row[1].parse().unwrap();
        let end: usize = row[2].parse().unwrap();
        let slice: String = line.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, row[3]);
    }
    // aliases_it count only in Italian
    let english = run_ok(
        &[
            "tag",
            "--gazetteer",
            gazetteer.to_str().unwrap(),
            "--lang",
            "en",
        ],
        "Perché il BRASILE?\n".as_bytes(),
    );
    assert_eq!(Table::parse(&english.stdout, b',').rows.len(), 0);
}

#[test]
fn tag_reads_mojibake_as_the_name_it_stands_for() {
    let line = "KakÃ¡ and Ã‰der MilitÃ£o, all caps KAKÃ\u{81}, plain Kaká";
    let output = run_ok(&["tag", "--lang", "en"], format!("{line}\n").as_bytes());
    let table = Table::parse(&output.stdout, b',');
    let found: Vec<(String, String)> = table
        .rows
        .iter()
        .map(|r| (r[3].clone(), r[5].clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("KakÃ¡", "Kaká"),
        ("Ã‰der MilitÃ£o", "Éder Militão"),
        ("KAKÃ\u{81}", "Kaká"),
        ("Kaká", "Kaká"),
    ]
    .iter()
    .map(|(surface, canonical)| (surface.to_string(), canonical.to_string()))
    .collect();
    assert_eq!(found, expected);
    for row in &table.rows {
        let start: usize = row[1].parse().unwrap();
        let end: usize = row[2].parse().unwrap();
        let slice: String = line.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, row[3]);
    }
}

#[test]
fn tag_uses_the_builtin_gazetteer_by_default() {
    let output = run_ok(
        &["tag", "--lang", "it"],
        "Ancelotti lascia il Real Madrid per il Brasile; Jurgen Klopp resta fermo.\n".as_bytes(),
    );
    let table = Table::parse(&output.stdout, b',');
    let canonical = table.values("canonical");
    assert_eq!(
        canonical,
        ["Carlo Ancelotti", "Real Madrid", "Brazil", "Jürgen Klopp"]
    );
}

#[test]
fn help_and_version() {
    let help = run_ok(&["--help"], b"").stdout_text();
    for command in ["run", "normalize", "detect", "segment", "tag"] {
        assert!(help.contains(command));
    }
    assert!(run_ok(&["--version"], b"")
        .stdout_text()
        .starts_with("artnorm "));
}
