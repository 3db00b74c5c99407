#!/usr/bin/env bash
# Quick subset of the OR-Library multidimensional knapsack benchmark, folio alone, checked against
# ../shared/data/mknap/BEST_KNOWN.tsv by tools/bench_mknap.py (which exits 1 on any miss):
#   - proven optimal at the best-known value: mknap1 (7 problems), mknapcb1 instances 1, 11, 21 and
#     mknapcb4 instances 8, 15, 21 (one per tightness ratio; of mknapcb4 ones that take 2 s or less,
#     so that the sanitizer build, where CBC runs about 10 times slower because its allocations go
#     through the sanitizer, stays far inside the 300 s limit);
#   - --time-limit 1 on mknapcb9 (500 items x 30 constraints, the hardest class) instances 1, 11
#     and 21: a feasible portfolio within 1% of the best known.
# Usage: test_mknap.sh FOLIO SOURCE_DIR
set -euo pipefail
folio=$1
src=$2
data=$src/../shared/data/mknap
if [ ! -f "$data/BEST_KNOWN.tsv" ]; then
  echo "SKIP: no benchmark data at $data (the shared directory sits beside the clone)"
  exit 77
fi
py=/usr/bin/python3
"$py" "$src/tools/bench_mknap.py" --folio "$folio" --data "$data" --solvers folio --limit 60 \
  --classes mknap1 --check-optimal
"$py" "$src/tools/bench_mknap.py" --folio "$folio" --data "$data" --solvers folio --limit 300 \
  --classes mknapcb1 --instances 1,11,21 --check-optimal
"$py" "$src/tools/bench_mknap.py" --folio "$folio" --data "$data" --solvers folio --limit 300 \
  --classes mknapcb4 --instances 8,15,21 --check-optimal
"$py" "$src/tools/bench_mknap.py" --folio "$folio" --data "$data" --solvers folio --limit 1 \
  --classes mknapcb9 --instances 1,11,21 --max-gap 0.01
