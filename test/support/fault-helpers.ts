import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { deliveryRowIds, JobName, type JobPayload } from '../../src/jobs/job-names';
import { JobService } from '../../src/jobs/job.service';
import { bearer } from './factories';
import { BUILT_MAIN, runService, RunningService } from './process-runner';
import { ReferralWorld } from './referral-fixtures';
import { ReceivedMail, SmtpSink } from './smtp-sink';
import { TEST_APP_SECRET, TEST_DATA_KEY, TestApp } from './test-app';
import { WebhookReceiver } from './webhook-receiver';

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Retries an assertion until it passes or the time is up, then fails with its last error. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

/** The notification rows that delivery jobs waiting in the queue carry (a job carries a batch). */
export async function rowsWaitingInQueue(t: TestApp): Promise<string[]> {
  const waiting = await t.app.get(JobService).queueOf(JobName.DeliverNotification).getWaiting();
  return waiting.flatMap((job) =>
    deliveryRowIds(job.data as JobPayload<JobName.DeliverNotification>),
  );
}

/** A notification row as stored, read straight from PostgreSQL. */
export interface NotificationRow {
  id: string;
  kind: string;
  channel: 'email' | 'webhook';
  recipient_kind: string;
  sequence: number;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  due_at: Date;
  next_attempt_at: Date;
  enqueued_at: Date | null;
  lease_expires_at: Date | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
}

const ROW_COLUMNS = `id, kind, channel, recipient_kind, sequence, status, attempts, max_attempts, last_error,
  due_at, next_attempt_at, enqueued_at, lease_expires_at, last_attempt_at, delivered_at, failed_at`;

export async function notificationsOf(t: TestApp, referralId: string): Promise<NotificationRow[]> {
  const { rows } = await t.db.query<NotificationRow>(
    `SELECT ${ROW_COLUMNS} FROM notifications WHERE referral_id = $1 ORDER BY created_at, id`,
    [referralId],
  );
  return rows;
}

export async function notificationById(t: TestApp, id: string): Promise<NotificationRow> {
  const { rows } = await t.db.query<NotificationRow>(
    `SELECT ${ROW_COLUMNS} FROM notifications WHERE id = $1`,
    [id],
  );
  if (rows.length !== 1) throw new Error(`no notification ${id}`);
  return rows[0];
}

/** The agency's row of one kind and channel (sequence 1), once it exists. */
export async function agencyNotification(
  t: TestApp,
  referralId: string,
  kind: string,
  channel: 'email' | 'webhook',
): Promise<NotificationRow> {
  return eventually(async () => {
    const row = (await notificationsOf(t, referralId)).find(
      (r) =>
        r.kind === kind &&
        r.channel === channel &&
        r.recipient_kind === 'agency' &&
        r.sequence === 1,
    );
    if (!row) throw new Error(`no ${kind} ${channel} row for referral ${referralId}`);
    return row;
  });
}

/** Waits until the row satisfies `expected` (a partial match), and returns it. */
export async function rowBecomes(
  t: TestApp,
  id: string,
  expected: Partial<NotificationRow>,
  timeoutMs = 10_000,
): Promise<NotificationRow> {
  try {
    return await eventually(async () => {
      const row = await notificationById(t, id);
      expect(row).toMatchObject(expected);
      return row;
    }, timeoutMs);
  } catch (error) {
    // The partial match shows only the fields compared; a row stuck `sending` or `pending` is
    // explained by its attempts, lease and queueing times, read against the database's clock.
    const {
      rows: [now],
    } = await t.db.query<{ now: Date }>('SELECT now()');
    const row = await notificationById(t, id);
    throw new Error(
      `${(error as Error).message}\n\nthe whole row at ${now.now.toISOString()}: ${JSON.stringify(row, null, 2)}` +
        `\njobs (deliveries, then maintenance): ${await queueCounts(t)}`,
      { cause: error },
    );
  }
}

