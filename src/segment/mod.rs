//! Sentence segmentation for English and Italian news text.
//!
//! Rule-based and language-aware, with no model to download. A candidate boundary is a run of
//! terminators (`.`, `!`, `?`, `…`, `...`), with any closing quotes and brackets after it,
//! followed by white space. Whether it is a real boundary depends on the word before the period
//! (an abbreviation such as `Mr.`, `Dott.`, `S.p.A.`; an initial such as `J.`; a number), and on
//! the word after (a lowercase word continues the sentence; a capitalized sentence opener ends
//! it). Periods inside tokens (`3.5`, `12.05.2025`, `www.uefa.com`, `U.S.`) are never
//! candidates, because no white space follows them.
//!
//! The API works on byte ranges into the input, so no text is ever lost or changed: the
//! sentences of a paragraph, concatenated, are the paragraph without the white space between
//! them. A blank line is a hard boundary; a single line break is just white space. No sentence is
//! longer than [`MAX_SENTENCE_CHARS`]: longer runs are split at white space, so that every
//! sentence fits in a spreadsheet cell.

use std::ops::Range;

mod words;

use words::{Lowercase, Rules};

/// The longest sentence, in characters. Spreadsheets cap a cell at 32,767 characters; real
/// sentences stay far below this, so only unpunctuated runs (tables, lists, garbage) are cut.
pub const MAX_SENTENCE_CHARS: usize = 4000;

/// Splits `text` into sentences; returns trimmed slices of `text` in reading order. A blank line
/// (two line breaks with only white space between them) is a hard boundary.
pub fn segment<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    segment_ranges(text, lang)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

/// Like [`segment`], but returns byte ranges into `text`.
pub fn segment_ranges(text: &str, lang: &str) -> Vec<Range<usize>> {
    let rules = Rules::for_lang(lang);
    let mut out = Vec::new();
    for paragraph in paragraphs(text) {
        for sentence in split_paragraph(&text[paragraph.clone()], &rules) {
            push_capped(
                text,
                (paragraph.start + sentence.start)..(paragraph.start + sentence.end),
                &mut out,
            );
        }
    }
    out
}

