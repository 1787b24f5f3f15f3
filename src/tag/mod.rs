//! Gazetteer tagging: finds every mention of every entity in a text.
//!
//! Matching follows SPEC's policy. Diacritics, letter case, apostrophe style and runs of white
//! space are ignored, by *folding* both the gazetteer forms and the text the same way
//! (`ÉDER  MILITÃO` and `Eder Militao` both fold to `eder militao`). The folded text keeps, for
//! each of its bytes, the span of the original text it comes from, so that a match found in the
//! folded copy is reported as offsets into the text as given, and the surface is exactly that
//! slice, even for decomposed (NFD) accents, no-break spaces, or mojibake (`KakÃ¡` folds like
//! `Kaká`).
//!
//! All forms go into one trie (the `trie` module), built once and shared by all threads. Since a
//! mention can only begin where a word begins, the tagger walks the trie *anchored* from each
//! word start of the folded text, which visits a few bytes per word instead of scanning every
//! byte, and skips the starts inside a mention already taken. Each walk yields the forms that end on a word boundary; a form is
//! kept when an all-lowercase span is not matched against a capitalized form (`a real problem`
//! is not Real Madrid) and a language-specific form is used in its language. The longest kept
//! form at the leftmost start wins (`FIFA Club World Cup` over `World Cup`), without overlaps.

use rayon::prelude::*;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::ascii8;
use crate::bloom::{hash_in, Bloom};
use crate::error::{Error, Result};
use crate::gazetteer::{FormKind, Gazetteer};
use crate::normalize::mojibake_at;

mod trie;

use trie::Trie;

/// One mention: character offsets into the text (end exclusive), the same span in bytes, and
/// the entity's index in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub entity: usize,
}

impl Mention {
    /// The mention as written in `text`, the text it was found in.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// A gazetteer form that folds to a given key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    entity: u32,
    /// 0 for a form of every language, else 1 + the index of its language in `Tagger::langs`.
    lang: u16,
    kind: FormKind,
    /// The form has a capital letter, so an all-lowercase span may not match it.
    capitalized: bool,
}

/// At most this many warnings are kept (as text); the rest are only counted.
const MAX_WARNINGS: usize = 100;

/// The compiled matcher for one gazetteer.
pub struct Tagger {
    /// The folded keys, key `i` being the `i`-th in byte order.
    trie: Trie,
    /// For each key, its slice of `candidates` (start, length): the forms that fold to it, best
    /// first.
    candidate_ranges: Vec<(u32, u32)>,
    candidates: Vec<Candidate>,
    /// The languages of `aliases_<lang>` forms.
    langs: Vec<Box<str>>,
    /// Where keys can start: a text position that fails it costs no walk in the trie.
    starts: StartFilter,
    warnings: Vec<String>,
    warning_count: usize,
}

/// A Bloom-style filter of where keys can start, small enough to stay in cache. Each key is
/// entered under its first run of letters and digits (`real` for `real madrid`), and also
/// either as a whole, when it is that run alone (`kaka`), or under its *prefix*, its first two
/// runs with the byte between them (`real madrid`, `per-olof`, `l'equipe`, `1.`). A text
/// position is walked only when it passes both levels, so the common words that begin some
/// longer key (`the`, `la`, `per`) cost two hashes, not a walk.
///
/// The second level has a lowercase copy, for text positions whose first runs have no capital
/// letter. It holds only the keys that such a span may still match: those with a lowercase form,
/// and those that go on after their prefix (the capital may come later). Most words of a text
/// are lowercase, and most keys are names, so `per`, `che` or `ha` (which are also country
/// codes, `PER`) are not walked.
///
/// The first level is a table of its own, sized by the number of distinct first runs (32 KB
/// for the football gazetteer): it answers for most words of a text, and stays in the core's
/// first-level cache.
struct StartFilter {
    first_runs: Bloom,
    /// The second level: whole keys and prefixes, in both copies.
    rest: Bloom,
}

impl StartFilter {
    const FIRST_RUN: u64 = 0xcbf2_9ce4_8422_2325;
    const WHOLE_KEY: u64 = 0x8422_2325_cbf2_9ce4;
    const PREFIX: u64 = 0x9e37_79b9_7f4a_7c15;
    const WHOLE_KEY_LOWERCASE: u64 = 0x7f4a_7c15_9e37_79b9;
    const PREFIX_LOWERCASE: u64 = 0xd6e8_feb8_6659_fd93;

