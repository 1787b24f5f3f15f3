//! The stage commands as Unix filters: `normalize`, `detect`, `segment` and `tag`.
//!
//! Each reads text from a reader and writes to a writer, streaming line by line (or paragraph by
//! paragraph for `segment`), so that each stage can be scripted and evaluated alone on inputs of
//! any size. Input lines that are not valid UTF-8 are decoded as Windows-1252, as in `run`.

use std::borrow::Cow;
use std::io::{self, BufRead, Read, Write};

use crate::error::{Error, Result};
use crate::lang::Detector;
use crate::normalize::{decode_bytes, normalize_with, Options};
use crate::output::safe_cell;
use crate::pieces::{cut_point, PIECE_BYTES};
use crate::pipeline::Context;
use crate::segment::segment;

/// The longest input line a stage command reads (as `run` reads no larger article): past it,
/// the command stops with an error (exit 1) instead of growing until memory runs out. It also
/// keeps every text the tagger sees far below the 4 GiB its 32-bit offsets address.
pub const MAX_LINE_BYTES: usize = crate::input::MAX_ARTICLE_BYTES;

/// Reads the next line without its `\n` (and `\r`), decoded (borrowed from `buffer` when it
/// is UTF-8, as nearly every line is); `None` at the end. A line longer than
/// [`MAX_LINE_BYTES`] is an error.
fn next_line<'b>(input: &mut dyn BufRead, buffer: &'b mut Vec<u8>) -> Result<Option<Cow<'b, str>>> {
    buffer.clear();
    let read = Read::take(input, MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buffer)
        .map_err(|e| Error::io("reading the input", e))?;
    if read == 0 {
        return Ok(None);
    }
    if buffer.len() > MAX_LINE_BYTES && buffer.last() != Some(&b'\n') {
        return Err(Error::io(
            "reading the input",
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a line is longer than the limit of {MAX_LINE_BYTES} bytes"),
            ),
        ));
    }
    let had_newline = buffer.last() == Some(&b'\n');
    if had_newline {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
    }
    Ok(Some(decode_bytes(buffer).text))
}

fn write_error(e: io::Error) -> Error {
    Error::io("writing the output", e)
}

/// `artnorm normalize`: line N of the output is line N of the input, normalized.
pub fn normalize_lines(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    options: Options,
) -> Result<()> {
    let mut buffer = Vec::new();
    while let Some(line) = next_line(input, &mut buffer)? {
        let normalized = normalize_with(&line, options);
        // normalization keeps line breaks; a line must stay one line
        let single = normalized.replace('\n', " ");
        writeln!(output, "{single}").map_err(write_error)?;
    }
    output.flush().map_err(write_error)
}

/// `artnorm detect`: a `lang,confidence` row per input line.
pub fn detect_lines(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    detector: &Detector,
) -> Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer
        .write_record(["lang", "confidence"])
        .map_err(csv_error)?;
    let mut buffer = Vec::new();
    while let Some(line) = next_line(input, &mut buffer)? {
        let text = crate::normalize::normalize(&line);
        let detection = detector.detect(&text);
        writer
            .write_record([detection.code(), &confidence_text(detection.confidence)])
            .map_err(csv_error)?;
    }
    writer.flush().map_err(write_error)
}

/// A confidence in [0, 1] with three decimals (`0.975`), without the cost of float formatting,
/// which is a large share of `detect` on short lines.
fn confidence_text(confidence: f64) -> String {
    let thousandths = (confidence.clamp(0.0, 1.0) * 1000.0).round() as u32;
    let mut text = String::with_capacity(5);
    text.push(char::from(b'0' + (thousandths / 1000) as u8));
    text.push('.');
    for divisor in [100, 10, 1] {
        text.push(char::from(b'0' + (thousandths / divisor % 10) as u8));
    }
    text
}

