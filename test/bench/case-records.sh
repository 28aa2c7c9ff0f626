#!/usr/bin/env bash
# Case records on the built service, local PostgreSQL and Redis, fresh database:
#   1. POST /cases with 200 victims (one relative each) in one request, 5 cases: min/median/max
#   2. GET /cases/:id of 50 cases of 10 victims (two relatives each, one linked perpetrator):
#      200 warm-up requests, then 3000 at concurrency 10 over random ids: p50/p95/p99, requests/s
#   3. the service's RSS after the reads
# The database is VACUUM ANALYZEd between writing and reading (autovacuum may be off).
# Usage: npm run build && bash test/bench/case-records.sh
#   PG_ADMIN_URL, REDIS_URL to override; CREATE_RUNS, CREATE_VICTIMS, READ_CASES, READ_VICTIMS,
#   WARMUP, REQUESTS, CONCURRENCY to resize (see case-records.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
MAIN=$PWD/dist/src/main.js
source test/bench/shipped-node-flags.sh
source test/bench/bench-processes.sh
BENCH=$PWD/test/bench/case-records.mjs
DB=jejak_bench_cases
QUEUE_PREFIX=bench-cases
[ -f "$MAIN" ] || { echo "build first: npm run build" >&2; exit 1; }
if [ -n "$(find src migrations -newer "$MAIN" -name '*.ts' -print -quit)" ]; then
  echo "warning: sources are newer than $MAIN; run npm run build" >&2
fi

work=$(mktemp -d)
log=$work/service.log
pid=
started=$(date +%s)

db_url=$(node -e "const u=new URL(process.argv[1]); u.pathname='/$DB'; console.log(u.toString())" "$PG_ADMIN_URL")
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BASE_URL=http://127.0.0.1:$PORT


stop_service() {
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "service did not stop within 15 s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  pid=
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_service
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 ||
    echo "could not drop database $DB" >&2
  clear_queue_keys
  if [ "$status" -ne 0 ] && [ -s "$log" ]; then
    echo "---- service log (last 60 lines) ----" >&2
    tail -n 60 "$log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a phase of the Node script with a time limit; says so if the service died meanwhile.
phase() {
  local limit=$1; shift
  if ! timeout "$limit" env BASE_URL="$BASE_URL" ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    node "$BENCH" "$@"; then
    kill -0 "$pid" 2>/dev/null || echo "the service died" >&2
    echo "phase '$1' failed (or took more than $limit s)" >&2
    exit 1
  fi
  kill -0 "$pid" 2>/dev/null || { echo "the service died during phase '$1'" >&2; exit 1; }
}

PGOPTIONS="-c client_min_messages=warning" psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
clear_queue_keys

ADMIN_EMAIL=admin@bench.jejak.local
ADMIN_PASSWORD=bench-password-$(openssl rand -hex 8)
echo "starting the service on port $PORT (database $DB)" >&2
env -i PATH="$PATH" HOME="$HOME" \
  PORT="$PORT" LOG_LEVEL=warn DATA_DIR="$work/data" \
  DATABASE_URL="$db_url" REDIS_URL="$REDIS_URL" QUEUE_PREFIX="$QUEUE_PREFIX" \
  SMTP_URL=smtp://127.0.0.1:2525 \
  APP_SECRET="$(openssl rand -base64 48)" DATA_KEY="$(openssl rand -base64 32)" \
  ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  node "${SHIPPED_NODE_FLAGS[@]}" "$MAIN" >"$log" 2>&1 &
pid=$!

deadline=$(( $(date +%s) + 180 ))
until curl -sf -m 5 "$BASE_URL/health" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "the service died while starting" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "no healthy /health within 180 s" >&2; exit 1; }
  sleep 0.2
done
echo "healthy after $(( $(date +%s) - started )) s" >&2

phase 900 write "$work/state.json"
echo "VACUUM ANALYZE" >&2
timeout 300 psql "$db_url" -qc "VACUUM ANALYZE" >/dev/null
phase 600 read "$work/state.json" "$work/reads.json"
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")

echo
echo "Case records, built service on local PostgreSQL $(psql "$PG_ADMIN_URL" -Atc 'SHOW server_version' | cut -d' ' -f1) and Redis (node $(node -v), $(nproc) cores, bench client on the same machine)"
echo
node "$BENCH" report "$work/state.json" "$work/reads.json" "$rss"
echo
echo "total $(( $(date +%s) - started )) s" >&2
