import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';
import { EXPORT_ENTITY_TYPE } from './exports.service';

/** Exports are read by admins, and by supervisors for their own agency's staff. */
@Injectable()
export class ReportsAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register([EXPORT_ENTITY_TYPE], (actor) => {
      if (actor.role === UserRole.Admin) return AuditScope.all;
      if (actor.role !== UserRole.Supervisor) return AuditScope.none;
      return AuditScope.where('e.agency_id = :reportsAuditAgency', {
        reportsAuditAgency: actor.agencyId,
      });
    });
  }
}