/// Byte ranges of the paragraphs of `text`: runs of lines separated by blank lines.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            if start.is_none() {
                // from the first character: a list marker opens the paragraph only there
                start = Some(line_start + (line.len() - line.trim_start().len()));
            }
            end = line_start + line.trim_end().len();
        }
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Splits one paragraph; ranges are relative to `paragraph` and trimmed.
fn split_paragraph(paragraph: &str, rules: &Rules) -> Vec<Range<usize>> {
    let bytes = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut sentence_start = 0;
    // the items of an inline list (`1.) first 2.) second`) still to come, in reverse order
    let mut list_items: Vec<usize> = inline_list_items(paragraph, 0);
    list_items.reverse();
    let mut i = 0;
    // where the sentence that starts at `cap_for` reaches MAX_SENTENCE_CHARS characters, if it
    // can (computed once per sentence, and only for long ones)
    let mut cap_for = usize::MAX;
    let mut cap_at: Option<usize> = None;
    loop {
        // No sentence grows past the cap: it is cut there (at the last white space, if any),
        // and what follows is segmented afresh, exactly as it would be on its own, so that
        // segmenting a sentence again gives it back.
        let position = i.min(bytes.len());
        if position - sentence_start > MAX_SENTENCE_CHARS {
            if cap_for != sentence_start {
                cap_for = sentence_start;
                cap_at = paragraph[sentence_start..]
                    .char_indices()
                    .nth(MAX_SENTENCE_CHARS)
                    .map(|(offset, _)| sentence_start + offset);
            }
            if let Some(cap) = cap_at.filter(|&cap| position > cap) {
                // not inside a spaced ellipsis (`. . .`), which the piece would end differently
                let inside_ellipsis = |at: usize| {
                    paragraph[..at].ends_with('.') && paragraph[at..].trim_start().starts_with('.')
                };
                let piece_end = paragraph[sentence_start..cap]
                    .char_indices()
                    .rev()
                    .map(|(offset, c)| (sentence_start + offset, c))
                    .find(|&(at, c)| c.is_whitespace() && !inside_ellipsis(at))
                    .map(|(at, _)| at)
                    .filter(|&end| end > sentence_start)
                    .unwrap_or(cap);
                push_trimmed(paragraph, sentence_start..piece_end, &mut out);
                sentence_start = skip_whitespace(paragraph, piece_end);
                i = sentence_start;
                list_items = inline_list_items(paragraph, sentence_start);
                list_items.reverse();
                continue;
            }
        }
        if i >= bytes.len() {
            break;
        }
        // each item of an inline list is a sentence
        if list_items.last() == Some(&i) {
            list_items.pop();
            if i > sentence_start {
                push_trimmed(paragraph, sentence_start..i, &mut out);
                sentence_start = i;
            }
        }
        // jump to the next byte that may matter (most bytes are letters and spaces), but not
        // past the next list item,
        // (a comma matters only near the start of a sentence, where it may close a greeting)
        let may_matter = if i - sentence_start > MAX_GREETING_BYTES {
            &MAY_MATTER_PAST_GREETING
        } else {
            &MAY_MATTER
        };
        if !may_matter[usize::from(bytes[i])] {
            // nor past the cap of this sentence, which would make every cut rescan the rest
            let cap_limit = if cap_for == sentence_start {
                cap_at.map_or(bytes.len(), |cap| cap + 1)
            } else {
                sentence_start + MAX_SENTENCE_CHARS + 1
            };
            let limit = list_items
                .last()
                .copied()
                .unwrap_or(bytes.len())
                .min(cap_limit)
                .max(i);
            let skip = bytes[i..limit]
                .iter()
                .position(|&b| may_matter[usize::from(b)])
                .unwrap_or(limit - i);
            if skip > 0 {
                i += skip;
                continue;
            }
        }
        // a line that starts with a list marker starts a sentence (`Priorities:\n1. Defence`);
        // a colon before an inline list ends one (`The plan: 1) sign 2) sell`), and so does a
        // numbered list that opens inside a sentence (`for four nights 1) what island 2) ...`)
        let list_start = match bytes[i] {
            b'\n' => Some(skip_whitespace(paragraph, i))
                .filter(|&next| next < bytes.len() && starts_with_list_marker(&paragraph[next..]))
                .map(|next| (i, next)),
            b':' => Some(skip_whitespace(paragraph, i + 1))
                .filter(|&next| next > i + 1 && !inline_list_items(paragraph, next).is_empty())
                .map(|next| (i + 1, next)),
            b')' => numbered_list_inside(paragraph, sentence_start, i).map(|start| (start, start)),
            _ => None,
        };
        if let Some((end, next)) = list_start {
            push_trimmed(paragraph, sentence_start..end, &mut out);
            sentence_start = next;
            i = next;
            list_items = inline_list_items(paragraph, next);
            list_items.reverse();
            continue;
        }
        if bytes[i] == b',' && i - sentence_start > MAX_GREETING_BYTES {
            // most commas: too far into the sentence to close a greeting
            i += 1;
            continue;
        }
        if let Some((end, next)) = cut_without_terminator(paragraph, sentence_start, i, rules) {
            push_trimmed(paragraph, sentence_start..end, &mut out);
            sentence_start = next;
            i = next;
            open_list(paragraph, next, &mut list_items);
            continue;
        }
        let terminator_len = terminator_at(paragraph, i);
        if terminator_len == 0 {
            i += 1;
            continue;
        }
        // the whole run of terminators: `?!`, `...`, `!!!`, `.…`
        let run_start = i;
        let mut run_end = i;
        // A run that reaches past what a capped sentence can hold (four bytes a character) is
        // cut by the cap before anything else is decided about it; scanning it to its end
        // after every cut would make a long run of terminators quadratic.
        let run_limit = (sentence_start + 4 * MAX_SENTENCE_CHARS + 4).min(bytes.len());
        while run_end < run_limit {
            let len = terminator_at(paragraph, run_end);
            if len == 0 {
                break;
            }
            run_end += len;
        }
        // a spaced ellipsis, `. . .` (or `. . . .` at the end of a sentence), is one run; but
        // a period on a word, then a spaced ellipsis and a lowercase word, is a sentence that
        // ends and one that opens with the ellipsis (`it was over. . . . the fans had gone`)
        // (the spaces may be line breaks: a sentence segmented again, its line breaks read as
        // spaces, must hold the same ellipsis)
        let spaced_period = |at: usize| {
            bytes.get(at).is_some_and(u8::is_ascii_whitespace) && bytes.get(at + 1) == Some(&b'.')
        };
        if &paragraph[run_start..run_end] == "."
            && spaced_period(run_end)
            && spaced_period(run_end + 2)
        {
            let mut spaced_end = run_end;
            while spaced_end < run_limit && spaced_period(spaced_end) {
                spaced_end += 2;
            }
            let on_a_word = run_start > sentence_start
                && paragraph[..run_start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let next = skip_whitespace(paragraph, spaced_end);
            let lowercase_follows = next > spaced_end
                && paragraph[next..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            // (a web address is lowercase too, but the ellipsis before it ends a sentence:
            // cut here and `. . . http://...` would be cut again on its own)
            let address_follows = is_url_or_email(word_at(paragraph, next));
            if on_a_word && spaced_end - run_end >= 6 && lowercase_follows && !address_follows {
                push_trimmed(paragraph, sentence_start..run_end, &mut out);
                sentence_start = run_end + 1;
                i = spaced_end;
                continue;
            }
            run_end = spaced_end;
        }
        if run_end >= run_limit && run_end < bytes.len() {
            // the cap decides, at the top of the loop
            i = run_end;
            continue;
        }
        // closing quotes and brackets that belong to the sentence that ends here
        let mut after = run_end;
        while let Some(c) = paragraph[after..].chars().next() {
            if is_closer(c) {
                after += c.len_utf8();
            } else {
                break;
            }
        }
        let closed = after > run_end;
        // an emoticon after the terminators belongs to the sentence (`What a night!! :-)`)
        if let Some(end) = emoticon_after(paragraph, after) {
            after = end;
        }
        let next_start = skip_whitespace(paragraph, after);
        let at_end = next_start == paragraph.len();
        let followed_by_space = next_start > after;
        i = run_end.max(i + 1);
        if at_end {
            continue;
        }
        if !followed_by_space {
            // `see www.example.com The club`: a web address before a capital
            let www_start = run_start.saturating_sub(3);
            if www_start >= sentence_start
                && &bytes[www_start..run_start] == b"www"
                && (www_start == sentence_start || bytes[www_start - 1].is_ascii_whitespace())
            {
                if let Some((end, next)) = cut_after_address(paragraph, run_start) {
                    push_trimmed(paragraph, sentence_start..end, &mut out);
                    sentence_start = next;
                    i = next;
                    open_list(paragraph, next, &mut list_items);
                }
                continue;
            }
            // `It rained.The match was off.`, but not `www.uefa.com`, `U.S.`, `3.5`
            if is_glued_boundary(paragraph, sentence_start, run_start, after, rules) {
                push_trimmed(paragraph, sentence_start..after, &mut out);
                sentence_start = after;
                i = after;
            }
            continue;
        }
        if closed {
            if let Some(length) = citation_length(&paragraph[next_start..]) {
                // `"..." (Rossi 2004).`: the reference belongs to the quote, and no sentence
                // ends inside it (cut there, the sentence alone would no longer hold the
                // closing bracket that made it a reference, and would be cut again before it)
                i = i.max(next_start + length);
                continue;
            }
        }
        let word_before = word_before(paragraph, sentence_start, run_start);
        let run = &paragraph[run_start..run_end];
        let next_word = word_at(paragraph, next_start);
        let word_start = run_start - word_before.len();
        // only bullets, brackets and quotes before the word (`• 3. First item`); looked at
        // over a few bytes only, so that no sentence is rescanned at every period
        let opens_sentence = word_start - sentence_start <= 16
            && paragraph[sentence_start..word_start]
                .chars()
                .all(|c| c.is_whitespace() || is_bullet(c) || is_opener(c));
        // `At 9 a.m. Mr. Lee went`: no sentence ends after three words and an abbreviation
        // (the words are counted only where that matters)
        let opening = (word_start - sentence_start <= MAX_SHORT_OPENING_BYTES)
            .then(|| &paragraph[sentence_start..word_start]);
        let context = Context {
            opens_sentence,
            closed,
            opening,
        };
        if is_boundary(run, word_before, next_word, rules, context) {
            push_trimmed(paragraph, sentence_start..after, &mut out);
            sentence_start = next_start;
            i = next_start;
            // a list may open any sentence, as it would open the sentence on its own
            open_list(paragraph, next_start, &mut list_items);
        }
    }
    push_trimmed(paragraph, sentence_start..paragraph.len(), &mut out);
    out
}

/// A sentence boundary where no terminator stands, at byte `i` (a line break, a colon, a
/// semicolon, a comma or a bullet): the end of the sentence that started at `sentence_start`
/// and the start of the next one. Each shape is decided from the few words around `i`, so that
/// a sentence segmented again is cut nowhere:
/// - a short line without final punctuation before a capitalized line (a headline, an e-mail
///   line, a list line): `Transfer news\nThe club signed`;
/// - a bullet inside a line: `Squad news: • Kane is fit • Saka is out`;
/// - an emoticon before a capitalized word: `I love it :) The fans`;
/// - two web addresses in a row, or one before a word that opens a sentence;
/// - an e-mail header's name, date and time: `Kay Mann 04/26/2001 07:17 AM Will you`;
/// - a semicolon before a word that opens a sentence (`; Il credito`);
/// - in Italian, a colon before a capital (`Esodo controllato a Civitavecchia: In ospedale`),
///   where Italian writes lowercase inside a sentence;
/// - a greeting or a closing before a capitalized word: `Hi John, Thanks`, `Regards, Mark`.
fn cut_without_terminator(
    paragraph: &str,
    sentence_start: usize,
    i: usize,
    rules: &Rules,
) -> Option<(usize, usize)> {
    let bytes = paragraph.as_bytes();
    if i <= sentence_start {
        return None;
    }
    let next_after = |at: usize| -> Option<(usize, char)> {
        let next = skip_whitespace(paragraph, at);
        (next > at)
            .then(|| paragraph[next..].chars().next().map(|c| (next, c)))
            .flatten()
    };
    let space_before = bytes[i - 1].is_ascii_whitespace();
    match bytes[i] {
        b'\n' => {
            let window = sentence_start.max(i.saturating_sub(MAX_HEADLINE_BYTES));
            let line_start = match bytes[window..i].iter().rposition(|&b| b == b'\n') {
                Some(offset) => window + offset + 1,
                None if window == sentence_start => sentence_start,
                None => return None,
            };
            let line = paragraph[line_start..i].trim();
            let last = line.chars().next_back()?;
            let (next, first) = next_after(i)?;
            let last_word =
                || Lowercase::of(line.rsplit(char::is_whitespace).next().unwrap_or(line));
            (last.is_alphanumeric()
                && first.is_uppercase()
                && line.chars().count() <= MAX_HEADLINE_CHARS
                && !words::continues_on_next_line(last_word().as_str()))
            .then_some((i, next))
        }
        0xE2 if space_before
            && paragraph[i..].starts_with(is_bullet)
            && paragraph[i..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_whitespace() || c.is_ascii_digit()) =>
        {
            Some((i, i))
        }
        b':' | b';' if space_before => {
            let token = word_at(paragraph, i);
            let (next, first) = next_after(i + token.len())?;
            (EMOTICONS.contains(&token) && first.is_uppercase()).then_some((i + token.len(), next))
        }
        b':' if paragraph[i..].starts_with("://") => {
            // `http://` or `https://` after white space (looked at over a few bytes only)
            let scheme_start = ["https", "http"]
                .iter()
                .find(|scheme| paragraph[..i].ends_with(*scheme))
                .map(|scheme| i - scheme.len())?;
            let after_space =
                scheme_start == sentence_start || bytes[scheme_start - 1].is_ascii_whitespace();
            if scheme_start < sentence_start || !after_space {
                return None;
            }
            cut_after_address(paragraph, i)
        }
        b'@' => {
            // an e-mail address: the first `@` of a token that starts after white space, a
            // few bytes back, with a period after it
            let back = ceil_char_boundary(
                paragraph,
                sentence_start.max(i.saturating_sub(MAX_MAILBOX_BYTES)),
            );
            let token_start = match paragraph[back..i]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
            {
                Some((at, c)) => back + at + c.len_utf8(),
                None if back == sentence_start => sentence_start,
                None => return None,
            };
            if bytes[token_start..i].contains(&b'@') {
                return None;
            }
            let (end, next) = cut_after_address(paragraph, i)?;
            bytes[i..end].contains(&b'.').then_some((end, next))
        }
        b':' if i + 1 < bytes.len() && bytes[i - 1].is_ascii_digit() => {
            let (date_start, end, clock) = timestamp_around(paragraph, i)?;
            if date_start > sentence_start {
                // the sender's name before the date is a line of its own
                let before = paragraph[sentence_start..date_start].trim_end();
                let previous = before.rsplit(char::is_whitespace).next().unwrap_or(before);
                let named = previous.starts_with(char::is_uppercase)
                    || previous.contains('@')
                    || previous.ends_with('>');
                if named
                    && !before.ends_with(|c: char| c.is_ascii_punctuation() && c != '>')
                    && !words::introduces_a_date(&previous.to_lowercase())
                {
                    return Some((date_start, date_start));
                }
            }
            let (next, first) = next_after(end)?;
            (first.is_uppercase() || (clock && first.is_alphabetic())).then_some((end, next))
        }
        b':' | b';' => {
            let (next, first) = next_after(i + 1)?;
            let next_word = word_at(paragraph, next);
            let list_follows = starts_with_list_marker(&paragraph[next..]);
            if rules.italian {
                // Italian ends a sentence at a colon or a semicolon followed by white space
                // (in the two Italian development treebanks, 100 of 106 colons and 67 of 82 semicolons), but
                // not at a colon before a number (`Scuole materne: 20 aprile.`), after a
                // one-word label (`Borsa: Piazza Affari chiude in rialzo`) or after a short
                // one before a lowercase word (looked for over a few bytes only), nor at a semicolon between short items of an enumeration
                // (`Terni, azioni 300; Ilva, azioni 500;`, `Rossi; Bianchi; Verdi`)
                let cut = if bytes[i] == b':' {
                    let head = &bytes[sentence_start..i.min(sentence_start + MAX_LABEL_BYTES)];
                    let words = head
                        .split(u8::is_ascii_whitespace)
                        .filter(|word| !word.is_empty())
                        .count();
                    let reaches_start = i - sentence_start <= MAX_LABEL_BYTES;
                    let label = reaches_start && words == 1;
                    // a headline's label before a lowercase phrase (`Maltempo al Nord: allerta
                    // rossa in Veneto`)
                    let headline =
                        reaches_start && words <= MAX_LABEL_WORDS && first.is_lowercase();
                    list_follows || !(first.is_ascii_digit() || label || headline)
                } else {
                    // before a lowercase word, only a long clause is a sentence of its own
                    // (`; la luce solare si offuscò e i funghi ...`); a short one is a clause of
                    // the sentence (`; quindi si taglia la spesa.`)
                    let clause_fits = !first.is_lowercase()
                        || clause_has_words(paragraph, next, MIN_CLAUSE_WORDS_AFTER_SEMICOLON);
                    list_follows
                        || (clause_fits && !between_short_items(paragraph, sentence_start, i, next))
                };
                return cut.then_some((i + 1, next));
            }
            // English: a semicolon before a sentence opener or a list item (`; The club`,
            // `; b) the keeper`), not before a list of names (`; Rossi, Bianchi`)
            // (the word's letters decide, not the whole token: `The.Mr.;` may be cut after
            // `The.`, and the sentence alone must decide the same)
            let name_list = next_word
                .trim_start_matches(char::is_alphabetic)
                .starts_with([',', ';']);
            let capital = first.is_uppercase() && !name_list;
            let semicolon = bytes[i] == b';'
                && ((capital && rules.is_sentence_opener(next_word)) || list_follows);
            semicolon.then_some((i + 1, next))
        }
        b',' if i - sentence_start <= MAX_GREETING_BYTES => {
            let (next, first) = next_after(i + 1)?;
            let phrase = || Lowercase::of(paragraph[sentence_start..i].trim());
            (first.is_uppercase() && words::is_greeting_or_closing(phrase().as_str()))
                .then_some((i + 1, next))
        }
        _ => None,
    }
}

/// Whether the semicolon at byte `semicolon` stands between two short items of an enumeration:
/// at most [`MAX_ITEM_WORDS`] words since the sentence start or the previous semicolon, and as
/// many from `next` to the next semicolon or terminator. Only a few bytes are looked at.
fn between_short_items(
    paragraph: &str,
    sentence_start: usize,
    semicolon: usize,
    next: usize,
) -> bool {
    let bytes = paragraph.as_bytes();
    let window = MAX_ITEM_WORDS * 16;
    let from = sentence_start.max(semicolon.saturating_sub(window));
    let before = &bytes[from..semicolon];
    let item_start = match before.iter().rposition(|&b| b == b';') {
        Some(at) => at + 1,
        None if from == sentence_start => 0,
        None => return false,
    };
    let words = |item: &[u8]| {
        item.split(u8::is_ascii_whitespace)
            .filter(|word| !word.is_empty())
            .count()
    };
    if words(&before[item_start..]) > MAX_ITEM_WORDS {
        return false;
    }
    let to = paragraph.len().min(next + window);
    let after = &bytes[next..to];
    let item_end = match after
        .iter()
        .position(|&b| matches!(b, b';' | b'.' | b'!' | b'?'))
    {
        Some(at) => at,
        None if to == paragraph.len() => after.len(),
        None => return false,
    };
    words(&after[..item_end]) <= MAX_ITEM_WORDS
}

/// Whether the clause that starts at `start` (up to the next semicolon or terminator) has at
/// least `words` words; only the bytes that many words can take are looked at.
fn clause_has_words(paragraph: &str, start: usize, words: usize) -> bool {
    let bytes = paragraph.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    for &byte in bytes[start..].iter().take(words * 32) {
        if matches!(byte, b';' | b'.' | b'!' | b'?' | b':') {
            break;
        }
        let space = byte.is_ascii_whitespace();
        if !space && !in_word {
            count += 1;
            if count >= words {
                return true;
            }
        }
        in_word = !space;
    }
    false
}

/// In Italian, a lowercase clause after a semicolon with at least this many words is a
/// sentence (in the Italian treebanks, every such clause that is a sentence has 7 words or
/// more, and most that are not have fewer).
const MIN_CLAUSE_WORDS_AFTER_SEMICOLON: usize = 7;

/// The most words an item of an enumeration between semicolons has.
const MAX_ITEM_WORDS: usize = 5;

/// A line at most this long, without final punctuation, before a capitalized line, is a
/// sentence of its own (a headline, an e-mail line); longer lines are wrapped prose.
const MAX_HEADLINE_CHARS: usize = 60;
const MAX_HEADLINE_BYTES: usize = 4 * MAX_HEADLINE_CHARS;

/// A label before a colon is looked for over this many bytes from the sentence start.
const MAX_LABEL_BYTES: usize = 64;

/// A headline's label before a colon has at most this many words (`Maltempo al Nord:`).
const MAX_LABEL_WORDS: usize = 4;

/// After a web or e-mail address whose token holds byte `inside`, a capitalized word or another
/// address opens a sentence (`... Kevin.Boone@example.com Our web address is`,
/// `<julie@example.com> Groups:`, `http://a.it/x The club`): the end of the address and the
/// start of the next sentence.
fn cut_after_address(paragraph: &str, inside: usize) -> Option<(usize, usize)> {
    let bytes = paragraph.as_bytes();
    // white space as the rest of the segmenter reads it (a vertical tab too), so that no
    // terminator and space inside what is taken for the token is skipped
    let scan_end = floor_char_boundary(paragraph, inside + MAX_URL_BYTES);
    let token_end = inside + paragraph[inside..scan_end].find(char::is_whitespace)?;
    let next = skip_whitespace(paragraph, token_end);
    let first = paragraph[next..].chars().next()?;
    let last = bytes[token_end - 1];
    let next_word = word_at(paragraph, next);
    let address_follows = next_word.starts_with("http://")
        || next_word.starts_with("https://")
        || next_word.starts_with("www.");
    let capital_follows = first.is_uppercase()
        && (last.is_ascii_alphanumeric() || matches!(last, b'/' | b'>' | b']' | b')'));
    (address_follows || capital_follows).then_some((token_end, next))
}

/// The part of an e-mail address before its `@` is looked at up to this length.
const MAX_MAILBOX_BYTES: usize = 64;

/// A web address is looked at up to this length (a longer token is no address to cut after).
const MAX_URL_BYTES: usize = 2000;

/// `Hi John,`, `Best regards,`: the longest greeting or closing looked at.
const MAX_GREETING_BYTES: usize = 40;

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ":D", ":-D", ":P", ":-P", ":p", ":-p", ";)", ";-)", ":o", ":O", ":/",
    ":-/", ":'(", ":]", ":[", ":|", ";-(", ";(",
];

/// The end of an emoticon that follows white space at `at` and stands alone, if one does.
fn emoticon_after(paragraph: &str, at: usize) -> Option<usize> {
    let start = skip_whitespace(paragraph, at);
    if start == at || !paragraph[start..].starts_with([':', ';']) {
        return None;
    }
    let token = word_at(paragraph, start);
    EMOTICONS.contains(&token).then_some(start + token.len())
}

/// An e-mail header's date and time around the colon at byte `colon`: `04/26/2001 07:17 AM`,
/// `08/16/2000 03:14:14 PM`, `04/25/01 12:42:55`. Returns the start of the date, the end of the
/// time (with its `AM`/`PM`), and whether an `AM`/`PM` was there.
fn timestamp_around(paragraph: &str, colon: usize) -> Option<(usize, usize, bool)> {
    let bytes = paragraph.as_bytes();
    let digits_back = |end: usize, most: usize| -> usize {
        let mut start = end;
        while start > 0 && end - start < most && bytes[start - 1].is_ascii_digit() {
            start -= 1;
        }
        start
    };
    let hour_start = digits_back(colon, 2);
    if hour_start == colon || hour_start < 2 || bytes[hour_start - 1] != b' ' {
        return None;
    }
    // the date: d/d/dd, one space before the hour
    let date_end = hour_start - 1;
    let mut date_start = date_end;
    while date_start > 0
        && date_end - date_start < 10
        && (bytes[date_start - 1].is_ascii_digit() || bytes[date_start - 1] == b'/')
    {
        date_start -= 1;
    }
    let date: Vec<&str> = paragraph[date_start..date_end].split('/').collect();
    let widths_fit = date.len() == 3
        && (1..=2).contains(&date[0].len())
        && (1..=2).contains(&date[1].len())
        && (date[2].len() == 2 || date[2].len() == 4);
    if !widths_fit || (date_start > 0 && !bytes[date_start - 1].is_ascii_whitespace()) {
        return None;
    }
    // the time: hh:mm or hh:mm:ss, then white space or the end
    let mut end = colon;
    for _ in 0..2 {
        if bytes.get(end) == Some(&b':')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(end + 2).is_some_and(u8::is_ascii_digit)
        {
            end += 3;
        }
    }
    if end == colon || bytes.get(end).is_some_and(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    let clock = ["AM", "PM", "am", "pm"].iter().find(|mark| {
        paragraph[end..].strip_prefix(' ').is_some_and(|rest| {
            rest.starts_with(*mark) && rest[2..].chars().next().is_none_or(char::is_whitespace)
        })
    });
    Some(match clock {
        Some(_) => (date_start, end + 3, true),
        None => (date_start, end, false),
    })
}

/// `It rained.The match`: a terminator between a lowercase word and a capitalized one, with no
/// space, in a token that is no address, number or abbreviation. Only a few bytes around the
/// terminator are looked at, so that a long token full of periods stays linear.
fn is_glued_boundary(
    paragraph: &str,
    sentence_start: usize,
    run_start: usize,
    after: usize,
    rules: &Rules,
) -> bool {
    let from = ceil_char_boundary(
        paragraph,
        sentence_start.max(run_start.saturating_sub(MAX_GLUED_WORD_BYTES)),
    );
    let head = &paragraph[from..run_start];
    // the word before: letters back to white space or an opening bracket or quote
    let (word_start, boundary_char) = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or((0, None), |(at, c)| (at + c.len_utf8(), Some(c)));
    let reaches_start = head.len() < MAX_GLUED_WORD_BYTES || boundary_char.is_some();
    let before = &head[word_start..];
    let mut letters = before.chars();
    let word_ok = letters.next().is_some()
        && before.chars().count() >= 2
        && letters.all(char::is_lowercase)
        && boundary_char.is_none_or(|c| c.is_whitespace() || is_opener(c));
    // `Mr.Smith`, `Prof.Rossi`: a title, not a sentence
    if !reaches_start
        || !word_ok
        || before == "www"
        || rules.is_title(Lowercase::of(before).as_str())
    {
        return false;
    }
    // nothing is glued inside a web address (`http://a.it/Dott.Mr`), which the address rule
    // may cut after as a whole
    let token_from = ceil_char_boundary(
        paragraph,
        sentence_start.max(run_start.saturating_sub(MAX_URL_BYTES)),
    );
    let token_start = paragraph[token_from..run_start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(token_from, |(at, c)| token_from + at + c.len_utf8());
    let token = &paragraph[token_start..run_start];
    if token.starts_with("http://")
        || token.starts_with("https://")
        || token.starts_with("www.")
        || token.contains('@')
    {
        return false;
    }
    let rest = &paragraph[after..floor_char_boundary(paragraph, after + MAX_GLUED_WORD_BYTES)];
    // the word after, up to the first character that is no letter: a later glued boundary
    // (`Iling.Esodo`) may cut the token there, and the sentence alone must decide the same
    let word_len = rest
        .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    let clean_end = rest[word_len..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || is_closer(c) || ".,;:!?…".contains(c));
    let mut chars = word.chars();
    // `Newsfeed.Com`: a domain written with a capital
    let domain = matches!(word, "Com" | "Net" | "Org" | "Edu" | "Gov");
    clean_end
        && chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && chars.all(|c| c.is_lowercase() || c == '\'' || c == '’' || c == '-')
        && !domain
}

const MAX_GLUED_WORD_BYTES: usize = 64;

/// `(Rossi 2004)`, `(Smith, 2010, p. 4)`: a reference in brackets, short, with a year or a page,
/// or of a few words before the period that ends the sentence (`(Jones 41).`).
///
/// Returns the byte length of the reference, through its `)`.
fn citation_length(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('(')?;
    let window = &inner[..floor_char_boundary(inner, MAX_CITATION_BYTES)];
    let close = window.find(')')?;
    let inner = &inner[..close];
    let has_year = inner
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4);
    // or a short one that the sentence's period closes: `(Jones 41).`, `(Pascoli).`
    // (with no period inside, where the sentence could be cut, which the sentence alone would
    // not see)
    let short_and_closing = inner.split_whitespace().count() <= MAX_CITATION_WORDS
        && !inner.contains(['.', '…'])
        && window[close + 1..].starts_with(['.', '!', '?']);
    let citation = inner.starts_with(char::is_uppercase)
        && !inner.contains(['(', '!', '?', '\n'])
        && (has_year || inner.contains("p. ") || short_and_closing);
    citation.then_some(1 + close + 1)
}

#[cfg(test)]
fn starts_with_citation(text: &str) -> bool {
    citation_length(text).is_some()
}

const MAX_CITATION_BYTES: usize = 80;

/// A reference without a year or a page (`(Pascoli)`) has at most this many words.
const MAX_CITATION_WORDS: usize = 3;

/// The largest character boundary of `text` at or before `at` (`text.len()` past its end).
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or after `at`.
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '▪' | '►' | '‣' | '◦' | '⁃')
}

