import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export const REDACTED = '[redacted]';

/**
 * How a field's values may appear in the audit log: as they are, only as "changed", or as the
 * part of them an auditor needs (an address's domain, a URL's origin).
 */
export type FieldDisclosure = 'value' | 'redacted' | ((value: unknown) => unknown);

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  /** For entries about no case (staff, agencies): whose supervisors may read them. */
  agencyId?: string | null;
  /** The request, when nobody is signed in to carry it (a sign-in). */
  requestId?: string | null;
  changes?: Record<string, unknown> | null;
}

/**
 * Writes audit entries inside the caller's transaction, so an entry exists exactly when the
 * change it describes was committed.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For a read or an attempt that changes nothing: the entry is its own transaction. */
  async recordRead(actor: AuthenticatedUser | null, entry: AuditEntry): Promise<void> {
    await this.recordMany(this.dataSource.manager, actor, [entry]);
  }

  async record(
    manager: EntityManager,
    actor: AuthenticatedUser | null,
    entry: AuditEntry,
  ): Promise<void> {
    await this.recordMany(manager, actor, [entry]);
  }

  async recordMany(
    manager: EntityManager,
    actor: AuthenticatedUser | null,
    entries: AuditEntry[],
  ): Promise<void> {
    if (entries.length === 0) return;
    // One plain statement for any number of entries: the delivery of every notification writes
    // one, so the ORM's per-row insert machinery is worth avoiding here.
    await manager.query(
      `INSERT INTO audit_events (actor_id, actor_role, request_id, action, entity_type, entity_id,
                                 case_id, agency_id, changes)
       SELECT actor_id, actor_role, request_id, action, entity_type, entity_id, case_id, agency_id,
              changes
       FROM jsonb_to_recordset($1::jsonb) AS e (actor_id uuid, actor_role text, request_id text,
            action text, entity_type text, entity_id uuid, case_id uuid, agency_id uuid,
            changes jsonb)`,
      [
        JSON.stringify(
          entries.map((entry) => ({
            actor_id: actor?.id ?? null,
            actor_role: actor?.role ?? null,
            request_id: actor?.requestId || entry.requestId || null,
            action: entry.action,
            entity_type: entry.entityType,
            entity_id: entry.entityId,
            case_id: entry.caseId ?? null,
            agency_id: entry.agencyId ?? null,
            changes: entry.changes ?? null,
          })),
        ),
      ],
    );
  }
}

/**
 * The fields that changed between two versions of a record, `{ field: { from, to } }`. Fields
 * marked 'redacted' (names, identifiers, free text) show only that they changed.
 */
export function describeChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  disclosure: Record<string, FieldDisclosure>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, mode] of Object.entries(disclosure)) {
    const from = before ? (before[field] ?? null) : null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (mode === 'value') changes[field] = { from, to };
    else if (mode === 'redacted')
      changes[field] = { from: from === null ? null : REDACTED, to: to === null ? null : REDACTED };
    else
      changes[field] = {
        from: from === null ? null : mode(from),
        to: to === null ? null : mode(to),
      };
  }
  return changes;
}
