import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidationError,
  validateSync,
} from 'class-validator';
import { parseDataKeys } from './app-config';

export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInteger = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
};

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  return value;
};

// 32 random bytes, base64; optionally prefixed by a key id ("2025a:BASE64") and comma-separated
// so an old key can keep decrypting while the first one encrypts.
export const DATA_KEY_PATTERN =
  /^([A-Za-z0-9_-]{1,16}:)?[A-Za-z0-9+/]{43}=(,([A-Za-z0-9_-]{1,16}:)?[A-Za-z0-9+/]{43}=)*$/;

export const BLIND_INDEX_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

/**
 * The environment variables the service reads. Every one is documented in README.md.
 * Secrets may be omitted only in the embedded default (no DATABASE_URL), where they are generated
 * once and kept under DATA_DIR.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(APP_ROLES, { message: `must be one of ${APP_ROLES.join(', ')}` })
  APP_ROLE: AppRole = 'all';

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  PORT: number = 3000;

  @IsOptional()
  @IsServiceUrl(['postgres:', 'postgresql:'], {
    message:
      'must be a postgres:// URL naming a database, e.g. postgres://user:pass@host:5432/jejak',
    path: 'database',
  })
  DATABASE_URL?: string;

  /**
   * An owner role for migrations, so that the service's own role (DATABASE_URL) need not own the
   * tables: a role that does not own audit_events cannot disable its append-only trigger.
   */
  @IsOptional()
  @IsServiceUrl(['postgres:', 'postgresql:'], {
    message:
      'must be a postgres:// URL naming a database, e.g. postgres://owner:pass@host:5432/jejak',
    path: 'database',
  })
  MIGRATION_DATABASE_URL?: string;

  @IsOptional()
  @IsServiceUrl(['redis:', 'rediss:'], {
    message: 'must be a redis:// or rediss:// URL, e.g. redis://:password@host:6379/0',
    path: 'redis-db',
  })
  REDIS_URL?: string;

  @ValidateIf(
    (env: EnvironmentVariables) => env.DATABASE_URL !== undefined || env.APP_SECRET !== undefined,
  )
  @IsString({ message: 'is required when DATABASE_URL is set' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  APP_SECRET?: string;

  @ValidateIf(
    (env: EnvironmentVariables) => env.DATABASE_URL !== undefined || env.DATA_KEY !== undefined,
  )
  @IsString({ message: 'is required when DATABASE_URL is set' })
  @Matches(DATA_KEY_PATTERN, {
    message:
      'must be 32 random bytes in base64 (openssl rand -base64 32), optionally "keyid:" first',
  })
  DATA_KEY?: string;

  /**
   * The key of the keyed hashes behind exact search (NIK, phone). Without it, a DATA_KEY of one
   * key is used, as before this variable existed; with several keys it must be named.
   */
  @IsOptional()
  @Matches(BLIND_INDEX_KEY_PATTERN, {
    message: 'must be 32 random bytes in base64 (openssl rand -base64 32), without a key id',
  })
  BLIND_INDEX_KEY?: string;

  /** Raise one to retire its key alone: see README.md, "Keys and what rotating them does". */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 9999' })
  @Max(9999, { message: 'must be between 1 and 9999' })
  ACCESS_TOKEN_KEY_VERSION: number = 1;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 9999' })
  @Max(9999, { message: 'must be between 1 and 9999' })
  ACTION_LINK_KEY_VERSION: number = 1;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 9999' })
  @Max(9999, { message: 'must be between 1 and 9999' })
  PASSWORD_LINK_KEY_VERSION: number = 1;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 9999' })
  @Max(9999, { message: 'must be between 1 and 9999' })
  WEBHOOK_KEY_VERSION: number = 1;

  @IsOptional()
  @IsServiceUrl(['http:', 'https:'], {
    message:
      'must be an http(s) URL without query or fragment, such as https://jejak.example.go.id',
    path: 'base',
  })
  PUBLIC_BASE_URL?: string;

  // Without a mail server, password links would be printed; that is only acceptable for the
  // embedded default on someone's own machine, never where logs are shipped.
  @ValidateIf(
    (env: EnvironmentVariables) => env.DATABASE_URL !== undefined || env.SMTP_URL !== undefined,
  )
  @IsString({ message: 'is required when DATABASE_URL is set (emails carry password links)' })
  @IsServiceUrl(['smtp:', 'smtps:'], { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'must be an address such as "Jejak <no-reply@example.go.id>"',
  })
  MAIL_FROM: string = 'Jejak <no-reply@jejak.local>';

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @IsString()
  DATA_DIR: string = './data';

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1024, { message: 'must be between 1024 and 65535' })
  @Max(65535, { message: 'must be between 1024 and 65535' })
  EMBEDDED_POSTGRES_PORT: number = 54329;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, "-" or "_"' })
  QUEUE_PREFIX: string = 'jejak';

  @Transform(toBoolean)
  @IsOptional()
  @IsIn([true, false], { message: 'must be true or false' })
  MIGRATIONS_RUN: boolean = true;

  /**
   * The bearer token Prometheus sends to /metrics. Without it no metrics are served: they tell
   * how many referrals wait on which agency.
   */
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  METRICS_TOKEN?: string;

  /** Where a worker-only process (APP_ROLE=worker) serves /metrics; the API serves it on PORT. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  METRICS_PORT?: number;

  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_PASSWORD !== undefined)
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(300, { message: 'must be at least 300 seconds' })
  @Max(7 * 24 * 3600, { message: 'must be at most 604800 seconds (7 days)' })
  ACCESS_TOKEN_TTL_SECONDS: number = 8 * 3600;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  @Max(720, { message: 'must be at most 720 hours' })
  PASSWORD_SETUP_TTL_HOURS: number = 72;

  /** Which proxies may set X-Forwarded-For (the client address rate limits use): see TRUST_PROXY in the README. */
  @IsOptional()
  @Matches(/^[\w.:/,\s-]+$/, {
    message:
      'must be true, false, a number of hops, or addresses/subnets such as "loopback, 10.0.0.0/8"',
  })
  TRUST_PROXY: string = 'loopback';

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  LOGIN_RATE_LIMIT: number = 5;

  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1 second' })
  LOGIN_RATE_WINDOW_SECONDS: number = 60;

  /**
   * PostgreSQL connections per process (API requests and workers share them). More connections
   * than the database has cores to run them only queue the work inside PostgreSQL: on two cores,
   * 20 doubled the slowest reads' time (p99 of a case list 107 ms against 47 ms with 10).
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(2, { message: 'must be between 2 and 200' })
  @Max(200, { message: 'must be between 2 and 200' })
  DATABASE_POOL_SIZE: number = 10;

  /** Tries per notification (SMTP or webhook) before it is marked failed for an admin to retry. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 50' })
  @Max(50, { message: 'must be between 1 and 50' })
  NOTIFICATION_MAX_ATTEMPTS: number = 8;

  /** First retry delay; each later one doubles (30 s, 1 min, 2 min... about an hour in all). */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1 millisecond' })
  NOTIFICATION_RETRY_BASE_MS: number = 30_000;

  /** How often the sweep looks for notifications that are due but not queued. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1 second' })
  NOTIFICATION_SWEEP_SECONDS: number = 15;

  /**
   * A queued notification not delivered within this time is queued again (its job was lost with a
   * Redis that restarted empty, or a worker died holding it). Delivery claims the row, so a second
   * job for it sends nothing twice.
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1 second' })
  NOTIFICATION_REQUEUE_SECONDS: number = 300;

  /** Notifications sent at once by one worker process. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  NOTIFICATION_CONCURRENCY: number = 20;

  /**
   * Deliveries one worker process has in flight to any one webhook host; a fifth of
   * NOTIFICATION_CONCURRENCY when unset, so a receiver that hangs holds at most that many until
   * its circuit opens, and the rest go on.
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  NOTIFICATION_DESTINATION_CONCURRENCY?: number;

  /**
   * Deliveries one worker process has in flight to the SMTP server, which every email goes
   * through; half of NOTIFICATION_CONCURRENCY when unset.
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  NOTIFICATION_SMTP_CONCURRENCY?: number;

  /**
   * Consecutive sends that could not reach one destination (timeouts, refused connections, 5xx)
   * before its circuit opens: its messages are then held, untried, until a probe gets through.
   */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 100' })
  @Max(100, { message: 'must be between 1 and 100' })
  NOTIFICATION_BREAKER_FAILURES: number = 5;

  /** Wait after a circuit opens before the first probe; it doubles with each failed probe. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 3600 seconds' })
  @Max(3600, { message: 'must be between 1 and 3600 seconds' })
  NOTIFICATION_BREAKER_COOL_DOWN_SECONDS: number = 30;

  /** Days an action link in a referral message keeps working (after the referral is sent). */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 365' })
  @Max(365, { message: 'must be between 1 and 365' })
  REFERRAL_LINK_TTL_DAYS: number = 90;

  /** Hour of the day (Asia/Jakarta) when caseworkers get their digest of what is due. */
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be between 0 and 23' })
  @Max(23, { message: 'must be between 0 and 23' })
  DIGEST_HOUR: number = 7;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Variables that are set: an empty one means "not set", so that `PORT=` in a .env file falls back. */
function setVariables(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
}

function describeErrors(errors: ValidationError[], given: Record<string, string>): string[] {
  return errors.flatMap((error) => {
    const value = given[error.property];
    // A missing variable only needs to hear that it is required, not how it should look.
    const messages = [...new Set(Object.values(error.constraints ?? {}))].filter(
      (message) => value !== undefined || message.startsWith('is required'),
    );
    const shown = describeGivenValue(error.property, value);
    return messages.map((message) => `${error.property} ${message}${shown}`);
  });
}

function migrationUrlWithoutServiceUrl(variables: EnvironmentVariables, errors: ValidationError[]) {
  return (
    variables.MIGRATION_DATABASE_URL !== undefined &&
    variables.DATABASE_URL === undefined &&
    !errors.some((e) => e.property === 'MIGRATION_DATABASE_URL')
  );
}

export function validateEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const relevant = setVariables(env);
  const variables = plainToInstance(EnvironmentVariables, relevant, {
    exposeDefaultValues: true,
  });
  const errors = validateSync(variables, { skipMissingProperties: false });
  const problems = describeErrors(errors, relevant);
  if (variables.DATA_KEY !== undefined && !errors.some((e) => e.property === 'DATA_KEY')) {
    const ids = parseDataKeys(variables.DATA_KEY).map((key) => key.id);
    if (new Set(ids).size !== ids.length) problems.push('DATA_KEY names the same key id twice');
    else if (
      variables.DATABASE_URL !== undefined &&
      variables.BLIND_INDEX_KEY === undefined &&
      ids.length > 1
    ) {
      problems.push(
        `BLIND_INDEX_KEY is required when DATA_KEY lists several keys: set it to the key part ` +
          `(after "id:") of the DATA_KEY entry the exact-search hashes were made with; before ` +
          `this setting existed that was the last entry ("${ids[ids.length - 1]}")`,
      );
    }
  }
  if (migrationUrlWithoutServiceUrl(variables, errors))
    problems.push(MIGRATION_URL_NEEDS_SERVICE_URL);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return variables;
}

