//! The word lists of the segmenter, per language: titles (always followed by a name),
//! abbreviations (rarely end a sentence), and words that usually open one. They are facts of the
//! two languages, kept apart from the rules that use them.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A set of short words, hashed with FNV-1a: the keys are a few bytes long, where SipHash's
/// setup costs more than the lookup (a lookup happens at most periods).
type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A word in lowercase, the key of the word lists. A short ASCII word (nearly every word before
/// a period) is lowered on the stack: a heap allocation at every period was a tenth of the
/// segmenter's time.
pub(super) enum Lowercase {
    Short([u8; SHORT_KEY_BYTES], usize),
    Long(String),
}

const SHORT_KEY_BYTES: usize = 32;

impl Lowercase {
    pub(super) fn of(word: &str) -> Lowercase {
        if word.len() <= SHORT_KEY_BYTES && word.is_ascii() {
            let mut buffer = [0; SHORT_KEY_BYTES];
            for (to, from) in buffer.iter_mut().zip(word.bytes()) {
                *to = from.to_ascii_lowercase();
            }
            Lowercase::Short(buffer, word.len())
        } else {
            Lowercase::Long(word.to_lowercase())
        }
    }

    pub(super) fn as_str(&self) -> &str {
        match self {
            // ASCII bytes, lowered: always UTF-8
            Lowercase::Short(buffer, len) => std::str::from_utf8(&buffer[..*len]).unwrap_or(""),
            Lowercase::Long(word) => word,
        }
    }
}

/// Per-language word lists. Every list holds lowercase keys without the final period; each
/// language's lists and the common ones are merged into one hash set per kind, built once.
pub(super) struct Rules {
    /// Italian text: a colon before a capital ends a sentence, and a lowercase word that ends
    /// in a consonant before a period is taken for a truncated word (`geol.`, `elettr.`).
    pub(super) italian: bool,
    titles: &'static WordSet,
    abbreviations: &'static WordSet,
    openers: &'static WordSet,
}

/// The three sets of one language.
type WordSets = [WordSet; 3];

fn word_sets(
    cell: &'static OnceLock<WordSets>,
    titles: &[&'static str],
    abbreviations: &[&'static str],
    openers: &[&'static str],
) -> &'static WordSets {
    cell.get_or_init(|| {
        let set = |own: &[&'static str], common: &[&'static str]| -> WordSet {
            own.iter().chain(common).copied().collect()
        };
        [
            set(titles, COMMON_TITLES),
            set(abbreviations, COMMON_ABBREVIATIONS),
            set(openers, COMMON_OPENERS),
        ]
    })
}

impl Rules {
    pub(super) fn for_lang(lang: &str) -> Rules {
        static ITALIAN: OnceLock<WordSets> = OnceLock::new();
        static ENGLISH: OnceLock<WordSets> = OnceLock::new();
        let [titles, abbreviations, openers] = match lang {
            "it" => word_sets(&ITALIAN, IT_TITLES, IT_ABBREVIATIONS, IT_OPENERS),
            _ => word_sets(&ENGLISH, EN_TITLES, EN_ABBREVIATIONS, EN_OPENERS),
        };
        Rules {
            italian: lang == "it",
            titles,
            abbreviations,
            openers,
        }
    }

    pub(super) fn is_title(&self, key: &str) -> bool {
        self.titles.contains(key)
    }

    pub(super) fn is_abbreviation(&self, key: &str) -> bool {
        self.abbreviations.contains(key)
    }

    /// A lowercase Italian word that ends in a consonant and is no common word: a truncated
    /// word (`geol`, `elettr`, `civ`), which a period follows as an abbreviation.
    pub(super) fn is_truncated_word(&self, key: &str) -> bool {
        self.italian
            && key.chars().count() >= 2
            && key.chars().all(|c| c.is_lowercase())
            && key.chars().last().is_some_and(|c| {
                !matches!(
                    c,
                    'a' | 'e' | 'i' | 'o' | 'u' | 'à' | 'è' | 'é' | 'ì' | 'ò' | 'ù'
                )
            })
            && !IT_CONSONANT_WORDS.contains(&key)
    }

    pub(super) fn is_sentence_opener(&self, word: &str) -> bool {
        // the leading letters only: `L'allenatore`, `Un'altra` (the article before the
        // apostrophe decides), `No.` in `No.Mr..` (a token that runs past the sentence end
        // must decide as the sentence alone does)
        let head = word
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or(word);
        head.chars().next().is_some_and(char::is_uppercase)
            && self.openers.contains(Lowercase::of(head).as_str())
    }
}

/// Titles in both languages: always followed by a name.
const COMMON_TITLES: &[&str] = &[
    "dr", "prof", "gen", "sen", "col", "mons", "cav", "mr", "mrs",
];

const EN_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "st", "rev", "gov", "rep", "capt", "lt", "sgt",
    "maj", "mt", "ft", "hon", "pres", "supt", "insp", "det", "cpl", "pvt", "adm", "cmdr", "fr",
    "drs", "profs", "sens", "reps", "gen", "brig", "cdr", "cmdt", "p.s", "p.p.s", "ps",
];

const IT_TITLES: &[&str] = &[
    "sig", "sigg", "sig.ra", "sig.na", "dott", "dott.ssa", "avv", "prof.ssa", "ing", "arch",
    "geom", "rag", "on", "cap", "ten", "magg", "gen", "mons", "s", "ss", "sant", "p.le", "v.le",
    "dott.ri", "proff", "ingg", "avv.ti", "arch.tti", "geomm", "sig.ri", "egr", "gent", "gent.mo",
    "gent.ma", "spett", "spett.le", "ill", "ill.mo", "preg", "preg.mo", "chiar", "chiar.mo",
    "on.le", "rev", "rev.do", "don", "fr", "sr", "suor", "col", "ten.col", "brig", "serg", "ammir",
    "cav", "gr.uff", "avv.to", "dep", "assess", "p.i", "c.so", "p.zza", "pzza", "l.go", "vle",
    "p.s", "ps", "f.lli",
];

/// Abbreviations in both languages that rarely end a sentence.
const COMMON_ABBREVIATIONS: &[&str] = &[
    "vs", "v", "ca", "cf", "cfr", "etc", "fig", "figg", "vol", "tel", "fax", "max", "min", "ecc",
];

const EN_ABBREVIATIONS: &[&str] = &[
    // states, as newspapers abbreviate them
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
    "pa", "penn", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "ext", "dept", "nos", "nr",
    "num", "viz", "cca", "abbr", "acad", "adj", "adv", "assoc", "asst", "attn", "bldg", "hosp",
    "hwy", "illus", "inst", "mfg", "mgmt", "mkt", "mtn", "pkg", "pkwy", "rept", "subj", "twp",
    "esq", "educ", "sq", "ie", "eg", "approx", "appr", "apt", "assn", "ave", "avg", "blvd", "bros",
    "co", "corp", "dept", "ed", "eds", "est", "inc", "jr", "sr", "ltd", "plc", "utd", "univ",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "al", "pp", "p", "yr", "yrs", "hr",
    "hrs", "mins", "secs", "km", "kg", "lb", "lbs", "oz", "pct", "excl", "incl", "misc", "govt",
    "intl", "natl", "dist", "div", "mgr", "op", "ref", "vol", "vols",
];

const IT_ABBREVIATIONS: &[&str] = &[
    // months and days
    "gen", "genn", "feb", "febb", "febbr", "mar", "apr", "mag", "magg", "giu", "giug", "lug", "ago",
    "agos", "set", "sett", "ott", "nov", "dic", "lun", "mer", "gio", "giov", "ven", "sab", "dom",
    // truncated words of running text
    "geol", "elettr", "amm", "tel", "civ", "mecc", "chim", "ind", "ec", "econ", "giur", "stat",
    "ist", "univ", "fac", "dip", "uff", "segr", "pres", "assoc", "naz", "internaz", "intern",
    "reg", "prov", "com", "comm", "fraz", "loc", "distr", "prod", "dist", "cell", "ecc", "sg",
    "sgg", "seg", "ibid", "ivi", "id", "ined", "trad", "ediz", "ed", "vol", "voll", "sez", "lib",
    "par", "cpv", "co", "lett", "all", "rif", "prot", "racc", "ric", "sped", "abb", "abbr", "agg",
    "avv", "cit", "dial", "dim", "eccl", "fig", "fr", "gramm", "lat", "ling", "mat", "med", "mil",
    "mus", "num", "orig", "pl", "pol", "psic", "rel", "sing", "sost", "spec", "st", "stor", "suff",
    "sup", "teol", "tecn", "var", "zool", "bot", "agr", "arch", "geogr", "fis", "filos", "lett",
    "giorn", "quot", "sett", "pubbl", "priv", "rist", "suppl", "tit", "cc", "cod", "proc", "pen",
    "cost", "l", "d.lgs", "d.l", "d.p.r", "dpr", "dlgs", "c.c", "c.p", "c.p.c", "c.p.p", "g.u",
    "a.c", "d.c", "sec", "secc", "ca", "cfr", "n°", "nº", "nr", "pag", "pagg", "n", "nn", "mln",
    "mld", "mrd", "sett", "genn", "febbr", "apr", "ag", "ott", "nov", "dic", "es", "art", "artt",
    "cit", "op", "cd", "gr", "tab", "all", "lett", "ult", "succ", "prec", "tav", "int", "tot",
    "cod", "ord", "reg", "dl", "lg", "p", "pp", "ca", "mt", "km", "kg", "sec", "secc", "fasc",
    "cons", "dir", "amm", "soc", "coop", "spa", "srl", "sas", "snc", "ex", "vd", "cap", "ff",
    "segg",
];

/// Capitalized words that usually open a sentence, in both languages.
const COMMON_OPENERS: &[&str] = &[
    "a", "e", "i", "in", "il", "la", "le", "lo", "un", "per", "non",
];

const EN_OPENERS: &[&str] = &[
    "the",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "on",
    "at",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "however",
    "meanwhile",
    "then",
    "now",
    "also",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "does",
    "do",
    "did",
    "is",
    "are",
    "was",
    "were",
    "can",
    "could",
    "will",
    "would",
    "should",
    "has",
    "have",
    "had",
    "mr",
    "mrs",
    "ms",
    "dr",
    "for",
    "with",
    "from",
    "by",
    "since",
    "although",
    "though",
    "still",
    "despite",
    "according",
    "last",
    "next",
    "today",
    "yesterday",
    "both",
    "all",
    "some",
    "many",
    "most",
    "no",
    "not",
    "one",
    "two",
    "three",
];

const IT_OPENERS: &[&str] = &[
    "gli",
    "uno",
    "una",
    "ma",
    "ed",
    "con",
    "su",
    "da",
    "dopo",
    "prima",
    "poi",
    "quando",
    "mentre",
    "se",
    "anche",
    "questo",
    "questa",
    "questi",
    "queste",
    "quello",
    "quella",
    "lui",
    "lei",
    "loro",
    "noi",
    "nel",
    "nella",
    "nei",
    "nelle",
    "negli",
    "alla",
    "al",
    "ai",
    "alle",
    "del",
    "della",
    "dei",
    "delle",
    "secondo",
    "oggi",
    "ieri",
    "domani",
    "inoltre",
    "tuttavia",
    "infatti",
    "però",
    "così",
    "ci",
    "c",
    "è",
    "l",
    "sono",
    "era",
    "ha",
    "hanno",
    "chi",
    "che",
    "come",
    "dove",
    "perché",
    "ora",
    "adesso",
    "già",
    "tra",
    "fra",
    "sig",
    "dott",
    "avv",
    "nessuno",
    "tutti",
    "tutto",
    "intanto",
    "allora",
    "invece",
    "qui",
    "lì",
    "si",
    "ogni",
    "ciascun",
    "ciascuno",
    "eppure",
    "ove",
    "qualora",
    "nonostante",
    "oltre",
    "pertanto",
    "quindi",
    "dunque",
    "ecco",
    "io",
    "tu",
    "voi",
    "esso",
    "essa",
    "essi",
    "mi",
    "ti",
    "vi",
    "ne",
    "lo",
    "nessuna",
    "ogni",
    "molti",
    "alcuni",
    "durante",
    "sempre",
    "mai",
    "forse",
    "purtroppo",
    "insomma",
];

/// Common Italian words that end in a consonant: these end a sentence before a period like any
/// word (the others, `geol`, `elettr`, are truncated words).
const IT_CONSONANT_WORDS: &[&str] = &[
    "il",
    "in",
    "un",
    "per",
    "con",
    "non",
    "del",
    "al",
    "dal",
    "nel",
    "sul",
    "col",
    "pel",
    "fin",
    "ben",
    "buon",
    "gran",
    "san",
    "qual",
    "tal",
    "pur",
    "or",
    "mal",
    "bel",
    "quel",
    "nessun",
    "alcun",
    "ciascun",
    "ognun",
    "cor",
    "amor",
    "signor",
    "bar",
    "sport",
    "film",
    "gas",
    "tram",
    "club",
    "tour",
    "star",
    "web",
    "gol",
    "goal",
    "record",
    "leader",
    "manager",
    "partner",
    "computer",
    "internet",
    "news",
    "big",
    "top",
    "flop",
    "show",
    "fan",
    "boom",
    "rock",
    "jazz",
    "pop",
    "hotel",
    "sud",
    "nord",
    "est",
    "ovest",
    "ok",
    "mar",
    "test",
    "team",
    "staff",
    "mister",
    "derby",
    "fair",
    "play",
    "match",
    "set",
    "euro",
    "dollar",
    "chat",
    "blog",
    "post",
    "social",
    "smartphone",
    "online",
    "offline",
    "business",
    "marketing",
    "budget",
    "design",
    "trend",
    "stop",
    "spot",
    "jet",
    "yacht",
    "camper",
    "pullover",
    "bus",
    "taxi",
    "dj",
    "vip",
    "big",
    "ad",
    "ed",
    "od",
    "tuttor",
    "dottor",
    "professor",
    "cavalier",
    "ingegner",
    "sir",
    "mr",
    "killer",
    "thriller",
    "poker",
    "tennis",
    "golf",
    "basket",
    "volley",
    "rugby",
    "sprint",
    "weekend",
    "network",
    "software",
    "hardware",
    "email",
    "mail",
    "link",
    "file",
    "check",
    "pass",
    "bonus",
    "virus",
    "campus",
    "habitat",
    "iter",
    "lager",
    "caos",
    "pathos",
    "ethos",
];

/// Whether `key` is a unit of measure written without a period of its own (`mq`, `cm`, `kg`):
/// after a number it ends a sentence before a capital, as a word does.
pub(super) fn is_unit(key: &str) -> bool {
    matches!(
        key,
        "mq" | "mc" | "cm" | "mm" | "km" | "kg" | "mg" | "ml" | "cl" | "dl" | "kw" | "kwh" | "ha"
    )
}

/// Whether a lowercase word ends as English words do and Italian truncated words do not
/// (`laser`, `stress`, `notes`, `lady`, `champignon`, `robot`; not `psicol`, `geol`, `elettr`,
/// `civ`, `amm`): a loanword in Italian text.
pub(super) fn ends_like_english(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "er", "s", "y", "on", "ing", "ed", "ck", "sh", "th", "w", "k", "x", "t", "d", "p",
    ];
    ENDINGS.iter().any(|ending| word.ends_with(ending))
}

/// Whether a line that ends with `word` (lowercase) goes on on the next line whatever its
/// capitalization: an article, a preposition, a conjunction (`the`, `of`, `and`, `di`, `che`).
pub(super) fn continues_on_next_line(word: &str) -> bool {
    CONTINUING_WORDS.contains(&word)
}

const CONTINUING_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
    "that", "which", "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "can", "could", "should", "not", "but", "if", "than", "so", "my", "your", "his",
    "her", "its", "our", "their", "this", "these", "those", "into", "about", "over", "under", "il",
    "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "da", "con", "su", "per", "tra", "fra",
    "e", "ed", "o", "ma", "che", "non", "del", "dello", "della", "dei", "degli", "delle", "al",
    "allo", "alla", "ai", "agli", "alle", "nel", "nella", "nei", "nelle", "dal", "dalla", "sul",
    "sulla", "è", "sono", "ha", "hanno", "come", "se",
];

