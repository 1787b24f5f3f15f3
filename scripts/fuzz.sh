#!/usr/bin/env bash
# Runs the cargo-fuzz targets under fuzz/, one after the other, each for SECONDS (default 600),
# and prints how many inputs each executed and whether it found anything.
#
#   scripts/fuzz.sh                 # every target, 10 minutes each
#   scripts/fuzz.sh 60 tag segment  # two targets, one minute each
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). It runs on stable Rust: the targets are built
# without a sanitizer (`-s none`; Rust code is memory-safe, and the invariants are assertions) but
# with debug assertions, so integer overflows count as findings. Each target's growing corpus is
# fuzz/corpus/TARGET (not committed); the committed seeds are fuzz/seeds/TARGET. A finding is
# written to fuzz/artifacts/TARGET/; keep it as a regression test before fixing it.
set -euo pipefail

cd "$(dirname "$0")/../fuzz"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi

# the build's output is shown when it fails (a target that no longer compiles is a finding of
# its own, not a silent "no finding")
mkdir -p corpus
if ! cargo fuzz build -s none -a >corpus/build.log 2>&1; then
    cat corpus/build.log >&2
    echo "fuzz: the targets do not build (above)" >&2
    exit 2
fi
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    log="corpus/$target.log"
    if cargo fuzz run -s none -a "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 >"$log" 2>&1; then
        result="no finding"
    else
        result="FINDING (see $log and artifacts/$target/)"
        status=1
    fi
    runs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
    printf '%-10s %4ss  %12s executions  %s\n' "$target" "$seconds" "$runs" "$result"
done
exit $status
