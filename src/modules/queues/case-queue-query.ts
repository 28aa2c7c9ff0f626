import {
  decodeSortedCursor,
  encodeSortedCursor,
  exactKeyTextOf,
  isExactTimeKey,
  isRealUtcSecond,
} from '../../common/http/keyset-cursor';
import { STAFF_TIME_ZONE } from '../../common/validation/dates';
import { CaseAssignment, CaseQueueSort, ListCasesQueryDto } from './dto/list-cases-query.dto';

type KeyType = 'rank' | 'time' | 'day';

/**
 * One order of the queue: its keys, all in one direction and then the id, exactly as the
 * migration's indexes spell them (an index serves an ORDER BY only on the same expressions).
 */
interface QueueOrder {
  keys: Array<{ sql: string; type: KeyType }>;
  direction: 'ASC' | 'DESC';
}

const ORDERS: Record<CaseQueueSort, QueueOrder> = {
  [CaseQueueSort.Priority]: {
    keys: [
      { sql: 'case_priority_rank(c.priority)', type: 'rank' },
      { sql: 'c.created_at', type: 'time' },
    ],
    direction: 'ASC',
  },
  [CaseQueueSort.LastActivity]: {
    keys: [{ sql: 'c.last_activity_at', type: 'time' }],
    direction: 'DESC',
  },
  [CaseQueueSort.Created]: { keys: [{ sql: 'c.created_at', type: 'time' }], direction: 'DESC' },
  [CaseQueueSort.IncidentDate]: {
    keys: [{ sql: `coalesce(c.incident_date, '-infinity'::date)`, type: 'day' }],
    direction: 'DESC',
  },
  [CaseQueueSort.NextDue]: {
    keys: [{ sql: `coalesce(c.next_due_at, 'infinity'::timestamptz)`, type: 'time' }],
    direction: 'ASC',
  },
};

const CAST: Record<KeyType, string> = { rank: 'smallint', time: 'timestamptz', day: 'date' };

/** A key as the text a cursor carries: times to the microsecond in UTC (see exactKeyTextOf). */
function keyText(sql: string, type: KeyType): string {
  return type === 'time' ? exactKeyTextOf(sql) : `${sql}::text`;
}

const KEY_FORMATS: Record<KeyType, (text: string) => boolean> = {
  rank: (text) => /^[0-3]$/.test(text),
  time: (text) => text === 'infinity' || isExactTimeKey(text),
  day: (text) =>
    text === '-infinity' ||
    (/^\d{4}-\d{2}-\d{2}$/.test(text) && isRealUtcSecond(`${text}T00:00:00`)),
};

/** Where a page stopped: its order, its last row's keys (as text) and id. */
export interface QueuePosition {
  sort: CaseQueueSort;
  keys: string[];
  id: string;
}

export function encodeQueueCursor(position: QueuePosition | null): string | null {
  return position && encodeSortedCursor(position.sort, position.keys, position.id);
}

/** A cursor given out for this order; any other text, or another order's cursor, is a 400. */
export function decodeQueueCursor(cursor: string, sort: CaseQueueSort): QueuePosition {
  const checks = ORDERS[sort].keys.map((key) => KEY_FORMATS[key.type]);
  const { keys, id } = decodeSortedCursor(cursor, sort, Object.values(CaseQueueSort), checks);
  return { sort, keys, id };
}

/** A queue read: the filters as SQL over `cases c`, and the order with its cursor condition. */
export interface QueueSql {
  where: string[];
  parameters: unknown[];
  orderBy: string;
  /** The SQL of the order's keys as cursor text, in order, over a row of `cases` called `alias`. */
  keyTexts: (alias: string) => string[];
  /**
   * `SELECT columns` of the queue's first `limit` cases in its order, the cases named `c`. Within
   * agencies, one scan of the order's index on (owning_agency_id, keys…). Across every agency
   * (admins), the first `limit` of each agency by that same index, then the first `limit` of
   * those: a page reads at most `limit` entries per agency however many cases there are, and no
   * index without the agency is needed (one would cost every create five more index entries, and
   * the planner took it, filtering, for a large agency's own pages).
   */
  select: (columns: string, limit: string) => string;
}

export interface QueueScope {
  /** The agencies whose cases the caller may list; undefined for every agency. */
  agencyIds: string[] | undefined;
  callerId: string;
}

/**
 * The SQL of a queue page. Scope first: one agency is an equality, so the order's index on
 * (owning_agency_id, keys…) serves the page; every agency uses the index without it.
 */
