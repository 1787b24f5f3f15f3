#!/usr/bin/env python3
"""Writes samples/articles.jsonl: the plain-text samples as JSON Lines records.

Each record has `id` (the file name without extension), `date` and `title` (from the header or
the first line), `url`, and `text` (the rest of the article, as written). A file that is not
valid UTF-8 is read as Windows-1252, as artnorm does. Run from the repository root:

    python3 scripts/samples_to_jsonl.py
"""
import json
import pathlib
import re

HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s*(.*)$")

records = []
for path in sorted(pathlib.Path("samples").glob("*.txt")):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    lines = text.split("\n")
    record = {"id": path.stem}
    match = HEADER.match(lines[0])
    if match:
        record["date"] = match.group(1)
        record["title"] = match.group(2).strip()
    else:
        record["title"] = lines[0].strip()
    record["url"] = f"https://news.example.org/{path.stem}"
    record["text"] = "\n".join(lines[1:]).strip("\n")
    records.append(record)

with open("samples/articles.jsonl", "w", encoding="utf-8") as out:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"wrote {len(records)} records to samples/articles.jsonl")
