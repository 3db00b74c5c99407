#!/usr/bin/env bash
# Installs folio's build and test dependencies from Debian's packages (only those missing), then
# configures and builds into build/ (or the directory given), leaving the program at build/folio.
# Usage: tools/setup.sh [BUILD_DIR [extra cmake arguments...]]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true

packages=(build-essential cmake pkg-config libcsv-dev libinih-dev libzip-dev libexpat1-dev libgsl-dev
          coinor-libcbc-dev libxlsxwriter-dev libjansson-dev libcmocka-dev python3 python3-openpyxl)
# The test suite recalculates workbooks in real spreadsheet programs and prints them to PDF (with
# Carlito, the metric twin of the workbook's Calibri, and poppler-utils to read the pages), solves
# folio's exported model with plain cbc and glpsol, and fuzzes the
# readers with clang's libFuzzer.
if [ "${FOLIO_SETUP_TESTS:-0}" = 1 ]; then
  packages+=(libreoffice-calc-nogui gnumeric fonts-crosextra-carlito poppler-utils coinor-cbc glpk-utils
             clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "folio setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
