import { MetricsListener } from '../src/modules/metrics/metrics-listener';
import { MetricsRegistry } from '../src/modules/metrics/metrics-registry';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { eventually } from './support/fault-helpers';
import { freePort } from './support/process-runner';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(30_000);

const METRICS_TOKEN = 'metrics-token-'.padEnd(40, 'm');

/** The value of one sample, by its name and labels exactly as Prometheus's text format writes them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus metrics', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let caseworker: SignedInUser;
  let caseId: string;

  const scrape = (authorization?: string) => {
    const call = t.http().get('/metrics');
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1', METRICS_TOKEN },
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: (await createAgency(t)).id });
    caseId = ((await createCase(t, caseworker, plainCase())) as { id: string }).id;
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('answers only the metrics token, as a bearer token', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      METRICS_TOKEN,
      bearer(caseworker)[1],
    ]) {
      const response = await scrape(authorization);
      expect([authorization, response.status]).toEqual([authorization, 401]);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    }
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(response.text, 'jejak_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('times requests by route pattern, never by the path with its ids', async () => {
    const read = await t
      .http()
      .get(`/api/v1/cases/${caseId}`)
      .set(...bearer(caseworker));
    expect(read.status).toBe(200);
    const missing = await t
      .http()
      .get('/api/v1/no-such-route')
      .set(...bearer(caseworker));
    expect(missing.status).toBe(404);

    const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(
      sample(
        text,
        'jejak_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // An unknown path counts under the pattern that answered it (the API's catch-all), not itself.
    const notFound = text
      .split('\n')
      .filter((line) =>
        /^jejak_http_request_duration_seconds_count\{method="GET",.*status="404"\}/.test(line),
      );
    expect(notFound.length).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-route');
    expect(text).not.toContain(caseId);
  });

  it('counts deliveries, tries and lateness, and the rows and jobs still waiting', async () => {
    const before = await scrape(`Bearer ${METRICS_TOKEN}`);
    const delivered =
      'jejak_notification_deliveries_total{kind="task_reminder",channel="email",outcome="delivered"}';
    expect(sample(before.text, delivered) ?? 0).toBe(0);

    const task = await t
      .http()
      .post(`/api/v1/cases/${caseId}/tasks`)
      .set(...bearer(caseworker))
      .send({ title: 'Telepon keluarga korban', dueAt: new Date(Date.now() + 1500).toISOString() });
    expect(task.status).toBe(201);
    await sink.waitFor(1, 10_000, caseworker.email);

    // The sink has the message before the service has its answer: counted a moment later.
    const { text } = await eventually(async () => {
      const scraped = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(sample(scraped.text, delivered)).toBe(1);
      return scraped;
    });
    expect(
      sample(text, 'jejak_notification_attempts_total{kind="task_reminder",channel="email"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'jejak_notification_lateness_seconds_count{kind="task_reminder",channel="email"}',
      ),
    ).toBe(1);
    for (const status of ['pending', 'sending', 'failed'])
      expect(sample(text, `jejak_notification_rows{status="${status}"}`)).toEqual(
        expect.any(Number),
      );
    const { rows } = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM notifications WHERE status = 'pending'`,
    );
    expect(sample(text, 'jejak_notification_rows{status="pending"}')).toBe(rows[0].count);
    expect(sample(text, 'jejak_queue_jobs{queue="notifications",state="waiting"}')).toEqual(
      expect.any(Number),
    );
    // Labels name kinds, channels, statuses and routes; never a person.
    expect(text).not.toContain(caseworker.email);
  });

  it('serves a worker-only process’s metrics on METRICS_PORT, with the same token', async () => {
    const port = await freePort();
    const listener = new MetricsListener(
      { ...t.config, role: 'worker', metrics: { token: METRICS_TOKEN, port } },
      t.app.get(MetricsRegistry),
    );
    await listener.onApplicationBootstrap();
    try {
      const url = `http://127.0.0.1:${port}`;
      const authorization = `Bearer ${METRICS_TOKEN}`;
      const served = await fetch(`${url}/metrics`, { headers: { authorization } });
      expect(served.status).toBe(200);
      expect(sample(await served.text(), 'jejak_process_cpu_user_seconds_total')).toBeGreaterThan(
        0,
      );
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/`, { headers: { authorization } })).status).toBe(404);
    } finally {
      await listener.onApplicationShutdown();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('Prometheus metrics without a token', () => {
  it('are not served at all', async () => {
    const t = await startTestApp();
    try {
      const response = await t.http().get('/metrics');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('METRICS.NOT_SERVED');
    } finally {
      await t.close();
    }
  });
});
