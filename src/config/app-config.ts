import { createHash, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { AppRole, LogLevel } from './environment';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface DataKey {
  id: string;
  key: Buffer;
}

/** What APP_SECRET signs, each with a key of its own so that each can be retired alone. */
export const KEY_PURPOSES = ['accessTokens', 'actionLinks', 'passwordLinks', 'webhooks'] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface PurposeKey {
  version: number;
  /** Made once: jsonwebtoken tries a string secret as a PEM key first, on every call. */
  key: KeyObject;
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
    /** The service's own role: ordinary reads and writes, audit_events insert-only. */
    url: string;
    /** The role that owns the schema and runs migrations; the same URL when only one is given. */
    migrationUrl: string;
    embedded: boolean;
    /** Connections per process; notification workers hold several at once. */
    poolSize: number;
  };
  queue:
    | { backend: 'redis'; redisUrl: string; prefix: string }
    | { backend: 'postgres'; databaseUrl: string; migrate: boolean };
  keys: Record<KeyPurpose, PurposeKey>;
  /**
   * APP_SECRET itself, only to recognise what was signed with it directly before keys had a
   * purpose: action links already sent and the webhook secrets agencies already hold.
   */
  legacyAppSecret: string;
  /** The first key encrypts; the others only decrypt, so keys can rotate. */
  dataKeys: DataKey[];
  /** Keys the hashes behind exact search (NIK, phone); never rotated by DATA_KEY. */
  blindIndexKey: Buffer;
  /** Without smtpUrl (the embedded default only), messages are printed to the console. */
  mail: { smtpUrl?: string; from: string };
  /** Which proxies are trusted: true, false, a hop count or a list of addresses/subnets. */
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
    /** In flight to one webhook host per process, at most. */
    destinationConcurrency: number;
    /** In flight to the SMTP server per process, at most. */
    smtpConcurrency: number;
    /** Consecutive unreachable sends that open a destination's circuit. */
    breakerFailures: number;
    /** First wait before probing an open circuit; doubles per failed probe, up to 10 min. */
    breakerCoolDownSeconds: number;
    /** Local hour (Asia/Jakarta) of the daily digest. */
    digestHour: number;
  };
  referralLinkTtlDays: number;
  /** Prometheus metrics: served only with a token; `port` for a worker-only process. */
  metrics: { token?: string; port?: number };
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

/**
 * One key per purpose and version, derived from APP_SECRET with HKDF: a token or secret made for
 * one purpose is worthless for another, and raising one version retires only that purpose's key.
 */
export function derivePurposeKeys(
  appSecret: string,
  versions: Record<KeyPurpose, number>,
): Record<KeyPurpose, PurposeKey> {
  const derive = (purpose: KeyPurpose): PurposeKey => {
    const version = versions[purpose];
    const bytes = hkdfSync('sha256', appSecret, 'jejak', `jejak ${purpose} v${version}`, 32);
    return { version, key: createSecretKey(Buffer.from(bytes)) };
  };
  return Object.fromEntries(KEY_PURPOSES.map((purpose) => [purpose, derive(purpose)])) as Record<
    KeyPurpose,
    PurposeKey
  >;
}

/** The hashing key as before BLIND_INDEX_KEY: derived from a raw key with a fixed label. */
export function deriveBlindIndexKey(rawKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', rawKey, Buffer.alloc(0), 'jejak blind index v1', 32));
}
