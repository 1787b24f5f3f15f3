//! Spans that are not mentions, whatever the gazetteer: the guards a careful reader applies
//! before asking which entity a name is.

use super::text::{is_title_case, Word};
use super::words::{self, WordList};
use super::{Class, Resolver, SentenceInput};
use crate::ascii8;
use crate::tag;

/// Where a candidate span sits among the words of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The index of the span's first and last word (`None` when the span does not start or
    /// end on a word, which a tagger's span always does unless it is made of symbols).
    pub first: Option<usize>,
    pub last: Option<usize>,
}

impl Span {
    pub fn locate(candidate: &tag::Mention, words: &[Word]) -> Span {
        let first = words
            .iter()
            .position(|w| w.byte_end > candidate.byte_start)
            .filter(|&i| words[i].byte_start < candidate.byte_end);
        let last = words
            .iter()
            .rposition(|w| w.byte_start < candidate.byte_end)
            .filter(|&i| words[i].byte_end > candidate.byte_start);
        Span { first, last }
    }

    pub fn single_word(&self) -> bool {
        matches!((self.first, self.last), (Some(a), Some(b)) if a == b)
    }
}

/// Whether a gazetteer form is a short code in capitals that ordinary text writes as a word
/// (`PER`, `CHE`, `CAN`, `DEN`, `ÍF`): such forms match only text in capitals. Codes that are no
/// word (`UEFA`, `PSG`) match as the press writes them too (`Uefa`, `Psg`).
pub fn is_short_code(form: &str) -> bool {
    // (read for every form of the gazetteer at start-up: no allocation until it is one)
    let mut letters = 0;
    for c in form.chars() {
        if c == ' ' || (c.is_alphabetic() && !c.is_uppercase()) {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    if !(2..=5).contains(&letters) {
        return false;
    }
    let key = crate::tag::fold(form);
    letters == 2
        || ["en", "it", "es", "fr", "de", "pt"]
            .iter()
            .any(|lang| words::common_words(lang).contains(&key))
}

/// Characters that open a sentence-like piece inside a sentence: after one, a capital is the
/// capital of a first word, not of a name.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '«' | '‘' | '\'' | '(' | '[' | '{' | '—' | '–' | '-' | '•' | '*' | ':' | '…'
    )
}

/// Whether the span starts its sentence, or starts a piece after an opening quote, bracket,
/// dash, bullet or colon.
pub fn starts_a_sentence(text: &str, byte_start: usize) -> bool {
    let before = text[..byte_start].trim_end();
    match before.chars().last() {
        None => true,
        Some(c) => is_opener(c),
    }
}

/// Words for days and months: a capitalized one next to a name does not make a longer name
/// (`Italy Saturday`, `Napoli Domenica`). Full names only, folded: unlike the date reader's
/// lists (`dates`), no abbreviation, as `Sun`, `Mar` or `Set` next to a name are often part
/// of it (a newspaper, a place, a word).
static CALENDAR: WordList = WordList::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "lunedi",
    "martedi",
    "mercoledi",
    "giovedi",
    "venerdi",
    "sabato",
    "domenica",
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
]);

/// Italian elided articles and prepositions before an apostrophe (`dell'Inter`, `l'Italia`):
/// the name after them stands alone.
static ELIDED: WordList = WordList::new(&[
    "l", "dell", "all", "dall", "nell", "sull", "d", "un", "coll", "quell", "sant", "bell",
]);

