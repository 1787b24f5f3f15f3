//! Deciding what *is* a mention: the stage after [`tag`](crate::tag).
//!
//! The tagger is the letter of SPEC's matching policy: it finds every span that *can* be a
//! form of a gazetteer entity. That letter is not enough for counts anyone can quote: on real
//! news a country is mostly a place and not its national team, a town is a town before it is a
//! club, `Per` at the start of an Italian sentence is a preposition and not Peru's code, and
//! `Milan` in "Milan Kundera" is a piece of another name. This stage does what a careful reader
//! does, article by article, and says for each mention how it was decided
//! ([`Decision`](crate::model::Decision)):
//!
//! 1. **Guards**, for any gazetteer ([`guards`]): one-character forms; capitalized common words
//!    at the start of a sentence (or after an opening quote, bracket, dash or colon) in the
//!    sentence's language; short codes written in capitals in the gazetteer (`PER`, `CHE`)
//!    that the text does not write in capitals; common acronyms (`MP`); spans inside a longer
//!    capitalized name or one joined by an apostrophe, unless the entity is the head of that
//!    name (`England Under-21`); street frames (`via Roma`).
//! 2. **Senses** ([`senses`]): a span that names a team and a place (the built-in gazetteer's
//!    `PLACE` rows, or a user's rows of a place type) is decided from its context: the sport's
//!    vocabulary, scores and fixtures, other teams and competitions around it, Italian articles
//!    (`il Napoli` is the club, `a Napoli` the town), against place frames and the vocabulary of
//!    public life. A team of another sport is not the football one. What the context cannot
//!    settle is kept as `ambiguous`, out of the coverage counts.
//! 3. **Short forms** ([`short_forms`]): a surname or a club's short form counts when the
//!    article has named the entity in full before (`Klopp` after `Jürgen Klopp`, `Villa` after
//!    `Aston Villa`); a surname that the article ties to someone else (`Conte` in a story about
//!    Paolo Conte) is not the gazetteer's person. Names written together (`AstonVilla`) are
//!    found too.
//!
//! Everything here is a pure function of the article's sentences, their languages and the
//! tagger's candidates, so it can be tested alone; it is cheap where there is nothing to
//! decide (an article without candidates costs nothing).

mod guards;
mod senses;
mod short_forms;
mod text;
pub mod words;

// FxHash: the keys are the gazetteer's and the program's own word lists, looked up for every
// word of every sentence (SipHash's protection against crafted keys buys nothing here)
use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use std::sync::OnceLock;

use crate::gazetteer::{FormKind, Gazetteer, BUILTIN_TSV};
use crate::model::{Decision, Mention};
use crate::tag::{self, fold};

pub use text::Word;

/// What a type label of a gazetteer says an entity is, for the senses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A club or a national team.
    Team,
    /// A country, a town, a region.
    Place,
    /// A player, a coach, any person.
    Person,
    /// A competition.
    Competition,
    /// A newspaper or broadcaster.
    Media,
    /// Anything else (stadiums, federations, awards).
    Other,
}

impl Class {
    /// The class of a free type label (`CLUB`, `NATIONAL_TEAM`, `CITY`, `PLAYER`...).
    pub fn of_type(label: &str) -> Class {
        let label = label.trim().to_ascii_uppercase();
        match label.as_str() {
            "CLUB" | "CLUB_RESERVE" | "NATIONAL_TEAM" | "TEAM" | "SQUAD" => Class::Team,
            "PLACE" | "CITY" | "TOWN" | "COUNTRY" | "REGION" | "LOCATION" | "GPE" | "STATE"
            | "VILLAGE" | "PROVINCE" => Class::Place,
            "PERSON" | "PLAYER" | "COACH" | "MANAGER" | "REFEREE" | "PRESIDENT" | "OWNER"
            | "AGENT" | "EXECUTIVE" => Class::Person,
            "COMPETITION" | "COMPETITION_EDITION" | "TOURNAMENT" | "LEAGUE" => Class::Competition,
            "MEDIA" | "NEWSPAPER" | "BROADCASTER" => Class::Media,
            _ if label.ends_with("_TEAM") || label.ends_with("CLUB") => Class::Team,
            _ => Class::Other,
        }
    }
}

