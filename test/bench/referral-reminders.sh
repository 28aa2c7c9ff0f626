#!/usr/bin/env bash
# Referral reminders falling due at once, on the built service, local PostgreSQL and Redis, fresh
# database: REFERRALS open referrals, each owing an overdue reminder by email and by webhook, all
# due at the same instant while the service (APP_ROLE=all) is already running. Measured from that
# instant until the SMTP sink and the webhook receiver (loopback peers in referral-reminders.mjs)
# have counted every message and every row is 'delivered' in PostgreSQL:
#   time to deliver all, deliveries/s overall and per channel, delivery lateness, duplicates at
#   the receivers, peak Redis memory, PostgreSQL memory (RSS and PSS of its processes) and database
#   size, the service's RSS, and the CPU share of the service, PostgreSQL, Redis and the peers.
# Rows are bulk-loaded with SQL (generate_series); the database is VACUUM ANALYZEd before the
# due instant (autovacuum may be off). Each delivered overdue reminder schedules the next one a
# working day later: those rows stay pending and are not counted.
# Usage: npm run build && bash test/bench/referral-reminders.sh
#   REFERRALS (100000), CONCURRENCY (NOTIFICATION_CONCURRENCY, 20), TIMEOUT (1800 s for the
#   delivery), CASES (200, cases the referrals hang off), LEAD_SECONDS (time between the start of
#   the load and the due instant; default grows with REFERRALS), PG_ADMIN_URL, REDIS_URL;
#   POOL sets the service's DATABASE_POOL_SIZE (its own default when unset); DESTINATION_CONCURRENCY
#   its NOTIFICATION_DESTINATION_CONCURRENCY (its default, a fifth of CONCURRENCY, when unset),
#   SMTP_CONCURRENCY its NOTIFICATION_SMTP_CONCURRENCY (half of CONCURRENCY); STALL_SECONDS (120)
#   ends the run early, describing the service's database connections, when no message arrives
#   for that long; PROFILE=1 runs the service under `node --cpu-prof` and prints where its CPU
#   time went (PROFILE_KEEP=dir keeps the .cpuprofile files, to open in Chrome's DevTools).
#   HUNG (0) > 0 adds a second receiving agency whose webhook receiver (its own port in the .mjs)
#   accepts connections and never answers, and HUNG more overdue referrals to it, each owing an
#   email (to hung@bench.example, on the same SMTP sink) and a webhook: the run then ends when
#   every message not to the hanging receiver is in and 'delivered', without waiting for that
#   agency's webhooks, and reports what the hanging receiver got and where its rows stand (held,
#   sending...). Compare deliveries/s with a HUNG=0 run: the issue asks for the others to go out
#   within 20 % of the normal rate while one receiver hangs.
#   Passed to the service when set: BREAKER_FAILURES (NOTIFICATION_BREAKER_FAILURES, 5),
#   BREAKER_COOL_DOWN (NOTIFICATION_BREAKER_COOL_DOWN_SECONDS, 30) and REQUEUE_SECONDS
#   (NOTIFICATION_REQUEUE_SECONDS, 300; webhooks time out after min(10 s, half of it)).
#   CHANNELS (both) email: each referral owes an email reminder only (one-channel reminders; the
#   HUNG agency's rows keep both channels).
#   WORKERS (0) more processes with APP_ROLE=worker on the same database and queue share the
#   deliveries (1 vs 2 workers: WORKERS=1); their CPU counts as the service's, RSS is the first's.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
REFERRALS=${REFERRALS:-100000}
CONCURRENCY=${CONCURRENCY:-20}
TIMEOUT=${TIMEOUT:-1800}
CASES=${CASES:-200}
LEAD_SECONDS=${LEAD_SECONDS:-$(( 20 + REFERRALS / 2500 ))}
HUNG=${HUNG:-0}
WORKERS=${WORKERS:-0}
CHANNELS=${CHANNELS:-both}
case $CHANNELS in both | email) ;; *) echo "CHANNELS must be both or email, not '$CHANNELS'" >&2; exit 1 ;; esac
# Used in shell arithmetic and as a psql variable in the load.
[[ $HUNG =~ ^[0-9]+$ ]] || { echo "HUNG must be a whole number, not '$HUNG'" >&2; exit 1; }
[[ $WORKERS =~ ^[0-9]+$ ]] || { echo "WORKERS must be a whole number, not '$WORKERS'" >&2; exit 1; }
MAIN=$PWD/dist/src/main.js
source test/bench/shipped-node-flags.sh
source test/bench/bench-processes.sh
BENCH=$PWD/test/bench/referral-reminders.mjs
DB=jejak_bench_reminders
QUEUE_PREFIX=bench-reminders
[ -f "$MAIN" ] || { echo "build first: npm run build" >&2; exit 1; }
if [ -n "$(find src migrations -newer "$MAIN" -name '*.ts' -print -quit)" ]; then
  echo "warning: sources are newer than $MAIN; run npm run build" >&2
