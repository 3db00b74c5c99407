#!/usr/bin/env bash
# Benchmark: folio run from CSV to workbook on generated quarters of 1,000 and 10,000 projects
# with 5 capacities (tools/gen_projects.py). Prints, per size, the median wall time of REPEAT runs,
# the peak resident memory, the solver status and gap, and the solver's share of the time.
# Usage: tools/bench_run.sh [REPEAT (default 3)] [TIME_LIMIT seconds (default 60)]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-3}
limit=${2:-60}
[ -x build/folio ] || bash tools/setup.sh build >/dev/null
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-9s %-11s %-10s %-12s %-10s %-8s %s\n' projects capacities "wall (s)" "peak RSS" status gap "solver (s)"
for n in 1000 10000; do
  python3 tools/gen_projects.py "$work/$n" --projects "$n" --capacities 5 --seed 1
  times=()
  for r in $(seq "$repeat"); do
    /usr/bin/time -f '%e %M' -o "$work/time" ./build/folio run --projects "$work/$n/projects.csv" \
      --benefits "$work/$n/benefits.csv" --rules "$work/$n/rules.ini" --out "$work/$n/book.xlsx" \
      --summary "$work/$n/s.json" --time-limit "$limit" >/dev/null 2>&1 || true
    times+=("$(cat "$work/time")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
  read -r wall rss <<<"$median"
  read -r status gap solve < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['status'], '%.4f%%' % (100*d['gap']), '%.2f' % d['solve_seconds'])" "$work/$n/s.json")
  printf '%-9s %-11s %-10s %-12s %-10s %-8s %s\n' "$n" 5 "$wall" "$((rss / 1024)) MiB" "$status" "$gap" "$solve"
done
