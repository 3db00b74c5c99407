#!/usr/bin/env bash
# End-to-end tests of the folio command: exit codes, messages, and what is (or is not) written.
# Usage: test_cli.sh FOLIO SOURCE_DIR SAMPLES_OUT
# SAMPLES_OUT holds what run_samples.sh wrote for the samples (the ctest fixture), read here rather
# than run again.
set -u
folio=$(realpath "$1")
src=$(realpath "$2")
out=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
quiet() { # the last run printed nothing of the solver's own (CBC, Clp, CoinUtils)
  ! grep -qE 'Coin[0-9]{4}|Cbc[0-9]{4}|Clp[0-9]{4}|Cbc_C_Interface|Illegal index' "$work/stdout" "$work/stderr"
}
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
samples=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$src/rules/default.ini")
# Runs that test something else skip the trade-off analysis (tested on the samples run below, the
# time-phased run and the reproducibility runs): under the sanitizers it is most of a run's time.
notrade() { cat "$1"; printf '\n[tradeoffs]\nenabled = no\n'; }
notrade "$src/rules/default.ini" > "$work/quick.ini"
notrade "$src/rules/timephased.ini" > "$work/tquick.ini"
quick=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/quick.ini")

# --help, --version and usage errors.
"$folio" --help >"$work/help" 2>&1; check "--help exits 0" test $? -eq 0
check "--help lists exit codes" grep -q "3  no feasible portfolio" "$work/help"
"$folio" --version >"$work/v"; check "--version exits 0" test $? -eq 0
check "--version prints the version" grep -qE '^folio [0-9]+\.[0-9]+\.[0-9]+$' "$work/v"
"$folio" 2>"$work/e"; check "no command is a usage error" test $? -eq 2
"$folio" frobnicate 2>"$work/e"; check "unknown command exits 2" test $? -eq 2
check "usage errors start with folio:" grep -q "^folio: unknown command 'frobnicate'" "$work/e"
"$folio" run "${samples[@]}" 2>"$work/e"; check "run without --out exits 2" test $? -eq 2
"$folio" run "${samples[@]}" --out "$work/x.xlsx" --time-limit abc 2>"$work/e"; check "bad --time-limit exits 2" test $? -eq 2
"$folio" check "${samples[@]}" --out "$work/x.xlsx" 2>"$work/e"; check "--out with check exits 2" test $? -eq 2
"$folio" run --projects "$work/none.csv" --benefits "$work/none.csv" --rules "$work/none.ini" --out "$work/x.xlsx" 2>"$work/e"
check "missing input file exits 4" test $? -eq 4
check "every missing input file is named" test "$(grep -c "none.\(csv\|ini\): cannot open" "$work/e")" -eq 3
# The command line is checked whole before anything is read: an output over another output or over
# an input, an option given twice, a wrong extension or an unknown option is a usage error, and an
# existing file is left as it was.
mkdir -p "$work/same"
printf precious > "$work/same/book.xlsx"
"$folio" run "${quick[@]}" --out "$work/same/book.xlsx" --summary "$work/same/book.xlsx" >"$work/o" 2>"$work/e"
check "the same path for --out and --summary exits 2" test $? -eq 2
check "the same path twice leaves the existing file untouched" test "$(cat "$work/same/book.xlsx")" = precious
cp "$out/single.xlsx" "$work/same/input.xlsx"
"$folio" run --projects "$work/same/input.xlsx" --rules "$work/quick.ini" --out "$work/same/../same/input.xlsx" \
  >"$work/o" 2>"$work/e"
