import { PersonalDataCipher } from '../src/common/crypto/personal-data-cipher';
import { todayInJakarta } from '../src/common/validation/dates';
import { UserRole } from '../src/modules/users/user-role';
import {
  AHMAD_NIK,
  AHMAD_PHONE_E164,
  AHMAD_STREET,
  ahmadJayaniCase,
  ahmadJayaniVictim,
  createCase,
  HANI_PHONE_E164,
  haniLink,
  JANAH_PHONE_E164,
  nikFor,
  plainCase,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const YEAR = todayInJakarta().slice(0, 4);
const PASSPORT = 'C4567890';
const JANAH_STREET = 'Dusun Cinta Sari RT 002 RW 001, rumah keluarga';
/** Digits of the phone numbers as they could appear unencrypted (E.164 without the plus). */
const PLAINTEXT_SECRETS = [
  AHMAD_NIK,
  PASSPORT,
  '81234567890',
  '81298765432',
  '81170001234',
  'Cinta Sari',
];

interface TimelineEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, unknown> | null;
  noteBody?: string;
}

interface AuditRow {
  id: string;
  actor_id: string | null;
  actor_role: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  changes: Record<string, unknown> | null;
}

describe('case records', () => {
  let t: TestApp;
  let cipher: PersonalDataCipher;
  let agencyId: string;
  let caseworker: SignedInUser;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let otherAdmin: SignedInUser;

  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));
  const post = (user: SignedInUser, path: string, body: object) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set(...bearer(user))
      .send(body);
  const patch = (user: SignedInUser, path: string, body: object) =>
    t
      .http()
      .patch(`/api/v1${path}`)
      .set(...bearer(user))
      .send(body);
  const auditOf = async (caseId: string): Promise<AuditRow[]> =>
    (
      await t.db.query<AuditRow>(
        `SELECT e.id::text AS id, e.actor_id, e.actor_role, e.request_id, e.action, e.entity_type,
                e.entity_id, e.case_id, e.changes
         FROM audit_events e WHERE e.case_id = $1 ORDER BY e.id`,
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp();
    cipher = t.app.get(PersonalDataCipher);
    const agency = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    agencyId = agency.id;
    const other = await createAgency(t, { shortName: 'Disnaker Bandung', regionCode: '32.04' });
    [caseworker, supervisor, viewer, otherAdmin] = await Promise.all([
      createUser(t, UserRole.Caseworker, { agencyId }),
      createUser(t, UserRole.Supervisor, { agencyId }),
      createUser(t, UserRole.Viewer, { agencyId }),
      createUser(t, UserRole.Admin, { agencyId: other.id }),
    ]);
  });
  afterAll(() => t?.close());

  describe('the Ahmad Jayani case, end to end', () => {
    let caseId: string;
    let victimId: string;
    let haniId: string;
    let created: unknown;
    const createRequestId = 'ahmad-jayani-create-0001';

    it('is created in one request: numbered, intake, critical because the victim died', async () => {
      const response = await post(caseworker, '/cases', ahmadJayaniCase()).set(
        'x-request-id',
        createRequestId,
      );
      expect(response.status).toBe(201);
      expect(response.headers['x-request-id']).toBe(createRequestId);
      expect(response.body.caseNumber).toBe(`DLS-${YEAR}-000001`);
      expect(response.body.caseNumber).toMatch(/^[A-Z]{2,8}-\d{4}-\d{6}$/);
      expect(response.body).toMatchObject({
        status: 'intake',
        priority: 'critical',
        suggestedPriority: 'critical',
        priorityOverrideReason: null,
        version: 1,
        victimCount: 1,
      });
      caseId = response.body.id;
      victimId = response.body.victims[0].id;
      haniId = response.body.perpetrators[0].perpetratorId;
      created = response.body;
    });

    it('reads back every stored field of the case, the victim, the family and the recruiter', async () => {
      const response = await get(caseworker, `/cases/${caseId}`);
      expect(response.status).toBe(200);
      const body = response.body;
      // The create's answer is built from the rows it wrote, not read back: it must be the read.
      expect(created).toEqual(body);
      expect(body).toEqual({
        id: caseId,
        caseNumber: `DLS-${YEAR}-000001`,
        owningAgencyId: agencyId,
        title: 'Kematian PMI non-prosedural di Kamboja (Ahmad Jayani)',
        summary: 'Dilaporkan keluarga: bekerja sebagai scammer di Kamboja, meninggal 11 Mei 2024.',
        incidentType: 'death_abroad',
        exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
        methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
        recruitmentMethods: ['ThroughInformalBroker'],
        recruitmentPlatforms: [],
        exploitationCountry: 'KH',
        exploitationCity: null,
        transitCountries: [],
        incidentDate: '2024-05-11',
        reportedDate: '2024-05-14',
        source: 'family',
        status: 'intake',
        priority: 'critical',
        suggestedPriority: 'critical',
        priorityOverrideReason: null,
        assignedCaseworkerId: null,
        supervisorId: null,
        tags: ['tppo', 'kamboja'],
        createdBy: caseworker.id,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        victimCount: 1,
        victims: [expect.any(Object)],
        perpetrators: [expect.any(Object)],
        // What the reader (the caseworker who wrote it) may do with it now.
        yourActions: { edit: true, revealIdentity: true, transitions: ['open'], transfer: false },
      });

      const [victim] = body.victims;
      // toEqual: no other key (no phone, no street, no full NIK) may appear in a case read.
      expect(victim).toEqual({
        id: victimId,
        caseId,
        personId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        fullName: 'Ahmad Jayani',
        otherNames: [],
        gender: 'Masculine',
        dateOfBirth: null,
        estimatedAge: 36,
        recruitmentDate: null,
        minorAtRecruitment: false,
        citizenship: 'ID',
        nikMasked: '************0003',
        passportMasked: null,
        hasPhone: true,
        hasOriginStreet: true,
        originRegionCode: '18.01.06.2027',
        migrationChannel: 'non_procedural',
        placementCompany: null,
        occupationAbroad: 'online scam operator (forced)',
        employerAbroad: null,
        currentSituation: 'deceased',
        deathDate: '2024-05-11',
        deathPlace: null,
        deathCountry: 'KH',
        deathCause: 'unknown, as reported by the family',
        remainsStatus: 'awaiting_repatriation',
        deathCertificateRef: null,
        traffickingStatus: 'PossibleVictimOfTrafficking',
        traffickingStatusDecidedBy: null,
        familyMembers: expect.any(Array),
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });

      expect(victim.familyMembers).toHaveLength(2);
      const mother = victim.familyMembers.find(
        (m: { relation: string }) => m.relation === 'mother',
      );
      const father = victim.familyMembers.find(
        (m: { relation: string }) => m.relation === 'father',
      );
      expect(mother).toEqual({
        id: expect.any(String),
        victimId,
        fullName: 'Janah',
        relation: 'mother',
        alive: true,
        age: 60,
        hasPhone: true,
        hasStreet: false,
        regionCode: '18.01.06.2027',
        primaryContact: true,
        consentToContact: true,
        consentRecordedAt: expect.any(String),
        consentRecordedBy: caseworker.id,
        language: 'id',
        needs: ['remains_repatriation', 'death_benefit_or_insurance'],
        version: 1,
      });
      expect(father).toEqual({
        id: expect.any(String),
        victimId,
        fullName: 'Mulhat',
        relation: 'father',
        alive: false,
        age: null,
        hasPhone: false,
        hasStreet: false,
        regionCode: null,
        primaryContact: false,
        consentToContact: false,
        consentRecordedAt: null,
        consentRecordedBy: null,
        language: 'id',
        needs: [],
        version: 1,
      });

      expect(body.perpetrators).toEqual([
        {
          perpetratorId: haniId,
          fullName: 'Hani',
          aliases: [],
          homeRegionCode: '18.07',
          relationshipToVictims: 'Acquainted',
          roleInCase: 'offered the work in Cambodia',
          linkedAt: expect.any(String),
        },
      ]);
      const hani = await t.db.query(
        `SELECT full_name, roles, home_region_code, status, recorded_by_agency_id, cardinality(phones_encrypted) AS phones
         FROM perpetrators WHERE id = $1`,
        [haniId],
      );
      expect(hani.rows).toEqual([
        {
          full_name: 'Hani',
          roles: ['RecruiterOrIntermediary'],
          home_region_code: '18.07',
          status: 'suspected',
          recorded_by_agency_id: agencyId,
          phones: 1,
        },
      ]);
      const victimRead = await get(caseworker, `/victims/${victimId}`);
      expect(victimRead.status).toBe(200);
      expect(victimRead.body).toEqual(victim);
    });

    it('links the same recruiter to a second case by perpetratorId', async () => {
      const second = await createCase(
        t,
        caseworker,
        plainCase({
          title: 'PMI asal Lampung Timur direkrut Hani ke Kamboja',
          perpetrators: [
            {
              perpetratorId: haniId,
              relationshipToVictims: 'Acquainted',
              roleInCase: 'recruited the victim through a neighbour',
            },
          ],
        }),
      );
      expect(second.caseNumber).toBe(`DLS-${YEAR}-000002`);
      const read = await get(caseworker, `/cases/${second.id}`);
      expect(read.status).toBe(200);
      expect(read.body.perpetrators).toEqual([
        expect.objectContaining({
          perpetratorId: haniId,
          fullName: 'Hani',
          homeRegionCode: '18.07',
          roleInCase: 'recruited the victim through a neighbour',
        }),
      ]);
      const registered = await t.db.query(`SELECT count(*)::int AS n FROM perpetrators`);
      expect(registered.rows[0].n).toBe(1);
      const links = await t.db.query<{ case_id: string }>(
        `SELECT case_id FROM case_perpetrators WHERE perpetrator_id = $1 ORDER BY linked_at`,
        [haniId],
      );
      expect(links.rows.map((r) => r.case_id)).toEqual([caseId, second.id]);
      const actions = (await auditOf(second.id)).map((e) => e.action);
      expect(actions).toContain('perpetrator.linked');
      expect(actions).not.toContain('perpetrator.created');
    });

    it('shows the full identity only through the audited identity read', async () => {
      const before = await auditOf(caseId);
      const response = await get(caseworker, `/victims/${victimId}/identity`).set(
        'x-request-id',
        'ahmad-identity-read-0001',
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: victimId,
        fullName: 'Ahmad Jayani',
        nik: AHMAD_NIK,
        passportNumber: null,
        phone: AHMAD_PHONE_E164,
        originStreet: AHMAD_STREET,
        originRegionCode: '18.01.06.2027',
      });
      const supervisorRead = await get(supervisor, `/victims/${victimId}/identity`);
      expect(supervisorRead.status).toBe(200);
      expect(supervisorRead.body.nik).toBe(AHMAD_NIK);

      const added = (await auditOf(caseId)).slice(before.length);
      expect(added).toEqual([
        {
          id: expect.any(String),
          actor_id: caseworker.id,
          actor_role: 'caseworker',
          request_id: 'ahmad-identity-read-0001',
          action: 'victim.identity_read',
          entity_type: 'victim',
          entity_id: victimId,
          case_id: caseId,
          changes: null,
        },
        expect.objectContaining({
          actor_id: supervisor.id,
          actor_role: 'supervisor',
          request_id: supervisorRead.headers['x-request-id'],
          action: 'victim.identity_read',
          entity_id: victimId,
        }),
      ]);
    });

    it('keeps notes and a timeline of everything in order, with who did it', async () => {
      const first = await post(caseworker, `/cases/${caseId}/notes`, {
        body: 'Ibu Janah dihubungi lewat telepon; jenazah masih di Phnom Penh.',
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        caseId,
        authorId: caseworker.id,
        body: 'Ibu Janah dihubungi lewat telepon; jenazah masih di Phnom Penh.',
        createdAt: expect.any(String),
      });
      const second = await post(supervisor, `/cases/${caseId}/notes`, {
        body: '  Koordinasi dengan BP3MI Lampung dan KBRI Phnom Penh.  ',
      });
      expect(second.status).toBe(201);
      expect(second.body.body).toBe('Koordinasi dengan BP3MI Lampung dan KBRI Phnom Penh.');

      const notes = await get(viewer, `/cases/${caseId}/notes`);
      expect(notes.status).toBe(200);
      expect(notes.body.items.map((n: { id: string }) => n.id)).toEqual([
        first.body.id,
        second.body.id,
      ]);

      const opened = await post(caseworker, `/cases/${caseId}/transitions`, {
        to: 'open',
        reason: 'Keluarga sudah dihubungi',
        version: 1,
      });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ status: 'open', version: 2 });

      const timeline = await get(caseworker, `/cases/${caseId}/timeline`);
      expect(timeline.status).toBe(200);
      const entries = timeline.body.items as TimelineEntry[];
      expect(entries.map((e) => e.action)).toEqual([
        'case.created',
        'victim.created',
        'family_member.created',
        'family_member.created',
        'perpetrator.created',
        'perpetrator.linked',
        'victim.identity_read',
        'victim.identity_read',
        'case.note_added',
        'case.note_added',
        'case.transitioned',
      ]);
      const ids = entries.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const times = entries.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(entries.map((e) => e.actorName)).toEqual([
        ...Array<string>(7).fill('Test caseworker'),
        'Test supervisor',
        'Test caseworker',
        'Test supervisor',
        'Test caseworker',
      ]);
      const noteEntries = entries.filter((e) => e.action === 'case.note_added');
      expect(noteEntries.map((e) => e.noteBody)).toEqual([
        'Ibu Janah dihubungi lewat telepon; jenazah masih di Phnom Penh.',
        'Koordinasi dengan BP3MI Lampung dan KBRI Phnom Penh.',
      ]);
      expect(entries.filter((e) => 'noteBody' in e)).toHaveLength(2);
      expect(entries[entries.length - 1]).toMatchObject({
        actorId: caseworker.id,
        entityType: 'case',
        entityId: caseId,
        changes: { status: { from: 'intake', to: 'open' }, reason: 'Keluarga sudah dihubungi' },
      });
    });

    it('moves through the workflow; closing needs a supervisor; a closed case only reopens', async () => {
      const move = (user: SignedInUser, to: string, version: number) =>
        post(user, `/cases/${caseId}/transitions`, { to, reason: `menuju ${to}`, version });

      const assisting = await move(caseworker, 'in_assistance', 2);
      expect(assisting.status).toBe(201);
      expect(assisting.body).toMatchObject({ status: 'in_assistance', version: 3 });
      const requested = await move(caseworker, 'closure_requested', 3);
      expect(requested.status).toBe(201);
      expect(requested.body).toMatchObject({ status: 'closure_requested', version: 4 });

      const refused = await move(caseworker, 'closed', 4);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CASE.SUPERVISOR_APPROVAL_REQUIRED');
      const unchanged = await get(caseworker, `/cases/${caseId}`);
      expect(unchanged.body).toMatchObject({ status: 'closure_requested', version: 4 });

      const closed = await move(supervisor, 'closed', 4);
      expect(closed.status).toBe(201);
      expect(closed.body).toMatchObject({ status: 'closed', version: 5 });

      const illegal = await move(caseworker, 'open', 5);
      expect(illegal.status).toBe(409);
      expect(illegal.body.code).toBe('CASE.ILLEGAL_TRANSITION');
      expect(illegal.body.details).toEqual({ from: 'closed', to: 'open', allowed: ['reopened'] });

      const stale = await move(supervisor, 'reopened', 4);
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('CASE.VERSION_CONFLICT');
      expect(stale.body.details).toEqual({ currentVersion: 5 });

      const final = await t.db.query(`SELECT status, version FROM cases WHERE id = $1`, [caseId]);
      expect(final.rows[0]).toEqual({ status: 'closed', version: 5 });
      const transitions = (await auditOf(caseId)).filter((e) => e.action === 'case.transitioned');
      expect(transitions.map((e) => [e.actor_role, e.changes?.status])).toEqual([
        ['caseworker', { from: 'intake', to: 'open' }],
        ['caseworker', { from: 'open', to: 'in_assistance' }],
        ['caseworker', { from: 'in_assistance', to: 'closure_requested' }],
        ['supervisor', { from: 'closure_requested', to: 'closed' }],
      ]);
    });
  });

  describe('a group case of 200 victims', () => {
    it('is created in one request, read with the first 100 victims and paged for the rest', async () => {
      const victims = Array.from({ length: 200 }, (_, i) => ({
        fullName: `Korban ${i + 1}`,
        gender: i % 2 === 0 ? 'Feminine' : 'Masculine',
        estimatedAge: 20 + (i % 30),
        nik: nikFor(i),
        currentSituation: 'repatriated',
        originRegionCode: '18.01.06.2027',
        familyMembers: [
          { fullName: `Keluarga ${i + 1}`, relation: 'spouse', primaryContact: true },
        ],
      }));
      const response = await post(caseworker, '/cases', {
        title: 'Penggagalan penempatan non-prosedural di Pelabuhan Bakauheni',
        incidentType: 'non_procedural_placement',
        source: 'police',
        incidentDate: '2024-06-01',
        reportedDate: '2024-06-02',
        victims,
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        victimCount: 200,
        priority: 'high',
        suggestedPriority: 'high',
      });
      expect(response.body.victims).toHaveLength(100);
      for (const victim of response.body.victims) expect(victim.familyMembers).toHaveLength(1);
      const caseId = response.body.id as string;
      expect(response.body).toEqual((await get(caseworker, `/cases/${caseId}`)).body);

      const firstPage = await get(caseworker, `/cases/${caseId}/victims?limit=100`);
      const secondPage = await get(caseworker, `/cases/${caseId}/victims?limit=100&offset=100`);
      const beyond = await get(caseworker, `/cases/${caseId}/victims?limit=100&offset=200`);
      expect([firstPage.status, secondPage.status, beyond.status]).toEqual([200, 200, 200]);
      expect(firstPage.body.items).toHaveLength(100);
      expect(secondPage.body.items).toHaveLength(100);
      expect(beyond.body).toEqual({
        items: [],
        limit: 100,
        total: null,
        offset: 200,
        nextCursor: null,
      });
      const idsOf = (list: Array<{ id: string }>) => list.map((v) => v.id);
      expect(idsOf(firstPage.body.items)).toEqual(idsOf(response.body.victims));
      const paged = new Set([...idsOf(firstPage.body.items), ...idsOf(secondPage.body.items)]);
      expect(paged.size).toBe(200);
      for (const victim of secondPage.body.items) {
        expect(victim.familyMembers).toHaveLength(1);
        expect(victim.familyMembers[0].victimId).toBe(victim.id);
      }

      const stored = await t.db.query<{ id: string }>(`SELECT id FROM victims WHERE case_id = $1`, [
        caseId,
      ]);
      expect(new Set(stored.rows.map((r) => r.id))).toEqual(paged);
      const family = await t.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT f.victim_id)::int AS victims
         FROM family_members f JOIN victims v ON v.id = f.victim_id WHERE v.case_id = $1`,
        [caseId],
      );
      expect(family.rows[0]).toEqual({ n: 200, victims: 200 });
      const names = await t.db.query<{ full_name: string }>(
        `SELECT full_name FROM victims WHERE case_id = $1`,
        [caseId],
      );
      expect(new Set(names.rows.map((r) => r.full_name))).toEqual(
        new Set(victims.map((v) => v.fullName)),
      );
      const audit = await auditOf(caseId);
      expect(audit.filter((e) => e.action === 'victim.created')).toHaveLength(200);
      expect(audit.filter((e) => e.action === 'family_member.created')).toHaveLength(200);

      const tooMany = await get(caseworker, `/cases/${caseId}/victims?limit=101`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['limit']);
    });
  });

  describe('identifiers per role', () => {
    let caseId: string;
    let victimId: string;
    const identifierCase = () =>
      ahmadJayaniCase({
        title: 'Ahmad Jayani: berkas dengan paspor',
        victims: [
          ahmadJayaniVictim({
            passportNumber: PASSPORT,
            familyMembers: [
              {
                fullName: 'Janah',
                relation: 'mother',
                primaryContact: true,
                phone: '081298765432',
                street: JANAH_STREET,
              },
            ],
          }),
        ],
      });

    beforeAll(async () => {
      const created = await createCase(t, caseworker, identifierCase());
      caseId = created.id;
      victimId = created.victims[0].id;
      expect(JSON.stringify(created)).not.toMatch(secretsPattern());
    });

    function secretsPattern(): RegExp {
      return new RegExp(
        PLAINTEXT_SECRETS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      );
    }

    it.each([
      ['caseworker', () => caseworker],
      ['supervisor', () => supervisor],
      ['admin of another agency', () => otherAdmin],
    ])('%s sees NIK and passport masked to the last four', async (_label, who) => {
      const user = who();
      const caseRead = await get(user, `/cases/${caseId}`);
      const victimRead = await get(user, `/victims/${victimId}`);
      const list = await get(user, `/cases/${caseId}/victims`);
      expect([caseRead.status, victimRead.status, list.status]).toEqual([200, 200, 200]);
      for (const victim of [caseRead.body.victims[0], victimRead.body, list.body.items[0]]) {
        expect(victim.nikMasked).toBe('************0003');
        expect(victim.passportMasked).toBe('************7890');
        expect(victim.hasPhone).toBe(true);
        expect(victim.hasOriginStreet).toBe(true);
      }
      expect(caseRead.body.victims[0].familyMembers[0]).toMatchObject({
        hasPhone: true,
        hasStreet: true,
      });
    });

    it('a viewer gets no identifiers at all, not even masked', async () => {
      const caseRead = await get(viewer, `/cases/${caseId}`);
      const victimRead = await get(viewer, `/victims/${victimId}`);
      const list = await get(viewer, `/cases/${caseId}/victims`);
      expect([caseRead.status, victimRead.status, list.status]).toEqual([200, 200, 200]);
      for (const victim of [caseRead.body.victims[0], victimRead.body, list.body.items[0]]) {
        expect(victim.fullName).toBe('Ahmad Jayani');
        expect(Object.keys(victim)).not.toContain('nikMasked');
        expect(Object.keys(victim)).not.toContain('passportMasked');
      }
      for (const response of [caseRead, victimRead, list]) {
        expect(response.text).not.toContain('Masked');
        expect(response.text).not.toContain('****');
      }
    });

    it('no response but the identity read carries a plaintext identifier, phone or street', async () => {
      const secrets = secretsPattern();
      const readers = [caseworker, supervisor, viewer, otherAdmin];
      const paths = [
        `/cases/${caseId}`,
        '/cases',
        `/cases/${caseId}/victims`,
        `/victims/${victimId}`,
        `/cases/${caseId}/notes`,
        `/cases/${caseId}/timeline`,
      ];
      for (const user of readers) {
        for (const path of paths) {
          const response = await get(user, path);
          expect(response.status).toBe(200);
          expect(response.text).not.toMatch(secrets);
        }
      }
      for (const user of [supervisor, otherAdmin]) {
        for (const entity of [`case&id=${caseId}`, `victim&id=${victimId}`]) {
          const response = await get(user, `/audit?entity=${entity}`);
          expect(response.status).toBe(200);
          expect(response.text).not.toMatch(secrets);
        }
      }
      const updated = await patch(caseworker, `/victims/${victimId}`, {
        version: 1,
        occupationAbroad: 'operator penipuan daring',
      });
      expect(updated.status).toBe(200);
      expect(updated.text).not.toMatch(secrets);

      const identity = await get(caseworker, `/victims/${victimId}/identity`);
      expect(identity.status).toBe(200);
      expect(identity.body).toMatchObject({ nik: AHMAD_NIK, passportNumber: PASSPORT });
      expect(identity.text).toMatch(secrets);
    });
  });

  describe('encryption at rest', () => {
    let first: {
      id: string;
      victims: Array<{ id: string; fullName: string }>;
      perpetrators: any[];
    };
    let again: { id: string; victims: Array<{ id: string }> };
    /** Ahmad's record in the first case (victims of one request come back in no fixed order). */
    let ahmadId: string;
    let colleagueId: string;

    beforeAll(async () => {
      first = await createCase(
        t,
        caseworker,
        ahmadJayaniCase({
          title: 'Ahmad Jayani: berkas untuk uji enkripsi',
          victims: [
            ahmadJayaniVictim({
              passportNumber: PASSPORT,
              familyMembers: [
                {
                  fullName: 'Janah',
                  relation: 'mother',
                  primaryContact: true,
                  phone: '081298765432',
                  street: JANAH_STREET,
                },
              ],
            }),
            {
              fullName: 'Rekan Ahmad',
              nik: nikFor(41),
              currentSituation: 'repatriated',
            },
          ],
        }),
      );
      ahmadId = first.victims.find((v) => v.fullName === 'Ahmad Jayani')!.id;
      colleagueId = first.victims.find((v) => v.fullName === 'Rekan Ahmad')!.id;
      // The same NIK written the way people write it: with spaces.
      again = await createCase(
        t,
        caseworker,
        plainCase({
          title: 'Laporan ulang dari desa',
          victims: [
            { fullName: 'Ahmad Jayani', nik: '1801 0612 0388 0003', currentSituation: 'abroad' },
          ],
        }),
      );
    });

    it('stores identifiers, phones and streets of victims only as ciphertext bound to the row', async () => {
      const { rows } = await t.db.query(`SELECT * FROM victims WHERE id = $1`, [ahmadId]);
      const row = rows[0];
      const encrypted = {
        nik_encrypted: AHMAD_NIK,
        passport_encrypted: PASSPORT,
        phone_encrypted: AHMAD_PHONE_E164,
        origin_street_encrypted: AHMAD_STREET,
      };
      for (const [column, plaintext] of Object.entries(encrypted)) {
        expect(row[column]).toMatch(/^v2:test1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
        expect(row[column]).not.toContain(plaintext);
      }
      expect(JSON.stringify(row)).not.toMatch(/1801061203880003|C4567890|81234567890|Cinta Sari/);
      expect(row.nik_last4).toBe('0003');
      expect(row.passport_last4).toBe('7890');
      // It really is the value, encrypted, and bound to its column and its row.
      expect(cipher.decrypt('victims.nik', ahmadId, row.nik_encrypted)).toBe(AHMAD_NIK);
      expect(cipher.decrypt('victims.phone', ahmadId, row.phone_encrypted)).toBe(AHMAD_PHONE_E164);
      expect(cipher.decrypt('victims.origin_street', ahmadId, row.origin_street_encrypted)).toBe(
        AHMAD_STREET,
      );
      expect(() => cipher.decrypt('victims.phone', ahmadId, row.nik_encrypted)).toThrow();
      expect(() => cipher.decrypt('victims.nik', colleagueId, row.nik_encrypted)).toThrow();
      expect(row.phone_hash).toBe(cipher.blindIndex('phone', AHMAD_PHONE_E164));
    });

    it('stores family phones and streets, and perpetrator phones, only as ciphertext', async () => {
      const family = await t.db.query(`SELECT * FROM family_members WHERE victim_id = $1`, [
        ahmadId,
      ]);
      expect(family.rows).toHaveLength(1);
      const janah = family.rows[0];
      for (const column of ['phone_encrypted', 'street_encrypted']) {
        expect(janah[column]).toMatch(/^v2:test1:/);
      }
      expect(JSON.stringify(janah)).not.toMatch(/81298765432|Cinta Sari/);
      expect(cipher.decrypt('family_members.street', janah.id, janah.street_encrypted)).toBe(
        JANAH_STREET,
      );
      expect(janah.phone_hash).toBe(cipher.blindIndex('phone', JANAH_PHONE_E164));

      const hani = await t.db.query(`SELECT * FROM perpetrators WHERE id = $1`, [
        first.perpetrators[0].perpetratorId,
      ]);
      const row = hani.rows[0];
      expect(row.phones_encrypted).toHaveLength(1);
      for (const value of row.phones_encrypted) expect(value).toMatch(/^v2:test1:/);
      expect(JSON.stringify(row)).not.toMatch(/81170001234|7000 1234/);
      expect(cipher.decrypt('perpetrators.phone', row.id, row.phones_encrypted[0])).toBe(
        HANI_PHONE_E164,
      );
      expect(row.phone_hashes).toEqual([cipher.blindIndex('phone', HANI_PHONE_E164)]);
    });

    it('hashes the NIK so the same person is found across cases, and only them', async () => {
      const { rows } = await t.db.query<{ id: string; nik_hash: string; nik_encrypted: string }>(
        `SELECT id, nik_hash, nik_encrypted FROM victims WHERE id = ANY($1)`,
        [[ahmadId, colleagueId, again.victims[0].id]],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ahmad = byId.get(ahmadId)!;
      const ahmadAgain = byId.get(again.victims[0].id)!;
      const colleague = byId.get(colleagueId)!;
      expect(ahmad.nik_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(ahmadAgain.nik_hash).toBe(ahmad.nik_hash);
      expect(colleague.nik_hash).not.toBe(ahmad.nik_hash);
      // Random IVs: equal NIKs do not give equal ciphertexts.
      expect(ahmadAgain.nik_encrypted).not.toBe(ahmad.nik_encrypted);

      const found = await t.db.query<{ id: string; case_id: string }>(
        `SELECT id, case_id FROM victims WHERE nik_hash = $1`,
        [cipher.blindIndex('nik', AHMAD_NIK)],
      );
      const ids = found.rows.map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([ahmad.id, ahmadAgain.id]));
      expect(ids).not.toContain(colleague.id);
      const decrypted = await t.db.query<{ id: string; nik_encrypted: string }>(
        `SELECT id, nik_encrypted FROM victims WHERE nik_hash = $1`,
        [cipher.blindIndex('nik', AHMAD_NIK)],
      );
      for (const r of decrypted.rows)
        expect(cipher.decrypt('victims.nik', r.id, r.nik_encrypted)).toBe(AHMAD_NIK);
    });

    it('links the two records of the same person', async () => {
      const linked = await post(caseworker, `/victims/${again.victims[0].id}/same-person`, {
        otherVictimId: ahmadId,
      });
      expect(linked.status).toBe(201);
      const firstRead = await get(caseworker, `/victims/${ahmadId}`);
      expect(linked.body.personId).toBe(firstRead.body.personId);
      const audit = await auditOf(again.id);
      expect(audit[audit.length - 1]).toMatchObject({
        action: 'victim.linked_same_person',
        entity_id: again.victims[0].id,
        actor_id: caseworker.id,
      });
    });
  });

  describe('audit trail', () => {
    let caseId: string;
    let victimId: string;

    it('records creates, updates, transitions and identity reads with actor, role and request id', async () => {
      const created = await post(
        caseworker,
        '/cases',
        plainCase({
          title: 'Gaji tidak dibayar: Siti Rahmawati',
          perpetrators: [haniLink({ perpetrator: { fullName: 'Sponsor Siti' } })],
        }),
      );
      expect(created.status).toBe(201);
      caseId = created.body.id;
      victimId = created.body.victims[0].id;
      const createdId = created.headers['x-request-id'];
      expect(createdId).toMatch(/^[A-Za-z0-9._-]{8,100}$/);

      const updated = await patch(caseworker, `/cases/${caseId}`, {
        version: 1,
        title: 'Gaji tidak dibayar dan paspor ditahan: Siti Rahmawati',
        incidentType: 'trafficking',
        tags: ['gaji'],
      });
      expect(updated.status).toBe(200);
      const victimUpdated = await patch(supervisor, `/victims/${victimId}`, {
        version: 1,
        fullName: 'Siti Rahmawati binti Sulaiman',
        nik: nikFor(77),
        traffickingStatus: 'ActualVictimOfTrafficking',
        traffickingStatusDecidedBy: 'Police',
      });
      expect(victimUpdated.status).toBe(200);
      const moved = await post(supervisor, `/cases/${caseId}/transitions`, {
        to: 'open',
        reason: 'Siap ditangani',
        version: 2,
      });
      expect(moved.status).toBe(201);
      const identity = await get(caseworker, `/victims/${victimId}/identity`);
      expect(identity.status).toBe(200);

      const events = await auditOf(caseId);
      const byRequest = (response: { headers: Record<string, string> }) =>
        events.filter((e) => e.request_id === response.headers['x-request-id']);
      expect(byRequest(created).map((e) => e.action)).toEqual([
        'case.created',
        'victim.created',
        'perpetrator.created',
        'perpetrator.linked',
      ]);
      expect(byRequest(updated).map((e) => e.action)).toEqual(['case.updated']);
      expect(byRequest(victimUpdated).map((e) => e.action)).toEqual(['victim.updated']);
      expect(byRequest(moved).map((e) => e.action)).toEqual(['case.transitioned']);
      expect(byRequest(identity).map((e) => e.action)).toEqual(['victim.identity_read']);
      expect(events).toHaveLength(8);
      for (const [response, user] of [
        [created, caseworker],
        [updated, caseworker],
        [victimUpdated, supervisor],
        [moved, supervisor],
        [identity, caseworker],
      ] as const) {
        for (const event of byRequest(response)) {
          expect(event.actor_id).toBe(user.id);
          expect(event.actor_role).toBe(user.role);
        }
      }
    });

    it('shows enumerations by value and personal values only as redacted', async () => {
      const events = await auditOf(caseId);
      const find = (action: string) => events.find((e) => e.action === action)!;
      expect(find('case.created').changes).toMatchObject({
        title: { from: null, to: '[redacted]' },
        incidentType: { from: null, to: 'unpaid_wages' },
        source: { from: null, to: 'hotline' },
        priority: { from: null, to: 'normal' },
        status: { from: null, to: 'intake' },
      });
      expect(find('case.updated').changes).toEqual({
        title: { from: '[redacted]', to: '[redacted]' },
        incidentType: { from: 'unpaid_wages', to: 'trafficking' },
        tags: { from: [], to: ['gaji'] },
      });
      expect(find('victim.updated').changes).toEqual({
        fullName: { from: '[redacted]', to: '[redacted]' },
        nikEncrypted: { from: null, to: '[redacted]' },
        traffickingStatus: {
          from: 'PossibleVictimOfTrafficking',
          to: 'ActualVictimOfTrafficking',
        },
        traffickingStatusDecidedBy: { from: null, to: 'Police' },
      });
      expect(find('case.transitioned').changes).toEqual({
        status: { from: 'intake', to: 'open' },
        reason: 'Siap ditangani',
      });
      const everything = JSON.stringify(events);
      expect(everything).not.toMatch(/Siti|Rahmawati|Sulaiman|Sponsor|paspor|Gaji/);
      expect(everything).not.toContain(nikFor(77));
    });

    it('refuses UPDATE, DELETE and TRUNCATE on audit_events (append-only trigger)', async () => {
      const before = await t.db.query(`SELECT * FROM audit_events ORDER BY id`);
      expect(before.rows.length).toBeGreaterThan(0);
      await expect(
        t.db.query(`UPDATE audit_events SET action = 'tampered' WHERE case_id = $1`, [caseId]),
      ).rejects.toThrow(/append-only: UPDATE/);
      await expect(
        t.db.query(`UPDATE audit_events SET changes = NULL, actor_id = NULL`),
      ).rejects.toThrow(/append-only/);
      await expect(
        t.db.query(`DELETE FROM audit_events WHERE case_id = $1`, [caseId]),
      ).rejects.toThrow(/append-only: DELETE/);
      await expect(t.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE/);
      // Background jobs (duplicate checks of earlier tests' victims) may append meanwhile, as
      // they may: what was there must be there unchanged.
      const after = await t.db.query(`SELECT * FROM audit_events WHERE id <= $1 ORDER BY id`, [
        before.rows[before.rows.length - 1].id,
      ]);
      expect(after.rows).toEqual(before.rows);
    });

    it('serves the trail to supervisors of the agency and admins only', async () => {
      const otherSupervisor = await createUser(t, UserRole.Supervisor, {
        agencyId: otherAdmin.agencyId,
      });
      const path = `/audit?entity=case&id=${caseId}`;
      const own = await get(supervisor, path);
      expect(own.status).toBe(200);
      expect(own.body.items.map((e: { action: string }) => e.action)).toEqual([
        'case.created',
        'case.updated',
        'case.transitioned',
      ]);
      expect(own.body.items[0]).toMatchObject({
        actorId: caseworker.id,
        actorRole: 'caseworker',
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: expect.any(String),
      });
      const admin = await get(otherAdmin, path);
      expect(admin.status).toBe(200);
      expect(admin.body).toEqual(own.body);
      const victimTrail = await get(supervisor, `/audit?entity=victim&id=${victimId}`);
      expect(victimTrail.body.items.map((e: { action: string }) => e.action)).toEqual([
        'victim.created',
        'victim.updated',
        'victim.identity_read',
      ]);

      for (const user of [caseworker, viewer]) {
        const refused = await get(user, path);
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('AUTH.FORBIDDEN');
      }
      const foreign = await get(otherSupervisor, path);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('AUDIT.NOT_FOUND');
      const missing = await get(
        otherSupervisor,
        `/audit?entity=case&id=00000000-0000-4000-8000-000000000000`,
      );
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe(foreign.body.message);
    });
  });

  describe('priority', () => {
    it('keeps an override with its reason while suggestedPriority follows the facts', async () => {
      const created = await post(
        caseworker,
        '/cases',
        plainCase({ priority: 'low', priorityOverrideReason: 'Gaji sudah dibayar sebagian' }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        priority: 'low',
        suggestedPriority: 'normal',
        priorityOverrideReason: 'Gaji sudah dibayar sebagian',
      });
      const added = await post(caseworker, `/cases/${created.body.id}/victims`, {
        fullName: 'Rekan Siti',
        currentSituation: 'deceased',
        deathDate: '2024-02-20',
      });
      expect(added.status).toBe(201);
      const read = await get(caseworker, `/cases/${created.body.id}`);
      expect(read.body).toMatchObject({
        priority: 'low',
        suggestedPriority: 'critical',
        priorityOverrideReason: 'Gaji sudah dibayar sebagian',
        victimCount: 2,
      });
    });

    it('raises a case without override to critical when a deceased victim is added', async () => {
      const created = await createCase(t, caseworker, plainCase());
      expect(created).toMatchObject({
        priority: 'normal',
        suggestedPriority: 'normal',
        version: 1,
      });
      const added = await post(caseworker, `/cases/${created.id}/victims`, {
        fullName: 'Korban meninggal',
        currentSituation: 'deceased',
        deathDate: '2024-02-20',
        familyMembers: [{ fullName: 'Ibu korban', relation: 'mother', primaryContact: true }],
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        caseId: created.id,
        currentSituation: 'deceased',
        familyMembers: [expect.objectContaining({ fullName: 'Ibu korban' })],
      });
      const read = await get(caseworker, `/cases/${created.id}`);
      expect(read.body).toMatchObject({
        priority: 'critical',
        suggestedPriority: 'critical',
        priorityOverrideReason: null,
        victimCount: 2,
        version: 2,
      });
      const events = await auditOf(created.id);
      const byRequest = events.filter((e) => e.request_id === added.headers['x-request-id']);
      expect(byRequest.map((e) => e.action)).toEqual([
        'victim.created',
        'family_member.created',
        'case.priority_suggested',
      ]);
      const suggested = byRequest[2];
      expect(suggested).toMatchObject({
        actor_id: caseworker.id,
        actor_role: 'caseworker',
        entity_type: 'case',
        entity_id: created.id,
      });
      expect(suggested.changes).toEqual({
        suggestedPriority: { from: 'normal', to: 'critical' },
        priority: { from: 'normal', to: 'critical' },
      });
    });

    it('suggests high from ten victims on, normal below', async () => {
      const group = (n: number) =>
        plainCase({
          victims: Array.from({ length: n }, (_, i) => ({
            fullName: `Pekerja ${i + 1}`,
            estimatedAge: 30,
            currentSituation: 'repatriated',
          })),
        });
      const nine = await createCase(t, caseworker, group(9));
      const ten = await createCase(t, caseworker, group(10));
      expect([nine.suggestedPriority, nine.priority]).toEqual(['normal', 'normal']);
      expect([ten.suggestedPriority, ten.priority]).toEqual(['high', 'high']);
    });

    it('needs no reason to choose the suggested priority explicitly', async () => {
      const created = await createCase(t, caseworker, plainCase({ priority: 'normal' }));
      expect(created).toMatchObject({ priority: 'normal', priorityOverrideReason: null });
    });
  });
});