const MIGRATION_URL_NEEDS_SERVICE_URL =
  'MIGRATION_DATABASE_URL needs DATABASE_URL (the role the service runs as)';

export interface DatabaseEnvironment {
  /** Unset: the embedded default, which needs the whole configuration (prepareRuntime). */
  databaseUrl?: string;
  /** The role that owns the schema: MIGRATION_DATABASE_URL, else DATABASE_URL. */
  ownerUrl?: string;
}

/**
 * Only the database settings, checked by the same rules, for tools that write to the database
 * the service uses but send no mail and sign nothing (the scale seed): they need not be handed
 * APP_SECRET, DATA_KEY or SMTP_URL to be told where the database is.
 */
export function validateDatabaseEnvironment(
  env: Record<string, string | undefined>,
): DatabaseEnvironment {
  const names = ['DATABASE_URL', 'MIGRATION_DATABASE_URL'];
  const relevant = setVariables(
    Object.fromEntries(Object.entries(env).filter(([name]) => names.includes(name))),
  );
  const variables = plainToInstance(EnvironmentVariables, relevant, {
    exposeDefaultValues: true,
  });
  const errors = validateSync(variables, { skipMissingProperties: false }).filter((error) =>
    names.includes(error.property),
  );
  const problems = describeErrors(errors, relevant);
  if (migrationUrlWithoutServiceUrl(variables, errors))
    problems.push(MIGRATION_URL_NEEDS_SERVICE_URL);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    databaseUrl: variables.DATABASE_URL,
    ownerUrl: variables.MIGRATION_DATABASE_URL ?? variables.DATABASE_URL,
  };
}

