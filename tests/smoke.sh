#!/usr/bin/env bash
# One run of each command on the samples, for the sanitizer build (where every run is slow): --help,
# check, run with every analysis (weight sensitivity, trade-offs, scenarios), its outputs read back
# as JSON, a re-plan against that run and diff. The sanitizers fail the run on any memory error, leak or undefined behaviour.
# Usage: smoke.sh FOLIO SOURCE_DIR
set -u
folio=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
in=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$src/rules/default.ini")
"$folio" --help >/dev/null || { echo "FAIL: --help"; fail=1; }
"$folio" check "${in[@]}" >"$work/check.out" 2>"$work/check.err" || { echo "FAIL: check exits $?"; cat "$work/check.err"; fail=1; }
grep -q "capacities" "$work/check.out" || { echo "FAIL: check prints no summary"; fail=1; }
"$folio" run "${in[@]}" --out "$work/book.xlsx" --summary "$work/s.json" >"$work/run.out" 2>"$work/run.err" ||
  { echo "FAIL: run exits $?"; cat "$work/run.err"; fail=1; }
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['status'] == 'optimal', d['status']
assert d['sensitivity'] and d['frontier'] and len(d['scenarios']) == 5
" "$work/s.json" || { echo "FAIL: the summary"; fail=1; }
[ -s "$work/book.xlsx" ] || { echo "FAIL: no workbook"; fail=1; }
# The sample re-plan against that run's summary (stop costs, the Changes sheet, the attribution's
# solves), then diff of the two summaries, text and JSON.
replan=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/replan.ini")
{ cat "$src/rules/replan.ini"; printf '\n[tradeoffs]\nenabled = no\n[sensitivity]\nenabled = no\n'; } >"$work/replan.ini"
"$folio" run "${replan[@]}" --baseline "$work/s.json" --out "$work/replan.xlsx" --summary "$work/r.json" \
  >"$work/replan.out" 2>"$work/replan.err" || { echo "FAIL: the re-plan exits $?"; cat "$work/replan.err"; fail=1; }
grep -q "^what changed the objective" "$work/replan.out" || { echo "FAIL: the re-plan attributes nothing"; fail=1; }
"$folio" diff "$work/s.json" "$work/r.json" >"$work/diff.out" 2>&1 || { echo "FAIL: diff exits $?"; fail=1; }
"$folio" diff "$work/s.json" "$work/r.json" --json >"$work/diff.json" 2>&1 || { echo "FAIL: diff --json exits $?"; fail=1; }
[ $fail -eq 0 ] && echo "smoke: --help, check, run, a re-plan and diff on the samples"
exit $fail
