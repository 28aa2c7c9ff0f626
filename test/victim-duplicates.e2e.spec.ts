import { DuplicateChecks } from '../src/modules/duplicates/duplicate-checks';
import { DUPLICATE_CHECK_SQL } from '../src/modules/duplicates/duplicate-flags.repository';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, nikFor, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Flag {
  id: string;
  victimId: string;
  reason: string;
  score: number;
  status: string;
  decidedAt: string | null;
  decidedByYourAgency: boolean | null;
  decidedBy: string | null;
  comment: string | null;
  match: {
    visible: boolean;
    victimId: string | null;
    fullName: string | null;
    nikMasked?: string | null;
    dateOfBirth: string | null;
    caseId: string | null;
    caseNumber: string;
    agency: { id: string; name: string };
  };
}

interface CreatedCase {
  id: string;
  caseNumber: string;
  victims: Array<{ id: string; fullName: string; version: number }>;
}

const victim = (fullName: string, extra: object = {}) => ({
  fullName,
  gender: 'Masculine',
  dateOfBirth: '1990-04-02',
  currentSituation: 'abroad',
  originRegionCode: '18.01.06.2027',
  ...extra,
});

describe('possible duplicates of victims', () => {
  let t: TestApp;
  let agencyA: { id: string; short_name: string };
  let caseworkerA: SignedInUser;
  let viewerA: SignedInUser;
  let caseworkerB: SignedInUser;
  let caseworkerC: SignedInUser;
  let admin: SignedInUser;
  let caseA: CreatedCase;
  let rohmatA: CreatedCase['victims'][number];

  /** Waits until the background check has seen these victims as they are now. */
  async function checked(victimIds: string[]): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM victims v
         JOIN victim_duplicate_checks k ON k.victim_id = v.id AND k.checked_version = v.version
         WHERE v.id = ANY ($1)`,
        [victimIds],
      );
      if (rows[0].n === victimIds.length) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the duplicate check never ran');
  }

  async function duplicates(user: SignedInUser, victimId: string): Promise<Flag[]> {
    const response = await t
      .http()
      .get(`/api/v1/victims/${victimId}/duplicates`)
      .set(...bearer(user));
    expect([response.status, response.body.code]).toEqual([200, undefined]);
    return response.body.items as Flag[];
  }

  const decide = (user: SignedInUser, flagId: string, decision: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1/duplicate-flags/${flagId}/${decision}`)
      .set(...bearer(user))
      .send(body);

  async function newCase(user: SignedInUser, victims: object[]): Promise<CreatedCase> {
    const created = (await createCase(t, user, plainCase({ victims }))) as CreatedCase;
    await checked(created.victims.map((v) => v.id));
    return created;
  }

  beforeAll(async () => {
    t = await startTestApp();
    agencyA = await createAgency(t, { shortName: 'Disnaker Lampung Selatan' });
    const agencyB = await createAgency(t, { shortName: 'BP3MI Lampung', regionCode: null });
    const agencyC = await createAgency(t, { shortName: 'Dinsos Lampung Selatan' });
    caseworkerA = await createUser(t, UserRole.Caseworker, { agencyId: agencyA.id });
    viewerA = await createUser(t, UserRole.Viewer, { agencyId: agencyA.id });
    caseworkerB = await createUser(t, UserRole.Caseworker, { agencyId: agencyB.id });
    caseworkerC = await createUser(t, UserRole.Caseworker, { agencyId: agencyC.id });
    admin = await createUser(t, UserRole.Admin);
    caseA = await newCase(caseworkerA, [
      victim('Rohmat Sugiarto', { nik: nikFor(1) }),
      victim('Siti Aminah', { gender: 'Feminine', dateOfBirth: '1985-01-01' }),
    ]);
    rohmatA = caseA.victims.find((v) => v.fullName === 'Rohmat Sugiarto')!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('flags a similar name, born the same year in the same regency, reported by another agency, without showing its record', async () => {
    const caseB = await newCase(caseworkerB, [
      // Same regency (18.01), another village; same year, another day.
      victim('Pak Rohmat S.', { dateOfBirth: '1990-11-30', originRegionCode: '18.01.04' }),
      // Another regency, or another year: not the same person as far as this check can tell.
      victim('Rohmat Sugiarto', { originRegionCode: '18.02' }),
      victim('Rohmat Sugiarto', { dateOfBirth: '1991-04-02' }),
    ]);
    // The answer lists victims in the order of their ids.
    const byName = (name: string, born: string) =>
      caseB.victims.find(
        (v) =>
          v.fullName === name && (v as unknown as { dateOfBirth: string }).dateOfBirth === born,
      )!;
    const similar = byName('Pak Rohmat S.', '1990-11-30');
    const otherYear = byName('Rohmat Sugiarto', '1991-04-02');
    const otherRegency = caseB.victims.find((v) => v !== similar && v !== otherYear)!;

    const seenByB = await duplicates(caseworkerB, similar.id);
    expect(seenByB).toEqual([
      expect.objectContaining({
        victimId: similar.id,
        reason: 'similar_name',
        status: 'open',
        decidedAt: null,
        match: {
          visible: false,
          victimId: null,
          fullName: null,
          dateOfBirth: null,
          originRegionCode: null,
          caseId: null,
          caseNumber: caseA.caseNumber,
          agency: { id: agencyA.id, name: expect.any(String) },
        },
      }),
    ]);
    expect(seenByB[0].score).toBeGreaterThanOrEqual(0.6);
    // Nothing of agency A's victim reaches agency B.
    const text = JSON.stringify(seenByB);
    expect(text).not.toContain('Sugiarto');
    expect(text).not.toContain(rohmatA.id);
    expect(text).not.toContain(nikFor(1).slice(-4));
    expect(await duplicates(caseworkerB, otherRegency.id)).toEqual([]);
    expect(await duplicates(caseworkerB, otherYear.id)).toEqual([]);

    // Agency A sees the same flag from its side, and likewise only B's case number.
    const seenByA = await duplicates(caseworkerA, rohmatA.id);
    expect(seenByA.map((f) => [f.id, f.match.visible, f.match.caseNumber])).toEqual([
      [seenByB[0].id, false, caseB.caseNumber],
    ]);
    expect(JSON.stringify(seenByA)).not.toContain('Rohmat S.');

    // An admin reads both records, so sees who the match is.
    const seenByAdmin = await duplicates(admin, similar.id);
    expect(seenByAdmin[0].match).toMatchObject({
      visible: true,
      victimId: rohmatA.id,
      fullName: 'Rohmat Sugiarto',
      nikMasked: '************0002',
      dateOfBirth: '1990-04-02',
    });

    // The flag's creation is audited by no one, on no case's trail (admins read it).
    const { rows } = await t.db.query<{
      actor_id: string | null;
      case_id: string | null;
      changes: object;
    }>(
      `SELECT actor_id, case_id, changes FROM audit_events
       WHERE entity_type = 'victim_duplicate_flag' AND entity_id = $1`,
      [seenByB[0].id],
    );
    expect(rows).toEqual([
      {
        actor_id: null,
        case_id: null,
        changes: { victimId: similar.id, reason: 'similar_name', score: seenByB[0].score },
      },
    ]);
  });

  it('flags the same NIK whatever the name, with a score of 1', async () => {
    const caseB = await newCase(caseworkerB, [
      victim('Sumarni', { gender: 'Feminine', nik: nikFor(1), dateOfBirth: '1970-01-01' }),
    ]);
    const flags = await duplicates(caseworkerB, caseB.victims[0].id);
    expect(flags.map((f) => [f.reason, f.score, f.match.caseNumber])).toEqual([
      ['same_nik', 1, caseA.caseNumber],
    ]);
  });

  it('flags on edit, and drops an open flag the edit no longer supports', async () => {
    const own = await newCase(caseworkerA, [
      victim('Sugeng Riyadi', { dateOfBirth: '1985-06-01' }),
    ]);
    const sugeng = own.victims[0];
    expect(await duplicates(caseworkerA, sugeng.id)).toEqual([]);
    const patch = (changes: object, version: number) =>
      t
        .http()
        .patch(`/api/v1/victims/${sugeng.id}`)
        .set(...bearer(caseworkerA))
        .send({ ...changes, version });

    const renamed = await patch({ fullName: 'Hj. Siti Aminah' }, sugeng.version);
    expect(renamed.status).toBe(200);
    await checked([sugeng.id]);
    const flags = await duplicates(caseworkerA, sugeng.id);
    const siti = caseA.victims.find((v) => v.fullName === 'Siti Aminah')!;
    // Same agency: the match is shown in full.
    expect(
      flags.map((f) => [f.reason, f.match.visible, f.match.victimId, f.match.fullName]),
    ).toEqual([['similar_name', true, siti.id, 'Siti Aminah']]);

    const reborn = await patch({ dateOfBirth: '1979-06-01' }, renamed.body.version as number);
    expect(reborn.status).toBe(200);
    await checked([sugeng.id]);
    expect(await duplicates(caseworkerA, sugeng.id)).toEqual([]);
  });

  it('links as the same person from either side: the decider’s victim takes the other personId, decision kept and audited', async () => {
    const caseB = await newCase(caseworkerB, [
      victim('Rohmat Sugiharto', { dateOfBirth: '1990-01-15', originRegionCode: '18.01' }),
    ]);
    const mine = caseB.victims[0];
    const [flag] = (await duplicates(caseworkerB, mine.id)).filter(
      (f) => f.match.caseNumber === caseA.caseNumber,
    );
    expect(flag.status).toBe('open');

    // A viewer, and an agency with neither record, cannot decide it; nor is it there to them.
    for (const user of [viewerA, caseworkerC]) {
      const refused = await decide(user, flag.id, 'link');
      expect([refused.status, refused.body.code]).toEqual([404, 'DUPLICATE_FLAG.NOT_FOUND']);
    }
    const comment = 'Dikonfirmasi dengan Disnaker Lampung Selatan per telepon: orang yang sama';
    const linked = await decide(caseworkerB, flag.id, 'link', { comment });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      id: flag.id,
      status: 'linked',
      decidedByYourAgency: true,
      decidedBy: caseworkerB.id,
      comment,
      match: { visible: false, fullName: null, caseNumber: caseA.caseNumber },
    });

    const { rows: persons } = await t.db.query<{ id: string; person_id: string }>(
      'SELECT id, person_id FROM victims WHERE id = ANY ($1)',
      [[mine.id, rohmatA.id]],
    );
    expect(new Set(persons.map((p) => p.person_id)).size).toBe(1);

    const again = await decide(caseworkerA, flag.id, 'dismiss');
    expect([again.status, again.body.code]).toEqual([409, 'DUPLICATE_FLAG.ALREADY_DECIDED']);

    // The other side sees the decision, not the words or the person behind it.
    const fromA = (await duplicates(caseworkerA, rohmatA.id)).find((f) => f.id === flag.id)!;
    expect(fromA).toMatchObject({
      status: 'linked',
      decidedByYourAgency: false,
      decidedBy: null,
      comment: null,
    });

    const { rows: trail } = await t.db.query<{
      action: string;
      actor_id: string;
      case_id: string;
      text: string;
    }>(
      `SELECT action, actor_id, case_id, changes::text AS text FROM audit_events
       WHERE (entity_type = 'victim_duplicate_flag' AND entity_id = $1 AND actor_id IS NOT NULL)
          OR (entity_type = 'victim' AND entity_id = $2 AND action = 'victim.linked_same_person')
       ORDER BY id`,
      [flag.id, mine.id],
    );
    expect(trail.map((e) => [e.action, e.actor_id, e.case_id])).toEqual([
      ['victim.linked_same_person', caseworkerB.id, caseB.id],
      ['victim_duplicate_flag.linked', caseworkerB.id, caseB.id],
    ]);
    for (const entry of trail) expect(entry.text).not.toContain('Dikonfirmasi');

    // Linked as one person, the pair is not flagged again by a later check.
    const current = await t
      .http()
      .get(`/api/v1/victims/${mine.id}`)
      .set(...bearer(caseworkerB));
    const renamed = await t
      .http()
      .patch(`/api/v1/victims/${mine.id}`)
      .set(...bearer(caseworkerB))
      .send({ fullName: 'Rohmat Sugiarto', version: current.body.version as number });
    expect(renamed.status).toBe(200);
    await checked([mine.id]);
    const after = await duplicates(caseworkerB, mine.id);
    expect(after.filter((f) => f.id === flag.id).map((f) => f.status)).toEqual(['linked']);
  });

  it('keeps a dismissal through later checks', async () => {
    const caseB = await newCase(caseworkerB, [
      victim('Siti Aminah', {
        gender: 'Feminine',
        dateOfBirth: '1985-12-12',
        originRegionCode: '18.01',
      }),
    ]);
    const theirs = caseB.victims[0];
    const siti = caseA.victims.find((v) => v.fullName === 'Siti Aminah')!;
    const [flag] = (await duplicates(caseworkerA, siti.id)).filter(
      (f) => f.match.caseNumber === caseB.caseNumber,
    );
    // Decided from agency A's side: its own victim is the one it may change.
    const dismissed = await decide(caseworkerA, flag.id, 'dismiss', {
      comment: 'Beda orang: nama ibu kandung berbeda',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ status: 'dismissed', victimId: siti.id });

    const edited = await t
      .http()
      .patch(`/api/v1/victims/${theirs.id}`)
      .set(...bearer(caseworkerB))
      .send({ otherNames: ['Siti'], version: theirs.version });
    expect(edited.status).toBe(200);
    await checked([theirs.id]);
    const { rows } = await t.db.query<{ status: string; decided_by: string }>(
      'SELECT status, decided_by FROM victim_duplicate_flags WHERE id = $1',
      [flag.id],
    );
    expect(rows).toEqual([{ status: 'dismissed', decided_by: caseworkerA.id }]);
    const audited = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events
       WHERE entity_id = $1 AND action = 'victim_duplicate_flag.dismissed' AND case_id = $2`,
      [flag.id, caseA.id],
    );
    expect(audited.rows[0].n).toBe(1);
  });

  it('shows no duplicates to viewers, and nothing of a victim the caller may not read', async () => {
    const asViewer = await t
      .http()
      .get(`/api/v1/victims/${rohmatA.id}/duplicates`)
      .set(...bearer(viewerA));
    expect([asViewer.status, asViewer.body.code]).toEqual([403, 'DUPLICATE_FLAG.NOT_ALLOWED']);
    const elsewhere = await t
      .http()
      .get(`/api/v1/victims/${rohmatA.id}/duplicates`)
      .set(...bearer(caseworkerB));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'VICTIM.NOT_FOUND']);
    const unknown = await decide(caseworkerA, '00000000-0000-4000-8000-000000000000', 'link');
    expect(unknown.status).toBe(404);
    const badComment = await decide(caseworkerA, '00000000-0000-4000-8000-000000000000', 'link', {
      comment: 'x'.repeat(2001),
    });
    expect(badComment.status).toBe(400);
  });

  it('the sweep checks a victim whose job was lost', async () => {
    const own = await newCase(caseworkerA, [victim('Agus Salim', { dateOfBirth: '1975-01-01' })]);
    const agus = own.victims[0];
    // As if the job had been lost: the check never happened, and the write is over a minute old.
    await t.db.query('DELETE FROM victim_duplicate_checks WHERE victim_id = $1', [agus.id]);
    await t.db.query(
      `INSERT INTO victims (case_id, person_id, full_name, date_of_birth, origin_region_code,
                            current_situation, created_at, updated_at)
       VALUES ($1, gen_random_uuid(), 'Agus Salim', '1975-03-03', '18.01.06', 'abroad',
               now() - interval '5 minutes', now() - interval '5 minutes')`,
      [caseA.id],
    );
    await t.db.query(`UPDATE victims SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [
      agus.id,
    ]);
    await t.app.get(DuplicateChecks).sweep();
    await checked([agus.id]);
    const flags = await duplicates(caseworkerA, agus.id);
    expect(flags.map((f) => [f.reason, f.match.fullName])).toEqual([
      ['similar_name', 'Agus Salim'],
    ]);
  });

  it('looks for candidates through the NIK and trigram indexes at volume', async () => {
    // Twenty thousand victims with made-up names, birth years and regencies of origin.
    await t.db.query(
      `INSERT INTO victims (case_id, person_id, full_name, date_of_birth, origin_region_code,
                            current_situation, nik_hash)
       SELECT $1, gen_random_uuid(),
              initcap(translate(substr(md5(g::text), 1, 7), '0123456789', 'aeioubdgkm')) || ' ' ||
              initcap(translate(substr(md5((g * 3)::text), 9, 8), '0123456789', 'aeioubdgkm')),
              date '1970-01-01' + (g * 7919) % 11000, r.codes[1 + g % cardinality(r.codes)],
              'abroad', md5((g * 5)::text)
       FROM generate_series(1, 20000) g,
            (SELECT array_agg(code) AS codes FROM regions WHERE code ~ '^18\\.\\d{2}$') r`,
      [caseA.id],
    );
    await t.db.query(
      `INSERT INTO victim_duplicate_checks (victim_id, checked_version)
       SELECT id, version FROM victims ON CONFLICT DO NOTHING`,
    );
    await t.db.query('VACUUM ANALYZE victims');
    const { rows } = await t.db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${DUPLICATE_CHECK_SQL}`,
      [[rohmatA.id], 0.6],
    );
    const nodes = nodesOf(rows[0]['QUERY PLAN'][0].Plan);
    expect(
      nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']),
    ).not.toContain('victims');
    expect(nodes.map((n) => n['Index Name'])).toEqual(
      expect.arrayContaining(['victims_nik_hash_idx', 'victims_name_key_trgm_idx']),
    );
  });
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap((child) => nodesOf(child))];
}
