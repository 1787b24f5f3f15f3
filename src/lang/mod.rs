//! Language identification: an n-gram model of our own for the six languages news dumps mix
//! most, whatlang for the others.
//!
//! The corpus compares English and Italian coverage, so two questions matter: which language is
//! this text in, and is it in the languages the user asked for? [`Detector`] answers both: in the
//! *closed* mode (a list of languages) the answer is one of them, in the *open* mode any language
//! whatlang knows. Text with too few letters to call, or a call too uncertain, is `und`.
//! Languages are named by ISO 639-1 codes (`en`, `it`), as in the CSV files.
//!
//! whatlang is fast to adopt but weak on short text, the sentences and headlines a corpus is made
//! of; so Latin-script text is read by [`ngram`], a naive Bayes model of English, Italian,
//! Spanish, Portuguese, French and German that is right on 98–100% of held-out sentences and
//! reads 20–50 MB/s. whatlang is asked about other scripts, closed sets with a language outside
//! the six, and text the model hardly knows (Dutch, Catalan...). Confidence is calibrated: an
//! answer given with 0.9 or more is right at least 99% of the time on held-out text.

pub mod ngram;

use std::sync::OnceLock;

use crate::ascii8;
use crate::fast_hash::FastMap;

use ngram::{Costs, NgramModel, COST_SCALE, LANG_COUNT, MODEL_LANGS};

use whatlang::Lang;

use crate::error::{Error, Result};

/// Detection looks at most at this many bytes of a text: the first few sentences of an article
/// decide its language as well as the whole of it, and detection cost stays bounded.
const SAMPLE_BYTES: usize = 1500;

/// An article is first classified on this many bytes of its text, the answer kept when it is
/// [`QUICK_SETTLED_CONFIDENCE`]: the language model costs an article most where articles are
/// short, and a couple of sentences settle nearly every one of them.
const QUICK_SAMPLE_BYTES: usize = 200;

/// A confidence on [`QUICK_SAMPLE_BYTES`] that more text would not change: stricter than
/// [`SETTLED_CONFIDENCE`], since the sample is half as long.
const QUICK_SETTLED_CONFIDENCE: f64 = 0.9999;

/// Otherwise an article is classified on this many bytes of its text, and on [`SAMPLE_BYTES`]
/// only when the answer is not [`SETTLED_CONFIDENCE`].
const FIRST_SAMPLE_BYTES: usize = 400;

/// A confidence that more text would not change.
const SETTLED_CONFIDENCE: f64 = 0.99;

/// Fewer letters than this and a text is `und`: a name or a number says nothing of a language.
const MIN_LETTERS: usize = 3;

/// whatlang's languages and their ISO 639-1 codes.
const CODES: &[(Lang, &str)] = &[
    (Lang::Afr, "af"),
    (Lang::Aka, "ak"),
    (Lang::Amh, "am"),
    (Lang::Ara, "ar"),
    (Lang::Aze, "az"),
    (Lang::Bel, "be"),
    (Lang::Ben, "bn"),
    (Lang::Bul, "bg"),
    (Lang::Cat, "ca"),
    (Lang::Ces, "cs"),
    (Lang::Cmn, "zh"),
    (Lang::Dan, "da"),
    (Lang::Deu, "de"),
    (Lang::Ell, "el"),
    (Lang::Eng, "en"),
    (Lang::Epo, "eo"),
    (Lang::Est, "et"),
    (Lang::Fin, "fi"),
    (Lang::Fra, "fr"),
    (Lang::Guj, "gu"),
    (Lang::Heb, "he"),
    (Lang::Hin, "hi"),
    (Lang::Hrv, "hr"),
    (Lang::Hun, "hu"),
    (Lang::Hye, "hy"),
    (Lang::Ind, "id"),
    (Lang::Ita, "it"),
    (Lang::Jav, "jv"),
    (Lang::Jpn, "ja"),
    (Lang::Kan, "kn"),
    (Lang::Kat, "ka"),
    (Lang::Khm, "km"),
    (Lang::Kor, "ko"),
    (Lang::Lat, "la"),
    (Lang::Lav, "lv"),
    (Lang::Lit, "lt"),
    (Lang::Mal, "ml"),
    (Lang::Mar, "mr"),
    (Lang::Mkd, "mk"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Nld, "nl"),
    (Lang::Nob, "nb"),
    (Lang::Ori, "or"),
    (Lang::Pan, "pa"),
    (Lang::Pes, "fa"),
    (Lang::Pol, "pl"),
    (Lang::Por, "pt"),
    (Lang::Ron, "ro"),
    (Lang::Rus, "ru"),
    (Lang::Sin, "si"),
    (Lang::Slk, "sk"),
    (Lang::Slv, "sl"),
    (Lang::Sna, "sn"),
    (Lang::Spa, "es"),
    (Lang::Srp, "sr"),
    (Lang::Swe, "sv"),
    (Lang::Tam, "ta"),
    (Lang::Tel, "te"),
    (Lang::Tgl, "tl"),
    (Lang::Tha, "th"),
    (Lang::Tuk, "tk"),
    (Lang::Tur, "tr"),
    (Lang::Ukr, "uk"),
    (Lang::Urd, "ur"),
    (Lang::Uzb, "uz"),
    (Lang::Vie, "vi"),
    (Lang::Yid, "yi"),
    (Lang::Zul, "zu"),
];

/// The ISO 639-1 code of a whatlang language.
pub fn iso_code(lang: Lang) -> &'static str {
    CODES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, code)| *code)
        .unwrap_or("und")
}

fn lang_from_iso(code: &str) -> Option<Lang> {
    CODES.iter().find(|(_, c)| *c == code).map(|(l, _)| *l)
}

/// Parses a `--langs` value (`en,it`) into validated ISO 639-1 codes, in the given order.
pub fn parse_lang_list(value: &str) -> Result<Vec<String>> {
    let mut codes: Vec<String> = Vec::new();
    for part in value.split(',') {
        let code = part.trim().to_ascii_lowercase();
        if code.is_empty() {
            continue;
        }
        if lang_from_iso(&code).is_none() {
            return Err(Error::Usage(format!(
                "unknown language code {code:?} in --langs (use ISO 639-1 codes such as en,it)"
            )));
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.is_empty() {
        return Err(Error::Usage("--langs names no language".to_owned()));
    }
    Ok(codes)
}

/// One answer of the detector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code, or `None` for `und`.
    pub lang: Option<&'static str>,
    /// In `[0, 1]`; 0 for `und`.
    pub confidence: f64,
    /// whatlang's own judgement that the answer is reliable.
    pub reliable: bool,
}

impl Detection {
    /// The undetermined answer.
    pub const UND: Detection = Detection {
        lang: None,
        confidence: 0.0,
        reliable: false,
    };

    /// The answer of [`function_word_verdict`]: language `code`, beyond doubt.
    fn by_function_words(code: &'static str) -> Detection {
        Detection {
            lang: Some(code),
            confidence: 1.0,
            reliable: true,
        }
    }

    /// The code to print: the language, or `und`.
    pub fn code(&self) -> &'static str {
        self.lang.unwrap_or("und")
    }
}

