import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { CircuitState, DestinationBreakers } from './destination-breakers';

type Outcome = 'delivered' | 'retried' | 'deferred' | 'held' | 'failed' | 'cancelled';

/** What the engine does with notification rows, for Prometheus. Labels never name a recipient. */
@Injectable()
export class NotificationMetrics {
  private readonly outcomes: Counter<'kind' | 'channel' | 'outcome'>;
  private readonly attempts: Counter<'kind' | 'channel'>;
  private readonly lateness: Histogram<'kind' | 'channel'>;

  constructor(
    metrics: MetricsRegistry,
    notifications: NotificationsRepository,
    breakers: DestinationBreakers,
  ) {
    const registers = [metrics.registry];
    this.outcomes = new Counter({
      name: 'jejak_notification_deliveries_total',
      help: 'Notification rows by kind, channel and outcome: delivered, retried (a try failed, another is planned), deferred (its destination had as many in flight as it may; not a try), held (the circuit of its destination is open; not a try), failed for good, cancelled (no longer needed)',
      labelNames: ['kind', 'channel', 'outcome'],
      registers,
    });
    this.attempts = new Counter({
      name: 'jejak_notification_attempts_total',
      help: 'Sends tried: an email handed to the SMTP server or a webhook called, whatever came of it',
      labelNames: ['kind', 'channel'],
      registers,
    });
    this.lateness = new Histogram({
      name: 'jejak_notification_lateness_seconds',
      help: 'From when a message fell due to when it was delivered',
      labelNames: ['kind', 'channel'],
      buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    });
    new Gauge({
      name: 'jejak_notification_rows',
      help: 'Rows waiting to be sent (pending), being sent (sending), or failed and waiting for an admin (failed)',
      labelNames: ['status'],
      registers,
      // Counted at each scrape, in PostgreSQL: every process sees the same rows, and a worker
      // that restarted has no count of its own to go by. Each status has its partial index.
      async collect() {
        const counts = await notifications.countUnsettled();
        this.reset();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'jejak_notification_destination_circuit',
      help: 'Each destination (the SMTP server, a webhook host) that has a record: 1 for its circuit state (closed, open: its messages held, half_open: a probe is trying it), 0 for the others',
      labelNames: ['destination', 'state'],
      registers,
      async collect() {
        const destinations = await breakers.list();
        this.reset();
        for (const { destination, state } of destinations)
          for (const candidate of Object.values(CircuitState))
            this.set({ destination, state: candidate }, candidate === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'jejak_notification_destination_rows_held',
      help: 'Rows held back by an open circuit, per destination',
      labelNames: ['destination'],
      registers,
      async collect() {
        const destinations = await breakers.list();
        this.reset();
        for (const { destination, rowsWaiting } of destinations)
          this.set({ destination }, rowsWaiting);
      },
    });
  }

  attempted(row: Notification): void {
    this.attempts.inc({ kind: row.kind, channel: row.channel });
  }

  outcome(row: Notification, outcome: Outcome, at = new Date()): void {
    this.outcomes.inc({ kind: row.kind, channel: row.channel, outcome });
    if (outcome === 'delivered')
      this.lateness.observe(
        { kind: row.kind, channel: row.channel },
        Math.max(0, (at.getTime() - row.dueAt.getTime()) / 1000),
      );
  }
}