fi
for tool in psql redis-cli curl openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

# What is being measured, noted before the service loads it (dist/ may be rebuilt meanwhile).
build="dist/src/main.js built $(date -u -r "$MAIN" '+%F %T') UTC"
if commit=$(git rev-parse --short HEAD 2>/dev/null); then
  build="$build; HEAD $commit"
  if [ -n "$(git status --porcelain -- src migrations 2>/dev/null)" ]; then
    build="$build with local changes in src/migrations"
  fi
fi

work=$(mktemp -d)
log=$work/service.log
pid=
worker_pids=()
driver=
started=$(date +%s)

db_url=$(node -e "const u=new URL(process.argv[1]); u.pathname='/$DB'; console.log(u.toString())" "$PG_ADMIN_URL")
# Free ports at once (service, SMTP sink, webhook receiver, and with HUNG the hanging receiver:
# a port of its own, so that it is a destination of its own for the service's cap and breaker).
ports=3
[ "$HUNG" -gt 0 ] && ports=4
read -r PORT SMTP_PORT HOOK_PORT HUNG_PORT < <(node -e "
const net = require('net');
Promise.all(Array.from({ length: Number(process.argv[1]) }, () => new Promise((ok) => { const s = net.createServer().listen(0, '127.0.0.1', () => ok(s)); })))
  .then((servers) => { console.log(servers.map((s) => s.address().port).join(' ')); servers.forEach((s) => s.close()); });" "$ports")
BASE_URL=http://127.0.0.1:$PORT
HOOK_URL=http://127.0.0.1:$HOOK_PORT/agencies/lbh-bench
HUNG_URL=${HUNG_PORT:+http://127.0.0.1:$HUNG_PORT/agencies/hung-bench}
APP_SECRET=$(openssl rand -base64 48)



cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$driver" "the bench driver" 5
  for p in "${worker_pids[@]}"; do stop_pid "$p" "a worker" 15; done
  stop_pid "$pid" "the service" 15
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

now_ms() { date +%s%3N; }

PGOPTIONS="-c client_min_messages=warning" psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
clear_queue_keys

# The optional settings, for the service and (as text) for the report's header.
service_env=()
[ -n "${POOL:-}" ] && service_env=(DATABASE_POOL_SIZE="$POOL")
[ -n "${DESTINATION_CONCURRENCY:-}" ] && service_env+=(NOTIFICATION_DESTINATION_CONCURRENCY="$DESTINATION_CONCURRENCY")
[ -n "${SMTP_CONCURRENCY:-}" ] && service_env+=(NOTIFICATION_SMTP_CONCURRENCY="$SMTP_CONCURRENCY")
[ -n "${BREAKER_FAILURES:-}" ] && service_env+=(NOTIFICATION_BREAKER_FAILURES="$BREAKER_FAILURES")
[ -n "${BREAKER_COOL_DOWN:-}" ] && service_env+=(NOTIFICATION_BREAKER_COOL_DOWN_SECONDS="$BREAKER_COOL_DOWN")
[ -n "${REQUEUE_SECONDS:-}" ] && service_env+=(NOTIFICATION_REQUEUE_SECONDS="$REQUEUE_SECONDS")
settings=$(printf ', %s' "${service_env[@]}")
[ "${#service_env[@]}" -gt 0 ] || settings=
echo "starting the service on port $PORT (database $DB, NOTIFICATION_CONCURRENCY=$CONCURRENCY$settings)" >&2
node_flags=()
[ "${PROFILE:-0}" = 1 ] && node_flags=(--cpu-prof --cpu-prof-dir="$work/profile")
DATA_KEY=$(openssl rand -base64 32)
start_service() { # role, log file
  env -i PATH="$PATH" HOME="$HOME" \
    APP_ROLE="$1" PORT="$PORT" LOG_LEVEL=warn DATA_DIR="$work/data" \
    DATABASE_URL="$db_url" REDIS_URL="$REDIS_URL" QUEUE_PREFIX="$QUEUE_PREFIX" \
    SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" PUBLIC_BASE_URL="$BASE_URL" \
    APP_SECRET="$APP_SECRET" DATA_KEY="$DATA_KEY" MIGRATIONS_RUN="$([ "$1" = worker ] && echo false || echo true)" \
    NOTIFICATION_SWEEP_SECONDS=1 NOTIFICATION_CONCURRENCY="$CONCURRENCY" "${service_env[@]}" \
    node "${SHIPPED_NODE_FLAGS[@]}" "${node_flags[@]}" "$MAIN" >"$2" 2>&1 &
}
start_service all "$log"
pid=$!

deadline=$(( $(date +%s) + 180 ))
until curl -sf -m 5 "$BASE_URL/health" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "the service died while starting" >&2; exit 1; }
  [ "$(date +%s)" -lt "$deadline" ] || { echo "no healthy /health within 180 s" >&2; exit 1; }
  sleep 0.2
done
echo "healthy (migrations applied) after $(( $(date +%s) - started )) s" >&2
# More worker processes (APP_ROLE=worker) on the same database and queue, sharing the deliveries.
for i in $(seq 1 "$WORKERS"); do
  start_service worker "$work/worker-$i.log"
  worker_pids+=("$!")
done
for i in $(seq 1 "$WORKERS"); do
  deadline=$(( $(date +%s) + 60 ))
  until grep -q 'Jejak is running' "$work/worker-$i.log" 2>/dev/null; do
    kill -0 "${worker_pids[$((i - 1))]}" 2>/dev/null || { echo "worker $i died while starting" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "worker $i not running within 60 s" >&2; exit 1; }
    sleep 0.2
  done
done
[ "$WORKERS" -gt 0 ] && echo "$WORKERS more worker process(es) running" >&2

# ---- bulk load -----------------------------------------------------------------------------------
# Everything is due at DUE_MS; the service is running meanwhile and must find nothing due before.
load_start=$(now_ms)
DUE_MS=$(( load_start + LEAD_SECONDS * 1000 ))
REFERRING=b0000000-0000-4000-8000-000000000001
RECEIVING=b0000000-0000-4000-8000-000000000002
USER_ID=b0000000-0000-4000-8000-000000000003
HUNG_AGENCY=b0000000-0000-4000-8000-000000000004
hung_note=
[ "$HUNG" -gt 0 ] && hung_note=" (and $HUNG to the agency with the hanging receiver)"
per_referral=2
[ "$CHANNELS" = email ] && per_referral=1
echo "loading $REFERRALS referrals$hung_note, $(( per_referral * REFERRALS + 2 * HUNG )) notifications due at $(date -u -d "@$(( DUE_MS / 1000 ))" +%T) UTC (in $LEAD_SECONDS s)" >&2
timeout 900 psql "$db_url" -q -v ON_ERROR_STOP=1 -v n="$REFERRALS" -v cases="$CASES" \
  -v due_ms="$DUE_MS" -v hook_url="$HOOK_URL" -v hung="$HUNG" -v hung_url="$HUNG_URL" \
  -v referring="$REFERRING" -v receiving="$RECEIVING" -v hung_agency="$HUNG_AGENCY" \
  -v user_id="$USER_ID" -v channels="$CHANNELS" <<'SQL'
BEGIN;
SELECT to_timestamp(:due_ms / 1000.0) AS due \gset
INSERT INTO agencies (id, name, short_name, type, level, case_prefix)
VALUES (:'referring', 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan (bench)',
        'Disnakertrans bench', 'disnakertrans', 'regency', 'BNCH');
INSERT INTO agencies (id, name, short_name, type, level, contact_emails, webhook_url, preferred_language)
VALUES (:'receiving', 'Lembaga Bantuan Hukum Bandar Lampung (bench)', 'LBH bench', 'legal_aid',
        'regency', '{lbh@bench.example}', :'hook_url', 'id');
-- With HUNG, a second receiving agency whose webhook receiver never answers.
INSERT INTO agencies (id, name, short_name, type, level, contact_emails, webhook_url, preferred_language)
SELECT :'hung_agency', 'Lembaga Bantuan Hukum Metro (bench, hanging receiver)', 'LBH bench hung',
       'legal_aid', 'regency', '{hung@bench.example}', :'hung_url', 'id'
WHERE :hung > 0;
INSERT INTO users (id, email, full_name, role, agency_id)
VALUES (:'user_id', 'caseworker@bench.example', 'Bench Caseworker', 'caseworker', :'referring');
INSERT INTO cases (case_number, owning_agency_id, title, summary, incident_type, reported_date, source,
                   priority, suggested_priority, status, created_by)
SELECT 'BNCH-2025-' || lpad(g::text, 6, '0'), :'referring', 'Bench case ' || g,
       'Benchmark: workers held in a scam compound.', 'trafficking', date '2025-01-15', 'hotline',
       'high', 'high', 'in_assistance', :'user_id'
FROM generate_series(1, :cases) AS g;
-- Sent ten days before the due instant, acknowledgement and completion deadlines long past; the
-- HUNG referrals after the n others go to the agency with the hanging receiver.
INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status, reason,
                       request, consent, consent_recorded_at, consent_recorded_by, shared_fields,
                       acknowledge_due_at, due_at, sent_at, sent_by, created_by, created_at, updated_at)
