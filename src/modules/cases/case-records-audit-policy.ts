import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { CaseAccess } from './case-access';

/** The entity types the case records audit. */
export const CASE_RECORD_AUDIT_TYPES = [
  'case',
  'case_note',
  'victim',
  'family_member',
  'perpetrator',
] as const;

/**
 * Tells the audit log who reads entries that belong to a case (those who may read the case,
 * decided in SQL so a page of entries is never cut short), and which record kinds are ours.
 */
@Injectable()
export class CaseRecordsAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.registerCaseScope((actor) => {
      const agencies = CaseAccess.listableAgencies(actor);
      if (agencies === undefined) return AuditScope.all;
      if (agencies.length === 0) return AuditScope.none;
      return AuditScope.where(
        'e.case_id IN (SELECT c.id FROM cases c WHERE c.owning_agency_id = ANY(:casesAuditAgencies))',
        { casesAuditAgencies: agencies },
      );
    });
    this.policies.register(CASE_RECORD_AUDIT_TYPES, adminsOnly);
  }
}

/** Entries about a case record but no case (written before every entry carried its case). */
export function adminsOnly(actor: AuthenticatedUser) {
  return actor.role === UserRole.Admin ? AuditScope.all : AuditScope.none;
}
