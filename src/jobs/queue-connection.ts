import type { QueueOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/app-config';

/**
 * Longest wait between two reconnection tries. BullMQ's default grows towards 20 s, so a Redis
 * back after an outage would sit unused that long; trying every 2 s costs next to nothing.
 */
export const RECONNECT_MAX_DELAY_MS = 2000;

export function reconnectDelay(tries: number): number {
  return Math.min(tries * 200, RECONNECT_MAX_DELAY_MS);
}

export function redisConnectionOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // Workers block on Redis; BullMQ requires ioredis not to give up on those commands.
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
  };
}

export function queueOptions(config: AppConfig): QueueOptions {
  if (config.queue.backend === 'redis') {
    return {
      // BullMQ's connection type names its own client interfaces, not ioredis 6's options.
      connection: redisConnectionOptions(config.queue.redisUrl) as Record<string, unknown>,
      prefix: config.queue.prefix,
    };
  }
  return {
    connection: { connectionString: config.queue.databaseUrl, migrate: config.queue.migrate },
  };
}
