import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

function smallCase(title: string, extra: object = {}) {
  return {
    title,
    incidentType: 'trafficking',
    source: 'family',
    victims: [{ fullName: 'Siti Aminah', currentSituation: 'abroad', estimatedAge: 24 }],
    ...extra,
  };
}

describe('families and perpetrators', () => {
  let t: TestApp;
  let lampung: SignedInUser;
  let lampungViewer: SignedInUser;
  let banyuwangi: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    const disnaker = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    const other = await createAgency(t, { shortName: 'Disnaker Banyuwangi', regionCode: '35.10' });
    lampung = await createUser(t, UserRole.Caseworker, { agencyId: disnaker.id });
    lampungViewer = await createUser(t, UserRole.Viewer, { agencyId: disnaker.id });
    banyuwangi = await createUser(t, UserRole.Caseworker, { agencyId: other.id });
  });
  afterAll(() => t.close());

  async function createCase(user: SignedInUser, body: object) {
    const response = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(user))
      .send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; victims: Array<{ id: string }> };
  }

  it('adds relatives, moves the primary contact, records consent, and audits contact reads', async () => {
    const created = await createCase(lampung, smallCase('Family case'));
    const victimId = created.victims[0].id;
    const base = `/api/v1/victims/${victimId}/family-members`;
    const mother = await t
      .http()
      .post(base)
      .set(...bearer(lampung))
      .send({
        fullName: 'Janah',
        relation: 'mother',
        primaryContact: true,
        phone: '081298765432',
        street: 'Dusun Cinta Sari',
      });
    expect(mother.status).toBe(201);
    const brother = await t
      .http()
      .post(base)
      .set(...bearer(lampung))
      .send({ fullName: 'Rahmat', relation: 'sibling', primaryContact: true });
    expect(brother.status).toBe(201);
    const listed = await t
      .http()
      .get(base)
      .set(...bearer(lampung));
    expect(
      listed.body.items.map((m: { fullName: string; primaryContact: boolean }) => [
        m.fullName,
        m.primaryContact,
      ]),
    ).toEqual([
      ['Janah', false],
      ['Rahmat', true],
    ]);
    const motherNow = listed.body.items[0];
    expect(motherNow).toMatchObject({ hasPhone: true, hasStreet: true });
    expect(JSON.stringify(listed.body)).not.toContain('0812');

    const dead = await t
      .http()
      .patch(`/api/v1/family-members/${brother.body.id}`)
      .set(...bearer(lampung))
      .send({ alive: false, version: brother.body.version });
    expect(dead.status).toBe(400);
    expect(dead.body.details.fields[0].field).toBe('primaryContact');

    const consent = await t
      .http()
      .patch(`/api/v1/family-members/${motherNow.id}`)
      .set(...bearer(lampung))
      .send({ consentToContact: true, version: motherNow.version });
    expect(consent.status).toBe(200);
    expect(consent.body).toMatchObject({ consentToContact: true, consentRecordedBy: lampung.id });
    const stale = await t
      .http()
      .patch(`/api/v1/family-members/${motherNow.id}`)
      .set(...bearer(lampung))
      .send({ age: 61, version: motherNow.version });
    expect(stale.status).toBe(409);

    const contact = await t
      .http()
      .get(`/api/v1/family-members/${motherNow.id}/contact`)
      .set(...bearer(lampung));
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ phone: '+6281298765432', street: 'Dusun Cinta Sari' });
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'family_member.contact_read' AND entity_id = $1`,
      [motherNow.id],
    );
    expect(rows[0].n).toBe(1);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/family-members/${motherNow.id}/contact`)
          .set(...bearer(lampungViewer))
      ).status,
    ).toBe(403);

    for (const [method, path, body] of [
      ['get', base, undefined],
      ['post', base, { fullName: 'X', relation: 'other' }],
      ['patch', `/api/v1/family-members/${motherNow.id}`, { age: 70, version: 1 }],
      ['get', `/api/v1/family-members/${motherNow.id}/contact`, undefined],
    ] as const) {
      const response = await t
        .http()
        [method](path)
        .set(...bearer(banyuwangi))
        .send(body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
  });

  it('links one recruiter to cases of two agencies, each seeing only its own cases', async () => {
    const first = await createCase(
      lampung,
      smallCase('Recruited by Hani', {
        perpetrators: [
          {
            perpetrator: {
              fullName: 'Hani',
              roles: ['RecruiterOrIntermediary'],
              homeRegionCode: '18.07',
              phones: ['0811 7000 1234'],
            },
          },
        ],
      }),
    );
    const links = await t
      .http()
      .get(`/api/v1/cases/${first.id}/perpetrators`)
      .set(...bearer(lampung));
    const haniId = links.body.items[0].perpetratorId as string;

    const second = await createCase(banyuwangi, smallCase('Banyuwangi case'));
    // Another agency cannot reach the record from the register; an admin links it across.
    const refused = await t
      .http()
      .post(`/api/v1/cases/${second.id}/perpetrators`)
      .set(...bearer(banyuwangi))
      .send({ perpetratorId: haniId, roleInCase: 'same broker' });
    expect(refused.status).toBe(404);
    const admin = await createUser(t, UserRole.Admin);
    const shared = await t
      .http()
      .post(`/api/v1/cases/${second.id}/perpetrators`)
      .set(...bearer(admin))
      .send({ perpetratorId: haniId, roleInCase: 'same broker' });
    expect(shared.status).toBe(201);
    const linked = await t
      .http()
      .get(`/api/v1/perpetrators/${haniId}`)
      .set(...bearer(banyuwangi));
    expect(linked.body.linkedCaseCount).toBe(2);
    expect(linked.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([second.id]);

    const seenByLampung = await t
      .http()
      .get(`/api/v1/perpetrators/${haniId}`)
      .set(...bearer(lampung));
    expect(seenByLampung.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([first.id]);
    expect(seenByLampung.body.phones).toEqual(['+6281170001234']);
    const seenByViewer = await t
      .http()
      .get(`/api/v1/perpetrators/${haniId}`)
      .set(...bearer(lampungViewer));
    expect(seenByViewer.body.phones).toEqual(['**************']);

    const byPhone = await t
      .http()
      .get('/api/v1/perpetrators')
      .query({ phone: '+62 811-7000-1234' })
      .set(...bearer(lampung));
    expect(byPhone.body.items.map((p: { id: string }) => p.id)).toEqual([haniId]);
    const byName = await t
      .http()
      .get('/api/v1/perpetrators')
      .query({ q: 'han' })
      .set(...bearer(banyuwangi));
    expect(byName.body.items.map((p: { id: string }) => p.id)).toEqual([haniId]);

    const stranger = await createAgency(t, { shortName: 'Other office', regionCode: '32.79' });
    const outsider = await createUser(t, UserRole.Supervisor, { agencyId: stranger.id });
    expect(
      (
        await t
          .http()
          .get(`/api/v1/perpetrators/${haniId}`)
          .set(...bearer(outsider))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get('/api/v1/perpetrators')
          .query({ q: 'hani' })
          .set(...bearer(outsider))
      ).body.items,
    ).toEqual([]);

    // A third agency reaches none of the perpetrator routes of these cases.
    for (const [method, path, body] of [
      ['get', `/api/v1/cases/${first.id}/perpetrators`, undefined],
      ['post', `/api/v1/cases/${first.id}/perpetrators`, { perpetratorId: haniId }],
      ['patch', `/api/v1/perpetrators/${haniId}`, { status: 'charged', version: 1 }],
    ] as const) {
      const response = await t
        .http()
        [method](path)
        .set(...bearer(outsider))
        .send(body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    const viewerEdit = await t
      .http()
      .patch(`/api/v1/perpetrators/${haniId}`)
      .set(...bearer(lampungViewer))
      .send({ status: 'charged', version: seenByLampung.body.version });
    expect(viewerEdit.status).toBe(403);

    const renamed = await t
      .http()
      .patch(`/api/v1/perpetrators/${haniId}`)
      .set(...bearer(lampung))
      .send({ status: 'reported_to_police', version: seenByLampung.body.version });
    expect(renamed.status).toBe(200);
    expect(renamed.body.status).toBe('reported_to_police');
    const { rows } = await t.db.query('SELECT phones_encrypted FROM perpetrators WHERE id = $1', [
      haniId,
    ]);
    expect(JSON.stringify(rows[0])).not.toContain('7000');
  });

  it('finds a returning victim by exact NIK or phone, only in cases the caller may see', async () => {
    const nik = '3510014507950002';
    const first = await createCase(
      lampung,
      smallCase('First time', {
        victims: [
          { fullName: 'Rina', currentSituation: 'repatriated', nik, phone: '0813 1111 2222' },
        ],
      }),
    );
    const again = await createCase(
      lampung,
      smallCase('Second time', {
        victims: [{ fullName: 'Rina W.', currentSituation: 'abroad', nik }],
      }),
    );
    await createCase(
      banyuwangi,
      smallCase('Elsewhere', { victims: [{ fullName: 'Rina', currentSituation: 'abroad', nik }] }),
    );

    const byNik = await t
      .http()
      .get('/api/v1/victims')
      .query({ nik: '3510 0145 0795 0002' })
      .set(...bearer(lampung));
    expect(byNik.status).toBe(200);
    expect(byNik.body.items.map((v: { caseId: string }) => v.caseId)).toEqual([first.id, again.id]);
    expect(JSON.stringify(byNik.body)).not.toContain(nik);
    const byPhone = await t
      .http()
      .get('/api/v1/victims')
      .query({ phone: '+6281311112222' })
      .set(...bearer(lampung));
    expect(byPhone.body.items.map((v: { caseId: string }) => v.caseId)).toEqual([first.id]);
    const fromBanyuwangi = await t
      .http()
      .get('/api/v1/victims')
      .query({ nik })
      .set(...bearer(banyuwangi));
    expect(fromBanyuwangi.body.items).toHaveLength(1);
    expect(
      (
        await t
          .http()
          .get('/api/v1/victims')
          .set(...bearer(lampung))
      ).status,
    ).toBe(400);
    expect(
      (
        await t
          .http()
          .get('/api/v1/victims')
          .query({ nik: '123' })
          .set(...bearer(lampung))
      ).status,
    ).toBe(400);
  });
});
