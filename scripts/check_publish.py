#!/usr/bin/env python3
"""Checks a corpus end to end, as a demanding new user would: the "Done when" of issues 19 (open
the corpus in a spreadsheet and nothing is silently wrong) and 20 (coverage over time, and a
report a journalist can quote from). Prints one line per check, PASS or FAIL with its figures.

Without --dump, it first makes a dump from public data: every record of the JSON Lines files of
../shared/data/articles (Wikinews in English and Italian, the PUD excerpts in six languages),
with its real text, and with what real dumps carry and spreadsheets mangle: ids `0000042`, 20
digits, `n/m`, `TRUE`/`FALSE`, `-n`, JSON numbers, none; dates in every form of the README's
table (ISO with a time and zone, RFC 2822, `2 June 2025`, `2 giugno 2025`, `June 2, 2025`,
`Friday, July 21, 2017`, `lunedì 2 giugno 2025 alle 14:30`, `giugno 2025`, `2025`,
`13/06/2025`...), ambiguous (`02/06/2025`), invalid (`2025-13-45`) and missing ones; empty titles
over one-paragraph texts, records without a title field, urls; plus the plain-text articles of
../shared/seeds (real scraped files with `date` headers). With --dump, it checks your own
JSON Lines dump (and any other inputs given after it) instead; the checks that need to know the
right date of each record are then limited to the dates' shapes.

Then `artnorm run INPUTS -o out --xlsx --report` (and again in the `;` `--excel` dialect), and:
  ids            corpus.xlsx in LibreOffice: every article_id a text cell, exactly the input's id
                 (articles, sentences, mentions); the CSV files with the id column imported as
                 text give them back exactly too, in an English and an Italian locale
  numbers        corpus.xlsx: every count, rate and confidence a number equal to the CSV value;
                 the CSV files of both dialects opened in an English and an Italian locale: no
                 value read as another number (it is read as itself, or stays text)
  formulas       no formula cell in corpus.xlsx
  dates          complete dates are date cells of the right day, months and years text; a date
                 that could not be read is absent from `date` and kept as written in `date_raw`,
                 and the summary line counts them
  titles         no title over 300 characters; a record with an empty title and a one-paragraph
                 text has no title and only `text` sentences
  urls, pivots   `url` as in the input; mentions.csv's `date` and `lang` are the article's
  periods        coverage_by_period.csv sums back to coverage.csv for every entity and language
                 (articles and mentions), by month, week, quarter and year, in both dialects; each
                 period rate is mentions per 1,000 articles of that language in that period
  report         run --report prints the page's path; the chart's entities are the union of each
                 language's 10 of highest rate in coverage.csv among the rows that are not places,
                 in order, with the CSV's values, and the places chart is the same over the place
                 rows (PLACE, CITY, COUNTRY...); no overflow or clipped label in Chromium at 768,
                 1280 and 1920 px (the probe of tests/report.rs)
  row limit      (not with --no-row-limit) the same articles repeated under new ids until
                 sentences.csv is over 1,048,576 rows: the warning, `--split-csv` parts that rejoin
                 into the file, and corpus.xlsx's `sentences (2)` sheet, read back in LibreOffice,
                 with every row

    python3 scripts/check_publish.py [--binary target/release/artnorm] [--keep DIR]
    python3 scripts/check_publish.py --dump my_dump.jsonl [more inputs...] [--no-row-limit]
    python3 scripts/check_publish.py --make-dump dated.jsonl    # only the dump, dates of 2024

Exits 1 if any check fails. Needs `soffice` (Debian: libreoffice-calc-nogui) and `chromium`.
"""

import argparse
import csv
import datetime
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from check_spreadsheet import (  # noqa: E402  (the LibreOffice readers are shared)
    numeric_column, read_csv, read_fods, soffice, unguard)

csv.field_size_limit(1 << 30)

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DAYS_IT = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
# the type labels the report ranks apart as places (README, "Most covered places")
PLACE_TYPES = {"PLACE", "CITY", "TOWN", "COUNTRY", "REGION", "LOCATION", "GPE", "STATE",
               "VILLAGE", "PROVINCE"}
