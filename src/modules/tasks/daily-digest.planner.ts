import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hourInJakarta, todayInJakarta } from '../../common/validation/dates';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OnJob } from '../../jobs/job-handler.decorator';
import { JobName, type JobPayload } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';
import { NotificationWriter } from '../notifications/notification-writer';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import { TasksRepository } from './tasks.repository';

/** The key that makes a digest exist at most once per person and Jakarta day. */
export function digestKey(userId: string, day: string): string {
  return `digest:${userId}:${day}`;
}

/**
 * Each morning, one email per caseworker or supervisor listing what is due by the end of the day
 * (and what is overdue). The rows carry no content: the delivery builds it from TaskMessages, so
 * a task finished before the email goes out is not in it.
 *
 * The schedule runs at the digest hour only if a worker is up then. A worker that starts later
 * in the day plans the day's digests itself, unless they were planned already (daily_digest_runs),
 * so an office whose server was off at seven still gets its digest, and a restart sends nothing
 * twice.
 */
@Injectable()
export class DailyDigestPlanner implements OnApplicationBootstrap {
  private readonly logger = new Logger(DailyDigestPlanner.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly notifications: NotificationWriter,
    private readonly jobs: JobService,
  ) {}

  /** Awaited, so that a worker counts as started once the day's digests are planned. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    try {
      await this.catchUp();
    } catch (error) {
      // The queue tries again with its retry policy; failing the start would stop the worker.
      this.logger.warn(
        { err: { type: (error as Error).name, code: (error as { code?: unknown }).code } },
        'Could not catch up on the daily digests at start; queued to try again',
      );
      await this.jobs
        .enqueue(JobName.PlanDailyDigests, { catchUp: true })
        .catch(() =>
          this.logger.error('Could not queue the daily digest catch-up; the next start tries'),
        );
    }
  }

  /**
   * Plans today's digests if the digest hour has passed in Jakarta and no run planned them yet;
   * gives how many were planned, or null when there was nothing to catch up.
   */
  async catchUp(now = new Date()): Promise<number | null> {
    if (hourInJakarta(now) < this.config.notifications.digestHour) return null;
    return this.planDay(now, true);
  }

  /** Safe to run again the same day (a retried job, two schedulers): the key drops repeats. */
  @OnJob(JobName.PlanDailyDigests)
  async plan(payload: JobPayload<JobName.PlanDailyDigests> = {}): Promise<void> {
    if (payload.catchUp) await this.catchUp();
    else await this.planDay(new Date(), false);
  }

  private async planDay(now: Date, catchUp: boolean): Promise<number | null> {
    const day = todayInJakarta(now);
    const scheduled = await this.dataSource.transaction(async (manager) => {
      // The scheduled run always plans (a person whose work fell due since gets a digest); a
      // catch-up only if no run did today. Two starting workers: the second waits on the first's
      // row and then finds it.
      const claimed = await manager.query<Array<{ day: string }>>(
        `INSERT INTO daily_digest_runs (day, planned, catch_up) VALUES ($1, 0, $2)
         ON CONFLICT (day) DO ${catchUp ? 'NOTHING' : 'UPDATE SET planned_at = now()'}
         RETURNING day`,
        [day, catchUp],
      );
      if (claimed.length === 0) return null;
      const userIds = await this.tasks.usersWithWorkDue(day, manager);
      const rows = await this.notifications.schedule(
        manager,
        userIds.map((userId) => ({
          kind: NotificationKind.DailyDigest,
          channel: NotificationChannel.Email,
          recipientKind: RecipientKind.User,
          recipientUserId: userId,
          dedupeKey: digestKey(userId, day),
          dueAt: now,
        })),
      );
      await manager.query(`UPDATE daily_digest_runs SET planned = planned + $2 WHERE day = $1`, [
        day,
        rows.length,
      ]);
      return rows;
    });
    if (scheduled === null) return null;
    this.logger.log({ day, planned: scheduled.length, catchUp }, 'Daily digests planned');
    await this.notifications.dispatchDue(scheduled);
    return scheduled.length;
  }
}