    /// `keys`, sorted, with, for each, whether an all-lowercase span may match it.
    fn new<'a>(keys: impl ExactSizeIterator<Item = (&'a str, bool)> + Clone) -> StartFilter {
        // Sorted keys with the same first run are mostly neighbours: counting the changes
        // from one key to the next counts the distinct first runs, or a few more.
        let first_run = |key: &'a str| &key.as_bytes()[..first_word_end(key.as_bytes(), 0)];
        let mut first_runs = 0;
        let mut previous: Option<&[u8]> = None;
        for (key, _) in keys.clone() {
            let run = first_run(key);
            if previous != Some(run) {
                first_runs += 1;
                previous = Some(run);
            }
        }
        let mut filter = StartFilter {
            first_runs: Bloom::new(first_runs),
            rest: Bloom::new(keys.len() * 3 / 2),
        };
        for (key, lowercase_matches) in keys {
            let bytes = key.as_bytes();
            let run = first_run(key);
            filter
                .first_runs
                .insert(hash_in(Self::FIRST_RUN, bytes, 0, run.len()));
            if run.len() == bytes.len() {
                filter
                    .rest
                    .insert(hash_in(Self::WHOLE_KEY, bytes, 0, bytes.len()));
                if lowercase_matches {
                    filter
                        .rest
                        .insert(hash_in(Self::WHOLE_KEY_LOWERCASE, bytes, 0, bytes.len()));
                }
            } else {
                let prefix_end = first_word_end(bytes, run.len() + 1);
                filter
                    .rest
                    .insert(hash_in(Self::PREFIX, bytes, 0, prefix_end));
                if lowercase_matches || prefix_end < bytes.len() {
                    filter
                        .rest
                        .insert(hash_in(Self::PREFIX_LOWERCASE, bytes, 0, prefix_end));
                }
            }
        }
        filter
    }

    /// The hash under which the first level holds the first run of `word` of the folded `text`.
    #[inline]
    fn first_run_hash(text: &[u8], word: WordStart) -> u64 {
        let (start, run_end) = (word.at as usize, word.run_end as usize);
        debug_assert_eq!(run_end, first_word_end(text, start));
        hash_in(Self::FIRST_RUN, text, start, run_end)
    }

    /// Whether a key may start at `word` of the folded `text`; `next` is the word after it,
    /// if any. The answer in two halves: this reads the first level and works out where the
    /// second is to be read, asking the processor to fetch that memory; [`Probe::passes`] reads
    /// it. [`Tagger::tag_folded`] probes a word ahead of the one it decides, so that the second
    /// level, too large for the first-level cache, arrives while the word before is decided.
    /// `first_hash` is the word's [`StartFilter::first_run_hash`], worked out (and its first
    /// level fetched) a word before.
    #[inline]
    fn probe(
        &self,
        text: &[u8],
        word: WordStart,
        first_hash: u64,
        next: Option<WordStart>,
    ) -> Probe {
        let (start, run_end) = (word.at as usize, word.run_end as usize);
        if !self.first_runs.contains(first_hash) {
            return Probe::Rejected;
        }
        let whole = match word.capital {
            true => Self::WHOLE_KEY,
            false => Self::WHOLE_KEY_LOWERCASE,
        };
        let whole = hash_in(whole, text, start, run_end);
        self.rest.prefetch(whole);
        if run_end == text.len() {
            return Probe::Maybe {
                whole,
                prefix: None,
            };
        }
        // The second run is the next word's when that word starts right after the separator;
        // otherwise the separator was a word character (`ʼ` in `lʼequipe`), and the capitals
        // of the run after it are counted with this word.
        let (prefix_end, capital) = match next {
            Some(next) if next.at as usize == run_end + 1 => {
                (next.run_end as usize, word.capital || next.capital)
            }
            _ => (first_word_end(text, run_end + 1), word.capital),
        };
        debug_assert_eq!(prefix_end, first_word_end(text, run_end + 1));
        let prefix = match capital {
            true => Self::PREFIX,
            false => Self::PREFIX_LOWERCASE,
        };
        let prefix = hash_in(prefix, text, start, prefix_end);
        self.rest.prefetch(prefix);
        Probe::Maybe {
            whole,
            prefix: Some(prefix),
        }
    }
}

/// A word start half through the start filter (see [`StartFilter::probe`]).
#[derive(Debug, Clone, Copy)]
enum Probe {
    /// No key has its first run: no key starts here.
    Rejected,
    /// The first level lets it through; the second is asked for the whole first run, and for
    /// the prefix when the text goes on.
    Maybe { whole: u64, prefix: Option<u64> },
}

impl Probe {
    /// Whether a key may start at the word probed.
    #[inline]
    fn passes(self, filter: &StartFilter) -> bool {
        match self {
            Probe::Rejected => false,
            Probe::Maybe { whole, prefix } => {
                filter.rest.contains(whole) || prefix.is_some_and(|p| filter.rest.contains(p))
            }
        }
    }
}

/// The end of the run of letters and digits that starts at byte `start` of `text` (folded text:
/// valid UTF-8, `start` on a character boundary).
fn first_word_end(text: &[u8], start: usize) -> usize {
    let mut at = start;
    while at < text.len() {
        let byte = text[at];
        if byte.is_ascii() {
            if !byte.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            let width = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let end = (at + width).min(text.len());
            let is_word = std::str::from_utf8(&text[at..end])
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_alphanumeric);
            if !is_word {
                break;
            }
            at = end;
        }
    }
    at
}

/// The [`fold`]ed text of each of the gazetteer's forms, in the order of `gazetteer.forms`,
/// folded on all cores.
///
/// Folding is the costly part of reading a gazetteer's forms, and both the tagger and the
/// resolver need every form folded: [`Tagger::with_folded_forms`] and
/// `Resolver::with_folded_forms` share one folding (start-up is serial time in every run).
pub fn fold_forms(gazetteer: &Gazetteer) -> Vec<String> {
    gazetteer
        .forms
        .par_iter()
        .map(|form| fold(&form.text))
        .collect()
}

impl Tagger {
    /// Compiles the forms of `gazetteer` into one trie.
    pub fn new(gazetteer: &Gazetteer) -> Result<Tagger> {
        Tagger::with_folded_forms(gazetteer, &fold_forms(gazetteer))
    }

