import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';
import { PERSON_SEARCH_AUDIT_TYPE } from './person-search.service';

/**
 * Searches by identity belong to no case: admins read them all, supervisors those made by staff
 * of their agency (the agency the entry names).
 */
@Injectable()
export class SearchAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register([PERSON_SEARCH_AUDIT_TYPE], (actor) => {
      if (actor.role === UserRole.Admin) return AuditScope.all;
      if (actor.role !== UserRole.Supervisor) return AuditScope.none;
      return AuditScope.where('e.agency_id = :searchAuditAgency', {
        searchAuditAgency: actor.agencyId,
      });
    });
  }
}
