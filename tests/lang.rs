//! Language identification on sentences the team wrote for testing (`tests/data/lang/`), none
//! of which the model was trained on: short everyday sentences in the six languages of the
//! model, sentences in other languages, and the awkward cases of real dumps (names-only lines,
//! numbers and links, all-caps headlines, quotes in another language).

use artnorm::lang::{ArticleLanguage, Detector};

mod common;

fn fixture(name: &str) -> Vec<(String, String)> {
    let path = format!("{}/tests/data/lang/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (code, sentence) = line.split_once('\t').expect("code TAB sentence");
            (code.to_owned(), sentence.to_owned())
        })
        .collect()
}

fn en_it() -> Detector {
    Detector::closed(&["en".to_owned(), "it".to_owned()]).expect("valid languages")
}

#[test]
fn short_sentences_in_the_six_languages() {
    let open = Detector::open();
    let sentences = fixture("short_sentences.tsv");
    let mut misses = Vec::new();
    for code in ["en", "it", "es", "pt", "fr", "de"] {
        let of_code: Vec<&(String, String)> = sentences.iter().filter(|(c, _)| c == code).collect();
        assert!(of_code.len() >= 20, "{code}: {} sentences", of_code.len());
        let wrong: Vec<String> = of_code
            .iter()
            .filter_map(|(_, sentence)| {
                let detection = open.detect(sentence);
                (detection.code() != code)
                    .then(|| format!("{code} read as {}: {sentence}", detection.code()))
            })
            .collect();
        // one miss in twenty is 95%, the floor; more is a regression
        assert!(wrong.len() <= 1, "{wrong:#?}");
        misses.extend(wrong);
    }
    assert!(misses.len() <= 2, "{misses:#?}");
}

#[test]
fn english_and_italian_sentences_in_the_closed_set() {
    let closed = en_it();
    for (code, sentence) in fixture("short_sentences.tsv") {
        if code == "en" || code == "it" {
            assert_eq!(closed.detect(&sentence).code(), code, "{sentence}");
        }
    }
}

