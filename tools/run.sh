#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs a scenario:
#   tools/run.sh                         # the default scenario
#   tools/run.sh scenarios/x.yaml --format json
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target lambdasim -j "$(nproc)"
scenario=${1:-scenarios/steady-api.yaml}
[ $# -gt 0 ] && shift
exec build/release/lambdasim run "$scenario" "$@"
