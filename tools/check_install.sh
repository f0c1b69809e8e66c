#!/usr/bin/env bash
# Checks that lambdasim installs like a tool (ctest `install_and_deb`, label
# `install`): `cmake --install` into a temporary DESTDIR puts the binary, the
# scenarios, the docs, the JSON Schema, the man page and bash completion in
# place; the installed binary says its version and git commit and validates
# the installed scenarios; the completion completes subcommands, flags and
# --format values; `cpack -G DEB` makes a .deb whose listing (dpkg-deb -c)
# and metadata (dpkg-deb -I) are as expected, and whose extracted binary runs.
# Usage: tools/check_install.sh BUILD_DIR VERSION
set -euo pipefail
build=$(cd "$1" && pwd)
version=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL $*" >&2
  failures=$((failures + 1))
}
ok() { echo "ok   $*"; }

# 1. cmake --install into DESTDIR, prefix /usr (as the .deb).
dest=$tmp/root
DESTDIR=$dest cmake --install "$build" --prefix /usr >"$tmp/install.log" 2>&1 ||
  {
    cat "$tmp/install.log" >&2
    fail "cmake --install"
    exit 1
  }
expected=(
  usr/bin/lambdasim
  usr/share/doc/lambdasim/README.md
  usr/share/doc/lambdasim/aws-facts.md
  usr/share/lambdasim/scenario.schema.json
  usr/share/bash-completion/completions/lambdasim
)
have_man=0
if grep -q '^HELP2MAN:FILEPATH=/' "$build/CMakeCache.txt"; then
  have_man=1
  expected+=(usr/share/man/man1/lambdasim.1)
else
  echo "note: help2man was not found at configure time: no man page to check" >&2
fi
for scenario in "$root"/scenarios/*; do
  expected+=("usr/share/lambdasim/scenarios/$(basename "$scenario")")
done
missing=0
for f in "${expected[@]}"; do
  [ -f "$dest/$f" ] || {
    fail "installed file missing: $f"
    missing=$((missing + 1))
  }
done
[ $missing -eq 0 ] && ok "cmake --install: ${#expected[@]} expected files in place"

# 2. The installed binary: version and commit, and the installed scenarios.
bin=$dest/usr/bin/lambdasim
got=$("$bin" --version)
if [[ $got =~ ^lambdasim\ ${version//./\\.}\ \(git\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]]; then
  ok "--version: $got"
else
  fail "--version printed '$got', expected 'lambdasim $version (git <12 hex>|unknown)'"
fi
commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[[ $got == *"$commit"* ]] || fail "--version does not name the checkout's commit $commit: $got"
n=0
for s in "$dest"/usr/share/lambdasim/scenarios/*.yaml; do
  "$bin" validate "$s" >/dev/null 2>"$tmp/validate.err" || {
    fail "installed scenario does not validate: $s: $(head -3 "$tmp/validate.err")"
  }
  n=$((n + 1))
done
ok "the $n installed scenarios validate from share/lambdasim/scenarios"
if cmp -s <("$bin" schema --format json-schema) "$dest/usr/share/lambdasim/scenario.schema.json"; then
  ok "scenario.schema.json is what 'schema --format json-schema' prints"
else
  fail "installed scenario.schema.json differs from the binary's output"
fi

# 3. The man page: made by help2man, names every subcommand.
if [ $have_man = 1 ]; then
  man=$dest/usr/share/man/man1/lambdasim.1
  grep -q '^\.TH LAMBDASIM "1"' "$man" || fail "man page has no .TH LAMBDASIM header"
  for word in run validate explain compare schema "EXIT STATUS" json-schema; do
    grep -q -- "$word" "$man" || fail "man page does not mention '$word'"
  done
  ok "man page: .TH header, every subcommand, exit status"
fi

# 4. Bash completion, as bash would call it (no bash-completion package needed).
complete_words() { # the completions of the command line "$1" (cursor at its end)
  PATH="$dest/usr/bin:$PATH" bash --norc --noprofile -c '
    source "$1"
    line=$2
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _lambdasim
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ \
    "$dest/usr/share/bash-completion/completions/lambdasim" "$1"
}
check_completion() { # line, words that must all be offered
  local line=$1 out
  shift
  out=$(complete_words "$line")
  for w in "$@"; do
    grep -qx -- "$w" <<<"$out" || {
      fail "completion of '$line' lacks '$w' (got: $(tr '\n' ' ' <<<"$out"))"
      return
    }
  done
  ok "completion of '$line': $*"
}
check_completion "lambdasim " run validate explain compare schema
check_completion "lambdasim c" compare
check_completion "lambdasim run --" --format --out --set --seed --replications --verbose
check_completion "lambdasim run --format " table json
check_completion "lambdasim schema --format " text json markdown json-schema
check_completion "lambdasim schema --format j" json json-schema
check_completion "lambdasim --log-level " debug warn
check_completion "lambdasim -v compare --for" --format
[ -z "$(complete_words 'lambdasim schema --format x')" ] || fail "completion offers a --format x*"

# 5. The .deb: cpack into a temporary directory, then its listing and metadata.
(cd "$tmp" && cpack -G DEB -B "$tmp/pkg" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1) ||
  {
    cat "$tmp/cpack.log" >&2
    fail "cpack -G DEB"
    exit 1
  }
deb=$(ls "$tmp"/pkg/*.deb)
ok "cpack -G DEB: $(basename "$deb")"
listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in "${expected[@]}"; do
  grep -qx "\./$f" <<<"$listing" || fail "dpkg-deb -c: $f not in the package"
done
ok "dpkg-deb -c lists the ${#expected[@]} expected files"
info=$(dpkg-deb -I "$deb")
for field in "Package: lambdasim" "Version: $version" "Architecture: amd64" "Section: science" \
  "Maintainer: " "Description: discrete-event simulator"; do
  grep -q "^ $field" <<<"$info" || fail "dpkg-deb -I: no '$field'"
done
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
for lib in libyaml-cpp libfmt libspdlog libstdc++6 libc6; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
ok "dpkg-deb -I: package, version $version, Depends: $depends"
dpkg-deb -x "$deb" "$tmp/extracted"
got=$("$tmp/extracted/usr/bin/lambdasim" --version || true)
if [[ $got == "lambdasim $version "* ]]; then
  ok "the packaged binary runs: $got"
else
  fail "the packaged binary does not run: '$got'"
fi

if [ $failures -gt 0 ]; then
  echo "check_install: $failures failure(s)" >&2
  exit 1
fi
echo "check_install: all passed"
