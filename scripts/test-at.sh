#!/usr/bin/env bash
# Runs ./scripts/test.sh as if the wall clock read TIME when it starts: scripts/test-at.sh "2026-12-28T01:30:00Z"
# [arguments for dotnet test, e.g. --filter FullyQualifiedName~Digest]. For finding tests and code that break at a
# week, month, year or daylight-saving boundary. A developer tool only: CI (.ci/run) never uses it.
#
# tools/clockshift/clockshift.c (compiled into .artifacts/ when missing or older than its source) is preloaded into
# test.sh and everything it starts (the build, Azurite, dotnet test, the test host, the bot, Node tools), so every
# process sees the same shifted wall clock and Azurite's request-date checks agree. Monotonic clocks (timeouts,
# delays, stopwatches) are not shifted. The clock reads TIME when test.sh starts, so the first test runs after its
# build, typically 30 s to 2 min later: pick a time that far before the boundary to be tested.
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: scripts/test-at.sh TIME [dotnet test arguments...]   (TIME as date -d reads it, e.g. 2026-12-28T01:30:00Z)" >&2
  exit 2
fi
target="$1"; shift
if ! target_seconds=$(date -u -d "$target" +%s 2>/dev/null); then
  echo "test-at.sh: cannot read the time '$target' (try 2026-12-28T01:30:00Z)" >&2
  exit 2
fi

source="$repo_root/tools/clockshift/clockshift.c"
shim="$repo_root/.artifacts/clockshift.so"
if [ ! -f "$shim" ] || [ "$source" -nt "$shim" ]; then
  mkdir -p "$repo_root/.artifacts"
  gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$shim" "$source" -ldl
fi

export PMOBOT_CLOCK_SHIFT_SECONDS=$((target_seconds - $(date -u +%s)))
export LD_PRELOAD="$shim${LD_PRELOAD:+:$LD_PRELOAD}"
# Build servers started under the shifted clock would outlive this run and serve later, unshifted builds.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
echo "test-at.sh: the clock reads $(date -u +%Y-%m-%dT%H:%M:%SZ) (shifted ${PMOBOT_CLOCK_SHIFT_SECONDS} s)" >&2
exec "$repo_root/scripts/test.sh" "$@"
