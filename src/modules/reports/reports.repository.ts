import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type QueueScope, queueSql } from '../queues/case-queue-query';
import { ListCasesQueryDto } from '../queues/dto/list-cases-query.dto';
import { STAFF_TIME_ZONE } from '../../common/validation/dates';
import { ReportGroup } from './dto/summary-query.dto';

/** Which cases a report counts: the caller's scope, the WIB days they were recorded, an agency. */
export interface ReportCases {
  scope: QueueScope;
  from?: string;
  to?: string;
  owningAgencyId?: string;
}

export interface CountRow {
  group: ReportGroup;
  /** null when the cases do not record it (no country of exploitation, no origin). */
  code: string | null;
  /** A region's or a country's name, when the code is one. */
  name: string | null;
  /** null for a group of victims only (sex, age, deaths abroad, no recorded origin). */
  cases: number | null;
  victims: number;
}

export interface ServiceLevelRow {
  agency_id: string;
  agency_name: string;
  service: string;
  sent: number;
  acknowledgement_due: number;
  acknowledged: number;
  acknowledged_on_time: number;
  completion_due: number;
  completed: number;
  completed_on_time: number;
  median_days_to_acknowledge: number | null;
}

export interface SummaryRows {
  totals: { cases: number; victims: number };
  counts: CountRow[];
  serviceLevels: ServiceLevelRow[];
}

/** The case-row breakdowns, each a grouping set of one statement over the scoped cases. */
const CASE_COLUMNS: Partial<Record<ReportGroup, string>> = {
  [ReportGroup.ExploitationCountry]: `c.exploitation_country::text`,
  [ReportGroup.IncidentType]: `c.incident_type`,
  [ReportGroup.Status]: `c.status`,
  // Truncated per row and formatted per group: to_char on every case cost a third of the scan.
  [ReportGroup.Month]: `date_trunc('month', c.created_at AT TIME ZONE '${STAFF_TIME_ZONE}')`,
};

/** Sentinel for "no value recorded" inside a grouping set, where NULL means "not this set". */
const NONE = '~';

/**
 * The victims' breakdowns: each victim counted once per set, by their own origin, sex, age at
 * recruitment, and (deceased abroad only) the country of death.
 */
const VICTIM_COLUMNS: Partial<Record<ReportGroup, string>> = {
  [ReportGroup.OriginProvince]: `coalesce(left(v.origin_region_code, 2), '${NONE}')`,
  [ReportGroup.OriginRegency]: `CASE WHEN length(v.origin_region_code) >= 5
                                     THEN left(v.origin_region_code, 5) ELSE '${NONE}' END`,
  [ReportGroup.VictimSex]: `v.gender`,
  [ReportGroup.VictimAge]: `CASE v.minor_at_recruitment WHEN true THEN 'minor'
                                 WHEN false THEN 'adult' ELSE 'unknown' END`,
  // A death abroad: a deceased victim whose recorded country of death is not Indonesia, or with
  // no country of death in a case recorded as a death abroad (then the country of exploitation).
  [ReportGroup.DeathsAbroad]: `CASE WHEN v.current_situation = 'deceased'
                                     AND (v.death_country <> 'ID'
                                          OR (v.death_country IS NULL AND c.incident_type = 'death_abroad'))
                                    THEN coalesce(v.death_country, c.exploitation_country, '${NONE}')::text END`,
};

const REGION_GROUPS = [ReportGroup.OriginProvince, ReportGroup.OriginRegency];

