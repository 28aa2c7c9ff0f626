import { createCipheriv, randomBytes } from 'node:crypto';
import { UserRole } from '../src/modules/users/user-role';
import {
  AHMAD_NIK,
  AHMAD_STREET,
  ahmadJayaniCase,
  createCase,
  haniLink,
  HANI_PHONE_E164,
  JANAH_PHONE_E164,
  nikFor,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TEST_DATA_KEY, TestApp } from './support/test-app';

/** A value as written before ciphertexts named their row: bound to the column only. */
function columnBoundCiphertext(field: string, plaintext: string): string {
  const [keyId, key] = TEST_DATA_KEY.split(':') as [string, string];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(field));
  const data = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return ['v1', keyId, iv.toString('base64'), data.toString('base64')].join(':');
}

describe('personal data bound to its row', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let ahmadId: string;
  let secondVictimId: string;
  let janahId: string;
  let mulhatId: string;
  let haniId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, { regionCode: '18.01' });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    const created = (await createCase(
      t,
      caseworker,
      ahmadJayaniCase({ perpetrators: [haniLink()] }),
    )) as {
      id: string;
      victims: Array<{ id: string; familyMembers: Array<{ id: string; fullName: string }> }>;
      perpetrators: Array<{ perpetratorId: string }>;
    };
    ahmadId = created.victims[0].id;
    janahId = created.victims[0].familyMembers.find((m) => m.fullName === 'Janah')!.id;
    mulhatId = created.victims[0].familyMembers.find((m) => m.fullName === 'Mulhat')!.id;
    haniId = created.perpetrators[0].perpetratorId;
    const second = await t
      .http()
      .post(`/api/v1/cases/${created.id}/victims`)
      .set(...bearer(caseworker))
      .send({ fullName: 'Rudi', currentSituation: 'abroad', nik: nikFor(7) });
    expect(second.status).toBe(201);
    secondVictimId = second.body.id;
  });
  afterAll(() => t.close());

  function read(path: string) {
    return t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(caseworker));
  }

  function expectUnreadable(response: { status: number; body: unknown }, leaked: string[]): void {
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'PERSONAL_DATA.UNREADABLE' });
    const text = JSON.stringify(response.body);
    for (const value of [...leaked, 'v1:', 'v2:', 'test1']) expect(text).not.toContain(value);
  }

  it("refuses a victim's identifier copied into another victim's row, and still reads the original", async () => {
    await t.db.query(
      `UPDATE victims SET nik_encrypted = (SELECT nik_encrypted FROM victims WHERE id = $1)
       WHERE id = $2`,
      [ahmadId, secondVictimId],
    );
    expectUnreadable(await read(`/victims/${secondVictimId}/identity`), [AHMAD_NIK]);

    const original = await read(`/victims/${ahmadId}/identity`);
    expect(original.status).toBe(200);
    expect(original.body).toMatchObject({ nik: AHMAD_NIK, originStreet: AHMAD_STREET });
  });

  it("refuses a relative's phone copied to another relative", async () => {
    await t.db.query(
      `UPDATE family_members SET phone_encrypted = (SELECT phone_encrypted FROM family_members WHERE id = $1)
       WHERE id = $2`,
      [janahId, mulhatId],
    );
    expectUnreadable(await read(`/family-members/${mulhatId}/contact`), [JANAH_PHONE_E164]);
    const janah = await read(`/family-members/${janahId}/contact`);
    expect(janah.status).toBe(200);
    expect(janah.body.phone).toBe(JANAH_PHONE_E164);
  });

  it("refuses a perpetrator's phone copied to another perpetrator", async () => {
    const other = await t
      .http()
      .post(
        `/api/v1/cases/${(await t.db.query(`SELECT case_id FROM victims WHERE id = $1`, [ahmadId])).rows[0].case_id}/perpetrators`,
      )
      .set(...bearer(caseworker))
      .send({
        perpetrator: { fullName: 'Rahmat', roles: ['Transporter'], phones: ['0813 1111 2222'] },
      });
    expect(other.status).toBe(201);
    await t.db.query(
      `UPDATE perpetrators SET phones_encrypted = (SELECT phones_encrypted FROM perpetrators WHERE id = $1)
       WHERE id = $2`,
      [haniId, other.body.id],
    );
    expectUnreadable(await read(`/perpetrators/${other.body.id}`), [HANI_PHONE_E164]);
    const hani = await read(`/perpetrators/${haniId}`);
    expect(hani.status).toBe(200);
    expect(hani.body.phones).toEqual([HANI_PHONE_E164]);
  });

  it('still reads values written before ciphertexts named their row', async () => {
    const street = 'Dusun Sukamaju RT 001';
    await t.db.query(
      `UPDATE victims SET nik_encrypted = $2, origin_street_encrypted = $3 WHERE id = $1`,
      [
        secondVictimId,
        columnBoundCiphertext('victims.nik', nikFor(7)),
        columnBoundCiphertext('victims.origin_street', street),
      ],
    );
    const identity = await read(`/victims/${secondVictimId}/identity`);
    expect(identity.status).toBe(200);
    expect(identity.body).toMatchObject({ nik: nikFor(7), originStreet: street });

    await t.db.query(`UPDATE perpetrators SET phones_encrypted = $2 WHERE id = $1`, [
      haniId,
      [columnBoundCiphertext('perpetrators.phone', HANI_PHONE_E164)],
    ]);
    const hani = await read(`/perpetrators/${haniId}`);
    expect(hani.status).toBe(200);
    expect(hani.body.phones).toEqual([HANI_PHONE_E164]);

    // A v1 value is still bound to its column: it does not read as another field.
    await t.db.query(`UPDATE victims SET phone_encrypted = $2 WHERE id = $1`, [
      secondVictimId,
      columnBoundCiphertext('victims.nik', nikFor(7)),
    ]);
    expectUnreadable(await read(`/victims/${secondVictimId}/identity`), [nikFor(7)]);
  });

  it('writes new values bound to their row, on update as on create', async () => {
    const updated = await t
      .http()
      .patch(`/api/v1/victims/${secondVictimId}`)
      .set(...bearer(caseworker))
      .send({
        version: (await read(`/victims/${secondVictimId}`)).body.version,
        nik: nikFor(8),
        phone: '0812 5555 6666',
      });
    expect(updated.status).toBe(200);
    const { rows } = await t.db.query(
      `SELECT nik_encrypted, phone_encrypted FROM victims WHERE id = $1`,
      [secondVictimId],
    );
    expect(rows[0].nik_encrypted).toMatch(/^v2:test1:/);
    expect(rows[0].phone_encrypted).toMatch(/^v2:test1:/);
    const identity = await read(`/victims/${secondVictimId}/identity`);
    expect(identity.body).toMatchObject({ nik: nikFor(8), phone: '+6281255556666' });
  });
});
