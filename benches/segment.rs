//! Throughput of sentence segmentation on one core, in MB/s: `cargo bench --bench segment`.
//!
//! The text is generated here, so the benchmark needs nothing outside the repository: news-like
//! English and Italian paragraphs dense in what the rules decide (abbreviations, titles,
//! numbers, quotes, colons and semicolons, ellipses, inline lists, web addresses). Each language
//! runs over about 20 MB, one paragraph per call as the pipeline calls it; the best of three
//! rounds is reported, in wall time and in the thread's CPU time (on Linux), which a machine
//! busy with other work does not inflate. `cargo bench --bench segment -- FILE LANG` measures a text file of your
//! own instead (paragraphs separated by blank lines).

use std::hint::black_box;
use std::time::Instant;

use artnorm::segment::segment;

const ENGLISH: &[&str] = &[
    "Mr. Rossi told reporters that the club would pay approx. £86.3m for the striker by Jan. 31.",
    "\"We want to win the World Cup again,\" said Vinícius Júnior after the 2-1 win at 3 p.m.",
    "The plan was clear: the team would attack; the keeper would stay at home.",
    "He was ... well, tired. Then he left for the U.S. on Sunday!",
    "Visit www.uefa.com for more, or write to info@club.com. Thanks.",
    "The priorities: 1) sign a striker 2) sell the keeper 3) keep the coach",
    "Dr. J. R. Smith (he had been injured for weeks.) played on Sunday. Why? Nobody knows.",
    "It rained.The match was off and No. 12 never came on.",
];

const ITALIAN: &[&str] = &[
    "Il Sig. Bianchi ha confermato che la Juventus F.C. S.p.A. chiuderà il bilancio in utile.",
    "L'allenatore è arrivato alle 20.45 e ha detto: «Siamo pronti». Poi è uscito.",
    "Il tecnico è stato chiaro: la squadra deve vincere; i tifosi lo sanno.",
    "Il progetto porta la firma dell'ing. civ. Rossi e del geom. Verdi, vedi pag. 5 e art. 3.",
    "Torino, due ori; Milano, tre argenti; Napoli, un bronzo. Ottimo risultato!",
    "Le richieste sono tre: a) salari b) orari c) sicurezza",
    "Maltempo al Nord: allerta rossa in Veneto. La gara è fissata per dom. 4 dic. alle 15.",
    "Il mister ha parlato di troppo stress... Ventidue giocatori partono stasera.",
];

/// Paragraphs of a few sentences each, about `target_bytes` in all.
fn paragraphs(sentences: &[&str], target_bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let (mut total, mut i) = (0, 0);
    while total < target_bytes {
        let paragraph = (0..5)
            .map(|k| sentences[(i + k * 3) % sentences.len()])
            .collect::<Vec<_>>()
            .join(" ");
        total += paragraph.len();
        out.push(paragraph);
        i += 1;
    }
    out
}

/// Seconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`), so that the
/// other processes of a loaded machine do not count; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds / 1e9)
}

fn report(name: &str, paragraphs: &[String], lang: &str) {
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        let cpu_started = cpu_seconds();
        let started = Instant::now();
        for paragraph in paragraphs {
            black_box(segment(paragraph, lang));
        }
        best_wall = best_wall.min(started.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu_started, cpu_seconds()) {
            best_cpu = best_cpu.min(after - before);
        }
    }
    let megabytes = bytes as f64 / 1e6;
    let cpu = if best_cpu.is_finite() {
        format!(", {:.1} MB/s of CPU time", megabytes / best_cpu)
    } else {
        String::new()
    };
    println!("{name:<40} {:>8.1} MB/s wall{cpu}", megabytes / best_wall);
}

fn main() {
    // `cargo bench` passes `--bench`; the other arguments are a file and its language
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let [file, lang] = args.as_slice() {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_owned)
            .collect();
        report(&format!("segment {file} ({lang})"), &paragraphs, lang);
        return;
    }
    report(
        "segment, English rules",
        &paragraphs(ENGLISH, 20_000_000),
        "en",
    );
    report(
        "segment, Italian rules",
        &paragraphs(ITALIAN, 20_000_000),
        "it",
    );
}
