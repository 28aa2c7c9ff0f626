import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { SaveFilterDto, SavedFilterDto } from './dto/saved-filter.dto';
import { SavedFiltersService } from './saved-filters.service';

/** Your own named filters of the case queue. Another user's answers 404. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('saved-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  /** Your saved filters, by name. */
  @ApiRoute('listSavedFilters', { errors: [403], list: SavedFilterDto })
  @Get()
  async list(@CurrentUser() actor: AuthenticatedUser): Promise<ListPage<SavedFilterDto>> {
    return wholeList(await this.filters.list(actor));
  }

  /**
   * Saves the case list's filters under a name: unique among yours (409
   * `SAVED_FILTER.NAME_TAKEN`), at most 50 each (409 `SAVED_FILTER.TOO_MANY`).
   */
  @ApiRoute('saveFilter', { errors: [403, 409] })
  @Post()
  save(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: SaveFilterDto,
  ): Promise<SavedFilterDto> {
    return this.filters.save(actor, dto);
  }

  @ApiRoute('deleteSavedFilter', { errors: [403] })
  @Delete(':id')
  @HttpCode(204)
  delete(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    return this.filters.delete(actor, id);
  }
}
