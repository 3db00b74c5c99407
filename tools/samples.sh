#!/usr/bin/env bash
# Sets up, builds and runs folio on the samples: writes out/portfolio.xlsx and out/summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh build
mkdir -p out
./build/folio run --projects samples/projects.csv --benefits samples/benefits.csv --rules rules/default.ini \
  --out out/portfolio.xlsx --summary out/summary.json