/// The start of a numbered inline list whose first marker (`1)` or `1.)`) ends at the bracket at
/// byte `bracket`, inside the sentence that starts at `sentence_start`, after white space and
/// before white space, when a `2)` follows.
fn numbered_list_inside(paragraph: &str, sentence_start: usize, bracket: usize) -> Option<usize> {
    let bytes = paragraph.as_bytes();
    let start = if paragraph[..bracket].ends_with("1.") {
        bracket - 2
    } else if paragraph[..bracket].ends_with('1') {
        bracket - 1
    } else {
        return None;
    };
    let spaced = start > sentence_start
        && bytes[start - 1].is_ascii_whitespace()
        && bytes.get(bracket + 1).is_some_and(u8::is_ascii_whitespace);
    (spaced && !inline_list_items(paragraph, start).is_empty()).then_some(start)
}

/// Adds the items of an inline list that opens a sentence at `start` to the items still to
/// come (kept in reverse order, the next one last), so that a list inside another list's item
/// is cut as it is when its sentence is segmented alone (`1. ! 1) 2) .`).
fn open_list(paragraph: &str, start: usize, pending: &mut Vec<usize>) {
    let items = inline_list_items(paragraph, start);
    if items.is_empty() {
        return;
    }
    pending.retain(|&at| at > start);
    pending.extend(items);
    pending.sort_unstable_by(|a, b| b.cmp(a));
    pending.dedup();
}

