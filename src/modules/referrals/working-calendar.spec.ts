import { DateTime } from 'luxon';
import { dueAfter, formatForAgency, WorkingCalendar } from './working-calendar';

const jakarta = (holidays: string[] = []): WorkingCalendar => ({
  timeZone: 'Asia/Jakarta',
  holidays: new Set(holidays),
});
const at = (iso: string): Date => new Date(iso);

describe('working-day deadlines', () => {
  it('remembers a deadline per set of holidays, and hands out a date the caller may change', () => {
    const start = at('2024-05-14T03:00:00Z');
    const twoDays = { unit: 'working_days', amount: 2 } as const;
    const plain = jakarta();
    const first = dueAfter(start, twoDays, plain);
    first.setTime(0);
    expect(dueAfter(start, twoDays, plain).toISOString()).toBe('2024-05-16T16:59:59.999Z');
    // Another calendar with Wednesday 15 May off: the same question, another answer.
    expect(dueAfter(start, twoDays, jakarta(['2024-05-15'])).toISOString()).toBe(
      '2024-05-17T16:59:59.999Z',
    );
    expect(
      dueAfter(start, twoDays, {
        timeZone: 'Asia/Jayapura',
        holidays: plain.holidays,
      }).toISOString(),
    ).toBe('2024-05-16T14:59:59.999Z');
  });

  it('counts working days from the day after, ending at local midnight', () => {
    // Tuesday 14 May 2024, 10:00 WIB; 2 working days: end of Thursday 16 May, 23:59:59.999 WIB.
    expect(
      dueAfter(
        at('2024-05-14T03:00:00Z'),
        { unit: 'working_days', amount: 2 },
        jakarta(),
      ).toISOString(),
    ).toBe('2024-05-16T16:59:59.999Z');
  });

  it('skips the weekend: sent Friday afternoon, two working days are Monday and Tuesday', () => {
    // Friday 17 May 2024, 15:00 WIB.
    expect(
      dueAfter(
        at('2024-05-17T08:00:00Z'),
        { unit: 'working_days', amount: 2 },
        jakarta(),
      ).toISOString(),
    ).toBe('2024-05-21T16:59:59.999Z');
  });

  it('counts from the local date: 01:00 WIB on Saturday is the weekend, though UTC still says Friday', () => {
    // 01:00 WIB on Saturday 18 May is 18:00 UTC on Friday 17 May: in Jakarta it is the weekend.
    expect(
      dueAfter(
        at('2024-05-17T18:00:00Z'),
        { unit: 'working_days', amount: 1 },
        jakarta(),
      ).toISOString(),
    ).toBe('2024-05-20T16:59:59.999Z');
  });

  it('skips configured national holidays', () => {
    // Thursday 9 May 2024 (Ascension) and Friday 10 May (cuti bersama) off: sent Wednesday 8 May,
    // two working days are Monday 13 and Tuesday 14.
    const calendar = jakarta(['2024-05-09', '2024-05-10']);
    expect(
      dueAfter(
        at('2024-05-08T02:00:00Z'),
        { unit: 'working_days', amount: 2 },
        calendar,
      ).toISOString(),
    ).toBe('2024-05-14T16:59:59.999Z');
  });

  it('follows the agency time zone: the same instant is a different deadline in Jayapura and Phnom Penh', () => {
    const sent = at('2024-05-14T03:00:00Z');
    const wit = dueAfter(
      sent,
      { unit: 'working_days', amount: 1 },
      { timeZone: 'Asia/Jayapura', holidays: new Set() },
    );
    const ict = dueAfter(
      sent,
      { unit: 'working_days', amount: 1 },
      { timeZone: 'Asia/Phnom_Penh', holidays: new Set() },
    );
    expect(wit.toISOString()).toBe('2024-05-15T14:59:59.999Z');
    expect(ict.toISOString()).toBe('2024-05-15T16:59:59.999Z');
  });

  it('treats zero working days as the end of today, or of the next working day when today is off', () => {
    expect(
      dueAfter(
        at('2024-05-14T03:00:00Z'),
        { unit: 'working_days', amount: 0 },
        jakarta(),
      ).toISOString(),
    ).toBe('2024-05-14T16:59:59.999Z');
    // Sunday 19 May: Monday 20 May.
    expect(
      dueAfter(
        at('2024-05-19T03:00:00Z'),
        { unit: 'working_days', amount: 0 },
        jakarta(),
      ).toISOString(),
    ).toBe('2024-05-20T16:59:59.999Z');
  });

  it('adds plain hours, minutes and seconds as elapsed time, for urgent services and tests', () => {
    const sent = at('2024-05-17T08:00:00Z');
    expect(dueAfter(sent, { unit: 'hours', amount: 48 }, jakarta()).toISOString()).toBe(
      '2024-05-19T08:00:00.000Z',
    );
    expect(dueAfter(sent, { unit: 'seconds', amount: 3 }, jakarta()).toISOString()).toBe(
      '2024-05-17T08:00:03.000Z',
    );
  });

  it('refuses negative or fractional durations and unknown time zones', () => {
    expect(() =>
      dueAfter(at('2024-05-17T08:00:00Z'), { unit: 'working_days', amount: -1 }, jakarta()),
    ).toThrow(RangeError);
    expect(() =>
      dueAfter(at('2024-05-17T08:00:00Z'), { unit: 'hours', amount: 1.5 }, jakarta()),
    ).toThrow(RangeError);
    expect(() =>
      dueAfter(
        at('2024-05-17T08:00:00Z'),
        { unit: 'working_days', amount: 1 },
        { timeZone: 'Mars/Olympus', holidays: new Set() },
      ),
    ).toThrow(RangeError);
  });

  it('shows a deadline the way the agency reads it', () => {
    const due = at('2024-05-21T16:59:59.999Z');
    expect(formatForAgency(due, 'Asia/Jakarta', 'id')).toMatch(/^Selasa, 21 Mei 2024 23\.59 /);
    expect(formatForAgency(due, 'Asia/Jakarta', 'en')).toMatch(/^Tuesday 21 May 2024, 23:59 /);
  });

  it('names the Indonesian zones as their people do, WIB, WITA and WIT', () => {
    const instant = at('2024-05-14T16:59:00Z');
    expect(formatForAgency(instant, 'Asia/Jakarta', 'id')).toBe('Selasa, 14 Mei 2024 23.59 WIB');
    expect(formatForAgency(instant, 'Asia/Makassar', 'id')).toBe('Rabu, 15 Mei 2024 00.59 WITA');
    expect(formatForAgency(instant, 'Asia/Jayapura', 'id')).toBe('Rabu, 15 Mei 2024 01.59 WIT');
    expect(formatForAgency(instant, 'Asia/Jayapura', 'en')).toBe(
      'Wednesday 15 May 2024, 01:59 GMT+9',
    );
  });

  it('writes what Luxon wrote, in every zone and both languages, summer and winter', () => {
    // The messages were written with Luxon's `cccc, d LLLL yyyy HH.mm ZZZZ` before; agencies
    // abroad (embassies, a receiving country's police) must read the same as before.
    const luxonFormat = { id: 'cccc, d LLLL yyyy HH.mm ZZZZ', en: 'cccc d LLLL yyyy, HH:mm ZZZZ' };
    const instants = ['2024-01-01T00:00:00Z', '2024-07-15T12:34:56Z', '2025-03-30T00:59:59Z'];
    const mismatches: string[] = [];
    for (const zone of Intl.supportedValuesOf('timeZone'))
      for (const language of ['id', 'en'] as const)
        for (const iso of instants) {
          const expected = DateTime.fromJSDate(at(iso), { zone })
            .setLocale(language === 'id' ? 'id-ID' : 'en-GB')
            .toFormat(luxonFormat[language]);
          const written = formatForAgency(at(iso), zone, language);
          if (written !== expected) mismatches.push(`${zone} ${language} ${iso}: ${written}`);
        }
    expect(mismatches).toEqual([]);
  });
});
