//! artnorm turns dumps of English and Italian news articles into a clean, spreadsheet-ready
//! CSV corpus, so that researchers and data journalists can compare how the two languages cover
//! the same people, clubs and events.
//!
//! The pipeline, one module per stage, each a small pure API that can be used and tested alone:
//!
//! ```text
//! input -> clean -> normalize -> lang -> segment -> tag -> output
//!                                                      \-> coverage (per entity x language)
//! ```
//!
//! - [`input`]: files, directories, standard input, JSON Lines, gzip, as a stream of articles.
//! - [`record`]: the fields of a JSON Lines record.
//! - [`pieces`]: an article's text line by line, in pieces of bounded size.
//! - [`clean`]: date header, title, bullets, sub-headings, boilerplate.
//! - [`dates`]: article dates in ISO 8601, from the forms real dumps carry.
//! - [`normalize`]: Unicode NFC, mojibake repair, HTML entities, white space.
//! - [`lang`]: language identification (an n-gram model of six languages, whatlang for the
//!   rest) in or out of the languages in scope.
//! - [`segment`]: sentence segmentation for English and Italian.
//! - [`gazetteer`] and [`tag`]: the entity list and the matcher.
//! - [`model`]: the data the stages produce and the writers read (articles, sentences,
//!   mentions and how each was decided), shared so that no writer imports the pipeline.
//! - [`output`]: spreadsheet-safe CSV, written atomically.
//! - [`writeback`]: a large output file's data synced to the disk while the rest is written.
//! - [`limits`]: a spreadsheet's row limit: CSV files over it named, and split into parts.
//! - [`xlsx`]: `corpus.xlsx`, a workbook with typed cells, read from a corpus's CSV files.
//! - [`coverage`]: the per-entity and per-language comparison tables.
//! - [`periods`]: the same counts by week, month, quarter or year (`coverage_by_period.csv`).
//! - [`pipeline`]: all of the above, in parallel and streaming, for `artnorm run`.
//! - [`report`]: the self-contained HTML coverage report.
//! - [`shard`] and [`merge`]: one run cut into shards for a scheduler, and the shards' outputs
//!   merged into exactly the files one run writes.
//! - [`fast_hash`]: the hash maps of the hot paths, whose keys are the program's own.
//! - [`bloom`]: the quick "certainly not" in front of the word tables that hot paths ask most.
//! - [`filters`]: the stage commands (`normalize`, `detect`, `segment`, `tag`).
//!
//! ```
//! use artnorm::{normalize::normalize, segment::segment};
//! assert_eq!(normalize("KakÃ¡ is back"), "Kaká is back");
//! assert_eq!(segment("Mr. Kaká left. He returned.", "en"), vec!["Mr. Kaká left.", "He returned."]);
//! ```

pub mod ascii8;
pub mod bloom;
pub mod clean;
pub mod coverage;
pub mod dates;
pub mod error;
pub mod fast_hash;
pub mod filters;
pub mod gazetteer;
pub mod input;
pub mod lang;
pub mod limits;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod output;
pub mod periods;
pub mod pieces;
pub mod pipeline;
pub mod record;
pub mod report;
pub mod resolve;
pub mod segment;
pub mod shard;
pub mod tag;
pub mod writeback;
pub mod xlsx;

pub use error::{Error, Result};

/// FNV-1a, 64 bits, from `seed` (the standard offset basis is `0xcbf2_9ce4_8422_2325`): a hash
/// that is stable across runs, platforms and versions, unlike std's hasher.
pub(crate) fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut hash = seed;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}
