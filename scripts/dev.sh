#!/usr/bin/env bash
# Local run: Azurite (data kept in .data/azurite), the Graph stand-in (tools/GraphStandIn, for review meetings),
# PmoBot on http://127.0.0.1:3978 in Development with the demo organisation seeded and Graph pointed at the
# stand-in, and one Microsoft 365 Agents Playground per demo persona pointed at PmoBot (the playground has no user
# switcher: each page is one person). Ctrl-C stops them all.
#
# Environment (all optional): PMOBOT_PORT (3978), PLAYGROUND_PORT (56150, the first persona's; the others follow),
# GRAPH_STANDIN_PORT (5190), AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT (10001 / 10002), PMOBOT_DATA_DIR (.data),
# PMOBOT_DEV_CONFIGURATION (Debug), PMOBOT_DEV_NO_BUILD=1 to run what is already built (the tests do).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

bot_port="${PMOBOT_PORT:-3978}"
playground_port="${PLAYGROUND_PORT:-56150}"
graph_port="${GRAPH_STANDIN_PORT:-5190}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
configuration="${PMOBOT_DEV_CONFIGURATION:-Debug}"
graph_token="graph-standin-token"
state_dir="${PMOBOT_DATA_DIR:-$repo_root/.data}"
data_dir="$state_dir/azurite"
logs_dir="$state_dir/logs"

ensure_tools
mkdir -p "$data_dir" "$logs_dir"
if [ "${PMOBOT_DEV_NO_BUILD:-}" != 1 ]; then
  echo "Building PmoBot and the Graph stand-in (the first time takes a minute or two)..."
  dotnet build tools/GraphStandIn/GraphStandIn.csproj --nologo -v quiet -c "$configuration"
fi

AZURITE_PIDS=""; GRAPH_PID=""; BOT_PID=""; PLAYGROUND_PIDS=""
cleanup() {
  trap - EXIT INT TERM
  echo; echo "Stopping the playgrounds, PmoBot, the Graph stand-in and Azurite..."
  local pid
  for pid in $PLAYGROUND_PIDS; do stop_process "$pid"; done
  stop_process "$BOT_PID"; stop_process "$GRAPH_PID"; stop_azurite
}
trap cleanup EXIT INT TERM

start_azurite "$queue_port" "$table_port" "$data_dir" "$data_dir"
echo "Azurite is up (tables on 127.0.0.1:$table_port, data in $data_dir)."

StandIn__AccessToken="$graph_token" \
  dotnet "tools/GraphStandIn/bin/$configuration/net10.0/GraphStandIn.dll" --urls "http://127.0.0.1:$graph_port" \
  > "$logs_dir/graph-standin.log" 2>&1 &
GRAPH_PID=$!
wait_for_port "$graph_port" "The Graph stand-in"
curl -fsS "http://127.0.0.1:$graph_port/" > /dev/null \
  || { echo "The Graph stand-in does not answer; see $logs_dir/graph-standin.log:"; tail -n 20 "$logs_dir/graph-standin.log"; exit 1; }
echo "The Graph stand-in is up on http://127.0.0.1:$graph_port (log: $logs_dir/graph-standin.log)."

ASPNETCORE_ENVIRONMENT=Development \
Storage__ConnectionString="$(azurite_connection_string "$queue_port" "$table_port")" \
Graph__BaseUrl="http://127.0.0.1:$graph_port/v1.0/" \
Graph__AccessToken="$graph_token" \
  dotnet "PmoBot/bin/$configuration/net10.0/PmoBot.dll" --contentRoot "$repo_root/PmoBot" --urls "http://127.0.0.1:$bot_port" \
  > "$logs_dir/pmobot.log" 2>&1 &
BOT_PID=$!
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$bot_port/healthz" 2>/dev/null | grep -q '"Healthy"' && break
  kill -0 "$BOT_PID" 2>/dev/null || { echo "PmoBot stopped; see $logs_dir/pmobot.log:"; tail -n 20 "$logs_dir/pmobot.log"; exit 1; }
  sleep 0.1
done
echo "PmoBot is up on http://127.0.0.1:$bot_port (log: $logs_dir/pmobot.log)."

# One playground per persona, each with its own generated config (that persona as the current user) and its own
# working folder (the playground writes its log under ./devTools).
personas_dir="$state_dir/playground"
mapfile -t personas < <(node tools/playground-personas.mjs "$repo_root/.m365agentsplayground.yml" "$personas_dir" "$playground_port")
for line in "${personas[@]}"; do
  IFS=$'\t' read -r port name config <<< "$line"
  slug="$(basename "$config" .yml)"
  mkdir -p "$personas_dir/$slug"
  (cd "$personas_dir/$slug" && TEAMSAPPTESTER_BROWSER=none M365_AGENTS_PLAYGROUND_CONFIG_PATH="$config" \
    exec "$tools_bin/agentsplayground" start -e "http://127.0.0.1:$bot_port/api/messages" -c msteams \
    -p "$port" --disable-telemetry > "$logs_dir/playground-$slug.log" 2>&1) &
  PLAYGROUND_PIDS="$PLAYGROUND_PIDS $!"
done
for line in "${personas[@]}"; do
  IFS=$'\t' read -r port name config <<< "$line"
  wait_for_port "$port" "The Agents Playground for $name" 200
done
sleep 1
for pid in $PLAYGROUND_PIDS; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "An Agents Playground stopped; see $logs_dir/playground-*.log and $personas_dir/*/devTools/."
    exit 1
  fi
done

persona_role() {
  case "$1" in
    "Alex Wilber") echo "PMO lead and admin" ;;
    "Patti Fernandez") echo "PMO analyst" ;;
    "Megan Bowen"|"Adele Vance") echo "project manager" ;;
    "Isaiah Langer") echo "leader" ;;
    *) echo "no role yet" ;;
  esac
}

echo
echo "  PmoBot is ready. The playground has no user switcher, so each person has their own page:"
echo
for line in "${personas[@]}"; do
  IFS=$'\t' read -r port name config <<< "$line"
  printf '    %-16s %-20s http://127.0.0.1:%s\n' "$name" "($(persona_role "$name"))" "$port"
done
cat <<MSG

  Start with Alex: type help. The README's "Try it: the first run, person by person" walks through each step.
  Channel commands need an @mention, as in Teams: in the Delivery team's PMO channel type @PmoBot alerts here.
  Review meetings are booked in the local Graph stand-in on port $graph_port.

  Ctrl-C stops the playgrounds, PmoBot, the Graph stand-in and Azurite; the data stays in $data_dir.
MSG
wait "$BOT_PID" $PLAYGROUND_PIDS "$GRAPH_PID"
