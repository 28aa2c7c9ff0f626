import { randomUUID } from 'node:crypto';
import { AgencyLevel, AgencyType } from '../src/modules/agencies/agency.enums';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const NON_ADMIN_ROLES = [
  UserRole.Supervisor,
  UserRole.Caseworker,
  UserRole.AgencyLiaison,
  UserRole.Viewer,
];
const ALL_ROLES = [UserRole.Admin, ...NON_ADMIN_ROLES];

const BP3MI_LAMPUNG = {
  name: 'Balai Pelayanan Pelindungan Pekerja Migran Indonesia Lampung',
  shortName: 'BP3MI Lampung',
  type: 'bp3mi',
  level: 'province',
  regionCode: '18',
};

interface AgencyRow {
  id: string;
  name: string;
  short_name: string;
  type: string;
  level: string;
  region_code: string | null;
  country_code: string | null;
  contact_emails: string[];
  webhook_url: string | null;
  escalation_contact_name: string | null;
  escalation_contact_email: string | null;
  time_zone: string;
  preferred_language: string;
  active: boolean;
  version: number;
}

describe('agencies', () => {
  let t: TestApp;
  let users: Record<UserRole, SignedInUser>;
  let admin: SignedInUser;

  async function agencyRow(id: string): Promise<AgencyRow | undefined> {
    const { rows } = await t.db.query<AgencyRow>(
      `SELECT id, name, short_name, type, level, region_code, country_code, contact_emails, webhook_url, escalation_contact_name,
              escalation_contact_email, time_zone, preferred_language, active, version
       FROM agencies WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async function agencyCount(): Promise<number> {
    return (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agencies')).rows[0].n;
  }

  async function allAgencies(): Promise<unknown[]> {
    return (await t.db.query('SELECT * FROM agencies ORDER BY id')).rows;
  }

  function fieldsOf(body: { details?: { fields?: Array<{ field: string }> } }): string[] {
    return (body.details?.fields ?? []).map((f) => f.field).sort();
  }

  function create(body: object, user: SignedInUser = admin) {
    return t
      .http()
      .post('/api/v1/agencies')
      .set(...bearer(user))
      .send(body);
  }

  beforeAll(async () => {
    t = await startTestApp();
    users = {} as Record<UserRole, SignedInUser>;
    for (const role of ALL_ROLES) users[role] = await createUser(t, role);
    admin = users[UserRole.Admin];
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it.each([
      [
        'a province agency',
        {
          ...BP3MI_LAMPUNG,
          contactEmails: [' Pengaduan@BP3MI-Lampung.go.id '],
          escalationContactName: ' Kepala Balai ',
        },
        {
          level: 'province',
          region_code: '18',
          country_code: null,
          contact_emails: ['pengaduan@bp3mi-lampung.go.id'],
          escalation_contact_name: 'Kepala Balai',
        },
      ],
      [
        'a regency agency',
        {
          name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan',
          shortName: 'Disnakertrans Lampung Selatan',
          type: 'disnakertrans',
          level: 'regency',
          regionCode: '18.01',
          webhookUrl: 'https://disnaker.lampungselatankab.go.id/jejak-hook',
        },
        {
          level: 'regency',
          region_code: '18.01',
          webhook_url: 'https://disnaker.lampungselatankab.go.id/jejak-hook',
        },
      ],
      [
        'a village agency',
        {
          name: 'Pemerintah Desa Taman Agung',
          shortName: 'Desa Taman Agung',
          type: 'village_government',
          level: 'village',
          regionCode: '18.01.06.2027',
        },
        { level: 'village', region_code: '18.01.06.2027', country_code: null },
      ],
      [
        'a national agency',
        {
          name: 'Badan Pelindungan Pekerja Migran Indonesia',
          shortName: 'BP2MI',
          type: 'bp2mi',
          level: 'national',
          escalationContactEmail: 'Direktur@BP2MI.go.id',
        },
        {
          level: 'national',
          region_code: null,
          country_code: null,
          escalation_contact_email: 'direktur@bp2mi.go.id',
        },
      ],
      [
        'an agency abroad',
        {
          name: 'Kedutaan Besar Republik Indonesia Phnom Penh',
          shortName: 'KBRI Phnom Penh',
          type: 'embassy_consulate',
          level: 'abroad',
          countryCode: 'KH',
          timeZone: 'Asia/Phnom_Penh',
          preferredLanguage: 'en',
          contactEmails: ['consular@kbri-phnompenh.example', 'protection@kbri-phnompenh.example'],
        },
        {
          level: 'abroad',
          region_code: null,
          country_code: 'KH',
          time_zone: 'Asia/Phnom_Penh',
          preferred_language: 'en',
          contact_emails: ['consular@kbri-phnompenh.example', 'protection@kbri-phnompenh.example'],
        },
      ],
    ])('lets an admin create %s', async (_label, body, expectedRow) => {
      const response = await create(body);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        name: (body as { name: string }).name,
        shortName: (body as { shortName: string }).shortName,
        version: 1,
        active: true,
      });
      expect(await agencyRow(response.body.id)).toMatchObject({
        name: (body as { name: string }).name,
        short_name: (body as { shortName: string }).shortName,
        type: (body as { type: string }).type,
        version: 1,
        active: true,
        time_zone: 'Asia/Jakarta',
        preferred_language: 'id',
        contact_emails: [],
        ...expectedRow,
      });
    });

    it('answers with every field of the agency', async () => {
      const { rows } = await t.db.query<{ id: string }>(
        `SELECT id FROM agencies WHERE short_name = 'KBRI Phnom Penh'`,
      );
      const response = await t
        .http()
        .get(`/api/v1/agencies/${rows[0].id}`)
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: rows[0].id,
        name: 'Kedutaan Besar Republik Indonesia Phnom Penh',
        shortName: 'KBRI Phnom Penh',
        type: 'embassy_consulate',
        level: 'abroad',
        regionCode: null,
        countryCode: 'KH',
        contactEmails: ['consular@kbri-phnompenh.example', 'protection@kbri-phnompenh.example'],
        webhookUrl: null,
        escalationContactName: null,
        escalationContactEmail: null,
        timeZone: 'Asia/Phnom_Penh',
        preferredLanguage: 'en',
        active: true,
        casePrefix: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('keeps short names unique regardless of case', async () => {
      const before = await allAgencies();
      const response = await create({
        ...BP3MI_LAMPUNG,
        name: 'Another BP3MI',
        shortName: 'bp3mi LAMPUNG',
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'AGENCY.SHORT_NAME_TAKEN' });
      expect(await allAgencies()).toEqual(before);
    });

    it.each([
      [
        'a province agency with a regency code',
        { ...BP3MI_LAMPUNG, regionCode: '18.01' },
        ['regionCode'],
      ],
      [
        'a province agency without a region',
        { ...BP3MI_LAMPUNG, regionCode: undefined },
        ['regionCode'],
      ],
      [
        'a regency agency with a province code',
        { ...BP3MI_LAMPUNG, level: 'regency', regionCode: '18' },
        ['regionCode'],
      ],
      [
        'a village agency with a district code',
        { ...BP3MI_LAMPUNG, level: 'village', regionCode: '18.01.06' },
        ['regionCode'],
      ],
      [
        'an unknown region code',
        { ...BP3MI_LAMPUNG, level: 'regency', regionCode: '18.99' },
        ['regionCode'],
      ],
      ['a malformed region code', { ...BP3MI_LAMPUNG, regionCode: '18.1' }, ['regionCode']],
      [
        'a national agency with a region',
        { ...BP3MI_LAMPUNG, level: 'national', regionCode: '18' },
        ['regionCode'],
      ],
      [
        'an agency abroad without a country',
        { ...BP3MI_LAMPUNG, level: 'abroad', regionCode: undefined },
        ['countryCode'],
      ],
      [
        'an agency abroad with a region too',
        { ...BP3MI_LAMPUNG, level: 'abroad', countryCode: 'KH' },
        ['regionCode'],
      ],
      [
        'a regency agency with a country',
        { ...BP3MI_LAMPUNG, level: 'regency', regionCode: '18.01', countryCode: 'KH' },
        ['countryCode'],
      ],
      [
        'an unknown country',
        { ...BP3MI_LAMPUNG, level: 'abroad', regionCode: undefined, countryCode: 'ZZ' },
        ['countryCode'],
      ],
      [
        'a country in small letters',
        { ...BP3MI_LAMPUNG, level: 'abroad', regionCode: undefined, countryCode: 'kh' },
        ['countryCode'],
      ],
      ['an unknown time zone', { ...BP3MI_LAMPUNG, timeZone: 'Asia/Lampung' }, ['timeZone']],
      [
        'a bad contact email',
        { ...BP3MI_LAMPUNG, contactEmails: ['ok@example.org', 'not-an-email'] },
        ['contactEmails'],
      ],
      [
        'contact emails that are not a list',
        { ...BP3MI_LAMPUNG, contactEmails: 'ok@example.org' },
        ['contactEmails'],
      ],
      [
        'a webhook that is not http(s)',
        { ...BP3MI_LAMPUNG, webhookUrl: 'ftp://example.org/hook' },
        ['webhookUrl'],
      ],
      ['an unknown type', { ...BP3MI_LAMPUNG, type: 'ministry' }, ['type']],
      ['an unknown level', { ...BP3MI_LAMPUNG, level: 'district' }, ['level']],
      ['an unknown field', { ...BP3MI_LAMPUNG, parentAgencyId: randomUUID() }, ['parentAgencyId']],
      ['a blank name', { ...BP3MI_LAMPUNG, name: '   ' }, ['name']],
      ['a null time zone', { ...BP3MI_LAMPUNG, timeZone: null }, ['timeZone']],
    ])('refuses %s with 400 and writes nothing', async (_label, body, expectedFields) => {
      const before = await agencyCount();
      const response = await create({ ...body, shortName: `Refused ${randomUUID().slice(0, 8)}` });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(expectedFields);
      expect(await agencyCount()).toBe(before);
    });
  });

  describe('updating', () => {
    it('applies a change with the current version, bumps it and leaves other fields alone', async () => {
      const agency = await createAgency(t, {
        shortName: 'Disnaker Lamtim',
        level: AgencyLevel.Regency,
        regionCode: '18.07',
      });
      const before = (await agencyRow(agency.id))!;
      const response = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({
          name: 'Dinas Tenaga Kerja Kabupaten Lampung Timur',
          contactEmails: ['Disnaker@LampungTimurKab.go.id'],
          version: 1,
        });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'Dinas Tenaga Kerja Kabupaten Lampung Timur',
        regionCode: '18.07',
        version: 2,
      });
      expect(await agencyRow(agency.id)).toEqual({
        ...before,
        name: 'Dinas Tenaga Kerja Kabupaten Lampung Timur',
        contact_emails: ['disnaker@lampungtimurkab.go.id'],
        version: 2,
      });
    });

    it('answers a PATCH that changes nothing without bumping the version', async () => {
      const created = await create({
        name: 'Tidak Berubah',
        shortName: 'NoChange',
        type: 'ngo',
        level: 'national',
      });
      const patched = await t
        .http()
        .patch(`/api/v1/agencies/${created.body.id}`)
        .set(...bearer(admin))
        .send({ version: created.body.version });
      expect(patched.status).toBe(200);
      expect(patched.body.version).toBe(created.body.version);
      expect((await agencyRow(created.body.id))?.version).toBe(created.body.version);
    });

    it('refuses a stale version with 409 and the current version, leaving the row unchanged', async () => {
      const agency = await createAgency(t);
      const first = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ name: 'First edit', version: 1 });
      expect(first.status).toBe(200);
      const before = await agencyRow(agency.id);

      const stale = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ name: 'Second edit', active: false, version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        statusCode: 409,
        code: 'AGENCY.VERSION_CONFLICT',
        details: { currentVersion: 2 },
      });
      expect(await agencyRow(agency.id)).toEqual(before);
    });

    it('refuses renaming to a short name another agency has, whatever the case', async () => {
      const agency = await createAgency(t);
      const before = await agencyRow(agency.id);
      const response = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ shortName: 'KBRI PHNOM PENH', version: 1 });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('AGENCY.SHORT_NAME_TAKEN');
      expect(await agencyRow(agency.id)).toEqual(before);

      // Changing only the case of its own short name is fine.
      const own = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ shortName: agency.short_name.toUpperCase(), version: 1 });
      expect(own.status).toBe(200);
      expect((await agencyRow(agency.id))!.short_name).toBe(agency.short_name.toUpperCase());
    });

    it.each([
      ['a null name', { name: null }, ['name']],
      ['a null short name', { shortName: null }, ['shortName']],
      ['a null time zone', { timeZone: null }, ['timeZone']],
      ['a null level', { level: null }, ['level']],
      ['null contact emails', { contactEmails: null }, ['contactEmails']],
      ['a null active flag', { active: null }, ['active']],
      ['no version', { name: 'Renamed', version: undefined }, ['version']],
      ['a null region on a regency agency', { regionCode: null }, ['regionCode']],
      ['a country on a regency agency', { countryCode: 'KH' }, ['countryCode']],
      ['a move to a province code', { regionCode: '18' }, ['regionCode']],
      ['a bad time zone', { timeZone: 'WIB' }, ['timeZone']],
    ])('refuses %s with 400, leaving the row unchanged', async (_label, change, expectedFields) => {
      const agency = await createAgency(t, { level: AgencyLevel.Regency, regionCode: '18.01' });
      const before = await agencyRow(agency.id);
      const response = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ version: 1, ...change });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(expectedFields);
      expect(await agencyRow(agency.id)).toEqual(before);
    });

    it('accepts an explicit null region on a national agency and clears optional fields with null', async () => {
      const agency = await createAgency(t, {
        level: AgencyLevel.National,
        regionCode: null,
        type: AgencyType.Immigration,
      });
      await t.db.query(
        `UPDATE agencies SET webhook_url = 'https://example.org/hook', escalation_contact_name = 'Someone' WHERE id = $1`,
        [agency.id],
      );
      const response = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({
          regionCode: null,
          countryCode: null,
          webhookUrl: null,
          escalationContactName: null,
          version: 1,
        });
      expect(response.status).toBe(200);
      expect(await agencyRow(agency.id)).toMatchObject({
        level: 'national',
        region_code: null,
        country_code: null,
        webhook_url: null,
        escalation_contact_name: null,
        version: 2,
      });
    });

    it('moves a regency agency abroad when level, region and country change together', async () => {
      const agency = await createAgency(t, { level: AgencyLevel.Regency, regionCode: '18.01' });
      const halfway = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({ level: 'abroad', countryCode: 'MY', version: 1 });
      expect(halfway.status).toBe(400);
      expect(fieldsOf(halfway.body)).toEqual(['regionCode']);
      expect(await agencyRow(agency.id)).toMatchObject({
        level: 'regency',
        region_code: '18.01',
        country_code: null,
        version: 1,
      });

      const moved = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin))
        .send({
          level: 'abroad',
          regionCode: null,
          countryCode: 'MY',
          timeZone: 'Asia/Kuala_Lumpur',
          version: 1,
        });
      expect(moved.status).toBe(200);
      expect(await agencyRow(agency.id)).toMatchObject({
        level: 'abroad',
        region_code: null,
        country_code: 'MY',
        time_zone: 'Asia/Kuala_Lumpur',
        version: 2,
      });
    });

    it('answers 404 for an unknown agency and 400 on id for a malformed one', async () => {
      const unknown = await t
        .http()
        .patch(`/api/v1/agencies/${randomUUID()}`)
        .set(...bearer(admin))
        .send({ name: 'Ghost', version: 1 });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('AGENCY.NOT_FOUND');
      const malformed = await t
        .http()
        .patch('/api/v1/agencies/42')
        .set(...bearer(admin))
        .send({ name: 'Ghost', version: 1 });
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['id']);
    });
  });

  describe('deleting', () => {
    it('refuses to delete an agency that still has a user', async () => {
      const agency = await createAgency(t);
      await createUser(t, UserRole.Viewer, { agencyId: agency.id });
      const before = await agencyRow(agency.id);
      const response = await t
        .http()
        .delete(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'AGENCY.IN_USE' });
      expect(await agencyRow(agency.id)).toEqual(before);
    });

    it('deletes an unused agency, which is then gone', async () => {
      const agency = await createAgency(t);
      const response = await t
        .http()
        .delete(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin));
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await agencyRow(agency.id)).toBeUndefined();

      const get = await t
        .http()
        .get(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin));
      expect(get.status).toBe(404);
      expect(get.body.code).toBe('AGENCY.NOT_FOUND');
      const again = await t
        .http()
        .delete(`/api/v1/agencies/${agency.id}`)
        .set(...bearer(admin));
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('AGENCY.NOT_FOUND');
    });
  });

  describe('reading', () => {
    let policeId: string;
    let inactiveId: string;

    beforeAll(async () => {
      policeId = (
        await createAgency(t, {
          name: 'Kepolisian Daerah Lampung',
          shortName: 'Polda Lampung',
          type: AgencyType.Police,
          level: AgencyLevel.Province,
          regionCode: '18',
        })
      ).id;
      inactiveId = (
        await createAgency(t, {
          name: 'Kepolisian Resor Lampung Selatan',
          shortName: 'Polres Lampung Selatan',
          type: AgencyType.Police,
        })
      ).id;
      await t.db.query('UPDATE agencies SET active = false WHERE id = $1', [inactiveId]);
    });

    function list(query: Record<string, string | number>, user: SignedInUser = admin) {
      return t
        .http()
        .get('/api/v1/agencies')
        .query(query)
        .set(...bearer(user));
    }

    it.each(ALL_ROLES)('lets a %s list and read agencies', async (role) => {
      const listed = await list({ q: 'polda' }, users[role]);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([policeId]);
      const one = await t
        .http()
        .get(`/api/v1/agencies/${policeId}`)
        .set(...bearer(users[role]));
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: policeId,
        shortName: 'Polda Lampung',
        regionCode: '18',
      });
    });

    it('shows the webhook URL, which may hold a secret, to admins only', async () => {
      const created = await create({
        name: 'LBH Webhook',
        shortName: 'LBH Hook',
        type: 'legal_aid',
        level: 'national',
        webhookUrl: 'https://lbh.example.org/hook?secret=s3cr3t',
      });
      expect(created.status).toBe(201);
      expect(created.body.webhookUrl).toBe('https://lbh.example.org/hook?secret=s3cr3t');
      for (const role of ALL_ROLES.filter((r) => r !== UserRole.Admin)) {
        const one = await t
          .http()
          .get(`/api/v1/agencies/${created.body.id}`)
          .set(...bearer(users[role]));
        expect({ role, status: one.status, hasWebhook: 'webhookUrl' in one.body }).toEqual({
          role,
          status: 200,
          hasWebhook: false,
        });
        const listed = await list({ q: 'LBH Hook' }, users[role]);
        expect(JSON.stringify(listed.body)).not.toContain('s3cr3t');
      }
    });

    it('searches name and short name case-insensitively', async () => {
      const byName = await list({ q: 'KEPOLISIAN' });
      expect(byName.body.items.map((a: { shortName: string }) => a.shortName)).toEqual([
        'Polda Lampung',
        'Polres Lampung Selatan',
      ]);
      expect(byName.body.total).toBe(2);
      const byShortName = await list({ q: 'phnom' });
      expect(byShortName.body.items.map((a: { shortName: string }) => a.shortName)).toEqual([
        'KBRI Phnom Penh',
      ]);
      const wildcard = await list({ q: '%' });
      expect(wildcard.status).toBe(200);
      expect(wildcard.body).toMatchObject({ items: [], total: 0 });
    });

    it('filters by type and level', async () => {
      const police = await list({ type: 'police' });
      expect(police.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
        [policeId, inactiveId].sort(),
      );
      const abroad = await list({ level: 'abroad' });
      expect(abroad.body.items.length).toBeGreaterThan(0);
      expect(abroad.body.items.every((a: { level: string }) => a.level === 'abroad')).toBe(true);
      expect(abroad.body.total).toBe(
        (await t.db.query(`SELECT 1 FROM agencies WHERE level = 'abroad'`)).rowCount,
      );
      const policeProvince = await list({ type: 'police', level: 'province' });
      expect(policeProvince.body.items.map((a: { id: string }) => a.id)).toEqual([policeId]);
    });

    it('filters by active flag, and lists both when it is left out', async () => {
      const active = await list({ type: 'police', active: 'true' });
      expect(active.body.items.map((a: { id: string }) => a.id)).toEqual([policeId]);
      const inactive = await list({ type: 'police', active: 'false' });
      expect(inactive.body.items.map((a: { id: string }) => a.id)).toEqual([inactiveId]);
      const { rows } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM agencies WHERE NOT active',
      );
      expect((await list({ active: 'false' })).body.total).toBe(rows[0].n);
      expect((await list({})).body.total).toBe(await agencyCount());
    });

    it('pages through the directory in short-name order', async () => {
      const total = await agencyCount();
      const first = await list({ limit: 3 });
      const rest = await list({ limit: 100, offset: 3 });
      expect(first.body).toMatchObject({ total, limit: 3, offset: 0 });
      expect(first.body.items).toHaveLength(3);
      const shortNames = [...first.body.items, ...rest.body.items].map(
        (a: { shortName: string }) => a.shortName,
      );
      expect(shortNames).toHaveLength(total);
      const { rows } = await t.db.query<{ short_name: string }>(
        'SELECT short_name FROM agencies ORDER BY short_name, id',
      );
      expect(shortNames).toEqual(rows.map((r) => r.short_name));
    });

    it.each([
      ['active=maybe', { active: 'maybe' }, 'active'],
      ['active=1', { active: '1' }, 'active'],
      ['an unknown type', { type: 'ministry' }, 'type'],
      ['an unknown level', { level: 'district' }, 'level'],
      ['an empty search', { q: '' }, 'q'],
      ['a search of 101 letters', { q: 'x'.repeat(101) }, 'q'],
      ['a limit over 100', { limit: 500 }, 'limit'],
      ['an unknown parameter', { region: '18' }, 'region'],
    ])('refuses a query with %s with a field error', async (_label, query, field) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual([field]);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await t
        .http()
        .get(`/api/v1/agencies/${randomUUID()}`)
        .set(...bearer(admin));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('AGENCY.NOT_FOUND');
      const malformed = await t
        .http()
        .get('/api/v1/agencies/not-an-id')
        .set(...bearer(admin));
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['id']);
    });

    it('requires a bearer token', async () => {
      const response = await t.http().get('/api/v1/agencies');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    });
  });

  describe('role checks', () => {
    let target: { id: string };

    beforeAll(async () => {
      target = await createAgency(t, { shortName: 'Role Check Target' });
    });

    type Call = (user: SignedInUser) => ReturnType<ReturnType<TestApp['http']>['get']>;
    const routes: Array<[string, Call]> = [
      [
        'POST /agencies',
        (user) => create({ ...BP3MI_LAMPUNG, shortName: `Made by ${user.role}` }, user),
      ],
      [
        'PATCH /agencies/:id',
        (user) =>
          t
            .http()
            .patch(`/api/v1/agencies/${target.id}`)
            .set(...bearer(user))
            .send({ name: 'Taken over', active: false, version: 1 }),
      ],
      [
        'PATCH /agencies/:id (own agency)',
        (user) =>
          t
            .http()
            .patch(`/api/v1/agencies/${user.agencyId}`)
            .set(...bearer(user))
            .send({ name: 'Ours now', version: 1 }),
      ],
      [
        'DELETE /agencies/:id',
        (user) =>
          t
            .http()
            .delete(`/api/v1/agencies/${target.id}`)
            .set(...bearer(user)),
      ],
      [
        'DELETE /agencies/:id (unknown id)',
        (user) =>
          t
            .http()
            .delete(`/api/v1/agencies/${randomUUID()}`)
            .set(...bearer(user)),
      ],
    ];
    const cases = NON_ADMIN_ROLES.flatMap((role) =>
      routes.map(([route, call]) => [role, route, call] as const),
    );

    it.each(cases)('%s gets 403 on %s and nothing changes', async (role, _route, call) => {
      const before = await allAgencies();
      const response = await call(users[role]);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
      expect(await allAgencies()).toEqual(before);
    });

    it('lets an admin make the same calls, so the 403s above come from the role alone', async () => {
      const statuses: Record<string, number> = {};
      for (const [route, call] of routes) {
        if (route !== 'PATCH /agencies/:id (own agency)')
          statuses[route] = (await call(admin)).status;
      }
      expect(statuses).toEqual({
        'POST /agencies': 201,
        'PATCH /agencies/:id': 200,
        'DELETE /agencies/:id': 204,
        'DELETE /agencies/:id (unknown id)': 404,
      });
      expect(await agencyRow(target.id)).toBeUndefined();
      expect(
        (await t.db.query(`SELECT 1 FROM agencies WHERE short_name = 'Made by admin'`)).rowCount,
      ).toBe(1);
    });
  });
});
