#!/usr/bin/env bash
# How soon the web app is usable on "Slow 4G" with a 4x slower CPU (test/bench/web-speed.mjs),
# against the built service (`npm run build` first) on a fresh database, as a first visit and as
# a return visit. Prints a table; RUNS=5 by default.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/bench-processes.sh

ADMIN_URL=${ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PORT=${PORT:-3997}
RUNS=${RUNS:-5}
DB=jejak_bench_web_speed
QUEUE_PREFIX=jejak-bench-web-speed
BASE_URL="http://127.0.0.1:$PORT"
db_url="${ADMIN_URL%/*}/$DB"
work=$(mktemp -d)
pid=""
cleanup() {
  stop_pid "$pid" service
  clear_queue_keys
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -f dist/web/index.html ] || { echo "build first: npm run build" >&2; exit 1; }
psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
secrets=(APP_SECRET="$(openssl rand -base64 48)" DATA_KEY="$(openssl rand -base64 32)"
  SMTP_URL=smtp://127.0.0.1:2525)

env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$db_url" "${secrets[@]}" \
  PORT="$PORT" DATA_DIR="$work/data" REDIS_URL="$REDIS_URL" QUEUE_PREFIX="$QUEUE_PREFIX" \
  PUBLIC_BASE_URL="$BASE_URL" LOG_LEVEL=warn node dist/src/main.js >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "$BASE_URL/health" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE_URL/health" >/dev/null || { tail -20 "$work/service.log" >&2; exit 1; }

password=$(env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$db_url" "${secrets[@]}" \
  node dist/src/seed/seed-demo.js --allow-any-database |
  sed -n 's/^Users created (password for all of them: \(.*\)):$/\1/p')
[ -n "$password" ] || { echo "the demo seed printed no password" >&2; exit 1; }

node test/bench/web-speed.mjs "$BASE_URL" caseworker@demo.jejak.local "$password" "$RUNS"
