//! End-to-end tests of `artnorm run`: files, columns, counts, and the shapes of real articles,
//! on the samples written by the team.

mod common;

use std::path::Path;

use common::{run, run_corpus, run_ok, samples_dir, Table};

const SPEC_ARTICLE_COLUMNS: &[&str] = &[
    "article_id",
    "source",
    "date",
    "title",
    "lang",
    "lang_confidence",
    "status",
    "sentences",
    "mentions",
];

fn run_samples(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = samples_dir();
    let mut args = vec![
        "run",
        samples.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    run_ok(&args, b"");
    (dir, out)
}

/// The row of the sample whose source ends with `file`.
fn article<'a>(articles: &'a Table, file: &str) -> &'a Vec<String> {
    articles
        .rows
        .iter()
        .find(|r| articles.get(r, "source").ends_with(file))
        .unwrap_or_else(|| panic!("no article from {file}"))
}

fn sentences_of(sentences: &Table, article_id: &str) -> Vec<(String, String)> {
    sentences
        .rows_where("article_id", article_id)
        .into_iter()
        .map(|r| {
            (
                sentences.get(r, "kind").to_owned(),
                sentences.get(r, "text").to_owned(),
            )
        })
        .collect()
}

#[test]
fn samples_give_the_four_files_with_spec_columns() {
    let (_dir, out) = run_samples(&[]);
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(
        &articles.header[..SPEC_ARTICLE_COLUMNS.len()],
        SPEC_ARTICLE_COLUMNS
    );
    assert!(articles.header.iter().any(|h| h == "note"));
    let sentences = Table::read(&out.join("sentences.csv"));
    assert_eq!(
        &sentences.header[..5],
        ["article_id", "sentence_idx", "kind", "lang", "text"]
    );
    let mentions = Table::read(&out.join("mentions.csv"));
    assert_eq!(
        &mentions.header[..8],
        [
            "article_id",
            "sentence_idx",
            "start",
            "end",
            "surface",
            "entity_id",
            "canonical",
            "type"
        ]
    );
    let coverage = Table::read(&out.join("coverage.csv"));
    assert_eq!(
        &coverage.header[..7],
        [
            "entity_id",
            "canonical",
            "type",
            "en_articles",
            "en_mentions",
            "it_articles",
            "it_mentions"
        ]
    );

    // 13 plain-text files and the same 13 articles as JSON Lines
    assert_eq!(articles.rows.len(), 26);
    let statuses = articles.values("status");
    assert_eq!(statuses.iter().filter(|s| *s == "ok").count(), 24);
    assert_eq!(statuses.iter().filter(|s| *s == "other_lang").count(), 2);
    let langs = articles.values("lang");
    assert_eq!(langs.iter().filter(|l| *l == "en").count(), 12);
    assert_eq!(langs.iter().filter(|l| *l == "it").count(), 12);
    assert!(!coverage.rows.is_empty());

    // the counts in articles.csv agree with the other files
    let sentence_total: usize = articles
        .values("sentences")
        .iter()
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(sentence_total, sentences.rows.len());
    let mention_total: usize = articles
        .values("mentions")
        .iter()
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(mention_total, mentions.rows.len());
    let coverage_total: usize = coverage
        .rows
        .iter()
        .map(|r| {
            ["en_mentions", "it_mentions", "en_ambiguous", "it_ambiguous"]
                .iter()
                .map(|c| coverage.get(r, c).parse::<usize>().unwrap())
                .sum::<usize>()
        })
        .sum();
    // every mention is counted, either in the coverage or apart as ambiguous
    assert_eq!(coverage_total, mentions.rows.len());
    let ambiguous = mentions
        .values("decision")
        .iter()
        .filter(|d| *d == "ambiguous")
        .count();
    let counted_apart: usize = coverage
        .rows
        .iter()
        .map(|r| {
            coverage.get(r, "en_ambiguous").parse::<usize>().unwrap()
                + coverage.get(r, "it_ambiguous").parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(ambiguous, counted_apart);
}

#[test]
fn date_title_bullets_headings_and_boilerplate() {
    let (_dir, out) = run_samples(&[]);
    let articles = Table::read(&out.join("articles.csv"));
    let sentences = Table::read(&out.join("sentences.csv"));

    let en1 = article(&articles, "en_01_kaka_staff.txt");
    assert_eq!(articles.get(en1, "date"), "2025-06-02");
    assert_eq!(
        articles.get(en1, "title"),
        "Kaká Joins Brazil Coaching Staff as Ancelotti Builds His Team"
    );
    assert_eq!(articles.get(en1, "lang"), "en");
    assert_eq!(articles.get(en1, "boilerplate_lines"), "2");
    let en1_sentences = sentences_of(&sentences, articles.get(en1, "article_id"));
    assert_eq!(
        en1_sentences[0],
        (
            "title".to_owned(),
            "Kaká Joins Brazil Coaching Staff as Ancelotti Builds His Team".to_owned()
        )
    );
    assert!(en1_sentences
        .iter()
        .all(|(_, t)| !t.contains("READ THE LATEST") && t != "feed"));
    assert_eq!(en1_sentences.len(), 8);
    assert!(en1_sentences.contains(&(
        "text".to_owned(),
        "\"The players listen to him.\"".to_owned()
    )));

    // no date header: the first line is the title; bullets become items without their marker
    let en2 = article(&articles, "en_02_klopp_links.txt");
    assert_eq!(articles.get(en2, "date"), "");
    assert_eq!(
        articles.get(en2, "title"),
        "Jurgen Klopp rules out a return to the dugout this season"
    );
    let en2_sentences = sentences_of(&sentences, articles.get(en2, "article_id"));
    let items: Vec<&str> = en2_sentences
        .iter()
        .filter(|(k, _)| k == "item")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        items,
        vec![
            "The former Liverpool manager is happy in his new role",
            "Real Madrid and the U.S. national team both asked about him",
            "He will attend the Club World Cup as a guest",
        ]
    );
    assert!(en2_sentences.contains(&("heading".to_owned(), "What comes next".to_owned())));
    assert!(en2_sentences.contains(&(
        "text".to_owned(),
        "Mr. Klopp added that he still watches every Liverpool game.".to_owned()
    )));
    assert!(en2_sentences
        .iter()
        .all(|(_, t)| !t.starts_with("Read more") && !t.starts_with("Share this")));
    assert_eq!(articles.get(en2, "boilerplate_lines"), "2");

    // month-only date, Italian abbreviations, guillemets
    let it4 = article(&articles, "it_04_nazionale.txt");
    assert_eq!(articles.get(it4, "date"), "2025-09");
    assert_eq!(articles.get(it4, "lang"), "it");
    let it4_sentences = sentences_of(&sentences, articles.get(it4, "article_id"));
    assert!(it4_sentences.iter().any(|(_, t)| t == "L'Italia ha battuto l'Estonia per 5-0 a Bergamo nella prima partita di Gennaro Gattuso da c.t. della Nazionale."));
    assert!(it4_sentences
        .iter()
        .any(|(_, t)| t == "Il possesso palla è stato del 68,5% per gli Azzurri."));
    assert!(it4_sentences.iter().any(|(_, t)| t.starts_with(
        "Il Sig. Gravina, presidente della FIGC, era in tribuna con il Prof. Luigi Rossi"
    )));
    assert!(it4_sentences.contains(&(
        "heading".to_owned(),
        "Il cammino verso la Coppa del Mondo".to_owned()
    )));

    // Italian boilerplate
    let it5 = article(&articles, "it_05_napoli_scudetto.txt");
    assert_eq!(articles.get(it5, "boilerplate_lines"), "1");
    let it5_sentences = sentences_of(&sentences, articles.get(it5, "article_id"));
    assert!(it5_sentences.iter().all(|(_, t)| !t.contains("RISERVATA")));
}

#[test]
fn mojibake_and_windows_1252_are_repaired_and_flagged() {
    let (_dir, out) = run_samples(&[]);
    let articles = Table::read(&out.join("articles.csv"));
    let sentences = Table::read(&out.join("sentences.csv"));
    let mentions = Table::read(&out.join("mentions.csv"));

    let en3 = article(&articles, "en_03_mojibake.txt");
    assert_eq!(
        articles.get(en3, "title"),
        "Kaká and Éder Militão Back Brazil’s New Project"
    );
    assert_eq!(articles.get(en3, "encoding"), "utf-8");
    let id = articles.get(en3, "article_id");
    let texts: Vec<String> = sentences_of(&sentences, id)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(texts.contains(
        &"“We have the talent to win the World Cup again,” he told reporters.".to_owned()
    ));
    assert!(texts.iter().all(|t| !t.contains('Ã') && !t.contains("â€")));
    let surfaces: Vec<(String, String)> = mentions
        .rows_where("article_id", id)
        .into_iter()
        .map(|r| {
            (
                mentions.get(r, "surface").to_owned(),
                mentions.get(r, "canonical").to_owned(),
            )
        })
        .collect();
    assert!(surfaces.contains(&("Éder Militão".to_owned(), "Éder Militão".to_owned())));
    assert!(surfaces.contains(&("Militão".to_owned(), "Éder Militão".to_owned())));
    assert!(surfaces.contains(&("Vinícius Júnior".to_owned(), "Vinícius Júnior".to_owned())));

    let it3 = article(&articles, "it_03_juventus_cp1252.txt");
    assert_eq!(articles.get(it3, "encoding"), "windows-1252");
    assert!(articles.get(it3, "note").contains("Windows-1252"));
    assert_eq!(articles.get(it3, "status"), "ok");
    let texts: Vec<String> = sentences_of(&sentences, articles.get(it3, "article_id"))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(texts.contains(&"“Abbiamo dimostrato carattere, perché non era facile”, ha detto il tecnico croato a fine gara.".to_owned()));
    assert!(texts.contains(&"In città la festa è durata fino a tarda notte.".to_owned()));
}

#[test]
fn spanish_article_is_listed_but_not_segmented() {
    let (_dir, out) = run_samples(&[]);
    let articles = Table::read(&out.join("articles.csv"));
    let es = article(&articles, "es_01_real_madrid.txt");
    assert_eq!(articles.get(es, "status"), "other_lang");
    assert_eq!(articles.get(es, "lang"), "es");
    assert_eq!(articles.get(es, "sentences"), "0");
    let sentences = Table::read(&out.join("sentences.csv"));
    assert!(sentences
        .rows_where("article_id", articles.get(es, "article_id"))
        .is_empty());
}

#[test]
fn mentions_have_canonical_names_and_offsets_that_slice_the_sentence() {
    let (_dir, out) = run_samples(&[]);
    let sentences = Table::read(&out.join("sentences.csv"));
    let mentions = Table::read(&out.join("mentions.csv"));
    let by_key: std::collections::HashMap<(String, String), String> = sentences
        .rows
        .iter()
        .map(|r| {
            (
                (r[0].clone(), r[1].clone()),
                sentences.get(r, "text").to_owned(),
            )
        })
        .collect();
    for m in &mentions.rows {
        let text = &by_key[&(m[0].clone(), m[1].clone())];
        let start: usize = mentions.get(m, "start").parse().unwrap();
        let end: usize = mentions.get(m, "end").parse().unwrap();
        let slice: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, mentions.get(m, "surface"), "in {text:?}");
    }
    // names written without accents carry the canonical spelling
    let pairs: Vec<(&str, &str)> = mentions
        .rows
        .iter()
        .map(|r| (mentions.get(r, "surface"), mentions.get(r, "canonical")))
        .collect();
    for (surface, canonical) in [
        ("Jurgen Klopp", "Jürgen Klopp"),
        ("Vinicius Junior", "Vinícius Júnior"),
        ("Modric", "Luka Modrić"),
        ("Dusan Vlahovic", "Dušan Vlahović"),
        ("Lautaro Martinez", "Lautaro Martínez"),
        ("Brasile", "Brazil"),
        ("Inghilterra", "England"),
        ("Coppa del Mondo", "FIFA World Cup"),
        ("Liverpool", "Liverpool"),
    ] {
        assert!(
            pairs.contains(&(surface, canonical)),
            "no mention {surface:?} -> {canonical:?}"
        );
    }
}