SELECT c.ids[1 + g % :cases], :'referring',
       (CASE WHEN g < :n THEN :'receiving' ELSE :'hung_agency' END)::uuid, 'legal_aid', 'normal', 'sent',
       'Victim needs legal counsel for the restitution claim.',
       'Please assign counsel and confirm the first meeting.', 'victim',
       :'due'::timestamptz - interval '10 days', :'user_id', '{full_name,age}',
       :'due'::timestamptz - interval '8 days', :'due'::timestamptz - interval '1 day',
       :'due'::timestamptz - interval '10 days', :'user_id', :'user_id',
       :'due'::timestamptz - interval '10 days', :'due'::timestamptz - interval '10 days'
FROM generate_series(0, :n + :hung - 1) AS g,
     (SELECT array_agg(id ORDER BY case_number) AS ids FROM cases) AS c;
INSERT INTO referral_response_links (referral_id, expires_at, created_at)
SELECT id, :'due'::timestamptz + interval '80 days', sent_at FROM referrals;
-- Both channels of a referral side by side, as the service writes them: same dedupe key shape.
INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, case_id, referral_id,
                           sequence, dedupe_key, due_at, next_attempt_at, max_attempts, created_at)
SELECT 'overdue_reminder', ch.channel, 'agency', r.agency_id, r.case_id, r.id, 1,
       format('referral:%s:overdue_reminder:1:%s:%s:%s', r.id, ch.channel, r.agency_id, :due_ms),
       :'due', :'due', 8, r.sent_at
