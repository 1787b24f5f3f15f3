//! The entity list: loading, validating, and the built-in football gazetteer.
//!
//! A gazetteer is a CSV or TSV file with a header row and the columns `id`, `name`, `type`
//! (required), `aliases` (optional, `|`-separated) and any number of `aliases_<lang>` columns
//! whose forms count only in text of that language (`Brasile` in Italian), and `context`
//! (optional, `|`-separated words or phrases whose presence in the sentence or the article shows
//! that this entity is meant: the resolve stage reads it). Unknown columns are ignored. A malformed file is a usage error that names the file, the line and the problem, so
//! that the user can fix it at once.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// The default gazetteer, written by the artnorm team and embedded in the binary.
pub const BUILTIN_TSV: &str = include_str!("../assets/default_gazetteer.tsv");

/// One entity: a person, a club, a competition...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    /// The canonical spelling, with its diacritics.
    pub name: String,
    /// A free label such as `PERSON` or `CLUB`.
    pub entity_type: String,
    /// The `context` column: words or phrases, folded, that show this entity is meant.
    pub context: Vec<String>,
}

/// Where a surface form comes from; earlier kinds win when two entities share a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormKind {
    Name,
    LanguageAlias,
    Alias,
}

/// A surface form of an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Index of the entity in [`Gazetteer::entities`].
    pub entity: usize,
    pub text: String,
    pub kind: FormKind,
    /// For `aliases_<lang>` forms: the language they count in.
    pub lang: Option<String>,
}

/// A loaded gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub entities: Vec<Entity>,
    pub forms: Vec<Form>,
}

impl Gazetteer {
    /// The built-in football gazetteer.
    pub fn builtin() -> Gazetteer {
        Gazetteer::parse(
            Path::new("<built-in gazetteer>"),
            BUILTIN_TSV.as_bytes(),
            b'\t',
        )
        .expect("the built-in gazetteer is valid (checked by a unit test)")
    }

