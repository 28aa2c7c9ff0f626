#!/usr/bin/env bash
# The product's hot paths next to the bare stack, in one run on this machine (issue 10):
#   GET /cases/:id (a one-victim case), GET /cases?limit=50 (first page), POST /cases (one
#   victim), each first on the bare Fastify + pg server of the shared raw baseline, then on the
#   built service, with the same wrk settings (-t2 -c50, WARMUP s unrecorded, DURATION s recorded);
#   then, product only, GET /cases/:id of a case of 10 victims with two relatives each.
#   The product's RSS is sampled from /proc after a first boot that migrates the fresh database
#   (then the service is restarted), at start, idle before the load, at its peak under load and
#   after it. Targets: reads >= 30% of the bare req/s with p99 < 50 ms, POST >= 15%, RSS after
#   the load < 250 MB.
# Both servers run on fresh databases (rawbench_hotpaths, jejak_bench_hotpaths): the bare one
# seeded by the baseline's own seed.sql, the product through its API (as a caseworker whose
# password is set through the emailed link, received by a loopback SMTP sink) plus rows inserted
# by SQL for list volume. Both are VACUUM ANALYZEd before the load (autovacuum may be off).
# Usage: npm run build && bash test/bench/hot-paths.sh
#   ROWS (200000, bare rows), PRODUCT_CASES (2000, one-victim cases through the API), BULK_CASES
#   (ROWS - PRODUCT_CASES by default, so that both lists page over the same volume; 0 for none),
#   TEN_VICTIM_CASES (20), SETUP_CONCURRENCY (8), WARMUP (2), DURATION (10), ROUNDS (3: each
#   endpoint's bare and product runs, alternating; the report takes each figure's median), ENDPOINTS (the runs
#   to make, of byid,list,ten,post: all by default; the report marks the others not measured),
#   LOG_LEVEL (unset:
#   the service's default, as shipped), POOL (the service's DATABASE_POOL_SIZE; its default when unset), KEEP_DB=1 keeps both databases, PG_ADMIN_URL, REDIS_URL,
#   RAW_BASELINE_DIR (the main checkout's ../shared/bench/raw-baseline), RAW_WORK (a scratch
#   copy of it with its node_modules, kept between runs: /tmp/jejak-hot-paths-raw); PROFILE=1
#   runs the service under `node --cpu-prof` and appends where its CPU time went (PROFILE_KEEP=dir
#   keeps the .cpuprofile files; PROFILE_LAST_SECONDS=N counts only the last N s of the process,
#   e.g. 20 with ENDPOINTS=byid for that load alone, without the setup).
set -euo pipefail
cd "$(dirname "$0")/../.."
T0=$(date +%s.%N)
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
# Worktrees live elsewhere than the main checkout; shared/ sits beside the main one.
common_git=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo "$PWD/.git")
RAW_BASELINE_DIR=${RAW_BASELINE_DIR:-$(dirname "$common_git")/../shared/bench/raw-baseline}
RAW_WORK=${RAW_WORK:-/tmp/jejak-hot-paths-raw}
ROWS=${ROWS:-200000}
PRODUCT_CASES=${PRODUCT_CASES:-2000}
BULK_CASES=${BULK_CASES:-$(( ROWS > PRODUCT_CASES ? ROWS - PRODUCT_CASES : 0 ))}
TEN_VICTIM_CASES=${TEN_VICTIM_CASES:-20}
SETUP_CONCURRENCY=${SETUP_CONCURRENCY:-8}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
ENDPOINTS=${ENDPOINTS:-byid,list,ten,post}
MAIN=$PWD/dist/src/main.js
source test/bench/shipped-node-flags.sh
source test/bench/bench-processes.sh
BENCH=$PWD/test/bench/hot-paths.mjs
LUA=$PWD/test/bench/hot-paths.lua
BARE_DB=rawbench_hotpaths
DB=jejak_bench_hotpaths
QUEUE_PREFIX=bench-hotpaths
RESULTS=/tmp/jejak-hot-paths-$(date +%Y%m%d-%H%M%S).md

