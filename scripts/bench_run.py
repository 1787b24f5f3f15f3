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

    python3 scripts/bench_run.py --balance --corpus ../shared/data/articles/{gum_wikinews,pud_en,kind_wikinews,pud_it}.jsonl \
        --gazetteer ../shared/data/gazetteer/football.tsv --size-mb 50 --stages

Peak memory is the maximum resident set size of the artnorm process (from wait4). With
--balance every corpus file gives the same number of bytes (so 24 English articles weigh as much
as 1,407 Italian ones). With --stages, one more `run -j 1` is recorded with `perf record` and its
self time is split by stage (the module of each sampled function: `artnorm::lang`,
`artnorm::tag`, ...; allocator and libc functions on their own lines), then the top functions
are listed. Timings are the best of --repeat runs (wall time, and processor time: user + system
of the process, which the other processes of a loaded machine disturb less); on a loaded machine run it under `nice` and
read them as ranges. With --naive, examples/naive_pipeline.rs (serde_json, unicode-normalization,
whatlang, a split on . ! ?, aho-corasick, csv, one thread) is timed on the same dump. With --check, the outputs of every thread count are compared byte for byte.
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

import benchtime

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


def corpus_from(files, path, size, balance=False):
    """The given JSON Lines files, repeated (with fresh ids) up to `size` bytes; with `balance`,
    each file gives the same share of the bytes."""
    per_file = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            per_file.append([l for l in f if l.strip()])
    if not any(per_file):
        sys.exit("the corpus files hold no lines")
    if balance:
        return balanced_corpus([f for f in per_file if f], path, size)
    lines = [l for f in per_file for l in f]
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


def balanced_corpus(per_file, path, size):
    """Round robin by bytes: the next article comes from the file that has given the fewest."""
    given = [0] * len(per_file)
    cursor = [0] * len(per_file)
    written = 0
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            source = min(range(len(per_file)), key=lambda i: (given[i], i))
            record = json.loads(per_file[source][cursor[source] % len(per_file[source])])
            cursor[source] += 1
            record["id"] = f"{record.get('id', 'x')}-{n}"
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size_of = len(line.encode("utf-8"))
            written += size_of
            given[source] += size_of
            n += 1
    return n


def stage_of(symbol, dso):
    """The stage a sampled function belongs to, from its module path or its library."""
    match = re.search(r"artnorm::([a-z_]+)", symbol)
    if match:
        return match.group(1)
    if re.search(r"malloc|free|realloc|calloc|memmove|memcpy|memset|_int_|cfree|alloc::", symbol):
        return "allocation and copies"
    for crate in ("aho_corasick", "serde_json", "whatlang", "csv", "regex", "core::str", "hashbrown", "std::hash", "core::hash"):
        if crate in symbol:
            return crate
    if dso and "artnorm" not in dso:
        return dso
    return "other"


def profile(binary, dump, out_dir, gazetteer, top):
    """`perf record` of `run -j 1`: self time by stage and the top functions."""
    if not shutil.which("perf"):
        print("stages: perf is not installed")
        return
    data = os.path.join(os.path.dirname(out_dir), "perf.data")
    args = [binary, "run", dump, "--input-format", "jsonl", "-o", out_dir, "-q", "-j", "1"]
    if gazetteer:
        args += ["--gazetteer", gazetteer]
    # call stacks unwound from DWARF (release builds keep debug info, not frame pointers), at
    # a low rate: a few thousand samples of 16 KB of stack each
    subprocess.run(["perf", "record", "-q", "-F", "400", "--call-graph", "dwarf,16384",
                    "-o", data, "--"] + args,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = subprocess.run(
        ["perf", "report", "-i", data, "--no-children", "--stdio", "--sort", "dso,symbol",
         "-g", "none", "--percent-limit", "0.05"],
        check=True, capture_output=True, text=True).stdout
    rows = []
    for line in report.splitlines():
        match = re.match(r"\s*([0-9.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$", line)
        if match:
            rows.append((float(match.group(1)), match.group(2), match.group(3).strip()))
    by_stage = {}
    for share, dso, symbol in rows:
        stage = stage_of(symbol, dso)
        by_stage[stage] = by_stage.get(stage, 0.0) + share
    print("self time of run -j 1 by stage (perf record):")
    for stage, share in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        print(f"  {share:5.1f}%  {stage}")
    print(f"top {top} functions (self time):")
    for share, dso, symbol in rows[:top]:
        print(f"  {share:5.1f}%  {symbol[:110]}")
    print("time by stage, with what each calls (its allocations included; perf call stacks):")
    for stage, share in inclusive_split(data):
        print(f"  {share:5.1f}%  {stage}")


# A sample is charged to the first of these found anywhere in its stack (one-time set-up and
# the language calls, which sit under other stages), else to the innermost frame of artnorm
# that names a stage.
WHOLE_STACK_STAGES = [
    ("Tagger::new", "tag: set-up (gazetteer compiled)"),
    ("Resolver::new", "resolve: set-up"),
    ("Gazetteer::parse", "gazetteer: parse"),
    ("sentence_language", "lang: per sentence"),
    ("classify_article", "lang: per article"),
]
INNERMOST_STAGES = [
    ("resolve::", "resolve"), ("tag::", "tag: matching"), ("segment::", "segment"),
    ("normalize::", "normalize"), ("clean::", "clean"), ("parse_json_article", "JSON parsing"),
    ("output::", "output: CSV rows"), ("render_rows", "output: CSV rows"),
    ("CorpusWriter", "output: writer"), ("input::", "input"), ("coverage::", "coverage"),
    ("lang::", "lang: other"), ("pipeline::", "pipeline"),
]


def inclusive_split(data):
    script = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym"],
                            check=True, capture_output=True, text=True).stdout
    counts, total = {}, 0
    for block in script.split("\n\n"):
        frames = [l for l in block.strip().splitlines() if l.strip()]
        if not frames:
            continue
        total += 1
        whole = "\n".join(frames)
        stage = next((name for key, name in WHOLE_STACK_STAGES if key in whole), None)
        for frame in frames if stage is None else []:
            if "artnorm::" in frame:
                stage = next((name for key, name in INNERMOST_STAGES if key in frame), None)
                if stage:
                    break
        stage = stage or "other (start-up, threads, kernel)"
        counts[stage] = counts.get(stage, 0) + 1
    return sorted(((s, 100.0 * n / max(total, 1)) for s, n in counts.items()), key=lambda kv: -kv[1])


