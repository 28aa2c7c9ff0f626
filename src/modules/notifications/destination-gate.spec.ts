import { DestinationGate, destinationOf } from './destination-gate';
import { NotificationChannel } from './notification.enums';

describe('destination gate', () => {
  it('lets each destination have at most its capacity in flight, others unaffected', () => {
    const gate = new DestinationGate(2);
    const first = gate.tryEnter('webhook slow.example:443');
    const second = gate.tryEnter('webhook slow.example:443');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(gate.tryEnter('webhook slow.example:443')).toBeNull();
    expect(gate.tryEnter('smtp')).not.toBeNull();
    first!();
    first!(); // leaving twice frees one place only
    expect(gate.inFlightTo('webhook slow.example:443')).toBe(1);
    expect(gate.tryEnter('webhook slow.example:443')).not.toBeNull();
    expect(gate.tryEnter('webhook slow.example:443')).toBeNull();
  });

  it('gives each destination its own capacity: the SMTP server more than one webhook host', () => {
    const gate = new DestinationGate((destination) => (destination === 'smtp' ? 3 : 1));
    expect(gate.tryEnter('webhook hung.example:443')).not.toBeNull();
    expect(gate.tryEnter('webhook hung.example:443')).toBeNull();
    expect(gate.tryEnter('webhook other.example:443')).not.toBeNull();
    for (let i = 0; i < 3; i += 1) expect(gate.tryEnter('smtp')).not.toBeNull();
    expect(gate.tryEnter('smtp')).toBeNull();
  });

  it('hands a freed place to the delivery waiting longest, and gives up waiting after the time', async () => {
    const gate = new DestinationGate(1);
    const holder = gate.tryEnter('smtp')!;
    const first = gate.enter('smtp', 1000);
    const second = gate.enter('smtp', 1000);
    const impatient = await gate.enter('smtp', 20);
    expect(impatient).toBeNull();
    holder();
    const firstLeave = await first;
    expect(firstLeave).not.toBeNull();
    expect(gate.inFlightTo('smtp')).toBe(1);
    firstLeave!();
    const secondLeave = await second;
    expect(secondLeave).not.toBeNull();
    secondLeave!();
    expect(gate.inFlightTo('smtp')).toBe(0);
    expect(await gate.enter('smtp', 0)).not.toBeNull();
  });

  it('names a webhook by its host and port, and every email by the SMTP server', () => {
    const { Email, Webhook } = NotificationChannel;
    expect(destinationOf(Webhook, 'https://lbh.example.org/hooks/jejak?token=x')).toBe(
      'webhook lbh.example.org',
    );
    expect(destinationOf(Webhook, 'http://127.0.0.1:8123/a')).toBe('webhook 127.0.0.1:8123');
    expect(destinationOf(Webhook, 'not a url')).toBe('webhook (invalid URL)');
    expect(destinationOf(Webhook, null)).toBe('webhook (none)');
    expect(destinationOf(Email, 'https://ignored.example')).toBe('smtp');
  });
});
