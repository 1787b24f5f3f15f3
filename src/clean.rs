//! Cleaning: turns the text of a scraped article into its parts.
//!
//! Real dumps (see the seeds) look like this: an optional `date YYYY-MM-DD` (or `date YYYY-MM`)
//! header at the very start, with the title, or the first paragraph, on the same line; then one
//! paragraph per line; bullet items starting `- `, `* ` or `• `; sub-headings without final
//! punctuation; and site boilerplate: an all-caps call to action (`READ THE LATEST NEWS ...`),
//! share/subscribe/"read more" lines, a lone trailing word such as `feed`. [`clean`] returns the
//! date, the title and the blocks (title, headings, items, paragraphs) in reading order, with the
//! boilerplate dropped and counted.

/// What a block of the article is; it becomes the `kind` of its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Heading,
    Item,
    Text,
}

impl BlockKind {
    /// The name used in `sentences.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Heading => "heading",
            BlockKind::Item => "item",
            BlockKind::Text => "text",
        }
    }
}

/// One block: a title, a heading, a list item or a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// A cleaned article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanArticle {
    /// From the `date` header: `YYYY-MM-DD` or `YYYY-MM`.
    pub date: Option<String>,
    pub title: Option<String>,
    /// The title block (when there is a title) first, then the body in reading order.
    pub blocks: Vec<Block>,
    /// Lines dropped as site boilerplate.
    pub boilerplate_lines: usize,
}

/// How to read the text.
#[derive(Debug, Clone, Default)]
pub struct CleanOptions {
    /// A title known from elsewhere (a JSON `title` field); one over [`MAX_GIVEN_TITLE_CHARS`] is
    /// read as the first paragraph. When absent, the rest of the date header's line, or else the
    /// first line, is the title if it looks like one ([`looks_like_title`]); otherwise the
    /// article has no title and the line is text.
    pub title: Option<String>,
}

/// Splits an article's text into date, title and blocks, dropping boilerplate.
pub fn clean(text: &str, options: &CleanOptions) -> CleanArticle {
    let mut cleaner = Cleaner::new(options);
    let mut blocks = Vec::new();
    for line in text.lines() {
        cleaner.push(line, false, &mut blocks);
    }
    let end = cleaner.finish(&mut blocks);
    CleanArticle {
        date: end.date,
        title: end.title,
        blocks,
        boilerplate_lines: end.boilerplate_lines,
    }
}

/// Lone-word blocks held back as a possible trailing boilerplate word: past this many bytes of
/// them they are let through, so that holding them never costs more memory than this.
const MAX_HELD_BYTES: usize = 64 << 10;

/// [`clean`] as a stream: lines go in one at a time and blocks come out as soon as they are
/// known (a line a little later: whether the first line is a title depends on whether another
/// follows), so that an article of any size is cleaned in bounded memory. `clean` is this loop
/// over the lines of a text.
pub struct Cleaner {
    title: Option<String>,
    title_given: bool,
    /// Blocks known before any line (the title given with the record, or a given "title" too
    /// long to be one): they come out first.
    opening: Vec<Block>,
    /// Whether the first non-empty line was read.
    started: bool,
    /// Whether the title is still to be looked for in the text (no title was given, and no
    /// line that is not boilerplate was read yet).
    title_open: bool,
    /// The line that may be the title, waiting to know whether another line follows it (with
    /// the block it is when it is not the title).
    pending: Option<(String, Block)>,
    date: Option<String>,
    boilerplate_lines: usize,
    /// Blocks out so far (held ones aside).
    emitted: usize,
    /// Lone words (`feed`) that end the article so far: dropped if nothing follows them.
    held: Vec<Block>,
    held_bytes: usize,
    /// What the current line became: `None` before any of its text, `Some(None)` when it was
    /// dropped, `Some(Some(kind))` when it is a block of that kind (its continuations join it).
    current_line: Option<Option<BlockKind>>,
}

/// What [`Cleaner::finish`] returns besides the blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanEnd {
    pub date: Option<String>,
    pub title: Option<String>,
    pub boilerplate_lines: usize,
}

