import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { BooleanQuery } from '../../../common/http/boolean-query';
import { IntegerQuery } from '../../../common/http/integer-query';
import { ListQuery } from '../../../common/http/list-query';
import {
  ReferralPriority,
  ReferralResponseAction,
  ReferralService,
  ReferralStatus,
  SharedField,
} from '../referral.enums';
import { AgencyRefDto } from './referral-output.dto';

/** The orders of the incoming list; each is an index scan (migration IncomingReferrals). */
export enum IncomingReferralSort {
  /** The earliest deadline still owed first (acknowledgement, then completion); closed ones last. */
  NextDue = 'nextDue',
  /** The most recently received first. */
  Newest = 'newest',
}

export enum IncomingReferralAssignment {
  Assigned = 'assigned',
  Unassigned = 'unassigned',
  /** Assigned to the caller. */
  Mine = 'mine',
}

/** What a receiving agency can have received: everything but a draft. */
export const RECEIVED_STATUSES = Object.values(ReferralStatus).filter(
  (status) => status !== ReferralStatus.Draft,
);

/** Filters, order and page of `GET /api/v1/referrals/incoming`. Lists take `a,b` or repeats. */
export class ListIncomingReferralsQueryDto {
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(6)
  @IsIn(RECEIVED_STATUSES, { each: true })
  @ApiPropertyOptional({ enum: RECEIVED_STATUSES, isArray: true })
  status?: ReferralStatus[];

  @IsOptional()
  @IsEnum(IncomingReferralAssignment)
  assignment?: IncomingReferralAssignment;

  /** true: past the acknowledgement or completion deadline still owed; false: not. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;

  @IsOptional()
  @IsIn(Object.values(IncomingReferralSort))
  sort: IncomingReferralSort = IncomingReferralSort.NextDue;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** The `nextCursor` of the previous page, asked with the same filters and order. */
  @IsOptional()
  @IsString()
  @Length(1, 300)
  cursor?: string;
}

export class AssignReferralDto {
  /**
   * An active caseworker or supervisor of the receiving agency; null takes the referral off its
   * assignee.
   */
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  @ValidateIf((_dto, value) => value !== null)
  @IsUUID('all', { message: 'assigneeId must be a user id, or null to unassign' })
  assigneeId!: string | null;

  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

export class StaffRefDto {
  id!: string;
  fullName!: string;
}

/**
 * A row of the receiving agency's incoming list: what the referral shares about itself, never a
 * person (the shared view names them, read one referral at a time and audited) nor anything
 * else of the case.
 */
export class IncomingReferralRowDto {
  id!: string;
  /** For the versioned actions (assignment). */
  version!: number;
  caseNumber!: string;
  referringAgency!: AgencyRefDto;
  @ApiProperty({ enum: ReferralService })
  service!: ReferralService;
  @ApiProperty({ enum: ReferralPriority })
  priority!: ReferralPriority;
  @ApiProperty({ enum: ReferralStatus })
  status!: ReferralStatus;
  reason!: string;
  request!: string;
  /** Which personal fields the referral shares (their values are in the shared view). */
  @ApiProperty({ enum: SharedField, isArray: true })
  sharedFields!: SharedField[];
  timeZone!: string;
  sentAt!: Date;
  acknowledgeDueAt!: Date | null;
  dueAt!: Date | null;
  /** The deadline still owed: acknowledgement while it waits for it, then completion. */
  nextDueAt!: Date | null;
  overdue!: boolean;
  acknowledgedAt!: Date | null;
  completedAt!: Date | null;
  declinedAt!: Date | null;
  cancelledAt!: Date | null;
  @ApiProperty({ type: StaffRefDto, nullable: true })
  assignee!: StaffRefDto | null;
  @ApiProperty({ enum: ReferralResponseAction, isArray: true })
  allowedResponses!: ReferralResponseAction[];
}
