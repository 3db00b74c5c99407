#!/usr/bin/env bash
# Benchmark of the trade-off analysis (frontier, force deltas, capacity values, scenarios):
#   - the samples (rules/default.ini: 20 frontier points, 60 projects, 5 scenarios);
#   - 1,000 generated projects, 3 capacities, criteria-style values (tools/gen_projects.py
#     --values independent), 20 frontier points, weight sensitivity off so that the figure is the
#     trade-offs' own.
# Prints per case the run's wall time, the trade-offs' time and re-solves (from folio's stdout), how
# many force deltas were re-solved exactly and how many were bounded instead, and for those the
# median distance between their two bounds (the LP's and a plan's with the decision forced).
# Usage: tools/bench_tradeoffs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/folio ] || bash tools/setup.sh build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-40s %-9s %-34s %-34s %s\n' case "wall (s)" "trade-offs" "force deltas exact / bounded" \
  "bounds apart (median)"
report() { # report NAME DIR RULES PROJECTS BENEFITS
  local name=$1 dir=$2 rules=$3 projects=$4 benefits=$5 start end
  start=$(date +%s.%N)
  ./build/folio run --projects "$projects" --benefits "$benefits" --rules "$rules" --out "$dir/book.xlsx" \
    --summary "$dir/s.json" >"$dir/stdout" 2>/dev/null || true
  end=$(date +%s.%N)
  local trade forced apart
  trade=$(sed -n 's/^trade-offs: \(.*\); frontier.*/\1/p' "$dir/stdout")
  forced=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=[x for x in d['projects'] if x['force']]; print('%d / %d' % (sum(x['force_exact'] for x in p), sum(not x['force_exact'] for x in p)))" "$dir/s.json")
  apart=$(python3 -c "import json,sys,statistics; d=json.load(open(sys.argv[1])); w=[x['force_lp_bound']-x['force_feasible'] for x in d['projects'] if x['force'] and not x['force_exact'] and x['force_lp_bound'] is not None and x['force_feasible'] is not None]; print('%.4g (%d with both)' % (statistics.median(w), len(w)) if w else '-')" "$dir/s.json")
  printf '%-40s %-9.1f %-34s %-34s %s\n' "$name" "$(python3 -c "print($end - $start)")" "${trade:-not run}" "$forced" "$apart"
}
mkdir -p "$work/samples"
report "samples (60 projects, 5 scenarios)" "$work/samples" rules/default.ini samples/projects.csv samples/benefits.csv
python3 tools/gen_projects.py "$work/g1000" --projects 1000 --capacities 3 --seed 1 --values independent
printf '\n[sensitivity]\nenabled = no\n[tradeoffs]\nfrontier_points = 20\n' >>"$work/g1000/rules.ini"
report "1000 x 3, criteria-style values" "$work/g1000" "$work/g1000/rules.ini" "$work/g1000/projects.csv" \
  "$work/g1000/benefits.csv"