#[test]
fn coverage_counts_articles_and_mentions_per_language() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("a.txt"),
        "date 2025-01-01 Kaká in Milan\nKaká met Kaka. Then Kaká left.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("b.txt"),
        "Kaká ritorna al Milan\nKaká ha giocato con il Brasile ieri sera, una partita amichevole.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("c.txt"),
        "Brazil squad news\nThe Brazil squad trained on Monday morning in the rain.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let coverage = Table::read(&out.join("coverage.csv"));
    let row = |id: &str| {
        coverage
            .rows
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    let kaka = row("kaka");
    assert_eq!(&kaka[3..7], ["1", "4", "1", "2"]);
    let brazil = row("brazil");
    assert_eq!(&brazil[3..7], ["1", "2", "1", "1"]);
    // sorted by total mentions, then id
    assert_eq!(coverage.rows[0][0], "kaka");
}

#[test]
fn previous_output_is_replaced_and_no_temporary_file_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("articles.csv"), "stale").unwrap();
    run_ok(
        &["run", "-", "-o", out.to_str().unwrap(), "-q"],
        b"Title\nKaka played well on Sunday in the final.\n",
    );
    let articles = std::fs::read_to_string(out.join("articles.csv")).unwrap();
    assert!(articles.starts_with("article_id,"));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            // the names of the set, so that the next run knows what to replace
            ".artnorm-manifest",
            "articles.csv",
            "coverage.csv",
            "coverage_by_period.csv",
            "languages.csv",
            "mentions.csv",
            "run.json",
            "sentences.csv"
        ]
    );
}

