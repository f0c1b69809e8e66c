#!/usr/bin/env bash
# Static checks, run by tools/test.sh; exits non-zero on any finding:
#  - clang-format (.clang-format): every .cpp/.hpp in sim/ include/ tests/
#    bench/ must be formatted (fix with `clang-format -i FILE`);
#  - clang-tidy (.clang-tidy): every source of sim/ and bench/ in
#    build/dev/compile_commands.json (configured here if missing), in
#    parallel; the project's headers are checked through them. The tests
#    (a third of the units, each parsing Catch2) are left out unless
#    TIDY_DIRS says so: about 8 of CI's minutes on 2 cores, for checks
#    whose findings in test code were style, not bugs; the compiler's
#    warnings (errors in CI) still cover them.
#   tools/lint.sh             # both
#   tools/lint.sh format      # clang-format only
#   tools/lint.sh tidy [RE]   # clang-tidy only, on sources matching RE
#   TIDY_DIRS='sim|bench|tests' tools/lint.sh tidy   # the tests too
#   JOBS=4 tools/lint.sh      # clang-tidy instances (default 2)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
what=${1:-all}
filter=${2:-.}
jobs=${JOBS:-2}
tidy_dirs=${TIDY_DIRS:-sim|bench}
status=0

if [ "$what" = all ] || [ "$what" = format ]; then
  echo "== clang-format" >&2
  mapfile -t sources < <(find sim include tests bench -name '*.cpp' -o -name '*.hpp' | sort)
  if ! clang-format --dry-run --Werror "${sources[@]}"; then
    echo "lint.sh: clang-format: the files above need \`clang-format -i\`" >&2
    status=1
  fi
fi

if [ "$what" = all ] || [ "$what" = tidy ]; then
  echo "== clang-tidy (-j $jobs)" >&2
  db=build/dev/compile_commands.json
  # Configuring refreshes the database with any source added since.
  cmake --preset dev >/dev/null
  mapfile -t units < <(python3 -c '
import json, sys
for entry in json.load(open(sys.argv[1])):
    print(entry["file"])' "$db" | grep -E "^$root/($tidy_dirs)/" | grep -E -- "$filter" | sort -u)
  # One clang-tidy per unit; only a unit with findings prints (its findings).
  tidy_one() {
    local out
    # The tests' GCC-only -Wno-maybe-uninitialized is unknown to clang.
    if ! out=$(clang-tidy -p build/dev --quiet --extra-arg=-Wno-unknown-warning-option "$1" 2>&1); then
      printf '%s\n' "$out" | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' >&2
      return 1
    fi
  }
  export -f tidy_one
  if ! printf '%s\n' "${units[@]}" | xargs -P "$jobs" -I{} bash -c 'tidy_one "$1"' _ {}; then
    echo "lint.sh: clang-tidy: findings above (${#units[@]} units checked)" >&2
    status=1
  fi
fi

exit "$status"
