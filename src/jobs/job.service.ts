import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, JobPayload, QUEUE_OF_JOB, QueueName } from './job-names';
import { jobOptionsFor } from './retry-policies';

const ENQUEUE_TIMEOUT_MS = 3000;

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  constructor() {
    super(`The job queue did not accept the job within ${ENQUEUE_TIMEOUT_MS} ms`);
  }
}

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
  ) {
    this.queues = { [QueueName.Email]: emailQueue, [QueueName.Maintenance]: maintenanceQueue };
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
    const added = this.queueOf(name).add(name, payload, {
      ...jobOptionsFor(name),
      jobId: options.jobId,
      delay: options.delayMs,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError()), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Creates the periodic job unless it exists. Returns true when it had to be created: at the
   * first start, or after Redis came back empty and took the schedule with it.
   */
  async ensureScheduled<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<boolean> {
    const queue = this.queueOf(name);
    const existing = await queue.getJobScheduler(name);
    if (existing?.every === everyMs) return false;
    await queue.upsertJobScheduler(
      name,
      { every: everyMs },
      { name, data: payload, opts: jobOptionsFor(name) },
    );
    return true;
  }

  queueOf(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