#[test]
fn other_languages_are_never_english_or_italian() {
    let open = Detector::open();
    let closed = en_it();
    let sentences = fixture("other_languages.tsv");
    assert!(sentences.len() >= 30);
    let mut wrong = Vec::new();
    let mut in_six = 0;
    for (code, sentence) in &sentences {
        let answer = open.detect(sentence).code();
        if answer == "en" || answer == "it" {
            wrong.push(format!("{code} read as {answer}: {sentence}"));
        }
        if ["de", "es", "fr", "pt"].contains(&answer) {
            in_six += 1;
        }
        // in run, with the default scope: never counted as English or Italian
        if let ArticleLanguage::InScope(detection) = closed.classify_article(sentence) {
            wrong.push(format!(
                "{code} in scope as {}: {sentence}",
                detection.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Dutch can pass for German and Catalan for Spanish, but rarely
    assert!(
        in_six * 5 <= sentences.len(),
        "{in_six} of {}",
        sentences.len()
    );
}

#[test]
fn confident_answers_are_right() {
    let open = Detector::open();
    let mut confident = 0;
    for (code, sentence) in fixture("short_sentences.tsv")
        .into_iter()
        .chain(fixture("other_languages.tsv"))
    {
        let detection = open.detect(&sentence);
        if detection.confidence >= 0.9 {
            confident += 1;
            assert_eq!(
                detection.code(),
                code,
                "confidence {}: {sentence}",
                detection.confidence
            );
        }
        assert!((0.0..=1.0).contains(&detection.confidence));
    }
    assert!(confident >= 100, "only {confident} confident answers");
}

#[test]
fn names_numbers_and_links_are_not_sentences() {
    let open = Detector::open();
    for text in [
        "2-1 (45')",
        "12:45, 3-1 (2-0)",
        "https://www.example.com/news/2024/01/a-123.html",
        "@kaka #ucl",
        "",
    ] {
        let detection = open.detect(text);
        assert_eq!(detection.code(), "und", "{text:?}");
        assert_eq!(detection.confidence, 0.0);
    }
    for text in [
        "Kaká, Éder Militão",
        "Vinícius Júnior, Rodrygo e Kylian Mbappé",
        "Manchester United",
    ] {
        for detector in [Detector::open(), en_it()] {
            let detection = detector.detect(text);
            assert!(
                !detection.reliable && detection.confidence <= 0.5,
                "{text}: {detection:?}"
            );
        }
    }
    // a link does not make an English sentence any less English
    let with_link = "Read the full interview with the coach at https://example.com/interview";
    assert_eq!(open.detect(with_link).code(), "en");
}

#[test]
fn all_caps_headlines() {
    let open = Detector::open();
    let cases = [
        ("en", "THE COACH WILL STAY UNTIL THE END OF THE SEASON"),
        ("it", "L'ALLENATORE RESTA FINO A FINE STAGIONE"),
        ("es", "EL ENTRENADOR SE QUEDA HASTA FINAL DE TEMPORADA"),
        ("de", "DER TRAINER BLEIBT BIS ZUM SAISONENDE"),
    ];
    for (code, headline) in cases {
        assert_eq!(open.detect(headline).code(), code, "{headline}");
    }
}

#[test]
fn long_texts_and_mixed_articles() {
    let closed = en_it();
    let italian = "L'allenatore ha parlato a lungo con i giornalisti dopo l'allenamento di ieri. \
                   Ha detto che la squadra sta bene e che tutti i giocatori sono a disposizione. \
                   Poi ha aggiunto che la partita di domenica sarà difficile, ma che il gruppo è \
                   pronto. \"We are ready for this game and we want to win it for our fans,\" \
                   ha detto il capitano in inglese ai giornalisti stranieri.";
    let ArticleLanguage::InScope(detection) = closed.classify_article(italian) else {
        panic!("an Italian article with an English quote is Italian");
    };
    assert_eq!(detection.code(), "it");
    assert!(detection.reliable);
    let quote =
        "\"We are ready for this game and we want to win it for our fans,\" said the captain.";
    assert_eq!(closed.sentence_language(quote, "it"), "en");
    let short_quote = "\"Forza ragazzi!\"";
    assert_eq!(closed.sentence_language(short_quote, "en"), "en");
    let names = "Kaká, Éder Militão, Vinícius Júnior, Rodrygo, Endrick e Lucas Paquetá.";
    assert_eq!(closed.sentence_language(names, "en"), "en");

    let spanish = "El entrenador habló largo y tendido con los periodistas después del \
                   entrenamiento de ayer. Dijo que el equipo está bien y que todos los jugadores \
                   están disponibles para el partido del domingo.";
    assert!(matches!(
        closed.classify_article(spanish),
        ArticleLanguage::OtherLang(d) if d.code() == "es"
    ));
    let portuguese = "O treinador falou longamente com os jornalistas depois do treino de ontem. \
                      Disse que a equipe está bem e que todos os jogadores estão disponíveis.";
    assert!(matches!(
        closed.classify_article(portuguese),
        ArticleLanguage::OtherLang(d) if d.code() == "pt"
    ));
}

#[test]
fn detect_command_gives_one_row_per_line() {
    let input = "The coach stays.\nL'allenatore resta.\n\nKaká\n";
    let output = String::from_utf8(common::run_ok(&["detect"], input.as_bytes()).stdout)
        .expect("UTF-8 output");
    let rows: Vec<&str> = output.lines().collect();
    assert_eq!(rows[0], "lang,confidence");
    assert_eq!(rows.len(), 5, "{output}");
    assert!(rows[1].starts_with("en,"), "{output}");
    assert!(rows[2].starts_with("it,"), "{output}");
    assert_eq!(rows[3], "und,0.000");
}

#[test]
fn informal_web_lines() {
    let open = Detector::open();
    let closed = en_it();
    let lines = fixture("informal.tsv");
    assert!(lines.len() >= 25);
    let mut open_misses = Vec::new();
    for (code, line) in &lines {
        assert_eq!(closed.detect(line).code(), code, "closed set: {line}");
        let answer = open.detect(line).code();
        if answer != code {
            open_misses.push(format!("{code} read as {answer}: {line}"));
        }
    }
    // `happy bday bro`: a line this short and this unfamiliar may be a guess, seldom a miss
    assert!(open_misses.len() <= 1, "{open_misses:#?}");
}
