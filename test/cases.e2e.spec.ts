import { UserRole } from '../src/modules/users/user-role';
import { ahmadJayaniCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

// Kept for files that imported the payload from here; it now lives in support/case-fixtures.
export { ahmadJayaniCase };

describe('cases (smoke)', () => {
  let t: TestApp;
  let caseworker: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
  });
  afterAll(() => t.close());

  it('records the Ahmad Jayani case in one request', async () => {
    const response = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(caseworker))
      .send(ahmadJayaniCase());
    expect(response.body).toMatchObject({ status: 'intake', priority: 'critical' });
    expect(response.status).toBe(201);
    expect(response.body.caseNumber).toMatch(/^DLS-\d{4}-000001$/);
    expect(response.body.victims[0]).toMatchObject({
      fullName: 'Ahmad Jayani',
      nikMasked: '************0003',
      hasPhone: true,
    });
    expect(response.body.victims[0].familyMembers).toHaveLength(2);
    expect(response.body.perpetrators[0]).toMatchObject({
      fullName: 'Hani',
      homeRegionCode: '18.07',
    });
    const timeline = await t
      .http()
      .get(`/api/v1/cases/${response.body.id}/timeline`)
      .set(...bearer(caseworker));
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'case.created',
        'victim.created',
        'family_member.created',
        'perpetrator.created',
        'perpetrator.linked',
      ]),
    );
  });

  it('numbers cases created at once without gaps or repeats, a failed create taking no number', async () => {
    const before = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE owning_agency_id = $1`,
      [caseworker.agencyId],
    );
    // A victim row that fails after the case row is written, as a constraint would: all rolls back.
    await t.db.query(
      `CREATE FUNCTION fail_marked_victim() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'marked to fail' USING ERRCODE = 'unique_violation'; END $$`,
    );
    await t.db.query(
      `CREATE TRIGGER fail_marked_victim BEFORE INSERT ON victims FOR EACH ROW
       WHEN (NEW.full_name = 'Gagal Tersimpan') EXECUTE FUNCTION fail_marked_victim()`,
    );
    const create = (failing: boolean) => {
      const body = ahmadJayaniCase();
      if (failing) body.victims[0].fullName = 'Gagal Tersimpan';
      return t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(caseworker))
        .send(body);
    };
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => create(i % 4 === 1)));
    await t.db.query(`DROP TRIGGER fail_marked_victim ON victims`);
    await t.db.query(`DROP FUNCTION fail_marked_victim()`);
    const made = responses.filter((r) => r.status === 201);
    expect(made).toHaveLength(9);
    for (const failed of responses.filter((r) => r.status !== 201)) expect(failed.status).toBe(409);
    const { rows } = await t.db.query<{ case_number: string }>(
      `SELECT case_number FROM cases WHERE owning_agency_id = $1 ORDER BY case_number`,
      [caseworker.agencyId],
    );
    const year = rows[0].case_number.split('-')[1];
    expect(rows.map((r) => r.case_number)).toEqual(
      Array.from(
        { length: before.rows[0].n + 9 },
        (_, i) => `DLS-${year}-${String(i + 1).padStart(6, '0')}`,
      ),
    );
    expect(made.map((r) => r.body.caseNumber).sort()).toEqual(
      rows.slice(before.rows[0].n).map((r) => r.case_number),
    );
  });
});
