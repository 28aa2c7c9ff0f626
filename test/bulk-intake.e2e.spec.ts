import { UserRole } from '../src/modules/users/user-role';
import {
  AHMAD_NIK,
  ahmadJayaniCase,
  ahmadJayaniVictim,
  createCase,
  haniLink,
  nikFor,
  rowCounts,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type Body = Record<string, unknown>;

/** A rescue of `count` victims from Lampung Selatan, as a bulk intake file would give it. */
function rescue(count: number, change: (victim: Body, index: number) => Body = (v) => v): Body {
  return {
    title: 'Penyelamatan PMI nonprosedural dari Kamboja',
    incidentType: 'trafficking',
    source: 'embassy_report',
    exploitationCountry: 'KH',
    reportedDate: '2024-06-14',
    victims: Array.from({ length: count }, (_, i) =>
      change(
        {
          fullName: `Korban ${i + 1}`,
          gender: i % 2 === 0 ? 'Masculine' : 'Feminine',
          estimatedAge: 20 + (i % 30),
          nik: nikFor(i),
          originRegionCode: '18.01.06.2027',
          currentSituation: 'abroad',
        },
        i,
      ),
    ),
  };
}

/**
 * Checking a case without creating it (`POST /cases/validation`), which the bulk intake's preview
 * asks before anything is written: the same refusals as the creation, field by field, for the
 * same people, and not one row written, not even an audit entry.
 */
describe('bulk intake: a case checked without being created', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let liaison: SignedInUser;
  let otherAgencyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, { shortName: 'BP3MI Lampung', regionCode: '18' });
    otherAgencyId = (await createAgency(t, { shortName: 'Disnaker Bandung', regionCode: '32.04' }))
      .id;
    [caseworker, supervisor, viewer, liaison] = await Promise.all([
      createUser(t, UserRole.Caseworker, { agencyId: agency.id }),
      createUser(t, UserRole.Supervisor, { agencyId: agency.id }),
      createUser(t, UserRole.Viewer, { agencyId: agency.id }),
      createUser(t, UserRole.AgencyLiaison, { agencyId: agency.id }),
    ]);
  });
  afterAll(() => t?.close());

  const check = (user: SignedInUser, body: Body) =>
    t
      .http()
      .post('/api/v1/cases/validation')
      .set(...bearer(user))
      .send(body);

  it('accepts a rescue of 200 victims with 200 and writes nothing, then the same body is created', async () => {
    const body = rescue(200);
    const before = await rowCounts(t);
    const answer = await check(caseworker, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ valid: true });
    expect(await rowCounts(t)).toEqual(before);

    const created = await createCase(t, caseworker, body);
    expect(created.victimCount).toBe(200);
  });

  // [what is wrong, the request body]: each answered by the validation as by the creation.
  const refusals: Array<[string, () => Body]> = [
    [
      'a bad NIK on row 13 and an unknown region on row 150 of 200',
      () =>
        rescue(200, (victim, i) =>
          i === 12
            ? { ...victim, nik: '1801063203880003' }
            : i === 149
              ? { ...victim, originRegionCode: '18.99.99.9999' }
              : victim,
        ),
    ],
    [
      'a missing name and an unknown situation',
      () =>
        rescue(3, (victim, i) => {
          if (i === 0) return { ...victim, fullName: undefined };
          if (i === 2) return { ...victim, currentSituation: 'dead' };
          return victim;
        }),
    ],
    ['an unknown field inside a victim', () => rescue(2, (v) => ({ ...v, kolom: 'x' }))],
    ['an unknown incident type', () => ({ ...rescue(1), incidentType: 'kidnapping' })],
    ['a country that does not exist', () => ({ ...rescue(1), exploitationCountry: 'ZZ' })],
    [
      'a death date for a victim who is abroad',
      () => rescue(1, (v) => ({ ...v, deathDate: '2024-05-11' })),
    ],
    [
      'a perpetratorId that is not in the register',
      () =>
        ahmadJayaniCase({
          perpetrators: [{ perpetratorId: '00000000-0000-4000-8000-000000000000' }],
        }),
    ],
    [
      'an unknown family region',
      () =>
        ahmadJayaniCase({
          victims: [
            ahmadJayaniVictim({
              familyMembers: [{ fullName: 'Janah', relation: 'mother', regionCode: '18.01.99' }],
            }),
          ],
        }),
    ],
    [
      'a priority other than the suggested one without a reason',
      () => ({ ...rescue(1), priority: 'low' }),
    ],
    [
      'a caseworker naming another agency as owner',
      () => ({ ...rescue(1), owningAgencyId: otherAgencyId }),
    ],
  ];

  it.each(refusals)(
    'refuses %s exactly as the creation does, and writes nothing',
    async (_what, body) => {
      const before = await rowCounts(t);
      const checked = await check(caseworker, body());
      const created = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(caseworker))
        .send(body());
      expect(checked.status).toBe(400);
      expect(checked.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(created.status).toBe(400);
      expect(checked.body.details).toEqual(created.body.details);
      expect(checked.body.details.fields.length).toBeGreaterThan(0);
      expect(JSON.stringify(checked.body)).not.toContain(AHMAD_NIK);
      expect(await rowCounts(t)).toEqual(before);
    },
  );

  it('names the rows of a large file by their index, so the preview can point at their cells', async () => {
    const wrongRows = (nik: string) =>
      rescue(200, (victim, i) =>
        i === 12
          ? { ...victim, nik }
          : i === 149
            ? { ...victim, originRegionCode: '18.99.99.9999' }
            : victim,
      );
    const fieldsOf = (answer: { body: { details: { fields: Array<{ field: string }> } } }) =>
      answer.body.details.fields.map((f) => f.field);
    // The shape of every field is checked first, as for a creation: the region register is
    // asked only once every field is well-formed (the preview looks region codes up itself).
    const first = await check(supervisor, wrongRows('1801063203880003'));
    expect(first.status).toBe(400);
    expect(fieldsOf(first)).toEqual(['victims[12].nik']);
    expect(first.body.details.fields[0].rules).toEqual(['isNik']);
    const second = await check(supervisor, wrongRows(nikFor(12)));
    expect(second.status).toBe(400);
    expect(fieldsOf(second)).toEqual(['victims[149].originRegionCode']);
  });

  it('answers 403 to the roles that may not create a case, before any reference is looked up', async () => {
    const before = await rowCounts(t);
    for (const user of [viewer, liaison]) {
      const good = await check(user, rescue(1));
      expect(good.status).toBe(403);
      const bad = await check(
        user,
        rescue(1, (v) => ({ ...v, originRegionCode: '18.99.99.9999' })),
      );
      expect(bad.status).toBe(403);
    }
    expect(await rowCounts(t)).toEqual(before);
  });

  it('answers 401 without a session, and 400 (not 500) to a body that is not a case', async () => {
    const anonymous = await t.http().post('/api/v1/cases/validation').send(rescue(1));
    expect(anonymous.status).toBe(401);
    const list = await t
      .http()
      .post('/api/v1/cases/validation')
      .set(...bearer(caseworker))
      .send([rescue(1)]);
    expect(list.status).toBe(400);
    const tooMany = await check(caseworker, rescue(1001));
    expect(tooMany.status).toBe(400);
  });

  it('checks the perpetrators of the register as the creation does: a visible one is accepted', async () => {
    const existing = await createCase(t, caseworker, ahmadJayaniCase());
    const haniId = existing.perpetrators[0].perpetratorId as string;
    const answer = await check(
      caseworker,
      ahmadJayaniCase({ perpetrators: [{ perpetratorId: haniId }, haniLink()] }),
    );
    expect(answer.status).toBe(200);
  });
});
