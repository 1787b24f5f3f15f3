//! The decisions on sentences of the shapes that real news has, written by the team.

use std::path::Path;

use super::*;
use crate::tag::Tagger;

const GAZETTEER: &str = "id\tname\ttype\taliases\taliases_it\n\
    italy\tItaly\tNATIONAL_TEAM\tAzzurri\tItalia|Nazionale\n\
    place_italy\tItaly\tPLACE\t\tItalia\n\
    napoli\tNapoli\tCLUB\tSSC Napoli\t\n\
    place_naples\tNaples\tPLACE\tNapoli\tNapoli\n\
    milan\tAC Milan\tCLUB\tMilan\t\n\
    peru\tPeru\tNATIONAL_TEAM\tPER\t\n\
    swiss\tSwitzerland\tNATIONAL_TEAM\tCHE\t\n\
    klopp\tJürgen Klopp\tCOACH\tKlopp\t\n\
    conte\tAntonio Conte\tCOACH\tConte\t\n\
    villa\tAston Villa\tCLUB\t\t\n\
    rep\tLa Repubblica\tMEDIA\tRepubblica\t\n\
    wc\tFIFA World Cup\tCOMPETITION\tWorld Cup\tMondiali\n\
    letter\tÖ Club\tCLUB\tö\t\n";

struct Fixture {
    gazetteer: Gazetteer,
    tagger: Tagger,
    resolver: Resolver,
}

fn fixture() -> Fixture {
    let gazetteer = Gazetteer::parse(Path::new("test.tsv"), GAZETTEER.as_bytes(), b'\t').unwrap();
    let tagger = Tagger::new(&gazetteer).unwrap();
    let resolver = Resolver::new(&gazetteer);
    Fixture {
        gazetteer,
        tagger,
        resolver,
    }
}

