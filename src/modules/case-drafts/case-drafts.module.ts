import { Module } from '@nestjs/common';
import { CaseDraftsController } from './case-drafts.controller';
import { CaseDraftsRepository } from './case-drafts.repository';
import { CaseDraftsService } from './case-drafts.service';

/** Intake forms kept while being filled in, encrypted, for their writer alone. */
@Module({
  controllers: [CaseDraftsController],
  providers: [CaseDraftsRepository, CaseDraftsService],
})
export class CaseDraftsModule {}
