#!/usr/bin/env bash
# The supervisor's queues at volume (issue 12, "Scale and speed"): a fresh database filled by the
# scale seed (CASES synthetic cases with their victims and referrals), then the built service
# under wrk, signed in as the supervisor of the agency with the most cases, on:
#   the default queue's first page (GET /cases?limit=50), a page DEPTH rows deep in the same order
#   (through a cursor built by SQL for the row at that depth), a filtered queue (the agency's most
#   frequent origin province + status open,in_assistance + overdue), the queue counts
#   (GET /queues), a name search (SEARCH_PATH) and the summary report (REPORT_PATH).
# Each endpoint is requested once first and must answer 2xx; the search and the report may answer
# 404 (not built yet), and are then reported "not available" instead of failing the run. Then
# each endpoint: WARMUP s unrecorded, DURATION s recorded (wrk -t2 -cCONNECTIONS --latency).
# Last, the service is started again with auto_explain on its connections (a pool of two) and each
# endpoint requested EXPLAIN_REQUESTS times: the EXPLAIN (ANALYZE, BUFFERS) plans of the
# statements it ran are cut out of the server log (PG_LOG) and written beside the report, and the
# report says whether each one reads cases through the expected index (cases_queue_*).
# Target: queue pages and counts p95 under 50 ms at a million cases, and within 2x of the figure
# at ten thousand (BASELINE=<the 10,000-case run's .jsonl> adds that column).
# Usage: npm run build && bash test/bench/queues-scale.sh
#   CASES (10000), DB (jejak_bench_queues), DEPTH (50000; capped to the agency's cases - 100),
#   CONNECTIONS (10), WARMUP (2), DURATION (10), ROUNDS (1: each endpoint's runs repeated, the
#   report takes medians), WRK_TIMEOUT (2, wrk's: a slower answer counts as failed), ENDPOINTS
#   (the runs to make, of first,deep,filtered,counts,search,report: all by default), SEARCH_PATH
#   (/api/v1/search/people?q=siti%20wulandari), REPORT_PATH (/api/v1/reports/summary?from=<a year
#   ago>&to=<today>), EXPLAIN_REQUESTS (6; 0 skips the plans), PG_LOG
#   (/var/log/postgresql/postgresql-15-main.log), LOG_LEVEL (unset: the service's default), POOL
#   (the service's DATABASE_POOL_SIZE; its default when unset), BASELINE, KEEP_DB=1 keeps the
#   database and its secrets (REUSE_DB=1 then skips the seed and measures it as it is),
#   PG_ADMIN_URL (a superuser: the seed owns the tables, and auto_explain is loaded per session),
#   REDIS_URL. SCREENS=1 also opens the supervisor's queue and dashboard in Chromium
#   (test/bench/supervisor-screens.mjs, SCREEN_RUNS times each, cold and warm) before the load,
#   and adds how soon each was usable to the report (issue 14: within 1 s at a million cases);
#   the built web app is needed (npm run build).
# Writes /tmp/jejak-queues-scale-<stamp>.md (the report), .jsonl (the recorded runs, for BASELINE)
# and -plans.txt (the plans).
set -euo pipefail
cd "$(dirname "$0")/../.."
T0=$(date +%s.%N)
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
CASES=${CASES:-10000}
DB=${DB:-jejak_bench_queues}
DEPTH=${DEPTH:-50000}
CONNECTIONS=${CONNECTIONS:-10}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-1}
WRK_TIMEOUT=${WRK_TIMEOUT:-2}
ENDPOINTS=${ENDPOINTS:-first,deep,filtered,counts,search,report}
SEARCH_PATH=${SEARCH_PATH:-/api/v1/search/people?q=siti%20wulandari}
REPORT_PATH=${REPORT_PATH:-/api/v1/reports/summary?from=$(date -u -d '365 days ago' +%F)&to=$(date -u +%F)}
EXPLAIN_REQUESTS=${EXPLAIN_REQUESTS:-6}
SCREEN_RUNS=${SCREEN_RUNS:-5}
PG_LOG=${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
MAIN=$PWD/dist/src/main.js
SEED=$PWD/dist/src/seed/seed-scale.js
source test/bench/shipped-node-flags.sh
source test/bench/bench-processes.sh
HELPER=$PWD/test/bench/queues-scale.mjs
LUA=$PWD/test/bench/queues-scale.lua
QUEUE_PREFIX=bench-queues-scale
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=/tmp/jejak-queues-scale-$STAMP.md
RESULTS_JSONL=/tmp/jejak-queues-scale-$STAMP.jsonl
PLANS=/tmp/jejak-queues-scale-$STAMP-plans.txt

for tool in wrk psql pg_isready node redis-cli curl openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk postgresql-client redis-tools)" >&2; exit 1; }
done
# The database is dropped and made again: never one that is not a bench's.
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ && "$DB" == *bench* ]] ||
  { echo "DB must be a plain lower-case name with 'bench' in it (it is dropped): got '$DB'" >&2; exit 1; }