/// `artnorm segment`: one sentence per output line. A blank line ends a paragraph; line breaks
/// inside a paragraph are white space, and are written as a space.
pub fn segment_text(input: &mut dyn BufRead, output: &mut dyn Write, lang: &str) -> Result<()> {
    let mut buffer = Vec::new();
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, output: &mut dyn Write| -> Result<()> {
        for sentence in segment(paragraph, lang) {
            let one_line = join_lines(sentence);
            output.write_all(one_line.as_bytes()).map_err(write_error)?;
            output.write_all(b"\n").map_err(write_error)?;
        }
        paragraph.clear();
        Ok(())
    };
    while let Some(line) = next_line(input, &mut buffer)? {
        if line.trim().is_empty() {
            flush(&mut paragraph, output)?;
        } else {
            if !paragraph.is_empty() {
                paragraph.push('\n');
            }
            paragraph.push_str(&line);
            // a paragraph is segmented in pieces of at most PIECE_BYTES (cut at white space,
            // as `run` cuts a long line), so that it is never held whole
            while paragraph.len() > PIECE_BYTES {
                let cut = cut_point(paragraph.as_bytes(), PIECE_BYTES, true);
                let rest = paragraph.split_off(cut);
                flush(&mut paragraph, output)?;
                paragraph = rest;
            }
        }
    }
    flush(&mut paragraph, output)?;
    output.flush().map_err(write_error)
}

/// Replaces each line break (with the white space around it) by one space.
fn join_lines(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// `artnorm tag`: a row per mention, with character offsets into the input line as given.
pub fn tag_lines(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    context: &Context,
    lang: Option<&str>,
    formula_guard: bool,
) -> Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer
        .write_record([
            "line",
            "start",
            "end",
            "surface",
            "entity_id",
            "canonical",
            "type",
        ])
        .map_err(csv_error)?;
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    while let Some(line) = next_line(input, &mut buffer)? {
        line_number += 1;
        let mentions = context.tagger.tag(&line, lang);
        if mentions.is_empty() {
            continue;
        }
        for mention in mentions {
            let entity = context.gazetteer.entity(mention.entity);
            let surface = mention.surface(&line);
            writer
                .write_record([
                    line_number.to_string().as_str(),
                    mention.start.to_string().as_str(),
                    mention.end.to_string().as_str(),
                    &safe_cell(surface, formula_guard),
                    &safe_cell(&entity.id, formula_guard),
                    &safe_cell(&entity.name, formula_guard),
                    &safe_cell(&entity.entity_type, formula_guard),
                ])
                .map_err(csv_error)?;
        }
    }
    writer.flush().map_err(write_error)
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => write_error(io),
        other => write_error(io::Error::other(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_filter(
        input: &str,
        f: impl FnOnce(&mut dyn BufRead, &mut dyn Write) -> Result<()>,
    ) -> String {
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        f(&mut reader, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn confidence_has_three_decimals() {
        assert_eq!(confidence_text(0.0), "0.000");
        assert_eq!(confidence_text(0.9996), "1.000");
        assert_eq!(confidence_text(0.0625), "0.063");
        assert_eq!(confidence_text(0.5), "0.500");
        assert_eq!(confidence_text(f64::NAN), "0.000");
        for n in 0..=1000 {
            let value = f64::from(n) / 1000.0;
            assert_eq!(confidence_text(value), format!("{value:.3}"));
        }
    }

    #[test]
    fn normalize_keeps_line_count() {
        let out = run_filter("KakÃ¡\n\n  Éder\u{A0}Militão  \n", |i, o| {
            normalize_lines(i, o, Options::default())
        });
        assert_eq!(out, "Kaká\n\nÉder Militão\n");
    }

    #[test]
    fn segment_paragraphs() {
        let out = run_filter(
            "Kaká met them. He left.\n\nNew paragraph\nwith a wrapped line.\n",
            |i, o| segment_text(i, o, "en"),
        );
        assert_eq!(
            out,
            "Kaká met them.\nHe left.\nNew paragraph with a wrapped line.\n"
        );
    }

    #[test]
    fn detect_rows() {
        let detector = Detector::open();
        let out = run_filter(
            "The coach signed a new contract with the club yesterday.\n\n",
            |i, o| detect_lines(i, o, &detector),
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "lang,confidence");
        assert!(lines[1].starts_with("en,"));
        assert_eq!(lines[2], "und,0.000");
    }
}
