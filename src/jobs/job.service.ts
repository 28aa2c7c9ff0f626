import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, JobPayload, QUEUE_OF_JOB, QueueName } from './job-names';
import { QueueErrorLog } from './queue-error-log';
import { jobOptionsFor } from './retry-policies';
import { withinTime } from './within-time';

const ENQUEUE_TIMEOUT_MS = 3000;

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  constructor() {
    super(`The job queue did not accept the job within ${ENQUEUE_TIMEOUT_MS} ms`);
  }
}

/** A fixed interval, or a cron pattern read in a time zone ("07:00 in Jakarta"). */
export type JobSchedule = { everyMs: number } | { pattern: string; timeZone: string };

export interface EnqueueOptions {
  /** Same id, same job: BullMQ ignores an add whose id is already queued. */
  jobId?: string;
  delayMs?: number;
}

@Injectable()
export class JobService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Email) emailQueue: Queue,
    @InjectQueue(QueueName.Maintenance) maintenanceQueue: Queue,
    @InjectQueue(QueueName.Notifications) notificationsQueue: Queue,
    errors: QueueErrorLog,
  ) {
    this.queues = {
      [QueueName.Email]: emailQueue,
      [QueueName.Maintenance]: maintenanceQueue,
      [QueueName.Notifications]: notificationsQueue,
    };
    for (const [name, queue] of Object.entries(this.queues))
      queue.on('error', (error) => errors.report(`queue:${name}`, error));
  }

  /**
   * Adds a job, or fails within a few seconds: with Redis away, ioredis would otherwise hold the
   * command until it returns and the request would hang. Callers keep the work in PostgreSQL,
   * where the sweep finds it.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    await withinTime(
      this.queueOf(name).add(name, payload, {
        ...jobOptionsFor(name),
        jobId: options.jobId,
        delay: options.delayMs,
      }),
      ENQUEUE_TIMEOUT_MS,
      () => new QueueUnavailableError(),
    );
  }

  /**
   * Creates the periodic job unless it exists. Returns true when it had to be created: at the
   * first start, or after Redis came back empty and took the schedule with it.
   */
  async ensureScheduled<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    schedule: JobSchedule,
  ): Promise<boolean> {
    const queue = this.queueOf(name);
    const isInPlace = async () => {
      const existing = await queue.getJobScheduler(name);
      return Boolean(
        existing &&
        ('everyMs' in schedule
          ? existing.every === schedule.everyMs
          : existing.pattern === schedule.pattern && existing.tz === schedule.timeZone),
      );
    };
    if (await isInPlace()) return false;
    try {
      await queue.upsertJobScheduler(
        name,
        'everyMs' in schedule
          ? { every: schedule.everyMs }
          : { pattern: schedule.pattern, tz: schedule.timeZone },
        { name, data: payload, opts: jobOptionsFor(name) },
      );
    } catch (error) {
      // Two workers starting together both found no schedule; the second one's first iteration
      // then collides with the first one's ("job ID already exists"). The schedule is in place,
      // which is all either of them wanted.
      if (
        error instanceof Error &&
        error.message.includes('job ID already exists') &&
        (await isInPlace())
      )
        return false;
      throw error;
    }
    return true;
  }

  /** Adds many jobs in one round trip (or fails within seconds, like `enqueue`). */
  async enqueueMany<N extends JobName>(
    name: N,
    jobs: Array<{ payload: JobPayload<N>; jobId: string }>,
  ): Promise<void> {
    if (jobs.length === 0) return;
    const options = jobOptionsFor(name);
    await withinTime(
      this.queueOf(name).addBulk(
        jobs.map((job) => ({ name, data: job.payload, opts: { ...options, jobId: job.jobId } })),
      ),
      ENQUEUE_TIMEOUT_MS,
      () => new QueueUnavailableError(),
    );
  }

  queueOf(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