export function queueSql(
  query: ListCasesQueryDto,
  scope: QueueScope,
  after: QueuePosition | undefined,
  /** Where its values are bound: a statement of several queue reads shares one list. */
  parameters: unknown[] = [],
): QueueSql {
  const bind = (value: unknown, cast: string) => {
    parameters.push(value);
    return `$${parameters.length}::${cast}`;
  };
  const where: string[] = [];
  const agencies = scope.agencyIds;
  const everyAgency = agencies === undefined && query.owningAgencyId === undefined;
  if (query.owningAgencyId !== undefined) {
    // A filter never widens the scope: another agency's id lists nothing.
    const allowed = agencies === undefined || agencies.includes(query.owningAgencyId);
    where.push(allowed ? `c.owning_agency_id = ${bind(query.owningAgencyId, 'uuid')}` : 'false');
  } else if (agencies?.length === 1) {
    where.push(`c.owning_agency_id = ${bind(agencies[0], 'uuid')}`);
  } else if (agencies !== undefined) {
    where.push(`c.owning_agency_id = ANY(${bind(agencies, 'uuid[]')})`);
  }
  if (query.status) where.push(`c.status = ANY(${bind(query.status, 'text[]')})`);
  if (query.priority) where.push(`c.priority = ANY(${bind(query.priority, 'text[]')})`);
  if (query.assignment === CaseAssignment.Assigned)
    where.push('c.assigned_caseworker_id IS NOT NULL');
  if (query.assignment === CaseAssignment.Unassigned)
    where.push('c.assigned_caseworker_id IS NULL');
  if (query.assignment === CaseAssignment.Mine)
    where.push(`c.assigned_caseworker_id = ${bind(scope.callerId, 'uuid')}`);
  if (query.assignedCaseworkerId)
    where.push(`c.assigned_caseworker_id = ${bind(query.assignedCaseworkerId, 'uuid')}`);
  if (query.originRegion)
    where.push(`c.origin_region_codes @> ARRAY[${bind(query.originRegion, 'text')}]`);
  if (query.exploitationCountry)
    where.push(`c.exploitation_country = ${bind(query.exploitationCountry, 'text')}`);
  if (query.incidentType)
    where.push(`c.incident_type = ANY(${bind(query.incidentType, 'text[]')})`);
  if (query.exploitationType)
    where.push(`c.exploitation_types && ${bind(query.exploitationType, 'text[]')}`);
  // The same expression as the next-due index, so that "overdue" is a range of it.
  if (query.overdue === true)
    where.push(`coalesce(c.next_due_at, 'infinity'::timestamptz) < now()`);
  if (query.overdue === false)
    where.push(`coalesce(c.next_due_at, 'infinity'::timestamptz) >= now()`);
  if (query.inactiveDays !== undefined)
    where.push(
      `c.last_activity_at < now() - make_interval(days => ${bind(query.inactiveDays, 'int')})`,
    );
  if (query.createdFrom)
    where.push(
      `c.created_at >= (${bind(query.createdFrom, 'date')})::timestamp AT TIME ZONE '${STAFF_TIME_ZONE}'`,
    );
  if (query.createdTo)
    where.push(
      `c.created_at < (${bind(query.createdTo, 'date')} + 1)::timestamp AT TIME ZONE '${STAFF_TIME_ZONE}'`,
    );
  if (query.incidentFrom) where.push(`c.incident_date >= ${bind(query.incidentFrom, 'date')}`);
  if (query.incidentTo) where.push(`c.incident_date <= ${bind(query.incidentTo, 'date')}`);
  if (query.tag) where.push(`c.tags @> ARRAY[${bind(query.tag, 'text')}]`);
  if (query.q) {
    // Words of the title through its trigram index; a case number exactly, in any case.
    const like = bind(`%${escapeLike(query.q)}%`, 'text');
    where.push(`(c.title ILIKE ${like} OR c.case_number = upper(${bind(query.q, 'text')}))`);
  }

  const order = ORDERS[query.sort];
  const columns = [...order.keys.map((key) => key.sql), 'c.id'];
  if (after) {
    const values = [
      ...after.keys.map((text, i) => bind(text, CAST[order.keys[i].type])),
      bind(after.id, 'uuid'),
    ];
    where.push(
      `(${columns.join(', ')}) ${order.direction === 'ASC' ? '>' : '<'} (${values.join(', ')})`,
    );
  }
  const orderBy = columns.map((column) => `${column} ${order.direction}`).join(', ');
  return {
    where,
    parameters,
    orderBy,
    select: (selected, limit) => {
      if (!everyAgency)
        return `SELECT ${selected} FROM cases c
                ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ${orderBy} LIMIT ${limit}`;
      return `SELECT ${selected}
              FROM agencies a
              CROSS JOIN LATERAL (
                SELECT c.* FROM cases c
                WHERE ${['c.owning_agency_id = a.id', ...where].join(' AND ')}
                ORDER BY ${orderBy} LIMIT ${limit}) c
              ORDER BY ${orderBy} LIMIT ${limit}`;
    },
    // The keys' SQL names the table `c.`; the page's last row is read back under another name.
    keyTexts: (alias) =>
      order.keys.map((key) => keyText(key.sql.replace(/\bc\./g, `${alias}.`), key.type)),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
