import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Keyset lists order by the plain (time, id) and carry the time to the microsecond in the cursor:
 * rows written within one millisecond page cleanly, and every list's page is read from an index.
 */
describe('keyset lists', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  /** Every id of a list, page by page. */
  async function walk(user: SignedInUser, path: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await get(
        user,
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      ids.push(...(response.body.items as Array<{ id: string }>).map((item) => item.id));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return ids;
    }
    throw new Error(`${path} did not end`);
  }

  /** A cursor as given out before cursors carried microseconds: the millisecond, as a Date keeps it. */
  const millisecondCursor = (at: Date, id: string) =>
    Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

  /**
   * Times for `count` rows: most within one millisecond, apart by microseconds only, two exactly
   * equal (the id decides), and one a millisecond earlier and one later.
   */
  function sameMillisecondTimes(count: number): string[] {
    const times = ['2021-11-30T03:04:05.679100Z'];
    for (let i = 0; times.length < count - 1; i += 1)
      times.push(`2021-11-30T03:04:05.678${100 + (i === 1 ? 0 : i) * 111}Z`);
    times.push('2021-11-30T03:04:05.677900Z');
    return times;
  }

  async function orderedIds(sql: string, parameters: unknown[]): Promise<string[]> {
    return (await t.db.query<{ id: string }>(sql, parameters)).rows.map((row) => row.id);
  }

  async function insertCases(agencyId: string, createdBy: string, times: string[]): Promise<void> {
    const tag = randomBytes(4).toString('hex');
    await t.db.query(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date, source,
                          priority, suggested_priority, status, created_by, created_at, updated_at)
       SELECT 'KL-' || $4 || '-' || n, $1, 'Kasus ' || n, 'unpaid_wages', date '2026-11-01', 'hotline',
              'normal', 'normal', 'open', $2, at, at
       FROM unnest($3::timestamptz[]) WITH ORDINALITY AS u (at, n)`,
      [agencyId, createdBy, times, tag],
    );
  }

  async function insertReferrals(
    caseId: string,
    receivingAgencyId: string,
    createdBy: string,
    times: string[],
  ): Promise<void> {
    await t.db.query(
      `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                              reason, request, consent, created_by, sent_at, sent_by,
                              acknowledge_due_at, due_at, created_at, updated_at)
       SELECT c.id, c.owning_agency_id, $2, 'legal_aid', 'normal', 'sent', 'Pendampingan hukum',
              'Mohon pendampingan', 'victim', $3, at, $3, at + interval '1 day',
              at + interval '10 days', at, at
       FROM cases c, unnest($4::timestamptz[]) AS u (at)
       WHERE c.id = $1`,
      [caseId, receivingAgencyId, createdBy, times],
    );
  }

  /** Failed and delivered in turn, so that a list by status leaves rows out between its own. */
  async function insertNotifications(agencyId: string, times: string[]): Promise<void> {
    await t.db.query(
      `INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, due_at,
                                  next_attempt_at, max_attempts, status, attempts, failed_at,
                                  delivered_at, settled_at, created_at)
       SELECT 'overdue_reminder', 'email', 'agency', $1, at, at, 3, status,
              CASE WHEN status = 'failed' THEN 3 ELSE 1 END,
              CASE WHEN status = 'failed' THEN at END, CASE WHEN status = 'delivered' THEN at END,
              at, at
       FROM unnest($2::timestamptz[]) WITH ORDINALITY AS u (at, n),
            LATERAL (SELECT CASE WHEN n % 2 = 0 THEN 'delivered' ELSE 'failed' END AS status) AS s`,
      [agencyId, times],
    );
  }

  describe('cases', () => {
    let supervisor: SignedInUser;
    let expected: string[];

    beforeAll(async () => {
      const agency = await createAgency(t);
      supervisor = await createUser(t, UserRole.Supervisor, { agencyId: agency.id });
      await insertCases(agency.id, supervisor.id, sameMillisecondTimes(7));
      expected = await orderedIds(
        'SELECT id FROM cases WHERE owning_agency_id = $1 ORDER BY created_at DESC, id DESC',
        [agency.id],
      );
      expect(expected).toHaveLength(7);
    });

    it.each([1, 2, 3])(
      'pages cases created within one millisecond, limit %i, skipping and repeating none',
      async (limit) => {
        expect(await walk(supervisor, '/cases?sort=created', limit)).toEqual(expected);
      },
    );

    it('refuses a cursor given out before queues had orders, rather than misread it', async () => {
      const { rows } = await t.db.query<{ created_at: Date }>(
        'SELECT created_at FROM cases WHERE id = $1',
        [expected[3]],
      );
      const cursor = millisecondCursor(rows[0].created_at, expected[3]);
      const response = await get(supervisor, `/cases?sort=created&cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.details.fields).toEqual([
        { field: 'cursor', messages: ['cursor is not one this API gave out'] },
      ]);
    });

    it('lists the same summary of a case as reading it shows', async () => {
      const caseworker = await createUser(t, UserRole.Caseworker, {
        agencyId: supervisor.agencyId,
      });
      const created = (await createCase(t, caseworker, plainCase())) as { id: string };
      const full = (await get(supervisor, `/cases/${created.id}`)).body as Record<string, unknown>;
      const listed = (await get(supervisor, '/cases?sort=created&limit=1')).body.items[0] as Record<
        string,
        unknown
      >;
      const keys = [
        'id',
        'caseNumber',
        'owningAgencyId',
        'title',
        'incidentType',
        'status',
        'priority',
        'assignedCaseworkerId',
        'supervisorId',
        'reportedDate',
        'version',
        'createdAt',
        'updatedAt',
      ];
      const queueKeys = [
        'assignedCaseworkerName',
        'victimCount',
        'nextDueAt',
        'overdueReferralCount',
        'lastActivityAt',
      ];
      expect(Object.keys(listed).sort()).toEqual([...keys, ...queueKeys].sort());
      expect(Object.fromEntries(keys.map((key) => [key, listed[key]]))).toEqual(
        Object.fromEntries(keys.map((key) => [key, full[key]])),
      );
      expect(listed).toMatchObject({
        assignedCaseworkerName: null,
        victimCount: full.victimCount,
        nextDueAt: null,
        overdueReferralCount: 0,
        lastActivityAt: full.createdAt,
      });
      expect(listed.reportedDate).toBe('2024-03-04');
      expect(listed.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('writes times to the millisecond as reading the case does, microseconds cut, as JSON', async () => {
      const response = await get(supervisor, '/cases?limit=100');
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const listed = response.body.items as Array<{
        id: string;
        createdAt: string;
        updatedAt: string;
      }>;
      const seeded = listed.filter((item) => expected.includes(item.id));
      expect(seeded).toHaveLength(expected.length);
      // Seeded at .6771 to .6791 ms within one second: the list must not round up to .678/.680.
      expect(new Set(seeded.map((item) => item.updatedAt))).toEqual(
        new Set([
          '2021-11-30T03:04:05.677Z',
          '2021-11-30T03:04:05.678Z',
          '2021-11-30T03:04:05.679Z',
        ]),
      );
      for (const item of seeded) {
        const read = (await get(supervisor, `/cases/${item.id}`)).body as Record<string, unknown>;
        expect([item.createdAt, item.updatedAt]).toEqual([read.createdAt, read.updatedAt]);
      }
    });

    it.each([
      ['not base64 JSON', 'x'],
      ['not a pair', Buffer.from('{"at":1}').toString('base64url')],
      [
        'a day that does not exist',
        Buffer.from(
          JSON.stringify(['2026-02-30T00:00:00.000Z', '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f']),
        ).toString('base64url'),
      ],
      [
        'year zero',
        Buffer.from(
          JSON.stringify(['0000-01-01T00:00:00.000000Z', '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f']),
        ).toString('base64url'),
      ],
      [
        'five fractional digits',
        Buffer.from(
          JSON.stringify(['2026-11-30T03:04:05.67812Z', '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f']),
        ).toString('base64url'),
      ],
      [
        'a time zone offset',
        Buffer.from(
          JSON.stringify([
            '2026-11-30T03:04:05.678123+07:00',
            '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f',
          ]),
        ).toString('base64url'),
      ],
      [
        'an id that is no UUID',
        Buffer.from(JSON.stringify(['2026-11-30T03:04:05.678123Z', '1'])).toString('base64url'),
      ],
    ])('refuses a cursor that is %s as a field error', async (_label, cursor) => {
      for (const path of ['/cases', '/referrals', '/notifications']) {
        const response = await get(
          path === '/cases' ? supervisor : admin,
          `${path}?cursor=${cursor}`,
        );
        expect([path, response.status]).toEqual([path, 400]);
        expect(response.body.details.fields).toEqual([
          { field: 'cursor', messages: ['cursor is not one this API gave out'] },
        ]);
      }
    });
  });

  describe('referrals', () => {
    let caseworker: SignedInUser;
    let liaison: SignedInUser;
    let caseId: string;
    let expected: string[];

    beforeAll(async () => {
      const referring = await createAgency(t);
      const receiving = await createAgency(t);
      caseworker = await createUser(t, UserRole.Caseworker, { agencyId: referring.id });
      liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: receiving.id });
      caseId = ((await createCase(t, caseworker, plainCase())) as { id: string }).id;
      await insertReferrals(caseId, receiving.id, caseworker.id, sameMillisecondTimes(6));
      expected = await orderedIds(
        'SELECT id FROM referrals WHERE case_id = $1 ORDER BY created_at DESC, id DESC',
        [caseId],
      );
      expect(expected).toHaveLength(6);
    });

    it.each([1, 2])(
      'pages referrals made within one millisecond, limit %i, in every list',
      async (limit) => {
        expect(await walk(caseworker, `/cases/${caseId}/referrals`, limit)).toEqual(expected);
        expect(await walk(caseworker, '/referrals', limit)).toEqual(expected);
        expect(await walk(caseworker, '/referrals?status=sent', limit)).toEqual(expected);
        expect(await walk(liaison, '/referrals?mine', limit)).toEqual(expected);
        const all = await orderedIds(
          'SELECT id FROM referrals ORDER BY created_at DESC, id DESC',
          [],
        );
        expect(await walk(admin, '/referrals', limit)).toEqual(all);
      },
    );

    it('still accepts a cursor given out before, with milliseconds', async () => {
      const { rows } = await t.db.query<{ created_at: Date }>(
        'SELECT created_at FROM referrals WHERE id = $1',
        [expected[2]],
      );
      const cursor = millisecondCursor(rows[0].created_at, expected[2]);
      const response = await get(
        caseworker,
        `/cases/${caseId}/referrals?limit=100&cursor=${cursor}`,
      );
      expect(response.status).toBe(200);
      const ids = (response.body.items as Array<{ id: string }>).map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining(expected.slice(3)));
      expect(expected.slice(1)).toEqual(expect.arrayContaining(ids));
    });

    it('keeps the referring agency of a referral made through the API', async () => {
      const response = await t
        .http()
        .post(`/api/v1/cases/${caseId}/referrals`)
        .set(...bearer(caseworker))
        .send({
          agencyId: liaison.agencyId,
          service: 'legal_aid',
          reason: 'Pendampingan hukum',
          request: 'Mohon pendampingan',
          consent: 'victim',
        });
      expect(response.status).toBe(201);
      const { rows } = await t.db.query<{ referring_agency_id: string }>(
        'SELECT referring_agency_id FROM referrals WHERE id = $1',
        [response.body.id],
      );
      expect(rows[0].referring_agency_id).toBe(caseworker.agencyId);
    });
  });

  describe('notifications', () => {
    it.each([1, 2])(
      'pages notifications created within one millisecond, limit %i',
      async (limit) => {
        const agency = await createAgency(t);
        await insertNotifications(agency.id, sameMillisecondTimes(5));
        const all = await orderedIds(
          'SELECT id FROM notifications ORDER BY created_at DESC, id DESC',
          [],
        );
        const failed = await orderedIds(
          `SELECT id FROM notifications WHERE status = 'failed' ORDER BY created_at DESC, id DESC`,
          [],
        );
        expect(await walk(admin, '/notifications', limit)).toEqual(all);
        expect(await walk(admin, '/notifications?status=failed', limit)).toEqual(failed);
      },
    );

    it('still accepts a cursor given out before, with milliseconds', async () => {
      const all = await orderedIds(
        'SELECT id FROM notifications ORDER BY created_at DESC, id DESC',
        [],
      );
      const { rows } = await t.db.query<{ created_at: Date }>(
        'SELECT created_at FROM notifications WHERE id = $1',
        [all[1]],
      );
      const cursor = millisecondCursor(rows[0].created_at, all[1]);
      const response = await get(admin, `/notifications?limit=200&cursor=${cursor}`);
      expect(response.status).toBe(200);
      const ids = (response.body.items as Array<{ id: string }>).map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining(all.slice(2)));
    });
  });

  describe('query plans', () => {
    const LIMIT = 20;
    let supervisor: SignedInUser;
    let caseworker: SignedInUser;
    let liaison: SignedInUser;
    let caseId: string;

    beforeAll(async () => {
      // Enough rows, spread as in service over agencies, statuses, caseworkers and time (each
      // drawn from its own hash, so that none follows another or the order rows were written
      // in), for the planner to weigh sorting a scope against reading an index; then
      // statistics, since autovacuum is off in tests.
      const agencies: Array<{ id: string }> = [];
      for (let i = 0; i < 10; i += 1) agencies.push(await createAgency(t));
      supervisor = await createUser(t, UserRole.Supervisor, { agencyId: agencies[0].id });
      caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agencies[0].id });
      liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: agencies[1].id });
      const others: string[] = [];
      for (const agency of agencies)
        others.push((await createUser(t, UserRole.Caseworker, { agencyId: agency.id })).id);
      const draw = (seed: number, modulo: number) =>
        `(hashint4(g * ${seed}) & 2147483647) % ${modulo}`;
      const someTime = (seed: number) =>
        `timestamptz '2025-01-01' + (hashint4(g * ${seed}) & 2147483647)::float8 / 2147483647 * interval '700 days'`;
      await t.db.query(
        `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                            source, priority, suggested_priority, status, created_by,
                            assigned_caseworker_id, created_at, updated_at, last_activity_at,
                            incident_date)
         SELECT 'PL-' || g, ($1::uuid[])[1 + agency], 'Kasus ' || g, 'unpaid_wages',
                date '2026-11-01', 'hotline',
                (ARRAY['critical', 'high', 'normal', 'normal', 'normal', 'low'])[1 + ${draw(41, 6)}],
                'normal',
                (ARRAY['intake', 'open', 'in_assistance', 'closure_requested', 'closed',
                       'reopened', 'closed_duplicate', 'closed_unfounded'])[1 + ${draw(5, 8)}],
                $2, CASE WHEN agency = 0 AND ${draw(7, 4)} = 0 THEN $3::uuid
                         WHEN ${draw(37, 5)} = 0 THEN NULL
                         ELSE ($4::uuid[])[1 + agency] END,
                at - interval '1 day', at, at,
                CASE WHEN ${draw(43, 5)} > 0 THEN date '2024-01-01' + ${draw(47, 900)} END
         FROM generate_series(1, 20000) AS g,
              LATERAL (SELECT ${draw(3, 10)} AS agency, ${someTime(11)} AS at) AS d`,
        [agencies.map((a) => a.id), supervisor.id, caseworker.id, others],
      );
      await t.db.query(
        `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                                reason, request, consent, created_by, sent_at, sent_by,
                                acknowledge_due_at, due_at, decline_reason, outcome, created_at,
                                updated_at)
         SELECT c.id, c.owning_agency_id, ($1::uuid[])[1 + ${draw(13, 10)}], 'legal_aid', 'normal',
                status, 'Alasan', 'Permintaan', 'victim', $2, at, $2, at + interval '1 day',
                at + interval '10 days', CASE WHEN status = 'declined' THEN 'Di luar wilayah' END,
                CASE WHEN status = 'completed' THEN 'achieved' END, at, at
         FROM (SELECT c.id, c.owning_agency_id, substr(c.case_number, 4)::int AS g FROM cases c
               WHERE c.case_number LIKE 'PL-%') AS c,
              LATERAL (SELECT (ARRAY['sent', 'acknowledged', 'in_progress', 'completed',
                                     'declined'])[1 + ${draw(17, 5)}] AS status,
                              ${someTime(19)} AS at) AS d`,
        [agencies.map((a) => a.id), supervisor.id],
      );
      await t.db.query(
        `INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, due_at,
                                    next_attempt_at, max_attempts, status, created_at)
         SELECT 'overdue_reminder', 'email', 'agency', $1, at, at, 3,
                (ARRAY['delivered', 'delivered', 'delivered', 'failed', 'cancelled'])[1 + ${draw(23, 5)}],
                at
         FROM generate_series(1, 20000) AS g, LATERAL (SELECT ${someTime(29)} AS at) AS d`,
        [agencies[2].id],
      );
      // One case referred many times, for the list of a case's referrals.
      caseId = (
        await t.db.query<{ id: string }>(
          `SELECT id FROM cases WHERE owning_agency_id = $1 AND case_number LIKE 'PL-%' LIMIT 1`,
          [agencies[0].id],
        )
      ).rows[0].id;
      await t.db.query(
        `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                                reason, request, consent, created_by, created_at, updated_at)
         SELECT c.id, c.owning_agency_id, $2, 'legal_aid', 'normal', 'draft', 'Alasan',
                'Permintaan', 'victim', $3, at, at
         FROM cases c, generate_series(1, 150) AS g, LATERAL (SELECT ${someTime(31)} AS at) AS d
         WHERE c.id = $1`,
        [caseId, agencies[2].id, supervisor.id],
      );
      await t.db.query('VACUUM ANALYZE cases, referrals, notifications');
    });

    interface PlanNode {
      'Node Type': string;
      'Index Name'?: string;
      'Relation Name'?: string;
      'Actual Rows': number;
      'Actual Loops': number;
      'Rows Removed by Filter'?: number;
      Plans?: PlanNode[];
    }

    const nodesOf = (node: PlanNode): PlanNode[] => [
      node,
      ...(node.Plans ?? []).flatMap((child) => nodesOf(child)),
    ];

    /** The list query the app ran for `path`, as it ran it. */
    async function listQuery(
      user: SignedInUser,
      path: string,
      table: string,
    ): Promise<{ sql: string; parameters: unknown[]; nextCursor: string | null }> {
      // Lists run through TypeORM's query runner or, prepared, straight on its pg pool.
      const runnerSpy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      const pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
      const poolSpy = jest.spyOn(pool, 'query');
      try {
        const response = await get(user, path);
        expect([path, response.status]).toEqual([path, 200]);
        const fromRunner = runnerSpy.mock.calls.map(([sql, parameters]) => ({
          sql,
          parameters: (parameters ?? []) as unknown[],
        }));
        const poolCalls = poolSpy.mock.calls as unknown as Array<
          [string | { text: string; values?: unknown[] }, unknown[]?]
        >;
        const fromPool = poolCalls.map(([config, values]) =>
          typeof config === 'string'
            ? { sql: config, parameters: values ?? [] }
            : { sql: config.text, parameters: config.values ?? [] },
        );
        // Only a list selects where its next page starts; background sweeps may query meanwhile.
        const ran = [...fromRunner, ...fromPool].filter(
          ({ sql }) => new RegExp(`FROM "?${table}"?`).test(sql) && /keyset_at|next_keys/.test(sql),
        );
        expect(ran).toHaveLength(1);
        return { ...ran[0], nextCursor: response.body.nextCursor as string | null };
      } finally {
        runnerSpy.mockRestore();
        poolSpy.mockRestore();
      }
    }

    async function planOf(sql: string, parameters: unknown[]): Promise<PlanNode[]> {
      const { rows } = await t.db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        parameters,
      );
      return nodesOf(rows[0]['QUERY PLAN'][0].Plan);
    }

    it.each([
      ['cases of an agency', 'supervisor', '/cases', 'cases', 'cases_queue_priority_idx'],
      ...(
        [
          ['lastActivity', 'activity'],
          ['created', 'created'],
          ['incidentDate', 'incident'],
          ['nextDue', 'due'],
        ] as const
      ).map(([sort, index]) => [
        `cases of an agency by ${sort}`,
        'supervisor',
        `/cases?sort=${sort}`,
        'cases',
        `cases_queue_${index}_idx`,
      ]),
      [
        'unassigned cases of an agency',
        'supervisor',
        '/cases?assignment=unassigned',
        'cases',
        'cases_queue_unassigned_idx',
      ],
      [
        'cases of a caseworker',
        'supervisor',
        '/cases?assignedCaseworkerId=:caseworker',
        'cases',
        'cases_queue_assignee_idx',
      ],
      [
        "a caseworker's own cases",
        'caseworker',
        '/cases?assignment=mine',
        'cases',
        'cases_queue_assignee_idx',
      ],
      [
        'referrals of a case',
        'supervisor',
        '/cases/:case/referrals',
        'referrals',
        'referrals_case_idx',
      ],
      [
        'referrals an agency made',
        'supervisor',
        '/referrals',
        'referrals',
        'referrals_referring_list_idx',
      ],
      [
        'referrals an agency made by status',
        'supervisor',
        '/referrals?status=acknowledged',
        'referrals',
        'referrals_referring_status_list_idx',
      ],
      ['every referral', 'admin', '/referrals', 'referrals', 'referrals_list_idx'],
      [
        'every referral by status',
        'admin',
        '/referrals?status=in_progress',
        'referrals',
        'referrals_status_list_idx',
      ],
      [
        'referrals sent to an agency',
        'liaison',
        '/referrals?mine',
        'referrals',
        'referrals_received_list_idx',
      ],
      [
        'referrals sent to an agency by status',
        'liaison',
        '/referrals?mine&status=sent',
        'referrals',
        'referrals_received_status_list_idx',
      ],
      ['every notification', 'admin', '/notifications', 'notifications', 'notifications_list_idx'],
      [
        'failed notifications',
        'admin',
        '/notifications?status=failed',
        'notifications',
        'notifications_status_list_idx',
      ],
    ])(
      'reads a first and a later page of %s from an index, about a page of rows, without sorting',
      async (_label, who, template, table, index) => {
        const users: Record<string, SignedInUser> = { supervisor, admin, liaison, caseworker };
        const user = users[who];
        const path = template.replace(':caseworker', caseworker.id).replace(':case', caseId);
        const separator = path.includes('?') ? '&' : '?';
        const first = await listQuery(user, `${path}${separator}limit=${LIMIT}`, table);
        expect(first.nextCursor).not.toBeNull();
        // Several pages on, as far as the cursor goes.
        let cursor = first.nextCursor!;
        for (let page = 0; page < 3; page += 1) {
          const next = await get(user, `${path}${separator}limit=${LIMIT}&cursor=${cursor}`);
          cursor = next.body.nextCursor as string;
        }
        const later = await listQuery(
          user,
          `${path}${separator}limit=${LIMIT}&cursor=${cursor}`,
          table,
        );
        for (const query of [first, later]) {
          const plan = await planOf(query.sql, query.parameters);
          expect(plan.filter((node) => /Sort/.test(node['Node Type']))).toEqual([]);
          // The page's own rows; the lookups each row makes (its assignee's name) aside.
          const scans = plan.filter(
            (node) =>
              /^Index( Only)? Scan$/.test(node['Node Type']) && node['Relation Name'] === table,
          );
          expect(scans.map((scan) => scan['Index Name'])).toEqual([index]);
          const read = scans[0]['Actual Rows'] + (scans[0]['Rows Removed by Filter'] ?? 0);
          expect(read).toBeLessThanOrEqual(LIMIT + 1);
        }
      },
    );

    // Across agencies an admin's page takes each agency's first rows by that agency's index,
    // then sorts those few: no index across agencies exists (each would cost every create).
    it.each([
      ['priority', 'priority'],
      ['lastActivity', 'activity'],
      ['created', 'created'],
      ['incidentDate', 'incident'],
      ['nextDue', 'due'],
    ])(
      "reads a page of every agency by %s from each agency's index, a page per agency at most",
      async (sort, index) => {
        const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agencies');
        const agencies = rows[0].n;
        const first = await listQuery(admin, `/cases?sort=${sort}&limit=${LIMIT}`, 'cases');
        expect(first.nextCursor).not.toBeNull();
        const later = await listQuery(
          admin,
          `/cases?sort=${sort}&limit=${LIMIT}&cursor=${first.nextCursor}`,
          'cases',
        );
        for (const query of [first, later]) {
          const plan = await planOf(query.sql, query.parameters);
          const scans = plan.filter(
            (node) =>
              /^Index( Only)? Scan$/.test(node['Node Type']) && node['Relation Name'] === 'cases',
          );
          expect(scans.map((scan) => scan['Index Name'])).toEqual([`cases_queue_${index}_idx`]);
          expect(scans[0]['Actual Loops']).toBe(agencies);
          expect(
            scans[0]['Actual Rows'] + (scans[0]['Rows Removed by Filter'] ?? 0),
          ).toBeLessThanOrEqual(LIMIT + 1);
          for (const sortNode of plan.filter((node) => /Sort/.test(node['Node Type'])))
            expect(sortNode['Actual Rows']).toBeLessThanOrEqual(agencies * (LIMIT + 1));
        }
      },
    );
  });
});