/**
 * Jobs waiting that no worker takes, or none at all while a lease ran out long ago, point at the
 * worker or at the sweep.
 */
async function queueCounts(t: TestApp): Promise<string> {
  try {
    const jobs = t.app.get(JobService);
    const counts = await Promise.all(
      [JobName.DeliverNotification, JobName.SweepDueNotifications].map((name) =>
        jobs.queueOf(name).getJobCounts(),
      ),
    );
    return counts.map((count) => JSON.stringify(count)).join(' ');
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
}

/** The Message-ID header the mail carries; Jejak sets `<notification-ID@jejak>`. */
export function messageIdOf(mail: ReceivedMail): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return /^Message-ID:\s*(<[^>\s]+>)\s*$/im.exec(head)?.[1];
}

export function mailsOf(sink: SmtpSink, notificationId: string): ReceivedMail[] {
  return sink.messages.filter((m) => messageIdOf(m) === `<notification-${notificationId}@jejak>`);
}

/** Creates and sends a legal-aid referral to the world's receiving agency; returns its id. */
export async function sendReferral(
  t: TestApp,
  world: ReferralWorld,
  priority: 'normal' | 'high' = 'normal',
): Promise<string> {
  const created = await t
    .http()
    .post(`/api/v1/cases/${world.caseId}/referrals`)
    .set(...bearer(world.caseworker))
    .send({
      agencyId: world.receivingAgencyId,
      service: 'legal_aid',
      priority,
      reason: 'Keluarga meminta pendampingan hukum untuk restitusi.',
      request: 'Mohon pendampingan hukum bagi keluarga almarhum.',
      victimIds: [world.victimId],
      familyMemberIds: [world.familyMemberIds[0]],
      consent: 'family',
      sharedFields: ['full_name', 'death_details', 'family_contacts'],
      send: true,
    });
  if (created.status !== 201 || created.body.status !== 'sent')
    throw new Error(`referral not sent: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/**
 * The receiving agency answers: its liaison declines the referral, so every reminder it still
 * owed is cancelled. (Declining rather than acknowledging stops the overdue chain as well.)
 */
export async function answerReferral(
  t: TestApp,
  world: ReferralWorld,
  referralId: string,
): Promise<void> {
  const answered = await t
    .http()
    .post(`/api/v1/referrals/${referralId}/responses`)
    .set(...bearer(world.liaison))
    .send({ action: 'decline', reason: 'Di luar wilayah layanan kami.' });
  if (answered.status !== 200 || answered.body.status !== 'declined')
    throw new Error(`decline failed: ${answered.status} ${JSON.stringify(answered.body)}`);
}

/** Waits until no row of the referral is pending or in flight. */
export async function settled(
  t: TestApp,
  referralId: string,
  timeoutMs = 10_000,
): Promise<NotificationRow[]> {
  return eventually(async () => {
    const rows = await notificationsOf(t, referralId);
    const open = rows.filter((r) => r.status === 'pending' || r.status === 'sending');
    expect(open.map((r) => `${r.kind}/${r.channel}/${r.status}`)).toEqual([]);
    return rows;
  }, timeoutMs);
}

export interface LedgerOptions {
  /** Statuses a row may end in; delivered and cancelled unless the test expects failures. */
  allowed?: NotificationRow['status'][];
  /** The addresses this referral's mail can go to: every message to them must be one of its rows. */
  addresses: string[];
}

/**
 * The key property: every delivered row was received exactly once (email by its Message-ID,
 * webhook by its Idempotency-Key), no other row was received at all, and nothing reached the
 * referral's recipients that is not one of its rows.
 */
export function expectEachDeliveredOnce(
  rows: NotificationRow[],
  sink: SmtpSink,
  receiver: WebhookReceiver | undefined,
  options: LedgerOptions,
): void {
  const allowed = options.allowed ?? ['delivered', 'cancelled'];
  const received = rows.map((row) => ({
    row: `${row.kind}#${row.sequence}/${row.channel}/${row.recipient_kind}`,
    status: row.status,
    copies:
      row.channel === 'email'
        ? mailsOf(sink, row.id).length
        : (receiver?.byIdempotencyKey(row.id).length ?? 0),
  }));
  expect(received).toEqual(
    received.map((r) => ({
      ...r,
      status: allowed.includes(r.status) ? r.status : `one of ${allowed.join('|')}`,
      copies: r.status === 'delivered' ? 1 : 0,
    })),
  );

  const emailIds = new Set(
    rows.filter((r) => r.channel === 'email').map((r) => `<notification-${r.id}@jejak>`),
  );
  const stray = sink.messages.filter(
    (m) =>
      m.to.some((to) => options.addresses.includes(to.toLowerCase())) &&
      !emailIds.has(messageIdOf(m) ?? ''),
  );
  expect(stray.map((m) => `${m.to.join(',')} ${m.subject}`)).toEqual([]);
  if (receiver) {
    const webhookIds = new Set(rows.filter((r) => r.channel === 'webhook').map((r) => r.id));
    expect(
      receiver.requests.filter((r) => !webhookIds.has(r.idempotencyKey ?? '')).map((r) => r.path),
    ).toEqual([]);
  }
}

