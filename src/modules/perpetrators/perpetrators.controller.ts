import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { LinkedPerpetratorDto } from '../cases/dto/case-response.dto';
import { CasePerpetratorLinkDto } from './dto/perpetrator-input.dto';
import {
  PERPETRATOR_SEARCH_LIMIT,
  PerpetratorResponseDto,
  SearchPerpetratorsQueryDto,
  UpdatePerpetratorDto,
} from './dto/perpetrator-response.dto';
import { PerpetratorsService } from './perpetrators.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { firstMatches, type ListPage, wholeList } from '../../common/http/pagination.dto';

/** One register of suspected recruiters and traffickers across cases. */
@ApiTags('perpetrators')
@ApiBearerAuth()
@Controller()
export class PerpetratorsController {
  constructor(private readonly perpetrators: PerpetratorsService) {}

  @ApiRoute('listCasePerpetrators', { list: LinkedPerpetratorDto })
  @Get('cases/:id/perpetrators')
  listForCase(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<LinkedPerpetratorDto>> {
    return this.perpetrators.listForCase(actor, id).then(wholeList);
  }

  /** Links a perpetrator from the register (perpetratorId) or a new one (perpetrator) to the case. */
  @ApiRoute('linkPerpetrator', { errors: [403, 404, 409] })
  @Post('cases/:id/perpetrators')
  link(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CasePerpetratorLinkDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.linkToCase(actor, id, dto);
  }

  /** Finds perpetrators by exact phone number or part of a name, among those the caller may see. */
  @ApiRoute('searchPerpetrators', { errors: [403], list: PerpetratorResponseDto })
  @Get('perpetrators')
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SearchPerpetratorsQueryDto,
  ): Promise<ListPage<PerpetratorResponseDto>> {
    return this.perpetrators
      .search(actor, query)
      .then((items) => firstMatches(items, PERPETRATOR_SEARCH_LIMIT));
  }

  /** The perpetrator and every linked case the caller may see. */
  @ApiRoute('getPerpetrator')
  @Get('perpetrators/:id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.get(actor, id);
  }

  @ApiRoute('updatePerpetrator', { errors: [403, 409] })
  @Patch('perpetrators/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdatePerpetratorDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.update(actor, id, dto);
  }
}