    /// [`Tagger::new`] with the forms already folded (`folded_forms`, as [`fold_forms`] gives
    /// them).
    pub fn with_folded_forms(gazetteer: &Gazetteer, folded_forms: &[String]) -> Result<Tagger> {
        assert_eq!(
            folded_forms.len(),
            gazetteer.forms.len(),
            "one folded form per form"
        );
        let mut warnings = Vec::new();
        let mut warning_count = 0;
        let mut warn = |message: String| {
            warning_count += 1;
            if warnings.len() < MAX_WARNINGS {
                warnings.push(message);
            }
        };
        // every form as (folded key, candidate), then grouped by key: sorting instead of a hash
        // map keeps one copy of each key, which matters with a million entries
        let mut langs: Vec<Box<str>> = Vec::new();
        for code in gazetteer.forms.iter().filter_map(|f| f.lang.as_deref()) {
            if !langs.iter().any(|l| **l == *code) {
                langs.push(Box::from(code));
            }
        }
        let lang_index = |code: Option<&str>| match code {
            None => 0,
            Some(code) => langs
                .iter()
                .position(|l| **l == *code)
                .map_or(0, |i| i as u16 + 1),
        };
        // the keys are borrowed from `folded_forms` while they are sorted and compiled: the
        // compiled tagger keeps none of them
        let mut entries: Vec<(&str, Candidate)> = Vec::with_capacity(folded_forms.len());
        for (form, key) in gazetteer.forms.iter().zip(folded_forms) {
            if key.chars().any(char::is_alphanumeric) {
                let candidate = Candidate {
                    entity: form.entity as u32,
                    lang: lang_index(form.lang.as_deref()),
                    kind: form.kind,
                    capitalized: form.text.chars().any(char::is_uppercase),
                };
                entries.push((key.as_str(), candidate));
            } else {
                warn(format!(
                    "{:?} ({}) has no letter or digit and is ignored",
                    form.text,
                    gazetteer.entity(form.entity).id
                ));
            }
        }
        // Deterministic preference, whatever the order of the gazetteer's rows: a canonical name
        // beats a language alias, which beats a plain alias; then the smaller id wins.
        let id = |c: &Candidate| gazetteer.entities[c.entity as usize].id.as_str();
        // The first eight bytes of each key, big-endian, decide most comparisons without
        // reading the key itself from the heap (with millions of keys, sorting is memory-bound).
        let prefix = |key: &str| {
            let mut bytes = [0u8; 8];
            let head = &key.as_bytes()[..key.len().min(8)];
            bytes[..head.len()].copy_from_slice(head);
            u64::from_be_bytes(bytes)
        };
        let mut entries: Vec<(u64, &str, Candidate)> = entries
            .into_iter()
            .map(|(key, candidate)| (prefix(key), key, candidate))
            .collect();
        entries.par_sort_unstable_by(|(prefix_a, key_a, a), (prefix_b, key_b, b)| {
            prefix_a.cmp(prefix_b).then_with(|| {
                key_a.cmp(key_b).then_with(|| {
                    (a.kind, id(a), a.lang, a.capitalized).cmp(&(
                        b.kind,
                        id(b),
                        b.lang,
                        b.capitalized,
                    ))
                })
            })
        });
        let mut entries: Vec<(&str, Candidate)> = entries
            .into_iter()
            .map(|(_, key, candidate)| (key, candidate))
            .collect();
        entries.dedup_by(|(key_a, a), (key_b, b)| {
            key_a == key_b
                && a.entity == b.entity
                && a.lang == b.lang
                && a.capitalized == b.capitalized
        });
        let mut keys: Vec<&str> = Vec::new();
        let mut candidate_ranges: Vec<(u32, u32)> = Vec::new();
        let mut candidates: Vec<Candidate> = Vec::with_capacity(entries.len());
        for (key, candidate) in entries {
            if keys.last() != Some(&key) {
                keys.push(key);
                candidate_ranges.push((candidates.len() as u32, 0));
            }
            candidates.push(candidate);
            if let Some(range) = candidate_ranges.last_mut() {
                range.1 += 1;
            }
        }
        // The trie (see the `trie` module), the start filter and the warnings about the forms
        // are made at the same time.
        let (trie, (starts, form_warnings)) = rayon::join(
            || Trie::from_sorted(&keys),
            || {
                rayon::join(
                    || {
                        StartFilter::new(keys.iter().zip(&candidate_ranges).map(
                            |(key, &(first, length))| {
                                let forms = &candidates[first as usize..(first + length) as usize];
                                (*key, forms.iter().any(|c| !c.capitalized))
                            },
                        ))
                    },
                    || form_warnings(gazetteer, &langs, &keys, &candidate_ranges, &candidates),
                )
            },
        );
        let trie = trie.map_err(|_| {
            Error::Usage(
                "the gazetteer is too large to compile: over 4 billion keys or trie nodes"
                    .to_owned(),
            )
        })?;
        for message in form_warnings {
            warn(message);
        }
        Ok(Tagger {
            trie,
            candidate_ranges,
            candidates,
            langs,
            starts,
            warnings,
            warning_count,
        })
    }

    /// Walks the trie from folded byte `start`; returns the longest acceptable form that starts
    /// there, as (original start, original end, entity, folded end).
    #[inline]
    fn walk(
        &self,
        text: &str,
        folded: &FoldedText,
        start: usize,
        lang_id: Option<u16>,
    ) -> Option<(usize, usize, usize, usize)> {
        let mut best = None;
        let mut node = trie::ROOT;
        for (offset, &byte) in folded.text[start..].iter().enumerate() {
            let Some(next) = self.trie.step(node, byte) else {
                break;
            };
            node = next;
            let Some(key) = self.trie.key(node) else {
                continue;
            };
            let end = start + offset + 1;
            let Some((from, to)) = folded.original_span(text, start, end) else {
                continue;
            };
            let span_has_capital = has_capital(text, from, to);
            let (first, length) = self.candidate_ranges[key];
            let chosen = self.candidates[first as usize..(first + length) as usize]
                .iter()
                .find(|candidate| {
                    (span_has_capital || !candidate.capitalized)
                        && (candidate.lang == 0 || Some(candidate.lang) == lang_id)
                });
            if let Some(candidate) = chosen {
                best = Some((from, to, candidate.entity as usize, end));
            }
        }
        best
    }

    /// Remarks about the gazetteer: forms shared by several entities (and which one wins),
    /// lowercase forms that are common words, forms that can never match. At most
    /// [`MAX_WARNINGS`] are kept; [`Tagger::warning_count`] counts them all.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// How many warnings the gazetteer raised, including those not kept.
    pub fn warning_count(&self) -> usize {
        self.warning_count
    }

