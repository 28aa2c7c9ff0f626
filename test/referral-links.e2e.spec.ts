import { randomBytes, randomUUID } from 'node:crypto';
import { bearer } from './support/factories';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import {
  auditOf,
  createReachableAgency,
  createReferral,
  fieldsOf,
  legalAidReferral,
  referralCounts,
  referralRow,
  ReferralBody,
} from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(30_000);

interface LinkRow {
  id: string;
  use_count: number;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}

interface Sent {
  referral: ReferralBody;
  email: string;
  token: string;
  linkId: string;
}

/** A token whose MAC differs from `token`'s in one character, in the middle. */
function tamperMac(token: string): string {
  const [id, mac] = token.split('.');
  const at = Math.floor(mac.length / 2);
  const swapped = mac[at] === 'A' ? 'B' : 'A';
  return `${id}.${mac.slice(0, at)}${swapped}${mac.slice(at + 1)}`;
}

describe('answering a referral through its action link', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let world: ReferralWorld;

  const view = (token: string) =>
    t.http().get('/api/v1/referral-responses').set('X-Response-Token', token);
  const answer = (token: string, body: object) =>
    t.http().post('/api/v1/referral-responses').set('X-Response-Token', token).send(body);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
    world = await referralWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  /** Waits until no "referral sent" message of the referral is still on its way. */
  /** Waits until the messages due now (the referral, the caseworker's news of an answer) are out. */
  async function settled(referralId: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications
         WHERE referral_id = $1 AND kind IN ('referral_sent', 'referral_answered')
           AND status IN ('pending', 'sending')`,
        [referralId],
      );
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the messages due now for ${referralId} were not delivered`);
  }

  /** Sends a referral to a partner of its own and takes the action link from the message. */
  async function sentWithLink(extra: object = {}): Promise<Sent> {
    const agency = await createReachableAgency(t);
    const referral = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, {
        agencyId: agency.id,
        sharedFields: ['full_name', 'death_details'],
        send: true,
        ...extra,
      }),
    );
    const [mail] = await sink.waitFor(1, 10_000, agency.email);
    await settled(referral.id);
    const token = tokenFromText(mail.text);
    return { referral, email: agency.email, token, linkId: token.split('.')[0] };
  }

  async function links(referralId: string): Promise<LinkRow[]> {
    const { rows } = await t.db.query<LinkRow>(
      `SELECT id, use_count, last_used_at, revoked_at, expires_at FROM referral_response_links
       WHERE referral_id = $1 ORDER BY created_at, id`,
      [referralId],
    );
    return rows;
  }

  /** Everything a refused link use must leave as it was. */
  async function snapshot(...referralIds: string[]) {
    return {
      counts: await referralCounts(t),
      referrals: await Promise.all(referralIds.map((id) => referralRow(t, id))),
      links: await Promise.all(referralIds.map((id) => links(id))),
    };
  }

  /**
   * A genuine link that no longer works (expired, revoked, its referral closed) changes nothing
   * but leaves one `referral.link_use_refused` entry per try, so a leaked link being tried shows.
   */
  async function expectOnlyRefusalsRecorded(
    referralId: string,
    before: Awaited<ReturnType<typeof snapshot>>,
    tries: number,
  ): Promise<void> {
    const after = await snapshot(referralId);
    expect(after).toEqual({
      ...before,
      counts: { ...before.counts, audit_events: before.counts.audit_events + tries },
    });
    const refused = (await auditOf(t, referralId)).filter(
      (a) => a.action === 'referral.link_use_refused',
    );
    expect(refused.slice(-tries).map((a) => (a.changes as { code: string }).code)).toEqual(
      Array(tries).fill('REFERRAL.LINK_INVALID'),
    );
  }

  async function expectLinkInvalid(token: string): Promise<void> {
    const viewed = await view(token);
    expect({ token, status: viewed.status, code: viewed.body.code }).toEqual({
      token,
      status: 404,
      code: 'REFERRAL.LINK_INVALID',
    });
    const answered = await answer(token, { action: 'acknowledge' });
    expect({ token, status: answered.status, code: answered.body.code }).toEqual({
      token,
      status: 404,
      code: 'REFERRAL.LINK_INVALID',
    });
  }

  it('shows the shared summary and takes an acknowledgement, counting and auditing each use', async () => {
    const { referral, token, linkId } = await sentWithLink();
    const [link] = await links(referral.id);
    expect(link).toMatchObject({ id: linkId, use_count: 0, last_used_at: null, revoked_at: null });

    const viewed = await view(token);
    expect(viewed.status).toBe(200);
    expect(viewed.body).toMatchObject({
      id: referral.id,
      caseNumber: world.caseNumber,
      status: 'sent',
      service: 'legal_aid',
      receivingAgency: { id: (referral.agency as { id: string }).id },
      referringAgency: { id: world.referringAgencyId },
      sharedFields: ['full_name', 'death_details'],
      allowedResponses: ['acknowledge', 'decline', 'progress', 'complete'],
    });
    expect(viewed.body.victims).toHaveLength(1);
    expect(viewed.body.victims[0]).toMatchObject({
      fullName: 'Ahmad Jayani',
      deathDate: '2024-05-11',
      deathCountry: 'KH',
    });
    for (const key of ['nik', 'phone', 'originStreet', 'gender'])
      expect(viewed.body.victims[0]).not.toHaveProperty(key);
    expect(viewed.body).not.toHaveProperty('caseId');
    expect((await links(referral.id))[0]).toMatchObject({ use_count: 1 });
    expect((await links(referral.id))[0].last_used_at).not.toBeNull();

    const viewAudit = (await auditOf(t, referral.id)).filter(
      (a) => a.action === 'referral.viewed_via_link',
    );
    expect(viewAudit).toHaveLength(1);
    expect(viewAudit[0]).toMatchObject({
      actor_id: null,
      case_id: world.caseId,
      changes: { linkId, personalData: true },
    });

    const acknowledged = await answer(token, {
      action: 'acknowledge',
      note: 'Diterima, kami pelajari.',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      progressNote: 'Diterima, kami pelajari.',
      allowedResponses: ['decline', 'progress', 'complete'],
    });
    expect(await referralRow(t, referral.id)).toMatchObject({
      status: 'acknowledged',
      version: referral.version + 1,
    });
    expect((await links(referral.id))[0]).toMatchObject({ use_count: 2, revoked_at: null });

    const responded = (await auditOf(t, referral.id)).filter(
      (a) => a.action === 'referral.responded',
    );
    expect(responded).toHaveLength(1);
    expect(responded[0]).toMatchObject({
      actor_id: null,
      changes: {
        action: 'acknowledge',
        via: 'link',
        linkId,
        status: { from: 'sent', to: 'acknowledged' },
      },
    });

    // The referring side sees the use, never the secret.
    const listed = await t
      .http()
      .get(`/api/v1/referrals/${referral.id}/response-links`)
      .set(...bearer(world.caseworker));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: linkId, useCount: 2, revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token.split('.')[1]);
  });

  it('gives a random string, a tampered MAC and a MAC of another link the same 404, and changes nothing', async () => {
    const a = await sentWithLink();
    const b = await sentWithLink();
    const [, macA] = a.token.split('.');
    const [, macB] = b.token.split('.');
    const before = await snapshot(a.referral.id, b.referral.id);

    for (const token of [
      'not-a-token',
      randomBytes(32).toString('base64url'),
      `${randomUUID()}.${macA}`,
      tamperMac(a.token),
      `${a.linkId}.${macB}`,
      `${b.linkId}.${macA}`,
      `${a.linkId}.${macA}.${macA}`,
      `${a.linkId}.`,
    ])
      await expectLinkInvalid(token);

    expect(await snapshot(a.referral.id, b.referral.id)).toEqual(before);
    // The genuine tokens still work.
    expect((await view(a.token)).status).toBe(200);
    expect((await view(b.token)).status).toBe(200);
  });

  it('refuses an expired link with the same 404, and changes nothing', async () => {
    const { referral, token, linkId } = await sentWithLink();
    await t.db.query(
      `UPDATE referral_response_links SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [linkId],
    );
    const before = await snapshot(referral.id);
    await expectLinkInvalid(token);
    await expectOnlyRefusalsRecorded(referral.id, before, 2);
    expect((await referralRow(t, referral.id)).status).toBe('sent');
  });

  it('renews the link: the old token stops working and the agency is mailed a new one that works', async () => {
    const { referral, email, token, linkId } = await sentWithLink();

    const stale = await t
      .http()
      .post(`/api/v1/referrals/${referral.id}/response-links`)
      .set(...bearer(world.caseworker))
      .send({ version: referral.version - 1 });
    expect(stale.status).toBe(409);
    expect(await links(referral.id)).toHaveLength(1);

    const renewed = await t
      .http()
      .post(`/api/v1/referrals/${referral.id}/response-links`)
      .set(...bearer(world.caseworker))
      .send({ version: referral.version });
    expect(renewed.status).toBe(201);
    const listed = renewed.body.items as Array<{
      id: string;
      revokedAt: string | null;
      useCount: number;
    }>;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ id: linkId });
    expect(listed[0].revokedAt).not.toBeNull();
    expect(listed[1].revokedAt).toBeNull();
    expect(listed[1].useCount).toBe(0);

    const mails = await sink.waitFor(2, 10_000, email);
    await settled(referral.id);
    const fresh = tokenFromText(mails[1].text);
    expect(fresh).not.toBe(token);
    expect(fresh.split('.')[0]).toBe(listed[1].id);

    const before = await snapshot(referral.id);
    await expectLinkInvalid(token);
    await expectOnlyRefusalsRecorded(referral.id, before, 2);

    const viewed = await view(fresh);
    expect(viewed.status).toBe(200);
    expect(viewed.body.id).toBe(referral.id);
    const acknowledged = await answer(fresh, { action: 'acknowledge' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');
    expect((await auditOf(t, referral.id)).map((a) => a.action)).toContain('referral.link_renewed');
  });

  it('stops working once the referral is completed', async () => {
    const { referral, token } = await sentWithLink();
    const completed = await answer(token, {
      action: 'complete',
      outcome: 'achieved',
      outcomeNotes: 'Pendampingan selesai.',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed', outcome: 'achieved' });
    expect((await links(referral.id)).every((l) => l.revoked_at !== null)).toBe(true);
    await settled(referral.id);

    const before = await snapshot(referral.id);
    await expectLinkInvalid(token);
    const progress = await answer(token, { action: 'progress', note: 'Masih ada?' });
    expect(progress.status).toBe(404);
    expect(progress.body.code).toBe('REFERRAL.LINK_INVALID');
    await expectOnlyRefusalsRecorded(referral.id, before, 3);
  });

  it('needs a reason to decline; a declined referral takes no further answer through the link', async () => {
    const { referral, token, linkId } = await sentWithLink();
    const stored = await referralRow(t, referral.id);
    const [linkBefore] = await links(referral.id);

    const noReason = await answer(token, { action: 'decline' });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    expect(await referralRow(t, referral.id)).toEqual(stored);
    expect((await links(referral.id))[0]).toEqual(linkBefore);
    // The refusal is noted against the referral (the code audits refused link answers).
    const refused = (await auditOf(t, referral.id)).filter(
      (a) => a.action === 'referral.link_use_refused',
    );
    expect(refused).toHaveLength(1);
    expect(refused[0].changes).toMatchObject({
      linkId,
      action: 'decline',
      code: 'REQUEST.VALIDATION_FAILED',
    });

    const declined = await answer(token, {
      action: 'decline',
      reason: 'Di luar wilayah kerja kami.',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      declineReason: 'Di luar wilayah kerja kami.',
      allowedResponses: [],
    });

    // Closing the referral revokes its links, so a second decline finds no link at all.
    await settled(referral.id);
    const before = await snapshot(referral.id);
    const again = await answer(token, { action: 'decline', reason: 'Sekali lagi ditolak.' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('REFERRAL.LINK_INVALID');
    await expectOnlyRefusalsRecorded(referral.id, before, 1);
    expect(await referralRow(t, referral.id)).toMatchObject({
      status: 'declined',
      decline_reason: 'Di luar wilayah kerja kami.',
    });
  });

  it('refuses an answer the status does not allow with 409, audited as refused, without counting a use', async () => {
    const { referral, token, linkId } = await sentWithLink();
    expect((await answer(token, { action: 'acknowledge' })).status).toBe(200);
    const stored = await referralRow(t, referral.id);
    const [linkBefore] = await links(referral.id);
    const auditBefore = await auditOf(t, referral.id);

    const again = await answer(token, { action: 'acknowledge' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'REFERRAL.ILLEGAL_RESPONSE',
      details: {
        status: 'acknowledged',
        action: 'acknowledge',
        allowed: ['decline', 'progress', 'complete'],
      },
    });
    expect(await referralRow(t, referral.id)).toEqual(stored);
    expect((await links(referral.id))[0]).toEqual(linkBefore);
    const added = (await auditOf(t, referral.id)).slice(auditBefore.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: 'referral.link_use_refused',
      actor_id: null,
      changes: { linkId, action: 'acknowledge', code: 'REFERRAL.ILLEGAL_RESPONSE' },
    });
  });

  it('gives a tampered token the same 404 and leaves no trace, even with an incomplete answer', async () => {
    const { referral, token } = await sentWithLink();
    const auditBefore = await auditOf(t, referral.id);
    const before = await snapshot(referral.id);

    // A decline without a reason, under a token whose MAC does not verify.
    const forged = await answer(tamperMac(token), { action: 'decline' });
    const added = (await auditOf(t, referral.id)).slice(auditBefore.length);
    expect({
      status: forged.status,
      code: forged.body.code,
      auditAdded: added.map((a) => ({ action: a.action, changes: a.changes })),
    }).toEqual({ status: 404, code: 'REFERRAL.LINK_INVALID', auditAdded: [] });
    expect(await snapshot(referral.id)).toEqual(before);
  });
});
