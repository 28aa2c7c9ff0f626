import { DataSource } from 'typeorm';
import { ReferralResponses1765000000400 } from '../migrations/1765000000400-ReferralResponses';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import {
  createReachableAgency,
  createReferral,
  legalAidReferral,
} from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(30_000);

interface TimelineEntry {
  id: string;
  action: string;
  entityId: string;
  actorId: string | null;
  changes: Record<string, unknown> | null;
}

interface ResponseEntry {
  id: string;
  action: string;
  statusBefore: string;
  statusAfter: string;
  note: string | null;
  reason: string | null;
  outcome: string | null;
  outcomeNotes: string | null;
  via: 'account' | 'link';
  responderId: string | null;
}

describe("the case's own words and its partners' answers on the timeline", () => {
  let t: TestApp;
  let sink: SmtpSink;
  let world: ReferralWorld;
  let viewer: SignedInUser;
  let otherAdmin: SignedInUser;
  let outsider: SignedInUser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
    world = await referralWorld(t);
    viewer = await createUser(t, UserRole.Viewer, { agencyId: world.referringAgencyId });
    const elsewhere = await createAgency(t);
    otherAdmin = await createUser(t, UserRole.Admin, { agencyId: elsewhere.id });
    outsider = await createUser(t, UserRole.Caseworker, { agencyId: elsewhere.id });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  async function timeline(user: SignedInUser, caseId = world.caseId): Promise<TimelineEntry[]> {
    const response = await t
      .http()
      .get(`/api/v1/cases/${caseId}/timeline?limit=1000`)
      .set(...bearer(user));
    expect(response.status).toBe(200);
    return response.body.items as TimelineEntry[];
  }

  /** The audit log as stored: what any reader of it could ever be shown. */
  async function storedChanges(caseId: string): Promise<string> {
    const { rows } = await t.db.query<{ changes: unknown }>(
      `SELECT changes FROM audit_events WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    return JSON.stringify(rows.map((r) => r.changes));
  }

  describe("the case's title, summary and a referral's reason", () => {
    const title = 'Kematian PMI di Kamboja, keluarga di Kalianda';
    const retitled = 'Kematian PMI di Kamboja (TPPO, penipuan daring)';
    const summary = 'Dilaporkan ibunya: direkrut oleh Hani, bekerja sebagai scammer.';
    const reason = 'Keluarga meminta pendampingan hukum untuk restitusi dari perekrut.';
    let caseId: string;
    let referralId: string;

    beforeAll(async () => {
      const created = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(world.caseworker))
        .send({
          title,
          summary,
          incidentType: 'death_abroad',
          source: 'family',
          incidentDate: '2024-05-11',
          reportedDate: '2024-05-14',
        });
      expect(created.status).toBe(201);
      caseId = created.body.id;
      const patched = await t
        .http()
        .patch(`/api/v1/cases/${caseId}`)
        .set(...bearer(world.caseworker))
        .send({ version: created.body.version, title: retitled });
      expect(patched.status).toBe(200);
      const referral = await createReferral(t, world.caseworker, caseId, {
        agencyId: world.receivingAgencyId,
        service: 'legal_aid',
        priority: 'normal',
        reason,
        request: 'Mohon pendampingan hukum.',
        consent: 'family',
      });
      referralId = referral.id;
    });

    it.each([
      ['the owning caseworker', () => world.caseworker],
      ['a viewer of the owning agency', () => viewer],
      ['an admin', () => otherAdmin],
    ])('are shown as written to %s', async (_label, who) => {
      const entries = await timeline(who(), caseId);
      const of = (action: string) => entries.find((e) => e.action === action)!.changes;
      expect(of('case.created')).toMatchObject({
        title: { from: null, to: title },
        summary: { from: null, to: summary },
        incidentType: { from: null, to: 'death_abroad' },
      });
      expect(of('case.updated')).toEqual({ title: { from: title, to: retitled } });
      expect(of('referral.created')).toMatchObject({
        reason: { from: null, to: reason },
        request: { from: null, to: 'Mohon pendampingan hukum.' },
      });
      expect(JSON.stringify(entries)).not.toContain('[redacted]');
    });

    it('stay "[redacted]" in the audit log itself and in its reads', async () => {
      const stored = await storedChanges(caseId);
      for (const text of [title, retitled, summary, reason]) expect(stored).not.toContain(text);
      expect(stored).toContain('[redacted]');
      const trail = await t
        .http()
        .get(`/api/v1/audit?entity=case&id=${caseId}`)
        .set(...bearer(world.supervisor));
      expect(trail.status).toBe(200);
      const created = (trail.body.items as Array<{ action: string; changes: object }>).find(
        (e) => e.action === 'case.created',
      )!;
      expect(created.changes).toMatchObject({ title: { from: null, to: '[redacted]' } });
      for (const text of [title, retitled, summary])
        expect(JSON.stringify(trail.body)).not.toContain(text);
    });

    it('are not shown to anyone who may not read the case', async () => {
      const response = await t
        .http()
        .get(`/api/v1/cases/${caseId}/timeline`)
        .set(...bearer(outsider));
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(title);
      expect(referralId).toBeDefined();
    });
  });

  describe("a partner's answers", () => {
    let answeredReferral: { id: string; listed: ResponseEntry[] } | undefined;

    it('are each kept, listed on the referral and shown on the timeline as their own items', async () => {
      // A partner of its own, so the action link can be told apart in the mail.
      const agency = await createReachableAgency(t);
      await t.db.query(`UPDATE users SET agency_id = $2 WHERE id = $1`, [
        world.liaison.id,
        agency.id,
      ]);
      const referral = await createReferral(
        t,
        world.caseworker,
        world.caseId,
        legalAidReferral(world, { agencyId: agency.id, send: true }),
      );
      const [mail] = await sink.waitFor(1, 10_000, agency.email);
      const token = tokenFromText(mail.text);
      const byLink = (body: object) =>
        t.http().post('/api/v1/referral-responses').set('X-Response-Token', token).send(body);
      const byAccount = (body: object) =>
        t
          .http()
          .post(`/api/v1/referrals/${referral.id}/responses`)
          .set(...bearer(world.liaison))
          .send(body);

      const notes = {
        acknowledged: 'Diterima, berkas kami pelajari.',
        first: 'Sudah bertemu keluarga di Kalianda.',
        second: 'Gugatan restitusi sedang disusun.',
        done: 'Gugatan restitusi didaftarkan di PN Kalianda.',
      };
      for (const [send, body] of [
        [byLink, { action: 'acknowledge', note: notes.acknowledged }],
        [byLink, { action: 'progress', note: notes.first }],
        [byAccount, { action: 'progress', note: notes.second }],
      ] as const) {
        const answered = await send(body);
        expect(answered.status).toBe(200);
      }

      // The link holder sees every answer so far; the latest note is still the referral's note.
      const viewed = await t
        .http()
        .get('/api/v1/referral-responses')
        .set('X-Response-Token', token);
      expect(viewed.status).toBe(200);
      expect(viewed.body.progressNote).toBe(notes.second);
      expect((viewed.body.responses as ResponseEntry[]).map((r) => r.note)).toEqual([
        notes.acknowledged,
        notes.first,
        notes.second,
      ]);

      const completed = await byLink({
        action: 'complete',
        outcome: 'achieved',
        outcomeNotes: notes.done,
      });
      expect(completed.status).toBe(200);

      const expected = [
        {
          action: 'acknowledge',
          statusBefore: 'sent',
          statusAfter: 'acknowledged',
          note: notes.acknowledged,
          reason: null,
          outcome: null,
          outcomeNotes: null,
          via: 'link',
          responderId: null,
        },
        {
          action: 'progress',
          statusBefore: 'acknowledged',
          statusAfter: 'in_progress',
          note: notes.first,
          via: 'link',
          responderId: null,
        },
        {
          action: 'progress',
          statusBefore: 'in_progress',
          statusAfter: 'in_progress',
          note: notes.second,
          via: 'account',
          responderId: world.liaison.id,
        },
        {
          action: 'complete',
          statusBefore: 'in_progress',
          statusAfter: 'completed',
          note: null,
          outcome: 'achieved',
          outcomeNotes: notes.done,
          via: 'link',
        },
      ];
      const listed = await t
        .http()
        .get(`/api/v1/referrals/${referral.id}/responses`)
        .set(...bearer(world.caseworker));
      expect(listed.status).toBe(200);
      expect(listed.body.items).toMatchObject(expected);
      const asLiaison = await t
        .http()
        .get(`/api/v1/referrals/${referral.id}/responses`)
        .set(...bearer(world.liaison));
      expect(asLiaison.status).toBe(200);
      expect(asLiaison.body).toEqual(listed.body);
      for (const stranger of [outsider]) {
        const refused = await t
          .http()
          .get(`/api/v1/referrals/${referral.id}/responses`)
          .set(...bearer(stranger));
        expect([refused.status, refused.body.code]).toEqual([404, 'REFERRAL.NOT_FOUND']);
      }

      // One timeline item per answer, each with what was said.
      const answered = (await timeline(world.caseworker)).filter(
        (e) => e.action === 'referral.responded' && e.entityId === referral.id,
      );
      const ids = (listed.body.items as ResponseEntry[]).map((r) => r.id);
      expect(answered.map((e) => e.changes)).toMatchObject([
        { action: 'acknowledge', responseId: ids[0], note: notes.acknowledged, via: 'link' },
        { action: 'progress', responseId: ids[1], note: notes.first, via: 'link' },
        { action: 'progress', responseId: ids[2], note: notes.second, via: 'account' },
        {
          action: 'complete',
          responseId: ids[3],
          outcome: 'achieved',
          outcomeNotes: notes.done,
          via: 'link',
        },
      ]);
      expect(answered[2].actorId).toBe(world.liaison.id);

      // The log itself only says that something was written.
      const stored = await storedChanges(world.caseId);
      for (const text of Object.values(notes)) expect(stored).not.toContain(text);
      answeredReferral = { id: referral.id, listed: listed.body.items as ResponseEntry[] };
    });

    it('are recovered from the audit log, as far as it knows them, where the table is new', async () => {
      const { id, listed } = answeredReferral!;
      const dataSource = new DataSource(buildDataSourceOptions(t.databaseUrl));
      await dataSource.initialize();
      const runner = dataSource.createQueryRunner();
      try {
        const migration = new ReferralResponses1765000000400();
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
        await dataSource.destroy();
      }
      const rows = await t.db.query<Record<string, unknown>>(
        `SELECT action, status_before, status_after, note, reason, outcome, outcome_notes, via,
                responder_id, link_id IS NOT NULL AS by_link
         FROM referral_responses WHERE referral_id = $1 ORDER BY created_at, id`,
        [id],
      );
      // Earlier notes were overwritten before answers had rows of their own: only the decline's
      // reason and the completion's outcome are still known.
      expect(rows.rows).toEqual(
        listed.map((r) => ({
          action: r.action,
          status_before: r.statusBefore,
          status_after: r.statusAfter,
          note: null,
          reason: r.reason,
          outcome: r.outcome,
          outcome_notes: r.outcomeNotes,
          via: r.via,
          responder_id: r.responderId,
          by_link: r.via === 'link',
        })),
      );
    });
  });
});
