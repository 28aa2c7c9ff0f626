import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { todayInJakarta } from '../../common/validation/dates';
import { OnJob } from '../../jobs/job-handler.decorator';
import { JobName } from '../../jobs/job-names';
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
 */
@Injectable()
export class DailyDigestPlanner {
  private readonly logger = new Logger(DailyDigestPlanner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly notifications: NotificationWriter,
  ) {}

  /** Safe to run again the same day (a retried job, two schedulers): the key drops repeats. */
  @OnJob(JobName.PlanDailyDigests)
  async plan(): Promise<void> {
    const now = new Date();
    const day = todayInJakarta(now);
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const userIds = await this.tasks.usersWithWorkDue(day, manager);
      return this.notifications.schedule(
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
    });
    this.logger.log({ day, planned: scheduled.length }, 'Daily digests planned');
    await this.notifications.dispatchDue(scheduled);
  }
}