    /// Loads a gazetteer file; `.tsv` is tab-separated, anything else comma-separated unless the
    /// header row holds a tab and no comma.
    pub fn from_path(path: &Path) -> Result<Gazetteer> {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::gazetteer(path, None, format!("cannot read the file: {e}")))?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let delimiter = match extension.as_deref() {
            Some("tsv") | Some("tab") => b'\t',
            Some("csv") => b',',
            _ => {
                let header = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
                if header.contains(&b'\t') && !header.contains(&b',') {
                    b'\t'
                } else {
                    b','
                }
            }
        };
        Gazetteer::parse(path, &bytes, delimiter)
    }

    /// Parses gazetteer bytes; `path` is only used in messages.
    pub fn parse(path: &Path, bytes: &[u8], delimiter: u8) -> Result<Gazetteer> {
        Gazetteer::parse_in_pieces(path, bytes, delimiter, rayon::current_num_threads() * 4)
    }

    /// [`Gazetteer::parse`], a tab-separated file read in about `pieces` pieces at once (the
    /// result is the same for any number).
    fn parse_in_pieces(
        path: &Path,
        bytes: &[u8],
        delimiter: u8,
        pieces: usize,
    ) -> Result<Gazetteer> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            return Err(Error::gazetteer(
                path,
                Some(line),
                "not valid UTF-8 (save the file as UTF-8)",
            ));
        }
        let body_chunks = chunks(bytes, delimiter, pieces);
        // the first chunk holds the header, read as one file would be
        let mut first = piece_reader(body_chunks[0].bytes, delimiter, true);
        let header = first.headers().map_err(|e| csv_error(path, &e, 0))?.clone();
        let columns = Columns::from_header(path, &header)?;
        let rest = &body_chunks[1..];
        let (first_rows, rest_rows) = rayon::join(
            || read_rows(path, &mut first, &header, &columns, 0),
            || {
                rest.par_iter()
                    .map(|chunk| {
                        let mut rows = piece_reader(chunk.bytes, delimiter, false);
                        read_rows(path, &mut rows, &header, &columns, chunk.lines_before)
                    })
                    .collect::<Vec<Rows>>()
            },
        );
        // the rows in file order, up to the first error (what one reading would have read)
        let pieces: Vec<Rows> = std::iter::once(first_rows).chain(rest_rows).collect();
        // sized once: regrowing them piece after piece copied megabytes, a third of the parsing
        let total = |count: fn(&Rows) -> usize| pieces.iter().map(count).sum::<usize>();
        let mut gazetteer = Gazetteer {
            entities: Vec::with_capacity(total(|rows| rows.entities.len())),
            forms: Vec::with_capacity(total(|rows| rows.forms.len())),
        };
        // the line of each entity, for the check of duplicate ids at the end
        let mut lines: Vec<u64> = Vec::with_capacity(total(|rows| rows.lines.len()));
        let mut error = None;
        for rows in pieces {
            let offset = gazetteer.entities.len();
            gazetteer.entities.extend(rows.entities);
            gazetteer
                .forms
                .extend(rows.forms.into_iter().map(|mut form| {
                    form.entity += offset;
                    form
                }));
            lines.extend(rows.lines);
            if rows.error.is_some() {
                error = rows.error;
                break;
            }
        }
        // a duplicate id is on an earlier line than any error that stopped the reading
        gazetteer.check_unique_ids(path, &lines)?;
        match error {
            Some(error) => Err(error),
            None => Ok(gazetteer),
        }
    }

    /// Fails at the first line (`lines`: of each entity) whose id an earlier line has.
    ///
    /// Sorting the entities by id finds them without a hash map of a copy of every id, which
    /// with a million entries took a third of the parsing time.
    fn check_unique_ids(&self, path: &Path, lines: &[u64]) -> Result<()> {
        let mut order: Vec<u32> = (0..self.entities.len() as u32).collect();
        let id = |index: u32| self.entities[index as usize].id.as_str();
        order.par_sort_unstable_by(|&a, &b| id(a).cmp(id(b)).then(a.cmp(&b)));
        // in each run of one id, the second entity is the first duplicate of the first
        let duplicate = order
            .windows(2)
            .filter(|pair| id(pair[0]) == id(pair[1]))
            .map(|pair| (pair[0] as usize, pair[1] as usize))
            .min_by_key(|&(_, second)| second);
        match duplicate {
            Some((first, second)) => Err(Error::gazetteer(
                path,
                Some(lines[second]),
                format!(
                    "duplicate id {:?} (first on line {})",
                    self.entities[second].id, lines[first]
                ),
            )),
            None => Ok(()),
        }
    }

    /// The entity with this index.
    pub fn entity(&self, index: usize) -> &Entity {
        &self.entities[index]
    }
}

/// A csv reader of one piece of a gazetteer file.
fn piece_reader(chunk: &[u8], delimiter: u8, with_header: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(with_header)
        .flexible(true)
        // tab-separated files carry quotes literally (`Gianluigi "Gigi" Buffon`)
        .quoting(delimiter != b'\t')
        .from_reader(chunk)
}

/// A piece of a gazetteer file that starts at the beginning of a line.
struct Chunk<'a> {
    bytes: &'a [u8],
    /// The line ends before it: its first line is line `lines_before + 1` of the file.
    lines_before: u64,
}

/// Below this many bytes a gazetteer is read in one piece.
const CHUNK_BYTES: usize = 128 << 10;

/// The file cut at line ends into about `pieces` pieces that can be read at the same time: a tab-separated
/// file, whose fields carry quotes literally, ends a row at every line end; a comma-separated
/// one may quote a line end inside a field, and is one piece. Parsing is about a fifth of a
/// run's start-up with the public gazetteer, and start-up is serial time in every run.
fn chunks(bytes: &[u8], delimiter: u8, pieces: usize) -> Vec<Chunk<'_>> {
    if delimiter != b'\t' || pieces < 2 || bytes.len() < 2 * CHUNK_BYTES {
        return vec![Chunk {
            bytes,
            lines_before: 0,
        }];
    }
    let size = (bytes.len() / pieces).max(CHUNK_BYTES);
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut lines_before = 0;
    while start < bytes.len() {
        // the end of the line that holds the byte `size` on, or the end of the file
        let end = bytes[(start + size).min(bytes.len())..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |at| (start + size).min(bytes.len()) + at + 1);
        chunks.push(Chunk {
            bytes: &bytes[start..end],
            lines_before,
        });
        lines_before += line_ends(&bytes[start..end]);
        start = end;
    }
    chunks
}