ROWS = 1_048_576


class Checks:
    def __init__(self):
        self.failed = []
        self.count = 0

    def report(self, name, ok, detail):
        self.count += 1
        print("%s %-10s %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)
        if not ok:
            self.failed.append(name)


# ---- the dump ------------------------------------------------------------------------------

def tricky_id(i, original):
    """(the JSON value of `id` as written, the id expected in article_id, or None: no id)."""
    kind = i % 9
    if kind == 0:
        return json.dumps(original), original
    if kind == 1:
        return '"%07d"' % i, "%07d" % i
    if kind == 2:
        return '"%d"' % (10**19 + i * 7919), str(10**19 + i * 7919)
    if kind == 3:
        return '"%d/%d"' % (i, i % 12 + 1), "%d/%d" % (i, i % 12 + 1)
    if kind == 4:
        # ids are unique: TRUE and FALSE once each, then decimal-looking ones
        if i < 20:
            return ('"TRUE"', "TRUE") if i % 2 else ('"FALSE"', "FALSE")
        return '"%d.50"' % i, "%d.50" % i
    if kind == 5:
        return '"-%d"' % i, "-%d" % i  # the CSV files guard it: '-5
    if kind == 6:
        return "%d" % (10**20 + i), "%d" % (10**20 + i)  # a JSON number past 64 bits
    if kind == 7:
        return None, None  # artnorm derives one
    return '"007-%d"' % i, "007-%d" % i


def tricky_date(i, own):
    """(the date as written or None, the ISO date expected in `date` or None)."""
    if i % 31 == 3:
        return None, None
    if i % 17 == 5:
        return "02/06/2025", None  # ambiguous: 2 June or 6 February
    if i % 23 == 7:
        return "2025-13-45", None  # invalid
    if i % 29 == 11:
        return "30 February 2025", None
    if own:
        day = datetime.date.fromisoformat(own[:10])
    else:
        # a year of news, so that each month has articles in both languages
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=(i * 37) % 366)
    iso = day.isoformat()
    en, it = MONTHS_EN[day.month - 1], MONTHS_IT[day.month - 1]
    forms = [
        (iso, iso),
        (iso + "T14:30:00+02:00", iso),
        (iso + " 23:10 UTC", iso),
        ("%s, %02d %s %d 09:15:00 +0000" % (DAYS_EN[day.weekday()][:3], day.day, en[:3],
                                             day.year), iso),
        ("%d %s %d" % (day.day, en, day.year), iso),
        ("%s %d, %d" % (en, day.day, day.year), iso),
        ("%s, %s %d, %d" % (DAYS_EN[day.weekday()], en, day.day, day.year), iso),
        ("%d %s %d" % (day.day, it, day.year), iso),
        ("%s %d %s %d alle 14:30" % (DAYS_IT[day.weekday()], day.day, it, day.year), iso),
        ("%d %s %d" % (day.day, it[:3], day.year), iso),
        (day.strftime("%Y/%m/%d"), iso),
        ("%s %d" % (en, day.year), iso[:7]),
        ("%s %d" % (it, day.year), iso[:7]),
        (iso[:7], iso[:7]),
        (iso[:4], iso[:4]),
    ]
    if day.day > 12:
        forms.append((day.strftime("%d/%m/%Y"), iso))  # day and month cannot be swapped
    return forms[i % len(forms)]


def one_paragraph(text):
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def url_of(record, i):
    source = record.get("source", "")
    found = re.search(r"\((https?://[^)]+)\)", source)
    if found:
        return found.group(1)
    lang = record.get("lang") or "en"
    title = (record.get("title") or str(record.get("id", i))).replace(" ", "_")[:80]
    return "https://%s.wikinews.org/wiki/%s?utm_source=feed,rss&n=%d" % (lang, title, i)


