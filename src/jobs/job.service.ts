import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, JobPayload, QUEUE_OF_JOB, QueueName } from './job-names';
import { jobOptionsFor } from './retry-policies';

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

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.queueOf(name).add(name, payload, {
      ...jobOptionsFor(name),
      jobId: options.jobId,
      delay: options.delayMs,
    });
  }

  /** Creates or updates a periodic job; idempotent, so every process may call it at boot. */
  async schedule<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    everyMs: number,
  ): Promise<void> {
    await this.queueOf(name).upsertJobScheduler(
      name,
      { every: everyMs },
      { name, data: payload, opts: jobOptionsFor(name) },
    );
  }

  queueOf(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
