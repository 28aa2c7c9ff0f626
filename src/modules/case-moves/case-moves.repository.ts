import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  exactTimeOf,
  type KeysetPosition,
  keysetRows,
  type KeysetRows,
} from '../../common/http/keyset-cursor';
import { modifyReturning } from '../../database/modifying-query';
import {
  constraintOf,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
} from '../../database/postgres-errors';
import { TransferAlreadyOpenError } from './case-moves.errors';
import { type CaseTransfer, TransferStatus } from './case-transfer';

interface TransferRow {
  id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  status: TransferStatus;
  reason: string;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  response_reason: string | null;
  version: number;
}

const toTransfer = (row: TransferRow): CaseTransfer => ({
  id: row.id,
  caseId: row.case_id,
  fromAgencyId: row.from_agency_id,
  toAgencyId: row.to_agency_id,
  status: row.status,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: row.requested_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  responseReason: row.response_reason,
  version: row.version,
});

export interface TransferPageQuery {
  /** The side of the transfer the agency is on. */
  side: 'to_agency_id' | 'from_agency_id';
  agencyId: string;
  status?: TransferStatus;
  caseId?: string;
  limit: number;
  after?: KeysetPosition;
}

/**
 * The tables of cases that move: `case_transfers` and `case_assignment_notices` (what one bulk
 * assignment gave one person, for the message that tells them).
 */
@Injectable()
export class CaseMovesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertAssignmentNotice(
    manager: EntityManager,
    notice: { assigneeId: string; assignedBy: string; caseIds: string[] },
  ): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO case_assignment_notices (assignee_id, assigned_by, case_ids)
       VALUES ($1, $2, $3::uuid[]) RETURNING id`,
      [notice.assigneeId, notice.assignedBy, notice.caseIds],
    );
    return row.id;
  }

  async findAssignmentNotice(
    id: string,
  ): Promise<{ assigneeId: string; caseIds: string[] } | null> {
    const [row] = await this.dataSource.query<Array<{ assignee_id: string; case_ids: string[] }>>(
      'SELECT assignee_id, case_ids FROM case_assignment_notices WHERE id = $1',
      [id],
    );
    return row ? { assigneeId: row.assignee_id, caseIds: row.case_ids } : null;
  }

  /** A new open transfer; a case that already has one is a 409 (the partial unique index). */
  async insertTransfer(
    manager: EntityManager,
    transfer: {
      caseId: string;
      fromAgencyId: string;
      toAgencyId: string;
      reason: string;
      requestedBy: string;
    },
  ): Promise<CaseTransfer> {
    try {
      const [row] = await manager.query<TransferRow[]>(
        `INSERT INTO case_transfers (case_id, from_agency_id, to_agency_id, reason, requested_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [
          transfer.caseId,
          transfer.fromAgencyId,
          transfer.toAgencyId,
          transfer.reason,
          transfer.requestedBy,
        ],
      );
      return toTransfer(row);
    } catch (error) {
      if (
        postgresErrorCode(error) === PG_UNIQUE_VIOLATION &&
        constraintOf(error) === 'case_transfers_open_idx'
      )
        throw new TransferAlreadyOpenError();
      throw error;
    }
  }

  async findTransfer(id: string, manager?: EntityManager): Promise<CaseTransfer | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<TransferRow[]>(
      'SELECT * FROM case_transfers WHERE id = $1',
      [id],
    );
    return row ? toTransfer(row) : null;
  }

  async lockTransfer(manager: EntityManager, id: string): Promise<CaseTransfer | null> {
    const [row] = await manager.query<TransferRow[]>(
      'SELECT * FROM case_transfers WHERE id = $1 FOR UPDATE',
      [id],
    );
    return row ? toTransfer(row) : null;
  }

  async decideTransfer(
    manager: EntityManager,
    id: string,
    decision: { status: TransferStatus; decidedBy: string; responseReason: string | null },
  ): Promise<CaseTransfer> {
    const rows = await modifyReturning<TransferRow>(
      manager,
      `UPDATE case_transfers
       SET status = $2, decided_by = $3, decided_at = now(), response_reason = $4,
           version = version + 1
       WHERE id = $1 AND status = 'requested'
       RETURNING *`,
      [id, decision.status, decision.decidedBy, decision.responseReason],
    );
    return toTransfer(rows[0]);
  }

  /**
   * Newest first, by keyset (requested_at, id) compared to the microsecond: one agency's side is
   * an equality on its index (case_transfers_incoming_idx / _outgoing_idx, or the partial index of
   * open incoming transfers), so a page costs the same however many transfers the agency has.
   * One case's transfers are few: case_transfers_case_idx finds them.
   */
  async page(query: TransferPageQuery): Promise<KeysetRows<CaseTransfer>> {
    const values: unknown[] = [query.agencyId];
    const where = [`t.${query.side} = $1::uuid`];
    if (query.status) {
      values.push(query.status);
      where.push(`t.status = $${values.length}::text`);
    }
    if (query.caseId) {
      values.push(query.caseId);
      where.push(`t.case_id = $${values.length}::uuid`);
    }
    if (query.after) {
      values.push(query.after.at, query.after.id);
      where.push(
        `(t.requested_at, t.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`,
      );
    }
    values.push(query.limit + 1);
    const rows = await this.dataSource.query<Array<TransferRow & { keyset_at: string }>>(
      `SELECT t.*, ${exactTimeOf('t.requested_at')} AS keyset_at
       FROM case_transfers t
       WHERE ${where.join(' AND ')}
       ORDER BY t.requested_at DESC, t.id DESC
       LIMIT $${values.length}::int`,
      values,
    );
    return keysetRows(rows, query.limit, toTransfer, (row) => ({ at: row.keyset_at, id: row.id }));
  }

  /** Open transfers offered to an agency, counted up to `limit` + 1 (the queue's side bar). */
  async countOpenIncoming(agencyId: string, limit: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM case_transfers
         WHERE to_agency_id = $1 AND status = 'requested' LIMIT $2::int) q`,
      [agencyId, limit + 1],
    );
    return row.n;
  }
}
