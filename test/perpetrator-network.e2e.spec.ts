import { UserRole } from '../src/modules/users/user-role';
import { createCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface NetworkBody {
  perpetratorId: string;
  depth: number;
  perpetrators: Array<{ id: string; fullName: string; hops: number; networkCaseCount: number }>;
  hiddenPerpetratorCount: number;
  cases: Array<{ id: string; caseNumber: string; victimCount: number; perpetratorIds: string[] }>;
  hiddenCaseCount: number;
  totals: {
    cases: number;
    victims: number;
    countries: Array<{ code: string; cases: number; victims: number }>;
    originProvinces: Array<{ code: string; cases: number; victims: number }>;
    originRegencies: Array<{ code: string; cases: number; victims: number }>;
  };
  truncated: boolean;
}

function victim(fullName: string, originRegionCode: string) {
  return { fullName, currentSituation: 'abroad', estimatedAge: 30, originRegionCode };
}

/**
 * A syndicate across two regency offices: Lampung Selatan's case names brokers Hani and Udin;
 * Banyuwangi's first case names Hani (linked across by an admin) and Rudi; its second, Rudi and
 * Sarno. From Hani, one hop reaches Udin and Rudi, two hops Sarno.
 */
describe('GET /perpetrators/:id/network', () => {
  let t: TestApp;
  let lampung: SignedInUser;
  let lampungViewer: SignedInUser;
  let banyuwangi: SignedInUser;
  let elsewhere: SignedInUser;
  let liaison: SignedInUser;
  const ids: Record<string, string> = {};
  const cases: Record<string, { id: string; caseNumber: string }> = {};

  async function perpetratorsOf(user: SignedInUser, caseId: string) {
    const response = await t
      .http()
      .get(`/api/v1/cases/${caseId}/perpetrators`)
      .set(...bearer(user));
    expect(response.status).toBe(200);
    return new Map(
      (response.body.items as Array<{ perpetratorId: string; fullName: string }>).map((p) => [
        p.fullName,
        p.perpetratorId,
      ]),
    );
  }

  async function network(user: SignedInUser, id: string, query = '') {
    return t
      .http()
      .get(`/api/v1/perpetrators/${id}/network${query}`)
      .set(...bearer(user));
  }

  beforeAll(async () => {
    t = await startTestApp();
    const lampungOffice = await createAgency(t, { shortName: 'Disnaker Lampung Selatan' });
    const banyuwangiOffice = await createAgency(t, {
      shortName: 'Disnaker Banyuwangi',
      regionCode: '35.10',
    });
    const third = await createAgency(t, { shortName: 'Disnaker Cilacap', regionCode: '33.01' });
    lampung = await createUser(t, UserRole.Supervisor, { agencyId: lampungOffice.id });
    lampungViewer = await createUser(t, UserRole.Viewer, { agencyId: lampungOffice.id });
    banyuwangi = await createUser(t, UserRole.Caseworker, { agencyId: banyuwangiOffice.id });
    elsewhere = await createUser(t, UserRole.Supervisor, { agencyId: third.id });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: lampungOffice.id });
    const admin = await createUser(t, UserRole.Admin);

    const recruiter = (fullName: string) => ({
      perpetrator: { fullName, roles: ['RecruiterOrIntermediary'] },
    });
    cases.lampung = await createCase(t, lampung, {
      title: 'Tiga PMI dijanjikan kerja restoran, dibawa ke Kamboja',
      incidentType: 'trafficking',
      source: 'family',
      exploitationCountry: 'KH',
      victims: [
        victim('Ahmad', '18.01.06.2027'),
        victim('Joko', '18.01.06.2027'),
        victim('Rina', '18.02'),
      ],
      perpetrators: [recruiter('Hani Sulastri'), recruiter('Udin Kurniawan')],
    });
    const lampungLinks = await perpetratorsOf(lampung, cases.lampung.id);
    ids.hani = lampungLinks.get('Hani Sulastri')!;
    ids.udin = lampungLinks.get('Udin Kurniawan')!;

    cases.banyuwangiFirst = await createCase(t, banyuwangi, {
      title: 'PMI Banyuwangi di kompleks penipuan',
      incidentType: 'trafficking',
      source: 'hotline',
      exploitationCountry: 'KH',
      victims: [victim('Sumi', '35.10.01')],
      perpetrators: [recruiter('Rudi Hartono')],
    });
    ids.rudi = (await perpetratorsOf(banyuwangi, cases.banyuwangiFirst.id)).get('Rudi Hartono')!;
    const linked = await t
      .http()
      .post(`/api/v1/cases/${cases.banyuwangiFirst.id}/perpetrators`)
      .set(...bearer(admin))
      .send({ perpetratorId: ids.hani, roleInCase: 'perekrut yang sama' });
    expect(linked.status).toBe(201);

    cases.banyuwangiSecond = await createCase(t, banyuwangi, {
      title: 'Dua PMI ke Myanmar lewat calo',
      incidentType: 'trafficking',
      source: 'hotline',
      exploitationCountry: 'MM',
      victims: [victim('Wati', '35.10'), victim('Yanto', '35.10')],
      perpetrators: [recruiter('Sarno')],
    });
    ids.sarno = (await perpetratorsOf(banyuwangi, cases.banyuwangiSecond.id)).get('Sarno')!;
    const rudiAgain = await t
      .http()
      .post(`/api/v1/cases/${cases.banyuwangiSecond.id}/perpetrators`)
      .set(...bearer(banyuwangi))
      .send({ perpetratorId: ids.rudi });
    expect(rudiAgain.status).toBe(201);
  });
  afterAll(() => t.close());

  it('shows the caller its own cases and co-recruiters, and counts what belongs to others', async () => {
    const response = await network(lampung, ids.hani, '?depth=1');
    expect(response.status).toBe(200);
    const body = response.body as NetworkBody;
    expect(body.depth).toBe(1);
    expect(body.perpetrators.map((p) => [p.fullName, p.hops, p.networkCaseCount])).toEqual([
      ['Hani Sulastri', 0, 2],
      ['Udin Kurniawan', 1, 1],
    ]);
    // Rudi is on Banyuwangi's cases only: counted, not named; so is Banyuwangi's case.
    expect(body.hiddenPerpetratorCount).toBe(1);
    expect(body.cases.map((c) => [c.caseNumber, c.victimCount])).toEqual([
      [cases.lampung.caseNumber, 3],
    ]);
    expect(body.cases[0].perpetratorIds.sort()).toEqual([ids.hani, ids.udin].sort());
    expect(body.hiddenCaseCount).toBe(1);
    expect(body.totals.cases).toBe(2);
    expect(body.totals.victims).toBe(4);
    expect(body.totals.countries).toEqual([{ code: 'KH', cases: 2, victims: 4 }]);
    expect(body.totals.originProvinces).toEqual([
      { code: '18', cases: 1, victims: 3 },
      { code: '35', cases: 1, victims: 1 },
    ]);
    expect(body.totals.originRegencies).toEqual([
      { code: '18.01', cases: 1, victims: 3 },
      { code: '18.02', cases: 1, victims: 3 },
      { code: '35.10', cases: 1, victims: 1 },
    ]);
    expect(body.truncated).toBe(false);
    const text = JSON.stringify(body);
    for (const hidden of ['Rudi', 'Sarno', cases.banyuwangiFirst.caseNumber, 'Banyuwangi'])
      expect(text).not.toContain(hidden);
  });

  it('follows a second hop by default, to the co-recruiters of the co-recruiters', async () => {
    const response = await network(lampung, ids.hani);
    expect(response.status).toBe(200);
    const body = response.body as NetworkBody;
    expect(body.depth).toBe(2);
    expect(body.perpetrators.map((p) => p.fullName)).toEqual(['Hani Sulastri', 'Udin Kurniawan']);
    expect(body.hiddenPerpetratorCount).toBe(2);
    expect(body.hiddenCaseCount).toBe(2);
    expect(body.totals.cases).toBe(3);
    expect(body.totals.victims).toBe(6);
    expect(body.totals.countries).toEqual([
      { code: 'KH', cases: 2, victims: 4 },
      { code: 'MM', cases: 1, victims: 2 },
    ]);
  });

  it('shows the other agency its side of the same network', async () => {
    const response = await network(banyuwangi, ids.hani, '?depth=2');
    expect(response.status).toBe(200);
    const body = response.body as NetworkBody;
    expect(body.perpetrators.map((p) => [p.fullName, p.hops])).toEqual([
      ['Hani Sulastri', 0],
      ['Rudi Hartono', 1],
      ['Sarno', 2],
    ]);
    expect(body.hiddenPerpetratorCount).toBe(1);
    expect(body.cases.map((c) => c.caseNumber).sort()).toEqual(
      [cases.banyuwangiFirst.caseNumber, cases.banyuwangiSecond.caseNumber].sort(),
    );
    expect(body.hiddenCaseCount).toBe(1);
    expect(JSON.stringify(body)).not.toContain('Udin');
    expect(JSON.stringify(body)).not.toContain(cases.lampung.caseNumber);
  });

  it('answers a viewer of a linked agency, and "not found" to anyone the perpetrator is hidden from', async () => {
    expect((await network(lampungViewer, ids.hani)).status).toBe(200);
    for (const [user, id] of [
      [elsewhere, ids.hani],
      [liaison, ids.hani],
      [lampung, ids.sarno],
      [lampung, '00000000-0000-4000-8000-000000000000'],
    ] as Array<[SignedInUser, string]>) {
      const response = await network(user, id);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('PERPETRATOR.NOT_FOUND');
    }
  });

  it('refuses a depth out of range with a field message', async () => {
    for (const depth of ['0', '4', 'two', '1.5']) {
      const response = await network(lampung, ids.hani, `?depth=${depth}`);
      expect(response.status).toBe(400);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'depth',
      ]);
    }
  });
});