/// The n-gram model of the six languages, compiled into the binary.
fn model() -> &'static NgramModel {
    static MODEL: OnceLock<NgramModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        NgramModel::from_bytes(include_bytes!("model.bin"))
            .expect("the compiled-in language model is well formed (a unit test reads it)")
    })
}

/// The model's costs add the evidence of overlapping n-grams (` th`, `the`, `he `) as if each
/// were independent, so their differences overstate certainty; dividing them by this much (in
/// bits) turns them into probabilities that hold on held-out text: answers given with 0.9 or
/// more are right at least 99% of the time (see `scripts/eval_lang.py`).
const TEMPERATURE_BITS: f64 = 4.0;

/// In the open set, text of which fewer n-grams than this share occurred in the training text of
/// the model's answer is perhaps in none of its six languages (Dutch, Catalan, Romanian...), and
/// whatlang is asked too. On held-out sentences of the six, 1% fall below it; of the team's
/// sentences in other languages (`tests/data/lang/other_languages.tsv`), all do.
const MIN_SEEN_SHARE: f64 = 0.7;

/// From this share on, text is as familiar as most held-out text of the six languages (19
/// sentences in 20), and the model's probability is its confidence.
const FAMILIAR_SEEN_SHARE: f64 = 0.75;

/// At this share or below, the model's answer is a guess: its confidence is the lowest one,
/// [`MIN_FAMILIARITY`] times its probability.
const FOREIGN_SEEN_SHARE: f64 = 0.62;

/// whatlang is not asked about texts of fewer letters: its trigram profiles say little about
/// them, and it costs fifteen times the model.
const MIN_WHATLANG_LETTERS: usize = 24;

/// An unfamiliar text of this many words without a function word of its answer is `und`.
const MIN_WORDS_WITHOUT_FUNCTION_WORDS: usize = 6;

/// The least a model answer's confidence is discounted to, for unfamiliar text.
const MIN_FAMILIARITY: f64 = 0.1;

/// When the model does not know the text well, whatlang's answer outside the six is taken from
/// this confidence on (whatlang seldom calls a short sentence reliable, even when its first
/// guess is right).
const MIN_OTHER_CONFIDENCE: f64 = 0.5;

/// A language detector, open (every language) or closed (a fixed list).
///
/// Latin-script text is read by the n-gram model of English, Italian, Spanish, Portuguese,
/// French and German ([`ngram`]); in the open set whatlang is asked as well when the text looks
/// like none of those six. Text in other scripts, and closed sets with a language outside the
/// six, go to whatlang alone.
pub struct Detector {
    whatlang_open: whatlang::Detector,
    whatlang_closed: Option<whatlang::Detector>,
    scope: Vec<&'static str>,
    scope_langs: Vec<Lang>,
    /// The scope as indexes into [`MODEL_LANGS`] (all six in the open set), or `None` when the
    /// scope has a language the model does not know.
    model_scope: Option<Vec<usize>>,
}

impl Detector {
    /// A detector that may answer any language whatlang knows.
    pub fn open() -> Detector {
        Detector {
            whatlang_open: whatlang::Detector::new(),
            whatlang_closed: None,
            scope: Vec::new(),
            scope_langs: Vec::new(),
            model_scope: Some((0..LANG_COUNT).collect()),
        }
    }

    /// A detector whose answers are restricted to `codes` (ISO 639-1, validated).
    pub fn closed(codes: &[String]) -> Result<Detector> {
        let mut langs = Vec::new();
        let mut scope = Vec::new();
        for code in codes {
            let lang = lang_from_iso(code)
                .ok_or_else(|| Error::Usage(format!("unknown language code {code:?}")))?;
            langs.push(lang);
            scope.push(iso_code(lang));
        }
        let model_scope = scope
            .iter()
            .map(|code| MODEL_LANGS.iter().position(|l| l == code))
            .collect();
        Ok(Detector {
            whatlang_open: whatlang::Detector::new(),
            whatlang_closed: Some(whatlang::Detector::with_allowlist(langs.clone())),
            scope,
            scope_langs: langs,
            model_scope,
        })
    }

    /// Detects the language of `text`: within the scope when the detector is closed.
    pub fn detect(&self, text: &str) -> Detection {
        match &self.whatlang_closed {
            Some(closed) => self.judge(text, closed, &self.scope_langs, Verdict::Ask),
            None => self.judge(text, &self.whatlang_open, &[], Verdict::Ask),
        }
    }

    /// Detects among all languages, whatever the scope.
    pub fn detect_open(&self, text: &str) -> Detection {
        self.judge(text, &self.whatlang_open, &[], Verdict::Ask)
    }

    fn judge(
        &self,
        text: &str,
        whatlang: &whatlang::Detector,
        allowed: &[Lang],
        verdict: Verdict,
    ) -> Detection {
        let sample = without_non_language_tokens(sample(text));
        let sample = sample.as_ref();
        let letters = count_letters(sample);
        if letters.all < MIN_LETTERS {
            return Detection::UND;
        }
        let model_scope: &[usize] = match (&self.model_scope, allowed.is_empty()) {
            (_, true) => &ALL_MODEL_LANGS,
            (Some(scope), false) => scope,
            (None, false) => return run_whatlang(whatlang, allowed, sample),
        };
        if letters.latin * 2 < letters.all {
            return run_whatlang(whatlang, allowed, sample);
        }
        let verdict = match verdict {
            Verdict::Ask => function_word_verdict(prefix(sample, QUICK_SAMPLE_BYTES)),
            Verdict::AlreadyAsked => None,
        };
        if let Some(code) = verdict {
            // the function words leave no doubt, as for an article's first bytes (see
            // `function_word_verdict`): on the 13,246 sentences of the articles of
            // `../shared/data` and the treebanks' 3,308, open set and `en,it` alike, the model
            // says the same of every one where this holds (two in three), and is not asked
            if allowed.is_empty() || allowed.iter().any(|&lang| iso_code(lang) == code) {
                return Detection::by_function_words(code);
            }
        }
        let costs = model().costs(sample);
        let Some(answer) = ModelAnswer::of(&costs, model_scope) else {
            return run_whatlang(whatlang, allowed, sample);
        };
        if is_names_only(sample) {
            // "Kaká, Éder Militão": names are in no language, whatever their spelling suggests;
            // but "Lombardia:" or "Sunday, January 20" are, so the guess stays, as a guess
            return Detection {
                confidence: answer.probability.min(NAMES_ONLY_CONFIDENCE),
                reliable: false,
                ..answer.detection()
            };
        }
        if allowed.is_empty() && answer.seen_share < MIN_SEEN_SHARE {
            // The text may be in a language the model does not know. Unless its function words
            // anchor it in the answer's language ("Kaká and Éder Militão trained with the
            // Seleção"), whatlang has its say when it leans to a seventh language; otherwise
            // the model's answer stands, its confidence cut by how little of the text it knows.
            let lang = MODEL_LANGS[answer.lang];
            let function_words = FunctionWords::count(sample, lang);
            if !function_words.anchor() && letters.all >= MIN_WHATLANG_LETTERS {
                let other = run_whatlang(whatlang, allowed, sample);
                let outside = other.lang.is_some_and(|code| !MODEL_LANGS.contains(&code));
                if outside && (other.reliable || other.confidence >= MIN_OTHER_CONFIDENCE) {
                    return other;
                }
            }
            if answer.seen_share < FAMILIAR_SEEN_SHARE
                && function_words.of_lang == 0
                && function_words.words >= MIN_WORDS_WITHOUT_FUNCTION_WORDS
            {
                // unfamiliar, and not one "the", "di" or "que" in a whole sentence to anchor
                // it: a language neither model knows well (Indonesian, Swahili...). A shorter
                // text keeps its answer, at its low confidence (`happy bday bro`).
                return Detection::UND;
            }
        }
        answer.detection()
    }