for tool in wrk psql pg_isready node redis-cli curl openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk postgresql-client redis-tools)" >&2; exit 1; }
done
[ -f "$MAIN" ] || { echo "build first: npm run build" >&2; exit 1; }
if [ -n "$(find src migrations -newer "$MAIN" -name '*.ts' -print -quit)" ]; then
  echo "WARN: sources are newer than $MAIN; run npm run build" >&2
fi
[ -f "$RAW_BASELINE_DIR/server.js" ] || { echo "no raw baseline at $RAW_BASELINE_DIR (set RAW_BASELINE_DIR)" >&2; exit 1; }
RAW_BASELINE_DIR=$(cd "$RAW_BASELINE_DIR" && pwd)
pg_isready -q -d "$PG_ADMIN_URL" || { echo "PostgreSQL is not answering at $PG_ADMIN_URL" >&2; exit 1; }
redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 || { echo "Redis is not answering at $REDIS_URL" >&2; exit 1; }

# What is being measured, noted before the service loads it (dist/ may be rebuilt meanwhile).
build="dist built $(date -u -r "$MAIN" '+%F %T') UTC"
if commit=$(git rev-parse --short HEAD 2>/dev/null); then
  build="$build, HEAD $commit"
  [ -z "$(git status --porcelain -- src migrations 2>/dev/null)" ] || build="$build with local changes in src/migrations"
fi
if [ -n "${LOG_LEVEL:-}" ]; then
  log_level="$LOG_LEVEL (set by the environment)"
else
  log_level="$(node -e "console.log(new (require('$PWD/dist/src/config/environment.js').EnvironmentVariables)().LOG_LEVEL)") (the service's default: LOG_LEVEL unset)"
fi

