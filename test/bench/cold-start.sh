#!/usr/bin/env bash
# Cold start of the built service, from process spawn to the first 200 on /health, and its RSS:
#   1. embedded default, first boot (initdb, migrations with 91,600 regions)
#   2. embedded default, restart on the same data
#   3. local PostgreSQL and Redis, fresh database (migrations included)
#   4. local PostgreSQL and Redis, restart
# Usage: npm run build && bash test/bench/cold-start.sh [runs]   (PG_ADMIN_URL, REDIS_URL to override)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
MAIN=$PWD/dist/src/main.js
source test/bench/shipped-node-flags.sh
[ -f "$MAIN" ] || { echo "build first: npm run build" >&2; exit 1; }
PORT=3917
PG_PORT=54917

now_ms() { date +%s%3N; }

# Starts the service with the given env, prints "<ms to healthy> <rss MiB>", then stops it.
measure() {
  local dir=$1; shift
  local start pid rss
  start=$(now_ms)
  (cd "$dir" && exec env -i PATH="$PATH" HOME="$HOME" PORT=$PORT LOG_LEVEL=warn "$@" node "${SHIPPED_NODE_FLAGS[@]}" "$MAIN" >"$dir/service.log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do
    if ! kill -0 $pid 2>/dev/null; then echo "service died:" >&2; cat "$dir/service.log" >&2; exit 1; fi
    sleep 0.02
  done
  local elapsed=$(( $(now_ms) - start ))
  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
  kill -TERM $pid; wait $pid || true
  echo "$elapsed $rss"
}

report() { # label, then lines of "ms rss"
  local label=$1; shift
  printf '%-44s' "$label"
  printf '%s\n' "$@" | awk '{ms[NR]=$1; rss+=$2} END {n=asort(ms); printf "median %6d ms  (min %d, max %d, n=%d)  RSS %d MiB\n", ms[int((n+1)/2)], ms[1], ms[n], n, rss/NR}'
}

first=(); again=(); localFirst=(); localAgain=()
for run in $(seq 1 "$RUNS"); do
  dir=$(mktemp -d); chmod 755 "$dir"
  first+=("$(measure "$dir" EMBEDDED_POSTGRES_PORT=$PG_PORT)")
  sleep 1
  again+=("$(measure "$dir" EMBEDDED_POSTGRES_PORT=$PG_PORT)")
  sleep 1
  rm -rf "$dir"

  db=jejak_coldstart_$run
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  dir=$(mktemp -d)
  url=$(node -e "const u=new URL(process.argv[1]); u.pathname='/$db'; console.log(u.toString())" "$PG_ADMIN_URL")
  env_local=(DATABASE_URL="$url" REDIS_URL="$REDIS_URL" SMTP_URL=smtp://127.0.0.1:2525 QUEUE_PREFIX=coldstart APP_SECRET=coldstart-secret-coldstart-secret-00 DATA_KEY=$(openssl rand -base64 32) ADMIN_EMAIL=admin@example.org ADMIN_PASSWORD=coldstart-password)
  localFirst+=("$(measure "$dir" "${env_local[@]}")")
  localAgain+=("$(measure "$dir" "${env_local[@]}")")
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  rm -rf "$dir"
done

echo "Cold start to first healthy /health (node $(node -v), $(nproc) cores)"
report "embedded default, first boot (initdb+migrate)" "${first[@]}"
report "embedded default, restart" "${again[@]}"
report "local PostgreSQL+Redis, fresh database" "${localFirst[@]}"
report "local PostgreSQL+Redis, restart" "${localAgain[@]}"
