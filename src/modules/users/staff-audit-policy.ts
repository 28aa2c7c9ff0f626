import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope, type AuditScopeFor } from '../audit/audit-read-policies';
import { UserRole } from './user-role';

/**
 * Administration of staff and agencies, and sign-ins: admins read all of it, supervisors what
 * concerns their own agency (the agency an entry names, as it was when written). Refused sign-ins
 * to addresses with no account concern no agency: admins only.
 */
export const staffAuditScope: AuditScopeFor = (actor) => {
  if (actor.role === UserRole.Admin) return AuditScope.all;
  if (actor.role !== UserRole.Supervisor) return AuditScope.none;
  return AuditScope.where('e.agency_id = :staffAuditAgency', { staffAuditAgency: actor.agencyId });
};

@Injectable()
export class StaffAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['user'], staffAuditScope);
    // Every entry about an agency is keyed by it, including those written before entries named
    // their agency (reads and rotations of its webhook secret).
    this.policies.register(['agency'], (actor) => {
      if (actor.role === UserRole.Admin) return AuditScope.all;
      if (actor.role !== UserRole.Supervisor) return AuditScope.none;
      return AuditScope.where('e.entity_id = :agencyAuditAgency', {
        agencyAuditAgency: actor.agencyId,
      });
    });
    this.policies.register(['unknown_account'], (actor) =>
      actor.role === UserRole.Admin ? AuditScope.all : AuditScope.none,
    );
  }
}
