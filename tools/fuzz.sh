#!/usr/bin/env bash
# Fuzzes the readers of untrusted input (CSV, .xlsx, rules, period labels, numbers and money, and
# the model loader over them) with libFuzzer: builds build-fuzz/ with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer), replays
# each seed corpus (tests/fuzz/NAME/), then runs each fuzzer for SECONDS (default 300), two at a
# time. New inputs and any crash stay in build-fuzz/tests/fuzz/found/NAME/, never in the sources; a
# crash's input belongs in tests/fuzz/NAME/ with its fix and a unit test.
# Usage: tools/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
for p in clang libclang-rt-14-dev libcsv-dev libinih-dev libzip-dev libexpat1-dev cmake pkg-config; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ -n "${missing[*]:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
CC=clang cmake -S . -B build-fuzz -DFOLIO_FUZZ=ON -DFOLIO_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build build-fuzz -j"$(nproc)"
cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L fuzz
