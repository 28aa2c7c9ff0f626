import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { AgenciesService } from './agencies.service';
import { AgencyListResponseDto, AgencyResponseDto } from './dto/agency-response.dto';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { ListAgenciesQueryDto } from './dto/list-agencies-query.dto';
import { UpdateAgencyDto } from './dto/update-agency.dto';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { CREATE_AGENCY_EXAMPLES } from './dto/agency.examples';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  /** The agency directory; every signed-in user may read it. */
  @ApiRoute('listAgencies', { list: AgencyResponseDto })
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListAgenciesQueryDto,
  ): Promise<AgencyListResponseDto> {
    return this.agencies.list(actor, query);
  }

  @ApiRoute('getAgency')
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<AgencyResponseDto> {
    return this.agencies.get(actor, id);
  }

  /** Admins only. */
  @ApiRoute('createAgency', { errors: [403, 409], examples: CREATE_AGENCY_EXAMPLES })
  @Post()
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateAgencyDto,
  ): Promise<AgencyResponseDto> {
    return this.agencies.create(actor, dto);
  }

  /** Admins only. Send the `version` you read: a stale one gets 409. */
  @ApiRoute('updateAgency', { errors: [403, 409] })
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateAgencyDto,
  ): Promise<AgencyResponseDto> {
    return this.agencies.update(actor, id, dto);
  }

  /** Admins only. Agencies with users or records cannot be deleted (409): set `active: false` instead. */
  @ApiRoute('deleteAgency', { errors: [403, 409] })
  @Delete(':id')
  @HttpCode(204)
  delete(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    return this.agencies.delete(actor, id);
  }
}
