import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNik, IsPhoneNumber } from '../../../common/identity/identity-validators';
import { IsPastDate } from '../../../common/validation/dates';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { COUNTRY_CODE_PATTERN, REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { FamilyMemberInputDto } from '../../families/dto/family-member-input.dto';
import {
  CurrentSituation,
  Gender,
  MigrationChannel,
  RemainsStatus,
  TraffickingStatus,
  TraffickingStatusDecidedBy,
} from '../victim.enums';

const COUNTRY_MESSAGE = {
  message: '$property must be an ISO 3166-1 alpha-2 code in capitals, e.g. KH',
};

/** The fields of a victim that can be set and changed. */
export class VictimFieldsDto {
  @Trim()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  otherNames?: string[];

  @IsOmittable()
  @IsEnum(Gender)
  gender?: Gender;

  @IsOmittable()
  @IsPastDate()
  dateOfBirth?: string | null;

  /** Age when recruited, when the birth date is not known. */
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(120)
  estimatedAge?: number | null;

  @IsOmittable()
  @IsPastDate()
  recruitmentDate?: string;

  @IsOmittable()
  @Matches(COUNTRY_CODE_PATTERN, COUNTRY_MESSAGE)
  citizenship?: string;

  /** 16-digit NIK. Stored encrypted; shown masked except through the audited identity view. */
  @IsOmittable()
  @IsString()
  @IsNik()
  nik?: string;

  /** Stored encrypted; shown masked except through the audited identity view. */
  @IsOmittable()
  @Matches(/^[A-Z0-9]{6,20}$/, {
    message: 'passportNumber must be 6-20 capital letters and digits',
  })
  passportNumber?: string;

  /** Stored encrypted, in E.164; Indonesian numbers may be written 0812... */
  @IsOmittable()
  @IsString()
  @IsPhoneNumber()
  phone?: string;

  /** Street, hamlet (dusun), RT/RW of the home address: stored encrypted. */
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 300)
  originStreet?: string;

  /** Kemendagri code of the home village (or the most precise level known). */
  @IsOmittable()
  @Matches(REGION_CODE_PATTERN, {
    message: 'originRegionCode must be a Kemendagri code such as 18.01.06.2027',
  })
  originRegionCode?: string | null;

  @IsOmittable()
  @IsEnum(MigrationChannel)
  migrationChannel?: MigrationChannel;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  placementCompany?: string;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  occupationAbroad?: string;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  employerAbroad?: string;

  @IsEnum(CurrentSituation)
  currentSituation!: CurrentSituation;

  /** Only for a deceased victim. */
  @IsOmittable()
  @IsPastDate()
  deathDate?: string | null;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 300)
  deathPlace?: string | null;

  @IsOmittable()
  @Matches(COUNTRY_CODE_PATTERN, COUNTRY_MESSAGE)
  deathCountry?: string | null;

  /** As reported (by the embassy, the family, the employer), not a finding. */
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 1000)
  deathCause?: string | null;

  @IsOmittable()
  @IsEnum(RemainsStatus)
  remainsStatus?: RemainsStatus | null;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  deathCertificateRef?: string | null;

  @IsOmittable()
  @IsEnum(TraffickingStatus)
  traffickingStatus?: TraffickingStatus;

  @IsOmittable()
  @IsEnum(TraffickingStatusDecidedBy)
  traffickingStatusDecidedBy?: TraffickingStatusDecidedBy;
}

export class VictimInputDto extends VictimFieldsDto {
  @ApiPropertyOptional({ type: [FamilyMemberInputDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FamilyMemberInputDto)
  familyMembers?: FamilyMemberInputDto[];
}
