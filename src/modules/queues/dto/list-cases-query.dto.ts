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
  Matches,
  Max,
  Min,
} from 'class-validator';
import { BooleanQuery } from '../../../common/http/boolean-query';
import { IntegerQuery } from '../../../common/http/integer-query';
import { ListQuery } from '../../../common/http/list-query';
import { IsCalendarDate } from '../../../common/validation/dates';
import { Trim } from '../../../common/validation/normalise';
import { REGION_CODE_PATTERN } from '../../regions/region-codes';
import { CasePriority, CaseStatus, ExploitationType, IncidentType } from '../../cases/case.enums';

/** The orders of a case queue; each is served by an index (migration CaseQueues). */
export enum CaseQueueSort {
  /** Most urgent first, then the oldest: the order a queue is worked in. */
  Priority = 'priority',
  /** Most recently changed by a person first. */
  LastActivity = 'lastActivity',
  /** Newest first. */
  Created = 'created',
  /** Latest incident first; cases without an incident date last. */
  IncidentDate = 'incidentDate',
  /** Earliest referral deadline first; cases with no open referral last. */
  NextDue = 'nextDue',
}

export enum CaseAssignment {
  Assigned = 'assigned',
  Unassigned = 'unassigned',
  /** Assigned to the caller. */
  Mine = 'mine',
}

const LIST = { each: true } as const;

/** Filters, order and page of `GET /api/v1/cases`. Lists take `a,b` or the parameter repeated. */
export class ListCasesQueryDto {
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEnum(CaseStatus, LIST)
  status?: CaseStatus[];

  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(4)
  @IsEnum(CasePriority, LIST)
  priority?: CasePriority[];

  @IsOptional()
  @IsEnum(CaseAssignment)
  assignment?: CaseAssignment;

  @IsOptional()
  @IsUUID()
  assignedCaseworkerId?: string;

  /** Admins: one agency's cases. Staff see their own agency's only, whatever this says. */
  @IsOptional()
  @IsUUID()
  owningAgencyId?: string;

  /** A Kemendagri code at any level: a province's code finds the cases of all its villages. */
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, {
    message: 'originRegion must be a Kemendagri region code, e.g. 18 or 18.01.04.2001',
  })
  originRegion?: string;

  /** ISO 3166-1 alpha-2. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'exploitationCountry must be a two-letter country code' })
  exploitationCountry?: string;

  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEnum(IncidentType, LIST)
  incidentType?: IncidentType[];

  /** Cases with any of these. */
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEnum(ExploitationType, LIST)
  exploitationType?: ExploitationType[];

  /** true: cases with a referral past its deadline; false: cases with none. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;

  /** Cases no person has changed for this many days. */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(3650)
  inactiveDays?: number;

  /** Recorded on or after this day (Asia/Jakarta). */
  @IsOptional()
  @IsCalendarDate()
  createdFrom?: string;

  /** Recorded on or before this day (Asia/Jakarta). */
  @IsOptional()
  @IsCalendarDate()
  createdTo?: string;

  @IsOptional()
  @IsCalendarDate()
  incidentFrom?: string;

  @IsOptional()
  @IsCalendarDate()
  incidentTo?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 50)
  tag?: string;

  /** A case number, or words of the title. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  q?: string;

  @IsOptional()
  @IsIn(Object.values(CaseQueueSort))
  sort: CaseQueueSort = CaseQueueSort.Priority;

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