work=$(mktemp -d /tmp/jejak-hot-paths.XXXXXX)
log=$work/service.log
bare_log=$work/bare.log
pid='' bare_pid='' wrk_pid=''
warnings=$work/warnings.txt
: >"$warnings"
notes=$work/notes.txt
: >"$notes"
warn() { echo "WARN: $*" >&2; echo "WARN: $*" >>"$warnings"; }
step() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
db_url_of() { node -e "const u=new URL(process.argv[1]); u.pathname='/'+process.argv[2]; console.log(u.toString())" "$PG_ADMIN_URL" "$1"; }
db_url=$(db_url_of "$DB")
bare_url=$(db_url_of "$BARE_DB")
read -r PORT BARE_PORT SMTP_PORT < <(node -e "
const net = require('net');
Promise.all([0, 1, 2].map(() => new Promise((ok) => { const s = net.createServer().listen(0, '127.0.0.1', () => ok(s)); })))
  .then((servers) => { console.log(servers.map((s) => s.address().port).join(' ')); servers.forEach((s) => s.close()); });")
BASE_URL=http://127.0.0.1:$PORT
BARE_BASE=http://127.0.0.1:$BARE_PORT

# Only the two databases this script owns are ever dropped.
recreate_db() {
  case "$1" in "$BARE_DB" | "$DB") ;; *) echo "refusing to drop database '$1'" >&2; exit 1 ;; esac
  PGOPTIONS="-c client_min_messages=warning" psql -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URL" \
    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null
}
drop_db() {
  case "$1" in "$BARE_DB" | "$DB") ;; *) return 0 ;; esac
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 ||
    echo "could not drop database $1" >&2
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null || true
  stop_pid "$pid" "the service"
  stop_pid "$bare_pid" "the bare server"
  if [ "${KEEP_DB:-0}" = 1 ]; then
    echo "kept databases $BARE_DB and $DB (KEEP_DB=1)" >&2
  else
    drop_db "$DB"
    drop_db "$BARE_DB"
  fi
  clear_queue_keys
  if [ "$status" -ne 0 ]; then
    for f in "$log" "$bare_log"; do
      [ -s "$f" ] || continue
      echo "---- $(basename "$f") (last 40 lines) ----" >&2
      tail -n 40 "$f" >&2
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# This machine is shared: note other CPU load, and whether PostgreSQL or Redis restarts mid-run.
busy_pct() { # share of all cores busy over 2 s, from /proc/stat
  local a b; a=$(head -1 /proc/stat); sleep 2; b=$(head -1 /proc/stat)
  printf '%s\n%s\n' "$a" "$b" | awk '{ t = 0; for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
    NR == 1 { t1 = t; i1 = idle } NR == 2 { printf "%d", 100 * (1 - (idle - i1) / (t - t1)) }'
}
identity() { echo "pg $(psql -qAt "$PG_ADMIN_URL" -c 'SELECT pg_postmaster_start_time()'), redis $(redis-cli -u "$REDIS_URL" info server | tr -d '\r' | awk -F: '/^run_id/ { print $2 }')"; }
BUSY=$(busy_pct)
IDENTITY=$(identity)
echo "CPU busy before the run: ${BUSY}%" >&2
[ "$BUSY" -le 15 ] || warn "the machine was ${BUSY}% busy before the run (other processes): figures are low"

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---- bare stack -----------------------------------------------------------------------------------
step "bare: scratch copy of $RAW_BASELINE_DIR in $RAW_WORK, fresh $BARE_DB with $ROWS rows"
mkdir -p "$RAW_WORK"
cp -rf "$RAW_BASELINE_DIR"/. "$RAW_WORK"/ && chmod -R u+w "$RAW_WORK"
# Reinstall only when the lock file changed since the last install into this copy.
if [ ! -d "$RAW_WORK/node_modules" ] || ! cmp -s "$RAW_WORK/package-lock.json" "$RAW_WORK/node_modules/.installed-lock"; then
  (cd "$RAW_WORK" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$RAW_WORK/package-lock.json" "$RAW_WORK/node_modules/.installed-lock"
fi
recreate_db "$BARE_DB"
psql -q -v ON_ERROR_STOP=1 "$bare_url" -f "$RAW_WORK/schema.sql"
t=$(now)
psql -q -v ON_ERROR_STOP=1 -v rows="$ROWS" "$bare_url" -f "$RAW_WORK/seed.sql"
psql -q -v ON_ERROR_STOP=1 "$bare_url" -c 'VACUUM ANALYZE'
echo "seeded and vacuumed in $(secs "$t" "$(now)") s" >&2
psql -qAt "$bare_url" -c 'SELECT id FROM cases ORDER BY random() LIMIT 10000' >"$work/bare-ids.txt"

(cd "$RAW_WORK" && exec env -i PATH="$PATH" HOME="$HOME" PGURL="$bare_url" PORT="$BARE_PORT" node server.js) >"$bare_log" 2>&1 &
bare_pid=$!
for _ in $(seq 50); do grep -q listening "$bare_log" && break; sleep 0.2; done
grep -q listening "$bare_log" || { echo "the bare server did not start" >&2; exit 1; }
sleep 1
BARE_RSS_IDLE=$(rss_kib "$bare_pid") BARE_RSS_PEAK=0

# ---- product ----------------------------------------------------------------------------------------
step "product: fresh $DB, the built service on port $PORT (LOG_LEVEL $log_level)"
recreate_db "$DB"
clear_queue_keys
ADMIN_EMAIL=admin@bench.jejak.local
ADMIN_PASSWORD=bench-password-$(openssl rand -hex 8)
log_env=()
[ -z "${LOG_LEVEL:-}" ] || log_env=(LOG_LEVEL="$LOG_LEVEL")
[ -z "${POOL:-}" ] || log_env+=(DATABASE_POOL_SIZE="$POOL")
node_flags=()
[ "${PROFILE:-0}" = 1 ] && node_flags=(--cpu-prof --cpu-prof-dir="$work/profile")
APP_SECRET_VALUE=$(openssl rand -base64 48)
DATA_KEY_VALUE=$(openssl rand -base64 32)
# Starts the built service in the background (its pid in $pid) and waits until it is healthy.
start_product() {
  started=$(date +%s)
  env -i PATH="$PATH" HOME="$HOME" "${log_env[@]}" \
    PORT="$PORT" DATA_DIR="$work/data" \
    DATABASE_URL="$db_url" REDIS_URL="$REDIS_URL" QUEUE_PREFIX="$QUEUE_PREFIX" \
    SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" PUBLIC_BASE_URL="$BASE_URL" \
    APP_SECRET="$APP_SECRET_VALUE" DATA_KEY="$DATA_KEY_VALUE" \
    ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    node "${SHIPPED_NODE_FLAGS[@]}" "$@" "$MAIN" >>"$log" 2>&1 &
  pid=$!
  local deadline=$(( $(date +%s) + 180 ))
  until curl -sf -m 5 "$BASE_URL/health" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the service died while starting" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "no healthy /health within 180 s" >&2; exit 1; }
    sleep 0.2
  done
  echo "healthy after $(( $(date +%s) - started )) s" >&2
  sleep 1
}
# A first boot applies the migrations, loading the region register (~90,000 rows) into the heap,
# which V8 keeps long after: measured, it is what an install's first start looks like, not the
# service that then runs for weeks. It is reported, then the service is started again.
start_product
RSS_MIGRATION_BOOT=$(rss_kib "$pid")
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=''
start_product "${node_flags[@]}"
RSS_START=$(rss_kib "$pid")

step "product: caseworker, $PRODUCT_CASES one-victim cases and $TEN_VICTIM_CASES of 10 victims through the API"
if ! timeout 900 env BASE_URL="$BASE_URL" ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  SMTP_PORT="$SMTP_PORT" PRODUCT_CASES="$PRODUCT_CASES" TEN_VICTIM_CASES="$TEN_VICTIM_CASES" \
  SETUP_CONCURRENCY="$SETUP_CONCURRENCY" node "$BENCH" setup "$work/state.json" "$work/product-ids.txt"; then
  kill -0 "$pid" 2>/dev/null || echo "the service died" >&2
  echo "product setup failed (or took more than 900 s)" >&2
  exit 1
fi
state() { node -e "console.log(JSON.parse(require('fs').readFileSync('$work/state.json','utf8'))['$1'] ?? '')"; }
TOKEN=$(state token)
ROLE=$(state role)
CALLER_NOTE=$(state callerNote)
[ -z "$CALLER_NOTE" ] || warn "$CALLER_NOTE"

if [ "$BULK_CASES" -gt 0 ]; then
  step "product: $BULK_CASES more cases by SQL in the same agency (list volume)"
  t=$(now)
  # Earlier years than the API's cases (which take this year's numbers from the counter), each
  # year's counter raised past its rows so that a later API create there could not collide.
  timeout 600 psql -q -v ON_ERROR_STOP=1 -v n="$BULK_CASES" -v agency="$(state agencyId)" \
    -v user_id="$(state userId)" -v prefix="$(state casePrefix)" "$db_url" <<'SQL'
BEGIN;
INSERT INTO cases (case_number, owning_agency_id, title, summary, incident_type, exploitation_types,
                   exploitation_country, incident_date, reported_date, source, priority,
                   suggested_priority, status, tags, created_by, created_at, updated_at)
SELECT :'prefix' || '-' || yr || '-' || lpad(g::text, 6, '0'), :'agency',
       format('Dugaan TPPO: PMI asal %s dieksploitasi di %s (laporan %s)', region, country, g),
       'Dimuat untuk benchmark daftar kasus.', 'trafficking', '{ForcedLabour}', country,
       ts::date - 10, ts::date, 'hotline',
       prio, prio,
       (ARRAY['closed','closed','closed','closed','closed','closed','closed','closed','closed','closed','closed',
              'open','open','open','in_assistance','in_assistance','in_assistance',
              'intake','intake','closure_requested'])[1 + floor(20 * random())::int],
       '{bench}', :'user_id', ts, ts + random() * interval '30 days'
FROM (
  SELECT g, ts, 2022 + g % 3 AS yr,
         (ARRAY['critical','high','normal','normal','low','low'])[1 + floor(6 * random())::int] AS prio,
         (ARRAY['Jawa Timur','Jawa Tengah','Jawa Barat','Nusa Tenggara Barat','Lampung','Bali'])[1 + floor(6 * random())::int] AS region,
         (ARRAY['MY','KH','SA','TW','HK','MM'])[1 + floor(6 * random())::int] AS country
  FROM (SELECT g, now() - interval '400 days' - random() * interval '1000 days' AS ts
        FROM generate_series(1, :n) AS g) AS s
) AS r;
INSERT INTO case_number_counters (prefix, year, last_value)
SELECT :'prefix', yr, max(n) FROM (
  SELECT split_part(case_number, '-', 2)::int AS yr, split_part(case_number, '-', 3)::int AS n
  FROM cases WHERE case_number LIKE :'prefix' || '-202_-%') AS c
WHERE yr BETWEEN 2022 AND 2024 GROUP BY yr
ON CONFLICT (prefix, year) DO UPDATE SET last_value = greatest(case_number_counters.last_value, excluded.last_value);
COMMIT;
SQL
  echo "inserted in $(secs "$t" "$(now)") s" >&2
fi
t=$(now)
psql -q -v ON_ERROR_STOP=1 "$db_url" -c 'VACUUM ANALYZE'
echo "product VACUUM ANALYZE in $(secs "$t" "$(now)") s" >&2
PRODUCT_ROWS=$(psql -qAt "$db_url" -c "SELECT count(*) FROM cases WHERE owning_agency_id = '$(state agencyId)'")

step "smoke: every endpoint answers 2xx once, on both servers"
BASE_URL="$BARE_BASE" node "$BENCH" smoke bare "$work/bare-ids.txt"
BASE_URL="$BASE_URL" TOKEN="$TOKEN" node "$BENCH" smoke product "$work/product-ids.txt"
# POSTs through the wrk script itself, so the very bodies the load sends are the ones checked.
smoke_post() { # side, mode, base, token
  : >"$work/smoke-status.txt"
  SMOKE=1 SMOKE_FILE="$work/smoke-status.txt" MODE=$2 TOKEN=$4 SEQ_BASE=90000000 THREADS=1 \
    LABEL="smoke POST $1" RESULT_FILE=/dev/null wrk -t1 -c1 -d5s -s "$LUA" "$3" >/dev/null
  local status; status=$(head -1 "$work/smoke-status.txt")
  case "$status" in 2??) echo "  $1: POST answered $status" >&2 ;;
    *) echo "smoke: POST on $1 answered '${status:-nothing}'" >&2; exit 1 ;; esac
}
smoke_post bare post-bare "$BARE_BASE" ''
smoke_post product post-case "$BASE_URL" "$TOKEN"
kill -0 "$pid" 2>/dev/null || { echo "the service died" >&2; exit 1; }
sleep 2
RSS_IDLE=$(rss_kib "$pid")
RSS_PEAK=0
LOG_BYTES_BEFORE=$(stat -c %s "$log")

