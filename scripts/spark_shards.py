#!/usr/bin/env python3
"""artnorm on Spark: one Spark task per shard runs the artnorm binary with `--shard I/N`, then
the driver merges the shards. Spark does the scheduling and the retries; a retried or
speculative copy of a task finds the shard's `_SUCCESS` marker (and does nothing) or redoes
it under temporary names, so either way the shard ends up whole.

    python3 scripts/spark_shards.py --bin target/release/artnorm --shards 4 --out OUT INPUT...
    (local mode, as run for the README; on a cluster give --master and paths every node sees)

The shards go to OUT/shards/shard-NNNNN and the merged corpus to OUT/merged. The inputs must be
spelled the same way for every shard (and for a single run to compare with): they are part of
each article's `source` and of the plan every shard checks.
"""
import argparse
import os
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the artnorm binary")
    parser.add_argument("--shards", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--master", default=None, help="default: local[CORES,3] (3 tries a task)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--jobs", type=int, default=1, help="artnorm -j per shard")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()

    # local mode stays on the loopback interface
    if args.master is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession  # imported late: --help works without pyspark

    binary = os.path.abspath(args.bin)
    out = os.path.abspath(args.out)
    count = args.shards
    inputs = list(args.inputs)
    master = args.master or f"local[{args.cores},3]"
    spark = (
        SparkSession.builder.master(master)
        .appName("artnorm-shards")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", os.environ.get("SPARK_LOCAL_IP", "0.0.0.0"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    def run_shard(index):
        # one task = one shard: the binary with an explicit --shard and check=True, so that
        # a failed shard fails the task and Spark retries it
        shard_dir = os.path.join(out, "shards", f"shard-{index:05d}")
        command = [binary, "run", *inputs, "-o", shard_dir, "--shard", f"{index}/{count}",
                   "-q", "-j", str(args.jobs)]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            raise RuntimeError(f"shard {index}/{count} failed: {completed.stderr.strip()}")
        return index, completed.stderr.strip()

    started = time.time()
    results = (
        spark.sparkContext.parallelize(range(count), count).map(run_shard).collect()
    )
    shards_done = time.time()
    spark.stop()
    for index, log in sorted(results):
        if log:
            print(f"shard {index}: {log}")
    merged = os.path.join(out, "merged")
    subprocess.run([binary, "merge", os.path.join(out, "shards"), "-o", merged, "-q"],
                   check=True)
    finished = time.time()
    print(f"spark_shards: {count} shards in {shards_done - started:.1f} s, "
          f"merge in {finished - shards_done:.1f} s -> {merged}")


if __name__ == "__main__":
    sys.exit(main())