/// One sentence of an article as this stage sees it.
#[derive(Debug, Clone)]
pub struct SentenceInput<'a> {
    pub text: &'a str,
    /// The sentence's language (ISO 639-1).
    pub lang: &'a str,
    /// A title or sub-heading (often written in Title Case, where every word has a capital).
    pub heading: bool,
    /// The tagger's candidates, in reading order, without overlaps.
    pub candidates: Vec<tag::Mention>,
}

/// The decisions' knowledge of a gazetteer, built once and shared by all threads.
pub struct Resolver {
    classes: Vec<Class>,
    /// Whether each entity is a national team (whose name is a country's: Italian gives no
    /// article cue for it, as countries take one too).
    pub(super) national: Vec<bool>,
    /// Each entity's canonical name, folded.
    folded_names: Vec<String>,
    /// Folded form -> the entities that have it, in gazetteer order (keys of one entity are
    /// kept too: a place-like team needs no sibling to have senses).
    forms: HashMap<String, Vec<u32>>,
    /// Folded forms whose every spelling in the gazetteer is a short code in capitals (`PER`).
    caps_only: HashSet<String>,
    /// Folded forms that are single words and not the entity's whole name (`Conte`, `Gabriel`).
    single_word_aliases: HashSet<(String, u32)>,
    /// Folded names of places (the built-in gazetteer's `PLACE` rows, and the gazetteer's own
    /// rows of a place type): a team whose form is one has a place sense.
    pub(super) places: HashSet<String>,
    short_forms: short_forms::ShortForms,
    /// Each entity's `context` column: phrases, each as its folded words.
    context: Vec<Vec<Vec<String>>>,
    /// The entities that have context words, so that an article is looked at for theirs only.
    with_context: Vec<usize>,
    warnings: Vec<String>,
}

/// The folded forms of the built-in gazetteer's `PLACE` rows: what any gazetteer's teams are
/// checked against for a place sense (`Napoli`, `Germany`).
fn builtin_places() -> &'static HashSet<String> {
    static PLACES: OnceLock<HashSet<String>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut places = HashSet::default();
        for line in BUILTIN_TSV.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 3 || Class::of_type(fields[2]) != Class::Place {
                continue;
            }
            places.insert(fold(fields[1]));
            for field in fields.iter().skip(3) {
                for form in field.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                    places.insert(fold(form));
                }
            }
        }
        places
    })
}

/// Adds `entity` to the entities of `key` in `map`, once; the key is copied only when it is new
/// (the tables of forms and short forms are filled this way, a form after another).
fn add_entity(map: &mut HashMap<String, Vec<u32>>, key: &str, entity: u32) {
    match map.get_mut(key) {
        Some(list) if !list.contains(&entity) => list.push(entity),
        Some(_) => {}
        None => {
            map.insert(key.to_owned(), vec![entity]);
        }
    }
}

/// The tables of [`Resolver`] read from the gazetteer's forms (see its fields).
struct FormTables {
    forms: HashMap<String, Vec<u32>>,
    caps_only: HashSet<String>,
    single_word_aliases: HashSet<(String, u32)>,
    places: HashSet<String>,
    /// The forms of one character, as written (ignored, and warned of).
    one_char: Vec<String>,
}