FROM referrals AS r CROSS JOIN (VALUES (1, 'email'), (2, 'webhook')) AS ch (ord, channel)
WHERE ch.channel = 'email' OR :'channels' = 'both' OR r.agency_id = :'hung_agency'
ORDER BY r.id, ch.ord;
COMMIT;
SQL
load_ms=$(( $(now_ms) - load_start ))
echo "loaded in $(( load_ms / 1000 )).$(( load_ms % 1000 / 100 )) s; VACUUM ANALYZE" >&2
vacuum_start=$(now_ms)
timeout 600 psql "$db_url" -qc "VACUUM ANALYZE" >/dev/null
vacuum_ms=$(( $(now_ms) - vacuum_start ))
left_ms=$(( DUE_MS - $(now_ms) ))
if [ "$left_ms" -lt 3000 ]; then
  echo "the load and VACUUM took too long: only $left_ms ms left before the due instant; raise LEAD_SECONDS" >&2
  exit 1
fi
echo "VACUUM ANALYZE in $(( vacuum_ms / 1000 )).$(( vacuum_ms % 1000 / 100 )) s; $(( left_ms / 1000 )) s to the due instant" >&2

# ---- delivery ------------------------------------------------------------------------------------
env SMTP_PORT="$SMTP_PORT" HOOK_PORT="$HOOK_PORT" DB_URL="$db_url" REDIS_URL="$REDIS_URL" \
  QUEUE_PREFIX="$QUEUE_PREFIX" SERVICE_PID="$pid" DUE_MS="$DUE_MS" REFERRALS="$REFERRALS" \
  TIMEOUT="$TIMEOUT" STALL_SECONDS="${STALL_SECONDS:-120}" BASE_URL="$BASE_URL" \
  APP_SECRET="$APP_SECRET" AGENCY_ID="$RECEIVING" REQUEUE_SECONDS="${REQUEUE_SECONDS:-300}" \
  HUNG="$HUNG" HUNG_PORT="$HUNG_PORT" HUNG_AGENCY_ID="$HUNG_AGENCY" \
  WORKER_PIDS="${worker_pids[*]}" WORKERS="$WORKERS" CHANNELS="$CHANNELS" \
  node "$BENCH" run "$work/run.json" &
