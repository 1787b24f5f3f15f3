#!/usr/bin/env python3
"""Opens a corpus made from real articles in LibreOffice and checks that nothing is silently wrong.

The dump: every record of the JSON Lines files given (default: ../shared/data/articles/*.jsonl),
with its real text and title, and with its `id` and `date` rewritten into the shapes that real
dumps carry and spreadsheets mangle (the data itself has plain ids and few dates):
- ids in turn: the original, zero-padded (`0000042`), 20 digits, `n/m`, `TRUE`/`FALSE`, `-n`;
- dates: the record's own date when it has one, else one made from its position, written in turn
  as ISO, ISO with time and zone, RFC 2822, `2 June 2025`, `2 giugno 2025`, `June 2, 2025`,
  `YYYY-MM`; every 17th record an ambiguous `02/06/2025` and every 23rd an invalid `2025-13-45`.

Then `artnorm run DUMP --xlsx` (and the same in the `;` dialect), LibreOffice (headless) reads
corpus.xlsx and the CSV files, and the script reports:
- ids: every article_id cell of every sheet is a text cell, exactly the id of the input;
- numbers: in corpus.xlsx every count, rate and confidence is a number equal to the CSV value;
  opening the CSV files in an English and an Italian locale, no such value is read as another
  number (it is read as itself, or left as text);
- dates: every complete date is a date cell of the expected day; a month is text; ambiguous
  and invalid ones are absent from `date` and kept in `date_raw`;
- titles: none over 300 characters.

    python3 scripts/check_spreadsheet.py [--binary target/release/artnorm] [JSONL...]
    python3 scripts/check_spreadsheet.py --baseline OLD_ARTNORM   # also the titles of another build

Exits 1 if any check fails. Needs `soffice` (Debian: libreoffice-calc-nogui).
"""

import argparse
import csv
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
T = "{%s}" % NS["table"]
O = "{%s}" % NS["office"]
X = "{%s}" % NS["text"]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def tricky_id(i, original):
    kind = i % 7
    if kind == 0:
        return original
    if kind == 1:
        return "%07d" % i
    if kind == 2:
        return str(10**19 + i * 7919)
    if kind == 3:
        return "%d/%d" % (i, i % 12 + 1)
    if kind == 4:
        return "TRUE" if i % 2 else "FALSE"
    if kind == 5:
        return "-%d" % i
    return "%d" % i  # a plain number


def tricky_date(i, own):
    """(as written in the dump, the ISO date expected in `date` or None, kept in date_raw)."""
    if i % 17 == 5:
        return "02/06/2025", None
    if i % 23 == 7:
        return "2025-13-45", None
    if own:
        day = datetime.date.fromisoformat(own[:10])
    else:
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=(i * 37) % 700)
    form = i % 7
    iso = day.isoformat()
    if form == 0:
        return iso, iso
    if form == 1:
        return iso + "T14:30:00+02:00", iso
    if form == 2:
        return "%s, %02d %s %d 09:15:00 +0000" % (
            DAYS[day.weekday()], day.day, MONTHS_EN[day.month - 1][:3], day.year), iso
    if form == 3:
        return "%d %s %d" % (day.day, MONTHS_EN[day.month - 1], day.year), iso
    if form == 4:
        return "%d %s %d" % (day.day, MONTHS_IT[day.month - 1], day.year), iso
    if form == 5:
        return "%s %d, %d" % (MONTHS_EN[day.month - 1], day.day, day.year), iso
    return iso[:7], iso[:7]


def make_dump(paths, dump):
    expected = []  # (id, date written, ISO expected)
    with open(dump, "w", encoding="utf-8") as out:
        i = 0
        for path in paths:
            for line in open(path, encoding="utf-8"):
                record = json.loads(line)
                i += 1
                new_id = tricky_id(i, str(record.get("id", i)))
                written, iso = tricky_date(i, record.get("date"))
                record["id"] = new_id
                record["date"] = written
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                expected.append((new_id, written, iso))
    return expected


def soffice(profile, source, target, out_dir, infilter=None):
    command = ["soffice", "--headless", "--norestore",
               "-env:UserInstallation=file://" + profile, "--convert-to", target]
    if infilter:
        command.append("--infilter=" + infilter)
    command += ["--outdir", out_dir, source]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(out_dir, os.path.splitext(os.path.basename(source))[0] + ".fods")


