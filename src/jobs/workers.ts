import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { settleWithin } from '../common/settle-within';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Job, UnrecoverableError } from 'bullmq';
import { PermanentJobFailure } from './job-handler.decorator';
import { JobHandlerRegistry } from './job-handler.registry';
import { JobName, JobPayload, QueueName } from './job-names';
import { RECONNECT_MAX_DELAY_MS } from './queue-connection';
import { QueueErrorLog } from './queue-error-log';

/**
 * After a connection error a worker waits this long before fetching jobs again (BullMQ's default
 * is 15 s, which would keep deliveries stopped long after Redis is back).
 */
const RUN_RETRY_DELAY_MS = 1000;

// Decorated so TypeScript emits the constructor's parameter types, which the subclasses inherit.
@Injectable()
abstract class DispatchingWorker extends WorkerHost implements BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly errors: QueueErrorLog,
  ) {
    super();
  }

  async process(job: Job<JobPayload<JobName>, void, string>): Promise<void> {
    try {
      await this.registry.run(job.name as JobName, job.data);
    } catch (error) {
      if (error instanceof PermanentJobFailure) throw new UnrecoverableError(error.message);
      throw withoutUnsafeMessage(error);
    }
  }

  /**
   * Stops taking jobs and lets the running ones finish while the database, the mail transport
   * and the queue still work. Nest closes those in onApplicationShutdown, module by module in an
   * order of its own: a job left waiting for a connection from a pool that is ending would wait
   * for ever, and so would the shutdown waiting for that job.
   */
  async beforeApplicationShutdown(): Promise<void> {
    // BullMQ closes a connection by waiting for its end, and a connection closed during its
    // reconnect back-off never ends (taskforcesh/bullmq#4656): the stop would wait for ever.
    // Redis that has just come back is worth the back-off's length; Redis that is away is not.
    const deadline = Date.now() + RECONNECT_MAX_DELAY_MS + 1000;
    await settleWithin(this.connectionsReconnected(deadline), deadline - Date.now());
    await this.worker.close();
  }

  private async connectionsReconnected(deadline: number): Promise<void> {
    const backend = this.worker.getBackend() as {
      client?: Promise<{ status: string }>;
      blockingClient?: Promise<{ status: string }>;
    };
    const clients = await Promise.all([backend.client, backend.blockingClient]);
    const reconnecting = () => clients.some((client) => client?.status === 'reconnecting');
    while (reconnecting() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.errors.report(`worker:${this.worker.name}`, error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    // Job data is ids only, and handlers keep personal data out of their error messages.
    this.logger.warn(
      {
        jobId: job?.id,
        job: job?.name,
        attempt: job?.attemptsMade,
        err: { type: error.name, message: error.message },
      },
      'Job attempt failed',
    );
  }
}

/**
 * BullMQ keeps a failed job's message and stack in the queue, and we log it. Driver and database
 * messages can quote personal data (an address, a name in a failed row), so only errors that
 * declare their message safe keep it; the others are reduced to their type and code.
 */
function withoutUnsafeMessage(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('Job failed with a non-error value');
  if ((error as { messageIsSafe?: boolean }).messageIsSafe === true) return error;
  const code = (error as { code?: unknown }).code;
  const shownCode = typeof code === 'string' || typeof code === 'number' ? ` (${code})` : '';
  const reduced = new Error(`${error.name}${shownCode}`);
  reduced.name = error.name;
  reduced.stack = `${reduced.name}: ${reduced.message}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}`;
  return reduced;
}

@Processor(QueueName.Email, { concurrency: 10, runRetryDelay: RUN_RETRY_DELAY_MS })
export class EmailWorker extends DispatchingWorker {}

@Processor(QueueName.Maintenance, { concurrency: 1, runRetryDelay: RUN_RETRY_DELAY_MS })
export class MaintenanceWorker extends DispatchingWorker {}

/** Sends notification rows; concurrency comes from NOTIFICATION_CONCURRENCY. */
@Processor(QueueName.Notifications, { concurrency: 20, runRetryDelay: RUN_RETRY_DELAY_MS })
export class NotificationWorker extends DispatchingWorker implements OnApplicationBootstrap {
  constructor(
    registry: JobHandlerRegistry,
    errors: QueueErrorLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(registry, errors);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.notifications.concurrency;
  }
}

export const WORKERS = [EmailWorker, MaintenanceWorker, NotificationWorker];