/// Reads the [`FormTables`] from the gazetteer's forms, folded in `folded_forms`.
fn form_tables(
    gazetteer: &Gazetteer,
    classes: &[Class],
    folded_names: &[String],
    folded_forms: &[String],
) -> FormTables {
    // the sets are sized once: regrowing them, form after form, was a visible share of
    // start-up (which is serial time in every run)
    let form_count = gazetteer.forms.len();
    let mut forms: HashMap<String, Vec<u32>> =
        HashMap::with_capacity_and_hasher(form_count, Default::default());
    // whether each folded form was seen written in something other than capitals (borrowed
    // keys: only the forms seen in capitals alone are kept)
    let mut not_caps: HashSet<&str> =
        HashSet::with_capacity_and_hasher(form_count, Default::default());
    let mut caps: HashSet<&str> = HashSet::default();
    let mut single_word_aliases = HashSet::with_capacity_and_hasher(form_count, Default::default());
    let builtin = builtin_places();
    let mut places = HashSet::with_capacity_and_hasher(builtin.len() * 2, Default::default());
    places.extend(builtin.iter().cloned());
    let mut one_char = Vec::new();
    for (form, key) in gazetteer.forms.iter().zip(folded_forms) {
        if key.is_empty() {
            continue;
        }
        if key.chars().nth(1).is_none() {
            one_char.push(form.text.clone());
        }
        let entity = form.entity as u32;
        add_entity(&mut forms, key, entity);
        if guards::is_short_code(&form.text) {
            caps.insert(key);
        } else {
            not_caps.insert(key);
        }
        if !key.contains(' ') && *key != folded_names[form.entity] {
            single_word_aliases.insert((key.clone(), entity));
        }
        if classes[form.entity] == Class::Place && !places.contains(key.as_str()) {
            places.insert(key.clone());
        }
    }
    let caps_only = caps
        .difference(&not_caps)
        .map(|key| key.to_string())
        .collect();
    FormTables {
        forms,
        caps_only,
        single_word_aliases,
        places,
        one_char,
    }
}

/// The [`Class`] of each entity, and whether its type names a national team.
///
/// A gazetteer has a handful of types for thousands of entities, mostly in runs of one type:
/// each type is read once.
fn entity_classes(gazetteer: &Gazetteer) -> (Vec<Class>, Vec<bool>) {
    let mut seen: HashMap<&str, (Class, bool)> = HashMap::default();
    gazetteer
        .entities
        .iter()
        .map(|entity| {
            *seen.entry(entity.entity_type.as_str()).or_insert_with(|| {
                (
                    Class::of_type(&entity.entity_type),
                    entity.entity_type.to_ascii_uppercase().contains("NATIONAL"),
                )
            })
        })
        .unzip()
}

/// The folded name of each entity: the folding of its canonical-name form in `folded_forms`
/// (every entity has one, written as its name), else its name folded here.
fn folded_names(gazetteer: &Gazetteer, folded_forms: &[String]) -> Vec<String> {
    let mut names: Vec<Option<String>> = vec![None; gazetteer.entities.len()];
    for (form, key) in gazetteer.forms.iter().zip(folded_forms) {
        let slot = &mut names[form.entity];
        if slot.is_none()
            && form.kind == FormKind::Name
            && form.text == gazetteer.entities[form.entity].name
        {
            *slot = Some(key.clone());
        }
    }
    names
        .into_iter()
        .zip(&gazetteer.entities)
        .map(|(name, entity)| name.unwrap_or_else(|| fold(&entity.name)))
        .collect()
}

impl Resolver {
    pub fn new(gazetteer: &Gazetteer) -> Resolver {
        Resolver::with_folded_forms(gazetteer, &tag::fold_forms(gazetteer))
    }

