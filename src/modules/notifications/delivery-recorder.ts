import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditEntry, AuditService, auditRowsJson } from '../audit/audit.service';
import { NotificationKinds, type NotificationKindHandler } from './notification-kinds';
import { Notification } from './notification.entity';
import { NotificationsRepository, ScheduledNotification } from './notifications.repository';
import { isTransient, postgresCode } from './transient-errors';

/** Recording a delivery that went out is tried again at these growing intervals. */
const RECORD_RETRY_BASE_MS = 100;
const RECORD_RETRY_MAX_MS = 5000;
/**
 * Deliveries recorded in one transaction, at most, and such transactions at once. One at a
 * time: the deliveries that finish meanwhile make the next batch larger, and a batch costs the
 * database about the same whatever its size (5000 referrals: 531 deliveries/s, 0.71 ms of
 * PostgreSQL per delivery, against 515/s and 0.79 ms with two at once).
 */
const MAX_BATCH = 64;
const MAX_BATCHES_IN_FLIGHT = 1;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface WaitingDelivery {
  row: Notification;
  giveUpAt: number;
  resolve: (followUps: ScheduledNotification[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Records messages that went out: the row delivered, its audit entry, its settling and what its
 * feature plans to follow it. Deliveries that finish while a recording is under way are recorded
 * together, in one transaction whose first statement marks, settles and audits them all (group
 * commit): one commit and a handful of statements for many rows, instead of five statements and
 * a commit each. With nothing under way a delivery is recorded at once, so a quiet engine waits
 * for no batch. A batch that fails for any reason is recorded again row by row, each with the
 * retries of a single recording.
 */
@Injectable()
export class DeliveryRecorder {
  private readonly logger = new Logger(DeliveryRecorder.name);
  private readonly waiting: WaitingDelivery[] = [];
  private batchesInFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly kinds: NotificationKinds,
    private readonly audit: AuditService,
  ) {}

  /** The follow-ups of the row (rows now due, to be queued), once its delivery is recorded. */
  recordDelivered(row: Notification, giveUpAt: number): Promise<ScheduledNotification[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, giveUpAt, resolve, reject });
      this.startBatches();
    });
  }

  /**
   * Marks the row settled and runs what its feature plans to follow it, both once: a row an
   * admin retries, or a delivery recorded twice, finds the row settled and plans nothing again.
   */
  async settle(
    manager: EntityManager,
    row: Notification,
    withFollowUps = true,
  ): Promise<ScheduledNotification[]> {
    const settledAt = await this.notifications.settleOnce(manager, row.id);
    const handler = this.kinds.handlerFor(row.kind);
    return withFollowUps && settledAt && handler.afterSettled
      ? handler.afterSettled(manager, row, settledAt)
      : [];
  }

  private startBatches(): void {
    while (this.batchesInFlight < MAX_BATCHES_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.batchesInFlight += 1;
      void this.recordBatch(batch).finally(() => {
        this.batchesInFlight -= 1;
        this.startBatches();
      });
    }
  }

  private async recordBatch(batch: WaitingDelivery[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const followUps = await this.recordMany(batch.map((waiting) => waiting.row));
        for (const waiting of batch) waiting.resolve(followUps.get(waiting.row.id) ?? []);
        return;
      } catch (error) {
        this.logger.warn(
          { rows: batch.length, err: { type: (error as Error).name, code: postgresCode(error) } },
          'Could not record a batch of deliveries; recording them one by one',
        );
      }
    }
    await Promise.all(
      batch.map(({ row, giveUpAt, resolve, reject }) =>
        this.recordOne(row, giveUpAt).then(resolve, reject),
      ),
    );
  }

  /**
   * One transaction for the batch. Rows are taken in the order of what their follow-ups lock
   * (case, referral, task), the same in every batch, so two batches never wait on each other in
   * a circle.
   */
  private recordMany(rows: Notification[]): Promise<Map<string, ScheduledNotification[]>> {
    const ordered = [...rows].sort(
      (a, b) =>
        compare(a.caseId, b.caseId) ||
        compare(a.referralId, b.referralId) ||
        compare(a.taskId, b.taskId) ||
        compare(a.id, b.id),
    );
    return this.dataSource.transaction(async (manager) => {
      const marked = new Map(
        (
          await this.notifications.markDeliveredMany(
            manager,
            ordered.map((row) => ({ id: row.id, attempt: row.attempts })),
            auditRowsJson(null, ordered.map(deliveredEntry)),
          )
        ).map((row) => [row.id, row]),
      );
      const followUps = new Map<string, ScheduledNotification[]>();
      // A feature that can take its rows in one go gets them together, in lock order.
      const byHandler = new Map<
        NotificationKindHandler,
        Array<{ row: Notification; settledAt: Date }>
      >();
      for (const row of ordered) {
        const settled = marked.get(row.id);
        if (!settled) {
          this.logger.warn({ notificationId: row.id }, 'Delivered after the lease ran out');
          continue;
        }
        const handler = this.kinds.handlerFor(row.kind);
        if (!settled.firstSettled) continue;
        if (handler.afterSettledMany) {
          const group = byHandler.get(handler) ?? [];
          group.push({ row, settledAt: settled.settledAt });
          byHandler.set(handler, group);
        } else if (handler.afterSettled)
          followUps.set(row.id, await handler.afterSettled(manager, row, settled.settledAt));
      }
      for (const [handler, group] of byHandler)
        // What follows goes back with the group's first row: all that is done with it is queueing.
        followUps.set(group[0].row.id, await handler.afterSettledMany!(manager, group));
      return followUps;
    });
  }

  /**
   * The message is out: a short database outage now must not leave the row `sending`, or its
   * lease runs out and it is sent a second time. So the recording is tried again, with a short
   * growing pause, until most of the lease is spent (`giveUpAt`, on this process's clock: only
   * the elapsed time matters). The transaction is idempotent: a try whose commit did land makes
   * the next one find the row delivered and do nothing. An error that trying again cannot cure
   * (a bug or a refused row while planning the next reminder) would otherwise have the message
   * sent again after every lease, for ever: the delivery is then recorded without its follow-ups.
   */
  private async recordOne(row: Notification, giveUpAt: number): Promise<ScheduledNotification[]> {
    let withFollowUps = true;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          if (!(await this.notifications.markDelivered(manager, row.id, row.attempts))) {
            if (attempt === 1)
              // Our lease ran out and another worker took the row: it may send a second copy,
              // which the receiver can drop by its idempotency key (webhooks) or Message-ID (email).
              this.logger.warn({ notificationId: row.id }, 'Delivered after the lease ran out');
            return [];
          }
          await this.audit.record(manager, null, deliveredEntry(row));
          return this.settle(manager, row, withFollowUps);
        });
      } catch (error) {
        const failure = { type: (error as Error).name, code: postgresCode(error) };
        if (!isTransient(error)) {
          if (!withFollowUps) throw error;
          withFollowUps = false;
          this.logger.error(
            { notificationId: row.id, err: failure },
            'Could not plan the follow-ups of a delivered notification; recording the delivery without them',
          );
          continue;
        }
        const pauseMs = Math.min(RECORD_RETRY_BASE_MS * 2 ** (attempt - 1), RECORD_RETRY_MAX_MS);
        if (Date.now() + pauseMs >= giveUpAt) {
          this.logger.error(
            { notificationId: row.id, attempt, err: failure },
            'Could not record a delivery within its lease; it may be sent again',
          );
          throw error;
        }
        this.logger.warn(
          { notificationId: row.id, attempt, err: failure },
          'Could not record a delivery; trying again',
        );
        await sleep(pauseMs);
      }
    }
  }
}

/** The audit entry of a row that settled: delivered, or failed for good (with its `error`). */
export function settledEntry(
  row: Notification,
  action: 'notification.delivered' | 'notification.failed',
  extra: Record<string, unknown> = {},
): AuditEntry {
  return {
    action,
    entityType: 'notification',
    entityId: row.id,
    caseId: row.caseId,
    changes: {
      kind: row.kind,
      channel: row.channel,
      recipient: row.recipientKind,
      attempts: row.attempts,
      ...extra,
    },
  };
}

const deliveredEntry = (row: Notification): AuditEntry =>
  settledEntry(row, 'notification.delivered');

/** Code-unit order, the same in every process whatever its locale. */
function compare(a: string | null, b: string | null): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}
