#!/usr/bin/env bash
# Builds everything with warnings as errors, checks formatting, runs every test against a private in-memory
# Azurite, and ends with one line: "N passed, N failed[, N skipped]".
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

ensure_tools
dotnet restore PmoBot.sln --nologo -v quiet
dotnet build PmoBot.sln --no-restore --nologo -v quiet -c Release -warnaserror
dotnet format PmoBot.sln --no-restore --verify-no-changes

AZURITE_PIDS=""
trap stop_azurite EXIT INT TERM
queue=$(free_port); table=$(free_port)
start_azurite "$queue" "$table" memory memory
export PMOBOT_TEST_STORAGE
PMOBOT_TEST_STORAGE="$(azurite_connection_string "$queue" "$table")"

results="$repo_root/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
# Every test server's warnings and errors, timed, to match with a test that fails only in the full suite.
export PMOBOT_TEST_SERVER_LOG="$results/server-warnings.log"
status=0
dotnet test PmoBot.sln --no-build --nologo -c Release \
  --logger "trx;LogFileName=pmobot.trx" --results-directory "$results" "$@" || status=$?

trx="$results/pmobot.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 0 failed (the test run did not produce results)"
  exit 1
fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(counter passed); failed=$(counter failed); total=$(counter total); executed=$(counter executed)
skipped=$((total - executed))
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$status"
