import { Module } from '@nestjs/common';
import { PersonSearchController } from './person-search.controller';
import { PersonSearchRepository } from './person-search.repository';
import { PersonSearchService } from './person-search.service';
import { SearchAuditPolicy } from './search-audit-policy';

/** Person search: a read model over victims, family members and the perpetrators register. */
@Module({
  controllers: [PersonSearchController],
  providers: [PersonSearchService, PersonSearchRepository, SearchAuditPolicy],
})
export class SearchModule {}
