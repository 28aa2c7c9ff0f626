import { bearer } from './support/factories';
import { eventually, notificationsOf, rowBecomes, sendReferral } from './support/fault-helpers';
import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { QueueBackend, startTestApp, TestApp } from './support/test-app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(240_000);

const DESTINATION_CAP = 2;
const BREAKER_FAILURES = 3;
const OTHER_AGENCIES = 4;
const REFERRALS_PER_OTHER_AGENCY = 50;
const HUNG_REFERRALS = 8;
const METRICS_TOKEN = 'metrics-token-'.padEnd(40, 'b');

interface DestinationView {
  destination: string;
  state: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: string | null;
  openedAt: string | null;
  nextProbeAt: string | null;
  rowsWaiting: number;
}

/**
 * One agency's receiver hangs while 200 referrals go to four other agencies, each owing an email
 * and a webhook. After a few timeouts the hung destination's circuit opens: its messages are held,
 * untried, while every other message goes out; when it answers again a probe closes the circuit
 * and each held message is delivered once. On both queue backends.
 */
describe.each<QueueBackend>(['redis', 'postgres'])(
  'a destination that stops answering (%s queue)',
  (queue) => {
    let t: TestApp;
    let sink: SmtpSink;
    let hung: WebhookReceiver;
    let healthy: WebhookReceiver[];

    beforeAll(async () => {
      sink = await startSmtpSink();
      hung = await startWebhookReceiver();
      healthy = [await startWebhookReceiver(), await startWebhookReceiver()];
      t = await startTestApp({
        queue,
        env: {
          SMTP_URL: sink.url,
          METRICS_TOKEN,
          NOTIFICATION_SWEEP_SECONDS: '1',
          NOTIFICATION_CONCURRENCY: '8',
          NOTIFICATION_DESTINATION_CONCURRENCY: String(DESTINATION_CAP),
          // Webhooks give up after half the lease: 2 s here.
          NOTIFICATION_REQUEUE_SECONDS: '4',
          NOTIFICATION_RETRY_BASE_MS: '300',
          NOTIFICATION_MAX_ATTEMPTS: '30',
          NOTIFICATION_BREAKER_FAILURES: String(BREAKER_FAILURES),
          NOTIFICATION_BREAKER_COOL_DOWN_SECONDS: '1',
        },
      });
    });

    afterAll(async () => {
      await t?.close();
      await Promise.all([sink?.close(), hung?.close(), ...(healthy ?? []).map((r) => r.close())]);
    });

    async function destinations(world: ReferralWorld): Promise<DestinationView[]> {
      const response = await t
        .http()
        .get('/api/v1/notifications/destinations')
        .set(...bearer(world.admin));
      expect(response.status).toBe(200);
      return response.body.items as DestinationView[];
    }

    it('holds only that destination, lets the others through, and delivers its messages once when it answers', async () => {
      hung.hang();
      const hungWorld = await referralWorld(t, { webhookUrl: `${hung.url}/hooks/lbh` });
      const hungDestination = `webhook 127.0.0.1:${hung.port}`;
      const hungReferrals: string[] = [];
      for (let i = 0; i < HUNG_REFERRALS; i += 1)
        hungReferrals.push(await sendReferral(t, hungWorld));

      const others: ReferralWorld[] = [];
      for (let i = 0; i < OTHER_AGENCIES; i += 1)
        others.push(
          await referralWorld(t, { webhookUrl: `${healthy[i % healthy.length].url}/hooks/${i}` }),
        );
      for (let round = 0; round < REFERRALS_PER_OTHER_AGENCY; round += 1)
        for (const world of others) await sendReferral(t, world);

      // The circuit opens after a few timeouts and holds the rest of the hung agency's webhooks.
      const opened = await eventually(async () => {
        const view = (await destinations(hungWorld)).find((d) => d.destination === hungDestination);
        expect(view).toMatchObject({ state: expect.stringMatching(/^(open|half_open)$/) });
        expect(view!.rowsWaiting).toBeGreaterThan(0);
        return view!;
      }, 60_000);
      expect(opened.consecutiveFailures).toBeGreaterThanOrEqual(BREAKER_FAILURES);
      expect(opened.lastError).toMatch(/^HTTP /);
      expect(opened.openedAt).not.toBeNull();

      const scraped = await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(scraped.text).toMatch(
        new RegExp(
          `jejak_notification_destination_rows_held\\{destination="${hungDestination}"\\} [1-9]`,
        ),
      );
      expect(scraped.text).toContain(
        `jejak_notification_destination_circuit{destination="${hungDestination}",state="closed"} 0`,
      );

      // Every other agency's webhook and every email, the hung agency's too, go out meanwhile.
      const otherMessages = OTHER_AGENCIES * REFERRALS_PER_OTHER_AGENCY;
      const healthyKeys = () => healthy.reduce((sum, r) => sum + r.uniqueIdempotencyKeys(), 0);
      await eventually(() => expect(healthyKeys()).toBe(otherMessages), 120_000);
      for (const world of others)
        await sink.waitFor(REFERRALS_PER_OTHER_AGENCY, 60_000, world.agencyEmail);
      await sink.waitFor(HUNG_REFERRALS, 60_000, hungWorld.agencyEmail);
      expect(hung.uniqueIdempotencyKeys()).toBe(0);
      expect(hung.peakOpenHeld).toBeLessThanOrEqual(DESTINATION_CAP);

      // Nothing else was held back: the SMTP server and the healthy receivers kept their circuits.
      const others_ = (await destinations(hungWorld)).filter(
        (d) => d.destination !== hungDestination,
      );
      expect(others_.map((d) => d.destination).sort()).toEqual(
        ['smtp', ...healthy.map((r) => `webhook 127.0.0.1:${r.port}`)].sort(),
      );
      for (const view of others_) {
        expect(view).toMatchObject({ state: 'closed', consecutiveFailures: 0, rowsWaiting: 0 });
        expect(view.lastSuccessAt).not.toBeNull();
      }

      // Held rows are not tried: the receiver saw the tries that opened the circuit and the
      // probes, not one timeout per row per retry.
      const triedWhileHanging = hung.heldCount;
      expect(triedWhileHanging).toBeLessThan(HUNG_REFERRALS * 3);

      hung.recover();
      const hungWebhooks = async () =>
        (await Promise.all(hungReferrals.map((id) => notificationsOf(t, id))))
          .flat()
          .filter((row) => row.channel === 'webhook' && row.kind === 'referral_sent');
      const delivered = await eventually(async () => {
        const rows = await hungWebhooks();
        expect(rows).toHaveLength(HUNG_REFERRALS);
        expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'delivered'));
        return rows;
      }, 90_000);
      // Each message arrived, under its own key; one the receiver accepted just as its sender
      // gave up may come twice under that key, for the receiver to drop.
      for (const row of delivered)
        expect(hung.byIdempotencyKey(row.id).length).toBeGreaterThanOrEqual(1);
      expect(hung.uniqueIdempotencyKeys()).toBe(HUNG_REFERRALS);
      // Held rows were not charged a try for waiting.
      for (const row of delivered) expect(row.attempts).toBeLessThan(BREAKER_FAILURES + 4);

      const closed = (await destinations(hungWorld)).find((d) => d.destination === hungDestination);
      expect(closed).toMatchObject({
        state: 'closed',
        consecutiveFailures: 0,
        rowsWaiting: 0,
        nextProbeAt: null,
      });
      const rows = await t.db.query<{ held: number }>(
        `SELECT count(*)::int AS held FROM notifications WHERE held_for IS NOT NULL AND status = 'pending'`,
      );
      expect(rows.rows[0].held).toBe(0);
    });

    it('shows the destinations to admins only', async () => {
      const world = await referralWorld(t);
      for (const user of [world.caseworker, world.supervisor, world.liaison]) {
        const response = await t
          .http()
          .get('/api/v1/notifications/destinations')
          .set(...bearer(user));
        expect(response.status).toBe(403);
      }
      expect((await t.http().get('/api/v1/notifications/destinations')).status).toBe(401);
    });
  },
);

