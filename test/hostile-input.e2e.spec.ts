import { UserRole } from '../src/modules/users/user-role';
import { createCase, haniLink, plainCase, rowCounts } from './support/case-fixtures';
import { bearer, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** `{"a":{"a":…{"a":1}…}}` with `levels` objects, as raw JSON text (no stack needed to build it). */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`;
}

const ERROR_SHAPE = {
  statusCode: 400,
  code: expect.any(String),
  message: expect.any(String),
  requestId: expect.any(String),
};

describe('hostile input is refused with 400, never 500', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  const agencyCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agencies')).rows[0].n;

  describe('deep JSON', () => {
    const routes: Array<[string, string, boolean]> = [
      ['post', '/api/v1/auth/login', false],
      ['post', '/api/v1/auth/password-setup', false],
      ['post', '/api/v1/referral-responses/not-a-real-token', false],
      ['post', '/api/v1/agencies', true],
      ['post', '/api/v1/cases', true],
    ];

    it.each(routes)(
      'refuses a body nested 3,000 levels on %s %s with REQUEST.TOO_DEEP',
      async (method, path, signedIn) => {
        let call = t.http()[method as 'post'](path).set('Content-Type', 'application/json');
        if (signedIn) call = call.set(...bearer(admin));
        const response = await call.send(nestedJson(3000));
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          ...ERROR_SHAPE,
          code: 'REQUEST.TOO_DEEP',
          details: { maxDepth: 32 },
        });
        expect(response.body.message).toMatch(/bersarang.*\/ The request is nested/);
      },
    );

    it('takes 32 levels to validation and refuses 33 before it', async () => {
      const send = (levels: number) =>
        t
          .http()
          .post('/api/v1/agencies')
          .set(...bearer(admin))
          .set('Content-Type', 'application/json')
          .send(nestedJson(levels));
      const atLimit = await send(32);
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.code).toBe('REQUEST.VALIDATION_FAILED');
      const beyond = await send(33);
      expect(beyond.status).toBe(400);
      expect(beyond.body.code).toBe('REQUEST.TOO_DEEP');
    });

    it('counts arrays as levels too', async () => {
      const body = `{"contactEmails":${'['.repeat(40)}${']'.repeat(40)}}`;
      const response = await t
        .http()
        .post('/api/v1/agencies')
        .set(...bearer(admin))
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.body.code).toBe('REQUEST.TOO_DEEP');
    });
  });

  describe('ill-formed Unicode', () => {
    it('refuses a lone surrogate in a sign-in email before the rate limiter or validator read it', async () => {
      const response = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email":"\\ud800@x.id","password":"whatever-it-is"}');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        ...ERROR_SHAPE,
        code: 'REQUEST.ILL_FORMED_UNICODE',
        details: {
          fields: [{ field: 'email', messages: [expect.stringContaining('surrogate')] }],
          totalFields: 1,
        },
      });
    });

    it('refuses lone surrogates in values and in keys on signed-in routes, changing nothing', async () => {
      const before = await agencyCount();
      for (const body of [
        '{"name":"Dinas\\udc00","shortName":"LS1","type":"ngo","level":"national"}',
        '{"name":"Dinas","shortName":"LS2","type":"ngo","level":"national","contactEmails":["a\\ud83d@x.id"]}',
        '{"name":"Dinas","shortName":"LS3","type":"ngo","level":"national","\\ud800key":1}',
      ]) {
        const response = await t
          .http()
          .post('/api/v1/agencies')
          .set(...bearer(admin))
          .set('Content-Type', 'application/json')
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.ILL_FORMED_UNICODE');
      }
      expect(await agencyCount()).toBe(before);
    });

    it('names the field of an ill-formed key without the surrogate itself', async () => {
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{"profile":{"\\ud800x":"y"}}');
      expect(response.body.details.fields[0].field).toBe('profile.\ufffdx');
    });

    it('keeps a well-formed pair (an emoji) as it is', async () => {
      const response = await t
        .http()
        .post('/api/v1/agencies')
        .set(...bearer(admin))
        .send({
          name: 'Dinas 🌏',
          shortName: `Emoji-${Date.now()}`,
          type: 'ngo',
          level: 'national',
        });
      expect(response.status).toBe(201);
    });
  });

  describe('wrong kinds of body', () => {
    it('refuses a list where an object belongs, without validating each element as a body', async () => {
      for (const body of ['[{}]', '[]', `[${'{"name":1},'.repeat(999)}{"name":1}]`]) {
        const response = await t
          .http()
          .post('/api/v1/agencies')
          .set(...bearer(admin))
          .set('Content-Type', 'application/json')
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.BODY_NOT_AN_OBJECT');
      }
    });

    it('refuses a list longer than any a request may carry before validating it', async () => {
      const response = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(admin))
        .send({ victims: Array.from({ length: 40_000 }, () => ({})) });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'REQUEST.TOO_MANY_ITEMS',
        details: { field: 'victims', maxItems: 1000 },
      });
    });
  });

  describe('validation errors', () => {
    it('lists at most 100 field errors and gives the total', async () => {
      const response = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(admin))
        .send({ victims: Array.from({ length: 1000 }, () => ({ fullName: 5, age: 'x' })) });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(response.body.details.fields).toHaveLength(100);
      expect(response.body.details.totalFields).toBeGreaterThan(2000);
      expect(JSON.stringify(response.body).length).toBeLessThan(30_000);
    });

    it('caps the NUL-character findings the same way', async () => {
      const response = await t
        .http()
        .post('/api/v1/agencies')
        .set(...bearer(admin))
        .send({ contactEmails: Array.from({ length: 500 }, () => 'a\u0000') });
      expect(response.status).toBe(400);
      expect(response.body.details.fields).toHaveLength(100);
      expect(response.body.details.totalFields).toBe(500);
    });
  });
  describe('integer query parameters', () => {
    const BAD_NUMBERS = ['', ' 5', '5 ', '0x10', '1e2', '5.0', '+5', '٥', '5,0'];
    const routes = [
      '/api/v1/agencies?limit=',
      '/api/v1/agencies?offset=',
      '/api/v1/users?limit=',
      '/api/v1/regions?level=',
      '/api/v1/holidays?year=',
      '/api/v1/cases?limit=',
      '/api/v1/notifications?limit=',
    ];

    it.each(routes)('refuses anything but plain digits in %s', async (route) => {
      for (const bad of BAD_NUMBERS) {
        const response = await t
          .http()
          .get(`${route}${encodeURIComponent(bad)}`)
          .set(...bearer(admin));
        expect([response.status, bad]).toEqual([400, bad]);
        expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      }
    });

    it('still reads plain digits', async () => {
      const response = await t
        .http()
        .get('/api/v1/regions?level=1&limit=5&offset=0')
        .set(...bearer(admin));
      expect(response.status).toBe(200);
    });
  });
  describe('nested objects of the wrong shape', () => {
    let caseworker: SignedInUser;
    let caseId: string;

    beforeAll(async () => {
      caseworker = await createUser(t, UserRole.Caseworker);
      caseId = ((await createCase(t, caseworker, plainCase())) as { id: string }).id;
    });

    const wrongShapes: Array<[string, object]> = [
      ['a perpetrator sent as a list', { perpetrators: [{ perpetrator: [{ fullName: 'x' }] }] }],
      ['a perpetrator sent as text', { perpetrators: [{ perpetrator: 'Hani' }] }],
      ['a perpetrator link sent as a list', { perpetrators: [[haniLink()]] }],
      ['a victim sent as a list', { victims: [[plainCase().victims[0]]] }],
      ['a victim sent as null', { victims: [null] }],
      ['a victim sent as a number', { victims: [7] }],
      [
        'a family member sent as a list',
        { victims: [{ ...plainCase().victims[0], familyMembers: [[{ fullName: 'Janah' }]] }] },
      ],
      ['the victims sent as one object', { victims: plainCase().victims[0] }],
    ];

    it.each(wrongShapes)('refuses %s with 400 and stores nothing', async (_label, change) => {
      const before = await rowCounts(t);
      const response = await t
        .http()
        .post('/api/v1/cases')
        .set(...bearer(caseworker))
        .send(plainCase(change));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(await rowCounts(t)).toEqual(before);
    });

    it('refuses a perpetrator sent as a list when linking one to a case', async () => {
      const before = await rowCounts(t);
      const response = await t
        .http()
        .post(`/api/v1/cases/${caseId}/perpetrators`)
        .set(...bearer(caseworker))
        .send({ perpetrator: [{ fullName: 'x' }] });
      expect(response.status).toBe(400);
      expect(response.body.details.fields).toContainEqual({
        field: 'perpetrator',
        messages: ['perpetrator must be an object'],
        rules: ['isObject'],
      });
      expect(await rowCounts(t)).toEqual(before);
    });
  });
});
