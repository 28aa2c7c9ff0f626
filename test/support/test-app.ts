import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';
import request from 'supertest';
import { createHttpApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { prepareRuntime } from '../../src/infrastructure/runtime';
import { startSmtpSink } from './smtp-sink';
import {
  databaseUrl,
  templateDatabase,
  TEST_ADMIN_DATABASE_URL,
  TEST_DATABASE_PREFIX,
  serviceDatabaseUrl,
  testRunId,
  TEST_REDIS_URL,
} from './test-env';

export type QueueBackend = 'redis' | 'postgres';

export interface TestAppOptions {
  queue?: QueueBackend;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /**
   * `build` boots the compiled service in dist/ (run `npm run build` first): the Swagger plugin
   * documents DTOs and query parameters only at build time, not under Jest.
   */
  from?: 'source' | 'build';
}

const BUILT_APP_FACTORY = path.join(__dirname, '..', '..', 'dist', 'src', 'app.factory.js');
const BUILT_RUNTIME = path.join(
  __dirname,
  '..',
  '..',
  'dist',
  'src',
  'infrastructure',
  'runtime.js',
);

function builtModules(): {
  createHttpApp: typeof createHttpApp;
  prepareRuntime: typeof prepareRuntime;
} {
  if (!existsSync(BUILT_APP_FACTORY))
    throw new Error(`${BUILT_APP_FACTORY} is missing: run \`npm run build\` before this test`);
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    createHttpApp: (require(BUILT_APP_FACTORY) as { createHttpApp: typeof createHttpApp })
      .createHttpApp,
    prepareRuntime: (require(BUILT_RUNTIME) as { prepareRuntime: typeof prepareRuntime })
      .prepareRuntime,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The owner's URL: migrations, direct checks and set-up. */
  databaseUrl: string;
  /** The URL the app itself uses: the service role, which owns nothing. */
  serviceDatabaseUrl: string;
  /** Direct SQL on this file's database, to set up and to check what the API really stored. */
  db: Pool;
  http(): ReturnType<typeof request>;
  /** Stops the app alone (its shutdown is what a test measures); close() then cleans up. */
  stopApp(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_APP_SECRET = 'test-secret-'.padEnd(48, 'x');
export const TEST_DATA_KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

export async function cloneTemplateDatabase(): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${testRunId()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`);
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * Drops a per-file database once its connections are gone. A pool that is still closing its last
 * client would otherwise have that client killed by FORCE, and the resulting error event (57P01)
 * can surface as an unhandled error in the test file.
 */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Boots the whole application, as production does, on a fresh copy of the migrated database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  // A real mail server is required with DATABASE_URL; a file that does not bring its own gets one.
  const ownSink = options.env?.SMTP_URL === undefined ? await startSmtpSink() : undefined;
  const databaseName = await cloneTemplateDatabase();
  const url = databaseUrl(databaseName);
  const serviceUrl = serviceDatabaseUrl(databaseName);
  const queuePrefix = `jejak-test-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string | undefined> = {
    DATABASE_URL: serviceUrl,
    MIGRATION_DATABASE_URL: url,
    REDIS_URL: (options.queue ?? 'redis') === 'redis' ? TEST_REDIS_URL : undefined,
    QUEUE_PREFIX: queuePrefix,
    APP_SECRET: TEST_APP_SECRET,
    DATA_KEY: TEST_DATA_KEY,
    PUBLIC_BASE_URL: 'http://jejak.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    LOGIN_RATE_LIMIT: '1000',
    // Test files run side by side against one PostgreSQL: keep each app's share small.
    DATABASE_POOL_SIZE: '8',
    SMTP_URL: ownSink?.url,
    ...options.env,
  };
  const boot = options.from === 'build' ? builtModules() : { createHttpApp, prepareRuntime };
  const runtime = await boot.prepareRuntime(env, () => undefined);
  const app = await boot.createHttpApp(runtime.config);
  await app.init();
  // Fastify takes requests on app.getHttpServer() only once its plugins have loaded.
  await app.getHttpAdapter().getInstance().ready();
  const db = new Pool({ connectionString: url, max: 3 });
  let stopping: Promise<void> | undefined;
  const stopApp = () => (stopping ??= app.close());

  return {
    app,
    config: runtime.config,
    databaseUrl: url,
    serviceDatabaseUrl: serviceUrl,
    db,
    http: () => request(app.getHttpServer()),
    stopApp,
    close: async () => {
      await closedWithin(stopApp(), CLOSE_WITHIN_MS, () => whatIsStillRunning(db));
      await db.end();
      await dropDatabase(databaseName);
      if (runtime.config.queue.backend === 'redis')
        await deleteRedisKeys(runtime.config.queue.redisUrl, queuePrefix);
      await ownSink?.close();
    },
  };
}

/**
 * Less than a hook's default timeout (30 s): an app that does not close is a bug to see, with what
 * its database connections were doing, not a silent wait until Jest gives up on the file. The
 * job workers give their running jobs 15 s before they let go.
 */
const CLOSE_WITHIN_MS = 25_000;

async function closedWithin(
  closing: Promise<void>,
  timeoutMs: number,
  describe: () => Promise<string>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([closing.then(() => 'closed' as const), timedOut])) === 'timeout')
      throw new Error(`The app did not close within ${timeoutMs} ms. ${await describe()}`);
  } finally {
    clearTimeout(timer);
  }
}

async function whatIsStillRunning(db: Pool): Promise<string> {
  try {
    const { rows } = await db.query<{ state: string; wait: string | null; query: string }>(
      `SELECT state, wait_event_type || ':' || wait_event AS wait, left(query, 100) AS query
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return `Its database connections: ${JSON.stringify(rows)}`;
  } catch (error) {
    return `Its database connections could not be read: ${(error as Error).message}`;
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
