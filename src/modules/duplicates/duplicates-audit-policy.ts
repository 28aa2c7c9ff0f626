import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditReadPolicies } from '../audit/audit-read-policies';
import { adminsOnly } from '../cases/case-records-audit-policy';
import { DUPLICATE_FLAG_AUDIT_TYPE } from './duplicate-checks';

/** Every entry about a flag belongs to the case of the victim it was written for. */
@Injectable()
export class DuplicatesAuditPolicy implements OnModuleInit {
  constructor(private readonly policies: AuditReadPolicies) {}

  onModuleInit(): void {
    this.policies.register([DUPLICATE_FLAG_AUDIT_TYPE], adminsOnly);
  }
}