/// Whether the candidate is not a mention at all, before any question of its sense.
#[allow(clippy::too_many_arguments)]
pub fn reject(
    resolver: &Resolver,
    candidate: &tag::Mention,
    key: &str,
    surface: &str,
    sentence: &SentenceInput<'_>,
    words: &[Word],
    span: Span,
    in_capitals: bool,
) -> bool {
    if key.chars().count() <= 1 {
        return true;
    }
    let has_lowercase = surface.chars().any(char::is_lowercase);
    if has_lowercase && resolver.caps_only.contains(key) {
        return true;
    }
    if !has_lowercase && !key.contains(' ') && words::COMMON_ACRONYMS.contains(key) {
        return true;
    }
    let title_case = sentence.heading && is_title_case(words);
    // in Title Case or in capitals, a capital says nothing of a longer name
    let capitals_say_nothing = title_case || in_capitals;
    // a code in capitals (`PER beat CHE`) is the code, unless the whole sentence shouts
    let code_in_capitals = !has_lowercase
        && resolver.caps_only.contains(key)
        && sentence.text.chars().filter(|c| c.is_lowercase()).count() * 2
            > sentence.text.chars().filter(|c| c.is_alphabetic()).count();
    if span.single_word() && !code_in_capitals && words::common_words(sentence.lang).contains(key) {
        let lowercase = !surface.chars().any(char::is_uppercase);
        if lowercase
            || title_case
            || in_capitals
            || starts_a_sentence(sentence.text, candidate.byte_start)
        {
            return true;
        }
    }
    let class = resolver.class(candidate.entity);
    let (Some(first), Some(last)) = (span.first, span.last) else {
        return false;
    };
    let text = sentence.text;
    if first > 0 {
        let previous = &words[first - 1];
        let gap = &text[previous.byte_end..candidate.byte_start];
        if gap.trim().is_empty() && words::STREET_FRAMES.contains(&previous.folded) {
            return true;
        }
        if matches!(gap, "'" | "’") && previous.capitalized && !ELIDED.contains(&previous.folded)
        {
            // O'Brien, D'Alessandro: the span is the end of a name joined by an apostrophe
            return true;
        }
        if !capitals_say_nothing
            && class != Class::Media
            && inside_longer_name(resolver, sentence, words, first, class)
        {
            // Comic Corps of Canada, Banca d'Italia, Autostrade per l'Italia, Presidente della
            // Repubblica: a piece of the name of something else
            return true;
        }
        if !capitals_say_nothing
            && class != Class::Media
            && (gap == " " || gap == "-")
            && previous.capitalized
            && !words::TITLES.contains(&previous.folded)
            && !CALENDAR.contains(&previous.folded)
            && !in_candidate(sentence, previous)
            && !(first == 1
                && starts_a_sentence(text, previous.byte_start)
                && words::common_words(sentence.lang).contains(&previous.folded))
        {
            // Forza Italia, Biblioteca Nazionale, Paolo Conte: the end of a longer name
            return true;
        }
    }
    if shares_a_plural_head(sentence, words, last) {
        return true;
    }
    if sentence.lang == "it"
        && qualified_as_another(
            resolver,
            key,
            class,
            words,
            last,
            text,
            capitals_say_nothing,
        )
    {
        return true;
    }
    let after = &text[candidate.byte_end..];
    if let Some(rest) = after.strip_prefix('\'').or_else(|| after.strip_prefix('’')) {
        let letters: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        if letters == "s" || letters == "S" {
            // a possessive: fine, unless it opens another name (America's Cup)
            if let Some(next) = words.get(last + 1) {
                let next = if next.folded == "s" {
                    words.get(last + 2)
                } else {
                    Some(next)
                };
                if let Some(next) = next {
                    if next.capitalized && words::POSSESSIVE_NAME_HEADS.contains(&next.folded) {
                        return true;
                    }
                }
            }
        } else if !letters.is_empty() {
            // Eto'o: the span is the start of a name joined by an apostrophe
            return true;
        }
    }
    if let Some(next) = words.get(last + 1) {
        let gap = &text[candidate.byte_end..next.byte_start];
        if !capitals_say_nothing
            && (gap == " " || gap == "-")
            && next.capitalized
            && !in_candidate(sentence, next)
            && !words::HEAD_SUFFIXES.contains(&next.folded)
            && !CALENDAR.contains(&next.folded)
            && class != Class::Media
            // an acronym before a name is an apposition (`la FIFA Joseph Blatter`)
            && !(surface.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && surface.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            && !(class == Class::Team && resolver.places.contains(next.folded.as_str()))
            && !after_role(words, first, text)
            && !super::senses::fixture(resolver, sentence, span, words)
        {
            // Milan Kundera, Japan Airlines, Liverpool Street: the start of a longer name
            return true;
        }
    }
    false
}

/// Whether a common noun that Italian writes as one institution's name (`Nazionale`,
/// `Federcalcio`, `Repubblica`) is qualified as another's by what follows it: another country's
/// adjective (`la Nazionale argentina`, `la Federcalcio europea`; for the newspaper any such
/// adjective, `la Repubblica italiana` being the state), a youth or women's side (`la
/// Nazionale U21`), or `di`/`del` and a country (`la nazionale del Paraguay`; but `la Nazionale
/// di Spalletti` is still Italy's).
fn qualified_as_another(
    resolver: &Resolver,
    key: &str,
    class: Class,
    words: &[Word],
    last: usize,
    text: &str,
    capitals_say_nothing: bool,
) -> bool {
    let noun = key
        .strip_prefix("la ")
        .or_else(|| key.strip_prefix("il "))
        .or_else(|| key.strip_prefix("l'"))
        .unwrap_or(key);
    if !words::GENERIC_NAME_NOUNS.contains(noun) {
        return false;
    }
    let Some(next) = words.get(last + 1) else {
        return false;
    };
    let gap = &text[words[last].byte_end..next.byte_start];
    if gap != " " {
        return false;
    }
    let n = next.folded.as_str();
    // in Title Case or in capitals a capital says nothing of a name
    if (!next.capitalized || capitals_say_nothing) && words::DEMONYMS_IT.contains(n) {
        return class == Class::Media || !words::ITALIAN_OWN.contains(n);
    }
    if noun.starts_with("nazionale") {
        // `la Nazionale U21`, `la Nazionale italiana cantanti`; and a capitalized word after
        // it makes the name of another side (`Nazionale Calcio TV`, `Nazionale Italiana
        // Cantanti`) unless it is Italy's own adjective (`la Nazionale Azzurra`)
        if words::OTHER_SIDE.contains(n)
            || (next.capitalized && !capitals_say_nothing && !words::ITALIAN_OWN.contains(n))
        {
            return true;
        }
    }
    if matches!(n, "di" | "del" | "della" | "dell" | "dello" | "dei") {
        if let Some(owner) = words.get(last + 2) {
            let is_country = resolver.entities_with(&owner.folded).iter().any(|&e| {
                resolver.national[e as usize] || resolver.class(e as usize) == Class::Place
            });
            return owner.capitalized && owner.folded != "italia" && is_country;
        }
    }
    false
}

/// Whether the span is the first of two coordinated names that share a plural head written
/// after the second (`the Celtic and Irish Seas`: `Celtic` names a sea, not the club).
fn shares_a_plural_head(sentence: &SentenceInput<'_>, words: &[Word], last: usize) -> bool {
    let text = sentence.text;
    let (Some(joiner), Some(second), Some(head)) = (
        words.get(last + 1),
        words.get(last + 2),
        words.get(last + 3),
    ) else {
        return false;
    };
    let spaced = |a: &Word, b: &Word| &text[a.byte_end..b.byte_start] == " ";
    matches!(joiner.folded.as_str(), "and" | "e" | "ed")
        && spaced(&words[last], joiner)
        && spaced(joiner, second)
        && spaced(second, head)
        && second.capitalized
        && head.capitalized
        && !in_candidate(sentence, second)
        && words::SHARED_PLURAL_HEADS.contains(&head.folded)
}

/// Continents, in the languages of the press: places that are no gazetteer row.
static CONTINENTS: WordList = WordList::new(&[
    "europa",
    "europe",
    "africa",
    "asia",
    "america",
    "oceania",
    "sudamerica",
]);

/// Whether a folded word names a place (a continent, or a form of a place row).
fn is_place_word(resolver: &Resolver, folded: &str) -> bool {
    CONTINENTS.contains(folded) || resolver.places.contains(folded)
}

/// Whether most letters of the text are capitals (a text written in capitals).
pub fn mostly_capitals(text: &str) -> bool {
    let (letters, upper) = letters_and_capitals(text);
    letters >= 8 && upper * 10 >= letters * 8
}

/// How many letters `text` has, and how many of them are capitals.
fn letters_and_capitals(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut letters = 0;
    let mut upper = 0;
    let mut at = 0;
    while at < bytes.len() {
        // eight ASCII bytes at once: most of a sentence, and far cheaper than the Unicode
        // tables (see `ascii8`)
        if let Some(chunk) = ascii8::load(bytes, at).filter(|chunk| chunk & ascii8::HIGH == 0) {
            let classes = ascii8::Classes::of(chunk);
            letters += classes.letters.count_ones() as usize;
            upper += classes.capitals.count_ones() as usize;
            at += 8;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let letter = c.is_alphabetic();
        letters += usize::from(letter);
        upper += usize::from(letter && c.is_uppercase());
        at += c.len_utf8();
    }
    (letters, upper)
}

/// Whether a word is inside one of the sentence's candidate spans (`Roma` in `Lazio-Roma`).
fn in_candidate(sentence: &SentenceInput<'_>, word: &Word) -> bool {
    sentence
        .candidates
        .iter()
        .any(|c| c.byte_start <= word.byte_start && word.byte_end <= c.byte_end)
}

/// Whether the span follows a role and its joining word (`presidente della Uefa`,
/// `Amministratore Delegato della Juventus`, `chairman of Everton`): the capitalized words
/// after such a span are the holder's name in apposition (`della Uefa Lennart Johansson`), not
/// the rest of a longer name.
fn after_role(words: &[Word], first: usize, text: &str) -> bool {
    if first < 2 {
        return false;
    }
    let joiner = &words[first - 1];
    let role = &words[first - 2];
    let gap = &text[joiner.byte_end..words[first].byte_start];
    (gap == " " || gap == "'" || gap == "’")
        && NAME_JOINERS.contains(&joiner.folded)
        && ROLE_NOUNS.contains(&role.folded)
}

/// Roles that Italian and English news often capitalize before a club (`Presidente della
/// Juventus`, `Chairman of Everton`).
static ROLE_NOUNS: WordList = WordList::new(&[
    "presidente",
    "amministratore",
    "delegato",
    "direttore",
    "allenatore",
    "tecnico",
    "capitano",
    "vicepresidente",
    "dirigente",
    "chairman",
    "president",
    "owner",
    "manager",
    "coach",
    "captain",
    "director",
    "chief",
    "executive",
    "ceo",
    "ds",
]);

/// Function words that join the parts of an institution's name (`Banca d'Italia`, `Autostrade
/// per l'Italia`, `Bank of England`).
static NAME_JOINERS: WordList = WordList::new(&[
    "di", "del", "della", "dello", "dei", "degli", "delle", "d", "dell", "l", "la", "per", "of",
    "the", "for", "de", "du", "des", "do", "dos", "da",
]);

/// Whether the word at `first` ends a longer name whose capitalized head comes before one or two
/// joining words: `Corps of Canada`, `Banca d'Italia`, `Autostrade per l'Italia`. A head that is
/// itself a candidate (`la Juventus di Allegri`) or a common word starting the sentence does not
/// count; a place-frame noun (`provincia di Napoli`) counts for names that are not places or
/// teams, whose place sense the senses decide.
fn inside_longer_name(
    resolver: &Resolver,
    sentence: &SentenceInput<'_>,
    words: &[Word],
    first: usize,
    class: Class,
) -> bool {
    let text = sentence.text;
    let mut index = first;
    for joiners in 1..=2 {
        if index == 0 {
            return false;
        }
        let joiner = &words[index - 1];
        let gap = &text[joiner.byte_end..words[index].byte_start];
        if !(gap == " " || gap == "'" || gap == "’") || !NAME_JOINERS.contains(&joiner.folded) {
            return false;
        }
        index -= 1;
        if index == 0 {
            return false;
        }
        let head = &words[index - 1];
        let gap = &text[head.byte_end..joiner.byte_start];
        if gap != " " {
            continue;
        }
        // a capital at the start of a sentence, or on a role (`Amministratore Delegato della
        // Juventus`), says little; for a team the senses weigh such frames instead
        // nor does a place (`i successi in Europa del Milan`): a place heads no institution
        let weak_head = ROLE_NOUNS.contains(&head.folded)
            || (matches!(class, Class::Team | Class::Place)
                && is_place_word(resolver, &head.folded))
            || ((class == Class::Team || class == Class::Place)
                && starts_a_sentence(text, head.byte_start));
        if head.capitalized
            && !weak_head
            && !in_candidate(sentence, head)
            && !words::common_words(sentence.lang).contains(&head.folded)
            && !CALENDAR.contains(&head.folded)
        {
            return true;
        }
        if joiners == 1
            && class != Class::Team
            && class != Class::Place
            && words::PLACE_FRAME_NOUNS.contains(&head.folded)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::letters_and_capitals;

    /// The count as first written: a walk over the characters.
    fn by_characters(text: &str) -> (usize, usize) {
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let upper = text
            .chars()
            .filter(|c| c.is_alphabetic() && c.is_uppercase())
            .count();
        (letters, upper)
    }

    #[test]
    fn letters_and_capitals_are_counted_in_ascii_and_beyond() {
        for text in [
            "",
            "ITALIA-BRASILE 2-1: DOPPIETTA DI KAKÁ",
            "Kaká e Éder Militão",
            "abcdefgh",
            "ABCDEFGHIJKLMNOP qrstuvwxyz ǅemal ΑΘΗΝΑ 東京",
        ] {
            assert_eq!(letters_and_capitals(text), by_characters(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn eight_bytes_at_a_time_count_as_characters_do(
            text in "[a-zA-Z0-9 ,.@\\[`{àÉßǅΑω東-]{0,40}"
        ) {
            proptest::prop_assert_eq!(letters_and_capitals(&text), by_characters(&text));
        }
    }
}
