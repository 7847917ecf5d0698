#!/usr/bin/env bash
# tests/repeat.sh [N] [test.sh arguments...]: the whole suite N times in a row (default 10), to find the
# tests that fail now and then. Prints each run's closing line, then every failed test with its run number
# and how often it failed. Exit code: the number of runs that failed (0: all green).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}; shift || true
out=$(mktemp -d)
failed_runs=0
for i in $(seq 1 "$runs"); do
  "$root/test.sh" "$@" > "$out/run-$i.log" 2>&1
  rc=$?
  echo "run $i/$runs: $(tail -n 1 "$out/run-$i.log") (exit $rc)"
  grep -ho '<UnitTestResult [^>]*outcome="Failed"[^>]*' "$root"/TestResults/*.trx 2>/dev/null \
    | sed -E 's/.*testName="([^"]*)".*/\1/' | sed "s/^/$i /" >> "$out/failures"
  [ $rc -ne 0 ] && failed_runs=$((failed_runs + 1))
done
echo "$failed_runs of $runs runs failed; logs in $out"
if [ -s "$out/failures" ]; then
  echo "failed tests (run: test):"
  cat "$out/failures"
  echo "by test:"
  cut -d' ' -f2- "$out/failures" | sort | uniq -c | sort -rn
fi
exit "$failed_runs"
