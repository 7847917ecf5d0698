#!/usr/bin/env bash
# test.sh: the whole test suite, then one closing line "N passed, N failed, N skipped"
# summed over every test project (dotnet test prints one line per project and no total).
# Installs what the tests need when it is missing and fails loudly when it cannot.
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK 10 (dotnet) is required and was not found" >&2; exit 1; }

# The console's end-to-end tests drive Debian's Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null; then
  echo "test.sh: installing Debian's chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null; then apt_get=(sudo -n apt-get); else apt_get=(); fi
  if [ ${#apt_get[@]} -eq 0 ] || ! { DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y chromium >/dev/null \
        || { DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update >/dev/null && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y chromium >/dev/null; }; }; then
    echo "test.sh: chromium is required for the browser tests and could not be installed (run: apt-get install -y chromium)" >&2
    exit 1
  fi
fi

rm -rf TestResults
dotnet test MmsConsole.sln --logger trx --results-directory TestResults "$@"
rc=$?

# TRX has no skipped counter: skipped = total - executed. A project that failed to build writes
# no TRX, so the line counts what ran, and rc (non-zero) still fails the run.
cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*' \
  | sed -E 's/.*total="([0-9]+)" executed="([0-9]+)" passed="([0-9]+)" failed="([0-9]+)".*/\1 \2 \3 \4/' \
  | awk '{t+=$1; e+=$2; p+=$3; f+=$4} END {printf "%d passed, %d failed, %d skipped\n", p, f, t-e}'
exit $rc
