#!/usr/bin/env python3
"""Evaluates `artnorm detect`: per-sentence accuracy and speed, open and closed set.

    scripts/eval_lang.py [--binary target/release/artnorm] FILE.jsonl ...

Each JSON Lines file holds articles with a `text` and a `lang` (ISO 639-1), like those of
../shared/data/articles (used by default when that folder exists). Every text is split into
sentences with `artnorm segment`; each sentence is then detected twice, in the open set (no
--langs) and in the closed set en,it (only for en and it sentences). Prints per language: the
sentences, the share right, the share answered `und`, and, for answers with confidence 0.9 or
more, the share right (the confidence property of the detector). Also prints the MB/s of the
open-set `detect` command on all the sentences, one core (wall time of the whole command).
"""

import argparse
import collections
import csv
import glob
import io
import json
import os
import subprocess
import sys
import time


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


def report(title, gold, rows):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/artnorm")
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
                for sentence in sentences_of(args.binary, record["text"], lang):
                    gold.append(lang)
                    lines.append(sentence.replace("\n", " "))

    rows, speed = detect(args.binary, lines)
    report("open set (no --langs)", gold, rows)
    print(f"  speed: {speed:.1f} MB/s")
    closed = [(g, line) for g, line in zip(gold, lines) if g in ("en", "it")]
    rows, _ = detect(args.binary, [line for _, line in closed], "en,it")
    report("closed set en,it", [g for g, _ in closed], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
