// Measuring side of test/bench/referral-reminders.sh. Phases, each its own process:
//   run    <run.json>   the loopback peers (an SMTP sink on smtp-server, a webhook receiver on
//                       node:http, with HUNG a second receiver that never answers) that count what
//                       arrives without keeping it, and a sampler of Redis, PostgreSQL, the service
//                       and the machine; from the due instant until every message not to the
//                       hanging receiver has arrived and every such row is 'delivered'
//   stats  <run.json>   after the service stopped (its backends flushed their statistics):
//                       PostgreSQL counters and sizes
//   report <run.json>   the Markdown table
//   profile <file.cpuprofile...>   the service's CPU time by package and function (PROFILE=1)
// Environment (run): SMTP_PORT, HOOK_PORT, DB_URL, REDIS_URL, QUEUE_PREFIX, SERVICE_PID, DUE_MS,
// REFERRALS, TIMEOUT (s), APP_SECRET and AGENCY_ID (to check webhook signatures), REQUEUE_SECONDS
// (the service's NOTIFICATION_REQUEUE_SECONDS, 300), HUNG (0; referrals to the agency whose
// webhook receiver hangs), HUNG_PORT and HUNG_AGENCY_ID (that receiver's port, that agency).
// (stats): DB_URL.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Redis } from 'ioredis';

const env = (name, fallback) => process.env[name] ?? fallback;
const num = (name, fallback) => Number(env(name, fallback));
const CLK_TCK = 100;
const MiB = 1024 * 1024;

function fail(message) {
  console.error(`referral-reminders: ${message}`);
  process.exit(1);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- /proc ------------------------------------------------------------------------------------

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}
/** utime + stime in ticks, or null when the process is gone. */
function cpuTicks(pid) {
  const stat = readProc(pid, 'stat');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
/** A field of /proc/<pid>/status or smaps_rollup in KiB. */
function kib(text, field) {
  const match = text && new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
function pidsNamed(name) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (readProc(entry, 'comm')?.trim() === name) pids.push(Number(entry));
  }
  return pids;
}
function machineCores() {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line)).length;
}
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const v = values.map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, idle: v[3] + v[4] };
}

/**
 * CPU seconds used by a changing set of processes, as the sum of each one's growth since it was
 * first seen (PostgreSQL backends come and go).
 */
class CpuTracker {
  last = new Map();
  seconds = 0;
  add(pids) {
    const seen = new Set();
    for (const pid of pids) {
      const ticks = cpuTicks(pid);
      if (ticks === null) continue;
      seen.add(pid);
      const before = this.last.get(pid);
      if (before !== undefined && ticks > before) this.seconds += (ticks - before) / CLK_TCK;
      this.last.set(pid, ticks);
    }
    for (const pid of this.last.keys()) if (!seen.has(pid)) this.last.delete(pid);
    return this.seconds;
  }
}

// ---- peers ------------------------------------------------------------------------------------

function newChannelCounter() {
  return {
    count: 0,
    unique: 0,
    first: null,
    last: null,
    duplicates: 0,
    withoutLink: 0,
    bytes: 0,
    bins: [],
  };
}

function countArrival(counter, dueMs) {
  const now = Date.now();
  counter.count += 1;
  counter.first ??= now;
  counter.last = now;
  const bin = Math.max(0, Math.floor((now - dueMs) / 1000));
  counter.bins[bin] = (counter.bins[bin] ?? 0) + 1;
}

/** An action link (the response page with its token, or the older API form of it). */
const ACTION_LINK = /https?:\/\/[^\s]+(\/respond#token=|\/referral-responses\/)[\w.~-]{20,}/;

/** The text of a single-part message: transfer encoding undone, enough to look for the link. */
function bodyText(raw) {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 4);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString();
  if (encoding === 'quoted-printable') return body.replace(/=\r?\n/g, '');
  return body;
}

/** The receiving agencies' contact addresses: the one with the healthy receiver, the hung one. */
const RECIPIENTS = new Set(['lbh@bench.example', 'hung@bench.example']);

async function startPeers({ smtpPort, hookPort, hungPort, dueMs, checkSignature }) {
  const { SMTPServer } = await import('smtp-server');
  const email = { ...newChannelCounter(), wrongRecipient: 0, withoutId: 0 };
  const webhook = {
    ...newChannelCounter(),
    badSignature: 0,
    notJson: 0,
    wrongType: 0,
    withoutId: 0,
  };
  const messageIds = new Set();
  const idempotencyKeys = new Set();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    banner: 'jejak bench sink',
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        email.bytes += raw.length;
        const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(
          raw.slice(0, raw.indexOf('\r\n\r\n')),
        )?.[1];
        if (!id) email.withoutId += 1;
        else if (messageIds.has(id)) email.duplicates += 1;
        else messageIds.add(id);
        email.unique = messageIds.size;
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        if (to.length !== 1 || !RECIPIENTS.has(to[0])) email.wrongRecipient += 1;
        if (!ACTION_LINK.test(bodyText(raw))) email.withoutLink += 1;
        countArrival(email, dueMs);
        callback();
      });
    },
  });
  smtp.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(smtpPort, '127.0.0.1', resolve);
  });

  const http = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      webhook.bytes += rawBody.length;
      let body;
      try {
        body = JSON.parse(rawBody);
      } catch {
        webhook.notJson += 1;
        response.writeHead(400).end();
        return;
      }
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string') webhook.withoutId += 1;
      else if (idempotencyKeys.has(key)) webhook.duplicates += 1;
      else idempotencyKeys.add(key);
      webhook.unique = idempotencyKeys.size;
      if (!checkSignature(request.headers, rawBody)) webhook.badSignature += 1;
      if (body.type !== 'overdue_reminder' || body.id !== key) webhook.wrongType += 1;
      if (!ACTION_LINK.test(String(body.actionUrl ?? ''))) webhook.withoutLink += 1;
      countArrival(webhook, dueMs);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"received":true}');
    });
  });
  http.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(hookPort, '127.0.0.1', resolve);
  });

  // The hanging receiver reads each request and never answers: what the service is left with is
  // its own timeout. `mostOpen` is how many of its deliveries it held at once (the cap's bound).
  const hung = { requests: 0, open: 0, mostOpen: 0, first: null, last: null };
  let hungServer = null;
  if (hungPort) {
    hungServer = createServer((request, response) => {
      hung.requests += 1;
      hung.open += 1;
      hung.mostOpen = Math.max(hung.mostOpen, hung.open);
      hung.first ??= Date.now();
      hung.last = Date.now();
      request.on('error', () => undefined);
      response.on('error', () => undefined);
      // Emitted when the service gives up (it aborts and closes the connection), as nothing ends it.
      response.on('close', () => (hung.open -= 1));
      request.resume();
    });
    // Node's own limits would answer 408 after 300 s: this one must never answer.
    hungServer.requestTimeout = 0;
    hungServer.headersTimeout = 0;
    hungServer.timeout = 0;
    await new Promise((resolve, reject) => {
      hungServer.once('error', reject);
      hungServer.listen(hungPort, '127.0.0.1', resolve);
    });
  }

  return {
    email,
    webhook,
    hung,
    close: async () => {
      await new Promise((resolve) => smtp.close(resolve));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      if (hungServer) {
        hungServer.closeAllConnections();
        await new Promise((resolve) => hungServer.close(resolve));
      }
    },
  };
}

