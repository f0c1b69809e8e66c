#!/usr/bin/env bash
# `mpirun -np N lambdasim sweep` against one process (ctest label `mpi`): the
# store and stdout are the same bytes with 2 and 3 ranks, with sequential
# replications too; a bad scenario fails every rank with one message; a
# worker rank writes nothing. Root is allowed through the environment
# (tests/CMakeLists.txt), --oversubscribe lets 3 ranks share 2 cores.
#   tests/mpi/check_mpi_sweep.sh MPIEXEC LAMBDASIM SOURCE_DIR
set -euo pipefail
mpiexec=$1
lambdasim=$2
src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

scenario=$src/scenarios/eni-burst-sweep.yaml
# Shortened: 20 s with the burst from 5 s to 15 s.
short=(--set horizon=20s --set 'functions.api.arrivals[1].at=5s' --set 'functions.api.arrivals[1].for=10s')
common=(sweep "$scenario" "${short[@]}" -r 2 --quiet)
mpi() { "$mpiexec" -np "$1" --oversubscribe "${@:2}"; }

"$lambdasim" "${common[@]}" -j 1 --out "$work/one" >"$work/one.txt"
for np in 2 3; do
  mpi "$np" "$lambdasim" "${common[@]}" --log-level info --out "$work/np$np" \
    >"$work/np$np.txt" 2>"$work/np$np.log"
  # The work was shared: every rank ran some (not each the whole sweep).
  grep -E "mpi: runs per rank: " "$work/np$np.log" >&2 ||
    fail "$np ranks: no runs-per-rank line: $(cat "$work/np$np.log")"
  for r in $(seq 0 $((np - 1))); do
    grep -qE "rank $r: [1-9]" "$work/np$np.log" || fail "$np ranks: rank $r ran nothing"
  done
  diff -r "$work/one" "$work/np$np" || fail "$np ranks: the store differs from one process"
  cmp "$work/one.txt" "$work/np$np.txt" || fail "$np ranks: stdout differs from one process"
  echo "ok: $np ranks, $(wc -l <"$work/np$np/results.csv") rows of results.csv, same bytes"
done

# Sequential replications: the rounds do not depend on the rank count.
seq=(sweep "$scenario" "${short[@]}" -r 2 --quiet --ci-target total.success_rate:0.5%
     --max-replications 8 --format json)
"$lambdasim" "${seq[@]}" -j 2 --out "$work/seq1" >"$work/seq1.json"
mpi 2 "$lambdasim" "${seq[@]}" --out "$work/seq2" >"$work/seq2.json"
diff -r "$work/seq1" "$work/seq2" || fail "--ci-target: 2 ranks differ from one process"
cmp "$work/seq1.json" "$work/seq2.json" || fail "--ci-target: stdout differs"
echo "ok: --ci-target, $(wc -l <"$work/seq2/results.csv") rows, same bytes on 2 ranks"

# A shard under MPI is the same shard.
"$lambdasim" "${common[@]}" --shard 2/3 --out "$work/shard1" >/dev/null
mpi 2 "$lambdasim" "${common[@]}" --shard 2/3 --out "$work/shard2" >/dev/null
diff -r "$work/shard1" "$work/shard2" || fail "--shard 2/3: 2 ranks differ"
echo "ok: --shard 2/3 on 2 ranks"

# A bad scenario: exit 2 from the job, the message once (rank 0's).
printf 'apiVersion: lambdasim/v1\nkind: Scenario\nspec:\n  horizon: soon\n' >"$work/bad.yaml"
set +e
mpi 2 "$lambdasim" sweep "$work/bad.yaml" --quiet >"$work/bad.out" 2>"$work/bad.err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "bad scenario under mpirun: exit $code, expected 2"
n=$(grep -c "bad.yaml:4:12: error: spec.horizon" "$work/bad.err" || true)
[ "$n" -eq 1 ] || fail "bad scenario: the located message $n times, expected once: $(cat "$work/bad.err")"
echo "ok: a bad scenario fails the job with exit 2 and one message"

# --out that cannot be written: rank 0 says so, the workers are released.
touch "$work/file"
set +e
timeout 120 "$mpiexec" -np 2 --oversubscribe "$lambdasim" "${common[@]}" --out "$work/file/x" \
  >/dev/null 2>"$work/io.err"
code=$?
set -e
[ "$code" -ne 124 ] || fail "--out unwritable: the job hung"
[ "$code" -ne 0 ] || fail "--out unwritable: exit 0"
echo "ok: an unwritable --out ends the job (exit $code)"
