#!/usr/bin/env bash
# Sets up and runs the whole test suite through ctest, in three builds (tests/CMakeLists.txt says
# which tests each runs and why):
#   build/       the normal build: every test (labels unit, oracle, reader, e2e, external)
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer: unit, oracle, reader, and one run of
#                each command on the samples
#   build-fuzz/  clang with libFuzzer: each reader's fuzz corpus, then each fuzzer for 30 s
set -euo pipefail
cd "$(dirname "$0")/.."
export FOLIO_SETUP_TESTS=1
bash tools/setup.sh build
(cd build && ctest --output-on-failure -j"$(nproc)")
bash tools/setup.sh build-asan -DFOLIO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# The sanitizer options (and the suppression of upstream CoinUtils/CBC leaks) are set per test in
# tests/CMakeLists.txt, so that plain ctest in build-asan/ behaves the same.
(cd build-asan && ctest --output-on-failure -j"$(nproc)")
CC=clang bash tools/setup.sh build-fuzz -DFOLIO_FUZZ=ON
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)")
