import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import {
  LinkSamePersonDto,
  SearchVictimsQueryDto,
  UpdateVictimDto,
  VICTIM_SEARCH_LIMIT,
} from './dto/update-victim.dto';
import { VictimIdentityResponseDto, VictimResponseDto } from './dto/victim-response.dto';
import { VictimsService } from './victims.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { firstMatches, type ListPage } from '../../common/http/pagination.dto';

@ApiTags('victims')
@ApiBearerAuth()
@Controller('victims')
export class VictimsController {
  constructor(private readonly victims: VictimsService) {}

  /** Victims with exactly this NIK or phone, in the cases you may see (a person met before). */
  @ApiRoute('searchVictims', { errors: [403], list: VictimResponseDto })
  @Get()
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SearchVictimsQueryDto,
  ): Promise<ListPage<VictimResponseDto>> {
    return this.victims
      .search(actor, query)
      .then((items) => firstMatches(items, VICTIM_SEARCH_LIMIT));
  }

  /** A victim with identifiers masked (viewers: none at all) and the family members. */
  @ApiRoute('getVictim')
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<VictimResponseDto> {
    return this.victims.get(actor, id);
  }

  /** The full NIK, passport, phone and street address, for the case's own staff; every read is audited. */
  @ApiRoute('getVictimIdentity', { errors: [403] })
  @Get(':id/identity')
  identity(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<VictimIdentityResponseDto> {
    return this.victims.identity(actor, id);
  }

  /** Send the `version` you read: a stale one gets 409. Identifiers left out stay as they are. */
  @ApiRoute('updateVictim', { errors: [403, 409] })
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateVictimDto,
  ): Promise<VictimResponseDto> {
    return this.victims.update(actor, id, dto);
  }

  /** Marks this victim as the same person as a victim of another case. */
  @ApiRoute('linkSamePerson', { errors: [403, 404] })
  @Post(':id/same-person')
  linkSamePerson(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: LinkSamePersonDto,
  ): Promise<VictimResponseDto> {
    return this.victims.linkSamePerson(actor, id, dto.otherVictimId);
  }
}