    /// Classifies an article: its language and whether it is in scope. The open-set answer
    /// decides, so that a Spanish or Dutch article is never forced into English or Italian: an
    /// answer in the scope puts the article in scope; an answer outside it makes the article
    /// `OtherLang` when its confidence is above that of a names-only guess, and `Undetermined`
    /// otherwise (a list of names, a text too unfamiliar to call).
    pub fn classify_article(&self, text: &str) -> ArticleLanguage {
        // the first 200 bytes, or the first 400 when those hold too few function words (a
        // title and a short first line): on every article of `../shared/data` the 400 bytes
        // decide nothing the model would not, and spare it a quarter of the articles it was
        // asked about (981 -> 736 on the bench's first 5 MB)
        let verdict = function_word_verdict(prefix(text, QUICK_SAMPLE_BYTES)).or_else(|| {
            (text.len() > QUICK_SAMPLE_BYTES)
                .then(|| function_word_verdict(prefix(text, FIRST_SAMPLE_BYTES)))
                .flatten()
        });
        let open = match verdict {
            Some(code) => Detection::by_function_words(code),
            None => self.classify_by_model(text),
        };
        let Some(code) = open.lang else {
            return ArticleLanguage::Undetermined;
        };
        if self.scope.is_empty() || self.scope.contains(&code) {
            ArticleLanguage::InScope(open)
        } else if open.confidence > NAMES_ONLY_CONFIDENCE {
            ArticleLanguage::OtherLang(open)
        } else {
            ArticleLanguage::Undetermined
        }
    }

    /// The open-set answer of the n-gram model on the first bytes of an article: the first
    /// few hundred bytes settle nearly every article; the longer sample is read only when they
    /// do not.
    fn classify_by_model(&self, text: &str) -> Detection {
        // (the verdict on the first 200 bytes, the same for every prefix below, was asked)
        let by_model = |sample| self.judge(sample, &self.whatlang_open, &[], Verdict::AlreadyAsked);
        let mut open = by_model(prefix(text, QUICK_SAMPLE_BYTES));
        if open.confidence < QUICK_SETTLED_CONFIDENCE && text.len() > QUICK_SAMPLE_BYTES {
            open = by_model(prefix(text, FIRST_SAMPLE_BYTES));
        }
        if open.confidence < SETTLED_CONFIDENCE && text.len() > FIRST_SAMPLE_BYTES {
            open = by_model(text);
        }
        open
    }

    /// A sentence's language inside an article in `article_lang`: the article's own, unless the
    /// sentence is long enough to call and confidently in another language of the scope (an
    /// English quote in an Italian article).
    pub fn sentence_language(&self, text: &str, article_lang: &'static str) -> &'static str {
        if text.len() < MIN_SENTENCE_BYTES || self.scope.len() < 2 {
            return article_lang;
        }
        if !self.might_switch(text, article_lang) {
            return article_lang;
        }
        let detection = self.detect(text);
        match detection.lang {
            Some(other) if other != article_lang && detection.confidence >= SWITCH_CONFIDENCE => {
                other
            }
            _ => article_lang,
        }
    }
}

impl Detector {
    /// Whether `text` has more function words exclusive to another language of the scope than
    /// to `article_lang`, and at least two: the cheap test that spares the model nearly every
    /// sentence of an article (a sentence in the article's language has none or few). With a
    /// scope language that has no function-word list, every sentence is a candidate.
    fn might_switch(&self, text: &str, article_lang: &str) -> bool {
        let Some(article_bit) = listed_code_bit(article_lang) else {
            return true;
        };
        let mut other_bits = 0u8;
        for &lang in &self.scope_langs {
            match listed_lang_bit(lang) {
                Some(bit) if bit != article_bit => other_bits |= bit,
                Some(_) => {}
                None => return true,
            }
        }
        let mut article_words = 0;
        let mut other_words = [0usize; 8];
        for_each_word_mask(text, |mask| {
            if mask.count_ones() != 1 {
                return;
            }
            if mask == article_bit {
                article_words += 1;
            } else if mask & other_bits != 0 {
                other_words[mask.trailing_zeros() as usize] += 1;
            }
        });
        other_words
            .iter()
            .any(|&count| count >= 2 && count > article_words)
    }
}

/// Whether [`Detector::judge`] asks [`function_word_verdict`] before the model: always, but for
/// an article's later samples, whose first 200 bytes were asked already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ask,
    AlreadyAsked,
}

/// The language of `text` when its function words leave no doubt, else `None` (the n-gram model
/// decides).
///
/// Running text in one of the six languages of [`FUNCTION_WORDS`] is full of words that belong
/// to that language alone (`the`, `which`, `gli`, `und`). When the lowercase words of the text
/// hold at least [`VERDICT_DISTINCT_WORDS`] different function words of one language alone,
/// [`VERDICT_MARGIN`] times as many as those of all the other languages, and one in
/// [`VERDICT_WORDS_PER_FUNCTION_WORD`] of all its words or more, the n-gram model has nothing to
/// add: on every article of `../shared/data` (six languages) where this holds on the first 200
/// bytes, the two agree, and it holds for four in five of the English and Italian ones, which
/// spares them the model's table lookups, the largest cost of classifying an article.
///
/// Distinct words, not occurrences: a results table repeating `su` (Spanish alone in the lists,
/// but Italian too) is no Spanish text. A capitalized word does not count: a title-case label
/// (`The Times Of India`) is names, not running text. A text in a seventh language mixes words
/// of several lists (Catalan `i` and `per` with `el` and `en`, Dutch `is` with `die` and `en`)
/// and goes to the model.
fn function_word_verdict(text: &str) -> Option<&'static str> {
    let mut words = 0usize;
    let mut tallies = [VerdictTally::default(); LISTED_LANGS];
    for_each_function_word(text, |word, key, mask| {
        words += 1;
        if mask.count_ones() != 1 || word.as_bytes()[0].is_ascii_uppercase() {
            return;
        }
        let (Some(key), Some(tally)) = (key, tallies.get_mut(mask.trailing_zeros() as usize))
        else {
            return;
        };
        tally.add(key);
    });
    let (best, tally) = tallies
        .iter()
        .enumerate()
        .max_by_key(|&(lang, tally)| (tally.exclusive, std::cmp::Reverse(lang)))?;
    let others: usize = tallies.iter().map(|t| t.exclusive).sum::<usize>() - tally.exclusive;
    let decided = tally.distinct_count == VERDICT_DISTINCT_WORDS
        && tally.exclusive >= VERDICT_MARGIN * others
        && tally.exclusive * VERDICT_WORDS_PER_FUNCTION_WORD >= words;
    if !decided {
        return None;
    }
    FUNCTION_WORDS.get(best).map(|(lang, _)| iso_code(*lang))
}