#[test]
fn standard_input_text_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_ok(&["run", "-o", out.to_str().unwrap(), "-q"], " date 2024-12-01 Il ritorno di Kaká\nKaká è tornato a Milano per la presentazione ufficiale.\n".as_bytes());
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.rows.len(), 1);
    assert_eq!(articles.get(&articles.rows[0], "source"), "stdin");
    assert_eq!(articles.get(&articles.rows[0], "lang"), "it");

    let jsonl = b"{\"id\":\"x1\",\"text\":\"Kaka joined the Brazil staff on Monday, and the players welcomed him.\"}\n\n{\"id\":7,\"text\":\"Il Brasile ha scelto Ancelotti come nuovo allenatore della nazionale.\"}\n";
    run_ok(&["run", "-", "-o", out.to_str().unwrap(), "-q"], jsonl);
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.values("article_id"), ["x1", "7"]);
    assert_eq!(articles.values("source"), ["stdin:1", "stdin:3"]);
    assert_eq!(articles.values("lang"), ["en", "it"]);
}

#[test]
fn gzip_inputs_are_decompressed() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let gz = |name: &str, body: &str| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(body.as_bytes()).unwrap();
        std::fs::write(input.join(name), encoder.finish().unwrap()).unwrap();
    };
    gz(
        "a.txt.gz",
        "Title\nKaká signed for the club on Monday afternoon.\n",
    );
    gz("b.jsonl.gz", "{\"text\":\"Kaká signed for the club on Monday afternoon.\"}\n{\"text\":\"Kaká ha firmato ieri con il club rossonero.\"}\n");
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let articles = Table::read(&out.join("articles.csv"));
    assert_eq!(articles.values("status"), ["ok", "ok", "ok"]);
    assert!(articles.values("source")[1].ends_with("b.jsonl.gz:1"));
}