check "an output over an input exits 2" test $? -eq 2
check "an output over an input is named" grep -q "^folio: --out would overwrite the input --projects" "$work/e"
check "the input is untouched" cmp -s "$out/single.xlsx" "$work/same/input.xlsx"
"$folio" run "${quick[@]}" --out "$work/same/a.json" --summary "$work/same/a.xlsx" 2>"$work/e"
check "--out must end in .xlsx" test $? -eq 2
check "--out's extension is explained" grep -q "must end in .xlsx" "$work/e"
"$folio" run "${quick[@]}" --out "$work/same/a.xlsx" --summary "$work/same/a.txt" 2>"$work/e"
check "--summary must end in .json" test $? -eq 2
"$folio" run "${quick[@]}" --rules "$work/quick.ini" --out "$work/same/a.xlsx" 2>"$work/e"
check "an option given twice exits 2" test $? -eq 2
check "an option given twice is named" grep -q "^folio: option '--rules' is given twice" "$work/e"
"$folio" run --projekts "$src/samples/projects.csv" 2>"$work/e"
check "an unknown option exits 2" test $? -eq 2
check "an unknown option gets a did-you-mean" grep -q "^folio: unknown option '--projekts'; did you mean '--projects'?" "$work/e"
check "nothing was written by usage errors" test "$(ls "$work/same")" = "$(printf 'book.xlsx\ninput.xlsx')"
# An output in a directory that does not exist is found before anything is solved.
"$folio" run "${quick[@]}" --out "$work/same/book.xlsx" --summary "$work/gone/s.json" >"$work/o" 2>"$work/e"
check "an output in a missing directory exits 4" test $? -eq 4
check "an output in a missing directory is named" \
  grep -q "^folio: cannot write $work/gone/s.json: No such file or directory; nothing written" "$work/e"
check "an output in a missing directory stops the run before the solve" test ! -s "$work/o"
check "an output in a missing directory leaves the others untouched" test "$(ls "$work/same")" = "$(printf 'book.xlsx\ninput.xlsx')"
check "... and their contents" test "$(cat "$work/same/book.xlsx")" = precious
# The console names the outputs written and the analyses skipped, with why.
"$folio" run "${quick[@]}" --out "$work/same/q.xlsx" --summary "$work/same/q.json" >"$work/o" 2>&1
check "the outputs written are listed" grep -qx "wrote: $work/same/q.xlsx, $work/same/q.json" "$work/o"
check "a skipped analysis says why" grep -qx "skipped: trade-offs: \[tradeoffs\] enabled = no" "$work/o"
check "the samples run lists its workbook" grep -q "^wrote: .*single.xlsx" "$out/single.stdout"

# The samples: optimal, both outputs written, no temporary files left behind.
mkdir -p "$work/out"
cp "$out/single.json" "$work/out/s.json"
cp "$out/single.stdout" "$work/stdout"
cp "$out/single.stderr" "$work/stderr"
check "samples run exits 0" test "$(cat "$out/single.rc")" -eq 0
check "samples workbook written" test -s "$out/single.xlsx"
check "samples status optimal" test "$(json "$work/out/s.json" "d['status']")" = optimal
check "samples gap is 0" test "$(json "$work/out/s.json" "d['gap']")" = 0
check "samples: the starting plan is no better than the optimum, and came first" test "$(json "$work/out/s.json" "0 < d['starting_plan']['objective'] <= d['objective'] + 1e-9 and 0 <= d['starting_plan']['seconds'] <= d['solve_seconds']")" = True
check "no temporary files left" test "$(ls "$out" | grep -c tmp)" -eq 0
check "stdout names the status" grep -q "^status: optimal" "$work/stdout"
check "samples run: no solver chatter" quiet
# --export-lp: the exact model, in LP and MPS format, solved by plain cbc and glpsol to folio's optimum.
"$folio" run "${quick[@]}" --out "$work/out/e.xlsx" --export-lp "$work/out/model.lp" >/dev/null 2>&1
check "export run exits 0" test $? -eq 0
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" \
  --rules "$work/tquick.ini" --out "$work/out/t.xlsx" --summary "$work/out/t.json" \
  --export-lp "$work/out/model.mps" >/dev/null 2>&1
check "MPS export run exits 0" test $? -eq 0
objective_of() { # objective_of FILE: cbc's optimum of an exported model (folio's objective, negated)
  cbc "$1" solve 2>/dev/null | sed -n 's/^Objective value: *//p'
}
if command -v cbc >/dev/null; then
  check "plain cbc on the LP export finds folio's optimum" test "$(python3 -c "import json,sys; print(abs(-float(sys.argv[1]) - json.load(open(sys.argv[2]))['objective']) < 1e-6)" "$(objective_of "$work/out/model.lp")" "$work/out/s.json")" = True
  check "plain cbc on the MPS export finds folio's optimum" test "$(python3 -c "import json,sys; print(abs(-float(sys.argv[1]) - json.load(open(sys.argv[2]))['objective']) < 1e-6)" "$(objective_of "$work/out/model.mps")" "$work/out/t.json")" = True
