import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { columnOf, entityHydrator, jsonRowsInserts } from '../../database/hydrate';
import { AuditEntry, auditInsertSql, auditRowsJson } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { translateFamilyWriteError } from '../families/families.errors';
import { CasePerpetrator } from '../perpetrators/case-perpetrator.entity';
import { Perpetrator } from '../perpetrators/perpetrator.entity';
import { prepareStatement, runPrepared, statementFor } from '../../database/prepared-statements';
import { FamilyMember } from '../families/family-member.entity';
import type { LinkedPerpetratorRow } from '../perpetrators/perpetrators.repository';
import { Victim } from '../victims/victim.entity';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VersionConflictError } from '../../common/errors/app-error';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { modifyReturning } from '../../database/modifying-query';
import { CaseNote } from './case-note.entity';
import { Case } from './case.entity';
import type { CasePriority, CaseStatus, ExploitationType, IncidentType } from './case.enums';
import { CaseNotFoundError } from './cases.errors';

/** What a case list shows of each case. */
export type CaseSummaryFields = Pick<
  Case,
  | 'id'
  | 'caseNumber'
  | 'owningAgencyId'
  | 'title'
  | 'incidentType'
  | 'status'
  | 'priority'
  | 'assignedCaseworkerId'
  | 'supervisorId'
  | 'reportedDate'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

/**
 * What moving a case needs to say about it: its number, owner and assignee, and the facts a
 * receiving agency decides a transfer on (no title, summary or person).
 */
export interface CaseFacts {
  id: string;
  caseNumber: string;
  owningAgencyId: string;
  assignedCaseworkerId: string | null;
  status: CaseStatus;
  priority: CasePriority;
  incidentType: IncidentType;
  exploitationTypes: ExploitationType[];
  exploitationCountry: string | null;
  victimCount: number;
  originRegencyCodes: string[];
  reportedDate: string;
}

/** A case as its page shows it: the record, its first victims with their families, its perpetrators. */
export interface WholeCase {
  record: Case;
  victimCount: number;
  victims: Array<{ victim: Victim; family: FamilyMember[] }>;
  perpetrators: LinkedPerpetratorRow[];
}

/**
 * The whole case in one round trip, prepared: the case read is the commonest request, and as six
 * statements (case, victims, count, perpetrators, then families) the round trips were its cost.
 * Rows of other tables come as JSON, in the same orders as their own lists. $2 is the caller's
 * scope (null: every agency), applied here as well as by the service.
 */
const WHOLE_CASE = prepareStatement(
  'whole_case',
  `SELECT row_to_json(c) AS record,
          (SELECT count(*)::int FROM victims WHERE case_id = c.id) AS victim_count,
          (SELECT coalesce(json_agg(json_build_object(
                    'victim', row_to_json(v),
                    'family', (SELECT coalesce(json_agg(f ORDER BY f.created_at, f.id), '[]'::json)
                               FROM family_members f WHERE f.victim_id = v.id))
                  ORDER BY v.created_at, v.id), '[]'::json)
           FROM (SELECT * FROM victims WHERE case_id = c.id ORDER BY created_at, id LIMIT $3) v
          ) AS victims,
          (SELECT coalesce(json_agg(json_build_object(
                    'perpetrator_id', p.id, 'full_name', p.full_name, 'aliases', p.aliases,
                    'home_region_code', p.home_region_code,
                    'relationship_to_victims', l.relationship_to_victims,
                    'role_in_case', l.role_in_case, 'linked_at', l.linked_at)
                  ORDER BY l.linked_at, p.id), '[]'::json)
           FROM case_perpetrators l JOIN perpetrators p ON p.id = l.perpetrator_id
           WHERE l.case_id = c.id) AS perpetrators
   FROM cases c
   WHERE c.id = $1 AND ($2::uuid[] IS NULL OR c.owning_agency_id = ANY ($2::uuid[]))`,
);

export interface TimelineRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: Record<string, unknown> | null;
  restricted_changes: Record<string, unknown> | null;
  note_body: string | null;
}

