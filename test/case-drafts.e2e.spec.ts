import { randomUUID } from 'node:crypto';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Intake drafts and the priority the intake form announces: a draft is its writer's alone and
 * holds victims' data encrypted; the priority suggestion is the rule the case will be created with.
 */
describe('intake drafts and the suggested priority', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let colleague: SignedInUser;
  let admin: SignedInUser;
  let viewer: SignedInUser;

  const draftBody = (title: string, nik = '1801061405880003') => ({
    title,
    step: 1,
    victimCount: 1,
    content: { title, victims: [{ fullName: 'Ahmad Jayani', nik }] },
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    const agencyId = (await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' })).id;
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    colleague = await createUser(t, UserRole.Supervisor, { agencyId });
    admin = await createUser(t, UserRole.Admin);
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
  });
  afterAll(() => t.close());

  it('keeps a draft for its writer, encrypted, and replaces it on each save', async () => {
    const id = randomUUID();
    const first = await t
      .http()
      .put(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .send(draftBody('Meninggal di Kamboja'));
    expect(first.status).toBe(200);
    const second = await t
      .http()
      .put(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .send({ ...draftBody('Meninggal di Kamboja, Mei 2024'), step: 2 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id, step: 2, title: 'Meninggal di Kamboja, Mei 2024' });
    expect(new Date(second.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(first.body.updatedAt).getTime(),
    );

    const list = await t
      .http()
      .get('/api/v1/case-drafts')
      .set(...bearer(caseworker));
    expect(list.body.items).toEqual([
      expect.objectContaining({ id, title: 'Meninggal di Kamboja, Mei 2024', victimCount: 1 }),
    ]);
    expect(list.body.items[0].content).toBeUndefined();
    const read = await t
      .http()
      .get(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker));
    expect(read.body.content).toEqual(draftBody('Meninggal di Kamboja, Mei 2024').content);

    const { rows } = await t.db.query<{ stored: string }>(
      `SELECT title_encrypted || content_encrypted AS stored FROM case_drafts WHERE id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].stored).not.toContain('Ahmad');
    expect(rows[0].stored).not.toContain('1801061405880003');
    expect(rows[0].stored).not.toContain('Kamboja');
  });

  it('hides a draft from everyone else, an admin and a colleague included', async () => {
    const id = randomUUID();
    await t
      .http()
      .put(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .send(draftBody('Draf pribadi'))
      .expect(200);
    for (const other of [colleague, admin]) {
      await t
        .http()
        .get(`/api/v1/case-drafts/${id}`)
        .set(...bearer(other))
        .expect(404);
      // Saving over someone's draft id neither changes nor reveals it.
      await t
        .http()
        .put(`/api/v1/case-drafts/${id}`)
        .set(...bearer(other))
        .send(draftBody('Ditimpa'))
        .expect(404);
      await t
        .http()
        .delete(`/api/v1/case-drafts/${id}`)
        .set(...bearer(other))
        .expect(404);
      const theirs = await t
        .http()
        .get('/api/v1/case-drafts')
        .set(...bearer(other));
      expect(theirs.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    }
    const still = await t
      .http()
      .get(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker));
    expect(still.body.title).toBe('Draf pribadi');

    await t
      .http()
      .get('/api/v1/case-drafts')
      .set(...bearer(viewer))
      .expect(403);
    await t
      .http()
      .delete(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .expect(204);
    await t
      .http()
      .get(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .expect(404);
  });

  it('refuses a bad draft field by field and keeps nothing of it', async () => {
    const id = randomUUID();
    const refused = await t
      .http()
      .put(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .send({ title: 'x'.repeat(201), step: 99, victimCount: -1, content: 'not an object' });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'content',
      'step',
      'title',
      'victimCount',
    ]);
    const tooBig = await t
      .http()
      .put(`/api/v1/case-drafts/${id}`)
      .set(...bearer(caseworker))
      .send({ ...draftBody('Besar'), content: { notes: 'x'.repeat(600 * 1024) } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details.fields[0].field).toBe('content');
    const { rows } = await t.db.query(`SELECT 1 FROM case_drafts WHERE id = $1`, [id]);
    expect(rows).toHaveLength(0);
  });

  it('keeps at most 20 drafts a writer and forgets those not saved for 30 days', async () => {
    const writer = await createUser(t, UserRole.Caseworker, { agencyId: caseworker.agencyId });
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids)
      await t
        .http()
        .put(`/api/v1/case-drafts/${id}`)
        .set(...bearer(writer))
        .send(draftBody('Satu dari banyak'))
        .expect(200);
    const extra = await t
      .http()
      .put(`/api/v1/case-drafts/${randomUUID()}`)
      .set(...bearer(writer))
      .send(draftBody('Satu terlalu banyak'));
    expect(extra.status).toBe(409);
    expect(extra.body.code).toBe('CASE_DRAFT.TOO_MANY');
    // Saving one of the twenty again is still allowed.
    await t
      .http()
      .put(`/api/v1/case-drafts/${ids[0]}`)
      .set(...bearer(writer))
      .send(draftBody('Diperbarui'))
      .expect(200);

    await t.db.query(
      `UPDATE case_drafts SET updated_at = now() - interval '31 days' WHERE id = $1`,
      [ids[1]],
    );
    await t
      .http()
      .get(`/api/v1/case-drafts/${ids[1]}`)
      .set(...bearer(writer))
      .expect(404);
    await t
      .http()
      .put(`/api/v1/case-drafts/${randomUUID()}`)
      .set(...bearer(writer))
      .send(draftBody('Menggantikan yang kedaluwarsa'))
      .expect(200);
    const { rows } = await t.db.query(`SELECT 1 FROM case_drafts WHERE id = $1`, [ids[1]]);
    expect(rows).toHaveLength(0);
  });

  it('suggests the priority the case will get, with every fact that raises it', async () => {
    const ask = (body: object) =>
      t
        .http()
        .post('/api/v1/cases/priority-suggestion')
        .set(...bearer(viewer))
        .send(body);

    const death = await ask({
      incidentType: 'death_abroad',
      victims: [{ currentSituation: 'deceased', estimatedAge: 36 }],
    });
    expect(death.status).toBe(200);
    expect(death.body).toEqual({
      priority: 'critical',
      reasons: ['victim_deceased', 'serious_incident_type'],
    });

    // Born 2008, recruited at 16: a minor at recruitment, back home now.
    const minor = await ask({
      incidentType: 'unpaid_wages',
      incidentDate: '2024-03-01',
      victims: [{ currentSituation: 'home', dateOfBirth: '2008-01-10' }],
    });
    expect(minor.body).toEqual({ priority: 'high', reasons: ['minor_at_recruitment'] });

    const plain = await ask({
      incidentType: 'unpaid_wages',
      victims: [{ currentSituation: 'home', estimatedAge: 30 }],
    });
    expect(plain.body).toEqual({ priority: 'normal', reasons: [] });

    // What the case is then created with agrees with the suggestion.
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(caseworker))
      .send({
        title: 'Anak di bawah umur',
        incidentType: 'unpaid_wages',
        source: 'family',
        incidentDate: '2024-03-01',
        victims: [{ fullName: 'Korban Muda', currentSituation: 'home', dateOfBirth: '2008-01-10' }],
      });
    expect(created.status).toBe(201);
    expect(created.body.suggestedPriority).toBe(minor.body.priority);

    const bad = await ask({ incidentType: 'nope', victims: [{ currentSituation: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'incidentType',
      'victims[0].currentSituation',
    ]);
  });
});