fi
if command -v glpsol >/dev/null; then
  glpsol --freemps "$work/out/model.mps" -o "$work/out/glpk.txt" >/dev/null 2>&1
  check "glpsol on the MPS export finds folio's optimum" test "$(python3 -c "import json,re,sys; v=float(re.search(r'Objective: +\S+ = (\S+)', open(sys.argv[1]).read()).group(1)); print(abs(-v - json.load(open(sys.argv[2]))['objective']) < 1e-6)" "$work/out/glpk.txt" "$work/out/t.json")" = True
fi
"$folio" run "${quick[@]}" --out "$work/out/n.xlsx" --export-lp "$work/nowhere/model.lp" >/dev/null 2>&1
check "an export that cannot be written exits 4" test $? -eq 4
check "and writes nothing" test ! -e "$work/out/n.xlsx"
check "samples scenarios solved" test "$(json "$work/out/s.json" "[(x['name'], x['status']) for x in d['scenarios']] == [('budget_cut', 'optimal'), ('hire_engineers', 'optimal'), ('customer_first', 'optimal'), ('pricing_analytics', 'optimal'), ('hiring_freeze', 'infeasible')]")" = True
check "an impossible scenario is explained" test "$(json "$work/out/s.json" "'must-do projects need 22.5 of engineering' in d['scenarios'][4]['conflicts'][0]")" = True
check "a scenario's forced project is in" test "$(json "$work/out/s.json" "'DA-006' in d['scenarios'][3]['selected'] and 'DA-006' not in d['selected']")" = True
check "stdout lists the scenarios" grep -q "^scenario budget_cut .*optimal, objective" "$work/stdout"
check "frontier over the budget in the summary" test "$(json "$work/out/s.json" "d['frontier']['capacity'] == 'budget' and len(d['frontier']['points']) == 21")" = True
check "every capacity within its limit" test "$(json "$work/out/s.json" "all(c['used'] <= c['limit'] for c in d['capacities'])")" = True
check "every policy met" test "$(json "$work/out/s.json" "all((p['value'] >= p['limit']) if p['bound'].endswith('min') else (p['value'] <= p['limit']) for p in d['policies'])")" = True
check "every project has a reason" test "$(json "$work/out/s.json" "all(len(p['reason']) > 20 for p in d['projects'])")" = True

check "samples: weight ranges contain the weights" test "$(json "$work/out/s.json" "all(c['stable_from'] <= c['weight'] <= c['stable_to'] for c in d['sensitivity']['criteria'] if c['analysed'])")" = True
# With a time budget no machine (nor the sanitizer build) runs out of, every criterion is analysed;
# and a solve budget that fits two criteria analyses exactly two, whatever the machine.
(cat "$work/quick.ini"; printf '\n[sensitivity]\ntime_budget = 900\n') > "$work/sens.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/sens.ini" \
  --out "$work/out/sens.xlsx" --summary "$work/out/sens.json" >/dev/null 2>&1
check "samples: weight sensitivity for every criterion" test "$(json "$work/out/sens.json" "all(c['analysed'] and c['stable_from'] <= c['weight'] <= c['stable_to'] for c in d['sensitivity']['criteria'])")" = True
check "samples: sensitivity names flipped projects" test "$(json "$work/out/sens.json" "len(d['sensitivity']['flips']) > 0")" = True
(cat "$work/quick.ini"; printf '\n[sensitivity]\nmax_solves = 70\n') > "$work/sens2.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/sens2.ini" \
  --out "$work/out/sens2.xlsx" --summary "$work/out/sens2.json" >/dev/null 2>&1
check "sensitivity stops at its solve budget" test "$(json "$work/out/sens2.json" "[c['analysed'] for c in d['sensitivity']['criteria']]")" = "[True, True, False, False, False]"
(cat "$work/quick.ini"; printf '\n[sensitivity]\nenabled = no\n') > "$work/nosens.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/nosens.ini" \
  --out "$work/out/nosens.xlsx" --summary "$work/out/nosens.json" >/dev/null 2>&1
check "sensitivity can be turned off" test "$(json "$work/out/nosens.json" "d['sensitivity']")" = None

# The single-period samples choose the portfolio they chose before the model became time-phased
# (recorded from folio 0.1.0 before start periods existed).
check "samples selection unchanged" test "$(json "$work/out/s.json" "' '.join(d['selected'])")" = \
  "CMP-008 DC-007 CMP-005 INF-006 CMP-001 CMP-002 INF-005 CMP-010 INN-009 DA-002 DC-010 OPS-002 CMP-003 DC-009 DA-008 DC-002 INF-004 OPS-003 INN-005"