/// What [`function_word_verdict`] counts of one language: its exclusive function words, and the
/// first different ones.
#[derive(Clone, Copy, Default)]
struct VerdictTally {
    exclusive: usize,
    distinct: [u64; VERDICT_DISTINCT_WORDS],
    distinct_count: usize,
}

impl VerdictTally {
    /// Counts one exclusive function word, of packed key `key`.
    fn add(&mut self, key: u64) {
        self.exclusive += 1;
        let seen = &self.distinct[..self.distinct_count];
        if self.distinct_count < VERDICT_DISTINCT_WORDS && !seen.contains(&key) {
            self.distinct[self.distinct_count] = key;
            self.distinct_count += 1;
        }
    }
}

/// The languages of [`FUNCTION_WORDS`].
const LISTED_LANGS: usize = FUNCTION_WORDS.len();

/// [`function_word_verdict`] asks for this many times as many exclusive words of its language
/// as of all the others: an English `as` or `do` is Portuguese alone in the lists, an Italian
/// `da` or `o` too, and an English `so` or `am` German.
const VERDICT_MARGIN: usize = 4;

/// Different function words of one language alone that [`function_word_verdict`] asks for.
const VERDICT_DISTINCT_WORDS: usize = 3;

/// [`function_word_verdict`] asks for one exclusive function word in this many words or fewer.
const VERDICT_WORDS_PER_FUNCTION_WORD: usize = 8;

/// The function-word bit of the language of ISO code `code`, if it has a function-word list.
///
/// Asked for every sentence (its article's language): the six codes are packed into numbers
/// once, so that the answer takes six integer comparisons instead of a search through the
/// seventy codes of whatlang's languages, a string comparison each.
fn listed_code_bit(code: &str) -> Option<u8> {
    static CODE_BITS: OnceLock<Vec<(u16, u8)>> = OnceLock::new();
    let packed = |code: &str| -> Option<u16> {
        let &[first, second] = code.as_bytes() else {
            return None;
        };
        Some(u16::from_le_bytes([first, second]))
    };
    let table = CODE_BITS.get_or_init(|| {
        FUNCTION_WORDS
            .iter()
            .filter_map(|(lang, _)| Some((packed(iso_code(*lang))?, lang_bit(*lang))))
            .collect()
    });
    let key = packed(code)?;
    table
        .iter()
        .find(|(listed, _)| *listed == key)
        .map(|(_, bit)| *bit)
}

/// The function-word bit of `lang`, if it has a function-word list.
fn listed_lang_bit(lang: Lang) -> Option<u8> {
    FUNCTION_WORDS
        .iter()
        .any(|(listed, _)| *listed == lang)
        .then(|| lang_bit(lang))
}

/// A sentence takes a language other than its article's only with this confidence or more.
const SWITCH_CONFIDENCE: f64 = 0.99;

/// Sentences shorter than this (in bytes) take the article's language: too short to call.
const MIN_SENTENCE_BYTES: usize = 60;

const ALL_MODEL_LANGS: [usize; LANG_COUNT] = [0, 1, 2, 3, 4, 5];

/// The language verdict on a whole article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArticleLanguage {
    InScope(Detection),
    OtherLang(Detection),
    Undetermined,
}

/// An answer on a line of names is a guess, and says so.
const NAMES_ONLY_CONFIDENCE: f64 = 0.5;

/// Whether `text` is only capitalized words (`Kaká, Éder Militão e Rodrygo`, `Manchester
/// United`), give or take short joining words (`e`, `de`, `&`) and numbers: a list of names or a
/// title case label, not a sentence of any language. An all-caps headline is not names only.
fn is_names_only(text: &str) -> bool {
    let mut capitalized = 0;
    for word in text.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '\u{2019}') {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.next() else {
            continue;
        };
        if first.is_uppercase() {
            if !letters.any(char::is_lowercase) && word.chars().count() > 1 {
                return false; // an acronym or an all-caps headline
            }
            capitalized += 1;
        } else if word.chars().count() > 2 {
            return false;
        }
    }
    capitalized > 0
}

/// The letters of a text, and how many of them are in the Latin script.
struct Letters {
    all: usize,
    latin: usize,
}

fn count_letters(text: &str) -> Letters {
    let mut letters = Letters { all: 0, latin: 0 };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII byte by byte, without decoding: most of any Latin-script text
        let byte = bytes[at];
        if byte.is_ascii() {
            let letter = usize::from(byte.is_ascii_alphabetic());
            letters.all += letter;
            letters.latin += letter;
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if c.is_alphabetic() {
            letters.all += 1;
            // Latin-1 Supplement, Latin Extended-A and -B, IPA, Latin Extended Additional
            if matches!(c, '\u{C0}'..='\u{2AF}' | '\u{1E00}'..='\u{1EFF}') {
                letters.latin += 1;
            }
        }
    }
    letters
}

/// The model's answer among some of its languages.
struct ModelAnswer {
    lang: usize,
    /// Posterior probability of `lang` among the languages compared.
    probability: f64,
    /// Share of the text's n-grams that occurred in the training text of `lang`.
    seen_share: f64,
}

impl ModelAnswer {
    fn of(costs: &Costs, among: &[usize]) -> Option<ModelAnswer> {
        if costs.known == 0 {
            return None;
        }
        let mut ranked = [0usize; LANG_COUNT];
        let owned;
        let ranking = if among.len() <= LANG_COUNT {
            costs.ranking_into(among, &mut ranked)
        } else {
            // a scope that names a language twice (only through the library)
            owned = costs.ranking(among);
            &owned
        };
        let best = *ranking.first()?;
        let best_cost = costs.per_lang[best];
        let scale = COST_SCALE * TEMPERATURE_BITS;
        let others: f64 = ranking[1..]
            .iter()
            .map(|&lang| (-f64::from(costs.per_lang[lang] - best_cost) / scale).exp2())
            .sum();
        Some(ModelAnswer {
            lang: best,
            probability: 1.0 / (1.0 + others),
            seen_share: f64::from(costs.seen_in[best]) / f64::from(costs.features.max(1)),
        })
    }

