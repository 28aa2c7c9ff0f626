import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/**
 * Which audit entries one reader may see: all, none, or the entries matching an SQL condition on
 * `e` (the audit_events row). Parameter names must be unique to the module that writes the
 * condition (prefix them with its name), since conditions of several modules meet in one query.
 */
export type AuditReadScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'where'; sql: string; params: Record<string, unknown> };

export const AuditScope = {
  all: { kind: 'all' } as AuditReadScope,
  none: { kind: 'none' } as AuditReadScope,
  where: (sql: string, params: Record<string, unknown>): AuditReadScope => ({
    kind: 'where',
    sql,
    params,
  }),
};

export type AuditScopeFor = (actor: AuthenticatedUser) => AuditReadScope;

/**
 * What each feature says about reading its audit entries. The audit log knows no feature's tables:
 * the case records register who may read entries that belong to a case, and every module that
 * writes entries registers its entity types with the scope of those that belong to no case.
 */
@Injectable()
export class AuditReadPolicies {
  private caseScope?: AuditScopeFor;
  private readonly withoutCase = new Map<string, AuditScopeFor>();

  /** Entries with a case_id are read as that case is read, whatever they are about. */
  registerCaseScope(scope: AuditScopeFor): void {
    if (this.caseScope) throw new Error('The audit log already has a case scope');
    this.caseScope = scope;
  }

  /** Entity types a module audits, and who may read their entries that belong to no case. */
  register(entityTypes: readonly string[], scopeWithoutCase: AuditScopeFor): void {
    for (const type of entityTypes) {
      if (this.withoutCase.has(type))
        throw new Error(`Audited entity type ${type} registered twice`);
      this.withoutCase.set(type, scopeWithoutCase);
    }
  }

  entityTypes(): string[] {
    return [...this.withoutCase.keys()].sort();
  }

  knows(entityType: string): boolean {
    return this.withoutCase.has(entityType);
  }

  /** One SQL condition on `e` selecting the entries of this type the reader may see. */
  conditionFor(
    actor: AuthenticatedUser,
    entityType: string,
  ): { sql: string; params: Record<string, unknown> } {
    const withoutCase = this.withoutCase.get(entityType);
    if (!withoutCase || !this.caseScope) return { sql: 'FALSE', params: {} };
    const inCase = asCondition(this.caseScope(actor));
    const noCase = asCondition(withoutCase(actor));
    return {
      sql: `((e.case_id IS NOT NULL AND ${inCase.sql}) OR (e.case_id IS NULL AND ${noCase.sql}))`,
      params: { ...inCase.params, ...noCase.params },
    };
  }
}

function asCondition(scope: AuditReadScope): { sql: string; params: Record<string, unknown> } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: {} };
    case 'none':
      return { sql: 'FALSE', params: {} };
    case 'where':
      return { sql: `(${scope.sql})`, params: scope.params };
  }
}
