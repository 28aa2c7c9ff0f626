import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

interface CaseRow {
  id: string;
  case_number: string;
  assigned_caseworker_id: string | null;
  status: string;
  version: number;
}

/**
 * Bulk assignment and closure decisions from a queue: all or nothing with every case judged on
 * its own, what the database holds afterwards (versions, audit, timeline, queues), and the one
 * message the assignee gets.
 */
describe('bulk assignment and closure decisions', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agencyId: string;
  let otherAgencyId: string;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  let colleague: SignedInUser;
  let viewer: SignedInUser;
  let otherSupervisor: SignedInUser;
  let otherCaseworker: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url } });
    agencyId = (await createAgency(t)).id;
    otherAgencyId = (await createAgency(t)).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    colleague = await createUser(t, UserRole.Caseworker, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    otherSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: otherAgencyId });
    otherCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: otherAgencyId });
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const post = (user: SignedInUser, path: string, body: object) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set(...bearer(user))
      .send(body);
  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  async function newCases(owner: SignedInUser, count: number): Promise<CaseRow[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1)
      ids.push(((await createCase(t, owner, plainCase())) as { id: string }).id);
    return rows(ids);
  }

  async function rows(ids: string[]): Promise<CaseRow[]> {
    const { rows: found } = await t.db.query<CaseRow>(
      `SELECT id, case_number, assigned_caseworker_id, status, version FROM cases
       WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return ids.map((id) => found.find((row) => row.id === id)!);
  }

  async function auditCount(ids: string[], action: string): Promise<number> {
    const { rows: counted } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_events WHERE case_id = ANY($1::uuid[]) AND action = $2',
      [ids, action],
    );
    return counted[0].n;
  }

  async function assignmentMessages(userId: string): Promise<number> {
    const { rows: counted } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications
       WHERE kind = 'case_assignment' AND recipient_user_id = $1`,
      [userId],
    );
    return counted[0].n;
  }

  async function queueIds(user: SignedInUser, name: string): Promise<string[]> {
    const response = await get(user, `/queues/${name}?limit=100`);
    expect(response.status).toBe(200);
    return (response.body.items as Array<{ id: string }>).map((item) => item.id);
  }

  describe('assignment', () => {
    it('changes nothing when one case of the request is another agency’s, and names it', async () => {
      const mine = await newCases(caseworker, 2);
      const [theirs] = await newCases(otherCaseworker, 1);
      const response = await post(supervisor, '/cases/assignments', {
        caseIds: [mine[0].id, mine[1].id, theirs.id],
        assigneeId: caseworker.id,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('CASE.BULK_REFUSED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'caseIds[2]',
      ]);
      expect(response.body.details.refused).toEqual([
        { index: 2, caseRef: theirs.id, reason: 'not_found' },
      ]);
      expect(await rows([...mine.map((c) => c.id), theirs.id])).toEqual([...mine, theirs]);
      expect(await auditCount([mine[0].id, mine[1].id], 'case.assigned')).toBe(0);
      expect(await assignmentMessages(caseworker.id)).toBe(0);
    });

    it('refuses unknown numbers and repeats, each at its place in the list', async () => {
      const [one] = await newCases(caseworker, 1);
      const response = await post(supervisor, '/cases/assignments', {
        caseIds: [one.id, 'ZZZ-2024-999999', one.case_number.toLowerCase()],
        assigneeId: caseworker.id,
      });
      expect(response.status).toBe(400);
      expect(response.body.details.refused).toEqual([
        { index: 1, caseRef: 'ZZZ-2024-999999', reason: 'not_found' },
        { index: 2, caseRef: one.case_number.toLowerCase(), reason: 'duplicate' },
      ]);
      expect((await rows([one.id]))[0]).toEqual(one);
    });

    it('refuses an assignee of another agency, case by case, and an assignee who is no caseworker', async () => {
      const mine = await newCases(caseworker, 1);
      const [theirs] = await newCases(otherCaseworker, 1);
      const wrongAgency = await post(supervisor, '/cases/assignments', {
        caseIds: [mine[0].id],
        assigneeId: otherCaseworker.id,
      });
      expect(wrongAgency.status).toBe(400);
      expect(wrongAgency.body.details.refused).toEqual([
        { index: 0, caseRef: mine[0].id, reason: 'assignee_not_eligible' },
      ]);
      // An admin reaches both agencies' cases; the assignee fits only the first.
      const mixed = await post(admin, '/cases/assignments', {
        caseIds: [mine[0].id, theirs.id],
        assigneeId: caseworker.id,
      });
      expect(mixed.status).toBe(400);
      expect(mixed.body.details.refused).toEqual([
        { index: 1, caseRef: theirs.id, reason: 'assignee_not_eligible' },
      ]);
      const notStaff = await post(supervisor, '/cases/assignments', {
        caseIds: [mine[0].id],
        assigneeId: viewer.id,
      });
      expect(notStaff.status).toBe(400);
      expect(notStaff.body.details.fields[0].field).toBe('assigneeId');
      expect(await rows([mine[0].id, theirs.id])).toEqual([mine[0], theirs]);
    });

    it('lets a caseworker take unassigned cases for themselves, and nothing else', async () => {
      const [free, taken] = await newCases(caseworker, 2);
      await t.db.query('UPDATE cases SET assigned_caseworker_id = $1 WHERE id = $2', [
        colleague.id,
        taken.id,
      ]);
      const forSomeoneElse = await post(caseworker, '/cases/assignments', {
        caseIds: [free.id],
        assigneeId: colleague.id,
      });
      expect(forSomeoneElse.status).toBe(403);
      const colleaguesCase = await post(caseworker, '/cases/assignments', {
        caseIds: [free.id, taken.id],
        assigneeId: caseworker.id,
      });
      expect(colleaguesCase.status).toBe(400);
      expect(colleaguesCase.body.details.refused).toEqual([
        { index: 1, caseRef: taken.id, reason: 'not_allowed' },
      ]);
      const viewerTry = await post(viewer, '/cases/assignments', {
        caseIds: [free.id],
        assigneeId: viewer.id,
      });
      expect(viewerTry.status).toBe(403);
      expect((await rows([free.id]))[0].assigned_caseworker_id).toBeNull();

      const self = await post(caseworker, '/cases/assignments', {
        caseIds: [free.id],
        assigneeId: caseworker.id,
      });
      expect(self.status).toBe(200);
      expect((await rows([free.id]))[0].assigned_caseworker_id).toBe(caseworker.id);
      // Nobody is emailed about what they did themselves.
      const { rows: notices } = await t.db.query(
        'SELECT 1 FROM case_assignment_notices WHERE $1 = ANY(case_ids)',
        [free.id],
      );
      expect(notices).toHaveLength(0);
    });

    it('another agency’s supervisor cannot assign our cases, even to our own staff', async () => {
      const [one] = await newCases(caseworker, 1);
      const response = await post(otherSupervisor, '/cases/assignments', {
        caseIds: [one.case_number],
        assigneeId: caseworker.id,
      });
      expect(response.status).toBe(400);
      expect(response.body.details.refused).toEqual([
        { index: 0, caseRef: one.case_number, reason: 'not_found' },
      ]);
      expect((await rows([one.id]))[0]).toEqual(one);
    });

    it('assigns every case, bumps versions, audits, shows it on the timeline, moves the queues and emails the assignee once', async () => {
      const cases = await newCases(caseworker, 3);
      const ids = cases.map((c) => c.id);
      const unassignedBefore = await queueIds(supervisor, 'unassigned');
      expect(unassignedBefore).toEqual(expect.arrayContaining(ids));
      const before = sink.messagesTo(colleague.email).length;

      const response = await post(supervisor, '/cases/assignments', {
        // By id and by number, the prefix in any case.
        caseIds: [ids[0], cases[1].case_number.toLowerCase(), ids[2]],
        assigneeId: colleague.id,
      });
      expect(response.status).toBe(200);
      expect(
        (response.body.items as Array<{ changed: boolean }>).filter((item) => item.changed),
      ).toHaveLength(3);
      expect(response.body.items.map((item: { caseId: string }) => item.caseId)).toEqual(ids);

      const after = await rows(ids);
      after.forEach((row, i) => {
        expect(row.assigned_caseworker_id).toBe(colleague.id);
        expect(row.version).toBe(cases[i].version + 1);
      });
      expect(response.body.items.map((item: { version: number }) => item.version)).toEqual(
        after.map((row) => row.version),
      );
      expect(await auditCount(ids, 'case.assigned')).toBe(3);

      const timeline = await get(supervisor, `/cases/${cases[1].case_number}/timeline`);
      expect(timeline.status).toBe(200);
      const entry = (
        timeline.body.items as Array<{
          action: string;
          actorId: string;
          changes: Record<string, { from: unknown; to: unknown }>;
        }>
      ).find((item) => item.action === 'case.assigned');
      expect(entry).toMatchObject({
        actorId: supervisor.id,
        changes: { assignedCaseworkerId: { from: null, to: colleague.id } },
      });

      const unassignedAfter = await queueIds(supervisor, 'unassigned');
      expect(unassignedAfter.filter((id) => ids.includes(id))).toEqual([]);
      expect(await queueIds(colleague, 'mine')).toEqual(expect.arrayContaining(ids));

      // One message for the call, carrying no more than the notice's id.
      const { rows: messages } = await t.db.query<{ dedupe_key: string; case_id: string | null }>(
        `SELECT dedupe_key, case_id FROM notifications
         WHERE kind = 'case_assignment' AND recipient_user_id = $1`,
        [colleague.id],
      );
      expect(messages).toHaveLength(1);
      const noticeId = messages[0].dedupe_key.split(':')[1];
      const { rows: notices } = await t.db.query<{ case_ids: string[] }>(
        'SELECT case_ids FROM case_assignment_notices WHERE id = $1',
        [noticeId],
      );
      expect([...notices[0].case_ids].sort()).toEqual([...ids].sort());

      const [mail] = (await sink.waitFor(before + 1, 15_000, colleague.email)).slice(before);
      for (const c of cases) expect(mail.text).toContain(c.case_number);
      expect(mail.subject).toContain('3 kasus');
      // The victim's name stays out of the message.
      expect(mail.text).not.toContain('Siti');
    });

    it('unassigns with null, and the cases come back to the unassigned queue', async () => {
      const cases = await newCases(caseworker, 2);
      const ids = cases.map((c) => c.id);
      expect(
        (await post(supervisor, '/cases/assignments', { caseIds: ids, assigneeId: caseworker.id }))
          .status,
      ).toBe(200);
      const response = await post(supervisor, '/cases/assignments', {
        caseIds: ids,
        assigneeId: null,
      });
      expect(response.status).toBe(200);
      expect((await rows(ids)).map((row) => row.assigned_caseworker_id)).toEqual([null, null]);
      expect(await queueIds(supervisor, 'unassigned')).toEqual(expect.arrayContaining(ids));
      expect(await queueIds(caseworker, 'mine')).not.toEqual(expect.arrayContaining([ids[0]]));
    });

    it('leaves a case already with the assignee alone, and refuses closed cases', async () => {
      const [kept, moved, closed] = await newCases(caseworker, 3);
      await t.db.query(`UPDATE cases SET assigned_caseworker_id = $1 WHERE id = $2`, [
        colleague.id,
        kept.id,
      ]);
      await t.db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [closed.id]);
      const [keptBefore, , closedBefore] = await rows([kept.id, moved.id, closed.id]);
      const refused = await post(supervisor, '/cases/assignments', {
        caseIds: [kept.id, moved.id, closed.id],
        assigneeId: colleague.id,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.details.refused).toEqual([
        { index: 2, caseRef: closed.id, reason: 'closed' },
      ]);
      const response = await post(supervisor, '/cases/assignments', {
        caseIds: [kept.id, moved.id],
        assigneeId: colleague.id,
      });
      expect(response.status).toBe(200);
      expect(
        (response.body.items as Array<{ caseId: string; changed: boolean }>).map((item) => [
          item.caseId,
          item.changed,
        ]),
      ).toEqual([
        [kept.id, false],
        [moved.id, true],
      ]);
      const [keptAfter, movedAfter, closedAfter] = await rows([kept.id, moved.id, closed.id]);
      expect(keptAfter).toEqual(keptBefore);
      expect(closedAfter).toEqual(closedBefore);
      expect(movedAfter.version).toBe(moved.version + 1);
      expect(await auditCount([kept.id], 'case.assigned')).toBe(0);
      // The message names only the case that changed hands.
      const { rows: notices } = await t.db.query<{ case_ids: string[] }>(
        'SELECT case_ids FROM case_assignment_notices WHERE $1 = ANY(case_ids)',
        [moved.id],
      );
      expect(notices).toEqual([{ case_ids: [moved.id] }]);
    });

    it('runs overlapping bulk calls in opposite orders without a deadlock', async () => {
      const cases = await newCases(caseworker, 6);
      const ids = cases.map((c) => c.id);
      const calls = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          post(supervisor, '/cases/assignments', {
            caseIds: i % 2 === 0 ? ids : [...ids].reverse(),
            assigneeId: i % 2 === 0 ? caseworker.id : colleague.id,
          }),
        ),
      );
      expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const after = await rows(ids);
      // Each call saw every case at once: they all end with one assignee.
      expect(new Set(after.map((row) => row.assigned_caseworker_id)).size).toBe(1);
    });

    it('assigns 500 cases in one call, with one message', async () => {
      const { rows: made } = await t.db.query<{ id: string }>(
        `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                            source, priority, suggested_priority, status, created_by)
         SELECT 'BLK-2026-' || lpad(g::text, 6, '0'), $1, 'Kasus', 'trafficking',
                date '2026-11-01', 'hotline', 'normal', 'normal', 'open', $2
         FROM generate_series(1, 500) AS g
         RETURNING id`,
        [agencyId, supervisor.id],
      );
      const ids = made.map((row) => row.id);
      const response = await post(supervisor, '/cases/assignments', {
        caseIds: ids,
        assigneeId: colleague.id,
      });
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(500);
      const { rows: counted } = await t.db.query<{ assigned: number; bumped: number }>(
        `SELECT count(*) FILTER (WHERE assigned_caseworker_id = $2)::int AS assigned,
                count(*) FILTER (WHERE version = 2)::int AS bumped
         FROM cases WHERE id = ANY($1::uuid[])`,
        [ids, colleague.id],
      );
      expect(counted).toEqual([{ assigned: 500, bumped: 500 }]);
      expect(await auditCount(ids, 'case.assigned')).toBe(500);
      const { rows: notices } = await t.db.query<{ n: number }>(
        'SELECT cardinality(case_ids) AS n FROM case_assignment_notices WHERE $1 = ANY(case_ids)',
        [ids[0]],
      );
      expect(notices).toEqual([{ n: 500 }]);
    });

    it('refuses more than 500 cases and malformed ids before reading anything', async () => {
      const tooMany = await post(supervisor, '/cases/assignments', {
        caseIds: Array.from({ length: 501 }, () => '0b8e7c1e-2f4a-4d7b-9a51-6f0a3c9d2e11'),
        assigneeId: caseworker.id,
      });
      expect(tooMany.status).toBe(400);
      const malformed = await post(supervisor, '/cases/assignments', {
        caseIds: ['not a case'],
        assigneeId: caseworker.id,
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.details.fields[0].field).toMatch(/^caseIds/);
      // Many refusals: the first 100 and how many there were, as any validation answer.
      const manyUnknown = await post(supervisor, '/cases/assignments', {
        caseIds: Array.from({ length: 150 }, (_, i) => `ZZZ-2024-${String(i).padStart(6, '0')}`),
        assigneeId: caseworker.id,
      });
      expect(manyUnknown.status).toBe(400);
      expect(manyUnknown.body.details.refused).toHaveLength(100);
      expect(manyUnknown.body.details.fields).toHaveLength(100);
      expect(manyUnknown.body.details.totalFields).toBe(150);
      const noAssignee = await post(supervisor, '/cases/assignments', { caseIds: [] });
      expect(noAssignee.status).toBe(400);
    });
  });

  describe('closure decisions', () => {
    async function awaitingClosure(count: number): Promise<CaseRow[]> {
      const cases = await newCases(caseworker, count);
      for (const c of cases) {
        for (const [to, version] of [
          ['open', 1],
          ['closure_requested', 2],
        ] as const) {
          const moved = await post(caseworker, `/cases/${c.id}/transitions`, {
            to,
            version,
            reason: 'Pendampingan selesai',
          });
          expect(moved.status).toBe(201);
        }
      }
      return rows(cases.map((c) => c.id));
    }

    it('approves every case of the request, as transitions on each timeline', async () => {
      const cases = await awaitingClosure(2);
      const ids = cases.map((c) => c.id);
      expect(await queueIds(supervisor, 'awaiting_closure_approval')).toEqual(
        expect.arrayContaining(ids),
      );
      const response = await post(supervisor, '/cases/closure-decisions', {
        caseIds: ids,
        decision: 'approve',
      });
      expect(response.status).toBe(200);
      const after = await rows(ids);
      expect(after.map((row) => row.status)).toEqual(['closed', 'closed']);
      after.forEach((row, i) => expect(row.version).toBe(cases[i].version + 1));
      expect(await auditCount(ids, 'case.transitioned')).toBe(2 * 3);
      const timeline = await get(supervisor, `/cases/${ids[0]}/timeline`);
      const last = (timeline.body.items as Array<{ action: string; changes: object }>).at(-1);
      expect(last).toMatchObject({
        action: 'case.transitioned',
        changes: { status: { from: 'closure_requested', to: 'closed' }, decision: 'approve' },
      });
      expect(
        (await queueIds(supervisor, 'awaiting_closure_approval')).filter((id) => ids.includes(id)),
      ).toEqual([]);
    });

    it('sends back only with a comment, which the timeline keeps', async () => {
      const cases = await awaitingClosure(1);
      const ids = cases.map((c) => c.id);
      const without = await post(supervisor, '/cases/closure-decisions', {
        caseIds: ids,
        decision: 'send_back',
      });
      expect(without.status).toBe(400);
      expect(without.body.details.fields[0].field).toBe('comment');
      expect(await rows(ids)).toEqual(cases);

      const comment = 'Klaim santunan belum selesai';
      const sent = await post(supervisor, '/cases/closure-decisions', {
        caseIds: ids,
        decision: 'send_back',
        comment,
      });
      expect(sent.status).toBe(200);
      expect((await rows(ids))[0].status).toBe('in_assistance');
      const timeline = await get(caseworker, `/cases/${ids[0]}/timeline`);
      expect((timeline.body.items as Array<{ changes: object }>).at(-1)?.changes).toMatchObject({
        status: { from: 'closure_requested', to: 'in_assistance' },
        reason: comment,
      });
    });

    it('is a supervisor’s: caseworkers are refused, and nothing changes', async () => {
      const cases = await awaitingClosure(1);
      const response = await post(caseworker, '/cases/closure-decisions', {
        caseIds: [cases[0].id],
        decision: 'approve',
      });
      expect(response.status).toBe(403);
      expect(await rows([cases[0].id])).toEqual(cases);
    });

    it('refuses the whole request when one case is not awaiting approval or not ours', async () => {
      const waiting = await awaitingClosure(1);
      const [fresh] = await newCases(caseworker, 1);
      const [theirs] = await newCases(otherCaseworker, 1);
      const response = await post(supervisor, '/cases/closure-decisions', {
        caseIds: [waiting[0].id, fresh.id, theirs.id],
        decision: 'approve',
      });
      expect(response.status).toBe(400);
      expect(response.body.details.refused).toEqual([
        { index: 1, caseRef: fresh.id, reason: 'not_awaiting_closure' },
        { index: 2, caseRef: theirs.id, reason: 'not_found' },
      ]);
      expect(await rows([waiting[0].id, fresh.id, theirs.id])).toEqual([waiting[0], fresh, theirs]);
    });
  });
});
