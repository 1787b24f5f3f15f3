//! Language identification, built on whatlang.
//!
//! The corpus compares English and Italian coverage, so two questions matter: which language is
//! this text in, and is it in the languages the user asked for? [`Detector`] answers both: in the
//! *closed* mode (a list of languages) the answer is one of them, in the *open* mode any language
//! whatlang knows. Text with too few letters to call, or a call too uncertain, is `und`.
//! Languages are named by ISO 639-1 codes (`en`, `it`), as in the CSV files.

use std::collections::HashMap;
use std::sync::OnceLock;

use whatlang::Lang;

use crate::error::{Error, Result};

/// Detection looks at most at this many bytes of a text: the first few sentences of an article
/// decide its language as well as the whole of it, and detection cost stays bounded.
const SAMPLE_BYTES: usize = 1500;

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

    /// The code to print: the language, or `und`.
    pub fn code(&self) -> &'static str {
        self.lang.unwrap_or("und")
    }
}

/// A language detector, open (every language) or closed (a fixed list).
pub struct Detector {
    open: whatlang::Detector,
    closed: Option<whatlang::Detector>,
    scope: Vec<&'static str>,
    scope_langs: Vec<Lang>,
}

impl Detector {
    /// A detector that may answer any language whatlang knows.
    pub fn open() -> Detector {
        Detector {
            open: whatlang::Detector::new(),
            closed: None,
            scope: Vec::new(),
            scope_langs: Vec::new(),
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
        Ok(Detector {
            open: whatlang::Detector::new(),
            closed: Some(whatlang::Detector::with_allowlist(langs.clone())),
            scope,
            scope_langs: langs,
        })
    }

    /// Detects the language of `text`: within the scope when the detector is closed.
    pub fn detect(&self, text: &str) -> Detection {
        match &self.closed {
            Some(closed) => run_whatlang(closed, &self.scope_langs, text),
            None => run_whatlang(&self.open, &[], text),
        }
    }

    /// Detects among all languages, whatever the scope.
    pub fn detect_open(&self, text: &str) -> Detection {
        run_whatlang(&self.open, &[], text)
    }

    /// Classifies an article: its language and whether it is in scope. An article whose best
    /// open-set answer is a language outside the scope is `OtherLang` only when that answer is
    /// reliable; otherwise the closed-set answer is taken when it is itself reliable, and the
    /// article is `Undetermined` when neither is.
    pub fn classify_article(&self, text: &str) -> ArticleLanguage {
        // Running text in one of the six languages is decided by its function words alone, at
        // a fraction of the cost of the statistical model.
        let tally = tally_function_words(sample(text), &[]);
        if let Some(tally) = tally.filter(Tally::is_decisive) {
            let detection = Detection {
                confidence: 1.0
                    - tally.exclusive_second_score as f64 / tally.exclusive_best_score as f64,
                reliable: true,
                ..tally.detection()
            };
            let code = detection.code();
            return if self.scope.is_empty() || self.scope.contains(&code) {
                ArticleLanguage::InScope(detection)
            } else {
                ArticleLanguage::OtherLang(detection)
            };
        }
        let open = self.detect_open(text);
        let Some(code) = open.lang else {
            return ArticleLanguage::Undetermined;
        };
        if self.scope.is_empty() || self.scope.contains(&code) {
            return ArticleLanguage::InScope(open);
        }
        if open.reliable {
            return ArticleLanguage::OtherLang(open);
        }
        // whatlang leans outside the scope; if the function words lean outside too, it is not
        // an in-scope article, however the closed-set model would force it
        let leader_outside = tally.is_some_and(|t| {
            t.best_score > 0
                && t.best_score > t.second_score
                && !self.scope.contains(&iso_code(t.best))
        });
        if leader_outside {
            return ArticleLanguage::OtherLang(open);
        }
        let closed = self.detect(text);
        if closed.lang.is_some() && closed.confidence >= 0.3 {
            ArticleLanguage::InScope(closed)
        } else {
            ArticleLanguage::Undetermined
        }
    }
}

impl Detector {
    /// A sentence's language inside an article in `article_lang`: the article's own, unless the
    /// sentence is long enough to call and clearly in another language of the scope (an English
    /// quote in an Italian article). Function words propose the other language and whatlang
    /// must confirm it, so the common case (the sentence is in the article's language) costs one
    /// cheap pass over its words.
    pub fn sentence_language(&self, text: &str, article_lang: &'static str) -> &'static str {
        if text.len() < MIN_SENTENCE_BYTES || self.scope.len() < 2 {
            return article_lang;
        }
        let proposal = function_word_vote(text, &self.scope_langs);
        let Some(other) = proposal.filter(|p| p.reliable).and_then(|p| p.lang) else {
            return article_lang;
        };
        if other == article_lang {
            return article_lang;
        }
        let confirmation = self.detect(text);
        if confirmation.lang == Some(other) && confirmation.confidence >= 0.5 {
            other
        } else {
            article_lang
        }
    }
}

/// Sentences shorter than this (in bytes) take the article's language: too short to call.
const MIN_SENTENCE_BYTES: usize = 60;

/// The language verdict on a whole article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArticleLanguage {
    InScope(Detection),
    OtherLang(Detection),
    Undetermined,
}

fn run_whatlang(detector: &whatlang::Detector, allowed: &[Lang], text: &str) -> Detection {
    let sample = without_non_language_tokens(sample(text));
    let sample = sample.as_ref();
    if sample
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(MIN_LETTERS)
        .count()
        < MIN_LETTERS
    {
        return Detection::UND;
    }
    // A sentence whose function words all point one way, with words exclusive to that
    // language, is decided without the statistical model (a fraction of its cost).
    if let Some(tally) = tally_function_words(sample, allowed).filter(Tally::is_sentence_decisive) {
        return Detection {
            confidence: 1.0 - 1.0 / (tally.exclusive_best_score as f64 + 1.0),
            reliable: true,
            ..tally.detection()
        };
    }
    // whatlang answers a single-language script (Thai, Greek...) whatever its allowlist says
    let statistical = detector
        .detect(sample)
        .filter(|info| allowed.is_empty() || allowed.contains(&info.lang()));
    if let Some(info) = statistical.as_ref().filter(|info| info.is_reliable()) {
        return Detection {
            lang: Some(iso_code(info.lang())),
            confidence: info.confidence().clamp(0.0, 1.0),
            reliable: true,
        };
    }
    // Short texts: whatlang's trigram statistics are weak there, but function words ("the",
    // "di", "que") say a lot even in a headline.
    if let Some(detection) = function_word_vote(sample, allowed) {
        return detection;
    }
    match statistical {
        Some(info) if info.confidence() >= MIN_UNRELIABLE_CONFIDENCE => Detection {
            lang: Some(iso_code(info.lang())),
            confidence: info.confidence().clamp(0.0, 1.0),
            reliable: false,
        },
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
    function_word_index().contains_key(word)
}

/// Each function word with the set of languages it belongs to, as a bit mask.
fn function_word_index() -> &'static HashMap<&'static str, u8> {
    static INDEX: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for (lang, words) in FUNCTION_WORDS {
            for word in *words {
                *index.entry(*word).or_insert(0) |= lang_bit(*lang);
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

/// The tally of a function-word vote.
#[derive(Debug, Clone, Copy)]
struct Tally {
    best: Lang,
    best_score: usize,
    second_score: usize,
    /// The leader by words that belong to one language only (`il`, `the`, `y`), and the margin.
    exclusive_best: Lang,
    exclusive_best_score: usize,
    exclusive_second_score: usize,
    /// Words in the text (function words or not).
    words: usize,
}

impl Tally {
    /// One language clearly leads: enough to answer a short text.
    fn is_clear(&self) -> bool {
        (self.best_score >= 2 && self.best_score >= 2 * self.second_score)
            || (self.best_score == 1 && self.second_score == 0)
    }

    /// So many function words of one language, and so few of the others, that no statistical
    /// model is needed: running text in that language. Words exclusive to one language decide
    /// (shared ones such as `la`, `de`, `un` blur Italian, Spanish and French), and function
    /// words must be a quarter of the text, which only running text in one of the six reaches
    /// (Catalan, Galician or Romanian share words with them, but not that many, and not
    /// exclusive ones of a single language at a 4:1 margin).
    /// Decisive for one sentence: words exclusive to the leader and none exclusive to
    /// another language, and the leader well ahead on all function words.
    fn is_sentence_decisive(&self) -> bool {
        self.exclusive_best == self.best
            && self.exclusive_best_score >= 2
            && self.exclusive_second_score == 0
            && self.best_score >= 3
            && self.best_score >= 3 * self.second_score
    }

    fn is_decisive(&self) -> bool {
        self.exclusive_best == self.best
            && self.exclusive_best_score >= 5
            && self.exclusive_best_score >= 4 * self.exclusive_second_score
            && self.best_score * 4 >= self.words
    }

    fn detection(&self) -> Detection {
        Detection {
            lang: Some(iso_code(self.best)),
            confidence: (self.best_score - self.second_score) as f64 / (self.best_score + 1) as f64,
            reliable: self.best_score >= 3 && self.best_score >= 3 * self.second_score,
        }
    }
}

/// Counts the function words of each `allowed` language (all six when empty) in `text`.
fn tally_function_words(text: &str, allowed: &[Lang]) -> Option<Tally> {
    let mut scores: Vec<(Lang, usize, usize)> = FUNCTION_WORDS
        .iter()
        .filter(|(lang, _)| allowed.is_empty() || allowed.contains(lang))
        .map(|(lang, _)| (*lang, 0, 0))
        .collect();
    if scores.is_empty() {
        return None;
    }
    let index = function_word_index();
    let mut words = 0;
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() > 8 {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(&mask) = index.get(lower.as_str()) {
            let exclusive = mask.count_ones() == 1;
            for (lang, score, exclusive_score) in &mut scores {
                if mask & lang_bit(*lang) != 0 {
                    *score += 1;
                    if exclusive {
                        *exclusive_score += 1;
                    }
                }
            }
        }
    }
    let second_of = |ranked: &[(Lang, usize)]| ranked.get(1).map(|s| s.1).unwrap_or(0);
    let mut all: Vec<(Lang, usize)> = scores.iter().map(|&(l, s, _)| (l, s)).collect();
    all.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    let mut exclusive: Vec<(Lang, usize)> = scores.iter().map(|&(l, _, e)| (l, e)).collect();
    exclusive.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    Some(Tally {
        best: all[0].0,
        best_score: all[0].1,
        second_score: second_of(&all),
        exclusive_best: exclusive[0].0,
        exclusive_best_score: exclusive[0].1,
        exclusive_second_score: second_of(&exclusive),
        words,
    })
}

/// Votes by function words among the `allowed` languages (all six when empty). Returns an
/// answer only when one language clearly leads.
fn function_word_vote(text: &str, allowed: &[Lang]) -> Option<Detection> {
    tally_function_words(text, allowed)
        .filter(Tally::is_clear)
        .map(|tally| tally.detection())
}

/// The text without URLs, e-mail addresses, handles and hashtags, which are in no language.
fn without_non_language_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let is_noise = |token: &str| {
        token.contains("://")
            || token.starts_with("www.")
            || token.contains('@')
            || token.starts_with('#')
    };
    if !text.split_whitespace().any(is_noise) {
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
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
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
    fn short_texts_by_function_words() {
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
        assert_eq!(open.detect("Title").lang, None);
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
