import { agencyNotification, notificationById, sendReferral } from './support/fault-helpers';
import { startRedisProxy, RedisProxy } from './support/redis-proxy';
import { referralWorld } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

/**
 * The service stops (a deploy, SIGTERM) while a webhook is on its way: the worker stops taking
 * jobs, the running delivery finishes, and it is recorded before the database connections close.
 * Otherwise the row stays `sending` and goes out a second time after its lease.
 */
describe('stopping the service in the middle of a delivery', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([sink?.close(), receiver?.close()]);
  });

  it('lets the delivery finish and records it before closing the database', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    receiver.holdNext();
    const referralId = await sendReferral(t, world);
    const hook = await agencyNotification(t, referralId, 'referral_sent', 'webhook');
    const deadline = Date.now() + 10_000;
    while (receiver.heldCount < 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.heldCount).toBe(1);

    // The receiver answers a second after the service was told to stop.
    const answer = setTimeout(() => receiver.releaseHeld(), 1000);
    try {
      await t.app.close();
    } finally {
      clearTimeout(answer);
    }
    expect(receiver.byIdempotencyKey(hook.id)).toHaveLength(1);
    expect(await notificationById(t, hook.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });
});

/**
 * Redis comes back just before a stop, while the workers' connections still wait out their
 * reconnect back-off. BullMQ waits for a connection closed in that state to end, which it never
 * does (taskforcesh/bullmq#4656): the stop hung, and a test's clean-up with it.
 */
describe('stopping the service just after Redis came back', () => {
  let proxy: RedisProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await startRedisProxy(TEST_REDIS_URL);
    t = await startTestApp({ env: { REDIS_URL: proxy.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
  });

  it('waits for the connections to be back, then stops', async () => {
    await proxy.down();
    // Long enough for every connection to notice and to be in its back-off.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await proxy.up();
    const started = Date.now();
    await t.stopApp();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
