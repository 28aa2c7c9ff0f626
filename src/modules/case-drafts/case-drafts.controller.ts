import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { CaseDraftsService } from './case-drafts.service';
import { CaseDraftDto, CaseDraftSummaryDto, SaveCaseDraftDto } from './dto/case-draft.dto';

/**
 * Your own intake drafts (caseworkers, supervisors and admins), kept 30 days after the last save.
 * Another user's draft answers 404.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('case-drafts')
export class CaseDraftsController {
  constructor(private readonly drafts: CaseDraftsService) {}

  /** Your drafts, last saved first, without their content. */
  @ApiRoute('listCaseDrafts', { errors: [403], list: CaseDraftSummaryDto })
  @Get()
  async list(@CurrentUser() actor: AuthenticatedUser): Promise<ListPage<CaseDraftSummaryDto>> {
    return wholeList(await this.drafts.list(actor));
  }

  @ApiRoute('getCaseDraft', { errors: [403] })
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<CaseDraftDto> {
    return this.drafts.get(actor, id);
  }

  /**
   * Saves the draft under an id the app chooses (a UUID): creates it, or replaces its content.
   * At most 20 drafts each (409 `CASE_DRAFT.TOO_MANY`).
   */
  @ApiRoute('saveCaseDraft', { errors: [403, 409] })
  @Put(':id')
  save(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: SaveCaseDraftDto,
  ): Promise<CaseDraftDto> {
    return this.drafts.save(actor, id, dto);
  }

  /** Deletes the draft: the app does so once its case is created. */
  @ApiRoute('deleteCaseDraft', { errors: [403] })
  @Delete(':id')
  @HttpCode(204)
  delete(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    return this.drafts.delete(actor, id);
  }
}
