import { randomBytes } from 'node:crypto';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface QueueRow {
  id: string;
  caseNumber: string;
  assignedCaseworkerId: string | null;
  assignedCaseworkerName: string | null;
  victimCount: number;
  nextDueAt: string | null;
  overdueReferralCount: number;
  lastActivityAt: string;
}

/**
 * The case queue of `GET /api/v1/cases`: every order pages through ties without skipping or
 * repeating, every filter finds what an independent query over the raw tables finds, the row's
 * queue fields agree with the records they summarise, and no caller sees another agency's cases.
 */
describe('case queues', () => {
  let t: TestApp;
  let agencyId: string;
  let otherAgencyId: string;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  let otherSupervisor: SignedInUser;
  let admin: SignedInUser;
  let liaison: SignedInUser;
  const tag = randomBytes(3).toString('hex');

  beforeAll(async () => {
    t = await startTestApp();
    agencyId = (await createAgency(t)).id;
    otherAgencyId = (await createAgency(t)).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    otherSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: otherAgencyId });
    admin = await createUser(t, UserRole.Admin);
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
    await seedQueue(agencyId, 40);
    await seedQueue(otherAgencyId, 6);
  });
  afterAll(() => t.close());

  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  /**
   * Cases with many ties: four priorities, created at three instants, incident dates that repeat
   * or are missing, victims from villages of two provinces, referrals sent, late or answered.
   */
  async function seedQueue(owner: string, count: number): Promise<void> {
    await t.db.query(
      `WITH made AS (
         INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                            source, priority, suggested_priority, status, created_by, created_at,
                            updated_at, last_activity_at, incident_date, exploitation_country,
                            exploitation_types, tags, assigned_caseworker_id)
         SELECT $6 || '-2026-' || n,
                $1, (ARRAY['Gaji tidak dibayar', 'Penipuan daring di Kamboja', 'Hilang kontak'])[n % 3 + 1] || ' ' || n,
                (ARRAY['unpaid_wages', 'trafficking', 'death_abroad'])[n % 3 + 1], date '2026-10-01',
                'hotline', (ARRAY['critical', 'high', 'normal', 'low'])[n % 4 + 1],
                'normal', (ARRAY['open', 'intake', 'closed', 'in_assistance', 'reopened'])[n % 5 + 1], $2,
                timestamptz '2026-11-01 08:00:00+07' + (n % 3) * interval '1 day',
                now(), now() - (n % 4) * interval '20 days',
                CASE WHEN n % 4 = 0 THEN NULL ELSE date '2026-06-01' + (n % 5) END,
                CASE WHEN n % 2 = 0 THEN 'KH' ELSE 'MY' END,
                CASE WHEN n % 3 = 0 THEN ARRAY['OnlineScam', 'ForcedCriminality'] ELSE ARRAY['ForcedLabour'] END,
                CASE WHEN n % 5 = 0 THEN ARRAY[$3::text] ELSE '{}' END,
                CASE WHEN n % 3 = 1 THEN $4::uuid END
         FROM generate_series(1, $5) AS n
         RETURNING id, created_by, created_at),
       numbered AS (SELECT id, created_by, created_at, row_number() OVER (ORDER BY id) AS n FROM made),
       victims AS (
         INSERT INTO victims (id, case_id, person_id, full_name, gender, origin_region_code,
                              migration_channel, current_situation)
         SELECT gen_random_uuid(), id, gen_random_uuid(), 'Korban ' || n || '-' || k, 'Feminine',
                CASE WHEN (n + k) % 3 = 0 THEN '18.01.06.2027' WHEN (n + k) % 3 = 1 THEN '32.04' END,
                'unknown', 'abroad'
         FROM numbered, generate_series(1, (n % 3)::int) AS k)
       INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                              reason, request, consent, created_by, sent_at, sent_by,
                              acknowledge_due_at, due_at, created_at, updated_at, outcome)
       SELECT id, $1, $1, 'legal_aid', 'normal', s.status,
              'Pendampingan', 'Mohon pendampingan', 'victim', created_by, now(), created_by,
              now() + ((n % 4) - 2) * interval '1 day' + k * interval '1 hour',
              now() + ((n % 5) - 2) * interval '2 days', now(), now(),
              CASE WHEN s.status = 'completed' THEN 'achieved' END
       FROM numbered, generate_series(1, (n % 3)::int) AS k,
            LATERAL (SELECT (ARRAY['sent', 'acknowledged', 'completed'])[(n + k) % 3 + 1] AS status) s
       WHERE n % 4 <> 3`,
      [
        owner,
        supervisor.id,
        tag,
        caseworker.id,
        count,
        `Q${tag}${owner.slice(0, 4)}`.toUpperCase(),
      ],
    );
  }

  /** Every row of a queue, page by page. */
  async function walk(user: SignedInUser, path: string, limit = 7): Promise<QueueRow[]> {
    const rows: QueueRow[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await get(
        user,
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      rows.push(...(response.body.items as QueueRow[]));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) return rows;
    }
    throw new Error(`${path} did not end`);
  }

  const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

  async function idsWhere(condition: string, order = 'id', parameters: unknown[] = []) {
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT c.id FROM cases c WHERE c.owning_agency_id = $1 AND (${condition}) ORDER BY ${order}`,
      [agencyId, ...parameters],
    );
    return rows.map((row) => row.id);
  }

  // The orders written independently of the service's expressions: NULLS LAST, not coalesce.
  it.each([
    [
      'priority',
      `CASE c.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, c.created_at, c.id`,
    ],
    ['lastActivity', 'c.last_activity_at DESC, c.id DESC'],
    ['created', 'c.created_at DESC, c.id DESC'],
    ['incidentDate', 'c.incident_date DESC NULLS LAST, c.id DESC'],
    ['nextDue', 'c.next_due_at ASC NULLS LAST, c.id ASC'],
  ])(
    'orders by %s through ties, page by page, skipping and repeating nothing',
    async (sort, order) => {
      const expected = await idsWhere('true', order);
      expect(expected).toHaveLength(40);
      for (const limit of [1, 3, 50])
        expect(ids(await walk(supervisor, `/cases?sort=${sort}`, limit))).toEqual(expected);
    },
  );

  it('orders by priority then age when no order is asked for', async () => {
    expect(ids(await walk(supervisor, '/cases'))).toEqual(
      ids(await walk(supervisor, '/cases?sort=priority')),
    );
  });

  const openDeadline = `(r.status = 'sent' AND least(r.acknowledge_due_at, r.due_at) < now())
    OR (r.status IN ('acknowledged', 'in_progress') AND r.due_at < now())`;
  const fromRegion = (code: string) =>
    `EXISTS (SELECT 1 FROM victims v WHERE v.case_id = c.id
             AND (v.origin_region_code = '${code}' OR v.origin_region_code LIKE '${code}.%'))`;

  it.each([
    ['status=open,closed', `c.status IN ('open', 'closed')`],
    ['status=open&status=reopened', `c.status IN ('open', 'reopened')`],
    ['priority=critical', `c.priority = 'critical'`],
    ['assignment=unassigned', 'c.assigned_caseworker_id IS NULL'],
    ['assignment=assigned', 'c.assigned_caseworker_id IS NOT NULL'],
    ['originRegion=18', fromRegion('18')],
    ['originRegion=18.01', fromRegion('18.01')],
    ['originRegion=18.01.06.2027', fromRegion('18.01.06.2027')],
    ['originRegion=32.04', fromRegion('32.04')],
    ['exploitationCountry=KH', `c.exploitation_country = 'KH'`],
    [
      'incidentType=death_abroad,unpaid_wages',
      `c.incident_type IN ('death_abroad', 'unpaid_wages')`,
    ],
    ['exploitationType=OnlineScam,Servitude', `'OnlineScam' = ANY (c.exploitation_types)`],
    [
      'overdue=true',
      `EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND (${openDeadline}))`,
    ],
    [
      'overdue=false',
      `NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND (${openDeadline}))`,
    ],
    ['inactiveDays=30', `c.last_activity_at < now() - interval '30 days'`],
    ['createdFrom=2026-11-02', `c.created_at >= timestamptz '2026-11-02 00:00+07'`],
    [
      'createdFrom=2026-11-01&createdTo=2026-11-01',
      `c.created_at < timestamptz '2026-11-02 00:00+07'`,
    ],
    [
      'incidentFrom=2026-06-02&incidentTo=2026-06-03',
      `c.incident_date BETWEEN '2026-06-02' AND '2026-06-03'`,
    ],
    [`q=kamboja`, `c.title ILIKE '%kamboja%'`],
    [
      'originRegion=18&status=open,in_assistance,reopened&overdue=true',
      `${fromRegion('18')} AND c.status IN ('open', 'in_assistance', 'reopened')
       AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND (${openDeadline}))`,
    ],
  ])('filters by %s as the records say', async (filter, condition) => {
    const expected = await idsWhere(condition);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(40);
    expect(ids(await walk(supervisor, `/cases?${filter}`)).sort()).toEqual([...expected].sort());
  });

  it("finds a tag, a case number in any case, and the caller's own cases", async () => {
    // An origin is matched at its own level and above, never below: no victim is from this district.
    expect(await walk(supervisor, '/cases?originRegion=32.04.01')).toEqual([]);
    expect(ids(await walk(supervisor, `/cases?tag=${tag}`)).sort()).toEqual(
      (await idsWhere(`$2 = ANY (c.tags)`, 'id', [tag])).sort(),
    );
    const [one] = (
      await t.db.query<{ id: string; case_number: string }>(
        'SELECT id, case_number FROM cases WHERE owning_agency_id = $1 ORDER BY id LIMIT 1',
        [agencyId],
      )
    ).rows;
    expect(ids(await walk(supervisor, `/cases?q=${one.case_number.toLowerCase()}`))).toEqual([
      one.id,
    ]);
    const mine = await walk(caseworker, '/cases?assignment=mine');
    expect(ids(mine).sort()).toEqual(
      (await idsWhere('c.assigned_caseworker_id = $2', 'id', [caseworker.id])).sort(),
    );
    const { rows: names } = await t.db.query<{ full_name: string }>(
      'SELECT full_name FROM users WHERE id = $1',
      [caseworker.id],
    );
    expect(new Set(mine.map((row) => row.assignedCaseworkerName))).toEqual(
      new Set([names[0].full_name]),
    );
  });

  it('shows on each row the counts and dates its records give', async () => {
    const rows = await walk(supervisor, '/cases', 50);
    const { rows: truth } = await t.db.query<{
      id: string;
      victims: number;
      overdue: number;
      next_due: string | null;
      last_activity: string;
    }>(
      `SELECT c.id,
              (SELECT count(*)::int FROM victims v WHERE v.case_id = c.id) AS victims,
              (SELECT count(*)::int FROM referrals r WHERE r.case_id = c.id AND (${openDeadline})) AS overdue,
              to_char((SELECT min(CASE WHEN r.status = 'sent' THEN least(r.acknowledge_due_at, r.due_at)
                                       WHEN r.status IN ('acknowledged', 'in_progress') THEN r.due_at END)
                       FROM referrals r WHERE r.case_id = c.id) AT TIME ZONE 'UTC',
                      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS next_due,
              to_char(c.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_activity
       FROM cases c WHERE c.owning_agency_id = $1`,
      [agencyId],
    );
    const byId = new Map(truth.map((row) => [row.id, row]));
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      const expected = byId.get(row.id)!;
      expect([
        row.victimCount,
        row.overdueReferralCount,
        row.nextDueAt,
        row.lastActivityAt,
      ]).toEqual([expected.victims, expected.overdue, expected.next_due, expected.last_activity]);
    }
    // The seed makes every kind of row.
    expect(new Set(rows.map((row) => row.victimCount))).toEqual(new Set([0, 1, 2]));
    expect(rows.some((row) => row.overdueReferralCount > 1)).toBe(true);
    expect(rows.some((row) => row.nextDueAt === null)).toBe(true);
  });

  it("keeps a case's queue fields as its victims, referrals and people change it", async () => {
    const created = (await createCase(t, caseworker, plainCase({ title: `Antrian ${tag}` }))) as {
      id: string;
    };
    const row = async () =>
      (await walk(supervisor, `/cases?q=${encodeURIComponent(`Antrian ${tag}`)}`))[0];
    const first = await row();
    expect([first.id, first.victimCount, first.nextDueAt, first.overdueReferralCount]).toEqual([
      created.id,
      1,
      null,
      0,
    ]);
    expect(ids(await walk(supervisor, '/cases?originRegion=18.01'))).toContain(created.id);
    expect(ids(await walk(supervisor, '/cases?originRegion=32'))).not.toContain(created.id);

    const added = await t
      .http()
      .post(`/api/v1/cases/${created.id}/victims`)
      .set(...bearer(caseworker))
      .send({
        fullName: 'Wulan Sari',
        gender: 'Feminine',
        estimatedAge: 24,
        currentSituation: 'detained',
        originRegionCode: '32.04',
      });
    expect(added.status).toBe(201);
    expect((await row()).victimCount).toBe(2);
    expect(ids(await walk(supervisor, '/cases?originRegion=32'))).toContain(created.id);

    // Reading is not activity; a note is.
    const before = (await row()).lastActivityAt;
    await t.db.query(
      `UPDATE cases SET last_activity_at = last_activity_at - interval '40 days' WHERE id = $1`,
      [created.id],
    );
    expect((await get(supervisor, `/cases/${created.id}`)).status).toBe(200);
    expect(ids(await walk(supervisor, '/cases?inactiveDays=30'))).toContain(created.id);
    const noted = await t
      .http()
      .post(`/api/v1/cases/${created.id}/notes`)
      .set(...bearer(caseworker))
      .send({ body: 'Keluarga dihubungi.' });
    expect(noted.status).toBe(201);
    expect(ids(await walk(supervisor, '/cases?inactiveDays=30'))).not.toContain(created.id);
    expect((await row()).lastActivityAt >= before).toBe(true);

    // A referral past its deadline makes the case overdue; its completion clears it.
    await t.db.query(
      `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                              reason, request, consent, created_by, sent_at, sent_by,
                              acknowledge_due_at, due_at)
       VALUES ($1, $2, $2, 'shelter', 'high', 'sent', 'Rumah aman', 'Mohon rumah aman', 'victim',
               $3, now(), $3, now() - interval '1 hour', now() + interval '5 days')`,
      [created.id, agencyId, caseworker.id],
    );
    const late = await row();
    expect([late.overdueReferralCount, late.nextDueAt !== null]).toEqual([1, true]);
    expect(ids(await walk(supervisor, '/cases?overdue=true'))).toContain(created.id);
    await t.db.query(
      `UPDATE referrals SET status = 'completed', outcome = 'achieved' WHERE case_id = $1`,
      [created.id],
    );
    const done = await row();
    expect([done.overdueReferralCount, done.nextDueAt]).toEqual([0, null]);
  });

  it("lists only the caller's agency, whatever the filter asks", async () => {
    const own = ids(await walk(supervisor, '/cases', 50));
    const other = ids(await walk(otherSupervisor, '/cases', 50));
    expect(other).toHaveLength(6);
    expect(own.filter((id) => other.includes(id))).toEqual([]);
    expect(await walk(otherSupervisor, `/cases?owningAgencyId=${agencyId}`)).toEqual([]);
    expect(await walk(liaison, '/cases')).toEqual([]);
    const adminOwn = ids(await walk(admin, `/cases?owningAgencyId=${agencyId}`, 50));
    expect(adminOwn.sort()).toEqual([...own].sort());
    const everything = ids(await walk(admin, '/cases?sort=created', 100));
    expect(everything).toEqual(expect.arrayContaining([...own, ...other]));
  });

  it.each([
    ['sort=newest', 'sort'],
    ['status=opened', 'status'],
    ['status=', 'status'],
    ['priority=urgent', 'priority'],
    ['assignment=others', 'assignment'],
    ['originRegion=1', 'originRegion'],
    ['originRegion=18.1', 'originRegion'],
    ['exploitationCountry=khm', 'exploitationCountry'],
    ['overdue=yes', 'overdue'],
    ['inactiveDays=0', 'inactiveDays'],
    ['createdFrom=2026-02-30', 'createdFrom'],
    ['q=x', 'q'],
    ['limit=101', 'limit'],
  ])('refuses %s as an error on its field', async (filter, field) => {
    const response = await get(supervisor, `/cases?${filter}`);
    expect(response.status).toBe(400);
    expect((response.body.details.fields as Array<{ field: string }>).map((f) => f.field)).toEqual([
      field,
    ]);
  });

  it('refuses a cursor of another order, or one it did not give out', async () => {
    const page = await get(supervisor, '/cases?sort=created&limit=2');
    const cursor = page.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const elsewhere = await get(supervisor, `/cases?sort=priority&cursor=${cursor}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.details.fields).toEqual([
      {
        field: 'cursor',
        messages: ['cursor belongs to another order: ask the first page again with this sort'],
      },
    ]);
    const forged = Buffer.from(
      JSON.stringify([
        'priority',
        '9',
        '2026-11-01T01:00:00.000000Z',
        '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f',
      ]),
    ).toString('base64url');
    const refused = await get(supervisor, `/cases?cursor=${forged}`);
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe('cursor');
  });
});
