import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsPhoneNumber } from '../../../common/identity/identity-validators';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { PerpetratorRole, PerpetratorStatus } from '../perpetrator.enums';

/** The most records one answer suggests. */
export const SUGGESTIONS_LIMIT = 10;

/**
 * What the caseworker has typed so far about a recruiter, as in the form that adds one (every
 * field may still be missing). In the body, not the address: phones and names stay out of URLs.
 */
export class SuggestPerpetratorsDto {
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  fullName?: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsPhoneNumber({ each: true })
  phones?: string[];

  /** As written anywhere ("tiktok:@kerja_kamboja", "@kerja_kamboja", a profile address). */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  socialHandles?: string[];

  /** The recruiter's home region: names are compared within its regency only. */
  @IsOmittable()
  @Matches(REGION_CODE_PATTERN, {
    message: 'homeRegionCode must be a Kemendagri code such as 18.07',
  })
  homeRegionCode?: string;
}

/** What a suggestion has in common with what was typed. */
export enum SuggestionMatch {
  Phone = 'phone',
  SocialHandle = 'social_handle',
  Name = 'name',
}

/** A register record the caller may see and link instead of recording the recruiter again. */
export class PerpetratorSuggestionDto {
  id!: string;
  fullName!: string;
  aliases!: string[];
  roles!: PerpetratorRole[];
  status!: PerpetratorStatus;
  homeRegionCode!: string | null;
  recordedByAgencyId!: string;
  matchedOn!: SuggestionMatch[];
  /** How close the names are (0 to 1), when the name was compared; null otherwise. */
  nameScore!: number | null;
}

/**
 * A record the caller may not see that carries a phone or handle just typed: only who recorded
 * it, so that the two agencies can talk (and a supervisor or admin merge the records later).
 */
export class PerpetratorKnownElsewhereDto {
  recordedByAgencyId!: string;
  recordedByAgencyName!: string;
  matchedOn!: SuggestionMatch[];
}

export class PerpetratorSuggestionsDto {
  /** Records to link instead, best first: a shared phone or handle, then the closest name. */
  records!: PerpetratorSuggestionDto[];
  knownElsewhere!: PerpetratorKnownElsewhereDto[];
  /**
   * What was compared: a name only with a home region (within its regency), phones only for roles
   * that may search by identity.
   */
  compared!: SuggestionMatch[];
}