/// The mentions of an article (one sentence a line) as `surface=entity_id/decision`.
fn resolve(fixture: &Fixture, lang: &str, article: &str) -> Vec<String> {
    let inputs: Vec<SentenceInput<'_>> = article
        .lines()
        .map(|text| SentenceInput {
            text,
            lang,
            heading: false,
            candidates: fixture.tagger.tag(text, Some(lang)),
        })
        .collect();
    let resolved = fixture.resolver.resolve(&inputs);
    inputs
        .iter()
        .zip(resolved)
        .flat_map(|(input, mentions)| {
            mentions
                .into_iter()
                .map(|m| {
                    format!(
                        "{}={}/{}",
                        m.surface(input.text),
                        fixture.gazetteer.entity(m.entity).id,
                        m.decision.as_str()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn common_words_at_the_start_of_a_sentence_are_words() {
    let f = fixture();
    assert!(resolve(&f, "it", "Per il governo la manovra è pronta.").is_empty());
    assert!(resolve(&f, "it", "Ha detto: «Che cosa vuoi?»").is_empty());
    // codes written in capitals in the gazetteer match only capitals
    assert!(resolve(&f, "it", "Il gruppo Per la Pace e Che Guevara.").is_empty());
    assert_eq!(
        resolve(&f, "en", "PER beat CHE in the qualifier."),
        ["PER=peru/name", "CHE=swiss/name"]
    );
}

#[test]
fn one_character_forms_are_ignored_with_a_warning() {
    let f = fixture();
    assert!(resolve(&f, "it", "Vuoi questo ö quello?").is_empty());
    assert!(f.resolver.warnings()[0].contains("one-character"));
}

#[test]
fn pieces_of_longer_names_are_not_mentions() {
    let f = fixture();
    for text in [
        "Milan Kundera wrote it.",
        "They met in via Napoli yesterday.",
        "Forza Italia won the vote.",
        "The Biblioteca Nazionale opens today.",
        "The Comic Corps of Italy collects comics.",
        "She sang with Paolo Conte last night.",
    ] {
        assert!(resolve(&f, "en", text).is_empty(), "{text}");
    }
}

#[test]
fn a_town_is_a_place_and_a_club_in_a_match_is_the_club() {
    let f = fixture();
    assert_eq!(
        resolve(&f, "it", "Una gita a Napoli per le scuole della provincia."),
        ["Napoli=place_naples/context"]
    );
    assert_eq!(
        resolve(&f, "it", "Il Napoli ha battuto la Lazio 2-1 in campionato."),
        ["Napoli=napoli/context"]
    );
    assert_eq!(
        resolve(&f, "it", "L'Italia approva la manovra del governo."),
        ["Italia=place_italy/context"]
    );
    assert_eq!(
        resolve(
            &f,
            "en",
            "Italy beat Spain 2-1 with a late goal and the coach praised the squad."
        ),
        ["Italy=italy/context"]
    );
}

#[test]
fn another_sports_team_is_not_the_football_one() {
    let f = fixture();
    assert!(resolve(
        &f,
        "it",
        "Nel rugby l'Italia ha perso contro il Galles, due mete."
    )
    .iter()
    .all(|m| !m.contains("=italy/")));
    assert!(resolve(
        &f,
        "it",
        "I Mondiali di nuoto si chiudono con tre ori per il nuoto."
    )
    .is_empty());
}

#[test]
fn short_forms_count_after_the_full_name() {
    let f = fixture();
    assert_eq!(
        resolve(
            &f,
            "en",
            "Aston Villa beat the leaders in the league.\nVilla scored twice before half-time."
        ),
        ["Aston Villa=villa/name", "Villa=villa/short_form"]
    );
    assert_eq!(
        resolve(
            &f,
            "en",
            "Jürgen Klopp spoke after the match.\nKlopp said the squad was tired."
        ),
        ["Jürgen Klopp=klopp/name", "Klopp=klopp/short_form"]
    );
    // a bare first word that nothing set up stays a word
    assert!(resolve(&f, "en", "The villa by the sea was sold.").is_empty());
}

#[test]
fn a_surname_the_article_gives_to_someone_else_is_not_the_gazetteers_person() {
    let f = fixture();
    assert!(resolve(
        &f,
        "it",
        "Il cantante Paolo Conte ha suonato ad Asti.\nConte ha poi ringraziato il pubblico."
    )
    .is_empty());
}

#[test]
fn names_written_together_are_found() {
    let f = fixture();
    assert_eq!(
        resolve(&f, "en", "Fans of #AstonVilla celebrated the win."),
        ["AstonVilla=villa/name"]
    );
}

#[test]
fn an_ordinary_word_name_needs_its_sense() {
    let f = fixture();
    assert!(resolve(
        &f,
        "it",
        "Il presidente della Repubblica ha firmato la legge."
    )
    .is_empty());
    assert_eq!(
        resolve(&f, "it", "Lo scrive Repubblica in un articolo di oggi."),
        ["Repubblica=rep/context"]
    );
}

#[test]
fn entity_classes_come_from_free_type_labels() {
    assert_eq!(Class::of_type("national_team"), Class::Team);
    assert_eq!(Class::of_type("CITY"), Class::Place);
    assert_eq!(Class::of_type("PLAYER"), Class::Person);
    assert_eq!(Class::of_type("COMPETITION"), Class::Competition);
    assert_eq!(Class::of_type("STADIUM"), Class::Other);
}

/// The built-in gazetteer, for the rules that lean on its rows (lowercase World Cup nouns,
/// Italy's generic names, the place rows of towns).
fn builtin_fixture() -> Fixture {
    let gazetteer = Gazetteer::builtin();
    let tagger = Tagger::new(&gazetteer).unwrap();
    let resolver = Resolver::new(&gazetteer);
    Fixture {
        gazetteer,
        tagger,
        resolver,
    }
}

fn entities(found: &[String]) -> Vec<&str> {
    found
        .iter()
        .map(|m| m.split(['=', '/']).nth(1).unwrap())
        .collect()
}

#[test]
fn lowercase_world_cup_nouns_count_only_as_nouns_in_sport_text() {
    let f = builtin_fixture();
    let sport = "Il commissario tecnico ha portato la squadra ai mondiali del 1982.\n\
                 Nel mondiale 1974 la squadra pareggiò la partita con un gol.";
    assert_eq!(
        entities(&resolve(&f, "it", sport)),
        ["fifa_world_cup", "fifa_world_cup"]
    );
    // an adjective, and a noun in news that is not about the sport
    assert!(resolve(
        &f,
        "it",
        "Dopo la seconda guerra mondiale la città fu ricostruita."
    )
    .is_empty());
    assert!(resolve(
        &f,
        "it",
        "La temperatura media mondiale segna un nuovo record."
    )
    .is_empty());
}

#[test]
fn italy_the_country_and_italy_the_team() {
    let f = builtin_fixture();
    let found = resolve(
        &f,
        "it",
        "In Italia divenne famoso perché segnò un gol nella partita del mondiale 1974.",
    );
    assert!(!entities(&found).contains(&"italy"), "{found:?}");
    let found = resolve(
        &f,
        "it",
        "Guidò la nazionale di calcio nei mondiali del 1982 e vinse la finale 3-1.",
    );
    assert!(entities(&found).contains(&"italy"), "{found:?}");
}

#[test]
fn a_generic_name_qualified_as_another_is_not_italys() {
    let f = builtin_fixture();
    for text in [
        "La partita tra Nazionale italiana cantanti e Nazionale Calcio TV è finita 3-2.",
        "Il capitano della nazionale del Paraguay ha segnato un gol nella partita.",
        "La Federcalcio europea ha parlato di responsabilità.",
        "Oggi si celebra la festa della Repubblica italiana.",
    ] {
        let found = resolve(&f, "it", text);
        for id in ["italy", "italian_football_federation", "la_repubblica"] {
            assert!(!entities(&found).contains(&id), "{text}: {found:?}");
        }
    }
}

#[test]
fn an_office_holder_after_a_club_and_a_fixture_keep_the_name() {
    let f = builtin_fixture();
    let found = resolve(
        &f,
        "it",
        "La commissione è composta dal presidente della Uefa Lennart Johansson e da altri membri.",
    );
    assert_eq!(entities(&found), ["uefa"]);
    let found = resolve(
        &f,
        "it",
        "I giocatori indosseranno il lutto nella partita Atalanta - Milan Cordoglio è stato espresso.",
    );
    assert!(entities(&found).contains(&"ac_milan"), "{found:?}");
}

#[test]
fn coordinated_names_with_a_shared_head_and_towns_after_an_article() {
    let f = builtin_fixture();
    assert!(resolve(
        &f,
        "en",
        "Cuts are pencilled in for cod and sole in the Celtic and Irish Seas."
    )
    .is_empty());
    // the club of a town the built-in gazetteer lists only as a place
    let found = resolve(
        &f,
        "it",
        "Il posto vacante in Champions potrebbe essere assegnato al Palermo.",
    );
    assert!(!entities(&found).contains(&"place_palermo"), "{found:?}");
}

/// Deciding an article a window of sentences at a time, after gathering it whole (how the run
/// does a very long article in bounded memory), gives the decisions of `resolve` over it all.
#[test]
fn windows_of_an_article_are_decided_as_the_whole() {
    let f = fixture();
    let articles = [
        "Jürgen Klopp arrived.\nKlopp said the team won 2-1.\nThe coach thanked the fans.",
        "Napoli beat AC Milan 3-0 in the league.\nIn Napoli the fans sang.\nNapoli is a town.",
        "Paolo Conte sang in Italy.\nConte played the piano.\nAntonio Conte watched.\nConte smiled.",
        "The AstonVilla fans.\nNo name here at all.\nThen Aston Villa won.\nVilla scored again.",
        "Nothing to see.\nNothing at all.",
        "Italy played Peru in the World Cup qualifier, a match of football.\nItaly won.\nThe \
         Azzurri goal came late in the second half of the match.\nItaly is a country.",
    ];
    for article in articles {
        for lang in ["en", "it"] {
            let inputs: Vec<SentenceInput<'_>> = article
                .lines()
                .map(|text| SentenceInput {
                    text,
                    lang,
                    heading: false,
                    candidates: f.tagger.tag(text, Some(lang)),
                })
                .collect();
            let whole = f.resolver.resolve(&inputs);
            let mut facts = ArticleFacts::default();
            for input in &inputs {
                f.resolver.gather(&mut facts, input);
            }
            for window in 1..=inputs.len() {
                let mut resolution = f.resolver.article(&facts);
                let windowed: Vec<Vec<Mention>> = inputs
                    .chunks(window)
                    .flat_map(|chunk| resolution.resolve(chunk))
                    .collect();
                assert_eq!(windowed, whole, "{article:?} in windows of {window}");
            }
        }
    }
}

#[test]
fn masculine_articles_are_italian_articles() {
    for article in words::MASCULINE_ARTICLES_IT.words() {
        assert!(words::ITALIAN_ARTICLES.contains(article), "{article}");
    }
}
