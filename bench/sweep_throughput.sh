#!/usr/bin/env bash
# Sweep throughput: runs per wall-clock second of `lambdasim sweep` on one
# thread, on two threads, and on two MPI ranks, each configuration timed in
# turn, REPS rounds, in one session (so the three see the same machine);
# prints the median of each and the scaling efficiency
# (throughput / (2 x one thread's)), and checks that the three gave the
# same bytes. Needs a release build (with MPI for the third line; without
# it the MPI line is skipped) and an otherwise idle machine of >= 2 cores.
#   bench/sweep_throughput.sh [LAMBDASIM] [REPS] [REPLICATIONS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lambdasim=${1:-$root/build/release/lambdasim}
reps=${2:-3}
replications=${3:-24}
scenario=$root/scenarios/eni-burst-sweep.yaml
# mpirun refuses root unless told (CI machines run as root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(sweep "$scenario" -r "$replications" --quiet --format json)

configs=("1 thread" "2 threads")
commands=("$lambdasim ${args[*]} -j 1" "$lambdasim ${args[*]} -j 2")
if command -v mpirun >/dev/null && ldd "$lambdasim" | grep -q libmpi; then
  configs+=("2 MPI ranks")
  commands+=("mpirun -np 2 --bind-to none $lambdasim ${args[*]}")
else
  echo "(no mpirun, or this lambdasim was built without MPI: the MPI line is skipped)" >&2
fi
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

declare -A times
for ((r = 1; r <= reps; ++r)); do
  for i in "${!configs[@]}"; do
    start=$(date +%s.%N)
    eval "${commands[$i]}" >"$work/out-$i.json"
    end=$(date +%s.%N)
    times[$i]+="$(seconds "$start" "$end") "
    echo "round $r, ${configs[$i]}: $(seconds "$start" "$end") s" >&2
  done
  for i in "${!configs[@]}"; do
    cmp -s "$work/out-0.json" "$work/out-$i.json" || {
      echo "FAIL: ${configs[$i]} printed other bytes than 1 thread" >&2
      exit 1
    }
  done
done

runs=$(/usr/bin/python3 -c \
  'import json,sys; print(sum(c["replications"] for c in json.load(open(sys.argv[1]))["cells"]))' \
  "$work/out-0.json")
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "| configuration | median wall s | runs/s | efficiency vs 2 x 1 thread |"
echo "| --- | ---: | ---: | ---: |"
base=""
for i in "${!configs[@]}"; do
  m=$(echo "${times[$i]}" | median)
  rate=$(awk -v n="$runs" -v t="$m" 'BEGIN {printf "%.2f", n / t}')
  if [ -z "$base" ]; then
    base=$rate
    eff="-"
  else
    eff=$(awk -v r="$rate" -v b="$base" 'BEGIN {printf "%.1f%%", 100 * r / (2 * b)}')
  fi
  echo "| ${configs[$i]} | $m | $rate | $eff |"
done
echo "($runs runs of ${scenario##*/} -r $replications, median of $reps rounds; same bytes on every line)"
