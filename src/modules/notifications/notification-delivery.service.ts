import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pLimit, { type LimitFunction } from 'p-limit';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OnJob } from '../../jobs/job-handler.decorator';
import { deliveryRowIds, JobName, type JobPayload } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';
import { QueueStoreWatch } from '../../jobs/queue-store-watch';
import { AuditService } from '../audit/audit.service';
import { MailDeliveryError, MailService } from '../mail/mail.service';
import { DeliveryRecorder, settledEntry } from './delivery-recorder';
import { DestinationBreakers, type DestinationSignal } from './destination-breakers';
import { postgresCode } from './transient-errors';
import { DestinationGate, destinationOf, SMTP_DESTINATION } from './destination-gate';
import {
  type NotificationKindHandler,
  NotificationKinds,
  type PreparedNotification,
} from './notification-kinds';
import { NotificationMetrics } from './notification-metrics';
import { DELIVERY_BATCH, inBatches, NotificationWriter } from './notification-writer';
import { Notification } from './notification.entity';
import { NotificationChannel } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { WebhookDeliveryError, WebhookSender } from './webhook-sender';

/** How many due rows one sweep query takes; a sweep loops until none are left or time is up. */
const SWEEP_BATCH = 1000;
const SWEEP_BUDGET_MS = 20_000;
/** Longest wait between two tries of one notification. */
const MAX_RETRY_DELAY_MS = 6 * 3600_000;
/**
 * A delivery whose destination is at its cap waits this long for a place: a busy destination
 * frees one within milliseconds. One that frees none (a receiver that hangs) gets the row back
 * in the queue, due again after the busy delay plus as much again at random.
 */
const DESTINATION_WAIT_MS = 250;
const DESTINATION_BUSY_DELAY_MS = 1000;
/** Recording a delivery is tried again until this share of the lease is spent (DeliveryRecorder). */
const RECORD_WITHIN_LEASE = 0.8;
/** A claimed row that waited this share of its lease for a delivery slot goes back untried. */
const SEND_WITHIN_LEASE = 0.5;

/** Delivery cannot succeed by trying again (no address, a refusal): the row fails at once. */
class UndeliverableError extends Error {
  override name = 'UndeliverableError';
  readonly messageIsSafe = true;
}

type Sendable = Extract<PreparedNotification, { send: true }>;

/** What came of a row's turn in a delivery slot; `untried` rows go back without a try counted. */
type SendAttempt =
  | { outcome: 'delivered' }
  | { outcome: 'failed'; error: unknown }
  | { outcome: 'unneeded'; reason: string }
  | { outcome: 'held'; destination: string }
  | { outcome: 'untried'; delayMs: number; tag: 'd' | 'w' };

/**
 * Sends notification rows. The row is claimed before sending and marked after, so a job that
 * runs twice sends once; a worker that dies mid-send leaves a lease that runs out, and the sweep
 * queues the row again. Attempts and backoff are counted on the row, not in the queue, so a
 * Redis that restarts empty forgets nothing.
 */