check "samples objective unchanged" test "$(json "$work/out/s.json" "abs(d['objective'] - 10.83205212356468) < 1e-9")" = True

# The time-phased variant: starts chosen, every per-period limit and precedence held.
tp=(--projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$src/rules/timephased.ini"
    --demand "$src/samples/demand.csv")
"$folio" check "${tp[@]}" >"$work/stdout" 2>"$work/stderr"; check "time-phased check exits 0" test $? -eq 0
check "time-phased check shows per-period limits" grep -q "engineering .*limit 30 per period" "$work/stdout"
check "time-phased check shows the horizon" grep -q "^horizon: 2027-Q1..2028-Q4, 8 periods; 60 of 60 projects with a start$" "$work/stdout"
check "time-phased check counts the typed links" grep -q "8 dependencies, 2 of them with a type or lag," "$work/stdout"
check "check writes no number in scientific notation" bash -c "! grep -qE '[0-9]e[+-][0-9]' '$work/stdout'"
cp "$out/timephased.json" "$work/out/tp.json"
cp "$out/timephased.stdout" "$work/stdout"
cp "$out/timephased.stderr" "$work/stderr"
check "time-phased run exits 0" test "$(cat "$out/timephased.rc")" -eq 0
check "time-phased run: no solver chatter" quiet
check "time-phased status optimal" test "$(json "$work/out/tp.json" "d['status']")" = optimal
check "time-phased starts for the selected" test "$(json "$work/out/tp.json" "all(p['start'] is not None for p in d['projects'] if p['selected'])")" = True
check "time-phased some projects delayed" test "$(json "$work/out/tp.json" "sum(1 for p in d['projects'] if p['selected'] and p['delay'] > 0)")" -ge 1
check "time-phased per-period limits held" test "$(json "$work/out/tp.json" "all(q['used'] <= q['limit'] + 1e-9 for c in d['capacities'] for q in c['periods'] if q['limit'] is not None)")" = True
check "time-phased total budget held" test "$(json "$work/out/tp.json" "[c for c in d['capacities'] if c['name'] == 'budget'][0]['used'] <= 30e6")" = True
check "time-phased stdout names the fullest period" grep -q "fullest period" "$work/stdout"
check "time-phased summary records typed links (DA-005SS, INF-001SS+3mo: one quarter)" test "$(json "$work/out/tp.json" "sorted((p['id'], p['inputs'].get('links')) for p in d['projects'] if p['id'] in ('OPS-005', 'INF-002', 'DC-006'))")" = "[('DC-006', None), ('INF-002', ['SS+1']), ('OPS-005', ['SS'])]"
# A re-plan against that summary reads the links back: projects with typed links are no change.
{ cat "$work/tquick.ini"; printf '[replan]\nin_progress = Build, Delivery\n'; } > "$work/treplan.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/treplan.ini" \
  --demand "$src/samples/demand.csv" --baseline "$work/out/tp.json" --out "$work/out/tr.xlsx" --summary "$work/out/tr.json" \
  >/dev/null 2>&1
check "time-phased re-plan: the typed links read back from the baseline are no change" test "$(json "$work/out/tr.json" "d['attribution']['done'] and not any(s['step'].startswith(('OPS-005', 'INF-002')) for s in d['attribution']['steps'])")" = True
check "demand export is fingerprinted" test "$(json "$work/out/tp.json" "len(d['inputs']['demand']['sha256'])")" -eq 64

# Weights from pairwise comparisons (AHP): consistent judgments, their figures in the summary.
cp "$out/ahp.json" "$work/out/ahp.json"
check "AHP run exits 0" test "$(cat "$out/ahp.rc")" -eq 0
check "AHP summary has lambda_max and CR" test "$(json "$work/out/ahp.json" "d['ahp']['method'] == 'ahp' and 2 <= d['ahp']['lambda_max'] and d['ahp']['cr'] < 0.1 and all(g['cr'] < 0.1 for g in d['ahp']['groups'])")" = True
check "AHP weights sum to 1" test "$(json "$work/out/ahp.json" "abs(sum(d['weights'].values()) - 1) < 1e-12")" = True
check "AHP summary has each group, global = group x local" test "$(json "$work/out/ahp.json" "[g['name'] for g in d['ahp']['groups']] == ['value', 'delivery'] and all(abs(d['weights'][e] - g['weight'] * w) < 1e-12 for g in d['ahp']['groups'] for e, w in zip(g['elements'], g['local_weights']))")" = True
"$folio" check --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$src/rules/ahp.ini" >"$work/stdout" 2>/dev/null
check "AHP check prints the consistency" grep -q "weights from 5 pairwise comparisons (AHP eigenvector):" "$work/stdout"
check "AHP check prints each group's consistency" grep -Eq "group value \(weight 0\.[0-9]+\) +n = 3, lambda_max" "$work/stdout"

