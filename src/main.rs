//! The `artnorm` command line: a thin clap front over the library.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use artnorm::error::{Error, Result};
use artnorm::filters;
use artnorm::input::InputFormat;
use artnorm::lang::{parse_lang_list, Detector};
use artnorm::merge::MergeOptions;
use artnorm::normalize::{Form, Options};
use artnorm::output::Dialect;
use artnorm::periods::Period;
use artnorm::pipeline::{run_with_context_and, worker_pool, Context, RunConfig};
use artnorm::shard::{prepare_shard, ShardSpec};
use artnorm::xlsx::XlsxOptions;

/// Every sentence of a run is a few small allocations (its text, its words, its candidates,
/// its rows) on every worker at once: mimalloc's thread-local free lists serve them at a
/// fraction of the system allocator's cost (measured in the README's throughput section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The index of mimalloc's `purge_delay` option in `mi_option_t` (mimalloc 3; the bindings name
/// only older options): how long freed memory is held before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3's default `purge_delay`, in milliseconds: the value that shows the index is right.
const MIMALLOC_DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Freed memory goes back to the system after 10 ms rather than mimalloc 3's second: a run
/// frees a large article's buffers while it allocates the next one's, and with the default the
/// peak memory of a 50 MB article rose from 155 MB to 194 MB (`scripts/check_memory.sh`). A
/// `MIMALLOC_PURGE_DELAY` set in the environment (but to 1000, the default), or another mimalloc
/// whose option table differs, is left alone. Called first in `main`, before any thread.
fn return_freed_memory_soon() {
    // SAFETY: `mi_option_get` reads an entry of mimalloc's option table (reading the
    // environment the first time) and `mi_option_set` writes it; both check that the index is
    // in range. The write is a plain store, sound here because no other thread exists yet.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MIMALLOC_DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10);
        }
    }
}

/// Turns dumps of English and Italian news articles into a clean, spreadsheet-ready CSV corpus.
#[derive(Parser)]
#[command(
    name = "artnorm",
    version,
    about,
    propagate_version = true,
    after_help = MAIN_EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process article dumps into articles.csv, sentences.csv, mentions.csv and coverage.csv.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Normalize text: line N of the output is line N of the input.
    #[command(after_help = NORMALIZE_EXAMPLES)]
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
    #[command(after_help = DETECT_EXAMPLES)]
    Detect {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Restrict answers to these languages (closed set), e.g. en,it.
        #[arg(long)]
        langs: Option<String>,
    },
    /// Split text into sentences, one per output line; a blank line is a paragraph break.
    #[command(after_help = SEGMENT_EXAMPLES)]
    Segment {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Language of the text (ISO 639-1), which selects the abbreviation rules.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Write DIR/corpus.xlsx (a sheet per table, typed cells) from the corpus files in DIR.
    #[command(after_help = XLSX_EXAMPLES)]
    Xlsx {
        /// A directory written by `artnorm run` (or `merge`).
        dir: PathBuf,
        /// The files were written with --no-formula-guard: keep every leading '.
        #[arg(long)]
        no_formula_guard: bool,
    },
    /// Write report.html (summary, charts, tables) from the corpus files in DIR.
    #[command(after_help = REPORT_EXAMPLES)]
    Report {
        /// A directory written by `artnorm run`.
        dir: PathBuf,
    },
    /// Merge finished shard directories (or one parent of them) into the files one run writes.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// List the finished and missing shards in shard directories (or one parent of them).
    #[command(after_help = STATUS_EXAMPLES)]
    Status {
        /// Shard directories, or one directory holding them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The shard count, to list the missing shards before any has finished.
        #[arg(long, value_name = "N")]
        shards: Option<usize>,
    },
    /// Tag gazetteer entities in each input line; writes one CSV row per mention.
    #[command(after_help = TAG_EXAMPLES)]
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
    /// Files, directories (walked recursively, in sorted order) or - for standard input
    /// (the default when standard input is a pipe).
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
    /// Process shard I of N of the inputs (0 <= I < N), or `auto` to take I and N from a Slurm
    /// job array (or ARTNORM_SHARD=I/N); writes a _SUCCESS marker last.
    #[arg(long, value_name = "I/N|auto")]
    shard: Option<String>,
    /// With --shard: redo the shard even when its directory holds a marker of another run.
    #[arg(long, requires = "shard")]
    force: bool,
    /// How coverage_by_period.csv cuts time: ISO weeks (2025-W07), months (2025-02),
    /// quarters (2025-Q1) or years.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    period: PeriodArg,
}

