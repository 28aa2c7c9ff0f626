import { todayInJakarta } from '../src/common/validation/dates';
import { UserRole } from '../src/modules/users/user-role';
import { ahmadJayaniCase, createCase, plainCase, rowCounts } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const YEAR = todayInJakarta().slice(0, 4);
const NOWHERE = '00000000-0000-4000-8000-000000000000';

type Method = 'get' | 'post' | 'patch';

interface Route {
  name: string;
  method: Method;
  /** The path for a case id and a victim id. */
  path: (ids: { caseId: string; victimId: string }) => string;
  body?: object;
  /** Which id the route names, and so which "not found" it answers. */
  notFound: 'CASE.NOT_FOUND' | 'VICTIM.NOT_FOUND';
  writes: boolean;
}

describe('case access and concurrency', () => {
  let t: TestApp;
  let owner: Record<'caseworker' | 'supervisor' | 'viewer' | 'liaison', SignedInUser>;
  let outsider: Record<'caseworker' | 'supervisor' | 'viewer' | 'liaison' | 'admin', SignedInUser>;
  let caseId: string;
  let victimId: string;
  let outsiderVictimId: string;

  const send = (user: SignedInUser, method: Method, path: string, body?: object) => {
    const request = t
      .http()
      [method](`/api/v1${path}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  };

  const routes: Route[] = [
    {
      name: 'GET case',
      method: 'get',
      path: (i) => `/cases/${i.caseId}`,
      notFound: 'CASE.NOT_FOUND',
      writes: false,
    },
    {
      name: 'PATCH case',
      method: 'patch',
      path: (i) => `/cases/${i.caseId}`,
      body: { version: 1, title: 'Diubah oleh instansi lain' },
      notFound: 'CASE.NOT_FOUND',
      writes: true,
    },
    {
      name: 'POST transition',
      method: 'post',
      path: (i) => `/cases/${i.caseId}/transitions`,
      body: { to: 'open', reason: 'dibuka oleh instansi lain', version: 1 },
      notFound: 'CASE.NOT_FOUND',
      writes: true,
    },
    {
      name: 'POST note',
      method: 'post',
      path: (i) => `/cases/${i.caseId}/notes`,
      body: { body: 'catatan dari instansi lain' },
      notFound: 'CASE.NOT_FOUND',
      writes: true,
    },
    {
      name: 'GET notes',
      method: 'get',
      path: (i) => `/cases/${i.caseId}/notes`,
      notFound: 'CASE.NOT_FOUND',
      writes: false,
    },
    {
      name: 'GET timeline',
      method: 'get',
      path: (i) => `/cases/${i.caseId}/timeline`,
      notFound: 'CASE.NOT_FOUND',
      writes: false,
    },
    {
      name: 'GET case victims',
      method: 'get',
      path: (i) => `/cases/${i.caseId}/victims`,
      notFound: 'CASE.NOT_FOUND',
      writes: false,
    },
    {
      name: 'POST case victim',
      method: 'post',
      path: (i) => `/cases/${i.caseId}/victims`,
      body: { fullName: 'Korban tambahan', currentSituation: 'home' },
      notFound: 'CASE.NOT_FOUND',
      writes: true,
    },
    {
      name: 'GET victim',
      method: 'get',
      path: (i) => `/victims/${i.victimId}`,
      notFound: 'VICTIM.NOT_FOUND',
      writes: false,
    },
    {
      name: 'PATCH victim',
      method: 'patch',
      path: (i) => `/victims/${i.victimId}`,
      body: { version: 1, occupationAbroad: 'diubah oleh instansi lain' },
      notFound: 'VICTIM.NOT_FOUND',
      writes: true,
    },
    {
      name: 'GET victim identity',
      method: 'get',
      path: (i) => `/victims/${i.victimId}/identity`,
      notFound: 'VICTIM.NOT_FOUND',
      writes: false,
    },
    {
      name: 'POST same-person',
      method: 'post',
      path: (i) => `/victims/${i.victimId}/same-person`,
      // Filled in once the outsider's own victim exists.
      body: undefined,
      notFound: 'VICTIM.NOT_FOUND',
      writes: true,
    },
  ];
  const bodyOf = (route: Route) =>
    route.name === 'POST same-person' ? { otherVictimId: outsiderVictimId } : route.body;

  /** Everything an unauthorised request could change. */
  async function snapshot() {
    const [counts, caseRow, victimRow, counters] = await Promise.all([
      rowCounts(t),
      t.db.query(`SELECT * FROM cases WHERE id = $1`, [caseId]),
      t.db.query(`SELECT * FROM victims WHERE id = $1`, [victimId]),
      t.db.query(`SELECT * FROM case_number_counters ORDER BY prefix, year`),
    ]);
    return { counts, case: caseRow.rows[0], victim: victimRow.rows[0], counters: counters.rows };
  }

  /**
   * Runs `requests` while the test holds `lockSql`'s row lock, releasing it only once `waiters`
   * of them are blocked on it: the requests then really race instead of running one by one.
   */
  async function race<T>(
    lockSql: string,
    params: unknown[],
    waiters: number,
    requests: () => Array<PromiseLike<T>>,
  ): Promise<T[]> {
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query(lockSql, params);
      expect(locked.rowCount).toBe(1);
      const pending = Promise.all(requests());
      const deadline = Date.now() + 5000;
      for (;;) {
        const blocked = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (blocked.rows[0].n >= waiters) break;
        if (Date.now() > deadline)
          throw new Error(`only ${blocked.rows[0].n} of ${waiters} requests reached the lock`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await client.query('COMMIT');
      return await pending;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    const lampungSelatan = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    const bandung = await createAgency(t, { shortName: 'Disnaker Bandung', regionCode: '32.04' });
    const [cw, sv, vw, li, ocw, osv, ovw, oli, oad] = await Promise.all([
      createUser(t, UserRole.Caseworker, { agencyId: lampungSelatan.id }),
      createUser(t, UserRole.Supervisor, { agencyId: lampungSelatan.id }),
      createUser(t, UserRole.Viewer, { agencyId: lampungSelatan.id }),
      createUser(t, UserRole.AgencyLiaison, { agencyId: lampungSelatan.id }),
      createUser(t, UserRole.Caseworker, { agencyId: bandung.id }),
      createUser(t, UserRole.Supervisor, { agencyId: bandung.id }),
      createUser(t, UserRole.Viewer, { agencyId: bandung.id }),
      createUser(t, UserRole.AgencyLiaison, { agencyId: bandung.id }),
      createUser(t, UserRole.Admin, { agencyId: bandung.id }),
    ]);
    owner = { caseworker: cw, supervisor: sv, viewer: vw, liaison: li };
    outsider = { caseworker: ocw, supervisor: osv, viewer: ovw, liaison: oli, admin: oad };
    const created = await createCase(t, cw, ahmadJayaniCase());
    caseId = created.id;
    victimId = created.victims[0].id;
    const theirs = await createCase(t, ocw, plainCase());
    outsiderVictimId = theirs.victims[0].id;
  });
  afterAll(() => t?.close());

  describe('cross-agency access', () => {
    it.each([
      ['a caseworker of another agency', () => outsider.caseworker],
      ['a supervisor of another agency', () => outsider.supervisor],
      ['a viewer of another agency', () => outsider.viewer],
      ['an agency liaison of another agency', () => outsider.liaison],
      ['an agency liaison of the same agency', () => owner.liaison],
    ])('%s gets 404, as for a missing record, on every route', async (_label, who) => {
      const user = who();
      const before = await snapshot();
      for (const route of routes) {
        const response = await send(
          user,
          route.method,
          route.path({ caseId, victimId }),
          bodyOf(route),
        );
        const missing = await send(
          user,
          route.method,
          route.path({ caseId: NOWHERE, victimId: NOWHERE }),
          bodyOf(route),
        );
        expect({ route: route.name, status: response.status, code: response.body.code }).toEqual({
          route: route.name,
          status: 404,
          code: route.notFound,
        });
        expect(response.body).toEqual({ ...missing.body, requestId: response.body.requestId });
      }

      const list = await send(user, 'get', '/cases');
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);

      for (const trail of [`case&id=${caseId}`, `victim&id=${victimId}`]) {
        const response = await send(user, 'get', `/audit?entity=${trail}`);
        const missing = await send(user, 'get', `/audit?entity=case&id=${NOWHERE}`);
        if (user.role === UserRole.Supervisor) {
          expect([response.status, response.body.code]).toEqual([404, 'AUDIT.NOT_FOUND']);
        } else {
          // Their role reads no audit trail at all: the same answer for any id.
          expect([response.status, response.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
        }
        expect([missing.status, missing.body.code]).toEqual([response.status, response.body.code]);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('a viewer of the owning agency reads the case but changes nothing', async () => {
      const before = await snapshot();
      for (const route of routes) {
        const response = await send(
          owner.viewer,
          route.method,
          route.path({ caseId, victimId }),
          bodyOf(route),
        );
        if (route.name === 'GET victim identity') {
          expect([response.status, response.body.code]).toEqual([403, 'CASE.IDENTITY_NOT_ALLOWED']);
        } else if (route.writes) {
          expect({ route: route.name, status: response.status, code: response.body.code }).toEqual({
            route: route.name,
            status: 403,
            code: 'CASE.READ_ONLY',
          });
        } else {
          expect({ route: route.name, status: response.status }).toEqual({
            route: route.name,
            status: 200,
          });
        }
      }
      const created = await send(owner.viewer, 'post', '/cases', plainCase());
      expect([created.status, created.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
      const audit = await send(owner.viewer, 'get', `/audit?entity=case&id=${caseId}`);
      expect(audit.status).toBe(403);
      const list = await send(owner.viewer, 'get', '/cases');
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
      expect(await snapshot()).toEqual(before);
    });

    it('an admin of another agency reads everything', async () => {
      const before = await snapshot();
      for (const route of routes.filter((r) => !r.writes && r.name !== 'GET victim identity')) {
        const response = await send(outsider.admin, route.method, route.path({ caseId, victimId }));
        expect({ route: route.name, status: response.status }).toEqual({
          route: route.name,
          status: 200,
        });
      }
      const caseRead = await send(outsider.admin, 'get', `/cases/${caseId}`);
      expect(caseRead.body).toMatchObject({ id: caseId, victimCount: 1 });
      expect(caseRead.body.victims[0].nikMasked).toBe('************0003');
      for (const trail of [`case&id=${caseId}`, `victim&id=${victimId}`]) {
        const response = await send(outsider.admin, 'get', `/audit?entity=${trail}`);
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeGreaterThan(0);
      }
      const list = await send(outsider.admin, 'get', '/cases');
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual(
        expect.arrayContaining([caseId]),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('a victim of a case the caller cannot see is not accepted as the same person', async () => {
      const before = await snapshot();
      const response = await send(
        outsider.caseworker,
        'post',
        `/victims/${outsiderVictimId}/same-person`,
        { otherVictimId: victimId },
      );
      const missing = await send(
        outsider.caseworker,
        'post',
        `/victims/${outsiderVictimId}/same-person`,
        { otherVictimId: NOWHERE },
      );
      expect(response.status).toBe(400);
      expect(response.body.details.fields).toEqual(missing.body.details.fields);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'otherVictimId',
      ]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('concurrency', () => {
    it('gives 20 concurrent cases of one agency distinct numbers in an unbroken sequence', async () => {
      const agency = await createAgency(t, {
        shortName: 'Disnaker Pringsewu',
        regionCode: '18.10',
      });
      await t.db.query(`UPDATE agencies SET case_prefix = 'PSW' WHERE id = $1`, [agency.id]);
      const caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
      const first = await createCase(t, caseworker, plainCase());
      expect(first.caseNumber).toBe(`PSW-${YEAR}-000001`);

      // The application's pool has 10 connections: wait until 5 requests queue on the counter.
      const responses = await race(
        `SELECT 1 FROM case_number_counters WHERE prefix = 'PSW' FOR UPDATE`,
        [],
        5,
        () =>
          Array.from({ length: 20 }, (_, i) =>
            send(caseworker, 'post', '/cases', plainCase({ title: `Kasus serentak ${i + 1}` })),
          ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array<number>(20).fill(201));
      const numbers = responses.map((r) => r.body.caseNumber as string);
      for (const number of numbers) expect(number).toMatch(new RegExp(`^PSW-${YEAR}-\\d{6}$`));
      expect(new Set(numbers).size).toBe(20);
      const sequence = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
      expect(sequence).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));

      const stored = await t.db.query<{ case_number: string }>(
        `SELECT case_number FROM cases WHERE owning_agency_id = $1 ORDER BY case_number`,
        [agency.id],
      );
      expect(stored.rows.map((r) => r.case_number)).toEqual([first.caseNumber, ...numbers].sort());
      const counter = await t.db.query(
        `SELECT last_value FROM case_number_counters WHERE prefix = 'PSW' AND year = $1`,
        [Number(YEAR)],
      );
      expect(counter.rows).toEqual([{ last_value: 21 }]);
    });

    it('lets exactly one of several concurrent case updates with the same version win', async () => {
      const created = await createCase(t, owner.caseworker, plainCase());
      for (let round = 0; round < 3; round++) {
        const version = round + 1;
        const titles = [0, 1, 2].map((i) => `Judul ronde ${round} oleh penyunting ${i}`);
        const responses = await race(
          `SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`,
          [created.id],
          3,
          () =>
            titles.map((title) =>
              send(owner.caseworker, 'patch', `/cases/${created.id}`, { version, title }),
            ),
        );
        const winners = responses.filter((r) => r.status === 200);
        const losers = responses.filter((r) => r.status !== 200);
        expect(winners).toHaveLength(1);
        expect(losers.map((r) => [r.status, r.body.code, r.body.details])).toEqual([
          [409, 'CASE.VERSION_CONFLICT', { currentVersion: version + 1 }],
          [409, 'CASE.VERSION_CONFLICT', { currentVersion: version + 1 }],
        ]);
        expect(winners[0].body.version).toBe(version + 1);
        const row = await t.db.query(`SELECT title, version FROM cases WHERE id = $1`, [
          created.id,
        ]);
        expect(row.rows[0]).toEqual({ title: winners[0].body.title, version: version + 1 });
      }
      const updates = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'case.updated'`,
        [created.id],
      );
      expect(updates.rows[0].n).toBe(3);
    });

    it('lets exactly one of several concurrent victim updates with the same version win', async () => {
      const created = await createCase(t, owner.caseworker, plainCase());
      const id = created.victims[0].id as string;
      for (let round = 0; round < 3; round++) {
        const version = round + 1;
        const responses = await race(
          `SELECT 1 FROM victims WHERE id = $1 FOR UPDATE`,
          [id],
          3,
          () =>
            [0, 1, 2].map((i) =>
              send(owner.caseworker, 'patch', `/victims/${id}`, {
                version,
                employerAbroad: `Majikan ronde ${round} versi ${i}`,
              }),
            ),
        );
        const winners = responses.filter((r) => r.status === 200);
        const losers = responses.filter((r) => r.status !== 200);
        expect(winners).toHaveLength(1);
        expect(losers.map((r) => [r.status, r.body.code, r.body.details])).toEqual([
          [409, 'VICTIM.VERSION_CONFLICT', { currentVersion: version + 1 }],
          [409, 'VICTIM.VERSION_CONFLICT', { currentVersion: version + 1 }],
        ]);
        const row = await t.db.query(`SELECT employer_abroad, version FROM victims WHERE id = $1`, [
          id,
        ]);
        expect(row.rows[0]).toEqual({
          employer_abroad: winners[0].body.employerAbroad,
          version: version + 1,
        });
      }
      const updates = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'victim.updated'`,
        [id],
      );
      expect(updates.rows[0].n).toBe(3);
    });

    it('lets concurrent updates of two victims of one case both win, the case priority following both', async () => {
      const created = await createCase(
        t,
        owner.caseworker,
        plainCase({
          victims: [
            { fullName: 'Pekerja A', estimatedAge: 30, currentSituation: 'abroad' },
            { fullName: 'Pekerja B', estimatedAge: 31, currentSituation: 'abroad' },
          ],
        }),
      );
      expect(created).toMatchObject({ suggestedPriority: 'normal', version: 1 });
      const idOf = (name: string) =>
        created.victims.find((v: { fullName: string }) => v.fullName === name).id as string;
      const [first, second] = [idOf('Pekerja A'), idOf('Pekerja B')];
      // Both victim changes raise the case's priority; each must wait for the other, not fail.
      const responses = await race(
        `SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`,
        [created.id],
        2,
        () => [
          send(owner.caseworker, 'patch', `/victims/${first}`, {
            version: 1,
            currentSituation: 'detained',
          }),
          send(owner.caseworker, 'patch', `/victims/${second}`, {
            version: 1,
            currentSituation: 'missing',
          }),
        ],
      );
      expect(responses.map((r) => [r.status, r.body.code])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
      const stored = await t.db.query(
        `SELECT current_situation FROM victims WHERE case_id = $1 ORDER BY full_name`,
        [created.id],
      );
      expect(stored.rows.map((r) => r.current_situation)).toEqual(['detained', 'missing']);
      const read = await send(owner.caseworker, 'get', `/cases/${created.id}`);
      expect(read.body).toMatchObject({
        suggestedPriority: 'critical',
        priority: 'critical',
        version: 2,
      });
    });
  });
});
