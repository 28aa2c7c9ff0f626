import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { modifyReturning } from '../../database/modifying-query';

/** What a delivery may do about its destination's circuit. */
export type Admission = 'send' | 'probe' | 'hold';

/**
 * What one send told about its destination: it `answered` (delivered, or refused the message
 * itself: a 4xx, an unknown recipient), it was `unreachable` (timeout, refused connection, 5xx),
 * or nothing (the send never reached it).
 */
export type DestinationSignal = 'answered' | 'unreachable';

/** `half_open`: the cool-down is over and one delivery, the probe, is trying the destination. */
export enum CircuitState {
  Closed = 'closed',
  Open = 'open',
  HalfOpen = 'half_open',
}

export interface DestinationHealth {
  destination: string;
  state: CircuitState;
  consecutiveFailures: number;
  lastError: string | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  openedAt: Date | null;
  nextProbeAt: Date | null;
  rowsWaiting: number;
}

interface KnownState {
  open: boolean;
  failures: number;
  probeAt: number | null;
  lastFailureAt: number | null;
}

/** How stale this process's picture of the other workers' breakers may get. */
const REFRESH_MS = 1000;
/** A healthy destination's last success is written at most this often per process. */
const SUCCESS_NOTE_MS = 60_000;
/** The longest cool-down, however often a destination failed its probes. */
const MAX_COOL_DOWN_SECONDS = 600;

/**
 * A circuit breaker per destination (the SMTP server, each webhook host), its state in
 * PostgreSQL so that every worker process holds back the same destinations. After
 * `breakerFailures` consecutive sends that could not reach it, the circuit opens: rows for it are
 * held instead of tying up delivery slots until their timeouts. After a cool-down (doubling with
 * each failed probe, up to ten minutes) one delivery across all workers tries it; if it gets
 * through, the circuit closes and the held rows are released.
 *
 * The hot path reads an in-process copy of the destinations that have failed lately, refreshed
 * once a second; a healthy destination costs no statement per delivery.
 */
@Injectable()
export class DestinationBreakers {
  private readonly logger = new Logger(DestinationBreakers.name);
  private known = new Map<string, KnownState>();
  private refreshedAt = 0;
  private refreshing?: Promise<void>;
  private readonly successNotedAt = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Send, send as the probe, or hold the row while the circuit is open. */
  async admit(destination: string): Promise<Admission> {
    await this.refreshIfStale();
    const known = this.known.get(destination);
    if (!known?.open) return 'send';
    if (known.probeAt !== null && known.probeAt > Date.now()) return 'hold';
    // The cool-down is over: one delivery, whichever worker takes this row first, tries it.
    const probe = await modifyReturning<{ destination: string }>(
      this.dataSource,
      `UPDATE notification_destinations
       SET probe_until = now() + make_interval(secs => $2), updated_at = now()
       WHERE destination = $1 AND state = 'open' AND probe_at <= now()
         AND (probe_until IS NULL OR probe_until < now())
       RETURNING destination`,
      [destination, this.probeLeaseSeconds()],
    );
    if (probe.length === 1) return 'probe';
    await this.refresh();
    return this.known.get(destination)?.open ? 'hold' : 'send';
  }

  /**
   * Whether a send to `destination` failed after `since`: a row held since then has seen its
   * destination tried, and found down, while it waited.
   */
  failedSince(destination: string, since: Date): boolean {
    const lastFailureAt = this.known.get(destination)?.lastFailureAt;
    return lastFailureAt !== undefined && lastFailureAt !== null && lastFailureAt > since.getTime();
  }

