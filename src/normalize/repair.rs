//! Mojibake repair: evidence first, then bytes that decode, then a result more plausible than
//! the input.
//!
//! A line is read as a list of units (a character and the bytes of the original text it stands
//! for). One pass tries each code page in turn ([`codepage::ALL`]):
//! 1. **Sequences.** Every lead character followed by the continuation characters its byte
//!    calls for, whose bytes decode as strict UTF-8 (or CESU-8, or Java's two-byte NUL) into a
//!    believable character ([`evidence::is_plausible`]), is a candidate; a few shapes left by a
//!    lost byte are too ([`super::lost`]). Vetoes drop the candidates that correct text
//!    produces: an accented capital inside a word in capitals before punctuation (`IRMÃ»`).
//! 2. **Stretches.** Candidates are grouped into stretches: runs of the line in which every
//!    non-ASCII character (other than spaces and punctuation) belongs to a candidate. A correct
//!    accented letter that is no part of a sequence ends a stretch, so the correct half of a
//!    half-broken line is never touched.
//! 3. **Evidence.** A stretch is repaired only when it holds a sequence that no real text has
//!    ([`evidence::Strength::Strong`]), or a run of three weaker ones (two when the stretch is
//!    the whole line); MacRoman and CP437, whose lead characters are mathematical and
//!    box-drawing symbols, need strong evidence. Letters of Greek, Cyrillic, Hebrew, Arabic or
//!    CJK need a second letter of their script in the stretch.
//!
//! Repairs of one pass are applied together, and passes repeat until nothing changes: each
//! pass undoes one layer of text mis-decoded several times (`KakÃƒÂ¡` -> `KakÃ¡` -> `Kaká`).

use std::borrow::Cow;
use std::collections::HashSet;

use super::codepage::{self, continuation_mask, lead_mask, CodePage};
use super::evidence::{self, Script, Strength};
use super::lost;

/// One character of the line being repaired, and the bytes `start..end` of the original text it
/// stands for (more than the character itself once a sequence has been repaired).
#[derive(Debug, Clone, Copy)]
pub(super) struct Unit {
    pub c: char,
    pub start: usize,
    pub end: usize,
    pub repaired: bool,
}

/// A sequence that may be repaired: `len` units from `start` stand for `decoded`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub start: usize,
    pub len: usize,
    pub decoded: char,
    pub strength: Strength,
    /// Repaired only in a stretch that has evidence of its own (a lost byte's guess).
    pub rides_along: bool,
    /// Repaired only because the line is proven mojibake of the code page (see [`select`]):
    /// taken after every other code page's repairs, where none of them claims its characters.
    pub by_proof: bool,
}

/// Weak sequences a stretch needs, when it has no strong one.
const WEAK_RUN: usize = 3;

/// A bound on passes over one line (a layer each; real text has at most four).
const MAX_PASSES: usize = 64;

/// Characters that [`super::normalize`] removes and that carry no byte of a sequence: dropped
/// before the repair, since they can split one.
pub(super) fn is_droppable_invisible(c: char) -> bool {
    c != '\u{AD}' && super::is_invisible(c)
}

/// Repairs UTF-8 that was decoded through any of the code pages of [`codepage::ALL`], once or
/// several times, in all or part of each line. Borrowed when nothing changed.
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if !might_hold_mojibake(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        if might_hold_mojibake(body) {
            let units = repair_units(text, start, start + body.len());
            let repaired: String = units.iter().map(|u| u.c).collect();
            if repaired != body {
                changed = true;
            }
            out.push_str(&repaired);
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
        start = end;
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The mojibake sequence that starts at byte `at` of `text`, if there is one: the character it
/// stands for and its length in bytes of `text`. This lets a later stage (the tagger) read
/// `KakÃ¡` as `Kaká` while keeping offsets into the text as given.
pub fn mojibake_at(text: &str, at: usize) -> Option<(char, usize)> {
    let rest = text.get(at..)?;
    let mut chars = rest.chars();
    let first = chars.next()?;
    if first.is_ascii() {
        return None;
    }
    let next = chars.next();
    // (most lead characters are plain accented letters before a letter or a space: only a
    // continuation, or the shape of a lost byte, is worth the closer look)
    let worth_a_look = match next {
        Some(n) => {
            lead_mask(first) & continuation_mask(n) != 0
                || n == '\u{FFFD}'
                || is_droppable_invisible(n)
                || lost::shape_after(first, text[..at].chars().next_back().unwrap_or(' '), n)
        }
        None => matches!(first, 'Ã' | 'Ă'),
    };
    if !worth_a_look || lead_mask(first) == 0 {
        return None;
    }
    // The block of the line around `at`, with a margin on either side: the decision for a
    // position depends only on its block, and a block is judged once however many positions
    // of it are asked about (the tagger asks about every character of a long line).
    let block = at / BLOCK * BLOCK;
    let mut from = block.saturating_sub(MARGIN);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (block + BLOCK + MARGIN).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if let Some(newline) = text[from..at].rfind('\n') {
        from += newline + 1;
    }
    if let Some(newline) = text[at..to].find('\n') {
        to = at + newline;
    }
    thread_local! {
        static LAST_BLOCK: std::cell::RefCell<(usize, String, Vec<Unit>)> =
            const { std::cell::RefCell::new((0, String::new(), Vec::new())) };
    }
    LAST_BLOCK.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != from || cache.1 != text[from..to] {
            *cache = (
                from,
                text[from..to].to_owned(),
                repair_units(text, from, to),
            );
        }
        let unit = cache.2.iter().find(|u| u.start == at && u.repaired)?;
        Some((unit.c, unit.end - unit.start))
    })
}

/// The blocks [`mojibake_at`] judges, and the margin of context it reads on either side: a
/// few words, enough for the evidence around a sequence, and a bound on the work per character.
const BLOCK: usize = 64;
const MARGIN: usize = 40;

/// The repaired units of `text[from..to]` (one line, or part of one).
fn repair_units(text: &str, from: usize, to: usize) -> Vec<Unit> {
    let mut units: Vec<Unit> = text[from..to]
        .char_indices()
        .filter(|&(_, c)| !is_droppable_invisible(c))
        .map(|(i, c)| Unit {
            c,
            start: from + i,
            end: from + i + c.len_utf8(),
            repaired: false,
        })
        .collect();
    repair_all_layers(&mut units, true);
    // what the invisible characters dropped belonged to: the unit before them
    units
}

/// Passes over `units` until nothing changes; `lookahead` as in [`one_pass`].
fn repair_all_layers(units: &mut Vec<Unit>, lookahead: bool) {
    for _ in 0..MAX_PASSES {
        match one_pass(units, lookahead) {
            Some(next) => *units = next,
            None => break,
        }
    }
}