/// The byte offsets where the items after the first of an inline list start, when a sentence
/// opens at byte `from` with a list marker (`1.)`, `1.`, `1)`, `a.`, `a)`) and the next
/// markers follow in order (`2.)`, `3.)` or `b.`, `c.`) with the same punctuation, each after
/// white space and before white space.
fn inline_list_items(text: &str, from: usize) -> Vec<usize> {
    let marker_at = |at: usize| -> Option<(char, &'static str)> {
        let tail = &text[at..];
        let label_len = tail.bytes().take_while(u8::is_ascii_digit).count();
        let (label, rest) = if label_len > 0 && label_len <= 2 {
            let value: u32 = tail[..label_len].parse().ok()?;
            (char::from_digit(value % 36, 36)?, &tail[label_len..])
        } else {
            let first = tail.chars().next().filter(char::is_ascii_lowercase)?;
            (first, &tail[1..])
        };
        let punctuation = [".)", ".", ")"].into_iter().find(|p| rest.starts_with(p))?;
        let after = rest[punctuation.len()..].chars().next();
        after
            .is_some_and(char::is_whitespace)
            .then_some((label, punctuation))
    };
    let Some((first, punctuation)) = marker_at(from) else {
        return Vec::new();
    };
    let numeric = first.is_ascii_digit();
    if first != '1' && first != 'a' {
        return Vec::new();
    }
    let next_label = |label: char| -> Option<char> {
        let value = label.to_digit(36)? + 1;
        let next = char::from_digit(value, 36)?;
        // numbers stay numbers (up to 9 here) and letters stay letters
        (next.is_ascii_digit() == numeric).then_some(next)
    };
    let mut items = Vec::new();
    let mut expected = next_label(first);
    let mut last_item = from;
    // bytes, not characters: a marker is ASCII, and an ASCII byte is always a whole character
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut at = from + 1;
    while at < end {
        let Some(want) = expected else { break };
        if at - last_item > MAX_LIST_ITEM_BYTES {
            // items are short; and a search to the end of a long paragraph at every sentence
            // that opens with `1.` would make segmentation quadratic
            break;
        }
        // the next label character after a space
        let label = want as u8;
        let Some(offset) = bytes[at..end.min(last_item + MAX_LIST_ITEM_BYTES + 1)]
            .iter()
            .position(|&b| b == label)
        else {
            break;
        };
        at += offset;
        if bytes[at - 1].is_ascii_whitespace() && marker_at(at) == Some((want, punctuation)) {
            items.push(at);
            last_item = at;
            expected = next_label(want);
        }
        at += 1;
    }
    items
}

