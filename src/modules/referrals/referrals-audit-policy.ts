import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';

/**
 * Referral entries belong to the referring case and are read as it is. Reminder policies and
 * holidays are shared settings with no personal data: every reader of the audit log sees them.
 */
@Injectable()
export class ReferralsAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['referral'], (actor) =>
      actor.role === UserRole.Admin ? AuditScope.all : AuditScope.none,
    );
    this.policies.register(['sla_policy', 'holiday'], () => AuditScope.all);
  }
}
