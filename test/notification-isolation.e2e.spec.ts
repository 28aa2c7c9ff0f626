import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import { eventually, notificationsOf, sendReferral } from './support/fault-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const DESTINATION_CAP = 2;

/**
 * One agency's webhook receiver hangs. Its deliveries may hold only NOTIFICATION_DESTINATION_
 * CONCURRENCY of the worker's slots: the emails and the other agencies' webhooks go out meanwhile,
 * and the hung agency's messages arrive once each when its receiver answers again.
 */
describe('a receiver that hangs stalls only its own messages', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let hung: WebhookReceiver;
  let healthy: WebhookReceiver;

  beforeAll(async () => {
    sink = await startSmtpSink();
    hung = await startWebhookReceiver();
    healthy = await startWebhookReceiver();
    t = await startTestApp({
      env: {
        SMTP_URL: sink.url,
        NOTIFICATION_SWEEP_SECONDS: '1',
        NOTIFICATION_CONCURRENCY: '6',
        NOTIFICATION_DESTINATION_CONCURRENCY: String(DESTINATION_CAP),
        // Webhooks give up after half the lease: 2 s here.
        NOTIFICATION_REQUEUE_SECONDS: '4',
        NOTIFICATION_RETRY_BASE_MS: '300',
        NOTIFICATION_MAX_ATTEMPTS: '30',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([sink?.close(), hung?.close(), healthy?.close()]);
  });

  it('keeps to its cap while everyone else is served, then delivers each of its messages once', async () => {
    hung.hang();
    const hungWorld = await referralWorld(t, { webhookUrl: `${hung.url}/hooks/lbh` });
    const hungReferrals: string[] = [];
    // More of them than the worker has slots: uncapped, they alone would fill every slot.
    for (let i = 0; i < 8; i += 1) hungReferrals.push(await sendReferral(t, hungWorld));

    const others: Array<{ world: ReferralWorld; referralId: string }> = [];
    for (let i = 0; i < 10; i += 1) {
      const world = await referralWorld(t, { webhookUrl: `${healthy.url}/hooks/${i}` });
      others.push({ world, referralId: await sendReferral(t, world) });
    }

    // Every other agency's webhook and every email (the hung agency's too) arrive while it hangs.
    await healthy.waitFor(others.length, 60_000);
    const addresses = [hungWorld, ...others.map((o) => o.world)].map((w) => w.agencyEmail);
    for (const address of addresses) await sink.waitFor(1, 60_000, address);
    expect(hung.uniqueIdempotencyKeys()).toBe(0);
    expect(hung.peakOpenHeld).toBeGreaterThan(0);
    expect(hung.peakOpenHeld).toBeLessThanOrEqual(DESTINATION_CAP);

    hung.recover();
    const hungWebhooks = async () =>
      (await Promise.all(hungReferrals.map((id) => notificationsOf(t, id))))
        .flat()
        .filter((row) => row.channel === 'webhook' && row.kind === 'referral_sent');
    expect(await hungWebhooks()).toHaveLength(hungReferrals.length);
    await hung.waitFor(hungReferrals.length, 60_000);
    const rows = await eventually(async () => {
      const current = await hungWebhooks();
      expect(current.map((row) => row.status)).toEqual(current.map(() => 'delivered'));
      return current;
    }, 30_000);
    // A copy the receiver accepted just as its sender gave up comes again, under the same key.
    for (const row of rows) expect(hung.byIdempotencyKey(row.id).length).toBeGreaterThanOrEqual(1);
    expect(hung.uniqueIdempotencyKeys()).toBe(hungReferrals.length);
    expect(hung.peakOpenHeld).toBeLessThanOrEqual(DESTINATION_CAP);
  });
});
