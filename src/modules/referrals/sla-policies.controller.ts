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

/** Service-level policies and national holidays: everyone signed in reads, admins change. */
@ApiTags('sla policies')
@ApiBearerAuth()
@Controller()
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  /** One policy per service and priority. */
  @Get('sla-policies')
  list(@Query() query: ListSlaPoliciesQueryDto): Promise<SlaPolicyDto[]> {
    return this.policies.list(query);
  }

  /** Applies to referrals sent from now on. */
  @Patch('sla-policies/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateSlaPolicyDto,
  ): Promise<SlaPolicyDto> {
    return this.policies.update(actor, id, dto);
  }

  /** Days that are not working days for any deadline (besides Saturdays and Sundays). */
  @Get('holidays')
  holidays(@Query() query: ListHolidaysQueryDto): Promise<HolidayDto[]> {
    return this.policies.holidays(query.year);
  }

  @Post('holidays')
  addHoliday(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateHolidayDto,
  ): Promise<HolidayDto> {
    return this.policies.addHoliday(actor, dto);
  }

  @Delete('holidays/:day')
  @HttpCode(204)
  removeHoliday(@CurrentUser() actor: AuthenticatedUser, @Param('day') day: string): Promise<void> {
    return this.policies.removeHoliday(actor, day);
  }
}