def make_dump(sources, dump_path, copies=1, id_prefix="", own_dates=True):
    """Writes the dump; returns {line: expectation} for each JSON line (counting from 1)."""
    records = []
    for path in sources:
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    expected = {}
    line = 0
    with open(dump_path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for i, record in enumerate(records):
                n = copy * len(records) + i + 1
                id_json, article_id = tricky_id(n, "%s%s" % (id_prefix, record.get("id", n)))
                if copies > 1 and article_id is not None:
                    article_id = "%s-c%d" % (article_id, copy)
                    id_json = json.dumps(article_id)
                written, iso = tricky_date(n, record.get("date") if own_dates else None)
                fields = []
                if id_json is not None:
                    fields.append('"id": ' + id_json)
                title, text = record.get("title"), record["text"]
                one_paragraph_record = n % 9 == 4
                if one_paragraph_record:
                    title, text = "", one_paragraph(text)
                if n % 13 == 6:
                    title = None  # no title field: a first line counts only when it reads as one
                if title is not None:
                    fields.append('"title": ' + json.dumps(title, ensure_ascii=False))
                if written is not None:
                    fields.append('"date": ' + json.dumps(written, ensure_ascii=False))
                url = url_of(record, n)
                fields.append('"url": ' + json.dumps(url))
                fields.append('"text": ' + json.dumps(text, ensure_ascii=False))
                out.write("{" + ", ".join(fields) + "}\n")
                line += 1
                expected[line] = {"id": article_id, "date": written, "iso": iso, "url": url,
                                  "one_paragraph": one_paragraph_record}
    return expected


def read_inputs(paths):
    """{(path, line): {"id", "date", "url", "one_paragraph"}} of the JSON Lines inputs, as written."""
    found = {}
    for path in paths:
        if not path.endswith((".jsonl", ".ndjson")):
            continue
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    # ids as written: a JSON number keeps its digits
                    record = json.loads(line, parse_int=str, parse_float=str)
                except ValueError:
                    continue
                if not isinstance(record, dict):
                    continue
                raw_id = record.get("id")
                text = record.get("text") if isinstance(record.get("text"), str) else ""
                found[(os.path.abspath(path), number)] = {
                    "id": raw_id if isinstance(raw_id, str) else None,
                    "date": record.get("date") if isinstance(record.get("date"), str) else None,
                    "url": record.get("url") if isinstance(record.get("url"), str) else "",
                    "one_paragraph": record.get("title") == "" and "\n" not in text.strip(),
                }
    return found


# ---- reading the outputs -------------------------------------------------------------------

def table(directory, name, delimiter=","):
    rows = read_csv(os.path.join(directory, name), delimiter)
    return rows[0], rows[1:]


def as_dicts(directory, name, delimiter=","):
    header, rows = table(directory, name, delimiter)
    return [dict(zip(header, r)) for r in rows]


def number(cell):
    return float(cell.replace(",", ".")) if cell else None


def hundredths(cell):
    return round(number(cell) * 100) if cell else None


def run(binary, args, check=True):
    done = subprocess.run([binary] + args, capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.exit("artnorm %s failed (%d): %s" % (" ".join(args), done.returncode, done.stderr))
    return done


# ---- the checks ----------------------------------------------------------------------------

def check_ids(checks, work, profile, out, articles, sources):
    sheets = read_fods(soffice(profile, os.path.join(out, "corpus.xlsx"), "fods", work))
    sheet = sheets["articles"]
    header = [c[2] for c in sheet[0]]
    col = {name: i for i, name in enumerate(header)}

    def cell(row, name):
        i = col[name]
        return row[i] if i < len(row) else ("", None, "", False)

    exact = given = wrong = 0
    bad = []
    for row, article in zip(sheet[1:], articles):
        c = cell(row, "article_id")
        expected = sources.get(split_source(article["source"]), {}).get("id")
        if c[0] != "string":
            wrong += 1
            bad.append(c[2])
            continue
        if expected is None:
            continue
        given += 1
        if c[2] == expected:
            exact += 1
        else:
            wrong += 1
            bad.append("%s for %s" % (c[2], expected))
    checks.report("ids", len(sheet) - 1 == len(articles) and wrong == 0,
                  "corpus.xlsx articles: %d of %d given ids exact text cells, %d rows, %d wrong %s"
                  % (exact, given, len(sheet) - 1, wrong, bad[:3]))
    known = {a["article_id"] for a in articles}
    for name in ("sentences", "mentions"):
        rows = sheets[name][1:]
        good = sum(1 for r in rows if r[0][0] == "string" and r[0][2] in {unguard(k) for k in known}
                   | known)
        checks.report("ids", good == len(rows), "corpus.xlsx %s: %d of %d ids exact text cells"
                      % (name, good, len(rows)))
    formulas = sum(1 for s in sheets.values() for r in s for c in r if c[3])
    checks.report("formulas", formulas == 0, "%d formula cells in corpus.xlsx" % formulas)
    return sheets, col


def split_source(source):
    path, _, line = source.rpartition(":")
    return (path, int(line)) if line.isdigit() else (source, 0)


def check_csv_ids(checks, work, profile, out, articles):
    # the README's advice: import the id column as Text (format 2 for column 1)
    for locale, lang in (("1033", "en-US"), ("1040", "it-IT")):
        path = os.path.join(out, "articles.csv")
        read_dir = os.path.join(work, "ids-" + locale)
        os.makedirs(read_dir)
        fods = soffice(profile, path, "fods", read_dir, "CSV:44,34,76,1,1/2,%s" % locale)
        rows = next(iter(read_fods(fods).values()))[1:]
        exact = sum(1 for r, a in zip(rows, articles) if r[0][2] == a["article_id"])
        checks.report("ids", exact == len(articles),
                      "articles.csv, id column imported as text, %s locale: %d of %d exact"
                      % (lang, exact, len(articles)))


def check_numbers(checks, work, profile, out, out_sc, sheets):
    good = bad = 0
    for name in ("articles", "sentences", "mentions", "coverage", "coverage_by_period",
                 "languages"):
        header, rows = table(out, name + ".csv")
        sheet = sheets[name]
        for w, r in zip(rows, sheet[1:]):
            for i, column in enumerate(header):
                numeric = numeric_column(name, column) or (
                    name == "coverage_by_period" and (column.endswith("_articles")
                                                      or column.endswith("_mentions")))
                if not numeric or i >= len(w) or not w[i]:
                    continue
                c = r[i] if i < len(r) else ("", None, "", False)
                if c[0] == "float" and abs(float(c[1]) - float(w[i])) < 1e-9:
                    good += 1
                else:
                    bad += 1
        if len(sheet) != len(rows) + 1:
            bad += 1
    checks.report("numbers", bad == 0, "corpus.xlsx: %d number cells equal to the CSV, %d not"
                  % (good, bad))
    for label, directory, delimiter, code in (("comma", out, ",", "44"),
                                              ("semicolon", out_sc, ";", "59")):
        for locale, lang in (("1033", "en-US"), ("1040", "it-IT")):
            same = text = other = 0
            for name in ("articles", "coverage", "coverage_by_period", "languages"):
                path = os.path.join(directory, name + ".csv")
                header, rows = table(directory, name + ".csv", delimiter)
                read_dir = os.path.join(work, "csv-%s-%s-%s" % (label, locale, name))
                os.makedirs(read_dir)
                fods = soffice(profile, path, "fods", read_dir, "CSV:%s,34,76,1,,%s"
                               % (code, locale))
                sheet = next(iter(read_fods(fods).values()))[1:]
                for w, r in zip(rows, sheet):
                    for i, column in enumerate(header):
                        numeric = numeric_column(name, column) or (
                            name == "coverage_by_period" and column != "period"
                            and (column.endswith("_articles") or column.endswith("_mentions")))
                        if not numeric or i >= len(w) or not w[i]:
                            continue
                        c = r[i] if i < len(r) else ("", None, "", False)
                        if c[0] == "float" and abs(float(c[1]) - number(w[i])) < 1e-9:
                            same += 1
                        elif c[0] == "string" and c[2] == w[i]:
                            text += 1
                        else:
                            other += 1
            checks.report("numbers", other == 0,
                          "CSV, %s dialect, %s locale: %d read as themselves, %d left as text, "
                          "%d read as another value" % (label, lang, same, text, other))


def check_dates(checks, sheets, col, articles, sources, expected, summary_line):
    sheet = sheets["articles"]

    def cell(row, name):
        i = col[name]
        return row[i] if i < len(row) else ("", None, "", False)

    date_cells = text_cells = kept = wrong = 0
    problems = []
    for row, article in zip(sheet[1:], articles):
        key = split_source(article["source"])
        written = sources.get(key, {}).get("date")
        date, raw = cell(row, "date"), cell(row, "date_raw")
        csv_date = article["date"]
        if expected is not None and key in expected:
            iso = expected[key]["iso"]
            if iso is None and written is not None and csv_date:
                wrong += 1
                problems.append("%r read as %s" % (written, csv_date))
                continue
            if iso is not None and csv_date != iso:
                wrong += 1
                problems.append("%r read as %r, not %s" % (written, csv_date, iso))
                continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", csv_date):
            if date[0] == "date" and date[1][:10] == csv_date:
                date_cells += 1
            else:
                wrong += 1
                problems.append("%s is a %s cell" % (csv_date, date[0] or "empty"))
        elif csv_date:
            if re.fullmatch(r"\d{4}(-\d{2})?", csv_date) and date[0] == "string":
                text_cells += 1
            else:
                wrong += 1
                problems.append("%r in date" % csv_date)
        elif written is not None and written.strip():
            if unguard(article["date_raw"]) == written and raw[2] == written:
                kept += 1
            else:
                wrong += 1
                problems.append("%r lost (date_raw %r)" % (written, article["date_raw"]))
    checks.report("dates", wrong == 0,
                  "%d complete dates are date cells of the right day, %d months or years text, "
                  "%d not read kept in date_raw, %d wrong %s"
                  % (date_cells, text_cells, kept, wrong, problems[:3]))
    not_read = sum(1 for a in articles if a["date_raw"])
    said = re.search(r"; (\d+) dates not read", summary_line)
    checks.report("dates", (int(said.group(1)) if said else 0) == not_read,
                  "the summary line says %s; date_raw holds %d"
                  % (said.group(0)[2:] if said else "nothing", not_read))


def check_titles(checks, out, articles, sources):
    longest = max((len(a["title"]) for a in articles), default=0)
    over = sum(1 for a in articles if len(a["title"]) > 300)
    sentences = as_dicts(out, "sentences.csv")
    long_title_sentences = sum(1 for s in sentences if s["kind"] == "title" and len(s["text"]) > 300)
    checks.report("titles", over == 0 and long_title_sentences == 0,
                  "%d titles, longest %d characters, %d over 300; %d title sentences over 300"
                  % (sum(1 for a in articles if a["title"]), longest, over, long_title_sentences))
    kinds = {}
    for s in sentences:
        kinds.setdefault(s["article_id"], set()).add(s["kind"])
    # a lone paragraph is the article's text: only a line that reads as a headline (at most 200
    # characters, no final sentence punctuation or colon) may be a title-only record
    one = [a for a in articles if sources.get(split_source(a["source"]), {}).get("one_paragraph")
           and a["status"] == "ok"]
    headline = [a for a in one if a["title"] and len(a["title"]) <= 200
                and not re.search(r"[.!?…;:][\"'”’»)]*$", a["title"])]
    wrong = [a["article_id"] for a in one if a not in headline and (
        a["title"] or "title" in kinds.get(a["article_id"], ()))]
    checks.report("titles", not wrong,
                  "%d ok records with an empty title and a one-paragraph text: %d read as a "
                  "headline alone, %d paragraphs made a title %s"
                  % (len(one), len(headline), len(wrong), wrong[:3]))


def check_urls_and_pivots(checks, out, articles, sources):
    given = [(a, sources[split_source(a["source"])]) for a in articles
             if split_source(a["source"]) in sources]
    same = sum(1 for a, s in given if unguard(a["url"]) == s["url"])
    checks.report("urls", same == len(given), "articles.csv url: %d of %d as in the input"
                  % (same, len(given)))
    by_id = {a["article_id"]: a for a in articles}
    mentions = as_dicts(out, "mentions.csv")
    wrong = sum(1 for m in mentions
                if (m["date"], m["lang"]) != (by_id[m["article_id"]]["date"],
                                              by_id[m["article_id"]]["lang"]))
    checks.report("pivots", wrong == 0 and len(mentions) > 0,
                  "mentions.csv: %d rows, %d whose date or lang is not the article's"
                  % (len(mentions), wrong))


def check_periods(checks, directory, delimiter, label):
    header, _ = table(directory, "coverage.csv", delimiter)
    langs = [c[:-len("_per_1000_articles")] for c in header if c.endswith("_per_1000_articles")]
    coverage = {r["entity_id"]: r for r in as_dicts(directory, "coverage.csv", delimiter)}
    sums = {}
    bad_rates = 0
    rows = as_dicts(directory, "coverage_by_period.csv", delimiter)
    for r in rows:
        entry = sums.setdefault(r["entity_id"], {})
        for lang in langs:
            for what in ("articles", "mentions"):
                key = "%s_%s" % (lang, what)
                entry[key] = entry.get(key, 0) + int(r[key])
            period_articles = int(r["%s_period_articles" % lang])
            rate = r["%s_per_1000_articles" % lang]
            if period_articles == 0:
                bad_rates += rate != ""
            elif rate == "" or abs(number(rate) - int(r["%s_mentions" % lang]) * 1000
                                   / period_articles) > 0.005 + 1e-9:
                bad_rates += 1
    mismatched = [e for e in set(coverage) | set(sums)
                  if any(int(coverage.get(e, {}).get("%s_%s" % (l, w), 0) or 0)
                         != sums.get(e, {}).get("%s_%s" % (l, w), 0)
                         for l in langs for w in ("articles", "mentions"))]
    checks.report("periods", not mismatched and bad_rates == 0,
                  "%s: %d entities x %d languages, %d period rows; %d entities whose periods do "
                  "not sum to coverage.csv %s, %d rates not mentions per 1,000 period articles"
                  % (label, len(coverage), len(langs), len(rows), len(mismatched),
                     mismatched[:3], bad_rates))


def expected_ranking(coverage, langs, places):
    chosen = set()
    for lang in langs:
        rated = [(hundredths(r[lang + "_per_1000_articles"]), r["entity_id"]) for r in coverage
                 if (r["type"].strip().upper() in PLACE_TYPES) == places
                 and r[lang + "_per_1000_articles"]]
        rated = sorted((x for x in rated if x[0] > 0), key=lambda x: (-x[0], x[1]))
        chosen.update(e for _, e in rated[:10])
    rows = {r["entity_id"]: r for r in coverage}

    def best(e):
        return max((hundredths(rows[e][l + "_per_1000_articles"]) or 0) for l in langs)
    return sorted(chosen, key=lambda e: (-best(e), e))


def check_report(checks, directory, delimiter, label, stdout):
    page = os.path.join(directory, "report.html")
    checks.report("report", stdout.strip() == page,
                  "%s: run --report printed %r" % (label, stdout.strip()))
    text = open(page, encoding="utf-8").read()
    coverage = as_dicts(directory, "coverage.csv", delimiter)
    header, _ = table(directory, "coverage.csv", delimiter)
    langs = [c[:-len("_per_1000_articles")] for c in header if c.endswith("_per_1000_articles")]
    rows = {r["entity_id"]: r for r in coverage}
    for places, marker, what in ((False, 'class="entity"', "entities"),
                                 (True, 'class="entity place"', "places")):
        shown = [html.unescape(m) for m in re.findall(
            r'<div %s data-box data-entity="([^"]*)"' % re.escape(marker), text)]
        expected = expected_ranking(coverage, langs, places)
        checks.report("ranking", shown == expected,
                      "%s: the report's %d %s are the union of each language's top 10 by rate "
                      "in coverage.csv%s (%s...)"
                      % (label, len(shown), what, "" if shown == expected else
                         ", expected %s" % expected[:5], ", ".join(shown[:4])))
    bars = re.findall(r'<span class="bar" data-entity="([^"]*)" data-lang="([^"]*)" '
                      r'data-value="([^"]*)"', text)
    wrong = [b for b in bars if rows[html.unescape(b[0])][b[1] + "_per_1000_articles"] != b[2]]
    checks.report("ranking", bars and not wrong, "%s: %d bars, %d whose value is not coverage.csv's"
                  % (label, len(bars), len(wrong)))


def check_layout(checks, work, page, label):
    probe = open(os.path.join(ROOT, "tests/data/report_layout_probe.html"), encoding="utf-8").read()
    probed = os.path.join(work, "probe-%s.html" % label)
    with open(probed, "w", encoding="utf-8") as f:
        f.write(open(page, encoding="utf-8").read().replace("</body>", probe + "\n</body>"))
    for width in (768, 1280, 1920):
        dom = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--dump-dom",
             "--window-size=%d,1200" % width,
             "--user-data-dir=" + os.path.join(work, "chromium-%s-%d" % (label, width)),
             "file://" + probed], capture_output=True, text=True).stdout
        found = re.search(r'<pre id="layout-result">(.*?)</pre>', dom, re.S)
        result = json.loads(html.unescape(found.group(1))) if found else {"problems": ["no result"]}
        checks.report("layout", result.get("width") == width and not result["problems"],
                      "%s at %d px: %s labels measured, legends %s, problems %s"
                      % (label, width, result.get("labels"), result.get("legends"),
                         result["problems"][:3]))