    /// Finds the mentions in `text`, a sentence or line in language `lang` (`None` when
    /// unknown: then language-specific forms never match). Mentions are in reading order and do
    /// not overlap.
    pub fn tag(&self, text: &str, lang: Option<&str>) -> Vec<Mention> {
        BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
            Ok(mut folded) => {
                folded.fill(text);
                self.tag_folded(text, &folded, lang)
            }
            // only if a tag call ever ran inside another on this thread
            Err(_) => self.tag_folded(text, &FoldedText::new(text), lang),
        })
    }

    fn tag_folded(&self, text: &str, folded: &FoldedText, lang: Option<&str>) -> Vec<Mention> {
        let bytes = folded.text.as_slice();
        let lang_id = lang
            .and_then(|code| self.langs.iter().position(|l| **l == *code))
            .map(|i| i as u16 + 1);
        let mut mentions = Vec::new();
        // byte offsets to character offsets as the mentions are found, in one pass over the
        // text: the characters before `cursor` are `chars_before`
        let mut cursor = 0;
        let mut chars_before = 0;
        let mut taken_until = 0;
        let starts = &folded.starts;
        let filter = &self.starts;
        let first_hash = |index: usize| {
            let hash = StartFilter::first_run_hash(bytes, *starts.get(index)?);
            filter.first_runs.prefetch(hash);
            Some(hash)
        };
        let probe_at = |index: usize, hash: Option<u64>| {
            let word = *starts.get(index)?;
            Some(filter.probe(bytes, word, hash?, starts.get(index + 1).copied()))
        };
        // A pipeline over the words (see `StartFilter::probe`): a word's first level is fetched
        // two words before its decision, read a word before (and the second level fetched),
        // and the second level read at the decision.
        let mut next_hash = first_hash(1);
        let mut ahead = probe_at(0, first_hash(0));
        for (index, &word) in starts.iter().enumerate() {
            let probe = ahead;
            let hash_after_next = first_hash(index + 2);
            ahead = probe_at(index + 1, next_hash);
            next_hash = hash_after_next;
            let start = word.at as usize;
            if start < taken_until {
                continue;
            }
            if !probe.is_some_and(|probe| probe.passes(filter)) {
                continue;
            }
            let best = self.walk(text, folded, start, lang_id);
            if let Some((from, to, entity, end)) = best {
                chars_before += text[cursor..from].chars().count();
                let length = text[from..to].chars().count();
                mentions.push(Mention {
                    start: chars_before,
                    end: chars_before + length,
                    byte_start: from,
                    byte_end: to,
                    entity,
                });
                chars_before += length;
                cursor = to;
                taken_until = end;
            }
        }
        mentions
    }
}

/// The warnings about the forms of each key: shared by several entities, or a common word.
fn form_warnings(
    gazetteer: &Gazetteer,
    langs: &[Box<str>],
    keys: &[&str],
    candidate_ranges: &[(u32, u32)],
    candidates: &[Candidate],
) -> Vec<String> {
    let mut messages = Vec::new();
    for (key, &(start, length)) in keys.iter().zip(candidate_ranges) {
        let list = &candidates[start as usize..(start + length) as usize];
        messages.extend(shared_form_warning(gazetteer, langs, key, list));
        messages.extend(common_word_warning(gazetteer, key, list));
    }
    messages
}

/// Whether the original span has a capital letter (reading mojibake as what it stands for:
/// the `Ã` of `kakÃ¡` is not a capital).
fn has_capital(text: &str, from: usize, to: usize) -> bool {
    let mut at = from;
    while at < to {
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let (real, length) = mojibake_at(text, at).unwrap_or((c, c.len_utf8()));
        if real.is_uppercase() {
            return true;
        }
        at += length;
    }
    false
}

/// A warning when several entities share a form: which one wins, and why.
fn shared_form_warning(
    gazetteer: &Gazetteer,
    langs: &[Box<str>],
    key: &str,
    list: &[Candidate],
) -> Option<String> {
    let first = list.first()?;
    if list
        .iter()
        .all(|c| c.entity == first.entity || c.lang != first.lang)
    {
        return None;
    }
    let rivals: Vec<&Candidate> = list
        .iter()
        .filter(|c| c.entity != first.entity && c.lang == first.lang)
        .collect();
    let runner_up = rivals.first()?;
    let id = |c: &Candidate| gazetteer.entities[c.entity as usize].id.as_str();
    let why = if first.kind == runner_up.kind {
        "both use it the same way and its id sorts first"
    } else {
        match first.kind {
            FormKind::Name => "it is its canonical name",
            FormKind::LanguageAlias => {
                "it is its alias for that language, and only a plain alias of the other"
            }
            FormKind::Alias => "of the order of form kinds",
        }
    };
    let others: Vec<&str> = rivals.iter().map(|c| id(c)).collect();
    let language = match first.lang {
        0 => String::new(),
        index => format!(" (in {})", langs[index as usize - 1]),
    };
    Some(format!(
        "{key:?}{language} is a form of {} and of {}: {} wins because {why}",
        id(first),
        others.join(", "),
        id(first),
    ))
}

/// Common words in English and Italian that make poor lowercase forms: written in lowercase, a
/// form matches in any case, so `real` would tag every "a real problem".
const COMMON_WORDS: &[&str] = &[
    "real",
    "city",
    "united",
    "inter",
    "forest",
    "villa",
    "blues",
    "reds",
    "stars",
    "club",
    "team",
    "cup",
    "league",
    "national",
    "sporting",
    "athletic",
    "union",
    "town",
    "county",
    "rovers",
    "wanderers",
    "royal",
    "olympic",
    "dynamo",
    "atletico",
    "giovani",
    "roma",
    "lazio",
    "viola",
    "granata",
    "campioni",
    "coppa",
    "lega",
    "squadra",
    "nazionale",
    "italia",
    "mondiale",
    "may",
    "will",
    "mark",
    "bill",
    "rose",
    "grant",
    "young",
    "page",
    "bale",
    "kane",
    "rice",
    "walker",
    "stones",
    "saint",
    "sun",
    "star",
    "best",
    "post",
    "times",
    "mail",
    "sport",
    "sky",
    "gol",
];

fn common_word_warning(gazetteer: &Gazetteer, key: &str, list: &[Candidate]) -> Option<String> {
    let lowercase = list.iter().find(|c| !c.capitalized)?;
    if key.len() > 12
        || key.contains(' ')
        || !(COMMON_WORDS.contains(&key) || crate::lang::is_function_word(key))
    {
        return None;
    }
    Some(format!(
        "{key:?} ({}) is written in lowercase and is a common word: it will match the word in \
         ordinary text; write it with its capital letter to match only the name",
        gazetteer.entities[lowercase.entity as usize].id
    ))
}

/// Folds a form the way [`Tagger`] folds text: no diacritics, lowercase, one apostrophe, single
/// spaces, trimmed.
pub fn fold(text: &str) -> String {
    // (the folded bytes are UTF-8 by construction: lowercased ASCII and whole encoded
    // characters; the lossy reading is only a guard, and never changes them)
    let to_string = |folded: &FoldedText| match std::str::from_utf8(&folded.text) {
        Ok(text) => text.trim_end().to_owned(),
        Err(_) => String::from_utf8_lossy(&folded.text).trim_end().to_owned(),
    };
    BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut folded) => {
            folded.fill(text);
            to_string(&folded)
        }
        Err(_) => to_string(&FoldedText::new(text)),
    })
}

