#!/usr/bin/env bash
# Benchmark: folio run from CSV to workbook on generated instances (tools/gen_projects.py):
#   - 1,000 and 10,000 projects, 5 capacities, one period (Chu-Beasley-style correlated values);
#   - 2,000 projects x 12 quarters x 6 capacities with start windows of up to 4 quarters, scores
#     independent of resource use (as criteria scores are) for three seeds, and correlated for one.
# Prints per case the median wall time of REPEAT runs, peak resident memory, status, gap and the
# solver's share of the time.
# Usage: tools/bench_run.sh [REPEAT (default 1)] [TIME_LIMIT seconds (default 60)]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-1}
limit=${2:-60}
[ -x build/folio ] || bash tools/setup.sh build >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-44s %-9s %-10s %-11s %-9s %s\n' case "wall (s)" "peak RSS" status gap "solver (s)"
bench() { # bench NAME GENERATOR-ARGS...
  local name=$1; shift
  local dir="$work/$name"
  python3 tools/gen_projects.py "$dir" "$@"
  local times=()
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" ./build/folio run --projects "$dir/projects.csv" \
      --benefits "$dir/benefits.csv" --rules "$dir/rules.ini" --out "$dir/book.xlsx" \
      --summary "$dir/s.json" --time-limit "$limit" >/dev/null 2>&1 || true
    times+=("$(cat "$dir/time")")
  done
  local median wall rss status gap solve
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
  read -r wall rss <<<"$median"
  read -r status gap solve < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['status'], '%.3f%%' % (100*d['gap']), '%.2f' % d['solve_seconds'])" "$dir/s.json")
  printf '%-44s %-9s %-10s %-11s %-9s %s\n' "$name" "$wall" "$((rss / 1024)) MiB" "$status" "$gap" "$solve"
}
bench "1000 x 5, one period, correlated" --projects 1000 --capacities 5 --seed 1
bench "10000 x 5, one period, correlated" --projects 10000 --capacities 5 --seed 1
for seed in 1 2 3; do
  bench "2000 x 12q x 6, windows 4, independent s$seed" --projects 2000 --capacities 6 --periods 12 --window 4 \
    --values independent --seed "$seed"
done
bench "2000 x 12q x 6, windows 4, correlated s1" --projects 2000 --capacities 6 --periods 12 --window 4 --seed 1
