import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export const REDACTED = '[redacted]';

/** How a field's values may appear in the audit log. */
export type FieldDisclosure = 'value' | 'redacted';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  changes?: Record<string, unknown> | null;
}

/**
 * Writes audit entries inside the caller's transaction, so an entry exists exactly when the
 * change it describes was committed.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For a read that changes nothing: the entry is its own transaction. */
  async recordRead(actor: AuthenticatedUser, entry: AuditEntry): Promise<void> {
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
                                 case_id, changes)
       SELECT actor_id, actor_role, request_id, action, entity_type, entity_id, case_id, changes
       FROM jsonb_to_recordset($1::jsonb) AS e (actor_id uuid, actor_role text, request_id text,
            action text, entity_type text, entity_id uuid, case_id uuid, changes jsonb)`,
      [
        JSON.stringify(
          entries.map((entry) => ({
            actor_id: actor?.id ?? null,
            actor_role: actor?.role ?? null,
            request_id: actor?.requestId || null,
            action: entry.action,
            entity_type: entry.entityType,
            entity_id: entry.entityId,
            case_id: entry.caseId ?? null,
            changes: entry.changes ?? null,
          })),
        ),
      ],
    );
  }
}

/**
 * The fields that changed between two versions of a record, `{ field: { from, to } }`. Fields
 * not marked 'value' (names, identifiers, free text) show only that they changed.
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
    changes[field] =
      mode === 'value'
        ? { from, to }
        : { from: from === null ? null : REDACTED, to: to === null ? null : REDACTED };
  }
  return changes;
}
