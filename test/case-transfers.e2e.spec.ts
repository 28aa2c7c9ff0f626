import { AgencyLevel, AgencyType } from '../src/modules/agencies/agency.enums';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { createReachableAgency } from './support/referral-helpers';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

interface Transfer {
  id: string;
  caseId: string;
  caseNumber: string;
  status: string;
  reason: string;
  responseReason: string | null;
  case: Record<string, unknown> | null;
}

const REASON = 'Pemulangan jenazah dan klaim asuransi ditangani BP3MI Lampung';

/**
 * A case moving from a regency office to the provincial BP3MI: asked by the owner's supervisor,
 * decided by the receiving supervisor; who sees what before and after, what the database keeps,
 * and that a third agency sees nothing at all.
 */
describe('case transfers', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let regencyId: string;
  let provinceId: string;
  let thirdId: string;
  let regencySupervisor: SignedInUser;
  let regencyCaseworker: SignedInUser;
  let provinceSupervisor: SignedInUser;
  let provinceCaseworker: SignedInUser;
  let thirdSupervisor: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url } });
    regencyId = (await createAgency(t)).id;
    provinceId = (
      await createAgency(t, {
        type: AgencyType.Bp3mi,
        level: AgencyLevel.Province,
        regionCode: '18',
      })
    ).id;
    thirdId = (await createAgency(t)).id;
    regencySupervisor = await createUser(t, UserRole.Supervisor, { agencyId: regencyId });
    regencyCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: regencyId });
    provinceSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: provinceId });
    provinceCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: provinceId });
    thirdSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: thirdId });
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const post = (user: SignedInUser, path: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1${path}`)
      .set(...bearer(user))
      .send(body);
  const get = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  /** A regency case assigned to its caseworker, as it would be before it moves. */
  async function regencyCase(): Promise<{ id: string; caseNumber: string }> {
    const created = (await createCase(t, regencyCaseworker, plainCase())) as {
      id: string;
      caseNumber: string;
    };
    const assigned = await post(regencySupervisor, '/cases/assignments', {
      caseIds: [created.id],
      assigneeId: regencyCaseworker.id,
    });
    expect(assigned.status).toBe(200);
    return created;
  }

  async function requestTransfer(caseId: string, toAgencyId = provinceId): Promise<Transfer> {
    const response = await post(regencySupervisor, `/cases/${caseId}/transfers`, {
      toAgencyId,
      reason: REASON,
    });
    expect(response.status).toBe(201);
    return response.body as Transfer;
  }

  async function caseRow(id: string) {
    const { rows } = await t.db.query<{
      owning_agency_id: string;
      assigned_caseworker_id: string | null;
      case_number: string;
      version: number;
    }>(
      'SELECT owning_agency_id, assigned_caseworker_id, case_number, version FROM cases WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async function messages(kind: string, transferId: string) {
    const { rows } = await t.db.query<{ recipient_user_id: string; case_id: string }>(
      `SELECT recipient_user_id, case_id FROM notifications
       WHERE kind = $1 AND dedupe_key LIKE $2 ORDER BY recipient_user_id`,
      [kind, `case_transfer:${transferId}:%`],
    );
    return rows;
  }

  it('is asked by a supervisor of the owning agency only, one open transfer at a time', async () => {
    const record = await regencyCase();
    const byCaseworker = await post(regencyCaseworker, `/cases/${record.id}/transfers`, {
      toAgencyId: provinceId,
      reason: REASON,
    });
    expect(byCaseworker.status).toBe(403);
    const byReceiver = await post(provinceSupervisor, `/cases/${record.id}/transfers`, {
      toAgencyId: provinceId,
      reason: REASON,
    });
    expect(byReceiver.status).toBe(404);
    const toItself = await post(regencySupervisor, `/cases/${record.id}/transfers`, {
      toAgencyId: regencyId,
      reason: REASON,
    });
    expect(toItself.status).toBe(400);
    expect(toItself.body.details.fields[0].field).toBe('toAgencyId');
    const nobodyThere = (await createAgency(t)).id;
    const noSupervisor = await post(regencySupervisor, `/cases/${record.id}/transfers`, {
      toAgencyId: nobodyThere,
      reason: REASON,
    });
    expect(noSupervisor.status).toBe(400);
    const { rows: none } = await t.db.query('SELECT 1 FROM case_transfers WHERE case_id = $1', [
      record.id,
    ]);
    expect(none).toHaveLength(0);

    const transfer = await requestTransfer(record.caseNumber);
    expect(transfer).toMatchObject({
      caseId: record.id,
      caseNumber: record.caseNumber,
      status: 'requested',
      reason: REASON,
    });
    const again = await post(regencySupervisor, `/cases/${record.id}/transfers`, {
      toAgencyId: thirdId,
      reason: REASON,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSFER.ALREADY_OPEN');
    // The receiving supervisors, and only they, are told.
    expect(await messages('case_transfer_requested', transfer.id)).toEqual([
      { recipient_user_id: provinceSupervisor.id, case_id: record.id },
    ]);
    const [mail] = await sink.waitFor(1, 15_000, provinceSupervisor.email);
    expect(mail.text).toContain(record.caseNumber);
    expect(mail.text).not.toContain(REASON);
    expect(mail.text).not.toContain('Siti');
  });

  it('shows the receiving supervisors what they decide on, and no more, while it waits', async () => {
    const record = await regencyCase();
    const transfer = await requestTransfer(record.id);
    const incoming = await get(
      provinceSupervisor,
      '/transfers?direction=incoming&status=requested',
    );
    expect(incoming.status).toBe(200);
    const listed = (incoming.body.items as Transfer[]).find((item) => item.id === transfer.id);
    expect(listed?.case).toEqual({
      caseNumber: record.caseNumber,
      status: 'intake',
      priority: 'normal',
      incidentType: 'unpaid_wages',
      exploitationTypes: [],
      exploitationCountry: null,
      victimCount: 1,
      originRegencyCodes: ['18.01'],
      reportedDate: '2024-03-04',
    });
    expect(JSON.stringify(incoming.body)).not.toContain('Siti');
    expect(JSON.stringify(incoming.body)).not.toContain('PMI tertahan');
    // The case itself stays the owner's until the transfer is accepted.
    expect((await get(provinceSupervisor, `/cases/${record.id}`)).status).toBe(404);
    expect((await get(provinceSupervisor, `/cases/${record.id}/timeline`)).status).toBe(404);
    // Transfers are for supervisors.
    expect((await get(provinceCaseworker, '/transfers?direction=incoming')).status).toBe(403);
    expect((await get(provinceCaseworker, `/transfers/${transfer.id}`)).status).toBe(404);
  });

  it('moves the case on acceptance: new owner, nobody assigned, same number, history and audit on both sides', async () => {
    const record = await regencyCase();
    const before = await caseRow(record.id);
    expect(before.assigned_caseworker_id).toBe(regencyCaseworker.id);
    const transfer = await requestTransfer(record.id);

    expect((await post(regencySupervisor, `/transfers/${transfer.id}/accept`)).status).toBe(403);
    expect((await post(provinceCaseworker, `/transfers/${transfer.id}/accept`)).status).toBe(404);
    expect(await caseRow(record.id)).toEqual(before);

    const accepted = await post(provinceSupervisor, `/transfers/${transfer.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', caseNumber: record.caseNumber });
    const after = await caseRow(record.id);
    expect(after).toEqual({
      owning_agency_id: provinceId,
      assigned_caseworker_id: null,
      case_number: before.case_number,
      version: before.version + 1,
    });
    const { rows: stored } = await t.db.query(
      'SELECT status, decided_by, decided_at IS NOT NULL AS decided FROM case_transfers WHERE id = $1',
      [transfer.id],
    );
    expect(stored).toEqual([
      { status: 'accepted', decided_by: provinceSupervisor.id, decided: true },
    ]);

    // The new owner reads the case and its whole history; the old one no longer does.
    expect((await get(provinceSupervisor, `/cases/${record.caseNumber}`)).status).toBe(200);
    expect((await get(regencySupervisor, `/cases/${record.id}`)).status).toBe(404);
    expect((await get(regencyCaseworker, `/cases/${record.id}`)).status).toBe(404);
    const regencyList = await get(regencySupervisor, '/cases?limit=100');
    expect((regencyList.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(
      record.id,
    );
    const timeline = await get(provinceSupervisor, `/cases/${record.id}/timeline`);
    const actions = (timeline.body.items as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case.created',
        'case.assigned',
        'case.transfer_requested',
        'case.transferred',
      ]),
    );
    const moved = (
      timeline.body.items as Array<{ action: string; changes: Record<string, unknown> }>
    ).find((e) => e.action === 'case.transferred');
    expect(moved?.changes).toMatchObject({
      owningAgencyId: { from: regencyId, to: provinceId },
      assignedCaseworkerId: { from: regencyCaseworker.id, to: null },
      reason: REASON,
    });
    // The queues follow: out of the old caseworker's, into the new agency's unassigned.
    const mine = await get(regencyCaseworker, '/queues/mine?limit=100');
    expect((mine.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(record.id);
    const unassigned = await get(provinceSupervisor, '/queues/unassigned?limit=100');
    expect((unassigned.body.items as Array<{ id: string }>).map((c) => c.id)).toContain(record.id);

    // Each agency keeps its own audit trail of the transfer, whoever owns the case now.
    for (const supervisor of [regencySupervisor, provinceSupervisor]) {
      const trail = await get(supervisor, `/audit?entity=case_transfer&id=${transfer.id}`);
      expect(trail.status).toBe(200);
      expect((trail.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual([
        'case_transfer.requested',
        'case_transfer.accepted',
      ]);
      expect(JSON.stringify(trail.body)).not.toContain(REASON);
    }
    // And the sending side still finds its request among its outgoing transfers.
    const outgoing = await get(regencySupervisor, '/transfers?direction=outgoing');
    const mineOut = (outgoing.body.items as Transfer[]).find((item) => item.id === transfer.id);
    expect(mineOut).toMatchObject({ status: 'accepted', case: null });

    expect(await messages('case_transfer_decided', transfer.id)).toEqual(
      [regencySupervisor.id, provinceSupervisor.id]
        .sort()
        .map((id) => ({ recipient_user_id: id, case_id: record.id })),
    );
    const again = await post(provinceSupervisor, `/transfers/${transfer.id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSFER.NOT_OPEN');
  });

  it('takes the case’s open referrals and tasks along to the new owner', async () => {
    const record = await regencyCase();
    const partner = await createReachableAgency(t);
    const referral = await post(regencyCaseworker, `/cases/${record.id}/referrals`, {
      agencyId: partner.id,
      service: 'legal_aid',
      priority: 'normal',
      reason: 'Keluarga meminta pendampingan hukum.',
      request: 'Mohon pendampingan hukum.',
      consent: 'victim',
      sharedFields: [],
      send: true,
    });
    expect(referral.status).toBe(201);
    const task = await post(regencyCaseworker, `/cases/${record.id}/tasks`, {
      title: 'Hubungi keluarga',
      dueAt: '2099-01-05T09:00:00+07:00',
    });
    expect(task.status).toBe(201);
    const transfer = await requestTransfer(record.id);
    expect((await post(provinceSupervisor, `/transfers/${transfer.id}/accept`)).status).toBe(200);

    // The referral is still open with its deadlines, now among the new owner's sent referrals.
    const { rows: referrals } = await t.db.query(
      'SELECT referring_agency_id, status FROM referrals WHERE id = $1',
      [referral.body.id],
    );
    expect(referrals).toEqual([{ referring_agency_id: provinceId, status: 'sent' }]);
    const sentByProvince = await get(provinceSupervisor, '/referrals?limit=100');
    expect((sentByProvince.body.items as Array<{ id: string }>).map((r) => r.id)).toContain(
      referral.body.id,
    );
    const sentByRegency = await get(regencySupervisor, '/referrals?limit=100');
    expect((sentByRegency.body.items as Array<{ id: string }>).map((r) => r.id)).not.toContain(
      referral.body.id,
    );
    // The task stays open on the case for the new owner to reassign; its old assignee no longer
    // reads the case.
    const tasks = await get(provinceSupervisor, `/cases/${record.id}/tasks`);
    expect(tasks.status).toBe(200);
    expect((tasks.body.items as Array<{ id: string }>).map((item) => item.id)).toEqual([
      task.body.id,
    ]);
    expect((await get(regencyCaseworker, `/cases/${record.id}/tasks`)).status).toBe(404);
  });

  it('keeps the case where it is when refused (with a reason) or withdrawn', async () => {
    const record = await regencyCase();
    const before = await caseRow(record.id);
    const transfer = await requestTransfer(record.id);
    const noReason = await post(provinceSupervisor, `/transfers/${transfer.id}/refuse`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.fields[0].field).toBe('reason');
    const refused = await post(provinceSupervisor, `/transfers/${transfer.id}/refuse`, {
      reason: 'Bukan wilayah kerja kami',
    });
    expect(refused.status).toBe(200);
    expect(await caseRow(record.id)).toEqual(before);
    const seen = await get(regencySupervisor, `/transfers/${transfer.id}`);
    expect(seen.body).toMatchObject({
      status: 'refused',
      responseReason: 'Bukan wilayah kerja kami',
    });
    // Once refused, the receiving side no longer sees the case's facts.
    expect((await get(provinceSupervisor, `/transfers/${transfer.id}`)).body.case).toBeNull();
    expect(await messages('case_transfer_decided', transfer.id)).toEqual([
      { recipient_user_id: regencySupervisor.id, case_id: record.id },
    ]);

    // Decided, the case may be offered again; the asking side may withdraw, the other may not.
    const second = await requestTransfer(record.id);
    expect((await post(provinceSupervisor, `/transfers/${second.id}/withdraw`)).status).toBe(403);
    const withdrawn = await post(regencySupervisor, `/transfers/${second.id}/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(await caseRow(record.id)).toEqual(before);
    const timeline = await get(regencySupervisor, `/cases/${record.id}/timeline`);
    expect((timeline.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.transfer_refused', 'case.transfer_withdrawn']),
    );
  });

  it('tells the case page who may offer it, and finds the offer that waits by its case', async () => {
    const record = await regencyCase();
    const other = await regencyCase();
    const actions = async (user: SignedInUser, id = record.id) =>
      (await get(user, `/cases/${id}`)).body.yourActions.transfer as boolean;
    expect(await actions(regencySupervisor)).toBe(true);
    expect(await actions(admin)).toBe(true);
    expect(await actions(regencyCaseworker)).toBe(false);

    const transfer = await requestTransfer(record.id);
    await requestTransfer(other.id);
    const waiting = await get(
      regencySupervisor,
      `/transfers?direction=outgoing&status=requested&caseId=${record.id}`,
    );
    expect((waiting.body.items as Transfer[]).map((item) => item.id)).toEqual([transfer.id]);
    // The filter narrows the caller's side, never widens it.
    const fromElsewhere = await get(
      thirdSupervisor,
      `/transfers?direction=outgoing&caseId=${record.id}`,
    );
    expect(fromElsewhere.body.items).toEqual([]);
    expect((await get(regencySupervisor, '/transfers?direction=outgoing&caseId=LPG')).status).toBe(
      400,
    );

    // Closed, the case is no longer offered.
    await post(regencySupervisor, `/transfers/${transfer.id}/withdraw`);
    await t.db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [record.id]);
    expect(await actions(regencySupervisor)).toBe(false);
  });

  it('lets one of two simultaneous requests through, and one of accept and withdraw', async () => {
    const record = await regencyCase();
    const requests = await Promise.all(
      [provinceId, provinceId, provinceId].map((toAgencyId) =>
        post(regencySupervisor, `/cases/${record.id}/transfers`, { toAgencyId, reason: REASON }),
      ),
    );
    expect(requests.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const open = requests.find((r) => r.status === 201)!.body as Transfer & { toAgencyId: string };
    const decider = provinceSupervisor;
    const before = await caseRow(record.id);
    const [accepted, withdrawn] = await Promise.all([
      post(decider, `/transfers/${open.id}/accept`),
      post(regencySupervisor, `/transfers/${open.id}/withdraw`),
    ]);
    expect([accepted.status, withdrawn.status].sort()).toEqual([200, 409]);
    const after = await caseRow(record.id);
    const { rows } = await t.db.query<{ status: string }>(
      'SELECT status FROM case_transfers WHERE id = $1',
      [open.id],
    );
    if (accepted.status === 200) {
      expect(rows[0].status).toBe('accepted');
      expect(after.owning_agency_id).toBe(open.toAgencyId);
    } else {
      expect(rows[0].status).toBe('withdrawn');
      expect(after).toEqual(before);
    }
  });

  it('shows a third agency nothing', async () => {
    const record = await regencyCase();
    const transfer = await requestTransfer(record.id);
    for (const direction of ['incoming', 'outgoing']) {
      const list = await get(thirdSupervisor, `/transfers?direction=${direction}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([]);
    }
    const foreign = await get(
      thirdSupervisor,
      `/transfers?direction=incoming&agencyId=${provinceId}`,
    );
    expect(foreign.body.items).toEqual([]);
    expect((await get(thirdSupervisor, `/transfers/${transfer.id}`)).status).toBe(404);
    expect((await post(thirdSupervisor, `/transfers/${transfer.id}/accept`)).status).toBe(404);
    expect(
      (await post(thirdSupervisor, `/transfers/${transfer.id}/refuse`, { reason: 'Bukan kami' }))
        .status,
    ).toBe(404);
    expect(
      (await get(thirdSupervisor, `/audit?entity=case_transfer&id=${transfer.id}`)).status,
    ).toBe(404);
    expect((await get(thirdSupervisor, `/cases/${record.id}`)).status).toBe(404);
    // An admin sees any agency's.
    const byAdmin = await get(admin, `/transfers?direction=incoming&agencyId=${provinceId}`);
    expect((byAdmin.body.items as Transfer[]).map((item) => item.id)).toContain(transfer.id);
    await post(regencySupervisor, `/transfers/${transfer.id}/withdraw`);
  });

  it('gives the receiving supervisors an incoming_transfers queue, counted up to 500', async () => {
    const record = await regencyCase();
    const transfer = await requestTransfer(record.id);
    const { rows: open } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_transfers WHERE to_agency_id = $1 AND status = 'requested'`,
      [provinceId],
    );
    const queues = (await get(provinceSupervisor, '/queues')).body.items as Array<{
      name: string;
      labelId: string;
      count: number;
      more: boolean;
    }>;
    const names = queues.map((queue) => queue.name);
    expect(names.indexOf('incoming_transfers')).toBe(
      names.indexOf('awaiting_closure_approval') + 1,
    );
    expect(queues.find((queue) => queue.name === 'incoming_transfers')).toMatchObject({
      labelId: 'Pemindahan kasus masuk',
      count: open[0].n,
      more: false,
    });
    const page = await get(provinceSupervisor, '/queues/incoming_transfers?limit=100');
    expect(page.status).toBe(200);
    const listed = page.body.items as Transfer[];
    expect(listed).toHaveLength(open[0].n);
    expect(listed.every((item) => item.status === 'requested' && item.case !== null)).toBe(true);
    expect(listed.map((item) => item.id)).toContain(transfer.id);
    // Not the caseworkers', not the asking side's.
    const caseworkerQueues = (await get(provinceCaseworker, '/queues')).body.items as Array<{
      name: string;
    }>;
    expect(caseworkerQueues.map((queue) => queue.name)).not.toContain('incoming_transfers');
    expect((await get(provinceCaseworker, '/queues/incoming_transfers')).status).toBe(404);
    const asking = (await get(regencySupervisor, '/queues')).body.items as Array<{
      name: string;
      count: number;
    }>;
    expect(asking.find((queue) => queue.name === 'incoming_transfers')!.count).toBe(0);

    // A big agency: the count stops at 500.
    const big = (await createAgency(t)).id;
    const bigSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: big });
    await t.db.query(
      `WITH made AS (
         INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                            source, priority, suggested_priority, status, created_by)
         SELECT 'TRQ-' || substr($1::uuid::text, 1, 8) || '-' || g, $1, 'Kasus', 'trafficking',
                date '2026-11-01', 'hotline', 'normal', 'normal', 'open', $3
         FROM generate_series(1, 501) AS g
         RETURNING id)
       INSERT INTO case_transfers (case_id, from_agency_id, to_agency_id, reason, requested_by)
       SELECT id, $1, $2, 'Pindah', $3 FROM made`,
      [regencyId, big, regencySupervisor.id],
    );
    const bigQueues = (await get(bigSupervisor, '/queues')).body.items as Array<{
      name: string;
      count: number;
      more: boolean;
    }>;
    expect(bigQueues.find((queue) => queue.name === 'incoming_transfers')).toMatchObject({
      count: 500,
      more: true,
    });
    await t.db.query(
      `UPDATE case_transfers SET status = 'withdrawn', decided_by = requested_by, decided_at = now()
       WHERE to_agency_id = $1`,
      [big],
    );
  });

  it('pages incoming transfers newest first by cursor, through ties, on its index', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await requestTransfer((await regencyCase()).id)).id);
    // Ties in the order's time: the id decides.
    await t.db.query(
      `UPDATE case_transfers SET requested_at = timestamptz '2099-01-01 00:00:00.123456+00'
       WHERE id = ANY($1::uuid[])`,
      [ids.slice(1, 4)],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const response = await get(
        provinceSupervisor,
        `/transfers?direction=incoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      seen.push(...(response.body.items as Transfer[]).map((item) => item.id));
      cursor = response.body.nextCursor as string | null;
      if (!cursor) break;
    }
    const { rows: expected } = await t.db.query<{ id: string }>(
      `SELECT id FROM case_transfers WHERE to_agency_id = $1 ORDER BY requested_at DESC, id DESC`,
      [provinceId],
    );
    expect(seen).toEqual(expected.map((row) => row.id));
    expect(seen).toEqual(expect.arrayContaining(ids));

    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT * FROM case_transfers t WHERE t.to_agency_id = $1
         ORDER BY t.requested_at DESC, t.id DESC LIMIT 51`,
        [provinceId],
      );
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan using case_transfers_incoming_idx/);
      expect(text).not.toMatch(/Sort/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const bad = await get(provinceSupervisor, '/transfers?direction=incoming&cursor=nonsense');
    expect(bad.status).toBe(400);
    expect((await get(provinceSupervisor, '/transfers?direction=sideways')).status).toBe(400);
  });
});
