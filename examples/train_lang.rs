//! Trains the n-gram language model compiled into artnorm (`src/lang/model.bin`), and measures
//! it on held-out text.
//!
//! ```text
//! cargo run --release --example train_lang -- [OPTIONS] INPUT...
//!   --out FILE        write the model there (default: only evaluate)
//!   --order N         longest n-gram in bytes (default 5)
//!   --min-order N     shortest n-gram in bytes (default 3)
//!   --min-count N     keep n-grams seen at least N times in all (default 2)
//!   --alpha X         additive smoothing (default 0.1)
//!   --cap-bytes N     train on at most N bytes of text per language (default 600000)
//!   --holdout         leave out the held-out fold (see below) from training and evaluate on it
//!   --cross-validate  train five models, each without one fold, and evaluate each on its fold
//! ```
//!
//! The defaults are those of the shipped model, which is rebuilt exactly (byte for byte) by
//! `--holdout --out src/lang/model.bin ../shared/data/articles/*.jsonl data/lang/*.txt`.
//! With `TRAIN_LANG_SHOW_ERRORS=1` in the environment, every held-out sentence the bare model
//! reads wrong is printed.
//!
//! An INPUT is either a JSON Lines file of articles with `id`, `lang`, `title` and `text` (the
//! format of `../shared/data/articles`), or a text file named after its language (`it.txt`),
//! such as those of `data/lang/`, which the team wrote for this purpose.
//!
//! Held-out fold: an article is held out when the FNV-1a 64 hash of the last `-`-separated part
//! of its id is divisible by 5 (so that the translations of one excerpt in a parallel corpus
//! fall in the same fold). `scripts/eval_lang.py --holdout` applies the same rule.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use artnorm::lang::ngram::{NgramModel, Trainer, LANG_COUNT, MODEL_LANGS};
use artnorm::segment::segment;

struct Options {
    out: Option<String>,
    order: usize,
    min_order: usize,
    min_count: u32,
    alpha: f64,
    cap_bytes: usize,
    holdout: bool,
    cross_validate: bool,
    inputs: Vec<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        out: None,
        order: 5,
        min_order: 3,
        min_count: 2,
        alpha: 0.1,
        cap_bytes: 600_000,
        holdout: false,
        cross_validate: false,
        inputs: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--out" => options.out = Some(value("--out")?),
            "--order" => options.order = value("--order")?.parse().map_err(|e| format!("{e}"))?,
            "--min-count" => {
                options.min_count = value("--min-count")?.parse().map_err(|e| format!("{e}"))?
            }
            "--min-order" => {
                options.min_order = value("--min-order")?.parse().map_err(|e| format!("{e}"))?
            }
            "--alpha" => options.alpha = value("--alpha")?.parse().map_err(|e| format!("{e}"))?,
            "--cap-bytes" => {
                options.cap_bytes = value("--cap-bytes")?.parse().map_err(|e| format!("{e}"))?
            }
            "--holdout" => options.holdout = true,
            "--cross-validate" => options.cross_validate = true,
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => options.inputs.push(arg),
        }
    }
    if options.inputs.is_empty() {
        return Err("no input".to_owned());
    }
    Ok(options)
}

/// One piece of text with its language and whether it belongs to the held-out fold.
struct Piece {
    lang: usize,
    text: String,
    /// Fold of the article, 0 to 4; fold 0 is the held-out one. Team text has no fold (5).
    fold: u64,
}

impl Piece {
    fn held_out(&self) -> bool {
        self.fold == 0
    }
}

fn fold_of(id: &str) -> u64 {
    let key = id.rsplit('-').next().unwrap_or(id);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in key.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash % 5
}

fn lang_index(code: &str) -> Option<usize> {
    MODEL_LANGS.iter().position(|&l| l == code)
}

