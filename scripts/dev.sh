#!/usr/bin/env bash
# Local run: Azurite (data kept in .data/azurite), the Graph stand-in (tools/GraphStandIn, for review meetings),
# PmoBot on http://127.0.0.1:3978 in Development with the demo organisation seeded and Graph pointed at the
# stand-in, and the Microsoft 365 Agents Playground pointed at PmoBot. Ctrl-C stops all four.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

bot_port="${PMOBOT_PORT:-3978}"
playground_port="${PLAYGROUND_PORT:-56150}"
graph_port="${GRAPH_STANDIN_PORT:-5190}"
graph_token="graph-standin-token"
data_dir="$repo_root/.data/azurite"

ensure_tools
mkdir -p "$data_dir" "$repo_root/.data/logs"
echo "Building PmoBot and the Graph stand-in..."
dotnet build tools/GraphStandIn/GraphStandIn.csproj --nologo -v quiet

AZURITE_PIDS=""; GRAPH_PID=""; BOT_PID=""; PLAYGROUND_PID=""
cleanup() {
  trap - EXIT INT TERM
  echo; echo "Stopping the playground, PmoBot, the Graph stand-in and Azurite..."
  stop_process "$PLAYGROUND_PID"; stop_process "$BOT_PID"; stop_process "$GRAPH_PID"; stop_azurite
}
trap cleanup EXIT INT TERM

start_azurite 10001 10002 "$data_dir" "$data_dir"
echo "Azurite is up (tables on 127.0.0.1:10002, data in .data/azurite)."

StandIn__AccessToken="$graph_token" \
  dotnet tools/GraphStandIn/bin/Debug/net10.0/GraphStandIn.dll --urls "http://127.0.0.1:$graph_port" \
  > "$repo_root/.data/logs/graph-standin.log" 2>&1 &
GRAPH_PID=$!
wait_for_port "$graph_port" "The Graph stand-in"
curl -fsS "http://127.0.0.1:$graph_port/" > /dev/null \
  || { echo "The Graph stand-in does not answer; see .data/logs/graph-standin.log:"; tail -n 20 "$repo_root/.data/logs/graph-standin.log"; exit 1; }
echo "The Graph stand-in is up on http://127.0.0.1:$graph_port (log: .data/logs/graph-standin.log)."

ASPNETCORE_ENVIRONMENT=Development \
Storage__ConnectionString="$(azurite_connection_string 10001 10002)" \
Graph__BaseUrl="http://127.0.0.1:$graph_port/v1.0/" \
Graph__AccessToken="$graph_token" \
  dotnet PmoBot/bin/Debug/net10.0/PmoBot.dll --contentRoot "$repo_root/PmoBot" --urls "http://127.0.0.1:$bot_port" \
  > "$repo_root/.data/logs/pmobot.log" 2>&1 &
BOT_PID=$!
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$bot_port/healthz" 2>/dev/null | grep -q '"Healthy"' && break
  kill -0 "$BOT_PID" 2>/dev/null || { echo "PmoBot stopped; see .data/logs/pmobot.log:"; tail -n 20 "$repo_root/.data/logs/pmobot.log"; exit 1; }
  sleep 0.1
done
echo "PmoBot is up on http://127.0.0.1:$bot_port (log: .data/logs/pmobot.log)."

TEAMSAPPTESTER_BROWSER=none M365_AGENTS_PLAYGROUND_CONFIG_PATH="$repo_root/.m365agentsplayground.yml" \
  "$tools_bin/agentsplayground" start -e "http://127.0.0.1:$bot_port/api/messages" -c msteams \
  -p "$playground_port" --disable-telemetry > "$repo_root/.data/logs/playground.log" 2>&1 &
PLAYGROUND_PID=$!
wait_for_port "$playground_port" "The Agents Playground"
sleep 2
if ! kill -0 "$PLAYGROUND_PID" 2>/dev/null; then
  echo "The Agents Playground stopped; see devTools/m365agentsplayground.log:"
  grep -E "^error" "$repo_root/devTools/m365agentsplayground.log" | tail -n 5
  exit 1
fi

cat <<MSG

  PmoBot is ready. Open http://127.0.0.1:$playground_port in your browser.
  You are Alex Wilber (PMO, admin). Type: help, whoami, role list, role grant Nestor Wilke pm
  Switch user (top of the page) to Megan Bowen (project manager), Isaiah Langer (leader) or
  Nestor Wilke (no role yet) to see what each role may do.
  Early warnings: as Alex, type "alerts here" in the channel; as Megan, submit a review of PRJ-101 with
  40% complete, actual cost 700000 and overall red; then Acknowledge and Schedule review meeting on the card
  (meetings are booked in the local Graph stand-in on port $graph_port).

  Ctrl-C stops the playground, PmoBot, the Graph stand-in and Azurite; the data stays in .data/azurite.
MSG
wait "$BOT_PID" "$PLAYGROUND_PID" "$GRAPH_PID"
