import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';

/** Task entries belong to their case and are read as it is. */
@Injectable()
export class TasksAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['task'], (actor) =>
      actor.role === UserRole.Admin ? AuditScope.all : AuditScope.none,
    );
  }
}
