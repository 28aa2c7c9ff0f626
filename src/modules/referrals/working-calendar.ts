import { DateTime } from 'luxon';

/** Where an agency works: its time zone and the national holidays it observes (yyyy-mm-dd). */
export interface WorkingCalendar {
  timeZone: string;
  holidays: ReadonlySet<string>;
}

/**
 * How long an agency has to act. Working days are the norm ("acknowledge within 2 working
 * days"); plain hours, minutes and seconds exist for urgent services and for tests that cannot
 * wait days.
 */
export type SlaDuration =
  | { unit: 'working_days'; amount: number }
  | { unit: 'hours' | 'minutes' | 'seconds'; amount: number };

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

export function isWorkingDay(day: DateTime, calendar: WorkingCalendar): boolean {
  // Luxon numbers Monday 1 to Sunday 7.
  return day.weekday <= 5 && !calendar.holidays.has(day.toISODate() ?? '');
}

/**
 * The deadline `duration` after `start`. For working days: the end (23:59:59.999, local time) of
 * the Nth working day after the day of `start`, so a referral sent on Friday afternoon with two
 * working days is due at the end of Tuesday, and one sent on a Saturday or a holiday starts
 * counting on the next working day.
 */
export function dueAfter(start: Date, duration: SlaDuration, calendar: WorkingCalendar): Date {
  if (!Number.isInteger(duration.amount) || duration.amount < 0) {
    throw new RangeError(
      `An SLA duration must be a whole, non-negative number (got ${duration.amount})`,
    );
  }
  if (duration.unit !== 'working_days') {
    return DateTime.fromJSDate(start)
      .plus({ [duration.unit]: duration.amount })
      .toJSDate();
  }
  const known = rememberedDeadlines(calendar);
  const key = `${calendar.timeZone} ${start.getTime()} ${duration.amount}`;
  const remembered = known.get(key);
  if (remembered !== undefined) return new Date(remembered);
  const deadline = workingDaysAfter(start, duration.amount, calendar);
  if (known.size >= MAX_REMEMBERED_DEADLINES) known.clear();
  known.set(key, deadline.getTime());
  return deadline;
}

/**
 * Working-day deadlines already counted, per set of holidays (read from the database, replaced
 * and never changed): the reminders of one day share their deadline instant, the end of a
 * working day, and walking the calendar in Luxon for each was a tenth of a delivery's CPU.
 */
const deadlinesByHolidays = new WeakMap<ReadonlySet<string>, Map<string, number>>();
const MAX_REMEMBERED_DEADLINES = 10_000;

function rememberedDeadlines(calendar: WorkingCalendar): Map<string, number> {
  let known = deadlinesByHolidays.get(calendar.holidays);
  if (!known) {
    known = new Map();
    deadlinesByHolidays.set(calendar.holidays, known);
  }
  return known;
}

function workingDaysAfter(start: Date, amount: number, calendar: WorkingCalendar): Date {
  let day = DateTime.fromJSDate(start, { zone: calendar.timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`Unknown time zone "${calendar.timeZone}"`);
  let remaining = amount;
  // Zero working days means "by the end of today", or of the next working day if today is off.
  if (remaining === 0) {
    while (!isWorkingDay(day, calendar)) day = day.plus({ days: 1 });
    return day.endOf('day').toJSDate();
  }
  while (remaining > 0) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(day, calendar)) remaining -= 1;
  }
  return day.endOf('day').toJSDate();
}

/** A date and time as the agency reads it, e.g. "Selasa, 14 Mei 2024 23.59 WIB". */
export function formatForAgency(instant: Date, timeZone: string, language: 'id' | 'en'): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of agencyDateFormat(timeZone, language).formatToParts(instant))
    parts[part.type] = part.value;
  const { weekday, day, month, year, hour, minute, timeZoneName } = parts;
  return language === 'id'
    ? `${weekday}, ${day} ${month} ${year} ${hour}.${minute} ${timeZoneName}`
    : `${weekday} ${day} ${month} ${year}, ${hour}:${minute} ${timeZoneName}`;
}

/**
 * One formatter per zone and language for the life of the process: building one (or a Luxon
 * DateTime in a zone) per date was a fifth of a delivery's CPU, and every message has several.
 */
const agencyDateFormats = new Map<string, Intl.DateTimeFormat>();

function agencyDateFormat(timeZone: string, language: 'id' | 'en'): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let format = agencyDateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    agencyDateFormats.set(key, format);
  }
  return format;
}