/// A folded copy of a text with the map back to the original.
#[derive(Default)]
struct FoldedText {
    text: Vec<u8>,
    /// The map from each byte of `text` to the byte offset in the original of the character (or
    /// mojibake sequence) it comes from, as segments sorted by folded offset: a byte per byte
    /// for ASCII runs, one original offset for all the bytes a character folds to. A map entry
    /// per byte would be written for every byte of every text and read for a few.
    origin: Vec<OriginSegment>,
    /// Where words may start, in order.
    starts: Vec<WordStart>,
}

/// A position in the folded text where a word may start: the first byte of a character whose
/// original predecessor is not a letter or digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordStart {
    at: u32,
    /// Where its first run of letters and digits ends (what [`first_word_end`] finds, computed
    /// while folding so that the start filter need not scan it again).
    run_end: u32,
    /// Whether the original text has a capital letter in that run (or in what follows it
    /// before the next start).
    capital: bool,
}

/// Folded bytes from `folded` on map to the original from `original` on: one original byte per
/// folded byte when `step` is 1, all to `original` when it is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OriginSegment {
    folded: u32,
    original: u32,
    step: u32,
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte in the folding's hottest loop.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

thread_local! {
    /// Folding buffers reused from one text to the next on each thread.
    static BUFFERS: std::cell::RefCell<FoldedText> = std::cell::RefCell::new(FoldedText::default());
}

impl FoldedText {
    fn new(original: &str) -> FoldedText {
        let mut folded = FoldedText::default();
        folded.fill(original);
        folded
    }

    /// Folds `original` into these buffers, replacing what they held.
    fn fill(&mut self, original: &str) {
        self.fill_with(original, true);
    }

    /// [`FoldedText::fill`], eight plain bytes at a time where `blocks` is true and the text
    /// allows it (see [`FoldedText::push_plain_block`]); without, byte by byte and run by run,
    /// which the tests hold the eight-byte path to.
    fn fill_with(&mut self, original: &str, blocks: bool) {
        self.text.clear();
        self.origin.clear();
        self.starts.clear();
        self.text.reserve(original.len());
        let bytes = original.as_bytes();
        let mut previous_is_word = false;
        // whether the run of letters and digits that opened at the last start goes on
        let mut run_open = false;
        let mut at = 0;
        while at < bytes.len() {
            if blocks {
                if let Some(word) = ascii8::load(bytes, at) {
                    if self.push_plain_block(word, at, &mut previous_is_word, &mut run_open) {
                        at += 8;
                        continue;
                    }
                }
            }
            let byte = bytes[at];
            if byte.is_ascii_alphanumeric() {
                // a run of ASCII letters and digits, the bulk of most text, in one go; and
                // while a single space leads to another such run, the next one (the common
                // case of running text, without a trip through the general loop)
                loop {
                    if !previous_is_word {
                        self.open_start();
                        run_open = true;
                    }
                    self.map_bytes(at, 1);
                    let run_end = self.push_ascii_run(bytes, at);
                    debug_assert!(run_end > at, "the byte test and the word test disagree");
                    if run_open {
                        self.extend_run();
                    }
                    at = run_end;
                    let next_word = bytes.get(at + 1).copied();
                    if bytes.get(at) != Some(&b' ')
                        || !next_word.is_some_and(|b| ASCII_ALPHANUMERIC[b as usize])
                    {
                        previous_is_word = true;
                        break;
                    }
                    // as `push_space` does after a word
                    self.map_bytes(at, 1);
                    self.text.push(b' ');
                    previous_is_word = false;
                    run_open = false;
                    at += 1;
                }
                continue;
            }
            if byte.is_ascii() {
                if byte.is_ascii_whitespace() {
                    self.push_space(at);
                    previous_is_word = false;
                } else {
                    if !previous_is_word {
                        self.open_start();
                    }
                    let lower = if byte == b'`' {
                        b'\''
                    } else {
                        byte.to_ascii_lowercase()
                    };
                    self.map_bytes(at, 1);
                    self.text.push(lower);
                    previous_is_word = false;
                }
                run_open = false;
                at += 1;
                continue;
            }
            let Some(c) = original[at..].chars().next() else {
                break;
            };
            let mut length = c.len_utf8();
            if c.is_whitespace() {
                self.push_space(at);
                previous_is_word = false;
                run_open = false;
            } else if !is_ignorable(c) {
                // (ignorable characters belong to the character before them: see `span_end`)
                let (real, real_length) = mojibake_at(original, at).unwrap_or((c, length));
                length = real_length;
                if !previous_is_word {
                    self.open_start();
                    run_open = true;
                }
                if real.is_uppercase() {
                    self.mark_capital();
                }
                let mut buffer = [0u8; 4];
                self.map_bytes(at, 0);
                fold_char(real, |f| {
                    self.text
                        .extend_from_slice(f.encode_utf8(&mut buffer).as_bytes());
                    if run_open && f.is_alphanumeric() {
                        self.extend_run();
                    } else {
                        run_open = false;
                    }
                });
                previous_is_word = is_word_char(real);
            }
            at += length;
        }
    }

