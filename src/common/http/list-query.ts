import { Transform } from 'class-transformer';

/**
 * A list from a query string, given either as one comma-separated value (`status=open,closed`) or
 * as the parameter repeated (`status=open&status=closed`); blanks around each item are dropped.
 * The items are then validated one by one (`@IsEnum(..., { each: true })`).
 */
export const ListQuery = (): PropertyDecorator =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    const items = Array.isArray(raw) ? raw : [raw];
    if (!items.every((item) => typeof item === 'string')) return raw;
    return items.flatMap((item) => item.split(',')).map((item) => item.trim());
  });
