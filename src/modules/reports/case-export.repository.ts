import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { STAFF_TIME_ZONE } from '../../common/validation/dates';
import { runPrepared, statementFor } from '../../database/prepared-statements';
import { type QueuePosition, type QueueScope, queueSql } from '../queues/case-queue-query';
import type { ListCasesQueryDto } from '../queues/dto/list-cases-query.dto';

/** A row of the case export, with its labels' codes and its place in the order. */
export interface CaseExportRow {
  id: string;
  case_number: string;
  title: string;
  status: string;
  priority: string;
  incident_type: string;
  exploitation_types: string[];
  exploitation_country: string | null;
  country_name: string | null;
  provinces: string | null;
  regencies: string | null;
  victim_count: number;
  /** Full names, or initials only where the caller may not see identities (see `reveal`). */
  victim_names: string | null;
  assignee: string | null;
  reported_date: string;
  created_at: string;
  next_due_at: string | null;
  overdue_referrals: number;
  last_activity_at: string;
  /** The order's keys and id of this row, as the queue cursor carries them. */
  position: string;
}

/** Whose victims' names the export shows in full: agencies, or every one (undefined). */
export interface NameDisclosure {
  agencyIds: string[] | undefined;
}

const WIB_TIME = (sql: string) =>
  `to_char(${sql} AT TIME ZONE '${STAFF_TIME_ZONE}', 'YYYY-MM-DD HH24:MI')`;

/**
 * The case export, one batch at a time: the case list's filters and order (`queueSql`, so the
 * same index serves it) with keyset positions between batches. Each batch is one short
 * statement on a pooled connection: a slow download holds no connection while it waits, and a
 * dropped one leaves nothing to release.
 */
@Injectable()
export class CaseExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async batch(
    query: ListCasesQueryDto,
    scope: QueueScope,
    after: QueuePosition | undefined,
    names: NameDisclosure,
    size: number,
  ): Promise<CaseExportRow[]> {
    const sql = queueSql(query, scope, after);
    const bind = (value: unknown, cast: string) => {
      sql.parameters.push(value);
      return `$${sql.parameters.length}::${cast}`;
    };
    const reveal =
      names.agencyIds === undefined
        ? 'true'
        : `c.owning_agency_id = ANY(${bind(names.agencyIds, 'uuid[]')})`;
    const limit = bind(size, 'int');
    return runPrepared<CaseExportRow>(
      this.dataSource,
      statementFor(
        `SELECT c.id, c.case_number, c.title, c.status, c.priority, c.incident_type,
                c.exploitation_types, c.exploitation_country::text AS exploitation_country,
                (SELECT k.name FROM countries k WHERE k.alpha2 = c.exploitation_country) AS country_name,
                (SELECT string_agg(r.name, '; ' ORDER BY r.code) FROM regions r
                 WHERE r.code = ANY (c.origin_region_codes) AND r.level = 1) AS provinces,
                (SELECT string_agg(r.name, '; ' ORDER BY r.code) FROM regions r
                 WHERE r.code = ANY (c.origin_region_codes) AND r.level = 2) AS regencies,
                c.victim_count,
                -- Initials are made here, so that a name the caller may not see never leaves
                -- the database.
                (SELECT string_agg(CASE WHEN ${reveal} THEN v.full_name
                                        ELSE (SELECT string_agg(upper(left(w, 1)) || '.', ' ')
                                              FROM regexp_split_to_table(btrim(v.full_name), '\\s+') AS w)
                                   END, '; ' ORDER BY v.created_at, v.id)
                 FROM victims v WHERE v.case_id = c.id) AS victim_names,
                (SELECT u.full_name FROM users u WHERE u.id = c.assigned_caseworker_id) AS assignee,
                c.reported_date::text AS reported_date,
                ${WIB_TIME('c.created_at')} AS created_at,
                ${WIB_TIME('c.next_due_at')} AS next_due_at,
                CASE WHEN c.next_due_at < now()
                     THEN (SELECT count(*)::int FROM referrals r
                           WHERE r.case_id = c.id
                             AND referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at) < now())
                     ELSE 0 END AS overdue_referrals,
                ${WIB_TIME('c.last_activity_at')} AS last_activity_at,
                json_build_array(${[...sql.keyTexts('c'), 'c.id'].join(', ')})::text AS position
         FROM cases c
         ${sql.where.length > 0 ? `WHERE ${sql.where.join(' AND ')}` : ''}
         ORDER BY ${sql.orderBy}
         LIMIT ${limit}`,
      ),
      sql.parameters,
    );
  }
}