    /// [`Resolver::new`] with the forms already folded (`folded_forms`, as
    /// [`tag::fold_forms`] gives them; the tagger is compiled from the same folding).
    pub fn with_folded_forms(gazetteer: &Gazetteer, folded_forms: &[String]) -> Resolver {
        assert_eq!(
            folded_forms.len(),
            gazetteer.forms.len(),
            "one folded form per form"
        );
        let (classes, national) = entity_classes(gazetteer);
        let folded_names = folded_names(gazetteer, folded_forms);
        // the table of forms and the short forms are built at once (start-up is serial time
        // in every run)
        let (tables, short_forms) = rayon::join(
            || form_tables(gazetteer, &classes, &folded_names, folded_forms),
            || short_forms::ShortForms::new(gazetteer, &classes, &folded_names, folded_forms),
        );
        let FormTables {
            forms,
            caps_only,
            single_word_aliases,
            places,
            mut one_char,
        } = tables;
        let mut warnings = Vec::new();
        if !one_char.is_empty() {
            one_char.sort();
            one_char.dedup();
            let shown: Vec<String> = one_char.iter().take(5).map(|f| format!("{f:?}")).collect();
            warnings.push(format!(
                "{} one-character form{} ignored ({}{}): a single letter or digit matches too much ordinary text",
                one_char.len(),
                if one_char.len() == 1 { " is" } else { "s are" },
                shown.join(", "),
                if one_char.len() > 5 { ", ..." } else { "" }
            ));
        }
        let context: Vec<Vec<Vec<String>>> = gazetteer
            .entities
            .iter()
            .map(|e| {
                e.context
                    .iter()
                    .map(|phrase| {
                        text::words(phrase)
                            .into_iter()
                            .map(|w| w.folded.to_string())
                            .collect()
                    })
                    .filter(|words: &Vec<String>| !words.is_empty())
                    .collect()
            })
            .collect();
        let with_context: Vec<usize> = (0..context.len())
            .filter(|&entity| !context[entity].is_empty())
            .collect();
        Resolver {
            context,
            with_context,
            classes,
            national,
            folded_names,
            forms,
            caps_only,
            single_word_aliases,
            places,
            short_forms,
            warnings,
        }
    }

    /// Whether any entity has context words (most gazetteers have none: the work is skipped).
    fn has_context(&self) -> bool {
        !self.with_context.is_empty()
    }

