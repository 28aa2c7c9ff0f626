import { millisecondsOf } from '../../common/http/keyset-cursor';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VersionConflictError } from '../../common/errors/app-error';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { CaseNote } from './case-note.entity';
import { Case } from './case.entity';
import { CaseStatus } from './case.enums';
import { CaseNotFoundError } from './cases.errors';

export interface CasePageQuery {
  /** undefined: every agency. */
  agencyIds?: string[];
  status?: CaseStatus;
  assignedCaseworkerId?: string;
  limit: number;
  /** Cases last changed before this one, most recent first. */
  after?: { at: Date; id: string };
}

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
  constructor(
    @InjectRepository(Case) private readonly cases: Repository<Case>,
    @InjectRepository(CaseNote) private readonly notes: Repository<CaseNote>,
  ) {}

  /**
   * The next number in a prefix's yearly sequence. One row per prefix and year, incremented in
   * place: concurrent transactions queue on the row, so no two cases get the same number.
   */
  async allocateCaseNumber(prefix: string, year: number, manager: EntityManager): Promise<string> {
    const rows = await manager.query<Array<{ last_value: number }>>(
      `INSERT INTO case_number_counters (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_number_counters.last_value + 1
       RETURNING last_value`,
      [prefix, year],
    );
    return `${prefix}-${year}-${String(rows[0].last_value).padStart(6, '0')}`;
  }

  insert(fields: QueryDeepPartialEntity<Case>, manager: EntityManager): Promise<Case> {
    const repository = manager.getRepository(Case);
    return repository.save(repository.create(fields as Case));
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

  /**
   * Most recently changed first, by keyset (updated_at, id). Timestamps are compared at the
   * millisecond the cursor can carry, so no case is skipped or repeated between pages.
   */
  async page(query: CasePageQuery): Promise<Case[]> {
    const builder = this.cases
      .createQueryBuilder('c')
      .orderBy(millisecondsOf('c.updated_at'), 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(query.limit);
    if (query.agencyIds)
      builder.andWhere('c.owning_agency_id = ANY(:agencyIds)', { agencyIds: query.agencyIds });
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.assignedCaseworkerId)
      builder.andWhere('c.assigned_caseworker_id = :worker', {
        worker: query.assignedCaseworkerId,
      });
    if (query.after) {
      builder.andWhere(`(${millisecondsOf('c.updated_at')}, c.id) < (:at, :id)`, query.after);
    }
    return builder.getMany();
  }

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
