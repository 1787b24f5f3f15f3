#!/usr/bin/env python3
"""Mention F1 on the three real seed articles (../shared/seeds) and their spelling variants.

The gold (`eval/seeds/gold.tsv`: our own judgements, made by reading each seed and checking every
mention artnorm gave it, adding the ones it missed; no article text) is, per seed file, how
many mentions of each built-in entity the article holds (mentions of `PLACE` rows, the place
sense of a name, are not counted on either side; nor are mentions `run` leaves `ambiguous`).
The score compares those counts with what `artnorm run` finds, as a bag per article: a found
mention is right while the article's gold count for its entity is not used up. Counts rather
than offsets, so that every variant is scored against the same gold:
  original, accents stripped, NFD (decomposed accents), all capitals, no-break spaces, and
  mojibake (UTF-8 read as Windows-1252).

  python3 scripts/eval_seeds.py [--bin target/release/artnorm]
"""

import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "..", "shared", "seeds")
GOLD = os.path.join(ROOT, "eval", "seeds", "gold.tsv")


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def mojibake(text):
    return text.encode("utf-8").decode("cp1252", errors="replace")


VARIANTS = {
    "original": lambda t: t,
    "accents stripped": strip_accents,
    "NFD": lambda t: unicodedata.normalize("NFD", t),
    "all capitals": lambda t: "\n".join(l if l.strip().startswith("date ") else l.upper() for l in t.split("\n")),
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "mojibake": mojibake,
}


def found_counts(bin_path, directory):
    out = os.path.join(directory, "out")
    subprocess.run([bin_path, "run", directory, "-o", out, "-q"], check=True)
    with open(os.path.join(out, "articles.csv"), newline="", encoding="utf-8-sig") as f:
        seed_of = {r["article_id"]: os.path.basename(r["source"]) for r in csv.DictReader(f)}
    counts = collections.Counter()
    with open(os.path.join(out, "mentions.csv"), newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["type"] != "PLACE" and r.get("decision") != "ambiguous":
                counts[(seed_of[r["article_id"]], r["entity_id"])] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "artnorm"))
    args = parser.parse_args()
    gold = collections.Counter()
    with open(GOLD, newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            gold[(r["seed"], r["entity_id"])] += int(r["mentions"])
    seeds = sorted(name for name in os.listdir(SEEDS) if name.endswith(".txt"))
    worst = 1.0
    for label, change in VARIANTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            for name in seeds:
                with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
                    text = f.read()
                data = change(text)
                with open(os.path.join(tmp, name), "wb") as f:
                    f.write(data.encode("utf-8"))
            found = found_counts(args.bin, tmp)
        right = sum(min(n, gold[k]) for k, n in found.items())
        predicted = sum(found.values())
        total = sum(gold.values())
        p = right / predicted if predicted else 0.0
        r = right / total if total else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        worst = min(worst, f1)
        print(f"{label:<18} precision {p:.3f} ({right}/{predicted})  recall {r:.3f} ({right}/{total})  F1 {f1:.3f}")
        extra = {k: n - gold[k] for k, n in found.items() if n > gold[k]}
        missing = {k: gold[k] - found[k] for k in gold if gold[k] > found[k]}
        if extra or missing:
            print(f"    extra {dict(sorted(extra.items()))}\n    missing {dict(sorted(missing.items()))}")
    print(f"lowest F1 over the variants: {worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
