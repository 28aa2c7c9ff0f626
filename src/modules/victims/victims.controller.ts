import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { LinkSamePersonDto, SearchVictimsQueryDto, UpdateVictimDto } from './dto/update-victim.dto';
import { VictimIdentityResponseDto, VictimResponseDto } from './dto/victim-response.dto';
import { VictimsService } from './victims.service';

@ApiTags('victims')
@ApiBearerAuth()
@Controller('victims')
export class VictimsController {
  constructor(private readonly victims: VictimsService) {}

  /** Victims with exactly this NIK or phone, in the cases you may see (a person met before). */
  @Get()
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SearchVictimsQueryDto,
  ): Promise<VictimResponseDto[]> {
    return this.victims.search(actor, query);
  }

  /** A victim with identifiers masked (viewers: none at all) and the family members. */
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<VictimResponseDto> {
    return this.victims.get(actor, id);
  }

  /** The full NIK, passport, phone and street address, for the case's own staff; every read is audited. */
  @Get(':id/identity')
  identity(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<VictimIdentityResponseDto> {
    return this.victims.identity(actor, id);
  }

  /** Send the `version` you read: a stale one gets 409. Identifiers left out stay as they are. */
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateVictimDto,
  ): Promise<VictimResponseDto> {
    return this.victims.update(actor, id, dto);
  }

  /** Marks this victim as the same person as a victim of another case. */
  @Post(':id/same-person')
  linkSamePerson(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: LinkSamePersonDto,
  ): Promise<VictimResponseDto> {
    return this.victims.linkSamePerson(actor, id, dto.otherVictimId);
  }
}
