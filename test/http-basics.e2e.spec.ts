import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('HTTP basics: errors, request ids, health, docs, security headers', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  it('answers an unknown route with the common error shape and a request id', async () => {
    const response = await t
      .http()
      .get('/api/v1/no-such-thing')
      .set(...bearer(admin));
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      code: 'REQUEST.NOT_FOUND',
      message: expect.any(String),
      requestId: response.headers['x-request-id'],
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await t
      .http()
      .get('/api/v1/no-such-thing')
      .set('X-Request-Id', 'proxy-1234567890');
    expect(kept.headers['x-request-id']).toBe('proxy-1234567890');
    expect(kept.body.requestId).toBe('proxy-1234567890');
    const replaced = await t
      .http()
      .get('/api/v1/no-such-thing')
      .set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await t
      .http()
      .post('/api/v1/agencies')
      .set(...bearer(admin))
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'REQUEST.MALFORMED_JSON',
      requestId: expect.any(String),
    });
  });

  it('refuses an oversized body with 413', async () => {
    const response = await t
      .http()
      .post('/api/v1/agencies')
      .set(...bearer(admin))
      .send({ name: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it('names nested fields in validation errors', async () => {
    const response = await t
      .http()
      .post('/api/v1/agencies')
      .set(...bearer(admin))
      .send({
        name: 'Dinas Sosial',
        shortName: 'Dinsos',
        type: 'social_affairs',
        level: 'regency',
        regionCode: '18.01',
        contactEmails: ['ok@example.org', 'not-an-email'],
      });
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      {
        field: 'contactEmails',
        messages: ['each value in contactEmails must be an email address'],
        rules: ['isEmail'],
      },
    ]);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM agencies WHERE short_name = 'Dinsos'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses NUL characters anywhere in a request with 400, which PostgreSQL could not store', async () => {
    const inBody = await t
      .http()
      .post('/api/v1/agencies')
      .set(...bearer(admin))
      .send({
        name: 'a\u0000b',
        shortName: 'Nul',
        type: 'ngo',
        level: 'national',
        contactEmails: ['x\u0000@example.org'],
      });
    expect(inBody.status).toBe(400);
    expect(inBody.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'name',
      'contactEmails[0]',
    ]);
    const inQuery = await t
      .http()
      .get('/api/v1/regions?q=ab%00cd')
      .set(...bearer(admin));
    expect(inQuery.status).toBe(400);
    expect(inQuery.body.details.fields[0].field).toBe('q');
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM agencies WHERE short_name = 'Nul'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses a version beyond the integer range with 400, not 500', async () => {
    const response = await t
      .http()
      .patch(`/api/v1/users/${admin.id}`)
      .set(...bearer(admin))
      .send({ fullName: 'X', version: 2147483648 });
    expect(response.status).toBe(400);
    expect(response.body.details.fields[0].field).toBe('version');
  });

  it('reports health of the database and the queue', async () => {
    const response = await t.http().get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        queue: { status: 'up', waiting: expect.any(Number), failed: expect.any(Number) },
      },
    });
  });

  it('documents every route the application serves', async () => {
    const docs = await t.http().get('/docs/openapi.json');
    const documented = new Set(
      Object.entries(docs.body.paths as Record<string, object>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    // Fastify prints its routing tree, one node a line, indented four characters a level, each
    // with the methods it serves.
    const tree = t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    const parents: string[] = [];
    const served = tree
      .split('\n')
      .flatMap((line) => {
        const node =
          /^((?:\u2502 {3}| {4})*)[\u251c\u2514]\u2500\u2500 (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
        if (!node) return [];
        const depth = node[1].length / 4;
        parents.length = depth;
        const path = `${parents[depth - 1] ?? ''}${node[2]}`;
        parents.push(path);
        return (node[3]?.split(', ') ?? []).map(
          (method) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`,
        );
      })
      .filter(
        (route) => /^(GET|POST|PATCH|PUT|DELETE) \/api\/v1\//.test(route) && !route.includes('*'),
      );
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('serves the OpenAPI document without a token, and helmet headers on every answer', async () => {
    const docs = await t.http().get('/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(docs.body.info.title).toBe('Jejak API');
    expect(docs.body.components.securitySchemes).toHaveProperty('bearer');
    const health = await t.http().get('/health');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(health.headers).not.toHaveProperty('x-powered-by');
  });

  it('serves the pages behind emailed links as screens of the web app, never sending a Referer', async () => {
    // The links in messages keep their addresses; the token rides in the fragment, never sent.
    for (const path of ['/set-password', '/respond']) {
      const page = await t.http().get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('<div id="root"></div>');
      expect(page.text).toContain('<meta name="referrer" content="no-referrer" />');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    }
    // The old pages' scripts are gone: nothing answers for them.
    expect((await t.http().get('/set-password.js')).status).toBe(404);
    expect((await t.http().get('/respond.js')).status).toBe(404);
  });

  describe('refusals before any controller, in the common error shape', () => {
    const expectShape = (
      response: { status: number; body: unknown; headers: Record<string, string> },
      status: number,
      code: string,
    ) => {
      expect(response.status).toBe(status);
      expect(response.body).toEqual({
        statusCode: status,
        code,
        message: expect.any(String),
        requestId: response.headers['x-request-id'],
      });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    };

    it('a malformed URL', async () => {
      expectShape(await t.http().get('/api/v1/%zz'), 400, 'REQUEST.BAD_REQUEST');
    });

    it('JSON that is not an object or a list, and a charset other than UTF-8', async () => {
      const post = () =>
        t
          .http()
          .post('/api/v1/agencies')
          .set(...bearer(admin));
      expectShape(
        await post().set('Content-Type', 'application/json').send('"text"'),
        400,
        'REQUEST.MALFORMED_JSON',
      );
      expectShape(
        await post().set('Content-Type', 'application/json; charset=latin1').send('{}'),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('a body of another type is not read, and is no object', async () => {
      const response = await t
        .http()
        .post('/api/v1/agencies')
        .set(...bearer(admin))
        .set('Content-Type', 'text/plain')
        .send('name=x');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.BODY_NOT_AN_OBJECT');
    });

    it('inspects form bodies, nested fields included, like JSON ones', async () => {
      const response = await t
        .http()
        .post('/api/v1/agencies')
        .set(...bearer(admin))
        .type('form')
        .send('name=a%00b&contactEmails[0]=x%00y');
      expect(response.status).toBe(400);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'name',
        'contactEmails[0]',
      ]);
    });
  });

  it('marks API answers no-store, and routes as Express did: any case, a trailing slash', async () => {
    const upper = await t
      .http()
      .get('/API/V1/regions/?limit=1')
      .set(...bearer(admin));
    expect(upper.status).toBe(200);
    expect(upper.headers['cache-control']).toBe('no-store');
    // Outside the API, the web app's page says its own: asked again each time, not no-store.
    const screen = await t.http().get('/cases');
    expect(screen.headers['cache-control']).toBe('no-cache');
  });
});