def measure(binary, dump, out_dir, jobs, gazetteer):
    args = [binary, "run", dump, "--input-format", "jsonl", "-o", out_dir, "-q", "-j", str(jobs)]
    if gazetteer:
        args += ["--gazetteer", gazetteer]
    elapsed, cpu, peak = benchtime.timed(args, "artnorm")
    return elapsed, peak, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "artnorm"))
    parser.add_argument("--size-mb", type=float, default=50)
    parser.add_argument("--corpus", nargs="*", help="JSON Lines files to build the dump from")
    parser.add_argument("--gazetteer", help="gazetteer file (default: the built-in one)")
    parser.add_argument("--jobs", default="1,2", help="thread counts to measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs per thread count (best is kept)")
    parser.add_argument("--balance", action="store_true", help="the same bytes from each corpus file")
    parser.add_argument("--stages", action="store_true", help="split run -j 1 by stage with perf")
    parser.add_argument("--top", type=int, default=25, help="functions listed with --stages")
    parser.add_argument("--check", action="store_true", help="outputs of all -j byte-identical")
    parser.add_argument("--naive", action="store_true",
                        help="also time examples/naive_pipeline.rs (off-the-shelf crates glued together) on the dump")
    parser.add_argument("--keep", help="write the dump here and keep it (reused when present)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}: run cargo build --release first")

    work = tempfile.mkdtemp(prefix="artnorm-bench-")
    try:
        dump = args.keep or os.path.join(work, "dump.jsonl")
        size = int(args.size_mb * 1e6)
        if args.keep and os.path.exists(dump):
            with open(dump, encoding="utf-8") as f:
                n = sum(1 for _ in f)
            kind = "kept from an earlier run"
        elif args.corpus:
            n = corpus_from(args.corpus, dump, size, args.balance)
            kind = "from " + ", ".join(os.path.basename(c) for c in args.corpus)
        else:
            n = own_corpus(dump, size)
            kind = "synthetic, from samples/"
        megabytes = os.path.getsize(dump) / 1e6
        print(f"corpus: {n} articles, {megabytes:.1f} MB ({kind})")
        print(f"gazetteer: {args.gazetteer or 'built-in'}")
        results = {}
        outputs = {}
        for jobs in [int(j) for j in args.jobs.split(",")]:
            best = None
            out_dir = os.path.join(work, f"out-j{jobs}")
            best_cpu = None
            for _ in range(args.repeat):
                elapsed, peak, cpu = measure(args.binary, dump, out_dir, jobs, args.gazetteer)
                if best is None or elapsed < best[0]:
                    best = (elapsed, peak)
                best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
            outputs[jobs] = out_dir
            results[jobs] = best
            print(f"-j {jobs}: {best[0]:.2f} s, {megabytes / best[0]:.1f} MB/s, peak memory {best[1]:.0f} MB, "
                  f"processor time {best_cpu:.2f} s ({megabytes / best_cpu:.1f} MB per processor-second)")
        if 1 in results and 2 in results:
            print(f"scaling -j 1 -> -j 2: {results[1][0] / results[2][0]:.2f}x")
        if args.naive:
            naive = os.path.join(ROOT, "target", "release", "examples", "naive_pipeline")
            if not os.path.exists(naive):
                subprocess.run(["cargo", "build", "--release", "--example", "naive_pipeline"],
                               cwd=ROOT, check=True)
            gazetteer = args.gazetteer or os.path.join(ROOT, "assets", "default_gazetteer.tsv")
            best_wall, best_cpu = benchtime.best_of(
                args.repeat, [naive, dump, gazetteer, os.path.join(work, "out-naive")],
                "naive_pipeline")
            print(f"naive composition (examples/naive_pipeline.rs, one thread): {best_wall:.2f} s, "
                  f"{megabytes / best_wall:.1f} MB/s, processor time {best_cpu:.2f} s "
                  f"({megabytes / best_cpu:.1f} MB per processor-second)")
        print(f"load average: {os.getloadavg()[0]:.2f}")
        if args.check and len(outputs) > 1:
            first, *rest = sorted(outputs)
            for jobs in rest:
                same = subprocess.run(["diff", "-r", "-q", outputs[first], outputs[jobs]],
                                      capture_output=True).returncode == 0
                print(f"outputs of -j {first} and -j {jobs}: {'byte-identical' if same else 'DIFFER'}")
        if args.stages:
            profile(args.binary, dump, os.path.join(work, "out-perf"), args.gazetteer, args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