def check_row_limit(checks, work, profile, binary, paths, sentences_per_copy):
    """`paths`: the public JSON Lines files; `sentences_per_copy`: the sentences they give."""
    copies = int(ROWS * 1.02 / max(sentences_per_copy, 1)) + 1
    dump = os.path.join(work, "big.jsonl")
    # copies of the whole source set, under new ids
    make_dump(paths, dump, copies=copies)
    size = os.path.getsize(dump)
    out = os.path.join(work, "big-out")
    done = run(binary, ["run", dump, "-o", out, "--xlsx", "--split-csv", "-q"])
    whole = os.path.join(out, "sentences.csv")
    with open(whole, encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f))
    warned = ("warning: sentences.csv has %d rows, more than a spreadsheet's %d" % (rows, ROWS)
              in done.stderr)
    checks.report("row limit", rows > ROWS and warned,
                  "a %.0f MB dump (%d copies): sentences.csv has %d rows; warning printed with -q: "
                  "%s" % (size / 1e6, copies, rows, warned))
    parts = sorted(glob.glob(os.path.join(out, "sentences.part*.csv")))
    joined = []
    fits = True
    for part in parts:
        with open(part, encoding="utf-8", newline="") as f:
            part_rows = list(csv.reader(f))
        fits = fits and len(part_rows) <= ROWS
        joined.extend(part_rows[1:] if joined else part_rows)
    with open(whole, encoding="utf-8", newline="") as f:
        same = joined == list(csv.reader(f))
    checks.report("row limit", len(parts) >= 2 and fits and same,
                  "--split-csv: %d parts, each at most %d rows: %s; together the whole file: %s"
                  % (len(parts), ROWS, fits, same))
    back = os.path.join(work, "big-back")
    os.makedirs(back)
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + profile,
                    "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", back, os.path.join(out, "corpus.xlsx")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def sheet_number(path):
        found = re.search(r" \((\d+)\)\.csv$", path)
        return int(found.group(1)) if found else 1
    sheets = sorted(glob.glob(os.path.join(back, "corpus-sentences*.csv")), key=sheet_number)
    read_back = []
    for sheet in sheets:
        with open(sheet, encoding="utf-8", newline="") as f:
            sheet_rows = list(csv.reader(f))
        read_back.extend(sheet_rows[1:] if read_back else sheet_rows)
    with open(whole, encoding="utf-8", newline="") as f:
        written = [[unguard(c) for c in r] for r in csv.reader(f)]
    same = len(read_back) == len(written) and all(
        a[0] == b[0] and a[4] == b[4] for a, b in zip(read_back, written))
    checks.report("row limit", len(sheets) >= 2 and same,
                  "corpus.xlsx in LibreOffice: sheets %s, %d rows read back, every id and "
                  "sentence as in sentences.csv: %s"
                  % ([os.path.basename(s)[7:-4] for s in sheets], len(read_back), same))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="with --dump: more inputs of the same run")
    parser.add_argument("--dump", help="your own JSON Lines dump instead of the public one")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/artnorm"))
    parser.add_argument("--keep", help="keep the dump and the outputs in this directory")
    parser.add_argument("--make-dump", metavar="FILE",
                        help="only write the public dump to FILE (JSON Lines), every date made "
                        "up within 2024 (none of the records' own), and stop")
    parser.add_argument("--no-row-limit", action="store_true",
                        help="skip the run past 1,048,576 rows (a dump of about 200 MB)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if args.make_dump:
        made = make_dump(sorted(glob.glob(os.path.join(ROOT, "../shared/data/articles/*.jsonl"))),
                         args.make_dump, own_dates=False)
        print("%s: %d records" % (args.make_dump, len(made)))
        return 0
    for program in ("soffice", "chromium"):
        if shutil.which(program) is None:
            sys.exit("check_publish: %s is not installed" % program)
    checks = Checks()
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="check-publish-")
    os.makedirs(work, exist_ok=True)
    profile = os.path.join(work, "lo-profile")
    try:
        expected = None
        if args.dump:
            inputs = [os.path.abspath(args.dump)] + [os.path.abspath(i) for i in args.inputs]
        else:
            dump = os.path.join(work, "dump.jsonl")
            sources = sorted(glob.glob(os.path.join(ROOT, "../shared/data/articles/*.jsonl")))
            made = make_dump(sources, dump)
            expected = {(dump, line): e for line, e in made.items()}
            inputs = [dump]
            seeds = os.path.join(ROOT, "../shared/seeds")
            if os.path.isdir(seeds):
                inputs.append(os.path.abspath(seeds))
            print("dump: %d JSON records from %d files, and %s" % (
                len(made), len(sources), inputs[1:] or "no plain-text files"))
        sources = read_inputs(inputs)
        if expected:
            # the generator knows which records have no id (artnorm derives one)
            for key, e in expected.items():
                sources[key]["id"] = e["id"]
        out, out_sc = os.path.join(work, "out"), os.path.join(work, "out-semicolon")
        done = run(binary, ["run"] + inputs + ["-o", out, "--xlsx", "--report"])
        summary_line = done.stderr.strip().splitlines()[-1]
        print(summary_line)
        done_sc = run(binary, ["run"] + inputs + ["-o", out_sc, "--xlsx", "--report", "-q",
                                                  "--excel", "--delimiter", ";"])
        articles = as_dicts(out, "articles.csv")

        sheets, col = check_ids(checks, work, profile, out, articles, sources)
        check_csv_ids(checks, work, profile, out, articles)
        check_numbers(checks, work, profile, out, out_sc, sheets)
        check_dates(checks, sheets, col, articles, sources, expected, summary_line)
        check_titles(checks, out, articles, sources)
        check_urls_and_pivots(checks, out, articles, sources)
        check_periods(checks, out, ",", "month")
        check_periods(checks, out_sc, ";", "month, ';' dialect")
        for period in ("week", "quarter", "year"):
            other = os.path.join(work, "out-" + period)
            run(binary, ["run"] + inputs + ["-o", other, "-q", "--period", period])
            check_periods(checks, other, ",", period)
        check_report(checks, out, ",", "comma", done.stdout)
        check_report(checks, out_sc, ";", "';' dialect", done_sc.stdout)
        check_layout(checks, work, os.path.join(out, "report.html"), "comma")
        check_layout(checks, work, os.path.join(out_sc, "report.html"), "semicolon")
        if not args.no_row_limit:
            paths = sorted(glob.glob(os.path.join(ROOT, "../shared/data/articles/*.jsonl")))
            once = os.path.join(work, "once")
            run(binary, ["run"] + paths + ["-o", once, "-q"])
            per_copy = len(read_csv(os.path.join(once, "sentences.csv"), ",")) - 1
            check_row_limit(checks, work, profile, binary, paths, per_copy)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d checks, %d failed%s" % (checks.count, len(checks.failed),
                                       ": " + ", ".join(sorted(set(checks.failed)))
                                       if checks.failed else ""))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
