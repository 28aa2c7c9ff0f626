import { UserRole } from '../src/modules/users/user-role';
import {
  ahmadJayaniCase,
  ahmadJayaniVictim,
  createCase,
  haniLink,
  jakartaDatePlus,
  plainCase,
  rowCounts,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type Body = Record<string, unknown>;

/** Ahmad's case with his victim record changed by `change`. */
function withVictim(change: (victim: Body) => Body, extra: Body = {}): Body {
  return ahmadJayaniCase({ victims: [change(ahmadJayaniVictim())], ...extra });
}

/** Ahmad's case with his family replaced. */
function withFamily(members: Body[]): Body {
  return withVictim((v) => ({ ...v, familyMembers: members }));
}

const janah = { fullName: 'Janah', relation: 'mother', primaryContact: true };
const mulhat = { fullName: 'Mulhat', relation: 'father', alive: false };

describe('case validation', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let foreignCaseworker: SignedInUser;
  let haniId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    const other = await createAgency(t, { shortName: 'Disnaker Bandung', regionCode: '32.04' });
    [caseworker, foreignCaseworker] = await Promise.all([
      createUser(t, UserRole.Caseworker, { agencyId: agency.id }),
      createUser(t, UserRole.Caseworker, { agencyId: other.id }),
    ]);
    const existing = await createCase(t, caseworker, ahmadJayaniCase());
    haniId = existing.perpetrators[0].perpetratorId;
  });
  afterAll(() => t?.close());

  // [what is wrong, the request body, the fields the 400 must name (all of them, no others)]
  const cases: Array<[string, () => Body, string[]]> = [
    ['an unknown top-level field', () => ahmadJayaniCase({ colour: 'red' }), ['colour']],
    [
      'an unknown field inside a victim',
      () => withVictim((v) => ({ ...v, foo: 'bar' })),
      ['victims[0].foo'],
    ],
    [
      'an unknown field inside a family member',
      () => withFamily([{ ...janah, hobby: 'x' }]),
      ['victims[0].familyMembers[0].hobby'],
    ],
    [
      'an unknown incidentType',
      () => ahmadJayaniCase({ incidentType: 'kidnapping' }),
      ['incidentType'],
    ],
    [
      'an unknown exploitation type in the list',
      () => ahmadJayaniCase({ exploitationTypes: ['ForcedCriminality', 'Slavery'] }),
      ['exploitationTypes'],
    ],
    [
      'an unknown currentSituation',
      () => withVictim((v) => ({ ...v, currentSituation: 'dead' })),
      ['victims[0].currentSituation'],
    ],
    [
      'a NIK of 15 digits',
      () => withVictim((v) => ({ ...v, nik: '180106120388000' })),
      ['victims[0].nik'],
    ],
    [
      'a NIK whose birth date is impossible (day 32)',
      () => withVictim((v) => ({ ...v, nik: '1801063203880003' })),
      ['victims[0].nik'],
    ],
    [
      'a NIK whose birth month is 13',
      () => withVictim((v) => ({ ...v, nik: '1801061213880003' })),
      ['victims[0].nik'],
    ],
    ['a phone of letters', () => withVictim((v) => ({ ...v, phone: 'abc' })), ['victims[0].phone']],
    [
      'a family phone of letters',
      () => withFamily([{ ...janah, phone: 'abc' }]),
      ['victims[0].familyMembers[0].phone'],
    ],
    [
      'a well-formed region code that does not exist',
      () => withVictim((v) => ({ ...v, originRegionCode: '18.99.99.9999' })),
      ['victims[0].originRegionCode'],
    ],
    [
      'a malformed region code',
      () => withVictim((v) => ({ ...v, originRegionCode: '18.1.6' })),
      ['victims[0].originRegionCode'],
    ],
    [
      'an unknown family region code',
      () => withFamily([{ ...janah, regionCode: '18.01.99' }]),
      ['victims[0].familyMembers[0].regionCode'],
    ],
    [
      'an unknown perpetrator home region',
      () =>
        ahmadJayaniCase({
          perpetrators: [haniLink({ perpetrator: { fullName: 'Hani', homeRegionCode: '18.77' } })],
        }),
      ['perpetrators[0].perpetrator.homeRegionCode'],
    ],
    [
      'an incidentDate in the future (tomorrow in Jakarta)',
      () => ahmadJayaniCase({ incidentDate: jakartaDatePlus(1), reportedDate: undefined }),
      ['incidentDate'],
    ],
    [
      'an incidentDate after the reportedDate',
      () => ahmadJayaniCase({ incidentDate: '2024-05-20', reportedDate: '2024-05-14' }),
      ['incidentDate'],
    ],
    [
      'a deathDate in the future',
      () => withVictim((v) => ({ ...v, deathDate: jakartaDatePlus(1) })),
      ['victims[0].deathDate'],
    ],
    [
      'a deathDate for a victim who is abroad',
      () =>
        ahmadJayaniCase({
          victims: [
            { fullName: 'Ahmad Jayani', currentSituation: 'abroad', deathDate: '2024-05-11' },
          ],
        }),
      ['victims[0].deathDate'],
    ],
    [
      'every death field for a victim who is home, on the second victim',
      () =>
        ahmadJayaniCase({
          victims: [
            ahmadJayaniVictim(),
            {
              fullName: 'Rekan Ahmad',
              currentSituation: 'home',
              deathCountry: 'KH',
              remainsStatus: 'repatriated',
            },
          ],
        }),
      ['victims[1].deathCountry', 'victims[1].remainsStatus'],
    ],
    [
      'two primary contacts',
      () =>
        withFamily([
          janah,
          mulhat,
          { fullName: 'Kakak', relation: 'sibling', primaryContact: true },
        ]),
      ['victims[0].familyMembers[2].primaryContact'],
    ],
    [
      'a deceased primary contact',
      () =>
        withFamily([
          { ...janah, primaryContact: false },
          { ...mulhat, primaryContact: true },
        ]),
      ['victims[0].familyMembers[1].primaryContact'],
    ],
    [
      'a perpetrator entry with both perpetratorId and perpetrator',
      () => ahmadJayaniCase({ perpetrators: [haniLink({ perpetratorId: haniId })] }),
      ['perpetrators[0]'],
    ],
    [
      'a perpetrator entry with neither perpetratorId nor perpetrator',
      () => ahmadJayaniCase({ perpetrators: [{ roleInCase: 'sponsor' }] }),
      ['perpetrators[0]'],
    ],
    [
      'a perpetratorId that is not in the register',
      () =>
        ahmadJayaniCase({
          perpetrators: [{ perpetratorId: '00000000-0000-4000-8000-000000000000' }],
        }),
      ['perpetrators[0].perpetratorId'],
    ],
    [
      'priority low without priorityOverrideReason',
      () => ahmadJayaniCase({ priority: 'low' }),
      ['priorityOverrideReason'],
    ],
    ['an unknown priority', () => ahmadJayaniCase({ priority: 'urgent' }), ['priority']],
    [
      'exploitationCountry ZZ (well-formed, not a country)',
      () => ahmadJayaniCase({ exploitationCountry: 'ZZ' }),
      ['exploitationCountry'],
    ],
    [
      'exploitationCountry in lower case',
      () => ahmadJayaniCase({ exploitationCountry: 'kh' }),
      ['exploitationCountry'],
    ],
    [
      'a caseworker of another agency as assignee',
      () => ahmadJayaniCase({ assignedCaseworkerId: foreignCaseworker.id }),
      ['assignedCaseworkerId'],
    ],
    [
      'a null for a field that cannot be empty',
      () => ahmadJayaniCase({ summary: null }),
      ['summary'],
    ],
    [
      'several problems at once, each under its own path',
      () =>
        ahmadJayaniCase({
          source: 'rumour',
          victims: [
            ahmadJayaniVictim({ nik: '123' }),
            { fullName: 'Rekan Ahmad', currentSituation: 'home', phone: 'abc' },
          ],
        }),
      ['source', 'victims[0].nik', 'victims[1].phone'],
    ],
  ];

  it.each(cases)(
    'refuses %s with 400 on the field and writes nothing',
    async (_what, body, fields) => {
      const before = await rowCounts(t);
      const response = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(caseworker))
        .send(body());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      const reported = response.body.details.fields as Array<{ field: string; messages: string[] }>;
      expect(reported.map((f) => f.field).sort()).toEqual([...fields].sort());
      for (const field of reported) {
        expect(field.messages.length).toBeGreaterThan(0);
        for (const message of field.messages) expect(message).not.toContain('1801061203880003');
      }
      expect(await rowCounts(t)).toEqual(before);
    },
  );

  it('accepts the unchanged payload, so each refusal above is due to its one change', async () => {
    const before = await rowCounts(t);
    const created = await createCase(t, caseworker, ahmadJayaniCase());
    expect(created.victimCount).toBe(1);
    const after = await rowCounts(t);
    expect(after.cases).toBe(before.cases + 1);
    expect(after.victims).toBe(before.victims + 1);
    expect(after.family_members).toBe(before.family_members + 2);
    expect(after.perpetrators).toBe(before.perpetrators + 1);
  });

  it('rolls back the whole case when storing fails half-way (nested create is atomic)', async () => {
    // A real database failure after the case, victims and family rows were inserted.
    await t.db.query(`
      CREATE FUNCTION fail_perpetrator_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role_in_case = 'trigger a failure' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`
      CREATE TRIGGER fail_perpetrator_link BEFORE INSERT ON case_perpetrators
      FOR EACH ROW EXECUTE FUNCTION fail_perpetrator_link()`);
    try {
      const before = await rowCounts(t);
      const response = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(caseworker))
        .send(ahmadJayaniCase({ perpetrators: [haniLink({ roleInCase: 'trigger a failure' })] }));
      expect(response.status).toBe(500);
      expect(await rowCounts(t)).toEqual(before);
    } finally {
      await t.db.query(`DROP TRIGGER fail_perpetrator_link ON case_perpetrators`);
      await t.db.query(`DROP FUNCTION fail_perpetrator_link()`);
    }
    // The number the failed case would have had is given to the next one.
    const next = await createCase(t, caseworker, plainCase());
    const numbers = await t.db.query<{ case_number: string }>(
      `SELECT case_number FROM cases ORDER BY case_number`,
    );
    const sequence = numbers.rows.map((r) => Number(r.case_number.slice(-6)));
    expect(sequence).toEqual(sequence.map((_, i) => i + 1));
    expect(next.caseNumber).toBe(numbers.rows[numbers.rows.length - 1].case_number);
  });

  describe('updates', () => {
    let caseId: string;
    let victimId: string;

    beforeAll(async () => {
      const created = await createCase(t, caseworker, ahmadJayaniCase());
      caseId = created.id;
      victimId = created.victims[0].id;
    });

    it.each<[string, string, () => Body, string[]]>([
      ['case', 'an unknown field', () => ({ version: 1, colour: 'red' }), ['colour']],
      ['case', 'a missing version', () => ({ title: 'Judul baru' }), ['version']],
      ['case', 'an unknown source', () => ({ version: 1, source: 'rumour' }), ['source']],
      [
        'case',
        'priority low without a reason',
        () => ({ version: 1, priority: 'low' }),
        ['priorityOverrideReason'],
      ],
      [
        'case',
        'a caseworker of another agency as assignee',
        () => ({ version: 1, assignedCaseworkerId: foreignCaseworker.id }),
        ['assignedCaseworkerId'],
      ],
      [
        'case',
        'an incidentDate after the stored reportedDate',
        () => ({ version: 1, incidentDate: '2024-05-20' }),
        ['incidentDate'],
      ],
      [
        'case',
        'a reportedDate before the stored incidentDate',
        () => ({ version: 1, reportedDate: '2024-05-01' }),
        ['reportedDate'],
      ],
      ['victim', 'a malformed NIK', () => ({ version: 1, nik: '1801' }), ['nik']],
      [
        'victim',
        'a future death date',
        () => ({ version: 1, deathDate: jakartaDatePlus(1) }),
        ['deathDate'],
      ],
      [
        'victim',
        'a status other than deceased while the death is recorded',
        () => ({ version: 1, currentSituation: 'home' }),
        ['deathDate', 'deathCountry', 'deathCause', 'remainsStatus'],
      ],
      [
        'victim',
        'an unknown region code',
        () => ({ version: 1, originRegionCode: '18.99.99.9999' }),
        ['originRegionCode'],
      ],
    ])('PATCH %s refuses %s with 400 and changes nothing', async (kind, _what, body, fields) => {
      const before = await rowCounts(t);
      const rows = async () => ({
        case: (await t.db.query(`SELECT * FROM cases WHERE id = $1`, [caseId])).rows[0],
        victim: (await t.db.query(`SELECT * FROM victims WHERE id = $1`, [victimId])).rows[0],
      });
      const stored = await rows();
      const response = await t
        .http()
        .patch(kind === 'case' ? `/api/v1/cases/${caseId}` : `/api/v1/victims/${victimId}`)
        .set(...bearer(caseworker))
        .send(body());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
        [...fields].sort(),
      );
      expect(await rowCounts(t)).toEqual(before);
      expect(await rows()).toEqual(stored);
    });

    it('answers a stale version with 409 and the current version', async () => {
      const first = await t
        .http()
        .patch(`/api/v1/cases/${caseId}`)
        .set(...bearer(caseworker))
        .send({ version: 1, tags: ['tppo'] });
      expect(first.status).toBe(200);
      const stale = await t
        .http()
        .patch(`/api/v1/cases/${caseId}`)
        .set(...bearer(caseworker))
        .send({ version: 1, tags: ['kamboja'] });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'CASE.VERSION_CONFLICT',
        details: { currentVersion: 2 },
      });
      const stored = await t.db.query(`SELECT tags, version FROM cases WHERE id = $1`, [caseId]);
      expect(stored.rows[0]).toEqual({ tags: ['tppo'], version: 2 });
    });
  });
});
