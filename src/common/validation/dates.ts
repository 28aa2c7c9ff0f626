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

/** Made once: building a formatter costs more than formatting, and every dated field asks. */
const JAKARTA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

/** Today's date in Jakarta, yyyy-mm-dd: "the future" starts tomorrow for someone in WIB. */
export function todayInJakarta(now = new Date()): string {
  return JAKARTA_DATE.format(now);
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
