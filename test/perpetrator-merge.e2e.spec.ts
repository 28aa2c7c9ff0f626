import { UserRole } from '../src/modules/users/user-role';
import { createCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

interface PerpetratorBody {
  id: string;
  fullName: string;
  aliases: string[];
  roles: string[];
  phones: string[];
  socialHandles: string[];
  placementCompany: string | null;
  homeRegionCode: string | null;
  version: number;
  cases: Array<{ caseId: string; caseNumber: string }>;
  linkedCaseCount: number;
}

/**
 * Two regency offices recorded the same recruiter twice: Lampung Selatan as "Hani Sulastri" (and,
 * on a second case, again as "HANI S."), Banyuwangi as "Bu Hani".
 */
describe('POST /perpetrators/:id/merge', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let lampung: SignedInUser;
  let lampungCaseworker: SignedInUser;
  let banyuwangi: SignedInUser;
  let banyuwangiCaseworker: SignedInUser;
  let elsewhere: SignedInUser;
  let admin: SignedInUser;

  const send = (user: SignedInUser, method: 'get' | 'post', path: string, body?: object) => {
    const request = t
      .http()
      [method](`/api/v1${path}`)
      .set(...bearer(user));
    return body ? request.send(body) : request;
  };
  const read = async (user: SignedInUser, id: string) => {
    const response = await send(user, 'get', `/perpetrators/${id}`);
    expect(response.status).toBe(200);
    return response.body as PerpetratorBody;
  };
  async function recordedOn(user: SignedInUser, title: string, perpetrator: object) {
    const created = await createCase(t, user, {
      title,
      incidentType: 'trafficking',
      source: 'family',
      victims: [{ fullName: 'Siti Aminah', currentSituation: 'abroad', estimatedAge: 24 }],
      perpetrators: [{ perpetrator }],
    });
    const links = await send(user, 'get', `/cases/${created.id}/perpetrators`);
    return {
      caseId: created.id as string,
      perpetratorId: links.body.items[0].perpetratorId as string,
    };
  }

  /** The merge message to this supervisor that links to this record (earlier merges mail too). */
  async function mailAbout(user: SignedInUser, perpetratorId: string) {
    const link = `/api/v1/perpetrators/${perpetratorId}`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = sink.messagesTo(user.email).find((mail) => mail.text.includes(link));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no merge message to ${user.email} about ${link}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url } });
    const lampungOffice = await createAgency(t, { shortName: 'Disnaker Lampung Selatan' });
    const banyuwangiOffice = await createAgency(t, {
      shortName: 'Disnaker Banyuwangi',
      regionCode: '35.10',
    });
    lampung = await createUser(t, UserRole.Supervisor, { agencyId: lampungOffice.id });
    lampungCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: lampungOffice.id });
    banyuwangi = await createUser(t, UserRole.Supervisor, { agencyId: banyuwangiOffice.id });
    banyuwangiCaseworker = await createUser(t, UserRole.Caseworker, {
      agencyId: banyuwangiOffice.id,
    });
    elsewhere = await createUser(t, UserRole.Supervisor);
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('merges two records of one agency: links, aliases, phones and handles kept, once each', async () => {
    const first = await recordedOn(lampungCaseworker, 'Kasus pertama', {
      fullName: 'Hani Sulastri',
      aliases: ['Bu Hani'],
      roles: ['RecruiterOrIntermediary'],
      phones: ['0811 7000 1234'],
      socialHandles: ['@hani.kerja'],
      homeRegionCode: '18.07',
    });
    const second = await recordedOn(lampungCaseworker, 'Kasus kedua', {
      fullName: 'HANI S.',
      aliases: ['bu hani', 'Hani Sulastri'],
      roles: ['Transporter'],
      phones: ['+62 811-7000-1234', '0812 3456 7890'],
      socialHandles: ['Hani.Kerja', 'fb:hani99'],
      placementCompany: 'PT Maju Jaya',
    });
    const [survivor, duplicate] = [
      await read(lampung, first.perpetratorId),
      await read(lampung, second.perpetratorId),
    ];

    const refused = await send(lampungCaseworker, 'post', `/perpetrators/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: duplicate.version,
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'PERPETRATOR.MERGE_NOT_ALLOWED']);
    const stale = await send(lampung, 'post', `/perpetrators/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: duplicate.version + 1,
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'PERPETRATOR.VERSION_CONFLICT']);

    const merged = await send(lampung, 'post', `/perpetrators/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: duplicate.version,
    });
    expect(merged.status).toBe(200);
    const body = merged.body as PerpetratorBody;
    expect(body).toMatchObject({
      id: survivor.id,
      fullName: 'Hani Sulastri',
      aliases: ['Bu Hani', 'HANI S.'],
      roles: ['RecruiterOrIntermediary', 'Transporter'],
      phones: ['+6281170001234', '+6281234567890'],
      socialHandles: ['@hani.kerja', 'fb:hani99'],
      placementCompany: 'PT Maju Jaya',
      homeRegionCode: '18.07',
      version: survivor.version + 1,
      linkedCaseCount: 2,
    });
    expect(body.cases.map((c) => c.caseId).sort()).toEqual([first.caseId, second.caseId].sort());

    // The duplicate answers where it went; links and search know only the survivor.
    const gone = await send(lampung, 'get', `/perpetrators/${duplicate.id}`);
    expect([gone.status, gone.body.code, gone.body.details?.mergedIntoId]).toEqual([
      404,
      'PERPETRATOR.MERGED',
      survivor.id,
    ]);
    const again = await send(lampung, 'post', `/perpetrators/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: body.version,
      duplicateVersion: duplicate.version + 1,
    });
    expect([again.status, again.body.code]).toEqual([404, 'PERPETRATOR.MERGED']);
    const found = await send(admin, 'get', '/perpetrators?q=hani');
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([survivor.id]);
    const people = await send(lampung, 'get', '/search/people?q=hani%20s&kinds=perpetrator');
    expect(people.status).toBe(200);
    expect(people.body.items.map((p: { id: string }) => p.id)).toEqual([survivor.id]);
    const relink = await send(lampung, 'post', `/cases/${first.caseId}/perpetrators`, {
      perpetratorId: duplicate.id,
    });
    expect(relink.status).toBe(404);

    const { rows: audit } = await t.db.query<{ case_id: string; changes: Record<string, unknown> }>(
      `SELECT case_id, changes FROM audit_events
       WHERE action = 'perpetrator.merged' AND entity_id = $1 ORDER BY case_id`,
      [survivor.id],
    );
    expect(audit.map((row) => row.case_id)).toEqual([first.caseId, second.caseId].sort());
    expect(audit[0].changes).toMatchObject({ mergedPerpetratorId: duplicate.id });
    expect(JSON.stringify(audit)).not.toContain('7890');
    const { rows: history } = await t.db.query(
      `SELECT survivor_id, duplicate_id, moved_case_ids, merged_by FROM perpetrator_merges
       WHERE duplicate_id = $1`,
      [duplicate.id],
    );
    expect(history).toEqual([
      {
        survivor_id: survivor.id,
        duplicate_id: duplicate.id,
        moved_case_ids: [second.caseId],
        merged_by: lampung.id,
      },
    ]);
  });

  it('sends a record merged twice over to the record that lives on', async () => {
    const records = await Promise.all(
      ['Darto Suwito', 'DARTO S.', 'Pak Darto'].map((fullName, i) =>
        recordedOn(lampungCaseworker, `Kasus Darto ${i + 1}`, {
          fullName,
          homeRegionCode: '18.07',
        }),
      ),
    );
    const [first, second, last] = await Promise.all(
      records.map((record) => read(lampung, record.perpetratorId)),
    );
    const merge = async (survivor: PerpetratorBody, duplicate: PerpetratorBody) => {
      const response = await send(lampung, 'post', `/perpetrators/${survivor.id}/merge`, {
        duplicateId: duplicate.id,
        version: survivor.version,
        duplicateVersion: duplicate.version,
      });
      expect(response.status).toBe(200);
      return response.body as PerpetratorBody;
    };
    const middle = await merge(second, first);
    await merge(last, middle);
    for (const gone of [first, second]) {
      const response = await send(lampung, 'get', `/perpetrators/${gone.id}`);
      expect([response.status, response.body.code, response.body.details?.mergedIntoId]).toEqual([
        404,
        'PERPETRATOR.MERGED',
        last.id,
      ]);
    }
    expect((await read(lampung, last.id)).cases.map((c) => c.caseId).sort()).toEqual(
      records.map((record) => record.caseId).sort(),
    );
  });

  it('merges across agencies by an admin, telling both agencies’ supervisors, and waits for pending proposals', async () => {
    const lampungRecord = await recordedOn(lampungCaseworker, 'Kasus Lampung', {
      fullName: 'Rudi Hartono',
      roles: ['RecruiterOrIntermediary'],
    });
    const banyuwangiRecord = await recordedOn(banyuwangiCaseworker, 'Kasus Banyuwangi', {
      fullName: 'Rudy Hartono',
      phones: ['0813 1111 2222'],
    });
    // Lampung cannot see Banyuwangi's record: to Lampung the pair does not exist.
    const hidden = await send(
      lampung,
      'post',
      `/perpetrators/${lampungRecord.perpetratorId}/merge`,
      {
        duplicateId: banyuwangiRecord.perpetratorId,
        version: 1,
        duplicateVersion: 1,
      },
    );
    expect([hidden.status, hidden.body.code]).toEqual([404, 'PERPETRATOR.NOT_FOUND']);

    // A proposal still waiting on the duplicate holds the merge back until it is decided.
    const sharedCase = await createCase(t, lampungCaseworker, {
      title: 'Kasus bersama',
      incidentType: 'trafficking',
      source: 'family',
      victims: [{ fullName: 'Rina', currentSituation: 'abroad', estimatedAge: 30 }],
    });
    expect(
      (
        await send(admin, 'post', `/cases/${sharedCase.id}/perpetrators`, {
          perpetratorId: banyuwangiRecord.perpetratorId,
        })
      ).status,
    ).toBe(201);
    const proposal = await send(
      lampungCaseworker,
      'post',
      `/perpetrators/${banyuwangiRecord.perpetratorId}/proposals`,
      { changes: { fullName: 'Rudi Hartono' }, reason: 'Ejaan di KTP' },
    );
    expect(proposal.status).toBe(201);
    const [survivor, duplicate] = [
      await read(admin, lampungRecord.perpetratorId),
      await read(admin, banyuwangiRecord.perpetratorId),
    ];
    const mergeBody = {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: duplicate.version,
    };
    // Lampung now sees both, but one is Banyuwangi's: rewriting it is not Lampung's to do.
    const across = await send(lampung, 'post', `/perpetrators/${survivor.id}/merge`, mergeBody);
    expect([across.status, across.body.code]).toEqual([403, 'PERPETRATOR.MERGE_NOT_ALLOWED']);
    const waiting = await send(admin, 'post', `/perpetrators/${survivor.id}/merge`, mergeBody);
    expect([waiting.status, waiting.body.code]).toEqual([
      409,
      'PERPETRATOR.MERGE_PENDING_PROPOSALS',
    ]);
    const rejected = await send(
      banyuwangi,
      'post',
      `/perpetrator-proposals/${proposal.body.id}/reject`,
      { note: 'Digabung saja' },
    );
    expect(rejected.status).toBe(200);

    const merged = await send(admin, 'post', `/perpetrators/${survivor.id}/merge`, mergeBody);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ aliases: ['Rudy Hartono'], linkedCaseCount: 3 });

    // Banyuwangi now reaches the record through its own case, and the old id tells it where.
    const banyuwangiView = await read(banyuwangiCaseworker, survivor.id);
    expect(banyuwangiView.cases.map((c) => c.caseId)).toEqual([banyuwangiRecord.caseId]);
    const old = await send(banyuwangiCaseworker, 'get', `/perpetrators/${duplicate.id}`);
    expect([old.status, old.body.details?.mergedIntoId]).toEqual([404, survivor.id]);
    const outsider = await send(elsewhere, 'get', `/perpetrators/${duplicate.id}`);
    expect([outsider.status, outsider.body.code]).toEqual([404, 'PERPETRATOR.NOT_FOUND']);

    // Each supervisor hears of it, with their own agency's cases and no name of anyone.
    const toLampung = await mailAbout(lampung, survivor.id);
    const toBanyuwangi = await mailAbout(banyuwangi, survivor.id);
    expect(toLampung.subject).toBe('[Jejak] Catatan pelaku di register digabung');
    const lampungNumbers = (await read(lampung, survivor.id)).cases.map((c) => c.caseNumber);
    for (const number of lampungNumbers) expect(toLampung.text).toContain(number);
    expect(toBanyuwangi.text).toContain(banyuwangiView.cases[0].caseNumber);
    for (const number of lampungNumbers) expect(toBanyuwangi.text).not.toContain(number);
    for (const mail of [toLampung, toBanyuwangi]) {
      expect(mail.text).toContain(`http://jejak.test/api/v1/perpetrators/${survivor.id}`);
      for (const secret of ['Rudi', 'Rudy', 'Disnaker', '2222'])
        expect(mail.text).not.toContain(secret);
    }
  });

  it('refuses, rather than trims, two records holding more phones together than one keeps', async () => {
    const phones = (from: number) =>
      Array.from({ length: 6 }, (_, i) => `0812 5555 ${String(from + i).padStart(4, '0')}`);
    const one = await recordedOn(lampungCaseworker, 'Kasus A', {
      fullName: 'Yono',
      phones: phones(0),
    });
    const two = await recordedOn(lampungCaseworker, 'Kasus B', {
      fullName: 'Yono K.',
      phones: phones(100),
    });
    const response = await send(lampung, 'post', `/perpetrators/${one.perpetratorId}/merge`, {
      duplicateId: two.perpetratorId,
      version: 1,
      duplicateVersion: 1,
    });
    expect(response.status).toBe(400);
    expect(response.body.details.fields[0].field).toBe('duplicateId');
    expect(response.body.details.fields[0].messages[0]).toContain('12 phones');
    expect((await read(lampung, two.perpetratorId)).phones).toHaveLength(6);
  });

  it('refuses a merge into itself and a body without versions, with field messages', async () => {
    const record = await recordedOn(lampungCaseworker, 'Kasus tunggal', { fullName: 'Sarno' });
    const self = await send(lampung, 'post', `/perpetrators/${record.perpetratorId}/merge`, {
      duplicateId: record.perpetratorId,
      version: 1,
      duplicateVersion: 1,
    });
    expect(self.status).toBe(400);
    expect(self.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'duplicateId',
    ]);
    const empty = await send(lampung, 'post', `/perpetrators/${record.perpetratorId}/merge`, {
      duplicateId: 'nope',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'duplicateId',
      'duplicateVersion',
      'version',
    ]);
  });
});