    /// What the user should know about the gazetteer (forms that are ignored).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn class(&self, entity: usize) -> Class {
        self.classes[entity]
    }

    /// The entities that have the folded form `key`.
    pub(super) fn entities_with(&self, key: &str) -> &[u32] {
        self.forms.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Decides the mentions of one article: for each sentence, in order, the mentions kept.
    pub fn resolve(&self, sentences: &[SentenceInput<'_>]) -> Vec<Vec<Mention>> {
        let has_candidates = sentences.iter().any(|s| !s.candidates.is_empty());
        // without candidates only a name written together (`AstonVilla`) can be found, and
        // that needs a capital after a lowercase letter: most articles are done here without
        // splitting a single word
        let joined_possible = !has_candidates
            && self.short_forms.has_joined()
            && sentences.iter().any(|s| text::has_inner_capital(s.text));
        if !has_candidates && !joined_possible {
            return vec![Vec::new(); sentences.len()];
        }
        let words: Vec<Vec<Word>> = sentences.iter().map(|s| text::words(s.text)).collect();
        let counts: Vec<senses::Counts> =
            words.iter().map(|w| senses::Counts::of_words(w)).collect();
        let article = senses::ArticleCues::new(sentences, &counts);
        let mut context_seen = Vec::new();
        for sentence_words in &words {
            self.note_context(&mut context_seen, sentence_words);
        }
        let mut resolution = ArticleResolution {
            resolver: self,
            article,
            context_seen,
            active: true,
            setup: short_forms::Setup::default(),
        };
        sentences
            .iter()
            .zip(&words)
            .zip(&counts)
            .map(|((sentence, words), counts)| resolution.sentence(sentence, words, Some(counts)))
            .collect()
    }

    /// Adds one sentence to what its article says as a whole. Gathering every sentence of an
    /// article, then deciding with [`Resolver::article`] window by window, gives what
    /// [`Resolver::resolve`] over all the sentences at once gives, without holding them all: how
    /// a very long article is done in bounded memory.
    pub fn gather(&self, facts: &mut ArticleFacts, sentence: &SentenceInput<'_>) {
        facts.has_candidates |= !sentence.candidates.is_empty();
        // only read when the article has no candidate
        facts.inner_capital = facts.inner_capital
            || (!facts.has_candidates && text::has_inner_capital(sentence.text));
        let words = text::words(sentence.text);
        self.note_context(&mut facts.context_seen, &words);
        facts.cues.add(sentence, &words);
    }

    /// The decisions of an article whose every sentence was [`gather`](Resolver::gather)ed, to
    /// be made a window of sentences at a time, in reading order.
    pub fn article(&self, facts: &ArticleFacts) -> ArticleResolution<'_> {
        ArticleResolution {
            resolver: self,
            article: facts.cues.clone(),
            context_seen: facts.context_seen.clone(),
            active: facts.has_candidates || (facts.inner_capital && self.short_forms.has_joined()),
            setup: short_forms::Setup::default(),
        }
    }

    /// The fate of one candidate span: dropped (`None`), or a mention with its decision.
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        candidate: &tag::Mention,
        sentence: &SentenceInput<'_>,
        words: &[Word],
        cues: &senses::SentenceCues,
        article: &senses::ArticleCues,
        setup: &short_forms::Setup,
        around: &Around<'_>,
    ) -> Option<Mention> {
        let surface = candidate.surface(sentence.text);
        let key = fold(surface);
        let span = guards::Span::locate(candidate, words);
        if guards::reject(
            self,
            candidate,
            &key,
            surface,
            sentence,
            words,
            span,
            cues.in_capitals,
        ) {
            return None;
        }
        let entity = candidate.entity;
        let mention = |entity: usize, decision: Decision| Mention {
            start: candidate.start,
            end: candidate.end,
            byte_start: candidate.byte_start,
            byte_end: candidate.byte_end,
            entity,
            decision,
        };
        if self.has_context() {
            if let Some((chosen, decision)) = self.decide_by_context(entity, &key, around) {
                return Some(mention(chosen, decision));
            }
        }
        match senses::decide(
            self, entity, &key, sentence, words, span, cues, article, setup,
        ) {
            senses::Sense::Keep(decision) => Some(mention(entity, decision)),
            senses::Sense::Entity(other, decision) => Some(mention(other, decision)),
            senses::Sense::Drop => None,
        }
    }
}

/// The words around a candidate: its sentence's, and which entities' context words the whole
/// article holds (gathered a sentence at a time, so that a long article read in windows is
/// decided as the whole).
struct Around<'a> {
    sentence: &'a [Word],
    context_seen: &'a [bool],
}

/// Whether the phrase (folded words) occurs in the words, as consecutive words.
fn has_phrase(words: &[Word], phrase: &[String]) -> bool {
    words.windows(phrase.len()).any(|window| {
        window
            .iter()
            .zip(phrase)
            .all(|(word, wanted)| word.folded == *wanted)
    })
}

