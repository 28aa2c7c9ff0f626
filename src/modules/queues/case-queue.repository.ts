import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { jsonTimeOf } from '../../common/http/keyset-cursor';
import {
  runPrepared,
  statementFor,
  statementPlannedEachTime,
} from '../../database/prepared-statements';
import { type QueuePosition, type QueueScope, queueSql } from './case-queue-query';
import { CaseAssignment, type ListCasesQueryDto } from './dto/list-cases-query.dto';

/** A page of a queue: its rows as JSON text, and where the next page starts. */
export interface QueuePage {
  itemsJson: string;
  next: QueuePosition | null;
}

/**
 * The case queue read model: pages and counts over `cases` and the columns its triggers keep
 * (migration CaseQueues), with the assignee's name from `users` and the overdue referrals from
 * `referrals` for the rows of a page. It writes nothing.
 */
@Injectable()
export class CaseQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A page of a case queue, as the JSON text of its rows. One statement: the page's cases by the
   * order's index, and for those rows only the assignee's name (joined) and the count of overdue
   * referrals (looked up only for a case whose next deadline has passed).
   */
  async page(
    query: ListCasesQueryDto,
    scope: QueueScope,
    after: QueuePosition | undefined,
  ): Promise<QueuePage> {
    const sql = queueSql(query, scope, after);
    let limit: string;
    if (hasNoValueDependentFilter(query)) {
      // Written into the text (an integer of 1..100, checked by the DTO): PostgreSQL then plans
      // the statement once per connection and keeps that plan. Bound as a value, the limit made
      // its plan for unknown values look dearer than planning each time, which it then did on
      // every page: 0.45 ms of planning for 0.5 ms of execution.
      if (!Number.isInteger(query.limit)) throw new TypeError('the page limit is not an integer');
      limit = `${query.limit}`;
    } else {
      sql.parameters.push(query.limit);
      limit = `$${sql.parameters.length}::int`;
    }
    // Narrower filters are planned for their values every time (see statementPlannedEachTime);
    // the others are named by their text, and PostgreSQL chooses per connection whether their
    // plan for unknown values serves.
    const plan = narrowsBeyondScope(query) ? statementPlannedEachTime : statementFor;
    const [row] = await runPrepared<{ items: string; next_keys: string | null }>(
      this.dataSource,
      plan(
        // row_to_json of the lateral row costs PostgreSQL half what json_build_object does: its
        // column aliases are CaseQueueRowDto's keys, in its order.
        `WITH page AS (${sql.select(
          `c.id, c.case_number, c.owning_agency_id, c.title, c.incident_type, c.status,
           c.priority, c.assigned_caseworker_id, c.supervisor_id, c.reported_date,
           c.version, c.created_at, c.updated_at, c.victim_count, c.next_due_at,
           c.last_activity_at, c.incident_date,
           row_number() OVER (ORDER BY ${sql.orderBy} ROWS UNBOUNDED PRECEDING) AS n`,
          `${limit} + 1`,
        )})
         SELECT coalesce(json_agg(item ORDER BY p.n) FILTER (WHERE p.n <= ${limit}), '[]')::text AS items,
                CASE WHEN count(*) > ${limit}
                     -- Where the next page starts, written for the page's last row only.
                     THEN (array_agg(json_build_array(${[...sql.keyTexts('p'), 'p.id'].join(', ')})::text)
                             FILTER (WHERE p.n = ${limit}))[1]
                END AS next_keys
         FROM page p
         -- A join, not a lookup per row: with a small users table the planner scanned it whole
         -- for each of the page's rows (a third of the page's execution at 158 users).
         LEFT JOIN users u ON u.id = p.assigned_caseworker_id
         CROSS JOIN LATERAL (
           SELECT p.id, p.case_number AS "caseNumber", p.owning_agency_id AS "owningAgencyId",
                  p.title, p.incident_type AS "incidentType", p.status, p.priority,
                  p.assigned_caseworker_id AS "assignedCaseworkerId",
                  u.full_name AS "assignedCaseworkerName",
                  p.supervisor_id AS "supervisorId", p.reported_date AS "reportedDate", p.version,
                  ${jsonTimeOf('p.created_at')} AS "createdAt",
                  ${jsonTimeOf('p.updated_at')} AS "updatedAt",
                  p.victim_count AS "victimCount",
                  ${jsonTimeOf('p.next_due_at')} AS "nextDueAt",
                  CASE WHEN p.next_due_at < now()
                       THEN (SELECT count(*)::int FROM referrals r
                             WHERE r.case_id = p.id
                               AND referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at) < now())
                       ELSE 0 END AS "overdueReferralCount",
                  ${jsonTimeOf('p.last_activity_at')} AS "lastActivityAt") AS item`,
      ),
      sql.parameters,
    );
    if (row.next_keys === null) return { itemsJson: row.items, next: null };
    const position = JSON.parse(row.next_keys) as string[];
    return {
      itemsJson: row.items,
      next: { sort: query.sort, keys: position.slice(0, -1), id: position[position.length - 1] },
    };
  }

  /**
   * How many cases each query finds, each counted up to `limit` + 1 rows and no further: a count
   * costs at most that many index entries however many cases the scope holds. One statement.
   */
  async counts(queries: ListCasesQueryDto[], scope: QueueScope, limit: number): Promise<number[]> {
    const parameters: unknown[] = [limit + 1];
    const columns = queries.map((query, i) => {
      const { where } = queueSql(query, scope, undefined, parameters);
      return `(SELECT count(*)::int FROM (SELECT 1 FROM cases c
                 ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 LIMIT $1::int) AS q) AS q${i}`;
    });
    // Each count's best index depends on its values (a status few cases have, a priority): the
    // plan for unknown values scanned the table for some of them at a million cases.
    const [row] = await runPrepared<Record<string, number>>(
      this.dataSource,
      statementPlannedEachTime(`SELECT ${columns.join(',\n')}`),
      parameters,
    );
    return queries.map((_, i) => row[`q${i}`]);
  }

  /**
   * The latest activity on the scope's cases, exactly (microseconds): a new case, and every change
   * a person makes to a case or its records, moves it. One index entry per agency (the activity
   * order's index); null when the scope has no case.
   */
  async latestActivity(scope: QueueScope): Promise<string | null> {
    const agencies = scope.agencyIds === undefined ? 'agencies a' : 'unnest($1::uuid[]) AS a(id)';
    const [row] = await runPrepared<{ latest: string | null }>(
      this.dataSource,
      statementFor(
        `SELECT max((SELECT c.last_activity_at FROM cases c
                     WHERE c.owning_agency_id = a.id
                     ORDER BY c.last_activity_at DESC LIMIT 1))::text AS latest
         FROM ${agencies}`,
      ),
      scope.agencyIds === undefined ? [] : [scope.agencyIds],
    );
    return row.latest;
  }
}

/**
 * A page of the caller's scope in an order, with no filter whose values change the best plan:
 * the order's index on (owning_agency_id, keys…) serves every such page, from any cursor, and a
 * plan made without the values is the same plan. Statuses, priorities and caseworkers are left
 * out: a status few cases have is best found through its own index, one most cases have along
 * the order's.
 */
function hasNoValueDependentFilter(query: ListCasesQueryDto): boolean {
  return (
    !narrowsBeyondScope(query) &&
    query.status === undefined &&
    query.priority === undefined &&
    query.assignedCaseworkerId === undefined &&
    query.assignment !== CaseAssignment.Mine
  );
}

/** Filters past the caller's scope and the plain queue ones, whose selectivity varies widely. */
function narrowsBeyondScope(query: ListCasesQueryDto): boolean {
  return [
    query.originRegion,
    query.exploitationCountry,
    query.incidentType,
    query.exploitationType,
    query.overdue,
    query.inactiveDays,
    query.createdFrom,
    query.createdTo,
    query.incidentFrom,
    query.incidentTo,
    query.tag,
    query.q,
  ].some((value) => value !== undefined);
}