impl Cleaner {
    pub fn new(options: &CleanOptions) -> Cleaner {
        let given_title = options
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        // a title is inferred from the text only when the record gave none
        let title_given = given_title.is_some();
        let mut title = None;
        let mut opening = Vec::new();
        if let Some(given) = given_title {
            if given.chars().count() <= MAX_GIVEN_TITLE_CHARS {
                title = Some(given.to_owned());
                opening.push(Block {
                    kind: BlockKind::Title,
                    text: given.to_owned(),
                });
            } else {
                // a "title" longer than a line is a summary or the body in the wrong field
                opening.push(Block {
                    kind: BlockKind::Text,
                    text: given.to_owned(),
                });
            }
        }
        Cleaner {
            title,
            title_given,
            opening,
            started: false,
            title_open: !title_given,
            pending: None,
            date: None,
            boilerplate_lines: 0,
            emitted: 0,
            held: Vec::new(),
            held_bytes: 0,
            current_line: None,
        }
    }

    /// Reads one line, or with `continues` the next piece of a line too long to hold whole
    /// (such a piece joins the block of the line it continues); pushes the blocks now known.
    pub fn push(&mut self, line: &str, continues: bool, out: &mut Vec<Block>) {
        self.emit_opening(out);
        if !continues {
            self.current_line = None;
        }
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        if continues && self.current_line.is_some() {
            if let Some((_, block)) = self.pending.take() {
                // a line longer than a piece is far longer than a title
                self.body_block(block, out);
            }
        } else if self.pending.is_some() {
            self.decide_pending(true, out);
        }
        match self.current_line {
            Some(None) => return,
            Some(Some(kind)) => {
                self.release_held(out);
                self.emit(
                    Block {
                        kind,
                        text: line.to_owned(),
                    },
                    out,
                );
                return;
            }
            None => {}
        }
        if !self.started {
            self.started = true;
            if let Some((date, rest)) = parse_date_header(line) {
                self.date = Some(date);
                if rest.is_empty() {
                    self.current_line = Some(None);
                    return;
                }
                let block = classify(rest);
                self.current_line = Some(Some(block.kind));
                if self.title_open {
                    // the title, if it looks like one; else the first paragraph
                    self.title_open = false;
                    self.pending = Some((rest.to_owned(), block));
                } else {
                    // a title came with the record: the rest of the header line is body text
                    self.body_block(block, out);
                }
                return;
            }
        }
        if is_boilerplate(line) {
            self.boilerplate_lines += 1;
            self.current_line = Some(None);
            return;
        }
        if self.title_open {
            // the first line that is not boilerplate, when it looks like a title
            self.title_open = false;
            let candidate = strip_bullet(line).unwrap_or(line);
            let block = classify(line);
            self.current_line = Some(Some(block.kind));
            self.pending = Some((candidate.to_owned(), block));
            return;
        }
        // a body that repeats the title given with the record
        if self.title_given
            && self.emitted + self.held.len() == 1
            && self
                .title
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(line))
        {
            self.current_line = Some(None);
            return;
        }
        let block = classify(line);
        if block.text.is_empty() {
            self.current_line = Some(None);
        } else {
            self.current_line = Some(Some(block.kind));
            self.body_block(block, out);
        }
    }

    /// The date of the header, once the first line is read.
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// Ends the article: a lone word at the very end (`feed`, `Advertisement`) is what the
    /// site put after the text, and is dropped.
    pub fn finish(mut self, out: &mut Vec<Block>) -> CleanEnd {
        self.emit_opening(out);
        if self.pending.is_some() {
            self.decide_pending(false, out);
        }
        CleanEnd {
            date: self.date,
            title: self.title,
            boilerplate_lines: self.boilerplate_lines + self.held.len(),
        }
    }

    /// Whether the waiting first line is the title, now that it is known whether more lines
    /// follow it.
    fn decide_pending(&mut self, more_follow: bool, out: &mut Vec<Block>) {
        let Some((candidate, block)) = self.pending.take() else {
            return;
        };
        if looks_like_title(&candidate, more_follow) {
            self.emit(
                Block {
                    kind: BlockKind::Title,
                    text: candidate.clone(),
                },
                out,
            );
            self.title = Some(candidate);
        } else {
            self.body_block(block, out);
        }
    }

    fn emit_opening(&mut self, out: &mut Vec<Block>) {
        for block in std::mem::take(&mut self.opening) {
            self.emit(block, out);
        }
    }

    fn body_block(&mut self, block: Block, out: &mut Vec<Block>) {
        if self.emitted > 0 && block.kind != BlockKind::Item && is_trailing_lone_word(&block.text) {
            self.held_bytes += block.text.len();
            self.held.push(block);
            if self.held_bytes > MAX_HELD_BYTES {
                self.release_held(out);
            }
            return;
        }
        self.release_held(out);
        self.emit(block, out);
    }

    fn release_held(&mut self, out: &mut Vec<Block>) {
        self.held_bytes = 0;
        for block in std::mem::take(&mut self.held) {
            self.emit(block, out);
        }
    }

    fn emit(&mut self, block: Block, out: &mut Vec<Block>) {
        self.emitted += 1;
        out.push(block);
    }
}

