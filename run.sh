#!/usr/bin/env bash
# run.sh: the gateway and console on embedded defaults.
#   SMTP on 127.0.0.1:2525, console on http://127.0.0.1:5000, spool under ./data.
# Extra arguments are passed on as configuration, e.g. ./run.sh --Gateway:Smtp:Listen:0 0.0.0.0:25
# Sendmail maps into the registry (a running gateway picks them up within a second):
#   ./run.sh import --mailertable /etc/mail/mailertable --access /etc/mail/access [--dry-run]
#   ./run.sh export --mailertable - --access -
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
command -v dotnet >/dev/null || { echo "run.sh: the .NET SDK 10 (dotnet) is required" >&2; exit 1; }
exec dotnet run --project "$root/src/MmsConsole.Web" -c Release -- --Gateway:DataDirectory "$root/data" "$@"