#[test]
fn input_format_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dump.txt");
    std::fs::write(&file, "{\"text\":\"Kaká signed for the club on Monday afternoon.\"}\n{\"text\":\"Kaká signed again on Tuesday.\"}\n").unwrap();
    let out = dir.path().join("out");
    run_ok(
        &[
            "run",
            file.to_str().unwrap(),
            "--input-format",
            "jsonl",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
        b"",
    );
    assert_eq!(Table::read(&out.join("articles.csv")).rows.len(), 2);
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("b/c")).unwrap();
    std::fs::create_dir_all(input.join("a")).unwrap();
    for (path, title) in [
        ("z.txt", "Z"),
        ("b/c/y.txt", "Y"),
        ("a/x.txt", "X"),
        ("b/w.txt", "W"),
        (".hidden.txt", "H"),
    ] {
        std::fs::write(
            input.join(path),
            format!("{title} title\nSome text about the match on Sunday.\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    run_corpus(&input, &out, &[]);
    let titles = Table::read(&out.join("articles.csv")).values("title");
    assert_eq!(titles, ["X title", "Y title", "W title", "Z title"]);
}

#[test]
fn excel_dialect_and_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_ok(
        &[
            "run",
            "-",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--excel",
            "--delimiter",
            ";",
        ],
        "Titolo\nKaká è tornato; la città festeggia.\n".as_bytes(),
    );
    let raw = std::fs::read(out.join("sentences.csv")).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBFarticle_id;sentence_idx;kind;lang;text\r\n"));
    let table = Table::parse(&raw, b';');
    assert_eq!(table.rows[1][4], "Kaká è tornato; la città festeggia.");
    let raw = String::from_utf8(raw).unwrap();
    assert_eq!(raw.matches('\n').count(), raw.matches("\r\n").count());
}

#[test]
fn formula_shaped_text_is_guarded() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text = "Formula test\n=HYPERLINK(\"http://x.test\",\"click\") is what the post said about the match.\n@SUM(A1) was in the next line of the report about Kaká.\n+1+1 is not a score of any match we know about.\n";
    run_ok(
        &["run", "-", "-o", out.to_str().unwrap(), "-q"],
        text.as_bytes(),
    );
    let texts = Table::read(&out.join("sentences.csv")).values("text");
    assert!(texts.iter().any(|t| t.starts_with("'=HYPERLINK(")));
    assert!(texts.iter().any(|t| t.starts_with("'@SUM(A1)")));
    assert!(texts.iter().any(|t| t.starts_with("'+1+1")));
    assert!(texts.iter().all(|t| !t.starts_with(['=', '+', '-', '@'])));

    run_ok(
        &[
            "run",
            "-",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--no-formula-guard",
        ],
        text.as_bytes(),
    );
    let texts = Table::read(&out.join("sentences.csv")).values("text");
    assert!(texts.iter().any(|t| t.starts_with("=HYPERLINK(")));
}

