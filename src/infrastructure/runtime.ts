import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  AppConfig,
  deriveBlindIndexKey,
  derivePurposeKeys,
  parseDataKeys,
} from '../config/app-config';
import { EnvironmentVariables, validateEnvironment } from '../config/environment';
import { migrateWithLock } from '../database/migrate';
import { verifyKeysAgainstDatabase } from './key-checks';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface Runtime {
  config: AppConfig;
  /** Stops what the runtime started itself (the embedded PostgreSQL); safe to call twice. */
  stop(): Promise<void>;
  /** The same, without waiting: for the process's 'exit' event. */
  signalStop(): void;
}

export class InfrastructureUnavailableError extends Error {
  override name = 'InfrastructureUnavailableError';
}

/**
 * Validates the environment, starts what the embedded default needs, checks that PostgreSQL and
 * Redis answer, and points BullMQ at the chosen backend: everything that must be true before Nest
 * creates a single provider.
 */
export async function prepareRuntime(
  env: Record<string, string | undefined>,
  log: (message: string) => void,
): Promise<Runtime> {
  const vars = validateEnvironment(env);
  const dataDir = path.resolve(vars.DATA_DIR);

  let stopEmbedded: () => Promise<void> = () => Promise.resolve();
  let signalEmbedded: () => void = () => undefined;
  let databaseUrl = vars.DATABASE_URL;
  let migrationUrl = vars.MIGRATION_DATABASE_URL ?? vars.DATABASE_URL;
  let secrets = secretsFromEnvironment(vars);
  if (databaseUrl === undefined) {
    const embedded = await startEmbeddedPostgres(dataDir, vars.EMBEDDED_POSTGRES_PORT, log);
    databaseUrl = embedded.url;
    migrationUrl = embedded.ownerUrl;
    stopEmbedded = () => embedded.stop();
    signalEmbedded = () => embedded.signalStop();
    secrets = await loadOrCreateLocalSecrets(dataDir, vars);
  }

  let config: AppConfig;
  try {
    const serviceRole = await assertPostgresReachable(databaseUrl);
    const ownerRole =
      migrationUrl === undefined || migrationUrl === databaseUrl
        ? serviceRole
        : await assertPostgresReachable(migrationUrl);
    const separateRoles = ownerRole !== serviceRole;
    if (vars.REDIS_URL !== undefined) await assertRedisReachable(vars.REDIS_URL);
    config = buildConfig(vars, {
      databaseUrl,
      migrationUrl: migrationUrl ?? databaseUrl,
      separateRoles,
      embedded: vars.DATABASE_URL === undefined,
      dataDir,
      secrets,
    });
    // The service role's privileges are renewed even when someone else runs the migrations, so
    // tables a manual migration added are covered at the next start.
    if (vars.MIGRATIONS_RUN || separateRoles) {
      const applied = await migrateWithLock(config.database.migrationUrl, {
        migrate: vars.MIGRATIONS_RUN,
        serviceRole: separateRoles ? serviceRole : undefined,
        queueSchema: config.queue.backend === 'postgres',
      });
      if (applied.length > 0) log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    }
    await verifyKeysAgainstDatabase(config);
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  // BullMQ chooses its backend process-wide; @nestjs/bullmq then passes our connection through.
  setDefaultBackendFactory(config.queue.backend === 'postgres' ? createPostgresBackend : undefined);

  let stopped = false;
  return {
    config,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopEmbedded();
    },
    signalStop: () => {
      if (stopped) return;
      stopped = true;
      signalEmbedded();
    },
  };
}

export interface LocalSecrets {
  appSecret: string;
  dataKey: string;
  /** Base64 of the raw key; the hashing key is derived from it. */
  blindIndexKey: string;
}

/** The secrets as configured, for a database of one's own (DATABASE_URL). */
export function secretsFromEnvironment(vars: EnvironmentVariables): LocalSecrets {
  return {
    appSecret: vars.APP_SECRET ?? '',
    dataKey: vars.DATA_KEY ?? '',
    blindIndexKey: vars.BLIND_INDEX_KEY ?? lastDataKey(vars.DATA_KEY ?? ''),
  };
}

/**
 * Before BLIND_INDEX_KEY, hashes were keyed from the last DATA_KEY entry. With a single entry there
 * is no doubt which, so such an install keeps working unchanged; several entries must name it
 * (the configuration check says so).
 */
function lastDataKey(dataKey: string): string {
  const keys = parseDataKeys(dataKey);
  return keys[keys.length - 1].key.toString('base64');
}