/// The most characters of a title found in the text: a headline is a line, rarely over 150
/// characters. A longer first line is the first paragraph.
pub const MAX_TITLE_CHARS: usize = 200;
/// The most words of a title found in the text.
const MAX_TITLE_WORDS: usize = 32;
/// The most characters of a title given with the record; a longer one is body text.
pub const MAX_GIVEN_TITLE_CHARS: usize = 300;

/// Whether the first line of an article (`more_follow`: with more lines after it) reads as its
/// title: one short line, not two sentences, and either without final punctuation (`Kaká Returns
/// to Milan`) or followed by the body (`Is Ancelotti leaving?`). A lone paragraph that ends like a
/// sentence is the article's text, not its title.
pub fn looks_like_title(line: &str, more_follow: bool) -> bool {
    if line.chars().count() > MAX_TITLE_CHARS
        || line.split_whitespace().nth(MAX_TITLE_WORDS).is_some()
        || has_inner_sentence_end(line)
    {
        return false;
    }
    more_follow || !ends_like_sentence(line)
}

/// Whether the line ends with sentence punctuation (before closing quotes and brackets), or a
/// colon: a lone line that announces what follows (`Basilicata:`, `Ammonizioni:`, a fragment
/// of a results table) is text, not a headline.
fn ends_like_sentence(line: &str) -> bool {
    let last = line
        .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .chars()
        .next_back();
    last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ';' | ':'))
}

/// Whether a sentence ends inside the line: `.`, `!` or `?` after a lowercase word of two
/// letters or more, then a space and a capital (`... fine stagione. Lo storico ...`). A period
/// after a capital (`Serie A.`, `Mr.`) is not counted: it may be an initial or a title.
fn has_inner_sentence_end(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let Some(word) = pair[0].strip_suffix(['.', '!', '?']) else {
            return false;
        };
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        word.chars().count() >= 2
            && word.chars().all(|c| c.is_lowercase())
            && pair[1].chars().next().is_some_and(char::is_uppercase)
    })
}

/// Reads `date YYYY-MM-DD rest` or `date YYYY-MM rest`; returns the date and the rest.
pub fn parse_date_header(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start();
    let keyword = line.get(..4)?;
    if !keyword.eq_ignore_ascii_case("date") {
        return None;
    }
    let after = &line[4..];
    let value_start = after.len() - after.trim_start().len();
    if value_start == 0 {
        return None;
    }
    let after = &after[value_start..];
    let token_end = after.find(char::is_whitespace).unwrap_or(after.len());
    let token = &after[..token_end];
    if !is_valid_date(token) {
        return None;
    }
    Some((token.to_owned(), after[token_end..].trim()))
}

