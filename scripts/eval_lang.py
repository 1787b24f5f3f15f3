#!/usr/bin/env python3
"""Evaluates `artnorm detect`: per-sentence accuracy and speed, open and closed set.

    scripts/eval_lang.py [--binary target/release/artnorm] FILE.jsonl ...

Each JSON Lines file holds articles with a `text` and a `lang` (ISO 639-1), like those of
../shared/data/articles (used by default when that folder exists). Every text is split into
sentences with `artnorm segment`; each sentence is then detected twice, in the open set (no
--langs) and in the closed set en,it (only for en and it sentences). Prints per language: the
sentences, the share right, the share answered `und`, and, for answers with confidence 0.9 or
more, the share right (the confidence property of the detector). Also prints the MB/s of the
open-set `detect` command on all the sentences, one core (wall time of the whole command), and
the share of articles that `artnorm run --langs en,it` classifies right: en and it articles
`ok` in their language, the others `other_lang`.

With --holdout, only the held-out fold is read: the articles the compiled-in n-gram model was
not trained on (see examples/train_lang.rs; the same rule is applied here).
"""

import argparse
import tempfile
import collections
import csv
import glob
import io
import json
import os
import subprocess
import sys
import time


def is_held_out(article_id):
    """The held-out fold of examples/train_lang.rs: FNV-1a 64 of the id's last part, mod 5."""
    key = article_id.rsplit("-", 1)[-1]
    value = 0xcbf29ce484222325
    for byte in key.encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001b3) % (1 << 64)
    return value % 5 == 0


def calibration(gold, rows):
    print("  confidence  answers  right")
    edges = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01]
    for low, high in zip(edges, edges[1:]):
        bucket = [(g, r) for g, r in zip(gold, rows)
                  if r["lang"] != "und" and low <= float(r["confidence"]) < high]
        if bucket:
            right = sum(g == r["lang"] for g, r in bucket) / len(bucket)
            print(f"  [{low:.2f},{min(high, 1):.2f}) {len(bucket):8} {100 * right:6.2f}%")


def classify_articles(binary, paths, holdout):
    """Runs `artnorm run --langs en,it` on the articles; returns (right, total, errors)."""
    with tempfile.TemporaryDirectory() as tmp:
        inputs, expected = [], {}
        for n, path in enumerate(paths):
            target = os.path.join(tmp, f"in{n}.jsonl")
            with open(path, encoding="utf-8") as f, open(target, "w", encoding="utf-8") as out:
                for line in f:
                    record = json.loads(line)
                    if holdout and not is_held_out(record.get("id", "")):
                        continue
                    record["id"] = f"{n}:{record.get('id', '')}"
                    expected[record["id"]] = record.get("lang")
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            inputs.append(target)
        out_dir = os.path.join(tmp, "out")
        subprocess.run([binary, "run", "-q", "--langs", "en,it", "-o", out_dir] + inputs,
                       check=True, capture_output=True)
        with open(os.path.join(out_dir, "articles.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    right, errors = 0, []
    for row in rows:
        lang = expected[row["article_id"]]
        if lang in ("en", "it"):
            ok = row["status"] == "ok" and row["lang"] == lang
        else:
            ok = row["status"] == "other_lang" and row["lang"] not in ("en", "it")
        right += ok
        if not ok:
            errors.append(f"{row['article_id']} ({lang}): {row['status']} {row['lang']}")
    return right, len(rows), errors


def sentences_of(binary, text, lang):
    result = subprocess.run([binary, "segment", "--lang", "it" if lang == "it" else "en"],
                            input=text.encode("utf-8"), capture_output=True, check=True)
    return [s for s in result.stdout.decode("utf-8").split("\n") if s.strip()]


def detect(binary, lines, langs=None):
    command = [binary, "detect"] + (["--langs", langs] if langs else [])
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    started = time.perf_counter()
    result = subprocess.run(command, input=data, capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert len(rows) == len(lines), "one row per line"
    return rows, len(data) / 1e6 / elapsed


def report(title, gold, rows, lines=None, show=0):
    print(title)
    print(f"  {'lang':5} {'sentences':>9} {'right':>8} {'und':>7} {'conf>=0.9 right':>16}")
    by_lang = collections.defaultdict(list)
    for expected, row in zip(gold, rows):
        by_lang[expected].append(row)
    worst = 1.0
    for lang in sorted(by_lang):
        answers = by_lang[lang]
        right = sum(r["lang"] == lang for r in answers) / len(answers)
        und = sum(r["lang"] == "und" for r in answers) / len(answers)
        confident = [r for r in answers if float(r["confidence"].replace(",", ".")) >= 0.9]
        confident_right = (sum(r["lang"] == lang for r in confident) / len(confident)
                           if confident else float("nan"))
        worst = min(worst, right)
        print(f"  {lang:5} {len(answers):9} {100 * right:7.1f}% {100 * und:6.1f}% "
              f"{100 * confident_right:9.1f}% of {len(confident)}")
    print(f"  worst language: {100 * worst:.1f}%")
    if lines and show:
        wrong = [(g, r, line) for g, r, line in zip(gold, rows, lines) if r["lang"] != g]
        for g, r, line in wrong[:show]:
            print(f"    {g} read as {r['lang']} ({r['confidence']}): {line[:100]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/artnorm")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print the first N sentences read wrong in each set")
    parser.add_argument("--holdout", action="store_true",
                        help="only the articles the language model was not trained on")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files
    if not files:
        here = os.path.dirname(os.path.abspath(__file__))
        files = sorted(glob.glob(os.path.join(here, "../../shared/data/articles/*.jsonl")))
    if not files:
        print("no input files", file=sys.stderr)
        return 2

    gold, lines = [], []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for record in f:
                record = json.loads(record)
                lang = record.get("lang")
                if not lang or not record.get("text"):
                    continue
                if args.holdout and not is_held_out(record.get("id", "")):
                    continue
                for sentence in sentences_of(args.binary, record["text"], lang):
                    gold.append(lang)
                    lines.append(sentence.replace("\n", " "))

    rows, speed = detect(args.binary, lines)
    report("open set (no --langs)", gold, rows, lines, args.show_errors)
    calibration(gold, rows)
    print(f"  speed: {speed:.1f} MB/s")
    closed = [(g, line) for g, line in zip(gold, lines) if g in ("en", "it")]
    rows, _ = detect(args.binary, [line for _, line in closed], "en,it")
    report("closed set en,it", [g for g, _ in closed], rows, [line for _, line in closed],
           args.show_errors)
    calibration([g for g, _ in closed], rows)
    right, total, errors = classify_articles(args.binary, files, args.holdout)
    print(f"articles (run --langs en,it): {right}/{total} right ({100 * right / total:.2f}%)")
    for error in errors[:20]:
        print(f"  {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
