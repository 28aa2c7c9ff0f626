import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { firstMatches, type ListPage } from '../../common/http/pagination.dto';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { PersonSearchQueryDto, PersonSearchResultDto } from './dto/person-search.dto';
import { PersonSearchService } from './person-search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class PersonSearchController {
  constructor(private readonly search: PersonSearchService) {}

  /**
   * Victims, family members and recruiters you may see, by name (tolerant of honorifics, word
   * order, old spellings and initials) or by exact NIK or phone (not for viewers and liaisons;
   * audited). The best `limit` matches, best first, with no further pages.
   */
  @ApiRoute('searchPeople', { errors: [403], list: PersonSearchResultDto })
  @Get('people')
  async people(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: PersonSearchQueryDto,
  ): Promise<ListPage<PersonSearchResultDto>> {
    return firstMatches(await this.search.search(actor, query), query.limit);
  }
}
