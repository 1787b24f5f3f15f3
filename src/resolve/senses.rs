//! Which sense a name has in its context: a team or a place, the football team or another
//! sport's, the gazetteer's person or someone with the same surname.
//!
//! The evidence is counted, not learned: words of the sport against words of public life in the
//! sentence and in the article, the word right before the name (Italian clubs take an article,
//! towns do not; `in Germany` is a place, `against Germany` a team), scores and fixtures, and
//! other teams, players and competitions around it. Strong evidence either way decides; weak or
//! mixed evidence leaves the mention `ambiguous`, listed but not counted.

use crate::bloom::Bloom;
use crate::fast_hash::FastMap as HashMap;
use std::sync::OnceLock;

use super::guards::Span;
use super::short_forms::Setup;
use super::text::Word;
use super::words;
use super::{Class, Resolver, SentenceInput};
use crate::model::Decision;

/// What the context says of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// The tagger's entity, so decided.
    Keep(Decision),
    /// Another entity with the same form (the place sense of a team's name, say).
    Entity(usize, Decision),
    /// Not a mention of any gazetteer entity (a place the gazetteer does not list, another
    /// sport's team, another person).
    Drop,
}

const SPORT: u8 = 1;
const OTHER_SPORT: u8 = 2;
const PLACE: u8 = 4;
const FOOTBALL: u8 = 8;
const MEDIA: u8 = 16;
const WEAK_SPORT: u8 = 32;

/// The cue flags of every listed word, with a quick test that spares most words the lookup.
struct CueTable {
    flags: HashMap<&'static str, u8>,
    /// The listed words: most words of a sentence are none, and are told so without the
    /// table (see [`crate::bloom`]).
    listed: Bloom,
}

impl CueTable {
    #[inline]
    fn get(&self, word: &str) -> Option<&u8> {
        if !self.listed.may_contain(word.as_bytes()) {
            return None;
        }
        self.flags.get(word)
    }
}

/// The cue flags of every listed word.
fn cue_table() -> &'static CueTable {
    static TABLE: OnceLock<CueTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut flags: HashMap<&'static str, u8> = HashMap::default();
        for (list, flag) in [
            (&words::SPORT_WORDS, SPORT),
            (&words::WEAK_SPORT_WORDS, WEAK_SPORT),
            (&words::OTHER_SPORT_WORDS, OTHER_SPORT),
            (&words::PLACE_WORDS, PLACE),
            (&words::FOOTBALL_WORDS, FOOTBALL | SPORT),
            (&words::MEDIA_WORDS, MEDIA),
        ] {
            for word in list.words() {
                *flags.entry(word).or_default() |= flag;
            }
        }
        let listed = Bloom::of_keys(flags.keys().map(|word| word.as_bytes()));
        CueTable { flags, listed }
    })
}

/// Counts of cue words in a run of words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words of football ([`words::SPORT_WORDS`]).
    pub sport: usize,
    /// Words of sport in general ([`words::WEAK_SPORT_WORDS`]).
    pub weak_sport: usize,
    pub other_sport: usize,
    pub place: usize,
    pub football: usize,
    pub media: usize,
}

impl Counts {
    /// The counts of the cue words of one sentence.
    pub fn of_words(words: &[Word]) -> Counts {
        let mut counts = Counts::default();
        counts.add_words(words);
        counts
    }

    fn add_words(&mut self, words: &[Word]) {
        let table = cue_table();
        let flags_of = |word: Option<&Word>| word.and_then(|w| table.get(w.folded.as_str()));
        // each word is looked up once: its flags are the next word's lookahead before its own
        let mut next = flags_of(words.first());
        for index in 0..words.len() {
            let current = next;
            next = flags_of(words.get(index + 1));
            let Some(&flags) = current else {
                continue;
            };
            if flags & FOOTBALL != 0 && next.is_some_and(|&n| n & OTHER_SPORT != 0) {
                // `FIFA Futsal World Cup`, `UEFA Futsal`: the body names another sport
                continue;
            }
            self.add(flags);
        }
    }

