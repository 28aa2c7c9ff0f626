import { Transform } from 'class-transformer';

/** Plain decimal digits, optionally negative: no blanks, signs, exponents, fractions or hex. */
const DECIMAL_INTEGER = /^-?\d{1,15}$/;

/**
 * A whole number from a query string. `Number()` reads " 5", "0x10", "1e2", "5.0" and even ""
 * (as 0), so only plain digits are converted; anything else stays text for `@IsInt()` to refuse.
 * Every integer query parameter uses this, together with `@IsInt()` and its bounds.
 */
export const IntegerQuery = (): PropertyDecorator =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    return typeof raw === 'string' && DECIMAL_INTEGER.test(raw) ? Number(raw) : raw;
  });