impl Resolver {
    /// The sense the gazetteer's own `context` column gives a span: among the entities that
    /// share its form and have context words, the one whose words are in the sentence (counting
    /// two) or elsewhere in the article (one) the most; ties go to the tagger's choice, then to
    /// the earlier row. When the tagger's entity has context words and none of any sharing
    /// entity is there, nothing shows which is meant: `ambiguous`. `None` leaves the decision to
    /// the senses (no entity with that form has a context).
    fn decide_by_context(
        &self,
        entity: usize,
        key: &str,
        around: &Around<'_>,
    ) -> Option<(usize, Decision)> {
        let mut sharing: Vec<usize> = self
            .entities_with(key)
            .iter()
            .map(|&e| e as usize)
            .collect();
        if !sharing.contains(&entity) {
            sharing.push(entity);
        }
        let mut best: Option<(usize, usize)> = None; // (score, entity)
        let mut any_context = false;
        for &other in &sharing {
            let phrases = &self.context[other];
            if phrases.is_empty() {
                continue;
            }
            any_context = true;
            let in_sentence = phrases.iter().any(|p| has_phrase(around.sentence, p));
            let in_article =
                in_sentence || around.context_seen.get(other).copied().unwrap_or(false);
            let score = 2 * usize::from(in_sentence) + usize::from(in_article);
            if score == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((s, e)) => {
                    score > s || (score == s && (other == entity || (e != entity && other < e)))
                }
            };
            if better {
                best = Some((score, other));
            }
        }
        match best {
            Some((_, chosen)) => Some((chosen, Decision::Context)),
            None if any_context && !self.context[entity].is_empty() => {
                Some((entity, Decision::Ambiguous))
            }
            None => None,
        }
    }

    /// Marks in `seen` (one flag per entity, grown on first use) the entities whose context
    /// words or phrases occur in `words`; nothing when the gazetteer has no context column.
    fn note_context(&self, seen: &mut Vec<bool>, words: &[Word]) {
        if !self.has_context() {
            return;
        }
        if seen.is_empty() {
            seen.resize(self.context.len(), false);
        }
        for &entity in &self.with_context {
            if !seen[entity] && self.context[entity].iter().any(|p| has_phrase(words, p)) {
                seen[entity] = true;
            }
        }
    }
}

/// What an article says as a whole, gathered a sentence at a time ([`Resolver::gather`]).
#[derive(Debug, Clone, Default)]
pub struct ArticleFacts {
    cues: senses::ArticleCues,
    /// Per entity, whether a word or phrase of its `context` column occurs in the article.
    context_seen: Vec<bool>,
    has_candidates: bool,
    inner_capital: bool,
}

/// The decisions of one article in progress: what the article says as a whole, and what its
/// sentences so far have set up.
pub struct ArticleResolution<'r> {
    resolver: &'r Resolver,
    article: senses::ArticleCues,
    context_seen: Vec<bool>,
    /// Whether anything can be a mention (see [`Resolver::resolve`]).
    active: bool,
    setup: short_forms::Setup,
}

impl ArticleResolution<'_> {
    /// The mentions of the next sentences of the article, in order.
    pub fn resolve(&mut self, sentences: &[SentenceInput<'_>]) -> Vec<Vec<Mention>> {
        if !self.active {
            return vec![Vec::new(); sentences.len()];
        }
        sentences
            .iter()
            .map(|sentence| self.sentence(sentence, &text::words(sentence.text), None))
            .collect()
    }

    /// The mentions of the next sentence, whose words are `sentence_words` (and their cue words
    /// `counts`, when the caller has counted them).
    fn sentence(
        &mut self,
        sentence: &SentenceInput<'_>,
        sentence_words: &[Word],
        counts: Option<&senses::Counts>,
    ) -> Vec<Mention> {
        let resolver = self.resolver;
        let setup = &mut self.setup;
        let cues = senses::SentenceCues::new(sentence, sentence_words, counts);
        let mut kept: Vec<Mention> = Vec::new();
        let around = Around {
            sentence: sentence_words,
            context_seen: &self.context_seen,
        };
        for candidate in &sentence.candidates {
            if let Some(mention) = resolver.decide(
                candidate,
                sentence,
                sentence_words,
                &cues,
                &self.article,
                setup,
                &around,
            ) {
                kept.push(mention);
            }
        }
        // the article's own set-up of names, in reading order, before the short forms of
        // this sentence are looked for
        for mention in &kept {
            if mention.decision.counts() {
                setup.named(mention.entity, sentence.text, mention, resolver);
            }
        }
        setup.note_other_people(sentence, sentence_words, &kept, resolver);
        let extra = resolver
            .short_forms
            .find(sentence, sentence_words, &kept, setup);
        if !extra.is_empty() {
            kept.extend(extra);
            kept.sort_by_key(|m| m.byte_start);
            for mention in &kept {
                if mention.decision == Decision::ShortForm {
                    setup.named(mention.entity, sentence.text, mention, resolver);
                }
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests;
