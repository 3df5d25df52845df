#!/usr/bin/env bash
# Azurite (Azure Storage emulator, npm package) on loopback with a temporary data folder.
#   source .ci/azurite.sh; azurite_start; ...; azurite_stop   (exports KG_AZURITE_CONNECTION_STRING)
#   bash .ci/azurite.sh                                         (starts it, prints the connection string, keeps running)
#   bash .ci/azurite.sh install                                 (only installs it; prints the path of its executable)
# Installs azurite into .azurite/npm when it is missing; needs node and npm. Safe under `set -euo pipefail`.

AZURITE_VERSION="${AZURITE_VERSION:-3.37.0}"
AZURITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.azurite"

azurite__port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite__free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! azurite__port_busy "$port"; then echo "$port"; return 0; fi
  done
  echo "azurite.sh: no free port found" >&2; return 1
}

AZURITE_BIN="$AZURITE_ROOT/npm/node_modules/.bin/azurite"

azurite_install() {
  if [ ! -x "$AZURITE_BIN" ]; then
    echo "azurite.sh: installing azurite@$AZURITE_VERSION into $AZURITE_ROOT/npm" >&2
    npm install --silent --no-audit --no-fund --prefix "$AZURITE_ROOT/npm" "azurite@$AZURITE_VERSION" >&2 || return 1
  fi
}

azurite_start() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "azurite.sh: node/npm not found; Azure Storage tests will be skipped" >&2
    return 0
  fi
  azurite_install || return 1
  local bin="$AZURITE_BIN"
  local blob queue table
  blob=$(azurite__free_port) && queue=$(azurite__free_port) && table=$(azurite__free_port) || return 1
  AZURITE_DATA="$(mktemp -d -t kg-azurite-XXXXXX)"
  "$bin" --silent --skipApiVersionCheck --loose --location "$AZURITE_DATA" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$AZURITE_DATA/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 150); do
    if azurite__port_busy "$blob" && azurite__port_busy "$table" && azurite__port_busy "$queue"; then
      local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
      export KG_AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
      export AZURITE_PID AZURITE_DATA
      echo "azurite.sh: azurite $AZURITE_VERSION (pid $AZURITE_PID) blob=$blob queue=$queue table=$table data=$AZURITE_DATA" >&2
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "azurite.sh: azurite exited:" >&2; cat "$AZURITE_DATA/azurite.log" >&2; return 1
    fi
    sleep 0.2
  done
  echo "azurite.sh: azurite did not open its ports in 30 s" >&2
  azurite_stop; return 1
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    # Azurite's graceful shutdown on SIGTERM can hang; give it 5 s, then kill it.
    kill "$AZURITE_PID" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$AZURITE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
    AZURITE_PID=""
  fi
  if [ -n "${AZURITE_DATA:-}" ]; then rm -rf "$AZURITE_DATA"; AZURITE_DATA=""; fi
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "${1:-}" = "install" ]; then
  set -euo pipefail
  azurite_install
  echo "$AZURITE_BIN"
elif [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run as a script: start, print the connection string, stop on exit or signal.
  set -euo pipefail
  trap azurite_stop EXIT
  trap 'azurite_stop; exit 0' TERM INT
  azurite_start
  [ -n "${KG_AZURITE_CONNECTION_STRING:-}" ] || exit 3
  echo "$KG_AZURITE_CONNECTION_STRING"
  # Poll rather than `wait`, so that a signal to this script is handled at once.
  while kill -0 "$AZURITE_PID" 2>/dev/null; do sleep 1; done
fi