    /// The answer, with a confidence that is the model's probability discounted when the text
    /// is unlike the training text of the language (Dutch read as German): the probability
    /// only compares the six languages, and says nothing of a seventh.
    fn detection(&self) -> Detection {
        let familiarity = ((self.seen_share - FOREIGN_SEEN_SHARE)
            / (FAMILIAR_SEEN_SHARE - FOREIGN_SEEN_SHARE))
            .clamp(MIN_FAMILIARITY, 1.0);
        let confidence = self.probability * familiarity;
        Detection {
            lang: Some(MODEL_LANGS[self.lang]),
            confidence,
            reliable: confidence >= 0.9,
        }
    }
}

fn run_whatlang(detector: &whatlang::Detector, allowed: &[Lang], sample: &str) -> Detection {
    // whatlang answers a single-language script (Thai, Greek...) whatever its allowlist says
    let statistical = detector
        .detect(sample)
        .filter(|info| allowed.is_empty() || allowed.contains(&info.lang()));
    match statistical {
        Some(info) if info.is_reliable() || info.confidence() >= MIN_UNRELIABLE_CONFIDENCE => {
            Detection {
                lang: Some(iso_code(info.lang())),
                confidence: info.confidence().clamp(0.0, 1.0),
                reliable: info.is_reliable(),
            }
        }
        _ => Detection::UND,
    }
}

/// Below this, an unreliable whatlang answer is no answer.
const MIN_UNRELIABLE_CONFIDENCE: f64 = 0.05;

/// Frequent function words of the six languages news dumps mix most. Words shared by several
/// languages count for each of them; the vote is relative.
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (
        Lang::Eng,
        &[
            "the", "and", "of", "to", "in", "is", "was", "for", "that", "with", "on", "as", "at",
            "by", "from", "his", "her", "he", "she", "it", "they", "this", "which", "have", "has",
            "had", "be", "been", "are", "were", "not", "but", "an", "or", "will", "would", "their",
            "who", "after", "said", "says", "its", "than", "also", "into", "over", "when", "about",
            "there", "what", "then", "we", "you", "our", "him", "them", "these", "those", "could",
            "should", "can", "did", "does", "new", "two", "one", "up", "out", "more", "while",
            "where", "why", "how",
        ],
    ),
    (
        Lang::Ita,
        &[
            "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "del", "della", "dei",
            "delle", "degli", "dello", "al", "alla", "ai", "alle", "allo", "dal", "dalla", "nel",
            "nella", "nei", "nelle", "sul", "sulla", "con", "per", "tra", "fra", "che", "non", "è",
            "e", "ed", "ma", "anche", "come", "più", "sono", "ha", "hanno", "era", "essere",
            "stato", "stata", "questo", "questa", "suo", "sua", "loro", "ci", "si", "già",
            "ancora", "dopo", "quando", "perché", "molto", "tutto", "tutti", "poi", "ieri", "oggi",
            "anni", "contro", "in", "l", "dell", "all", "nell", "sull", "c", "un'", "detto", "ho",
        ],
    ),
    (
        Lang::Spa,
        &[
            "el", "los", "las", "del", "al", "y", "que", "en", "un", "una", "por", "con", "para",
            "es", "se", "su", "sus", "lo", "como", "más", "pero", "fue", "ha", "han", "este",
            "esta", "ese", "esa", "también", "muy", "sin", "sobre", "entre", "cuando", "hasta",
            "desde", "donde", "años", "él", "ya", "le", "les", "nos", "porque", "está", "están",
            "son", "ser", "fueron", "dijo", "hay", "la", "de", "ayer", "equipo",
        ],
    ),
    (
        Lang::Por,
        &[
            "o", "os", "as", "do", "da", "dos", "das", "no", "na", "nos", "nas", "em", "um", "uma",
            "e", "que", "de", "para", "com", "por", "se", "não", "mais", "foi", "é", "são", "ao",
            "à", "aos", "seu", "sua", "também", "pelo", "pela", "mas", "como", "ele", "ela", "já",
            "muito", "quando", "entre", "depois", "sobre", "até", "isso", "ser", "tem", "têm",
            "está", "disse", "ainda", "onde", "ontem", "time",
        ],
    ),
    (
        Lang::Fra,
        &[
            "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "que", "qui", "dans",
            "pour", "pas", "sur", "au", "aux", "avec", "ce", "cette", "ces", "il", "elle", "ils",
            "sont", "par", "plus", "mais", "ou", "son", "sa", "ses", "été", "ont", "leur", "nous",
            "vous", "comme", "tout", "aussi", "après", "avant", "entre", "où", "ne", "se", "être",
            "avoir", "fait", "c", "l", "d", "qu", "n", "hier",
        ],
    ),
    (
        Lang::Deu,
        &[
            "der", "die", "das", "und", "ist", "nicht", "den", "dem", "des", "ein", "eine",
            "einen", "einem", "einer", "zu", "mit", "auf", "für", "von", "im", "sich", "auch",
            "es", "sie", "er", "wir", "ich", "bei", "nach", "aus", "wie", "wird", "werden",
            "wurde", "sind", "war", "hat", "haben", "oder", "aber", "noch", "nur", "über", "um",
            "am", "vom", "zum", "zur", "dass", "als", "so", "in", "gestern",
        ],
    ),
];

/// Whether `word` (lowercase) is a function word of English, Italian, Spanish, Portuguese,
/// French or German.
pub fn is_function_word(word: &str) -> bool {
    packed_word(word.as_bytes()).is_some_and(|key| function_word_index().contains_key(&key))
}

/// The function words of one language in a text, and the words of the text.
struct FunctionWords {
    of_lang: usize,
    /// Those that are function words of no other of the six (`the`, `il`, `y`, `und`).
    exclusive: usize,
    words: usize,
}

impl FunctionWords {
    /// Counts the function words of the language `code` (one of the six) in `text`.
    fn count(text: &str, code: &str) -> FunctionWords {
        let mut counted = FunctionWords {
            of_lang: 0,
            exclusive: 0,
            words: 0,
        };
        let Some(bit) = listed_code_bit(code) else {
            return counted;
        };
        for_each_word_mask(text, |mask| {
            counted.words += 1;
            if mask & bit != 0 {
                counted.of_lang += 1;
                counted.exclusive += usize::from(mask == bit);
            }
        });
        counted
    }

    /// Running text of the language: three function words or more that belong to it alone,
    /// a fifth of the words or more (Catalan shares `el` and `que` with Spanish, Danish `er`
    /// with German, but not that many words).
    fn anchor(&self) -> bool {
        self.exclusive >= 3 && self.exclusive * 5 >= self.words
    }
}