@Injectable()
export class CasesRepository {
  private readonly hydrateCase: (row: Record<string, unknown>) => Case;
  private readonly hydrateVictim: (row: Record<string, unknown>) => Victim;
  private readonly hydrateFamilyMember: (row: Record<string, unknown>) => FamilyMember;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    @InjectRepository(CaseNote) private readonly notes: Repository<CaseNote>,
  ) {
    this.hydrateCase = entityHydrator(dataSource, Case);
    this.hydrateVictim = entityHydrator(dataSource, Victim);
    this.hydrateFamilyMember = entityHydrator(dataSource, FamilyMember);
  }

  /** The case with its first `victimLimit` victims, or null when it is missing or out of scope. */
  async findWhole(
    id: string,
    agencyIds: string[] | undefined,
    victimLimit: number,
  ): Promise<WholeCase | null> {
    const rows = await runPrepared<{
      record: Record<string, unknown>;
      victim_count: number;
      victims: Array<{ victim: Record<string, unknown>; family: Array<Record<string, unknown>> }>;
      perpetrators: Array<Omit<LinkedPerpetratorRow, 'linked_at'> & { linked_at: string }>;
    }>(this.dataSource, WHOLE_CASE, [id, agencyIds ?? null, victimLimit]);
    const row = rows[0];
    if (!row) return null;
    return {
      record: this.hydrateCase(row.record),
      victimCount: row.victim_count,
      victims: row.victims.map((entry) => ({
        victim: this.hydrateVictim(entry.victim),
        family: entry.family.map((member) => this.hydrateFamilyMember(member)),
      })),
      perpetrators: row.perpetrators.map((link) => ({
        ...link,
        linked_at: new Date(link.linked_at),
      })),
    };
  }

  /**
   * Writes a new case with everything it brings (victims, families, perpetrators new to the
   * register and its links to them, the audit entries) in ONE statement, committed on its own.
   *
   * One statement because of the case number: the next in its prefix's yearly sequence, from one
   * counter row per prefix and year incremented in place, so no two cases share a number and none
   * is skipped. That row stays locked until the commit and every other case of the agency waits
   * for it. In a transaction of several statements, the lock would be held across the service's
   * round trips and its turns of a busy event loop (creates at 50 connections queued on it); here
   * it is held for the end of one statement and its commit, inside PostgreSQL. The references
   * between the new rows are checked at the end of the statement, when all of them exist.
   */
  async createWhole(parts: {
    fields: QueryDeepPartialEntity<Case>;
    numbering: { prefix: string; year: number };
    victims: Array<Partial<Victim>>;
    family: Array<Partial<FamilyMember>>;
    perpetrators: Array<Partial<Perpetrator>>;
    links: Array<Partial<CasePerpetrator>>;
    audit: { actor: AuthenticatedUser; entries: AuditEntry[] };
  }): Promise<{ record: Case; victims: Victim[]; family: FamilyMember[] }> {
    const values: unknown[] = [parts.numbering.prefix, parts.numbering.year];
    const next = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const metadata = this.dataSource.getMetadata(Case);
    const columns: string[] = [];
    const placeholders: string[] = [];
    for (const [property, value] of Object.entries(parts.fields)) {
      const column = columnOf(metadata, property);
      columns.push(column.databaseName);
      placeholders.push(next(this.dataSource.driver.preparePersistentValue(value, column)));
    }
    const written: string[] = [];
    /** Writes the rows as CTEs named `${name}_N` (one per shape of row) and gives their names. */
    const rowsOf = <Entity extends object>(
      name: string,
      target: new () => Entity,
      rows: Array<Partial<Entity>>,
      returning: boolean,
    ): string[] => {
      const first = values.length + 1;
      const inserts = jsonRowsInserts(this.dataSource, target, rows, (i) => `$${first + i}`, {
        returning,
      });
      return inserts.map((insert, i) => {
        next(insert.json);
        written.push(`${name}_${i} AS (${insert.sql})`);
        return `${name}_${i}`;
      });
    };
    const victimCtes = rowsOf('new_victims', Victim, parts.victims, true);
    const familyCtes = rowsOf('new_family', FamilyMember, parts.family, true);
    const linkCtes = [
      ...rowsOf('new_perpetrators', Perpetrator, parts.perpetrators, true),
      ...rowsOf('new_links', CasePerpetrator, parts.links, true),
    ];
    if (parts.audit.entries.length > 0) {
      const parameter = next(auditRowsJson(parts.audit.actor, parts.audit.entries));
      written.push(`new_audit AS (${auditInsertSql(parameter)} RETURNING id)`);
    }
    // PostgreSQL runs a WITH's writes when their rows are first read, the unread ones last. The
    // counter reads every other write's rows before it takes its row lock, so that the lock covers
    // only the case row, the reference checks and the commit: every create of the agency waits
    // for it.
    const writtenFirst = [
      ...victimCtes,
      ...familyCtes,
      ...linkCtes,
      ...(parts.audit.entries.length > 0 ? ['new_audit'] : []),
    ]
      .map((cte) => `(SELECT count(*) FROM ${cte}) >= 0`)
      .join(' AND ');
    written.push(
      `counter AS (
         INSERT INTO case_number_counters (prefix, year, last_value)
         SELECT $1::text, $2::int, 1 WHERE ${writtenFirst || 'TRUE'}
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_number_counters.last_value + 1
         RETURNING last_value)`,
      `new_case AS (
         INSERT INTO cases (${columns.join(', ')}, case_number)
         VALUES (${placeholders.join(', ')},
                 (SELECT $1 || '-' || $2 || '-'
                         || lpad(last_value::text, greatest(6, length(last_value::text)), '0')
                  FROM counter))
         RETURNING *)`,
    );
    // The case's queue columns are written here (victim count, origins; its creation is its last
    // activity): this tells the triggers on victims and audit_events, which would otherwise check
    // them at the end of this statement, inside the counter's locked window, to leave them. It
    // lasts for this statement's own transaction only (the pool runs it alone).
    written.push(`whole_case AS (SELECT set_config('jejak.whole_cases_written', 'on', true))`);
    const aggregate = (ctes: string[]) =>
      ctes.length === 0
        ? `'[]'::json`
        : `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${ctes
            .map((cte) => `SELECT * FROM ${cte}`)
            .join(' UNION ALL ')}) r)`;
    let rows: Array<{
      record: Record<string, unknown>;
      victims: Array<Record<string, unknown>>;
      family: Array<Record<string, unknown>>;
    }>;
    try {
      rows = await runPrepared(
        this.dataSource,
        statementFor(
          `WITH ${written.join(',\n')}
           SELECT row_to_json(new_case) AS record,
                  ${aggregate(victimCtes)} AS victims,
                  ${aggregate(familyCtes)} AS family
           FROM new_case, whole_case`,
        ),
        values,
      );
    } catch (error) {
      throw translateFamilyWriteError(error);
    }
    return {
      record: this.hydrateCase(rows[0].record),
      victims: rows[0].victims.map((row) => this.hydrateVictim(row)),
      family: rows[0].family.map((row) => this.hydrateFamilyMember(row)),
    };
  }

  findById(id: string, manager?: EntityManager): Promise<Case | null> {
    return (manager?.getRepository(Case) ?? this.cases).findOneBy({ id });
  }

  /** The id of the case with this number (numbers are stored with the prefix in capitals). */
  async findIdByNumber(caseNumber: string): Promise<string | null> {
    const found = await this.cases.findOne({ where: { caseNumber }, select: { id: true } });
    return found?.id ?? null;
  }

  /**
   * Reads the case and holds its row until the transaction ends. `for_no_key_update` is for a
   * transaction that may already have inserted rows referencing the case (their foreign-key
   * checks hold KEY SHARE locks, which FOR UPDATE would conflict with: two such transactions would
   * deadlock).
   */
  async lockForUpdate(
    id: string,
    manager: EntityManager,
    mode: 'pessimistic_write' | 'for_no_key_update' = 'pessimistic_write',
  ): Promise<Case | null> {
    return manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .setLock(mode)
      .where('c.id = :id', { id })
      .getOne();
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: QueryDeepPartialEntity<Case>,
    manager: EntityManager,
  ): Promise<Case> {
    const result = await updateIfVersionMatches(
      manager.getRepository(Case),
      id,
      expectedVersion,
      changes,
    );
    if (result.outcome === 'not_found') throw new CaseNotFoundError();
    if (result.outcome === 'stale') throw new VersionConflictError('case', result.currentVersion);
    return result.row;
  }

  /** The ids of the cases with these numbers (stored with the prefix in capitals), by number. */
  async findIdsByNumbers(caseNumbers: string[]): Promise<Map<string, string>> {
    if (caseNumbers.length === 0) return new Map();
    const rows = await this.cases.query<Array<{ id: string; case_number: string }>>(
      'SELECT id, case_number FROM cases WHERE case_number = ANY($1::text[])',
      [caseNumbers],
    );
    return new Map(rows.map((row) => [row.case_number, row.id]));
  }

  /** The CaseFacts of several cases in one read (a page of transfers, an assignment message). */
  async caseFacts(caseIds: string[]): Promise<Map<string, CaseFacts>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.cases.query<CaseFacts[]>(
      `SELECT id, case_number AS "caseNumber", owning_agency_id AS "owningAgencyId",
              assigned_caseworker_id AS "assignedCaseworkerId", status,
              priority, incident_type AS "incidentType", exploitation_types AS "exploitationTypes",
              exploitation_country AS "exploitationCountry", victim_count AS "victimCount",
              ARRAY(SELECT code FROM unnest(origin_region_codes) AS code
                    WHERE code ~ '^[0-9]{2}\\.[0-9]{2}$' ORDER BY code) AS "originRegencyCodes",
              to_char(reported_date, 'YYYY-MM-DD') AS "reportedDate"
       FROM cases WHERE id = ANY($1::uuid[])`,
      [caseIds],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Reads these cases and holds their rows until the transaction ends, locked in the order of
   * their ids: two bulk changes that share cases then wait for each other instead of each holding
   * a row the other needs (a deadlock). Missing ids are simply absent from the answer.
   */
  async lockManyInIdOrder(ids: string[], manager: EntityManager): Promise<Case[]> {
    if (ids.length === 0) return [];
    return manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * One change to several cases already locked by `lockManyInIdOrder`, in one statement: each
   * case's version is bumped, as any change to it does. Gives each case's new version.
   */
  async updateLocked(
    ids: string[],
    changes: { assignedCaseworkerId?: string | null; status?: string },
    manager: EntityManager,
  ): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const sets: string[] = [];
    const values: unknown[] = [ids];
    if (changes.assignedCaseworkerId !== undefined) {
      values.push(changes.assignedCaseworkerId);
      sets.push(`assigned_caseworker_id = $${values.length}::uuid`);
    }
    if (changes.status !== undefined) {
      values.push(changes.status);
      sets.push(`status = $${values.length}::text`);
    }
    const rows = await modifyReturning<{ id: string; version: number }>(
      manager,
      `UPDATE cases SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE id = ANY($1::uuid[])
       RETURNING id, version`,
      values,
    );
    return new Map(rows.map((row) => [row.id, row.version]));
  }

  /**
   * Most recently changed first, by keyset (updated_at, id), compared to the microsecond so that
   * an index per scope serves the order: (owning_agency_id | status | assigned_caseworker_id,
   * updated_at DESC, id DESC), or (updated_at DESC, id DESC) across agencies. Reads only what a
   * summary shows, without hydrating whole cases.
   */
  /**
   * A page of the caller's cases as the JSON of its items, written by PostgreSQL: the list is read
   * far more than anything else, and turning 51 rows into objects, dates and DTOs and back into
   * JSON took half of the service's CPU per page. Keys, order and formats are CaseSummaryDto's.
   */
  insertNote(
    note: { caseId: string; authorId: string; body: string },
    manager: EntityManager,
  ): Promise<CaseNote> {
    const repository = manager.getRepository(CaseNote);
    return repository.save(repository.create(note));
  }

  listNotes(caseId: string, limit: number, offset: number): Promise<CaseNote[]> {
    return this.notes.find({
      where: { caseId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** Every audited event of the case, in the order it happened, with who did it. */
  timeline(caseId: string, limit: number, afterId?: string): Promise<TimelineRow[]> {
    return this.cases.query<TimelineRow[]>(
      `SELECT e.id::text AS id, e.occurred_at, e.actor_id, u.full_name AS actor_name, e.action, e.entity_type,
              e.entity_id, e.changes, e.restricted_changes, n.body AS note_body
       FROM audit_events e
       LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN case_notes n ON e.entity_type = 'case_note' AND n.id = e.entity_id
       WHERE e.case_id = $1 AND ($2::bigint IS NULL OR e.id > $2::bigint)
       ORDER BY e.id
       LIMIT $3`,
      [caseId, afterId ?? null, limit],
    );
  }
}
