import {
  eventually,
  expectEachDeliveredOnce,
  notificationsOf,
  sendReferral,
  startWorkerProcess,
  worldAddresses,
} from './support/fault-helpers';
import { freePort, RunningService } from './support/process-runner';
import { referralWorld } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { QueueBackend, startTestApp, TestApp } from './support/test-app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const REFERRALS = 60;
const METRICS_TOKEN = 'metrics-token-'.padEnd(40, 'w');
const NOTIFICATIONS = {
  NOTIFICATION_SWEEP_SECONDS: '1',
  NOTIFICATION_RETRY_BASE_MS: '200',
  NOTIFICATION_CONCURRENCY: '4',
};

/**
 * Two worker processes on one database and one Redis, as an operator scales out: the API queues,
 * both workers deliver, and each message goes out once, whichever worker took it.
 */
describe.each<QueueBackend>(['redis', 'postgres'])('two worker processes (%s queue)', (queue) => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  const workers: Array<{ service: RunningService; metricsPort: number }> = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    // The API alone: deliveries happen only in the worker processes.
    t = await startTestApp({
      queue,
      env: { APP_ROLE: 'api', SMTP_URL: sink.url, ...NOTIFICATIONS },
    });
    for (let i = 0; i < 2; i += 1) {
      const metricsPort = await freePort();
      const service = startWorkerProcess(t, sink.url, {
        ...NOTIFICATIONS,
        METRICS_TOKEN,
        METRICS_PORT: String(metricsPort),
      });
      workers.push({ service, metricsPort });
    }
    for (const { service } of workers)
      await service.waitForOutput(/Jejak is running \(role worker/, 30_000);
  });

  afterAll(async () => {
    for (const { service } of workers) if (service.child.exitCode === null) service.child.kill();
    await Promise.all(workers.map(({ service }) => service.exited));
    await t?.close();
    await Promise.all([sink?.close(), receiver?.close()]);
  });

  /** What one worker says it delivered, from its own /metrics. */
  async function deliveredBy(metricsPort: number): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('jejak_notification_deliveries_total{') &&
          line.includes('outcome="delivered"'),
      );
    return lines.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  it('share the deliveries: every message goes once, and both workers take part', async () => {
    const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
    const referrals: string[] = [];
    for (let i = 0; i < REFERRALS; i += 1) referrals.push(await sendReferral(t, world));

    const rows = await eventually(async () => {
      const all = (await Promise.all(referrals.map((id) => notificationsOf(t, id)))).flat();
      const sent = all.filter((row) => row.kind === 'referral_sent');
      expect(sent).toHaveLength(REFERRALS * 2);
      expect(sent.map((row) => row.status)).toEqual(sent.map(() => 'delivered'));
      return sent;
    }, 60_000);
    expectEachDeliveredOnce(rows, sink, receiver, { addresses: worldAddresses(world) });
    for (const row of rows) expect(row.attempts).toBe(1);

    const counts = await Promise.all(workers.map(({ metricsPort }) => deliveredBy(metricsPort)));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(REFERRALS * 2);
    for (const count of counts) expect(count).toBeGreaterThan(0);
  });
});
