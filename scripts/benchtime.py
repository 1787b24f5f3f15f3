"""How long a command takes, as the benchmark scripts measure it.

Wall time, processor time (user + system of the process, from wait4: on a shared, loaded
machine it is disturbed far less than the wall time) and peak resident memory, for one run or
the best of several. Imported by bench_run.py and bench_detect.py (run them from anywhere:
Python puts a script's own directory on its path).
"""

import os
import subprocess
import sys
import time


def timed(command, what, stdout=None):
    """Runs `command` once: (wall seconds, processor seconds, peak memory in MB). Exits with a
    message naming `what` when the command fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"{what} failed (exit status {os.waitstatus_to_exitcode(status)})")
    # ru_maxrss is in KiB on Linux
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def best_of(repeat, command, what, stdout_path=None):
    """The least wall time and the least processor time of `repeat` runs (each the best
    estimate of what the command costs without the machine's other load). Standard output goes
    to `stdout_path` (the last run's is kept), or nowhere."""
    best_wall, best_cpu = None, None
    for _ in range(repeat):
        with open(stdout_path or os.devnull, "wb") as out:
            wall, cpu, _ = timed(command, what, stdout=out)
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return best_wall, best_cpu
