import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** The Ahmad Jayani case of shared/DOMAIN.md, as a caseworker of Disnakertrans Lampung Selatan would log it. */
export function ahmadJayaniCase(extra: object = {}) {
  return {
    title: 'Kematian PMI non-prosedural di Kamboja (Ahmad Jayani)',
    summary: 'Dilaporkan keluarga: bekerja sebagai scammer di Kamboja, meninggal 11 Mei 2024.',
    incidentType: 'death_abroad',
    exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
    methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughInformalBroker'],
    exploitationCountry: 'KH',
    incidentDate: '2024-05-11',
    reportedDate: '2024-05-14',
    source: 'family',
    tags: ['tppo', 'kamboja'],
    victims: [
      {
        fullName: 'Ahmad Jayani',
        gender: 'Masculine',
        estimatedAge: 36,
        nik: '1801061203880003',
        phone: '0812 3456 7890',
        originStreet: 'Dusun Cinta Sari RT 002 RW 001',
        originRegionCode: '18.01.06.2027',
        migrationChannel: 'non_procedural',
        occupationAbroad: 'online scam operator (forced)',
        currentSituation: 'deceased',
        deathDate: '2024-05-11',
        deathCountry: 'KH',
        deathCause: 'unknown, as reported by the family',
        remainsStatus: 'awaiting_repatriation',
        traffickingStatus: 'PossibleVictimOfTrafficking',
        familyMembers: [
          {
            fullName: 'Janah',
            relation: 'mother',
            age: 60,
            primaryContact: true,
            consentToContact: true,
            phone: '081298765432',
            regionCode: '18.01.06.2027',
            needs: ['remains_repatriation', 'death_benefit_or_insurance'],
          },
          { fullName: 'Mulhat', relation: 'father', alive: false },
        ],
      },
    ],
    perpetrators: [
      {
        perpetrator: {
          fullName: 'Hani',
          roles: ['RecruiterOrIntermediary'],
          homeRegionCode: '18.07',
          phones: ['+62 811 7000 1234'],
        },
        relationshipToVictims: 'Acquainted',
        roleInCase: 'offered the work in Cambodia',
      },
    ],
    ...extra,
  };
}

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
    expect(timeline.body.map((e: { action: string }) => e.action)).toEqual(
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
