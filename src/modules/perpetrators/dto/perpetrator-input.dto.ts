import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsPhoneNumber } from '../../../common/identity/identity-validators';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { PerpetratorRole, PerpetratorStatus, RelationshipToVictim } from '../perpetrator.enums';

export class PerpetratorInputDto {
  /** The name the victim or family knows, even a single name ("Hani"). */
  @Trim()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ enum: PerpetratorRole, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsEnum(PerpetratorRole, { each: true })
  roles?: PerpetratorRole[];

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  placementCompany?: string;

  /** Stored encrypted; searchable by exact number. */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsPhoneNumber({ each: true })
  phones?: string[];

  /** e.g. "facebook:hani.lampung", "tiktok:@kerja_kamboja". */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  socialHandles?: string[];

  @IsOmittable()
  @Matches(REGION_CODE_PATTERN, {
    message: 'homeRegionCode must be a Kemendagri code such as 18.07',
  })
  homeRegionCode?: string;

  @IsOmittable()
  @IsEnum(PerpetratorStatus)
  status?: PerpetratorStatus;
}

/** Links a perpetrator to a case: one already in the register (perpetratorId) or a new one. */
export class CasePerpetratorLinkDto {
  @IsOmittable()
  @IsUUID()
  perpetratorId?: string;

  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => PerpetratorInputDto)
  perpetrator?: PerpetratorInputDto;

  @IsOmittable()
  @IsEnum(RelationshipToVictim)
  relationshipToVictims?: RelationshipToVictim;

  /** What they did in this case, in a sentence. */
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 500)
  roleInCase?: string;
}
