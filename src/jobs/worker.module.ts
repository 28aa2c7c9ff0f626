import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobName } from './job-names';
import { JobSchedule, JobService } from './job.service';
import { QueueErrorLog } from './queue-error-log';
import { QueueStoreWatch } from './queue-store-watch';
import { WORKERS } from './workers';

const SWEEP_INTERVAL_MS = 60_000;

/** Loaded only when this process works jobs (APP_ROLE `all` or `worker`). */
@Module({ providers: [...WORKERS] })
export class WorkerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerModule.name);
  private scheduleCheck?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly jobs: JobService,
    private readonly store: QueueStoreWatch,
    private readonly errors: QueueErrorLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedules();
    // A Redis that restarts empty loses its job schedulers and jobs. The watch notices at once
    // when the connection comes back; this check, once per notification sweep interval, is for
    // what a reconnection does not show (the data removed while connected).
    this.store.start(() => this.ensureSchedules());
    this.scheduleCheck = setInterval(
      () => this.checkSchedules(),
      this.config.notifications.sweepSeconds * 1000,
    );
    this.scheduleCheck.unref();
  }

  /** Skipped while the last check still waits (for a Redis that is away), so none pile up. */
  private checkSchedules(): void {
    if (this.checking) return;
    this.checking = this.store
      .check()
      .then(() => this.ensureSchedules())
      .catch((error: unknown) => this.errors.report('schedule-check', error))
      .finally(() => (this.checking = undefined));
  }

  onModuleDestroy(): void {
    clearInterval(this.scheduleCheck);
  }

  async ensureSchedules(): Promise<void> {
    const schedules: Array<[JobName, JobSchedule]> = [
      [JobName.SweepUnsentPasswordSetupEmails, { everyMs: SWEEP_INTERVAL_MS }],
      [JobName.SweepVictimDuplicateChecks, { everyMs: SWEEP_INTERVAL_MS }],
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
