import { UserRole } from '../src/modules/users/user-role';
import {
  ahmadJayaniCase,
  createCase,
  haniLink,
  plainCase,
  rowCounts,
} from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

type Method = 'get' | 'post' | 'patch';

interface Route {
  name: string;
  method: Method;
  path: (ref: string) => string;
  body?: object;
}

/** Every route that names a case in its path, with a body that would change something. */
const ROUTES: Route[] = [
  { name: 'GET case', method: 'get', path: (r) => `/cases/${r}` },
  {
    name: 'PATCH case',
    method: 'patch',
    path: (r) => `/cases/${r}`,
    body: { version: 1, title: 'Diubah lewat nomor kasus' },
  },
  {
    name: 'POST transition',
    method: 'post',
    path: (r) => `/cases/${r}/transitions`,
    body: { to: 'open', reason: 'dibuka lewat nomor kasus', version: 1 },
  },
  {
    name: 'POST note',
    method: 'post',
    path: (r) => `/cases/${r}/notes`,
    body: { body: 'catatan lewat nomor kasus' },
  },
  { name: 'GET notes', method: 'get', path: (r) => `/cases/${r}/notes` },
  { name: 'GET timeline', method: 'get', path: (r) => `/cases/${r}/timeline` },
  { name: 'GET victims', method: 'get', path: (r) => `/cases/${r}/victims` },
  {
    name: 'POST victim',
    method: 'post',
    path: (r) => `/cases/${r}/victims`,
    body: { fullName: 'Korban tambahan', currentSituation: 'home' },
  },
  { name: 'GET perpetrators', method: 'get', path: (r) => `/cases/${r}/perpetrators` },
  {
    name: 'POST perpetrator',
    method: 'post',
    path: (r) => `/cases/${r}/perpetrators`,
    body: haniLink({ roleInCase: 'dicatat lewat nomor kasus' }),
  },
  { name: 'GET referrals', method: 'get', path: (r) => `/cases/${r}/referrals` },
  {
    name: 'POST referral',
    method: 'post',
    path: (r) => `/cases/${r}/referrals`,
    body: {
      agencyId: NOWHERE,
      service: 'legal_aid',
      reason: 'Pendampingan hukum.',
      request: 'Mohon pendampingan.',
      consent: 'victim',
    },
  },
  { name: 'GET tasks', method: 'get', path: (r) => `/cases/${r}/tasks` },
  {
    name: 'POST task',
    method: 'post',
    path: (r) => `/cases/${r}/tasks`,
    body: { title: 'Hubungi keluarga', dueAt: '2099-01-01T10:00:00+07:00' },
  },
];

describe('a case named in the path by its number', () => {
  let t: TestApp;
  let caseworker: SignedInUser;
  let outsider: SignedInUser;
  let outsiderAdmin: SignedInUser;
  let caseId: string;
  let caseNumber: string;

  const send = (user: SignedInUser, method: Method, path: string, body?: object) => {
    const request = t
      .http()
      [method](`/api/v1${path}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const owning = await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' });
    await t.db.query(`UPDATE agencies SET case_prefix = 'LPG' WHERE id = $1`, [owning.id]);
    const other = await createAgency(t, { shortName: 'Disnaker Bandung', regionCode: '32.04' });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: owning.id });
    outsider = await createUser(t, UserRole.Caseworker, { agencyId: other.id });
    outsiderAdmin = await createUser(t, UserRole.Admin, { agencyId: other.id });
    const created = await createCase(t, caseworker, ahmadJayaniCase());
    caseId = created.id;
    caseNumber = created.caseNumber;
    await createCase(t, outsider, plainCase());
  });
  afterAll(() => t?.close());

  it('opens the case by its number, with any case of the prefix, as by its id', async () => {
    expect(caseNumber).toMatch(/^LPG-\d{4}-\d{6}$/);
    const byId = await send(caseworker, 'get', `/cases/${caseId}`);
    expect(byId.status).toBe(200);
    for (const ref of [caseNumber, caseNumber.toLowerCase(), `lPg${caseNumber.slice(3)}`]) {
      const byNumber = await send(caseworker, 'get', `/cases/${encodeURIComponent(ref)}`);
      expect({ ref, status: byNumber.status }).toEqual({ ref, status: 200 });
      expect(byNumber.body).toEqual(byId.body);
    }
    // An admin of any agency reads every case, by number as by id.
    const asAdmin = await send(outsiderAdmin, 'get', `/cases/${caseNumber}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.id).toBe(caseId);
  });

  it('answers every sub-route by number exactly as by id', async () => {
    for (const sub of ['notes', 'timeline', 'victims', 'perpetrators', 'referrals', 'tasks']) {
      const byId = await send(caseworker, 'get', `/cases/${caseId}/${sub}`);
      const byNumber = await send(caseworker, 'get', `/cases/${caseNumber}/${sub}`);
      expect({ sub, status: byNumber.status }).toEqual({ sub, status: 200 });
      expect(byNumber.body).toEqual(byId.body);
    }
  });

  it('changes the case named by its number', async () => {
    const note = await send(caseworker, 'post', `/cases/${caseNumber.toLowerCase()}/notes`, {
      body: 'Keluarga dihubungi lewat telepon.',
    });
    expect(note.status).toBe(201);
    expect(note.body.caseId).toBe(caseId);
    const moved = await send(caseworker, 'post', `/cases/${caseNumber}/transitions`, {
      to: 'open',
      reason: 'Data awal lengkap.',
      version: 1,
    });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ id: caseId, status: 'open', version: 2 });
    const task = await send(caseworker, 'post', `/cases/${caseNumber}/tasks`, {
      title: 'Hubungi keluarga',
      dueAt: '2099-01-01T10:00:00+07:00',
    });
    expect(task.status).toBe(201);
    const read = await send(caseworker, 'get', `/cases/${caseNumber}/tasks/${task.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(task.body.id);
  });

  it("gives another agency's staff the 404 of a missing case on every route, and changes nothing", async () => {
    const before = await rowCounts(t);
    const caseRow = (await t.db.query(`SELECT * FROM cases WHERE id = $1`, [caseId])).rows[0];
    for (const route of ROUTES) {
      const byNumber = await send(outsider, route.method, route.path(caseNumber), route.body);
      const byId = await send(outsider, route.method, route.path(caseId), route.body);
      const missing = await send(outsider, route.method, route.path(NOWHERE), route.body);
      const unknownNumber = await send(
        outsider,
        route.method,
        route.path('LPG-1999-999999'),
        route.body,
      );
      for (const [label, response] of [
        ['number', byNumber],
        ['id', byId],
        ['unknown number', unknownNumber],
      ] as const) {
        expect({ route: route.name, label, status: response.status }).toEqual({
          route: route.name,
          label,
          status: 404,
        });
        expect(response.body).toEqual({ ...missing.body, requestId: response.body.requestId });
      }
    }
    expect(await rowCounts(t)).toEqual(before);
    expect((await t.db.query(`SELECT * FROM cases WHERE id = $1`, [caseId])).rows[0]).toEqual(
      caseRow,
    );
  });

  it('refuses what is neither an id nor a case number with a field error', async () => {
    for (const ref of ['LPG-2026', 'LPG-26-000001', 'L-2026-000001', 'LPG_2026_000001', '12345']) {
      const response = await send(caseworker, 'get', `/cases/${ref}`);
      expect({ ref, status: response.status, code: response.body.code }).toEqual({
        ref,
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
      });
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['id']);
    }
  });
});
