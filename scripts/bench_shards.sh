#!/usr/bin/env bash
# Figures for the README: one `run` against 4 shards (`run --shard I/4`) plus `merge`, on a
# generated dump (scripts/make_dump.py: many text files, gzip feeds, one large JSON Lines file),
# and a check that the merge is byte-identical to the run.
#
#   scripts/bench_shards.sh [SIZE_MB] [SOURCE...]
#     default: 200 MB from ../shared/data/articles/*.jsonl; REPEAT=3; the dump is kept in
#     BENCH_DIR (default /tmp/artnorm-bench) and reused when its size matches.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
shift || true
if [ $# -gt 0 ]; then sources=("$@"); else sources=(../shared/data/articles/*.jsonl); fi
repeat=${REPEAT:-3}
work=${BENCH_DIR:-/tmp/artnorm-bench}
bin=$(realpath target/release/artnorm)
[ -x "$bin" ] || cargo build --release --quiet

mkdir -p "$work"
if [ "$(cat "$work/dump.size" 2>/dev/null)" != "$size" ]; then
    rm -rf "$work/dump"
    python3 scripts/make_dump.py "$work/dump" --size-mb "$size" --sources "${sources[@]}"
    echo "$size" >"$work/dump.size"
fi
dump="$work/dump"
echo "dump: $(du -sb "$dump" | cut -f1) bytes on disk, $(find "$dump" -type f | wc -l) files; $(nproc) cores"

seconds() { local start=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $start" | bc; }
one_run() { "$bin" run "$dump" -o "$work/single" -q; }
shards_at_once() {  # 4 shards side by side, one worker thread each (a job array on 4 slots)
    rm -rf "$work/shards"
    for i in 0 1 2 3; do "$bin" run "$dump" -o "$work/shards/s$i" --shard "$i/4" -q -j 1 & done
    wait
}
shards_two_by_two() {  # 4 shards, 2 at a time, 1 thread each (what 2 cores run at once)
    rm -rf "$work/shards"
    printf '%s\n' 0 1 2 3 | xargs -P 2 -I{} "$bin" run "$dump" -o "$work/shards/s{}" --shard "{}/4" -q -j 1
}
merge() { rm -rf "$work/merged"; "$bin" merge "$work/shards" -o "$work/merged" -q; }

for kind in ${KINDS:-one_run shards_at_once shards_two_by_two merge}; do
    times=()
    for _ in $(seq "$repeat"); do times+=("$(seconds "$kind")"); done
    printf '%-18s %s s\n' "$kind" "$(printf '%.2f ' "${times[@]}")"
done
for f in articles.csv sentences.csv mentions.csv coverage.csv languages.csv; do
    cmp "$work/single/$f" "$work/merged/$f"
done
echo "merge == one run: identical ($(($(wc -l <"$work/single/articles.csv") - 1)) articles)"
python3 - "$work"/shards/s*/_SUCCESS <<'PY'
import json, sys
for path in sys.argv[1:]:
    m = json.load(open(path))
    print(f"shard {m['shard']}: {m['units']} units ({m['first_unit']} .. {m['last_unit']}), "
          f"articles.csv {m['outputs']['articles.csv']} bytes")
PY
rerun=$(seconds "$bin" run "$dump" -o "$work/shards/s2" --shard 2/4 -q)
echo "rerun of a finished shard: $rerun s (no work)"
