import { JobHandlerRegistry } from '../src/jobs/job-handler.registry';
import { JobName } from '../src/jobs/job-names';
import { mailsOf, notificationById, notificationsOf, sendReferral } from './support/fault-helpers';
import { referralWorld } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

/**
 * A delivery job carries several rows, claimed together and then sent through the process's
 * delivery slots. Driven by hand on an API-only app (no worker takes the queued jobs), so the
 * rows are exactly the ones run here.
 */
describe('delivery jobs that carry more rows than there are delivery slots', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      env: { APP_ROLE: 'api', SMTP_URL: sink.url, NOTIFICATION_CONCURRENCY: '2' },
    });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('sends every row of the batch once, two at a time', async () => {
    const world = await referralWorld(t);
    const referrals: string[] = [];
    for (let i = 0; i < 6; i += 1) referrals.push(await sendReferral(t, world));
    const rows = (await Promise.all(referrals.map((id) => notificationsOf(t, id))))
      .flat()
      .filter((row) => row.kind === 'referral_sent');
    expect(rows.map((row) => `${row.channel} ${row.status}`)).toEqual(
      referrals.map(() => 'email pending'),
    );

    await t.app
      .get(JobHandlerRegistry)
      .run(JobName.DeliverNotification, { notificationIds: rows.map((row) => row.id) });

    const after = await Promise.all(rows.map((row) => notificationById(t, row.id)));
    expect(after.map((row) => row.status)).toEqual(rows.map(() => 'delivered'));
    for (const row of rows) expect(mailsOf(sink, row.id)).toHaveLength(1);
  });
});

describe('a claimed row that waits too long for a delivery slot', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // One slot, a 2 s lease: a row may start its send within 1 s of its claim, and a webhook
    // gives up after 1 s.
    t = await startTestApp({
      env: {
        APP_ROLE: 'api',
        NOTIFICATION_CONCURRENCY: '1',
        NOTIFICATION_REQUEUE_SECONDS: '2',
        NOTIFICATION_BREAKER_FAILURES: '100',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('goes back untried, its try not counted, rather than risk outliving its lease', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    const referrals = [await sendReferral(t, world), await sendReferral(t, world)];
    const hooks = (await Promise.all(referrals.map((id) => notificationsOf(t, id))))
      .flat()
      .filter((row) => row.kind === 'referral_sent' && row.channel === 'webhook');
    expect(hooks).toHaveLength(2);

    // The first send hangs until its timeout, holding the only slot past half the lease.
    receiver.holdNext();
    await t.app
      .get(JobHandlerRegistry)
      .run(JobName.DeliverNotification, { notificationIds: hooks.map((row) => row.id) });

    const [first, second] = await Promise.all(hooks.map((hook) => notificationById(t, hook.id)));
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP timeout' });
    expect(second).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    expect(receiver.byIdempotencyKey(hooks[1].id)).toHaveLength(0);
  });
});
