#!/usr/bin/env python3
"""Time and peak memory of `artnorm xlsx` on generated corpora of growing size.

Writes a corpus directory with a sentences.csv of N rows (short ids, an index, a sentence of
about 60 characters) for each N given, runs `artnorm xlsx` on it and prints the seconds, the
peak resident memory of the process, the sheets and the file sizes. Memory should not grow
with N (constant-memory mode).

    python3 scripts/bench_xlsx.py [--binary target/release/artnorm] [N ...]   # default 1048580 3000000
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rows", nargs="*", type=int, default=[1_048_580, 3_000_000])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/artnorm"))
    args = parser.parse_args()
    for rows in args.rows:
        with tempfile.TemporaryDirectory(dir=".") as corpus:
            with open(os.path.join(corpus, "articles.csv"), "w") as f:
                f.write("article_id,source\n0001,generated\n")
            with open(os.path.join(corpus, "sentences.csv"), "w") as f:
                f.write("article_id,sentence_idx,kind,lang,text\n")
                for i in range(rows):
                    f.write("a%04d,%d,text,en,Sentence number %d of a generated corpus, with "
                            "some words.\n" % (i % 1000, i, i))
            started = time.monotonic()
            with tempfile.TemporaryFile(mode="w+") as err:
                child = subprocess.Popen([args.binary, "xlsx", corpus],
                                         stdout=subprocess.DEVNULL, stderr=err)
                _, status, usage = os.wait4(child.pid, 0)
                child.returncode = os.waitstatus_to_exitcode(status)
                err.seek(0)
                stderr = err.read()
            elapsed = time.monotonic() - started
            peak = usage.ru_maxrss  # KB, this process alone
            if child.returncode != 0:
                print(stderr, file=sys.stderr)
                return 1
            note = [l for l in stderr.splitlines() if "continues" in l]
            csv_mb = os.path.getsize(os.path.join(corpus, "sentences.csv")) / 1e6
            xlsx_mb = os.path.getsize(os.path.join(corpus, "corpus.xlsx")) / 1e6
            print("%d rows: %.1f s, peak memory %.1f MB; sentences.csv %.0f MB, corpus.xlsx "
                  "%.0f MB; %s" % (rows, elapsed, peak / 1024, csv_mb, xlsx_mb,
                                   note[0] if note else "one sheet"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
