import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { JobName } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import {
  CancelFilter,
  NotificationDraft,
  NotificationsRepository,
  ScheduledNotification,
} from './notifications.repository';

/**
 * How the rest of the app owes someone a message: rows written in the caller's transaction, so
 * a message exists exactly when the change that causes it was committed.
 */
@Injectable()
export class NotificationWriter {
  private readonly logger = new Logger(NotificationWriter.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobService,
  ) {}

  schedule(manager: EntityManager, drafts: NotificationDraft[]): Promise<ScheduledNotification[]> {
    return this.notifications.insertMany(manager, drafts, this.config.notifications.maxAttempts);
  }

  /** Cancels the messages that no longer apply, each noted on its case's timeline. */
  async cancel(
    manager: EntityManager,
    actor: AuthenticatedUser | null,
    filter: CancelFilter,
    reason: string,
  ): Promise<number> {
    const cancelled = await this.notifications.cancelPending(manager, filter, reason);
    await this.audit.recordMany(
      manager,
      actor,
      cancelled.map((row) => ({
        action: 'notification.cancelled',
        entityType: 'notification',
        entityId: row.id,
        caseId: row.caseId,
        changes: { reason },
      })),
    );
    return cancelled.length;
  }

  /**
   * After the commit: queue what is due now, so it goes out at once instead of at the next
   * sweep. If the queue is away nothing is lost: the rows are unmarked as queued, and the first
   * sweep after the queue is back takes them (not only after the requeue window).
   */
  async dispatchDue(scheduled: ScheduledNotification[]): Promise<void> {
    // Due by the database's clock, which the claim uses: by ours, a row could look due and be
    // refused, or look early and wait for the sweep.
    const due = scheduled.filter((row) => row.dueNow);
    try {
      await this.jobs.enqueueMany(
        JobName.DeliverNotification,
        inBatches(due, DELIVERY_BATCH).map((batch) => ({
          payload: { notificationIds: batch.map((row) => row.id) },
          jobId: firstJobId(batch[0].id),
        })),
      );
    } catch (error) {
      this.logger.warn(
        { count: due.length, err: { type: (error as Error).name } },
        'Could not queue notifications; the sweep will',
      );
      await this.notifications
        .forgetQueuedIds(due.map((row) => row.id))
        .catch((forgetError: unknown) =>
          this.logger.warn(
            { count: due.length, err: { type: (forgetError as Error).name } },
            'Could not unmark notifications as queued; the sweep takes them after the requeue window',
          ),
        );
    }
  }
}

/**
 * Rows one delivery job carries. Claimed in one statement and prepared in one read, a batch
 * costs the database and the queue a fraction of what as many single jobs do (5000 referrals:
 * 607 deliveries/s with 25, 531/s with 10). Its rows then wait for the worker's delivery slots:
 * a worker running NOTIFICATION_CONCURRENCY jobs holds that many batches, and a row that waits
 * half its lease for a slot goes back untried.
 */
export const DELIVERY_BATCH = 25;

export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    batches.push(items.slice(start, start + size));
  return batches;
}

/** A batch's first job is named after its first row, which is in no other batch. */
export function firstJobId(notificationId: string): string {
  return `notification-${notificationId}-0`;
}
