#!/bin/sh
# Regenerates the scenario reference in README.md (between the BEGIN/END
# SCENARIO REFERENCE markers) from the parameter table. Builds nothing.
#   tools/update_readme.sh build/dev/lambdasim
set -eu
bin=${1:?usage: tools/update_readme.sh path/to/lambdasim}
root=$(cd "$(dirname "$0")/.." && pwd)
generated=$(mktemp)
trap 'rm -f "$generated"' EXIT
"$bin" schema --format markdown >"$generated"
python3 - "$root/README.md" "$generated" <<'PY'
import sys
readme_path, generated_path = sys.argv[1], sys.argv[2]
begin, end = "<!-- BEGIN SCENARIO REFERENCE -->", "<!-- END SCENARIO REFERENCE -->"
text = open(readme_path, encoding="utf-8").read()
start = text.index(begin) + len(begin)
stop = text.index(end)
section = open(generated_path, encoding="utf-8").read()
open(readme_path, "w", encoding="utf-8").write(text[:start] + "\n" + section + text[stop:])
PY
echo "updated $root/README.md"
