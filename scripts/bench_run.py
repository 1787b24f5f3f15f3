#!/usr/bin/env python3
"""Benchmark of `artnorm run`: throughput at -j 1 and -j 2, scaling, and peak memory.

By default it builds its own corpus: JSON Lines articles made by recombining the sentences of
samples/articles.jsonl (shuffled, with varied ids and dates) up to --size-mb megabytes. With
--corpus it builds the dump from the given JSON Lines files instead, repeating them up to the
size (for example the Wikinews/treebank articles of ../shared/data/articles).

    cargo build --release
    python3 scripts/bench_run.py                          # own corpus, built-in gazetteer
    python3 scripts/bench_run.py --corpus ../shared/data/articles/*.jsonl \
        --gazetteer ../shared/data/gazetteer/football.tsv --size-mb 50

Peak memory is the maximum resident set size of the artnorm process (from wait4).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentences_of(text):
    return [s for s in re.split(r"(?<=[.!?»”\"])\s+(?=[A-ZÀ-Ý«“\"])", text) if s.strip()]


def own_corpus(path, size):
    """Synthetic articles recombined from the team's samples."""
    rng = random.Random(20261122)
    pools = {}
    with open(os.path.join(ROOT, "samples", "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            lang = record["id"][:2]
            pools.setdefault(lang, []).extend(sentences_of(record["text"]))
            pools.setdefault(lang + "_titles", []).append(record["title"])
    written = 0
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            lang = rng.choice(["en", "it", "en", "it", "es"])
            body = []
            for _ in range(rng.randint(3, 9)):
                paragraph = " ".join(rng.choice(pools[lang]) for _ in range(rng.randint(1, 4)))
                body.append(paragraph)
            record = {
                "id": f"bench-{n}",
                "title": rng.choice(pools[lang + "_titles"]),
                "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "text": "\n".join(body),
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def corpus_from(files, path, size):
    """The given JSON Lines files, repeated (with fresh ids) up to `size` bytes."""
    lines = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            lines.extend(l for l in f if l.strip())
    if not lines:
        sys.exit("the corpus files hold no lines")
    written = 0
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            record = json.loads(lines[n % len(lines)])
            record["id"] = f"{record.get('id', 'x')}-{n}"
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def measure(binary, dump, out_dir, jobs, gazetteer):
    args = [binary, "run", dump, "-o", out_dir, "-q", "-j", str(jobs)]
    if gazetteer:
        args += ["--gazetteer", gazetteer]
    started = time.perf_counter()
    process = subprocess.Popen(args)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"artnorm failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024.0  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "artnorm"))
    parser.add_argument("--size-mb", type=float, default=50)
    parser.add_argument("--corpus", nargs="*", help="JSON Lines files to build the dump from")
    parser.add_argument("--gazetteer", help="gazetteer file (default: the built-in one)")
    parser.add_argument("--jobs", default="1,2", help="thread counts to measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs per thread count (best is kept)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}: run cargo build --release first")

    work = tempfile.mkdtemp(prefix="artnorm-bench-")
    try:
        dump = os.path.join(work, "dump.jsonl")
        size = int(args.size_mb * 1e6)
        if args.corpus:
            n = corpus_from(args.corpus, dump, size)
            kind = "from " + ", ".join(os.path.basename(c) for c in args.corpus)
        else:
            n = own_corpus(dump, size)
            kind = "synthetic, from samples/"
        megabytes = os.path.getsize(dump) / 1e6
        print(f"corpus: {n} articles, {megabytes:.1f} MB ({kind})")
        print(f"gazetteer: {args.gazetteer or 'built-in'}")
        results = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            best = None
            for _ in range(args.repeat):
                elapsed, peak = measure(args.binary, dump, os.path.join(work, "out"), jobs, args.gazetteer)
                if best is None or elapsed < best[0]:
                    best = (elapsed, peak)
            results[jobs] = best
            print(f"-j {jobs}: {best[0]:.2f} s, {megabytes / best[0]:.1f} MB/s, peak memory {best[1]:.0f} MB")
        if 1 in results and 2 in results:
            print(f"scaling -j 1 -> -j 2: {results[1][0] / results[2][0]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
