import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, haniLink, HANI_PHONE_E164, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

interface TimelineEntry {
  action: string;
  actorId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string;
  changes: Record<string, unknown> | null;
}

interface AuditEvent {
  id: string;
  action: string;
  entityId: string;
  caseId: string | null;
}

describe('access across agencies: the perpetrator register, audit trails and identity search', () => {
  let t: TestApp;
  let lampung: SignedInUser;
  let lampungSupervisor: SignedInUser;
  let lampungViewer: SignedInUser;
  let banyuwangi: SignedInUser;
  let banyuwangiSupervisor: SignedInUser;
  let banyuwangiViewer: SignedInUser;
  let liaison: SignedInUser;
  let admin: SignedInUser;
  let lampungCaseId: string;
  let banyuwangiCaseId: string;
  let haniId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const lampungAgency = await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' });
    const banyuwangiAgency = await createAgency(t, {
      shortName: 'Disnaker Banyuwangi',
      regionCode: '35.10',
    });
    lampung = await createUser(t, UserRole.Caseworker, { agencyId: lampungAgency.id });
    lampungSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: lampungAgency.id });
    lampungViewer = await createUser(t, UserRole.Viewer, { agencyId: lampungAgency.id });
    banyuwangi = await createUser(t, UserRole.Caseworker, { agencyId: banyuwangiAgency.id });
    banyuwangiSupervisor = await createUser(t, UserRole.Supervisor, {
      agencyId: banyuwangiAgency.id,
    });
    banyuwangiViewer = await createUser(t, UserRole.Viewer, { agencyId: banyuwangiAgency.id });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: lampungAgency.id });
    admin = await createUser(t, UserRole.Admin);

    const lampungCase = await createCase(
      t,
      lampung,
      plainCase({ title: 'Recruited by Hani', perpetrators: [haniLink()] }),
    );
    lampungCaseId = lampungCase.id;
    haniId = (await send(lampung, 'get', `/cases/${lampungCaseId}/perpetrators`)).body.items[0]
      .perpetratorId;
    banyuwangiCaseId = (await createCase(t, banyuwangi, plainCase({ title: 'Banyuwangi case' })))
      .id;
  });
  afterAll(() => t.close());

  function send(user: SignedInUser, method: 'get' | 'post' | 'patch', url: string, body?: object) {
    const request = t
      .http()
      [method](`/api/v1${url}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  }

  async function timeline(user: SignedInUser, caseId: string): Promise<TimelineEntry[]> {
    const response = await send(user, 'get', `/cases/${caseId}/timeline?limit=500`);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  async function perpetratorEntries(user: SignedInUser, caseId: string, action: string) {
    return (await timeline(user, caseId)).filter(
      (entry) => entry.entityType === 'perpetrator' && entry.action === action,
    );
  }

  async function haniVersion(): Promise<number> {
    return (await send(admin, 'get', `/perpetrators/${haniId}`)).body.version;
  }

  describe('the perpetrator register across agencies', () => {
    it('does not let another agency link, read or rename a perpetrator it cannot see', async () => {
      const linksBefore = await t.db.query('SELECT * FROM case_perpetrators ORDER BY case_id');
      const linked = await send(banyuwangi, 'post', `/cases/${banyuwangiCaseId}/perpetrators`, {
        perpetratorId: haniId,
        roleInCase: 'same broker',
      });
      const missing = await send(banyuwangi, 'post', `/cases/${banyuwangiCaseId}/perpetrators`, {
        perpetratorId: NOWHERE,
      });
      expect([linked.status, linked.body.code]).toEqual([404, 'PERPETRATOR.NOT_FOUND']);
      expect(linked.body).toEqual({ ...missing.body, requestId: linked.body.requestId });

      // Naming the perpetrator in a new case is answered as for an id that does not exist.
      const inNewCase = await send(
        banyuwangi,
        'post',
        '/cases',
        plainCase({ perpetrators: [{ perpetratorId: haniId }] }),
      );
      const nowhereInNewCase = await send(
        banyuwangi,
        'post',
        '/cases',
        plainCase({ perpetrators: [{ perpetratorId: NOWHERE }] }),
      );
      expect(inNewCase.status).toBe(400);
      expect(inNewCase.body.details).toEqual(nowhereInNewCase.body.details);
      expect(inNewCase.body.details.fields[0].field).toBe('perpetrators[0].perpetratorId');

      const read = await send(banyuwangi, 'get', `/perpetrators/${haniId}`);
      expect([read.status, read.body.code]).toEqual([404, 'PERPETRATOR.NOT_FOUND']);
      expect(read.text).not.toContain('7000');
      const linksAfter = await t.db.query('SELECT * FROM case_perpetrators ORDER BY case_id');
      expect(linksAfter.rows).toEqual(linksBefore.rows);
    });

    it('a shared record: identity changes belong to the recording agency, every change shows on every linked case', async () => {
      // Admins link across agencies (merging duplicates comes with the search work).
      const shared = await send(admin, 'post', `/cases/${banyuwangiCaseId}/perpetrators`, {
        perpetratorId: haniId,
        roleInCase: 'same broker',
      });
      expect(shared.status).toBe(201);
      expect(shared.body.recordedByAgencyId).toBe(lampung.agencyId);

      const seenByBanyuwangi = await send(banyuwangi, 'get', `/perpetrators/${haniId}`);
      expect(seenByBanyuwangi.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([
        banyuwangiCaseId,
      ]);
      // Phones: in full for staff who may change a linked case, no digit at all for viewers.
      expect(seenByBanyuwangi.body.phones).toEqual([HANI_PHONE_E164]);
      for (const viewer of [lampungViewer, banyuwangiViewer]) {
        const seen = await send(viewer, 'get', `/perpetrators/${haniId}`);
        expect(seen.status).toBe(200);
        expect(seen.body.phones).toEqual(['*'.repeat(HANI_PHONE_E164.length)]);
      }

      const version = await haniVersion();
      const rename = await send(banyuwangi, 'patch', `/perpetrators/${haniId}`, {
        fullName: 'Hani Renamed',
        phones: ['0811 9999 0000'],
        version,
      });
      expect([rename.status, rename.body.code]).toEqual([
        403,
        'PERPETRATOR.IDENTITY_OWNED_BY_RECORDING_AGENCY',
      ]);
      expect(rename.body.message).toMatch(/Hanya instansi .* Only the agency/);
      expect(rename.body.details.fields).toEqual(['fullName', 'phones']);
      expect((await send(admin, 'get', `/perpetrators/${haniId}`)).body).toMatchObject({
        fullName: 'Hani',
        phones: [HANI_PHONE_E164],
        version,
      });

      // Status is not identity: any agency with a linked case moves it, and both cases see it.
      const status = await send(banyuwangi, 'patch', `/perpetrators/${haniId}`, {
        status: 'reported_to_police',
        version,
      });
      expect(status.status).toBe(200);
      const renamed = await send(lampung, 'patch', `/perpetrators/${haniId}`, {
        fullName: 'Hani Susanti',
        version: status.body.version,
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.fullName).toBe('Hani Susanti');

      // Each agency sees who acted only when it was its own staff.
      const byOther = { by: 'another_agency' };
      for (const [user, caseId, statusBy, renameBy] of [
        [lampung, lampungCaseId, byOther, {}],
        [banyuwangi, banyuwangiCaseId, {}, byOther],
      ] as const) {
        const updates = await perpetratorEntries(user, caseId, 'perpetrator.updated');
        expect(updates.map((entry) => entry.changes)).toEqual([
          { status: { from: 'suspected', to: 'reported_to_police' }, ...statusBy },
          { fullName: { from: '[redacted]', to: '[redacted]' }, ...renameBy },
        ]);
        expect(updates.every((entry) => entry.entityId === haniId)).toBe(true);
      }
    });

    it('other agencies propose identity changes; the recording agency accepts or rejects them', async () => {
      const proposed = await send(banyuwangi, 'post', `/perpetrators/${haniId}/proposals`, {
        changes: { fullName: 'Hani binti Karim', phones: ['0812 3333 4444'] },
        reason: 'Named so by two returnees',
      });
      expect(proposed.status).toBe(201);
      expect(proposed.body).toMatchObject({
        perpetratorId: haniId,
        proposedByAgencyId: banyuwangi.agencyId,
        status: 'pending',
        changes: { fullName: 'Hani binti Karim', phones: ['+6281233334444'] },
      });
      const stored = await t.db.query('SELECT changes FROM perpetrator_change_proposals');
      expect(JSON.stringify(stored.rows)).not.toContain('3333');
      expect((await send(admin, 'get', `/perpetrators/${haniId}`)).body.fullName).toBe(
        'Hani Susanti',
      );

      const own = await send(lampung, 'post', `/perpetrators/${haniId}/proposals`, {
        changes: { fullName: 'X' },
      });
      expect([own.status, own.body.code]).toEqual([409, 'PERPETRATOR_PROPOSAL.NOT_NEEDED']);
      const empty = await send(banyuwangi, 'post', `/perpetrators/${haniId}/proposals`, {
        changes: {},
      });
      expect(empty.status).toBe(400);
      const viewerProposal = await send(
        banyuwangiViewer,
        'post',
        `/perpetrators/${haniId}/proposals`,
        {
          changes: { fullName: 'Y' },
        },
      );
      expect(viewerProposal.status).toBe(403);

      // The recording agency finds what it has to decide.
      const pending = await send(lampungSupervisor, 'get', '/perpetrator-proposals?status=pending');
      expect(pending.body.items.map((p: { id: string }) => p.id)).toEqual([proposed.body.id]);
      const onRecord = await send(lampung, 'get', `/perpetrators/${haniId}/proposals`);
      expect(onRecord.body.items.map((p: { id: string }) => p.id)).toEqual([proposed.body.id]);

      const byProposer = await send(
        banyuwangi,
        'post',
        `/perpetrator-proposals/${proposed.body.id}/accept`,
        {
          version: await haniVersion(),
        },
      );
      expect([byProposer.status, byProposer.body.code]).toEqual([
        403,
        'PERPETRATOR_PROPOSAL.RECORDING_AGENCY_DECIDES',
      ]);
      const stale = await send(
        lampung,
        'post',
        `/perpetrator-proposals/${proposed.body.id}/accept`,
        {
          version: 1,
        },
      );
      expect([stale.status, stale.body.code]).toEqual([409, 'PERPETRATOR.VERSION_CONFLICT']);
      const accepted = await send(
        lampung,
        'post',
        `/perpetrator-proposals/${proposed.body.id}/accept`,
        {
          version: await haniVersion(),
        },
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: lampung.id });
      expect((await send(lampung, 'get', `/perpetrators/${haniId}`)).body).toMatchObject({
        fullName: 'Hani binti Karim',
        phones: ['+6281233334444'],
      });
      const byNewPhone = await send(banyuwangi, 'get', '/perpetrators?phone=081233334444');
      expect(byNewPhone.body.items.map((p: { id: string }) => p.id)).toEqual([haniId]);
      const again = await send(
        lampung,
        'post',
        `/perpetrator-proposals/${proposed.body.id}/accept`,
        {
          version: await haniVersion(),
        },
      );
      expect([again.status, again.body.code]).toEqual([
        409,
        'PERPETRATOR_PROPOSAL.ALREADY_DECIDED',
      ]);

      for (const [user, caseId] of [
        [lampung, lampungCaseId],
        [banyuwangi, banyuwangiCaseId],
      ] as const) {
        const updates = await perpetratorEntries(user, caseId, 'perpetrator.updated');
        expect(updates.at(-1)?.changes).toMatchObject({
          proposalId: proposed.body.id,
          fullName: { from: '[redacted]', to: '[redacted]' },
          phoneHashes: { from: '[redacted]', to: '[redacted]' },
        });
        expect(await perpetratorEntries(user, caseId, 'perpetrator.change_proposed')).toHaveLength(
          1,
        );
      }

      const second = await send(banyuwangi, 'post', `/perpetrators/${haniId}/proposals`, {
        changes: { aliases: ['Bu Hani'] },
      });
      const rejected = await send(
        lampungSupervisor,
        'post',
        `/perpetrator-proposals/${second.body.id}/reject`,
        {
          note: 'Not the same person',
        },
      );
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decisionNote: 'Not the same person',
      });
      expect((await send(lampung, 'get', `/perpetrators/${haniId}`)).body.aliases).toEqual([]);
      expect(
        await perpetratorEntries(banyuwangi, banyuwangiCaseId, 'perpetrator.change_rejected'),
      ).toHaveLength(1);

      // A third agency sees neither the record nor its proposals.
      const stranger = await createUser(t, UserRole.Caseworker);
      expect((await send(stranger, 'get', `/perpetrators/${haniId}/proposals`)).status).toBe(404);
      expect(
        (await send(stranger, 'post', `/perpetrator-proposals/${second.body.id}/reject`, {}))
          .status,
      ).toBe(404);
    });
  });

  describe('who acted on a shared perpetrator', () => {
    it("tells a linked case's agency neither the staff nor the agency id of another agency that acted", async () => {
      // Rudi: recorded by Lampung, linked by an admin to a Banyuwangi case and to a case of Kupang.
      const kupangAgency = await createAgency(t, {
        shortName: 'BP3MI Kupang',
        regionCode: '53.71',
      });
      const kupang = await createUser(t, UserRole.Caseworker, { agencyId: kupangAgency.id });
      const kupangSupervisor = await createUser(t, UserRole.Supervisor, {
        agencyId: kupangAgency.id,
      });
      const rudiCase = await createCase(
        t,
        lampung,
        plainCase({
          title: 'Recruited by Rudi',
          perpetrators: [
            haniLink({ perpetrator: { ...haniLink().perpetrator, fullName: 'Rudi' } }),
          ],
        }),
      );
      const rudiId = (await send(lampung, 'get', `/cases/${rudiCase.id}/perpetrators`)).body
        .items[0].perpetratorId;
      const banyuwangiRudiCase = (
        await createCase(t, banyuwangi, plainCase({ title: 'Banyuwangi, Rudi' }))
      ).id;
      const kupangCase = (await createCase(t, kupang, plainCase({ title: 'Kupang, Rudi' }))).id;
      for (const caseId of [banyuwangiRudiCase, kupangCase]) {
        const linked = await send(admin, 'post', `/cases/${caseId}/perpetrators`, {
          perpetratorId: rudiId,
        });
        expect(linked.status).toBe(201);
      }

      // Only the recording agency (and admins) learn which agency recorded him.
      const asKupang = await send(kupang, 'get', `/perpetrators/${rudiId}`);
      expect(asKupang.body).toMatchObject({
        recordedByAgencyId: null,
        recordedByYourAgency: false,
      });
      expect(asKupang.text).not.toContain(lampung.agencyId);
      expect((await send(lampung, 'get', `/perpetrators/${rudiId}`)).body).toMatchObject({
        recordedByAgencyId: lampung.agencyId,
        recordedByYourAgency: true,
      });
      expect((await send(admin, 'get', `/perpetrators/${rudiId}`)).body.recordedByAgencyId).toBe(
        lampung.agencyId,
      );

      // Banyuwangi changes the status and proposes a name; Lampung rejects the proposal.
      const version = (await send(admin, 'get', `/perpetrators/${rudiId}`)).body.version;
      const status = await send(banyuwangi, 'patch', `/perpetrators/${rudiId}`, {
        status: 'reported_to_police',
        version,
      });
      expect(status.status).toBe(200);
      const proposal = await send(banyuwangi, 'post', `/perpetrators/${rudiId}/proposals`, {
        changes: { fullName: 'Rudi Hartono' },
      });
      expect(proposal.status).toBe(201);
      const rejected = await send(
        lampung,
        'post',
        `/perpetrator-proposals/${proposal.body.id}/reject`,
        {},
      );
      expect(rejected.status).toBe(200);

      const banyuwangiStaff = await t.db.query<{ full_name: string }>(
        'SELECT full_name FROM users WHERE id = $1',
        [banyuwangi.id],
      );
      const kupangTimeline = (await timeline(kupang, kupangCase)).filter(
        (entry) => entry.entityType === 'perpetrator' && entry.action !== 'perpetrator.linked',
      );
      expect(kupangTimeline.map((entry) => entry.action)).toEqual([
        'perpetrator.updated',
        'perpetrator.change_proposed',
        'perpetrator.change_rejected',
      ]);
      for (const entry of kupangTimeline) {
        expect(entry).toMatchObject({ actorId: null, actorName: null });
        expect(entry.changes).toMatchObject({ by: 'another_agency' });
      }
      const kupangTrail = await send(
        kupangSupervisor,
        'get',
        `/audit?entity=perpetrator&id=${rudiId}`,
      );
      expect(kupangTrail.status).toBe(200);
      expect(kupangTrail.body.items).toHaveLength(4);
      for (const read of [JSON.stringify(kupangTimeline), kupangTrail.text]) {
        expect(read).not.toContain(banyuwangi.id);
        expect(read).not.toContain(banyuwangi.agencyId);
        expect(read).not.toContain(banyuwangiStaff.rows[0].full_name);
        expect(read).not.toContain(lampung.id);
        expect(read).not.toContain(lampung.agencyId);
      }

      // On its own case, Banyuwangi sees its own staff act, and who proposed what was rejected.
      const own = (await timeline(banyuwangi, banyuwangiRudiCase)).filter(
        (entry) => entry.entityType === 'perpetrator' && entry.action !== 'perpetrator.linked',
      );
      expect(own.map((entry) => [entry.action, entry.actorId])).toEqual([
        ['perpetrator.updated', banyuwangi.id],
        ['perpetrator.change_proposed', banyuwangi.id],
        ['perpetrator.change_rejected', null],
      ]);
      expect(own[0].changes).not.toHaveProperty('by');
      expect(own[2].changes).toMatchObject({
        by: 'another_agency',
        proposedByAgencyId: banyuwangi.agencyId,
      });
      // Lampung, which decided, sees its own decision and who proposed it.
      const decided = await perpetratorEntries(lampung, rudiCase.id, 'perpetrator.change_rejected');
      expect(decided[0]).toMatchObject({
        actorId: lampung.id,
        changes: { proposedByAgencyId: banyuwangi.agencyId },
      });
    });
  });

  describe('audit trail reads', () => {
    it("judges every event of a trail on its own: a supervisor sees only their agency's cases", async () => {
      const all = (await send(admin, 'get', `/audit?entity=perpetrator&id=${haniId}`)).body
        .items as AuditEvent[];
      const caseIds = new Set(all.map((e) => e.caseId));
      expect(caseIds).toEqual(new Set([lampungCaseId, banyuwangiCaseId]));

      for (const [supervisor, ownCase] of [
        [lampungSupervisor, lampungCaseId],
        [banyuwangiSupervisor, banyuwangiCaseId],
      ] as const) {
        const trail = await send(supervisor, 'get', `/audit?entity=perpetrator&id=${haniId}`);
        expect(trail.status).toBe(200);
        const events = trail.body.items as AuditEvent[];
        expect(events.length).toBeGreaterThan(0);
        expect(events.map((e) => e.id)).toEqual(
          all.filter((e) => e.caseId === ownCase).map((e) => e.id),
        );

        // Page by page, one event at a time: every readable event, none skipped.
        const paged: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await send(
            supervisor,
            'get',
            `/audit?entity=perpetrator&id=${haniId}&limit=1${after ? `&after=${after}` : ''}`,
          );
          expect(page.status).toBe(200);
          if (page.body.items.length === 0) break;
          paged.push(page.body.items[0].id);
          after = page.body.nextCursor;
          if (!after) break;
        }
        expect(paged).toEqual(events.map((e) => e.id));
      }
    });

    it("lists the trails of a whole kind in the caller's scope, without losing rows to the limit", async () => {
      // Many entries of another agency's case come first; the supervisor's own come after them.
      for (let i = 0; i < 12; i += 1)
        await send(banyuwangi, 'post', `/cases/${banyuwangiCaseId}/notes`, { body: `note ${i}` });
      await send(lampung, 'post', `/cases/${lampungCaseId}/notes`, { body: 'our note' });
      const page = await send(lampungSupervisor, 'get', '/audit?entity=case_note&limit=5');
      expect(page.status).toBe(200);
      expect(page.body.items.map((e: AuditEvent) => e.caseId)).toEqual([lampungCaseId]);
      const everything = await send(admin, 'get', '/audit?entity=case_note&limit=1000');
      expect(everything.body.items).toHaveLength(13);
    });

    it('accepts every audited kind of record and refuses an unknown one', async () => {
      const written = new Set<string>();
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const file = path.join(dir, name);
          if (statSync(file).isDirectory()) walk(file);
          else if (file.endsWith('.ts'))
            for (const match of readFileSync(file, 'utf8').matchAll(/entityType: '([a-z_]+)'/g))
              written.add(match[1]);
        }
      };
      walk(path.join(__dirname, '..', 'src'));
      for (const type of ['referral', 'user', 'agency', 'notification', 'task', 'unknown_account'])
        written.add(type);
      for (const type of written) {
        const response = await send(admin, 'get', `/audit?entity=${type}&limit=1`);
        expect({ type, status: response.status }).toEqual({ type, status: 200 });
      }
      const unknown = await send(admin, 'get', '/audit?entity=spaceship');
      expect(unknown.status).toBe(400);
      expect(unknown.body.details.fields[0].messages[0]).toContain('referral');
    });
  });

  describe('search', () => {
    it('finds visible victims by NIK even behind more than a page of invisible ones', async () => {
      const nik = '3510014507950002';
      const victims = Array.from({ length: 101 }, (_, i) => ({
        fullName: `Korban ${i}`,
        currentSituation: 'abroad',
        nik,
      }));
      await createCase(t, banyuwangi, plainCase({ title: 'A rescue', victims }));
      const ours = await createCase(
        t,
        lampung,
        plainCase({ victims: [{ fullName: 'Rina', currentSituation: 'abroad', nik }] }),
      );
      const found = await send(lampung, 'get', `/victims?nik=${nik}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((v: { caseId: string }) => v.caseId)).toEqual([ours.id]);
    });

    it('finds visible perpetrators by name even behind more than a page of invisible ones', async () => {
      for (let batch = 0; batch < 2; batch += 1) {
        const perpetrators = Array.from({ length: 26 }, (_, i) => ({
          perpetrator: { fullName: `Agus ${String.fromCharCode(65 + batch)}${i}` },
        }));
        await createCase(t, banyuwangi, plainCase({ perpetrators }));
      }
      await createCase(
        t,
        lampung,
        plainCase({ perpetrators: [{ perpetrator: { fullName: 'Agus Zulkifli' } }] }),
      );
      const found = await send(lampung, 'get', '/perpetrators?q=agus');
      expect(found.status).toBe(200);
      expect(found.body.items.map((p: { fullName: string }) => p.fullName)).toEqual([
        'Agus Zulkifli',
      ]);
      const everyone = await send(admin, 'get', '/perpetrators?q=agus');
      expect(everyone.body.items).toHaveLength(50);
    });

    it('refuses exact identity and phone search to roles that may not see identities', async () => {
      for (const user of [lampungViewer, liaison]) {
        for (const url of [
          '/victims?nik=3510014507950002',
          '/victims?phone=081311112222',
          `/perpetrators?phone=${encodeURIComponent(HANI_PHONE_E164)}`,
        ]) {
          const response = await send(user, 'get', url);
          expect({ url, status: response.status, code: response.body.code }).toEqual({
            url,
            status: 403,
            code: 'IDENTITY.SEARCH_NOT_ALLOWED',
          });
          expect(response.body.message).toMatch(/^Peran Anda tidak boleh .* \/ Your role may not/);
        }
      }
      // A name is not an identity number: a viewer still finds the recruiter by name.
      const byName = await send(lampungViewer, 'get', '/perpetrators?q=hani');
      expect(byName.status).toBe(200);
      expect(byName.body.items.map((p: { id: string }) => p.id)).toEqual([haniId]);
    });
  });
});
