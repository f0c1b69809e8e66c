#!/usr/bin/python3
"""Compare Google Benchmark binaries side by side on a noisy machine.

Runs each binary once per round, alternating the order every round, pinned
to one core (taskset -c CORE), and prints a Markdown table per benchmark of
items_per_second in M/s: median, quartiles, range and the number of runs at
or above a threshold. Alternating single runs spread the machine's slow and
quiet phases over all binaries alike, which repetitions of one binary after
another do not.

  tools/bench_compare.py --rounds 16 --filter Steady OLD_BINARY NEW_BINARY
"""

import argparse
import collections
import re
import statistics
import subprocess
import sys

SCALE = {"": 1e-6, "k": 1e-3, "M": 1.0, "G": 1e3}
LINE = re.compile(r"^(BM_\S+)\s.*items_per_second=([0-9.]+)([kMG]?)/s")
RSS = re.compile(r"rss_mb=([0-9.]+)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+", help="benchmark executables to compare")
    parser.add_argument("--rounds", type=int, default=12, help="runs of each binary (default 12)")
    parser.add_argument("--filter", default=".", help="--benchmark_filter regex (default all)")
    parser.add_argument("--min-time", default="0.3", help="--benchmark_min_time per run (default 0.3 s)")
    parser.add_argument("--core", default="1", help="CPU to pin to with taskset (default 1)")
    parser.add_argument("--threshold", type=float, default=3.0,
                        help="count runs at or above this many M items/s (default 3)")
    args = parser.parse_args()
    if args.rounds < 2:
        parser.error("--rounds must be at least 2")

    rates = collections.defaultdict(list)
    rss = collections.defaultdict(list)
    names = []
    for r in range(args.rounds):
        order = args.binaries if r % 2 == 0 else args.binaries[::-1]
        for binary in order:
            cmd = ["taskset", "-c", args.core, binary, "--benchmark_filter=" + args.filter,
                   "--benchmark_min_time=" + args.min_time]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                print(f"bench_compare: {' '.join(cmd)} failed:\n{run.stderr}", file=sys.stderr)
                return 2
            for line in run.stdout.splitlines():
                m = LINE.match(line)
                if not m:
                    continue
                if m.group(1) not in names:
                    names.append(m.group(1))
                rates[(m.group(1), binary)].append(float(m.group(2)) * SCALE[m.group(3)])
                mr = RSS.search(line)
                if mr:
                    rss[(m.group(1), binary)].append(float(mr.group(1)))
    if not names:
        print("bench_compare: no benchmark reported items_per_second", file=sys.stderr)
        return 2

    print(f"| benchmark | binary | runs | median M/s | quartiles | range | runs >= {args.threshold:g}M | rss |")
    print("| --- | --- | ---: | ---: | --- | --- | ---: | ---: |")
    for name in names:
        for binary in args.binaries:
            v = sorted(rates[(name, binary)])
            q = statistics.quantiles(v, n=4)
            hits = sum(x >= args.threshold for x in v)
            mem = f"{max(rss[(name, binary)]):.1f} MB" if rss[(name, binary)] else "-"
            print(f"| `{name}` | {binary} | {len(v)} | {statistics.median(v):.2f} | "
                  f"{q[0]:.2f}-{q[2]:.2f} | {v[0]:.2f}-{v[-1]:.2f} | {hits}/{len(v)} | {mem} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
