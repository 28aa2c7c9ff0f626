import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditReadPolicies } from './audit-read-policies';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, AuditReadPolicies],
  exports: [AuditService, AuditReadPolicies],
})
export class AuditModule {}
