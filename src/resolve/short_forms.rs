//! Short forms that the article sets up (`Klopp` after `Jürgen Klopp`, `Villa` after `Aston
//! Villa`), names the article ties to someone else (`Conte` after `Paolo Conte`), and names
//! written together (`AstonVilla`).

// FxHash: the keys are the gazetteer's and the program's own word lists, looked up for every
// word of every sentence (SipHash's protection against crafted keys buys nothing here)
use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};

use super::guards::starts_a_sentence;
use super::text::Word;
use super::words;
use super::{add_entity, Class, Resolver, SentenceInput};
use crate::bloom::Bloom;
use crate::gazetteer::Gazetteer;
use crate::model::{Decision, Mention};
use crate::tag::fold;

/// The short forms of a gazetteer's entities.
pub struct ShortForms {
    /// A folded single word -> the entities it is a short form of.
    by_word: HashMap<String, Vec<u32>>,
    /// The words of `by_word`: most capitalized words of a text are none of them, and are
    /// told so without the table (see [`crate::bloom`]).
    by_word_keys: Bloom,
    /// A multi-word form written without spaces, folded (`astonvilla`) -> its entity.
    joined: HashMap<String, u32>,
}

impl ShortForms {
    /// The short forms of the gazetteer's entities; `folded_names` and `folded_forms` are the
    /// entities' names and the forms, folded, in gazetteer order (folded once by the caller).
    pub fn new(
        gazetteer: &Gazetteer,
        classes: &[Class],
        folded_names: &[String],
        folded_forms: &[String],
    ) -> ShortForms {
        // the single words and the joined names are independent, and start-up is serial time in
        // every run: they are found at once
        let (by_word, joined) = rayon::join(
            || short_form_words(gazetteer, classes, folded_names, folded_forms),
            || joined_names(gazetteer, folded_forms),
        );
        ShortForms {
            by_word_keys: Bloom::of_keys(by_word.keys().map(|word| word.as_bytes())),
            by_word,
            // a squeezed form of two entities says nothing
            joined: joined
                .into_iter()
                .filter(|(_, entities)| entities.len() == 1)
                .map(|(key, entities)| (key, entities[0]))
                .collect(),
        }
    }

    /// The entities whose short form the folded word is, if any.
    #[inline]
    fn short_form_of(&self, folded: &str) -> Option<&Vec<u32>> {
        if !self.by_word_keys.may_contain(folded.as_bytes()) {
            return None;
        }
        self.by_word.get(folded)
    }

    pub fn has_joined(&self) -> bool {
        !self.joined.is_empty()
    }

    /// The short forms and joined names of a sentence that no candidate covers.
    pub fn find(
        &self,
        sentence: &SentenceInput<'_>,
        words: &[Word],
        kept: &[Mention],
        setup: &Setup,
    ) -> Vec<Mention> {
        let mut found = Vec::new();
        let covered = |word: &Word| {
            sentence
                .candidates
                .iter()
                .any(|c| c.byte_start < word.byte_end && word.byte_start < c.byte_end)
                || kept
                    .iter()
                    .any(|m| m.byte_start < word.byte_end && word.byte_start < m.byte_end)
        };
        for (index, word) in words.iter().enumerate() {
            if !word.capitalized {
                continue;
            }
            if word.inner_capital && !word.all_caps {
                if let Some(&entity) = self.joined.get(word.folded.as_str()) {
                    if !covered(word) {
                        found.push(mention(
                            sentence.text,
                            word,
                            entity as usize,
                            Decision::Name,
                        ));
                        continue;
                    }
                }
            }
            if setup.named.is_empty() {
                continue;
            }
            let Some(entities) = self.short_form_of(word.folded.as_str()) else {
                continue;
            };
            let set_up: Vec<u32> = entities
                .iter()
                .copied()
                .filter(|&e| setup.has(e as usize))
                .collect();
            if set_up.is_empty() || covered(word) {
                continue;
            }
            if !stands_alone(sentence, words, index) {
                continue;
            }
            let decision = if set_up.len() == 1 && !setup.other_person(&word.folded) {
                Decision::ShortForm
            } else {
                // `United` in a story about Manchester United and Newcastle United
                Decision::Ambiguous
            };
            found.push(mention(sentence.text, word, set_up[0] as usize, decision));
        }
        found
    }
}

/// The single words of the entities' names that stand for them, folded, with the entities
/// each stands for: a person's surname, and each word of a club's name (not a national
/// team's), when it is no common word, place or form of its own.
fn short_form_words(
    gazetteer: &Gazetteer,
    classes: &[Class],
    folded_names: &[String],
    folded_forms: &[String],
) -> HashMap<String, Vec<u32>> {
    // the forms of one word: a name's word that is one is the tagger's (this set, not the
    // resolver's table of forms, so that the two are built at once)
    let one_word_forms: HashSet<&str> = folded_forms
        .iter()
        .filter(|key| !key.is_empty() && !key.contains(' '))
        .map(String::as_str)
        .collect();
    // sized once, as the sets of `Resolver::new`
    let mut by_word: HashMap<String, Vec<u32>> =
        HashMap::with_capacity_and_hasher(gazetteer.entities.len(), Default::default());
    let places = super::builtin_places();
    for (index, entity) in gazetteer.entities.iter().enumerate() {
        let class = classes[index];
        let name = &folded_names[index];
        let parts: Vec<&str> = name.split(' ').collect();
        if parts.len() < 2 {
            continue;
        }
        let mut candidates: Vec<&str> = Vec::new();
        match class {
            // the surname: the last word of the name
            Class::Person => candidates.extend(parts.last()),
            // every distinctive word of a club's name (`Villa`, `City`, `Hotspur`)
            Class::Team if !entity.entity_type.to_ascii_uppercase().contains("NATIONAL") => {
                candidates.extend(parts.iter().copied())
            }
            _ => {}
        }
        for word in candidates {
            if word.chars().count() < 3
                || !word.chars().all(char::is_alphanumeric)
                || word.chars().all(|c| c.is_ascii_digit())
                || words::HEAD_SUFFIXES.contains(word)
                || words::common_words("en").contains(word)
                || words::common_words("it").contains(word)
                || places.contains(word)
                // a word that is a form of its own is the tagger's (`Madrid`, `Milan`)
                || one_word_forms.contains(word)
            {
                continue;
            }
            add_entity(&mut by_word, word, index as u32);
        }
    }
    by_word
}