# Reproducible: the same inputs and SOURCE_DATE_EPOCH give a byte-identical workbook, and the
# same summary but for its seconds, whatever the number of processes (the fixture ran with the
# default, one per processor).
untimed() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); [d.pop(k) for k in ('solve_seconds','starting_plan','plan_search')]; print(json.dumps(d, sort_keys=True))" "$1"; }
for jobs in 1 4; do
  SOURCE_DATE_EPOCH=1790000000 "$folio" run "${samples[@]}" --jobs $jobs --out "$work/out/r$jobs.xlsx" \
    --summary "$work/out/r$jobs.json" >/dev/null 2>&1
  check "workbook is byte-identical across runs, --jobs $jobs" cmp -s "$out/single.xlsx" "$work/out/r$jobs.xlsx"
  check "summary is the same but for seconds, --jobs $jobs" test "$(untimed "$out/single.json")" = "$(untimed "$work/out/r$jobs.json")"
done
# On a terminal (script(1) gives the run one): a progress line, each phase with its seconds and the
# solve with its plan, bound and gap as CBC's log and the plan search tell them; none of CBC's own
# lines; and the same outputs as without a terminal.
cmd=$(printf '%q ' "$folio" run "${samples[@]}" --out "$work/out/tty.xlsx" --summary "$work/out/tty.json")
SOURCE_DATE_EPOCH=1790000000 script -qec "$cmd >$(printf '%q' "$work/out/tty.stdout")" /dev/null \
  >"$work/out/tty.term" 2>&1
check "on a terminal the run exits 0" test $? -eq 0
check "on a terminal the workbook is byte-identical" cmp -s "$out/single.xlsx" "$work/out/tty.xlsx"
check "on a terminal the summary is the same but for seconds" test "$(untimed "$out/single.json")" = "$(untimed "$work/out/tty.json")"
check "the terminal shows the solve's plan, bound and gap" \
  grep -aqE 'folio: solving: plan [0-9.e+]+, bound [0-9.e+]+, gap [0-9.]+%, [0-9]+ s' "$work/out/tty.term"
check "the terminal shows the trade-offs step by step" grep -aqE 'folio: forcing decisions [0-9]+/[0-9]+, [0-9]+ s' "$work/out/tty.term"
check "the terminal shows none of CBC's lines" bash -c "! grep -aqE 'Cbc[0-9]{4}|Clp[0-9]{4}' '$work/out/tty.term'"
check "on a terminal stdout is the same" test "$(grep -v ' in [0-9.]* s' "$out/single.stdout" | sed "s|$out/single|X|g")" = \
  "$(grep -v ' in [0-9.]* s' "$work/out/tty.stdout" | sed "s|$work/out/tty|X|g")"
"$folio" run "${quick[@]}" --jobs 0 --out "$work/out/j.xlsx" 2>"$work/e"
check "--jobs 0 is a usage error" test $? -eq 2

# Infeasible: must-do projects alone exceed the budget -> exit 3, outputs written, conflict named.
mkdir -p "$work/inf"
sed 's/^limit = 25,000,000/limit = 3,000,000/' "$src/rules/default.ini" > "$work/inf/rules.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/inf/rules.ini" \
  --out "$work/inf/book.xlsx" --summary "$work/inf/s.json" >"$work/stdout" 2>"$work/stderr"
check "infeasible run exits 3" test $? -eq 3
check "infeasible run: no solver chatter" quiet
check "infeasible run names the must-do demand" grep -q "must-do projects need 3.428M of budget, whose limit is 3M: CMP-001 (1.484M), INF-004 (1.345M), CMP-003 (599k)" "$work/stderr"
check "infeasible run still writes the workbook" test -s "$work/inf/book.xlsx"
check "infeasible summary status" test "$(json "$work/inf/s.json" "d['status']")" = infeasible
check "infeasible summary has conflicts" test "$(json "$work/inf/s.json" "len(d['conflicts'])")" -ge 1
check "infeasible summary selects nothing" test "$(json "$work/inf/s.json" "len(d['selected'])")" -eq 0

