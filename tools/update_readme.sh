#!/bin/sh
# Regenerates the scenario reference in README.md (between the BEGIN/END
# SCENARIO REFERENCE markers) from the parameter table, and the metric names
# (between the BEGIN/END METRIC NAMES markers) from the metric declarations.
# Builds nothing.
#   tools/update_readme.sh build/dev/lambdasim
set -eu
bin=${1:?usage: tools/update_readme.sh path/to/lambdasim}
root=$(cd "$(dirname "$0")/.." && pwd)
generated=$(mktemp)
metrics=$(mktemp)
trap 'rm -f "$generated" "$metrics"' EXIT
"$bin" schema --format markdown >"$generated"
"$bin" schema --metrics >"$metrics"
python3 - "$root/README.md" "$generated" "$metrics" <<'PY'
import sys
readme_path, generated_path, metrics_path = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(readme_path, encoding="utf-8").read()
for marker, path in (("SCENARIO REFERENCE", generated_path), ("METRIC NAMES", metrics_path)):
    begin, end = f"<!-- BEGIN {marker} -->", f"<!-- END {marker} -->"
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    section = open(path, encoding="utf-8").read()
    text = text[:start] + "\n" + section + text[stop:]
open(readme_path, "w", encoding="utf-8").write(text)
PY
echo "updated $root/README.md"
