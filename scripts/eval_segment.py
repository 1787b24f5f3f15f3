#!/usr/bin/env python3
"""Evaluates `artnorm segment`: sentence F1 on gold files, pass counts of the team's cases by
category, and the speed of the command.

    scripts/eval_segment.py [--binary target/release/artnorm] [--lang-of FILE=LANG] [--halves]
                            [--show-errors N [--half A|B]] [--no-speed] [GOLD...]

A GOLD file is either
- a text file, one gold sentence per line, a blank line between documents, `#` lines ignored
  (like tests/data/segment_gold/en.txt; the language is the file name: en.txt, it.txt), or
- a CoNLL-U treebank file (`.conllu`), whose `# text =` lines are the gold sentences and whose
  `# newdoc` / `# newpar` comments start documents (for instance UD English-EWT or Italian-ISDT;
  the language is the part of the name before `_`, as in `en_ewt-ud-test.conllu`).

Without GOLD files, the team's files in tests/data/segment_gold/ are used, and the development
treebanks in ../shared/data/treebanks/ (English-EWT, Italian-ISDT, Italian-VIT) when present.
`--show-errors N` prints, for each file, N missed and N false boundaries with their context.

`--halves` also scores each file's two halves apart. The documents (`# newdoc` in CoNLL-U, a
blank line in text files) are the units; a file with fewer than 20 documents (Italian ISDT has
2, VIT none) is cut into blocks of 20 consecutive sentences instead. Even units form half A,
odd units half B: rules are developed on half A (`--show-errors N --half A` prints its errors
only) and half B is reported as held out. A predicted sentence belongs to the half of the gold
sentence it starts at.

Each document's sentences are joined with one space, the way running text reads, and segmented
by the command; a predicted sentence is right when it is exactly a gold sentence (same start and
end in the text, white space aside). Precision, recall and F1 are over all sentences of a file.

The team's cases (tests/data/segmentation_cases.tsv) are scored by category and language:
a case passes when the command gives exactly its sentences.

Speed: MB/s of `artnorm segment` on 50 MB of the gold text (wall time of the command, one core;
the command reads, segments and writes).
"""

import argparse
import bisect
import collections
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def read_gold(path, units=None):
    """Documents of a gold file, each a list of sentences. When `units` is a list, the unit
    (document) number of each sentence is appended to it, for `--halves`."""
    documents, current = [], []
    unit = -1
    with open(path, encoding="utf-8") as f:
        if path.endswith(".conllu"):
            for line in f:
                if line.startswith("# newdoc") or line.startswith("# newpar"):
                    if current:
                        documents.append(current)
                        current = []
                    if line.startswith("# newdoc"):
                        unit += 1
                elif line.startswith("# text ="):
                    current.append(line[len("# text ="):].strip())
                    if units is not None:
                        units.append(max(unit, 0))
        else:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    continue
                if not line.strip():
                    if current:
                        documents.append(current)
                        current = []
                        unit += 1
                else:
                    current.append(line.strip())
                    if units is not None:
                        units.append(max(unit, 0))
    if current:
        documents.append(current)
    return documents


def language_of(path, overrides):
    if path in overrides:
        return overrides[path]
    name = os.path.basename(path)
    return name.split("_")[0].split(".")[0].split("-")[0]


def segment(binary, lang, text):
    result = subprocess.run([binary, "segment", "--lang", lang], input=text.encode("utf-8"),
                            capture_output=True, check=True)
    return [s for s in result.stdout.decode("utf-8").split("\n") if s.strip()]


def spans(sentences):
    """Each sentence as (start, end) in the text with all white space removed."""
    out, at = set(), 0
    for sentence in sentences:
        length = len("".join(sentence.split()))
        out.add((at, at + length))
        at += length
    return out


MIN_UNITS = 20
BLOCK_SENTENCES = 20


