#!/usr/bin/env bash
# Starts, stops or reports the local Azurite storage emulator used by the pipeline, its CLI and its tests.
#   local/azurite.sh start   install (npm ci from the committed lock) if needed, start on 127.0.0.1, wait for the ports
#   local/azurite.sh stop    stop the instance this script started
#   local/azurite.sh status  exit 0 when the blob, queue and table ports answer
# AZURITE_LOCATION (default local/.azurite) holds its data, pid file and log. AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT and
# AZURITE_TABLE_PORT (default 10000-10002) run a second instance beside the shared one (bench/pipeline.sh does).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
location="${AZURITE_LOCATION:-$here/.azurite}"
pidfile="$location/azurite.pid"
ports=("${AZURITE_BLOB_PORT:-10000}" "${AZURITE_QUEUE_PORT:-10001}" "${AZURITE_TABLE_PORT:-10002}")

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
  setsid "$here/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableTelemetry \
    --location "$location" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}" \
    >"$location/azurite.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  for _ in $(seq 1 100); do
    if all_open; then echo "azurite: started (pid $(cat "$pidfile"))" >&2; return 0; fi
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
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