/// One pass over every code page; `None` when nothing was repaired. With `lookahead`, two code
/// pages that read the same characters into different valid text (ISO-8859-2's `ĂĄ` is `á`,
/// Windows-1250's `å`) are told apart by repairing the line to the end each way and asking
/// which result fits one orthography better ([`evidence::orthography_fit`]).
fn one_pass(units: &[Unit], lookahead: bool) -> Option<Vec<Unit>> {
    let mut present = 0u16;
    for u in units {
        present |= lead_mask(u.c) | continuation_mask(u.c);
    }
    if present == 0 && !units.iter().any(|u| matches!(u.c, 'Ã' | 'Ă')) {
        return None;
    }
    // Each code page judges the line alone; where two would repair the same characters, the
    // one whose repairs cover more of the line, and read more plausibly, wins.
    let no_claims = vec![false; units.len()];
    let mut proposals: Vec<(i64, usize, Vec<Candidate>)> = Vec::new();
    for cp in codepage::ALL {
        if present & (1 << cp.index()) == 0 {
            continue;
        }
        let candidates = scan(units, cp, &no_claims);
        if candidates.is_empty() {
            continue;
        }
        let chosen = select(units, cp, candidates, &no_claims);
        if !chosen.is_empty() {
            proposals.push((plausibility(units, cp, &chosen), cp.index(), chosen));
        }
    }
    drop_marks_read_as_letters(units, &mut proposals);
    // The fit only orders proposals of equal score: it is asked only of those, and only when
    // their readings of the same characters differ (most lines have one proposal, or several
    // that agree; repairing the line to the end for each one halved the throughput on
    // mojibake when every proposal was asked).
    let mut fits = vec![(0, 0); proposals.len()];
    if lookahead {
        let mut scores: Vec<i64> = proposals.iter().map(|p| p.0).collect();
        scores.sort_unstable();
        scores.dedup();
        for score in scores {
            let tied: Vec<usize> = (0..proposals.len())
                .filter(|&k| proposals[k].0 == score)
                .collect();
            let group: Vec<&[Candidate]> = tied.iter().map(|&k| &proposals[k].2[..]).collect();
            if tied.len() < 2 || !readings_differ(&group) {
                continue;
            }
            let readings: Vec<Vec<char>> = group
                .iter()
                .map(|chosen| {
                    let mut repaired = apply(units, chosen.to_vec());
                    repair_all_layers(&mut repaired, false);
                    repaired.iter().map(|u| u.c).collect()
                })
                .collect();
            for (&k, fit) in tied.iter().zip(evidence::orthography_fits(&readings)) {
                fits[k] = fit;
            }
        }
    }
    let mut ranked: Vec<_> = proposals.into_iter().zip(fits).collect();
    ranked.sort_by_key(|((score, index, _), (letters, misfits))| {
        (
            std::cmp::Reverse(*score),
            std::cmp::Reverse(*letters),
            *misfits,
            *index,
        )
    });
    let proposals: Vec<_> = ranked.into_iter().map(|(p, _)| p).collect();
    // In that order, each code page judges again what the ones before left: a stretch that
    // lost characters to a better reading is judged without them.
    let mut claimed = vec![false; units.len()];
    let mut accepted: Vec<Candidate> = Vec::new();
    // (what a code page repairs only by the proof of its other stretches comes last: a
    // sequence of it inside another code page's garble is no part of the line's proof)
    let mut by_proof: Vec<Candidate> = Vec::new();
    for (rank, (_, index, chosen)) in proposals.into_iter().enumerate() {
        let cp = codepage::ALL[index];
        let first = chosen.first().map_or(0, |c| c.start);
        let last = chosen.last().map_or(0, |c| c.start + c.len);
        let untouched = !claimed[first..last].iter().any(|&c| c);
        let chosen = if rank == 0 || untouched {
            chosen
        } else {
            let candidates = scan(units, cp, &claimed);
            select(units, cp, candidates, &claimed)
        };
        for candidate in chosen {
            if candidate.by_proof {
                by_proof.push(candidate);
                continue;
            }
            let span = candidate.start..candidate.start + candidate.len;
            if claimed[span.clone()].iter().any(|&c| c) {
                continue;
            }
            for slot in &mut claimed[span] {
                *slot = true;
            }
            accepted.push(candidate);
        }
    }
    for candidate in by_proof {
        let span = candidate.start..candidate.start + candidate.len;
        if claimed[span.clone()].iter().any(|&c| c) {
            continue;
        }
        for slot in &mut claimed[span] {
            *slot = true;
        }
        accepted.push(candidate);
    }
    if accepted.is_empty() {
        return None;
    }
    Some(apply(units, accepted))
}

/// Two code pages in the halves of one line: MacRoman reads Windows-1252's `Ã£` (`ã`) as the
/// bytes of a combining dot below, which composes with the letter before it (`SÃ£o` would be
/// `Ṣo`), and with the sequences of its own half it covers more of the line than Windows-1252
/// and would win the whole line. A sequence that one code page reads as a combining mark and
/// another, on exactly the same characters, as a letter is the letter: decomposed text is
/// mis-decoded into whole sequences of marks, not into the letters of another code page. The
/// mark is taken out of its proposal, whose score is counted again without it, so that each
/// half goes to the code page that reads it into letters.
fn drop_marks_read_as_letters(units: &[Unit], proposals: &mut Vec<(i64, usize, Vec<Candidate>)>) {
    if proposals.len() < 2 {
        return;
    }
    // (the combining diacritics only: the vowel signs of Devanagari are combining marks too,
    // and there another code page's reading of the same characters is no better)
    let is_mark = |c: &Candidate| matches!(c.decoded, '\u{300}'..='\u{36F}');
    if !proposals.iter().any(|p| p.2.iter().any(is_mark)) {
        return;
    }
    // the spans read as letters, per proposal (compared as sets: a long line has many)
    let letters: Vec<HashSet<(usize, usize)>> = proposals
        .iter()
        .map(|p| {
            p.2.iter()
                .filter(|c| c.decoded.is_alphabetic() && !is_mark(c))
                .map(|c| (c.start, c.len))
                .collect()
        })
        .collect();
    for (k, proposal) in proposals.iter_mut().enumerate() {
        let mut taken = vec![false; units.len()];
        let mut any = false;
        for c in proposal.2.iter().filter(|c| is_mark(c)) {
            let read_as_letter = letters
                .iter()
                .enumerate()
                .any(|(j, spans)| j != k && spans.contains(&(c.start, c.len)));
            if read_as_letter {
                any = true;
                for slot in &mut taken[c.start..c.start + c.len] {
                    *slot = true;
                }
            }
        }
        if any {
            // judged again without those characters: the rest must hold evidence of its own
            let cp = codepage::ALL[proposal.1];
            let candidates = scan(units, cp, &taken);
            let chosen = select(units, cp, candidates, &taken);
            proposal.0 = plausibility(units, cp, &chosen);
            proposal.2 = chosen;
        }
    }
    proposals.retain(|p| !p.2.is_empty());
}

/// Whether two proposals of [`one_pass`] repair the same characters into different text.
fn readings_differ(proposals: &[&[Candidate]]) -> bool {
    let key = |c: &Candidate| (c.start, c.len, c.decoded);
    for (k, a) in proposals.iter().enumerate() {
        let mut covered: Vec<(usize, usize, char)> = a.iter().map(key).collect();
        covered.sort_unstable();
        for b in &proposals[k + 1..] {
            for c in b.iter() {
                // (the candidates of one proposal do not overlap: sorted by start, they are
                // sorted by end too)
                let from = covered.partition_point(|&(start, len, _)| start + len <= c.start);
                let to = covered.partition_point(|&(start, _, _)| start < c.start + c.len);
                if covered[from..to].iter().any(|&other| other != key(c)) {
                    return true;
                }
            }
        }
    }
    false
}