fn read_pieces(path: &str) -> Result<Vec<Piece>, String> {
    let content = fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".jsonl") {
        let mut pieces = Vec::new();
        for (number, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", number + 1))?;
            let field = |name: &str| record.get(name).and_then(|v| v.as_str()).unwrap_or("");
            let Some(lang) = lang_index(field("lang")) else {
                continue;
            };
            let mut text = field("title").to_owned();
            text.push('\n');
            text.push_str(field("text"));
            pieces.push(Piece {
                lang,
                text,
                fold: fold_of(field("id")),
            });
        }
        return Ok(pieces);
    }
    let stem = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let lang = lang_index(stem).ok_or(format!("{path}: name the file after its language"))?;
    Ok(content
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| Piece {
            lang,
            text: p.to_owned(),
            fold: 5,
        })
        .collect())
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("train_lang: {message}");
            return ExitCode::from(2);
        }
    };
    let mut pieces = Vec::new();
    for input in &options.inputs {
        match read_pieces(input) {
            Ok(read) => pieces.extend(read),
            Err(message) => {
                eprintln!("train_lang: {message}");
                return ExitCode::from(1);
            }
        }
    }

    if options.cross_validate {
        let mut tallies = no_tallies();
        for fold in 0..5 {
            let model = train(&options, &pieces, Some(fold));
            let evaluation: Vec<&Piece> = pieces.iter().filter(|p| p.fold == fold).collect();
            add_tallies(&mut tallies, evaluate(&model, &evaluation));
        }
        print_tallies(&tallies);
        return ExitCode::SUCCESS;
    }
    let model = train(&options, &pieces, options.holdout.then_some(0));

    if let Some(out) = &options.out {
        let bytes = model.to_bytes();
        if let Err(e) = fs::write(out, &bytes) {
            eprintln!("train_lang: {out}: {e}");
            return ExitCode::from(1);
        }
        eprintln!("wrote {out}: {} bytes", bytes.len());
    }
    if options.holdout {
        let evaluation: Vec<&Piece> = pieces.iter().filter(|p| p.held_out()).collect();
        print_tallies(&evaluate(&model, &evaluation));
    }
    ExitCode::SUCCESS
}

/// A model of all the pieces but those of fold `left_out`.
fn train(options: &Options, pieces: &[Piece], left_out: Option<u64>) -> NgramModel {
    let mut trainer = Trainer::new(options.min_order, options.order);
    let mut trained_bytes = [0usize; LANG_COUNT];
    for piece in pieces {
        if Some(piece.fold) == left_out || trained_bytes[piece.lang] >= options.cap_bytes {
            continue;
        }
        trained_bytes[piece.lang] += piece.text.len();
        trainer.add(piece.lang, &piece.text);
    }
    let model = trainer.build(options.min_count, options.alpha);
    for (lang, bytes) in MODEL_LANGS.iter().zip(trained_bytes) {
        eprintln!("trained {lang}: {bytes} bytes");
    }
    eprintln!("model: {} n-grams", model.len());
    model
}

/// Per language: sentences, right among six, sentences of en/it, right between en and it.
type Tallies = Vec<(usize, usize, usize, usize)>;

fn print_tallies(tallies: &Tallies) {
    println!("lang sentences  open-six  closed-en-it");
    for (code, &(n, right, n_closed, right_closed)) in MODEL_LANGS.iter().zip(tallies) {
        if n == 0 {
            continue;
        }
        let closed = if n_closed > 0 {
            format!("{:.2}%", 100.0 * right_closed as f64 / n_closed as f64)
        } else {
            "-".to_owned()
        };
        println!(
            "{code:4} {n:9}  {:7.2}%  {closed:>12}",
            100.0 * right as f64 / n as f64
        );
    }
}

fn no_tallies() -> Tallies {
    vec![(0, 0, 0, 0); LANG_COUNT]
}

fn add_tallies(total: &mut Tallies, more: Tallies) {
    for (mine, theirs) in total.iter_mut().zip(more) {
        mine.0 += theirs.0;
        mine.1 += theirs.1;
        mine.2 += theirs.2;
        mine.3 += theirs.3;
    }
}

/// Accuracy of the bare model on the held-out sentences: among all six languages, and between
/// English and Italian only.
fn evaluate(model: &NgramModel, pieces: &[&Piece]) -> Tallies {
    let en_it = [lang_index("en").unwrap_or(1), lang_index("it").unwrap_or(4)];
    let mut tallies = no_tallies();
    for piece in pieces {
        let code = MODEL_LANGS[piece.lang];
        for sentence in segment(&piece.text, if code == "it" { "it" } else { "en" }) {
            if sentence.trim().is_empty() {
                continue;
            }
            let costs = model.costs(sentence);
            let tally = &mut tallies[piece.lang];
            tally.0 += 1;
            let best = costs.ranking(&[])[0];
            if best == piece.lang {
                tally.1 += 1;
            } else if std::env::var_os("TRAIN_LANG_SHOW_ERRORS").is_some() {
                println!("{code} read as {}: {sentence}", MODEL_LANGS[best]);
            }
            if en_it.contains(&piece.lang) {
                tally.2 += 1;
                if costs.ranking(&en_it)[0] == piece.lang {
                    tally.3 += 1;
                }
            }
        }
    }
    tallies
}