# Infeasible through an interplay only the deletion filter finds: the compliance floor (10M of the
# 11.4M of compliance projects) plus must-do INF-004 (1.345M) need more than the 11M budget.
sed 's/^min = 3,000,000/min = 10,000,000/; s/^limit = 25,000,000/limit = 11,000,000/' "$src/rules/default.ini" > "$work/inf/rules2.ini"
"$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" --rules "$work/inf/rules2.ini" \
  --out "$work/inf/book2.xlsx" --summary "$work/inf/s2.json" >"$work/stdout" 2>"$work/stderr"
check "interplay infeasible exits 3" test $? -eq 3
check "interplay run: no solver chatter" quiet
check "interplay names the policy" grep -q "policy compliance_floor: at least 10M of cost in category Compliance & Risk" "$work/stderr"
check "interplay names the budget" grep -q "capacity budget: at most 11M of cost" "$work/stderr"
check "interplay names the must-do project" grep -q "INF-004 must be in (must-do)" "$work/stderr"
check "interplay conflict is minimal" test "$(json "$work/inf/s2.json" "d['conflicts_minimal']")" = True

# Time-limited: a hard synthetic instance stops at the limit with a feasible portfolio and a bound.
python3 "$src/tools/gen_projects.py" "$work/hard" --projects 500 --capacities 10 --seed 3
"$folio" run --projects "$work/hard/projects.csv" --benefits "$work/hard/benefits.csv" --rules "$work/hard/rules.ini" \
  --out "$work/hard/book.xlsx" --summary "$work/hard/s.json" --time-limit 0.3 >"$work/stdout" 2>"$work/stderr"
check "time-limited run exits 0" test $? -eq 0
check "time-limited run: no solver chatter" quiet
check "time-limited status feasible" test "$(json "$work/hard/s.json" "d['status']")" = feasible
check "time-limited bound above objective" test "$(json "$work/hard/s.json" "d['bound'] > d['objective'] and d['gap'] > 0")" = True
check "time-limited stdout shows the gap" grep -q "^status: feasible (objective .* gap" "$work/stdout"

# Safe output: an unwritable summary leaves the existing workbook untouched and no temporary file.
mkdir -p "$work/safe"
printf 'precious' > "$work/safe/book.xlsx"
"$folio" run "${quick[@]}" --out "$work/safe/book.xlsx" --summary "$work/safe/missing-dir/s.json" >/dev/null 2>"$work/stderr"
check "unwritable output exits 4" test $? -eq 4
check "existing workbook untouched" test "$(cat "$work/safe/book.xlsx")" = precious
check "no temporary file left" test "$(ls -A "$work/safe" | wc -l)" -eq 1
check "write failure is explained" grep -q "^folio: cannot write" "$work/stderr"

# A crash inside CBC never takes folio down: full solves run CBC in a process of its own, the
# analyses' near re-solves without the preprocessing where it crashes.
# First the crash itself, injected (the test hook makes that process die of SIGSEGV as CBC 2.10
# does when its clock runs out while it preprocesses, coin-or/Cbc issue 353): folio reports the best
# plan found before, feasible, with a warning, and writes its outputs.
mkdir -p "$work/crash"
FOLIO_TEST_CBC_CRASH=1 "$folio" run "${quick[@]}" --time-limit 3 --out "$work/crash/c.xlsx" \
  --summary "$work/crash/c.json" >"$work/stdout" 2>"$work/stderr"
check "a CBC crash: exit 0" test $? -eq 0
check "a CBC crash: warned" grep -q "^folio: warning: CBC died of signal 11 (Segmentation fault) during the solve, as CBC 2.10 can" "$work/stderr"
check "a CBC crash: the plan found before, feasible" test "$(json "$work/crash/c.json" "d['status']")" = feasible
check "a CBC crash: the outputs written" test -s "$work/crash/c.xlsx"
# The scenarios' solves run apart too (the analyses' near re-solves run without the preprocessing
# where the crash is): with every contained CBC run from the fourth on dying (after the run's own
# solve, which takes at most three: RENS, CBC and the tie-break towards earlier starts), the run is
# still optimal, its force deltas are proven as before, every scenario reports what it had before
# its solve (not proven: feasible, or no_solution), a warning counts the deaths, and the outputs
# are written.
FOLIO_TEST_CBC_CRASH=4 "$folio" run "${samples[@]}" --jobs 1 --out "$work/crash/a.xlsx" \
  --summary "$work/crash/a.json" >"$work/stdout" 2>"$work/stderr"