driver=$!
if ! wait "$driver"; then
  driver=
  kill -0 "$pid" 2>/dev/null || echo "the service died" >&2
  echo "the delivery phase failed (or took more than $TIMEOUT s)" >&2
  exit 1
fi
driver=
kill -0 "$pid" 2>/dev/null || { echo "the service died during the delivery" >&2; exit 1; }

# Stopping the service makes its backends flush their statistics before the last readings.
for p in "${worker_pids[@]}"; do stop_pid "$p" "a worker" 15; done
worker_pids=()
stop_pid "$pid" "the service" 15
pid=
if grep -q '"level":50\|"level":60' "$log"; then
  echo "the service logged errors:" >&2
  grep '"level":50\|"level":60' "$log" | tail -n 5 >&2
fi
env DB_URL="$db_url" node "$BENCH" stats "$work/run.json"

echo
echo "Referral reminders due at once, HUNG=$HUNG (referrals to an agency whose webhook receiver hangs)," \
  "built service (APP_ROLE=all, and $WORKERS more APP_ROLE=worker processes; each NOTIFICATION_CONCURRENCY=$CONCURRENCY$settings, NOTIFICATION_SWEEP_SECONDS=1) on local PostgreSQL $(psql "$PG_ADMIN_URL" -Atc 'SHOW server_version' | cut -d' ' -f1)" \
  "and Redis $(redis-cli -u "$REDIS_URL" info server | tr -d '\r' | awk -F: '/^redis_version/ {print $2}')" \
  "(node $(node -v), $(nproc) cores; sink, receiver and sampler in one Node process on the same machine); $build"
echo
env LOAD_MS="$load_ms" VACUUM_MS="$vacuum_ms" CONCURRENCY="$CONCURRENCY" CASES="$CASES" \
  node "$BENCH" report "$work/run.json"
if [ "${PROFILE:-0}" = 1 ]; then
  echo
  node "$BENCH" profile "$work"/profile/*.cpuprofile
  if [ -n "${PROFILE_KEEP:-}" ]; then
    mkdir -p "$PROFILE_KEEP" && cp "$work"/profile/*.cpuprofile "$PROFILE_KEEP"/
    echo "profiles kept in $PROFILE_KEEP"
  fi
fi
echo
echo "total $(( $(date +%s) - started )) s" >&2
