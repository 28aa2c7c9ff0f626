import { ValidateBy, ValidationOptions } from 'class-validator';

const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An instant written with its offset (`2025-06-02T09:00:00+07:00` or `…Z`). A bare local time
 * would be read in the server's zone, which is not the caseworker's. JavaScript rolls
 * `2025-02-30` over into March instead of refusing it, so the parts are checked here.
 */
export function isOffsetDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = OFFSET_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    year >= 2000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59
  );
}

export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOffsetDateTime',
      validator: {
        validate: (value: unknown) => isOffsetDateTime(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a date and time with its UTC offset, e.g. 2025-06-02T09:00:00+07:00`,
      },
    },
    options,
  );
}
