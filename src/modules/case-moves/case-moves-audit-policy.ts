import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';

/**
 * A transfer's entries without a case (one per agency, see CaseTransfersService) are read by
 * that agency's supervisors, whoever owns the case now; admins read all.
 */
@Injectable()
export class CaseMovesAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['case_transfer'], (actor: AuthenticatedUser) => {
      if (actor.role === UserRole.Admin) return AuditScope.all;
      if (actor.role !== UserRole.Supervisor) return AuditScope.none;
      return AuditScope.where('e.agency_id = :caseMovesAgency', {
        caseMovesAgency: actor.agencyId,
      });
    });
  }
}
