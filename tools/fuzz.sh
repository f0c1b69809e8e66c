#!/usr/bin/env bash
# Builds the `fuzz` preset (clang++-14: the library and the fuzz/ targets
# only, with libFuzzer + ASan + UBSan) and runs them for SECONDS in all
# (default 120: half for fuzz_scenario, a sixth each for fuzz_load,
# fuzz_values and fuzz_trace) on corpora seeded from scenarios/ and
# tests/data. A finding
# (crash, sanitizer report, leak, timeout, out of memory) fails the script
# and leaves the input in build/fuzz/findings/; copy it to fuzz/regressions/
# so that tests/test_scenario_fuzz.cpp replays it from then on.
#   tools/fuzz.sh 120            # what tools/test.sh runs
#   tools/fuzz.sh 3600 -jobs=2   # longer; extra arguments go to libFuzzer
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-120}
shift || true
jobs=$(nproc)

echo "== fuzz: configure and build (library + fuzz targets)" >&2
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

build=build/fuzz
corpus=$build/corpus
findings=$build/findings
mkdir -p "$corpus" "$findings"
# The seed corpus: every shipped scenario and test scenario, and the inputs
# that once failed. libFuzzer adds what it finds to $corpus (kept between
# runs in the same build directory).
cp -f scenarios/*.yaml tests/data/scenarios/*.yaml "$corpus"/
if compgen -G "fuzz/regressions/*" >/dev/null; then cp -f fuzz/regressions/* "$corpus"/; fi

# The whole pipeline gets half the time; the loader, the value parsers and
# the trace reader share the rest.
run_target() {  # name seconds corpus-source...
  local name=$1 secs=$2
  shift 2
  local dir=$build/corpus-$name
  mkdir -p "$dir"
  # Each source is a glob, expanded here on purpose.
  # shellcheck disable=SC2086
  for src in "$@"; do cp -f $src "$dir"/ 2>/dev/null || true; done
  echo "== fuzz: $name for ${secs}s" >&2
  "$build/fuzz/$name" "$dir" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/$name-" "${extra[@]}"
}
extra=("$@")
half=$(( seconds / 2 > 0 ? seconds / 2 : 1 ))
sixth=$(( seconds / 6 > 0 ? seconds / 6 : 1 ))
run_target fuzz_scenario "$half" "$corpus/*"
run_target fuzz_load "$sixth" "$corpus/*.yaml"
printf '250ms' >"$build/value-seed-1"
printf 'functions.api.memory=512MiB' >"$build/value-seed-2"
printf '1000/10s' >"$build/value-seed-3"
run_target fuzz_values "$sixth" "$build/value-seed-*"
run_target fuzz_trace "$sixth" "tests/data/scenarios/*.csv"