/// The bytes at which [`split_paragraph`] has something to check: terminators (`…` and `‽`
/// start with 0xE2, as do bullets), line breaks, colons, semicolons, `@`, closing brackets
/// (of list markers) and commas.
const MAY_MATTER: [bool; 256] = byte_table(true);

/// [`MAY_MATTER`] without the comma, which matters only within [`MAX_GREETING_BYTES`] of the
/// start of a sentence (commas are the most frequent of these bytes in news).
const MAY_MATTER_PAST_GREETING: [bool; 256] = byte_table(false);

const fn byte_table(comma: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut index = 0;
    while index < 256 {
        let byte = index as u8;
        table[index] = matches!(
            byte,
            b'.' | b'!' | b'?' | b'\n' | b':' | b';' | b'@' | b')' | 0xE2
        ) || (comma && byte == b',');
        index += 1;
    }
    table
}

/// The next item of an inline list is looked for this far after the previous one, at most.
const MAX_LIST_ITEM_BYTES: usize = 1000;

/// Whether `text` starts with the marker of a list item and white space: `1.`, `12)`, `1.)`, `a)`,
/// `-`, `*`, `•`.
fn starts_with_list_marker(text: &str) -> bool {
    // any white space after the marker, a line break included: a sentence segmented again,
    // with its line breaks read as spaces, must be cut at the same markers
    let spaced = |rest: &str, marker: &str| {
        rest.strip_prefix(marker)
            .is_some_and(|after| after.starts_with(char::is_whitespace))
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if (1..=2).contains(&digits) {
        &text[digits..]
    } else if text.starts_with(|c: char| c.is_ascii_lowercase()) {
        // `a)` only: `a.` at the start of a line is as likely the end of a word
        return spaced(&text[1..], ")");
    } else {
        return ["-", "*", "•"].iter().any(|bullet| spaced(text, bullet));
    };
    [".)", ".", ")"].iter().any(|marker| spaced(rest, marker))
}

/// Length in bytes of a sentence terminator at byte `i`, or 0.
fn terminator_at(text: &str, i: usize) -> usize {
    match text.as_bytes().get(i) {
        Some(b'.' | b'!' | b'?') => 1,
        Some(0xE2) if text[i..].starts_with('…') => '…'.len_utf8(),
        Some(0xE2) if text[i..].starts_with('‽') => '‽'.len_utf8(),
        _ => 0,
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›' | '“'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '¿'
            | '¡'
            | '„'
            | '*'
            | '-'
            | '–'
            | '—'
    )
}

fn skip_whitespace(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The token that ends at byte `end` (the period), back to white space, within the sentence;
/// leading opening punctuation is dropped (`(Dott.` -> `Dott`).
fn word_before(text: &str, sentence_start: usize, end: usize) -> &str {
    let head = &text[sentence_start..end];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(index, c)| index + c.len_utf8())
        .unwrap_or(0);
    head[start..].trim_start_matches(|c| is_opener(c) || is_bullet(c))
}

/// The token that starts at byte `start`, up to white space.
fn word_at(text: &str, start: usize) -> &str {
    let tail = &text[start..];
    let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
    &tail[..end]
}

/// What [`is_boundary`] knows of the sentence a run of terminators would end.
#[derive(Clone, Copy)]
struct Context<'a> {
    /// Only bullets, brackets and quotes stand before the word of the run (`• 3.`).
    opens_sentence: bool,
    /// A closing quote or bracket follows the run (`."`, `.)`).
    closed: bool,
    /// The sentence before the word of the run, when it is at most
    /// [`MAX_SHORT_OPENING_BYTES`] long (`At 9` before `a.m.`).
    opening: Option<&'a str>,
}