fn line_ends(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// What one piece of a gazetteer holds: its entities and their forms (entity indices counted
/// from the piece's first entity), the line of each entity, and the error that stopped the
/// reading, if any.
#[derive(Default)]
struct Rows {
    entities: Vec<Entity>,
    forms: Vec<Form>,
    lines: Vec<u64>,
    error: Option<Error>,
}

/// Reads the rows of `reader` (a piece of the file whose first line is line
/// `lines_before + 1`) until its end or the first error.
fn read_rows<R: std::io::Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
    header: &csv::StringRecord,
    columns: &Columns,
    lines_before: u64,
) -> Rows {
    let mut rows = Rows::default();
    // one record reused for every row: a million rows are a million allocations fewer
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                rows.error = Some(csv_error(path, &e, lines_before));
                break;
            }
        }
        let line = lines_before + record.position().map(|p| p.line()).unwrap_or(0);
        if let Err(e) = add_row(path, &record, header, columns, line, &mut rows) {
            rows.error = Some(e);
            break;
        }
    }
    rows
}

/// Adds the row `record`, on line `line`, to `rows`; blank rows are skipped.
fn add_row(
    path: &Path,
    record: &csv::StringRecord,
    header: &csv::StringRecord,
    columns: &Columns,
    line: u64,
    rows: &mut Rows,
) -> Result<()> {
    if record.iter().all(|field| field.trim().is_empty()) {
        return Ok(());
    }
    if record.len() > header.len() {
        return Err(Error::gazetteer(
            path,
            Some(line),
            format!(
                "{} fields, but the header has {}",
                record.len(),
                header.len()
            ),
        ));
    }
    let field = |index: usize| record.get(index).unwrap_or("").trim();
    let id = field(columns.id);
    let name = field(columns.name);
    let entity_type = field(columns.entity_type);
    if id.is_empty() {
        return Err(Error::gazetteer(path, Some(line), "empty id"));
    }
    if name.is_empty() {
        return Err(Error::gazetteer(
            path,
            Some(line),
            format!("empty name for id {id:?}"),
        ));
    }
    if entity_type.is_empty() {
        // a quote left open swallows the rest of the line, the type with it
        let open_quote = record.iter().any(|f| f.contains(['\n', '\r']));
        return Err(Error::gazetteer(
            path,
            Some(line),
            format!(
                "empty type for id {id:?}{}",
                if open_quote {
                    " (a field runs over a line end: is a quote left open?)"
                } else {
                    ""
                }
            ),
        ));
    }
    rows.lines.push(line);
    let entity = rows.entities.len();
    rows.entities.push(Entity {
        id: id.to_owned(),
        name: name.to_owned(),
        entity_type: entity_type.to_owned(),
        context: columns
            .context
            .map(|index| {
                split_aliases(field(index))
                    .map(crate::tag::fold)
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    });
    rows.forms.push(Form {
        entity,
        text: name.to_owned(),
        kind: FormKind::Name,
        lang: None,
    });
    if let Some(aliases) = columns.aliases {
        for alias in split_aliases(field(aliases)) {
            rows.forms.push(Form {
                entity,
                text: alias.to_owned(),
                kind: FormKind::Alias,
                lang: None,
            });
        }
    }
    for (lang, index) in &columns.language_aliases {
        for alias in split_aliases(field(*index)) {
            rows.forms.push(Form {
                entity,
                text: alias.to_owned(),
                kind: FormKind::LanguageAlias,
                lang: Some(lang.clone()),
            });
        }
    }
    Ok(())
}

fn split_aliases(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|')
        .map(str::trim)
        .filter(|alias| !alias.is_empty())
}

/// The error `error` of the csv reader of a piece of the file after `lines_before` lines.
fn csv_error(path: &Path, error: &csv::Error, lines_before: u64) -> Error {
    let line = error.position().map(|p| lines_before + p.line());
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the file as UTF-8)".to_owned(),
        _ => format!("cannot parse: {error}"),
    };
    Error::Gazetteer {
        path: PathBuf::from(path),
        line,
        message,
    }
}