# ---- load ------------------------------------------------------------------------------------------
results=$work/results.jsonl
warmups=$work/warmups.jsonl
: >"$results"; : >"$warmups"; : >"$work/others.txt"
seq_base=0
# bench SIDE KEY LABEL MODE URL: WARMUP s unrecorded, then DURATION s recorded, sampling the RSS
# of that side's server every 0.5 s meanwhile, each followed by a drain (below).
bench() {
  local side=$1 key=$2 label=$3 mode=$4 url=$5 token='' ids=$work/bare-ids.txt prefix=/cases/ server=$bare_pid dbu=$bare_url
  if [ "$side" = product ]; then
    token=$TOKEN ids=$work/product-ids.txt prefix=/api/v1/cases/ server=$pid dbu=$db_url
    [ "$key" = ten ] && ids=$work/product-ids.txt.ten
  fi
  step "wrk $side: $label"
  local common=(MODE="$mode" TOKEN="$token" IDS_FILE="$ids" PATH_PREFIX="$prefix" THREADS=2 SIDE="$side" KEY="$key" LABEL="$label")
  env "${common[@]}" SEQ_BASE=$seq_base RESULT_FILE="$warmups" \
    wrk -t2 -c50 -d"${WARMUP}s" -s "$LUA" "$url" >/dev/null &
  wrk_pid=$!
  sample_rss "$side" "$server"
  seq_base=$(( seq_base + 10000000 ))
  drain "$side $label (warm-up)" "$server" "$dbu"
  local others_before others_after server_before server_after
  others_before=$(other_ticks)
  server_before=$(cpu_ticks "$server"); postgres_ticks >"$work/pg-before.txt"
  env "${common[@]}" SEQ_BASE=$seq_base RESULT_FILE="$results" \
    wrk -t2 -c50 -d"${DURATION}s" --latency -s "$LUA" "$url" >"$work/wrk-$side-$key.txt" &
  wrk_pid=$!
  sample_rss "$side" "$server"
  others_after=$(other_ticks)
  server_after=$(cpu_ticks "$server"); postgres_ticks >"$work/pg-after.txt"
  tail -n 1 "$results" | node -e "const r=JSON.parse(require('fs').readFileSync(0,'utf8'));
    const ms = (ticks) => (ticks * 1000 / $CLK_TCK / r.requests).toFixed(2);
    console.log('NOTE: CPU per answer in the recorded run, $side $label: server ' +
      ms($(( server_after - server_before ))) + ' ms, PostgreSQL ' + ms($(postgres_ticks_between "$work/pg-before.txt" "$work/pg-after.txt")) + ' ms')" >>"$notes"
  echo "$side $key $(( (others_after - others_before) * 100 / (DURATION * CLK_TCK * $(nproc)) ))" >>"$work/others.txt"
  seq_base=$(( seq_base + 10000000 ))
  kill -0 "$server" 2>/dev/null || { echo "the $side server died under load" >&2; exit 1; }
  drain "$side $label" "$server" "$dbu"
  tail -n 1 "$results" | node -e "const r=JSON.parse(require('fs').readFileSync(0,'utf8'));
    console.error('  ' + r.rps.toFixed(0) + ' req/s, p50 ' + r.p50.toFixed(2) + ' ms, p99 ' + r.p99.toFixed(2) + ' ms')"
}
sample_rss() { # side, pid: until wrk ends
  local r
  while kill -0 "$wrk_pid" 2>/dev/null; do
    r=$(rss_kib "$2")
    if [ "$1" = product ]; then [ "$r" -gt "$RSS_PEAK" ] && RSS_PEAK=$r
    else [ "$r" -gt "$BARE_RSS_PEAK" ] && BARE_RSS_PEAK=$r; fi
    sleep 0.5
  done
  wait "$wrk_pid" || { wrk_pid=''; echo "wrk failed" >&2; exit 1; }
  wrk_pid=''
}
# The machine is shared: CPU ticks of every process but the two servers, PostgreSQL, Redis and
# wrk (short-lived processes are missed), to tell how much of a run other work took.
CLK_TCK=$(getconf CLK_TCK)
other_ticks() {
  # A process may end between the glob and its read: cat then fails, and pipefail would end the run.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v a="$pid" -v b="$bare_pid" '{
    lp = index($0, "("); rp = 0
    for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { rp = i; break }
    comm = substr($0, lp + 1, rp - lp - 1)
    if ($1 == a || $1 == b || comm == "postgres" || comm == "redis-server" || comm == "wrk") next
    split(substr($0, rp + 2), f, " ")
    sum += f[12] + f[13]
  } END { printf "%d", sum }'
}
# Every PostgreSQL process, as "pid ticks" lines: its backends do each request's database work.
postgres_ticks() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{
    lp = index($0, "("); rp = 0
    for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { rp = i; break }
    if (substr($0, lp + 1, rp - lp - 1) != "postgres") next
    split(substr($0, rp + 2), f, " ")
    print $1, f[12] + f[13]
  }'
}
# Ticks spent between two postgres_ticks snapshots: a backend that ended meanwhile (an idle pool
# connection closed) takes its whole count with it, so each process counts from its first sight.
postgres_ticks_between() {
  awk 'NR == FNR { before[$1] = $2; next } { sum += $2 - ($1 in before ? before[$1] : 0) }
       END { printf "%d", sum }' "$1" "$2"
}
# wrk stops at the deadline, but a server still works through what it had queued (requests
# whose client timed out included): the next run must not start on that backlog.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
drain() { # what, server pid, its database: wait until both are idle, DRAIN_MAX s (60) at most
  local t0 a b active waited
  t0=$(date +%s)
  while :; do
    a=$(cpu_ticks "$2"); sleep 0.5; b=$(cpu_ticks "$2")
    active=$(psql -qAt "$3" -c "SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
    [ $(( b - a )) -le 5 ] && [ "$active" -eq 0 ] && break # under 10% of a core, no query running
    if [ $(( $(date +%s) - t0 )) -ge "${DRAIN_MAX:-60}" ]; then
      warn "$1: still busy ${DRAIN_MAX:-60} s after the run ($active queries running); the next run shares the machine with it"
      return 0
    fi
  done
  waited=$(( $(date +%s) - t0 ))
  [ "$waited" -lt 3 ] || echo "NOTE: $1: the server took ${waited} s after the run to work through its backlog" >>"$notes"
}
count_rows() { psql -qAt "$1" -c 'SELECT count(*) FROM cases'; }
requests_of() { # side key: requests answered in the warm-up and the recorded run
  cat "$warmups" "$results" | node -e "let n=0; for (const l of require('fs').readFileSync(0,'utf8').split('\n').filter(Boolean)) { const r=JSON.parse(l); if (r.side==='$1' && r.key==='$2') n+=r.requests } console.log(n)"
}

wanted() { [[ ",$ENDPOINTS," == *",$1,"* ]]; }
# Each endpoint ROUNDS times, bare and product alternating: this machine's speed drifts by a
# third between minutes (other tenants), and a ratio of two runs seconds apart cancels most of it.
for round in $(seq 1 "$ROUNDS"); do
  if wanted byid; then
    bench bare byid 'GET /cases/:id' byid "$BARE_BASE"
    bench product byid 'GET /api/v1/cases/:id' byid "$BASE_URL"
  fi
  if wanted list; then
    bench bare list 'GET /cases?limit=50' get "$BARE_BASE/cases?limit=50"
    bench product list 'GET /api/v1/cases?limit=50' get "$BASE_URL/api/v1/cases?limit=50"
  fi
  if wanted ten; then bench product ten 'GET /api/v1/cases/:id (10 victims)' byid "$BASE_URL"; fi
done
BARE_POST_CHECK='' PRODUCT_POST_CHECK=''
# Writes last, so that every read above saw the seeded volume.
if wanted post; then
  bare_before=$(count_rows "$bare_url")
  product_before=$(count_rows "$db_url")
  for round in $(seq 1 "$ROUNDS"); do
    bench bare post 'POST /cases' post-bare "$BARE_BASE"
    bench product post 'POST /api/v1/cases' post-case "$BASE_URL"
  done
  BARE_POST_CHECK="$(( $(count_rows "$bare_url") - bare_before )) rows for $(requests_of bare post) answers"
  PRODUCT_POST_CHECK="$(( $(count_rows "$db_url") - product_before )) rows for $(requests_of product post) answers"
  # A POST run that answered but stored much less than it answered is not throughput.
  for check in "bare:$BARE_POST_CHECK" "product:$PRODUCT_POST_CHECK"; do
    read -r rows _ _ answers _ <<<"${check#*:}"
    [ "$rows" -ge $(( answers * 99 / 100 )) ] || warn "${check%%:*} POST stored $rows rows for $answers answers"
  done
fi
sleep 2
RSS_AFTER=$(rss_kib "$pid")
LOG_BYTES=$(( $(stat -c %s "$log") - LOG_BYTES_BEFORE ))
[ "$(identity)" = "$IDENTITY" ] || warn "PostgreSQL or Redis restarted during the run: figures are not valid"
if grep -q '"level":50\|"level":60' "$log"; then
  warn "the service logged $(grep -c '"level":50\|"level":60' "$log") errors; last: $(grep '"level":50\|"level":60' "$log" | tail -n 1 | cut -c1-300)"
fi

# ---- report ----------------------------------------------------------------------------------------
WALL=$(secs "$T0" "$(now)")
env WARMUP="$WARMUP" DURATION="$DURATION" ROUNDS="$ROUNDS" CORES="$(nproc)" BUSY="$BUSY" \
  CPU="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" BUILD="$build" \
  POOL="${POOL:-}" LOG_LEVEL_USED="$log_level" RAW_BASELINE_DIR="$RAW_BASELINE_DIR" RAW_WORK="$RAW_WORK" ROWS="$ROWS" \
  BARE_IDS="$(wc -l <"$work/bare-ids.txt")" PRODUCT_CASES="$PRODUCT_CASES" BULK_CASES="$BULK_CASES" \
  PRODUCT_ROWS="$PRODUCT_ROWS" SETUP_CONCURRENCY="$SETUP_CONCURRENCY" \
  BARE_POST_CHECK="$BARE_POST_CHECK" PRODUCT_POST_CHECK="$PRODUCT_POST_CHECK" LOG_BYTES="$LOG_BYTES" \
  PG_VERSION="$(psql -qAt "$PG_ADMIN_URL" -c 'SHOW server_version' | cut -d' ' -f1)" \
  REDIS_VERSION="$(redis-cli -u "$REDIS_URL" info server | tr -d '\r' | awk -F: '/^redis_version/ { print $2 }')" \
  WALL="$WALL" RSS_MIGRATION_BOOT="$RSS_MIGRATION_BOOT" RSS_START="$RSS_START" RSS_IDLE="$RSS_IDLE" RSS_PEAK="$RSS_PEAK" RSS_AFTER="$RSS_AFTER" \
  BARE_RSS_IDLE="$BARE_RSS_IDLE" BARE_RSS_PEAK="$BARE_RSS_PEAK" \
  node "$BENCH" report "$results" "$work/state.json" "$warnings" "$notes" "$work/others.txt" | tee "$RESULTS"
if [ "${PROFILE:-0}" = 1 ]; then
  # The profile is written when the service exits; it covers its whole life, setup included.
  stop_pid "$pid" "the service"
  pid=''
  echo
  node test/bench/referral-reminders.mjs profile "$work"/profile/*.cpuprofile | tee -a "$RESULTS"
  if [ -n "${PROFILE_KEEP:-}" ]; then
    mkdir -p "$PROFILE_KEEP" && cp "$work"/profile/*.cpuprofile "$PROFILE_KEEP"/
  fi
fi
echo
echo "written to $RESULTS" >&2
