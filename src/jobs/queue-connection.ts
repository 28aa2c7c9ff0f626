import type { QueueOptions } from 'bullmq';
import type { AppConfig } from '../config/app-config';

export function redisConnectionOptions(url: string): Record<string, unknown> {
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
  };
}

export function queueOptions(config: AppConfig): QueueOptions {
  if (config.queue.backend === 'redis') {
    return {
      connection: redisConnectionOptions(config.queue.redisUrl),
      prefix: config.queue.prefix,
    };
  }
  return {
    connection: { connectionString: config.queue.databaseUrl, migrate: config.queue.migrate },
  };
}
