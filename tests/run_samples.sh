#!/usr/bin/env bash
# Runs folio once on each sample (single-period, time-phased with demand, AHP) with every analysis,
# into OUT_DIR: NAME.xlsx, NAME.json, NAME.stdout, NAME.stderr and NAME.rc (the exit code), with
# SOURCE_DATE_EPOCH set so that the workbooks are reproducible. The end-to-end tests read these
# instead of each running the samples again (a ctest fixture).
# Usage: run_samples.sh FOLIO SOURCE_DIR OUT_DIR
set -u
folio=$(realpath "$1")
src=$(realpath "$2")
out=$3
rm -rf "$out"
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1790000000
in=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv")
run() { # run NAME ARGS...
  local name=$1; shift
  "$folio" run "${in[@]}" "$@" --out "$out/$name.xlsx" --summary "$out/$name.json" \
    >"$out/$name.stdout" 2>"$out/$name.stderr"
  echo $? >"$out/$name.rc"
  echo "$name: exit $(cat "$out/$name.rc")"
}
run single --rules "$src/rules/default.ini"
run timephased --rules "$src/rules/timephased.ini" --demand "$src/samples/demand.csv"
run ahp --rules "$src/rules/ahp.ini"
for name in single timephased ahp; do
  [ "$(cat "$out/$name.rc")" = 0 ] && [ -s "$out/$name.xlsx" ] && [ -s "$out/$name.json" ] || exit 1
done
