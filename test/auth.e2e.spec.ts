import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser, FACTORY_PASSWORD, SignedInUser } from './support/factories';
import { eventually } from './support/fault-helpers';
import { startTestApp, TestApp } from './support/test-app';

describe('authentication', () => {
  let t: TestApp;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  it('signs in with the right password and returns a working bearer token', async () => {
    const caseworker = await createUser(t, UserRole.Caseworker);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: caseworker.email.toUpperCase(), password: FACTORY_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 8 * 3600,
      user: { id: caseworker.id, role: 'caseworker' },
    });
    expect(login.body.user).not.toHaveProperty('passwordHash');

    const me = await t
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: caseworker.id,
      email: caseworker.email,
      role: 'caseworker',
      agencyId: caseworker.agencyId,
    });
    expect(me.body.agencyShortName).toEqual(expect.any(String));

    const { rows } = await t.db.query('SELECT last_login_at FROM users WHERE id = $1', [
      caseworker.id,
    ]);
    expect(rows[0].last_login_at).toBeInstanceOf(Date);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrongPassword = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: admin.email, password: 'not-the-password' });
    const unknownEmail = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'whatever-it-is' });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        code: 'AUTH.INVALID_CREDENTIALS',
        message: 'Email or password is incorrect',
        requestId: expect.any(String),
      });
    }
  });

  it('refuses a user who has not chosen a password yet', async () => {
    const { rows } = await t.db.query(
      `INSERT INTO users (email, full_name, role, agency_id) VALUES ('nopass@example.org', 'No Pass', 'viewer', $1) RETURNING id`,
      [admin.agencyId],
    );
    expect(rows[0].id).toBeDefined();
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nopass@example.org', password: 'anything-at-all' });
    expect(response.status).toBe(401);
  });

  it('answers 400 with field messages for a malformed login body', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'not-an-email', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
    const fields = (response.body.details.fields as Array<{ field: string }>)
      .map((f) => f.field)
      .sort();
    expect(fields).toEqual(['email', 'extra', 'password']);
  });

  it('requires a valid token on protected routes', async () => {
    const missing = await t.http().get('/api/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('AUTH.UNAUTHENTICATED');

    const garbage = await t.http().get('/api/v1/me').set('Authorization', 'Bearer not.a.token');
    expect(garbage.status).toBe(401);

    const [header, value] = bearer(admin);
    const tampered = value.slice(0, -3) + (value.endsWith('AAA') ? 'BBB' : 'AAA');
    const forged = await t.http().get('/api/v1/me').set(header, tampered);
    expect(forged.status).toBe(401);
  });

  it('cuts off, within moments, a user disabled or moved by another process', async () => {
    const viewer = await createUser(t, UserRole.Viewer);
    const me = () =>
      t
        .http()
        .get('/api/v1/me')
        .set(...bearer(viewer));
    expect((await me()).status).toBe(200);
    // Signed-in users are remembered only while this process listens for changes: wait for it,
    // so that the requests below are answered from memory and the announcement is what cuts off.
    await eventually(async () => {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = 'jejak-auth-listener' AND datname = current_database()`,
      );
      expect(rows[0].n).toBe(1);
    });
    expect((await me()).body.role).toBe('viewer');
    expect((await me()).body.role).toBe('viewer');

    // Well within the 30 s a user is remembered: only the announcement can explain the change.
    await t.db.query(`UPDATE users SET role = 'caseworker' WHERE id = $1`, [viewer.id]);
    await eventually(async () => expect((await me()).body.role).toBe('caseworker'), 3_000, 20);

    await t.db.query(
      `UPDATE users SET disabled_at = now(), token_version = token_version + 1 WHERE id = $1`,
      [viewer.id],
    );
    await eventually(async () => expect((await me()).status).toBe(401), 3_000, 20);
    expect((await me()).status).toBe(401);
  });

  it('cuts a disabled user off at once, including tokens already issued', async () => {
    const viewer = await createUser(t, UserRole.Viewer);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me')
          .set(...bearer(viewer))
      ).status,
    ).toBe(200);

    const disable = await t
      .http()
      .post(`/api/v1/users/${viewer.id}/disable`)
      .set(...bearer(admin));
    expect(disable.status).toBe(200);
    expect(disable.body.disabled).toBe(true);

    const after = await t
      .http()
      .get('/api/v1/me')
      .set(...bearer(viewer));
    expect(after.status).toBe(401);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: viewer.email, password: viewer.password });
    expect(login.status).toBe(401);

    // Enabling restores sign-in, but the old token stays dead.
    expect(
      (
        await t
          .http()
          .post(`/api/v1/users/${viewer.id}/enable`)
          .set(...bearer(admin))
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me')
          .set(...bearer(viewer))
      ).status,
    ).toBe(401);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: viewer.email, password: viewer.password })
      ).status,
    ).toBe(200);
  });

  it('changes the own password, ends other sessions and returns a new token', async () => {
    const supervisor = await createUser(t, UserRole.Supervisor);
    await t.db.query(
      `INSERT INTO password_setup_tokens (user_id, purpose, expires_at) VALUES ($1, 'reset', now() + interval '1 hour')`,
      [supervisor.id],
    );
    const wrong = await t
      .http()
      .post('/api/v1/me/password')
      .set(...bearer(supervisor))
      .send({ currentPassword: 'wrong', newPassword: 'a-new-long-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.fields[0].field).toBe('currentPassword');

    const tooShort = await t
      .http()
      .post('/api/v1/me/password')
      .set(...bearer(supervisor))
      .send({ currentPassword: FACTORY_PASSWORD, newPassword: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.details.fields[0].field).toBe('newPassword');

    const changed = await t
      .http()
      .post('/api/v1/me/password')
      .set(...bearer(supervisor))
      .send({ currentPassword: FACTORY_PASSWORD, newPassword: 'a-new-long-password' });
    expect(changed.status).toBe(200);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me')
          .set(...bearer(supervisor))
      ).status,
    ).toBe(401);
    expect(
      (await t.http().get('/api/v1/me').set('Authorization', `Bearer ${changed.body.accessToken}`))
        .status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: supervisor.email, password: 'a-new-long-password' })
      ).status,
    ).toBe(200);

    // A reset link sent before the change no longer works.
    const { rows } = await t.db.query(
      'SELECT count(*)::int AS live FROM password_setup_tokens WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL',
      [supervisor.id],
    );
    expect(rows[0].live).toBe(0);
  });
});

describe('login rate limiting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  it('answers 429 after too many attempts for one account, without blocking other accounts', async () => {
    const user = await createUser(t, UserRole.Caseworker);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'wrong-password' });
      statuses.push(response.status);
    }
    // createUser already signed in once, so the third wrong attempt is the limit.
    expect(statuses).toEqual([401, 401, 429, 429]);
    const limited = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: FACTORY_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });

    const other = await createUser(t, UserRole.Viewer);
    expect(
      (
        await t
          .http()
          .get('/api/v1/me')
          .set(...bearer(other))
      ).status,
    ).toBe(200);
  });

  it('counts per client address, as the trusted proxy on loopback reports it', async () => {
    const user = await createUser(t, UserRole.Caseworker);
    const attempt = (address: string) =>
      t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', address)
        .send({ email: user.email, password: 'wrong-password' });
    const statuses: number[] = [];
    for (let n = 0; n < 4; n += 1) statuses.push((await attempt('203.0.113.7')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt('198.51.100.9')).status).toBe(401);
  });
});
