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
});
