#!/usr/bin/env python3
"""Throughput of `artnorm detect` on short lines: one sentence a line, open set (no --langs)
and closed set en,it, wall time of the whole command (start-up included), best of --repeat.

    cargo build --release
    python3 scripts/bench_detect.py                  # sentence sets from ../shared/data
    python3 scripts/bench_detect.py --min-mb 20 FILE.conllu FILE.txt ...

Sentence sets: the gold sentences (`# text =`) of each CoNLL-U treebank, and each plain-text
file as it is (one sentence a line). By default the treebanks of ../shared/data/treebanks. Each
set is repeated until it holds at least --min-mb megabytes, so that start-up weighs as it would
on a real batch and not more; a set is timed as one `detect` call over its lines. Two figures:
wall time, and processor time (user + system of the process): on a shared, loaded machine the
wall time mostly measures the other processes, and the processor time is what the command costs. Also prints
how the open-set answers are spread over languages, as a sanity check on the sets.
"""

import argparse
import collections
import glob
import os
import sys
import tempfile

import benchtime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentences(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".conllu"):
            return [l[len("# text = "):].strip() for l in f if l.startswith("# text = ")]
        return [l.strip() for l in f if l.strip()]


def time_detect(binary, path, langs, repeat, out_path):
    """Best wall time and best processor time (user + system, from wait4) of `repeat` runs,
    and the output of the last."""
    command = [binary, "detect"] + (["--langs", langs] if langs else []) + [path]
    best_wall, best_cpu = benchtime.best_of(repeat, command, "artnorm detect", out_path)
    with open(out_path, "rb") as f:
        return best_wall, best_cpu, f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "artnorm"))
    parser.add_argument("--min-mb", type=float, default=10, help="size each set is repeated to")
    parser.add_argument("--repeat", type=int, default=3, help="runs per set (the best is kept)")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "..", "shared", "data", "treebanks", "*.conllu")))
    if not files:
        sys.exit("no sentence sets: give .conllu or one-sentence-a-line files")
    if not os.path.exists(args.binary):
        sys.exit(f"no binary at {args.binary}: run cargo build --release first")
    with tempfile.TemporaryDirectory(prefix="artnorm-detect-") as work:
        for path in files:
            lines = sentences(path)
            if not lines:
                continue
            once = "".join(line + "\n" for line in lines)
            copies = max(1, int(args.min_mb * 1e6 / len(once.encode("utf-8")) + 0.999))
            target = os.path.join(work, "lines.txt")
            with open(target, "w", encoding="utf-8") as out:
                out.write(once * copies)
            megabytes = os.path.getsize(target) / 1e6
            name = os.path.basename(path)
            print(f"{name}: {len(lines)} sentences x {copies}, {megabytes:.1f} MB, "
                  f"{megabytes * 1e6 / (len(lines) * copies):.0f} bytes a line")
            for langs in (None, "en,it"):
                wall, cpu, output = time_detect(args.binary, target, langs, args.repeat,
                                                os.path.join(work, "out.csv"))
                print(f"  detect {'--langs ' + langs if langs else '(open set)':16} "
                      f"wall {wall:5.2f} s {megabytes / wall:6.1f} MB/s   "
                      f"cpu {cpu:5.2f} s {megabytes / cpu:6.1f} MB/s")
                if langs is None:
                    answers = collections.Counter(
                        row.split(",")[0] for row in output.decode("utf-8").splitlines()[1:])
                    total = sum(answers.values())
                    spread = ", ".join(f"{lang} {100 * n / total:.1f}%"
                                       for lang, n in answers.most_common(4))
                    print(f"  open-set answers: {spread}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
