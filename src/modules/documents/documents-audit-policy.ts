import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies, AuditScope } from '../audit/audit-read-policies';
import { UserRole } from '../users/user-role';

/** Document entries (uploads, downloads) belong to their case and are read as it is. */
@Injectable()
export class DocumentsAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register(['document'], (actor) =>
      actor.role === UserRole.Admin ? AuditScope.all : AuditScope.none,
    );
  }
}
