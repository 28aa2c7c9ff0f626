import {
  decodeSortedCursor,
  encodeSortedCursor,
  exactKeyTextOf,
  isExactTimeKey,
} from '../../common/http/keyset-cursor';
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

/** Where a page stopped: its order, its last row's key (as text) and id. */
export interface IncomingPosition {
  sort: IncomingReferralSort;
  key: string;
  id: string;
}

export function encodeIncomingCursor(position: IncomingPosition | null): string | null {
  return position && encodeSortedCursor(position.sort, [position.key], position.id);
}

/** A cursor given out for this order; any other text, or another order's cursor, is a 400. */
export function decodeIncomingCursor(cursor: string, sort: IncomingReferralSort): IncomingPosition {
  // Only the next-due order has rows at infinity (closed referrals); sent_at is always a time.
  const check = (text: string) =>
    (text === 'infinity' && sort === IncomingReferralSort.NextDue) || isExactTimeKey(text);
  const { keys, id } = decodeSortedCursor(cursor, sort, Object.values(IncomingReferralSort), [
    check,
  ]);
  return { sort, key: keys[0], id };
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
    keyText: exactKeyTextOf(order.key),
  };
}

function isOpenStatus(status: ReferralStatus): boolean {
  return (OPEN_REFERRAL_STATUSES as readonly ReferralStatus[]).includes(status);
}
