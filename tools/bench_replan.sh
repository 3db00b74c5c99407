#!/usr/bin/env bash
# Benchmark (#30): what a re-plan's analyses cost on top of its solve. For the samples and a
# generated portfolio (tools/gen_projects.py, N projects, three capacities, independent scores): a
# baseline run, then the re-plan against its summary (the first capacity cut by 5%, at most
# MAX_CHANGES changes, a change penalty of 1) with the attribution off and on. Prints wall seconds
# and what the attribution did. Weight sensitivity and trade-offs are off throughout.
# Usage: tools/bench_replan.sh [N (default 2000)] [MAX_CHANGES (default 40)] [TIME_LIMIT (default 30)]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
max_changes=${2:-40}
limit=${3:-30}
[ -x build/folio ] || bash tools/setup.sh build >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet() { cat "$1"; printf '\n[sensitivity]\nenabled = no\n[tradeoffs]\nenabled = no\n'; }
run() { # run LABEL BUDGET RULES BASELINE ARGS...: one re-plan, timed
  local label=$1 budget=$2 rules=$3 baseline=$4; shift 4
  sed "s/^\[replan\]/[replan]\nattribution_budget = $budget/" "$rules" >"$work/r.ini"
  /usr/bin/time -f '%e' -o "$work/t" ./build/folio run "$@" --rules "$work/r.ini" --baseline "$baseline" \
    --out "$work/r.xlsx" --summary "$work/r.json" --time-limit "$limit" >/dev/null 2>&1 || true
  printf '%-34s attribution %-4s %7.2f s  %s\n' "$label" "$([ "$budget" = 0 ] && echo off || echo on)" "$(cat "$work/t")" \
    "$(python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['attribution']; print('%d steps, %d solves' % (len(a['steps']), a['solves']) if a['done'] else a['why_not'])" "$work/r.json")"
}
samples=(--projects samples/projects.csv --benefits samples/benefits.csv)
quiet rules/default.ini >"$work/base.ini"
./build/folio run "${samples[@]}" --rules "$work/base.ini" --out "$work/b.xlsx" --summary "$work/base.json" >/dev/null 2>&1
quiet rules/replan.ini >"$work/replan.ini"
for b in 0 120; do run "samples (rules/replan.ini)" $b "$work/replan.ini" "$work/base.json" "${samples[@]}"; done
g="$work/g"
python3 tools/gen_projects.py "$g" --projects "$n" --capacities 3 --seed 2 --values independent >/dev/null
quiet "$g/rules.ini" >"$g/quick.ini"
./build/folio run --projects "$g/projects.csv" --benefits "$g/benefits.csv" --rules "$g/quick.ini" --out "$g/b.xlsx" \
  --summary "$g/base.json" --time-limit "$limit" >/dev/null 2>&1
python3 - "$g/quick.ini" "$g/replan.ini" "$max_changes" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
first = re.search(r"^limit = ([0-9]+)$", text, re.M)
text = text.replace(first.group(0), "limit = %d" % int(int(first.group(1)) * 0.95), 1)
open(sys.argv[2], "w").write(text + "\n[replan]\nmax_changes = %s\nchange_penalty = 1\n" % sys.argv[3])
PY
for b in 0 120; do run "$n projects, max_changes $max_changes" $b "$g/replan.ini" "$g/base.json" \
  --projects "$g/projects.csv" --benefits "$g/benefits.csv"; done