    /// Folds the eight bytes of `word`, original bytes `at..at + 8`, in one go when they are
    /// plain (printable ASCII but `` ` ``, and no space that the folding would drop: one after
    /// a space, or first in the folded text) and returns true; returns false, having changed
    /// nothing, otherwise. Plain bytes fold to themselves in lowercase, one to one, and the
    /// starts among them are the bytes that are neither a space nor after a letter or digit;
    /// each start's run and capital are read from the masks of its bytes. Most eight bytes of
    /// English and Italian news are plain: this spares them the byte-by-byte bookkeeping of
    /// the general loop (a start, a map entry and a run check for every word).
    #[inline]
    fn push_plain_block(
        &mut self,
        word: u64,
        at: usize,
        previous_is_word: &mut bool,
        run_open: &mut bool,
    ) -> bool {
        const LAST_BYTE: u64 = 0x80 << 56;
        let spaces = ascii8::equal_to(word, b' ');
        let after_space = spaces << 8
            | match self.text.last() {
                Some(&b' ') | None => 0x80,
                Some(_) => 0,
            };
        let plain = ascii8::printable(word) & !ascii8::equal_to(word, b'`');
        if plain != ascii8::HIGH || spaces & after_space != 0 {
            return false;
        }
        let classes = ascii8::Classes::of(word);
        let runs = classes.alphanumeric;
        let base = self.text.len() as u32;
        self.map_bytes(at, 1);
        self.text
            .extend_from_slice(&ascii8::lowercase(word, classes.letters).to_le_bytes());
        // the bytes that go on with the word before the block
        let lead = if *previous_is_word {
            ascii8::run_length(runs)
        } else {
            0
        };
        if lead > 0 {
            if *run_open {
                self.extend_run_to(base + lead as u32);
            }
            if classes.capitals & ascii8::first_bytes(lead) != 0 {
                self.mark_capital();
            }
        }
        let after_word = runs << 8 | if *previous_is_word { 0x80 } else { 0 };
        let mut starts = ascii8::HIGH & !spaces & !after_word;
        while starts != 0 {
            let shift = starts.trailing_zeros() & !7;
            starts &= starts - 1;
            let from = base + shift / 8;
            let run = ascii8::run_length(runs >> shift);
            self.starts.push(WordStart {
                at: from,
                run_end: from + run as u32,
                capital: (classes.capitals >> shift) & ascii8::first_bytes(run) != 0,
            });
        }
        *run_open = runs & LAST_BYTE != 0 && (lead < 8 || *run_open);
        *previous_is_word = runs & LAST_BYTE != 0;
        true
    }

    /// Appends the run of ASCII letters and digits that starts at byte `at` of `bytes`, in
    /// lowercase, and returns where it ends; marks the last start when the run has a capital.
    /// Eight bytes at a time (see [`crate::ascii8`]).
    fn push_ascii_run(&mut self, bytes: &[u8], mut at: usize) -> usize {
        let mut capital = false;
        while let Some(word) = ascii8::load(bytes, at) {
            let classes = ascii8::Classes::of(word);
            let length = ascii8::run_length(classes.alphanumeric);
            capital |= classes.capitals & ascii8::first_bytes(length) != 0;
            // the bytes past the run are dropped
            let before = self.text.len();
            self.text
                .extend_from_slice(&ascii8::lowercase(word, classes.letters).to_le_bytes());
            self.text.truncate(before + length);
            at += length;
            if length < 8 {
                if capital {
                    self.mark_capital();
                }
                return at;
            }
        }
        // the last bytes of the text
        while let Some(&byte) = bytes.get(at).filter(|&&b| ASCII_ALPHANUMERIC[b as usize]) {
            capital |= byte.is_ascii_uppercase();
            self.text.push(byte | 0x20);
            at += 1;
        }
        if capital {
            self.mark_capital();
        }
        at
    }

    /// A key may start here: records the start, with an empty run of letters and digits.
    fn open_start(&mut self) {
        let at = self.text.len() as u32;
        self.starts.push(WordStart {
            at,
            run_end: at,
            capital: false,
        });
    }

    /// The run of the last start reaches the end of the folded text so far.
    fn extend_run(&mut self) {
        self.extend_run_to(self.text.len() as u32);
    }

    /// The run of the last start reaches folded byte `end`.
    fn extend_run_to(&mut self, end: u32) {
        if let Some(word) = self.starts.last_mut() {
            word.run_end = end;
        }
    }

    /// The original text of the last start has a capital letter.
    fn mark_capital(&mut self) {
        if let Some(word) = self.starts.last_mut() {
            word.capital = true;
        }
    }

    fn push_space(&mut self, at: usize) {
        if self.text.last().is_some_and(|&b| b != b' ') {
            self.map_bytes(at, 1);
            self.text.push(b' ');
        }
    }

    /// The bytes about to be appended come from original byte `at` on, one original byte per
    /// folded byte (`step` 1) or all from `at` (`step` 0, a character folded to several bytes).
    fn map_bytes(&mut self, at: usize, step: u32) {
        let folded = self.text.len() as u32;
        let original = at as u32;
        if let Some(last) = self.origin.last() {
            if step == 1 && last.step == 1 && last.original + (folded - last.folded) == original {
                return; // the run before goes on
            }
        }
        self.origin.push(OriginSegment {
            folded,
            original,
            step,
        });
    }

    /// The original offset of folded byte `at`.
    fn origin_of(&self, at: usize) -> usize {
        let at = at as u32;
        let index = self.origin.partition_point(|segment| segment.folded <= at);
        let segment = self.origin[index.saturating_sub(1)];
        (segment.original + (at - segment.folded) * segment.step) as usize
    }

    /// Maps a folded byte range to a byte range of the original, when it ends on the edge of
    /// an original character (`ß` folds to `ss`: a match may not take just one `s`) and no
    /// letter or digit follows it there.
    fn original_span(&self, original: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let last = self.origin_of(end - 1);
        if end < self.text.len() && self.origin_of(end) == last {
            return None;
        }
        let to = span_end(original, last);
        // the character after the span, read as mojibake when it is (`â€™` is `’`)
        let next = original[to..]
            .chars()
            .next()
            .map(|c| mojibake_at(original, to).map_or(c, |(real, _)| real));
        if next.is_some_and(is_word_char) {
            return None;
        }
        Some((self.origin_of(start), to))
    }
}

