import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { eventually, redisQueueOf } from './support/fault-helpers';
import { BUILT_MAIN, freePort, runService, RunningService } from './support/process-runner';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import {
  auditOf,
  createReachableAgency,
  createReferral,
  legalAidReferral,
  referralRow,
} from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TEST_APP_SECRET, TEST_DATA_KEY, TestApp } from './support/test-app';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

interface Sent {
  referralId: string;
  token: string;
  mac: string;
  hook: ReceivedWebhook;
}

/**
 * Reverse proxies and CDNs log paths and query strings: an action link's token must never travel
 * in either, neither from the page nor in what webhooks tell machines to call.
 */
describe('where the token of an action link travels', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let world: ReferralWorld;

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
    world = await referralWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await receiver?.close();
  });

  /**
   * Sends a referral to a partner of its own, reached by email and webhook; returns the token
   * from its email and the webhook that announced it.
   */
  async function sent(): Promise<Sent> {
    const agency = await createReachableAgency(t);
    await t.db.query(`UPDATE agencies SET webhook_url = $2 WHERE id = $1`, [
      agency.id,
      `${receiver.url}/hooks/${agency.id}`,
    ]);
    const referral = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, {
        agencyId: agency.id,
        sharedFields: ['full_name', 'death_details'],
        send: true,
      }),
    );
    const [mail] = await sink.waitFor(1, 10_000, agency.email);
    const hook = await eventually(() => {
      const found = receiver.requests.find((r) => r.path === `/hooks/${agency.id}`);
      if (!found) throw new Error('no webhook yet');
      return found;
    });
    await eventually(async () => {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications
         WHERE referral_id = $1 AND kind = 'referral_sent' AND status IN ('pending', 'sending')`,
        [referral.id],
      );
      expect(rows[0].n).toBe(0);
    });
    const token = tokenFromText(mail.text);
    return { referralId: referral.id, token, mac: token.split('.')[1], hook };
  }

  async function state(referralId: string) {
    const links = await t.db.query(
      `SELECT * FROM referral_response_links WHERE referral_id = $1 ORDER BY id`,
      [referralId],
    );
    return {
      referral: await referralRow(t, referralId),
      links: links.rows,
      audit: await auditOf(t, referralId),
    };
  }

  it('gives webhook receivers the page link and the API address with the token apart, never a token in a path', async () => {
    const { token, mac, hook } = await sent();
    const body = hook.body as Record<string, unknown>;
    expect(body.type).toBe('referral_sent');
    expect(body).toMatchObject({
      actionUrl: `http://jejak.test/respond#token=${token}`,
      actionApiUrl: 'http://jejak.test/api/v1/referral-responses',
      actionToken: token,
    });
    // Wherever an address appears in the body (the fields, the message text), the secret is
    // at most in its fragment, which no client sends to a server.
    const addresses = hook.rawBody.match(/https?:\/\/[^\s"\\]+/g) ?? [];
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address.split('#')[0]).not.toContain(mac);
  });

  it('reads and answers with the token in the X-Response-Token header', async () => {
    const { referralId, token } = await sent();
    const viewed = await t.http().get('/api/v1/referral-responses').set('X-Response-Token', token);
    expect(viewed.status).toBe(200);
    expect(viewed.body).toMatchObject({ id: referralId, status: 'sent' });
    const answered = await t
      .http()
      .post('/api/v1/referral-responses')
      .set('X-Response-Token', token)
      .send({ action: 'acknowledge' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('acknowledged');
  });

  it('answers the old token-in-path address 404 without data, whatever the method, and changes nothing', async () => {
    const { referralId, token, mac } = await sent();
    const before = await state(referralId);
    const tries = [
      t.http().get(`/api/v1/referral-responses/${token}`),
      t.http().post(`/api/v1/referral-responses/${token}`).send({ action: 'acknowledge' }),
      t
        .http()
        .post(`/api/v1/referral-responses/${token}`)
        .send({ action: 'decline', reason: 'Di luar wilayah kerja kami.' }),
      t.http().put(`/api/v1/referral-responses/${token}`).send({ action: 'acknowledge' }),
      t.http().get(`/api/v1/referral-responses/${token}/anything`),
      t.http().delete(`/api/v1/referral-responses/x/${token}`),
    ];
    for (const response of await Promise.all(tries)) {
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 404,
        code: 'REFERRAL.TOKEN_IN_PATH',
      });
      expect(Object.keys(response.body).sort()).toEqual([
        'code',
        'message',
        'requestId',
        'statusCode',
      ]);
      const text = JSON.stringify(response.body);
      for (const secret of [mac, referralId, 'Ahmad', world.caseNumber])
        expect(text).not.toContain(secret);
    }
    // Nor in the query string, nor with no token at all: the same 404 as any bad token.
    for (const response of [
      await t.http().get(`/api/v1/referral-responses?token=${encodeURIComponent(token)}`),
      await t
        .http()
        .post(`/api/v1/referral-responses?token=${encodeURIComponent(token)}`)
        .send({ action: 'acknowledge' }),
    ]) {
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 404,
        code: 'REFERRAL.LINK_INVALID',
      });
    }
    expect(await state(referralId)).toEqual(before);
  });

  describe('in the logs of the built service', () => {
    let service: RunningService | undefined;
    afterAll(async () => {
      if (service && service.child.exitCode === null) {
        service.child.kill('SIGTERM');
        await service.exited;
      }
    });

    it('never writes the token, however it is sent', async () => {
      if (!existsSync(BUILT_MAIN))
        throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first (npm test does)`);
      const { referralId, token, mac } = await sent();
      const queue = redisQueueOf(t);
      const port = await freePort();
      service = runService(tmpdir(), {
        APP_ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: t.databaseUrl,
        REDIS_URL: queue.redisUrl,
        QUEUE_PREFIX: queue.prefix,
        APP_SECRET: TEST_APP_SECRET,
        DATA_KEY: TEST_DATA_KEY,
        PUBLIC_BASE_URL: 'http://jejak.test',
        SMTP_URL: sink.url,
        MIGRATIONS_RUN: 'false',
        LOG_LEVEL: 'trace',
      });
      const base = `http://127.0.0.1:${port}/api/v1/referral-responses`;
      await eventually(async () => {
        const health = await fetch(`http://127.0.0.1:${port}/health`);
        expect(health.status).toBe(200);
      }, 30_000);
      const json = { 'Content-Type': 'application/json' };
      const calls: Array<[string, RequestInit, number]> = [
        [base, { headers: { 'X-Response-Token': token } }, 200],
        [
          base,
          {
            method: 'POST',
            headers: { ...json, 'X-Response-Token': token },
            body: JSON.stringify({ action: 'progress' }),
          },
          400,
        ],
        [
          base,
          {
            method: 'POST',
            headers: { ...json, 'X-Response-Token': token },
            body: JSON.stringify({ action: 'progress', note: 'Berkas sedang dipelajari.' }),
          },
          200,
        ],
        [`${base}/${token}`, {}, 404],
        [`${base}/${token}`, { method: 'POST', headers: json, body: '{"action":"complete"}' }, 404],
        [`${base}/x/${token}`, { method: 'DELETE' }, 404],
        [`${base}?token=${token}`, {}, 404],
        [base, { headers: { 'X-Response-Token': `${token}x` } }, 404],
      ];
      for (const [url, init, status] of calls) {
        const response = await fetch(url, init);
        await response.text();
        expect({ url: url.replace(mac, '<mac>'), status: response.status }).toEqual({
          url: url.replace(mac, '<mac>'),
          status,
        });
      }
      // Every request above was logged (so the logs were really looked at), none with its token.
      const logged = await eventually(() => {
        const lines = service!
          .output()
          .split('\n')
          .filter((line) => line.includes('referral-responses'));
        expect(lines.length).toBeGreaterThanOrEqual(calls.length);
        return lines;
      });
      expect(logged.some((line) => line.includes('/referral-responses/[redacted]'))).toBe(true);
      const output = service.output();
      expect(output).not.toContain(mac);
      expect(output).not.toContain(token.split('.')[0] + '.');
      expect((await referralRow(t, referralId)).status).toBe('in_progress');
    });
  });
});