/// `units` with the repairs `accepted` (not overlapping) made.
fn apply(units: &[Unit], mut accepted: Vec<Candidate>) -> Vec<Unit> {
    accepted.sort_by_key(|c| c.start);
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut i = 0;
    for candidate in accepted {
        out.extend_from_slice(&units[i..candidate.start]);
        let last = &units[candidate.start + candidate.len - 1];
        let mut unit = Unit {
            c: candidate.decoded,
            start: units[candidate.start].start,
            end: last.end,
            repaired: true,
        };
        // a combining accent (NFD text) joins the letter before it
        if let Some(previous) = out.last() {
            if let Some(composed) = unicode_normalization::char::compose(previous.c, unit.c) {
                unit.c = composed;
                unit.start = previous.start;
                out.pop();
            }
        }
        out.push(unit);
        i = candidate.start + candidate.len;
    }
    out.extend_from_slice(&units[i..]);
    out
}

/// How well a code page's repairs explain the line: the characters they cover, less what
/// speaks against them (a capital glued to a lowercase letter, `piÚ`; a C1 control the code
/// page itself would have read as something else).
fn plausibility(units: &[Unit], cp: CodePage, chosen: &[Candidate]) -> i64 {
    let mut score = 0i64;
    for (k, c) in chosen.iter().enumerate() {
        score += c.len as i64;
        // (the neighbours as they read once repaired: in `ĐśĐž`, Windows-1250's `МО`, the `О`
        // follows a capital, not the `ś` it was read from)
        let before = match k.checked_sub(1).map(|p| &chosen[p]) {
            Some(p) if p.start + p.len == c.start => Some(p.decoded),
            _ => c.start.checked_sub(1).map(|p| units[p].c),
        };
        // (a lead that the next repair gives a continuation is a middle layer, judged in the
        // next pass: `ÃƒÅ¸` is `ÃŸ`, which is `ß`)
        // (in any code page: `Ð“Â¤` is `Г¤`, Windows-1251's `ä`, read as Windows-1252)
        let lead_of_next = chosen.get(k + 1).is_some_and(|n| {
            n.start == c.start + c.len && lead_mask(c.decoded) & continuation_mask(n.decoded) != 0
        });
        let continuation_of_previous = k.checked_sub(1).map(|p| &chosen[p]).is_some_and(|p| {
            p.start + p.len == c.start && lead_mask(p.decoded) & continuation_mask(c.decoded) != 0
        });
        let middle_layer = lead_of_next || continuation_of_previous;
        let after = match chosen.get(k + 1) {
            Some(n) if c.start + c.len == n.start => Some(n.decoded),
            _ => units.get(c.start + c.len).map(|u| u.c),
        };
        let inner_capital =
            before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_lowercase);
        if c.decoded.is_uppercase()
            && (before.is_some_and(char::is_lowercase) || inner_capital)
            && !middle_layer
        {
            score -= 3;
        }
        // (Windows-1252's table is Latin-1's too, and Latin-1 reads every C1 control as itself)
        score -= orthography_penalty(units, chosen, k);
        for u in &units[c.start..c.start + c.len] {
            if ('\u{80}'..='\u{9F}').contains(&u.c)
                && cp != CodePage::Windows1252
                && cp.byte_of(u.c).is_some_and(|b| cp.decode(b) != u.c)
            {
                score -= 2;
            }
        }
    }
    score
}

/// What the spelling of the languages that write a repaired letter says against it where it
/// stands ([`evidence::against_spelling`]); it decides between two code pages that read the
/// same bytes validly (ISO-8859-2's `Ăź` is `ü`, Windows-1250's is `ß`).
fn orthography_penalty(units: &[Unit], chosen: &[Candidate], k: usize) -> i64 {
    let c = &chosen[k];
    // (the neighbours as they read once repaired: `HĂ¤Ăźler` is `Hä` before the `ß`)
    let before = match k.checked_sub(1).map(|p| &chosen[p]) {
        Some(p) if p.start + p.len == c.start => Some(p.decoded),
        _ => c.start.checked_sub(1).map(|p| units[p].c),
    };
    let after = match chosen.get(k + 1) {
        Some(n) if c.start + c.len == n.start => Some(n.decoded),
        _ => units.get(c.start + c.len).map(|u| u.c),
    };
    // (where both readings are letters in use, nothing is said here: ISO-8859-2's `ĂĄ` is `á`,
    // Windows-1250's `å`, and the fit of the whole line decides, see [`one_pass`])
    if evidence::against_spelling(c.decoded, before, after) {
        2
    } else {
        0
    }
}

/// The candidate sequences of `cp`, left to right, not overlapping each other or `claimed`.
fn scan(units: &[Unit], cp: CodePage, claimed: &[bool]) -> Vec<Candidate> {
    scan_with(units, cp, claimed, false)
}

/// As [`scan`]; with `with_vetoed`, the sequences that a veto drops are candidates too (for a
/// line that is proven mojibake of the code page, see [`select`]).
fn scan_with(units: &[Unit], cp: CodePage, claimed: &[bool], with_vetoed: bool) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !claimed[i] {
            // (a combining mark decoded right after a letter decoded here follows that
            // letter: Yiddish `פֿ`, the rafe after the pe)
            let previous = found
                .last()
                .filter(|c: &&Candidate| c.start + c.len == i)
                .map(|c| c.decoded);
            if let Some(candidate) = candidate_at(units, i, cp, with_vetoed, previous) {
                let end = candidate.start + candidate.len;
                if !claimed[candidate.start..end].iter().any(|&c| c) {
                    i = end;
                    found.push(candidate);
                    continue;
                }
            }
        }
        i += 1;
    }
    if cp == CodePage::Cp437 {
        drop_line_art(units, &mut found);
    }
    found
}

/// Per unit of a line of `len` units, whether one of `candidates` covers it.
fn covered_by(len: usize, candidates: &[Candidate]) -> Vec<bool> {
    let mut covered = vec![false; len];
    for c in candidates {
        for slot in &mut covered[c.start..c.start + c.len] {
            *slot = true;
        }
    }
    covered
}

/// Whether `c` is one of CP437's box-drawing and block characters.
fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// CP437's box drawing read as UTF-8 leads only where all of it reads so: a word in which some
/// box-drawing characters decode and others do not is line art (`├┤a┼┐a┼┐a`, leetspeak
/// drawn with borders; `├┤` alone would read as `ô`), while in mojibake (`espa├▒ol`) every
/// one of them is part of a sequence.
fn drop_line_art(units: &[Unit], found: &mut Vec<Candidate>) {
    if !found.iter().any(|c| is_box_drawing(units[c.start].c)) {
        return;
    }
    let covered = covered_by(units.len(), found);
    // per unit, whether its word (a run without white space) holds box drawing that no
    // sequence covers: one pass each way, so that a long line of box drawing stays linear
    let mut drawn = vec![false; units.len()];
    let mut start = 0;
    for end in 0..=units.len() {
        if end == units.len() || units[end].c.is_whitespace() {
            let art = (start..end).any(|k| is_box_drawing(units[k].c) && !covered[k]);
            for slot in &mut drawn[start..end] {
                *slot = art;
            }
            start = end + 1;
        }
    }
    found.retain(|c| !is_box_drawing(units[c.start].c) || !drawn[c.start]);
}