check "a CBC crash in the analyses: exit 0" test $? -eq 0
check "a CBC crash in the analyses: warned" \
  grep -q "^folio: warning: CBC died [0-9]* times in the re-plans' and scenarios' solves, as CBC 2.10 can" "$work/stderr"
check "a CBC crash in the analyses: the run's own solve optimal" \
  test "$(json "$work/crash/a.json" "d['status']")" = optimal
check "a CBC crash in the analyses: force deltas proven" \
  test "$(json "$work/crash/a.json" "sorted(set(p['force_status'] for p in d['projects'] if p['force']))")" = "['optimal']"
check "a CBC crash in the analyses: scenarios not proven" \
  test "$(json "$work/crash/a.json" "sorted(set(s['status'] for s in d['scenarios']))")" = "['feasible', 'no_solution']"
check "a CBC crash in the analyses: the outputs written" test -s "$work/crash/a.xlsx"
# On the time-phased samples the third contained run is the tie-break towards earlier starts (after
# RENS and CBC): when it dies, the plan stays optimal and a warning says its starts may not be the
# earliest.
FOLIO_TEST_CBC_CRASH=3 "$folio" run --projects "$src/samples/projects.csv" --benefits "$src/samples/benefits.csv" \
  --rules "$work/tquick.ini" --demand "$src/samples/demand.csv" --jobs 1 --out "$work/crash/t.xlsx" \
  --summary "$work/crash/t.json" >"$work/stdout" 2>"$work/stderr"
check "a CBC crash in the tie-break: exit 0" test $? -eq 0
check "a CBC crash in the tie-break: warned" \
  grep -q "^folio: warning: CBC died of signal 11 (Segmentation fault) while it chose the earliest starts" "$work/stderr"
check "a CBC crash in the tie-break: optimal" test "$(json "$work/crash/t.json" "d['status']")" = optimal
# Then the case that crashed one run in three (2,000 projects x 12 quarters x 6 capacities, a
# one-second limit), run repeatedly: every run ends with a status, never a signal.
python3 "$src/tools/gen_projects.py" --projects 2000 --capacities 6 --periods 12 --window 4 --seed 1 \
  "$work/crash/g" >/dev/null
signals=0
for k in 1 2 3 4 5 6; do
  "$folio" run --projects "$work/crash/g/projects.csv" --benefits "$work/crash/g/benefits.csv" \
    --rules "$work/crash/g/rules.ini" --time-limit 1 --out "$work/crash/g.xlsx" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  { [ $rc -ge 128 ] || ! grep -q "^status: \(feasible\|optimal\)" "$work/stdout"; } && signals=$((signals + 1))
done
check "2,000 x 12 x 6 at --time-limit 1, six runs: each ends with a status" test $signals -eq 0

# folio diff: two runs whose inputs differ in known ways (a project added, one removed, a cost and a
# criterion value changed, a weight and the budget changed) are compared from their summaries alone.
mkdir -p "$work/diff"
python3 - "$src/samples/projects.csv" "$work/diff/projects.csv" "$src/samples/benefits.csv" "$work/diff/benefits.csv" <<'PY'
import csv, sys
lines = open(sys.argv[3], encoding="utf-8").read().splitlines(True)
open(sys.argv[4], "w", encoding="utf-8").writelines(l for l in lines if not l.startswith("DC-003;"))
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
ix = {h: k for k, h in enumerate(head)}
body = [r for r in body if r[ix["Project ID"]] != "DC-003"]         # removed
for r in body:
    if r[ix["Project ID"]] == "DC-007":
        r[ix["Cost"]] = "$1,500,000"                                  # cost 1394000 -> 1500000
        r[ix["Strategic Fit"]] = "3"                                  # strategic_fit 5 -> 3
