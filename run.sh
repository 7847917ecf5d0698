#!/usr/bin/env bash
# run.sh: the gateway and console on embedded defaults.
#   SMTP on 127.0.0.1:2525, console on http://127.0.0.1:5000, spool and registry under ./data.
# On the first start from a terminal it asks for the console's first admin (nothing is built in).
# Extra arguments are passed on as configuration, e.g. ./run.sh --Gateway:Smtp:Listen:0 0.0.0.0:25
# Command-line verbs on the same data (a running gateway picks changes up within a second):
#   ./run.sh user add NAME --role Viewer|Operator|Admin        (password from standard input)
#   ./run.sh user list | user unlock NAME | user passwd NAME
#   ./run.sh token add NAME --role Operator [--days N] | token list | token revoke ID
#   ./run.sh import --mailertable /etc/mail/mailertable --access /etc/mail/access [--dry-run]
#   ./run.sh export --mailertable - --access -
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
command -v dotnet >/dev/null || { echo "run.sh: the .NET SDK 10 (dotnet) is required" >&2; exit 1; }
# Production, as a server runs: no launch profile (it says Development), framework logs at Warning,
# the plain error page. ASPNETCORE_ENVIRONMENT=Development ./run.sh chooses otherwise, explicitly.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
run=(dotnet run --no-launch-profile --project "$root/src/MmsConsole.Web" -c Release --)

if [ $# -eq 0 ] && [ -t 0 ] && [ ! -s "$root/data/registry.db" ]; then
  echo "run.sh: first start. Create the console's first admin (Enter to skip; later: ./run.sh user add NAME --role Admin)."
  read -r -p "admin user name: " name
  if [ -n "$name" ]; then
    read -r -s -p "password (12 or more characters): " password; echo
    printf '%s\n' "$password" | "${run[@]}" --Gateway:DataDirectory "$root/data" user add "$name" --role Admin
  fi
fi
exec "${run[@]}" --Gateway:DataDirectory "$root/data" "$@"