/**
 * The summary report's SQL: aggregates over `cases` (its queue columns: victim count, every level
 * of the victims' origins) and, for the breakdowns that need them, `victims` and `referrals` by
 * their case index. Every statement is scoped by the case list's own filter (`queueSql`), so a
 * report counts exactly the cases the caller's list shows for the same days.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** All the asked breakdowns from one snapshot, so that they add up to the same totals. */
  async summary(cases: ReportCases, groups: ReportGroup[]): Promise<SummaryRows> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      // The aggregates hash or sort up to a row per case and per victim: in memory, not on disk
      // (the default 4 MB spilled at 200,000 cases). For this transaction only.
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      const asked = new Set(groups);
      const counts: CountRow[] = [];
      const totals = await this.caseCounts(manager, cases, asked, counts);
      if (REGION_GROUPS.some((group) => asked.has(group)))
        await this.regionCaseCounts(manager, cases, asked, counts);
      if (asked.has(ReportGroup.ExploitationType))
        await this.exploitationTypeCounts(manager, cases, counts);
      const victimCounts = await this.victimCounts(manager, cases, asked);
      const serviceLevels = asked.has(ReportGroup.ReferralServiceLevels)
        ? await this.serviceLevels(manager, cases)
        : [];
      return { totals, counts: mergeVictimCounts(counts, victimCounts), serviceLevels };
    });
  }

  private where(cases: ReportCases, parameters: unknown[]): string {
    const query = Object.assign(new ListCasesQueryDto(), {
      createdFrom: cases.from,
      createdTo: cases.to,
      owningAgencyId: cases.owningAgencyId,
    });
    const { where } = queueSql(query, cases.scope, undefined, parameters);
    return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  }

  /** Totals and the case-row breakdowns in one pass over the scoped cases. */
  private async caseCounts(
    manager: EntityManager,
    cases: ReportCases,
    asked: Set<ReportGroup>,
    counts: CountRow[],
  ): Promise<{ cases: number; victims: number }> {
    const groups = (Object.keys(CASE_COLUMNS) as ReportGroup[]).filter((group) => asked.has(group));
    const parameters: unknown[] = [];
    const where = this.where(cases, parameters);
    const columns = groups.map((group, i) => `${CASE_COLUMNS[group]} AS k${i}`);
    const rows = await manager.query<Array<Record<string, string | number | null>>>(
      `SELECT ${groups.length > 0 ? `GROUPING(${groups.map((_, i) => `k${i}`).join(', ')}) AS g,` : '0 AS g,'}
              ${groups.map((group, i) => (group === ReportGroup.Month ? `to_char(k${i}, 'YYYY-MM') AS k${i},` : `k${i},`)).join(' ')}
              count(*)::int AS cases, coalesce(sum(victim_count), 0)::int AS victims
       FROM (SELECT ${[...columns, 'c.victim_count'].join(', ')} FROM cases c ${where}) AS s
       GROUP BY GROUPING SETS (${[...groups.map((_, i) => `(k${i})`), '()'].join(', ')})`,
      parameters,
    );
    const all = (1 << groups.length) - 1;
    let totals = { cases: 0, victims: 0 };
    for (const row of rows) {
      const g = Number(row.g);
      if (g === all) {
        totals = { cases: Number(row.cases), victims: Number(row.victims) };
        continue;
      }
      // The set's own column is the one bit of GROUPING that is clear (the first is the highest).
      const i = groups.findIndex((_, index) => (g & (1 << (groups.length - 1 - index))) === 0);
      const code = row[`k${i}`];
      counts.push({
        group: groups[i],
        code: code === null ? null : String(code),
        name: null,
        cases: Number(row.cases),
        victims: Number(row.victims),
      });
    }
    return totals;
  }

  /** Cases by every province and regency of their victims' origins (the queue's GIN column). */
  private async regionCaseCounts(
    manager: EntityManager,
    cases: ReportCases,
    asked: Set<ReportGroup>,
    counts: CountRow[],
  ): Promise<void> {
    const parameters: unknown[] = [];
    const where = this.where(cases, parameters);
    const lengths = [
      ...(asked.has(ReportGroup.OriginProvince) ? [2] : []),
      ...(asked.has(ReportGroup.OriginRegency) ? [5] : []),
    ];
    const rows = await manager.query<Array<{ code: string; cases: number }>>(
      `SELECT o.code, count(*)::int AS cases
       FROM cases c CROSS JOIN LATERAL unnest(c.origin_region_codes) AS o (code)
       ${where ? `${where} AND` : 'WHERE'} length(o.code) = ANY ('{${lengths.join(',')}}'::int[])
       GROUP BY o.code`,
      parameters,
    );
    for (const row of rows)
      counts.push({
        group: row.code.length === 2 ? ReportGroup.OriginProvince : ReportGroup.OriginRegency,
        code: row.code,
        name: null,
        cases: row.cases,
        victims: 0,
      });
  }

  private async exploitationTypeCounts(
    manager: EntityManager,
    cases: ReportCases,
    counts: CountRow[],
  ): Promise<void> {
    const parameters: unknown[] = [];
    const where = this.where(cases, parameters);
    const rows = await manager.query<Array<{ code: string; cases: number; victims: number }>>(
      `SELECT t.code, count(*)::int AS cases, coalesce(sum(c.victim_count), 0)::int AS victims
       FROM cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS t (code)
       ${where}
       GROUP BY t.code`,
      parameters,
    );
    for (const row of rows)
      counts.push({ group: ReportGroup.ExploitationType, name: null, ...row });
  }

  /** Victims by origin, sex, age and death abroad. */
  private async victimCounts(
    manager: EntityManager,
    cases: ReportCases,
    asked: Set<ReportGroup>,
  ): Promise<CountRow[]> {
    const groups = (Object.keys(VICTIM_COLUMNS) as ReportGroup[]).filter((group) =>
      asked.has(group),
    );
    if (groups.length === 0) return [];
    const parameters: unknown[] = [];
    const where = this.where(cases, parameters);
    // Victims only: counting the distinct cases of each group as well doubled the statement's
    // time (a hash entry per case and group). Origins take their cases from the case rows.
    const rows = await manager.query<Array<Record<string, string | number | null>>>(
      `SELECT GROUPING(${groups.map((_, i) => `k${i}`).join(', ')}) AS g,
              ${groups.map((_, i) => `k${i},`).join(' ')}
              count(*)::int AS victims
       FROM (SELECT ${groups.map((group, i) => `${VICTIM_COLUMNS[group]} AS k${i}`).join(', ')}
             FROM cases c JOIN victims v ON v.case_id = c.id ${where}) AS s
       GROUP BY GROUPING SETS (${groups.map((_, i) => `(k${i})`).join(', ')})`,
      parameters,
    );
    const counts: CountRow[] = [];
    for (const row of rows) {
      const g = Number(row.g);
      const i = groups.findIndex((_, index) => (g & (1 << (groups.length - 1 - index))) === 0);
      const code = row[`k${i}`];
      // Not a death abroad: the victim is outside that breakdown.
      if (code === null) continue;
      counts.push({
        group: groups[i],
        code: code === NONE ? null : String(code),
        name: null,
        cases: null,
        victims: Number(row.victims),
      });
    }
    return counts;
  }

  /**
   * How the receiving agencies answered the referrals of the reported cases, per agency and
   * service. An answer is the first of acknowledgement or decline; what was withdrawn
   * (cancelled) or is not due yet is not measured. Days are calendar days.
   */
  private async serviceLevels(
    manager: EntityManager,
    cases: ReportCases,
  ): Promise<ServiceLevelRow[]> {
    const parameters: unknown[] = [];
    const where = this.where(cases, parameters);
    return manager.query<ServiceLevelRow[]>(
      `SELECT s.agency_id, a.name AS agency_name, s.service, s.sent, s.acknowledgement_due,
              s.acknowledged, s.acknowledged_on_time, s.completion_due, s.completed,
              s.completed_on_time, round(s.median_days::numeric, 2)::float8 AS median_days_to_acknowledge
       FROM (SELECT r.agency_id, r.service, count(*)::int AS sent,
                    count(*) FILTER (WHERE r.answered_at IS NOT NULL
                                        OR (r.status <> 'cancelled' AND r.acknowledge_due_at < now()))::int
                      AS acknowledgement_due,
                    count(r.answered_at)::int AS acknowledged,
                    count(*) FILTER (WHERE r.answered_at <= coalesce(r.acknowledge_due_at, 'infinity'))::int
                      AS acknowledged_on_time,
                    count(*) FILTER (WHERE r.completed_at IS NOT NULL
                                        OR (r.status IN ('sent', 'acknowledged', 'in_progress')
                                            AND r.due_at < now()))::int AS completion_due,
                    count(r.completed_at)::int AS completed,
                    count(*) FILTER (WHERE r.completed_at <= coalesce(r.due_at, 'infinity'))::int
                      AS completed_on_time,
                    percentile_cont(0.5) WITHIN GROUP (
                      ORDER BY extract(epoch FROM r.answered_at - r.sent_at) / 86400)
                      AS median_days
             FROM (SELECT r.agency_id, r.service, r.status, r.sent_at, r.acknowledge_due_at,
                          r.due_at, r.completed_at,
                          least(r.acknowledged_at, r.declined_at) AS answered_at
                   FROM cases c JOIN referrals r ON r.case_id = c.id
                   ${where ? `${where} AND` : 'WHERE'} r.sent_at IS NOT NULL) AS r
             GROUP BY r.agency_id, r.service) AS s
       JOIN agencies a ON a.id = s.agency_id
       ORDER BY a.name, s.agency_id, s.service`,
      parameters,
    );
  }

  /** Names of the regions and countries the counts name, for their labels. */
  async names(regionCodes: string[], countryCodes: string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<Array<{ code: string; name: string }>>(
      `SELECT code, name FROM regions WHERE code = ANY ($1::text[])
       UNION ALL SELECT alpha2::text, name FROM countries WHERE alpha2 = ANY ($2::text[])`,
      [regionCodes, countryCodes],
    );
    return new Map(rows.map((row) => [row.code, row.name]));
  }
}

/**
 * Origins: cases come from the case rows (a case with victims from two regencies is in both),
 * victims from the victims' own origins. Other victim breakdowns are rows of their own.
 */
function mergeVictimCounts(caseCounts: CountRow[], victimCounts: CountRow[]): CountRow[] {
  const merged = [...caseCounts];
  for (const row of victimCounts) {
    if (!REGION_GROUPS.includes(row.group)) {
      merged.push(row);
      continue;
    }
    const same = merged.find((other) => other.group === row.group && other.code === row.code);
    if (same) same.victims = row.victims;
    else merged.push(row);
  }
  return merged;
}