#[test]
fn langs_choose_the_scope_and_the_coverage_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let samples = samples_dir();
    run_ok(
        &[
            "run",
            samples.join("articles.jsonl").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--langs",
            "it,es",
        ],
        b"",
    );
    let coverage = Table::read(&out.join("coverage.csv"));
    assert_eq!(
        &coverage.header[3..7],
        ["it_articles", "it_mentions", "es_articles", "es_mentions"]
    );
    let articles = Table::read(&out.join("articles.csv"));
    let status_of = |id: &str| {
        articles
            .get(articles.rows_where("article_id", id)[0], "status")
            .to_owned()
    };
    assert_eq!(status_of("es_01_real_madrid"), "ok");
    assert_eq!(status_of("en_01_kaka_staff"), "other_lang");
    assert_eq!(status_of("it_01_ancelotti_brasile"), "ok");
}

#[test]
fn output_is_byte_identical_for_any_number_of_threads() {
    // enough articles for several batches
    let dir = tempfile::tempdir().unwrap();
    let samples = std::fs::read_to_string(samples_dir().join("articles.jsonl")).unwrap();
    let mut dump = String::new();
    for round in 0..120 {
        for (index, line) in samples.lines().enumerate() {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["id"] = serde_json::Value::String(format!("r{round}-{index}"));
            dump.push_str(&value.to_string());
            dump.push('\n');
        }
        dump.push_str("{broken json\n");
    }
    let input = dir.path().join("dump.jsonl");
    std::fs::write(&input, dump).unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "4"] {
        let out = dir.path().join(format!("out{jobs}"));
        run_ok(
            &[
                "run",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
                "-j",
                jobs,
            ],
            b"",
        );
        let files: Vec<Vec<u8>> = [
            "articles.csv",
            "sentences.csv",
            "mentions.csv",
            "coverage.csv",
        ]
        .iter()
        .map(|name| std::fs::read(out.join(name)).unwrap())
        .collect();
        outputs.push(files);
    }
    assert_eq!(Table::parse(&outputs[0][0], b',').rows.len(), 120 * 14);
    assert!(outputs[0] == outputs[1], "-j 1 and -j 4 differ");
}

