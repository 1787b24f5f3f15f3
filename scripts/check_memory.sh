#!/usr/bin/env bash
# Peak memory of `artnorm run` on articles made to blow it up (issue 15): a 256 MB plain-text
# article of punctuation, a 50 MB plain-text article of one-word sentences, the same as one JSON
# Lines record, and a JSON record with a 40,000-character id and 100,000 sentences. Each is run
# under /usr/bin/time -v; the script prints the peak resident memory, the time, and the rows
# written, and fails when a peak reaches the limit (200 MB by default).
#
#   scripts/check_memory.sh               # builds the release binary, runs every case
#   scripts/check_memory.sh --limit-mb 150
#   ARTNORM=path/to/artnorm scripts/check_memory.sh
#
# The inputs are generated in a temporary directory (about 360 MB of disk) and removed after.
set -euo pipefail
cd "$(dirname "$0")/.."

limit_mb=200
while [ $# -gt 0 ]; do
    case "$1" in
        --limit-mb) limit_mb="$2"; shift 2 ;;
        *) echo "usage: $0 [--limit-mb N]" >&2; exit 2 ;;
    esac
done

if [ -z "${ARTNORM:-}" ]; then
    cargo build --release --quiet
    ARTNORM=target/release/artnorm
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# an English opening, so that the article is detected as English and goes through every stage
opening="Match report
The coach said that the players were ready for the final on Sunday, and the fans agreed with him."
# then periods up to 256 MiB in all, in one line (the largest article accepted)
{
    printf '%s\n' "$opening"
    head -c $(((256 << 20) - ${#opening} - 1)) /dev/zero | tr '\0' '.'
} >"$work/punctuation.txt"
# 50 MB of one-word sentences, "Go! Go! ...", as plain text and as one JSON record
python3 - "$work" "$opening" <<'EOF'
import json, sys
work, opening = sys.argv[1], sys.argv[2]
body = opening + "\n" + "Go! " * (50_000_000 // 4)
with open(f"{work}/go.txt", "w") as f:
    f.write(body + "\n")
with open(f"{work}/go.jsonl", "w") as f:
    f.write(json.dumps({"id": "go", "text": body}) + "\n")
with open(f"{work}/long_id.jsonl", "w") as f:
    f.write(json.dumps({"id": "x" * 40_000, "text": opening + "\n" + "Go! " * 100_000}) + "\n")
EOF

failed=0
printf '%-22s %10s %9s %12s %12s\n' case input_MB peak_MB seconds sentences
for case in punctuation.txt go.txt go.jsonl long_id.jsonl; do
    out="$work/out-$case"
    /usr/bin/time -v "$ARTNORM" run "$work/$case" -o "$out" -q -j 2 2>"$work/time.txt" || {
        echo "$case: artnorm failed:" >&2
        cat "$work/time.txt" >&2
        failed=1
        continue
    }
    peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    sentences=$(($(wc -l <"$out/sentences.csv") - 1))
    input_mb=$(du -m "$work/$case" | cut -f1)
    peak_mb=$((peak_kb / 1024))
    printf '%-22s %10s %9s %12s %12s\n' "$case" "$input_mb" "$peak_mb" "$seconds" "$sentences"
    if [ "$peak_mb" -ge "$limit_mb" ]; then
        echo "  over the limit of $limit_mb MB" >&2
        failed=1
    fi
    rm -rf "$out"
done
exit $failed