/// Whether `word` (lowercase) introduces the date after it (`on 08/15/2000 06:03 PM`), which
/// then belongs to its sentence.
pub(super) fn introduces_a_date(word: &str) -> bool {
    matches!(
        word,
        "on" | "at"
            | "by"
            | "from"
            | "sent"
            | "of"
            | "until"
            | "till"
            | "since"
            | "before"
            | "after"
            | "il"
            | "del"
            | "dal"
            | "al"
            | "alle"
            | "entro"
            | "fino"
            | "dalle"
    )
}

/// Whether `phrase` (lowercase, before a comma that opens a sentence) is a greeting (`hi john`,
/// `dear all`, `ciao marco`) or a closing (`best regards`, `thanks`, `cordiali saluti`).
pub(super) fn is_greeting_or_closing(phrase: &str) -> bool {
    if CLOSINGS.contains(&phrase) {
        return true;
    }
    let mut words = phrase.split_whitespace();
    let first = words.next().unwrap_or("");
    let names = words.count();
    GREETINGS.contains(&first) && (1..=3).contains(&names)
}

const CLOSINGS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks again",
    "many thanks",
    "regards",
    "best regards",
    "kind regards",
    "kindest regards",
    "warm regards",
    "warmest regards",
    "best wishes",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "cheers",
    "best",
    "love",
    "take care",
    "all the best",
    "grazie",
    "grazie mille",
    "saluti",
    "cordiali saluti",
    "distinti saluti",
    "un saluto",
    "a presto",
    "baci",
    "un abbraccio",
    "cordialmente",
];

const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "dear",
    "ciao",
    "caro",
    "cara",
    "cari",
    "care",
    "gentile",
    "gentili",
    "salve",
    "buongiorno",
    "buonasera",
    "egregio",
    "spettabile",
];
