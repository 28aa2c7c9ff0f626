import { JobName } from '../src/jobs/job-names';
import { JobService } from '../src/jobs/job.service';
import {
  agencyNotification,
  deleteQueueKeys,
  eventually,
  expectEachDeliveredOnce,
  notificationById,
  answerReferral,
  redisQueueOf,
  rowBecomes,
  rowsWaitingInQueue,
  sendReferral,
  settled,
  sleep,
  startWorkerProcess,
  worldAddresses,
} from './support/fault-helpers';
import { RunningService } from './support/process-runner';
import { startRedisProxy, RedisProxy } from './support/redis-proxy';
import { referralWorld, SECONDS_POLICY, setPolicy } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

/**
 * Sweep every second and retries 200 ms apart, but the requeue window at its default (5 min): a
 * job lost with Redis's data must come back because the loss is noticed, not because it is old.
 */
const NOTIFICATIONS = {
  NOTIFICATION_SWEEP_SECONDS: '1',
  NOTIFICATION_RETRY_BASE_MS: '200',
  NOTIFICATION_MAX_ATTEMPTS: '3',
};
/**
 * Long enough for BullMQ's own reconnect back-off to have grown (1 s for the first six tries, then
 * 1.1, 3, 8.1 and 20 s): without a cap, Redis answering now would stay unused for about 18 s.
 */
const OUTAGE_MS = 20_000;

describe('Redis goes away and comes back empty', () => {
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let proxy: RedisProxy;
  let t: TestApp;
  let worker: RunningService | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    proxy = await startRedisProxy(TEST_REDIS_URL);
    // The API in this process and a worker process, both reaching Redis through the proxy.
    t = await startTestApp({
      env: { APP_ROLE: 'api', REDIS_URL: proxy.url, SMTP_URL: sink.url, ...NOTIFICATIONS },
    });
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await t?.close();
    await proxy?.close();
    await receiver?.close();
    await sink?.close();
  });

  it('resumes deliveries within a sweep of Redis answering, re-creates the sweep, and logs the outage in a few structured lines', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    await setPolicy(t, world.admin, 'legal_aid', 'normal', {
      ...SECONDS_POLICY,
      acknowledgeAmount: 3,
      completeAmount: 60,
      remindBeforeDueAmount: 1,
      remindBeforeDueUnit: 'seconds',
    });
    worker = startWorkerProcess(t, sink.url, NOTIFICATIONS);
    await worker.waitForOutput(/Jejak is running \(role worker/, 20_000);
    const jobs = t.app.get(JobService);
    const notificationsQueue = jobs.queueOf(JobName.DeliverNotification);
    const maintenanceQueue = jobs.queueOf(JobName.SweepDueNotifications);
    const { prefix } = redisQueueOf(t);

    const referralId = await sendReferral(t, world);
    for (const channel of ['email', 'webhook'] as const)
      await rowBecomes(t, (await agencyNotification(t, referralId, 'referral_sent', channel)).id, {
        status: 'delivered',
      });

    // Deliveries held back, so that the acknowledgement reminders sit in Redis as jobs when the
    // sweep queues them: those jobs are what the outage loses.
    await notificationsQueue.pause();
    const acks = await Promise.all(
      (['email', 'webhook'] as const).map((channel) =>
        agencyNotification(t, referralId, 'acknowledge_reminder', channel),
      ),
    );
    await eventually(async () => {
      for (const ack of acks)
        expect((await notificationById(t, ack.id)).enqueued_at).toBeInstanceOf(Date);
      expect(await rowsWaitingInQueue(t)).toEqual(
        expect.arrayContaining(acks.map((ack) => ack.id)),
      );
    }, 10_000);

    const outputBefore = worker.output().length;
    const errorsBefore = worker.errors().length;
    await proxy.down();
    // Redis restarts empty: this app's keys only (other test files share the server).
    expect(await deleteQueueKeys(TEST_REDIS_URL, prefix)).toBeGreaterThan(0);
    await sleep(OUTAGE_MS);
    const health = await t.http().get('/health');
    expect(health.status).toBe(503);
    await proxy.up();
    const backAt = Date.now();

    // The outage, as the worker told it: structured lines, a few per source, no raw stack.
    const told = worker.output().slice(outputBefore);
    const rawErrors = worker.errors().slice(errorsBefore);
    expect(rawErrors).not.toMatch(/^\s+at /m);
    const outageLines = told
      .split('\n')
      .filter((line) => /ECONNREFUSED|Connection is closed|ECONNRESET/.test(line));
    for (const line of outageLines)
      expect(JSON.parse(line)).toMatchObject({ level: 40, msg: 'Job queue error' });
    // One line for each of the worker's connections (three queues, three workers, the watch),
    // where BullMQ alone printed about a hundred stack traces.
    expect(outageLines.length).toBeGreaterThan(0);
    expect(outageLines.length).toBeLessThanOrEqual(8);
    expect(told.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(12);

    await eventually(async () => expect((await t.http().get('/health')).status).toBe(200), 5000);
    const healthyAfterMs = Date.now() - backAt;
    for (const ack of acks) await rowBecomes(t, ack.id, { status: 'delivered' }, 8000);
    const deliveredAfterMs = Date.now() - backAt;
    expect(await maintenanceQueue.getJobScheduler(JobName.SweepDueNotifications)).toMatchObject({
      every: 1000,
    });
    // Redis answered at once; the back-off is capped at 2 s, and one sweep (1 s) requeues.
    expect(healthyAfterMs).toBeLessThan(3500);
    expect(deliveredAfterMs).toBeLessThan(5000);

    await answerReferral(t, world, referralId);
    await settled(t, referralId);
    await sleep(1000);
    expectEachDeliveredOnce(await settled(t, referralId), sink, receiver, {
      addresses: worldAddresses(world),
    });
  });
});