/// Where the known columns are in the header.
struct Columns {
    id: usize,
    name: usize,
    entity_type: usize,
    aliases: Option<usize>,
    language_aliases: Vec<(String, usize)>,
    context: Option<usize>,
}

impl Columns {
    fn from_header(path: &Path, header: &csv::StringRecord) -> Result<Columns> {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let find = |wanted: &str| names.iter().position(|h| h == wanted);
        // a header of another delimiter is one column holding every name
        let hint = match names.as_slice() {
            [only] => [b';', b',', b'\t', b'|']
                .into_iter()
                .find(|&d| only.as_bytes().contains(&d))
                .map(|d| {
                    format!(
                        "; the header looks separated by {:?}, but a .csv gazetteer is separated by ',' and a .tsv one by tabs",
                        char::from(d)
                    )
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        let require = |wanted: &str| {
            find(wanted).ok_or_else(|| {
                Error::gazetteer(
                    path,
                    Some(1),
                    format!(
                        "missing column {wanted:?} (the header must name id, name and type){hint}"
                    ),
                )
            })
        };
        let language_aliases = names
            .iter()
            .enumerate()
            .filter_map(|(index, h)| {
                let lang = h.strip_prefix("aliases_")?;
                (!lang.is_empty()).then(|| (lang.to_owned(), index))
            })
            .collect();
        Ok(Columns {
            id: require("id")?,
            name: require("name")?,
            entity_type: require("type")?,
            aliases: find("aliases"),
            language_aliases,
            context: find("context"),
        })
    }
}

/// The most characters of a canonical name in the corpus files (`mentions.csv`, the coverage
/// tables).
pub const MAX_CANONICAL_CHARS: usize = 256;

impl crate::model::EntityDirectory for Gazetteer {
    fn entity_id(&self, index: usize) -> &str {
        &self.entity(index).id
    }
    /// The name cut to [`MAX_CANONICAL_CHARS`] characters (the gazetteer keeps it whole): each
    /// mention's row repeats it, and a cell needs no more.
    fn canonical(&self, index: usize) -> &str {
        let name = &self.entity(index).name;
        match name.char_indices().nth(MAX_CANONICAL_CHARS) {
            Some((end, _)) => &name[..end],
            None => name,
        }
    }
    fn entity_type(&self, index: usize) -> &str {
        &self.entity(index).entity_type
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tab-separated gazetteer of `rows` rows of about 60 bytes, with blank lines, CRLF line
    /// ends and literal quotes here and there; `edit` may rewrite any row.
    fn large_tsv(rows: usize, edit: impl Fn(usize, String) -> String) -> Vec<u8> {
        let mut text = String::from("id\tname\ttype\taliases\taliases_it\n");
        for row in 0..rows {
            let line = format!(
                "e{row}\tClub \"{row}\" Name\tCLUB\tAlias {row}|Other {row}\tSquadra {row}"
            );
            text.push_str(&edit(row, line));
            text.push_str(if row % 7 == 0 { "\r\n" } else { "\n" });
            if row % 1000 == 3 {
                text.push_str("\n \t \n");
            }
        }
        text.into_bytes()
    }

    #[test]
    fn a_tsv_read_in_pieces_is_the_tsv_read_at_once() {
        let path = Path::new("large.tsv");
        let parse = |bytes: &[u8], pieces: usize| {
            Gazetteer::parse_in_pieces(path, bytes, b'\t', pieces).map_err(|e| e.to_string())
        };
        let bytes = large_tsv(12_000, |_, line| line);
        assert!(bytes.len() > 4 * CHUNK_BYTES, "large enough to be cut");
        assert!(chunks(&bytes, b'\t', 9).len() > 2, "cut into pieces");
        let whole = parse(&bytes, 1).unwrap();
        let pieces = parse(&bytes, 9).unwrap();
        assert_eq!(whole.entities.len(), 12_000);
        assert_eq!(whole.entities, pieces.entities);
        assert_eq!(whole.forms, pieces.forms);
        let last = whole.forms.last().unwrap();
        assert_eq!((last.entity, last.text.as_str()), (11_999, "Squadra 11999"));
        // errors name the same line whichever piece they are in, and a duplicate id before an
        // error is still the error reported
        type Edit = Box<dyn Fn(usize, String) -> String>;
        let broken: [(&str, Edit); 4] = [
            (
                "an empty id late in the file",
                Box::new(|row, line| {
                    if row == 11_000 {
                        "\tName\tCLUB".into()
                    } else {
                        line
                    }
                }),
            ),
            (
                "a duplicate id far from the first",
                Box::new(|row, line| {
                    if row == 9_000 {
                        "e5\tX\tCLUB".into()
                    } else {
                        line
                    }
                }),
            ),
            (
                "a duplicate id, then an error",
                Box::new(|row, line| match row {
                    6_000 => "e5\tX\tCLUB".into(),
                    10_000 => "e\t\tCLUB".into(),
                    _ => line,
                }),
            ),
            (
                "an error, then a duplicate id",
                Box::new(|row, line| match row {
                    4_000 => "e\tX\t".into(),
                    10_000 => "e5\tX\tCLUB".into(),
                    _ => line,
                }),
            ),
        ];
        for (what, edit) in broken {
            let bytes = large_tsv(12_000, edit);
            let whole = parse(&bytes, 1).unwrap_err();
            for count in [2, 5, 9, 40] {
                assert_eq!(
                    parse(&bytes, count).unwrap_err(),
                    whole,
                    "{what}, {count} pieces"
                );
            }
            assert!(whole.contains("line "), "{what}: {whole}");
        }
    }

    #[test]
    fn errors_hint_at_a_wrong_delimiter_and_an_open_quote() {
        let e = Gazetteer::parse(Path::new("g.csv"), b"id;name;type\na;A;CLUB\n", b',')
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("missing column \"id\"") && e.contains("';'"),
            "{e}"
        );
        let e = Gazetteer::parse(
            Path::new("g.csv"),
            b"id,name,type\na,\"A,CLUB\nb,B,CLUB\n",
            b',',
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("quote left open"), "{e}");
    }

    fn parse_tsv(text: &str) -> Result<Gazetteer> {
        Gazetteer::parse(Path::new("g.tsv"), text.as_bytes(), b'\t')
    }

    #[test]
    fn builtin_gazetteer_is_valid_and_large() {
        let g = Gazetteer::parse(Path::new("builtin"), BUILTIN_TSV.as_bytes(), b'\t').unwrap();
        assert!(
            g.entities.len() >= 300,
            "only {} entities",
            g.entities.len()
        );
        assert!(g.entities.iter().any(|e| e.name == "Éder Militão"));
        assert!(g
            .forms
            .iter()
            .any(|f| f.text == "Brasile" && f.lang.as_deref() == Some("it")));
    }

    /// The only forms the built-in gazetteer shares are the two senses of a name, a place and
    /// a team (`Napoli`, `Italia`), which the resolve stage tells apart; nothing else warns but
    /// the lowercase World Cup nouns (`i mondiali`), which the resolve stage counts only as
    /// nouns in text about the sport.
    #[test]
    fn builtin_gazetteer_warns_only_of_the_senses_of_a_name() {
        let g = Gazetteer::builtin();
        let tagger = crate::tag::Tagger::new(&g).unwrap();
        assert!(tagger.warnings().len() > 50);
        let guarded = [
            "\"mondiale\" (fifa_world_cup)",
            "\"mondiali\" (fifa_world_cup)",
        ];
        for warning in tagger.warnings() {
            if guarded.iter().any(|g| warning.starts_with(g)) {
                continue;
            }
            let places = warning.matches("place_").count();
            assert!(
                warning.contains("is a form of")
                    && places >= 1
                    && warning.matches(" and of ").count() == 1,
                "{warning}"
            );
        }
    }

    #[test]
    fn reads_the_context_column_folded() {
        let g = parse_tsv("id\tname\ttype\tcontext\nc\tConte\tPERSON\tCantante | Canzone|| Festival di Sanremo\nk\tKaká\tPLAYER\t\n").unwrap();
        assert_eq!(
            g.entities[0].context,
            ["cantante", "canzone", "festival di sanremo"]
        );
        assert!(g.entities[1].context.is_empty());
    }

    #[test]
    fn reads_names_aliases_and_language_aliases() {
        let g = parse_tsv("id\tname\ttype\taliases\taliases_it\textra\nbr\tBrazil\tTEAM\tSeleção | Selecao\tBrasile\tx\n").unwrap();
        assert_eq!(g.entities[0].name, "Brazil");
        let forms: Vec<_> = g
            .forms
            .iter()
            .map(|f| (f.text.as_str(), f.kind, f.lang.as_deref()))
            .collect();
        assert_eq!(
            forms,
            vec![
                ("Brazil", FormKind::Name, None),
                ("Seleção", FormKind::Alias, None),
                ("Selecao", FormKind::Alias, None),
                ("Brasile", FormKind::LanguageAlias, Some("it")),
            ]
        );
    }

    #[test]
    fn csv_with_bom_and_quotes() {
        let g = Gazetteer::parse(
            Path::new("g.csv"),
            "\u{FEFF}id,name,type\nrm,\"Real Madrid, C.F.\",CLUB\n".as_bytes(),
            b',',
        )
        .unwrap();
        assert_eq!(g.entities[0].name, "Real Madrid, C.F.");
    }

    #[test]
    fn errors_name_the_line_and_problem() {
        let e = parse_tsv("id\tname\ttype\nx\tKaká\tPERSON\nx\tRodrygo\tPERSON\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "gazetteer g.tsv, line 3: duplicate id \"x\" (first on line 2)"
        );
        assert_eq!(e.exit_code(), 2);
        // a duplicate id is reported before an error on a later line
        let e = parse_tsv("id\tname\ttype\nx\tA\tT\nx\tB\tT\ny\t\tT\n").unwrap_err();
        assert!(e.to_string().contains("line 3: duplicate id"), "{e}");
        let e = parse_tsv("id\tname\ttype\nx\tA\tT\ny\t\tT\nx\tB\tT\n").unwrap_err();
        assert!(e.to_string().contains("line 3: empty name"), "{e}");
        // the first line that repeats an earlier id, whatever the order of the ids
        let e = parse_tsv("id\tname\ttype\nz\tA\tT\nb\tB\tT\nc\tC\tT\nb\tD\tT\nz\tE\tT\nb\tF\tT\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "gazetteer g.tsv, line 5: duplicate id \"b\" (first on line 3)"
        );
        let e = parse_tsv("id\tname\nx\tKaká\n").unwrap_err();
        assert!(
            e.to_string().contains("line 1: missing column \"type\""),
            "{e}"
        );
        let e = parse_tsv("id\tname\ttype\nx\t\tPERSON\n").unwrap_err();
        assert!(e.to_string().contains("line 2: empty name"), "{e}");
        let e = Gazetteer::parse(
            Path::new("g.tsv"),
            b"id\tname\ttype\nx\tKak\xE1\tP\n",
            b'\t',
        )
        .unwrap_err();
        assert!(e.to_string().contains("line 2: not valid UTF-8"), "{e}");
    }

    #[test]
    fn blank_rows_are_skipped_and_short_rows_padded() {
        let g = parse_tsv("id\tname\ttype\taliases\n\t\t\t\nk\tKaká\tPERSON\n").unwrap();
        assert_eq!(g.entities.len(), 1);
    }
}
