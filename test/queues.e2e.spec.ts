import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Named queues: each holds exactly the cases its definition names, counted for the caller's
 * agency only, and a count stops at its limit however big the agency's files are.
 */
describe('named queues', () => {
  let t: TestApp;
  let agencyId: string;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  let colleague: SignedInUser;
  let viewer: SignedInUser;
  let liaison: SignedInUser;
  let otherSupervisor: SignedInUser;

  const OPEN = `c.status NOT IN ('closed', 'closed_duplicate', 'closed_unfounded')`;
  /** Each queue written against the raw tables, independently of the service's filters. */
  const DEFINITIONS: Record<string, (callerId: string) => string> = {
    unassigned: () => `${OPEN} AND c.assigned_caseworker_id IS NULL`,
    mine: (callerId) => `${OPEN} AND c.assigned_caseworker_id = '${callerId}'`,
    critical_open: () => `${OPEN} AND c.priority = 'critical'`,
    overdue_referrals: () =>
      `${OPEN} AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id
         AND ((r.status = 'sent' AND least(r.acknowledge_due_at, r.due_at) < now())
              OR (r.status IN ('acknowledged', 'in_progress') AND r.due_at < now())))`,
    awaiting_closure_approval: () => `c.status = 'closure_requested'`,
    stale: () => `${OPEN} AND c.last_activity_at < now() - interval '30 days'`,
    reopened: () => `c.status = 'reopened'`,
  };

  beforeAll(async () => {
    t = await startTestApp();
    agencyId = (await createAgency(t)).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    colleague = await createUser(t, UserRole.Caseworker, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
    otherSupervisor = await createUser(t, UserRole.Supervisor);
    // Every combination of status, priority, assignee and age, a few times over.
    await t.db.query(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                          source, priority, suggested_priority, status, created_by,
                          assigned_caseworker_id, last_activity_at)
       SELECT 'NQ-' || substr($1::uuid::text, 1, 8) || '-' || row_number() OVER (), $1, 'Kasus antrian',
              'trafficking', date '2026-11-01', 'hotline', priority, 'normal', status, $2,
              assignee, now() - age * interval '1 day'
       FROM unnest(ARRAY['intake', 'open', 'in_assistance', 'closure_requested', 'closed',
                         'reopened', 'closed_duplicate']) AS status,
            unnest(ARRAY['critical', 'normal']) AS priority,
            unnest(ARRAY[NULL, $3, $4]::uuid[]) AS assignee,
            unnest(ARRAY[1, 45]) AS age`,
      [agencyId, supervisor.id, caseworker.id, colleague.id],
    );
    // Referrals: one late for acknowledgement, one answered and on time, one late and completed.
    await t.db.query(
      `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                              reason, request, consent, created_by, sent_at, sent_by,
                              acknowledge_due_at, due_at, outcome)
       SELECT c.id, $1, $1, 'legal_aid', 'normal', r.status, 'Pendampingan', 'Mohon pendampingan',
              'victim', $2, now(), $2, now() + r.ack, now() + r.due,
              CASE WHEN r.status = 'completed' THEN 'achieved' END
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases WHERE owning_agency_id = $1) c
       JOIN (VALUES (1, 'sent', interval '-1 hour', interval '5 days'),
                    (2, 'acknowledged', interval '-2 days', interval '3 days'),
                    (3, 'completed', interval '-2 days', interval '-1 day'),
                    (4, 'in_progress', interval '-9 days', interval '-1 day'))
            AS r (n, status, ack, due) ON c.n % 7 = r.n`,
      [agencyId, supervisor.id],
    );
    await createOtherAgencyCases();
  });
  afterAll(() => t.close());

  async function createOtherAgencyCases(): Promise<void> {
    await t.db.query(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                          source, priority, suggested_priority, status, created_by)
       SELECT 'NQO-' || substr($1::uuid::text, 1, 8) || '-' || g, $1, 'Kasus lain', 'trafficking',
              date '2026-11-01', 'hotline', 'critical', 'normal', 'reopened', $2
       FROM generate_series(1, 3) AS g`,
      [otherSupervisor.agencyId, otherSupervisor.id],
    );
  }

  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  async function expectedIds(queue: string, callerId: string): Promise<string[]> {
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT c.id FROM cases c WHERE c.owning_agency_id = $1 AND ${DEFINITIONS[queue](callerId)}
       ORDER BY c.id`,
      [agencyId],
    );
    return rows.map((row) => row.id);
  }

  async function walk(user: SignedInUser, path: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await get(
        user,
        `${path}${separator}limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect([path, response.status]).toEqual([path, 200]);
      ids.push(...(response.body.items as Array<{ id: string }>).map((item) => item.id));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return ids;
    }
    throw new Error(`${path} did not end`);
  }

  it("counts each of a supervisor's queues as its definition over the records does", async () => {
    const response = await get(supervisor, '/queues');
    expect(response.status).toBe(200);
    const queues = response.body.items as Array<{
      name: string;
      labelId: string;
      labelEn: string;
      count: number;
      more: boolean;
    }>;
    expect(queues.map((queue) => queue.name)).toEqual([
      'unassigned',
      'mine',
      'critical_open',
      'overdue_referrals',
      'incoming_referrals',
      'awaiting_closure_approval',
      'incoming_transfers',
      'stale',
      'reopened',
    ]);
    for (const queue of queues) {
      // Referrals sent to the agency by others (test/incoming-referrals.e2e.spec.ts): none here.
      // Nor transfers offered by others (test/case-transfers.e2e.spec.ts).
      if (queue.name === 'incoming_referrals' || queue.name === 'incoming_transfers') {
        expect([queue.count, queue.more]).toEqual([0, false]);
        continue;
      }
      const expected = await expectedIds(queue.name, supervisor.id);
      expect([queue.name, queue.count, queue.more]).toEqual([queue.name, expected.length, false]);
      expect(queue.labelId.length).toBeGreaterThan(3);
      expect(queue.labelEn.length).toBeGreaterThan(3);
    }
    // The seed puts cases in every queue but the supervisor's own.
    expect(queues.filter((queue) => queue.count === 0).map((queue) => queue.name)).toEqual([
      'mine',
      'incoming_referrals',
      'incoming_transfers',
    ]);
  });

  it.each(Object.keys(DEFINITIONS))(
    'pages the %s queue: exactly its cases, in the order asked',
    async (name) => {
      const expected = await expectedIds(name, caseworker.id);
      expect(expected.length).toBeGreaterThan(0);
      const listed = await walk(caseworker, `/queues/${name}`);
      expect([...listed].sort()).toEqual(expected);
      // Priority then age by default; another order and a further filter still apply.
      const byCreation = await walk(caseworker, `/queues/${name}?sort=created`);
      expect([...byCreation].sort()).toEqual(expected);
      const critical = await walk(caseworker, `/queues/${name}?priority=critical`);
      const expectedCritical = (
        await t.db.query<{ id: string }>(
          `SELECT id FROM cases WHERE id = ANY($1) AND priority = 'critical' ORDER BY id`,
          [expected],
        )
      ).rows.map((row) => row.id);
      expect([...critical].sort()).toEqual(name === 'critical_open' ? expected : expectedCritical);
    },
  );

  it('gives each role its own queues: no "mine" for a viewer, none for a liaison', async () => {
    const names = async (user: SignedInUser) =>
      ((await get(user, '/queues')).body.items as Array<{ name: string }>).map((q) => q.name);
    expect(await names(caseworker)).toContain('mine');
    expect(await names(viewer)).not.toContain('mine');
    expect(await names(viewer)).toContain('unassigned');
    expect(await names(liaison)).toEqual([]);
    for (const [user, path] of [
      [viewer, '/queues/mine'],
      [liaison, '/queues/unassigned'],
      [supervisor, '/queues/everything'],
    ] as const) {
      const response = await get(user, path);
      expect([path, response.status, response.body.code]).toEqual([path, 404, 'QUEUE.NOT_FOUND']);
    }
  });

  it("never counts or lists another agency's cases", async () => {
    const other = (await get(otherSupervisor, '/queues')).body.items as Array<{
      name: string;
      count: number;
    }>;
    expect(other.find((queue) => queue.name === 'reopened')!.count).toBe(3);
    expect(other.find((queue) => queue.name === 'critical_open')!.count).toBe(3);
    expect(other.find((queue) => queue.name === 'unassigned')!.count).toBe(3);
    expect(other.find((queue) => queue.name === 'stale')!.count).toBe(0);
    const listed = await walk(otherSupervisor, '/queues/reopened');
    const { rows } = await t.db.query<{ owning_agency_id: string }>(
      'SELECT DISTINCT owning_agency_id FROM cases WHERE id = ANY($1)',
      [listed],
    );
    expect(rows).toEqual([{ owning_agency_id: otherSupervisor.agencyId }]);
  });

  it('stops counting at 500 and says there are more', async () => {
    const big = await createUser(t, UserRole.Supervisor);
    await t.db.query(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                          source, priority, suggested_priority, status, created_by)
       SELECT 'NQB-' || substr($1::uuid::text, 1, 8) || '-' || g, $1, 'Kasus besar', 'trafficking',
              date '2026-11-01', 'hotline', 'normal', 'normal', 'open', $2
       FROM generate_series(1, 501) AS g`,
      [big.agencyId, big.id],
    );
    const queues = (await get(big, '/queues')).body.items as Array<{
      name: string;
      count: number;
      more: boolean;
    }>;
    expect(queues.find((queue) => queue.name === 'unassigned')).toMatchObject({
      count: 500,
      more: true,
    });
    expect(queues.find((queue) => queue.name === 'reopened')).toMatchObject({
      count: 0,
      more: false,
    });
  });

  it("keeps a caller's counts while nothing happens to the agency's cases, and counts again after any change", async () => {
    const boss = await createUser(t, UserRole.Supervisor);
    const worker = await createUser(t, UserRole.Caseworker, { agencyId: boss.agencyId });
    const { rows: created } = await t.db.query<{ id: string }>(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                          source, priority, suggested_priority, status, created_by)
       SELECT 'NQK-' || substr($1::uuid::text, 1, 8) || '-' || g, $1, 'Kasus simpan', 'trafficking',
              date '2026-11-01', 'hotline', 'normal', 'normal', 'open', $2
       FROM generate_series(1, 3) AS g
       RETURNING id`,
      [boss.agencyId, boss.id],
    );
    const unassigned = async () => {
      const response = await get(boss, '/queues');
      expect(response.status).toBe(200);
      return (
        response.body.items as Array<{ name: string; count: number; countedAt: string }>
      ).find((queue) => queue.name === 'unassigned')!;
    };
    const first = await unassigned();
    expect(first.count).toBe(3);
    expect(Date.parse(first.countedAt)).toBeLessThanOrEqual(Date.now());

    // Closed behind the service's back: no activity, so the kept count is still the answer.
    await t.db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [created[0].id]);
    expect(await unassigned()).toEqual(first);

    // Any change a person makes is activity: the next read counts again, closure included.
    const assigned = await t
      .http()
      .post('/api/v1/cases/assignments')
      .set(...bearer(boss))
      .send({ caseIds: [created[1].id], assigneeId: worker.id });
    expect(assigned.status).toBe(200);
    const after = await unassigned();
    expect(after.count).toBe(1);
    expect(Date.parse(after.countedAt)).toBeGreaterThan(Date.parse(first.countedAt));
  });
});
