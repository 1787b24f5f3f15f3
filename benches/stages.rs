//! Throughput of each stage on one core, in MB/s: `cargo bench --bench stages`, or only the
//! stages whose name starts with a word: `cargo bench --bench stages -- normalize`.
//!
//! The text is generated here (news-like English and Italian sentences with names, numbers,
//! abbreviations and, for the repair case, mojibake), so the benchmark needs no data outside the
//! repository. Each stage runs over about 20 MB; the best of three rounds is reported.

use std::hint::black_box;
use std::time::Instant;

use artnorm::gazetteer::Gazetteer;
use artnorm::lang::Detector;
use artnorm::normalize::normalize;
use artnorm::segment::segment;
use artnorm::tag::Tagger;

const SENTENCES: &[&str] = &[
    "Carlo Ancelotti has been named the new head coach of Brazil, the federation said on Monday.",
    "Mr. Rossi told reporters that the club would pay approx. £86.3m for the striker by Jan. 31.",
    "Kaká and Éder Militão trained with the Seleção at 3 p.m. before flying to São Paulo.",
    "\"We want to win the World Cup again,\" said Vinícius Júnior after the 2-1 win over Argentina.",
    "Il Sig. Bianchi ha confermato che la Juventus F.C. S.p.A. chiuderà il bilancio in utile.",
    "L'allenatore è arrivato alle 20.45 e ha parlato per circa mezz'ora con la stampa.",
    "«Siamo pronti», ha detto il c.t. della Nazionale prima della sfida contro l'Inghilterra.",
    "Il Brasile di Ancelotti giocherà a Rio de Janeiro contro il Paraguay, poi sarà in Ecuador.",
];

fn text(target_bytes: usize, mojibake: bool) -> String {
    let mut out = String::with_capacity(target_bytes + 200);
    let mut i = 0;
    while out.len() < target_bytes {
        let sentence = SENTENCES[i % SENTENCES.len()];
        if mojibake && i % 2 == 0 {
            // UTF-8 read as Windows-1252: what a misconfigured scraper produces
            let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(sentence.as_bytes());
            out.push_str(&garbled);
        } else {
            out.push_str(sentence);
        }
        out.push(if i % 4 == 3 { '\n' } else { ' ' });
        i += 1;
    }
    out
}

fn report(name: &str, bytes: usize, mut round: impl FnMut()) {
    // (cargo passes `--bench`; any other argument picks the stages by the start of their name)
    let wanted = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    if wanted.is_some_and(|w| !name.starts_with(w.as_str())) {
        return;
    }
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        round();
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!("{name:<40} {:>8.1} MB/s", bytes as f64 / 1e6 / best);
}

fn main() {
    let clean = text(20_000_000, false);
    let dirty = text(20_000_000, true);
    let lines: Vec<&str> = clean.lines().collect();

    report("normalize, clean text", clean.len(), || {
        for line in &lines {
            black_box(normalize(line));
        }
    });
    let dirty_lines: Vec<&str> = dirty.lines().collect();
    report("normalize, half mojibake", dirty.len(), || {
        for line in &dirty_lines {
            black_box(normalize(line));
        }
    });
    // UTF-8 read through each of the other code pages the repair handles, one line in two
    let other_pages = [
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1251,
        encoding_rs::WINDOWS_1253,
        encoding_rs::WINDOWS_1257,
        encoding_rs::ISO_8859_2,
        encoding_rs::MACINTOSH,
    ];
    let paged: Vec<String> = lines
        .iter()
        .take(40_000)
        .enumerate()
        .map(|(i, line)| {
            if i % 2 == 0 {
                let (garbled, _) = other_pages[i / 2 % other_pages.len()]
                    .decode_without_bom_handling(line.as_bytes());
                garbled.into_owned()
            } else {
                (*line).to_owned()
            }
        })
        .collect();
    let paged_bytes: usize = paged.iter().map(|l| l.len() + 1).sum();
    report(
        "normalize, half mojibake of 6 other pages",
        paged_bytes,
        || {
            for line in &paged {
                black_box(normalize(line));
            }
        },
    );
    report("segment, en rules", clean.len(), || {
        for line in &lines {
            black_box(segment(line, "en"));
        }
    });
    report("segment, it rules", clean.len(), || {
        for line in &lines {
            black_box(segment(line, "it"));
        }
    });
    let detector = Detector::closed(&["en".to_owned(), "it".to_owned()]).expect("valid languages");
    let sentences: Vec<&str> = lines.iter().flat_map(|l| segment(l, "en")).collect();
    let sentence_bytes: usize = sentences.iter().map(|s| s.len()).sum();
    report("detect, closed en/it, per sentence", sentence_bytes, || {
        for sentence in &sentences {
            black_box(detector.detect(sentence));
        }
    });
    let open = Detector::open();
    report("detect, open set, per sentence", sentence_bytes, || {
        for sentence in &sentences {
            black_box(open.detect(sentence));
        }
    });
    let gazetteer = Gazetteer::builtin();
    let tagger = Tagger::new(&gazetteer).expect("the built-in gazetteer compiles");
    report(
        "tag, built-in gazetteer, per sentence",
        sentence_bytes,
        || {
            for sentence in &sentences {
                black_box(tagger.tag(sentence, Some("en")));
            }
        },
    );
}
