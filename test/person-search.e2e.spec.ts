import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { UserRole } from '../src/modules/users/user-role';
import {
  AHMAD_NIK,
  ahmadJayaniCase,
  ahmadJayaniVictim,
  createCase,
  haniLink,
  plainCase,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Person {
  kind: string;
  id: string;
  fullName: string;
  score: number;
  matchedBy: string;
  victimId: string | null;
  relation: string | null;
  nikMasked?: string | null;
  cases: Array<{ id: string; caseNumber: string }>;
  possibleDuplicates: number;
}

const victim = (fullName: string, extra: object = {}) => ({
  fullName,
  gender: 'Masculine',
  estimatedAge: 30,
  currentSituation: 'abroad',
  originRegionCode: '18.01',
  ...extra,
});

describe('person search (GET /search/people)', () => {
  let t: TestApp;
  let caseworkerA: SignedInUser;
  let supervisorA: SignedInUser;
  let viewerA: SignedInUser;
  let liaisonA: SignedInUser;
  let caseworkerB: SignedInUser;
  let admin: SignedInUser;
  let caseA: { id: string; caseNumber: string; victims: Array<{ id: string; fullName: string }> };
  let caseB: { id: string; caseNumber: string; victims: Array<{ id: string; fullName: string }> };

  const search = (user: SignedInUser, query: Record<string, string>) =>
    t
      .http()
      .get('/api/v1/search/people')
      .query(query)
      .set(...bearer(user));

  const found = async (user: SignedInUser, query: Record<string, string>): Promise<Person[]> => {
    const response = await search(user, query);
    expect([response.status, response.body.code]).toEqual([200, undefined]);
    return response.body.items as Person[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    const agencyA = await createAgency(t, { shortName: 'Disnaker Lampung Selatan' });
    const agencyB = await createAgency(t, { shortName: 'Disnaker Lampung Timur' });
    caseworkerA = await createUser(t, UserRole.Caseworker, { agencyId: agencyA.id });
    supervisorA = await createUser(t, UserRole.Supervisor, { agencyId: agencyA.id });
    viewerA = await createUser(t, UserRole.Viewer, { agencyId: agencyA.id });
    liaisonA = await createUser(t, UserRole.AgencyLiaison, { agencyId: agencyA.id });
    caseworkerB = await createUser(t, UserRole.Caseworker, { agencyId: agencyB.id });
    admin = await createUser(t, UserRole.Admin);
    caseA = await createCase(
      t,
      caseworkerA,
      ahmadJayaniCase({
        victims: [
          ahmadJayaniVictim(),
          victim('Rohmat Sugiarto'),
          victim('Djoko Santoso'),
          victim('Khoirul Anam'),
          victim('Sukarno'),
          victim('Siti Aminah', { gender: 'Feminine' }),
          victim('Budi Hartono'),
        ],
      }),
    );
    caseB = await createCase(
      t,
      caseworkerB,
      plainCase({
        victims: [victim('Rohmat Sugiarto'), victim('Sugiarto Wibowo')],
        perpetrators: [
          haniLink({
            perpetrator: {
              fullName: 'Suparman',
              aliases: ['Pak Parman', 'Mas Gondrong'],
              roles: ['RecruiterOrIntermediary'],
            },
          }),
        ],
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['Pak Rohmat Sugiarto', 'Rohmat Sugiarto'],
    ['ROHMAT S.', 'Rohmat Sugiarto'],
    ['Sugiarto Rohmat', 'Rohmat Sugiarto'],
    ['Joko Santoso', 'Djoko Santoso'],
    ['Choirul Anam', 'Khoirul Anam'],
    ['Soekarno', 'Sukarno'],
    ['Hj. Siti Aminah', 'Siti Aminah'],
    ['ahmad jayani bin mulhat', 'Ahmad Jayani'],
  ])('finds %j as %j, first, in its case', async (q, expected) => {
    const items = await found(caseworkerA, { q, kinds: 'victim' });
    expect(items[0]).toMatchObject({
      kind: 'victim',
      fullName: expected,
      matchedBy: 'name',
      cases: [{ id: caseA.id, caseNumber: caseA.caseNumber }],
    });
    expect(items[0].score).toBeGreaterThan(0.8);
    // Scores come best first.
    const scores = items.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("counts a victim's open possible duplicates, to be decided on the case page", async () => {
    const rohmatOf = (c: typeof caseA) => c.victims.find((v) => v.fullName === 'Rohmat Sugiarto')!;
    const [a, b] = [rohmatOf(caseA), rohmatOf(caseB)];
    await t.db.query(
      `INSERT INTO victim_duplicate_flags (victim_id, candidate_victim_id, reason, score)
       VALUES ($1, $2, 'similar_name', 0.95) ON CONFLICT DO NOTHING`,
      [a.id, b.id],
    );
    const openFlags = async () =>
      (
        await t.db.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM victim_duplicate_flags
           WHERE status = 'open' AND $1 IN (victim_id, candidate_victim_id)`,
          [a.id],
        )
      ).rows[0].count;
    const rohmat = async () =>
      (await found(caseworkerA, { q: 'Rohmat Sugiarto', kinds: 'victim' })).find(
        (p) => p.id === a.id,
      )!;
    expect(await openFlags()).toBeGreaterThanOrEqual(1);
    expect((await rohmat()).possibleDuplicates).toBe(await openFlags());

    // Decided flags are no longer counted.
    await t.db.query(
      `UPDATE victim_duplicate_flags
       SET status = 'dismissed', decided_by = $2, decided_at = now()
       WHERE $1 IN (victim_id, candidate_victim_id)`,
      [a.id, supervisorA.id],
    );
    expect((await rohmat()).possibleDuplicates).toBe(0);
    const [janah] = await found(caseworkerA, { q: 'Bu Janah', kinds: 'family_member' });
    expect(janah.possibleDuplicates).toBe(0);
  });

  it('does not match a stranger', async () => {
    const items = await found(caseworkerA, { q: 'Wahyuni Kusumawardani' });
    expect(items).toEqual([]);
  });

  it("never shows another agency's people; admins see every agency's", async () => {
    const ofA = await found(caseworkerA, { q: 'Rohmat Sugiarto', kinds: 'victim' });
    expect(ofA.map((p) => p.cases[0].caseNumber)).toEqual(ofA.map(() => caseA.caseNumber));
    expect(ofA.filter((p) => p.fullName === 'Rohmat Sugiarto')).toHaveLength(1);

    // One word of a name finds every name with it (in B's scope only).
    const ofB = await found(caseworkerB, { q: 'Sugiarto' });
    expect(new Set(ofB.map((p) => p.cases[0].caseNumber))).toEqual(new Set([caseB.caseNumber]));
    expect(ofB.map((p) => p.fullName)).toEqual(
      expect.arrayContaining(['Rohmat Sugiarto', 'Sugiarto Wibowo']),
    );

    const all = await found(admin, { q: 'Rohmat Sugiarto', kinds: 'victim' });
    expect(
      all
        .filter((p) => p.fullName === 'Rohmat Sugiarto')
        .map((p) => p.cases[0].caseNumber)
        .sort(),
    ).toEqual([caseA.caseNumber, caseB.caseNumber].sort());
  });

  it('finds family members and recruiters of the cases the caller may read', async () => {
    const ahmad = caseA.victims.find((v) => v.fullName === 'Ahmad Jayani')!;
    const [janah] = await found(caseworkerA, { q: 'Bu Janah', kinds: 'family_member' });
    expect(janah).toMatchObject({
      kind: 'family_member',
      fullName: 'Janah',
      victimId: ahmad.id,
      relation: 'mother',
      cases: [{ id: caseA.id, caseNumber: caseA.caseNumber }],
    });
    const [hani] = await found(caseworkerA, { q: 'Hani', kinds: 'perpetrator,victim' });
    expect(hani).toMatchObject({
      kind: 'perpetrator',
      fullName: 'Hani',
      cases: [{ id: caseA.id, caseNumber: caseA.caseNumber }],
    });
    // A recruiter is found by an alias too.
    const [suparman] = await found(caseworkerB, { q: 'Gondrong', kinds: 'perpetrator' });
    expect(suparman).toMatchObject({ kind: 'perpetrator', fullName: 'Suparman' });
    expect(suparman.score).toBeGreaterThan(0.8);
    // Hani is linked to agency A's case only.
    expect(await found(caseworkerB, { q: 'Hani' })).toEqual([]);
    // Kinds left out are not searched.
    expect(await found(caseworkerA, { q: 'Janah', kinds: 'victim,perpetrator' })).toEqual([]);
  });

  it('finds by exact NIK and phone for staff, masks the NIK and audits the search without the number', async () => {
    const auditBefore = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'person_search'`,
    );
    const byNik = await found(caseworkerA, { nik: AHMAD_NIK });
    expect(byNik).toEqual([
      expect.objectContaining({
        kind: 'victim',
        fullName: 'Ahmad Jayani',
        matchedBy: 'nik',
        score: 1,
        nikMasked: '************0003',
      }),
    ]);
    const byPhone = await found(supervisorA, { phone: '+62 812-9876-5432' });
    expect(byPhone.map((p) => [p.kind, p.fullName])).toEqual([['family_member', 'Janah']]);
    const byRecruiterPhone = await found(caseworkerA, { phone: '0811 7000 1234' });
    expect(byRecruiterPhone.map((p) => [p.kind, p.fullName])).toEqual([['perpetrator', 'Hani']]);
    // Another agency's staff: nothing.
    expect(await found(caseworkerB, { nik: AHMAD_NIK })).toEqual([]);

    const { rows } = await t.db.query<{
      actor_id: string;
      agency_id: string;
      changes: { by: string; found: number };
      text: string;
    }>(
      `SELECT actor_id, agency_id, changes, changes::text || coalesce(restricted_changes::text, '') AS text
       FROM audit_events WHERE entity_type = 'person_search' ORDER BY id`,
    );
    expect(rows).toHaveLength(auditBefore.rows[0].n + 4);
    const ours = rows.slice(-4);
    expect(ours.map((row) => [row.actor_id, row.changes.by, row.changes.found])).toEqual([
      [caseworkerA.id, 'nik', 1],
      [supervisorA.id, 'phone', 1],
      [caseworkerA.id, 'phone', 1],
      [caseworkerB.id, 'nik', 0],
    ]);
    for (const row of ours) {
      expect(row.text).not.toContain(AHMAD_NIK);
      expect(row.text).not.toMatch(/81298765432|8117000123/);
    }
    // Supervisors read their agency's searches in the audit log.
    const trail = await t
      .http()
      .get('/api/v1/audit?entity=person_search')
      .set(...bearer(supervisorA));
    expect(trail.status).toBe(200);
    expect((trail.body.items as unknown[]).length).toBe(3);
  });

  it('refuses identity search to viewers and liaisons, and audits no name search', async () => {
    const before = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'person_search'`,
    );
    const identities: Array<Record<string, string>> = [
      { nik: AHMAD_NIK },
      { phone: '081298765432' },
    ];
    for (const user of [viewerA, liaisonA])
      for (const query of identities) {
        const response = await search(user, query);
        expect([response.status, response.body.code]).toEqual([403, 'IDENTITY.SEARCH_NOT_ALLOWED']);
      }
    // A viewer finds names, without any identifier; a liaison reads no case, so finds nobody.
    const [ahmad] = await found(viewerA, { q: 'Ahmad Jayani', kinds: 'victim' });
    expect(ahmad.fullName).toBe('Ahmad Jayani');
    expect(ahmad).not.toHaveProperty('nikMasked');
    expect(await found(liaisonA, { q: 'Ahmad Jayani' })).toEqual([]);
    const after = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'person_search'`,
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it.each([
    [{}, 'q'],
    [{ q: 'Rohmat', nik: AHMAD_NIK }, 'nik'],
    [{ nik: '123' }, 'nik'],
    [{ q: 'R' }, 'q'],
    [{ q: 'Rohmat', kinds: 'victim,agency' }, 'kinds'],
    [{ q: 'Rohmat', limit: '51' }, 'limit'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const response = await search(caseworkerA, query);
    expect(response.status).toBe(400);
    expect(
      (response.body.details.fields as Array<{ field: string }>).map((f) => f.field),
    ).toContain(field);
  });

  describe('at volume', () => {
    beforeAll(async () => {
      // Twenty thousand victims and relatives, five thousand recruiters, with made-up names (two
      // words of letters drawn from a hash), all in the scope of agency B.
      const someName = (salt: number) =>
        `initcap(translate(substr(md5((g * ${salt})::text), 1, 7), '0123456789', 'aeioubdgkm')) ||
         ' ' || initcap(translate(substr(md5((g * ${salt + 1})::text), 9, 8), '0123456789', 'aeioubdgkm'))`;
      await t.db.query(
        `INSERT INTO victims (case_id, person_id, full_name, current_situation)
         SELECT $1, gen_random_uuid(), ${someName(5)}, 'abroad' FROM generate_series(1, 20000) g`,
        [caseB.id],
      );
      await t.db.query(
        `INSERT INTO family_members (victim_id, full_name, relation)
         SELECT $1, ${someName(11)}, 'sibling' FROM generate_series(1, 20000) g`,
        [caseB.victims[0].id],
      );
      await t.db.query(
        `WITH p AS (
           INSERT INTO perpetrators (full_name, recorded_by_agency_id)
           SELECT ${someName(13)}, $2 FROM generate_series(1, 5000) g RETURNING id)
         INSERT INTO case_perpetrators (case_id, perpetrator_id, linked_by)
         SELECT $1, p.id, $3 FROM p`,
        [caseB.id, caseworkerB.agencyId, caseworkerB.id],
      );
      await t.db.query(
        'VACUUM ANALYZE cases, victims, family_members, perpetrators, case_perpetrators',
      );
    });

    interface PlanNode {
      'Node Type': string;
      'Index Name'?: string;
      'Relation Name'?: string;
      Plans?: PlanNode[];
    }
    const nodesOf = (node: PlanNode): PlanNode[] => [
      node,
      ...(node.Plans ?? []).flatMap((child) => nodesOf(child)),
    ];

    /** The search statement the app ran for this query, and the indexes its plan reads. */
    async function indexesUsed(user: SignedInUser, query: Record<string, string>) {
      const pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
      const spy = jest.spyOn(pool, 'query');
      try {
        await found(user, query);
        const calls = spy.mock.calls as unknown as Array<[{ text?: string; values?: unknown[] }]>;
        const ran = calls
          .map(([config]) => config)
          .filter((config) => config.text?.includes('WITH q AS MATERIALIZED'));
        expect(ran).toHaveLength(1);
        const { rows } = await t.db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${ran[0].text}`,
          ran[0].values,
        );
        const nodes = nodesOf(rows[0]['QUERY PLAN'][0].Plan);
        // The searched tables are read through their indexes (the two cases of this file and
        // the recruiters' links to one of them may be read whole).
        expect(
          nodes
            .filter((n) => n['Node Type'] === 'Seq Scan')
            .map((n) => n['Relation Name'])
            .filter((name) => ['victims', 'family_members', 'perpetrators'].includes(name!)),
        ).toEqual([]);
        return new Set(nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])));
      } finally {
        spy.mockRestore();
      }
    }

    it('finds names through the trigram index of each kind', async () => {
      for (const user of [caseworkerB, admin]) {
        const used = await indexesUsed(user, { q: 'Bambang Lestari' });
        expect([...used]).toEqual(
          expect.arrayContaining([
            'victims_name_key_trgm_idx',
            'family_members_name_key_trgm_idx',
            'perpetrators_name_key_trgm_idx',
          ]),
        );
      }
      // And still finds the right person among them.
      const [rohmat] = await found(caseworkerB, { q: 'Rohmat Sugiarto', kinds: 'victim' });
      expect(rohmat.fullName).toBe('Rohmat Sugiarto');
    });

    it('finds numbers through the keyed-hash indexes', async () => {
      expect([...(await indexesUsed(caseworkerA, { nik: AHMAD_NIK }))]).toContain(
        'victims_nik_hash_idx',
      );
      expect([...(await indexesUsed(caseworkerA, { phone: '081298765432' }))]).toEqual(
        expect.arrayContaining([
          'victims_phone_hash_idx',
          'family_members_phone_hash_idx',
          'perpetrators_phone_hashes_idx',
        ]),
      );
    });
  });
});
