import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Saved filters of the case queue: each is its owner's alone, at most 50, under a name unique to
 * its owner, and holds only the case list's validated filters (never the free-text search).
 */
describe('saved filters', () => {
  let t: TestApp;
  let supervisor: SignedInUser;
  let colleague: SignedInUser;
  let liaison: SignedInUser;

  const save = (user: SignedInUser, body: object) =>
    t
      .http()
      .post('/api/v1/saved-filters')
      .set(...bearer(user))
      .send(body);
  const list = async (user: SignedInUser) =>
    (
      await t
        .http()
        .get('/api/v1/saved-filters')
        .set(...bearer(user))
    ).body as { items: Array<{ id: string; name: string; query: object }> };

  beforeAll(async () => {
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    const agencyId = (await createAgency(t, { shortName: 'BP3MI Lampung' })).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    colleague = await createUser(t, UserRole.Supervisor, { agencyId });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
  });
  afterAll(() => t.close());

  it('keeps the filters as validated, for their owner only, and deletes them for the owner only', async () => {
    const saved = await save(supervisor, {
      name: '  Kritis dari Lampung  ',
      query: {
        queue: 'critical_open',
        status: ['open', 'in_assistance'],
        priority: ['critical'],
        originRegion: '18',
        exploitationType: ['OnlineScam'],
        overdue: true,
        inactiveDays: 14,
        createdFrom: '2026-01-01',
        sort: 'nextDue',
      },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      name: 'Kritis dari Lampung',
      query: {
        queue: 'critical_open',
        status: ['open', 'in_assistance'],
        priority: ['critical'],
        originRegion: '18',
        exploitationType: ['OnlineScam'],
        overdue: true,
        inactiveDays: 14,
        createdFrom: '2026-01-01',
        sort: 'nextDue',
      },
    });
    expect((await list(supervisor)).items).toEqual([
      expect.objectContaining({ id: saved.body.id, name: 'Kritis dari Lampung' }),
    ]);
    // Nobody else sees it, nor can delete it: to them it does not exist.
    expect((await list(colleague)).items).toEqual([]);
    const theirs = await t
      .http()
      .delete(`/api/v1/saved-filters/${saved.body.id}`)
      .set(...bearer(colleague));
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('SAVED_FILTER.NOT_FOUND');
    expect((await list(supervisor)).items).toHaveLength(1);

    const mine = await t
      .http()
      .delete(`/api/v1/saved-filters/${saved.body.id}`)
      .set(...bearer(supervisor));
    expect(mine.status).toBe(204);
    expect((await list(supervisor)).items).toEqual([]);
    const again = await t
      .http()
      .delete(`/api/v1/saved-filters/${saved.body.id}`)
      .set(...bearer(supervisor));
    expect(again.status).toBe(404);
  });

  it('refuses bad filters field by field, and never keeps a title search or a cursor', async () => {
    const bad = await save(supervisor, {
      name: '',
      query: {
        status: ['not_a_status'],
        priority: 'urgent',
        originRegion: 'Lampung',
        inactiveDays: 0,
        overdue: 'yes',
        createdFrom: '2026-02-30',
        queue: 'incoming_referrals',
        q: 'Ahmad Jayani',
        cursor: 'abc',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('REQUEST.VALIDATION_FAILED');
    const fields = (bad.body.details.fields as Array<{ field: string }>).map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'name',
        'query.status',
        'query.priority',
        'query.originRegion',
        'query.inactiveDays',
        'query.overdue',
        'query.createdFrom',
        'query.queue',
        'query.q',
        'query.cursor',
      ]),
    );
    expect(JSON.stringify(bad.body)).not.toContain('Ahmad');
    expect((await save(supervisor, { name: 'Tanpa isi' })).status).toBe(400);
    expect((await save(supervisor, { name: 'Daftar', query: [] })).status).toBe(400);
    expect((await list(supervisor)).items).toEqual([]);
  });

  it('keeps a name once per owner, whatever its case, and other owners their own', async () => {
    expect((await save(supervisor, { name: 'Belum ditugaskan', query: {} })).status).toBe(201);
    const twice = await save(supervisor, { name: 'BELUM DITUGASKAN', query: { overdue: true } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SAVED_FILTER.NAME_TAKEN');
    expect(twice.body.details.fields[0].field).toBe('name');
    expect((await save(colleague, { name: 'Belum ditugaskan', query: {} })).status).toBe(201);
  });

  it('keeps at most 50 filters each', async () => {
    await t.db.query(`DELETE FROM saved_filters WHERE owner_id = $1`, [colleague.id]);
    for (let i = 1; i <= 50; i++)
      expect((await save(colleague, { name: `Filter ${i}`, query: {} })).status).toBe(201);
    const full = await save(colleague, { name: 'Filter 51', query: {} });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('SAVED_FILTER.TOO_MANY');
    expect((await list(colleague)).items).toHaveLength(50);
    // Another user is not counted against it.
    expect((await save(supervisor, { name: 'Masih boleh', query: {} })).status).toBe(201);
  });

  it('is not for roles without a case list', async () => {
    expect((await save(liaison, { name: 'Rujukan', query: {} })).status).toBe(403);
  });
});