fn period_of(arg: PeriodArg) -> Period {
    match arg {
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::Year => Period::Year,
    }
}

#[derive(clap::Args)]
struct MergeArgs {
    /// The shards' --period (the periods of coverage_by_period.csv).
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    period: PeriodArg,
    /// Finished shard directories, or one directory holding them.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output directory (created when missing; files of a previous run are replaced).
    #[arg(short, long = "output", value_name = "DIR")]
    output: PathBuf,
    /// The shards' --excel (the shards' own dialect is used when absent).
    #[arg(long)]
    excel: bool,
    /// The shards' --delimiter (the shards' own dialect is used when absent).
    #[arg(long)]
    delimiter: Option<String>,
    /// Also write report.html.
    #[arg(long)]
    report: bool,
    /// No summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Also write corpus.xlsx (one sheet per table, typed cells), as `run --xlsx` does.
    #[arg(long)]
    xlsx: bool,
    /// With --xlsx: the shards were written with --no-formula-guard.
    #[arg(long)]
    no_formula_guard: bool,
    /// Also write each merged CSV file over a spreadsheet's 1,048,576 rows as parts that fit,
    /// as `run --split-csv` does.
    #[arg(long)]
    split_csv: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum PeriodArg {
    Week,
    Month,
    Quarter,
    Year,
}

const MAIN_EXAMPLES: &str = "Examples:
  artnorm run dumps/ -o corpus --report     process a directory, write the corpus and report.html
  artnorm run --help                        options of the main job, and the spreadsheet dialects
  echo 'KakÃ¡' | artnorm normalize          repair and normalize text
  artnorm tag --lang it articles.txt        tag gazetteer entities, one text per line

Every command reads standard input when its input is - or absent (run: when it is a pipe).
Exit status: 0 success, 1 runtime failure, 2 usage or configuration error.";

const RUN_EXAMPLES: &str = "Examples:
  artnorm run dump.jsonl -o corpus
  artnorm run scraped/ more.jsonl.gz -o corpus --report --period quarter
  artnorm run dump.jsonl -o corpus --gazetteer my_entities.tsv --langs en,it -j 4
  zcat dump.jsonl.gz | artnorm run - -o corpus
  artnorm run dump.jsonl -o corpus-excel --excel --delimiter ';'

Spreadsheets:
  --excel adds a UTF-8 byte-order mark and CRLF line ends, so Excel keeps the accents.
  In Italian-locale (and other comma-decimal) spreadsheets use --excel --delimiter ';':
  with ';' as delimiter, decimals are written with a comma (833,33), as those locales read
  them; with any other delimiter they use a point (833.33).

Writes articles.csv, sentences.csv, mentions.csv, coverage.csv, coverage_by_period.csv,
languages.csv and run.json into DIR (and report.html with --report).";

const NORMALIZE_EXAMPLES: &str = "Examples:
  printf 'KakÃ¡ and Ã‰der MilitÃ£o\n' | artnorm normalize      Kaká and Éder Militão
  artnorm normalize --ascii names.txt > keys.txt                Kaká -> Kaka";

const DETECT_EXAMPLES: &str = "Examples:
  printf 'The coach signed on Monday.\nIl tecnico ha firmato ieri.\n' | artnorm detect
  artnorm detect --langs en,it sentences.txt > langs.csv";

const SEGMENT_EXAMPLES: &str = "Examples:
  printf 'Il Sig. Rossi è arrivato alle 20.45. Poi è ripartito.\n' | artnorm segment --lang it
  artnorm segment --lang en article.txt > sentences.txt";

const REPORT_EXAMPLES: &str = "Examples:
  artnorm report corpus && xdg-open corpus/report.html

DIR is a directory written by `artnorm run`, in any dialect (comma or ';', --excel).";

const XLSX_EXAMPLES: &str = "Examples:
  artnorm xlsx corpus                       corpus/corpus.xlsx from the CSV files of a run
  artnorm run dump.jsonl -o corpus --xlsx   the same at the end of the run

Ids, titles and text are text cells (007 stays 007), counts and rates numbers, complete dates
dates, whatever the CSV dialect. A table over 1,048,575 rows continues on `NAME (2)`.";

const MERGE_EXAMPLES: &str = "Examples:
  artnorm merge shards/ -o corpus --report --xlsx
  artnorm merge shards/0 shards/1 shards/2 -o corpus --period quarter

Writes the files one `artnorm run` over all the inputs writes (byte for byte); a CSV file over a
spreadsheet's 1,048,576 rows is named in a warning (--split-csv also writes it in parts).";

const STATUS_EXAMPLES: &str = "Examples:
  artnorm status shards/ --shards 16        finished and missing shards, and a Slurm --array
                                            expression (3,7,12-15) to resubmit the missing ones";

const TAG_EXAMPLES: &str = "Examples:
  echo 'Ancelotti lascia il Real Madrid per il Brasile' | artnorm tag --lang it
  artnorm tag --gazetteer my_entities.tsv --lang en texts.txt > mentions.csv

With --gazetteer, forms shared by several entities and other problems are printed as warnings.";

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

/// Prints a message on standard error, best effort: when standard error cannot be written
/// (`2>/dev/full`, a closed pipe) the message is lost, but the command goes on and its exit
/// status is the one it would have had (`eprintln!` would panic instead).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

/// Writes a line on standard output; a failure (a closed pipe) is an error of the command, not
/// a panic as with `println!`.
fn print_out(text: impl std::fmt::Display) -> Result<()> {
    let mut stdout = io::stdout().lock();
    write!(stdout, "{text}")
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io("writing to standard output", e))
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    std::panic::set_hook(Box::new(|info| {
        say!("artnorm: internal error: {info}. Please report this with the input that caused it.");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // help and version go to standard output; a bad flag is a usage error (2)
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // the reader of our output has gone (`| head`): exit 1, without a message that would
        // only clutter the terminal of a pipeline that ended on purpose
        Err(error) if error.is_broken_pipe() => ExitCode::from(1),
        Err(error) => {
            say!("artnorm: error: {error}");
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn execute(command: Command) -> Result<()> {
    match command {
        Command::Run(args) => run_command(args),
        Command::Merge(args) => merge_command(args),
        Command::Status { dirs, shards } => {
            let dirs = artnorm::merge::shard_dirs(&dirs, None)?;
            print_out(artnorm::merge::Survey::of(&dirs, shards).status_text())
        }
        Command::Xlsx {
            dir,
            no_formula_guard,
        } => {
            let options = XlsxOptions {
                formula_guard: !no_formula_guard,
            };
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "cannot read corpus directory {}: not a directory",
                    dir.display()
                )));
            }
            let tables = artnorm::output::add_to_set(&dir, |staging| {
                artnorm::xlsx::write_corpus_xlsx(staging, &options)
            })?;
            print_continuations(&tables);
            print_out(format!("{}\n", artnorm::xlsx::xlsx_path(&dir).display()))
        }
        Command::Report { dir } => {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "cannot read corpus directory {}: not a directory",
                    dir.display()
                )));
            }
            let path = artnorm::output::add_to_set(&dir, artnorm::report::write_report)?;
            print_out(format!("{}\n", path.display()))
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
            let lang = parse_lang(&lang, "--lang")?;
            with_io(&input, |i, o| filters::segment_text(i, o, &lang))
        }
        Command::Tag {
            input,
            gazetteer,
            lang,
            no_formula_guard,
        } => {
            let lang = lang.map(|l| parse_lang(&l, "--lang")).transpose()?;
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

/// The most worker threads `-j` may ask for, per core: more only costs memory and start-up
/// time (10,000 threads took over a minute to start on empty input).
const MAX_JOBS_PER_CORE: usize = 8;

/// One language code, for a flag that takes one (`parse_lang_list` names `--langs` in its
/// errors).
fn parse_lang(value: &str, flag: &str) -> Result<String> {
    match parse_lang_list(value) {
        Ok(mut langs) if langs.len() == 1 => Ok(langs.remove(0)),
        Ok(_) => Err(Error::Usage(format!(
            "{flag} takes one language code (got {value:?})"
        ))),
        Err(Error::Usage(message)) => Err(Error::Usage(message.replace("--langs", flag))),
        Err(other) => Err(other),
    }
}

fn run_command(args: RunArgs) -> Result<()> {
    let delimiter = parse_delimiter(&args.delimiter)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = match args.jobs.filter(|&j| j > 0) {
        Some(jobs) if jobs > cores * MAX_JOBS_PER_CORE => {
            let capped = cores * MAX_JOBS_PER_CORE;
            if !args.quiet {
                say!("artnorm: warning: -j {jobs} is more than {MAX_JOBS_PER_CORE} threads per core: using {capped}");
            }
            Some(capped)
        }
        other => other,
    };
    let inputs = if args.inputs.is_empty() {
        // reading a terminal would wait silently for text typed by hand
        if io::stdin().is_terminal() {
            return Err(Error::Usage(format!(
                "no input: name files or directories, or pipe a dump into standard input, e.g.\n  artnorm run dump.jsonl -o {0}\n  zcat dump.jsonl.gz | artnorm run - -o {0}",
                args.output.display()
            )));
        }
        vec!["-".to_owned()]
    } else {
        if args.inputs.iter().any(|i| i == "-") && io::stdin().is_terminal() && !args.quiet {
            // asked for by name, so read; but say what it is waiting for
            say!(
                "artnorm: reading articles typed on the terminal; end with Ctrl-D (to read a file, pipe it: zcat dump.jsonl.gz | artnorm run - -o DIR)"
            );
        }
        args.inputs
    };
    let config = RunConfig {
        inputs,
        out_dir: args.output,
        gazetteer: args.gazetteer,
        langs: parse_lang_list(&args.langs)?,
        jobs,
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
        period: period_of(args.period),
    };
    let shard = match args.shard.as_deref() {
        None => None,
        Some("auto") => {
            let (spec, how) = ShardSpec::from_env(&|name| std::env::var(name).ok())?;
            say!("artnorm: shard {spec} (from {how})");
            Some(spec)
        }
        Some(text) => {
            let spec = ShardSpec::parse(text)?;
            if !args.quiet {
                say!("artnorm: shard {spec}");
            }
            Some(spec)
        }
    };
    let pending = match shard {
        Some(spec) => match prepare_shard(&config, spec, args.force)? {
            Some(pending) => Some(pending),
            None => {
                say!(
                    "artnorm: shard {spec} is already finished in {} (its {} is valid): nothing to do",
                    config.out_dir.display(),
                    artnorm::shard::MARKER
                );
                return Ok(());
            }
        },
        None => None,
    };
    let pool = worker_pool(config.jobs)?;
    let context =
        pool.install(|| Context::new(config.gazetteer.as_deref(), config.langs.clone()))?;
    // freeing the compiled gazetteer (millions of small allocations for a large one) is work
    // the process's exit does at once: a run's last 40 ms with the public gazetteer
    let context = std::mem::ManuallyDrop::new(context);
    if !args.quiet {
        print_warnings(config.gazetteer.as_deref(), &context);
    }
    if let Some(pending) = pending {
        let summary = pending.run(&config, &context, &pool, args.report)?;
        if args.xlsx {
            // a shard's part of the corpus is not what a reader opens: say so, not nothing
            say!(
                "artnorm: note: --xlsx is for the whole corpus: a shard writes none; `artnorm merge SHARDS -o DIR --xlsx` writes DIR/corpus.xlsx"
            );
        }
        for file in &summary.oversized {
            say!("artnorm: warning: {}", file.warning());
        }
        if !args.quiet {
            for notice in &summary.notices {
                say!("artnorm: warning: {notice}");
            }
            say!("artnorm: {}", summary.line(&config.out_dir));
        }
        return Ok(());
    }
    // the report and the workbook are part of the output set: written before the set is
    // committed, so that neither is ever older or newer than the corpus beside it
    let mut tables = Vec::new();
    let mut report = None;
    let summary = run_with_context_and(&config, &context, &pool, |set, _| {
        if args.report {
            let staged = artnorm::report::write_report(set.staging_dir())?;
            report = staged.file_name().map(|name| config.out_dir.join(name));
        }
        if args.xlsx {
            let options = XlsxOptions {
                formula_guard: config.dialect.formula_guard,
            };
            tables = artnorm::xlsx::write_corpus_xlsx(set.staging_dir(), &options)?;
        }
        Ok(())
    })?;
    // a spreadsheet drops the rows past its limit without a word: said even with -q
    for file in &summary.oversized {
        say!("artnorm: warning: {}", file.warning());
    }
    if !args.quiet {
        for notice in &summary.notices {
            say!("artnorm: warning: {notice}");
        }
        print_continuations(&tables);
        say!("artnorm: {}", summary.line(&config.out_dir));
    }
    if let Some(path) = report {
        // on standard output, like `artnorm report`, so that a script can open it
        print_out(format!("{}\n", path.display()))?;
    }
    Ok(())
}

fn merge_command(args: MergeArgs) -> Result<()> {
    let options = MergeOptions {
        excel: args.excel.then_some(true),
        delimiter: args.delimiter.as_deref().map(parse_delimiter).transpose()?,
        report: args.report,
        period: period_of(args.period),
    };
    let mut tables = Vec::new();
    let mut oversized = Vec::new();
    let mut parts = Vec::new();
    let summary = artnorm::merge::merge_and(&args.dirs, &args.output, &options, |staging| {
        // shards that each fit a spreadsheet can merge into a file that does not: said as
        // `run` does, and split in the staging directory so the parts are in the output set
        let names = artnorm::pipeline::OUTPUT_FILES;
        oversized = artnorm::limits::oversized_files(staging, names)?;
        let to_split = if args.split_csv { &oversized[..] } else { &[] };
        parts = artnorm::limits::split_oversized(staging, names, to_split)?;
        if args.xlsx {
            let options = XlsxOptions {
                formula_guard: !args.no_formula_guard,
            };
            tables = artnorm::xlsx::write_corpus_xlsx(staging, &options)?;
        }
        Ok(())
    })?;
    for file in &oversized {
        say!("artnorm: warning: {}", file.warning());
    }
    if !args.quiet {
        if !parts.is_empty() {
            say!("artnorm: split into {}", parts.join(", "));
        }
        print_continuations(&tables);
        say!(
            "artnorm: merged {} shards, {} articles -> {}",
            summary.shards,
            summary.articles,
            args.output.display()
        );
    }
    Ok(())
}

/// Says which tables of corpus.xlsx continue on more sheets.
fn print_continuations(tables: &[artnorm::xlsx::TableSheets]) {
    for table in tables {
        if let Some(note) = table.continuation() {
            say!("artnorm: corpus.xlsx: {note}");
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
        say!("artnorm: warning: gazetteer {}: {warning}", path.display());
    }
    let total = context.tagger.warning_count();
    if total > SHOWN {
        say!(
            "artnorm: warning: gazetteer {}: {} more warnings like these",
            path.display(),
            total - SHOWN
        );
    }
}

fn parse_delimiter(value: &str) -> Result<u8> {
    match value {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        // a letter, digit or `_` would be part of the column names, and no reader (`report`
        // among them) could tell the columns apart
        _ if value.len() == 1
            && value.is_ascii()
            && !matches!(value, "\"" | "\n" | "\r")
            && !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            Ok(value.as_bytes()[0])
        }
        _ => Err(Error::Usage(format!(
            "--delimiter must be one ASCII character other than a letter, digit, '_', quote or line break (got {value:?})"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_at_start_is_mimallocs_purge_delay() {
        // SAFETY: as in `return_freed_memory_soon`: a read of mimalloc's option table
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(
            value, MIMALLOC_DEFAULT_PURGE_DELAY,
            "option {MI_OPTION_PURGE_DELAY} is not purge_delay at its default (is MIMALLOC_PURGE_DELAY set?)"
        );
    }
}
