import { NotificationChannel } from './notification.enums';

type Leave = () => void;

/**
 * Deliveries in flight per destination in this process. A receiver that hangs keeps each of its
 * deliveries until the timeout; without a cap, its rows would take every delivery slot and stop
 * the messages to everyone else.
 */
export class DestinationGate {
  private readonly inFlight = new Map<string, number>();
  /** Deliveries waiting for a place, per destination, first come first served. */
  private readonly waiting = new Map<string, Array<(leave: Leave) => void>>();

  private readonly capacityOf: (destination: string) => number;

  /** `capacity`: one for every destination, or each destination's own. */
  constructor(capacity: number | ((destination: string) => number)) {
    this.capacityOf = typeof capacity === 'number' ? () => capacity : capacity;
  }

  /**
   * A place for `destination`, waiting up to `waitMs` for one to free; null when none did. A busy
   * but healthy destination frees a place within milliseconds, so its deliveries wait here
   * rather than go back to the queue; a hanging one frees none, and the caller gives the row back.
   */
  enter(destination: string, waitMs: number): Promise<Leave | null> {
    const leave = this.tryEnter(destination);
    if (leave || waitMs <= 0) return Promise.resolve(leave);
    return new Promise((resolve) => {
      const queue = this.waiting.get(destination) ?? [];
      const handOver = (given: Leave) => {
        clearTimeout(timer);
        resolve(given);
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(handOver);
        if (index >= 0) queue.splice(index, 1);
        if (queue.length === 0) this.waiting.delete(destination);
        resolve(null);
      }, waitMs);
      queue.push(handOver);
      this.waiting.set(destination, queue);
    });
  }

  /** Takes a place for `destination`, or gives null when it has its capacity in flight already. */
  tryEnter(destination: string): Leave | null {
    const current = this.inFlight.get(destination) ?? 0;
    if (current >= this.capacityOf(destination)) return null;
    this.inFlight.set(destination, current + 1);
    return this.leaverFor(destination);
  }

  inFlightTo(destination: string): number {
    return this.inFlight.get(destination) ?? 0;
  }

  private leaverFor(destination: string): Leave {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.get(destination)?.shift();
      if (next) {
        // The place passes to the longest waiting delivery: the count in flight stays.
        if (this.waiting.get(destination)?.length === 0) this.waiting.delete(destination);
        next(this.leaverFor(destination));
        return;
      }
      const remaining = (this.inFlight.get(destination) ?? 1) - 1;
      if (remaining <= 0) this.inFlight.delete(destination);
      else this.inFlight.set(destination, remaining);
    };
  }
}

/** The one SMTP server every email goes through. */
export const SMTP_DESTINATION = 'smtp';

/** Where a message goes: its webhook's host (with port), or the one SMTP server for every email. */
export function destinationOf(channel: NotificationChannel, webhookUrl: string | null): string {
  if (channel === NotificationChannel.Email) return SMTP_DESTINATION;
  if (webhookUrl === null) return 'webhook (none)';
  try {
    return `webhook ${new URL(webhookUrl).host}`;
  } catch {
    return 'webhook (invalid URL)';
  }
}
