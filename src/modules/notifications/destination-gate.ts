import { NotificationChannel } from './notification.enums';

/**
 * Deliveries in flight per destination in this process. A receiver that hangs keeps each of its
 * deliveries until the timeout; without a cap, its rows would take every delivery slot and stop
 * the messages to everyone else.
 */
export class DestinationGate {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** Takes a place for `destination`, or gives null when it has `capacity` deliveries already. */
  tryEnter(destination: string): (() => void) | null {
    const current = this.inFlight.get(destination) ?? 0;
    if (current >= this.capacity) return null;
    this.inFlight.set(destination, current + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (this.inFlight.get(destination) ?? 1) - 1;
      if (remaining <= 0) this.inFlight.delete(destination);
      else this.inFlight.set(destination, remaining);
    };
  }

  inFlightTo(destination: string): number {
    return this.inFlight.get(destination) ?? 0;
  }
}

/** Where a message goes: its webhook's host (with port), or the one SMTP server for every email. */
export function destinationOf(channel: NotificationChannel, webhookUrl: string | null): string {
  if (channel === NotificationChannel.Email) return 'smtp';
  if (webhookUrl === null) return 'webhook (none)';
  try {
    return `webhook ${new URL(webhookUrl).host}`;
  } catch {
    return 'webhook (invalid URL)';
  }
}
