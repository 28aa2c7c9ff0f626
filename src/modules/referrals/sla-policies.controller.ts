import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import {
  CreateHolidayDto,
  HolidayDto,
  ListHolidaysQueryDto,
  ListSlaPoliciesQueryDto,
  SlaPolicyDto,
  UpdateSlaPolicyDto,
} from './dto/sla-policy.dto';
import { SlaPoliciesService } from './sla-policies.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';

/** Service-level policies and national holidays: everyone signed in reads, admins change. */
@ApiTags('sla policies')
@ApiBearerAuth()
@Controller()
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  /** One policy per service and priority. */
  @ApiRoute('listSlaPolicies', { list: SlaPolicyDto })
  @Get('sla-policies')
  list(@Query() query: ListSlaPoliciesQueryDto): Promise<ListPage<SlaPolicyDto>> {
    return this.policies.list(query).then(wholeList);
  }

  /** Applies to referrals sent from now on. */
  @ApiRoute('updateSlaPolicy', { errors: [403, 409] })
  @Patch('sla-policies/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateSlaPolicyDto,
  ): Promise<SlaPolicyDto> {
    return this.policies.update(actor, id, dto);
  }

  /** Days that are not working days for any deadline (besides Saturdays and Sundays). */
  @ApiRoute('listHolidays', { list: HolidayDto })
  @Get('holidays')
  holidays(@Query() query: ListHolidaysQueryDto): Promise<ListPage<HolidayDto>> {
    return this.policies.holidays(query.year).then(wholeList);
  }

  @ApiRoute('addHoliday', { errors: [403, 409] })
  @Post('holidays')
  addHoliday(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateHolidayDto,
  ): Promise<HolidayDto> {
    return this.policies.addHoliday(actor, dto);
  }

  @ApiRoute('removeHoliday', { errors: [403] })
  @Delete('holidays/:day')
  @HttpCode(204)
  removeHoliday(@CurrentUser() actor: AuthenticatedUser, @Param('day') day: string): Promise<void> {
    return this.policies.removeHoliday(actor, day);
  }
}