/// The multi-word forms written without spaces (`astonvilla`), folded, of six letters or
/// digits or more, and the entities they are forms of.
fn joined_names(gazetteer: &Gazetteer, folded_forms: &[String]) -> HashMap<String, Vec<u32>> {
    let mut joined: HashMap<String, Vec<u32>> =
        HashMap::with_capacity_and_hasher(gazetteer.forms.len(), Default::default());
    let mut squeezed = String::new();
    for (form, key) in gazetteer.forms.iter().zip(folded_forms) {
        if !key.contains(' ') {
            continue;
        }
        squeezed.clear();
        squeezed.extend(key.chars().filter(|c| c.is_alphanumeric()));
        if squeezed.chars().nth(5).is_some() {
            add_entity(&mut joined, &squeezed, form.entity as u32);
        }
    }
    joined
}

/// Whether a capitalized word stands as a name of its own: not the first word of a sentence
/// when it is a common word, not next to another capitalized word (a longer name).
fn stands_alone(sentence: &SentenceInput<'_>, words: &[Word], index: usize) -> bool {
    let word = &words[index];
    let text = sentence.text;
    if starts_a_sentence(text, word.byte_start)
        && words::common_words(sentence.lang).contains(&word.folded)
    {
        return false;
    }
    let joined_to = |other: &Word, gap: &str| {
        other.capitalized && (gap == " " || gap == "-" || gap == "'" || gap == "’")
    };
    if index > 0 {
        let previous = &words[index - 1];
        let gap = &text[previous.byte_end..word.byte_start];
        if joined_to(previous, gap)
            && !words::TITLES.contains(&previous.folded)
            && !(index == 1 && starts_a_sentence(text, previous.byte_start))
        {
            return false;
        }
    }
    if let Some(next) = words.get(index + 1) {
        let gap = &text[word.byte_end..next.byte_start];
        if joined_to(next, gap) && !words::HEAD_SUFFIXES.contains(&next.folded) {
            return false;
        }
    }
    true
}

fn mention(text: &str, word: &Word, entity: usize, decision: Decision) -> Mention {
    let start = text[..word.byte_start].chars().count();
    let end = start + text[word.byte_start..word.byte_end].chars().count();
    Mention {
        start,
        end,
        byte_start: word.byte_start,
        byte_end: word.byte_end,
        entity,
        decision,
    }
}

/// What the article has set up so far, in reading order.
#[derive(Debug, Default)]
pub struct Setup {
    /// Entities named in full.
    named: HashSet<usize>,
    /// Folded surnames the article gave to someone other than the gazetteer's person.
    other_people: HashSet<String>,
}

impl Setup {
    /// Records a kept mention: the entity is set up when it was named in full (more than one
    /// word, or its whole canonical name).
    pub fn named(&mut self, entity: usize, text: &str, mention: &Mention, resolver: &Resolver) {
        let surface = mention.surface(text);
        let key = fold(surface);
        if key.contains(' ') || resolver.folded_names[entity] == key {
            self.named.insert(entity);
        }
    }

    pub fn has(&self, entity: usize) -> bool {
        self.named.contains(&entity)
    }

    /// Whether the article gave this surname to someone else.
    pub fn other_person(&self, key: &str) -> bool {
        self.other_people.contains(key)
    }

    /// Notes the names of the sentence that end in a person's surname but are someone else
    /// (`Paolo Conte` when the gazetteer's Conte is Antonio).
    pub fn note_other_people(
        &mut self,
        sentence: &SentenceInput<'_>,
        words: &[Word],
        kept: &[Mention],
        resolver: &Resolver,
    ) {
        // `Cesare Maldini` when the gazetteer's Maldini is Paolo: a first name and a surname
        // that is a short form, not inside a kept mention
        for pair in words.windows(2) {
            let (first, surname) = (&pair[0], &pair[1]);
            if first.capitalized
                && surname.capitalized
                && &sentence.text[first.byte_end..surname.byte_start] == " "
                && resolver
                    .short_forms
                    .short_form_of(surname.folded.as_str())
                    .is_some()
                && !words::TITLES.contains(&first.folded)
                && !kept
                    .iter()
                    .any(|m| m.byte_start <= first.byte_start && surname.byte_end <= m.byte_end)
            {
                self.other_people.insert(surname.folded.to_string());
            }
        }
        for candidate in &sentence.candidates {
            if resolver.class(candidate.entity) != Class::Person {
                continue;
            }
            let key = fold(candidate.surface(sentence.text));
            if key.contains(' ') || kept.iter().any(|m| m.byte_start == candidate.byte_start) {
                continue;
            }
            // a rejected single-word person candidate right after a capitalized first name
            let Some(index) = words
                .iter()
                .position(|w| w.byte_start == candidate.byte_start)
            else {
                continue;
            };
            if index == 0 {
                continue;
            }
            let previous = &words[index - 1];
            let gap = &sentence.text[previous.byte_end..candidate.byte_start];
            if gap == " " && previous.capitalized && !words::TITLES.contains(&previous.folded) {
                self.other_people.insert(key);
            }
        }
    }
}
