#!/usr/bin/env bash
# Runs one benchmark against a private in-memory Azurite: ./scripts/bench.sh NAME [--option value ...].
# Results are printed as "name: value" lines on stdout; progress goes to stderr, sender logs to .artifacts/bench/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

# One line per benchmark: its name and the options it gets before the caller's own.
declare -A benchmarks=(
  [delivery]='--pmobot "$bench_bin/PmoBot.dll"'
  [events]='--pmobot "$bench_bin/PmoBot.dll"'
  [portfolio]=''
  [reviews]='--pmobot "$bench_bin/PmoBot.dll" --azurite-pids "${AZURITE_PIDS// /,}"'
  [rollout]='--pmobot "$bench_bin/PmoBot.dll"'
)

name="${1:-}"
if [ -z "$name" ] || [ -z "${benchmarks[$name]+set}" ]; then
  echo "usage: $0 NAME [--option value ...]" >&2
  echo "benchmarks: $(printf '%s\n' "${!benchmarks[@]}" | sort | tr '\n' ' ')" >&2
  exit 2
fi
shift

ensure_tools
dotnet build tools/PmoBot.Bench/PmoBot.Bench.csproj --nologo -v quiet -c Release -warnaserror >&2
# Run from a copy (the bench's output holds PmoBot.dll and its dependencies too): a build started elsewhere while a
# benchmark runs must not replace the sender it is about to restart.
bench_bin="$repo_root/.artifacts/bench/bin"
rm -rf "$bench_bin"
mkdir -p "$(dirname "$bench_bin")"
cp -r tools/PmoBot.Bench/bin/Release/net10.0 "$bench_bin"

AZURITE_PIDS=""
trap stop_azurite EXIT INT TERM
queue=$(free_port); table=$(free_port)
# The queue on disk, in a fresh folder: in memory, Azurite's queue clean-up stops the queue for 17 s every minute
# (see lib.sh), which measures Azurite rather than the outbox. Tables stay in memory.
queue_data="$repo_root/.artifacts/bench/azurite-queue"
rm -rf "$queue_data"
start_azurite "$queue" "$table" "$queue_data" memory

eval "defaults=(${benchmarks[$name]})"
dotnet "$bench_bin/PmoBot.Bench.dll" "$name" \
  --storage "$(azurite_connection_string "$queue" "$table")" \
  --artifacts "$repo_root/.artifacts/bench" \
  "${defaults[@]}" "$@"