fn is_valid_date(token: &str) -> bool {
    // `YYYY-MM-DD` at most: a huge token is no date, and is not split to find out
    if token.len() > 10 {
        return false;
    }
    let parts: Vec<&str> = token.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year, month] => {
            number(year, 4).is_some() && number(month, 2).is_some_and(|m| (1..=12).contains(&m))
        }
        [year, month, day] => {
            number(year, 4).is_some()
                && number(month, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(day, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// The text of a bullet item without its marker, if the line is one.
fn strip_bullet(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• ", "· ", "▪ ", "◦ ", "‣ ", "– "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim_start());
        }
    }
    None
}

fn classify(line: &str) -> Block {
    if let Some(item) = strip_bullet(line) {
        return Block {
            kind: BlockKind::Item,
            text: item.to_owned(),
        };
    }
    let kind = if is_heading(line) {
        BlockKind::Heading
    } else {
        BlockKind::Text
    };
    Block {
        kind,
        text: line.to_owned(),
    }
}

/// A short line without final punctuation: a sub-heading.
fn is_heading(line: &str) -> bool {
    let last = line
        .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .chars()
        .next_back();
    let ends_like_sentence =
        last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | ','));
    !ends_like_sentence && line.split_whitespace().count() <= 20
}

/// Calls to action, share/subscribe prompts, copyright lines: site furniture, not article text.
/// Compared in lowercase at the start of a short line.
const BOILERPLATE_STARTS: &[&str] = &[
    "read more",
    "read also",
    "read next",
    "read the latest",
    "read the full",
    "related:",
    "related articles",
    "related stories",
    "more on this story",
    "share this",
    "share on",
    "share:",
    "follow us",
    "follow @",
    "subscribe to",
    "subscribe now",
    "sign up for",
    "sign up to",
    "click here",
    "download the app",
    "watch now",
    "watch:",
    "all rights reserved",
    "copyright ©",
    "© copyright",
    "leggi anche",
    "leggi l'articolo",
    "leggi tutto",
    "leggi di più",
    "continua a leggere",
    "seguici su",
    "segui tutte le notizie",
    "iscriviti alla",
    "iscriviti al",
    "condividi su",
    "condividi questo",
    "clicca qui",
    "scarica l'app",
    "riproduzione riservata",
    "© riproduzione riservata",
    "tutti i diritti riservati",
];

/// Words of an all-caps call to action.
const CALL_TO_ACTION_WORDS: &[&str] = &[
    "READ",
    "SUBSCRIBE",
    "FOLLOW",
    "SIGN",
    "CLICK",
    "SHARE",
    "WATCH",
    "DOWNLOAD",
    "JOIN",
    "REGISTER",
    "LISTEN",
    "LATEST",
    "NEWSLETTER",
    "LEGGI",
    "SEGUICI",
    "SEGUI",
    "ISCRIVITI",
    "SCARICA",
    "CLICCA",
    "GUARDA",
    "CONDIVIDI",
    "ABBONATI",
    "NOTIZIE",
    "RISERVATA",
    "ULTIME",
];

/// Lines that are only one of these words are boilerplate wherever they are.
const LONE_BOILERPLATE_WORDS: &[&str] = &[
    "advertisement",
    "sponsored",
    "share",
    "tweet",
    "print",
    "email",
    "feed",
    "rss",
    "pubblicità",
    "condividi",
    "stampa",
    "sponsorizzato",
    "annuncio",
];

/// Whether a line is site boilerplate.
pub fn is_boilerplate(line: &str) -> bool {
    // only short lines can be furniture; a paragraph is never compared phrase by phrase
    if line.split_whitespace().nth(15).is_none() {
        let lower = line.to_lowercase();
        if LONE_BOILERPLATE_WORDS.contains(&lower.trim_end_matches([':', '.'])) {
            return true;
        }
        if BOILERPLATE_STARTS
            .iter()
            .any(|start| lower.starts_with(start))
        {
            return true;
        }
    }
    is_all_caps_call_to_action(line)
}

