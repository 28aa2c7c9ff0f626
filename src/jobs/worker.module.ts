import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from './job-names';
import { JobService } from './job.service';
import { WORKERS } from './workers';

const SWEEP_INTERVAL_MS = 60_000;

/** Loaded only when this process works jobs (APP_ROLE `all` or `worker`). */
@Module({ providers: [...WORKERS] })
export class WorkerModule implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobService) {}

  // upsertJobScheduler is keyed by job name, so every worker that starts converges on one schedule.
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(JobName.SweepUnsentPasswordSetupEmails, {}, SWEEP_INTERVAL_MS);
  }
}
