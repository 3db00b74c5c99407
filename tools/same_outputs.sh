#!/usr/bin/env bash
# Runs two folio builds on the samples (single-period, time-phased with demand, AHP) with
# SOURCE_DATE_EPOCH set, and compares what they write: the workbooks byte for byte, the summaries
# byte for byte once the timing keys (solve_seconds, starting_plan.seconds) are blanked. For
# refactoring: a change that should not change behaviour must pass this.
# Usage: tools/same_outputs.sh OLD_FOLIO NEW_FOLIO [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1") new=$(realpath "$2")
work=${3:-$(mktemp -d)}
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1790000000
in=(--projects samples/projects.csv --benefits samples/benefits.csv)
cases=("single:--rules rules/default.ini" "timephased:--rules rules/timephased.ini --demand samples/demand.csv"
       "ahp:--rules rules/ahp.ini")
blank() { sed -E 's/"solve_seconds": [0-9.e+-]+/"solve_seconds": 0/; s/"seconds": [0-9.e+-]+\}/"seconds": 0}/' "$1"; }
status=0
for c in "${cases[@]}"; do
  name=${c%%:*} args=${c#*:}
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    # shellcheck disable=SC2086
    "$bin" run "${in[@]}" $args --out "$work/$name-$which.xlsx" --summary "$work/$name-$which.json" \
      >/dev/null 2>&1 || [ $? -eq 3 ]
  done
  if cmp -s "$work/$name-old.xlsx" "$work/$name-new.xlsx"; then wb=same; else wb=DIFFERENT; status=1; fi
  if cmp -s <(blank "$work/$name-old.json") <(blank "$work/$name-new.json"); then js=same; else js=DIFFERENT; status=1; fi
  echo "$name: workbook $wb, summary $js (apart from timings)"
done
exit $status
