import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { insertReportCases } from './support/report-fixtures';
import { startTestApp, TestApp } from './support/test-app';

interface Count {
  code: string | null;
  labelId: string;
  labelEn: string;
  cases: number | null;
  victims: number;
}

/** [code, cases, victims] of a breakdown, in the answer's order. */
const triples = (counts: Count[]) => counts.map((c) => [c.code, c.cases, c.victims]);

/**
 * The summary report on hand-built cases at the edges of WIB days: exact counts per group,
 * service levels on referrals with known times, only the caller's agency, and refusals of bad
 * parameters with their fields.
 */
describe('summary report', () => {
  let t: TestApp;
  let agencyId: string;
  let partnerId: string;
  let otherAgencyId: string;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let liaison: SignedInUser;
  let admin: SignedInUser;
  let otherSupervisor: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    agencyId = (await createAgency(t)).id;
    otherAgencyId = (await createAgency(t)).id;
    partnerId = (await createAgency(t, { name: 'LBH Bandar Lampung' })).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
    admin = await createUser(t, UserRole.Admin);
    otherSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: otherAgencyId });
    await insertReportCases(t, agencyId, otherAgencyId, partnerId, supervisor.id, 'RPT');
  });
  afterAll(() => t.close());

  const summary = (user: SignedInUser, query: string) =>
    t
      .http()
      .get(`/api/v1/reports/summary?${query}`)
      .set(...bearer(user));

  it('counts April in WIB exactly, by every breakdown', async () => {
    const res = await summary(supervisor, 'from=2026-04-01&to=2026-04-30');
    expect(res.status).toBe(200);
    const body = res.body as Record<string, Count[]> & { totals: object; timeZone: string };
    expect(body.totals).toEqual({ cases: 2, victims: 3 });
    expect(body.timeZone).toBe('Asia/Jakarta');
    expect(triples(body.incidentType)).toEqual([
      ['trafficking', 1, 2],
      ['death_abroad', 1, 1],
    ]);
    expect(body.incidentType[1]).toMatchObject({
      labelId: 'Meninggal di luar negeri',
      labelEn: 'Death abroad',
    });
    expect(triples(body.status)).toEqual([
      ['open', 1, 2],
      ['closed', 1, 1],
    ]);
    expect(triples(body.exploitationCountry)).toEqual([
      ['KH', 1, 2],
      ['MY', 1, 1],
    ]);
    expect(body.exploitationCountry[0]).toMatchObject({ labelId: 'Cambodia', labelEn: 'Cambodia' });
    expect(triples(body.exploitationType)).toEqual([
      ['ForcedCriminality', 1, 2],
      ['OnlineScam', 1, 2],
      ['ForcedLabour', 1, 1],
    ]);
    expect(triples(body.month)).toEqual([['2026-04', 2, 3]]);
    expect(body.month[0]).toMatchObject({ labelId: 'April 2026', labelEn: 'April 2026' });
    // Origins: cases by any of their victims' origins, victims by their own.
    expect(triples(body.originProvince)).toEqual([['18', 2, 3]]);
    expect(body.originProvince[0].labelId).toBe('Lampung');
    expect(triples(body.originRegency)).toEqual([
      ['18.01', 2, 2],
      ['18.04', 1, 1],
    ]);
    expect(body.originRegency[0].labelId).toBe('Kabupaten Lampung Selatan');
    // Victim breakdowns count victims only.
    expect(triples(body.victimSex)).toEqual([
      ['Masculine', null, 2],
      ['Feminine', null, 1],
    ]);
    expect(body.victimSex[1]).toMatchObject({ labelId: 'Perempuan', labelEn: 'Female' });
    expect(triples(body.victimAge)).toEqual([
      ['adult', null, 1],
      ['minor', null, 1],
      ['unknown', null, 1],
    ]);
    // Ahmad died in Cambodia; Budi's country of death is unknown in a death-abroad case in Malaysia.
    expect(triples(body.deathsAbroad)).toEqual([
      ['KH', null, 1],
      ['MY', null, 1],
    ]);
  });

  it('measures how the receiving agency answered, per service', async () => {
    const res = await summary(
      supervisor,
      'from=2026-04-01&to=2026-04-30&groupBy=referralServiceLevels',
    );
    expect(res.status).toBe(200);
    expect(res.body.groupBy).toEqual(['referralServiceLevels']);
    expect(res.body.status).toBeUndefined();
    expect(res.body.referralServiceLevels).toEqual([
      {
        agencyId: partnerId,
        agencyName: 'LBH Bandar Lampung',
        service: 'legal_aid',
        serviceLabelId: 'Bantuan hukum',
        serviceLabelEn: 'Legal aid',
        sent: 5,
        acknowledgementDue: 4,
        acknowledged: 3,
        acknowledgedOnTime: 2,
        acknowledgedOnTimePercent: 50,
        completionDue: 3,
        completed: 2,
        completedOnTime: 1,
        completedOnTimePercent: 33.3,
        medianDaysToAcknowledge: 1.5,
      },
      {
        agencyId: partnerId,
        agencyName: 'LBH Bandar Lampung',
        service: 'repatriation_remains',
        serviceLabelId: 'Pemulangan jenazah',
        serviceLabelEn: 'Repatriation of remains',
        sent: 1,
        acknowledgementDue: 1,
        acknowledged: 1,
        acknowledgedOnTime: 1,
        acknowledgedOnTimePercent: 100,
        completionDue: 0,
        completed: 0,
        completedOnTime: 0,
        completedOnTimePercent: null,
        medianDaysToAcknowledge: 0.25,
      },
    ]);
  });

  it('takes whole WIB days at both ends', async () => {
    const march = await summary(supervisor, 'from=2026-03-31&to=2026-03-31&groupBy=month');
    expect(march.body.totals).toEqual({ cases: 1, victims: 0 });
    expect(triples(march.body.month)).toEqual([['2026-03', 1, 0]]);
    const may = await summary(supervisor, 'from=2026-05-01&groupBy=month');
    expect(triples(may.body.month)).toEqual([['2026-05', 1, 1]]);
    const all = await summary(supervisor, 'groupBy=month,status');
    expect(all.body.totals).toEqual({ cases: 4, victims: 4 });
    expect(triples(all.body.month)).toEqual([
      ['2026-03', 1, 0],
      ['2026-04', 2, 3],
      ['2026-05', 1, 1],
    ]);
  });

  it("never counts another agency's cases; admins count all or one agency", async () => {
    const other = await summary(otherSupervisor, 'from=2026-04-01&to=2026-04-30');
    expect(other.body.totals).toEqual({ cases: 1, victims: 1 });
    expect(triples(other.body.status)).toEqual([['open', 1, 1]]);
    // A staff member naming another agency still counts only their own: nothing.
    const forged = await summary(supervisor, `from=2026-04-01&owningAgencyId=${otherAgencyId}`);
    expect(forged.body.totals).toEqual({ cases: 0, victims: 0 });
    const viewerRes = await summary(viewer, 'from=2026-04-01&to=2026-04-30&groupBy=status');
    expect(viewerRes.body.totals).toEqual({ cases: 2, victims: 3 });
    const liaisonRes = await summary(liaison, 'from=2026-04-01&to=2026-04-30');
    expect(liaisonRes.status).toBe(200);
    expect(liaisonRes.body.totals).toEqual({ cases: 0, victims: 0 });
    expect(liaisonRes.body.referralServiceLevels).toEqual([]);
    const everyone = await summary(admin, 'from=2026-04-01&to=2026-04-30&groupBy=status');
    expect(everyone.body.totals).toEqual({ cases: 3, victims: 4 });
    const one = await summary(admin, `from=2026-04-01&to=2026-04-30&owningAgencyId=${agencyId}`);
    expect(one.body.totals).toEqual({ cases: 2, victims: 3 });
  });

  it('refuses bad parameters with their fields', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-05-01&to=2026-04-01', 'to'],
      ['groupBy=status,colour', 'groupBy'],
      ['owningAgencyId=abc', 'owningAgencyId'],
    ];
    for (const [query, field] of cases) {
      const res = await summary(supervisor, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const anonymous = await t.http().get('/api/v1/reports/summary');
    expect(anonymous.status).toBe(401);
  });
});
