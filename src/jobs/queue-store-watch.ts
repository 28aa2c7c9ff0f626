import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { QueueErrorLog } from './queue-error-log';
import { redisConnectionOptions } from './queue-connection';

type Recovery = () => Promise<void>;

/**
 * Notices when Redis has lost the queue's data: a marker key, written once everything queued is
 * known to be in Redis, is missing. That happens at the very first start and when Redis comes back
 * empty after a restart. Then the worker re-creates its schedules and each feature that registered
 * queues its work again at once, instead of waiting for its jobs to look too old to be alive.
 * Checked whenever the connection (re)opens, and periodically.
 */
@Injectable()
export class QueueStoreWatch implements OnModuleDestroy {
  private readonly logger = new Logger(QueueStoreWatch.name);
  private readonly afterEmptied: Recovery[] = [];
  private client?: Redis;
  private recoverSchedules: Recovery = () => Promise.resolve();
  private running?: Promise<void>;
  private marker = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly errors: QueueErrorLog,
  ) {}

  /** A feature whose queued work lives in PostgreSQL registers how to queue it again. */
  onEmptied(recovery: Recovery): void {
    this.afterEmptied.push(recovery);
  }

  /** Called by processes that work jobs. With the PostgreSQL queue nothing is ever lost this way. */
  start(recoverSchedules: Recovery): void {
    const queue = this.config.queue;
    if (queue.backend !== 'redis' || this.client) return;
    this.marker = `${queue.prefix}:jejak:store-marker`;
    this.recoverSchedules = recoverSchedules;
    this.client = new Redis({
      ...redisConnectionOptions(queue.redisUrl),
      // A check fails quickly while Redis is away; the next (re)connection checks again.
      maxRetriesPerRequest: 1,
      connectionName: 'jejak-queue-store-watch',
    });
    this.client.on('error', (error) => this.errors.report('queue-store-watch', error));
    this.client.on('ready', () => {
      this.check().catch((error: Error) =>
        this.logger.warn({ err: { type: error.name } }, 'Could not check the job queue store'),
      );
    });
  }

  /**
   * One check at a time; a check asked for during one joins it. While the connection is down
   * there is nothing to check: its return triggers one.
   */
  check(): Promise<void> {
    if (this.client?.status !== 'ready') return Promise.resolve();
    this.running ??= this.checkOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    const client = this.client!;
    const marker = this.marker;
    if ((await client.exists(marker)) === 1) return;
    this.logger.warn(
      'The job queue store is empty (first start, or Redis came back without its data): ' +
        're-creating schedules and queueing again what was queued',
    );
    await this.recoverSchedules();
    for (const recovery of this.afterEmptied) await recovery();
    // Only now: a recovery that failed halfway is tried again at the next check.
    await client.set(marker, new Date().toISOString());
  }

  async onModuleDestroy(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await this.running?.catch(() => undefined);
    if (client) await client.quit().catch(() => client.disconnect());
  }
}
