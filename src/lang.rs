//! Language identification, built on whatlang.
//!
//! The corpus compares English and Italian coverage, so two questions matter: which language is
//! this text in, and is it in the languages the user asked for? [`Detector`] answers both: in the
//! *closed* mode (a list of languages) the answer is one of them, in the *open* mode any language
//! whatlang knows. Text with too few letters to call, or a call too uncertain, is `und`.
//! Languages are named by ISO 639-1 codes (`en`, `it`), as in the CSV files.

use whatlang::Lang;

use crate::error::{Error, Result};

/// Detection looks at most at this many bytes of a text: the first few sentences of an article
/// decide its language as well as the whole of it, and detection cost stays bounded.
const SAMPLE_BYTES: usize = 4096;

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
}

impl Detector {
    /// A detector that may answer any language whatlang knows.
    pub fn open() -> Detector {
        Detector {
            open: whatlang::Detector::new(),
            closed: None,
            scope: Vec::new(),
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
            closed: Some(whatlang::Detector::with_allowlist(langs)),
            scope,
        })
    }

    /// The languages in scope (empty for an open detector).
    pub fn scope(&self) -> &[&'static str] {
        &self.scope
    }

    /// Detects the language of `text`: within the scope when the detector is closed.
    pub fn detect(&self, text: &str) -> Detection {
        match &self.closed {
            Some(closed) => run_whatlang(closed, text),
            None => run_whatlang(&self.open, text),
        }
    }

    /// Detects among all languages, whatever the scope.
    pub fn detect_open(&self, text: &str) -> Detection {
        run_whatlang(&self.open, text)
    }

    /// Classifies an article: its language and whether it is in scope. An article whose best
    /// open-set answer is a language outside the scope is `OtherLang` only when that answer is
    /// reliable; otherwise the closed-set answer is taken when it is itself reliable, and the
    /// article is `Undetermined` when neither is.
    pub fn classify_article(&self, text: &str) -> ArticleLanguage {
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
        let closed = self.detect(text);
        if closed.reliable && closed.lang.is_some() {
            ArticleLanguage::InScope(closed)
        } else {
            ArticleLanguage::Undetermined
        }
    }
}

/// The language verdict on a whole article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArticleLanguage {
    InScope(Detection),
    OtherLang(Detection),
    Undetermined,
}

fn run_whatlang(detector: &whatlang::Detector, text: &str) -> Detection {
    let sample = without_non_language_tokens(sample(text));
    let sample = sample.as_ref();
    if sample.chars().filter(|c| c.is_alphabetic()).take(MIN_LETTERS).count() < MIN_LETTERS {
        return Detection::UND;
    }
    match detector.detect(sample) {
        Some(info) => Detection {
            lang: Some(iso_code(info.lang())),
            confidence: info.confidence().clamp(0.0, 1.0),
            reliable: info.is_reliable(),
        },
        None => Detection::UND,
    }
}

/// The text without URLs, e-mail addresses, handles and hashtags, which are in no language.
fn without_non_language_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let is_noise = |token: &str| {
        token.contains("://") || token.starts_with("www.") || token.contains('@') || token.starts_with('#')
    };
    if !text.split_whitespace().any(is_noise) {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: Vec<&str> = text.split_whitespace().filter(|token| !is_noise(token)).collect();
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
        assert!(matches!(d.classify_article(text), ArticleLanguage::OtherLang(x) if x.lang == Some("es")));
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