/// The sentence so far before an abbreviation, when it has fewer words than this and fits in
/// this many bytes, is too short to end there before a title (`At 9 a.m. Mr. Lee went`).
const MAX_SHORT_OPENING_WORDS: usize = 3;
const MAX_SHORT_OPENING_BYTES: usize = 32;

/// Whether a run of terminators, between `before` and `next`, ends a sentence.
fn is_boundary(run: &str, before: &str, next: &str, rules: &Rules, context: Context<'_>) -> bool {
    let Context {
        opens_sentence: run_opens_sentence,
        closed,
        opening,
    } = context;
    let next_core = next.trim_start_matches(is_opener);
    let next_first = next_core.chars().next();
    let next_lowercase = next_first.is_some_and(char::is_lowercase);
    let next_uppercase = next_first.is_some_and(char::is_uppercase);
    let next_digit = next_first.is_some_and(|c| c.is_ascii_digit());

    if run.contains(['!', '?', '‽']) {
        if !next_lowercase {
            return true;
        }
        // `"Really?" he asked` / `«Davvero?» chiese` / `(again!) and`: the quote or the
        // bracket is part of a longer sentence; `She works at Yahoo! in Sunnyvale`: so is a
        // name with its exclamation mark; but `anyone tried it? i did`: web text does not
        // always capitalize
        let name = Lowercase::of(before.trim_end_matches(['!', '?']));
        return !closed && !NAMES_WITH_EXCLAMATION.contains(&name.as_str());
    }
    if run.contains('…') || run.len() >= 2 {
        // an ellipsis ends a sentence only when a capital (or a web address) follows
        return next_uppercase
            || is_url_or_email(next_core)
            || next_digit
            || (next_first.is_some()
                && !next_lowercase
                && !next_first.is_some_and(char::is_alphanumeric));
    }
    // a single period
    if next_lowercase {
        if closed {
            // `"We won." he said`, `(he had been injured for weeks.) on Sunday`: the quote or
            // the bracket is part of a longer sentence
            return false;
        }
        // `it was late. we went home`: web text does not always capitalize; a period after a
        // plain lowercase word that no list knows as an abbreviation still ends the sentence,
        // and so does one after a name (`Ludwig Eichrodt. il buon Rossi`) or a number that
        // is no list marker (`lire 32.975. così`)
        let bare = before.trim_end_matches(is_closer);
        return is_plain_word(bare, rules)
            || is_plain_name(bare, rules)
            || (!run_opens_sentence && is_number(bare) && bare.len() >= 3);
    }
    if before.is_empty() {
        return true;
    }
    if run_opens_sentence && is_list_marker(before) {
        // `1. First point`, `a. item`
        return false;
    }
    if is_url_or_email(before) {
        return true;
    }
    // `l’Avv.`, `dell'Avv.`: the elided article does not change the abbreviation
    let elided = before.rsplit(['\'', '’']).next().unwrap_or(before);
    let key = Lowercase::of(elided);
    let key = key.as_str().trim_end_matches('.');
    if rules.is_title(key) {
        // titles always precede a name: `Mr. Smith`, `Dott. Rossi`
        return false;
    }
    if next_digit && NUMBER_ABBREVIATIONS.contains(&key) {
        // `No. 12`, `N°. 4`, `art. 70 l. 633/1941`, `L. 22.500`, `ext. 37625`
        return false;
    }
    if words::is_unit(key) {
        // `L. 90.000 il mq. Cm 60x60`: a unit ends a sentence before a capital
        return !next_digit;
    }
    if rules.is_abbreviation(key) || has_internal_period(before) {
        let short_so_far = opening
            .is_some_and(|opening| opening.split_whitespace().count() < MAX_SHORT_OPENING_WORDS);
        if short_so_far && rules.is_title(Lowercase::of(next_core.trim_end_matches('.')).as_str()) {
            return false;
        }
        // `approx.`, `U.S.`, `S.p.A.`, `ecc.`: end a sentence only before a word that usually
        // opens one
        return rules.is_sentence_opener(next_core);
    }
    let bare = elided.trim_end_matches('.');
    if rules.is_truncated_word(bare) {
        // `elettr. nuovo` goes on (above); before a capital, an unknown word that ends in a
        // consonant as English words do is a loanword (`stress.`, `laser.`, `notes.`) and
        // ends the sentence; one that ends as a truncated Italian word (`psicol. Ferri`)
        // ends it only before a sentence opener
        return if words::ends_like_english(bare) {
            !next_digit
        } else {
            rules.is_sentence_opener(next_core)
        };
    }
    if is_initial(before) {
        // `J. R. Smith` and `S. 10th Street` go on; `Serie A. Lo storico...` ends
        return (!next_uppercase && !next_digit)
            || (next_core.chars().count() >= 2 && rules.is_sentence_opener(next_core));
    }
    true
}

/// A lowercase word of two letters or more that is no abbreviation or title of the rules:
/// `late`, `casa`, but not `approx`, `ecc`, `p`, `e.g`.
fn is_plain_word(word: &str, rules: &Rules) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if !c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
        && !rules.is_abbreviation(word)
        && !rules.is_title(word)
        && !rules.is_truncated_word(word)
}

/// A capitalized word of two letters or more, the rest lowercase, that is no abbreviation or
/// title of the rules: `Eichrodt`, `Moravia`, but not `Mr`, `Calif`, `Dott`.
fn is_plain_name(word: &str, rules: &Rules) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) || word.chars().count() < 2 {
        return false;
    }
    if !chars.all(char::is_lowercase) {
        return false;
    }
    let key = Lowercase::of(word);
    !rules.is_abbreviation(key.as_str()) && !rules.is_title(key.as_str())
}

/// `32.975`, `[877]`, `303-832-8160`: digits, with the punctuation of numbers. (Before a
/// lowercase word only one of three characters or more counts: `Then 2. people came` goes on.)
fn is_number(word: &str) -> bool {
    let word = word
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | '-'))
}