/// Calls `visit` with each word of `text` (a run of letters) as the bit mask of the languages it
/// is a function word of, 0 for none.
///
/// This runs on every long sentence of every article (see [`Detector::sentence_language`]), so
/// an ASCII word is lowercased and packed into one number while it is scanned, and looked up as
/// that number: no allocation, no SipHash, no second pass over its bytes.
fn for_each_word_mask(text: &str, mut visit: impl FnMut(u8)) {
    for_each_function_word(text, |_, _, mask| visit(mask));
}

/// Calls `visit` with each word of `text` (a run of letters), its packed lowercase key when it
/// is short enough to be a function word, and the bit mask of the languages it is a function
/// word of (0 for none): what [`for_each_word_mask`] and [`function_word_verdict`] both read.
fn for_each_function_word<'t>(text: &'t str, mut visit: impl FnMut(&'t str, Option<u64>, u8)) {
    let index = function_word_index();
    scan_words(text, |word, ascii_packed| {
        // function words are short: a longer word is none, and is not lowercased
        let key = match ascii_packed {
            _ if word.len() > FUNCTION_WORD_BYTES => None,
            AsciiWord::Packed(packed) => Some(packed),
            AsciiWord::No => lowercase_packed(word),
        };
        let mask = key.and_then(|key| index.get(&key).copied()).unwrap_or(0);
        visit(word, key, mask);
    });
}

/// A word as [`scan_words`] hands it on.
#[derive(Clone, Copy)]
enum AsciiWord {
    /// All ASCII and at most [`FUNCTION_WORD_BYTES`] long: its [`lowercase_packed`] form.
    Packed(u64),
    /// Longer, or with a letter beyond ASCII.
    No,
}

/// Calls `visit` with each word of `text`: each run of alphabetic characters, as
/// `text.split(|c: char| !c.is_alphabetic())` gives the non-empty pieces, but with ASCII read
/// byte by byte (no character is decoded but those beyond ASCII); with a short ASCII word, its
/// lowercase bytes packed as it was read.
fn scan_words<'t>(text: &'t str, mut visit: impl FnMut(&'t str, AsciiWord)) {
    let bytes = text.as_bytes();
    // whether the character at `at` is a letter, and its width
    let letter_at = |at: usize| -> (bool, usize) {
        let byte = bytes[at];
        if byte.is_ascii() {
            return (byte.is_ascii_alphabetic(), 1);
        }
        match text[at..].chars().next() {
            Some(c) => (c.is_alphabetic(), c.len_utf8()),
            None => (false, bytes.len() - at),
        }
    };
    let mut at = 0;
    while at < bytes.len() {
        let (is_letter, width) = letter_at(at);
        if !is_letter {
            at += width;
            continue;
        }
        let from = at;
        let mut packed = 0u64;
        if let Some(chunk) = ascii8::load(bytes, at) {
            // the first eight bytes at once: most words end within them, and then the word's
            // end and its packed form are a few operations on one number
            let letters = ascii8::Classes::of(chunk).letters;
            let run = ascii8::run_length(letters);
            packed = ascii8::lowercase(chunk, letters) & ascii8::first_bytes(run);
            at += run;
        }
        while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
            if at - from < FUNCTION_WORD_BYTES {
                // `| 0x20` lowercases an ASCII letter
                packed |= u64::from(bytes[at] | 0x20) << (8 * (at - from));
            }
            at += 1;
        }
        let mut ascii = at - from <= FUNCTION_WORD_BYTES;
        // a letter beyond ASCII, at the start or after the ASCII letters: the rest of the
        // word by characters
        while at < bytes.len() {
            let (is_letter, width) = letter_at(at);
            if !is_letter {
                break;
            }
            ascii &= width == 1;
            at += width;
        }
        let word = &text[from..at];
        ascii &= word.len() <= FUNCTION_WORD_BYTES;
        visit(
            word,
            if ascii {
                AsciiWord::Packed(packed)
            } else {
                AsciiWord::No
            },
        );
    }
}

/// The longest function word, in bytes (`también`); a unit test checks the lists against it.
const FUNCTION_WORD_BYTES: usize = 8;

/// The bytes of a word of up to [`FUNCTION_WORD_BYTES`] as one number, the first byte lowest
/// and zeros after the last: distinct words give distinct numbers, since no word holds a zero
/// byte. `None` for a longer word.
fn packed_word(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > FUNCTION_WORD_BYTES || bytes.contains(&0) {
        return None;
    }
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    Some(u64::from_le_bytes(word))
}

/// [`packed_word`] of the lowercase form of `word` (as `char::to_lowercase` gives it), when
/// that is short enough.
fn lowercase_packed(word: &str) -> Option<u64> {
    if word.is_ascii() {
        // the packed bytes lowercased all at once: 0x20 added to each byte in `A..=Z` (ASCII
        // bytes and those constants never carry into the next byte)
        const ONES: u64 = 0x0101_0101_0101_0101;
        let packed = packed_word(word.as_bytes())?;
        let at_least_a = packed + (0x80 - u64::from(b'A')) * ONES;
        let above_z = packed + (0x7f - u64::from(b'Z')) * ONES;
        let capitals = at_least_a & !above_z & (0x80 * ONES);
        return Some(packed | capitals >> 2);
    }
    // lowercasing may lengthen a word (`İ` is two bytes, `i̇` three): room for that, then
    // too long is no function word
    let mut lower = [0u8; 4 * FUNCTION_WORD_BYTES];
    let mut length = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let width = c.len_utf8();
        if length + width > FUNCTION_WORD_BYTES {
            return None;
        }
        c.encode_utf8(&mut lower[length..]);
        length += width;
    }
    packed_word(&lower[..length])
}

/// Each function word, packed by [`packed_word`], with the set of languages it belongs to as a
/// bit mask.
fn function_word_index() -> &'static FastMap<u64, u8> {
    static INDEX: OnceLock<FastMap<u64, u8>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = FastMap::default();
        for (lang, words) in FUNCTION_WORDS {
            for word in *words {
                let key = packed_word(word.as_bytes())
                    .expect("function words are short (a unit test checks them)");
                *index.entry(key).or_insert(0) |= lang_bit(*lang);
            }
        }
        index
    })
}

fn lang_bit(lang: Lang) -> u8 {
    let position = FUNCTION_WORDS
        .iter()
        .position(|(l, _)| *l == lang)
        .unwrap_or(7);
    1 << position
}

/// The text without URLs, e-mail addresses, handles and hashtags, which are in no language.
fn without_non_language_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let is_noise = |token: &str| {
        token.contains("://")
            || token.starts_with("www.")
            || token.contains('@')
            || token.starts_with('#')
    };
    // most texts have no character that can start or mark such a token
    let may_have_noise =
        text.bytes().any(|b| matches!(b, b':' | b'@' | b'#')) || text.contains("www.");
    if !may_have_noise || !text.split_whitespace().any(is_noise) {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|token| !is_noise(token))
        .collect();
    std::borrow::Cow::Owned(kept.join(" "))
}