[[ "$CASES" =~ ^[0-9]+$ && "$DEPTH" =~ ^[0-9]+$ && "$EXPLAIN_REQUESTS" =~ ^[0-9]+$ ]] ||
  { echo "CASES, DEPTH and EXPLAIN_REQUESTS must be whole numbers" >&2; exit 1; }
[ -f "$MAIN" ] && [ -f "$SEED" ] || { echo "build first: npm run build" >&2; exit 1; }
if [ -n "$(find src migrations -newer "$MAIN" -name '*.ts' -print -quit)" ]; then
  echo "WARN: sources are newer than $MAIN; run npm run build" >&2
fi
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

work=$(mktemp -d /tmp/jejak-queues-scale.XXXXXX)
log=$work/service.log
pid='' wrk_pid='' sink_pid='' password='' SECRETS_FILE=''
warnings=$work/warnings.txt
: >"$warnings"
warn() { echo "WARN: $*" >&2; echo "WARN: $*" >>"$warnings"; }
step() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
db_url=$(node -e "const u=new URL(process.argv[1]); u.pathname='/'+process.argv[2]; console.log(u.toString())" "$PG_ADMIN_URL" "$DB")
sql() { psql -qAt -v ON_ERROR_STOP=1 "$db_url" "$@"; }
# Two free loopback ports: the service's, and a loopback SMTP sink's. The seeded users have
# passwords already, but seeded referrals fall due and their reminders are sent: the sink accepts
# and discards them, so that they are sent once, not retried through the measured runs.
read -r PORT SMTP_PORT < <(node -e "
const net = require('net');
Promise.all([0, 1].map(() => new Promise((ok) => { const s = net.createServer().listen(0, '127.0.0.1', () => ok(s)); })))
  .then((servers) => { console.log(servers.map((s) => s.address().port).join(' ')); servers.forEach((s) => s.close()); });")
BASE_URL=http://127.0.0.1:$PORT

# Only the database this script owns is ever dropped, and only when it is this script's.
recreate_db() {
  PGOPTIONS="-c client_min_messages=warning" psql -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URL" \
    -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\"" >/dev/null
}
drop_db() {
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 ||
    echo "could not drop database $DB" >&2
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null || true
  stop_pid "$pid" "the service"
  stop_pid "$sink_pid" "the SMTP sink"
  if [ "${KEEP_DB:-0}" = 1 ]; then
    echo "kept database $DB (KEEP_DB=1; KEEP_DB=1 REUSE_DB=1 measures it again with $SECRETS_FILE)" >&2
  else
    drop_db
    [ -z "$SECRETS_FILE" ] || rm -f "$SECRETS_FILE"
  fi
  clear_queue_keys
  if [ "$status" -ne 0 ] && [ -s "$log" ]; then
    echo "---- service.log (last 40 lines) ----" >&2
    tail -n 40 "$log" >&2
    cp "$log" "/tmp/jejak-queues-scale-$STAMP-service.log" &&
      echo "the service's whole log: /tmp/jejak-queues-scale-$STAMP-service.log" >&2
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
echo "CPU busy before the run: ${BUSY}%" >&2
[ "$BUSY" -le 15 ] || warn "the machine was ${BUSY}% busy before the run (other processes): figures are low"

# ---- data ------------------------------------------------------------------------------------------
# A kept database is only readable with its secrets (the service checks DATA_KEY against what it
# encrypted): KEEP_DB=1 leaves them, with the seeded users' password, in a file only root reads.
SECRETS_FILE=/tmp/jejak-queues-scale-$DB.secrets
if [ "${REUSE_DB:-0}" = 1 ]; then
  step "reusing database $DB as it is (REUSE_DB=1): no seed"
  [ -r "$SECRETS_FILE" ] || { echo "REUSE_DB=1 needs $SECRETS_FILE, left by a run with KEEP_DB=1" >&2; exit 1; }
  source "$SECRETS_FILE"
  SEED_NOTE="reused database $DB (REUSE_DB=1)"
else
  APP_SECRET_VALUE=$(openssl rand -base64 48)
  DATA_KEY_VALUE=$(openssl rand -base64 32)
  step "fresh $DB, filled by the scale seed with $CASES cases"
  recreate_db
  t=$(now)
  # The seed reads only DATABASE_URL; the secrets are the service's, given alike for the record.
  if ! env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$db_url" APP_SECRET="$APP_SECRET_VALUE" \
    DATA_KEY="$DATA_KEY_VALUE" node "$SEED" --cases "$CASES" >"$work/seed.out" 2>"$work/seed.err"; then
    tail -n 20 "$work/seed.err" >&2
    echo "the scale seed failed" >&2
    exit 1
  fi
  tail -n 3 "$work/seed.err" >&2
  password=$(sed -n 's/^Password of the users created .*: \(.*\)$/\1/p' "$work/seed.out")
  [ -n "$password" ] || { cat "$work/seed.out" >&2; echo "the seed printed no password" >&2; exit 1; }
  (umask 077 && printf 'APP_SECRET_VALUE=%q\nDATA_KEY_VALUE=%q\npassword=%q\n' \
    "$APP_SECRET_VALUE" "$DATA_KEY_VALUE" "$password" >"$SECRETS_FILE")
  SEED_NOTE="$(head -1 "$work/seed.out" | sed 's/\.$//') by \`node dist/src/seed/seed-scale.js --cases $CASES\` ($(secs "$t" "$(now)") s with its migrations)"
fi
clear_queue_keys
# The seed analyses the tables it writes; the migrations' tables (regions, countries) and the
# rest get their statistics here too, since autovacuum may be off.
t=$(now)
sql -c 'VACUUM ANALYZE'
echo "VACUUM ANALYZE of the whole database in $(secs "$t" "$(now)") s" >&2
[ "$(sql -c "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('cases', 'victims', 'referrals')
  AND last_analyze IS NULL AND last_autoanalyze IS NULL")" = 0 ] || { echo "cases, victims or referrals not analysed" >&2; exit 1; }

read -r AGENCY_ID AGENCY_CASES AGENCY_NAME < <(sql -F ' ' -c "SELECT c.owning_agency_id, count(*), a.short_name
  FROM cases c JOIN agencies a ON a.id = c.owning_agency_id
  GROUP BY c.owning_agency_id, a.short_name ORDER BY count(*) DESC, c.owning_agency_id LIMIT 1")
[ -n "${AGENCY_ID:-}" ] || { echo "the database has no cases" >&2; exit 1; }
SUPERVISOR_EMAIL=$(sql -c "SELECT email FROM users WHERE agency_id = '$AGENCY_ID' AND role = 'supervisor'
  AND password_hash IS NOT NULL ORDER BY email LIMIT 1")
[ -n "$SUPERVISOR_EMAIL" ] || { echo "agency $AGENCY_NAME has no supervisor with a password" >&2; exit 1; }
read -r TOTAL_CASES TOTAL_VICTIMS TOTAL_REFERRALS < <(sql -F ' ' -c "SELECT (SELECT count(*) FROM cases),
  (SELECT count(*) FROM victims), (SELECT count(*) FROM referrals)")
SIZE_NOTE="$TOTAL_CASES cases, $TOTAL_VICTIMS victims, $TOTAL_REFERRALS referrals; the caller's agency ($AGENCY_NAME) owns $AGENCY_CASES cases"
echo "$SIZE_NOTE" >&2

# The agency's most frequent origin province (origin_region_codes holds every ancestor's code).
PROVINCE=$(sql -c "SELECT code FROM cases c, unnest(c.origin_region_codes) AS code
  WHERE c.owning_agency_id = '$AGENCY_ID' AND length(code) = 2
  GROUP BY code ORDER BY count(*) DESC, code LIMIT 1")
[ -n "$PROVINCE" ] || { echo "no origin province among the agency's cases" >&2; exit 1; }
FILTERED_ROWS=$(sql -c "SELECT count(*) FROM cases c WHERE c.owning_agency_id = '$AGENCY_ID'
  AND c.origin_region_codes @> ARRAY['$PROVINCE'] AND c.status IN ('open', 'in_assistance')
  AND coalesce(c.next_due_at, 'infinity'::timestamptz) < now()")
FILTERED_NOTE="$FILTERED_ROWS matching cases"
[ "$FILTERED_ROWS" -gt 0 ] || warn "the filtered queue is empty: it measures an empty page"

# The deep page: the cursor of the row just before DEPTH in the default order (priority rank,
# then created_at, then id, as case-queue-query.ts orders and encodes it), so that the page
# starts at row DEPTH (counted from 0) of the caller's queue.
DEPTH_USED=$DEPTH
[ $(( AGENCY_CASES - 100 )) -ge "$DEPTH" ] || DEPTH_USED=$(( AGENCY_CASES - 100 ))
[ "$DEPTH_USED" -ge 1 ] || DEPTH_USED=1
DEPTH_NOTE="$DEPTH_USED rows deep in the default order"
[ "$DEPTH_USED" = "$DEPTH" ] || DEPTH_NOTE="$DEPTH_NOTE (DEPTH $DEPTH capped to the agency's $AGENCY_CASES cases - 100)"
order="case_priority_rank(c.priority), c.created_at, c.id"
position=$(sql -c "SELECT json_build_array('priority', case_priority_rank(c.priority)::text,
    to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), c.id::text)
  FROM cases c WHERE c.owning_agency_id = '$AGENCY_ID' ORDER BY $order OFFSET $(( DEPTH_USED - 1 )) LIMIT 1")
DEEP_CURSOR=$(node "$HELPER" cursor "$position")
DEEP_FIRST_ID=$(sql -c "SELECT c.id FROM cases c WHERE c.owning_agency_id = '$AGENCY_ID'
  ORDER BY $order OFFSET $DEPTH_USED LIMIT 1")

# ---- the service -----------------------------------------------------------------------------------
service_env=()
[ -z "${LOG_LEVEL:-}" ] || service_env=(LOG_LEVEL="$LOG_LEVEL")
# Starts the built service in the background (its pid in $pid) on DATABASE_URL $1, with further
# VAR=value settings after it, and waits until it is healthy.
start_service() {
  local database_url=$1; shift
  local started; started=$(date +%s)
  env -i PATH="$PATH" HOME="$HOME" "${service_env[@]}" "$@" \
    PORT="$PORT" DATA_DIR="$work/data" \
    DATABASE_URL="$database_url" REDIS_URL="$REDIS_URL" QUEUE_PREFIX="$QUEUE_PREFIX" \
    SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" PUBLIC_BASE_URL="$BASE_URL" \
    APP_SECRET="$APP_SECRET_VALUE" DATA_KEY="$DATA_KEY_VALUE" \
    node "${SHIPPED_NODE_FLAGS[@]}" "$MAIN" >>"$log" 2>&1 &
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
sign_in() {
  local body
  body=$(node -e 'console.log(JSON.stringify({ email: process.argv[1], password: process.argv[2] }))' \
    "$SUPERVISOR_EMAIL" "$password")
  curl -s -m 30 -X POST -H 'content-type: application/json' --data "$body" \
    -o "$work/login.json" -w '%{http_code}' "$BASE_URL/api/v1/auth/login" >"$work/login.status" || true
  [ "$(cat "$work/login.status")" = 200 ] ||
    { echo "sign-in as $SUPERVISOR_EMAIL answered $(cat "$work/login.status"): $(head -c 300 "$work/login.json")" >&2; exit 1; }
  node -e "const r = JSON.parse(require('fs').readFileSync('$work/login.json', 'utf8'));
    if (r.user?.role !== 'supervisor' || !r.accessToken) { console.error('signed in as ' + r.user?.role); process.exit(1); }
    console.log(r.accessToken)"
}
pool_env=()
[ -z "${POOL:-}" ] || pool_env=(DATABASE_POOL_SIZE="$POOL")
node "$HELPER" sink "$SMTP_PORT" >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break; sleep 0.1; done
kill -0 "$sink_pid" 2>/dev/null || { cat "$work/sink.log" >&2; echo "the SMTP sink did not start" >&2; exit 1; }
step "the built service on port $PORT (LOG_LEVEL $log_level), signed in as $SUPERVISOR_EMAIL"
IDENTITY=$(identity)
start_service "$db_url" "${pool_env[@]}"
TOKEN=$(sign_in)

# ---- endpoints and their smoke requests ------------------------------------------------------------
# key, label, path, expected index prefix of its plan's scans of cases, counts toward the target
endpoint_defs=$work/endpoint-defs.tsv
{
  printf 'first\tGET /cases?limit=50 (first page)\t/api/v1/cases?limit=50\tcases_queue_priority_idx\tyes\n'
  printf 'deep\tGET /cases?limit=50&cursor= (%s rows deep)\t/api/v1/cases?limit=50&cursor=%s\tcases_queue_priority_idx\tyes\n' "$DEPTH_USED" "$DEEP_CURSOR"
  printf 'filtered\tGET /cases?originRegion=%s&status=open,in_assistance&overdue=true&limit=50\t/api/v1/cases?originRegion=%s&status=open,in_assistance&overdue=true&limit=50\tcases_queue_\tyes\n' "$PROVINCE" "$PROVINCE"
  printf 'counts\tGET /queues (counts)\t/api/v1/queues\tcases_queue_\tyes\n'
  printf 'search\tGET %s (name search)\t%s\t-\tno\n' "${SEARCH_PATH%%\?*}" "$SEARCH_PATH"
  printf 'report\tGET %s (summary report)\t%s\t-\tno\n' "${REPORT_PATH%%\?*}" "$REPORT_PATH"
} >"$endpoint_defs"
wanted() { [[ ",$ENDPOINTS," == *",$1,"* ]]; }
get() { # path, body file: prints the status
  curl -s -m 60 -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' \
    -o "$2" -w '%{http_code}' "$BASE_URL$1" || echo 000
}
endpoints=$work/endpoints.tsv # as the defs, with status and smoke size in place of the last two
: >"$endpoints"
step "smoke: each endpoint once"
while IFS=$'\t' read -r key label path expected target; do
  if ! wanted "$key"; then
    printf '%s\t%s\t%s\tnot measured (ENDPOINTS)\t0\t%s\t%s\n' "$key" "$label" "$path" "$target" "$expected" >>"$endpoints"
    continue
  fi
  status=$(get "$path" "$work/smoke-$key.json")
  bytes=$(stat -c %s "$work/smoke-$key.json")
  case "$status" in
    2??) ;;
    404)
      if [ "$key" = search ] || [ "$key" = report ]; then
        echo "  $label: 404, not available (reported, not measured)" >&2
        printf '%s\t%s\t%s\tnot available (404)\t0\t%s\t%s\n' "$key" "$label" "$path" "$target" "$expected" >>"$endpoints"
        continue
      fi
      echo "smoke: $label answered 404: $(head -c 300 "$work/smoke-$key.json")" >&2; exit 1 ;;
    *) echo "smoke: $label answered $status: $(head -c 300 "$work/smoke-$key.json")" >&2; exit 1 ;;
  esac
  # The queue pages' contents, so that a wrong cursor or filter never passes for a fast page.
  check=$(node -e "
    const [key, file, deepFirst, agency, agencyCases, filteredRows] = process.argv.slice(1);
    const fail = (message) => { console.error(message); process.exit(1); };
    const body = JSON.parse(require('fs').readFileSync(file, 'utf8'));
    const items = body.items ?? body.data ?? [];
    if (key === 'first' && items.length !== Math.min(50, Number(agencyCases))) fail('first page of ' + items.length + ' rows');
    if (key === 'deep' && items[0]?.id !== deepFirst) fail('the deep page starts at ' + items[0]?.id + ', not at ' + deepFirst);
    if (['first', 'deep', 'filtered'].includes(key) && items.some((i) => i.owningAgencyId !== agency)) fail('a row of another agency');
    // A referral may fall due between the count and this request: a row or two more is fine.
    if (key === 'filtered' && Math.abs(items.length - Math.min(50, Number(filteredRows))) > 2) fail('filtered page of ' + items.length + ' rows, ' + filteredRows + ' match');
    if (key === 'filtered' && items.some((i) => !['open', 'in_assistance'].includes(i.status) || !(Date.parse(i.nextDueAt) < Date.now()))) fail('a filtered row that is not open or not overdue');
    console.log(Array.isArray(items) ? items.length + ' items' : 'answered');
  " "$key" "$work/smoke-$key.json" "$DEEP_FIRST_ID" "$AGENCY_ID" "$AGENCY_CASES" "$FILTERED_ROWS" 2>&1) ||
    { echo "smoke: $label: $check" >&2; exit 1; }
  echo "  $label: $status, $bytes B, $check" >&2
  printf '%s\t%s\t%s\tok\t%s\t%s\t%s\n' "$key" "$label" "$path" "$bytes" "$target" "$expected" >>"$endpoints"
done <"$endpoint_defs"
kill -0 "$pid" 2>/dev/null || { echo "the service died" >&2; exit 1; }

# ---- load ------------------------------------------------------------------------------------------
results=$work/results.jsonl
: >"$results"; : >"$work/others.txt"
CLK_TCK=$(getconf CLK_TCK)
# The machine is shared: CPU ticks of every process but the service, PostgreSQL, Redis and wrk,
# as "pid ticks" lines, to tell how much of a run other work took.
other_ticks() {
  # A process may end between the glob and its read: cat then fails, and pipefail would end the run.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v a="$pid" '{
    lp = index($0, "("); rp = 0
    for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { rp = i; break }
    comm = substr($0, lp + 1, rp - lp - 1)
    if ($1 == a || comm == "postgres" || comm == "redis-server" || comm == "wrk") next
    split(substr($0, rp + 2), f, " ")
    print $1, f[12] + f[13]
  }'
}
# Ticks spent between two other_ticks snapshots: a process that ended meanwhile takes its whole
# count with it (a total would then drop), so each process counts from its first sight; one that
# ended is missed, as are short-lived ones.
ticks_between() {
  awk 'NR == FNR { before[$1] = $2; next } { sum += $2 - ($1 in before ? before[$1] : 0) }
       END { printf "%d", sum }' "$1" "$2"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# wrk stops at the deadline, but the service still works through what it had queued: the next
# run must not start on that backlog.
drain() { # what: wait until the service and its database are idle, DRAIN_MAX s (60) at most
  local t0 a b active
  t0=$(date +%s)
  while :; do
    a=$(cpu_ticks "$pid"); sleep 0.5; b=$(cpu_ticks "$pid")
    active=$(sql -c "SELECT count(*) FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
    [ $(( b - a )) -le 5 ] && [ "$active" -eq 0 ] && return 0
    if [ $(( $(date +%s) - t0 )) -ge "${DRAIN_MAX:-60}" ]; then
      warn "$1: still busy ${DRAIN_MAX:-60} s after the run ($active queries running); the next run shares the machine with it"
      return 0
    fi
  done
}
run_wrk() { # wait for wrk, failing the run when it fails
  wait "$wrk_pid" || { wrk_pid=''; echo "wrk failed" >&2; exit 1; }
  wrk_pid=''
}
bench() { # key, label, path, round
  local key=$1 label=$2 path=$3 round=$4
  step "wrk: $label$([ "$ROUNDS" -le 1 ] || echo " (round $round of $ROUNDS)")"
  local common=(TOKEN="$TOKEN" KEY="$key" LABEL="$label" ROUND="$round")
  env "${common[@]}" RESULT_FILE=/dev/null \
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "${WRK_TIMEOUT}s" -s "$LUA" "$BASE_URL$path" >/dev/null &
  wrk_pid=$!
  run_wrk
  drain "$label (warm-up)"
  other_ticks >"$work/others-before.txt"
  env "${common[@]}" RESULT_FILE="$results" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout "${WRK_TIMEOUT}s" --latency -s "$LUA" "$BASE_URL$path" >"$work/wrk-$key-$round.txt" &
  wrk_pid=$!
  run_wrk
  other_ticks >"$work/others-after.txt"
  echo "$key $round $(( $(ticks_between "$work/others-before.txt" "$work/others-after.txt") * 100 / (DURATION * CLK_TCK * $(nproc)) ))" >>"$work/others.txt"
  kill -0 "$pid" 2>/dev/null || { echo "the service died under load" >&2; exit 1; }
  drain "$label"
  tail -n 1 "$results" | node -e "const r=JSON.parse(require('fs').readFileSync(0,'utf8'));
    console.error('  ' + r.rps.toFixed(0) + ' req/s, p50 ' + r.p50.toFixed(2) + ' ms, p95 ' + r.p95.toFixed(2) + ' ms, p99 ' + r.p99.toFixed(2) + ' ms')"
}
# Reminders of the seeded referrals that fell due are sent as the service starts: not during a run.
DRAIN_MAX=${DRAIN_MAX:-60} drain "the service's start-up work"
SCREENS_REPORT=''
if [ "${SCREENS:-0}" = 1 ]; then
  step "the supervisor's screens in Chromium ($SCREEN_RUNS runs each)"
  SCREENS_REPORT=$work/screens.md
  node test/bench/supervisor-screens.mjs "$BASE_URL" "$SUPERVISOR_EMAIL" "$password" "$SCREEN_RUNS" \
    >"$SCREENS_REPORT"
  cat "$SCREENS_REPORT" >&2
  drain "the screens"
fi
for round in $(seq 1 "$ROUNDS"); do
  while IFS=$'\t' read -r key label path status _; do
    [ "$status" = ok ] && bench "$key" "$label" "$path" "$round"
  done <"$endpoints"
done
if grep -q '"level":50\|"level":60' "$log"; then
  warn "the service logged $(grep -c '"level":50\|"level":60' "$log") errors; last: $(grep '"level":50\|"level":60' "$log" | tail -n 1 | cut -c1-300)"
fi
stop_pid "$pid" "the service"
pid=''

# ---- plans -----------------------------------------------------------------------------------------
PLANS_NOTE="not captured (EXPLAIN_REQUESTS=0)"
verdicts=-
if [ "$EXPLAIN_REQUESTS" -gt 0 ]; then
  if [ ! -r "$PG_LOG" ]; then
    warn "cannot read the PostgreSQL log $PG_LOG (set PG_LOG): no plans"
    PLANS_NOTE="not captured: $PG_LOG is not readable"
  else
    step "plans: the service again, with auto_explain on a pool of two connections (the least it takes)"
    # node-pg reads libpq's `options` from the URL; session_preload_libraries needs a superuser.
    explain_url="$db_url?options=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' -- \
      '-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_timing=on')"
    start_service "$explain_url" DATABASE_POOL_SIZE=2
    TOKEN=$(sign_in)
    slices=$work/slices.tsv
    : >"$slices"
    while IFS=$'\t' read -r key label path status _ _ expected; do
      [ "$status" = ok ] || continue
      from=$(stat -c %s "$PG_LOG")
      for _ in $(seq 1 "$EXPLAIN_REQUESTS"); do
        code=$(get "$path" /dev/null)
        case "$code" in 2??) ;; *) warn "plans: $label answered $code" ;; esac
      done
      sleep 0.5 # the log is written by the backend before it answers; a margin all the same
      to=$(stat -c %s "$PG_LOG")
      tail -c +$(( from + 1 )) "$PG_LOG" | head -c $(( to - from )) >"$work/log-$key.txt"
      printf '%s\t%s\t%s\t%s\n' "$key" "$label" "$expected" "$work/log-$key.txt" >>"$slices"
    done <"$endpoints"
    stop_pid "$pid" "the service"
    pid=''
    verdicts=$work/verdicts.jsonl
    DB="$DB" EXPLAIN_REQUESTS="$EXPLAIN_REQUESTS" SIZE_NOTE="$SIZE_NOTE" \
      node "$HELPER" plans "$slices" "$PLANS" "$verdicts"
    PLANS_NOTE="EXPLAIN (ANALYZE, BUFFERS) of every statement each endpoint ran (auto_explain, $EXPLAIN_REQUESTS requests each, one at a time, on a pool of two connections) in $PLANS; the table's plan column is the last execution's"
    [ -s "$verdicts" ] || warn "no plan was found in $PG_LOG"
  fi
fi
stop_pid "$sink_pid" "the SMTP sink"
sink_pid=''
MAIL_NOTE="the loopback SMTP sink received $(grep -o '^[0-9]* messages' "$work/sink.log" || echo 'an unknown number of messages') (reminders of seeded referrals that fell due)"
[ "$(identity)" = "$IDENTITY" ] || warn "PostgreSQL or Redis restarted during the run: figures are not valid"

# ---- report ----------------------------------------------------------------------------------------
cp "$results" "$RESULTS_JSONL"
WALL=$(secs "$T0" "$(now)")
env CASES="$CASES" WARMUP="$WARMUP" DURATION="$DURATION" ROUNDS="$ROUNDS" CONNECTIONS="$CONNECTIONS" \
  WRK_TIMEOUT="$WRK_TIMEOUT" CORES="$(nproc)" BUSY="$BUSY" CPU="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
  BUILD="$build" LOG_LEVEL_USED="$log_level" POOL_USED="${POOL:-10 (default)}" \
  NODE_FLAGS="${SHIPPED_NODE_FLAGS[*]:-no flags}" SIZE_NOTE="$SIZE_NOTE" SEED_NOTE="$SEED_NOTE" \
  CALLER_NOTE="$SUPERVISOR_EMAIL, agency $AGENCY_NAME" DEPTH_NOTE="$DEPTH_NOTE" PROVINCE="$PROVINCE" \
  FILTERED_NOTE="$FILTERED_NOTE" MAIL_NOTE="$MAIL_NOTE" PLANS_NOTE="$PLANS_NOTE" BASELINE="${BASELINE:-}" \
  PG_VERSION="$(psql -qAt "$PG_ADMIN_URL" -c 'SHOW server_version' | cut -d' ' -f1)" \
  REDIS_VERSION="$(redis-cli -u "$REDIS_URL" info server | tr -d '\r' | awk -F: '/^redis_version/ { print $2 }')" \
  WALL="$WALL" \
  node "$HELPER" report "$results" "$endpoints" "$verdicts" "$warnings" "$work/others.txt" | tee "$RESULTS"
[ -z "$SCREENS_REPORT" ] || { echo; cat "$SCREENS_REPORT"; } | tee -a "$RESULTS"
echo
echo "written to $RESULTS (runs: $RESULTS_JSONL$([ -f "$PLANS" ] && echo ", plans: $PLANS"))" >&2
