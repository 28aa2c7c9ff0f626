import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Region {
  code: string;
  name: string;
  level: number;
  kind: string;
  parentCode: string | null;
  fullPath: string;
}

describe('reference data', () => {
  let t: TestApp;
  let viewer: SignedInUser;

  function regions(query: Record<string, string | number>) {
    return t
      .http()
      .get('/api/v1/regions')
      .query(query)
      .set(...bearer(viewer));
  }

  function codesOf(body: { items: Region[] }): string[] {
    return body.items.map((r) => r.code);
  }

  beforeAll(async () => {
    t = await startTestApp();
    // The least privileged role: reference data is open to every signed-in user.
    viewer = await createUser(t, UserRole.Viewer);
  });
  afterAll(() => t.close());

  describe('stored reference data', () => {
    it('holds every Kemendagri region, level by level', async () => {
      const { rows } = await t.db.query<{ level: number; n: number }>(
        'SELECT level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level',
      );
      expect(rows).toEqual([
        { level: 1, n: 38 },
        { level: 2, n: 514 },
        { level: 3, n: 7285 },
        { level: 4, n: 83762 },
      ]);
    });

    it('links every region below a province to an existing parent one level up', async () => {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM regions child
         LEFT JOIN regions parent ON parent.code = child.parent_code
         WHERE child.level > 1 AND (parent.code IS NULL OR parent.level <> child.level - 1 OR child.code NOT LIKE parent.code || '.%')`,
      );
      expect(rows[0].n).toBe(0);
    });

    it('holds the ISO 3166-1 countries', async () => {
      const { rows } = await t.db.query(
        'SELECT alpha2, alpha3, name FROM countries WHERE alpha2 IN ($1, $2, $3) ORDER BY alpha2',
        ['ID', 'KH', 'NA'],
      );
      expect(rows).toEqual([
        { alpha2: 'ID', alpha3: 'IDN', name: 'Indonesia' },
        { alpha2: 'KH', alpha3: 'KHM', name: 'Cambodia' },
        { alpha2: 'NA', alpha3: 'NAM', name: 'Namibia' },
      ]);
      expect((await t.db.query('SELECT 1 FROM countries')).rowCount).toBe(249);
    });
  });

  describe('GET /regions', () => {
    it('finds both villages called Taman Agung, told apart by their full path, before partial matches', async () => {
      const response = await regions({ q: 'taman agung' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(response.body.items).toEqual([
        {
          code: '16.08.08.2010',
          name: 'Taman Agung',
          level: 4,
          kind: expect.any(String),
          parentCode: '16.08.08',
          fullPath:
            'Taman Agung, Semendawai Suku III, Kabupaten Ogan Komering Ulu Timur, Sumatera Selatan',
        },
        {
          code: '18.01.06.2027',
          name: 'Taman Agung',
          level: 4,
          kind: 'desa',
          parentCode: '18.01.06',
          fullPath: 'Taman Agung, Kalianda, Kabupaten Lampung Selatan, Lampung',
        },
        expect.objectContaining({
          code: '15.08.11.1003',
          name: 'Bungo Taman Agung',
          fullPath: 'Bungo Taman Agung, Bathin III, Kabupaten Bungo, Jambi',
        }),
      ]);
      expect(response.body.items[0].fullPath).not.toBe(response.body.items[1].fullPath);
    });

    it('ranks exact names first, then names starting with the text, then the rest', async () => {
      // Level and code alone would put Kota Metro (a regency) first and the exact villages last.
      const response = await regions({ q: 'metro' });
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(10);
      expect(response.body.items.map((r: Region) => `${r.code} ${r.name}`)).toEqual([
        '14.04.01.1017 Metro',
        '18.72.01.1001 Metro',
        '18.07.10 Metro Kibang',
        '18.72.01 Metro Pusat',
        '18.72.02 Metro Utara',
        '18.72.03 Metro Barat',
        '18.72.04 Metro Timur',
        '18.72.05 Metro Selatan',
        '16.08.12.2020 Metro Rejo',
        '18.72 Kota Metro',
      ]);
    });

    it('ignores case, surrounding blanks and apostrophes', async () => {
      const upper = await regions({ q: '  TAMAN   AGUNG ' });
      expect(codesOf(upper.body)).toEqual(['16.08.08.2010', '18.01.06.2027', '15.08.11.1003']);

      // Stored as "Hilisalawa'ahe" and "Regapu’u" (typographic apostrophe).
      for (const q of ['hilisalawaahe', "HILISALAWA'AHE", 'hilisalawa’ahe']) {
        const response = await regions({ q });
        expect([q, codesOf(response.body)]).toEqual([q, ['12.14.23']]);
      }
      for (const q of ["regapu'u", 'REGAPUU', 'Regapu’u']) {
        const response = await regions({ q });
        expect([q, codesOf(response.body)]).toEqual([q, ['53.07.01.2021']]);
        expect(response.body.items[0].name).toBe('Regapu’u');
      }
    });

    it('treats LIKE wildcards in the text literally', async () => {
      const percent = await regions({ q: 'ta%ng' });
      expect(percent.status).toBe(200);
      expect(percent.body).toMatchObject({ items: [], total: 0 });
      const underscore = await regions({ q: 'taman_agung' });
      expect(underscore.body).toMatchObject({ items: [], total: 0 });
    });

    it('lists the villages of a district by parent code', async () => {
      const response = await regions({ parent: '18.01.06', limit: 100 });
      expect(response.status).toBe(200);
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM regions WHERE parent_code = '18.01.06'`,
      );
      expect(rows[0].n).toBeGreaterThan(10);
      expect(response.body.total).toBe(rows[0].n);
      expect(response.body.items).toHaveLength(rows[0].n);
      expect(
        response.body.items.every((r: Region) => r.parentCode === '18.01.06' && r.level === 4),
      ).toBe(true);
      expect(response.body.items.find((r: Region) => r.code === '18.01.06.2027')).toMatchObject({
        name: 'Taman Agung',
      });
      const codes = codesOf(response.body);
      expect(codes).toEqual([...codes].sort());
    });

    it('gives the names and paths of exactly the codes asked for, and refuses a malformed one', async () => {
      const response = await regions({ codes: '18.01.06.2027,35.10,18', limit: 10 });
      expect(response.status).toBe(200);
      expect(
        (response.body.items as Region[]).map((r) => [
          r.code,
          r.name,
          r.fullPath.split(', ').length,
        ]),
      ).toEqual([
        ['18', 'Lampung', 1],
        ['35.10', 'Kabupaten Banyuwangi', 2],
        ['18.01.06.2027', 'Taman Agung', 4],
      ]);
      const malformed = await regions({ codes: '18,Lampung' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.details.fields[0].field).toBe('codes');
    });

    it('lists the 38 provinces at level 1', async () => {
      const response = await regions({ level: 1 });
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(38);
      expect(response.body.items).toHaveLength(38);
      expect(
        response.body.items.every(
          (r: Region) => r.level === 1 && r.parentCode === null && r.kind === 'provinsi',
        ),
      ).toBe(true);
      expect(response.body.items.find((r: Region) => r.code === '18')).toMatchObject({
        name: 'Lampung',
        fullPath: 'Lampung',
      });
    });

    it("lists Lampung's regencies and cities with parent and level together", async () => {
      const response = await regions({ parent: '18', level: 2 });
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(15);
      expect(codesOf(response.body)).toEqual([
        '18.01',
        '18.02',
        '18.03',
        '18.04',
        '18.05',
        '18.06',
        '18.07',
        '18.08',
        '18.09',
        '18.10',
        '18.11',
        '18.12',
        '18.13',
        '18.71',
        '18.72',
      ]);
      expect(response.body.items.find((r: Region) => r.code === '18.07')).toEqual({
        code: '18.07',
        name: 'Kabupaten Lampung Timur',
        level: 2,
        kind: 'kabupaten',
        parentCode: '18',
        fullPath: 'Kabupaten Lampung Timur, Lampung',
      });
      expect(response.body.items.find((r: Region) => r.code === '18.71')).toMatchObject({
        kind: 'kota',
      });

      // A parent and a level that do not fit together give nothing, rather than the wrong level.
      const mismatch = await regions({ parent: '18', level: 3 });
      expect(mismatch.body).toMatchObject({ items: [], total: 0 });
    });

    it('combines search with a parent', async () => {
      const response = await regions({ q: 'taman agung', parent: '18.01.06' });
      expect(codesOf(response.body)).toEqual(['18.01.06.2027']);
    });

    it('pages with limit and offset', async () => {
      const first = await regions({ level: 1, limit: 10 });
      const last = await regions({ level: 1, limit: 10, offset: 30 });
      expect(first.body).toMatchObject({ total: 38, limit: 10, offset: 0 });
      expect(first.body.items).toHaveLength(10);
      expect(last.body.items).toHaveLength(8);
      expect(codesOf(first.body)[0]).toBe('11');
      expect(codesOf(last.body).at(-1)).toBe('96');
    });

    it.each([
      ['a one-letter search', { q: 'a' }, 'q'],
      ['a one-letter search in blanks', { q: ' a ' }, 'q'],
      ['a search of 101 letters', { q: 'x'.repeat(101) }, 'q'],
      ['a search of apostrophes only', { q: "''''" }, 'q'],
      ['a parent that is not a code', { parent: 'abc' }, 'parent'],
      ['a malformed parent code', { parent: '18.1' }, 'parent'],
      ['level 5', { level: 5 }, 'level'],
      ['level 0', { level: 0 }, 'level'],
      ['a level in words', { level: 'two' }, 'level'],
      ['a limit over 100', { limit: 101 }, 'limit'],
      ['an unknown parameter', { province: '18' }, 'province'],
    ])('refuses %s with a field error', async (_label, query, field) => {
      const response = await regions(query);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    });

    it('requires a bearer token', async () => {
      const response = await t.http().get('/api/v1/regions').query({ q: 'taman agung' });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    });
  });

  describe('GET /countries', () => {
    it('lists every country by name', async () => {
      const response = await t
        .http()
        .get('/api/v1/countries')
        .set(...bearer(viewer));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        total: 249,
        limit: null,
        offset: null,
        nextCursor: null,
      });
      expect(response.body.items).toHaveLength(249);
      expect(response.body.items).toContainEqual(
        expect.objectContaining({ code: 'NA', name: 'Namibia', alpha3: 'NAM' }),
      );
      expect(response.body.items).toContainEqual(
        expect.objectContaining({ code: 'KH', name: 'Cambodia' }),
      );
      expect(response.body.items).toContainEqual(
        expect.objectContaining({
          code: 'ID',
          alpha3: 'IDN',
          numericCode: '360',
          name: 'Indonesia',
          region: 'Asia',
          subRegion: 'South-eastern Asia',
        }),
      );
      const codes = response.body.items.map((c: { code: string }) => c.code);
      expect(new Set(codes).size).toBe(249);
      const { rows } = await t.db.query<{ alpha2: string }>(
        'SELECT alpha2 FROM countries ORDER BY name',
      );
      expect(codes).toEqual(rows.map((r) => r.alpha2));
    });

    it('requires a bearer token', async () => {
      const response = await t.http().get('/api/v1/countries');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    });
  });
});
