use artnorm::lang::ngram::{NgramModel, MODEL_LANGS};
use std::io::BufRead;
fn main() {
    let model = NgramModel::from_bytes(include_bytes!("../src/lang/model.bin")).unwrap();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let (gold, text) = line.split_once('\t').unwrap_or(("?", &line));
        let c = model.costs(text);
        let r = c.ranking(&[]);
        let best = r[0];
        let f = c.features as f64;
        let short: String = text.chars().take(40).collect();
        let wl = match whatlang::detect(text) {
            Some(i) => format!("{:?} {:.2} {}", i.lang(), i.confidence(), i.is_reliable()),
            None => "none".into(),
        };
        println!(
            "{gold}\t{}\t{:.3}\t{:.3}\t{wl}\t{short}",
            MODEL_LANGS[best],
            c.known as f64 / f,
            c.seen_in[best] as f64 / f
        );
    }
}
