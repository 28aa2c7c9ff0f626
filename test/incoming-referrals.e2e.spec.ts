import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import {
  auditOf,
  createReferral,
  legalAidReferral,
  ReferralBody,
} from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

/** What a row of the incoming list carries: the referral's own shared facts, no person, no case. */
const ROW_KEYS = [
  'acknowledgeDueAt',
  'acknowledgedAt',
  'allowedResponses',
  'assignee',
  'cancelledAt',
  'caseNumber',
  'completedAt',
  'declinedAt',
  'dueAt',
  'id',
  'nextDueAt',
  'overdue',
  'priority',
  'reason',
  'referringAgency',
  'request',
  'sentAt',
  'service',
  'sharedFields',
  'status',
  'timeZone',
  'version',
];

/** The shared view's keys, as a liaison and a link holder read it. */
const SHARED_VIEW_KEYS = [
  'acknowledgeDueAt',
  'acknowledgedAt',
  'allowedResponses',
  'cancelledAt',
  'caseNumber',
  'completedAt',
  'consent',
  'contactName',
  'declineReason',
  'declinedAt',
  'documents',
  'dueAt',
  'exploitationCountry',
  'familyMembers',
  'id',
  'incidentType',
  'outcome',
  'outcomeNotes',
  'priority',
  'progressNote',
  'reason',
  'receivingAgency',
  'referringAgency',
  'request',
  'responses',
  'sentAt',
  'service',
  'sharedFields',
  'status',
  'timeZone',
  'victims',
];

/**
 * The next deadline as the issue defines it, written against the raw columns independently of
 * the service's SQL function: acknowledgement or completion while the referral waits for it.
 */
const ORACLE_NEXT_DUE = `CASE WHEN r.status = 'sent' THEN least(r.acknowledge_due_at, r.due_at)
                              WHEN r.status IN ('acknowledged', 'in_progress') THEN r.due_at END`;

interface Row {
  id: string;
  version: number;
  status: string;
  nextDueAt: string | null;
  overdue: boolean;
  assignee: { id: string; fullName: string } | null;
  [key: string]: unknown;
}

