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

# start_azurite <queue port> <table port> <queue storage> <table storage>, each storage "memory" or a directory; sets
# AZURITE_PIDS; stop_azurite stops them. The queue and table services run as two processes, as they are two services
# in Azure: Azurite's queue clean-up blocks its whole process, and in one process that pause would stop every table
# read and write with it. In memory that clean-up deletes one extent per message, each at a cost that grows with the
# queue (17 s pauses, every minute, in a 5,000-message run); on disk the messages share one extent file and the
# clean-up has next to nothing to do.
start_azurite() {
  local queue="$1" table="$2"
  local -a queue_storage table_storage
  azurite_storage queue_storage "$3"
  azurite_storage table_storage "$4"
  "$tools_bin/azurite-queue" --silent --skipApiVersionCheck --loose --queueHost 127.0.0.1 --queuePort "$queue" "${queue_storage[@]}" >/dev/null 2>&1 &
  AZURITE_PIDS="$!"
  "$tools_bin/azurite-table" --silent --skipApiVersionCheck --loose --tableHost 127.0.0.1 --tablePort "$table" "${table_storage[@]}" >/dev/null 2>&1 &
  AZURITE_PIDS="$AZURITE_PIDS $!"
  wait_for_port "$table" "Azurite (table service)"
  wait_for_port "$queue" "Azurite (queue service)"
}

# azurite_storage <array name> <"memory" or a directory>: the Azurite flags for that storage.
azurite_storage() {
  local -n flags="$1"
  if [ "$2" = memory ]; then
    flags=(--inMemoryPersistence)
  else
    mkdir -p "$2"
    flags=(--location "$2")
  fi
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
