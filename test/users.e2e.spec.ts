import { randomUUID } from 'node:crypto';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const NON_ADMIN_ROLES = [
  UserRole.Supervisor,
  UserRole.Caseworker,
  UserRole.AgencyLiaison,
  UserRole.Viewer,
];

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  role: string;
  agency_id: string;
  disabled_at: Date | null;
  version: number;
  token_version: number;
}

describe('user administration', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let others: Record<string, SignedInUser>;

  async function userRow(id: string): Promise<UserRow | undefined> {
    const { rows } = await t.db.query<UserRow>(
      `SELECT id, email, full_name, role, agency_id, disabled_at, version, token_version FROM users WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async function counts(): Promise<{ users: number; tokens: number }> {
    const { rows } = await t.db.query<{ users: number; tokens: number }>(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM password_setup_tokens)::int AS tokens`,
    );
    return rows[0];
  }

  /** Everything an admin route could change, except last_login_at, which signing in sets. */
  async function snapshot(): Promise<unknown> {
    const users = await t.db.query(
      `SELECT id, email, full_name, role, agency_id, disabled_at, version, token_version, password_changed_at, updated_at
       FROM users ORDER BY id`,
    );
    const tokens = await t.db.query(
      'SELECT id, user_id, purpose, revoked_at, used_at FROM password_setup_tokens ORDER BY id',
    );
    return { users: users.rows, tokens: tokens.rows };
  }

  /** A user row without signing in, for targets that never call the API themselves. */
  async function insertUser(
    role: UserRole,
    options: { agencyId?: string; hasPassword?: boolean; disabled?: boolean } = {},
  ): Promise<string> {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO users (email, full_name, role, agency_id, password_changed_at, disabled_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END, CASE WHEN $6::boolean THEN now() END) RETURNING id`,
      [
        `${role}-${randomUUID()}@example.org`,
        `Inserted ${role}`,
        role,
        options.agencyId ?? admin.agencyId,
        options.hasPassword ?? false,
        options.disabled ?? false,
      ],
    );
    return rows[0].id;
  }

  function fieldsOf(body: { details?: { fields?: Array<{ field: string }> } }): string[] {
    return (body.details?.fields ?? []).map((f) => f.field).sort();
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
    others = {};
    for (const role of NON_ADMIN_ROLES) others[role] = await createUser(t, role);
  });
  afterAll(() => t.close());

  describe('creating users', () => {
    it('creates a user without a password and issues an invitation link', async () => {
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({
          email: '  Siti.Rahayu@Example.ORG ',
          fullName: ' Siti Rahayu ',
          role: 'caseworker',
          agencyId: admin.agencyId,
        });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        email: 'siti.rahayu@example.org',
        fullName: 'Siti Rahayu',
        role: 'caseworker',
        agencyId: admin.agencyId,
        hasPassword: false,
        disabled: false,
        disabledAt: null,
        lastLoginAt: null,
        version: 1,
      });
      expect(response.body).not.toHaveProperty('passwordHash');

      const stored = await t.db.query(
        'SELECT email, full_name, role, agency_id, password_hash, password_changed_at FROM users WHERE id = $1',
        [response.body.id],
      );
      expect(stored.rows).toEqual([
        {
          email: 'siti.rahayu@example.org',
          full_name: 'Siti Rahayu',
          role: 'caseworker',
          agency_id: admin.agencyId,
          password_hash: null,
          password_changed_at: null,
        },
      ]);
      const tokens = await t.db.query(
        'SELECT purpose, created_by, used_at, revoked_at, expires_at > now() AS open FROM password_setup_tokens WHERE user_id = $1',
        [response.body.id],
      );
      expect(tokens.rows).toEqual([
        {
          purpose: 'invitation',
          created_by: admin.id,
          used_at: null,
          revoked_at: null,
          open: true,
        },
      ]);
    });

    it('refuses an email that is already taken, whatever its case, and writes nothing', async () => {
      const before = await counts();
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({
          email: others[UserRole.Viewer].email.toUpperCase(),
          fullName: 'Copy',
          role: 'viewer',
          agencyId: admin.agencyId,
        });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'USER.EMAIL_TAKEN' });
      expect(await counts()).toEqual(before);
    });

    it('refuses an unknown agency with a field error on agencyId and writes nothing', async () => {
      const before = await counts();
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({
          email: 'no-agency@example.org',
          fullName: 'No Agency',
          role: 'viewer',
          agencyId: randomUUID(),
        });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(['agencyId']);
      expect(await counts()).toEqual(before);
      expect(
        (await t.db.query(`SELECT 1 FROM users WHERE email = 'no-agency@example.org'`)).rowCount,
      ).toBe(0);
    });

    it.each([
      ['a malformed email', { email: 'not-an-email' }, ['email']],
      ['an unknown role', { role: 'superuser' }, ['role']],
      ['an unknown extra field', { isAdmin: true }, ['isAdmin']],
      ['a malformed agencyId', { agencyId: '12345' }, ['agencyId']],
      ['an empty name', { fullName: '   ' }, ['fullName']],
    ])(
      'refuses %s with 400 and field errors, writing nothing',
      async (_label, override, expectedFields) => {
        const before = await counts();
        const body = {
          email: 'valid-person@example.org',
          fullName: 'Valid Person',
          role: 'viewer',
          agencyId: admin.agencyId,
          ...override,
        };
        const response = await t
          .http()
          .post('/api/v1/users')
          .set(...bearer(admin))
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
        expect(fieldsOf(response.body)).toEqual(expectedFields);
        expect(await counts()).toEqual(before);
      },
    );

    it('reports every invalid field at once', async () => {
      const before = await counts();
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({ email: 'nope', role: 'boss', extra: 1 });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['agencyId', 'email', 'extra', 'fullName', 'role']);
      expect(await counts()).toEqual(before);
    });
  });

  describe('listing and reading users', () => {
    let agencyId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      agencyId = (await createAgency(t)).id;
      const people: Array<[string, UserRole, boolean]> = [
        ['Ani', UserRole.Caseworker, false],
        ['Budi', UserRole.Supervisor, false],
        ['Citra', UserRole.Caseworker, false],
        ['Dewi', UserRole.Viewer, false],
        ['Eko', UserRole.Caseworker, true],
      ];
      for (const [name, role, disabled] of people) {
        const { rows } = await t.db.query<{ id: string }>(
          `INSERT INTO users (email, full_name, role, agency_id, disabled_at)
           VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END) RETURNING id`,
          [`${name.toLowerCase()}@list.example.org`, `List ${name}`, role, agencyId, disabled],
        );
        ids[name] = rows[0].id;
      }
    });

    it('filters by agency, hides disabled users by default and sorts by name', async () => {
      const response = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId })
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(response.body.items.map((u: { fullName: string }) => u.fullName)).toEqual([
        'List Ani',
        'List Budi',
        'List Citra',
        'List Dewi',
      ]);
    });

    it('filters by role', async () => {
      const response = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, role: 'caseworker' })
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(2);
      expect(response.body.items.map((u: { id: string }) => u.id)).toEqual([ids.Ani, ids.Citra]);

      const everywhere = await t
        .http()
        .get('/api/v1/users')
        .query({ role: 'agency_liaison' })
        .set(...bearer(admin));
      expect(everywhere.body.items.map((u: { id: string }) => u.id)).toEqual([
        others[UserRole.AgencyLiaison].id,
      ]);
    });

    it('includes disabled users on request', async () => {
      const response = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, includeDisabled: 'true' })
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(5);
      const eko = response.body.items.find((u: { id: string }) => u.id === ids.Eko);
      expect(eko).toMatchObject({
        fullName: 'List Eko',
        disabled: true,
        disabledAt: expect.any(String),
      });

      const explicitFalse = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, includeDisabled: 'false' })
        .set(...bearer(admin));
      expect(explicitFalse.body.total).toBe(4);
    });

    it('pages with limit and offset, keeping the total', async () => {
      const first = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, includeDisabled: 'true', limit: 2 })
        .set(...bearer(admin));
      const second = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, includeDisabled: 'true', limit: 2, offset: 2 })
        .set(...bearer(admin));
      const third = await t
        .http()
        .get('/api/v1/users')
        .query({ agencyId, includeDisabled: 'true', limit: 2, offset: 4 })
        .set(...bearer(admin));
      for (const page of [first, second, third]) {
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(5);
        expect(page.body.limit).toBe(2);
      }
      expect(second.body.offset).toBe(2);
      const names = [first, second, third].flatMap((page) =>
        page.body.items.map((u: { fullName: string }) => u.fullName),
      );
      expect(names).toEqual(['List Ani', 'List Budi', 'List Citra', 'List Dewi', 'List Eko']);
    });

    it.each([
      [{ includeDisabled: 'maybe' }, 'includeDisabled'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ offset: '-1' }, 'offset'],
      [{ role: 'boss' }, 'role'],
      [{ agencyId: 'not-a-uuid' }, 'agencyId'],
      [{ sort: 'name' }, 'sort'],
    ])('refuses the list query %j with a field error', async (query, field) => {
      const response = await t
        .http()
        .get('/api/v1/users')
        .query(query)
        .set(...bearer(admin));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual([field]);
    });

    it('reads one user', async () => {
      const response = await t
        .http()
        .get(`/api/v1/users/${ids.Budi}`)
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: ids.Budi,
        email: 'budi@list.example.org',
        role: 'supervisor',
        agencyId,
        hasPassword: false,
      });
      expect(response.body).not.toHaveProperty('passwordHash');
    });

    it('answers 400 on id for a malformed id and 404 for an unknown one, on every route', async () => {
      const routes: Array<['get' | 'patch' | 'post', string, object | undefined]> = [
        ['get', '', undefined],
        ['patch', '', { fullName: 'X', version: 1 }],
        ['post', '/disable', undefined],
        ['post', '/enable', undefined],
        ['post', '/password-link', undefined],
      ];
      const before = await snapshot();
      for (const [method, suffix, body] of routes) {
        const malformed = await t
          .http()
          [method](`/api/v1/users/not-a-uuid${suffix}`)
          .set(...bearer(admin))
          .send(body);
        expect([method, suffix, malformed.status]).toEqual([method, suffix, 400]);
        expect(malformed.body.code).toBe('REQUEST.VALIDATION_FAILED');
        expect(malformed.body.details.fields).toEqual([
          { field: 'id', messages: [expect.any(String)] },
        ]);

        const unknown = await t
          .http()
          [method](`/api/v1/users/${randomUUID()}${suffix}`)
          .set(...bearer(admin))
          .send(body);
        expect([method, suffix, unknown.status]).toEqual([method, suffix, 404]);
        expect(unknown.body).toMatchObject({ statusCode: 404, code: 'USER.NOT_FOUND' });
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('changing users', () => {
    it('updates with the current version and bumps it', async () => {
      const user = { id: await insertUser(UserRole.Caseworker) };
      const other = await createAgency(t);
      const before = (await userRow(user.id))!;

      const response = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send({
          fullName: 'Renamed Person',
          role: 'supervisor',
          agencyId: other.id,
          version: before.version,
        });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: user.id,
        fullName: 'Renamed Person',
        role: 'supervisor',
        agencyId: other.id,
        version: before.version + 1,
      });

      const after = (await userRow(user.id))!;
      expect(after).toMatchObject({
        full_name: 'Renamed Person',
        role: 'supervisor',
        agency_id: other.id,
        version: before.version + 1,
        email: before.email,
      });

      // Omitted fields stay as they were.
      const partial = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send({ fullName: 'Only Name', version: after.version });
      expect(partial.status).toBe(200);
      expect(await userRow(user.id)).toMatchObject({
        full_name: 'Only Name',
        role: 'supervisor',
        agency_id: other.id,
        version: after.version + 1,
      });
    });

    it('refuses a stale version with 409 and the current version, changing nothing', async () => {
      const user = { id: await insertUser(UserRole.Viewer) };
      const fresh = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send({ fullName: 'First Edit', version: 1 });
      expect(fresh.status).toBe(200);
      const before = await userRow(user.id);

      const stale = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send({ fullName: 'Second Edit', role: 'supervisor', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        statusCode: 409,
        code: 'USER.VERSION_CONFLICT',
        details: { currentVersion: 2 },
      });
      expect(await userRow(user.id)).toEqual(before);
    });

    it.each([
      ['no version', { fullName: 'X' }, ['version']],
      ['a version of 0', { fullName: 'X', version: 0 }, ['version']],
      ['a version as text', { fullName: 'X', version: '1' }, ['version']],
      ['the email, which cannot be changed', { email: 'new@example.org', version: 1 }, ['email']],
      ['an unknown role', { role: 'root', version: 1 }, ['role']],
      ['a null role', { role: null, version: 1 }, ['role']],
      ['a null name', { fullName: null, version: 1 }, ['fullName']],
      ['a null agency', { agencyId: null, version: 1 }, ['agencyId']],
    ])('refuses a change with %s, changing nothing', async (_label, body, expectedFields) => {
      const user = { id: await insertUser(UserRole.Viewer) };
      const before = await userRow(user.id);
      const response = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(expectedFields);
      expect(await userRow(user.id)).toEqual(before);
    });

    it('refuses a move to an unknown agency with a field error on agencyId', async () => {
      const user = { id: await insertUser(UserRole.Viewer) };
      const before = await userRow(user.id);
      const response = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(...bearer(admin))
        .send({ agencyId: randomUUID(), version: 1 });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['agencyId']);
      expect(await userRow(user.id)).toEqual(before);
    });

    it('disables and enables a user, voiding their tokens', async () => {
      const user = await createUser(t, UserRole.Caseworker);
      const before = (await userRow(user.id))!;

      const disabled = await t
        .http()
        .post(`/api/v1/users/${user.id}/disable`)
        .set(...bearer(admin));
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({
        id: user.id,
        disabled: true,
        version: before.version + 1,
      });
      const afterDisable = (await userRow(user.id))!;
      expect(afterDisable.disabled_at).toBeInstanceOf(Date);
      expect(afterDisable.token_version).toBe(before.token_version + 1);

      // Disabling twice is harmless and changes nothing more.
      expect(
        (
          await t
            .http()
            .post(`/api/v1/users/${user.id}/disable`)
            .set(...bearer(admin))
        ).status,
      ).toBe(200);
      expect(await userRow(user.id)).toEqual(afterDisable);

      const enabled = await t
        .http()
        .post(`/api/v1/users/${user.id}/enable`)
        .set(...bearer(admin));
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ disabled: false, disabledAt: null });
      expect(await userRow(user.id)).toMatchObject({
        disabled_at: null,
        token_version: before.token_version + 2,
      });
      expect(
        (
          await t
            .http()
            .get('/api/v1/me')
            .set(...bearer(user))
        ).status,
      ).toBe(401);
    });

    it('does not let an admin disable their own account', async () => {
      const before = await userRow(admin.id);
      const response = await t
        .http()
        .post(`/api/v1/users/${admin.id}/disable`)
        .set(...bearer(admin));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'USER.CANNOT_DISABLE_SELF' });
      expect(await userRow(admin.id)).toEqual(before);
      expect(
        (
          await t
            .http()
            .get('/api/v1/me')
            .set(...bearer(admin))
        ).status,
      ).toBe(200);
    });

    it('sends a fresh password link, revoking the earlier one', async () => {
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({
          email: 'link-me@example.org',
          fullName: 'Link Me',
          role: 'viewer',
          agencyId: admin.agencyId,
        });
      expect(created.status).toBe(201);
      const first = await t.db.query<{ id: string }>(
        'SELECT id FROM password_setup_tokens WHERE user_id = $1',
        [created.body.id],
      );
      expect(first.rowCount).toBe(1);

      const response = await t
        .http()
        .post(`/api/v1/users/${created.body.id}/password-link`)
        .set(...bearer(admin));
      expect(response.status).toBe(202);
      const tokens = await t.db.query(
        'SELECT id, purpose, created_by, revoked_at IS NOT NULL AS revoked FROM password_setup_tokens WHERE user_id = $1 ORDER BY created_at',
        [created.body.id],
      );
      expect(tokens.rows).toEqual([
        { id: first.rows[0].id, purpose: 'invitation', created_by: admin.id, revoked: true },
        { id: expect.any(String), purpose: 'invitation', created_by: admin.id, revoked: false },
      ]);

      // A user who already has a password gets a reset link.
      const withPassword = { id: await insertUser(UserRole.Viewer, { hasPassword: true }) };
      expect(
        (
          await t
            .http()
            .post(`/api/v1/users/${withPassword.id}/password-link`)
            .set(...bearer(admin))
        ).status,
      ).toBe(202);
      const reset = await t.db.query(
        'SELECT purpose FROM password_setup_tokens WHERE user_id = $1',
        [withPassword.id],
      );
      expect(reset.rows).toEqual([{ purpose: 'reset' }]);
    });

    it('refuses a password link for a disabled user', async () => {
      const user = { id: await insertUser(UserRole.Viewer, { disabled: true }) };
      const response = await t
        .http()
        .post(`/api/v1/users/${user.id}/password-link`)
        .set(...bearer(admin));
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['id']);
      expect(
        (await t.db.query('SELECT 1 FROM password_setup_tokens WHERE user_id = $1', [user.id]))
          .rowCount,
      ).toBe(0);
    });

    it('applies a role change at once and never leaves the service without an active admin', async () => {
      const helper = await createUser(t, UserRole.Caseworker);
      expect(
        (
          await t
            .http()
            .get('/api/v1/users')
            .set(...bearer(helper))
        ).status,
      ).toBe(403);

      const promoted = await t
        .http()
        .patch(`/api/v1/users/${helper.id}`)
        .set(...bearer(admin))
        .send({ role: 'admin', version: 1 });
      expect(promoted.status).toBe(200);
      expect(
        (
          await t
            .http()
            .get('/api/v1/users')
            .set(...bearer(helper))
        ).status,
      ).toBe(200);

      // With two active admins, one may be demoted, and loses access on the next request.
      const demoted = await t
        .http()
        .patch(`/api/v1/users/${helper.id}`)
        .set(...bearer(admin))
        .send({ role: 'viewer', version: 2 });
      expect(demoted.status).toBe(200);
      expect(
        (
          await t
            .http()
            .get('/api/v1/users')
            .set(...bearer(helper))
        ).status,
      ).toBe(403);

      const activeAdmins = await t.db.query(
        `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL`,
      );
      expect(activeAdmins.rows).toEqual([{ id: admin.id }]);

      const before = await userRow(admin.id);
      const selfDemotion = await t
        .http()
        .patch(`/api/v1/users/${admin.id}`)
        .set(...bearer(admin))
        .send({ role: 'supervisor', version: before!.version });
      expect(selfDemotion.status).toBe(409);
      expect(selfDemotion.body).toMatchObject({ statusCode: 409, code: 'USER.LAST_ADMIN' });
      expect(await userRow(admin.id)).toEqual(before);

      // A disabled admin does not count as another admin.
      const dormant = await insertUser(UserRole.Admin, { disabled: true });
      expect(await userRow(dormant)).toMatchObject({
        role: 'admin',
        disabled_at: expect.any(Date),
      });
      const stillLast = await t
        .http()
        .patch(`/api/v1/users/${admin.id}`)
        .set(...bearer(admin))
        .send({ role: 'viewer', version: before!.version });
      expect(stillLast.status).toBe(409);
      expect(stillLast.body.code).toBe('USER.LAST_ADMIN');
      expect(await userRow(admin.id)).toEqual(before);

      // Renaming the last admin, without touching the role, is fine.
      const renamed = await t
        .http()
        .patch(`/api/v1/users/${admin.id}`)
        .set(...bearer(admin))
        .send({ fullName: 'Chief Admin', role: 'admin', version: before!.version });
      expect(renamed.status).toBe(200);
      expect(await userRow(admin.id)).toMatchObject({ role: 'admin', full_name: 'Chief Admin' });
    });
  });

  describe('role checks', () => {
    let target: { id: string };
    let disabledTarget: string;

    beforeAll(async () => {
      target = { id: await insertUser(UserRole.Caseworker) };
      disabledTarget = await insertUser(UserRole.Viewer, { disabled: true });
    });

    type Call = (user: SignedInUser) => ReturnType<ReturnType<TestApp['http']>['get']>;
    const routes: Array<[string, Call]> = [
      [
        'GET /users',
        (user) =>
          t
            .http()
            .get('/api/v1/users')
            .set(...bearer(user)),
      ],
      [
        'GET /users/:id',
        (user) =>
          t
            .http()
            .get(`/api/v1/users/${target.id}`)
            .set(...bearer(user)),
      ],
      [
        'GET /users/:id (unknown id)',
        (user) =>
          t
            .http()
            .get(`/api/v1/users/${randomUUID()}`)
            .set(...bearer(user)),
      ],
      [
        'POST /users',
        (user) =>
          t
            .http()
            .post('/api/v1/users')
            .set(...bearer(user))
            .send({
              email: `made-by-${user.role}@example.org`,
              fullName: 'Sneaky',
              role: 'admin',
              agencyId: user.agencyId,
            }),
      ],
      [
        'PATCH /users/:id',
        (user) =>
          t
            .http()
            .patch(`/api/v1/users/${target.id}`)
            .set(...bearer(user))
            .send({ role: 'admin', fullName: 'Sneaky', version: 1 }),
      ],
      [
        'PATCH /users/:id (own account)',
        (user) =>
          t
            .http()
            .patch(`/api/v1/users/${user.id}`)
            .set(...bearer(user))
            .send({ role: 'admin', version: 1 }),
      ],
      [
        'POST /users/:id/disable',
        (user) =>
          t
            .http()
            .post(`/api/v1/users/${target.id}/disable`)
            .set(...bearer(user)),
      ],
      [
        'POST /users/:id/enable',
        (user) =>
          t
            .http()
            .post(`/api/v1/users/${disabledTarget}/enable`)
            .set(...bearer(user)),
      ],
      [
        'POST /users/:id/password-link',
        (user) =>
          t
            .http()
            .post(`/api/v1/users/${target.id}/password-link`)
            .set(...bearer(user)),
      ],
    ];
    const cases = NON_ADMIN_ROLES.flatMap((role) =>
      routes.map(([route, call]) => [role, route, call] as const),
    );

    it.each(cases)('%s gets 403 on %s and nothing changes', async (role, _route, call) => {
      const before = await snapshot();
      const response = await call(others[role]);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
      expect(response.body).not.toHaveProperty('items');
      expect(await snapshot()).toEqual(before);
    });

    it('lets an admin make the same calls, so the 403s above come from the role alone', async () => {
      const statuses: Record<string, number> = {};
      for (const [route, call] of routes) {
        if (route !== 'PATCH /users/:id (own account)')
          statuses[route] = (await call(admin)).status;
      }
      expect(statuses).toEqual({
        'GET /users': 200,
        'GET /users/:id': 200,
        'GET /users/:id (unknown id)': 404,
        'POST /users': 201,
        'PATCH /users/:id': 200,
        'POST /users/:id/disable': 200,
        'POST /users/:id/enable': 200,
        'POST /users/:id/password-link': 400, // the target was disabled two calls earlier
      });
      expect(await userRow(target.id)).toMatchObject({
        role: 'admin',
        full_name: 'Sneaky',
        disabled_at: expect.any(Date),
      });
      expect(await userRow(disabledTarget)).toMatchObject({ disabled_at: null });
      expect(
        (await t.db.query(`SELECT 1 FROM users WHERE email = 'made-by-admin@example.org'`))
          .rowCount,
      ).toBe(1);
    });
  });

  it('requires a bearer token', async () => {
    const response = await t.http().get('/api/v1/users');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
  });
  describe('the staff cases can be assigned to', () => {
    it("gives a supervisor their own agency's active caseworkers and supervisors, by name only", async () => {
      const agencyId = (await createAgency(t)).id;
      const supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
      const caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
      const gone = await insertUser(UserRole.Caseworker, { agencyId, disabled: true });
      const viewer = await insertUser(UserRole.Viewer, { agencyId });
      const elsewhere = await createUser(t, UserRole.Caseworker);
      const answer = await t
        .http()
        .get('/api/v1/users/assignees')
        .set(...bearer(supervisor));
      expect(answer.status).toBe(200);
      const ids = (answer.body.items as Array<{ id: string }>).map((item) => item.id);
      expect(ids.sort()).toEqual([supervisor.id, caseworker.id].sort());
      expect(ids).not.toContain(gone);
      expect(ids).not.toContain(viewer);
      expect(ids).not.toContain(elsewhere.id);
      expect(Object.keys(answer.body.items[0]).sort()).toEqual(['fullName', 'id', 'role']);

      // Another agency named by a supervisor changes nothing: it is their own agency's staff.
      const asked = await t
        .http()
        .get(`/api/v1/users/assignees?agencyId=${elsewhere.agencyId}`)
        .set(...bearer(supervisor));
      expect((asked.body.items as Array<{ id: string }>).map((item) => item.id)).not.toContain(
        elsewhere.id,
      );
    });

    it('is for supervisors and admins, an admin naming the agency', async () => {
      for (const role of [UserRole.Caseworker, UserRole.AgencyLiaison, UserRole.Viewer]) {
        const refused = await t
          .http()
          .get('/api/v1/users/assignees')
          .set(...bearer(others[role]));
        expect(refused.status).toBe(403);
      }
      const unnamed = await t
        .http()
        .get('/api/v1/users/assignees')
        .set(...bearer(admin));
      expect(unnamed.status).toBe(400);
      expect(unnamed.body.details.fields[0].field).toBe('agencyId');
      const named = await t
        .http()
        .get(`/api/v1/users/assignees?agencyId=${others[UserRole.Caseworker].agencyId}`)
        .set(...bearer(admin));
      expect((named.body.items as Array<{ id: string }>).map((item) => item.id)).toContain(
        others[UserRole.Caseworker].id,
      );
    });
  });
});
