import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../modules/metrics/metrics-registry';
import { JobService } from './job.service';
import { withinTime } from './within-time';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
/** A queue store that does not answer must not hold the scrape: its counts are left out. */
const COUNT_TIMEOUT_MS = 2000;

/** How many jobs each queue holds, by state, read from the queue's store at each scrape. */
@Injectable()
export class QueueMetrics {
  constructor(metrics: MetricsRegistry, jobs: JobService) {
    new Gauge({
      name: 'jejak_queue_jobs',
      help: 'Jobs in each queue by state; a queue whose store did not answer is missing',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        const counted = await Promise.allSettled(
          jobs.allQueues().map(async (queue) => ({
            queue: queue.name,
            counts: await withinTime(
              queue.getJobCounts(...STATES),
              COUNT_TIMEOUT_MS,
              () => new Error(`queue ${queue.name} did not answer`),
            ),
          })),
        );
        this.reset();
        for (const result of counted) {
          if (result.status !== 'fulfilled') continue;
          for (const state of STATES)
            this.set({ queue: result.value.queue, state }, result.value.counts[state] ?? 0);
        }
      },
    });
  }
}
