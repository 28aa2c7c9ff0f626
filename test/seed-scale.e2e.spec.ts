import { todayInJakarta } from '../src/common/validation/dates';
import { UserRole } from '../src/modules/users/user-role';
import {
  EXISTING_CASES_LIMIT,
  QUEUE_TRIGGERS_OFF_DURING_LOAD,
  ScaleSeedResult,
  seedScale,
  SeedRefusedError,
} from '../src/seed/seed-scale';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const LOADED_TABLES = `'{cases,victims,referrals}'::regclass[]`;

/**
 * The scale seed on a fresh database: what it writes must look, to the service and to the
 * triggers, exactly like what the service itself would have written.
 */
describe('scale seed', () => {
  let t: TestApp;
  let result: ScaleSeedResult;
  const progress: string[] = [];
  let schemaBefore: unknown[];

  /** The loaded tables' indexes, constraints and (non-internal) triggers, as definitions. */
  async function schema(): Promise<unknown[]> {
    const { rows } = await t.db.query(
      `SELECT 'index' AS kind, indexrelid::regclass::text AS name,
              pg_get_indexdef(indexrelid) AS definition
       FROM pg_index WHERE indrelid = ANY (${LOADED_TABLES})
       UNION ALL
       SELECT 'constraint', conname, pg_get_constraintdef(oid) || ' valid=' || convalidated
       FROM pg_constraint WHERE conrelid = ANY (${LOADED_TABLES})
       UNION ALL
       SELECT 'trigger', tgname, tgenabled::text
       FROM pg_trigger WHERE tgrelid = ANY (${LOADED_TABLES}) AND NOT tgisinternal
       ORDER BY 1, 2`,
    );
    return rows;
  }

  async function count(sql: string): Promise<number> {
    const { rows } = await t.db.query<{ n: number }>(sql);
    return rows[0].n;
  }

  /** Cases whose queue columns differ from what the migration's backfill SQL computes. */
  function queueColumnMismatches(): Promise<number> {
    return count(
      `SELECT count(*)::int AS n FROM cases c
       WHERE c.victim_count <> (SELECT count(*) FROM victims v WHERE v.case_id = c.id)
          OR c.origin_region_codes <> coalesce(
               (SELECT array_agg(DISTINCT code COLLATE "C" ORDER BY code COLLATE "C")
                FROM victims v, unnest(region_code_ancestry(v.origin_region_code)) AS code
                WHERE v.case_id = c.id), '{}')
          OR c.next_due_at IS DISTINCT FROM
               (SELECT min(referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at))
                FROM referrals r WHERE r.case_id = c.id)`,
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    schemaBefore = await schema();
    result = await seedScale(
      t.databaseUrl,
      { cases: 600, batchSize: 250, randomSeed: 0.42 },
      (line) => progress.push(line),
    );
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('writes the cases asked for, with victims and referrals near their averages', async () => {
    expect(result.inserted.cases).toBe(600);
    expect(result.totals.cases).toBe(600);
    expect(result.totals.victims).toBe(result.inserted.victims);
    expect(result.totals.referrals).toBe(result.inserted.referrals);
    expect(result.inserted.victims / 600).toBeGreaterThan(1.3);
    expect(result.inserted.victims / 600).toBeLessThan(1.7);
    expect(result.inserted.referrals / 600).toBeGreaterThan(1.75);
    expect(result.inserted.referrals / 600).toBeLessThan(2.25);
    expect(result.agenciesCreated).toBe(40);
    expect(result.usersCreated).toBeGreaterThanOrEqual(40 * 3);
    expect(result.rebuiltIndexes).toBe(true);
    expect(progress).toEqual(expect.arrayContaining([expect.stringMatching(/^cases 600\/600 /)]));

    const shape = await t.db.query(
      `SELECT count(*) FILTER (WHERE incident_date IS NULL)::float / count(*) AS no_incident_date,
              count(*) FILTER (WHERE assigned_caseworker_id IS NULL
                                 AND status NOT LIKE 'closed%')::float
                / count(*) FILTER (WHERE status NOT LIKE 'closed%') AS unassigned_open,
              count(*) FILTER (WHERE priority = 'critical')::float / count(*) AS critical,
              count(*) FILTER (WHERE status LIKE 'closed%' AND created_at < now() - interval '1 year')::float
                / count(*) FILTER (WHERE created_at < now() - interval '1 year') AS old_closed,
              count(*) FILTER (WHERE status NOT LIKE 'closed%' AND created_at > now() - interval '30 days')::float
                / count(*) FILTER (WHERE created_at > now() - interval '30 days') AS recent_open,
              min(created_at) > now() - interval '3 years 1 day' AS within_three_years
       FROM cases`,
    );
    expect(shape.rows[0]).toEqual({
      no_incident_date: expect.any(Number),
      unassigned_open: expect.any(Number),
      critical: expect.any(Number),
      old_closed: expect.any(Number),
      recent_open: expect.any(Number),
      within_three_years: true,
    });
    const { no_incident_date, unassigned_open, critical, old_closed, recent_open } = shape.rows[0];
    expect(no_incident_date).toBeGreaterThan(0.1);
    expect(no_incident_date).toBeLessThan(0.3);
    expect(unassigned_open).toBeGreaterThan(0.02);
    expect(unassigned_open).toBeLessThan(0.25);
    expect(critical).toBeLessThan(0.12);
    expect(old_closed).toBeGreaterThan(0.7);
    expect(recent_open).toBeGreaterThan(0.7);

    // Deadlines around today: some open referrals overdue, some not yet.
    const referrals = await t.db.query(
      `SELECT count(*) FILTER (WHERE d < now())::int AS overdue,
              count(*) FILTER (WHERE d >= now())::int AS due_later
       FROM (SELECT referral_next_deadline(status, acknowledge_due_at, due_at) AS d FROM referrals) r
       WHERE d IS NOT NULL`,
    );
    expect(referrals.rows[0].overdue).toBeGreaterThan(0);
    expect(referrals.rows[0].due_later).toBeGreaterThan(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM referrals WHERE agency_id = referring_agency_id`),
    ).toBe(0);
    // Encrypted columns stay empty rather than hold made-up ciphertexts.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM victims
         WHERE nik_encrypted IS NOT NULL OR passport_encrypted IS NOT NULL
            OR phone_encrypted IS NOT NULL OR nik_hash IS NOT NULL OR phone_hash IS NOT NULL`,
      ),
    ).toBe(0);
  });

  it("fills each case's queue columns with what the triggers compute", async () => {
    expect(await queueColumnMismatches()).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM cases WHERE next_due_at IS NOT NULL`),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM cases
         WHERE last_activity_at < created_at OR last_activity_at > updated_at OR updated_at > now()`,
      ),
    ).toBe(0);

    // The triggers' own refresh functions, run over every case, find nothing to change.
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      const before = await client.query(
        `SELECT id, victim_count, origin_region_codes, next_due_at FROM cases ORDER BY id`,
      );
      await client.query(`SELECT cases_refresh_victim_summary(ARRAY(SELECT id FROM cases))`);
      await client.query(`SELECT cases_refresh_next_due(ARRAY(SELECT id FROM cases))`);
      const after = await client.query(
        `SELECT id, victim_count, origin_region_codes, next_due_at FROM cases ORDER BY id`,
      );
      expect(after.rows).toEqual(before.rows);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('keys every name for search, and leaves the duplicate sweep no made-up victim to check', async () => {
    const { rows } = await t.db.query<{ unkeyed: number; unchecked: number }>(
      `SELECT count(*) FILTER (WHERE v.name_key IS NULL OR v.name_key = '')::int AS unkeyed,
              count(*) FILTER (WHERE v.updated_at > now() - interval '2 days'
                                 AND k.victim_id IS NULL)::int AS unchecked
       FROM victims v LEFT JOIN victim_duplicate_checks k ON k.victim_id = v.id`,
    );
    expect(rows).toEqual([{ unkeyed: 0, unchecked: 0 }]);
  });

  it('numbers cases as the API does, once each, and leaves every counter at its last number', async () => {
    expect(await count(`SELECT count(DISTINCT case_number)::int AS n FROM cases`)).toBe(600);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM cases WHERE case_number !~ '^[A-Z]{2,8}-\\d{4}-\\d{6,9}$'`,
      ),
    ).toBe(0);
    const counters = await t.db.query(
      `SELECT c.prefix, c.year, c.last_value, n.highest, n.cases
       FROM case_number_counters c
       FULL JOIN (SELECT split_part(case_number, '-', 1) AS prefix,
                         split_part(case_number, '-', 2)::int AS year,
                         max(split_part(case_number, '-', 3)::int) AS highest, count(*)::int AS cases
                  FROM cases GROUP BY 1, 2) n USING (prefix, year)`,
    );
    expect(counters.rows.length).toBeGreaterThan(0);
    for (const row of counters.rows)
      // Numbers run 1..n per agency and year, without gaps, and the counter stands at n.
      expect(row).toEqual({ ...row, last_value: row.highest, cases: row.highest });
  });

  it('leaves the triggers enabled and the indexes and keys as the migrations made them', async () => {
    const { rows } = await t.db.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgname = ANY ($1) ORDER BY tgname`,
      [QUEUE_TRIGGERS_OFF_DURING_LOAD.map((entry) => entry.trigger)],
    );
    expect(rows).toEqual(
      [...QUEUE_TRIGGERS_OFF_DURING_LOAD]
        .map((entry) => ({ tgname: entry.trigger, tgenabled: 'O' }))
        .sort((a, b) => a.tgname.localeCompare(b.tgname)),
    );
    expect(await schema()).toEqual(schemaBefore);
  });

  it('lets the API read seeded cases, and number the next one after the seeded ones', async () => {
    const { rows } = await t.db.query(
      `SELECT c.case_number, c.victim_count, c.owning_agency_id, a.case_prefix
       FROM cases c JOIN agencies a ON a.id = c.owning_agency_id
       ORDER BY c.created_at DESC LIMIT 1`,
    );
    const newest = rows[0];
    const caseworker = await createUser(t, UserRole.Caseworker, {
      agencyId: newest.owning_agency_id,
    });

    const read = await t
      .http()
      .get(`/api/v1/cases/${newest.case_number}`)
      .set(...bearer(caseworker));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      caseNumber: newest.case_number,
      victimCount: newest.victim_count,
    });
    const list = await t
      .http()
      .get('/api/v1/cases?limit=5')
      .set(...bearer(caseworker));
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);

    const year = Number(todayInJakarta().slice(0, 4));
    const counter = await t.db.query(
      `SELECT last_value FROM case_number_counters WHERE prefix = $1 AND year = $2`,
      [newest.case_prefix, year],
    );
    const last = counter.rows[0]?.last_value ?? 0;
    const created = await createCase(t, caseworker, plainCase());
    expect(created.caseNumber).toBe(
      `${newest.case_prefix}-${year}-${String(last + 1).padStart(6, '0')}`,
    );
  });

  it('writes no personal data to its progress lines', async () => {
    const { rows } = await t.db.query<{ full_name: string }>(
      `SELECT DISTINCT full_name FROM victims UNION SELECT full_name FROM users`,
    );
    const names = rows.map((row) => row.full_name);
    for (const line of progress) expect(names.filter((name) => line.includes(name))).toEqual([]);
  });

  it('refuses to add to a full database unless asked, and appends with keys checked row by row', async () => {
    expect(EXISTING_CASES_LIMIT).toBeLessThan(600);
    await expect(seedScale(t.databaseUrl, { cases: 10 })).rejects.toThrow(SeedRefusedError);
    await expect(seedScale(t.databaseUrl, { cases: 10 })).rejects.toThrow(/--append/);
    expect(await count(`SELECT count(*)::int AS n FROM cases`)).toBe(601);

    const appended = await seedScale(t.databaseUrl, { cases: 50, append: true, batchSize: 20 });
    expect(appended.inserted.cases).toBe(50);
    expect(appended.totals.cases).toBe(651);
    expect(appended.agenciesCreated).toBe(0);
    expect(appended.usersCreated).toBe(0);
    expect(appended.password).toBeUndefined();
    expect(appended.rebuiltIndexes).toBe(false);
    expect(await count(`SELECT count(DISTINCT case_number)::int AS n FROM cases`)).toBe(651);
    expect(await queueColumnMismatches()).toBe(0);
    expect(await schema()).toEqual(schemaBefore);
  });

  it('rolls everything back, triggers and indexes included, when the load fails halfway', async () => {
    const before = await t.db.query(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM victims) AS victims,
              (SELECT sum(last_value) FROM case_number_counters) AS numbers`,
    );
    const failOnFirstBatch = (line: string) => {
      if (line.startsWith('cases ')) throw new Error('interrupted after the first batch');
    };
    // 1,000 cases against 651: the indexes and keys are set aside when it fails.
    await expect(
      seedScale(t.databaseUrl, { cases: 1000, append: true, batchSize: 100 }, failOnFirstBatch),
    ).rejects.toThrow('interrupted after the first batch');
    const after = await t.db.query(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM victims) AS victims,
              (SELECT sum(last_value) FROM case_number_counters) AS numbers`,
    );
    expect(after.rows).toEqual(before.rows);
    expect(await schema()).toEqual(schemaBefore);
  });
});
