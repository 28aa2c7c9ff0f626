import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../errors/app-error';

/**
 * Opaque cursors for keyset pages ordered by (a time, id). The time travels at millisecond
 * precision while PostgreSQL keeps microseconds, so queries compare `millisecondsOf(column)`: rows
 * written within one millisecond would otherwise be skipped at a page boundary.
 */
export function encodeKeysetCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeKeysetCursor(cursor: string): { at: Date; id: string } {
  try {
    const [text, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    const at = new Date(text);
    if (Number.isNaN(at.getTime()) || !isUUID(id)) throw new Error('bad cursor');
    return { at, id };
  } catch {
    throw ValidationFailedError.forField('cursor', 'cursor is not one this API gave out');
  }
}

/** The SQL for `column` at the precision cursors carry. */
export function millisecondsOf(column: string): string {
  return `date_trunc('milliseconds', ${column})`;
}
