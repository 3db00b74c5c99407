#!/usr/bin/env bash
# Runs folio on every broken export under tests/data/bad/ and checks that each is rejected with
# exit code 1, that stderr names every expected FILE:LINE: column '...': message, that no summary
# is printed, and (for `folio run`) that nothing is written and an existing output is untouched.
# Each case folder holds only the files it breaks; the rest come from tests/data/base/. A case's
# args file, when there is one, holds the input options in place of the three CSV/INI defaults.
# Usage: run_bad_inputs.sh FOLIO DATA_DIR
set -u
folio=$(realpath "$1")
data=$(realpath "$2")
fail=0 pass=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for case_dir in "$data"/bad/*/; do
  name=$(basename "$case_dir")
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$data"/base/* "$dir"/
  cp "$case_dir"/* "$dir"/
  inputs=(--projects projects.csv --benefits benefits.csv --rules rules.ini)
  [ -f "$case_dir/args" ] && read -r -a inputs < "$case_dir/args"
  for cmd in check run; do
    extra=()
    if [ "$cmd" = run ]; then
      printf 'precious' > "$dir/out.xlsx"
      extra=(--out out.xlsx --summary out.json)
    fi
    (cd "$dir" && "$folio" "$cmd" "${inputs[@]}" "${extra[@]}" \
       >stdout 2>stderr)
    rc=$?
    ok=1
    if [ $rc -ne 1 ]; then
      echo "FAIL $name ($cmd): exit code $rc, expected 1"; ok=0
    fi
    while IFS= read -r want; do
      [ -n "$want" ] || continue
      if ! grep -qF -- "$want" "$dir/stderr"; then
        echo "FAIL $name ($cmd): stderr lacks: $want"; ok=0
      fi
    done < "$case_dir/expect"
    if grep -q '^portfolio:' "$dir/stdout"; then
      echo "FAIL $name ($cmd): printed a summary for invalid input"; ok=0
    fi
    if [ "$cmd" = run ]; then
      if [ "$(cat "$dir/out.xlsx")" != precious ]; then
        echo "FAIL $name (run): the existing output file was changed"; ok=0
      fi
      if ls -A "$dir" | grep -qvE '^(projects\.csv|projects\.xlsx|benefits\.csv|rules\.ini|baseline\.json|args|expect|stdout|stderr|out\.xlsx)$'; then
        echo "FAIL $name (run): files were written: $(ls -A "$dir" | tr '\n' ' ')"; ok=0
      fi
    fi
    if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); sed 's/^/    /' "$dir/stderr"; fi
  done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
