"""Whole-process timing of Rapport against the Python an analyst would write, side by
side in one run: each pair runs alternately, `--runs` times, and the table gives median
wall time, the largest peak resident memory of any run, and Rapport / peer. Figures go
to bench/README.md.

Usage (after `cargo build --release -p rapport-cli` and, for the data,
`target/release/make-samples bench/data 100000` and `... 1000000`):

    python3 bench/pipeline.py [--runs 5] [--only NAME]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

RAPPORT = "target/release/rapport"
PEER = [sys.executable, "bench/peer_pipeline.py"]
DATA = "bench/data"

# name, Rapport's command, the peer's command
TASKS = [
    ("describe 100k x 28 xlsx",
     [RAPPORT, "describe", f"{DATA}/riverside-100000.xlsx"],
     PEER + ["read-xlsx", f"{DATA}/riverside-100000.xlsx"]),
    ("100k CSV -> OLS",
     [RAPPORT, "run", "bench/specs/survey-100000.json", "--format", "json"],
     PEER + ["ols", f"{DATA}/riverside-100000.csv"]),
    ("100k CSV -> WLS + cluster",
     [RAPPORT, "run", "bench/specs/survey-100000.json", "--format", "json",
      "--weight", "weight", "--cluster", "ward", "--se", "cluster"],
     PEER + ["wls-cluster", f"{DATA}/riverside-100000.csv"]),
    ("100k CSV -> logit",
     [RAPPORT, "run", "bench/specs/survey-100000.json", "--format", "json",
      "--family", "logit"],
     PEER + ["logit", f"{DATA}/riverside-100000.csv"]),
    ("1M CSV -> OLS",
     [RAPPORT, "run", "bench/specs/survey-1000000.json", "--format", "json"],
     PEER + ["ols", f"{DATA}/riverside-1000000.csv"]),
]


def run_once(command):
    """Wall seconds and peak resident MiB of one whole process (output discarded)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    error = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="run only tasks whose name contains this")
    args = parser.parse_args()
    print("| task | Rapport median | Rapport peak | peer median | peer peak | time ratio (Rapport / peer) |")
    print("|---|---|---|---|---|---|")
    for name, ours, theirs in TASKS:
        if args.only and args.only not in name:
            continue
        runs = {"ours": [], "theirs": []}
        for _ in range(args.runs):
            runs["ours"].append(run_once(ours))
            runs["theirs"].append(run_once(theirs))
        (ow, om), (tw, tm) = (
            (statistics.median(w for w, _ in runs[k]), max(m for _, m in runs[k]))
            for k in ("ours", "theirs")
        )
        print(f"| {name} | {ow:.2f} s | {om:.0f} MiB | {tw:.2f} s | {tm:.0f} MiB | {ow / tw:.2f}× |",
              flush=True)


if __name__ == "__main__":
    main()
