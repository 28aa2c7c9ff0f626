import { Module } from '@nestjs/common';
import { CaseExportRepository } from './case-export.repository';
import { ExportsService } from './exports.service';
import { ReportsAuditPolicy } from './reports-audit-policy';
import { CaseExportController, ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** The summary report and the CSV exports: read models over cases, victims and referrals. */
@Module({
  controllers: [ReportsController, CaseExportController],
  providers: [
    ReportsService,
    ReportsRepository,
    ExportsService,
    CaseExportRepository,
    ReportsAuditPolicy,
  ],
})
export class ReportsModule {}
