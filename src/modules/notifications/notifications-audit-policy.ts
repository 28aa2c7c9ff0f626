import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';

/**
 * A message about a case is read as its case is. One about no case (a digest, an agency's own
 * message) is read by admins, and by supervisors of the agency it was addressed to.
 */
@Injectable()
export class NotificationsAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['notification'], (actor) => {
      if (actor.role === UserRole.Admin) return AuditScope.all;
      if (actor.role !== UserRole.Supervisor) return AuditScope.none;
      return AuditScope.where(
        `e.entity_id IN (SELECT n.id FROM notifications n
                         WHERE n.recipient_agency_id = :notificationsAuditAgency)`,
        { notificationsAuditAgency: actor.agencyId },
      );
    });
  }
}
