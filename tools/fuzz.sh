#!/usr/bin/env bash
# Builds the `fuzz` preset (clang++-14: the library and fuzz/fuzz_scenario
# only, with libFuzzer + ASan + UBSan) and runs the target for SECONDS
# (default 120) on a corpus seeded from scenarios/ and tests/data. A finding
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

echo "== fuzz: configure and build (library + fuzz_scenario)" >&2
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

echo "== fuzz: fuzz_scenario for ${seconds}s" >&2
# -timeout: one input may take at most 10 s (a bounded run takes < 0.1 s);
# -rss_limit_mb: the allocator limit, so runaway memory is a finding.
"$build/fuzz/fuzz_scenario" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 \
  -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$@"