new = list(body[0]); new[ix["Project ID"]] = "NEW-001"; new[ix["Project Name"]] = "New proposal"
body.append(new)                                                      # added
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8")).writerows([head] + body)
PY
sed -e 's/^limit = 25,000,000/limit = 24,000,000/' "$work/quick.ini" | awk '/^\[criterion customer_impact\]/{c=1} c&&/^weight =/{print "weight = 25"; c=0; next} {print}' > "$work/diff/rules.ini"
"$folio" run "${quick[@]}" --out "$work/diff/a.xlsx" --summary "$work/diff/a.json" >/dev/null 2>&1
"$folio" run --projects "$work/diff/projects.csv" --benefits "$work/diff/benefits.csv" --rules "$work/diff/rules.ini" \
  --out "$work/diff/b.xlsx" --summary "$work/diff/b.json" >/dev/null 2>&1
"$folio" diff "$work/diff/a.json" "$work/diff/b.json" >"$work/diff/out" 2>"$work/e"
check "diff: exit 0" test $? -eq 0
check "diff: the added project" grep -q "^  added    NEW-001$" "$work/diff/out"
check "diff: the removed project" grep -q "^  removed  DC-003$" "$work/diff/out"
check "diff: the changed cost" grep -q "^  changed  DC-007: cost 1,394,000 -> 1,500,000$" "$work/diff/out"
check "diff: the changed criterion value" grep -q "^  changed  DC-007: criteria.strategic_fit 5 -> 3$" "$work/diff/out"
check "diff: the budget" grep -q "^  limit    budget (all): 25,000,000 -> 24,000,000$" "$work/diff/out"
check "diff: the files that differ" grep -q "^inputs: 1 project added, 1 removed, 1 changed (.*); 5 weights, 1 limit, 0 policy bounds, 3 files changed$" "$work/diff/out"
"$folio" diff "$work/diff/a.json" "$work/diff/b.json" --json >"$work/diff/out.json" 2>"$work/e"
check "diff --json: exit 0" test $? -eq 0
# The decisions, recomputed here from the two summaries' selections.
check "diff --json: started and stopped as the selections differ" test "$(python3 - "$work/diff/a.json" "$work/diff/b.json" "$work/diff/out.json" <<'PY'
import json, sys
a, b, d = (json.load(open(p)) for p in sys.argv[1:4])
sa = {p["id"] for p in a["projects"] if p["selected"]}
sb = {p["id"] for p in b["projects"] if p["selected"]}
got = {(e["kind"], e["what"]) for e in d["differences"] if e["kind"] in ("started", "stopped")}
want = {("started", i) for i in sb - sa} | {("stopped", i) for i in sa - sb}
print(got == want and d["counts"]["added"] == 1 and d["counts"]["removed"] == 1 and d["objective"]["old"] == a["objective"])
PY
)" = True
"$folio" diff "$work/diff/a.json" "$work/diff/a.json" >"$work/diff/same" 2>"$work/e"
check "diff of a summary with itself: nothing differs" grep -q "^decisions: 0 started, 0 stopped, 0 moved, 0 completed or cancelled$" "$work/diff/same"
check "diff of a summary with itself: no entries" test "$(grep -c '^  ' "$work/diff/same")" -eq 0
printf '{"folio_version": "0.1.0",\n "projects": [\n' > "$work/diff/broken.json"
"$folio" diff "$work/diff/a.json" "$work/diff/broken.json" >"$work/diff/out" 2>"$work/e"
check "diff: malformed JSON exits 1" test $? -eq 1
check "diff: malformed JSON names its line" grep -q "broken.json:3: malformed JSON at column" "$work/e"
check "diff: nothing printed on bad input" test ! -s "$work/diff/out"
printf '{"x": 1}\n' > "$work/diff/other.json"
"$folio" diff "$work/diff/other.json" "$work/diff/a.json" >/dev/null 2>"$work/e"
check "diff: not a summary exits 1" test $? -eq 1
check "diff: not a summary is said" grep -q "other.json: not a folio summary" "$work/e"
"$folio" diff "$work/diff/none.json" "$work/diff/a.json" >/dev/null 2>"$work/e"
check "diff: a missing file exits 4" test $? -eq 4
"$folio" diff "$work/diff/a.json" >/dev/null 2>"$work/e"
check "diff: one summary is a usage error" test $? -eq 2
"$folio" diff "$work/diff/a.json" "$work/diff/b.json" --json --json >/dev/null 2>"$work/e"
check "diff: --json twice is a usage error" test $? -eq 2

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