export function worldAddresses(world: ReferralWorld): string[] {
  return [world.agencyEmail, world.escalationEmail, world.supervisor.email].map((a) =>
    a.toLowerCase(),
  );
}

export function redisQueueOf(t: TestApp): { redisUrl: string; prefix: string } {
  const queue = t.config.queue;
  if (queue.backend !== 'redis') throw new Error('these tests need the Redis queue backend');
  return queue;
}

/** Deletes this app's queue keys only: other test files share the Redis server. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * Has the Redis server drop every connection this test process holds (the app's queues and
 * workers), as a restart would; ioredis then reconnects. Connections are found by their local
 * port, so no other test file's clients are touched.
 */
export async function dropOwnRedisConnections(redisUrl: string): Promise<number> {
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const localPorts = new Set(
    handles
      .filter(
        (h): h is Socket =>
          typeof h === 'object' &&
          h !== null &&
          (h as Socket).remotePort === redisPort &&
          typeof (h as Socket).localPort === 'number',
      )
      .map((socket) => socket.localPort!),
  );
  const admin = new Redis(redisUrl);
  let killed = 0;
  try {
    const list = (await admin.client('LIST')) as string;
    for (const line of list.split('\n')) {
      const id = /\bid=(\d+)/.exec(line)?.[1];
      const port = /\baddr=[^ ]*:(\d+)\b/.exec(line)?.[1];
      if (!id || !port || !localPorts.has(Number(port))) continue;
      killed += Number(await admin.client('KILL', 'ID', id));
    }
  } finally {
    admin.disconnect();
  }
  return killed;
}

/**
 * The built service as a separate worker process (APP_ROLE=worker) on the test app's database
 * and queue: its Redis and prefix, or, on the PostgreSQL backend, its database alone. Needs
 * `npm run build` (as `npm test` does first).
 */
export function startWorkerProcess(
  t: TestApp,
  smtpUrl: string,
  env: Record<string, string>,
): RunningService {
  if (!existsSync(BUILT_MAIN))
    throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const queue: Record<string, string> =
    t.config.queue.backend === 'redis'
      ? { REDIS_URL: t.config.queue.redisUrl, QUEUE_PREFIX: t.config.queue.prefix }
      : {};
  return runService(tmpdir(), {
    APP_ROLE: 'worker',
    DATABASE_URL: t.serviceDatabaseUrl,
    MIGRATION_DATABASE_URL: t.databaseUrl,
    ...queue,
    APP_SECRET: TEST_APP_SECRET,
    DATA_KEY: TEST_DATA_KEY,
    PUBLIC_BASE_URL: 'http://jejak.test',
    SMTP_URL: smtpUrl,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
}
