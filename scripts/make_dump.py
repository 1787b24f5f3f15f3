#!/usr/bin/env python3
"""Makes a dump shaped like a crawl's, for the shard tests and benchmarks: many plain-text
files in dated directories, a few gzip JSON Lines feeds, and one large JSON Lines file (about
half of the bytes), from the articles of JSON Lines and plain-text sources, repeated with new ids
(a third without an id, so that ids are derived from `path:line`) until the size is reached.

    python3 scripts/make_dump.py OUT --size-mb 200 --sources ../shared/data/articles/*.jsonl
    python3 scripts/make_dump.py OUT --size-mb 8 --sources samples/articles.jsonl samples/*.txt

Deterministic: the same sources and size give the same bytes.
"""
import argparse
import gzip
import json
import os
import sys


def load(sources):
    articles = []
    for path in sources:
        if path.endswith((".jsonl", ".ndjson")):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        record = json.loads(line)
                        if isinstance(record.get("text"), str):
                            articles.append(record)
        else:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            articles.append({"id": os.path.basename(path), "text": text})
    if not articles:
        sys.exit("make_dump: no articles in the sources")
    return articles


def as_text(record):
    """An article as a plain-text file: an optional date header, the title, the text."""
    head = ""
    if record.get("date"):
        head = f"date {record['date']} "
    title = record.get("title") or ""
    return f"{head}{title}\n{record['text']}\n" if title else f"{head}{record['text']}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--sources", nargs="+", required=True)
    args = parser.parse_args()
    articles = load(args.sources)
    target = int(args.size_mb * 1e6)
    os.makedirs(args.out, exist_ok=True)
    counter = 0

    def next_record():
        nonlocal counter
        record = dict(articles[counter % len(articles)])
        counter += 1
        if counter % 3 == 0:
            record.pop("id", None)
        else:
            record["id"] = f"{record.get('id', 'a')}-{counter}"
        return record

    written = 0
    # plain-text files: 40% of the bytes, 500 to a directory
    index = 0
    while written < target * 0.4:
        directory = os.path.join(args.out, "files", f"{index // 500:04d}")
        os.makedirs(directory, exist_ok=True)
        data = as_text(next_record()).encode("utf-8")
        with open(os.path.join(directory, f"{index:06d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        index += 1
    # gzip feeds: 10% of the bytes (counted before compression), four files
    feeds = os.path.join(args.out, "feeds")
    os.makedirs(feeds, exist_ok=True)
    per_feed = target * 0.1 / 4
    for feed in range(4):
        size = 0
        path = os.path.join(feeds, f"feed-{feed}.jsonl.gz")
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            while size < per_feed:
                line = (json.dumps(next_record(), ensure_ascii=False) + "\n").encode("utf-8")
                f.write(line)
                size += len(line)
        written += size
    # one large JSON Lines file: the rest, with a blank line and a broken record now and then
    with open(os.path.join(args.out, "big.jsonl"), "wb") as f:
        line_number = 0
        while written < target:
            line = (json.dumps(next_record(), ensure_ascii=False) + "\n").encode("utf-8")
            line_number += 1
            if line_number % 997 == 0:
                line += b"\n"
            if line_number % 1999 == 0:
                line += b'{"id": "broken", "text": \n'
            f.write(line)
            written += len(line)
    print(f"make_dump: {written / 1e6:.1f} MB, {index} text files, 4 feeds, big.jsonl -> {args.out}")


if __name__ == "__main__":
    main()