/// Abbreviations that a number follows: `No. 12`, `pag. 5`, `L. 22.500` (lire), `l. 633/1941`
/// (a law).
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "nr", "n", "nn", "n°", "nº", "num", "art", "artt", "pag", "pagg", "p", "pp",
    "vol", "voll", "fig", "figg", "tab", "cap", "par", "op", "ext", "tel", "sez", "l", "co", "cpv",
    "all", "nota",
];

/// Names written with an exclamation mark, which does not end a sentence.
const NAMES_WITH_EXCLAMATION: &[&str] = &["yahoo", "jeopardy", "wham", "panic", "oklahoma"];

fn is_list_marker(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 4
        && (word.bytes().all(|b| b.is_ascii_digit())
            || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphabetic())))
}

fn is_url_or_email(word: &str) -> bool {
    // bytes first: this runs at every period, and a substring search costs more to set up
    // than the word is long
    let bytes = word.as_bytes();
    bytes.starts_with(b"www.")
        || (bytes.contains(&b':') && bytes.windows(3).any(|three| three == b"://"))
        || (bytes.contains(&b'@') && bytes.contains(&b'.'))
}

/// `U.S`, `S.p.A`, `c.t`, `e.g`: letters separated by periods.
fn has_internal_period(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.chars().count() <= 4 && part.chars().all(char::is_alphabetic)
        })
}

/// A single capital letter: an initial. (A single lowercase letter is a unit, `1,85 m.`, or an
/// abbreviation of the lists, `p.`, `n.`.)
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start < end {
        out.push(start..end);
    }
}

