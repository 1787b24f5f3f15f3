//! The `artnorm` command line: a thin clap front over the library.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use artnorm::error::{Error, Result};
use artnorm::filters;
use artnorm::input::InputFormat;
use artnorm::lang::{parse_lang_list, Detector};
use artnorm::normalize::{Form, Options};
use artnorm::output::Dialect;
use artnorm::pipeline::{run_with_context, worker_pool, Context, RunConfig};
use artnorm::xlsx::XlsxOptions;

/// Turns dumps of English and Italian news articles into a clean, spreadsheet-ready CSV corpus.
#[derive(Parser)]
#[command(name = "artnorm", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process article dumps into articles.csv, sentences.csv, mentions.csv and coverage.csv.
    Run(RunArgs),
    /// Normalize text: line N of the output is line N of the input.
    Normalize {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Unicode normalization form.
        #[arg(long, value_enum, default_value_t = FormArg::Nfc)]
        form: FormArg,
        /// Straighten curly quotes, guillemets, dashes and the ellipsis to ASCII.
        #[arg(long)]
        straighten: bool,
        /// Fold to ASCII after repair, for keys (Kaká -> Kaka); implies --straighten.
        #[arg(long)]
        ascii: bool,
    },
    /// Detect the language of each input line; writes lang,confidence rows.
    Detect {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Restrict answers to these languages (closed set), e.g. en,it.
        #[arg(long)]
        langs: Option<String>,
    },
    /// Split text into sentences, one per output line; a blank line is a paragraph break.
    Segment {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Language of the text (ISO 639-1), which selects the abbreviation rules.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Write DIR/corpus.xlsx (a sheet per table, typed cells) from the corpus files in DIR.
    Xlsx {
        /// A directory written by `artnorm run` (or `merge`).
        dir: PathBuf,
        /// The files were written with --no-formula-guard: keep every leading '.
        #[arg(long)]
        no_formula_guard: bool,
    },
    /// Write report.html (summary, charts, tables) from the corpus files in DIR.
    Report {
        /// A directory written by `artnorm run`.
        dir: PathBuf,
    },
    /// Tag gazetteer entities in each input line; writes one CSV row per mention.
    Tag {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Entity list (CSV or TSV); the built-in football gazetteer when absent.
        #[arg(long)]
        gazetteer: Option<PathBuf>,
        /// Language of the text, for aliases_<lang> forms.
        #[arg(long)]
        lang: Option<String>,
        /// Do not prefix formula-like cells with '.
        #[arg(long)]
        no_formula_guard: bool,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Files, directories (walked recursively, in sorted order) or - for standard input.
    #[arg(default_value = "-")]
    inputs: Vec<String>,
    /// Output directory (created when missing; files of a previous run are replaced).
    #[arg(short, long = "output", value_name = "DIR")]
    output: PathBuf,
    /// Entity list (CSV or TSV); the built-in football gazetteer when absent.
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Languages in scope, in the order of the coverage columns.
    #[arg(long, default_value = "en,it")]
    langs: String,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// How to read input files.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    input_format: FormatArg,
    /// Write a UTF-8 byte-order mark and CRLF line ends, for spreadsheet programs.
    #[arg(long)]
    excel: bool,
    /// Field delimiter, one ASCII character (or "tab"). With ';' (for Italian and other
    /// locales whose decimal separator is the comma) decimals are written with a comma (0,99).
    #[arg(long, default_value = ",")]
    delimiter: String,
    /// Do not prefix formula-like cells with '.
    #[arg(long)]
    no_formula_guard: bool,
    /// Also write corpus.xlsx: a sheet per table, typed cells (ids and text as text, numbers as
    /// numbers, dates as dates); a table over 1,048,575 rows continues on another sheet.
    #[arg(long)]
    xlsx: bool,
    /// Also write each CSV file over a spreadsheet's 1,048,576 rows as parts that fit:
    /// NAME.part1.csv, NAME.part2.csv, ... each with the header row.
    #[arg(long)]
    split_csv: bool,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Also write report.html (as `artnorm report DIR` does).
    #[arg(long)]
    report: bool,
    /// Add a text_canonical column to sentences.csv, with every mention in its canonical spelling.
    #[arg(long)]
    canonical_names: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormArg {
    Nfc,
    Nfkc,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    Text,
    Jsonl,
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "artnorm: internal error: {info}. Please report this with the input that caused it."
        );
    }));
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("artnorm: error: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn execute(command: Command) -> Result<()> {
    match command {
        Command::Run(args) => run_command(args),
        Command::Xlsx {
            dir,
            no_formula_guard,
        } => {
            let options = XlsxOptions {
                formula_guard: !no_formula_guard,
            };
            let tables = artnorm::xlsx::write_corpus_xlsx(&dir, &options)?;
            print_continuations(&tables);
            println!("{}", artnorm::xlsx::xlsx_path(&dir).display());
            Ok(())
        }
        Command::Report { dir } => {
            let path = artnorm::report::write_report(&dir)?;
            println!("{}", path.display());
            Ok(())
        }
        Command::Normalize {
            input,
            form,
            straighten,
            ascii,
        } => {
            let options = Options {
                form: match form {
                    FormArg::Nfc => Form::Nfc,
                    FormArg::Nfkc => Form::Nfkc,
                },
                straighten_punctuation: straighten,
                ascii,
            };
            with_io(&input, |i, o| filters::normalize_lines(i, o, options))
        }
        Command::Detect { input, langs } => {
            let detector = match langs {
                Some(langs) => Detector::closed(&parse_lang_list(&langs)?)?,
                None => Detector::open(),
            };
            with_io(&input, |i, o| filters::detect_lines(i, o, &detector))
        }
        Command::Segment { input, lang } => {
            let lang = parse_lang_list(&lang)?.remove(0);
            with_io(&input, |i, o| filters::segment_text(i, o, &lang))
        }
        Command::Tag {
            input,
            gazetteer,
            lang,
            no_formula_guard,
        } => {
            let lang = lang
                .map(|l| parse_lang_list(&l))
                .transpose()?
                .map(|mut l| l.remove(0));
            let context = Context::new(
                gazetteer.as_deref(),
                vec![lang.clone().unwrap_or_else(|| "en".to_owned())],
            )?;
            print_warnings(gazetteer.as_deref(), &context);
            with_io(&input, |i, o| {
                filters::tag_lines(i, o, &context, lang.as_deref(), !no_formula_guard)
            })
        }
    }
}

