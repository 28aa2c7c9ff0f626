import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../../common/errors/app-error';
import {
  IncomingReferralAssignment,
  IncomingReferralSort,
  type ListIncomingReferralsQueryDto,
} from './dto/incoming-referral.dto';
import { OPEN_REFERRAL_STATUSES, type ReferralStatus } from './referral.enums';

/**
 * The deadline a referral still owes, closed ones at the end: the expression of the `*_due_idx`
 * indexes, character for character (an index serves an ORDER BY only on the same expression).
 */
export const NEXT_DUE_KEY = `coalesce(referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at), 'infinity'::timestamptz)`;

/** Each order: one time key, then the id, in one direction. */
const ORDERS: Record<IncomingReferralSort, { key: string; direction: 'ASC' | 'DESC' }> = {
  [IncomingReferralSort.NextDue]: { key: NEXT_DUE_KEY, direction: 'ASC' },
  [IncomingReferralSort.Newest]: { key: 'r.sent_at', direction: 'DESC' },
};

/**
 * A time key as the text a cursor carries, to the microsecond in UTC (as the case queues' cursors
 * do): a JS Date would lose the microseconds, and comparing at milliseconds needs an expression
 * no index serves.
 */
function keyText(sql: string): string {
  return `CASE WHEN isfinite(${sql})
               THEN to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
               ELSE ${sql}::text END`;
}

/** Where a page stopped: its order, its last row's key (as text) and id. */
export interface IncomingPosition {
  sort: IncomingReferralSort;
  key: string;
  id: string;
}

export function encodeIncomingCursor(position: IncomingPosition | null): string | null {
  if (!position) return null;
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id])).toString(
    'base64url',
  );
}

const EXACT_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d{6}Z$/;

/** A cursor given out for this order; any other text, or another order's cursor, is a 400. */
export function decodeIncomingCursor(cursor: string, sort: IncomingReferralSort): IncomingPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const refuse = (message: string) => ValidationFailedError.forField('cursor', message);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((part) => typeof part === 'string')
  )
    throw refuse('cursor is not one this API gave out');
  const [cursorSort, key, id] = parsed;
  if (!(Object.values(IncomingReferralSort) as string[]).includes(cursorSort))
    throw refuse('cursor is not one this API gave out');
  if (cursorSort !== (sort as string))
    throw refuse('cursor belongs to another order: ask the first page again with this sort');
  if (!isUUID(id) || !isExactTime(key, sort)) throw refuse('cursor is not one this API gave out');
  return { sort, key, id };
}

/** Only the next-due order has rows at infinity (closed referrals); sent_at is always a time. */
function isExactTime(text: string, sort: IncomingReferralSort): boolean {
  if (text === 'infinity') return sort === IncomingReferralSort.NextDue;
  const match = EXACT_TIME.exec(text);
  if (!match) return false;
  // PostgreSQL refuses what Date rolls over (February 30th): a 400 here, not a 500 there.
  const date = new Date(`${match[1]}Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.getUTCFullYear() >= 1 &&
    date.toISOString().slice(0, 19) === match[1]
  );
}

/** Whose incoming referrals: the caller's agency, and the caller for "mine". */
export interface IncomingScope {
  agencyId: string;
  callerId: string;
}

export interface IncomingSql {
  where: string[];
  parameters: unknown[];
  orderBy: string;
  /** The order's key as cursor text, over `referrals r`. */
  keyText: string;
}

/**
 * The SQL of an incoming page or count over `referrals r`. Scope first, in the query: what was
 * sent to the caller's agency (a draft, even one cancelled unsent, is the referring side's).
 */
export function incomingSql(
  query: Pick<ListIncomingReferralsQueryDto, 'status' | 'assignment' | 'overdue' | 'sort'>,
  scope: IncomingScope,
  after: IncomingPosition | undefined,
  parameters: unknown[] = [],
): IncomingSql {
  const bind = (value: unknown, cast: string) => {
    parameters.push(value);
    return `$${parameters.length}::${cast}`;
  };
  const where: string[] = [];
  const agency = (): string => bind(scope.agencyId, 'uuid');
  // As ReceivingAccess reads it: what the agency referred itself (a case it took over) is its own
  // case's business, not incoming.
  const received = (): string[] => [
    `r.agency_id = ${agency()}`,
    'r.sent_at IS NOT NULL',
    `r.referring_agency_id <> ${agency()}`,
  ];
  if (query.assignment === IncomingReferralAssignment.Mine) {
    // The assignee's own index leads with them, then the agency, which still bounds the list
    // should they move to another agency with referrals of the old one assigned.
    where.push(`r.assignee_id = ${bind(scope.callerId, 'uuid')}`, ...received());
  } else {
    where.push(...received());
    if (query.assignment === IncomingReferralAssignment.Unassigned)
      where.push('r.assignee_id IS NULL');
    if (query.assignment === IncomingReferralAssignment.Assigned)
      where.push('r.assignee_id IS NOT NULL');
  }
  if (query.status) {
    where.push(`r.status = ANY(${bind(query.status, 'text[]')})`);
    // Open referrals always have a deadline: bounding the next-due key keeps a scan of the due
    // index to the open ones instead of running on through every closed one to the end.
    if (query.status.every((status) => isOpenStatus(status)))
      where.push(`${NEXT_DUE_KEY} < 'infinity'::timestamptz`);
  }
  if (query.overdue === true) where.push(`${NEXT_DUE_KEY} < now()`);
  if (query.overdue === false) where.push(`${NEXT_DUE_KEY} >= now()`);

  const order = ORDERS[query.sort];
  if (after)
    where.push(
      `(${order.key}, r.id) ${order.direction === 'ASC' ? '>' : '<'} (${bind(after.key, 'timestamptz')}, ${bind(after.id, 'uuid')})`,
    );
  return {
    where,
    parameters,
    orderBy: `${order.key} ${order.direction}, r.id ${order.direction}`,
    keyText: keyText(order.key),
  };
}

function isOpenStatus(status: ReferralStatus): boolean {
  return (OPEN_REFERRAL_STATUSES as readonly ReferralStatus[]).includes(status);
}
