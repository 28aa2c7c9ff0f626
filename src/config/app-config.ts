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
    runMigrations: boolean;
  };
  queue:
    | { backend: 'redis'; redisUrl: string; prefix: string }
    | { backend: 'postgres'; databaseUrl: string };
  appSecret: string;
  /** The first key encrypts; the others only decrypt, so keys can rotate. */
  dataKeys: DataKey[];
  mail: { smtpUrl?: string; from: string };
  logLevel: LogLevel;
  dataDir: string;
  firstAdmin: { email?: string; password?: string };
  auth: {
    accessTokenTtlSeconds: number;
    passwordSetupTtlHours: number;
    loginRateLimit: number;
    loginRateWindowSeconds: number;
  };
}

export function parseDataKeys(value: string): DataKey[] {
  return value.split(',').map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator >= 0 ? entry.slice(0, separator) : `k${index + 1}`;
    const key = Buffer.from(separator >= 0 ? entry.slice(separator + 1) : entry, 'base64');
    return { id, key };
  });
}
