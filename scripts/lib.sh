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

# Azurite's well-known development account, on the ports it was started with.
azurite_connection_string() {
  local blob="$1" queue="$2" table="$3"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://127.0.0.1:%s/devstoreaccount1;QueueEndpoint=http://127.0.0.1:%s/devstoreaccount1;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    "$key" "$blob" "$queue" "$table"
}

# start_azurite <blob> <queue> <table> [--location DIR | --inMemoryPersistence]; sets AZURITE_PID.
start_azurite() {
  local blob="$1" queue="$2" table="$3"
  shift 3
  "$tools_bin/azurite" --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    "$@" >/dev/null 2>&1 &
  AZURITE_PID=$!
  wait_for_port "$table" "Azurite (table service)"
  wait_for_port "$queue" "Azurite (queue service)"
}

stop_process() {
  local pid="${1:-}"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