// ---- samplers ---------------------------------------------------------------------------------

function parseInfo(text) {
  const values = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) values[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return values;
}

async function redisSample(redis, prefix) {
  const queue = `${prefix}:notifications`;
  const [
    [, memory],
    [, wait],
    [, active],
    [, delayed],
    [, prioritized],
    [, completed],
    [, failed],
  ] = await redis
    .pipeline()
    .info('memory')
    .llen(`${queue}:wait`)
    .llen(`${queue}:active`)
    .zcard(`${queue}:delayed`)
    .zcard(`${queue}:prioritized`)
    .zcard(`${queue}:completed`)
    .zcard(`${queue}:failed`)
    .exec();
  const info = parseInfo(memory);
  return {
    usedMemory: Number(info.used_memory),
    usedMemoryPeak: Number(info.used_memory_peak),
    usedMemoryRss: Number(info.used_memory_rss),
    queue: { wait, active, delayed, prioritized, completed, failed },
  };
}

/**
 * PostgreSQL processes split in two: this database's backends with the server's own processes
 * (postmaster, checkpointer, WAL writer...), and other databases' backends (other sessions on
 * this shared machine).
 */
function postgresProcesses(dbName) {
  const ours = { pids: [], rssKiB: 0, pssKiB: 0 };
  const others = { pids: [], rssKiB: 0, pssKiB: 0 };
  for (const pid of pidsNamed('postgres')) {
    const cmdline = (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ');
    const backend = /: (\S+) (\S+) (\S+\(\d+\)|\[local\])/.exec(cmdline);
    const group = backend && backend[2] !== dbName ? others : ours;
    group.pids.push(pid);
    group.rssKiB += kib(readProc(pid, 'status'), 'VmRSS');
    group.pssKiB += kib(readProc(pid, 'smaps_rollup'), 'Pss');
  }
  return { ours, others };
}

/** A short name for a statement seen in pg_stat_activity (its text is cut at 1 kB there). */
function statementLabel(query) {
  const q = (query ?? '').replace(/\s+/g, ' ').trim();
  const verb = (/^(\w+)/.exec(q)?.[1] ?? '?').toUpperCase();
  if (verb === 'SELECT') {
    // TypeORM selects every column by alias; a long list pushes FROM past the cut.
    const aliases = new Set([...q.matchAll(/"(\w+)"\."\w+" AS /g)].map((m) => m[1]));
    const table =
      /\bFROM "?(\w+)"?/i.exec(q)?.[1] ?? (aliases.size ? `alias ${[...aliases][0]}` : '?');
    const joins = Math.max((q.match(/\bJOIN\b/gi) ?? []).length, aliases.size - 1);
    const lock = /\bFOR (NO KEY )?UPDATE\b/i.test(q) ? ' FOR UPDATE' : '';
    return `SELECT ${table}${joins ? ` (+${joins} joins)` : ''}${lock}`;
  }
  if (verb === 'UPDATE') {
    const m = /^UPDATE "?(\w+)"? SET "?(\w+)"? = ('[^']*'|[\w.$()]+)/i.exec(q);
    return m ? `UPDATE ${m[1]} SET ${m[2]} = ${m[3]}` : 'UPDATE ?';
  }
  if (verb === 'INSERT') return `INSERT ${/^INSERT INTO "?(\w+)"?/i.exec(q)?.[1] ?? '?'}`;
  return verb;
}

/**
 * The service's connections every `everyMs`: how many are in each state, and which statement the
 * active ones run (and the idle-in-transaction ones ran last): a poor man's pg_stat_statements.
 */
function sampleActivity(db, everyMs) {
  const stats = { samples: 0, states: {}, active: {}, idleInTransaction: {} };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query(
        `SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'jejak'`,
      );
      stats.samples += 1;
      for (const row of rows) {
        const wait = row.wait_event_type ? `:${row.wait_event_type}/${row.wait_event}` : '';
        const state = `${row.state ?? '?'}${wait}`;
        stats.states[state] = (stats.states[state] ?? 0) + 1;
        const bucket =
          row.state === 'active'
            ? stats.active
            : row.state === 'idle in transaction'
              ? stats.idleInTransaction
              : null;
        if (bucket) {
          const label = `${statementLabel(row.query)}${row.state === 'active' ? wait : ''}`;
          bucket[label] = (bucket[label] ?? 0) + 1;
        }
      }
      await sleep(everyMs);
    }
  })();
  return {
    stats,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** What the service's connections are doing now, for a stall report. */
async function describeConnections(db) {
  const { rows } = await db.query(
    `SELECT state, wait_event_type, wait_event, query,
            extract(epoch FROM now() - state_change)::int AS seconds
     FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'jejak'`,
  );
  const groups = new Map();
  for (const row of rows) {
    const wait = row.wait_event_type ? ` (${row.wait_event_type}/${row.wait_event})` : '';
    const key = `${row.state}${wait}, last statement ${statementLabel(row.query)}`;
    const group = groups.get(key) ?? { n: 0, seconds: 0 };
    group.n += 1;
    group.seconds = Math.max(group.seconds, row.seconds);
    groups.set(key, group);
  }
  return [...groups].map(([key, { n, seconds }]) => `${n} × ${key}, for up to ${seconds} s`);
}

/**
 * SQL leaving out the webhook rows to the hanging receiver's agency (`$n`), with its parameters;
 * nothing without one, so that a run without it queries as before.
 */
function notToHung(hungAgencyId, n) {
  return hungAgencyId
    ? {
        sql: ` AND NOT (channel = 'webhook' AND recipient_agency_id = $${n})`,
        params: [hungAgencyId],
      }
    : { sql: '', params: [] };
}

async function dbProgress(db, dueMs, hungAgencyId) {
  // Index-backed counts (partial indexes on pending and sending); follow-ups are due a working
  // day later and retries within hours, so "due before the instant + 12 h" is the original rows.
  // The hanging receiver's rows stay pending or sending: counted apart (hungProgress).
  const healthy = notToHung(hungAgencyId, 2);
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM notifications
             WHERE status = 'pending' AND next_attempt_at < to_timestamp($1 / 1000.0) + interval '12 hours'${healthy.sql})::int AS pending,
            (SELECT count(*) FROM notifications WHERE status = 'sending'${healthy.sql})::int AS sending,
            (SELECT count(*) FROM notifications WHERE status = 'failed'${healthy.sql})::int AS failed`,
    [dueMs, ...healthy.params],
  );
  return rows[0];
}

/**
 * Where the webhook rows to the hanging receiver stand: held (pending behind its open circuit),
 * pending otherwise (a retry to come, or not yet queued), sending, failed, delivered. Reached
 * through the agency's referrals (indexed both ways).
 */
async function hungProgress(db, hungAgencyId) {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE status = 'pending' AND held_for IS NOT NULL)::int AS held,
            count(*) FILTER (WHERE status = 'pending' AND held_for IS NULL)::int AS pending,
            count(*) FILTER (WHERE status = 'sending')::int AS sending,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
            coalesce(sum(attempts), 0)::int AS attempts
     FROM notifications
     WHERE referral_id IN (SELECT id FROM referrals WHERE agency_id = $1)
       AND kind = 'overdue_reminder' AND sequence = 1 AND channel = 'webhook'`,
    [hungAgencyId],
  );
  return rows[0];
}

