import { Transform } from 'class-transformer';

const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);
const asEmail = (value: unknown): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** Drops surrounding blanks from a text field before it is validated. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => trimmed(value));

/**
 * Email addresses are compared and stored in lower case, so "Siti@Example.org" and
 * "siti@example.org" are one person. Works on a single address or a list.
 */
export const NormaliseEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map(asEmail) : asEmail(value),
  );
