import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';
import { bearer } from './support/factories';
import {
  referralWorld,
  ReferralWorld,
  SECONDS_POLICY,
  setPolicy,
  tokenFromText,
} from './support/referral-fixtures';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

describe.each(['redis', 'postgres'] as const)(
  'a referral sent, ignored, reminded, escalated, acknowledged by link and completed (%s queue)',
  (queue) => {
    let t: TestApp;
    let sink: SmtpSink;
    let receiver: WebhookReceiver;
    let world: ReferralWorld;

    beforeAll(async () => {
      sink = await startSmtpSink();
      receiver = await startWebhookReceiver();
      t = await startTestApp({
        queue,
        env: {
          SMTP_URL: sink.url,
          NOTIFICATION_SWEEP_SECONDS: '1',
          NOTIFICATION_RETRY_BASE_MS: '200',
          NOTIFICATION_REQUEUE_SECONDS: '5',
        },
      });
      world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/jejak` });
      await setPolicy(t, world.admin, 'legal_aid', 'normal', SECONDS_POLICY);
    });

    afterAll(async () => {
      await t?.close();
      await sink?.close();
      await receiver?.close();
    });

    async function untilSettled(referralId: string): Promise<void> {
      for (let i = 0; i < 100; i += 1) {
        const { rows } = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications
           WHERE referral_id = $1 AND status IN ('pending', 'sending')`,
          [referralId],
        );
        if (rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`notifications of ${referralId} still pending or sending after 10 s`);
    }

    it('plays out the whole chain through the API', async () => {
      const created = await t
        .http()
        .post(`/api/v1/cases/${world.caseId}/referrals`)
        .set(...bearer(world.caseworker))
        .send({
          agencyId: world.receivingAgencyId,
          service: 'legal_aid',
          priority: 'normal',
          reason: 'Keluarga meminta pendampingan hukum untuk restitusi.',
          request: 'Mohon pendampingan hukum bagi keluarga almarhum.',
          victimIds: [world.victimId],
          familyMemberIds: [world.familyMemberIds[0]],
          consent: 'family',
          sharedFields: ['full_name', 'death_details', 'family_contacts'],
          send: true,
        });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('sent');
      const referralId = created.body.id as string;

      const [sent] = await sink.waitFor(1, 10_000, world.agencyEmail);
      expect(sent.subject).toContain(world.caseNumber);
      expect(sent.text).toContain('Bantuan hukum');
      expect(sent.text).not.toContain('Ahmad');
      const token = tokenFromText(sent.text);

      const [hook] = await receiver.waitFor(1, 10_000);
      expect(hook.body).toMatchObject({ type: 'referral_sent', referral: { id: referralId } });

      // Not acknowledged within 2 s, then the due-soon reminder: two ignored, so it escalates.
      const [toContact] = await sink.waitFor(1, 15_000, world.escalationEmail);
      const [toSupervisor] = await sink.waitFor(1, 15_000, world.supervisor.email);
      expect(toContact.subject).toContain(world.caseNumber);
      expect(tokenFromText(toContact.text)).toBe(token);
      // The supervisor opens the referral in the app; the agency's link is not theirs to use.
      expect(toSupervisor.text).not.toContain(token);
      expect(toSupervisor.text).toContain(`/api/v1/referrals/${referralId}`);

      const viewed = await t
        .http()
        .get('/api/v1/referral-responses')
        .set('X-Response-Token', token);
      expect(viewed.status).toBe(200);
      // Personal data in the answer: no browser or proxy cache may keep it.
      expect(viewed.headers['cache-control']).toBe('no-store');
      expect(viewed.body.victims[0].fullName).toBe('Ahmad Jayani');
      expect(viewed.body.victims[0].nik).toBeUndefined();

      const acknowledged = await t
        .http()
        .post('/api/v1/referral-responses')
        .set('X-Response-Token', token)
        .send({ action: 'acknowledge' });
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.body.status).toBe('acknowledged');

      const completed = await t
        .http()
        .post('/api/v1/referral-responses')
        .set('X-Response-Token', token)
        .send({ action: 'complete', outcome: 'achieved', outcomeNotes: 'Restitusi diajukan.' });
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('completed');

      // The caseworker hears of the answer, and opens it in the app, not through the agency's link.
      const [answered] = await sink.waitFor(1, 10_000, world.caseworker.email);
      expect(answered.subject).toContain(world.caseNumber);
      expect(answered.text).toContain(`/api/v1/referrals/${referralId}`);
      expect(answered.text).not.toContain(token);

      // A reminder already being sent when the agency completed the referral settles moments later.
      await untilSettled(referralId);
      const fates = await t
        .http()
        .get(`/api/v1/referrals/${referralId}/notifications`)
        .set(...bearer(world.caseworker));
      expect(fates.status).toBe(200);
      const rows = fates.body.items as Array<{ kind: string; status: string; channel: string }>;
      expect(rows.every((r) => ['delivered', 'cancelled'].includes(r.status))).toBe(true);
      const delivered = rows
        .filter((r) => r.status === 'delivered')
        .map((r) => `${r.kind}/${r.channel}`);
      expect(delivered).toEqual(
        expect.arrayContaining([
          'referral_sent/email',
          'referral_sent/webhook',
          'acknowledge_reminder/email',
          'acknowledge_reminder/webhook',
          'due_soon_reminder/email',
          'due_soon_reminder/webhook',
        ]),
      );
      // One to the agency's escalation contact, one to the case's supervisor.
      expect(delivered.filter((r) => r === 'escalation/email')).toHaveLength(2);
      expect(delivered).toContain('referral_answered/email');

      const timeline = await t
        .http()
        .get(`/api/v1/cases/${world.caseId}/timeline`)
        .set(...bearer(world.caseworker));
      const actions = (timeline.body.items as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'referral.created',
          'referral.sent',
          'notification.delivered',
          'referral.escalated',
          'referral.responded',
        ]),
      );
    });

    it('serves the page the action link opens as a screen of the web app, without a Referer', async () => {
      // The page itself (src/web/src/pages/public/RespondPage.tsx) reads the token from the
      // fragment and sends it in the X-Response-Token header: test/web-referrals.e2e.spec.ts
      // drives it in Chromium.
      const page = await t.http().get('/respond');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('<div id="root"></div>');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    });
  },
);
