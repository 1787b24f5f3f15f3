//! Throughput of language identification on one core, in MB/s: `cargo bench --bench detect`.
//!
//! `cargo bench --bench detect -- FILE` reads the texts from FILE, one per line (for example
//! the sentences of `../shared/data/articles`, one per line, as `scripts/eval_lang.py` builds
//! them); without a file, it uses sentences in the six languages of the model, written here,
//! repeated to about 10 MB. Reported: the n-gram model alone, the open-set detector, the
//! closed-set (en, it) detector, and `detect` as the command runs it (normalization and CSV
//! row included). Best of five rounds.

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use artnorm::filters::detect_lines;
use artnorm::lang::Detector;

const SENTENCES: &[&str] = &[
    "The minister said on Monday that the new rules would come into force next year.",
    "Can you tell me where the station is?",
    "Il governo ha approvato ieri sera il decreto sulle pensioni dopo una lunga trattativa.",
    "Non ho ancora deciso se andrò in vacanza ad agosto.",
    "El presidente anunció que el país invertirá más en energías renovables.",
    "¿Sabes a qué hora cierra el supermercado?",
    "O jogador brasileiro assinou um contrato de cinco anos com o clube inglês.",
    "Você já jantou hoje?",
    "Le Premier ministre a promis une réforme des retraites avant la fin de l'année.",
    "Tu as vu le match hier soir ?",
    "Die Bundesregierung will die Steuern für kleine Unternehmen senken.",
    "Hast du heute schon etwas gegessen?",
    "Kaká, Éder Militão e Vinícius Júnior",
    "Roma, 12 marzo 2024",
];

fn lines_to_measure() -> Vec<String> {
    if let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        return text.lines().map(str::to_owned).collect();
    }
    let mut lines = Vec::new();
    let mut bytes = 0;
    while bytes < 10_000_000 {
        for sentence in SENTENCES {
            lines.push((*sentence).to_owned());
            bytes += sentence.len() + 1;
        }
    }
    lines
}

fn report(name: &str, bytes: usize, mut round: impl FnMut()) {
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let started = Instant::now();
        round();
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!("{name:<44} {:>8.1} MB/s", bytes as f64 / 1e6 / best);
}

fn main() {
    let lines = lines_to_measure();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    println!("{} lines, {:.1} MB", lines.len(), bytes as f64 / 1e6);
    let open = Detector::open();
    let closed = Detector::closed(&["en".to_owned(), "it".to_owned()]).expect("valid languages");
    open.detect("warm up: load the model");
    report("detect, open set", bytes, || {
        for line in &lines {
            black_box(open.detect(line));
        }
    });
    report("detect, closed set en,it", bytes, || {
        for line in &lines {
            black_box(closed.detect(line));
        }
    });
    let input = lines.join("\n");
    report("`artnorm detect` (normalize, detect, CSV)", bytes, || {
        let mut output = Vec::with_capacity(lines.len() * 12);
        detect_lines(&mut input.as_bytes(), &mut output, &open).expect("in memory");
        black_box(output.flush().ok());
    });
}
