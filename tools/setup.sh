#!/usr/bin/env bash
# Installs every Debian package lambdasim needs to build, test, benchmark,
# plot and package (python3-jsonschema and python3-yaml check the JSON Schema;
# help2man makes the man page; dpkg-dev's dpkg-shlibdeps the .deb's Depends;
# chromium opens report.html headless in tools/check_report.py; openmpi-bin
# and libopenmpi-dev build and test `mpirun -np N lambdasim sweep`),
# but only those missing: idempotent, and `apt-get update` runs only when
# something has to be installed. Works as root or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build clang-format clang-tidy
  clang-14 libclang-rt-14-dev
  libboost-dev libboost-math-dev libeigen3-dev libyaml-cpp-dev
  libspdlog-dev libfmt-dev catch2 libbenchmark-dev libcli11-dev
  nlohmann-json3-dev libpcg-cpp-dev
  python3 python3-matplotlib
  python3-jsonschema python3-yaml help2man dpkg-dev
  chromium
  openmpi-bin libopenmpi-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