/**
 * A destination that stays down: its held rows fail once they have waited as long as their tries
 * would have lasted, and settle as failed rows do (a reminder counts towards escalation); an
 * admin's retry, once the receiver is back, is held until a probe closes the circuit.
 */
describe('a destination that stays down', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let down: WebhookReceiver;

  beforeAll(async () => {
    sink = await startSmtpSink();
    down = await startWebhookReceiver();
    t = await startTestApp({
      env: {
        SMTP_URL: sink.url,
        NOTIFICATION_SWEEP_SECONDS: '1',
        NOTIFICATION_REQUEUE_SECONDS: '4',
        NOTIFICATION_RETRY_BASE_MS: '200',
        // Tries add up to 200 ms: a hold lasts the floor of two cool-downs, 2 s.
        NOTIFICATION_MAX_ATTEMPTS: '2',
        NOTIFICATION_BREAKER_FAILURES: '2',
        NOTIFICATION_BREAKER_COOL_DOWN_SECONDS: '1',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([sink?.close(), down?.close()]);
  });

  it('fails its held rows after their retry budget, and an admin retry goes once a probe gets through', async () => {
    down.failNext(10_000, 503);
    const world = await referralWorld(t, { webhookUrl: `${down.url}/hooks/down` });
    const referrals: string[] = [];
    for (let i = 0; i < 4; i += 1) referrals.push(await sendReferral(t, world));
    const webhooks = async () =>
      (await Promise.all(referrals.map((id) => notificationsOf(t, id))))
        .flat()
        .filter((row) => row.channel === 'webhook' && row.kind === 'referral_sent');

    const failed = await eventually(async () => {
      const rows = await webhooks();
      expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'failed'));
      return rows;
    }, 30_000);
    const heldOut = failed.filter((row) => /^Destination unreachable/.test(row.last_error ?? ''));
    expect(heldOut.length).toBeGreaterThan(0);
    const { rows: settled } = await t.db.query<{ id: string; settled_at: Date | null }>(
      `SELECT id, settled_at FROM notifications WHERE id = ANY($1)`,
      [failed.map((row) => row.id)],
    );
    for (const row of settled) expect(row.settled_at).toBeInstanceOf(Date);
    // Four rows, two tries each without the breaker; the receiver saw fewer.
    expect(down.rejectedCount).toBeLessThan(failed.length * 2);

    // The receiver is back; the circuit, still open, holds the retried row until its probe.
    down.failNext(0);
    const retried = heldOut[0];
    const answer = await t
      .http()
      .post(`/api/v1/notifications/${retried.id}/retry`)
      .set(...bearer(world.admin));
    expect(answer.status).toBe(200);
    await rowBecomes(t, retried.id, { status: 'delivered' }, 30_000);
    expect(down.byIdempotencyKey(retried.id)).toHaveLength(1);
    const view = await t
      .http()
      .get('/api/v1/notifications/destinations')
      .set(...bearer(world.admin));
    expect(
      (view.body.items as DestinationView[]).find(
        (d) => d.destination === `webhook 127.0.0.1:${down.port}`,
      ),
    ).toMatchObject({ state: 'closed', consecutiveFailures: 0, rowsWaiting: 0 });
  });
});
