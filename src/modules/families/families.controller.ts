import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { FamilyMemberInputDto } from './dto/family-member-input.dto';
import { FamilyMemberResponseDto } from './dto/family-member-response.dto';
import { FamilyContactResponseDto, UpdateFamilyMemberDto } from './dto/update-family-member.dto';
import { FamiliesService } from './families.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';

@ApiTags('families')
@ApiBearerAuth()
@Controller()
export class FamiliesController {
  constructor(private readonly families: FamiliesService) {}

  @ApiRoute('listFamilyMembers', { list: FamilyMemberResponseDto })
  @Get('victims/:id/family-members')
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<FamilyMemberResponseDto>> {
    return this.families.list(actor, id).then(wholeList);
  }

  /** Adds a relative. Naming a new primary contact moves the role from the previous one. */
  @ApiRoute('addFamilyMember', { errors: [403, 409] })
  @Post('victims/:id/family-members')
  add(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: FamilyMemberInputDto,
  ): Promise<FamilyMemberResponseDto> {
    return this.families.add(actor, id, dto);
  }

  /** Send the `version` you read: a stale one gets 409. */
  @ApiRoute('updateFamilyMember', { errors: [403, 409] })
  @Patch('family-members/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateFamilyMemberDto,
  ): Promise<FamilyMemberResponseDto> {
    return this.families.update(actor, id, dto);
  }

  /** Phone and street address, for the case's own staff; every read is audited. */
  @ApiRoute('getFamilyMemberContact', { errors: [403] })
  @Get('family-members/:id/contact')
  contact(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<FamilyContactResponseDto> {
    return this.families.contact(actor, id);
  }
}
