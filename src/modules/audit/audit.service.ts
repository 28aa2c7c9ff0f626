import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export const REDACTED = '[redacted]';

/**
 * How a field's values may appear in the audit log: as they are; only as "changed"; 'case_readers':
 * "[redacted]" in the log, and the values kept apart (`restrictedChanges`) for those who may read
 * the case itself (its own words, a title or a referral's reason, are theirs to see on its
 * timeline); or as the part of them an auditor needs (an address's domain, a URL's origin).
 */
export type FieldDisclosure = 'value' | 'redacted' | 'case_readers' | ((value: unknown) => unknown);

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
  /**
   * What `changes` shows as "[redacted]", by the same keys, for readers of the entry's case only.
   * The audit log's own reads never show it.
   */
  restrictedChanges?: Record<string, unknown> | null;
}

export interface DescribedChanges {
  changes: Record<string, unknown>;
  restrictedChanges: Record<string, unknown> | null;
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
    await manager.query(auditInsertSql('$1'), [auditRowsJson(actor, entries)]);
  }
}

/**
 * The INSERT of audit entries given as one JSON parameter (see auditRowsJson), for a statement
 * that writes them together with what they describe (a data-modifying WITH); `where` may keep
 * only the entries (`e`) of rows that statement did change.
 */
export function auditInsertSql(parameter: string, where = ''): string {
  return `INSERT INTO audit_events (actor_id, actor_role, request_id, action, entity_type, entity_id,
                                   case_id, agency_id, changes, restricted_changes)
          SELECT actor_id, actor_role, request_id, action, entity_type, entity_id, case_id,
                 agency_id, changes, restricted_changes
          FROM jsonb_to_recordset(${parameter}::jsonb) AS e (actor_id uuid, actor_role text,
               request_id text, action text, entity_type text, entity_id uuid, case_id uuid,
               agency_id uuid, changes jsonb, restricted_changes jsonb)
          ${where}`;
}

export function auditRowsJson(actor: AuthenticatedUser | null, entries: AuditEntry[]): string {
  return JSON.stringify(
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
      restricted_changes:
        entry.restrictedChanges && Object.keys(entry.restrictedChanges).length > 0
          ? entry.restrictedChanges
          : null,
    })),
  );
}

/**
 * The fields that changed between two versions of a record, `{ field: { from, to } }`. Fields
 * not marked 'value' (names, identifiers, free text) show only that they changed; the values of
 * 'case_readers' fields come back apart, as `restrictedChanges`.
 */
export function describeChangesFor(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  disclosure: Record<string, FieldDisclosure>,
): { changes: Record<string, { from: unknown; to: unknown }> } & DescribedChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const restricted: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, mode] of Object.entries(disclosure)) {
    const from = before ? (before[field] ?? null) : null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (mode === 'value') {
      changes[field] = { from, to };
      continue;
    }
    if (typeof mode === 'function') {
      changes[field] = {
        from: from === null ? null : mode(from),
        to: to === null ? null : mode(to),
      };
      continue;
    }
    changes[field] = { from: from === null ? null : REDACTED, to: to === null ? null : REDACTED };
    if (mode === 'case_readers') restricted[field] = { from, to };
  }
  return {
    changes,
    restrictedChanges: Object.keys(restricted).length > 0 ? restricted : null,
  };
}

/** `describeChangesFor` without the restricted values, for entries that keep none. */
export function describeChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  disclosure: Record<string, FieldDisclosure>,
): Record<string, { from: unknown; to: unknown }> {
  return describeChangesFor(before, after, disclosure).changes;
}

/**
 * An entry's changes as a reader of its case sees them: the restricted values in place of their
 * "[redacted]". Only for callers that have checked the reader may read the case's content.
 */
export function revealRestricted(
  changes: Record<string, unknown> | null,
  restricted: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!restricted) return changes;
  return { ...(changes ?? {}), ...restricted };
}