    fn add(&mut self, flags: u8) {
        self.sport += usize::from(flags & SPORT != 0);
        self.weak_sport += usize::from(flags & WEAK_SPORT != 0 && flags & SPORT == 0);
        self.other_sport += usize::from(flags & OTHER_SPORT != 0);
        self.place += usize::from(flags & PLACE != 0);
        self.football += usize::from(flags & FOOTBALL != 0);
        self.media += usize::from(flags & MEDIA != 0);
    }

    fn add_counts(&mut self, other: &Counts) {
        self.sport += other.sport;
        self.weak_sport += other.weak_sport;
        self.other_sport += other.other_sport;
        self.place += other.place;
        self.football += other.football;
        self.media += other.media;
    }

    /// Mostly about another sport than football.
    fn other_sport(&self) -> bool {
        self.other_sport > 0 && self.football == 0
    }
}

/// What the whole article says.
#[derive(Debug, Clone, Default)]
pub struct ArticleCues {
    pub counts: Counts,
    /// Candidates of teams, competitions and footballers that have no place sense: a sign the
    /// article is about football.
    pub football_names: usize,
}

impl ArticleCues {
    /// The cues of an article whose sentences' cue words are counted in `counts`, one entry
    /// per sentence ([`Counts::of_words`]).
    pub fn new(sentences: &[SentenceInput<'_>], counts: &[Counts]) -> ArticleCues {
        let mut total = Counts::default();
        for sentence_counts in counts {
            total.add_counts(sentence_counts);
        }
        let football_names = sentences.iter().map(|s| s.candidates.len()).sum();
        ArticleCues {
            counts: total,
            football_names,
        }
    }

    /// Adds one sentence and its words: [`ArticleCues::new`] is these additions over all the
    /// sentences, so an article can be gathered a sentence at a time.
    pub fn add(&mut self, sentence: &SentenceInput<'_>, words: &[Word]) {
        self.counts.add_words(words);
        self.football_names += sentence.candidates.len();
    }

    /// About football: enough of its vocabulary, and not mostly about another sport.
    pub fn sporty(&self) -> bool {
        self.counts.sport >= 2 && self.counts.other_sport * 2 <= self.counts.sport
    }

    /// Plainly a football story: its vocabulary all through.
    pub fn football_story(&self) -> bool {
        self.counts.sport >= 6 && self.counts.other_sport * 3 <= self.counts.sport
    }

    fn other_sport(&self) -> bool {
        self.counts.other_sport >= 2 && self.counts.other_sport * 2 > self.counts.football + 1
    }
}

/// What one sentence says.
#[derive(Debug, Clone, Default)]
pub struct SentenceCues {
    pub counts: Counts,
    /// A score such as `2-1` or `3–0`.
    pub score: bool,
    /// Whether the sentence is written in capitals (read once, not for each candidate; only
    /// when it has candidates).
    pub in_capitals: bool,
}

impl SentenceCues {
    /// The cues of a sentence whose words are `words`; `counts` are their cue words if the
    /// caller counted them already ([`Counts::of_words`]), so that they are not counted twice.
    pub fn new(
        sentence: &SentenceInput<'_>,
        words: &[Word],
        counts: Option<&Counts>,
    ) -> SentenceCues {
        let mut counts = match counts {
            _ if sentence.candidates.is_empty() => Counts::default(),
            Some(counts) => *counts,
            None => Counts::of_words(words),
        };
        if !sentence.candidates.is_empty() {
            // a place word inside a name the tagger found (`Norwich City`, the `Citizens`)
            // is that name, not the sentence speaking of a place
            let table = cue_table();
            let inside = words
                .iter()
                .filter(|w| {
                    sentence
                        .candidates
                        .iter()
                        .any(|c| c.byte_start <= w.byte_start && w.byte_end <= c.byte_end)
                        && table
                            .get(w.folded.as_str())
                            .is_some_and(|&f| f & PLACE != 0)
                })
                .count();
            counts.place = counts.place.saturating_sub(inside);
        }
        SentenceCues {
            counts,
            // only a candidate's decision reads it
            score: !sentence.candidates.is_empty() && has_score(sentence.text),
            in_capitals: !sentence.candidates.is_empty()
                && super::guards::mostly_capitals(sentence.text),
        }
    }
}

/// Whether the text holds a score: digits, a hyphen or dash, digits (`2-1`, `3 – 0`), not a
/// date or a range of years.
fn has_score(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let left = i - start;
            let rest = &text[i..];
            let after_dash = rest
                .strip_prefix('-')
                .or_else(|| rest.strip_prefix('–'))
                .or_else(|| rest.strip_prefix(" - "))
                .or_else(|| rest.strip_prefix(" – "));
            if let Some(after) = after_dash {
                let right = after.bytes().take_while(u8::is_ascii_digit).count();
                let next = after.as_bytes().get(right);
                let before = start.checked_sub(1).map(|j| bytes[j]);
                if left <= 2
                    && (1..=2).contains(&right)
                    && next.is_none_or(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'-' | b'/'))
                    && before.is_none_or(|b| !matches!(b, b'-' | b'/' | b'.'))
                {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Decides the sense of a candidate that passed the guards.
#[allow(clippy::too_many_arguments)]
pub fn decide(
    resolver: &Resolver,
    entity: usize,
    key: &str,
    sentence: &SentenceInput<'_>,
    words: &[Word],
    span: Span,
    cues: &SentenceCues,
    article: &ArticleCues,
    setup: &Setup,
) -> Sense {
    let class = resolver.class(entity);
    let other_sport =
        cues.counts.other_sport() || (article.other_sport() && cues.counts.football == 0);
    match class {
        Class::Team | Class::Place => {
            let siblings = resolver.entities_with(key);
            let team = if class == Class::Team {
                Some(entity)
            } else {
                siblings
                    .iter()
                    .map(|&e| e as usize)
                    .find(|&e| resolver.class(e) == Class::Team)
            };
            let place = if class == Class::Place {
                Some(entity)
            } else {
                siblings
                    .iter()
                    .map(|&e| e as usize)
                    .find(|&e| resolver.class(e) == Class::Place)
            };
            let Some(team) = team else {
                // a town the gazetteer knows only as a place: after an Italian masculine article
                // (`al Palermo`, `del Bari`) it is a club the gazetteer does not list, as towns
                // take no article
                if sentence.lang == "it" && masculine_article_before(sentence.text, words, span) {
                    return Sense::Drop;
                }
                return Sense::Keep(Decision::Name);
            };
            if compass_after(words, span) {
                // `Corea del Nord`, `Irlanda del Nord`: the short name heads another place
                return Sense::Drop;
            }
            let place_like = place.is_some() || resolver.places.contains(key);
            if place_like && section_heading(sentence.text, words, span) && !cues.score {
                // `Calcio, Argentina:` or `Italia:` heading a piece names where it happens,
                // not who plays: the team is for the sentences below to show
                return match place {
                    Some(place) => to_entity(entity, place, Decision::Context),
                    None => Sense::Keep(Decision::Ambiguous),
                };
            }
            if !place_like {
                if other_sport {
                    return Sense::Drop;
                }
                return Sense::Keep(Decision::Name);
            }
            let score = team_evidence(resolver, team, sentence, words, span, cues, article);
            let to = |chosen: usize, decision: Decision| {
                if chosen == entity {
                    Sense::Keep(decision)
                } else {
                    Sense::Entity(chosen, decision)
                }
            };
            if score >= 2 {
                if other_sport {
                    // the team of another sport: a place sense says nothing of it
                    return Sense::Drop;
                }
                to(team, Decision::Context)
            } else if other_sport && score > -3 {
                // another sport's team (`l'Italia del rugby`), not a place either
                Sense::Drop
            } else if score <= -2 || other_sport {
                match place {
                    Some(place) => to(place, Decision::Context),
                    None => Sense::Drop,
                }
            } else {
                to(team, Decision::Ambiguous)
            }
        }
        Class::Person => {
            // a one-word alias (a surname, a first name); a one-word canonical name (Kaká,
            // Pelé) is the gazetteer's own choice of a distinctive name
            let single = resolver
                .single_word_aliases
                .contains(&(key.to_owned(), entity as u32));
            // a form that opens with a lowercase particle (`di Maria`, `de Jong`) is a surname
            // too: `la cura di Maria`, the Virgin, in a homily
            let particle = sentence.text[words_range(words, span)]
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            if !single && !particle {
                return Sense::Keep(Decision::Name);
            }
            if setup.has(entity) {
                return Sense::Keep(Decision::ShortForm);
            }
            if setup.other_person(key) {
                return Sense::Drop;
            }
            if article.sporty() || cues.counts.sport > 0 || cues.score {
                Sense::Keep(Decision::Name)
            } else if article.counts.sport == 0 && article.football_names <= 1 {
                // a surname or first name alone in news that never speaks of the sport: most
                // likely someone else (Conte the prime minister, Gabriel the archangel)
                Sense::Drop
            } else {
                Sense::Keep(Decision::Ambiguous)
            }
        }
        Class::Competition => {
            // the Olympic Games hold every sport: another one's words say nothing of them
            let every_sport = resolver.folded_names[entity].contains("olympic");
            let surface = &sentence.text[words_range(words, span)];
            let about_sport = article.sporty() || cues.counts.sport > 0 || cues.score;
            if span.single_word()
                && (words::common_words(sentence.lang).contains(key)
                    || words::ORDINARY_COMPETITION_WORDS.contains(key))
                && !about_sport
            {
                // a competition named by an ordinary word (`Euro`, `l'Euro` the currency)
                // needs text about the sport
                return Sense::Drop;
            }
            if !surface.chars().any(char::is_uppercase) {
                // a lowercase form (`i mondiali`, `nel mondiale`, `ai campionati mondiali`) is an
                // ordinary word too (`la guerra mondiale`): it is the competition when used as a
                // noun, after an article, in a text about the sport
                let noun = !span.single_word() || determiner_before(sentence.text, words, span);
                if !(about_sport && noun) {
                    return Sense::Drop;
                }
            }
            if another_tier(words, span) {
                // `la relativa Coppa Italia` (of the third tier), `Coppa Italia Primavera`
                return Sense::Drop;
            }
            if other_sport && !every_sport {
                Sense::Drop
            } else {
                Sense::Keep(Decision::Name)
            }
        }
        Class::Media => {
            let surface_words = match (span.first, span.last) {
                (Some(a), Some(b)) => &words[a..=b],
                _ => &[][..],
            };
            // a name made of an ordinary word (`Repubblica`, `la Repubblica`, `The Times`)
            // needs the sentence to speak of the press, and is no mention in one of public life
            let content: Vec<&Word> = surface_words
                .iter()
                .filter(|w| !matches!(w.folded.as_str(), "la" | "il" | "the" | "le" | "l" | "lo"))
                .collect();
            // only names that begin with an article are made of ordinary words here (`La
            // Repubblica`, `The Times`); `Rai` or `Marca` is a name by itself
            let name_has_article = resolver.folded_names[entity]
                .split([' ', '\''])
                .next()
                .is_some_and(|w| matches!(w, "la" | "il" | "the" | "le" | "l" | "lo"));
            let ordinary = name_has_article && content.len() == 1 && !content[0].all_caps;
            if !ordinary {
                return Sense::Keep(Decision::Name);
            }
            if heads_a_state(sentence.text, words, span) {
                // `Repubblica Democratica del Congo`, `Repubblica di Macedonia`, `procuratore
                // della Repubblica`, `Senato della Repubblica`: the state, not the newspaper
                return Sense::Drop;
            }
            if cues.counts.media > 0 {
                Sense::Keep(Decision::Context)
            } else if cues.counts.place > 0 {
                // `il presidente della Repubblica`: the state, not the newspaper
                Sense::Drop
            } else {
                Sense::Keep(Decision::Name)
            }
        }
        Class::Other => Sense::Keep(Decision::Name),
    }
}

fn to_entity(entity: usize, chosen: usize, decision: Decision) -> Sense {
    if chosen == entity {
        Sense::Keep(decision)
    } else {
        Sense::Entity(chosen, decision)
    }
}

/// Whether the span is followed by a compass word, directly or after `del`/`della`/`of the`
/// (`Corea del Nord`, `Irlanda del Nord`).
fn compass_after(words: &[Word], span: Span) -> bool {
    let Some(last) = span.last else {
        return false;
    };
    let next = words.get(last + 1);
    let after = words.get(last + 2);
    match next {
        Some(n) if n.capitalized && words::COMPASS_WORDS.contains(&n.folded) => true,
        Some(n) if matches!(n.folded.as_str(), "del" | "della" | "dell") => {
            after.is_some_and(|a| a.capitalized && words::COMPASS_WORDS.contains(&a.folded))
        }
        _ => false,
    }
}

/// Whether the span is the subject of a short heading that opens a piece: at most four words,
/// the span's last right before the closing colon (`Calcio, Argentina:`, `Roma:`; not
/// `Serbia, Maroni attacca:`, whose subject is someone's words).
fn section_heading(text: &str, words: &[Word], span: Span) -> bool {
    let Some(last) = span.last else {
        return false;
    };
    words.len() <= 4 && last + 1 == words.len() && text[words[last].byte_end..].trim() == ":"
}

/// Whether a competition's name is another tier's or side's: `relativa` before it, or a word
/// of a tier or side right after it (`Coppa Italia Serie C`, `Supercoppa di Lega Pro`,
/// `Coppa Italia Primavera`).
fn another_tier(words: &[Word], span: Span) -> bool {
    let before = span
        .first
        .and_then(|f| f.checked_sub(1))
        .map(|i| words[i].folded.as_str());
    if before.is_some_and(|b| words::COMPETITION_TIER_BEFORE.contains(b)) {
        return true;
    }
    let Some(last) = span.last else {
        return false;
    };
    let mut next = words.get(last + 1);
    if next.is_some_and(|n| matches!(n.folded.as_str(), "di" | "della" | "del")) {
        next = words.get(last + 2);
    }
    next.is_some_and(|n| words::COMPETITION_TIER_AFTER.contains(&n.folded))
}

/// Whether a name made of an ordinary word (`Repubblica`) is a state's: a capitalized word or
/// `di`/`del` and a capitalized word follows (`Repubblica Popolare`, `Repubblica di
/// Macedonia`), or `della` joins it to a lowercase noun before it (`procuratore della
/// Repubblica`, `via della Repubblica`).
fn heads_a_state(text: &str, words: &[Word], span: Span) -> bool {
    let (Some(first), Some(last)) = (span.first, span.last) else {
        return false;
    };
    if let Some(next) = words.get(last + 1) {
        let gap = &text[words[last].byte_end..next.byte_start];
        // (not an article opening a title run on after it: `su Repubblica La vittoria di...`)
        if gap == " "
            && next.capitalized
            && !matches!(
                next.folded.as_str(),
                "la" | "il" | "lo" | "le" | "i" | "gli" | "un" | "una"
            )
        {
            return true;
        }
        if gap == " "
            && matches!(next.folded.as_str(), "di" | "del" | "della" | "dell")
            && words.get(last + 2).is_some_and(|w| w.capitalized)
        {
            return true;
        }
    }
    // the span's own article (`la Repubblica`) is not a joint to the noun before
    let own_article = words[first].folded == "la" || words[first].folded == "il";
    if own_article {
        return false;
    }
    let joint = first.checked_sub(1).map(|i| &words[i]);
    let noun = first.checked_sub(2).map(|i| &words[i]);
    match (joint, noun) {
        // `un articolo della Repubblica` is the newspaper's article
        (Some(j), Some(n)) => {
            j.folded == "della"
                && !words::MEDIA_WORDS.contains(&n.folded)
                && (!n.capitalized
                    || matches!(
                        n.folded.as_str(),
                        "senato" | "cavaliere" | "presidente" | "procuratore" | "procura"
                    ))
        }
        _ => false,
    }
}

/// The byte range of the span's words.
fn words_range(words: &[Word], span: Span) -> std::ops::Range<usize> {
    match (span.first, span.last) {
        (Some(a), Some(b)) => words[a].byte_start..words[b].byte_end,
        _ => 0..0,
    }
}

/// The word before the span and the gap between them.
fn previous_word<'w>(text: &str, words: &'w [Word], span: Span) -> Option<(&'w Word, bool)> {
    let first = span.first?;
    let previous = words.get(first.checked_sub(1)?)?;
    let gap = &text[previous.byte_end..words[first].byte_start];
    let elided = matches!(gap, "'" | "’");
    (gap == " " || elided).then_some((previous, elided))
}

/// Whether an article or articulated preposition (Italian, or `the`) comes right before the
/// span.
fn determiner_before(text: &str, words: &[Word], span: Span) -> bool {
    previous_word(text, words, span).is_some_and(|(previous, elided)| {
        let key = previous.folded.as_str();
        if elided {
            // the word with its apostrophe (`l'`, `dell'`), without building it
            words::ITALIAN_ARTICLES
                .words()
                .iter()
                .any(|article| article.strip_suffix('\'') == Some(key))
        } else {
            key == "the" || (key != "contro" && words::ITALIAN_ARTICLES.contains(key))
        }
    })
}

/// Whether an Italian masculine singular article or articulated preposition comes right before
/// the span (`il`, `al`, `del`, `dal`, `nel`, `sul`, `col`).
fn masculine_article_before(text: &str, words: &[Word], span: Span) -> bool {
    previous_word(text, words, span).is_some_and(|(previous, elided)| {
        !elided
            && matches!(
                previous.folded.as_str(),
                "il" | "al" | "del" | "dal" | "nel" | "sul" | "col"
            )
    })
}

/// Evidence that a name with a team sense and a place sense is the team (positive) or the place
/// (negative).
fn team_evidence(
    resolver: &Resolver,
    team: usize,
    sentence: &SentenceInput<'_>,
    words: &[Word],
    span: Span,
    cues: &SentenceCues,
    article: &ArticleCues,
) -> i32 {
    let mut score: i32 = 0;
    let national = resolver.national[team];
    let italian = sentence.lang == "it";
    if let Some(first) = span.first {
        let previous = first.checked_sub(1).map(|i| &words[i]);
        let before_previous = first.checked_sub(2).map(|i| &words[i]);
        if let Some(previous) = previous {
            let p = previous.folded.as_str();
            let gap = &sentence.text[previous.byte_end..words[first].byte_start];
            let elided = matches!(gap, "'" | "’");
            let prev_key = if elided {
                format!("{p}'")
            } else {
                p.to_owned()
            };
            let feminine_club = italian
                && !national
                && span.single_word()
                && words::FEMININE_CLUBS_IT.contains(&words[first].folded);
            if feminine_club && words::MASCULINE_ARTICLES_IT.contains(p) && !elided {
                // `nel Lazio`, `del Lazio`: the club is `la Lazio`, the region takes `il`
                score -= 4;
            } else if words::TEAM_PREPOSITIONS.contains(p)
                || (italian && !national && words::ITALIAN_ARTICLES.contains(&prev_key))
            {
                score += 3;
            } else if words::PLACE_PREPOSITIONS.contains(p) && !elided {
                let possessive = span.last.is_some_and(|last| {
                    let after = &sentence.text[words[last].byte_end..];
                    after.starts_with("'s") || after.starts_with("’s")
                });
                score -= match p {
                    // `in Italia`, `in Germany`: a country one is in is the country, whatever
                    // the sport around it (`i mondiali del 1982 in Spagna`)
                    "in" if national && !possessive => 8,
                    "in" | "a" | "across" | "throughout" | "near" | "around" | "inside"
                    | "outside" | "into" | "presso" | "dentro" | "fuori" | "verso" => 3,
                    "di" | "da" | "per" | "tra" | "fra" if !national => 3,
                    _ => 1,
                };
                if let Some(bp) = before_previous {
                    // `lost to Germany`, `the win over Italy`: the verb of the match decides
                    if words::SPORT_WORDS.contains(&bp.folded) {
                        score += 3;
                    }
                }
            }
            if let Some(bp) = before_previous {
                if words::PLACE_FRAME_NOUNS.contains(&bp.folded)
                    && matches!(p, "di" | "del" | "della" | "dello" | "of" | "de")
                {
                    score -= 4;
                }
            }
        }
    }
    if let Some(last) = span.last {
        if let Some(next) = words.get(last + 1) {
            let n = next.folded.as_str();
            if matches!(
                n,
                "beat"
                    | "beats"
                    | "won"
                    | "lost"
                    | "drew"
                    | "draw"
                    | "defeated"
                    | "scored"
                    | "faced"
                    | "played"
                    | "vince"
                    | "batte"
                    | "perde"
                    | "pareggia"
                    | "espugna"
                    | "supera"
                    | "travolge"
                    | "coach"
                    | "manager"
                    | "squad"
                    | "striker"
                    | "captain"
                    | "fans"
                    | "allenatore"
                    | "tifosi"
                    | "goalkeeper"
            ) {
                score += 2;
            }
            if matches!(
                n,
                "government"
                    | "governo"
                    | "police"
                    | "polizia"
                    | "economy"
                    | "city"
                    | "mayor"
                    | "province"
                    | "provincia"
                    | "capital"
                    | "army"
                    | "military"
                    | "authorities"
                    | "embassy"
                    | "border"
                    | "parliament"
                    | "parlamento"
                    | "president"
            ) {
                score -= 2;
            }
        }
    }
    if fixture(resolver, sentence, span, words) {
        score += 3;
    }
    if cues.score {
        score += 2;
    }
    score += (2 * cues.counts.sport + cues.counts.weak_sport).min(4) as i32;
    score -= cues.counts.place.min(3) as i32;
    let others = sentence
        .candidates
        .iter()
        .filter(|c| {
            let class = resolver.class(c.entity);
            matches!(class, Class::Competition | Class::Person)
        })
        .count();
    score += others.min(2) as i32;
    if article.football_story() {
        score += 2;
    } else if article.sporty() {
        score += 1;
    } else if article.counts.sport == 0 {
        score -= 2;
    }
    score
}

/// Whether the name is one side of a fixture: joined to another team by a hyphen or dash, or by
/// `v`/`vs` (`Lazio-Roma`, `Italy v Germany`).
pub(super) fn fixture(
    resolver: &Resolver,
    sentence: &SentenceInput<'_>,
    span: Span,
    words: &[Word],
) -> bool {
    let (Some(first), Some(last)) = (span.first, span.last) else {
        return false;
    };
    let is_team_word = |word: &Word| {
        sentence.candidates.iter().any(|c| {
            c.byte_start <= word.byte_start
                && word.byte_end <= c.byte_end
                && resolver.class(c.entity) == Class::Team
        })
    };
    let joined = |gap: &str| matches!(gap.trim(), "-" | "–" | "—" | "v" | "vs" | "vs." | "v.");
    if let Some(next) = words.get(last + 1) {
        let gap = &sentence.text[words[last].byte_end..next.byte_start];
        if joined(gap) && is_team_word(next) {
            return true;
        }
        if matches!(next.folded.as_str(), "v" | "vs") {
            if let Some(after) = words.get(last + 2) {
                if is_team_word(after) {
                    return true;
                }
            }
        }
    }
    if first > 0 {
        let previous = &words[first - 1];
        let gap = &sentence.text[previous.byte_end..words[first].byte_start];
        if joined(gap) && is_team_word(previous) {
            return true;
        }
        if matches!(previous.folded.as_str(), "v" | "vs")
            && first >= 2
            && is_team_word(&words[first - 2])
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_quick_test_lets_every_listed_word_through() {
        let table = super::cue_table();
        for (word, flags) in &table.flags {
            assert_eq!(table.get(word), Some(flags), "{word}");
        }
        assert_eq!(table.get(""), None);
        assert_eq!(table.get("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), None);
    }

    use super::*;

    #[test]
    fn scores_are_told_from_dates_and_years() {
        assert!(has_score("Italy won 2-1 in Rome"));
        assert!(has_score("finisce 3 – 0"));
        assert!(has_score("(1-1)"));
        assert!(!has_score("the 2010-2011 season"));
        assert!(!has_score("on 12-05-2025"));
        assert!(!has_score("a 4-year deal"));
    }
}