#[test]
fn text_and_jsonl_samples_give_the_same_sentences() {
    let (_dir, out) = run_samples(&[]);
    let articles = Table::read(&out.join("articles.csv"));
    let sentences = Table::read(&out.join("sentences.csv"));
    for row in articles
        .rows
        .iter()
        .filter(|r| articles.get(r, "source").ends_with(".txt"))
    {
        let source = articles.get(row, "source");
        let stem = Path::new(source).file_stem().unwrap().to_str().unwrap();
        let from_text = sentences_of(&sentences, articles.get(row, "article_id"));
        let from_json = sentences_of(&sentences, stem);
        assert_eq!(from_text, from_json, "{stem}");
        let json_row = articles.rows_where("article_id", stem)[0];
        for column in ["date", "title", "lang", "status", "mentions"] {
            assert_eq!(
                articles.get(row, column),
                articles.get(json_row, column),
                "{stem}: {column}"
            );
        }
    }
}

#[test]
fn canonical_names_rewrite_each_mention() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let text =
        "Klopp news\nJurgen Klopp met Dorival Junior, and KAKA said hello to Eder Militao.\n";
    run_ok(
        &[
            "run",
            "-",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--canonical-names",
        ],
        text.as_bytes(),
    );
    let sentences = Table::read(&out.join("sentences.csv"));
    assert_eq!(sentences.header.last().unwrap(), "text_canonical");
    let row = &sentences.rows[1];
    assert_eq!(
        sentences.get(row, "text"),
        "Jurgen Klopp met Dorival Junior, and KAKA said hello to Eder Militao."
    );
    assert_eq!(
        sentences.get(row, "text_canonical"),
        "Jürgen Klopp met Dorival Júnior, and Kaká said hello to Éder Militão."
    );
    // without the flag, no such column
    run_ok(
        &["run", "-", "-o", out.to_str().unwrap(), "-q"],
        text.as_bytes(),
    );
    assert!(!Table::read(&out.join("sentences.csv"))
        .header
        .contains(&"text_canonical".to_owned()));
}

#[test]
fn summary_line_unless_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = run(
        &["run", "-", "-o", out.to_str().unwrap()],
        b"Title\nKaka scored twice on Sunday.\n",
    );
    assert_eq!(output.code, 0);
    assert!(
        output.stderr.contains("1 articles (1 ok)"),
        "{}",
        output.stderr
    );
    let output = run(
        &["run", "-", "-o", out.to_str().unwrap(), "-q"],
        b"Title\nKaka scored twice on Sunday.\n",
    );
    assert_eq!(output.stderr, "");
}