interface ServiceUrlOptions {
  message: string;
  /** database: a database name is required; redis-db: an optional numeric db; base: no query or fragment. */
  path?: 'database' | 'redis-db' | 'base';
}

/** Parses the URL the way the drivers will, so a bad port or host is reported here, not as a crash. */
function IsServiceUrl(protocols: string[], options: ServiceUrlOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isServiceUrl',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          let url: URL;
          try {
            url = new URL(value);
          } catch {
            return false;
          }
          if (!protocols.includes(url.protocol) || url.hostname === '') return false;
          const path = url.pathname.replace(/^\//, '');
          if (options.path === 'database') return /^[^/]+$/.test(path);
          if (options.path === 'redis-db') return path === '' || /^\d{1,2}$/.test(path);
          if (options.path === 'base') return url.search === '' && url.hash === '';
          return true;
        },
        defaultMessage: () => options.message,
      },
    },
    { message: options.message },
  );
}

const SECRET_VARIABLES = new Set([
  'APP_SECRET',
  'DATA_KEY',
  'ADMIN_PASSWORD',
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'BLIND_INDEX_KEY',
  'REDIS_URL',
  'SMTP_URL',
  'METRICS_TOKEN',
]);

function describeGivenValue(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (SECRET_VARIABLES.has(name)) return ' (value hidden)';
  return ` (got "${value.length > 60 ? `${value.slice(0, 60)}…` : value}")`;
}
