import { createHash } from 'node:crypto';
import type { AppRole, LogLevel } from './environment';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * The configuration every module reads, resolved once at boot: environment variables validated,
 * and what the embedded default supplies (database URL, generated secrets) filled in.
 */
export interface AppConfig {
  role: AppRole;
  port: number;
  publicBaseUrl: string;
  database: {
    url: string;
    embedded: boolean;
    /** Connections per process; notification workers hold several at once. */
    poolSize: number;
  };
  queue:
    | { backend: 'redis'; redisUrl: string; prefix: string }
    | { backend: 'postgres'; databaseUrl: string };
  appSecret: string;
  /** The first key encrypts; the others only decrypt, so keys can rotate. */
  dataKeys: DataKey[];
  /** Without smtpUrl (the embedded default only), messages are printed to the console. */
  mail: { smtpUrl?: string; from: string };
  /** Express "trust proxy" setting: true, false, a hop count or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  logLevel: LogLevel;
  dataDir: string;
  firstAdmin: { email?: string; password?: string };
  auth: {
    accessTokenTtlSeconds: number;
    passwordSetupTtlHours: number;
    loginRateLimit: number;
    loginRateWindowSeconds: number;
  };
  notifications: {
    maxAttempts: number;
    retryBaseMs: number;
    sweepSeconds: number;
    requeueSeconds: number;
    concurrency: number;
    /** Local hour (Asia/Jakarta) of the daily digest. */
    digestHour: number;
  };
  referralLinkTtlDays: number;
}

/**
 * A key without an explicit id is named by its fingerprint, so the name stays the same when a
 * new key is put in front of it during rotation.
 */
export function parseDataKeys(value: string): DataKey[] {
  return value.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    const key = Buffer.from(separator >= 0 ? entry.slice(separator + 1) : entry, 'base64');
    const id =
      separator >= 0
        ? entry.slice(0, separator)
        : createHash('sha256').update(key).digest('hex').slice(0, 8);
    return { id, key };
  });
}