describe('incoming referrals for agencies with accounts', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let world: ReferralWorld;
  let supervisor: SignedInUser;
  let caseworkerA: SignedInUser;
  let caseworkerB: SignedInUser;
  let viewer: SignedInUser;
  let thirdSupervisor: SignedInUser;
  let thirdCaseworker: SignedInUser;
  let sent: ReferralBody;
  let draft: ReferralBody;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url } });
    world = await referralWorld(t);
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId: world.receivingAgencyId });
    caseworkerA = await createUser(t, UserRole.Caseworker, { agencyId: world.receivingAgencyId });
    caseworkerB = await createUser(t, UserRole.Caseworker, { agencyId: world.receivingAgencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: world.receivingAgencyId });
    const third = await createAgency(t);
    thirdSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: third.id });
    thirdCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: third.id });
    sent = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, { send: true }),
    );
    draft = await createReferral(t, world.caseworker, world.caseId, legalAidReferral(world));
    // The message to the agency goes first, so that the assignee's is told apart below.
    await sink.waitFor(1, 10_000, world.agencyEmail);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const call = (user: SignedInUser, method: 'get' | 'post', path: string, body?: object) => {
    const request = t
      .http()
      [method](`/api/v1${path}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  };

  async function walk(user: SignedInUser, path: string, limit: number): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await call(
        user,
        'get',
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect([path, response.status]).toEqual([path, 200]);
      const items = response.body.items as Row[];
      expect(items.length).toBeLessThanOrEqual(limit);
      rows.push(...items);
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return rows;
    }
    throw new Error(`${path} did not end`);
  }

  async function current(id: string): Promise<Row> {
    const listed = await walk(supervisor, '/referrals/incoming', 100);
    const row = listed.find((candidate) => candidate.id === id);
    if (!row) throw new Error(`${id} is not in the incoming list`);
    return row;
  }

  it("lists a sent referral for the receiving agency's supervisors and caseworkers, never a draft, never for another agency", async () => {
    for (const user of [supervisor, caseworkerA, caseworkerB]) {
      const rows = await walk(user, '/referrals/incoming', 10);
      expect(rows.map((row) => row.id)).toEqual([sent.id]);
      expect(Object.keys(rows[0]).sort()).toEqual(ROW_KEYS);
      expect(rows[0]).toMatchObject({
        caseNumber: world.caseNumber,
        referringAgency: { id: world.referringAgencyId },
        service: 'legal_aid',
        status: 'sent',
        sharedFields: ['full_name'],
        assignee: null,
        overdue: false,
        nextDueAt: sent.acknowledgeDueAt,
        allowedResponses: ['acknowledge', 'decline', 'progress', 'complete'],
      });
    }
    expect(JSON.stringify(await walk(supervisor, '/referrals/incoming', 10))).not.toContain(
      'Ahmad',
    );
    expect(await walk(thirdSupervisor, '/referrals/incoming', 10)).toEqual([]);
    expect(await walk(thirdCaseworker, '/referrals/incoming?status=sent', 10)).toEqual([]);
    // The referring agency received nothing: its own referral is not incoming for it.
    expect(await walk(world.supervisor, '/referrals/incoming', 10)).toEqual([]);
    expect(draft.status).toBe('draft');
    // Liaisons keep their own list; viewers have none.
    for (const user of [world.liaison, viewer]) {
      const refused = await call(user, 'get', '/referrals/incoming');
      expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    }
    const mine = await call(world.liaison, 'get', '/referrals?mine');
    expect((mine.body.items as Array<{ id: string }>).map((item) => item.id)).toEqual([sent.id]);
  });

  it('shows the receiving staff exactly the shared view, and the case not at all', async () => {
    const asLiaison = await call(world.liaison, 'get', `/referrals/${sent.id}`);
    // A caseworker reads it once it is theirs (see the answers below), not before.
    const notYet = await call(caseworkerA, 'get', `/referrals/${sent.id}`);
    expect([notYet.status, notYet.body.code]).toEqual([403, 'REFERRAL.NOT_ASSIGNEE']);
    for (const user of [supervisor]) {
      const view = await call(user, 'get', `/referrals/${sent.id}`);
      expect(view.status).toBe(200);
      expect(Object.keys(view.body as object).sort()).toEqual(SHARED_VIEW_KEYS);
      expect(view.body).toEqual(asLiaison.body);
      // Only the shared name of the named victim: no identity numbers, phone, address or death.
      expect(view.body.victims).toEqual([
        { id: world.victimId, fullName: 'Ahmad Jayani', otherNames: expect.anything() },
      ]);
      for (const unshared of [
        'caseId',
        'victimIds',
        'familyMemberIds',
        'contactEmail',
        'consentRecordedBy',
        'noConsentReason',
        'createdBy',
      ])
        expect(view.body).not.toHaveProperty(unshared);
      expect(JSON.stringify(view.body)).not.toMatch(/1801061203880003|6281234567890|Cinta Sari/);
      expect((await call(user, 'get', `/cases/${world.caseId}`)).status).toBe(404);
      expect((await call(user, 'get', `/cases/${world.caseId}/referrals`)).status).toBe(404);
      const answers = await call(user, 'get', `/referrals/${sent.id}/responses`);
      expect(answers.status).toBe(200);
    }
    // The sending agency's staff keep their full view; a third agency finds nothing.
    const full = await call(world.caseworker, 'get', `/referrals/${sent.id}`);
    expect(full.body).toMatchObject({ caseId: world.caseId, victimIds: [world.victimId] });
    for (const user of [thirdSupervisor, thirdCaseworker, viewer]) {
      const hidden = await call(user, 'get', `/referrals/${sent.id}`);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'REFERRAL.NOT_FOUND']);
    }
    // The draft is not the receiving agency's to read.
    expect((await call(supervisor, 'get', `/referrals/${draft.id}`)).status).toBe(404);
  });

  it("is assigned by the receiving supervisor only, to the receiving agency's active staff", async () => {
    const before = await current(sent.id);
    const assign = (user: SignedInUser, assigneeId: string | null, version = before.version) =>
      call(user, 'post', `/referrals/${sent.id}/assignment`, { assigneeId, version });
    const refusals: Array<[SignedInUser, string | null, number, string]> = [
      [caseworkerA, caseworkerA.id, 403, 'REFERRAL.ASSIGNMENT_NOT_ALLOWED'],
      [world.liaison, caseworkerA.id, 403, 'REFERRAL.ASSIGNMENT_NOT_ALLOWED'],
      // The referring side reads the referral through its case, but assigns nothing there.
      [world.supervisor, world.caseworker.id, 403, 'REFERRAL.ASSIGNMENT_NOT_ALLOWED'],
      [thirdSupervisor, thirdCaseworker.id, 404, 'REFERRAL.NOT_FOUND'],
      [supervisor, world.caseworker.id, 400, 'REQUEST.VALIDATION_FAILED'],
      [supervisor, thirdCaseworker.id, 400, 'REQUEST.VALIDATION_FAILED'],
      [supervisor, world.liaison.id, 400, 'REQUEST.VALIDATION_FAILED'],
      [supervisor, viewer.id, 400, 'REQUEST.VALIDATION_FAILED'],
    ];
    for (const [user, assigneeId, status, code] of refusals) {
      const refused = await assign(user, assigneeId);
      expect([user.role, assigneeId, refused.status, refused.body.code]).toEqual([
        user.role,
        assigneeId,
        status,
        code,
      ]);
      if (status === 400)
        expect(refused.body.details.fields).toEqual([
          expect.objectContaining({ field: 'assigneeId' }),
        ]);
    }
    const disabled = await createUser(t, UserRole.Caseworker, {
      agencyId: world.receivingAgencyId,
    });
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    expect((await assign(supervisor, disabled.id)).status).toBe(400);
    const stale = await assign(supervisor, caseworkerA.id, before.version - 1);
    expect([stale.status, stale.body.code]).toEqual([409, 'REFERRAL.VERSION_CONFLICT']);
    // Nothing of the refusals reached the row, the audit log or the notifications.
    expect((await current(sent.id)).version).toBe(before.version);
    expect((await auditOf(t, sent.id)).filter((e) => e.action === 'referral.assigned')).toEqual([]);

    const assigned = await assign(supervisor, caseworkerA.id);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      id: sent.id,
      version: before.version + 1,
      assignee: { id: caseworkerA.id, fullName: 'Test caseworker' },
    });
    expect(Object.keys(assigned.body as object).sort()).toEqual(ROW_KEYS);
    const audited = (await auditOf(t, sent.id)).filter((e) => e.action === 'referral.assigned');
    expect(audited).toEqual([
      expect.objectContaining({
        actor_id: supervisor.id,
        case_id: world.caseId,
        changes: { assigneeId: { from: null, to: caseworkerA.id } },
      }),
    ]);

    // The assignee is told through the notification engine: a row for them, then the email.
    const { rows: notified } = await t.db.query<Record<string, unknown>>(
      `SELECT kind, channel, recipient_kind, recipient_user_id, recipient_agency_id
       FROM notifications WHERE referral_id = $1 AND kind = 'referral_assigned'`,
      [sent.id],
    );
    expect(notified).toEqual([
      {
        kind: 'referral_assigned',
        channel: 'email',
        recipient_kind: 'user',
        recipient_user_id: caseworkerA.id,
        recipient_agency_id: null,
      },
    ]);
    const [mail] = await sink.waitFor(1, 10_000, caseworkerA.email);
    expect(mail.subject).toContain(world.caseNumber);
    expect(mail.subject).toContain('ditugaskan kepada Anda');
    expect(mail.text).toContain(`/api/v1/referrals/${sent.id}`);
    // No action link (they answer with their account) and no victim in the message.
    expect(mail.text).not.toContain('/respond#token=');
    expect(mail.text).not.toContain('Ahmad');

    // Mine and assigned / unassigned filters follow the assignment.
    expect((await walk(caseworkerA, '/referrals/incoming?assignment=mine', 5)).length).toBe(1);
    expect(await walk(caseworkerB, '/referrals/incoming?assignment=mine', 5)).toEqual([]);
    expect((await walk(caseworkerB, '/referrals/incoming?assignment=assigned', 5)).length).toBe(1);
    expect(await walk(caseworkerB, '/referrals/incoming?assignment=unassigned', 5)).toEqual([]);
  });

  it('is answered by its assignee and the receiving supervisor through the response flow, not by another caseworker', async () => {
    const other = await call(caseworkerB, 'post', `/referrals/${sent.id}/responses`, {
      action: 'acknowledge',
    });
    expect([other.status, other.body.code]).toEqual([403, 'REFERRAL.NOT_ASSIGNEE']);
    // Nor does another caseworker read its shared data (a victim's identity, family contacts).
    for (const path of [`/referrals/${sent.id}`, `/referrals/${sent.id}/responses`]) {
      const read = await call(caseworkerB, 'get', path);
      expect([path, read.status, read.body.code]).toEqual([path, 403, 'REFERRAL.NOT_ASSIGNEE']);
      expect(JSON.stringify(read.body)).not.toContain('sharedFields');
      expect((await call(caseworkerA, 'get', path)).status).toBe(200);
    }
    const third = await call(thirdCaseworker, 'post', `/referrals/${sent.id}/responses`, {
      action: 'acknowledge',
    });
    expect(third.status).toBe(404);
    expect((await current(sent.id)).status).toBe('sent');

    const acknowledged = await call(caseworkerA, 'post', `/referrals/${sent.id}/responses`, {
      action: 'acknowledge',
      note: 'Diterima, kami hubungi keluarga.',
    });
    expect(acknowledged.status).toBe(200);
    expect(Object.keys(acknowledged.body as object).sort()).toEqual(SHARED_VIEW_KEYS);
    expect(acknowledged.body).toMatchObject({ status: 'acknowledged' });
    expect(acknowledged.body.acknowledgedAt).not.toBeNull();
    // The acknowledgement deadline is met: the next one owed is the due date, and its reminder
    // is gone.
    const row = await current(sent.id);
    expect(row).toMatchObject({ status: 'acknowledged', nextDueAt: sent.dueAt, overdue: false });
    const { rows: reminders } = await t.db.query<{ status: string }>(
      `SELECT status FROM notifications WHERE referral_id = $1 AND kind = 'acknowledge_reminder'`,
      [sent.id],
    );
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((reminder) => reminder.status === 'cancelled')).toBe(true);
    const { rows: answers } = await t.db.query<{ responder_id: string; via: string }>(
      `SELECT responder_id, via FROM referral_responses WHERE referral_id = $1`,
      [sent.id],
    );
    expect(answers).toEqual([{ responder_id: caseworkerA.id, via: 'account' }]);

    const progress = await call(supervisor, 'post', `/referrals/${sent.id}/responses`, {
      action: 'progress',
      note: 'Pendamping hukum sudah ditunjuk.',
    });
    expect([progress.status, progress.body.status]).toEqual([200, 'in_progress']);

    const completed = await call(caseworkerA, 'post', `/referrals/${sent.id}/responses`, {
      action: 'complete',
      outcome: 'achieved',
      outcomeNotes: 'Permohonan restitusi diajukan.',
    });
    expect([completed.status, completed.body.status]).toEqual([200, 'completed']);
    const done = await current(sent.id);
    expect(done).toMatchObject({ status: 'completed', nextDueAt: null, allowedResponses: [] });
    // No reminder is left to go out, and the referring caseworker is told of the answer.
    const { rows: pending } = await t.db.query<{ kind: string }>(
      `SELECT kind FROM notifications WHERE referral_id = $1 AND status = 'pending'
         AND kind IN ('acknowledge_reminder', 'due_soon_reminder', 'overdue_reminder')`,
      [sent.id],
    );
    expect(pending).toEqual([]);
    const { rows: answered } = await t.db.query<{ recipient_user_id: string }>(
      `SELECT recipient_user_id FROM notifications WHERE referral_id = $1 AND kind = 'referral_answered'`,
      [sent.id],
    );
    expect(answered).toEqual([{ recipient_user_id: world.caseworker.id }]);
    // A closed referral is not assigned any more.
    const late = await call(supervisor, 'post', `/referrals/${sent.id}/assignment`, {
      assigneeId: caseworkerB.id,
      version: done.version,
    });
    expect([late.status, late.body.code]).toEqual([409, 'REFERRAL.CLOSED']);
  });

  describe('queue and cursors', () => {
    /** Referrals written straight into the table: deadlines and send times shared by several. */
    beforeAll(async () => {
      await t.db.query(
        `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                                reason, request, consent, created_by, sent_at, sent_by,
                                acknowledge_due_at, due_at, acknowledged_at, outcome, decline_reason,
                                assignee_id)
         SELECT $1, $2, $3, 'legal_aid', 'normal', s.status, 'Alasan', 'Permintaan', 'victim', $4,
                date_trunc('hour', now()) - (g % 3) * interval '1 day',
                $4, date_trunc('hour', now()) + ((g % 4) - 2) * interval '1 day',
                date_trunc('hour', now()) + ((g % 5) - 1) * interval '2 days',
                CASE WHEN s.status <> 'sent' THEN now() END,
                CASE WHEN s.status = 'completed' THEN 'achieved' END,
                CASE WHEN s.status = 'declined' THEN 'Di luar wewenang' END,
                (ARRAY[NULL, $5, $6]::uuid[])[1 + g % 3]
         FROM generate_series(1, 42) AS g,
              LATERAL (SELECT (ARRAY['sent', 'acknowledged', 'in_progress', 'completed',
                                     'declined', 'cancelled'])[1 + g % 6] AS status) AS s`,
        [
          world.caseId,
          world.referringAgencyId,
          world.receivingAgencyId,
          world.caseworker.id,
          caseworkerA.id,
          caseworkerB.id,
        ],
      );
    });

    /** The incoming list written against the raw table, for a filter and an order. */
    async function expected(where: string, order: 'nextDue' | 'newest'): Promise<string[]> {
      const orderBy =
        order === 'nextDue'
          ? `${ORACLE_NEXT_DUE} ASC NULLS LAST, r.id ASC`
          : `r.sent_at DESC, r.id DESC`;
      const { rows } = await t.db.query<{ id: string }>(
        `SELECT r.id FROM referrals r
         WHERE r.agency_id = $1 AND r.sent_at IS NOT NULL AND ${where}
         ORDER BY ${orderBy}`,
        [world.receivingAgencyId],
      );
      return rows.map((row) => row.id);
    }

    it.each([
      ['', 'true'],
      [
        'status=sent,acknowledged,in_progress',
        `r.status IN ('sent', 'acknowledged', 'in_progress')`,
      ],
      ['status=completed&status=cancelled', `r.status IN ('completed', 'cancelled')`],
      ['assignment=unassigned', 'r.assignee_id IS NULL'],
      ['assignment=assigned', 'r.assignee_id IS NOT NULL'],
      ['assignment=mine', 'r.assignee_id = :me'],
      ['overdue=true', `${ORACLE_NEXT_DUE} < now()`],
      ['overdue=false', `(${ORACLE_NEXT_DUE} >= now() OR ${ORACLE_NEXT_DUE} IS NULL)`],
      [
        'overdue=true&assignment=unassigned&status=sent',
        `${ORACLE_NEXT_DUE} < now() AND r.assignee_id IS NULL AND r.status = 'sent'`,
      ],
    ])(
      'walks ?%s in both orders, page by page through ties, exactly as the records say',
      async (filter, where) => {
        const condition = where.replace(':me', `'${caseworkerA.id}'`);
        for (const sort of ['nextDue', 'newest'] as const) {
          const want = await expected(condition, sort);
          expect(want.length).toBeGreaterThan(1);
          const path = `/referrals/incoming?sort=${sort}${filter ? `&${filter}` : ''}`;
          const got = await walk(caseworkerA, path, 4);
          expect([path, got.map((row) => row.id)]).toEqual([path, want]);
          // One page holding everything agrees with the pages.
          const whole = await walk(caseworkerA, path, 100);
          expect(whole.map((row) => row.id)).toEqual(want);
        }
      },
    );

    it('has ties in both orders, so the pages above did cross them', async () => {
      const { rows } = await t.db.query<{ due: number; sent: number }>(
        `SELECT (SELECT count(*) - count(DISTINCT ${ORACLE_NEXT_DUE}) FROM referrals r
                 WHERE agency_id = $1 AND ${ORACLE_NEXT_DUE} IS NOT NULL)::int AS due,
                (SELECT count(*) - count(DISTINCT sent_at) FROM referrals
                 WHERE agency_id = $1 AND sent_at IS NOT NULL)::int AS sent`,
        [world.receivingAgencyId],
      );
      expect(rows[0].due).toBeGreaterThan(10);
      expect(rows[0].sent).toBeGreaterThan(10);
    });

    it("refuses a cursor it did not give out, or another order's", async () => {
      const first = await call(caseworkerA, 'get', '/referrals/incoming?limit=2');
      const cursor = first.body.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const forged = [
        Buffer.from(JSON.stringify(['nextDue', '2026-02-30T00:00:00.000000Z', sent.id])).toString(
          'base64url',
        ),
        Buffer.from(JSON.stringify(['newest', 'infinity', sent.id])).toString('base64url'),
        Buffer.from(JSON.stringify(['nextDue', 'infinity', 'not-a-uuid'])).toString('base64url'),
        'not even base64 json',
      ];
      for (const bad of [...forged, cursor]) {
        const sort = bad === cursor ? 'newest' : 'nextDue';
        const refused = await call(
          caseworkerA,
          'get',
          `/referrals/incoming?sort=${sort}&cursor=${encodeURIComponent(bad)}`,
        );
        expect([refused.status, refused.body.details?.fields?.[0]?.field]).toEqual([400, 'cursor']);
      }
    });

    it('counts the open incoming referrals in the queues, capped, and pages them', async () => {
      const open = await expected(`r.status IN ('sent', 'acknowledged', 'in_progress')`, 'nextDue');
      for (const user of [supervisor, caseworkerA]) {
        const queues = (await call(user, 'get', '/queues')).body.items as Array<{
          name: string;
          labelId: string;
          labelEn: string;
          count: number;
          more: boolean;
        }>;
        const names = queues.map((queue) => queue.name);
        expect(names.indexOf('incoming_referrals')).toBe(names.indexOf('overdue_referrals') + 1);
        expect(queues.find((queue) => queue.name === 'incoming_referrals')).toEqual({
          name: 'incoming_referrals',
          labelId: 'Rujukan masuk',
          labelEn: 'Incoming referrals',
          count: open.length,
          more: false,
          countedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        });
        const page = await call(user, 'get', '/queues/incoming_referrals?limit=5');
        expect(page.status).toBe(200);
        expect((page.body.items as Row[]).map((row) => row.id)).toEqual(open.slice(0, 5));
        expect(Object.keys(page.body.items[0] as object).sort()).toEqual(ROW_KEYS);
        const rest = await call(
          user,
          'get',
          `/queues/incoming_referrals?limit=100&cursor=${page.body.nextCursor as string}`,
        );
        expect((rest.body.items as Row[]).map((row) => row.id)).toEqual(open.slice(5));
      }
      const elsewhere = (await call(thirdSupervisor, 'get', '/queues')).body.items as Array<{
        name: string;
        count: number;
      }>;
      expect(elsewhere.find((queue) => queue.name === 'incoming_referrals')!.count).toBe(0);
      for (const user of [viewer, world.liaison]) {
        const names = (
          (await call(user, 'get', '/queues')).body.items as Array<{ name: string }>
        ).map((queue) => queue.name);
        expect(names).not.toContain('incoming_referrals');
        const refused = await call(user, 'get', '/queues/incoming_referrals');
        expect([refused.status, refused.body.code]).toEqual([404, 'QUEUE.NOT_FOUND']);
      }
    });

    it('stops the count at 500 and says there are more', async () => {
      const busy = await createAgency(t);
      const busySupervisor = await createUser(t, UserRole.Supervisor, { agencyId: busy.id });
      await t.db.query(
        `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                                reason, request, consent, created_by, sent_at, sent_by,
                                acknowledge_due_at, due_at)
         SELECT $1, $2, $3, 'legal_aid', 'normal', 'sent', 'Alasan', 'Permintaan', 'victim', $4,
                now(), $4, now() + interval '1 day', now() + interval '5 days'
         FROM generate_series(1, 501)`,
        [world.caseId, world.referringAgencyId, busy.id, world.caseworker.id],
      );
      const queues = (await call(busySupervisor, 'get', '/queues')).body.items as Array<{
        name: string;
        count: number;
        more: boolean;
      }>;
      expect(queues.find((queue) => queue.name === 'incoming_referrals')).toMatchObject({
        count: 500,
        more: true,
      });
    });
  });
});

/**
 * Each order of the incoming list, within the agency, its unassigned referrals and an assignee's
 * own, is read from its index: no sort, about a page of index entries, at the first page and later.
 */
describe('incoming referral pages read from their indexes', () => {
  let t: TestApp;
  let world: ReferralWorld;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  const LIMIT = 20;

  beforeAll(async () => {
    t = await startTestApp();
    world = await referralWorld(t);
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId: world.receivingAgencyId });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: world.receivingAgencyId });
    const colleagues = await Promise.all(
      [1, 2, 3, 4].map(() =>
        createUser(t, UserRole.Caseworker, { agencyId: world.receivingAgencyId }),
      ),
    );
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => createAgency(t)));
    // Many referrals to many agencies; this one's spread over its caseworkers and none.
    await t.db.query(
      `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                              reason, request, consent, created_by, sent_at, sent_by,
                              acknowledge_due_at, due_at, acknowledged_at, outcome, decline_reason,
                                assignee_id)
       SELECT $1, $2, a.agency_id, 'legal_aid', 'normal', s.status, 'Alasan', 'Permintaan',
              'victim', $3, now() - (g % 500) * interval '1 hour', $3,
              now() + ((g % 97) - 30) * interval '1 hour', now() + ((g % 89) - 20) * interval '1 day',
              CASE WHEN s.status <> 'sent' THEN now() END,
              CASE WHEN s.status = 'completed' THEN 'achieved' END,
                CASE WHEN s.status = 'declined' THEN 'Di luar wewenang' END,
              CASE WHEN a.agency_id = $4 THEN ($5::uuid[])[1 + (g / 6) % 6] END
       FROM generate_series(1, 12000) AS g,
            LATERAL (SELECT (ARRAY['sent', 'acknowledged', 'in_progress', 'completed', 'declined',
                                   'cancelled', 'sent'])[1 + g % 7] AS status) AS s,
            LATERAL (SELECT ($6::uuid[])[1 + g % 6] AS agency_id) AS a`,
      [
        world.caseId,
        world.referringAgencyId,
        world.caseworker.id,
        world.receivingAgencyId,
        [null, caseworker.id, ...colleagues.map((user) => user.id)],
        [world.receivingAgencyId, ...others.map((agency) => agency.id)],
      ],
    );
    await t.db.query('VACUUM ANALYZE referrals');
  });
  afterAll(() => t?.close());

  interface PlanNode {
    'Node Type': string;
    'Index Name'?: string;
    'Relation Name'?: string;
    'Actual Rows': number;
    'Rows Removed by Filter'?: number;
    Plans?: PlanNode[];
  }
  const nodesOf = (node: PlanNode): PlanNode[] => [
    node,
    ...(node.Plans ?? []).flatMap((child) => nodesOf(child)),
  ];

  /** The page query the app ran for `path`, as it ran it, and the answer's cursor. */
  async function pageQuery(
    user: SignedInUser,
    path: string,
  ): Promise<{ sql: string; parameters: unknown[]; nextCursor: string | null }> {
    const pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
    const spy = jest.spyOn(pool, 'query');
    try {
      const response = await t
        .http()
        .get(`/api/v1${path}`)
        .set(...bearer(user));
      expect([path, response.status]).toEqual([path, 200]);
      const calls = (
        spy.mock.calls as unknown as Array<[string | { text: string; values?: unknown[] }]>
      )
        .map(([config]) => (typeof config === 'string' ? { text: config } : config))
        .filter((config) => /FROM referrals r/.test(config.text) && /keyset_key/.test(config.text));
      expect(calls).toHaveLength(1);
      return {
        sql: calls[0].text,
        parameters: (calls[0] as { values?: unknown[] }).values ?? [],
        nextCursor: response.body.nextCursor as string | null,
      };
    } finally {
      spy.mockRestore();
    }
  }

  it.each([
    ['the agency by next deadline', 'supervisor', '', 'referrals_incoming_due_idx'],
    ['the agency, newest', 'supervisor', 'sort=newest', 'referrals_incoming_sent_idx'],
    [
      'the open ones by next deadline (the queue)',
      'supervisor',
      'status=sent,acknowledged,in_progress',
      'referrals_incoming_due_idx',
    ],
    ['the overdue ones', 'supervisor', 'overdue=true', 'referrals_incoming_due_idx'],
    [
      'the unassigned by next deadline',
      'supervisor',
      'assignment=unassigned',
      'referrals_incoming_unassigned_due_idx',
    ],
    [
      'the unassigned, newest',
      'supervisor',
      'assignment=unassigned&sort=newest',
      'referrals_incoming_unassigned_sent_idx',
    ],
    [
      "a caseworker's own by next deadline",
      'caseworker',
      'assignment=mine',
      'referrals_assignee_due_idx',
    ],
    [
      "a caseworker's own, newest",
      'caseworker',
      'assignment=mine&sort=newest',
      'referrals_assignee_sent_idx',
    ],
  ])(
    'reads a first and a later page of %s from its index, without sorting',
    async (_label, who, filter, index) => {
      const user = who === 'supervisor' ? supervisor : caseworker;
      const path = `/referrals/incoming?limit=${LIMIT}${filter ? `&${filter}` : ''}`;
      const first = await pageQuery(user, path);
      expect(first.nextCursor).not.toBeNull();
      const later = await pageQuery(user, `${path}&cursor=${first.nextCursor!}`);
      for (const query of [first, later]) {
        const { rows } = await t.db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
          query.parameters,
        );
        const plan = nodesOf(rows[0]['QUERY PLAN'][0].Plan);
        expect(plan.filter((node) => /Sort/.test(node['Node Type']))).toEqual([]);
        const scans = plan.filter(
          (node) =>
            /^Index( Only)? Scan$/.test(node['Node Type']) && node['Relation Name'] === 'referrals',
        );
        expect(scans.map((scan) => scan['Index Name'])).toEqual([index]);
        // About a page of entries: the filters that are not the index's own (status, overdue
        // in the newest order) may pass over a few more, never the whole scope.
        const read = scans[0]['Actual Rows'] + (scans[0]['Rows Removed by Filter'] ?? 0);
        expect(read).toBeLessThanOrEqual(LIMIT * 3);
      }
    },
  );
});