def half_of_sentences(units):
    """`A` or `B` for each gold sentence, from its unit (see `--halves`)."""
    if len(set(units)) < MIN_UNITS:
        units = [index // BLOCK_SENTENCES for index in range(len(units))]
    return ["AB"[unit % 2] for unit in units]


def prf(gold_spans, predicted_spans):
    right = len(gold_spans & predicted_spans)
    precision = right / len(predicted_spans) if predicted_spans else 0.0
    recall = right / len(gold_spans) if gold_spans else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_file(binary, path, lang, show, halves=False, only_half=None):
    units = []
    documents = read_gold(path, units)
    # all documents in one call, separated by blank lines (a hard boundary)
    text = "\n\n".join(" ".join(document) for document in documents)
    predicted = segment(binary, lang, text)
    gold = [sentence for document in documents for sentence in document]
    gold_spans, predicted_spans = spans(gold), spans(predicted)
    precision, recall, f1 = prf(gold_spans, predicted_spans)
    print(f"{os.path.basename(path)} ({lang}): {len(gold)} gold sentences, {len(predicted)} "
          f"predicted; precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}")
    half_at = None
    if halves or only_half:
        sentence_halves = half_of_sentences(units)
        starts = sorted((start, half) for (start, _), half in
                        zip(sorted(gold_spans), sentence_halves))
        start_offsets = [start for start, _ in starts]

        def half_at(offset):
            return starts[max(0, bisect.bisect_right(start_offsets, offset) - 1)][1]

    if halves:
        for half in "AB":
            gold_half = {s for s in gold_spans if half_at(s[0]) == half}
            predicted_half = {s for s in predicted_spans if half_at(s[0]) == half}
            precision, recall, f1 = prf(gold_half, predicted_half)
            role = "development" if half == "A" else "held out"
            print(f"    half {half} ({role}): {len(gold_half)} gold sentences, "
                  f"{len(predicted_half)} predicted; precision {precision:.4f}, "
                  f"recall {recall:.4f}, F1 {f1:.4f}")
    if show:
        keep = (lambda end: half_at(end - 1) == only_half) if only_half else None
        show_boundaries(text, gold, predicted, show, keep)
    return text


def boundaries(sentences):
    """The ends of the sentences, as offsets in the text without white space."""
    out, at = set(), 0
    for sentence in sentences:
        at += len("".join(sentence.split()))
        out.add(at)
    return out


def show_boundaries(text, gold, predicted, limit, keep=None):
    """Prints up to `limit` missed and `limit` false boundaries, each with 60 characters of
    context on both sides (`|` marks the boundary); only those at the offsets `keep` accepts,
    when it is given."""
    squeezed_to_text = [i for i, c in enumerate(text) if not c.isspace()]
    gold_ends, predicted_ends = boundaries(gold), boundaries(predicted)

    def context(end):
        if end >= len(squeezed_to_text):
            return None
        cut = squeezed_to_text[end - 1] + 1
        return (text[max(0, cut - 60):cut] + " | " + text[cut:cut + 60]).replace("\n", " / ")

    for name, ends in (("missed", sorted(gold_ends - predicted_ends)),
                       ("false", sorted(predicted_ends - gold_ends))):
        if keep:
            ends = [end for end in ends if keep(end)]
        shown = [c for c in map(context, ends) if c][:limit]
        print(f"    {name} boundaries: {len(ends)}")
        for line in shown:
            print(f"      {line}")


def score_cases(binary):
    path = os.path.join(ROOT, "tests", "data", "segmentation_cases.tsv")
    tally = collections.defaultdict(lambda: [0, 0])
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            category, lang, text, expected = line.rstrip("\n").split("\t")
            want = [s.replace("\\n", " ") for s in expected.split(" || ")]
            got = segment(binary, lang, text.replace("\\n", "\n"))
            entry = tally[(category, lang)]
            entry[1] += 1
            entry[0] += got == want
    print("team cases (tests/data/segmentation_cases.tsv):")
    total = [0, 0]
    for (category, lang), (passed, count) in sorted(tally.items()):
        print(f"  {category:14} {lang}  {passed}/{count}")
        total[0] += passed
        total[1] += count
    print(f"  all: {total[0]}/{total[1]}")


def speed(binary, text, lang):
    copies = max(1, 50_000_000 // max(1, len(text.encode("utf-8"))))
    data = ("\n\n".join([text] * copies)).encode("utf-8")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([binary, "segment", "--lang", lang], input=data,
                       stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    print(f"speed, segment --lang {lang}: {len(data) / 1e6 / best:.1f} MB/s "
          f"({len(data) / 1e6:.0f} MB, best of 3)")


TREEBANKS = ("en_ewt-ud-dev.conllu", "it_isdt-ud-dev.conllu", "it_vit-ud-dev.conllu")


def default_gold_files():
    """The team's gold files, then the development treebanks of ../shared/data/treebanks when
    they are there (they are not part of the repository)."""
    files = [os.path.join(ROOT, "tests", "data", "segment_gold", name)
             for name in ("en.txt", "it.txt")]
    shared = os.path.join(os.path.dirname(ROOT), "shared", "data", "treebanks")
    files += [os.path.join(shared, name) for name in TREEBANKS
              if os.path.exists(os.path.join(shared, name))]
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "artnorm"))
    parser.add_argument("--lang-of", action="append", default=[], metavar="FILE=LANG")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print the first N wrong predicted sentences of each file")
    parser.add_argument("--halves", action="store_true",
                        help="also score each file's half A (development) and half B (held out)")
    parser.add_argument("--half", choices=("A", "B"),
                        help="with --show-errors, show the errors of this half only")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--write-text", metavar="PREFIX",
                        help="write each language's gold text, as segmented here and repeated to "
                             "about 20 MB, to PREFIX_LANG.txt (for `cargo bench --bench segment "
                             "-- PREFIX_LANG.txt LANG`)")
    parser.add_argument("gold", nargs="*")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.lang_of)
    files = args.gold or default_gold_files()
    texts = {}
    for path in files:
        lang = language_of(path, overrides)
        texts.setdefault(lang, []).append(score_file(args.binary, path, lang, args.show_errors,
                                                        args.halves, args.half))
    if args.write_text:
        for lang, parts in sorted(texts.items()):
            text = "\n\n".join(parts)
            copies = max(1, 20_000_000 // max(1, len(text.encode("utf-8"))))
            path = f"{args.write_text}_{lang}.txt"
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n\n".join([text] * copies))
            print(f"wrote {path}")
    score_cases(args.binary)
    if not args.no_speed:
        for lang, parts in sorted(texts.items()):
            speed(args.binary, "\n\n".join(parts), lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
