import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { BUILT_MAIN, freePort, runService, RunningService } from './support/process-runner';

const BOOT_TIMEOUT_MS = 60_000;

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
  };
}

/**
 * `npm start` on a machine with nothing configured: the built service, an empty directory, an
 * environment without DATABASE_URL or REDIS_URL. Needs `npm run build` first (npm test does it).
 */
describe('embedded default (slow)', () => {
  let workDir: string;
  let service: RunningService | undefined;

  beforeAll(() => {
    if (!existsSync(BUILT_MAIN))
      throw new Error(`${BUILT_MAIN} is missing: run "npm run build" first`);
    workDir = mkdtempSync(path.join(tmpdir(), 'jejak-embedded-'));
    // mkdtemp makes the folder private; as root, PostgreSQL runs as another user that must enter it.
    chmodSync(workDir, 0o755);
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it('boots from nothing, serves health and docs, runs jobs on PostgreSQL, stops cleanly and restarts', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${port}`;

    service = runService(workDir, env);
    const [, adminEmail, adminPassword] = await service.waitForOutput(
      /Sign in with (\S+) \/ (\S+) \(shown only this once\)/,
      BOOT_TIMEOUT_MS,
    );
    await service.waitForOutput(/Jejak is running/, BOOT_TIMEOUT_MS);
    expect(service.output()).toContain(`Docs:  http://localhost:${port}/docs`);

    const health = await getJson(`${base}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, queue: { status: 'up' } },
    });

    const docsPage = await fetch(`${base}/docs`);
    expect(docsPage.status).toBe(200);
    const openApi = await getJson(`${base}/docs/openapi.json`);
    // Route coverage is checked in test/http-basics.e2e.spec.ts; here, that the built app serves it.
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/cases', '/health']),
    );
    // The Swagger plugin documented every DTO: none is an empty object.
    const schemas = openApi.body.components.schemas as Record<string, { properties?: object }>;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'CreateAgencyDto',
        'UpdateAgencyDto',
        'CreateUserDto',
        'LoginDto',
        'ErrorResponseDto',
      ]),
    );
    for (const [name, schema] of Object.entries(schemas)) {
      expect({ name, properties: Object.keys(schema.properties ?? {}).length > 0 }).toEqual({
        name,
        properties: true,
      });
    }

    const login = await getJson(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    expect(login.status).toBe(200);
    const auth = {
      authorization: `Bearer ${login.body.accessToken}`,
      'content-type': 'application/json',
    };

    // Without SMTP_URL the password link job prints the link: proof that the PostgreSQL queue works.
    const me = await getJson(`${base}/api/v1/me`, { headers: auth });
    const created = await getJson(`${base}/api/v1/users`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        email: 'petugas@example.org',
        fullName: 'Petugas Baru',
        role: 'caseworker',
        agencyId: me.body.agencyId,
      }),
    });
    expect(created.status).toBe(201);
    await service.waitForOutput(
      new RegExp(`password link for user ${created.body.id}[\\s\\S]*?/set-password#token=`),
      20_000,
    );
    expect(service.output()).not.toContain('petugas@example.org');

    // The service runs as a role of its own that owns no table; the superuser owns the schema.
    const state = JSON.parse(
      readFileSync(path.join(workDir, 'data', 'embedded-postgres.json'), 'utf8'),
    );
    const owner = new Client({
      connectionString: `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/jejak`,
    });
    await owner.connect();
    try {
      const sessions = await owner.query<{ usename: string }>(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'jejak' AND application_name = 'jejak'`,
      );
      expect(sessions.rows).toEqual([{ usename: 'jejak_service' }]);
      const owned = await owner.query(
        `SELECT tablename FROM pg_tables WHERE tableowner = 'jejak_service' AND schemaname IN ('public', 'bullmq')`,
      );
      expect(owned.rows).toEqual([]);
      const probes = await owner.query(`SELECT name FROM key_checks ORDER BY name`);
      expect(probes.rows).toEqual([{ name: 'blind_index' }, { name: 'data_keys' }]);
    } finally {
      await owner.end();
    }
    const secrets = JSON.parse(readFileSync(path.join(workDir, 'data', 'secrets.json'), 'utf8'));
    expect(secrets.blindIndexKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const pidFile = path.join(workDir, 'data', 'postgres', 'postmaster.pid');
    const deadline = Date.now() + 10_000;
    while (existsSync(pidFile) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(pidFile)).toBe(false);

    // Data survives a restart; no second admin is created.
    service = runService(workDir, env);
    await service.waitForOutput(/Jejak is running/, BOOT_TIMEOUT_MS);
    expect(service.output()).not.toContain('First admin');
    const again = await getJson(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    expect(again.status).toBe(200);
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });

  it('stops on Ctrl-C (SIGINT to its whole process group) as cleanly as on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    service = runService(workDir, env, { ownProcessGroup: true });
    await service.waitForOutput(/Jejak is running/, BOOT_TIMEOUT_MS);
    // Connections in use by the API and the PostgreSQL queue when the signal arrives.
    expect((await getJson(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    process.kill(-service.child.pid!, 'SIGINT');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.errors()).toBe('');
    expect(service.output()).not.toMatch(/^\s+at /m);
    const pidFile = path.join(workDir, 'data', 'postgres', 'postmaster.pid');
    const deadline = Date.now() + 10_000;
    while (existsSync(pidFile) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(pidFile)).toBe(false);
  });

  it('exits at once, with one clear line, when the HTTP port is taken', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const blocked = runService(workDir, {
        PORT: String(port),
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
      });
      const startedAt = Date.now();
      const outcome = await Promise.race([
        blocked.exited,
        new Promise<'still running'>((resolve) =>
          setTimeout(() => resolve('still running'), 15_000),
        ),
      ]);
      if (outcome === 'still running') {
        blocked.child.kill('SIGKILL');
        throw new Error(`still running after 15 s; output:\n${blocked.output()}`);
      }
      expect(outcome).toEqual({ code: 1, signal: null });
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      expect(blocked.errors().trim().split('\n')).toEqual([
        `Port ${port} sudah dipakai program lain / is already in use by another program: ` +
          'stop that program or set PORT to a free port.',
      ]);
      expect(blocked.output()).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('refuses to start with a bad configuration, naming every bad variable', async () => {
    const bad = runService(workDir, {
      PORT: 'eighty',
      APP_ROLE: 'everything',
      DATABASE_URL: 'postgres://127.0.0.1:1/jejak',
    });
    const { code } = await bad.exited;
    expect(code).toBe(1);
    expect(bad.output()).toContain('Invalid configuration:');
    expect(bad.output()).toContain('PORT must be an integer');
    expect(bad.output()).toContain('APP_ROLE must be one of all, api, worker');
    expect(bad.output()).toContain('APP_SECRET is required when DATABASE_URL is set');
  });

  it('explains, instead of failing inside initdb, when PostgreSQL could not enter the data folder', async () => {
    if (process.getuid?.() !== 0) return; // only root hands the server to another user
    const privateDir = mkdtempSync(path.join(tmpdir(), 'jejak-private-'));
    try {
      const blocked = runService(privateDir, {
        PORT: String(await freePort()),
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
      });
      const { code } = await blocked.exited;
      expect(code).toBe(1);
      expect(blocked.output()).toContain(`cannot enter ${privateDir}`);
      expect(blocked.output()).not.toContain('initdb');
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it('fails fast with a clear message when PostgreSQL cannot be reached', async () => {
    const unreachable = runService(workDir, {
      DATABASE_URL: `postgres://jejak@127.0.0.1:${await freePort()}/jejak`,
      APP_SECRET: 'x'.repeat(40),
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    const { code } = await unreachable.exited;
    expect(code).toBe(1);
    expect(unreachable.output()).toMatch(
      /Cannot connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:\d+\/jejak/,
    );
  });
});