/// Pushes `range`, cut into pieces of at most [`MAX_SENTENCE_CHARS`] characters at white space
/// (or anywhere, for a single word longer than that).
fn push_capped(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    loop {
        let rest = &text[start..range.end];
        if rest.len() <= MAX_SENTENCE_CHARS {
            // no more bytes than the cap allows characters: nothing to count
            push_trimmed(text, start..range.end, out);
            return;
        }
        let Some((cut, _)) = rest.char_indices().nth(MAX_SENTENCE_CHARS) else {
            push_trimmed(text, start..range.end, out);
            return;
        };
        // the last white space before the cap, else a hard cut at the cap
        let piece_end = rest[..cut]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(index, _)| index)
            .filter(|&index| index > 0)
            .unwrap_or(cut);
        push_trimmed(text, start..start + piece_end, out);
        start = skip_whitespace(text, start + piece_end);
        if start >= range.end {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str) -> Vec<&str> {
        segment(text, "en")
    }

    fn it(text: &str) -> Vec<&str> {
        segment(text, "it")
    }

    #[test]
    fn a_spaced_ellipsis_across_a_line_break_is_read_as_across_a_space() {
        // found by fuzzing: `word.\n. . . word`, its line break read as a space, was cut the
        // second time only
        assert_eq!(it("hnoû.\n. . . itov"), it("hnoû. . . . itov"));
        assert_eq!(it("hnoû. . . . itov").len(), 2);
    }

    #[test]
    fn a_list_marker_before_a_line_break_cuts_as_before_a_space() {
        // found by the idempotence property: the sentence `x; -\nKaká`, with its line break
        // read as a space, was cut at the semicolon the second time only
        assert_eq!(
            en("Squad news; -\nKaká is fit"),
            ["Squad news;", "-\nKaká is fit"]
        );
        assert_eq!(
            en("Squad news; - Kaká is fit"),
            ["Squad news;", "- Kaká is fit"]
        );
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            en("He left. She stayed! Why? No."),
            vec!["He left.", "She stayed!", "Why?", "No."]
        );
    }

    #[test]
    fn english_abbreviations_and_initials() {
        assert_eq!(
            en("Mr. Smith met Dr. Jones at St. Mary's. They talked."),
            vec!["Mr. Smith met Dr. Jones at St. Mary's.", "They talked."]
        );
        assert_eq!(
            en("J. R. Smith scored. Then he left."),
            vec!["J. R. Smith scored.", "Then he left."]
        );
        assert_eq!(
            it("Torna in Serie A. Lo storico tecnico è pronto."),
            vec!["Torna in Serie A.", "Lo storico tecnico è pronto."]
        );
        assert_eq!(
            en("He moved to the U.S. in 2010 and left."),
            vec!["He moved to the U.S. in 2010 and left."]
        );
        assert_eq!(
            en("He lives in the U.S. The move was hard."),
            vec!["He lives in the U.S.", "The move was hard."]
        );
        assert_eq!(
            en("Man Utd. fans cheered vs. Chelsea at 3 p.m. on Sunday."),
            vec!["Man Utd. fans cheered vs. Chelsea at 3 p.m. on Sunday."]
        );
        assert_eq!(
            en("It costs approx. 5 dollars. Fine."),
            vec!["It costs approx. 5 dollars.", "Fine."]
        );
    }

    #[test]
    fn italian_abbreviations() {
        assert_eq!(
            it("Il Sig. Rossi e il Dott. Bianchi sono arrivati. Poi sono partiti."),
            vec![
                "Il Sig. Rossi e il Dott. Bianchi sono arrivati.",
                "Poi sono partiti."
            ]
        );
        assert_eq!(
            it("La Juventus F.C. S.p.A. ha chiuso il bilancio. Il c.t. Spalletti ha parlato."),
            vec![
                "La Juventus F.C. S.p.A. ha chiuso il bilancio.",
                "Il c.t. Spalletti ha parlato."
            ]
        );
        assert_eq!(
            it("Vedi pag. 5 e art. 3 del regolamento. Poi firma."),
            vec!["Vedi pag. 5 e art. 3 del regolamento.", "Poi firma."]
        );
        assert_eq!(
            it("Ha parlato l’Avv. Rossi. Il resto è noto."),
            vec!["Ha parlato l’Avv. Rossi.", "Il resto è noto."]
        );
    }

    #[test]
    fn numbers_dates_and_times() {
        assert_eq!(
            it("L'inflazione è al 3,5% e la partita è alle 20.45 del 12.05.2025. Si gioca."),
            vec![
                "L'inflazione è al 3,5% e la partita è alle 20.45 del 12.05.2025.",
                "Si gioca."
            ]
        );
        assert_eq!(
            en("He cost £86.3m in 2019. He scored 3.5 goals a game."),
            vec!["He cost £86.3m in 2019.", "He scored 3.5 goals a game."]
        );
        assert_eq!(
            en("Brazil won 2-1. Argentina drew."),
            vec!["Brazil won 2-1.", "Argentina drew."]
        );
    }

    #[test]
    fn quotes_and_guillemets() {
        assert_eq!(
            en("\"I will stay.\" He smiled."),
            vec!["\"I will stay.\"", "He smiled."]
        );
        assert_eq!(
            en("\"Will you stay?\" he asked. Yes."),
            vec!["\"Will you stay?\" he asked.", "Yes."]
        );
        assert_eq!(
            it("«Resto qui.» Poi è uscito. «Davvero?» chiese lui."),
            vec!["«Resto qui.»", "Poi è uscito.", "«Davvero?» chiese lui."]
        );
        assert_eq!(
            en("He said “we lost.” Then he left."),
            vec!["He said “we lost.”", "Then he left."]
        );
    }

    #[test]
    fn ellipses_and_exclamation_runs() {
        assert_eq!(
            en("Wait... Then it came. Hmm… maybe not. Really?! Yes!!!"),
            vec![
                "Wait...",
                "Then it came.",
                "Hmm… maybe not.",
                "Really?!",
                "Yes!!!"
            ]
        );
        assert_eq!(
            en("He said... nothing at all."),
            vec!["He said... nothing at all."]
        );
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            en("Visit www.uefa.com for more. Write to info@club.it. Thanks."),
            vec![
                "Visit www.uefa.com for more.",
                "Write to info@club.it.",
                "Thanks."
            ]
        );
    }

    #[test]
    fn blank_lines_are_hard_boundaries_and_line_breaks_are_not() {
        assert_eq!(
            en("A heading\n\nThe text goes on\nacross a line. Next."),
            vec!["A heading", "The text goes on\nacross a line.", "Next."]
        );
        assert_eq!(en("one\n \ntwo"), vec!["one", "two"]);
    }

    #[test]
    fn list_markers_do_not_split() {
        assert_eq!(
            en("1. The first point is clear."),
            vec!["1. The first point is clear."]
        );
    }

    #[test]
    fn inline_lists_give_one_sentence_per_item() {
        assert_eq!(
            en("1.) Sign the striker 2.) Sell the keeper"),
            vec!["1.) Sign the striker", "2.) Sell the keeper"]
        );
        assert_eq!(
            it("a. la difesa b. il centrocampo c. l'attacco"),
            vec!["a. la difesa", "b. il centrocampo", "c. l'attacco"]
        );
        assert_eq!(
            it("1) Napoli 80 punti 2) Inter 78 punti"),
            vec!["1) Napoli 80 punti", "2) Inter 78 punti"]
        );
        // numbers in prose are not a list
        assert_eq!(
            en("He won 1. Then 2. people came."),
            vec!["He won 1.", "Then 2. people came."]
        );
        // a list after a sentence, as alone; markers must share their punctuation
        assert_eq!(
            en("The plan. 1.) Sign a striker 2.) Sell the keeper"),
            vec!["The plan.", "1.) Sign a striker", "2.) Sell the keeper"]
        );
        assert_eq!(en("1.) one 2) two"), vec!["1.) one 2) two"]);
    }

    #[test]
    fn a_unit_letter_ends_a_sentence() {
        assert_eq!(
            it("È alto 1,85 m. Gioca a Milano."),
            vec!["È alto 1,85 m.", "Gioca a Milano."]
        );
        assert_eq!(
            en("Mr. J. R. Smith arrived."),
            vec!["Mr. J. R. Smith arrived."]
        );
    }

    #[test]
    fn spaced_ellipses() {
        assert_eq!(
            en("They reached the final . . . and lost."),
            vec!["They reached the final . . . and lost."]
        );
        assert_eq!(
            en("It was over . . . . The fans went home."),
            vec!["It was over . . . .", "The fans went home."]
        );
    }

    #[test]
    fn an_abbreviation_ends_a_sentence_before_a_question_word() {
        assert_eq!(
            en("She lives in the E.U. Does he? He works for the U.S. Government."),
            vec![
                "She lives in the E.U.",
                "Does he?",
                "He works for the U.S. Government."
            ]
        );
    }

    #[test]
    fn long_runs_are_capped_at_white_space() {
        let text = "word ".repeat(3000);
        let parts = en(&text);
        assert!(parts.len() >= 3);
        assert!(parts
            .iter()
            .all(|p| p.chars().count() <= MAX_SENTENCE_CHARS));
        assert_eq!(parts.concat().replace(' ', ""), text.replace(' ', ""));
        let word = "x".repeat(10_000);
        let parts = en(&word);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.concat(), word);
    }

    #[test]
    fn a_paragraph_opens_at_its_first_character() {
        // an inline list after leading white space is found as in the sentence alone
        assert_eq!(en("  1) one 2) two"), vec!["1) one", "2) two"]);
    }

    #[test]
    fn e_mail_header_dates() {
        let text = "Kay Mann 04/26/2001 07:17 AM Will you";
        let colon = text.find(':').unwrap();
        assert_eq!(timestamp_around(text, colon), Some((9, 28, true)));
        let text = "on 04/25/01 12:42:55 We";
        assert_eq!(
            timestamp_around(text, text.find(':').unwrap()),
            Some((3, 20, false))
        );
        assert_eq!(timestamp_around("at 12:30 we", 5), None);
        assert_eq!(
            en("SOblander@carrfut.com on 08/15/2000 06:03:48 PM The information is here."),
            vec![
                "SOblander@carrfut.com on 08/15/2000 06:03:48 PM",
                "The information is here."
            ]
        );
    }

    #[test]
    fn glued_sentences_and_citations() {
        let glued = |text: &str| {
            let period = text.find(['.', '?']).unwrap();
            is_glued_boundary(text, 0, period, period + 1, &Rules::for_lang("en"))
        };
        assert!(glued("rained.The"));
        assert!(glued("fair?Nobody"));
        assert!(!glued("www.Uefa.com"));
        assert!(!glued("www.Uefa"));
        assert!(!glued("U.S"));
        assert!(!glued("3.5"));
        assert!(!glued("Newsfeed.Com"));
        assert!(!glued("Mr.Smith"));
        assert!(starts_with_citation("(Rossi 2004). Next"));
        assert!(starts_with_citation("(Smith, 2010, p. 4)."));
        assert!(!starts_with_citation("(he left.) on"));
        assert!(!starts_with_citation("(2004)"));
    }

    #[test]
    fn italian_colons_and_semicolons() {
        // Italian ends a sentence at a colon, as the Italian treebanks do, except after a
        // headline's label before a lowercase word or before a number
        assert_eq!(
            it("Il tecnico è stato chiaro: la squadra deve vincere."),
            vec!["Il tecnico è stato chiaro:", "la squadra deve vincere."]
        );
        assert_eq!(
            it("Maltempo al Nord: allerta rossa in Veneto."),
            vec!["Maltempo al Nord: allerta rossa in Veneto."]
        );
        assert_eq!(
            it("Scuole materne: 20 aprile."),
            vec!["Scuole materne: 20 aprile."]
        );
        assert_eq!(
            it("Ha detto: «Siamo pronti»."),
            vec!["Ha detto:", "«Siamo pronti»."]
        );
        // and at a semicolon, except between the short items of an enumeration
        assert_eq!(
            it("Ha retto per un tempo; poi è crollata sotto i colpi degli avversari."),
            vec![
                "Ha retto per un tempo;",
                "poi è crollata sotto i colpi degli avversari."
            ]
        );
        // but not before a short lowercase clause
        assert_eq!(
            it("Ha retto per un tempo; poi è crollata."),
            vec!["Ha retto per un tempo; poi è crollata."]
        );
        assert!(clause_has_words("uno due tre; quattro", 0, 3));
        assert!(!clause_has_words("uno due. tre quattro", 0, 3));
        assert_eq!(
            it("Terni, azioni 300; Ilva, azioni 500; contante, lire 900."),
            vec!["Terni, azioni 300; Ilva, azioni 500; contante, lire 900."]
        );
        assert!(between_short_items("a b; c d.", 0, 3, 5));
        assert!(!between_short_items("a b c d e f; g.", 0, 11, 13));
        assert!(!between_short_items("a b; c d e f g h.", 0, 3, 5));
        assert_eq!(
            it("Esodo controllato a Civitavecchia: In ospedale cinque escursionisti."),
            vec![
                "Esodo controllato a Civitavecchia:",
                "In ospedale cinque escursionisti."
            ]
        );
        assert_eq!(
            en("The plan was clear: The team would attack."),
            vec!["The plan was clear: The team would attack."]
        );
        assert_eq!(
            it("i posti del comune; b) gli insegnanti di ruolo"),
            vec!["i posti del comune;", "b) gli insegnanti di ruolo"]
        );
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(en("").is_empty());
        assert!(en(" \n\n \n").is_empty());
        assert_eq!(en("."), vec!["."]);
    }
}
