import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobName } from './job-names';
import { JobSchedule, JobService } from './job.service';
import { WORKERS } from './workers';

const SWEEP_INTERVAL_MS = 60_000;
/** How often a worker checks that the periodic jobs still exist in the queue. */
const SCHEDULE_CHECK_MS = 60_000;

/** Loaded only when this process works jobs (APP_ROLE `all` or `worker`). */
@Module({ providers: [...WORKERS] })
export class WorkerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerModule.name);
  private scheduleCheck?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedules();
    // A Redis that restarts empty loses its job schedulers too; nothing else would recreate them.
    this.scheduleCheck = setInterval(() => {
      this.ensureSchedules().catch((error: Error) =>
        this.logger.warn({ err: { type: error.name } }, 'Could not check the job schedules'),
      );
    }, SCHEDULE_CHECK_MS);
    this.scheduleCheck.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.scheduleCheck);
  }

  async ensureSchedules(): Promise<void> {
    const schedules: Array<[JobName, JobSchedule]> = [
      [JobName.SweepUnsentPasswordSetupEmails, { everyMs: SWEEP_INTERVAL_MS }],
      [JobName.SweepDueNotifications, { everyMs: this.config.notifications.sweepSeconds * 1000 }],
      [
        JobName.PlanDailyDigests,
        { pattern: `0 ${this.config.notifications.digestHour} * * *`, timeZone: 'Asia/Jakarta' },
      ],
    ];
    for (const [name, schedule] of schedules) {
      if (await this.jobs.ensureScheduled(name, {}, schedule))
        this.logger.log(`Scheduled ${name} (${JSON.stringify(schedule)})`);
    }
  }
}