export function buildConfig(
  vars: EnvironmentVariables,
  resolved: {
    databaseUrl: string;
    migrationUrl: string;
    /** The service runs as a role that does not own the schema. */
    separateRoles: boolean;
    embedded: boolean;
    dataDir: string;
    secrets: LocalSecrets;
  },
): AppConfig {
  return {
    role: vars.APP_ROLE,
    port: vars.PORT,
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    database: {
      url: resolved.databaseUrl,
      migrationUrl: resolved.migrationUrl,
      embedded: resolved.embedded,
      poolSize: vars.DATABASE_POOL_SIZE,
    },
    queue:
      vars.REDIS_URL !== undefined
        ? { backend: 'redis', redisUrl: vars.REDIS_URL, prefix: vars.QUEUE_PREFIX }
        : {
            backend: 'postgres',
            databaseUrl: resolved.databaseUrl,
            // A service role may not create schemas: the owner migrates BullMQ's at start.
            migrate: !resolved.separateRoles,
          },
    keys: derivePurposeKeys(resolved.secrets.appSecret, {
      accessTokens: vars.ACCESS_TOKEN_KEY_VERSION,
      actionLinks: vars.ACTION_LINK_KEY_VERSION,
      passwordLinks: vars.PASSWORD_LINK_KEY_VERSION,
      webhooks: vars.WEBHOOK_KEY_VERSION,
    }),
    legacyAppSecret: resolved.secrets.appSecret,
    dataKeys: parseDataKeys(resolved.secrets.dataKey),
    blindIndexKey: deriveBlindIndexKey(Buffer.from(resolved.secrets.blindIndexKey, 'base64')),
    mail: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM },
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    logLevel: vars.LOG_LEVEL,
    dataDir: resolved.dataDir,
    firstAdmin: { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD },
    auth: {
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
      passwordSetupTtlHours: vars.PASSWORD_SETUP_TTL_HOURS,
      loginRateLimit: vars.LOGIN_RATE_LIMIT,
      loginRateWindowSeconds: vars.LOGIN_RATE_WINDOW_SECONDS,
    },
    notifications: {
      maxAttempts: vars.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: vars.NOTIFICATION_RETRY_BASE_MS,
      sweepSeconds: vars.NOTIFICATION_SWEEP_SECONDS,
      requeueSeconds: vars.NOTIFICATION_REQUEUE_SECONDS,
      concurrency: vars.NOTIFICATION_CONCURRENCY,
      // A receiver that hangs holds a fifth of the slots until its circuit opens; every email
      // goes through the one SMTP server, which may take half.
      destinationConcurrency:
        vars.NOTIFICATION_DESTINATION_CONCURRENCY ??
        Math.max(1, Math.floor(vars.NOTIFICATION_CONCURRENCY / 5)),
      smtpConcurrency:
        vars.NOTIFICATION_SMTP_CONCURRENCY ??
        Math.max(1, Math.floor(vars.NOTIFICATION_CONCURRENCY / 2)),
      breakerFailures: vars.NOTIFICATION_BREAKER_FAILURES,
      breakerCoolDownSeconds: vars.NOTIFICATION_BREAKER_COOL_DOWN_SECONDS,
      digestHour: vars.DIGEST_HOUR,
    },
    referralLinkTtlDays: vars.REFERRAL_LINK_TTL_DAYS,
    metrics: { token: vars.METRICS_TOKEN, port: vars.METRICS_PORT },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The embedded default generates its secrets once, so tokens and encrypted data survive restarts. */
export async function loadOrCreateLocalSecrets(
  dataDir: string,
  vars: EnvironmentVariables,
): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  await mkdir(dataDir, { recursive: true });
  let stored: Partial<LocalSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalSecrets>;
  // What was generated once is kept, even while the environment overrides it: unsetting the
  // variable later must find the old key again, or data encrypted with it would be lost.
  const generated: LocalSecrets = {
    appSecret: stored.appSecret ?? randomBytes(48).toString('base64url'),
    dataKey: stored.dataKey ?? `local1:${randomBytes(32).toString('base64')}`,
    // A file from before this key had its own entry: its hashes were keyed from the last data key
    // in use, so that key is written down as the hashing key for good.
    blindIndexKey:
      stored.blindIndexKey ??
      (stored.dataKey !== undefined
        ? lastDataKey(vars.DATA_KEY ?? stored.dataKey)
        : randomBytes(32).toString('base64')),
  };
  if (
    generated.appSecret !== stored.appSecret ||
    generated.dataKey !== stored.dataKey ||
    generated.blindIndexKey !== stored.blindIndexKey
  ) {
    await writeFile(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
  }
  return {
    appSecret: vars.APP_SECRET ?? generated.appSecret,
    dataKey: vars.DATA_KEY ?? generated.dataKey,
    blindIndexKey: vars.BLIND_INDEX_KEY ?? generated.blindIndexKey,
  };
}

function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || 'default port'}${parsed.pathname}`;
}

// BullMQ's PostgreSQL backend spins on a bad connection instead of failing, so the database is
// tried once here and a clear message replaces the flood. Answers the role the URL signs in as.
async function assertPostgresReachable(url: string): Promise<string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ role: string }>('SELECT current_user AS role');
    return rows[0].role;
  } catch (error) {
    throw new InfrastructureUnavailableError(
      `Cannot connect to PostgreSQL at ${describeServer(url)}: ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function assertRedisReachable(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new InfrastructureUnavailableError(
      `Cannot connect to Redis at ${describeServer(url)}: ${(error as Error).message}`,
    );
  } finally {
    redis.disconnect();
  }
}