async function pgCounters(db) {
  const { rows } = await db.query(
    `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated,
            blks_hit, blks_read, pg_database_size(current_database()) AS size
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const tables = await db.query(
    `SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd,
            n_live_tup, n_dead_tup, pg_total_relation_size(relid) AS size
     FROM pg_stat_user_tables
     WHERE relname IN ('notifications', 'referrals', 'audit_events', 'referral_response_links')`,
  );
  const numeric = (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  return {
    database: numeric(rows[0]),
    tables: Object.fromEntries(tables.rows.map(({ relname, ...rest }) => [relname, numeric(rest)])),
  };
}

// ---- run --------------------------------------------------------------------------------------

async function run(outPath) {
  const N = num('REFERRALS', 100000);
  // With HUNG, what is waited for: every message except the hung agency's webhooks.
  const H = num('HUNG', 0);
  const hungAgencyId = H > 0 ? env('HUNG_AGENCY_ID') : null;
  // CHANNELS=email: one-channel reminders, no webhook owed.
  const W = env('CHANNELS', 'both') === 'email' ? 0 : N;
  const expected = N + W + H;
  const dueMs = num('DUE_MS', NaN);
  const servicePid = num('SERVICE_PID', NaN);
  // More worker processes (WORKERS): their CPU counts as the service's; RSS is the first's.
  const servicePids = [
    servicePid,
    ...env('WORKER_PIDS', '')
      .split(' ')
      .filter((pid) => pid !== '')
      .map(Number),
  ];
  const timeoutS = num('TIMEOUT', 1800);
  const requeueSeconds = num('REQUEUE_SECONDS', 300);
  const prefix = env('QUEUE_PREFIX', 'bench-reminders');
  if (!Number.isFinite(dueMs) || !Number.isFinite(servicePid))
    fail('DUE_MS and SERVICE_PID are required');

  const { webhookSecretFor } =
    await import('../../dist/src/modules/notifications/webhook-secrets.js');
  const { derivePurposeKeys } = await import('../../dist/src/config/app-config.js');
  const { webhookSignature } =
    await import('../../dist/src/modules/notifications/webhook-sender.js');
  const keys = derivePurposeKeys(env('APP_SECRET'), {
    accessTokens: 1,
    actionLinks: 1,
    passwordLinks: 1,
    webhooks: 1,
  });
  const secret = webhookSecretFor(
    { keys, legacyAppSecret: env('APP_SECRET') },
    { id: env('AGENCY_ID'), webhookSecretVersion: 1, webhookSecretLegacy: false },
  );
  const checkSignature = (headers, rawBody) => {
    const timestamp = headers['x-jejak-timestamp'];
    return (
      typeof timestamp === 'string' &&
      headers['x-jejak-signature'] === webhookSignature(secret, timestamp, rawBody)
    );
  };

  const peers = await startPeers({
    smtpPort: num('SMTP_PORT'),
    hookPort: num('HOOK_PORT'),
    hungPort: H > 0 ? num('HUNG_PORT') : null,
    dueMs,
    checkSignature,
  });
  const db = new pg.Client({ connectionString: env('DB_URL'), application_name: 'bench-sampler' });
  await db.connect();
  const redis = new Redis(env('REDIS_URL', 'redis://127.0.0.1:6379'), { lazyConnect: false });

  // ---- baselines, just before the due instant
  const pgCpu = new CpuTracker();
  const serviceCpu = new CpuTracker();
  const redisCpu = new CpuTracker();
  const otherPgCpu = new CpuTracker();
  const redisPids = pidsNamed('redis-server');
  const dbName = new URL(env('DB_URL')).pathname.slice(1);
  const idleStart = machineTicks();
  const wait = dueMs - 1000 - Date.now();
  if (wait > 0) await sleep(wait);
  const idleEnd = machineTicks();
  const busyBefore = 1 - (idleEnd.idle - idleStart.idle) / (idleEnd.total - idleStart.total || 1);
  const processes = postgresProcesses(dbName);
  const baseline = {
    redis: await redisSample(redis, prefix),
    postgres: processes.ours,
    serviceRssKiB: kib(readProc(servicePid, 'status'), 'VmRSS'),
    counters: await pgCounters(db),
    progress: await dbProgress(db, dueMs, hungAgencyId),
    hung: hungAgencyId ? await hungProgress(db, hungAgencyId) : null,
  };
  if (baseline.progress.pending !== expected)
    fail(`${baseline.progress.pending} rows pending before the due instant, expected ${expected}`);
  if (baseline.hung && baseline.hung.pending !== H)
    fail(`${baseline.hung.pending} webhook rows to the hanging receiver pending, expected ${H}`);
  if (peers.email.count + peers.webhook.count + peers.hung.requests > 0)
    fail('messages arrived before the due instant');
  pgCpu.add(processes.ours.pids);
  otherPgCpu.add(processes.others.pids);
  serviceCpu.add(servicePids);
  redisCpu.add(redisPids);
  let selfCpu = process.cpuUsage();
  let machine = machineTicks();
  if (dueMs > Date.now()) await sleep(dueMs - Date.now());
  console.error(
    `due instant reached; expecting ${N + H} emails and ${W} webhooks` +
      (H ? ` (not waiting for the ${H} to the hanging receiver)` : ''),
  );

  // ---- during
  const peak = {
    redisUsed: baseline.redis.usedMemory,
    redisRss: baseline.redis.usedMemoryRss,
    pgRssKiB: baseline.postgres.rssKiB,
    pgPssKiB: baseline.postgres.pssKiB,
    serviceRssKiB: baseline.serviceRssKiB,
    queueWaiting: 0,
    queueActive: 0,
  };
  const activity = sampleActivity(db, 250);
  const stallSeconds = num('STALL_SECONDS', 120);
  let stalled = null;
  let lastArrivals = { at: Date.now(), count: 0 };
  let lastProgress = { at: dueMs, email: 0, webhook: 0 };
  let progress;
  let lastRedis;
  let serviceRssKiB = baseline.serviceRssKiB;
  let completeAt = null;
  const cpuWindow = { at: performance.now(), service: 0, postgres: 0, redis: 0 };
  const deadline = dueMs + timeoutS * 1000;
  let tick = 0;

  while (true) {
    const received = peers.email.unique >= N + H && peers.webhook.unique >= W;
    if (received) {
      progress = await dbProgress(db, dueMs, hungAgencyId);
      if (progress.pending === 0 && progress.sending === 0) {
        completeAt = Date.now();
        break;
      }
    }
    if (Date.now() > deadline) {
      progress = await dbProgress(db, dueMs, hungAgencyId);
      console.error(
        `timed out after ${timeoutS} s: ${peers.email.count} emails, ${peers.webhook.count} webhooks, ` +
          `${progress.pending} pending, ${progress.sending} sending, ${progress.failed} failed`,
      );
      break;
    }
    const arrived = peers.email.count + peers.webhook.count;
    if (arrived !== lastArrivals.count) lastArrivals = { at: Date.now(), count: arrived };
    else if (!received && Date.now() - lastArrivals.at > stallSeconds * 1000) {
      progress = await dbProgress(db, dueMs, hungAgencyId);
      const health = await fetch(`${env('BASE_URL')}/health`, {
        signal: AbortSignal.timeout(10_000),
      })
        .then((response) => `HTTP ${response.status}`)
        .catch((error) => error.name);
      stalled = {
        atSeconds: Math.round((Date.now() - dueMs) / 1000),
        sinceSeconds: Math.round((lastArrivals.at - dueMs) / 1000),
        connections: await describeConnections(db),
        health,
      };
      console.error(
        `STALLED: no message for ${stallSeconds} s (the last at +${stalled.sinceSeconds} s): ` +
          `${peers.email.count} emails, ${peers.webhook.count} webhooks; rows pending ${progress.pending}, ` +
          `sending ${progress.sending}; GET /health: ${health}; the service's connections:\n    ` +
          stalled.connections.join('\n    '),
      );
      break;
    }
    await sleep(received ? 100 : 1000);
    if (received) continue;
    tick += 1;

    lastRedis = await redisSample(redis, prefix);
    peak.redisUsed = Math.max(peak.redisUsed, lastRedis.usedMemory);
    peak.redisRss = Math.max(peak.redisRss, lastRedis.usedMemoryRss);
    peak.queueWaiting = Math.max(
      peak.queueWaiting,
      lastRedis.queue.wait + lastRedis.queue.prioritized,
    );
    peak.queueActive = Math.max(peak.queueActive, lastRedis.queue.active);
    const { ours: memory, others } = postgresProcesses(dbName);
    peak.pgRssKiB = Math.max(peak.pgRssKiB, memory.rssKiB);
    peak.pgPssKiB = Math.max(peak.pgPssKiB, memory.pssKiB);
    pgCpu.add(memory.pids);
    otherPgCpu.add(others.pids);
    serviceCpu.add(servicePids);
    redisCpu.add(redisPids);
    serviceRssKiB = kib(readProc(servicePid, 'status'), 'VmRSS');
    if (!serviceRssKiB) fail('the service is gone');
    peak.serviceRssKiB = Math.max(peak.serviceRssKiB, serviceRssKiB);

    const elapsed = (Date.now() - dueMs) / 1000;
    if (tick % 5 === 0) {
      progress = await dbProgress(db, dueMs, hungAgencyId);
      const hungNow = hungAgencyId ? await hungProgress(db, hungAgencyId) : null;
      const now = Date.now();
      const seconds = (now - lastProgress.at) / 1000;
      const nowCpu = performance.now();
      const wall = (nowCpu - cpuWindow.at) / 1000;
      const share = (total, key) => {
        const pct = ((total - cpuWindow[key]) / wall) * 100;
        cpuWindow[key] = total;
        return pct.toFixed(0);
      };
      const cpu = `CPU service ${share(serviceCpu.seconds, 'service')}% pg ${share(pgCpu.seconds, 'postgres')}% redis ${share(redisCpu.seconds, 'redis')}%`;
      cpuWindow.at = nowCpu;
      const rate =
        (peers.email.count + peers.webhook.count - lastProgress.email - lastProgress.webhook) /
        seconds;
      console.error(
        `  +${elapsed.toFixed(0)} s: ${peers.email.count} emails, ${peers.webhook.count} webhooks ` +
          `(${rate.toFixed(0)}/s); rows pending ${progress.pending}, sending ${progress.sending}, ` +
          `failed ${progress.failed}; queue wait ${lastRedis.queue.wait}, active ${lastRedis.queue.active}; ` +
          `Redis ${(lastRedis.usedMemory / MiB).toFixed(0)} MiB, PG RSS ${(memory.rssKiB / 1024).toFixed(0)} MiB, ` +
          `service RSS ${(serviceRssKiB / 1024).toFixed(0)} MiB; ${cpu}` +
          (hungNow
            ? `; hanging receiver: ${peers.hung.requests} requests, ${peers.hung.open} open, its rows ` +
              `held ${hungNow.held}, pending ${hungNow.pending}, sending ${hungNow.sending}, failed ${hungNow.failed}`
            : ''),
      );
      lastProgress = { at: now, email: peers.email.count, webhook: peers.webhook.count };
    }
  }

  // ---- after
  const endMs = Date.now();
  await activity.stop();
  const last = postgresProcesses(dbName);
  pgCpu.add(last.ours.pids);
  otherPgCpu.add(last.others.pids);
  serviceCpu.add(servicePids);
  redisCpu.add(redisPids);
  const selfUsage = process.cpuUsage(selfCpu);
  const machineEnd = machineTicks();
  const endRedis = await redisSample(redis, prefix);
  const hungEnd = hungAgencyId ? await hungProgress(db, hungAgencyId) : null;
  const hungCircuit = hungAgencyId
    ? (
        await db.query(
          `SELECT state, consecutive_failures, times_opened FROM notification_destinations
           WHERE destination = $1`,
          [`webhook 127.0.0.1:${num('HUNG_PORT')}`],
        )
      ).rows[0]
    : null;
  // The hanging receiver's webhook rows are reported apart (hungEnd).
  const healthy = notToHung(hungAgencyId, 3);
  const final = await db.query(
    `SELECT channel, count(*)::int AS rows,
            count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS open,
            count(*) FILTER (WHERE attempts > 1)::int AS retried,
            count(*) FILTER (WHERE last_error IS NOT NULL)::int AS with_error,
            count(*) FILTER (WHERE enqueued_at > to_timestamp($1 / 1000.0) + make_interval(secs => $2))::int AS queued_again,
            extract(epoch FROM min(enqueued_at)) * 1000 AS first_enqueued,
            extract(epoch FROM max(enqueued_at) FILTER (WHERE enqueued_at <= to_timestamp($1 / 1000.0) + make_interval(secs => $2))) * 1000 AS last_enqueued,
            extract(epoch FROM min(delivered_at)) * 1000 AS first_delivered,
            extract(epoch FROM max(delivered_at)) * 1000 AS last_delivered,
            extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY delivered_at - due_at)) * 1000 AS p50_late,
            extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY delivered_at - due_at)) * 1000 AS p99_late,
            extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY delivered_at - last_attempt_at)) * 1000 AS p50_claim_to_done,
            extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY delivered_at - last_attempt_at)) * 1000 AS p99_claim_to_done
     FROM notifications WHERE kind = 'overdue_reminder' AND sequence = 1${healthy.sql}
     GROUP BY ROLLUP (channel) ORDER BY channel NULLS LAST`,
    [dueMs, requeueSeconds, ...healthy.params],
  );
  const followUps = await db.query(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE next_attempt_at <= now())::int AS due_now,
            min(due_at) AS first_due, max(due_at) AS last_due
     FROM notifications WHERE kind = 'overdue_reminder' AND sequence = 2`,
  );
  const others = await db.query(
    `SELECT kind, sequence, count(*)::int AS n FROM notifications
     WHERE NOT (kind = 'overdue_reminder' AND sequence IN (1, 2)) GROUP BY 1, 2`,
  );
  const ignored = await db.query(
    `SELECT reminders_ignored, count(*)::int AS n FROM referrals GROUP BY 1 ORDER BY 1`,
  );
  const audit = await db.query(`SELECT action, count(*)::int AS n FROM audit_events GROUP BY 1`);

  const stripBins = ({ bins, ...rest }) => ({ ...rest, bins: Array.from(bins, (v) => v ?? 0) });
  const result = {
    referrals: N,
    webhooksOwed: W,
    expected,
    hung: H
      ? {
          referrals: H,
          requests: peers.hung.requests,
          mostOpen: peers.hung.mostOpen,
          openAtEnd: peers.hung.open,
          first: peers.hung.first,
          last: peers.hung.last,
          rows: hungEnd,
          circuit: hungCircuit ?? null,
        }
      : null,
    dueMs,
    endMs,
    completeAt,
    timedOut: completeAt === null && stalled === null,
    email: stripBins(peers.email),
    webhook: stripBins(peers.webhook),
    baseline: {
      redis: baseline.redis,
      postgres: { rssKiB: baseline.postgres.rssKiB, pssKiB: baseline.postgres.pssKiB },
      serviceRssKiB: baseline.serviceRssKiB,
      counters: baseline.counters,
    },
    peak,
    end: { redis: endRedis, serviceRssKiB },
    cpu: {
      wallSeconds: (endMs - dueMs) / 1000,
      service: serviceCpu.seconds,
      postgres: pgCpu.seconds,
      otherPostgres: otherPgCpu.seconds,
      busyBefore,
      cores: machineCores(),
      redis: redisCpu.seconds,
      driver: (selfUsage.user + selfUsage.system) / 1e6,
      machineBusy: 1 - (machineEnd.idle - machine.idle) / (machineEnd.total - machine.total),
    },
    connections: activity.stats,
    stalled,
    final: final.rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, k === 'channel' || v === null ? v : Number(v)]),
      ),
    ),
    followUps: followUps.rows[0],
    others: others.rows,
    remindersIgnored: ignored.rows,
    audit: audit.rows,
    requeueSeconds,
  };
  writeFileSync(outPath, JSON.stringify(result, null, 1));
  await peers.close();
  redis.disconnect();
  await db.end();
  if (completeAt === null) process.exit(1);
  console.error(
    `all ${expected} delivered ${((completeAt - dueMs) / 1000).toFixed(1)} s after the due instant` +
      (hungEnd
        ? `; the ${H} webhooks to the hanging receiver: ${hungEnd.held} held, ${hungEnd.pending} pending, ` +
          `${hungEnd.sending} sending, ${hungEnd.failed} failed, ${hungEnd.delivered} delivered ` +
          `(it got ${peers.hung.requests} requests, at most ${peers.hung.mostOpen} open at once)`
        : ''),
  );
}

// ---- stats ------------------------------------------------------------------------------------

async function stats(outPath) {
  const result = JSON.parse(readFileSync(outPath, 'utf8'));
  const db = new pg.Client({ connectionString: env('DB_URL'), application_name: 'bench-sampler' });
  await db.connect();
  // Backends flush their counters when they exit; give the last ones a moment.
  await sleep(1000);
  result.after = await pgCounters(db);
  await db.end();
  writeFileSync(outPath, JSON.stringify(result, null, 1));
}

// ---- report -----------------------------------------------------------------------------------

function report(outPath) {
  const r = JSON.parse(readFileSync(outPath, 'utf8'));
  const N = r.referrals;
  const s = (ms) => (ms / 1000).toFixed(1);
  const mib = (bytes) => `${(bytes / MiB).toFixed(0)} MiB`;
  const kmib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
  const rate = (count, ms) => `${(count / (ms / 1000)).toFixed(0)}/s`;
  const all = r.final.find((row) => row.channel === null);
  const byChannel = Object.fromEntries(
    r.final.filter((row) => row.channel).map((row) => [row.channel, row]),
  );
  const due = r.dueMs;
  const lastArrival = Math.max(r.email.last ?? 0, r.webhook.last ?? 0);
  const doneMs = Math.max(lastArrival, all.last_delivered ?? 0) - due;
  const firstMs = Math.min(r.email.first ?? Infinity, r.webhook.first ?? Infinity) - due;
  // Per-second arrivals of both channels: steady rate between 10 % and 90 % delivered, best 5 s.
  const bins = [];
  for (const b of [r.email.bins, r.webhook.bins])
    b.forEach((v, i) => (bins[i] = (bins[i] ?? 0) + v));
  let cumulative = 0;
  let t10 = null;
  let t90 = null;
  bins.forEach((v, i) => {
    cumulative += v ?? 0;
    if (t10 === null && cumulative >= 0.1 * r.expected) t10 = i + 1;
    if (t90 === null && cumulative >= 0.9 * r.expected) t90 = i + 1;
  });
  let best5 = 0;
  for (let i = 0; i + 5 <= bins.length; i++)
    best5 = Math.max(best5, bins.slice(i, i + 5).reduce((a, b) => a + (b ?? 0), 0) / 5);
  const steady = t90 > t10 ? ((0.8 * r.expected) / (t90 - t10)).toFixed(0) : '–';

  const deliveries = all.delivered;
  const wall = r.cpu.wallSeconds;
  const cpu = (seconds) =>
    `${((seconds / wall) * 100).toFixed(0)}% of a core (${((seconds * 1000) / deliveries).toFixed(2)} ms/delivery)`;
  const othersSeconds = Math.max(
    0,
    r.cpu.machineBusy * r.cpu.cores * wall -
      (r.cpu.service + r.cpu.postgres + r.cpu.otherPostgres + r.cpu.redis + r.cpu.driver),
  );
  const b = r.baseline.counters;
  const a = r.after ?? null;
  const per = (key) => (a ? ((a.database[key] - b.database[key]) / deliveries).toFixed(1) : '–');
  const connectionTotal =
    Object.values(r.connections.states).reduce((sum, n) => sum + n, 0) / r.connections.samples;
  const connectionStates = Object.entries(r.connections.states)
    .sort((x, y) => y[1] - x[1])
    .map(([state, n]) => `${state} ${(n / r.connections.samples).toFixed(1)}`)
    .join(', ');
  const top = (counts, n) =>
    Object.entries(counts)
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([label, count]) => `${label} ${(count / r.connections.samples).toFixed(2)}`)
      .join('; ');
  const notif = a?.tables.notifications;
  const hung = r.hung;
  // With a hanging receiver, what the run waited for and the rates are about the other messages.
  const healthy = hung ? ' not to the hanging receiver' : '';
  const duplicateNote = `${r.email.duplicates} (same Message-ID twice) / ${r.webhook.duplicates} (same Idempotency-Key twice); without an id ${r.email.withoutId} / ${r.webhook.withoutId}`;

  const rows = [
    [
      `referrals overdue, each owing ${r.webhooksOwed === 0 ? 'an email reminder (one channel)' : 'an email and a webhook reminder'} (${process.env.CASES ?? '?'} cases)`,
      hung
        ? `${N} referrals + ${hung.referrals} to an agency whose webhook receiver hangs, ${2 * (N + hung.referrals)} notification rows (${r.expected} not to the hanging receiver)`
        : `${N} referrals, ${r.expected} notification rows`,
    ],
    [
      'bulk load (one SQL transaction, generate_series) / VACUUM ANALYZE',
      `${s(Number(process.env.LOAD_MS))} s / ${s(Number(process.env.VACUUM_MS))} s`,
    ],
    [
      `**all ${r.expected}${healthy} delivered** (sink + receiver counted all, every row 'delivered'), from the due instant`,
      r.timedOut ? `**timed out** after ${s(r.endMs - due)} s` : `**${s(doneMs)} s**`,
    ],
    [
      `**deliveries/s overall**${healthy} (all / time to the last)`,
      `**${rate(deliveries, doneMs)}**`,
    ],
    [
      'deliveries/s steady (10 % → 90 % delivered) / best 5 s',
      `${steady}/s / ${best5.toFixed(0)}/s`,
    ],
    ...(r.webhooksOwed === 0 ? ['email'] : ['email', 'webhook']).map((channel) => {
      const c = r[channel];
      const row = byChannel[channel];
      return [
        `${channel}: ${c.count} received (${c.unique} distinct), last at / rate`,
        `${s(c.last - due)} s / ${rate(c.count, c.last - due)} (${(c.bytes / c.count).toFixed(0)} B each; lateness p50 ${s(row.p50_late)} s)`,
      ];
    }),
    ['first message after the due instant (sweep every 1 s)', `${s(firstMs)} s`],
    [
      'sweep: first / last row queued (first pass), after the due instant',
      `${s(all.first_enqueued - due)} s / ${s(all.last_enqueued - due)} s`,
    ],
    ['lateness (delivered_at − due_at) p50 / p99', `${s(all.p50_late)} s / ${s(all.p99_late)} s`],
    [
      'claim → delivered per row p50 / p99 (render, send, mark, audit, follow-up)',
      `${all.p50_claim_to_done.toFixed(0)} ms / ${all.p99_claim_to_done.toFixed(0)} ms`,
    ],
    ['duplicates at the receivers', duplicateNote],
    [
      'bad webhook signatures / messages without an action link / wrong recipient or type',
      `${r.webhook.badSignature} / ${r.email.withoutLink + r.webhook.withoutLink} / ${r.email.wrongRecipient + r.webhook.wrongType}`,
    ],
    [
      `rows${healthy} delivered / failed / cancelled / retried (attempts > 1)`,
      `${all.delivered} / ${all.failed} / ${all.cancelled} / ${all.retried}`,
    ],
    ...(hung
      ? [
          [
            `**hanging receiver** (its own port; ${hung.referrals} webhooks owed): requests received / most held open at once / open at the end; first / last request after the due instant`,
            `**${hung.requests} / ${hung.mostOpen}** / ${hung.openAtEnd}; ${hung.first === null ? '–' : `${s(hung.first - due)} s`} / ${hung.last === null ? '–' : `${s(hung.last - due)} s`}`,
          ],
          [
            "**hanging receiver's webhook rows at the end**: pending held (held_for set) / pending not held / sending / failed / delivered; tries counted (attempts)",
            `**${hung.rows.held} / ${hung.rows.pending} / ${hung.rows.sending} / ${hung.rows.failed} / ${hung.rows.delivered}**${hung.rows.cancelled ? ` (cancelled ${hung.rows.cancelled})` : ''}; ${hung.rows.attempts}`,
          ],
          [
            "hanging receiver's circuit at the end: state / consecutive failures / times opened",
            hung.circuit
              ? `${hung.circuit.state} / ${hung.circuit.consecutive_failures} / ${hung.circuit.times_opened}`
              : 'no row (never recorded)',
          ],
        ]
      : []),
    [
      `rows queued again by the sweep (not delivered ${r.requeueSeconds} s after queueing)`,
      `${all.queued_again}`,
    ],
    [
      'follow-up overdue reminders written (pending, due a working day later; not counted)',
      `${r.followUps.rows} (${r.followUps.pending} pending, ${r.followUps.due_now} due now), due ${new Date(r.followUps.first_due).toISOString().slice(0, 16)}Z … ${new Date(r.followUps.last_due).toISOString().slice(0, 16)}Z`,
    ],
    [
      'referrals.reminders_ignored after the run / other notifications written',
      `${r.remindersIgnored.map((x) => `${x.reminders_ignored}: ${x.n}`).join(', ')} / ${r.others.length ? r.others.map((x) => `${x.kind}#${x.sequence}: ${x.n}`).join(', ') : 'none'}`,
    ],
    ['audit rows written', r.audit.map((x) => `${x.action}: ${x.n}`).join(', ')],
    [
      '**Redis used_memory**: before → peak sampled (+ growth) → end',
      `${mib(r.baseline.redis.usedMemory)} → **${mib(r.peak.redisUsed)}** (+${mib(r.peak.redisUsed - r.baseline.redis.usedMemory)}) → ${mib(r.end.redis.usedMemory)}`,
    ],
    [
      'Redis used_memory_peak (server-wide, since its start) before / after; RSS peak',
      `${mib(r.baseline.redis.usedMemoryPeak)} / ${mib(r.end.redis.usedMemoryPeak)}; ${mib(r.peak.redisRss)}`,
    ],
    [
      'queue: most jobs waiting / active at once; completed kept at the end',
      `${r.peak.queueWaiting} / ${r.peak.queueActive}; ${r.end.redis.queue.completed}`,
    ],
    [
      "**PostgreSQL memory**, server processes + this database's backends: RSS sum before → peak (PSS sum before → peak)",
      `${kmib(r.baseline.postgres.rssKiB)} → **${kmib(r.peak.pgRssKiB)}** (${kmib(r.baseline.postgres.pssKiB)} → ${kmib(r.peak.pgPssKiB)})`,
    ],
    [
      'database size before → after (notifications table with indexes after)',
      `${mib(b.database.size)} → ${a ? mib(a.database.size) : '–'} (${notif ? mib(notif.size) : '–'})`,
    ],
    [
      'notifications: row updates (HOT) / dead tuples left (autovacuum off)',
      notif
        ? `${notif.n_tup_upd - b.tables.notifications.n_tup_upd} (${notif.n_tup_hot_upd - b.tables.notifications.n_tup_hot_upd}) / ${notif.n_dead_tup}`
        : '–',
    ],
    [
      '**service RSS**: before → peak → end',
      `${kmib(r.baseline.serviceRssKiB)} → **${kmib(r.peak.serviceRssKiB)}** → ${kmib(r.end.serviceRssKiB)}`,
    ],
    ['CPU, service (Node, one event loop)', cpu(r.cpu.service)],
    ["CPU, PostgreSQL (server processes + this database's backends)", cpu(r.cpu.postgres)],
    ['CPU, Redis', cpu(r.cpu.redis)],
    ['CPU, bench peers and sampler', cpu(r.cpu.driver)],
    [
      "CPU, other sessions on this shared machine (other databases' backends; everything else)",
      `${((r.cpu.otherPostgres / wall) * 100).toFixed(0)}% of a core; ${((othersSeconds / wall) * 100).toFixed(0)}% of a core`,
    ],
    [
      `machine busy (${r.cpu.cores} cores) during the delivery / just before the due instant`,
      `${(r.cpu.machineBusy * 100).toFixed(0)}% / ${(r.cpu.busyBefore * 100).toFixed(0)}%`,
    ],
    [
      'PostgreSQL per delivery: transactions / rows fetched / inserted / updated',
      `${per('xact_commit')} / ${per('tup_fetched')} / ${per('tup_inserted')} / ${per('tup_updated')}`,
    ],
    [
      `service connections (application_name jejak; mean ${connectionTotal.toFixed(1)} open), mean per 1-s sample by state:wait`,
      connectionStates || '–',
    ],
    [
      'PostgreSQL, active statements of the service (mean at once, sampled every 250 ms)',
      top(r.connections.active, 8) || '–',
    ],
    [
      'connections idle in transaction (waiting on the service), by the statement they ran last',
      top(r.connections.idleInTransaction, 5) || '–',
    ],
  ];
  console.log('| measurement | result |');
  console.log('| --- | --- |');
  for (const [label, value] of rows) console.log(`| ${label} | ${value} |`);
}

// ---- profile ----------------------------------------------------------------------------------

/** Where a frame's code lives: a package, the service's own code, Node itself, or V8. */
function ownerOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [first, second] = url.slice(modules + 14).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.includes('/dist/src/')) return 'jejak (dist/src)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url;
}

/**
 * Self time of the service's CPU profile, by package and by function (idle left out); with
 * PROFILE_LAST_SECONDS, only the samples of the process's last seconds (a load without its setup).
 */
function profile(...files) {
  const lastSeconds = Number(process.env.PROFILE_LAST_SECONDS ?? 0);
  const rows = new Map();
  const attributed = new Map();
  const functions = new Map();
  let total = 0;
  for (const file of files) {
    const { nodes, samples, timeDeltas, endTime, startTime } = JSON.parse(
      readFileSync(file, 'utf8'),
    );
    const from = lastSeconds > 0 ? endTime - lastSeconds * 1e6 : startTime;
    let at = startTime;
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const parent = new Map();
    for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    /** Node's own code and native frames count for the nearest package (or jejak) that called. */
    const caller = (id) => {
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { url, functionName } = byId.get(at).callFrame;
        const owner = ownerOf(url, functionName);
        if (!owner.startsWith('node:') && owner !== '(native)' && owner !== '(root)') return owner;
      }
      const { url, functionName } = byId.get(id).callFrame;
      return ownerOf(url, functionName);
    };
    samples.forEach((id, i) => {
      at += timeDeltas[i] ?? 0;
      if (at < from) return;
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      if (functionName === '(idle)') return;
      const us = Math.max(0, timeDeltas[i] ?? 0);
      total += us;
      const owner = ownerOf(url, functionName);
      rows.set(owner, (rows.get(owner) ?? 0) + us);
      const by = caller(id);
      attributed.set(by, (attributed.get(by) ?? 0) + us);
      const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'} ${where}`.trim();
      functions.set(key, (functions.get(key) ?? 0) + us);
    });
  }
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) => `| ${k} | ${(us / 1e6).toFixed(1)} s | ${((100 * us) / total).toFixed(1)}% |`,
      );
  console.log(
    `Service CPU profile (node --cpu-prof, ${lastSeconds > 0 ? `the process's last ${lastSeconds} s` : 'whole life of the process incl. boot'}): ${(total / 1e6).toFixed(1)} s on the main thread, idle excluded`,
  );
  console.log();
  console.log('| self time by owner | CPU | share |');
  console.log('| --- | --- | --- |');
  for (const line of top(rows, 15)) console.log(line);
  console.log();
  console.log(
    '| the same, with Node internals and native code (socket writes...) counted for their caller | CPU | share |',
  );
  console.log('| --- | --- | --- |');
  for (const line of top(attributed, 15)) console.log(line);
  console.log();
  console.log('| self time by function | CPU | share |');
  console.log('| --- | --- | --- |');
  for (const line of top(functions, 25)) console.log(line);
}

const [phase, ...args] = process.argv.slice(2);
const phases = { run, stats, report, profile };
if (!phases[phase]) fail(`unknown phase ${phase}; use run, stats or report`);
try {
  await phases[phase](...args);
} catch (error) {
  fail(error.stack ?? error.message);
}