def cell_text(cell):
    parts = []
    for p in cell.iter(X + "p"):
        chunk = []

        def walk(node):
            if node.text:
                chunk.append(node.text)
            for child in node:
                if child.tag == X + "s":
                    chunk.append(" " * int(child.get(X + "c", "1")))
                elif child.tag == X + "tab":
                    chunk.append("\t")
                else:
                    walk(child)
                if child.tail:
                    chunk.append(child.tail)

        walk(p)
        parts.append("".join(chunk))
    return "\n".join(parts)


def read_fods(path):
    """{sheet name: [[(type, value, text, has_formula), ...], ...]}"""
    sheets = {}
    root = ET.parse(path).getroot()
    for table in root.iter(T + "table"):
        rows = []
        for row in table.iter(T + "table-row"):
            cells = []
            for cell in row:
                if cell.tag not in (T + "table-cell", T + "covered-table-cell"):
                    continue
                repeat = min(int(cell.get(T + "number-columns-repeated", "1")), 64)
                kind = cell.get(O + "value-type", "")
                value = cell.get(O + "value") or cell.get(O + "date-value") or cell.get(
                    O + "boolean-value")
                entry = (kind, value, cell_text(cell), cell.get(T + "formula") is not None)
                cells.extend([entry] * repeat)
            while cells and cells[-1] == ("", None, "", False):
                cells.pop()
            repeat = int(row.get(T + "number-rows-repeated", "1"))
            if cells:
                rows.extend([cells] * min(repeat, 64))
        sheets[table.get(T + "name")] = rows
    return sheets


def read_csv(path, delimiter):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def unguard(text):
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


NUMERIC = ("lang_confidence", "sentences", "mentions", "boilerplate_lines", "sentence_idx",
           "start", "end", "total_mentions")


