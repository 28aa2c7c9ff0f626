import {
  exactTimeOf,
  type KeysetPosition,
  type KeysetRows,
  keysetRows,
} from '../../common/http/keyset-cursor';
import { modifyReturning } from '../../database/modifying-query';
import { auditInsertSql } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Notification } from './notification.entity';
import {
  NotificationChannel,
  NotificationKind,
  NotificationStatus,
  RecipientKind,
} from './notification.enums';

export interface NotificationDraft {
  kind: NotificationKind;
  channel: NotificationChannel;
  recipientKind: RecipientKind;
  recipientAgencyId?: string | null;
  recipientUserId?: string | null;
  caseId?: string | null;
  referralId?: string | null;
  taskId?: string | null;
  sequence?: number;
  /** Messages with a key exist at most once: a second insert with the same key is dropped. */
  dedupeKey?: string | null;
  dueAt: Date;
}

export interface ScheduledNotification {
  id: string;
  caseId: string | null;
  dueAt: Date;
  /** Due when written, by the database's clock (the one the claim compares with). */
  dueNow: boolean;
}

export interface CancelFilter {
  referralId?: string;
  taskId?: string;
  kinds?: readonly NotificationKind[];
}

export interface NotificationPage {
  status?: NotificationStatus;
  /** The page size; one more row is read to know whether another page follows. */
  limit: number;
  /** Rows created before this one (created_at, id), newest first. */
  before?: KeysetPosition;
}