fn run_command(args: RunArgs) -> Result<()> {
    let delimiter = parse_delimiter(&args.delimiter)?;
    let config = RunConfig {
        inputs: args.inputs,
        out_dir: args.output,
        gazetteer: args.gazetteer,
        langs: parse_lang_list(&args.langs)?,
        jobs: args.jobs.filter(|&j| j > 0),
        input_format: match args.input_format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
        },
        dialect: Dialect {
            delimiter,
            excel: args.excel,
            formula_guard: !args.no_formula_guard,
        },
        progress: !args.quiet,
        canonical_names: args.canonical_names,
        split_csv: args.split_csv,
    };
    let pool = worker_pool(config.jobs)?;
    let context =
        pool.install(|| Context::new(config.gazetteer.as_deref(), config.langs.clone()))?;
    if !args.quiet {
        print_warnings(config.gazetteer.as_deref(), &context);
    }
    let summary = run_with_context(&config, &context, &pool)?;
    if args.report {
        artnorm::report::write_report(&config.out_dir)?;
    }
    let tables = if args.xlsx {
        let options = XlsxOptions {
            formula_guard: config.dialect.formula_guard,
        };
        artnorm::xlsx::write_corpus_xlsx(&config.out_dir, &options)?
    } else {
        Vec::new()
    };
    // a spreadsheet drops the rows past its limit without a word: said even with -q
    for file in &summary.oversized {
        eprintln!("artnorm: warning: {}", file.warning());
    }
    if !args.quiet {
        print_continuations(&tables);
        eprintln!("artnorm: {}", summary.line(&config.out_dir));
    }
    Ok(())
}

/// Says which tables of corpus.xlsx continue on more sheets.
fn print_continuations(tables: &[artnorm::xlsx::TableSheets]) {
    for table in tables {
        if let Some(note) = table.continuation() {
            eprintln!("artnorm: corpus.xlsx: {note}");
        }
    }
}

/// Prints the first warnings about a user's gazetteer, and how many more there are.
fn print_warnings(gazetteer: Option<&std::path::Path>, context: &Context) {
    const SHOWN: usize = 10;
    let Some(path) = gazetteer else {
        return;
    };
    let warnings = context.tagger.warnings();
    for warning in warnings.iter().take(SHOWN) {
        eprintln!("artnorm: warning: gazetteer {}: {warning}", path.display());
    }
    let total = context.tagger.warning_count();
    if total > SHOWN {
        eprintln!(
            "artnorm: warning: gazetteer {}: {} more warnings like these",
            path.display(),
            total - SHOWN
        );
    }
}

fn parse_delimiter(value: &str) -> Result<u8> {
    match value {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if value.len() == 1 && value.is_ascii() && !matches!(value, "\"" | "\n" | "\r") => Ok(value.as_bytes()[0]),
        _ => Err(Error::Usage(format!(
            "--delimiter must be one ASCII character other than a quote or line break (got {value:?})"
        ))),
    }
}

/// Runs a filter from `input` (a path or -) to standard output.
fn with_io(
    input: &str,
    filter: impl FnOnce(&mut dyn BufRead, &mut dyn Write) -> Result<()>,
) -> Result<()> {
    let stdout = io::stdout();
    let mut output = BufWriter::with_capacity(1 << 16, stdout.lock());
    if input == "-" {
        let stdin = io::stdin();
        let mut reader = stdin.lock();
        filter(&mut reader, &mut output)
    } else {
        let file = File::open(input)
            .map_err(|e| Error::Usage(format!("cannot read input {input}: {e}")))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        filter(&mut reader, &mut output)
    }
}