def numeric_column(table, name):
    if name in NUMERIC or name.endswith("_per_1000_articles"):
        return True
    if table == "coverage" and (name.endswith("_articles") or name.endswith("_mentions")
                                or name.endswith("_ambiguous")):
        return True
    return table == "languages" and name != "lang"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/artnorm"))
    parser.add_argument("--baseline", help="another artnorm build: print its title figures too")
    args = parser.parse_args()
    inputs = args.inputs or sorted(glob.glob(os.path.join(ROOT, "../shared/data/articles/*.jsonl")))
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)

    with tempfile.TemporaryDirectory() as work:
        profile = os.path.join(work, "lo-profile")
        dump = os.path.join(work, "dump.jsonl")
        expected = make_dump(inputs, dump)
        print("dump: %d records from %d files" % (len(expected), len(inputs)))
        out = os.path.join(work, "out")
        out_sc = os.path.join(work, "out-semicolon")
        subprocess.run([args.binary, "run", dump, "-o", out, "--xlsx"], check=True)
        subprocess.run([args.binary, "run", dump, "-o", out_sc, "--delimiter", ";", "--excel",
                        "-q"], check=True)

        # corpus.xlsx as LibreOffice reads it
        sheets = read_fods(soffice(profile, os.path.join(out, "corpus.xlsx"), "fods", work))
        articles = sheets["articles"]
        header = [c[2] for c in articles[0]]
        col = {name: i for i, name in enumerate(header)}

        def cell(row, name):
            i = col[name]
            return row[i] if i < len(row) else ("", None, "", False)

        ids = [cell(r, "article_id") for r in articles[1:]]
        exact = sum(1 for c, e in zip(ids, expected) if c[0] == "string" and c[2] == e[0])
        check(len(ids) == len(expected), "articles: %d rows, %d records" % (len(ids), len(expected)))
        check(exact == len(expected), "ids: %d of %d exact" % (exact, len(expected)))
        print("ids in corpus.xlsx, articles: %d of %d exact text cells" % (exact, len(expected)))
        known = {e[0] for e in expected}
        for table in ("sentences", "mentions"):
            rows = sheets[table][1:]
            good = sum(1 for r in rows if r[0][0] == "string" and r[0][2] in known)
            check(good == len(rows), "%s: %d of %d ids exact" % (table, good, len(rows)))
            print("ids in corpus.xlsx, %s: %d of %d exact text cells" % (table, good, len(rows)))
        formulas = sum(1 for s in sheets.values() for r in s for c in r if c[3])
        check(formulas == 0, "%d formulas" % formulas)
        print("formulas in corpus.xlsx: %d" % formulas)

        # dates
        dated = sum(1 for e in expected if e[2])
        as_dates = as_text = kept_raw = wrong = 0
        for row, (_, written, iso) in zip(articles[1:], expected):
            date, raw = cell(row, "date"), cell(row, "date_raw")
            if iso and len(iso) == 10:
                if date[0] == "date" and date[1] == iso:
                    as_dates += 1
                else:
                    wrong += 1
            elif iso:
                if date[0] == "string" and date[2] == iso:
                    as_text += 1
                else:
                    wrong += 1
            else:
                if date[0] == "" and raw[2] == written:
                    kept_raw += 1
                else:
                    wrong += 1
        check(wrong == 0, "dates: %d wrong" % wrong)
        print("dates: %d records with a date; %d complete dates are date cells of the right day, "
              "%d months are text, %d ambiguous/invalid kept in date_raw, %d wrong"
              % (len(expected), as_dates, as_text, kept_raw, wrong))
        print("       (%d of them readable, %d not)" % (dated, len(expected) - dated))

        # numbers in corpus.xlsx
        xlsx_numbers = xlsx_bad = 0
        for table in ("articles", "sentences", "mentions", "coverage", "languages"):
            written = read_csv(os.path.join(out, table + ".csv"), ",")
            rows = sheets[table]
            names = written[0]
            for w, r in zip(written[1:], rows[1:]):
                for i, name in enumerate(names):
                    if not numeric_column(table, name) or i >= len(w) or not w[i]:
                        continue
                    c = r[i] if i < len(r) else ("", None, "", False)
                    if c[0] == "float" and abs(float(c[1]) - float(w[i])) < 1e-9:
                        xlsx_numbers += 1
                    else:
                        xlsx_bad += 1
            check(len(rows) == len(written), "%s: %d rows in the sheet, %d in the CSV"
                  % (table, len(rows), len(written)))
        check(xlsx_bad == 0, "xlsx numbers: %d wrong" % xlsx_bad)
        print("numbers in corpus.xlsx: %d number cells equal to the CSV, %d not"
              % (xlsx_numbers, xlsx_bad))

        # numbers in the CSV files, in both locales
        for label, directory, delimiter, code in (("comma", out, ",", "44"),
                                                  ("semicolon", out_sc, ";", "59")):
            for locale, lang in (("1033", "en-US"), ("1040", "it-IT")):
                same = as_text = other = 0
                for table in ("articles", "coverage", "languages"):
                    path = os.path.join(directory, table + ".csv")
                    written = read_csv(path, delimiter)
                    read_dir = os.path.join(work, "csv-%s-%s-%s" % (label, locale, table))
                    os.makedirs(read_dir)
                    fods = soffice(profile, path, "fods", read_dir,
                                   "CSV:%s,34,76,1,,%s" % (code, locale))
                    rows = next(iter(read_fods(fods).values()))
                    for w, r in zip(written[1:], rows[1:]):
                        for i, name in enumerate(written[0]):
                            if not numeric_column(table, name) or i >= len(w) or not w[i]:
                                continue
                            c = r[i] if i < len(r) else ("", None, "", False)
                            value = float(w[i].replace(",", "."))
                            if c[0] == "float" and abs(float(c[1]) - value) < 1e-9:
                                same += 1
                            elif c[0] == "string" and c[2] == w[i]:
                                as_text += 1
                            else:
                                other += 1
                check(other == 0, "CSV %s in %s: %d numbers misread" % (label, lang, other))
                print("CSV, %s dialect, %s locale: %d numbers read as themselves, %d left as "
                      "text, %d read as another value" % (label, lang, same, as_text, other))

        # titles
        def titles_of(directory, label):
            written = read_csv(os.path.join(directory, "articles.csv"), ",")
            titles = [len(r[written[0].index("title")]) for r in written[1:]]
            over = sum(1 for t in titles if t > 300)
            sentences = read_csv(os.path.join(directory, "sentences.csv"), ",")
            kinds = {}
            for r in sentences[1:]:
                kinds[r[2]] = kinds.get(r[2], 0) + 1
            print("titles (%s): %d articles with a title, longest %d characters, %d over 300; "
                  "sentences by kind: %s" % (label, sum(1 for t in titles if t), max(titles), over,
                                             ", ".join("%s %d" % k for k in sorted(kinds.items()))))
            return over

        over = titles_of(out, "this build")
        check(over == 0, "%d titles over 300 characters" % over)
        if args.baseline:
            base = os.path.join(work, "baseline")
            subprocess.run([args.baseline, "run", dump, "-o", base, "-q"], check=True)
            titles_of(base, "baseline " + args.baseline)

    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
