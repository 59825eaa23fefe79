# Shared by the project's scripts: the pinned Node tools and Azurite. Source it; do not run it.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/tools"
tools_bin="$tools_dir/node_modules/.bin"

# Installs tools/package-lock.json exactly (npm ci) when node_modules is missing or older than the lock file.
ensure_tools() {
  local stamp="$tools_dir/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$tools_dir/package-lock.json"; then
    echo "Installing pinned tools into tools/node_modules (npm ci)..." >&2
    (cd "$tools_dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
    cp "$tools_dir/package-lock.json" "$stamp"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

wait_for_port() {
  local port="$1" name="$2" tries="${3:-100}"
  for _ in $(seq "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start listening on port $port" >&2
  return 1
}

# Azurite's well-known development account, on the ports its queue and table services were started with. PmoBot
# keeps nothing in blobs, so there is no blob endpoint.
azurite_connection_string() {
  local queue="$1" table="$2"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    "$key" "$queue" "$table"
}

# start_azurite <queue> <table> [--location DIR | --inMemoryPersistence]; sets AZURITE_PIDS; stop_azurite stops them.
# The queue and table services run as two processes, as they are two services in Azure: Azurite's queue clean-up
# blocks its whole process for seconds once thousands of messages have been deleted (28 s after 6,000), and in one
# process that pause would stop every table read and write with it.
start_azurite() {
  local queue="$1" table="$2"
  shift 2
  AZURITE_PIDS=""
  "$tools_bin/azurite-queue" --silent --skipApiVersionCheck --loose --queueHost 127.0.0.1 --queuePort "$queue" "$@" >/dev/null 2>&1 &
  AZURITE_PIDS="$!"
  "$tools_bin/azurite-table" --silent --skipApiVersionCheck --loose --tableHost 127.0.0.1 --tablePort "$table" "$@" >/dev/null 2>&1 &
  AZURITE_PIDS="$AZURITE_PIDS $!"
  wait_for_port "$table" "Azurite (table service)"
  wait_for_port "$queue" "Azurite (queue service)"
}

stop_azurite() {
  local pid
  for pid in ${AZURITE_PIDS:-}; do
    stop_process "$pid"
  done
}

stop_process() {
  local pid="${1:-}"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
