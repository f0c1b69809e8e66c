#!/usr/bin/env bash
# A lambdasim built without MPI, started as one of several mpirun ranks (the
# environment says so), refuses to sweep: exit 2 and a message saying why,
# rather than every rank running the whole sweep into the same --out.
#   tests/mpi/check_no_mpi.sh LAMBDASIM SCENARIO
set -uo pipefail
err=$(OMPI_COMM_WORLD_SIZE=2 "$1" sweep "$2" --quiet 2>&1 >/dev/null)
code=$?
echo "$err"
[ "$code" -eq 2 ] || { echo "FAIL: exit $code, expected 2" >&2; exit 1; }
grep -q "built without MPI" <<<"$err" || { echo "FAIL: no reason given" >&2; exit 1; }
