import { randomInt } from 'node:crypto';
import { UserRole } from '../src/modules/users/user-role';
import { createCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Suggestions {
  records: Array<{ id: string; fullName: string; matchedOn: string[]; nameScore: number | null }>;
  knownElsewhere: Array<{
    recordedByAgencyId: string;
    recordedByAgencyName: string;
    matchedOn: string[];
  }>;
  compared: string[];
}

/**
 * A caseworker in Lampung Timur recorded "Hani Sulastri" (aka "Mami Hani"), with a phone and a
 * TikTok account. Typing her again, the same office gets the record; another office learns only
 * that Lampung Timur knows the phone or handle it typed, never her name.
 */
describe('POST /perpetrators/suggestions', () => {
  let t: TestApp;
  let lampung: SignedInUser;
  let banyuwangi: SignedInUser;
  let viewer: SignedInUser;
  let admin: SignedInUser;
  const lampungOfficeName = 'Dinas Tenaga Kerja Kabupaten Lampung Timur';
  let haniId: string;
  // Unique to this run: other suites record recruiters in the same database.
  const digits = String(randomInt(1_000_000, 9_999_999));
  const phone = `0812 9${digits.slice(0, 3)} ${digits.slice(3)}`;
  const account = `kerja_kamboja_${digits}`;

  const suggest = (user: SignedInUser, typed: object) =>
    t
      .http()
      .post('/api/v1/perpetrators/suggestions')
      .set(...bearer(user))
      .send(typed);
  const suggested = async (user: SignedInUser, typed: object): Promise<Suggestions> => {
    const response = await suggest(user, typed);
    expect(response.status).toBe(200);
    return response.body as Suggestions;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const lampungOffice = await createAgency(t, {
      name: lampungOfficeName,
      shortName: 'Disnaker Lampung Timur',
    });
    lampung = await createUser(t, UserRole.Caseworker, { agencyId: lampungOffice.id });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: lampungOffice.id });
    banyuwangi = await createUser(t, UserRole.Caseworker);
    admin = await createUser(t, UserRole.Admin);
    const created = await createCase(t, lampung, {
      title: 'Perekrutan ke Kamboja',
      incidentType: 'trafficking',
      source: 'family',
      victims: [{ fullName: 'Siti Aminah', currentSituation: 'abroad', estimatedAge: 24 }],
      perpetrators: [
        {
          perpetrator: {
            fullName: `Hani Sulastri ${digits}`,
            aliases: ['Mami Hani'],
            roles: ['RecruiterOrIntermediary'],
            phones: [phone],
            socialHandles: [`tiktok:@${account}`],
            homeRegionCode: '18.07',
          },
        },
      ],
    });
    const links = await t
      .http()
      .get(`/api/v1/cases/${created.id}/perpetrators`)
      .set(...bearer(lampung));
    haniId = links.body.items[0].perpetratorId;
  });
  afterAll(() => t.close());

  it('suggests the record by its phone written another way, and by its handle without the platform', async () => {
    const byPhone = await suggested(lampung, {
      phones: [`+62 812-9${digits.slice(0, 3)}-${digits.slice(3)}`],
    });
    expect(byPhone.compared).toEqual(['phone']);
    expect(byPhone.records).toEqual([
      expect.objectContaining({ id: haniId, matchedOn: ['phone'] }),
    ]);
    expect(byPhone.knownElsewhere).toEqual([]);

    const byHandle = await suggested(lampung, { socialHandles: [` @${account.toUpperCase()} `] });
    expect(byHandle.records.map((item) => [item.id, item.matchedOn])).toEqual([
      [haniId, ['social_handle']],
    ]);
    const byProfile = await suggested(lampung, {
      socialHandles: [`https://www.tiktok.com/@${account}/`],
    });
    expect(byProfile.records.map((item) => item.id)).toEqual([haniId]);
  });

  it('compares a name, initials or an alias only within the home regency', async () => {
    const byInitial = await suggested(lampung, {
      fullName: `HANI S. ${digits}`,
      homeRegionCode: '18.07.03',
    });
    expect(byInitial.compared).toEqual(['name']);
    expect(byInitial.records).toEqual([
      expect.objectContaining({ id: haniId, matchedOn: ['name'], nameScore: expect.any(Number) }),
    ]);
    expect(byInitial.records[0].nameScore).toBeGreaterThanOrEqual(0.6);

    const byAlias = await suggested(lampung, { fullName: 'mami hani', homeRegionCode: '18.07' });
    expect(byAlias.records.map((item) => item.id)).toContain(haniId);

    const otherRegency = await suggested(lampung, {
      fullName: `Hani Sulastri ${digits}`,
      homeRegionCode: '18.08',
    });
    expect(otherRegency.records).toEqual([]);
    const noRegion = await suggested(lampung, { fullName: `Hani Sulastri ${digits}` });
    expect(noRegion).toEqual({ records: [], knownElsewhere: [], compared: [] });
    const unrelated = await suggested(lampung, {
      fullName: 'Rohmat Hidayat',
      homeRegionCode: '18.07',
    });
    expect(unrelated.records.map((item) => item.id)).not.toContain(haniId);
  });

  it('tells another agency only who recorded a phone or handle it typed, and nothing for a name', async () => {
    const response = await suggest(banyuwangi, {
      fullName: `Hani Sulastri ${digits}`,
      homeRegionCode: '18.07',
      phones: [phone],
      socialHandles: [account],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      records: [],
      knownElsewhere: [
        {
          recordedByAgencyId: lampung.agencyId,
          recordedByAgencyName: lampungOfficeName,
          matchedOn: ['phone', 'social_handle'],
        },
      ],
      compared: ['phone', 'social_handle', 'name'],
    });
    expect(JSON.stringify(response.body)).not.toContain(haniId);
    const byNameAlone = await suggested(banyuwangi, {
      fullName: `Hani Sulastri ${digits}`,
      homeRegionCode: '18.07',
    });
    expect(byNameAlone).toEqual({ records: [], knownElsewhere: [], compared: ['name'] });

    const asAdmin = await suggested(admin, { phones: [phone] });
    expect(asAdmin.records.map((item) => item.id)).toEqual([haniId]);
  });

  it('refuses a viewer, an empty form and a malformed phone, with the field named', async () => {
    const refused = await suggest(viewer, { phones: [phone] });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PERPETRATOR.SUGGESTIONS_NOT_ALLOWED');

    const empty = await suggest(lampung, {});
    expect(empty.status).toBe(400);
    expect(empty.body.details.fields.map((field: { field: string }) => field.field)).toEqual([
      'fullName',
    ]);
    const malformed = await suggest(lampung, {
      phones: ['not a phone'],
      homeRegionCode: 'Lampung',
    });
    expect(malformed.status).toBe(400);
    expect(
      malformed.body.details.fields.map((field: { field: string }) => field.field).sort(),
    ).toEqual(['homeRegionCode', 'phones']);
  });
});
