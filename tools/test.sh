#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors and runs every test:
# first the dev preset, then again under AddressSanitizer + UBSan. Slow
# statistical tests are tagged [slow]; they run here too (CI included).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/setup.sh
jobs=$(nproc)
for preset in dev asan; do
  echo "== $preset: configure and build" >&2
  cmake --preset "$preset" -DLAMBDASIM_WERROR=ON >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: test" >&2
  ctest --preset "$preset" -j "$jobs"
done
