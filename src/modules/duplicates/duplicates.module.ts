import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DuplicateChecks } from './duplicate-checks';
import { DuplicateFlagsController } from './duplicate-flags.controller';
import { DuplicateFlagsRepository } from './duplicate-flags.repository';
import { DuplicateFlagsService } from './duplicate-flags.service';
import { DuplicatesAuditPolicy } from './duplicates-audit-policy';

/** Possible duplicates of victims: found after each write, decided by the staff of either side. */
@Module({
  imports: [CasesModule],
  controllers: [DuplicateFlagsController],
  providers: [
    DuplicateChecks,
    DuplicateFlagsRepository,
    DuplicateFlagsService,
    DuplicatesAuditPolicy,
  ],
})
export class DuplicatesModule {}
