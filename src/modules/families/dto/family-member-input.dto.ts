import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsPhoneNumber } from '../../../common/identity/identity-validators';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { FamilyNeed, FamilyRelation } from '../family.enums';

export class FamilyMemberInputDto {
  @Trim()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @IsEnum(FamilyRelation)
  relation!: FamilyRelation;

  /** False for a deceased relative (the Ahmad Jayani case: his father Mulhat). */
  @IsOmittable()
  @IsBoolean()
  alive?: boolean;

  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(120)
  age?: number;

  /** Stored encrypted, in E.164. */
  @IsOmittable()
  @IsString()
  @IsPhoneNumber()
  phone?: string;

  /** Street, hamlet (dusun), RT/RW: stored encrypted. */
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 300)
  street?: string;

  @IsOmittable()
  @Matches(REGION_CODE_PATTERN, {
    message: 'regionCode must be a Kemendagri code such as 18.01.06.2027',
  })
  regionCode?: string;

  /** The family's one point of contact for this victim; must be alive. */
  @IsOmittable()
  @IsBoolean()
  primaryContact?: boolean;

  /** Whether they agreed to be contacted; when it was recorded and by whom is kept with it. */
  @IsOmittable()
  @IsBoolean()
  consentToContact?: boolean;

  /** ISO 639 language code: id (Indonesian), jv (Javanese), su (Sundanese), ljp (Lampung)... */
  @IsOmittable()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code such as id, jv or ljp' })
  language?: string;

  @ApiPropertyOptional({ enum: FamilyNeed, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(FamilyNeed, { each: true })
  needs?: FamilyNeed[];
}
