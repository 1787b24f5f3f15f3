#!/usr/bin/env bash
# artnorm on a real Slurm: a job array of shards over a generated dump (many files, gzip feeds
# and one large JSON Lines file cut into byte ranges), then `merge`, compared byte for byte with
# one `run` over the same dump. Also: a rerun of the finished array does no work, and a deleted
# shard is listed by `status`, refused by `merge`, resubmitted as `status` prints it, and merged.
#
#   scripts/slurm_start.sh && scripts/slurm_test.sh [path/to/artnorm]
#
# Fails (never skips) when Slurm is not there: scripts/slurm_start.sh installs and starts it.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(realpath "${1:-target/debug/artnorm}")
shards=5
fail() { echo "slurm_test: FAIL: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "no artnorm binary at $bin (cargo build first)"
command -v sbatch >/dev/null || fail "Slurm is not installed (run scripts/slurm_start.sh)"
sinfo -h -o %T 2>/dev/null | grep -q idle || fail "no idle Slurm node (run scripts/slurm_start.sh)"

work=$(mktemp -d /tmp/artnorm-slurm.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 scripts/make_dump.py "$work/dump" --size-mb 6 --sources samples/articles.jsonl samples/*.txt
mkdir -p "$work/logs" "$work/shards"
unset ARTNORM_SHARD ARTNORM_SHARDS

# the array is 1-based on purpose: --shard auto maps task MIN + k*STEP to shard k
cat >"$work/job.sh" <<EOF
#!/bin/bash
#SBATCH --job-name=artnorm-shard
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/logs/%A_%a.log
exec "$bin" run "$work/dump" -o "$work/shards/task-\$SLURM_ARRAY_TASK_ID" --shard auto -q -j 1
EOF
submit() { timeout 900 sbatch --wait --quiet "$@" || fail "sbatch $* failed: $(tail -n 5 "$work"/logs/* 2>/dev/null)"; }

started=$(date +%s)
submit --array=1-$shards "$work/job.sh"
echo "slurm_test: array of $shards shards done in $(( $(date +%s) - started )) s"
grep -h "artnorm: shard" "$work"/logs/* | sort

"$bin" run "$work/dump" -o "$work/single" -q
"$bin" merge "$work/shards" -o "$work/merged" -q
for f in articles.csv sentences.csv mentions.csv coverage.csv languages.csv; do
    cmp "$work/single/$f" "$work/merged/$f" || fail "$f of the merge differs from one run's"
done
grep -q 'big.jsonl@' "$work"/shards/*/_SUCCESS || fail "the large file was not cut into ranges"
echo "slurm_test: merge of $shards Slurm shards == one run ($(wc -l <"$work/single/articles.csv") article rows)"

# a rerun of the whole array (a requeue) finds every marker valid and does nothing
rm -f "$work"/logs/*
submit --array=1-$shards "$work/job.sh"
[ "$(grep -l 'nothing to do' "$work"/logs/* | wc -l)" -eq "$shards" ] || fail "a rerun redid finished shards"

# a lost shard: status names it, merge refuses it, a resubmission of what status prints fixes it
rm -rf "$work/shards/task-3"
missing=$("$bin" status "$work/shards" | sed -n 's/^missing: //p')
[ "$missing" = 2 ] || fail "status should list shard 2 as missing, not '$missing'"
if "$bin" merge "$work/shards" -o "$work/merged2" -q 2>"$work/refusal"; then
    fail "merge accepted a missing shard"
fi
grep -q "missing shards 2 of $shards" "$work/refusal" || fail "merge did not name the missing shard: $(cat "$work/refusal")"
cat >"$work/redo.sh" <<EOF
#!/bin/bash
#SBATCH --job-name=artnorm-redo
#SBATCH --output=$work/logs/redo_%A_%a.log
export ARTNORM_SHARDS=$shards
exec "$bin" run "$work/dump" -o "$work/shards/redo-\$SLURM_ARRAY_TASK_ID" --shard auto -q -j 1
EOF
submit --array="$missing" "$work/redo.sh"
"$bin" merge "$work/shards" -o "$work/merged2" -q
for f in articles.csv sentences.csv mentions.csv coverage.csv languages.csv; do
    cmp "$work/single/$f" "$work/merged2/$f" || fail "$f after the resubmission differs from one run's"
done
echo "slurm_test: all checks passed"
