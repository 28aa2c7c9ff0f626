import { IntegerQuery } from '../../../common/http/integer-query';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { IsOffsetDateTime } from '../../../common/validation/offset-date-time';
import { NormaliseEmail, Trim } from '../../../common/validation/normalise';
import {
  ReferralConsent,
  ReferralOutcome,
  ReferralPriority,
  ReferralResponseAction,
  ReferralService,
  ReferralStatus,
  SharedField,
} from '../referral.enums';

/** The fields a referral is made of; all may change while it is a draft. */
export class ReferralFieldsDto {
  /** The receiving agency. */
  @IsUUID()
  agencyId!: string;

  @IsEnum(ReferralService)
  service!: ReferralService;

  /** Defaults to the case's priority. */
  @IsOmittable()
  @IsEnum(ReferralPriority)
  priority?: ReferralPriority;

  /** Why the case is referred. */
  @Trim()
  @IsString()
  @Length(1, 5000)
  reason!: string;

  /** What the receiving agency is asked to do. */
  @Trim()
  @IsString()
  @Length(1, 5000)
  request!: string;

  /** The contact person at the receiving agency. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  contactName?: string | null;

  /** Also receives the referral's messages, besides the agency's contact addresses. */
  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 320)
  contactEmail?: string | null;

  /** Victims of the case the referral is about; none means the case as a whole. */
  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(1000)
  victimIds?: string[];

  /** Family members (of those victims) the referral is about. */
  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(1000)
  familyMemberIds?: string[];

  /** Whose consent to share was recorded, or not_obtained. */
  @IsEnum(ReferralConsent)
  consent!: ReferralConsent;

  /** When consent was given; defaults to now when consent is recorded. */
  @IsOptional()
  @IsOffsetDateTime()
  consentRecordedAt?: string | null;

  /** Required to share personal fields without consent (and a supervisor must send it). */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(10, 2000)
  noConsentReason?: string | null;

  /** The personal fields of the named victims and family members the agency needs to know. */
  @ApiPropertyOptional({ enum: SharedField, isArray: true })
  @IsOmittable()
  @IsEnum(SharedField, { each: true })
  @ArrayUnique()
  sharedFields?: SharedField[];

  /**
   * Documents of the case the agency may download through its link (a death certificate for a
   * repatriation, a police report for legal aid); shared like personal fields, under the consent.
   */
  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(100)
  documentIds?: string[];

  /** A due date instead of the policy's (ISO 8601 with offset); needs dueOverrideReason. */
  @IsOptional()
  @IsOffsetDateTime()
  dueAt?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 2000)
  dueOverrideReason?: string | null;
}

export class CreateReferralDto extends ReferralFieldsDto {
  /** Send at once instead of keeping a draft. */
  @IsOptional()
  @IsBoolean()
  send?: boolean;
}

export class UpdateReferralDto {
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @IsOmittable()
  @IsUUID()
  agencyId?: string;

  @IsOmittable()
  @IsEnum(ReferralService)
  service?: ReferralService;

  @IsOmittable()
  @IsEnum(ReferralPriority)
  priority?: ReferralPriority;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 5000)
  reason?: string;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 5000)
  request?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  contactName?: string | null;

  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 320)
  contactEmail?: string | null;

  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(1000)
  victimIds?: string[];

  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(1000)
  familyMemberIds?: string[];

  @IsOmittable()
  @IsEnum(ReferralConsent)
  consent?: ReferralConsent;

  @IsOptional()
  @IsOffsetDateTime()
  consentRecordedAt?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(10, 2000)
  noConsentReason?: string | null;

  @ApiPropertyOptional({ enum: SharedField, isArray: true })
  @IsOmittable()
  @IsEnum(SharedField, { each: true })
  @ArrayUnique()
  sharedFields?: SharedField[];

  @IsOmittable()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(100)
  documentIds?: string[];

  @IsOptional()
  @IsOffsetDateTime()
  dueAt?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 2000)
  dueOverrideReason?: string | null;
}

export class VersionedActionDto {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

export class RenewLinkDto extends VersionedActionDto {
  /**
   * A corrected contact person's address (the link went to the wrong one); the fresh link goes
   * there and to the agency's own addresses.
   */
  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 320)
  contactEmail?: string;
}

export class CancelReferralDto extends VersionedActionDto {
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class ChangeDueDateDto extends VersionedActionDto {
  /** The new due date, ISO 8601 with offset. */
  @IsOffsetDateTime()
  dueAt!: string;

  @Trim()
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

/** An answer from the receiving agency, through the API or its action link. */
export class ReferralResponseDto {
  @IsEnum(ReferralResponseAction)
  action!: ReferralResponseAction;

  /** Required to decline. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason?: string;

  /** What has been done so far (progress), or a note with the acknowledgement. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  note?: string;

  /** Required to complete. */
  @IsOptional()
  @IsEnum(ReferralOutcome)
  outcome?: ReferralOutcome;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  outcomeNotes?: string;
}

export class ListReferralsQueryDto {
  /** `?mine`: the referrals sent to the caller's own agency (for agency liaisons). */
  @IsOptional()
  @Transform(({ obj }: { obj: Record<string, unknown> }) => {
    const raw = obj.mine;
    if (raw === '' || raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return raw;
  })
  @IsBoolean({ message: 'mine must be empty, true or false' })
  mine?: boolean;

  @IsOptional()
  @IsEnum(ReferralStatus)
  status?: ReferralStatus;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
