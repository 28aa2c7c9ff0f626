import {
  agencyNotification,
  answerReferral,
  eventually,
  notificationById,
  notificationsOf,
  rowBecomes,
  sendReferral,
} from './support/fault-helpers';
import { startRedisProxy, RedisProxy } from './support/redis-proxy';
import { referralWorld } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

/**
 * Sweep every second, but the requeue window at its default (5 min): a row whose job could not be
 * added must be taken by the next sweep once the queue is back, not only after the window.
 */
const NOTIFICATIONS = {
  NOTIFICATION_SWEEP_SECONDS: '1',
  NOTIFICATION_RETRY_BASE_MS: '200',
  NOTIFICATION_MAX_ATTEMPTS: '3',
};
/** Redis reconnects within its capped back-off (2 s), then one sweep (1 s) queues the row. */
const BACK_WITHIN_MS = 5000;

let sink: SmtpSink;
let receiver: WebhookReceiver;
let proxy: RedisProxy;
let t: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink();
  receiver = await startWebhookReceiver();
  // Redis keeps its data through the outage: only this app's connections go through the proxy.
  proxy = await startRedisProxy(TEST_REDIS_URL);
  t = await startTestApp({ env: { REDIS_URL: proxy.url, SMTP_URL: sink.url, ...NOTIFICATIONS } });
});

afterAll(async () => {
  await t?.close();
  await proxy?.close();
  await receiver?.close();
  await sink?.close();
});

let redisDown = false;
async function redisGoesAway(): Promise<void> {
  await proxy.down();
  redisDown = true;
}
async function redisComesBack(): Promise<number> {
  await proxy.up();
  redisDown = false;
  return Date.now();
}

afterEach(async () => {
  if (redisDown) await redisComesBack();
});

describe('a notification whose job cannot be added', () => {
  it('is not left marked as queued when written, and goes out within a sweep of the queue coming back', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    await redisGoesAway();
    const referralId = await sendReferral(t, world);
    const sent = (await notificationsOf(t, referralId)).filter((r) => r.kind === 'referral_sent');
    expect(sent.length).toBeGreaterThan(0);
    for (const row of sent)
      expect(await notificationById(t, row.id)).toMatchObject({
        status: 'pending',
        enqueued_at: null,
      });

    const backAt = await redisComesBack();
    for (const row of sent) await rowBecomes(t, row.id, { status: 'delivered' }, BACK_WITHIN_MS);
    expect(Date.now() - backAt).toBeLessThan(BACK_WITHIN_MS);
    await answerReferral(t, world, referralId);
  });

  it('is not left marked as queued after a failed try, and is tried again within a sweep of the queue coming back', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    receiver.holdNext();
    const referralId = await sendReferral(t, world);
    const hook = await agencyNotification(t, referralId, 'referral_sent', 'webhook');
    await eventually(() => expect(receiver.heldCount).toBe(1));
    // Redis goes away while the webhook is in flight; the webhook then fails.
    await redisGoesAway();
    receiver.reset();
    const waiting = await eventually(async () => {
      const row = await notificationById(t, hook.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, enqueued_at: null });
      return row;
    }, 10_000);
    expect(waiting.last_error).toMatch(/^HTTP /);

    const backAt = await redisComesBack();
    await rowBecomes(t, hook.id, { status: 'delivered', attempts: 2 }, BACK_WITHIN_MS);
    expect(Date.now() - backAt).toBeLessThan(BACK_WITHIN_MS);
    expect(receiver.byIdempotencyKey(hook.id)).toHaveLength(1);
    await answerReferral(t, world, referralId);
  });
});
