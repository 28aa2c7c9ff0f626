import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../errors/app-error';

/**
 * Where a keyset page ordered by (a time, id), newest first, stops. `at` is the row's time exactly
 * as PostgreSQL keeps it, to the microsecond, as UTC text (`2026-12-01T08:30:00.123456Z`): a JS
 * Date keeps only milliseconds, and comparing at millisecond precision needs an expression on the
 * column that no index can serve, so every page would sort the caller's whole scope.
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** One page read with a look-ahead row, and where the next page starts. */
export interface KeysetRows<T> {
  items: T[];
  next: KeysetPosition | null;
}

/** A page whose items PostgreSQL wrote as JSON text (see `keysetPageJson`), and where the next starts. */
export interface JsonKeysetRows {
  itemsJson: string;
  next: KeysetPosition | null;
}

/**
 * `column` (a timestamptz) as JSON writes a JS Date: UTC, to the millisecond, truncated as the
 * driver truncates microseconds. PostgreSQL's own JSON of a timestamp has microseconds and an
 * offset, which would change the API's format.
 */
export function jsonTimeOf(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * `column` as the text a cursor carries. Pair it with an ORDER BY on the plain column and a row
 * comparison `(column, id) < ($at::timestamptz, $id::uuid)`, which an index on (column, id) serves.
 */
export function exactTimeOf(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Cuts the look-ahead row off rows read with `limit + 1`; the next page starts after the last row
 * kept, if the look-ahead row showed there is one.
 */
export function keysetRows<Row, T>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => T,
  positionOf: (row: Row) => KeysetPosition,
): KeysetRows<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(toItem),
    next: rows.length > limit && last !== undefined ? positionOf(last) : null,
  };
}

/**
 * A time key of a list with several orders as the text its cursor carries: finite times as
 * `exactTimeOf` writes them, and `infinity` / `-infinity` (a key that puts rows last) as is.
 */
export function exactKeyTextOf(column: string): string {
  return `CASE WHEN isfinite(${column}) THEN ${exactTimeOf(column)} ELSE ${column}::text END`;
}

/**
 * `yyyy-mm-ddThh:mi:ss` (UTC) that PostgreSQL takes as it is: it refuses what Date rolls over
 * (February 30th, hour 24) and has no year 0, so such text would be a 500 there, not a 400 here.
 */
export function isRealUtcSecond(text: string): boolean {
  const date = new Date(`${text}Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.getUTCFullYear() >= 1 &&
    date.toISOString().slice(0, text.length) === text
  );
}

const EXACT_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d{6}Z$/;

/** A time as `exactKeyTextOf` writes a finite one. */
export function isExactTimeKey(text: string): boolean {
  const match = EXACT_TIME.exec(text);
  return match !== null && isRealUtcSecond(match[1]);
}

/**
 * The cursor of a list with several orders: its order, the last row's keys as text, its id. An
 * order's keys are checked one by one (`keyChecks`): a cursor of another order, or text this API
 * did not give out, is a 400 on `cursor`.
 */
export function encodeSortedCursor(sort: string, keys: string[], id: string): string {
  return Buffer.from(JSON.stringify([sort, ...keys, id])).toString('base64url');
}

export function decodeSortedCursor(
  cursor: string,
  sort: string,
  sorts: readonly string[],
  keyChecks: ReadonlyArray<(text: string) => boolean>,
): { keys: string[]; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const refuse = (message: string) => ValidationFailedError.forField('cursor', message);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw refuse('cursor is not one this API gave out');
  const [cursorSort, ...rest]: string[] = parsed;
  if (!sorts.includes(cursorSort)) throw refuse('cursor is not one this API gave out');
  if (cursorSort !== sort)
    throw refuse('cursor belongs to another order: ask the first page again with this sort');
  const keys = rest.slice(0, -1);
  const id = rest[rest.length - 1];
  if (
    keys.length !== keyChecks.length ||
    !isUUID(id) ||
    !keys.every((text, i) => keyChecks[i](text))
  )
    throw refuse('cursor is not one this API gave out');
  return { keys, id };
}

export function encodeKeysetCursor(position: KeysetPosition | null): string | null {
  if (!position) return null;
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

const CURSOR_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3}|\d{6})Z$/;

export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const position = parseCursor(cursor);
  if (!position)
    throw ValidationFailedError.forField('cursor', 'cursor is not one this API gave out');
  return position;
}

function parseCursor(cursor: string): KeysetPosition | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [text, id] = parsed as unknown[];
  if (typeof text !== 'string' || typeof id !== 'string' || !isUUID(id)) return null;
  const match = CURSOR_TIME.exec(text);
  if (!match) return null;
  const [, seconds, fraction] = match;
  if (!isRealUtcSecond(seconds)) return null;
  // Cursors given out before they carried microseconds name only the millisecond of the row they
  // stopped at: resuming after the end of that millisecond may repeat rows of it, but skips none.
  const micros = fraction.length === 3 ? `${fraction}999` : fraction;
  return { at: `${seconds}.${micros}Z`, id };
}
