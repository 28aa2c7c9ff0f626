import { todayInJakarta } from './dates';

const JAKARTA = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

describe('todayInJakarta', () => {
  it('turns the date at midnight WIB (17:00 UTC), whatever order instants are asked in', () => {
    expect(todayInJakarta(new Date('2026-12-06T16:59:59.999Z'))).toBe('2026-12-06');
    expect(todayInJakarta(new Date('2026-12-06T17:00:00.000Z'))).toBe('2026-12-07');
    expect(todayInJakarta(new Date('2026-12-06T16:59:59.999Z'))).toBe('2026-12-06');
    expect(todayInJakarta(new Date('2024-02-28T17:00:00.000Z'))).toBe('2024-02-29');
    expect(todayInJakarta(new Date('2026-12-31T17:00:00.000Z'))).toBe('2027-01-01');
  });

  it('agrees with the time-zone database on instants around each midnight, in any order', () => {
    const instants = Array.from({ length: 5000 }, (_, i) => {
      const midnight = Date.UTC(2020, 0, 1, 17) + ((i * 7919) % 4000) * 86_400_000;
      return new Date(midnight + ((i % 5) - 2) * 1000);
    });
    const differing = instants.filter(
      (instant) => todayInJakarta(instant) !== JAKARTA.format(instant),
    );
    expect(differing).toEqual([]);
  });
});
