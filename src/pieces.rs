//! Reading an article's text one line at a time, in pieces of bounded size.
//!
//! A plain-text article may be 256 MB in one line (a dump of punctuation, a page without line
//! breaks). So that no stage ever holds more than a bounded part of one article, the text is
//! handed on line by line, and a line longer than [`PIECE_BYTES`] is cut into pieces: at the
//! last space or tab of its first [`PIECE_BYTES`] bytes when that is in their second half,
//! otherwise at a character boundary. Each piece says whether it continues the line before it.
//! The same cuts are made whether the text is in memory ([`str_pieces`]) or read from a file
//! ([`reader_pieces`]), so an article gives the same rows either way.

use std::io::{self, BufRead};

/// The longest piece of a line handed on at once.
pub const PIECE_BYTES: usize = 1 << 20;

/// Where to cut a text that is longer than `limit` bytes (`bytes.len() > limit`): after the last space or tab of its
/// first `limit` bytes if that is in their second half, else at the last character boundary.
pub fn cut_point(bytes: &[u8], limit: usize, utf8: bool) -> usize {
    let window = &bytes[..limit];
    if let Some(space) = window[limit / 2..]
        .iter()
        .rposition(|&b| b == b' ' || b == b'\t')
    {
        return limit / 2 + space + 1;
    }
    let mut cut = limit;
    if utf8 {
        while cut > 1 && (bytes[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
    }
    cut
}

/// Calls `piece` for every piece of every line of `text` (lines end at `\n`; a `\r` before it
/// is dropped), with whether the piece continues the previous line.
pub fn str_pieces(text: &str, piece: &mut dyn FnMut(&str, bool)) {
    str_pieces_of(text, PIECE_BYTES, piece)
}

fn str_pieces_of(text: &str, limit: usize, piece: &mut dyn FnMut(&str, bool)) {
    for line in text.split('\n') {
        let mut rest = line.strip_suffix('\r').unwrap_or(line);
        let mut continues = false;
        while rest.len() > limit {
            let cut = cut_point(rest.as_bytes(), limit, true);
            piece(&rest[..cut], continues);
            rest = &rest[cut..];
            continues = true;
        }
        piece(rest, continues);
    }
}

/// [`str_pieces`] for text read from `reader`, decoded as UTF-8 (invalid sequences replaced)
/// or, with `windows_1252`, as that code page. A byte-order mark at the start is dropped.
pub fn reader_pieces(
    reader: &mut dyn BufRead,
    windows_1252: bool,
    piece: &mut dyn FnMut(&str, bool),
) -> io::Result<()> {
    reader_pieces_of(reader, windows_1252, PIECE_BYTES, piece)
}

fn reader_pieces_of(
    reader: &mut dyn BufRead,
    windows_1252: bool,
    limit: usize,
    piece: &mut dyn FnMut(&str, bool),
) -> io::Result<()> {
    let mut line: Vec<u8> = Vec::new();
    let mut continues = false;
    // the byte-order mark goes before any line is measured, as in the text it is dropped from
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let mut emit = |bytes: &[u8], continues: bool| {
        if windows_1252 {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            piece(&text, continues);
        } else {
            piece(&String::from_utf8_lossy(bytes), continues);
        }
    };
    loop {
        // gather the line, or one byte more than a piece, whichever comes first
        let mut ended = false;
        let mut at_eof = false;
        while line.len() <= limit {
            let available = match reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                at_eof = true;
                break;
            }
            let room = limit + 1 - line.len();
            let window = &available[..available.len().min(room)];
            match window.iter().position(|&b| b == b'\n') {
                Some(index) => {
                    line.extend_from_slice(&window[..index]);
                    reader.consume(index + 1);
                    ended = true;
                    break;
                }
                None => {
                    let taken = window.len();
                    line.extend_from_slice(window);
                    reader.consume(taken);
                }
            }
        }
        if ended || at_eof {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            emit(&line, continues);
            if at_eof {
                return Ok(());
            }
            line.clear();
            continues = false;
        } else {
            let cut = cut_point(&line, limit, !windows_1252);
            emit(&line[..cut], continues);
            line.drain(..cut);
            continues = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect_str(text: &str, limit: usize) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        str_pieces_of(text, limit, &mut |p, c| out.push((p.to_owned(), c)));
        out
    }

    fn collect_reader(text: &str, limit: usize) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut reader = io::BufReader::with_capacity(7, text.as_bytes());
        reader_pieces_of(&mut reader, false, limit, &mut |p, c| {
            out.push((p.to_owned(), c))
        })
        .unwrap();
        out
    }

    fn non_empty(pieces: Vec<(String, bool)>) -> Vec<(String, bool)> {
        pieces.into_iter().filter(|(p, _)| !p.is_empty()).collect()
    }

    #[test]
    fn long_lines_are_cut_at_white_space() {
        let pieces = collect_str("one two three four\nfive", 10);
        assert_eq!(
            pieces,
            vec![
                ("one two ".to_owned(), false),
                ("three four".to_owned(), true),
                ("five".to_owned(), false)
            ]
        );
    }

    #[test]
    fn without_white_space_at_a_character_boundary() {
        let pieces = collect_str("ééééééé", 5);
        assert!(pieces.iter().all(|(p, _)| p.len() <= 5));
        assert_eq!(
            pieces.iter().map(|(p, _)| p.as_str()).collect::<String>(),
            "ééééééé"
        );
    }

    #[test]
    fn reader_and_memory_cut_alike() {
        for text in [
            "a\r\nbb b\n\nccccccccccccccccccc dd\n",
            "x",
            "",
            "\u{FEFF}é é é é é é é é é é\nééééééééééé",
            "0123456789\n0123456789a",
        ] {
            let from_str = collect_str(text.strip_prefix('\u{FEFF}').unwrap_or(text), 10);
            assert_eq!(
                non_empty(collect_reader(text, 10)),
                non_empty(from_str),
                "{text:?}"
            );
        }
    }
}
