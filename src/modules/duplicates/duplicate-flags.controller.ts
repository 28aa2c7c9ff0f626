import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { wholeList, type ListPage } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { FlagStatus } from './duplicate-flag.enums';
import { DuplicateFlagsService } from './duplicate-flags.service';
import { DecideDuplicateFlagDto, DuplicateFlagDto } from './dto/duplicate-flag.dto';

@ApiTags('victims')
@ApiBearerAuth()
@Controller()
export class DuplicateFlagsController {
  constructor(private readonly flags: DuplicateFlagsService) {}

  /**
   * Possible duplicates of this victim (same NIK; or a similar name with the same birth year and
   * regency of origin), found after each create and edit, open ones first. A match at another
   * agency shows only that agency and its case number. Not for viewers.
   */
  @ApiRoute('listVictimDuplicates', { errors: [403], list: DuplicateFlagDto })
  @Get('victims/:id/duplicates')
  async list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<DuplicateFlagDto>> {
    return wholeList(await this.flags.listForVictim(actor, id));
  }

  /** The same person: your agency's victim takes the other record's personId. Audited. */
  @ApiRoute('linkDuplicateFlag', { errors: [403, 409] })
  @Post('duplicate-flags/:id/link')
  @HttpCode(200)
  link(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecideDuplicateFlagDto,
  ): Promise<DuplicateFlagDto> {
    return this.flags.decide(actor, id, FlagStatus.Linked, dto);
  }

  /** Not the same person; the decision is kept, and a later check does not reopen it. Audited. */
  @ApiRoute('dismissDuplicateFlag', { errors: [403, 409] })
  @Post('duplicate-flags/:id/dismiss')
  @HttpCode(200)
  dismiss(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecideDuplicateFlagDto,
  ): Promise<DuplicateFlagDto> {
    return this.flags.decide(actor, id, FlagStatus.Dismissed, dto);
  }
}
