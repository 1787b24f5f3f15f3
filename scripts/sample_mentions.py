#!/usr/bin/env python3
"""A generalization study: artnorm's mentions on the real articles nobody judged.

Runs `artnorm run` with the built-in gazetteer on every Italian Wikinews article and every
English GUM and PUD article of ../shared/data/articles except the judged ones (all splits of
eval/mentions/selection.json, held-out ones included: their text and output are never looked
at here), then prints:
- per entity, the most frequent surfaces it was found as (to spot a systematic wrong sense);
- a seeded random sample of N mentions per language, each with its sentence, for judging by
  hand (`--tsv` writes the sample as rows ready for a judgement column).

The judged sample is an extra figure next to the dev and fresh splits: nobody tuned on those
articles before it was drawn.

Usage: python3 scripts/sample_mentions.py [--bin PATH] [--per-lang 80] [--seed 14]
       [--top 5] [--tsv OUT] [--out-dir DIR]
"""

import argparse
import collections
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ARTICLES = os.path.join(REPO, "..", "shared", "data", "articles")
SELECTION = os.path.join(REPO, "eval", "mentions", "selection.json")
SOURCES = {"kind_wikinews.jsonl": "it", "gum_wikinews.jsonl": "en", "pud_en.jsonl": "en"}


def judged_ids():
    """Every article id of every split, held-out splits included, so that none is looked at."""
    with open(SELECTION) as f:
        selection = json.load(f)
    ids = set(selection.get("en", [])) | set(selection.get("it", []))
    for part in selection.get("splits", {}).values():
        for lang in ("en", "it"):
            ids |= set(part.get(lang, []))
    return ids


def write_input(path):
    skip = judged_ids()
    kept = 0
    with open(path, "w") as out:
        for name in SOURCES:
            with open(os.path.join(ARTICLES, name)) as f:
                for line in f:
                    if json.loads(line)["id"] in skip:
                        continue
                    out.write(line)
                    kept += 1
    return kept


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "artnorm"))
    ap.add_argument("--per-lang", type=int, default=80)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--tsv", help="write the sample as TSV rows here")
    ap.add_argument("--out-dir", help="keep artnorm's output here (default: a temporary dir)")
    args = ap.parse_args()

    work = args.out_dir or tempfile.mkdtemp(prefix="artnorm-sample-")
    os.makedirs(work, exist_ok=True)
    input_path = os.path.join(work, "input.jsonl")
    kept = write_input(input_path)
    out_dir = os.path.join(work, "out")
    subprocess.run([args.bin, "run", input_path, "-o", out_dir, "-q", "-j", "2"],
                   check=True)
    mentions = read_csv(os.path.join(out_dir, "mentions.csv"))
    sentences = {(r["article_id"], r["sentence_idx"]): r["text"]
                 for r in read_csv(os.path.join(out_dir, "sentences.csv"))}
    skip = judged_ids()
    mentions = [m for m in mentions if m["article_id"] not in skip]
    print(f"# {kept} articles, {len(mentions)} mentions")

    by_lang = collections.defaultdict(list)
    for m in mentions:
        by_lang[m["lang"]].append(m)
    for lang in sorted(by_lang):
        rows = by_lang[lang]
        counted = [m for m in rows if m["decision"] != "ambiguous"]
        print(f"\n## {lang}: {len(rows)} mentions, {len(rows) - len(counted)} ambiguous")
        per_entity = collections.defaultdict(collections.Counter)
        for m in counted:
            per_entity[m["entity_id"]][m["surface"]] += 1
        for entity, surfaces in sorted(per_entity.items(), key=lambda kv: -sum(kv[1].values())):
            top = ", ".join(f"{s} {n}" for s, n in surfaces.most_common(args.top))
            print(f"  {entity:32} {sum(surfaces.values()):5}  {top}")

    sample_rows = []
    for lang in sorted(by_lang):
        counted = [m for m in by_lang[lang] if m["decision"] != "ambiguous"]
        rng = random.Random(f"{args.seed}-{lang}")
        picked = rng.sample(counted, min(args.per_lang, len(counted)))
        print(f"\n## sample {lang} ({len(picked)} of {len(counted)}, seed {args.seed})")
        for i, m in enumerate(picked, 1):
            sentence = sentences.get((m["article_id"], m["sentence_idx"]), "")
            print(f"{lang}{i:02} {m['article_id']} {m['surface']!r} -> {m['entity_id']} "
                  f"[{m['decision']}]\n      | {sentence[:300]}")
            sample_rows.append((lang, i, m))
    if args.tsv:
        with open(args.tsv, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["lang", "n", "article_id", "sentence_index", "surface", "entity_id",
                        "decision"])
            for lang, i, m in sample_rows:
                w.writerow([lang, i, m["article_id"], m["sentence_idx"], m["surface"],
                            m["entity_id"], m["decision"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
