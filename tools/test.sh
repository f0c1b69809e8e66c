#!/usr/bin/env bash
# Installs what is missing, then: the dev preset with warnings as errors and
# every test, every test again under AddressSanitizer + UBSan, the tests that
# use the replication thread pool (ctest label `threads`) under ThreadSanitizer,
# the fuzz targets for a bounded time (tools/fuzz.sh: clang, libFuzzer + ASan +
# UBSan; FUZZ_SECONDS, default 60), and the lint (tools/lint.sh: clang-format
# and clang-tidy).
# Slow statistical tests are tagged [slow]; they run here too (CI included).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/setup.sh
jobs=$(nproc)
for preset in dev asan tsan; do
  echo "== $preset: configure and build" >&2
  cmake --preset "$preset" -DLAMBDASIM_WERROR=ON >/dev/null
  if [ "$preset" = tsan ]; then
    # Only what the threaded tests run: the test program and the CLI.
    cmake --build --preset "$preset" -j "$jobs" --target lambdasim_tests lambdasim
  else
    cmake --build --preset "$preset" -j "$jobs"
  fi
  echo "== $preset: test" >&2
  ctest --preset "$preset" -j "$jobs"
done
# Bounded: the library and one target built with clang (about 8 CPU-minutes
# cold, seconds with a warm ccache), then FUZZ_SECONDS of fuzzing from the
# shipped scenarios; a finding fails the script. FUZZ_SECONDS=0 skips it.
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  tools/fuzz.sh "${FUZZ_SECONDS:-60}"
fi
# Last, so that a style finding does not hide a failing test; it reads
# build/dev/compile_commands.json.
echo "== lint" >&2
JOBS=$jobs tools/lint.sh