@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<Notification | null> {
    return (manager?.getRepository(Notification) ?? this.notifications).findOneBy({ id });
  }

  async insertMany(
    manager: EntityManager,
    drafts: NotificationDraft[],
    maxAttempts: number,
  ): Promise<ScheduledNotification[]> {
    if (drafts.length === 0) return [];
    const rows = await manager.query<
      Array<{ id: string; case_id: string | null; due_at: Date; due_now: boolean }>
    >(
      // clock_timestamp, not now(): now() is when the transaction began, before the service
      // stamped a message that goes out at once, which would then wait for the sweep.
      `INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, recipient_user_id,
                                  case_id, referral_id, task_id, sequence, dedupe_key, due_at,
                                  next_attempt_at, max_attempts, enqueued_at)
       SELECT d.kind, d.channel, d.recipient_kind, d.recipient_agency_id, d.recipient_user_id,
              d.case_id, d.referral_id, d.task_id, d.sequence, d.dedupe_key, d.due_at, d.due_at, $2,
              CASE WHEN d.due_at <= clock_timestamp() THEN clock_timestamp() END
       FROM jsonb_to_recordset($1::jsonb) AS d (kind text, channel text, recipient_kind text,
            recipient_agency_id uuid, recipient_user_id uuid, case_id uuid, referral_id uuid,
            task_id uuid, sequence integer, dedupe_key text, due_at timestamptz)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, case_id, due_at, enqueued_at IS NOT NULL AS due_now`,
      [
        JSON.stringify(
          drafts.map((d) => ({
            kind: d.kind,
            channel: d.channel,
            recipient_kind: d.recipientKind,
            recipient_agency_id: d.recipientAgencyId ?? null,
            recipient_user_id: d.recipientUserId ?? null,
            case_id: d.caseId ?? null,
            referral_id: d.referralId ?? null,
            task_id: d.taskId ?? null,
            sequence: d.sequence ?? 1,
            dedupe_key: d.dedupeKey ?? null,
            due_at: d.dueAt.toISOString(),
          })),
        ),
        maxAttempts,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      caseId: row.case_id,
      dueAt: row.due_at,
      dueNow: row.due_now,
    }));
  }

  /** Cancels what has not started; a delivery in flight re-checks relevance itself. */
  async cancelPending(
    manager: EntityManager,
    filter: CancelFilter,
    reason: string,
  ): Promise<Array<{ id: string; caseId: string | null }>> {
    if (!filter.referralId && !filter.taskId)
      throw new Error('cancelPending needs a referral or a task');
    const rows = await modifyReturning<{ id: string; case_id: string | null }>(
      manager,
      `UPDATE notifications SET status = 'cancelled', cancelled_at = now(), cancel_reason = $4
       WHERE status = 'pending'
         AND ($1::uuid IS NULL OR referral_id = $1) AND ($2::uuid IS NULL OR task_id = $2)
         AND ($3::text[] IS NULL OR kind = ANY ($3))
       RETURNING id, case_id`,
      [filter.referralId ?? null, filter.taskId ?? null, filter.kinds ?? null, reason],
    );
    return rows.map((row) => ({ id: row.id, caseId: row.case_id }));
  }

  /**
   * Takes the rows for one delivery attempt each, leaving out those with nothing to do: already
   * delivered, failed or cancelled, not due yet, or held by a live attempt elsewhere. Claiming is
   * what makes a job that runs twice send once. A row whose sender died is taken again even on
   * its last attempt (one try more than the maximum) rather than left `sending` for ever. The
   * rows are locked in id order, so two claims of overlapping batches wait for each other
   * instead of deadlocking; they come back in the order of `ids`.
   */
  async claimMany(ids: readonly string[], leaseSeconds: number): Promise<Notification[]> {
    if (ids.length === 0) return [];
    const claimable = `((status = 'pending' AND next_attempt_at <= now())
                        OR (status = 'sending' AND lease_expires_at < now()))`;
    const rows = await modifyReturning<Record<string, unknown>>(
      this.notifications,
      `UPDATE notifications
       SET status = 'sending', attempts = attempts + 1, last_attempt_at = now(),
           lease_expires_at = now() + make_interval(secs => $2)
       WHERE id IN (SELECT id FROM notifications WHERE id = ANY ($1::uuid[]) AND ${claimable}
                    ORDER BY id FOR UPDATE)
         AND ${claimable}
       RETURNING *`,
      [ids, leaseSeconds],
    );
    const claimed = new Map(rows.map((row) => [row.id as string, this.fromRow(row)]));
    return ids.flatMap((id) => {
      const row = claimed.get(id);
      claimed.delete(id);
      return row ? [row] : [];
    });
  }

  /** An entity from a raw row of this table (a RETURNING *), by the entity's column mapping. */
  private fromRow(row: Record<string, unknown>): Notification {
    const entity = this.notifications.create();
    for (const column of this.notifications.metadata.columns)
      (entity as unknown as Record<string, unknown>)[column.propertyName] =
        row[column.databaseName];
    return entity;
  }

  /**
   * The settle methods below take the attempt number the caller claimed: a worker whose lease ran
   * out (and whose row another worker has since claimed) changes nothing.
   */
  async markDelivered(manager: EntityManager, id: string, attempt: number): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE notifications SET status = 'delivered', delivered_at = now(), lease_expires_at = NULL,
              last_error = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [id, attempt],
    );
    return rows.length === 1;
  }

  /**
   * Marks the rows delivered (those still held under the attempt their caller claimed), settles
   * the ones settling for the first time and writes the audit entries of the rows it marked, in
   * one statement of the caller's transaction. `auditJson`: one entry per row (auditRowsJson).
   */
  async markDeliveredMany(
    manager: EntityManager,
    rows: Array<{ id: string; attempt: number }>,
    auditJson: string,
  ): Promise<Array<{ id: string; settledAt: Date; firstSettled: boolean }>> {
    const marked = await manager.query<
      Array<{ id: string; settled_at: Date; first_settled: boolean }>
    >(
      `WITH delivered AS (
         UPDATE notifications n
         SET status = 'delivered', delivered_at = now(), lease_expires_at = NULL,
             last_error = NULL, settled_at = COALESCE(n.settled_at, statement_timestamp())
         FROM unnest($1::uuid[], $2::int[]) AS claimed (id, attempt)
         WHERE n.id = claimed.id AND n.status = 'sending' AND n.attempts = claimed.attempt
         RETURNING n.id, n.settled_at, n.settled_at = statement_timestamp() AS first_settled),
       audited AS (
         ${auditInsertSql('$3', 'WHERE e.entity_id IN (SELECT id FROM delivered)')})
       SELECT id, settled_at, first_settled FROM delivered`,
      [rows.map((row) => row.id), rows.map((row) => row.attempt), auditJson],
    );
    return marked.map((row) => ({
      id: row.id,
      settledAt: row.settled_at,
      firstSettled: row.first_settled,
    }));
  }

  /**
   * Marks the row settled, the first time only, in the caller's transaction (which has just
   * delivered or failed it, and so holds its lock). Returns the database's time of settling, or
   * null when the row had settled before: an admin retried a failed row, whose follow-ups have
   * already run.
   */
  async settleOnce(manager: EntityManager, id: string): Promise<Date | null> {
    const rows = await modifyReturning<{ settled_at: Date }>(
      manager,
      `UPDATE notifications SET settled_at = statement_timestamp()
       WHERE id = $1 AND settled_at IS NULL AND status IN ('delivered', 'failed')
       RETURNING settled_at`,
      [id],
    );
    return rows[0]?.settled_at ?? null;
  }

  async markCancelled(
    manager: EntityManager,
    id: string,
    attempt: number,
    reason: string,
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE notifications SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2,
              lease_expires_at = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $3 RETURNING id`,
      [id, reason, attempt],
    );
    return rows.length === 1;
  }

  async markFailed(
    manager: EntityManager,
    id: string,
    attempt: number,
    error: string,
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE notifications SET status = 'failed', failed_at = now(), last_error = $2,
              lease_expires_at = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $3 RETURNING id`,
      [id, error, attempt],
    );
    return rows.length === 1;
  }

  /**
   * Gives a claimed row back without counting the try: its destination had as many deliveries in
   * flight as it may. It waits `delayMs`, marked as queued for then (the caller queues its job).
   */
  async deferClaimed(id: string, attempt: number, delayMs: number): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications
       SET status = 'pending', attempts = attempts - 1,
           next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
           enqueued_at = now() + make_interval(secs => $3::double precision / 1000),
           lease_expires_at = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [id, attempt, delayMs],
    );
    return rows.length === 1;
  }

  /**
   * Back to pending, untried and uncounted, behind `destination`'s open circuit: not queued, due
   * again only `dueInMs` from now (to be failed or held again), unless a probe gets through first
   * and releases it. `held_since` keeps the first hold. False when the lease was lost.
   */
  async holdForDestination(
    id: string,
    attempt: number,
    destination: string,
    dueInMs: number,
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications
       SET status = 'pending', attempts = attempts - 1, held_for = $3,
           held_since = COALESCE(held_since, now()),
           next_attempt_at = now() + make_interval(secs => $4::double precision / 1000),
           enqueued_at = NULL, lease_expires_at = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $2
       RETURNING id`,
      [id, attempt, destination, dueInMs],
    );
    return rows.length === 1;
  }

  /** The destination answers again: its held rows are due now, for the sweep to queue. */
  async releaseHeld(destination: string): Promise<number> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications SET held_for = NULL, next_attempt_at = now(), enqueued_at = NULL
       WHERE status = 'pending' AND held_for IS NOT NULL AND held_for = $1 RETURNING id`,
      [destination],
    );
    return rows.length;
  }

  /**
   * Rows still held for a destination whose circuit has closed are due now: one held by a worker
   * that had not yet seen the probe get through, after the release.
   */
  async releaseHeldForClosed(): Promise<number> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications SET held_for = NULL, next_attempt_at = now(), enqueued_at = NULL
       WHERE status = 'pending' AND held_for IS NOT NULL AND held_for IN (
         SELECT destination FROM notification_destinations WHERE state = 'closed')
       RETURNING id`,
      [],
    );
    return rows.length;
  }

  /**
   * For each open destination whose cool-down is over and that has no probe in flight, makes its
   * longest-held row due now, to be queued by the sweep and sent as the probe. A row already
   * queued is left alone, so a slow queue does not release one candidate after another.
   */
  async releaseProbeCandidates(): Promise<number> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications SET next_attempt_at = now()
       WHERE id IN (
           SELECT (SELECT n.id FROM notifications n
                   WHERE n.status = 'pending' AND n.held_for IS NOT NULL
                     AND n.held_for = d.destination
                   ORDER BY n.held_since, n.id LIMIT 1)
           FROM notification_destinations d
           WHERE d.state = 'open' AND d.probe_at <= now()
             AND (d.probe_until IS NULL OR d.probe_until < now()))
         AND status = 'pending' AND enqueued_at IS NULL AND next_attempt_at > now()
       RETURNING id`,
      [],
    );
    return rows.length;
  }

  /**
   * Back to pending, to be tried `delayMs` from now by the job queued for then. The time is the
   * database's, like every time the claim and the sweep compare it with.
   */
  async scheduleRetry(
    id: string,
    attempt: number,
    error: string,
    delayMs: number,
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications
       SET status = 'pending', last_error = $2,
           next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
           enqueued_at = now() + make_interval(secs => $3::double precision / 1000),
           lease_expires_at = NULL
       WHERE id = $1 AND status = 'sending' AND attempts = $4 RETURNING id`,
      [id, error, delayMs, attempt],
    );
    return rows.length === 1;
  }

  /**
   * Marks up to `limit` rows as queued now and returns them: rows that are due and were never
   * queued; with `includeStale`, rows queued so long ago that their job must have been lost; and
   * rows whose delivery lease ran out (the worker died). SKIP LOCKED lets two sweeps share the
   * work. Three statements, each on its own partial index: PostgreSQL refuses FOR UPDATE under a
   * UNION, and one scan over every pending row would slow down as a backlog grows.
   */
  async takeDueForQueueing(
    requeueSeconds: number,
    limit: number,
    includeStale: boolean,
  ): Promise<Array<{ id: string; attempts: number }>> {
    // $2 is the requeue age; every statement names it so that its type is known. Oldest first.
    const conditions = [
      `status = 'pending' AND enqueued_at IS NULL AND next_attempt_at <= now()
       AND $2::int IS NOT NULL ORDER BY next_attempt_at`,
      ...(includeStale
        ? [
            `status = 'pending' AND enqueued_at < now() - make_interval(secs => $2)
             AND next_attempt_at <= now() ORDER BY enqueued_at`,
          ]
        : []),
      `status = 'sending' AND lease_expires_at < now()
       AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $2))
       ORDER BY lease_expires_at`,
    ];
    const taken: Array<{ id: string; attempts: number }> = [];
    for (const condition of conditions) {
      if (taken.length >= limit) break;
      taken.push(
        ...(await modifyReturning<{ id: string; attempts: number }>(
          this.notifications,
          `UPDATE notifications SET enqueued_at = now()
           WHERE id IN (SELECT id FROM notifications WHERE ${condition}
                        LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING id, attempts`,
          [limit - taken.length, requeueSeconds],
        )),
      );
    }
    return taken;
  }

  /** How many rows are pending, sending and failed; each status is counted from its partial index. */
  async countUnsettled(): Promise<Record<'pending' | 'sending' | 'failed', number>> {
    const rows = await this.notifications.query<Array<{ status: string; count: number }>>(
      `SELECT 'pending' AS status, count(*)::int AS count FROM notifications WHERE status = 'pending'
       UNION ALL
       SELECT 'sending', count(*)::int FROM notifications WHERE status = 'sending'
       UNION ALL
       SELECT 'failed', count(*)::int FROM notifications WHERE status = 'failed'`,
    );
    const counts = { pending: 0, sending: 0, failed: 0 };
    for (const row of rows) counts[row.status as keyof typeof counts] = row.count;
    return counts;
  }

  /** After the queue lost its jobs: no row counts as queued any more. */
  async forgetQueued(): Promise<number> {
    const rows = await modifyReturning<{ id: string }>(
      this.notifications,
      `UPDATE notifications SET enqueued_at = NULL
       WHERE status IN ('pending', 'sending') AND enqueued_at IS NOT NULL RETURNING id`,
      [],
    );
    return rows.length;
  }

  /**
   * These rows were stamped as queued but their jobs could not be added: unmarked, the next
   * sweep takes them. Only pending ones: a row claimed meanwhile has found its job after all.
   */
  async forgetQueuedIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.notifications.query(
      `UPDATE notifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids],
    );
  }

  /** A failed row goes back to pending with a fresh set of attempts. */
  async resetFailed(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = now(),
              enqueued_at = NULL, failed_at = NULL, held_for = NULL, held_since = NULL
       WHERE id = $1 AND status = 'failed' RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  listForReferral(referralId: string): Promise<Notification[]> {
    return this.notifications.find({
      where: { referralId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Newest first, by keyset (created_at, id) compared to the microsecond, as
   * notifications_list_idx and notifications_status_list_idx order.
   */
  async page(query: NotificationPage): Promise<KeysetRows<Notification>> {
    const builder = this.notifications
      .createQueryBuilder('n')
      .addSelect(exactTimeOf('n.created_at'), 'keyset_at')
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('n.status = :status', { status: query.status });
    if (query.before)
      builder.andWhere(
        '(n.created_at, n.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))',
        query.before,
      );
    const { entities, raw } = await builder.getRawAndEntities<{
      n_id: string;
      keyset_at: string;
    }>();
    const keysetAt = new Map(raw.map((row) => [row.n_id, row.keyset_at]));
    return keysetRows(
      entities,
      query.limit,
      (row) => row,
      (row) => ({ at: keysetAt.get(row.id)!, id: row.id }),
    );
  }
}