@Injectable()
export class NotificationDeliveryService implements OnModuleInit {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  private readonly gate: DestinationGate;
  /** Deliveries in flight in this process, at most NOTIFICATION_CONCURRENCY. */
  private readonly slots: LimitFunction;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly writer: NotificationWriter,
    private readonly jobs: JobService,
    private readonly mail: MailService,
    private readonly webhooks: WebhookSender,
    private readonly kinds: NotificationKinds,
    private readonly metrics: NotificationMetrics,
    private readonly audit: AuditService,
    private readonly queueStore: QueueStoreWatch,
    private readonly breakers: DestinationBreakers,
    private readonly recorder: DeliveryRecorder,
  ) {
    const { smtpConcurrency, destinationConcurrency } = config.notifications;
    this.gate = new DestinationGate((destination) =>
      destination === SMTP_DESTINATION ? smtpConcurrency : destinationConcurrency,
    );
    // The worker runs as many jobs at once, but a job carries up to DELIVERY_BATCH rows.
    this.slots = pLimit(config.notifications.concurrency);
  }

  onModuleInit(): void {
    this.queueStore.onEmptied(() => this.requeueAfterQueueLoss());
  }

  /**
   * Redis came back without its data: no row is queued any more, whatever its `enqueued_at`
   * says. Forgetting that makes the sweep queue every due row now, and the later ones when due,
   * rather than after the requeue window.
   */
  async requeueAfterQueueLoss(): Promise<void> {
    const forgotten = await this.notifications.forgetQueued();
    const queued = await this.sweep();
    this.logger.warn({ forgotten, queued }, 'Queued notifications again after the queue lost them');
  }

  /**
   * Sends the job's rows: claimed in one statement and prepared in one read per feature, then
   * each sent as a delivery slot frees. The job ends when every row has been dealt with, so a
   * worker that stops waits for them.
   */
  @OnJob(JobName.DeliverNotification)
  async deliver(payload: JobPayload<JobName.DeliverNotification>): Promise<void> {
    const claimedAt = Date.now();
    const rows = await this.notifications.claimMany(
      deliveryRowIds(payload),
      this.config.notifications.requeueSeconds,
    );
    if (rows.length === 0) return;
    const prepared = await this.prepareAll(rows);
    const outcomes = await Promise.allSettled(
      rows.map((row, index) => this.deliverClaimed(row, prepared[index], claimedAt)),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    // A row whose outcome could not be recorded keeps its lease; the sweep takes it when it runs out.
    if (failed) throw failed.reason;
  }

  /** What each row's feature makes of it, one read per feature; a throw fails that row's try. */
  private async prepareAll(
    rows: readonly Notification[],
  ): Promise<Array<PromiseSettledResult<PreparedNotification>>> {
    const results: Array<PromiseSettledResult<PreparedNotification>> = [];
    const byHandler = new Map<NotificationKindHandler, number[]>();
    rows.forEach((row, index) => {
      try {
        const handler = this.kinds.handlerFor(row.kind);
        const indexes = byHandler.get(handler) ?? [];
        indexes.push(index);
        byHandler.set(handler, indexes);
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    });
    await Promise.all(
      [...byHandler].map(async ([handler, indexes]) => {
        const group = indexes.map((index) => rows[index]);
        const settled: Array<PromiseSettledResult<PreparedNotification>> = handler.prepareMany
          ? await handler.prepareMany(group).then(
              (prepared) => prepared.map((value) => ({ status: 'fulfilled', value }) as const),
              (reason: unknown) => group.map(() => ({ status: 'rejected', reason }) as const),
            )
          : await Promise.allSettled(group.map((row) => handler.prepare(row)));
        indexes.forEach((index, position) => (results[index] = settled[position]));
      }),
    );
    return results;
  }

  /**
   * One row of a batch: a delivery slot is held for the send alone, so that the writing of what
   * came of it (batched with other rows, and waiting for them) leaves the slot to the next send.
   */
  private async deliverClaimed(
    row: Notification,
    preparation: PromiseSettledResult<PreparedNotification>,
    claimedAt: number,
  ): Promise<void> {
    const attempt = await this.slots(() => this.trySend(row, preparation, claimedAt));
    switch (attempt.outcome) {
      case 'delivered': {
        const leaseMs = this.config.notifications.requeueSeconds * 1000;
        const followUps = await this.recorder.recordDelivered(
          row,
          claimedAt + leaseMs * RECORD_WITHIN_LEASE,
        );
        await this.writer.dispatchDue(followUps);
        return;
      }
      case 'failed':
        return this.recordFailure(row, attempt.error);
      case 'unneeded':
        await this.cancelUnneeded(row, attempt.reason);
        this.metrics.outcome(row, 'cancelled');
        return;
      case 'held':
        return this.holdForDestination(row, attempt.destination);
      case 'untried':
        return this.giveBack(row, attempt.delayMs, attempt.tag);
    }
  }

  /** Sends the row, or says why not; what follows is written by the caller, out of the slot. */
  private async trySend(
    row: Notification,
    preparation: PromiseSettledResult<PreparedNotification>,
    claimedAt: number,
  ): Promise<SendAttempt> {
    const leaseMs = this.config.notifications.requeueSeconds * 1000;
    // Sending this late could outlive the lease, and another worker would send it too.
    if (Date.now() - claimedAt > leaseMs * SEND_WITHIN_LEASE)
      return { outcome: 'untried', delayMs: 0, tag: 'w' };
    try {
      if (preparation.status === 'rejected') throw preparation.reason;
      const prepared = preparation.value;
      if (!prepared.send) return { outcome: 'unneeded', reason: prepared.reason };
      const destination = destinationOf(row.channel, prepared.webhook?.url ?? null);
      const admission = await this.breakers.admit(destination);
      if (admission === 'hold') return { outcome: 'held', destination };
      const probing = admission === 'probe';
      const leave = await this.gate.enter(destination, DESTINATION_WAIT_MS);
      if (!leave) {
        // Sends begun before the circuit opened still hold every place: another probe, later.
        if (probing) await this.breakers.abandonProbe(destination);
        const delayMs =
          DESTINATION_BUSY_DELAY_MS + Math.floor(Math.random() * DESTINATION_BUSY_DELAY_MS);
        return { outcome: 'untried', delayMs, tag: 'd' };
      }
      try {
        this.metrics.attempted(row);
        await this.send(row, prepared);
      } catch (error) {
        await this.noteDestination(destination, error, probing);
        // The probe was the breaker's try, not the row's: it waits again with the others.
        if (probing && destinationSignalOf(error) === 'unreachable')
          return { outcome: 'held', destination };
        throw error;
      } finally {
        leave();
      }
      this.metrics.outcome(row, 'delivered');
      await this.noteDestination(destination, null, probing);
      return { outcome: 'delivered' };
    } catch (error) {
      return { outcome: 'failed', error };
    }
  }

  /**
   * Queues what is due and not queued: new rows, rows whose job was lost (a Redis restarted
   * empty, a crash between commit and enqueue) and rows whose sender died. Created once as a job
   * scheduler; two sweeps at once share the work through SKIP LOCKED.
   */
  @OnJob(JobName.SweepDueNotifications)
  async sweep(): Promise<number> {
    const started = Date.now();
    let queued = 0;
    // A row queued long ago is taken for lost only when nothing is waiting in the queue: with a
    // backlog (100,000 reminders falling due at once) its job is most likely still ahead in line,
    // and after Redis came back empty nothing is waiting.
    const waiting = await this.jobs
      .queueOf(JobName.DeliverNotification)
      .getJobCountByTypes('wait', 'prioritized');
    // Open circuits whose cool-down is over get one held row back, to go as their probe; rows
    // held just as their circuit closed go now.
    await this.notifications.releaseProbeCandidates();
    await this.notifications.releaseHeldForClosed();
    while (Date.now() - started < SWEEP_BUDGET_MS) {
      const rows = await this.notifications.takeDueForQueueing(
        this.config.notifications.requeueSeconds,
        SWEEP_BATCH,
        waiting === 0,
      );
      if (rows.length === 0) break;
      const stamp = Date.now().toString(36);
      try {
        // A fresh job id each sweep: an old job with the row's id may sit completed or failed.
        await this.jobs.enqueueMany(
          JobName.DeliverNotification,
          inBatches(rows, DELIVERY_BATCH).map((batch) => ({
            payload: { notificationIds: batch.map((row) => row.id) },
            jobId: `notification-${batch[0].id}-${batch[0].attempts}-s${stamp}`,
          })),
        );
      } catch (error) {
        // Stamped as queued but not queued: the next sweep must take them, not wait the window.
        await this.notifications.forgetQueuedIds(rows.map((row) => row.id));
        throw error;
      }
      queued += rows.length;
      if (rows.length < SWEEP_BATCH) break;
    }
    if (queued > 0) this.logger.log({ queued }, 'Sweep queued due notifications');
    return queued;
  }

  /**
   * Gives a claimed row back untried, its try not counted, due again after `delayMs`: its
   * destination had as many deliveries in flight as it may (a slow or hanging receiver; tag
   * `d`), leaving this slot to messages for everyone else, or it waited too long for a slot
   * (`w`).
   */
  private async giveBack(row: Notification, delayMs: number, tag: 'd' | 'w'): Promise<void> {
    if (!(await this.notifications.deferClaimed(row.id, row.attempts, delayMs))) return;
    this.metrics.outcome(row, 'deferred');
    await this.queueAgain(row, delayMs, tag);
  }

  /**
   * The row's destination is known to be down: the row waits, untried and uncounted, for a probe
   * to find it answering again. A row held as long as its tries would have lasted, during which
   * its destination was tried and still failed, fails for good as it would have without the
   * breaker: a reminder then settles and counts towards escalation, and an admin can retry it.
   */
  private async holdForDestination(row: Notification, destination: string): Promise<void> {
    const holdMs = this.holdBudgetMs();
    const heldMs = row.heldSince ? Date.now() - row.heldSince.getTime() : 0;
    if (heldMs >= holdMs && this.breakers.failedSince(destination, row.heldSince!)) {
      await this.recordFailure(
        row,
        new UndeliverableError('Destination unreachable for longer than its retries would last'),
      );
      return;
    }
    // Due again when the budget is spent, or, spent already with no try since the hold began
    // (an admin's retry while the cool-down runs), after as long again.
    const dueInMs = heldMs >= holdMs ? holdMs : holdMs - heldMs;
    if (!(await this.notifications.holdForDestination(row.id, row.attempts, destination, dueInMs)))
      return;
    this.metrics.outcome(row, 'held');
  }

  /** What the retries of one row add up to, and at least two cool-downs (a probe's chance). */
  private holdBudgetMs(): number {
    const { maxAttempts, retryBaseMs, breakerCoolDownSeconds } = this.config.notifications;
    let budgetMs = 0;
    for (let attempt = 1; attempt < maxAttempts; attempt += 1)
      budgetMs += Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
    return Math.max(budgetMs, 2 * breakerCoolDownSeconds * 1000);
  }

  /**
   * Tells the destination's breaker how the send went (`error` null: delivered). Bookkeeping
   * only: a failure here must not change what happens to the row, whose message went or not.
   */
  private async noteDestination(
    destination: string,
    error: unknown,
    probing: boolean,
  ): Promise<void> {
    const signal = error === null ? 'answered' : destinationSignalOf(error);
    if (!signal) return;
    try {
      const closed = await this.breakers.record(
        destination,
        signal,
        error === null ? '' : safeReason(error),
        probing,
      );
      if (!closed) return;
      const released = await this.notifications.releaseHeld(destination);
      this.logger.log({ destination, released }, 'Released the messages held for a destination');
      // Queued by a sweep now rather than at the next scheduled one.
      await this.jobs.enqueue(
        JobName.SweepDueNotifications,
        {},
        { jobId: `sweep-released-${Date.now().toString(36)}` },
      );
    } catch (failure) {
      this.logger.warn(
        { destination, err: { type: (failure as Error).name, code: postgresCode(failure) } },
        'Could not record the state of a destination',
      );
    }
  }

  /** Queues the row's next try (`tag`: why), or leaves it to the sweep if the queue refuses. */
  private async queueAgain(
    row: Notification,
    delayMs: number,
    tag: 'r' | 'd' | 'w',
  ): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.DeliverNotification,
        { notificationIds: [row.id] },
        // Unique per try: an admin's retry starts the count again, and the jobs of the first
        // round are still kept as completed under their ids, where BullMQ would ignore a new one.
        {
          jobId: `notification-${row.id}-${row.attempts}-${tag}${Date.now().toString(36)}`,
          delayMs,
        },
      );
    } catch {
      // The row is pending with its next try recorded; unmarked as queued, the sweep queues it
      // when due instead of after the requeue window.
      await this.notifications.forgetQueuedIds([row.id]).catch((error: unknown) =>
        this.logger.warn(
          {
            notificationId: row.id,
            err: { type: (error as Error).name, code: postgresCode(error) },
          },
          'Could not unmark a notification as queued; the sweep takes it after the requeue window',
        ),
      );
    }
  }

  /** The reason for the message went away (the agency answered, the task was done). */
  private async cancelUnneeded(row: Notification, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.notifications.markCancelled(manager, row.id, row.attempts, reason))) return;
      await this.audit.record(manager, null, {
        action: 'notification.cancelled',
        entityType: 'notification',
        entityId: row.id,
        caseId: row.caseId,
        changes: { kind: row.kind, channel: row.channel, reason },
      });
    });
  }

  private async send(row: Notification, prepared: Sendable): Promise<void> {
    if (row.channel === NotificationChannel.Webhook) {
      if (!prepared.webhook) throw new UndeliverableError('The agency has no webhook URL any more');
      await this.webhooks.post(prepared.webhook.url, prepared.webhook.body, {
        secret: prepared.webhook.secret,
        idempotencyKey: row.id,
        // Give up well within the lease, or another worker would take the row and send again.
        timeoutMs: Math.min(10_000, this.config.notifications.requeueSeconds * 500),
      });
      return;
    }
    if (prepared.emailTo.length === 0)
      throw new UndeliverableError('No email address for this recipient any more');
    if (!this.mail.configured) {
      this.mail.printInsteadOfSending(
        `${row.kind} notification ${row.id}`,
        `${prepared.message.subject}\n\n${prepared.message.text}`,
      );
      return;
    }
    await this.mail.send({
      to: prepared.emailTo,
      subject: prepared.message.subject,
      text: prepared.message.text,
      messageId: `<notification-${row.id}@jejak>`,
    });
  }

  private async recordFailure(row: Notification, error: unknown): Promise<void> {
    const reason = safeReason(error);
    const permanent =
      error instanceof UndeliverableError ||
      ((error instanceof MailDeliveryError || error instanceof WebhookDeliveryError) &&
        error.permanent);
    if (!permanent && row.attempts < row.maxAttempts) {
      const delay = Math.min(
        this.config.notifications.retryBaseMs * 2 ** (row.attempts - 1),
        MAX_RETRY_DELAY_MS,
      );
      if (await this.notifications.scheduleRetry(row.id, row.attempts, reason, delay))
        await this.queueAgain(row, delay, 'r');
      this.metrics.outcome(row, 'retried');
      this.logger.warn(
        { notificationId: row.id, attempt: row.attempts, reason },
        'Notification delivery failed; will retry',
      );
      return;
    }
    const followUps = await this.dataSource.transaction(async (manager) => {
      if (!(await this.notifications.markFailed(manager, row.id, row.attempts, reason))) return [];
      await this.audit.record(
        manager,
        null,
        settledEntry(row, 'notification.failed', { error: reason }),
      );
      // A recipient that cannot be reached has not answered either: what follows a settled row
      // follows a failed one (an agency's reminders go on and count towards escalation).
      return this.recorder.settle(manager, row);
    });
    this.metrics.outcome(row, 'failed');
    await this.writer.dispatchDue(followUps);
    this.logger.error(
      { notificationId: row.id, attempts: row.attempts, reason },
      'Notification delivery failed for good',
    );
  }
}

/**
 * Whether a failed send says the destination is down (`unreachable`: no connection, a timeout, a
 * 5xx, an SMTP server shutting down) or only refused this message (`answered`: a 4xx, an unknown
 * recipient, a temporary refusal of one message). Anything else never reached it.
 */
function destinationSignalOf(error: unknown): DestinationSignal | null {
  if (error instanceof WebhookDeliveryError) return error.permanent ? 'answered' : 'unreachable';
  if (error instanceof MailDeliveryError)
    return error.responseCode === undefined || error.responseCode === 421
      ? 'unreachable'
      : 'answered';
  return null;
}

/** A reason safe to store and show: SMTP and HTTP statuses, never a server's reply text. */
function safeReason(error: unknown): string {
  if (error instanceof MailDeliveryError)
    return error.responseCode ? `SMTP ${error.responseCode}` : `SMTP ${error.errorCode ?? 'error'}`;
  if (error instanceof WebhookDeliveryError)
    return error.status ? `HTTP ${error.status}` : `HTTP ${error.code ?? 'error'}`;
  if (error instanceof UndeliverableError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} (${code})` : error.name;
  }
  return 'unknown error';
}