/// A short line in capitals with a call to action (`SEGUICI SU INSTAGRAM`, `READ MORE`): a
/// paragraph written in capitals (a wire story shouted whole, a caps-lock reader) is text,
/// even when it holds `GUARDA` or `FOLLOW`.
fn is_all_caps_call_to_action(line: &str) -> bool {
    const MAX_WORDS: usize = 10;
    if line.chars().any(char::is_lowercase) || line.split_whitespace().nth(MAX_WORDS).is_some() {
        return false;
    }
    if line.chars().filter(|c| c.is_alphabetic()).count() < 8 {
        return false;
    }
    line.split(|c: char| !c.is_alphabetic())
        .any(|word| CALL_TO_ACTION_WORDS.contains(&word))
}

/// A single word without final punctuation, at the end of an article.
fn is_trailing_lone_word(text: &str) -> bool {
    let mut words = text.split_whitespace();
    matches!((words.next(), words.next()), (Some(word), None)
        if word.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') && word.chars().count() <= 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(article: &CleanArticle) -> Vec<(BlockKind, &str)> {
        article
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect()
    }

    #[test]
    fn date_header_with_title_on_the_same_line() {
        let a = clean(
            " date 2025-05-13 Kaká Returns to Milan\nKaká is back. He said so.\n",
            &CleanOptions::default(),
        );
        assert_eq!(a.date.as_deref(), Some("2025-05-13"));
        assert_eq!(a.title.as_deref(), Some("Kaká Returns to Milan"));
        assert_eq!(
            kinds(&a),
            vec![
                (BlockKind::Title, "Kaká Returns to Milan"),
                (BlockKind::Text, "Kaká is back. He said so.")
            ]
        );
    }

    #[test]
    fn month_only_date_and_title_on_next_line() {
        let a = clean(
            "date 2025-04\nIl ritorno\n\nTesto.",
            &CleanOptions::default(),
        );
        assert_eq!(a.date.as_deref(), Some("2025-04"));
        assert_eq!(a.title.as_deref(), Some("Il ritorno"));
    }

    #[test]
    fn invalid_dates_are_not_headers() {
        assert!(parse_date_header("date 2025-13-01 x").is_none());
        assert!(parse_date_header("dated 2025-01-01").is_none());
        assert!(parse_date_header("date of the match").is_none());
        assert_eq!(
            parse_date_header("  DATE 2025-01-31").map(|(d, r)| (d, r.to_owned())),
            Some(("2025-01-31".to_owned(), String::new()))
        );
    }

    #[test]
    fn bullets_headings_and_boilerplate() {
        let text = "Title here\n- First point\n* Second point\n• Third point\n\nTransfer news: the latest\nA paragraph of text.\nREAD THE LATEST NEWS, TRANSFER RUMOURS AND MATCH REACTION\nShare this article\nfeed";
        let a = clean(text, &CleanOptions::default());
        assert_eq!(
            kinds(&a),
            vec![
                (BlockKind::Title, "Title here"),
                (BlockKind::Item, "First point"),
                (BlockKind::Item, "Second point"),
                (BlockKind::Item, "Third point"),
                (BlockKind::Heading, "Transfer news: the latest"),
                (BlockKind::Text, "A paragraph of text."),
            ]
        );
        assert_eq!(a.boilerplate_lines, 3);
    }

    #[test]
    fn italian_boilerplate() {
        let a = clean(
            "Titolo\nTesto vero.\nLeggi anche: altre notizie\n© RIPRODUZIONE RISERVATA",
            &CleanOptions::default(),
        );
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.boilerplate_lines, 2);
    }

    #[test]
    fn paragraph_in_capitals_is_text_even_with_a_call_to_action_word() {
        let paragraph = "ANCHE IL BAYERN GUARDA CON ATTENZIONE: LA GERMANIA VUOLE TORNARE A \
                         VINCERE I MONDIALI, QUELLI VERI.";
        let a = clean(
            &format!("Title\nFirst paragraph.\n\n{paragraph}\n\nGUARDA IL VIDEO DEL GOL\n"),
            &CleanOptions::default(),
        );
        assert_eq!(
            kinds(&a),
            vec![
                (BlockKind::Title, "Title"),
                (BlockKind::Text, "First paragraph."),
                (BlockKind::Text, paragraph),
            ]
        );
        assert_eq!(a.boilerplate_lines, 1);
    }

    #[test]
    fn all_caps_without_call_to_action_is_kept() {
        let a = clean(
            "Title\nUFFICIALE: KAKÁ AL BRASILE\nText.",
            &CleanOptions::default(),
        );
        assert_eq!(
            a.blocks[1],
            Block {
                kind: BlockKind::Heading,
                text: "UFFICIALE: KAKÁ AL BRASILE".into()
            }
        );
    }

    #[test]
    fn given_title_and_repeated_title_line() {
        let options = CleanOptions {
            title: Some("Kaká joins".into()),
        };
        let a = clean("Kaká joins\nHe joined on Monday.", &options);
        assert_eq!(
            kinds(&a),
            vec![
                (BlockKind::Title, "Kaká joins"),
                (BlockKind::Text, "He joined on Monday.")
            ]
        );
        let a = clean("He joined on Monday.", &options);
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn a_lone_paragraph_is_text_not_a_title() {
        let paragraph = "The coach signed a new contract on Monday, the club said in a statement \
                         that also thanked the fans.";
        let a = clean(paragraph, &CleanOptions::default());
        assert_eq!(a.title, None);
        assert_eq!(kinds(&a), vec![(BlockKind::Text, paragraph)]);
        // two sentences on the first line are a paragraph, whatever follows
        let text = "Il tecnico ha firmato ieri. Lo ha detto il club.\nSecondo paragrafo.";
        let a = clean(text, &CleanOptions::default());
        assert_eq!(a.title, None);
        assert_eq!(a.blocks[0].kind, BlockKind::Text);
        // a long first line is never a title
        let long = format!("{} fine", "parola ".repeat(60));
        let a = clean(&format!("{long}\nAltro."), &CleanOptions::default());
        assert_eq!(a.title, None);
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn a_first_line_that_reads_as_a_title_is_one() {
        // no final punctuation, alone
        let a = clean("Kaká Returns to Milan", &CleanOptions::default());
        assert_eq!(a.title.as_deref(), Some("Kaká Returns to Milan"));
        // a question, followed by the body
        let a = clean(
            "Is Ancelotti leaving?\nHe may be.",
            &CleanOptions::default(),
        );
        assert_eq!(a.title.as_deref(), Some("Is Ancelotti leaving?"));
        // a period after an initial or a capital is not a second sentence
        assert!(looks_like_title("Mr. Smith Goes to Serie A. Again", true));
        assert!(!looks_like_title("He left.", false));
        assert!(!looks_like_title("Basilicata:", false));
        assert!(looks_like_title("He left.", true));
        // the rest of a date header's line, when it is a paragraph, is text
        let a = clean(
            "date 2025-04 Il tecnico ha firmato ieri. Lo ha detto il club.\nAltro testo.",
            &CleanOptions::default(),
        );
        assert_eq!(a.date.as_deref(), Some("2025-04"));
        assert_eq!(a.title, None);
        assert_eq!(a.blocks[0].kind, BlockKind::Text);
    }

    #[test]
    fn a_given_title_longer_than_a_line_is_the_first_paragraph() {
        let long = "Una frase molto lunga che riassume l'articolo. ".repeat(8);
        let a = clean(
            "Il corpo.",
            &CleanOptions {
                title: Some(long.clone()),
            },
        );
        assert_eq!(a.title, None);
        assert_eq!(
            kinds(&a),
            vec![
                (BlockKind::Text, long.trim()),
                (BlockKind::Text, "Il corpo.")
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_title_is_longer_than_a_line(
            lines in proptest::collection::vec("[a-zA-Z .,!?]{0,400}", 0..4),
            given in proptest::option::of("[a-z .]{0,500}"),
        ) {
            let a = clean(&lines.join("\n"), &CleanOptions { title: given });
            if let Some(title) = &a.title {
                proptest::prop_assert!(title.chars().count() <= MAX_GIVEN_TITLE_CHARS);
            }
        }
    }

    #[test]
    fn empty_text() {
        let a = clean("  \n\n", &CleanOptions::default());
        assert!(a.blocks.is_empty());
        assert!(a.title.is_none());
    }
}
