#!/usr/bin/env bash
# Sets up and runs the whole test suite through ctest: once on the normal build (build/), once on a
# build with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
export FOLIO_SETUP_TESTS=1
bash tools/setup.sh build
(cd build && ctest --output-on-failure -j"$(nproc)")
bash tools/setup.sh build-asan -DFOLIO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# The sanitizer options (and the suppression of one upstream CoinUtils leak) are set per test in
# tests/CMakeLists.txt, so that plain ctest in build-asan/ behaves the same.
(cd build-asan && ctest --output-on-failure -j"$(nproc)")
