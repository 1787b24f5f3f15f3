//! End to end: a user's gazetteer whose names have several senses, told apart by its `context`
//! column (README, "Writing a gazetteer whose names have several senses").

mod common;

use common::{run_corpus, Table};

const GAZETTEER: &str = "id\tname\ttype\taliases\tcontext\n\
antonio_conte\tAntonio Conte\tCOACH\tConte\tallenatore|partita|Serie A\n\
paolo_conte\tPaolo Conte\tPERSON\tConte\tcantante|canzone|concerto\n\
napoli\tNapoli\tCLUB\t\tcampionato|gol\n\
place_naples\tNaples\tCITY\tNapoli\tsindaco|comune|provincia\n";

const ARTICLES: &str = concat!(
    r#"{"id":"coach","text":"L'allenatore Conte ha parlato a lungo dopo la partita di ieri sera.\n\nConte ha detto che la squadra ha giocato molto bene per tutto il tempo."}"#,
    "\n",
    r#"{"id":"singer","text":"Il cantante Conte ha presentato una nuova canzone durante il concerto di ieri sera, davanti a molte persone."}"#,
    "\n",
    r#"{"id":"unsure","text":"Ieri Conte ha visitato una mostra in centro insieme ad alcuni amici di vecchia data."}"#,
    "\n",
    r#"{"id":"town","text":"Il sindaco di Napoli ha presentato ieri il bilancio del comune ai consiglieri."}"#,
    "\n",
    r#"{"id":"club","text":"Il Napoli ha vinto la partita con due gol e ora guida il campionato da solo."}"#,
    "\n",
);

/// (article, surface, entity_id, decision) of every mention.
fn mentions() -> (Vec<(String, String, String, String)>, Table) {
    let dir = tempfile::tempdir().unwrap();
    let gazetteer = dir.path().join("senses.tsv");
    std::fs::write(&gazetteer, GAZETTEER).unwrap();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, ARTICLES).unwrap();
    let out = dir.path().join("out");
    run_corpus(&input, &out, &["--gazetteer", gazetteer.to_str().unwrap()]);
    let coverage = Table::read(&out.join("coverage.csv"));
    let table = Table::read(&out.join("mentions.csv"));
    let found = table
        .rows
        .iter()
        .map(|row| {
            (
                table.get(row, "article_id").to_owned(),
                table.get(row, "surface").to_owned(),
                table.get(row, "entity_id").to_owned(),
                table.get(row, "decision").to_owned(),
            )
        })
        .collect();
    (found, coverage)
}

fn of(
    mentions: &[(String, String, String, String)],
    article: &str,
) -> Vec<(String, String, String)> {
    mentions
        .iter()
        .filter(|m| m.0 == article)
        .map(|m| (m.1.clone(), m.2.clone(), m.3.clone()))
        .collect()
}

fn triple(surface: &str, entity: &str, decision: &str) -> (String, String, String) {
    (surface.to_owned(), entity.to_owned(), decision.to_owned())
}

#[test]
fn context_words_choose_among_the_senses_of_a_name() {
    let (found, coverage) = mentions();
    // the coach: a context word in the first sentence, and in the article for the second
    assert_eq!(
        of(&found, "coach"),
        vec![
            triple("Conte", "antonio_conte", "context"),
            triple("Conte", "antonio_conte", "context"),
        ]
    );
    assert_eq!(
        of(&found, "singer"),
        vec![triple("Conte", "paolo_conte", "context")]
    );
    // no word of either sense: listed, but not counted
    let unsure = of(&found, "unsure");
    assert_eq!(unsure.len(), 1, "{unsure:?}");
    assert_eq!(
        (unsure[0].0.as_str(), unsure[0].2.as_str()),
        ("Conte", "ambiguous")
    );
    assert!(["antonio_conte", "paolo_conte"].contains(&unsure[0].1.as_str()));
    assert_eq!(
        of(&found, "town"),
        vec![triple("Napoli", "place_naples", "context")]
    );
    assert_eq!(
        of(&found, "club"),
        vec![triple("Napoli", "napoli", "context")]
    );
    // the coverage counts only what was decided
    let count = |id: &str, column: &str| {
        let row = coverage.rows_where("entity_id", id);
        assert_eq!(row.len(), 1, "{id} in coverage.csv");
        coverage.get(row[0], column).to_owned()
    };
    assert_eq!(count("antonio_conte", "it_mentions"), "2");
    assert_eq!(count("paolo_conte", "it_mentions"), "1");
    assert_eq!(count("napoli", "it_mentions"), "1");
    assert_eq!(count("place_naples", "it_mentions"), "1");
}