/// The end of the character (or mojibake sequence) at byte `at` of `text`, with the combining
/// marks and invisible characters that follow it.
fn span_end(text: &str, at: usize) -> usize {
    let Some(c) = text[at..].chars().next() else {
        return at;
    };
    let mut end = at + mojibake_at(text, at).map_or(c.len_utf8(), |(_, length)| length);
    while let Some(next) = text[end..].chars().next().filter(|&n| is_ignorable(n)) {
        end += next.len_utf8();
    }
    end
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Characters that carry nothing for matching: combining marks, zero-width characters, the
/// soft hyphen, bidirectional controls.
fn is_ignorable(c: char) -> bool {
    is_combining_mark(c)
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Emits the folded form of one character: lowercase, without diacritics.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(match c {
            '`' => '\'',
            _ => c.to_ascii_lowercase(),
        });
        return;
    }
    match c {
        '’' | '‘' | 'ʼ' | '´' | '′' | 'ʹ' | '‛' | '＇' => emit('\''),
        '‐' | '‑' => emit('-'),
        'ß' | 'ẞ' => {
            emit('s');
            emit('s');
        }
        'æ' | 'Æ' => {
            emit('a');
            emit('e');
        }
        'œ' | 'Œ' => {
            emit('o');
            emit('e');
        }
        'þ' | 'Þ' => {
            emit('t');
            emit('h');
        }
        'ø' | 'Ø' => emit('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => emit('d'),
        'ł' | 'Ł' => emit('l'),
        'ı' => emit('i'),
        'ħ' | 'Ħ' => emit('h'),
        _ => decompose_canonical(c, |base| {
            if !is_combining_mark(base) {
                for lower in base.to_lowercase() {
                    if !is_combining_mark(lower) {
                        emit(lower);
                    }
                }
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const GAZ: &str = "id\tname\ttype\taliases\taliases_it\n\
        kaka\tKaká\tPERSON\tRicardo Kaká\t\n\
        militao\tÉder Militão\tPERSON\tMilitão\t\n\
        brazil\tBrazil\tNATIONAL_TEAM\tSeleção\tBrasile\n\
        real\tReal Madrid\tCLUB\tLos Blancos\t\n\
        wc\tFIFA World Cup\tCOMPETITION\tWorld Cup\tMondiali|Coppa del Mondo\n\
        cwc\tFIFA Club World Cup\tCOMPETITION\tClub World Cup\t\n\
        anc\tCarlo Ancelotti\tPERSON\tAncelotti\t\n\
        liv\tLiverpool\tCLUB\t\t\n\
        inter\tInter\tCLUB\tInternazionale\t\n\
        cnnb\tCNN Brasil\tMEDIA\t\t\n\
        bdo\tBallon d'Or\tAWARD\t\t\n\
        muller\tThomas Müller\tPERSON\t\t\n";

    fn tagger() -> (Gazetteer, Tagger) {
        let g = Gazetteer::parse(Path::new("t.tsv"), GAZ.as_bytes(), b'\t').unwrap();
        let t = Tagger::new(&g).unwrap();
        (g, t)
    }

    /// (surface, entity id) of every mention.
    fn tags(text: &str, lang: Option<&str>) -> Vec<(String, String)> {
        let (g, t) = tagger();
        t.tag(text, lang)
            .into_iter()
            .map(|m| {
                let surface: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                (surface, g.entities[m.entity].id.clone())
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn thread_count_does_not_change_the_mentions() {
        let g = Gazetteer::parse(Path::new("t.tsv"), GAZ.as_bytes(), b'\t').unwrap();
        let text = "Kaká e Éder Militão del Brasile di Carlo Ancelotti: Real Madrid, \
                    FIFA Club World Cup, Ballon d'Or, Thomas MÜLLER, CNN Brasil, Inter.";
        let mut results = Vec::new();
        for threads in [1, 3, 16] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let tagger = pool.install(|| Tagger::new(&g).unwrap());
            results.push(tagger.tag(text, Some("it")));
        }
        assert!(results[0].len() >= 10, "{:?}", results[0]);
        assert_eq!(results[0], results[1]);
        assert_eq!(results[0], results[2]);
    }

    #[test]
    fn many_keys_that_extend_one_another_all_match() {
        // "Player 1" ... "Player 20000", "Player" and "P": keys that are prefixes of thousands
        // of others, the shape that made an Aho-Corasick build quadratic
        let mut tsv = String::from("id\tname\ttype\np\tP\tX\nplayer\tPlayer\tX\n");
        for n in 1..=20_000 {
            tsv.push_str(&format!("p{n}\tPlayer {n}\tX\n"));
        }
        let g = Gazetteer::parse(Path::new("t.tsv"), tsv.as_bytes(), b'\t').unwrap();
        let tagger = Tagger::new(&g).unwrap();
        let text = "Player 1, Player 19999 and Player 20000x met Player 9 and P near Player 2";
        let found: Vec<(&str, &str)> = tagger
            .tag(text, None)
            .iter()
            .map(|m| (m.surface(text), g.entity(m.entity).id.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Player 1", "p1"),
                ("Player 19999", "p19999"),
                ("Player", "player"),
                ("Player 9", "p9"),
                ("P", "p"),
                ("Player 2", "p2")
            ]
        );
    }

    #[test]
    fn ignores_diacritics_case_and_spaces() {
        assert_eq!(
            tags("Eder Militao and ÉDER MILITÃO and Éder  Militão", None),
            pairs(&[
                ("Eder Militao", "militao"),
                ("ÉDER MILITÃO", "militao"),
                ("Éder  Militão", "militao")
            ])
        );
        assert_eq!(
            tags("KAKA, Kaka, Kaká, Kaka\u{301}.", None),
            pairs(&[
                ("KAKA", "kaka"),
                ("Kaka", "kaka"),
                ("Kaká", "kaka"),
                ("Kaka\u{301}", "kaka")
            ])
        );
        assert_eq!(
            tags("Éder\u{A0}Militão", None),
            pairs(&[("Éder\u{A0}Militão", "militao")])
        );
        assert_eq!(
            tags("Thomas Muller", None),
            pairs(&[("Thomas Muller", "muller")])
        );
    }

    #[test]
    fn lowercase_span_never_matches_capitalized_form() {
        assert!(tags("it is a real madrid problem and inter alia", None).is_empty());
        assert_eq!(tags("REAL MADRID", None), pairs(&[("REAL MADRID", "real")]));
    }

    #[test]
    fn whole_words_only_but_possessives_and_hyphens_are_fine() {
        assert!(tags("Interesting Kakaó", None).is_empty());
        assert_eq!(
            tags(
                "Ancelotti's side, ex-Liverpool boss, dell'Inter, l’Inter",
                None
            ),
            pairs(&[
                ("Ancelotti", "anc"),
                ("Liverpool", "liv"),
                ("Inter", "inter"),
                ("Inter", "inter")
            ])
        );
    }

    #[test]
    fn leftmost_longest_without_overlaps() {
        assert_eq!(
            tags("the FIFA Club World Cup and the World Cup", None),
            pairs(&[("FIFA Club World Cup", "cwc"), ("World Cup", "wc")])
        );
        assert_eq!(
            tags("per CNN Brasil.", Some("en")),
            pairs(&[("CNN Brasil", "cnnb")])
        );
    }

    #[test]
    fn language_aliases_only_in_their_language() {
        assert_eq!(
            tags("il Brasile vince", Some("it")),
            pairs(&[("Brasile", "brazil")])
        );
        assert!(tags("Brasile", Some("en")).is_empty());
        assert!(tags("Brasile", None).is_empty());
        assert_eq!(
            tags("la Coppa del Mondo", Some("it")),
            pairs(&[("Coppa del Mondo", "wc")])
        );
    }

    #[test]
    fn mojibake_after_a_mention_is_read_as_the_character_it_stands_for() {
        // `â€™` is `’` read as Windows-1252: a possessive, not letters glued to the name
        assert_eq!(
            tags("Ancelottiâ€™s side and KakÃ¡â€™s shirt", None),
            pairs(&[("Ancelotti", "anc"), ("KakÃ¡", "kaka")])
        );
        // and a mojibake letter after the name still makes it another word
        assert_eq!(tags("KakaÃ¡ and Kaka", None), pairs(&[("Kaka", "kaka")]));
    }

    #[test]
    fn apostrophe_styles_are_equal() {
        assert_eq!(
            tags("the Ballon d’Or and the Ballon d'Or", None),
            pairs(&[("Ballon d’Or", "bdo"), ("Ballon d'Or", "bdo")])
        );
    }

    #[test]
    fn offsets_are_characters_into_the_text() {
        let (_, t) = tagger();
        let text = "Perché Kaká?";
        let m = t.tag(text, None);
        assert_eq!(
            m,
            vec![Mention {
                start: 7,
                end: 11,
                byte_start: 8,
                byte_end: 13,
                entity: 0
            }]
        );
        assert_eq!(m[0].surface(text), "Kaká");
    }

    #[test]
    fn words_end_at_punctuation_of_any_script() {
        assert_eq!(first_word_end("papa» x".as_bytes(), 0), 4);
        assert_eq!(first_word_end("città's".as_bytes(), 0), 6);
        assert_eq!(first_word_end("l'inter".as_bytes(), 2), 7);
    }

    #[test]
    fn warnings_explain_shared_and_common_forms() {
        let g = Gazetteer::parse(
            Path::new("w.tsv"),
            "id\tname\ttype\taliases\nrm\tReal Madrid\tCLUB\treal|Madrid\nam\tAtlético Madrid\tCLUB\tMadrid\nmad\tMadrid\tCITY\t\nx\tX\tT\t---\n".as_bytes(),
            b'\t',
        )
        .unwrap();
        let warnings = Tagger::new(&g).unwrap().warnings().to_vec();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("\"---\" (x) has no letter")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("\"real\" (rm) is written in lowercase")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w == "\"madrid\" is a form of mad and of am, rm: mad wins because it is its canonical name"),
            "{warnings:?}"
        );
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Éder\u{A0}\u{A0}MILITÃO "), "eder militao");
        assert_eq!(fold("Straße Ødegaard Łukasz"), "strasse odegaard lukasz");
        assert_eq!(fold("d’Or"), "d'or");
    }

    /// ASCII text folds byte by byte (lowercase, `` ` `` as `'`, white space as one space), and
    /// each word's run and capital are where the bytes say: every ASCII byte, at every place of
    /// texts long enough for the eight-byte path and short enough for the byte-by-byte one.
    #[test]
    fn ascii_runs_fold_byte_by_byte() {
        let mut folded = FoldedText::default();
        for byte in 1..=0x7fu8 {
            for length in [1, 5, 8, 9, 16, 23] {
                for place in 0..length {
                    for base in [b'a', b'Q', b'7'] {
                        let mut bytes = vec![base; length];
                        bytes[place] = byte;
                        let text = String::from_utf8(bytes.clone()).unwrap();
                        folded.fill(&text);
                        let expected: Vec<u8> = bytes
                            .iter()
                            .map(|&b| match b {
                                b'`' => b'\'',
                                _ if b.is_ascii_whitespace() => b' ',
                                _ => b.to_ascii_lowercase(),
                            })
                            .collect();
                        let expected = String::from_utf8(expected).unwrap();
                        let expected = expected.strip_prefix(' ').unwrap_or(&expected);
                        assert_eq!(String::from_utf8_lossy(&folded.text), expected, "{text:?}");
                        for word in &folded.starts {
                            let (at, run_end) = (word.at as usize, word.run_end as usize);
                            assert_eq!(run_end, first_word_end(&folded.text, at), "{text:?}");
                            let original = &bytes[folded.origin_of(at)..];
                            let run = &original[..run_end - at];
                            assert!(run.iter().all(u8::is_ascii_alphanumeric), "{text:?}");
                            if run.iter().any(u8::is_ascii_uppercase) {
                                assert!(word.capital, "{text:?}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// The eight-byte path folds every text exactly as the byte-by-byte one: the same folded
    /// bytes, map and starts, on texts mixing plain ASCII with what ends a plain block (double
    /// spaces, tabs, `` ` ``, letters beyond ASCII, mojibake, ignorable characters).
    #[test]
    fn plain_blocks_fold_as_bytes_do() {
        const PIECES: [&str; 24] = [
            "a", "Q", "7", "word", "Madrid", "FC", " ", " ", " ", "  ", ".", ",", "-", "'", "`",
            "\t", "\n", "é", "É", "Ã©", "\u{AD}", "ß", "\u{A0}", "ʼ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut fast, mut slow) = (FoldedText::default(), FoldedText::default());
        for _ in 0..20_000 {
            let pieces = next() % 40;
            let text: String = (0..pieces)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            fast.fill_with(&text, true);
            slow.fill_with(&text, false);
            assert_eq!(fast.text, slow.text, "{text:?}");
            assert_eq!(fast.origin, slow.origin, "{text:?}");
            assert_eq!(fast.starts, slow.starts, "{text:?}");
        }
    }
}
