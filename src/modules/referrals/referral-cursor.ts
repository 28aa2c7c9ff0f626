import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../../common/errors/app-error';

/**
 * Keyset cursors over (created_at, id), newest first. PostgreSQL keeps microseconds and a cursor
 * carries milliseconds, so both sides compare at millisecond precision or rows created within the
 * same millisecond would be skipped.
 */
export const CREATED_MS = "date_trunc('milliseconds', r.created_at)";

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !isUUID(id)) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw ValidationFailedError.forField('cursor', 'cursor is not one this API gave out');
  }
}