/// The first [`SAMPLE_BYTES`] of a text, cut at a character boundary.
fn sample(text: &str) -> &str {
    prefix(text, SAMPLE_BYTES)
}

/// The first `bytes` of a text at most, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en_it() -> Detector {
        Detector::closed(&["en".to_owned(), "it".to_owned()]).unwrap()
    }

    #[test]
    fn function_words_decide_plain_running_text_and_nothing_doubtful() {
        let english = "The coach said that the club would sign him after the match, which was \
                       played in the rain.";
        assert_eq!(function_word_verdict(english), Some("en"));
        let italian = "L'allenatore ha detto che la squadra è pronta per la partita di domenica \
                       contro gli avversari.";
        assert_eq!(function_word_verdict(italian), Some("it"));
        // `as` is Portuguese alone in the lists: one stray word against many English ones
        let english_with_as = "He played as a striker for the club, and the fans said that he \
                               was the best of them all.";
        assert_eq!(function_word_verdict(english_with_as), Some("en"));
        let german = "Der Trainer sagte, dass die Mannschaft nach dem Spiel nicht müde war.";
        assert_eq!(function_word_verdict(german), Some("de"));
        // Catalan mixes words of the Italian list (`i`, `per`) with Spanish ones (`el`)
        let catalan = "El Barça va guanyar el partit d'ahir per tres gols a un i continua líder \
                       de la lliga amb els mateixos punts que el seu rival.";
        assert_eq!(function_word_verdict(catalan), None);
        // one function word repeated is not three of them: a results table of `su` lines
        let table =
            "Torre, con Tremendo su Guess, con Bighino su Gammede, con Nappa su Meremanna, \
                     con Voglia su Marrocula";
        assert_eq!(function_word_verdict(table), None);
        // capitalized words are names or labels, not running text
        assert_eq!(
            function_word_verdict("The Times Of India And The Hindu"),
            None
        );
        // too few function words among many other words
        let names = "Kaká Éder Militão Rodrygo Vinícius Bellingham Modrić Kroos Courtois Carvajal \
                     Rüdiger Alaba Mendy Camavinga Tchouaméni Valverde Lunin Vázquez Nacho \
                     Ceballos Güler Joselu Endrick Fran García Arda and the other of";
        assert_eq!(function_word_verdict(names), None);
        assert_eq!(function_word_verdict(""), None);
    }

    #[test]
    fn an_article_the_function_words_decide_is_classified_as_the_model_would() {
        let d = en_it();
        let text = "Title\nThe coach said that the club would sign him after the match, which \
                    was played in the rain on Sunday.";
        assert!(function_word_verdict(prefix(text, QUICK_SAMPLE_BYTES)).is_some());
        let by_words = d.classify_article(text);
        let by_model = d.classify_by_model(text);
        assert!(matches!(by_words, ArticleLanguage::InScope(x) if x.lang == Some("en")));
        assert_eq!(by_model.lang, Some("en"));
        let spanish = "El entrenador dijo que el equipo está listo para el partido del domingo \
                       y que los jugadores también.";
        assert!(
            matches!(d.classify_article(spanish), ArticleLanguage::OtherLang(x) if x.lang == Some("es"))
        );
    }

    #[test]
    fn a_line_the_function_words_decide_is_detected_as_the_model_would() {
        let german = "Der Trainer sagte, dass die Mannschaft nach dem Spiel nicht müde war.";
        assert_eq!(function_word_verdict(german), Some("de"));
        let sample = without_non_language_tokens(sample(german));
        let by_model = ModelAnswer::of(&model().costs(&sample), &ALL_MODEL_LANGS)
            .map(|answer| MODEL_LANGS[answer.lang]);
        assert_eq!(by_model, Some("de"));
        let open = Detector::open().detect(german);
        assert_eq!((open.lang, open.confidence), (Some("de"), 1.0));
        // in a closed set without German the verdict does not answer: the model does, among
        // the languages asked for, as before
        let closed = en_it().detect(german);
        assert!(matches!(closed.lang, Some("en" | "it")), "{closed:?}");
        assert!(closed.confidence < 1.0, "{closed:?}");
        let english = "The coach said that the club would sign him after the match.";
        let en = en_it().detect(english);
        assert_eq!((en.lang, en.confidence), (Some("en"), 1.0));
    }

    #[test]
    fn detects_english_and_italian_sentences() {
        let d = en_it();
        let en = d.detect("The coach signed a new contract with the club on Monday morning.");
        assert_eq!(en.lang, Some("en"));
        let it = d.detect("L'allenatore ha firmato ieri sera un nuovo contratto con il club.");
        assert_eq!(it.lang, Some("it"));
        assert!((0.0..=1.0).contains(&it.confidence));
    }

    #[test]
    fn too_few_letters_is_und() {
        let d = en_it();
        assert_eq!(d.detect("").lang, None);
        assert_eq!(d.detect("2-1 (45')").lang, None);
        assert_eq!(d.detect("https://x.io/1").code(), "und");
    }

    #[test]
    fn spanish_article_is_other_language() {
        let d = en_it();
        let text = "El entrenador italiano llegó a Río de Janeiro para dirigir a la selección \
                    brasileña. Los aficionados esperan que el equipo vuelva a ganar el Mundial \
                    después de muchos años sin títulos, y la federación confía en su experiencia.";
        assert!(
            matches!(d.classify_article(text), ArticleLanguage::OtherLang(x) if x.lang == Some("es"))
        );
    }

    #[test]
    fn short_texts() {
        let open = Detector::open();
        assert_eq!(open.detect("Kaka scored twice on Sunday.").lang, Some("en"));
        assert_eq!(
            open.detect("Il Brasile ha vinto la partita.").lang,
            Some("it")
        );
        assert_eq!(
            open.detect("El equipo ganó ayer por la noche.").lang,
            Some("es")
        );
        assert_eq!(open.detect("O time venceu ontem à noite.").lang, Some("pt"));
        assert_eq!(open.detect("Le club a gagné hier soir.").lang, Some("fr"));
        assert_eq!(
            open.detect("Der Verein hat gestern gewonnen.").lang,
            Some("de")
        );
        assert!(!open.detect("Title").reliable);
        assert_eq!(open.detect("OK").lang, None);
        let d = en_it();
        assert!(
            matches!(d.classify_article("Title\nKaka scored twice on Sunday."), ArticleLanguage::InScope(x) if x.lang == Some("en"))
        );
    }

    #[test]
    fn sentences_inherit_unless_clearly_in_another_language() {
        let d = en_it();
        let english_quote =
            "We are going to win the title this season and nothing will stop us now.";
        assert_eq!(d.sentence_language(english_quote, "it"), "en");
        assert_eq!(
            d.sentence_language("Kaká, Éder Militão, Vinícius Júnior e Rodrygo.", "it"),
            "it"
        );
        let italian =
            "Il tecnico ha detto che la squadra è pronta per la partita di domenica sera.";
        assert_eq!(d.sentence_language(italian, "it"), "it");
        assert_eq!(d.sentence_language(italian, "en"), "it");
        assert_eq!(d.sentence_language("Short one.", "en"), "en");
    }

    #[test]
    fn names_only_lines() {
        assert!(is_names_only("Kaká, Éder Militão"));
        assert!(is_names_only(
            "Kaká, Éder Militão, Vinícius Júnior e Rodrygo."
        ));
        assert!(is_names_only("Real Madrid - Juventus 3-1"));
        assert!(is_names_only("Title"));
        assert!(!is_names_only("GOAL OF THE SEASON"));
        assert!(!is_names_only("Kaká scored twice"));
        assert!(!is_names_only("Il Brasile vince ancora"));
        assert!(!is_names_only("2-1"));
        for detector in [Detector::open(), en_it()] {
            let guess = detector.detect("Kaká, Éder Militão");
            assert!(guess.lang.is_some() && guess.confidence <= 0.5 && !guess.reliable);
        }
    }

    #[test]
    fn compiled_model_is_well_formed() {
        let bytes = include_bytes!("model.bin");
        let model = NgramModel::from_bytes(bytes).expect("model.bin reads");
        assert!(model.len() > 50_000, "{} n-grams", model.len());
        assert_eq!((model.min_order(), model.max_order()), (3, 5));
        // written back, it is the same file: the format round-trips
        assert_eq!(model.to_bytes(), bytes.to_vec());
    }

    /// The mask of a word as the definition gives it: lowercase it, then look through the lists.
    fn mask_by_definition(word: &str) -> u8 {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        FUNCTION_WORDS
            .iter()
            .filter(|(_, words)| words.contains(&lower.as_str()))
            .fold(0, |mask, (lang, _)| mask | lang_bit(*lang))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn word_scan_and_masks_follow_their_definition(
            text in "((The|the|ÈÈ|è|PERCHÉ|Più|und|qu|İ|ß|[a-zA-Zàéöñ]{1,9}|\\PC{1,3})[ ,.'’-]{0,2}){0,12}"
        ) {
            let mut words = Vec::new();
            let mut packed = Vec::new();
            scan_words(&text, |word, ascii| {
                words.push(word);
                if let AsciiWord::Packed(key) = ascii {
                    packed.push((word, key));
                }
            });
            for (word, key) in packed {
                proptest::prop_assert!(word.is_ascii() && word.len() <= FUNCTION_WORD_BYTES);
                proptest::prop_assert_eq!(Some(key), lowercase_packed(word));
            }
            let split: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|word| !word.is_empty())
                .collect();
            proptest::prop_assert_eq!(&words, &split);
            let mut masks = Vec::new();
            for_each_word_mask(&text, |mask| masks.push(mask));
            let expected: Vec<u8> = split
                .iter()
                .map(|word| if word.len() > FUNCTION_WORD_BYTES { 0 } else { mask_by_definition(word) })
                .collect();
            proptest::prop_assert_eq!(masks, expected);
        }
    }

    #[test]
    fn listed_codes_have_the_bits_of_their_languages() {
        for (lang, _) in FUNCTION_WORDS {
            assert_eq!(listed_code_bit(iso_code(*lang)), Some(lang_bit(*lang)));
        }
        for code in ["nl", "ru", "", "e", "eng", "EN"] {
            assert_eq!(
                listed_code_bit(code),
                lang_from_iso(code).and_then(listed_lang_bit),
                "{code:?}"
            );
        }
    }

    #[test]
    fn words_are_the_runs_of_letters() {
        for text in [
            "",
            "   ",
            "The coach, l'allenatore (Kaká) è 3-1!",
            "Ελλάδα και Κύπρος: 東京 2025 x",
            "a\u{301}b ﬁne İstanbul-Ömer",
            "ends in a word",
        ] {
            let mut words = Vec::new();
            scan_words(text, |word, _| words.push(word));
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|word| !word.is_empty())
                .collect();
            assert_eq!(words, expected, "{text:?}");
        }
    }

    #[test]
    fn letters_are_counted_by_script() {
        let count = |text: &str| {
            let letters = count_letters(text);
            (letters.all, letters.latin)
        };
        assert_eq!(count(""), (0, 0));
        assert_eq!(count("Kaká 2-1!"), (4, 4));
        assert_eq!(count("Ελλάδα and"), (9, 3));
        assert_eq!(count("Đặng ß ñ 東京"), (8, 6));
    }

    #[test]
    fn function_words_are_short_lowercase_and_found() {
        for (_, words) in FUNCTION_WORDS {
            for word in *words {
                assert!(word.len() <= FUNCTION_WORD_BYTES, "{word}");
                assert_eq!(word.to_lowercase(), *word);
                assert!(is_function_word(word), "{word}");
            }
        }
        assert!(!is_function_word("squadra"));
        assert!(!is_function_word(""));
        assert!(!is_function_word("thethethe"));
        // a capital is lowercased, on the stack, whatever its width
        let masks = |text: &str| {
            let mut masks = Vec::new();
            for_each_word_mask(text, |mask| masks.push(mask));
            masks
        };
        let italian = lang_bit(Lang::Ita);
        assert_eq!(masks("PERCHÉ Più"), vec![italian, italian]);
        assert_eq!(masks("The İİİİİ"), vec![lang_bit(Lang::Eng), 0]);
        assert_eq!(masks("Gestern, und"), masks("gestern und"));
        assert_eq!(lowercase_packed("ÉTÉ"), packed_word("été".as_bytes()));
        assert_eq!(lowercase_packed("TAMBIÉNX"), None);
        // every ASCII byte, capital or not, as `to_ascii_lowercase` has it
        let all_ascii: Vec<u8> = (1..128).collect();
        for piece in all_ascii.chunks(7).chain(all_ascii.chunks(8)) {
            let text = std::str::from_utf8(piece).unwrap();
            assert_eq!(
                lowercase_packed(text),
                packed_word(text.to_ascii_lowercase().as_bytes()),
                "{piece:?}"
            );
        }
    }

    #[test]
    fn parses_lang_lists() {
        assert_eq!(parse_lang_list("en, IT,en").unwrap(), vec!["en", "it"]);
        assert!(parse_lang_list("en,xx").is_err());
        assert!(parse_lang_list(" , ").is_err());
    }

    #[test]
    fn every_code_round_trips() {
        for (lang, code) in CODES {
            assert_eq!(iso_code(*lang), *code);
            assert_eq!(lang_from_iso(code), Some(*lang));
        }
    }
}
