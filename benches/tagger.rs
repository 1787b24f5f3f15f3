//! Gazetteer scale benchmark: load time, peak memory and tagging speed (one core).
//!
//!     cargo bench --bench tagger                      # synthetic 1k, 100k and 1M entries
//!     cargo bench --bench tagger -- --gazetteer FILE  # a real gazetteer (e.g. 30k football)
//!     cargo bench --bench tagger -- --gazetteer FILE --text FILE  # ...tagging a real text
//!
//! `ARTNORM_BENCH_TEXT_MB=2` tags 2 MB instead of 20 (for a run under a profiler).
//!
//! Synthetic gazetteers have names with diacritics (two or three words from syllables, as in
//! `Éder Militão`), two aliases each (a surname and an unaccented form) and a language alias
//! every tenth entry. The text to tag is 20 MB of news-like English and Italian sentences with a
//! name from the gazetteer in about one sentence in three. Each size runs in a fresh process, so
//! that the peak memory (VmHWM, Linux) is that of loading and tagging with that gazetteer alone.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use artnorm::gazetteer::Gazetteer;
use artnorm::tag::Tagger;

const SIZES: &[usize] = &[1_000, 100_000, 1_000_000];
/// The size of the text to tag; `ARTNORM_BENCH_TEXT_MB` overrides it (for profiling runs).
fn text_bytes() -> usize {
    std::env::var("ARTNORM_BENCH_TEXT_MB")
        .ok()
        .and_then(|mb| mb.parse::<usize>().ok())
        .map_or(20_000_000, |mb| mb * 1_000_000)
}

const SYLLABLES: &[&str] = &[
    "ka", "ká", "de", "mi", "li", "tão", "ro", "dry", "go", "vi", "ní", "ci", "us", "jú", "nior",
    "an", "ce", "lot", "ti", "ber", "na", "béu", "sé", "le", "ção", "mül", "ler", "ø", "de",
    "gaard", "zi", "dane", "pé", "rez", "ma", "rio", "luí", "sa", "ve", "ri", "ta", "bel", "lo",
    "çal",
];

/// A deterministic pseudo-random generator (xorshift), so every run tags the same text.
struct Random(u64);

impl Random {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }

    fn word(&mut self) -> String {
        let syllables = 2 + self.next() % 3;
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(SYLLABLES[self.next() % SYLLABLES.len()]);
        }
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => word,
        }
    }
}

fn strip_accents(text: &str) -> String {
    artnorm::tag::fold(text)
}

fn synthetic_gazetteer(size: usize) -> (String, Vec<String>) {
    let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ size as u64);
    let mut tsv = String::from("id\tname\ttype\taliases\taliases_it\n");
    let mut names = Vec::with_capacity(size);
    for index in 0..size {
        let name = format!("{} {}", random.word(), random.word());
        let surname = name.split(' ').nth(1).unwrap_or(&name).to_owned();
        let italian = if index % 10 == 0 {
            format!("il {}", random.word())
        } else {
            String::new()
        };
        tsv.push_str(&format!(
            "e{index}\t{name}\tPERSON\t{surname}|{}\t{italian}\n",
            strip_accents(&name)
        ));
        names.push(name);
    }
    (tsv, names)
}

fn text_with(names: &[String]) -> String {
    let sentences = [
        "The coach said on Monday that the team would travel to the capital for the final.",
        "Il tecnico ha spiegato ieri sera che la squadra è pronta per la partita di domenica.",
        "Fans waited outside the stadium for hours, and the club thanked them after the match.",
        "Secondo la stampa locale, il presidente vuole chiudere la trattativa entro venerdì.",
    ];
    let mut random = Random(42);
    let target = text_bytes();
    let mut text = String::with_capacity(target + 200);
    while text.len() < target {
        let sentence = sentences[random.next() % sentences.len()];
        if !names.is_empty() && random.next() % 3 == 0 {
            text.push_str(&names[random.next() % names.len()]);
            text.push_str(" signed. ");
        }
        text.push_str(sentence);
        text.push('\n');
    }
    text
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}

/// Measures one gazetteer in this process and prints one line; the text is generated with
/// `names` unless one is given.
fn measure(label: &str, tsv: &[u8], names: &[String], text: Option<String>) {
    let text = text.unwrap_or_else(|| text_with(names));
    let lines: Vec<&str> = text.lines().collect();
    let started = Instant::now();
    let gazetteer = Gazetteer::parse(Path::new(label), tsv, b'\t').expect("the gazetteer parses");
    let parse = started.elapsed().as_secs_f64();
    let tagger = Tagger::new(&gazetteer).expect("the gazetteer compiles");
    let load = started.elapsed().as_secs_f64();
    let mut best = f64::INFINITY;
    let mut mentions = 0;
    for _ in 0..3 {
        let started = Instant::now();
        mentions = 0;
        for line in &lines {
            mentions += black_box(tagger.tag(line, Some("it"))).len();
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{label:<28} {:>9} entries  load {load:>6.2} s (parse {parse:.2} s)  peak memory {:>7.0} MB  tagging {:>6.1} MB/s  ({mentions} mentions in {:.0} MB)",
        gazetteer.entities.len(),
        peak_memory_mb().unwrap_or(f64::NAN),
        text.len() as f64 / 1e6 / best,
        text.len() as f64 / 1e6,
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.as_slice() {
        // a child: one size
        [flag, size] if flag == "--size" => {
            let size: usize = size.parse().expect("a size");
            let (tsv, names) = synthetic_gazetteer(size);
            measure(&format!("synthetic {size}"), tsv.as_bytes(), &names, None);
        }
        [flag, path, rest @ ..] if flag == "--gazetteer" => {
            let text = match rest {
                [] => None,
                [flag, file] if flag == "--text" => {
                    Some(std::fs::read_to_string(file).expect("the text is readable UTF-8"))
                }
                _ => panic!("usage: tagger [--gazetteer FILE [--text FILE]]"),
            };
            let bytes = std::fs::read(path).expect("the gazetteer file is readable");
            let gazetteer =
                Gazetteer::parse(Path::new(path), &bytes, b'\t').expect("the gazetteer parses");
            let names: Vec<String> = gazetteer.entities.iter().map(|e| e.name.clone()).collect();
            drop(gazetteer);
            measure(path, &bytes, &names, text);
        }
        _ => {
            let me = std::env::current_exe().expect("the benchmark knows its path");
            for size in SIZES {
                let status = Command::new(&me)
                    .args(["--size", &size.to_string()])
                    .status();
                if !status.map(|s| s.success()).unwrap_or(false) {
                    eprintln!("size {size} failed");
                }
            }
        }
    }
}
