import { ValidateBy, ValidationOptions } from 'class-validator';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(value) &&
    Number(match[1]) >= 1900
  );
}

/** The zone of a calendar day given without one (WIB), for the database's day arithmetic. */
export const STAFF_TIME_ZONE = 'Asia/Jakarta';

/** WIB has been UTC+7, with no daylight saving, since 1964: a day in Jakarta is a fixed span. */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last day asked for, with the instants it spans: every dated field's validation asks, and
 * formatting each time (even without a time-zone formatter) took 2% of a case create.
 */
let lastDay = { fromMs: 0, untilMs: 0, date: '' };

/** The hour of the day in Jakarta (WIB has no daylight saving: a fixed UTC+7). */
export function hourInJakarta(now = new Date()): number {
  return new Date(now.getTime() + WIB_OFFSET_MS).getUTCHours();
}

/** Today's date in Jakarta, yyyy-mm-dd: "the future" starts tomorrow for someone in WIB. */
export function todayInJakarta(now = new Date()): string {
  const ms = now.getTime();
  if (ms >= lastDay.fromMs && ms < lastDay.untilMs) return lastDay.date;
  const wallClockMs = ms + WIB_OFFSET_MS;
  const fromMs = Math.floor(wallClockMs / DAY_MS) * DAY_MS - WIB_OFFSET_MS;
  lastDay = {
    fromMs,
    untilMs: fromMs + DAY_MS,
    date: new Date(wallClockMs).toISOString().slice(0, 10),
  };
  return lastDay.date;
}

/** A calendar date (yyyy-mm-dd), from 1900 on, not after today: for things that have happened. */
export function IsPastDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && value <= todayInJakarta(),
        defaultMessage: (args) =>
          `${args?.property ?? 'date'} must be a date (yyyy-mm-dd) that is not in the future`,
      },
    },
    options,
  );
}

/** A calendar date (yyyy-mm-dd), from 1900 on. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a date (yyyy-mm-dd)`,
      },
    },
    options,
  );
}
