import { IntegerQuery } from '../../../common/http/integer-query';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { IsCalendarDate } from '../../../common/validation/dates';
import { ReferralPriority, ReferralService, SlaUnit } from '../referral.enums';
import { SlaPolicy } from '../sla-policy.entity';

const PLAIN_UNITS = [SlaUnit.Hours, SlaUnit.Minutes, SlaUnit.Seconds] as const;

export class SlaPolicyDto {
  id!: string;
  service!: ReferralService;
  priority!: ReferralPriority;
  acknowledgeAmount!: number;
  acknowledgeUnit!: SlaUnit;
  completeAmount!: number;
  completeUnit!: SlaUnit;
  remindBeforeDueAmount!: number;
  remindBeforeDueUnit!: SlaUnit;
  overdueEveryAmount!: number;
  overdueEveryUnit!: SlaUnit;
  escalateAfterReminders!: number;
  version!: number;
  updatedBy!: string | null;
  updatedAt!: Date;

  static from(policy: SlaPolicy): SlaPolicyDto {
    return {
      id: policy.id,
      service: policy.service,
      priority: policy.priority,
      acknowledgeAmount: policy.acknowledgeAmount,
      acknowledgeUnit: policy.acknowledgeUnit,
      completeAmount: policy.completeAmount,
      completeUnit: policy.completeUnit,
      remindBeforeDueAmount: policy.remindBeforeDueAmount,
      remindBeforeDueUnit: policy.remindBeforeDueUnit,
      overdueEveryAmount: policy.overdueEveryAmount,
      overdueEveryUnit: policy.overdueEveryUnit,
      escalateAfterReminders: policy.escalateAfterReminders,
      version: policy.version,
      updatedBy: policy.updatedBy,
      updatedAt: policy.updatedAt,
    };
  }
}

export class ListSlaPoliciesQueryDto {
  @IsOptional()
  @IsEnum(ReferralService)
  service?: ReferralService;

  @IsOptional()
  @IsEnum(ReferralPriority)
  priority?: ReferralPriority;
}

/**
 * A policy change applies to referrals sent from then on. Units can be as short as seconds, for
 * urgent services and for rehearsing the reminder chain.
 */
export class UpdateSlaPolicyDto {
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10000)
  acknowledgeAmount?: number;

  @IsOmittable()
  @IsEnum(SlaUnit)
  acknowledgeUnit?: SlaUnit;

  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10000)
  completeAmount?: number;

  @IsOmittable()
  @IsEnum(SlaUnit)
  completeUnit?: SlaUnit;

  /** 0 turns the reminder before the due date off. */
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10000)
  remindBeforeDueAmount?: number;

  @IsOmittable()
  @IsIn(PLAIN_UNITS, { message: 'remindBeforeDueUnit must be one of hours, minutes, seconds' })
  remindBeforeDueUnit?: Exclude<SlaUnit, SlaUnit.WorkingDays>;

  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(10000)
  overdueEveryAmount?: number;

  @IsOmittable()
  @IsEnum(SlaUnit)
  overdueEveryUnit?: SlaUnit;

  /** Unanswered reminders before the escalation contact and the case's supervisor are told. */
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100)
  escalateAfterReminders?: number;
}

export class HolidayDto {
  /** yyyy-mm-dd */
  day!: string;
  name!: string;
}

export class CreateHolidayDto {
  @IsCalendarDate()
  day!: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class ListHolidaysQueryDto {
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
