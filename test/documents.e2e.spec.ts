import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { MAX_DOCUMENT_BYTES } from '../src/modules/documents/document.enums';
import { ReferralLinksService } from '../src/modules/referrals/referral-links.service';
import { UserRole } from '../src/modules/users/user-role';
import { ahmadJayaniCase, createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { createReachableAgency, createReferral, sendReferral } from './support/referral-helpers';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Case documents through the API: upload checked by content, encrypted at rest, downloaded
 * byte for byte, refused whole when too large or of the wrong type, read as the case is, and
 * audited on every download.
 */

const documentsOf = (caseId: string) => `/api/v1/cases/${caseId}/documents`;
const contentOf = (documentId: string) => `/api/v1/documents/${documentId}/content`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PDF as far as any content check can tell, with a marker to look for in the database. */
function pdfBytes(size: number, marker = 'AHMAD JAYANI DEATH CERTIFICATE'): Buffer {
  const head = Buffer.from(`%PDF-1.7\n%${marker}\n1 0 obj << /Type /Catalog >> endobj\n`);
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

const JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  randomBytes(5000),
  Buffer.from([0xff, 0xd9]),
]);

/** Reads a binary answer whole, whatever its type. */
function binary(
  response: NodeJS.ReadableStream,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  const pieces: Buffer[] = [];
  response.on('data', (piece: Buffer) => pieces.push(piece));
  response.on('end', () => callback(null, Buffer.concat(pieces)));
  response.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

describe('case documents', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let outsider: SignedInUser;
  let caseId: string;
  let victimId: string;
  let otherCaseVictimId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    const agencyId = (await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' })).id;
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    outsider = await createUser(t, UserRole.Caseworker);
    const ahmad = await createCase(t, caseworker, ahmadJayaniCase());
    caseId = ahmad.id;
    victimId = ahmad.victims[0].id;
    otherCaseVictimId = (await createCase(t, caseworker, plainCase())).victims[0].id;
  });
  afterAll(() => t.close());

  function upload(
    user: SignedInUser,
    file: Buffer,
    options: { filename?: string; contentType?: string; fields?: Record<string, string> } = {},
    target = caseId,
  ) {
    let form = t
      .http()
      .post(documentsOf(target))
      .set(...bearer(user));
    for (const [name, value] of Object.entries(options.fields ?? { kind: 'death_certificate' }))
      form = form.field(name, value);
    return form.attach('file', file, {
      filename: options.filename ?? 'akta_kematian_ahmad_jayani.pdf',
      contentType: options.contentType ?? 'application/pdf',
    });
  }

  function download(user: SignedInUser, documentId: string) {
    return t
      .http()
      .get(contentOf(documentId))
      .set(...bearer(user))
      .buffer(true)
      .parse((response, callback) =>
        binary(response as unknown as NodeJS.ReadableStream, callback),
      );
  }

  async function storedCounts(): Promise<{ documents: number; chunks: number }> {
    const { rows } = await t.db.query<{ documents: number; chunks: number }>(
      `SELECT (SELECT count(*) FROM case_documents)::int AS documents,
              (SELECT count(*) FROM document_chunks)::int AS chunks`,
    );
    return rows[0];
  }

  it('uploads a PDF about a victim, lists it, and gives the same bytes back, audited', async () => {
    const pdf = pdfBytes(300_000);
    const created = await upload(caseworker, pdf, {
      fields: { kind: 'death_certificate', victimId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      caseId,
      victimId,
      kind: 'death_certificate',
      mimeType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha256(pdf),
      fileName: 'akta_kematian_ahmad_jayani.pdf',
      uploadedBy: { id: caseworker.id },
    });
    expect(created.body.uploadedBy.fullName).toEqual(expect.any(String));

    const list = await t
      .http()
      .get(documentsOf(caseId))
      .set(...bearer(supervisor));
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);

    const got: Response = await download(supervisor, created.body.id);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-length']).toBe(String(pdf.length));
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="akta_kematian_ahmad_jayani.pdf"; filename*=UTF-8''akta_kematian_ahmad_jayani.pdf`,
    );
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');

    const { rows: audit } = await t.db.query(
      `SELECT action, actor_id, case_id, changes FROM audit_events
       WHERE entity_type = 'document' AND entity_id = $1 ORDER BY occurred_at, id`,
      [created.body.id],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'document.uploaded',
        actor_id: caseworker.id,
        case_id: caseId,
      }),
      expect.objectContaining({
        action: 'document.downloaded',
        actor_id: supervisor.id,
        case_id: caseId,
        changes: { kind: 'death_certificate', victimId },
      }),
    ]);
  });

  it('keeps content and file name encrypted at rest', async () => {
    const marker = `PASPOR-${randomBytes(6).toString('hex')}`;
    const pdf = pdfBytes(150_000, marker);
    const created = await upload(caseworker, pdf, {
      filename: `${marker}.pdf`,
      fields: { kind: 'passport' },
    });
    expect(created.status).toBe(201);
    const { rows } = await t.db.query<{ sealed: Buffer }>(
      `SELECT c.sealed FROM document_chunks c JOIN case_documents d ON d.storage_key = c.storage_key
       WHERE d.id = $1 ORDER BY c.chunk_index`,
      [created.body.id],
    );
    expect(rows.length).toBe(3);
    const stored = Buffer.concat(rows.map((row) => row.sealed));
    expect(stored.includes(Buffer.from(marker))).toBe(false);
    expect(stored.includes(pdf.subarray(200, 264))).toBe(false);
    const { rows: documentRows } = await t.db.query(
      `SELECT row_to_json(d)::text AS text FROM case_documents d WHERE id = $1`,
      [created.body.id],
    );
    expect(documentRows[0].text).not.toContain(marker);
    // And it reads back whole.
    const got = await download(caseworker, created.body.id);
    expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
  });

  it('judges the type by content: a JPEG named .png is a JPEG, a text file named .pdf is refused', async () => {
    const photo = await upload(caseworker, JPEG_BYTES, {
      filename: 'paspor.png',
      contentType: 'image/png',
      fields: { kind: 'passport', victimId },
    });
    expect(photo.status).toBe(201);
    expect(photo.body.mimeType).toBe('image/jpeg');

    const before = await storedCounts();
    const text = await upload(caseworker, Buffer.from('#!/bin/sh\necho not a certificate\n'), {
      filename: 'akta.pdf',
      contentType: 'application/pdf',
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('DOCUMENT.TYPE_NOT_ACCEPTED');
    expect(await storedCounts()).toEqual(before);
  });

  it('takes exactly 20 MiB and refuses one byte more, leaving nothing behind', async () => {
    const before = await storedCounts();
    const tooLarge = await upload(caseworker, pdfBytes(MAX_DOCUMENT_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('DOCUMENT.TOO_LARGE');
    expect(await storedCounts()).toEqual(before);

    const largest = pdfBytes(MAX_DOCUMENT_BYTES);
    const created = await upload(caseworker, largest);
    expect(created.status).toBe(201);
    expect(created.body.sizeBytes).toBe(MAX_DOCUMENT_BYTES);
    const got = await download(caseworker, created.body.id);
    expect(sha256(got.body as Buffer)).toBe(sha256(largest));
  }, 60_000);

  it('refuses malformed uploads with field errors and stores nothing', async () => {
    const before = await storedCounts();
    const refusals: Array<[string, Promise<Response>, string]> = [
      ['no kind', upload(caseworker, pdfBytes(2000), { fields: {} }), 'kind'],
      ['unknown kind', upload(caseworker, pdfBytes(2000), { fields: { kind: 'selfie' } }), 'kind'],
      [
        "another case's victim",
        upload(caseworker, pdfBytes(2000), {
          fields: { kind: 'passport', victimId: otherCaseVictimId },
        }),
        'victimId',
      ],
      [
        'an unknown field',
        upload(caseworker, pdfBytes(2000), { fields: { kind: 'passport', nik: '1801' } }),
        'nik',
      ],
      ['an empty file', upload(caseworker, Buffer.alloc(0)), 'file'],
      [
        'no file',
        t
          .http()
          .post(documentsOf(caseId))
          .set(...bearer(caseworker))
          .field('kind', 'passport'),
        'file',
      ],
      [
        'JSON instead of a form',
        t
          .http()
          .post(documentsOf(caseId))
          .set(...bearer(caseworker))
          .send({ kind: 'passport' }),
        'file',
      ],
      [
        'the file before the fields',
        t
          .http()
          .post(documentsOf(caseId))
          .set(...bearer(caseworker))
          .attach('file', pdfBytes(2000), 'a.pdf')
          .field('kind', 'passport'),
        'kind',
      ],
    ];
    for (const [label, pending, field] of refusals) {
      const response = await pending;
      expect({ label, status: response.status }).toEqual({ label, status: 400 });
      expect({
        label,
        fields: response.body.details?.fields?.map((f: { field: string }) => f.field),
      }).toEqual({ label, fields: [field] });
    }
    expect(await storedCounts()).toEqual(before);
  });

  it('follows the case: another agency sees nothing, a viewer lists but cannot open or add', async () => {
    const created = await upload(caseworker, pdfBytes(5000), { fields: { kind: 'police_report' } });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const outsiderList = await t
      .http()
      .get(documentsOf(caseId))
      .set(...bearer(outsider));
    expect(outsiderList.status).toBe(404);
    expect((await download(outsider, id)).status).toBe(404);
    expect((await upload(outsider, pdfBytes(2000))).status).toBe(404);

    const viewerList = await t
      .http()
      .get(documentsOf(caseId))
      .set(...bearer(viewer));
    expect(viewerList.status).toBe(200);
    const seen = viewerList.body.items.find((d: { id: string }) => d.id === id);
    expect(seen).toMatchObject({ kind: 'police_report', fileName: null });
    const viewerDownload = await download(viewer, id);
    expect(viewerDownload.status).toBe(403);
    expect(JSON.parse((viewerDownload.body as Buffer).toString()).code).toBe(
      'DOCUMENT.CONTENT_FORBIDDEN',
    );
    expect((await upload(viewer, pdfBytes(2000))).status).toBe(403);

    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events
       WHERE entity_id = $1 AND action = 'document.downloaded'`,
      [id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('lets a supervisor, not a caseworker, remove a misfiled document, content and all, with a reason', async () => {
    const created = await upload(caseworker, pdfBytes(140_000), { fields: { kind: 'passport' } });
    const id = created.body.id;
    const removal = (user: SignedInUser, body: object) =>
      t
        .http()
        .post(`/api/v1/documents/${id}/removal`)
        .set(...bearer(user))
        .send(body);
    const reason = 'Paspor orang lain, salah kasus.';

    expect((await removal(caseworker, { reason })).body.code).toBe('DOCUMENT.REMOVAL_FORBIDDEN');
    expect((await removal(outsider, { reason })).status).toBe(404);
    const short = await removal(supervisor, { reason: 'salah' });
    expect(short.status).toBe(400);
    expect(short.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);

    const { rows: before } = await t.db.query<{ storage_key: string }>(
      `SELECT storage_key FROM case_documents WHERE id = $1`,
      [id],
    );
    expect((await removal(supervisor, { reason })).status).toBe(204);
    const { rows: left } = await t.db.query(
      `SELECT (SELECT count(*) FROM case_documents WHERE id = $1)::int AS documents,
              (SELECT count(*) FROM document_chunks WHERE storage_key = $2)::int AS chunks`,
      [id, before[0].storage_key],
    );
    expect(left[0]).toEqual({ documents: 0, chunks: 0 });
    expect((await download(supervisor, id)).status).toBe(404);
    expect((await removal(supervisor, { reason })).status).toBe(404);

    const { rows: audit } = await t.db.query(
      `SELECT actor_id, changes, restricted_changes FROM audit_events
       WHERE entity_id = $1 AND action = 'document.removed'`,
      [id],
    );
    expect(audit).toEqual([
      {
        actor_id: supervisor.id,
        changes: expect.objectContaining({ kind: 'passport', reason: '[redacted]' }),
        restricted_changes: { reason },
      },
    ]);
  });

  it('sweeps an upload cut off by a stopped process, once it is an hour old', async () => {
    // What a process stopped mid-upload leaves: a row never marked stored, and some chunks.
    const abandoned = async (age: string) => {
      const { rows } = await t.db.query<{ id: string; storage_key: string }>(
        `INSERT INTO case_documents (case_id, kind, mime_type, file_name_encrypted, content_key,
                                     storage_key, uploaded_by, created_at)
         VALUES ($1, 'passport', 'application/pdf', 'x', 'x', gen_random_uuid()::text, $2,
                 now() - $3::interval)
         RETURNING id, storage_key`,
        [caseId, caseworker.id, age],
      );
      await t.db.query(
        `INSERT INTO document_chunks (storage_key, chunk_index, sealed) VALUES ($1, 0, '\\x00')`,
        [rows[0].storage_key],
      );
      return rows[0];
    };
    const old = await abandoned('2 hours');
    const recent = await abandoned('1 minute');
    expect((await upload(caseworker, pdfBytes(2000))).status).toBe(201);
    const { rows } = await t.db.query(
      `SELECT d.id, count(c.*)::int AS chunks FROM case_documents d
       LEFT JOIN document_chunks c ON c.storage_key = d.storage_key
       WHERE d.id = ANY ($1) GROUP BY d.id`,
      [[old.id, recent.id]],
    );
    // The recent one may still be arriving: it stays, hidden from the list.
    expect(rows).toEqual([{ id: recent.id, chunks: 1 }]);
    const { rows: orphans } = await t.db.query(
      `SELECT count(*)::int AS n FROM document_chunks WHERE storage_key = $1`,
      [old.storage_key],
    );
    expect(orphans[0].n).toBe(0);
    const list = await t
      .http()
      .get(documentsOf(caseId))
      .set(...bearer(caseworker));
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(recent.id);
    await t.db.query(`DELETE FROM document_chunks WHERE storage_key = $1`, [recent.storage_key]);
    await t.db.query(`DELETE FROM case_documents WHERE id = $1`, [recent.id]);
  });

  it('refuses a download whose audit entry cannot be written, and a tampered document', async () => {
    const created = await upload(caseworker, pdfBytes(100_000), { fields: { kind: 'other' } });
    const id = created.body.id;
    await t.db.query(`
      CREATE FUNCTION refuse_document_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`);
    await t.db.query(`
      CREATE TRIGGER refuse_document_audit BEFORE INSERT ON audit_events FOR EACH ROW
      WHEN (NEW.action = 'document.downloaded') EXECUTE FUNCTION refuse_document_audit()`);
    try {
      const refused = await download(caseworker, id);
      expect(refused.status).toBe(500);
      expect((refused.body as Buffer).includes(Buffer.from('%PDF'))).toBe(false);
    } finally {
      await t.db.query(`DROP TRIGGER refuse_document_audit ON audit_events`);
      await t.db.query(`DROP FUNCTION refuse_document_audit()`);
    }

    await t.db.query(
      `UPDATE document_chunks c SET sealed = set_byte(sealed, 10, get_byte(sealed, 10) # 1)
       FROM case_documents d WHERE d.storage_key = c.storage_key AND d.id = $1 AND c.chunk_index = 0`,
      [id],
    );
    const tampered = await download(caseworker, id);
    expect(tampered.status).toBe(409);
    expect(JSON.parse((tampered.body as Buffer).toString()).code).toBe('DOCUMENT.UNREADABLE');
  });
});

describe('case documents shared on a referral', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let caseId: string;
  let victimId: string;
  let partnerId: string;
  let certificate: { id: string; bytes: Buffer };
  let passport: { id: string };
  let otherCaseDocumentId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    const agencyId = (await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' })).id;
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    const ahmad = await createCase(t, caseworker, ahmadJayaniCase());
    caseId = ahmad.id;
    victimId = ahmad.victims[0].id;
    partnerId = (await createReachableAgency(t, { label: 'KBRI Phnom Penh' })).id;
    const uploadTo = async (target: string, bytes: Buffer, kind: string) => {
      const response = await t
        .http()
        .post(documentsOf(target))
        .set(...bearer(caseworker))
        .field('kind', kind)
        .attach('file', bytes, { filename: `${kind}.pdf`, contentType: 'application/pdf' });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const bytes = pdfBytes(90_000);
    certificate = { id: await uploadTo(caseId, bytes, 'death_certificate'), bytes };
    passport = { id: await uploadTo(caseId, pdfBytes(3000), 'passport') };
    const other = await createCase(t, caseworker, plainCase());
    otherCaseDocumentId = await uploadTo(other.id, pdfBytes(3000), 'police_report');
  });
  afterAll(() => t.close());

  const repatriation = (extra: object = {}) => ({
    agencyId: partnerId,
    service: 'repatriation_remains',
    reason: 'Pemulangan jenazah almarhum dari Kamboja.',
    request: 'Mohon bantuan pemulangan jenazah.',
    victimIds: [victimId],
    consent: 'family',
    sharedFields: ['full_name'],
    ...extra,
  });

  async function tokenOf(referralId: string): Promise<string> {
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM referral_response_links WHERE referral_id = $1 AND revoked_at IS NULL`,
      [referralId],
    );
    return t.app.get(ReferralLinksService).tokenFor(rows[0].id);
  }

  const byLink = (token: string, documentId: string) =>
    t
      .http()
      .get(`/api/v1/referral-responses/documents/${documentId}`)
      .set('X-Response-Token', token)
      .buffer(true)
      .parse((response, callback) =>
        binary(response as unknown as NodeJS.ReadableStream, callback),
      );

  it('refuses documents of another case, and documents without consent or a reason', async () => {
    const foreign = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(...bearer(caseworker))
      .send(repatriation({ documentIds: [certificate.id, otherCaseDocumentId] }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'documentIds',
    ]);
    const unconsented = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(...bearer(caseworker))
      .send(
        repatriation({
          consent: 'not_obtained',
          sharedFields: [],
          victimIds: [],
          documentIds: [certificate.id],
        }),
      );
    expect(unconsented.status).toBe(400);
    expect(unconsented.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'noConsentReason',
    ]);
  });

  it('lets the partner download the chosen documents through its link, and only those, audited', async () => {
    const draft = await createReferral(
      t,
      caseworker,
      caseId,
      repatriation({ documentIds: [certificate.id] }),
    );
    expect(draft.documentIds).toEqual([certificate.id]);
    const sent = await sendReferral(t, caseworker, draft);
    const token = await tokenOf(sent.id);

    const view = await t.http().get('/api/v1/referral-responses').set('X-Response-Token', token);
    expect(view.status).toBe(200);
    expect(view.body.documents).toEqual([
      expect.objectContaining({
        id: certificate.id,
        kind: 'death_certificate',
        fileName: 'death_certificate.pdf',
        sizeBytes: certificate.bytes.length,
      }),
    ]);

    const got = await byLink(token, certificate.id);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(certificate.bytes));
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);

    // Not chosen, of another case, unknown, or with a forged token: all the same 404.
    for (const id of [passport.id, otherCaseDocumentId, '00000000-0000-4000-8000-000000000000'])
      expect((await byLink(token, id)).status).toBe(404);
    expect((await byLink(`${token}x`, certificate.id)).status).toBe(404);

    const { rows } = await t.db.query(
      `SELECT action, actor_id, changes FROM audit_events
       WHERE entity_type = 'document' AND entity_id = $1 AND action = 'document.downloaded_by_link'`,
      [certificate.id],
    );
    expect(rows).toEqual([
      {
        action: 'document.downloaded_by_link',
        actor_id: null,
        changes: expect.objectContaining({ referralId: sent.id, receivingAgencyId: partnerId }),
      },
    ]);

    // Signed in, the receiving agency's liaison downloads it too; another agency's does not.
    const liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: partnerId });
    const stranger = await createUser(t, UserRole.AgencyLiaison);
    const signedIn = (user: SignedInUser, documentId: string) =>
      t
        .http()
        .get(`/api/v1/referrals/${sent.id}/documents/${documentId}`)
        .set(...bearer(user))
        .buffer(true)
        .parse((response, callback) =>
          binary(response as unknown as NodeJS.ReadableStream, callback),
        );
    const asLiaison = await signedIn(liaison, certificate.id);
    expect(asLiaison.status).toBe(200);
    expect(sha256(asLiaison.body as Buffer)).toBe(sha256(certificate.bytes));
    expect((await signedIn(liaison, passport.id)).status).toBe(404);
    expect((await signedIn(stranger, certificate.id)).status).toBe(404);
    const { rows: byReceiver } = await t.db.query(
      `SELECT actor_id FROM audit_events
       WHERE entity_id = $1 AND action = 'document.downloaded_by_receiver'`,
      [certificate.id],
    );
    expect(byReceiver).toEqual([{ actor_id: liaison.id }]);

    // Once the agency declines, the link still opens the referral, but the document is no longer
    // theirs to read.
    const declined = await t
      .http()
      .post('/api/v1/referral-responses')
      .set('X-Response-Token', token)
      .send({ action: 'decline', reason: 'Di luar wilayah kerja kami.' });
    expect(declined.status).toBe(200);
    expect(declined.body.documents).toEqual([]);
    expect((await byLink(token, certificate.id)).status).toBe(404);
  });
});
