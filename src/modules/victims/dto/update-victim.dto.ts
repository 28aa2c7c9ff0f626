import { PartialType } from '@nestjs/swagger';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsNik, IsPhoneNumber } from '../../../common/identity/identity-validators';
import { IsPastDate } from '../../../common/validation/dates';
import { COUNTRY_CODE_PATTERN, REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { RemainsStatus } from '../victim.enums';
import { VictimFieldsDto } from './victim-input.dto';

/**
 * Omitted fields stay as they are. `null` clears the death record (a victim wrongly reported
 * dead), a date of birth or estimated age, and the region; other fields refuse it.
 */
export class UpdateVictimDto extends PartialType(VictimFieldsDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @IsOptional()
  @IsPastDate()
  override deathDate?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 300)
  override deathPlace?: string | null;

  @IsOptional()
  @Matches(COUNTRY_CODE_PATTERN, {
    message: 'deathCountry must be an ISO 3166-1 alpha-2 code, e.g. KH',
  })
  override deathCountry?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  override deathCause?: string | null;

  @IsOptional()
  @IsEnum(RemainsStatus)
  override remainsStatus?: RemainsStatus | null;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  override deathCertificateRef?: string | null;

  @IsOptional()
  @IsPastDate()
  override dateOfBirth?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  override estimatedAge?: number | null;

  @IsOptional()
  @Matches(REGION_CODE_PATTERN, {
    message: 'originRegionCode must be a Kemendagri code such as 18.01.06.2027',
  })
  override originRegionCode?: string | null;
}

export class LinkSamePersonDto {
  /** A victim record in another case that is the same person. */
  @IsUUID()
  otherVictimId!: string;
}

/** Exact-match search on encrypted identifiers, through their keyed hashes. */
/** The most victims one identity search returns. */
export const VICTIM_SEARCH_LIMIT = 100;

export class SearchVictimsQueryDto {
  @IsOptional()
  @IsString()
  @IsNik()
  nik?: string;

  @IsOptional()
  @IsString()
  @IsPhoneNumber()
  phone?: string;
}
