#!/usr/bin/env bash
# Reads tests/data/exports/: the same twelve projects written as folio's canonical CSV and as
# Smartsheet (.xlsx), Project Online (its Project Center and its OData reporting feed), Jira, a German
# Clarity PPM (Windows-1252) and ServiceNow export them, each with its own rules file and untouched. Every export must give the canonical run's
# objective and the same projects selected, starting in the same periods.
# Usage: test_exports.sh FOLIO DATA_DIR
set -u
folio=$(realpath "$1")
data=$(realpath "$2")/exports
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for dir in "$data"/*/; do
  tool=$(basename "$dir")
  export=$dir/projects.csv
  [ -f "$export" ] || export=$dir/projects.xlsx
  if ! "$folio" run --projects "$export" --rules "$dir/rules.ini" --out "$work/$tool.xlsx" \
       --summary "$work/$tool.json" >"$work/$tool.out" 2>"$work/$tool.err"; then
    echo "FAIL $tool: folio run failed"; sed 's/^/    /' "$work/$tool.err"; fail=1; continue
  fi
  if grep -v "predecessor link\|summary rows" "$work/$tool.err" | grep -q .; then
    echo "FAIL $tool: unexpected messages"; sed 's/^/    /' "$work/$tool.err"; fail=1
  fi
done
python3 - "$work" <<'PY' || fail=1
import json, os, sys
work = sys.argv[1]
def outcome(tool):
    s = json.load(open(os.path.join(work, tool + ".json")))
    chosen = sorted((p.get("name"), p.get("start")) for p in s["projects"] if p["selected"])
    return s["status"], s["objective"], chosen, len(s["projects"])
base = outcome("canonical")
assert base[0] == "optimal" and base[3] == 12 and 0 < len(base[2]) < 12, base
bad = 0
for f in sorted(os.listdir(work)):
    if not f.endswith(".json") or f == "canonical.json":
        continue
    tool = f[:-5]
    got = outcome(tool)
    if got[0] != base[0] or abs(got[1] - base[1]) > 1e-9 or got[2] != base[2] or got[3] != base[3]:
        print("FAIL %s: %s, objective %r, %d projects, selected %r; canonical: %s, %r, %r" %
              (tool, got[0], got[1], got[3], got[2], base[0], base[1], base[2]))
        bad = 1
    else:
        print("ok %s: objective %.6f, %d selected" % (tool, got[1], len(got[2])))
sys.exit(bad)
PY
exit $fail