  /** The probe taken by `admit` did not go: another delivery may probe at once. */
  async abandonProbe(destination: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_destinations SET probe_until = NULL WHERE destination = $1`,
      [destination],
    );
  }

  /**
   * Records what a send told about its destination. True when this closed an open circuit: its
   * held rows are to be released.
   */
  async record(
    destination: string,
    signal: DestinationSignal,
    reason: string,
    probing: boolean,
  ): Promise<boolean> {
    return signal === 'answered'
      ? this.recordAnswer(destination, probing)
      : (await this.recordUnreachable(destination, reason, probing), false);
  }

  /** Every destination with a record, open ones first, with the rows each holds back. */
  async list(): Promise<DestinationHealth[]> {
    const rows = await this.dataSource.query<
      Array<{
        destination: string;
        state: 'closed' | 'open';
        probing: boolean;
        consecutive_failures: number;
        last_error: string | null;
        last_failure_at: Date | null;
        last_success_at: Date | null;
        opened_at: Date | null;
        probe_at: Date | null;
        rows_waiting: number;
      }>
    >(
      `SELECT d.destination, d.state, d.probe_until > now() AS probing, d.consecutive_failures,
              d.last_error, d.last_failure_at, d.last_success_at, d.opened_at, d.probe_at,
              held.count AS rows_waiting
       FROM notification_destinations d
       CROSS JOIN LATERAL (SELECT count(*)::int AS count FROM notifications n
                           WHERE n.status = 'pending' AND n.held_for IS NOT NULL
                             AND n.held_for = d.destination) held
       ORDER BY d.state = 'open' DESC, d.last_failure_at DESC NULLS LAST, d.destination`,
    );
    return rows.map((row) => ({
      destination: row.destination,
      state:
        row.state === 'closed'
          ? CircuitState.Closed
          : row.probing
            ? CircuitState.HalfOpen
            : CircuitState.Open,
      consecutiveFailures: row.consecutive_failures,
      lastError: row.last_error,
      lastFailureAt: row.last_failure_at,
      lastSuccessAt: row.last_success_at,
      openedAt: row.opened_at,
      nextProbeAt: row.state === 'open' ? row.probe_at : null,
      rowsWaiting: row.rows_waiting,
    }));
  }

  /** How long a probe may take before another worker may probe: the row's own lease. */
  private probeLeaseSeconds(): number {
    return this.config.notifications.requeueSeconds;
  }

  private async recordAnswer(destination: string, probing: boolean): Promise<boolean> {
    const known = this.known.get(destination);
    if (!probing && !known) {
      // Healthy: note the success now and then, so that admins see when it last worked.
      const notedAt = this.successNotedAt.get(destination) ?? 0;
      if (Date.now() - notedAt < SUCCESS_NOTE_MS) return false;
      this.successNotedAt.set(destination, Date.now());
      await this.dataSource.query(
        `INSERT INTO notification_destinations (destination, last_success_at) VALUES ($1, now())
         ON CONFLICT (destination) DO UPDATE SET last_success_at = now()`,
        [destination],
      );
      return false;
    }
    const rows = await modifyReturning<{ was: 'closed' | 'open' }>(
      this.dataSource,
      `UPDATE notification_destinations d
       SET state = 'closed', consecutive_failures = 0, times_opened = 0, opened_at = NULL,
           probe_at = NULL, probe_until = NULL, last_success_at = now(), updated_at = now()
       FROM (SELECT state FROM notification_destinations WHERE destination = $1 FOR UPDATE) before
       WHERE d.destination = $1
       RETURNING before.state AS was`,
      [destination],
    );
    this.known.delete(destination);
    this.successNotedAt.set(destination, Date.now());
    const wasOpen = rows[0]?.was === 'open';
    if (wasOpen) this.logger.log({ destination }, 'Destination answers again; circuit closed');
    return wasOpen;
  }

  private async recordUnreachable(
    destination: string,
    reason: string,
    probing: boolean,
  ): Promise<void> {
    const { breakerFailures, breakerCoolDownSeconds } = this.config.notifications;
    await this.dataSource.query(
      `INSERT INTO notification_destinations (destination) VALUES ($1)
       ON CONFLICT (destination) DO NOTHING`,
      [destination],
    );
    // A failed probe opens the circuit again for a longer cool-down; a closed circuit opens at
    // the threshold; a send that was already under way when it opened changes only the count.
    const rows = await modifyReturning<{
      state: string;
      consecutive_failures: number;
      probe_at: Date | null;
      last_failure_at: Date;
      opens: boolean;
    }>(
      this.dataSource,
      `UPDATE notification_destinations d
       SET consecutive_failures = d.consecutive_failures + 1,
           last_error = $2, last_failure_at = now(), updated_at = now(),
           state = CASE WHEN o.opens THEN 'open' ELSE d.state END,
           opened_at = CASE WHEN o.opens AND d.state = 'closed' THEN now() ELSE d.opened_at END,
           times_opened = CASE WHEN o.opens THEN d.times_opened + 1 ELSE d.times_opened END,
           probe_at = CASE WHEN o.opens
                           THEN now() + make_interval(secs => least($5 * 2 ^ d.times_opened, $6))
                           ELSE d.probe_at END,
           probe_until = CASE WHEN $3 THEN NULL ELSE d.probe_until END
       FROM (SELECT ($3 AND state = 'open') OR (state = 'closed' AND consecutive_failures + 1 >= $4)
                    AS opens
             FROM notification_destinations WHERE destination = $1 FOR UPDATE) o
       WHERE d.destination = $1
       RETURNING d.state, d.consecutive_failures, d.probe_at, d.last_failure_at, o.opens`,
      [
        destination,
        reason,
        probing,
        breakerFailures,
        breakerCoolDownSeconds,
        Math.max(breakerCoolDownSeconds, MAX_COOL_DOWN_SECONDS),
      ],
    );
    const row = rows[0];
    if (!row) return;
    this.known.set(destination, {
      open: row.state === 'open',
      failures: row.consecutive_failures,
      probeAt: row.probe_at ? row.probe_at.getTime() : null,
      lastFailureAt: row.last_failure_at.getTime(),
    });
    if (row.opens)
      this.logger.warn(
        { destination, failures: row.consecutive_failures, reason, probeAt: row.probe_at },
        probing
          ? 'Destination still unreachable after a probe; circuit stays open'
          : 'Destination unreachable; circuit opened, its messages are held',
      );
  }

  private async refreshIfStale(): Promise<void> {
    if (Date.now() - this.refreshedAt >= REFRESH_MS) await this.refresh();
  }

  /** One read at a time however many deliveries ask: the others wait for it. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.readKnown().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readKnown(): Promise<void> {
    const rows = await this.dataSource.query<
      Array<{
        destination: string;
        state: string;
        consecutive_failures: number;
        probe_at: Date | null;
        last_failure_at: Date | null;
      }>
    >(
      `SELECT destination, state, consecutive_failures, probe_at, last_failure_at
       FROM notification_destinations
       WHERE state = 'open' OR consecutive_failures > 0`,
    );
    this.known = new Map(
      rows.map((row) => [
        row.destination,
        {
          open: row.state === 'open',
          failures: row.consecutive_failures,
          probeAt: row.probe_at ? row.probe_at.getTime() : null,
          lastFailureAt: row.last_failure_at ? row.last_failure_at.getTime() : null,
        },
      ]),
    );
    this.refreshedAt = Date.now();
  }
}
