#!/usr/bin/env bash
# test.sh: the whole test suite, then one closing line "N passed, N failed, N skipped"
# summed over every test project (dotnet test prints one line per project and no total).
# Installs what the tests need when it is missing and fails loudly when it cannot.
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK 10 (dotnet) is required and was not found" >&2; exit 1; }

# What the tests need besides the SDK, each installed from Debian when missing: Chromium for the
# console's browser tests (Playwright drives it; no browser download), docker-compose (v1) and
# npm's dockerfile-utils to validate the Docker files offline (no Docker engine runs here), openssl, PostgreSQL and promtool.
if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null; then apt_get=(sudo -n apt-get); else apt_get=(); fi
need() {  # need COMMAND|/ABSOLUTE/GLOB PACKAGE... ; with recommends=no, without Debian's recommended packages
  command -v "$1" >/dev/null && return 0
  [[ "$1" == /* ]] && compgen -G "$1" >/dev/null && return 0
  local opts=(-y); [ "${recommends:-yes}" = no ] && opts+=(--no-install-recommends)
  echo "test.sh: installing ${*:2} (for $1)" >&2
  # The package lists first, once and quietly: on a fresh machine they are empty, and an install tried
  # before them prints "Unable to locate package" although the retry succeeds.
  if [ ${#apt_get[@]} -gt 0 ] && [ -z "${lists_updated:-}" ]; then
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" -qq -o DPkg::Lock::Timeout=600 update >/dev/null 2>&1
    lists_updated=1
  fi
  if [ ${#apt_get[@]} -eq 0 ] || ! DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" -qq -o DPkg::Lock::Timeout=600 install "${opts[@]}" "${@:2}" >/dev/null; then
    echo "test.sh: $1 is required by the tests and could not be installed (run: apt-get install -y ${*:2})" >&2
    exit 1
  fi
}
need chromium chromium
recommends=no need openssl openssl   # openssl s_client -starttls smtp, in the STARTTLS tests
recommends=no need docker-compose docker-compose   # the v1 tool alone: no engine is wanted
recommends=no need npx nodejs npm
# PostgreSQL's server (initdb, pg_ctl; Debian keeps them off PATH): the registry tests start throwaway clusters of it.
recommends=no need '/usr/lib/postgresql/*/bin/initdb' postgresql
# Prometheus' promtool checks and unit-tests the alert rules shipped in docker/prometheus.
recommends=no need promtool prometheus

rm -rf TestResults
# Release: the tests run what ships (run.sh and the Docker image publish Release), and the gateways and consoles
# the tests start as child processes spend a fifth less CPU than a Debug build's unoptimised code.
dotnet test MmsConsole.sln -c Release --logger trx --results-directory TestResults "$@"
rc=$?

# TRX has no skipped counter: skipped = total - executed. A project that failed to build writes
# no TRX, so the line counts what ran, and rc (non-zero) still fails the run.
cat TestResults/*.trx 2>/dev/null | grep -o '<Counters [^>]*' \
  | sed -E 's/.*total="([0-9]+)" executed="([0-9]+)" passed="([0-9]+)" failed="([0-9]+)".*/\1 \2 \3 \4/' \
  | awk '{t+=$1; e+=$2; p+=$3; f+=$4} END {printf "%d passed, %d failed, %d skipped\n", p, f, t-e}'
exit $rc
