#!/usr/bin/env bash
# Runs one libFuzzer program for a bounded time from its seed corpus, keeping what it finds (new
# inputs, and any crash as crash-*) in a directory of the build, never in the source tree.
# Fails on any crash, leak, timeout or sanitizer report, and prints how to replay it.
# Usage: run_fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS
set -u
fuzzer=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work"
dict=()
[ -f "$seeds.dict" ] && dict=(-dict="$seeds.dict")
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/" "${dict[@]}" "$work" "$seeds" 2>"$work/log"
rc=$?
grep -E '^stat::number_of_executed_units|^Done ' "$work/log" | head -2
if [ $rc -ne 0 ]; then
  grep -E 'ERROR|runtime error|SUMMARY|leak' "$work/log" | head -20
  echo "FAIL: $(basename "$fuzzer") found a problem; replay it with: $fuzzer $work/crash-* (or leak-*, timeout-*)"
  echo "Add the input to $seeds/ with the fix, so that fuzz_NAME_corpus keeps it fixed."
fi
exit $rc
