#!/usr/bin/env bash
# Starts, stops or reports the local Azurite storage emulator used by the pipeline, its CLI and its tests.
#   local/azurite.sh start   install (npm ci from the committed lock) if needed, start on 127.0.0.1, wait for the ports
#   local/azurite.sh stop    stop the instance this script started
#   local/azurite.sh status  exit 0 when the blob, queue and table ports answer
#   local/azurite.sh connection  print the connection string for these ports
# AZURITE_LOCATION (default local/.azurite) holds its data, pid file and log.
# AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT (default 10000/10001/10002): more than one instance can
# run on a machine (a benchmark or a test that restarts storage uses its own). The CLI and the tests read the same
# variables (Pipeline.Local.Azurite.ConnectionString).
# Optional (bench/pipeline.sh): AZURITE_IN_MEMORY=1 keeps the data in memory only (--inMemoryPersistence; the location
# then holds only the pid file and log); AZURITE_NODE_ARGS, flags for the node process that runs Azurite (e.g.
# --inspect=127.0.0.1:PORT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
location="${AZURITE_LOCATION:-$here/.azurite}"
pidfile="$location/azurite.pid"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
ports=("$blob_port" "$queue_port" "$table_port")

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
all_open() { for p in "${ports[@]}"; do port_open "$p" || return 1; done; }

install() {
  if [ ! -x "$here/node_modules/.bin/azurite" ]; then
    echo "azurite: installing from local/package-lock.json" >&2
    # Azurite 3.37 declares node >= 22 but runs on node 20; the engine warning is expected.
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

start() {
  if all_open; then echo "azurite: already running on 127.0.0.1:${ports[*]}" >&2; return 0; fi
  install
  mkdir -p "$location"
  # --skipApiVersionCheck: the SDKs send newer API versions than Azurite knows.
  # --disableTelemetry: without it Azurite does not exit on SIGTERM.
  local launcher=("$here/node_modules/.bin/azurite")
  # shellcheck disable=SC2206 # the flags are words
  [ -z "${AZURITE_NODE_ARGS:-}" ] || launcher=(node $AZURITE_NODE_ARGS "$(readlink -f "${launcher[0]}")")
  local storage=(--location "$location")
  [ -z "${AZURITE_IN_MEMORY:-}" ] || storage=(--inMemoryPersistence) # Azurite refuses both
  setsid "${launcher[@]}" --silent --skipApiVersionCheck --disableTelemetry \
    "${storage[@]}" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port" \
    >"$location/azurite.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  for _ in $(seq 1 100); do
    if all_open; then echo "azurite: started on 127.0.0.1:${ports[*]} (pid $(cat "$pidfile"))" >&2; return 0; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "azurite: failed to start; log follows" >&2
  cat "$location/azurite.log" >&2 || true
  return 1
}

stop() {
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "azurite: stopped" >&2
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) all_open ;;
  connection)
    # The well-known Azurite development account (public, documented by Azurite; not a secret).
    key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;" ;;
  *) echo "usage: $0 start|stop|status|connection" >&2; exit 2 ;;
esac
