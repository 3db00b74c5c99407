#!/usr/bin/env bash
# Benchmark (#29): how folio scales against the solver it wraps. For each size, seed and kind
# (single period; time-phased: 12 quarters, start windows of up to 4) a portfolio from
# tools/gen_projects.py with three capacities, must-do projects, exclusions and dependencies, and
# scores independent of resource use (as criteria scores are), is run three ways, side by side:
#   cbc       plain CBC on the model folio exports (`cbc MODEL.mps sec LIMIT solve`);
#   quick     folio run with the analyses off, CSV to workbook;
#   default   folio run with every analysis on (weight sensitivity, trade-offs).
# Prints wall seconds, peak resident memory and the outcome of each, and for the default run the
# share of force deltas, of criteria' weight ranges and of capacity values that are exact (not an
# interval, not cut off).
# Usage: tools/bench_scale.sh [SIZES (default "1000 3000 6000 10000")] [SEEDS (default "1 2 3")]
#                             [TIME_LIMIT seconds (default 60)] [KINDS (default "single timephased")]
#                             [RUNS (default "cbc quick default"; quick always runs: it exports the model)]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1000 3000 6000 10000"}
seeds=${2:-"1 2 3"}
limit=${3:-60}
kinds=${4:-"single timephased"}
runs=${5:-"cbc quick default"}
wants() { [[ " $runs " == *" $1 "* ]]; }
[ -x build/folio ] || bash tools/setup.sh build >/dev/null
command -v cbc >/dev/null || { echo "bench_scale: needs plain cbc (apt-get install coinor-cbc)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %6s %4s  %-8s %8s %9s  %s\n' kind projects seed run "wall s" "peak MB" outcome
timed() { # timed OUT_PREFIX COMMAND...: runs it, keeps "wall rss_kb" in OUT_PREFIX.time
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$out.time" "$@" >"$out.stdout" 2>"$out.stderr" || true
}
row() { # row KIND N SEED RUN OUT_PREFIX OUTCOME
  read -r wall rss <"$5.time"
  printf '%-10s %6s %4s  %-8s %8.2f %9.0f  %s\n' "$1" "$2" "$3" "$4" "$wall" "$((rss / 1024))" "$6"
}
for kind in $kinds; do
  for n in $sizes; do
    for seed in $seeds; do
      dir="$work/$kind-$n-$seed"
      if [ "$kind" = timephased ]; then
        python3 tools/gen_projects.py "$dir" --projects "$n" --capacities 3 --periods 12 --window 4 --seed "$seed" --values independent
      else
        python3 tools/gen_projects.py "$dir" --projects "$n" --capacities 3 --seed "$seed" --values independent
      fi
      { cat "$dir/rules.ini"; printf '\n[sensitivity]\nenabled = no\n[tradeoffs]\nenabled = no\n'; } >"$dir/quick.ini"
      in=(--projects "$dir/projects.csv" --benefits "$dir/benefits.csv")
      timed "$dir/quick" ./build/folio run "${in[@]}" --rules "$dir/quick.ini" --out "$dir/q.xlsx" \
        --summary "$dir/q.json" --export-lp "$dir/model.mps" --time-limit "$limit"
      if wants cbc; then
        timed "$dir/cbc" cbc "$dir/model.mps" sec "$limit" solve
        cbc_obj=$(grep -Eo 'Objective value: +[-0-9.e+]+' "$dir/cbc.stdout" | awk '{printf "%.4f", -$3}' | head -1)
        cbc_res=$(grep -Eo '^Result - [A-Za-z ]+' "$dir/cbc.stdout" | head -1 | sed 's/Result - //')
        row "$kind" "$n" "$seed" cbc "$dir/cbc" "${cbc_res:-?}, objective ${cbc_obj:-?}"
      fi
      row "$kind" "$n" "$seed" quick "$dir/quick" "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('%s, objective %.4f, gap %.4f%%, starting plan %.2f s' % (d['status'], d['objective'] or 0, 100 * (d['gap'] or 0), (d['starting_plan'] or {}).get('seconds', 0)))" "$dir/q.json" 2>/dev/null || echo failed)"
      wants default || continue
      timed "$dir/default" ./build/folio run "${in[@]}" --rules "$dir/rules.ini" --out "$dir/d.xlsx" \
        --summary "$dir/d.json" --time-limit "$limit"
      row "$kind" "$n" "$seed" default "$dir/default" "$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
forced = [p for p in d['projects'] if p.get('force') is not None]
exact = sum(1 for p in forced if p.get('force_exact'))
s = d.get('sensitivity') or {}
crit = s.get('criteria') or []
done = sum(1 for c in crit if c.get('analysed') and c.get('exact', True))
caps = d.get('capacity_values') or []
cap_exact = sum((c['plus_10pct_status'] in ('optimal', 'infeasible')) + (c['minus_10pct_status'] in ('optimal', 'infeasible'))
                for c in caps)
print('%s; force deltas exact %d of %d; weight ranges %d of %d; capacity values %d of %d' %
      (d['status'], exact, len(forced), done, len(crit), cap_exact, 2 * len(caps)))
" "$dir/d.json" 2>/dev/null || echo failed)"
    done
  done
done