/// The length of the UTF-8 sequence a lead byte starts.
fn sequence_length(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// Whether the code page reads byte 0xA0 as a no-break space, which scrapers turn into a space.
fn has_nbsp_at_a0(cp: CodePage) -> bool {
    !matches!(cp, CodePage::MacRoman | CodePage::Cp437)
}

/// The candidate sequence of `cp` that starts at unit `i`, if any.
/// `decoded_before` is what the sequence that ends right before unit `i` decodes to, if one does.
fn candidate_at(
    units: &[Unit],
    i: usize,
    cp: CodePage,
    with_vetoed: bool,
    decoded_before: Option<char>,
) -> Option<Candidate> {
    let lead_char = units[i].c;
    if lead_char.is_ascii() {
        return None;
    }
    let lead = cp.byte_of(lead_char)?;
    let before = i.checked_sub(1).map(|p| units[p].c);
    let cyrillic_or_greek = |c: char| matches!(c as u32, 0x370..=0x4FF);
    if lead == 0xC0 {
        // Java's modified UTF-8 writes U+0000 as C0 80 (but Windows-1251's `АЂ` is Serbian:
        // `ПРОНАЂЕНО`)
        if cyrillic_or_greek(lead_char) {
            return None;
        }
        let next = units.get(i + 1)?;
        return (cp.byte_of(next.c) == Some(0x80)).then_some(Candidate {
            start: i,
            len: 2,
            decoded: '\0',
            strength: Strength::Strong,
            rides_along: false,
            by_proof: false,
        });
    }
    let length = sequence_length(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    let mut lost_space = None;
    for k in 1..length {
        let Some(unit) = units.get(i + k) else {
            return lost::candidate(units, i, k, &bytes[..k], cp);
        };
        match cp.byte_of(unit.c) {
            Some(b @ 0x80..=0xBF) => bytes[k] = b,
            _ if unit.c == ' ' && lost_space.is_none() && has_nbsp_at_a0(cp) => {
                bytes[k] = 0xA0;
                lost_space = Some(k);
            }
            _ => return lost::candidate(units, i, k, &bytes[..k], cp),
        }
    }
    if lead == 0xED && (0xA0..=0xAF).contains(&bytes[1]) {
        return cesu_candidate(units, i, cp, &bytes[..3]);
    }
    let decoded = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    if !evidence::is_plausible(decoded, decoded_before.or(before)) {
        return None;
    }
    let mut source_chars = ['\0'; 4];
    for (slot, u) in source_chars.iter_mut().zip(&units[i..i + length]) {
        *slot = u.c;
    }
    let source = &source_chars[..length];
    let after = units.get(i + length).map(|u| u.c);
    if is_vetoed(units, i, length, cp, after) && (!with_vetoed || lost_space.is_some()) {
        return None;
    }
    // a letter, a curly apostrophe and an `s` that ends the word: the possessive or plural of
    // the letter itself (`a lot of Ã’s in mojibake text`), not `Ò` glued to an `s`
    let word_ends_after = |k: usize| !units.get(k).is_some_and(|u| u.c.is_alphabetic());
    if length == 2 && source[1] == '’' && after == Some('s') && word_ends_after(i + 3) {
        return None;
    }
    if let Some(k) = lost_space {
        if decoded == '\u{2020}' {
            // `â€ ` is far more often `”` that lost its byte than a dagger
            return lost::candidate(units, i, 2, &bytes[..2], cp);
        }
        return lost::space_candidate(units, i, length, k, decoded, cp);
    }
    let mut strength = evidence::strength(source, before, after, cp.latin_leads());
    // a capital and an apostrophe glued to a word: `Å’uvre` (`Œuvre`), not the
    // possessive of `Å’s`
    // (the runs after the sequence are counted up to the three letters asked for: counted to
    // the end, they made a line that is one long word quadratic, 64 KB of `ĐśĐž` took minutes)
    let word_after = units[i + length..]
        .iter()
        .take_while(|u| u.c.is_alphabetic())
        .take(3)
        .count();
    if source[0].is_uppercase() && source[1..] == ['’'] && word_after >= 3 {
        strength = Strength::Strong;
    }
    // (likewise an opening quote or an ellipsis between a capital and a lowercase word:
    // `Å“uvre` is `œuvre`, `Ć…land` Baltic mojibake of `Åland`)
    let lowercase_after = units[i + length..]
        .iter()
        .take_while(|u| u.c.is_lowercase())
        .take(3)
        .count();
    if !source[0].is_ascii()
        && source[0].is_uppercase()
        && matches!(source[1..], ['“' | '‘' | '„' | '…'])
        && lowercase_after >= 3
    {
        strength = Strength::Strong;
    }
    // a Cyrillic or Greek capital, then anything, then a lowercase Latin word: no text mixes
    // alphabets so (`Г–rjan` is Windows-1251's `Örjan`, `Ε»abbar` Windows-1253's `Żabbar`)
    let latin_word_after = units[i + length..]
        .iter()
        .take_while(|u| evidence::is_latin_lowercase(u.c))
        .take(3)
        .count();
    if matches!(source[0] as u32, 0x370..=0x4FF) && latin_word_after >= 3 {
        strength = Strength::Strong;
    }
    // a Latin capital second in a word after a capital, before a lowercase rest: `DĹžemaili`,
    // `SĆørensen` (ISO-8859-2's `Dž`, Windows-1257's `ø`); no name is written so
    let capital_before = i
        .checked_sub(1)
        .is_some_and(|k| units[k].c.is_uppercase() && (k == 0 || !units[k - 1].c.is_alphabetic()));
    // (or two Latin capitals of a sequence opening a word before a lowercase rest: `ÄŒelik`)
    let latin = |c: char| ('\u{C0}'..='\u{24F}').contains(&c);
    let word_start = i == 0 || !units[i - 1].c.is_alphabetic();
    // (one lowercase letter is enough: Slovene and Czech `Če`, `ÄŒe`; no word opens with a
    // capital and `Š`, `Œ`, `Ž` or `Ÿ`)
    if word_start && source.iter().all(|&c| latin(c) && c.is_uppercase()) && lowercase_after >= 1 {
        strength = Strength::Strong;
    }
    // a capital, then one of the capitals that Windows code pages put at 80 to 9F, inside a
    // word in capitals, read as a capital: `INAÄŒICA` is Croatian `INAČICA` (no
    // alphabet pairs a Latin-1 capital with `Œ`, `Š`, `Ž` or `Ÿ`)
    if length == 2
        && cp.latin_leads()
        && before.is_some_and(char::is_uppercase)
        && after.is_some_and(char::is_uppercase)
        && !source[0].is_ascii()
        && source[0].is_uppercase()
        && matches!(source[1], 'Œ' | 'Š' | 'Ž' | 'Ÿ' | 'Ś' | 'Ť' | 'Ź')
        // (into the letters of languages in use; leetspeak writes `ÅŠŠÅŠŠÎÑ`, whose `ÅŠ`
        // would be the Sami `Ŋ`)
        && matches!(decoded, 'Ê' | 'Ì' | 'Î' | 'Č' | 'Ď')
    {
        strength = Strength::Strong;
    }
    // a no-break space glued inside a word, then a continuation: MacRoman's `ʻ` (`CA BB`) of
    // Uzbek `koʻrsatish`
    if length == 2
        && cp == CodePage::MacRoman
        && source[0] == '\u{A0}'
        && before.is_some_and(char::is_alphabetic)
        && after.is_some_and(char::is_alphabetic)
    {
        strength = Strength::Strong;
    }
    // a small letter of the code page's upper half inside a word in capitals: `MESAÄœO` is
    // Esperanto's `MESAĜO` (capitals hold no `œ`)
    if length == 2
        && before.is_some_and(char::is_uppercase)
        && after.is_some_and(char::is_uppercase)
        && !source[0].is_ascii()
        && source[0].is_uppercase()
        && source[1].is_lowercase()
        && !source[1].is_ascii()
    {
        strength = Strength::Strong;
    }
    // two capitals (or a capital and a symbol) standing alone as a word after a word in small
    // Latin letters, read as a small Latin letter: Italian `è` through Windows-1251 (`ГЁ`),
    // -1257 (`ĆØ`) or -1253 (`Γ¨`) in `l'errore ГЁ possibile`; no acronym of another
    // alphabet stands in a Latin sentence so
    // (and MacRoman's and CP437's symbol leads: Irish `ó` is `√≥`; the letters read are those
    // that are words on their own)
    let stands_alone = word_start && !after.is_some_and(char::is_alphanumeric);
    let symbol_lead =
        matches!(cp, CodePage::MacRoman | CodePage::Cp437) && !source[0].is_alphanumeric();
    if length == 2
        && stands_alone
        && (source[0].is_uppercase() || symbol_lead)
        && "àèéìòóùáíú".contains(decoded)
        && !source[0].is_ascii()
        && !source[1].is_lowercase()
        && !source[1].is_ascii()
        && after_latin_word(units, i)
        && !after.is_some_and(|c| !c.is_whitespace() && !evidence::is_closing_punctuation(c))
    {
        strength = Strength::Strong;
    }
    if capital_before && latin(source[0]) && source[0].is_uppercase() && lowercase_after >= 1 {
        strength = Strength::Strong;
    }
    // a Latin capital opening a word, then a lowercase letter of the code page's upper half,
    // then the lowercase rest: `Åžen`, `Ĺžekerspor`, `Èšucudean` (`Şen`, `Ț`)
    if word_start
        && latin(source[0])
        && source[0].is_uppercase()
        && source[1..].len() == 1
        && latin(source[1])
        && source[1].is_lowercase()
        && lowercase_after >= 2
    {
        strength = Strength::Strong;
    }
    // MacRoman's and CP437's symbols opening a lowercase word: `≈Ωalgiris` (`Ž`)
    if word_start
        && matches!(cp, CodePage::MacRoman | CodePage::Cp437)
        && !source[0].is_alphanumeric()
        && !source.iter().any(|c| c.is_whitespace())
        && lowercase_after >= 3
    {
        strength = Strength::Strong;
    }
    // a lowercase letter, punctuation or symbols only, then a letter: three bytes of a
    // Vietnamese letter (`á»…n` is `ễn`); no word is written with `»…` inside it
    if length == 3
        && source[0].is_lowercase()
        && source[1..]
            .iter()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
        && after.is_some_and(char::is_alphabetic)
    {
        strength = Strength::Strong;
    }
    // a kaomoji's face: a Cyrillic or Greek letter between two of the same symbol, its eyes
    // (`(°Д°)`, `щ(°Д°щ)`, whose `Д°` Windows-1251 reads as `İ`); mojibake of a Latin letter
    // sits in a Latin word
    let latin_after = after.is_some_and(|c| c.is_ascii_digit() || evidence::is_latin(c));
    if length == 2
        && matches!(source[0] as u32, 0x370..=0x4FF)
        && !source[1].is_alphanumeric()
        && before == Some(source[1])
        && !latin_after
    {
        strength = Strength::Weak;
    }
    Some(Candidate {
        start: i,
        len: length,
        decoded,
        strength,
        rides_along: false,
        by_proof: false,
    })
}

/// Whether the word before unit `i` (past one space) ends in a small Latin letter.
fn after_latin_word(units: &[Unit], i: usize) -> bool {
    let Some(space) = i.checked_sub(1) else {
        return false;
    };
    units[space].c == ' '
        && space
            .checked_sub(1)
            .is_some_and(|k| evidence::is_latin_lowercase(units[k].c))
}

/// A character beyond the BMP written as CESU-8: each UTF-16 surrogate encoded on its own
/// (`ED A0..AF xx ED B0..BF xx`), as Java and some databases do.
fn cesu_candidate(units: &[Unit], i: usize, cp: CodePage, high: &[u8]) -> Option<Candidate> {
    let mut low = [0u8; 3];
    for (k, slot) in low.iter_mut().enumerate() {
        let unit = units.get(i + 3 + k)?;
        *slot = match cp.byte_of(unit.c) {
            Some(b) => b,
            None if unit.c == ' ' && has_nbsp_at_a0(cp) => 0xA0,
            None => return None,
        };
    }
    if low[0] != 0xED || !(0xB0..=0xBF).contains(&low[1]) || !(0x80..=0xBF).contains(&low[2]) {
        return None;
    }
    let surrogate = |b: &[u8]| 0xD000 | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
    let (hi, lo) = (surrogate(high), surrogate(&low));
    let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    let decoded = char::from_u32(code)?;
    evidence::is_plausible(decoded, None).then_some(Candidate {
        start: i,
        len: 6,
        decoded,
        strength: Strength::Strong,
        rides_along: false,
        by_proof: false,
    })
}

/// Whether unit `k` is a capital letter of the text itself, not a character of a sequence: a
/// capital that the code page reads as a lead byte is one only when a continuation follows it,
/// and one it reads as a continuation only after a lead (`MAÇÃ”`: `Ç` is followed by `Ã`).
fn is_real_capital(units: &[Unit], k: usize, cp: CodePage) -> bool {
    let c = units[k].c;
    if !c.is_uppercase() {
        return false;
    }
    let byte = |k: usize| units.get(k).and_then(|u| cp.byte_of(u.c));
    match cp.byte_of(c) {
        Some(0xC2..=0xF4) => !byte(k + 1).is_some_and(|b| (0x80..=0xBF).contains(&b)),
        Some(0x80..=0xBF) => !k
            .checked_sub(1)
            .and_then(byte)
            .is_some_and(|b| (0x80..=0xF4).contains(&b)),
        _ => true,
    }
}

/// Characters that close a word or stand after it, as an accented capital at the end of a word
/// in capitals is followed by in real text (`IRMÃ»`, `ESPAÑ”`, `HYVÄ’`, `PÅ\u{A0}`).
fn follows_a_word(c: char) -> bool {
    matches!(
        c,
        '’' | '”'
            | '»'
            | '›'
            | '«'
            | '‹'
            | '…'
            | '–'
            | '—'
            | '·'
            | '•'
            | '\u{A0}'
            | '\u{AD}'
            | '“'
            | '‘'
            | '®'
            | '™'
            | '¹'
            | '²'
            | '³'
    )
}

/// Correct text that looks like a sequence: an accented capital ending a word in capitals,
/// before punctuation (`IRMÃ»`, `ESPAÑ”`), or a lowercase repair inside such a word.
fn is_vetoed(units: &[Unit], i: usize, length: usize, cp: CodePage, after: Option<char>) -> bool {
    let lead = units[i].c;
    let capital_at = |k: Option<usize>| k.is_some_and(|k| is_real_capital(units, k, cp));
    let letter_at = |k: Option<usize>| k.is_some_and(|k| units[k].c.is_alphabetic());
    let in_capitals = capital_at(i.checked_sub(1))
        && (capital_at(i.checked_sub(2)) || next_word_in_capitals(units, i + length));
    // a word of two capitals (`PÅ«`, `SÅ…`), or the Ångström sign after a number (`10 Å•`): but
    // not with the leads of the Latin-1 letters (C2, C3: Windows-1252's `Ã`, Windows-1257's
    // `Ć`), whose short words are mojibake (`SÃŒ` is `SÌ`, `HĆ\u{A0}` is `Hà`)
    // (capitals of one alphabet: `HГ\u{A0}` is Windows-1251's `Hà`)
    let alphabet = |c: char| match c as u32 {
        0x370..=0x3FF => 1,
        0x400..=0x52F => 2,
        _ => 0,
    };
    let same_alphabet =
        |k: Option<usize>| k.is_some_and(|k| alphabet(units[k].c) == alphabet(lead));
    // (the sign stands after a number: `5000 Å—`)
    let digit_at = |k: Option<usize>| k.is_some_and(|k| units[k].c.is_ascii_digit());
    let after_a_number = digit_at(i.checked_sub(1))
        || (i.checked_sub(1).is_some_and(|k| units[k].c == ' ') && digit_at(i.checked_sub(2)));
    let short_word = !matches!(cp.byte_of(lead), Some(0xC2 | 0xC3))
        && ((capital_at(i.checked_sub(1))
            && same_alphabet(i.checked_sub(1))
            && !letter_at(i.checked_sub(2)))
            || (lead == 'Å' && after_a_number));
    if lead.is_uppercase() && (in_capitals || short_word) {
        let rest = &units[i + 1..i + length];
        let word_ends = !after.is_some_and(char::is_alphabetic);
        // Windows-1252's own leads: `Â` never ends a word, and an `Ã` that ends a word in
        // capitals (`IRMÃ`) is followed by a quote or a dash, not by the apostrophe or the
        // no-break space of Italian capitals (`PERÃ’` is `PERÒ`, `CITTÃ\u{A0}` is `CITTÀ`)
        let closes = |c: char| match lead {
            'Â' if cp.latin_leads() => false,
            'Ã' if cp.latin_leads() => {
                // (nor by the signs whose bytes are Italian capitals: `PIÃ™` is `PIÙ`)
                follows_a_word(c)
                    && !matches!(
                        c,
                        '’' | '‘'
                            | '“'
                            | '\u{A0}'
                            | '™'
                            | '®'
                            | '•'
                            | '‹'
                            | '«'
                            | '¹'
                            | '²'
                            | '³'
                    )
            }
            _ => follows_a_word(c) || c == ' ',
        };
        if word_ends && rest.iter().all(|u| closes(u.c)) {
            return true;
        }
    }
    false
}

/// How many letters of a word [`next_word_in_capitals`] reads.
const WORD_CASE_LETTERS: usize = 32;

/// Whether the word after unit `from` (past spaces and punctuation) is in capitals.
fn next_word_in_capitals(units: &[Unit], from: usize) -> bool {
    let word: Vec<char> = units[from.min(units.len())..]
        .iter()
        .map(|u| u.c)
        .skip_while(|c| !c.is_alphabetic())
        .take_while(|c| c.is_alphabetic())
        // (a word's first letters tell its case; read to its end, a line of one long word
        // made this quadratic)
        .take(WORD_CASE_LETTERS)
        .collect();
    word.len() >= 2 && word.iter().all(|c| c.is_uppercase())
}

/// The candidates of `cp` repaired: those of stretches with evidence.
///
/// A line in which a stretch holds evidence of the code page (a strong sequence, or a run of
/// weak ones) is proven mojibake of it: its other stretches are judged again with that proof
/// (`FÃ–RBUNDSKAPTENEN ... PÃ… ATT`, `Москва Ð¸ ... Ð¿Ñ€Ð¸Ð½Ð¸Ð¼Ð°Ð»Ð¸`, MacRoman's
/// `Москва –∏ Санкт-Петербург –ø—Ä–∏–Ω–∏–º–∞–ª–∏`): a single sequence is evidence enough, and
/// the letters of a script repaired elsewhere in the line are company. With strong evidence,
/// the vetoes that keep correct capitals (`PÃ…` could be `PÃ` and an ellipsis) give way too,
/// since correct text holds no sequence that real text does not contain.
fn select(
    units: &[Unit],
    cp: CodePage,
    candidates: Vec<Candidate>,
    claimed: &[bool],
) -> Vec<Candidate> {
    let first = judge(units, cp, candidates, claimed, None);
    let proven = first.iter().any(|c| !c.rides_along);
    if !proven {
        return first;
    }
    // (the vetoes give way only to strong evidence: a run of weak sequences proves a line of
    // another script, `–ø—Ä–∏–Ω–∏–º–∞–ª–∏`, not that its correct capitals are mojibake)
    let strongly = first
        .iter()
        .any(|c| c.strength == Strength::Strong && !c.rides_along);
    let all = scan_with(units, cp, claimed, strongly);
    let second = judge(units, cp, all, claimed, Some(&first));
    // (compared as sets: a line of mojibake has hundreds of thousands of candidates, and a
    // pairwise comparison of the two judgments made this quadratic)
    let key = |c: &Candidate| (c.start, c.len, c.decoded);
    let in_first: HashSet<(usize, usize, char)> = first.iter().map(key).collect();
    let in_second: HashSet<(usize, usize, char)> = second.iter().map(key).collect();
    // (the proof only adds: a reading that would lose a repair of the first is not taken)
    let keeps_first = in_first.iter().all(|k| in_second.contains(k));
    if keeps_first {
        second
            .into_iter()
            .map(|mut s| {
                s.by_proof = !in_first.contains(&key(&s));
                s
            })
            .collect()
    } else {
        first
    }
}

/// The judgment of [`select`]; `proof` holds the repairs of the line's stretches with strong
/// evidence, when there are some.
fn judge(
    units: &[Unit],
    cp: CodePage,
    mut candidates: Vec<Candidate>,
    claimed: &[bool],
    proof: Option<&[Candidate]>,
) -> Vec<Candidate> {
    let non_ascii = units
        .iter()
        .enumerate()
        .filter(|&(k, u)| !u.c.is_ascii() && !claimed[k])
        .count();
    if proof.is_some() {
        // (a weak sequence that only the proof admits must fit the plain letters glued to it:
        // the correct Ukrainian `Він` reads as Windows-1251's `³н`, and `Гість` as `óсть`,
        // in a line whose Russian is mojibake of that code page)
        let covered = covered_by(units.len(), &candidates);
        candidates.retain(|c| {
            c.strength == Strength::Strong || c.rides_along || fits_its_word(units, c, &covered)
        });
    }
    // the proof's letters per script, counted once (not per candidate: that was quadratic)
    let mut proof_letters: Vec<(Script, usize)> = Vec::new();
    for r in proof.unwrap_or(&[]) {
        if let Some(script) = script_letter(r.decoded) {
            match proof_letters.iter_mut().find(|e| e.0 == script) {
                Some(entry) => entry.1 += 1,
                None => proof_letters.push((script, 1)),
            }
        }
    }
    loop {
        if let Some(kept) = without_misreadings_of_own_script(units, &candidates) {
            candidates = kept;
            if candidates.is_empty() {
                return Vec::new();
            }
            continue;
        }
        let stretches = stretches(units, &candidates, claimed);
        let mut keep = vec![true; candidates.len()];
        let mut accepted = Vec::new();
        for range in &stretches {
            let members = &candidates[range.clone()];
            let covered: usize = members.iter().map(|c| non_ascii_in(units, c)).sum();
            let whole_line = covered == non_ascii;
            // letters of scripts that need company: per script in the stretch, how many
            // letters (lost bytes' guesses aside), and whether a word of them or a strong one
            // is among them (once per stretch: a line of Cyrillic has thousands)
            let mut companies: Vec<(Script, usize, bool)> = Vec::new();
            for (k, m) in members.iter().enumerate() {
                let Some(script) = evidence::script_needing_company(m.decoded) else {
                    continue;
                };
                let letter = script_letter(m.decoded).is_some();
                let word = letter
                    && (m.strength == Strength::Strong
                        || members.get(k + 1).is_some_and(|n| {
                            script_letter(n.decoded) == Some(script) && m.start + m.len == n.start
                        }));
                let entry = match companies.iter_mut().find(|e| e.0 == script) {
                    Some(entry) => entry,
                    None => {
                        companies.push((script, 0, false));
                        companies.last_mut().expect("just pushed")
                    }
                };
                if !m.rides_along {
                    entry.1 += 1;
                }
                entry.2 |= word;
            }
            for (offset, c) in members.iter().enumerate() {
                let joined = offset > 0
                    && members[offset - 1].start + members[offset - 1].len == c.start
                    || members
                        .get(offset + 1)
                        .is_some_and(|n| c.start + c.len == n.start);
                // a character of the code page itself, inside a garble: the middle layer of
                // text mis-decoded twice (`‚àöœÄ` is `√π`, which is `ù`)
                // (of any code page: `Î“Ã‡Ã–` is CP437's `ΓÇÖ` read as Windows-1252)
                // (a lost byte's guess is no garble to be inside of)
                let joined_firmly = offset > 0
                    && !members[offset - 1].rides_along
                    && members[offset - 1].start + members[offset - 1].len == c.start
                    || members
                        .get(offset + 1)
                        .is_some_and(|n| !n.rides_along && c.start + c.len == n.start);
                let middle_layer = (joined && cp.byte_of(c.decoded).is_some())
                    || (joined_firmly && lead_mask(c.decoded) | continuation_mask(c.decoded) != 0);
                if let Some(script) = evidence::script_needing_company(c.decoded) {
                    // (kana and ideographs with strong evidence stand alone: `ãƒ„` is `ツ`)
                    // (and so does a small Greek letter with strong evidence glued after a
                    // Latin letter or a digit: the symbols of science, `IL2RÎ³c` is `IL2Rγc`,
                    // `TNFÎ±` is `TNFα`)
                    let technical_greek = script == Script::Greek
                        && c.decoded.is_lowercase()
                        && c.start > 0
                        && units[c.start - 1].c.is_ascii_alphanumeric();
                    let alone_is_fine = (script == Script::Cjk || technical_greek)
                        && c.strength == Strength::Strong;
                    // (and the company must be a word of them, two glued sequences, or strong
                    // evidence of that script: MacRoman's `’é` is Armenian `Վ`, twice in a
                    // French line whose evidence is a Latin `√®`)
                    let company = companies
                        .iter()
                        .any(|&(s, count, word)| s == script && count >= 2 && word)
                        || proof_letters
                            .iter()
                            .any(|&(s, count)| s == script && count >= 2);
                    if !company && !middle_layer && !alone_is_fine {
                        keep[range.start + offset] = false;
                    }
                }
                // a C1 control is only the middle layer of a longer garble
                let middle_only = matches!(c.decoded, '\u{80}'..='\u{9F}' | '\u{F8FF}');
                if middle_only && !joined {
                    keep[range.start + offset] = false;
                }
            }
            if !keep[range.clone()].iter().all(|&k| k) {
                continue;
            }
            let strong = members
                .iter()
                .filter(|c| c.strength == Strength::Strong && !c.rides_along)
                .count();
            // weak sequences count as a run only when they touch (`РџСЂРё`), not when words
            // apart (`Ñ” Ñ” ÐŸ`)
            let mut weak = 0;
            let mut chain = 0;
            // the same, counting only letters of one script that needs company (a word)
            let mut script_word = 0;
            let mut word = 0;
            for (k, c) in members.iter().enumerate() {
                let touches = k > 0 && members[k - 1].start + members[k - 1].len == c.start;
                chain = if c.rides_along {
                    0
                } else if touches {
                    chain + 1
                } else {
                    1
                };
                weak = weak.max(chain);
                let script = script_letter(c.decoded);
                word = if c.rides_along || script.is_none() {
                    0
                } else if touches && script_letter(members[k - 1].decoded) == script {
                    word + 1
                } else {
                    1
                };
                script_word = script_word.max(word);
            }
            // MacRoman and CP437 read Cyrillic, Greek, Hebrew or Arabic UTF-8 as dashes, quotes
            // and symbols glued to accented letters (`–ø—Ä–∏`): a word of such letters, three
            // glued sequences, is evidence, or a whole line of them in any of those scripts
            let all_script_letters = members
                .iter()
                .all(|c| c.rides_along || script_letter(c.decoded).is_some());
            let weak_needed = match cp {
                CodePage::MacRoman | CodePage::Cp437 if whole_line && all_script_letters => {
                    WEAK_RUN
                }
                CodePage::MacRoman | CodePage::Cp437 if script_word >= WEAK_RUN => WEAK_RUN,
                CodePage::MacRoman | CodePage::Cp437 => usize::MAX,
                _ => WEAK_RUN,
            };
            let weak_needed = if proof.is_some() { 1 } else { weak_needed };
            if strong > 0 || weak >= weak_needed {
                // a lost byte's guess rides along only next to the evidence: a word away at
                // most (`allÃ© Ã Paris`), so that a real `Ã` far from it stays
                accepted.extend(members.iter().filter(|c| {
                    !c.rides_along
                        || c.len > 1
                        || members
                            .iter()
                            .any(|e| !e.rides_along && words_between(units, c, e) <= 1)
                }));
            }
        }
        if keep.iter().all(|&k| k) {
            return accepted;
        }
        candidates = candidates
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
    }
}

/// The candidates without those that read a Cyrillic or Greek word as something else: a sequence
/// whose lead is a letter of one of those scripts, decoded to a character of another (a Latin
/// letter, a symbol), glued to a letter of the lead's own script that no candidate covers.
/// Such a letter is plain text of that script, and so is the sequence glued to it: Ukrainian
/// `ВІД’ЄМНИЙ` in capitals is not Windows-1251's `²ĒЄМНИЙ`, `КОТ-Д’ИВУАР` not `КОТ-ĒИВУАР`.
/// Dropping one can leave its neighbour glued to a plain letter in turn, which is dropped too.
/// `None` when nothing is dropped.
fn without_misreadings_of_own_script(
    units: &[Unit],
    candidates: &[Candidate],
) -> Option<Vec<Candidate>> {
    let script_of = |c: char| match c as u32 {
        0x370..=0x3FF | 0x1F00..=0x1FFF => 1,
        0x400..=0x52F => 2,
        _ => 0,
    };
    let misreads = |c: &Candidate| {
        let lead = script_of(units[c.start].c);
        lead != 0 && script_of(c.decoded) != lead
    };
    if !candidates.iter().any(misreads) {
        return None;
    }
    // which candidate covers each unit; dropping one uncovers its units, which may leave its
    // neighbour glued to a plain letter in turn: a worklist, so that a long chain stays linear
    let mut owner: Vec<Option<usize>> = vec![None; units.len()];
    for (index, c) in candidates.iter().enumerate() {
        for slot in &mut owner[c.start..c.start + c.len] {
            *slot = Some(index);
        }
    }
    let mut dropped = vec![false; candidates.len()];
    let plain_letter_of = |k: Option<usize>, script: u8, owner: &[Option<usize>]| {
        k.is_some_and(|k| {
            k < units.len()
                && owner[k].is_none()
                && units[k].c.is_alphabetic()
                && script_of(units[k].c) == script
        })
    };
    let mut work: Vec<usize> = (0..candidates.len())
        .filter(|&k| misreads(&candidates[k]))
        .collect();
    while let Some(index) = work.pop() {
        let c = &candidates[index];
        if dropped[index] || !misreads(c) {
            continue;
        }
        let script = script_of(units[c.start].c);
        let before = c.start.checked_sub(1);
        let after = c.start + c.len;
        if plain_letter_of(before, script, &owner) || plain_letter_of(Some(after), script, &owner) {
            dropped[index] = true;
            for slot in &mut owner[c.start..after] {
                *slot = None;
            }
            work.extend(before.and_then(|k| owner[k]));
            work.extend(owner.get(after).copied().flatten());
        }
    }
    if !dropped.iter().any(|&d| d) {
        return None;
    }
    Some(
        candidates
            .iter()
            .zip(&dropped)
            .filter(|(_, &d)| !d)
            .map(|(c, _)| *c)
            .collect(),
    )
}

/// Whether candidate `c` reads into the word it is glued to: the plain letters right before and
/// after it (characters of no candidate, `covered` says which) are of the script of the letter
/// it decodes to, and a decoded symbol that stands after numbers and words (`³`, `©`, `°`) is
/// followed by no letter (opening punctuation is: `¿Qué`).
fn fits_its_word(units: &[Unit], c: &Candidate, covered: &[bool]) -> bool {
    let plain_letter = |k: Option<usize>| {
        k.filter(|&k| k < units.len() && !covered[k])
            .map(|k| units[k].c)
            .filter(|n| n.is_alphabetic())
    };
    let before = plain_letter(c.start.checked_sub(1));
    let after = plain_letter(Some(c.start + c.len));
    let letter = c.decoded.is_alphabetic();
    let same_script = |n: char| evidence::letter_script(n) == evidence::letter_script(c.decoded);
    let after_fits = after.is_none_or(|n| {
        if letter {
            same_script(n)
        } else {
            !evidence::stands_after(c.decoded)
        }
    });
    let before_fits = before.is_none_or(|n| !letter || same_script(n));
    after_fits && before_fits
}

/// The script of a decoded letter of a script that needs company (`None` for anything else).
fn script_letter(c: char) -> Option<Script> {
    evidence::script_needing_company(c).filter(|_| c.is_alphabetic())
}

/// How many words stand between two candidates.
fn words_between(units: &[Unit], a: &Candidate, b: &Candidate) -> usize {
    let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
    let gap = &units[(first.start + first.len).min(second.start)..second.start];
    let mut words = 0;
    let mut in_word = false;
    for u in gap {
        let letter = u.c.is_alphanumeric();
        if letter && !in_word {
            words += 1;
        }
        in_word = letter;
    }
    words
}

fn non_ascii_in(units: &[Unit], c: &Candidate) -> usize {
    units[c.start..c.start + c.len]
        .iter()
        .filter(|u| !u.c.is_ascii())
        .count()
}

/// Characters between two sequences that do not end a stretch: white space and punctuation.
fn keeps_stretch_open(c: char) -> bool {
    c.is_ascii()
        || c.is_whitespace()
        || matches!(c, '\u{2010}'..='\u{205E}' | '«' | '»' | '¡' | '¿')
}

/// Index ranges of `candidates` that form stretches.
fn stretches(
    units: &[Unit],
    candidates: &[Candidate],
    claimed: &[bool],
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (index, c) in candidates.iter().enumerate() {
        if let Some(first) = open {
            let previous = &candidates[index - 1];
            let gap = previous.start + previous.len..c.start;
            let broken = gap
                .clone()
                .any(|k| claimed[k] || !keeps_stretch_open(units[k].c));
            if broken {
                out.push(first..index);
                open = Some(index);
            }
        } else {
            open = Some(index);
        }
    }
    if let Some(first) = open {
        out.push(first..candidates.len());
    }
    out
}

/// A quick scan: is there a lead character followed by a continuation character of the same
/// code page, or one of the shapes a lost byte leaves? Clean accented text (`perché`, `città`)
/// has none, and skips the repair entirely.
pub fn might_hold_mojibake(text: &str) -> bool {
    let mut previous = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() && starts_a_shape(c, previous, chars.peek().copied()) {
            return true;
        }
        previous = c;
    }
    false
}

/// Whether the non-ASCII character `c`, between `previous` and `next`, is worth the repair's
/// look: an invisible character that may split a sequence, a lead followed by a continuation of
/// the same code page or by U+FFFD, or the shape a lost byte leaves.
#[inline]
pub(super) fn starts_a_shape(c: char, previous: char, next: Option<char>) -> bool {
    if is_droppable_invisible(c) {
        return true;
    }
    let lead = lead_mask(c);
    if lead == 0 {
        return false;
    }
    match next {
        Some(n) if lead & continuation_mask(n) != 0 => true,
        Some('\u{FFFD}') => true,
        Some(n) => lost::shape_after(c, previous, n),
        None => matches!(c, 'Ã' | 'Ă'),
    }
}
