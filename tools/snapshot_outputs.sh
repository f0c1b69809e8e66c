#!/usr/bin/env bash
# Writes every output a refactoring must keep byte-identical into DIR: for
# each shipped scenario and golden input, run (table, JSON, 3 replications,
# --out files), explain (text, JSON), validate and compare. Compare two
# snapshots with `diff -r`. Usage: tools/snapshot_outputs.sh BIN DIR [HORIZON]
# HORIZON (default 10m) caps spec.horizon so the whole set runs in minutes.
# Paths of the checkout are written as ROOT/, so checkouts compare equal.
set -uo pipefail
bin=$1; out=$2; horizon=${3:-10m}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out"
for f in "$root"/scenarios/*.yaml "$root"/tests/data/golden/*.yaml; do
  n=$(basename "$f" .yaml)
  h=(--set "spec.horizon=$horizon")
  {
    "$bin" validate "$f" 2>&1; echo "exit $?"
  } >"$out/$n.validate.txt"
  "$bin" explain "$f" >"$out/$n.explain.txt" 2>&1; echo "exit $?" >>"$out/$n.explain.txt"
  "$bin" explain "$f" --format json >"$out/$n.explain.json" 2>&1
  "$bin" run "$f" "${h[@]}" >"$out/$n.run.txt" 2>&1; echo "exit $?" >>"$out/$n.run.txt"
  "$bin" run "$f" "${h[@]}" --format json >"$out/$n.run.json" 2>&1
  "$bin" run "$f" "${h[@]}" -r 3 --format json >"$out/$n.run3.json" 2>&1
  "$bin" run "$f" "${h[@]}" -r 3 >"$out/$n.run3.txt" 2>&1
  rm -rf "$out/$n.out"
  "$bin" run "$f" "${h[@]}" --out "$out/$n.out" >/dev/null 2>&1
  rm -f "$out/$n.out/manifest.json"  # holds the command line (binary path)
  if grep -q '^  variants:' "$f"; then
    "$bin" compare "$f" "${h[@]}" -r 2 >"$out/$n.compare.txt" 2>&1
    "$bin" compare "$f" "${h[@]}" -r 2 --format json >"$out/$n.compare.json" 2>&1
  fi
done
# Outputs name the scenario by path: make snapshots of two checkouts comparable.
find "$out" -type f -exec sed -i "s#$root/#ROOT/#g" {} +
